package checks

// djangoVersionChecklist returns deploycheck's own checks of this checklist topic.
func djangoVersionChecklist() []*Check {
	return nil
}
