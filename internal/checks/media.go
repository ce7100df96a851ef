package checks

// mediaChecklist returns deploycheck's own checks of this checklist topic.
func mediaChecklist() []*Check {
	return nil
}
