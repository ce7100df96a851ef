package pyeval

import (
	"os"
	"path/filepath"
	"strings"
)

// DirResolver resolves dotted module names against source directories, the
// way Python's path-based import finds `pkg/mod.py` or `pkg/mod/__init__.py`.
type DirResolver struct {
	Roots []string
}

// ModuleFile implements Resolver.
func (r DirResolver) ModuleFile(dotted string) (string, bool, bool) {
	if dotted == "" || strings.Contains(dotted, "..") {
		return "", false, false
	}
	rel := filepath.FromSlash(strings.ReplaceAll(dotted, ".", "/"))
	for _, root := range r.Roots {
		base := filepath.Join(root, rel)
		if st, err := os.Stat(filepath.Join(base, "__init__.py")); err == nil && st.Mode().IsRegular() {
			return filepath.Join(base, "__init__.py"), true, true
		}
		if st, err := os.Stat(base + ".py"); err == nil && st.Mode().IsRegular() {
			return base + ".py", false, true
		}
	}
	return "", false, false
}
