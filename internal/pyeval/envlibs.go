package pyeval

// envLibraryModel returns the models of django-environ, python-decouple and
// dj-database-url, or nil for other modules.
func (in *Interp) envLibraryModel(name string) attrs {
	return nil
}
