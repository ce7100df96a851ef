package project

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// skipDirs are directory names never searched: version control, caches,
// virtual environments, installed packages and build output.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true,
	"node_modules": true, "bower_components": true,
	"venv": true, ".venv": true, "env": true, "virtualenv": true,
	"site-packages": true, "__pycache__": true,
	".tox": true, ".nox": true, ".mypy_cache": true, ".pytest_cache": true, ".ruff_cache": true,
	"build": true, "dist": true, ".eggs": true,
}

// Walk limits: how deep below the search root files are looked for, and how
// many directory entries are looked at in all.
const (
	maxManageDepth = 3
	maxFileDepth   = 6
	maxEntries     = 100000
)

// entry is one file found by the walk.
type entry struct {
	// rel is the slash-separated path below the search root.
	rel string
	// depth is the number of directories between the root and the file.
	depth int
}

// walker lists the files below a root. It follows symbolic links to
// directories that stay inside the root, each real directory once, so
// link loops end.
type walker struct {
	root     string
	realRoot string
	seen     map[string]bool
	count    int
	files    []entry
	// links are symbolic links to directories, walked after every real
	// directory so that a directory is listed under its own path when the
	// tree has it.
	links []link
	// truncated is set when maxEntries was reached.
	truncated bool
}

// link is a symbolic link to a directory found by the walk.
type link struct {
	path, rel string
	depth     int
}

func walkTree(root string) (*walker, error) {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	w := &walker{root: root, realRoot: real, seen: map[string]bool{real: true}}
	w.dir(root, "", 0)
	for len(w.links) > 0 {
		l := w.links[0]
		w.links = w.links[1:]
		w.enter(l.path, l.rel, l.depth)
	}
	return w, nil
}

func (w *walker) dir(path, rel string, depth int) {
	ents, err := os.ReadDir(path)
	if err != nil {
		return
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	// A directory holding pyvenv.cfg is a virtual environment, whatever
	// its name.
	if depth > 0 {
		for _, e := range ents {
			if e.Name() == "pyvenv.cfg" {
				return
			}
		}
	}
	for _, e := range ents {
		if w.count >= maxEntries {
			w.truncated = true
			return
		}
		w.count++
		name := e.Name()
		childPath := filepath.Join(path, name)
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		switch {
		case e.Type()&os.ModeSymlink != 0:
			fi, err := os.Stat(childPath)
			switch {
			case err != nil:
				// A dangling link or a loop of links.
			case fi.IsDir():
				if !skipDir(name) {
					w.links = append(w.links, link{childPath, childRel, depth + 1})
				}
			case fi.Mode().IsRegular():
				w.files = append(w.files, entry{rel: childRel, depth: depth})
			}
		case e.IsDir():
			if !skipDir(name) {
				w.enter(childPath, childRel, depth+1)
			}
		case e.Type().IsRegular():
			w.files = append(w.files, entry{rel: childRel, depth: depth})
		}
	}
}

// enter walks a directory at the given depth unless it is too deep, outside
// the root, or already walked under another path.
func (w *walker) enter(path, rel string, depth int) {
	if depth > maxFileDepth {
		return
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil || w.seen[real] || !within(w.realRoot, real) {
		return
	}
	w.seen[real] = true
	w.dir(path, rel, depth)
}

func skipDir(name string) bool {
	return skipDirs[name] || strings.HasSuffix(name, ".egg-info")
}

// within reports whether path is dir or below it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
