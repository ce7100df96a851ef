package checks

// All returns every check deploycheck runs over the settings: Django's own
// system checks first, then deploycheck's checklist checks.
func All() []*Check {
	return append(DjangoChecks(), ChecklistChecks()...)
}

// ChecklistChecks returns deploycheck's own checks, which cover the
// deployment checklist beyond Django's check --deploy.
func ChecklistChecks() []*Check {
	var out []*Check
	for _, topic := range []func() []*Check{
		secretKeyChecklist, debugChecklist, hostsChecklist, httpsChecklist, cookiesChecklist,
		cachesChecklist, databasesChecklist, emailChecklist, staticChecklist, mediaChecklist,
		templatesChecklist, loggingChecklist, adminsChecklist, errorPagesChecklist,
		hashSeedChecklist, webServerChecklist, djangoVersionChecklist, processChecklist,
	} {
		out = append(out, topic()...)
	}
	return out
}
