package checks

// errorPagesChecklist returns deploycheck's own checks of this checklist topic.
func errorPagesChecklist() []*Check {
	return nil
}
