package checks

// All returns every check deploycheck runs over the settings: Django's own
// system checks first, then deploycheck's checklist checks.
func All() []*Check {
	return DjangoChecks()
}
