package checks

// databasesChecklist returns deploycheck's own checks of this checklist topic.
func databasesChecklist() []*Check {
	return nil
}
