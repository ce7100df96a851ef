package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

const fileSystemFinder = "django.contrib.staticfiles.finders.FileSystemFinder"

const staticAppNote = ` It runs only when django.contrib.staticfiles is
installed, and with plain "manage.py check" too.`

func staticChecks() []*Check {
	return []*Check{
		{
			ID: "staticfiles.E001", Topic: finding.TopicStaticFiles, Severity: finding.Error,
			Django: true,
			Doc: `STATICFILES_DIRS is not a list or tuple.

A single string (a missing trailing comma in a one-element tuple is the
usual cause) is read character by character.` + staticAppNote + `

Fix: make STATICFILES_DIRS a list.`,
			Run: func(p *Pass) {
				v, ok := p.staticDirs()
				if !ok || v.Kind() == pyvalue.KindList || v.Kind() == pyvalue.KindTuple {
					return
				}
				if _, iterable := iterElems(v); !iterable {
					return // Django crashes before the check on a non-iterable
				}
				p.Report(finding.Finding{
					Setting: "STATICFILES_DIRS",
					Message: "STATICFILES_DIRS is " + v.TypeName() + ", not a list or tuple.",
					Hint:    "Write STATICFILES_DIRS as a list (a one-element tuple needs a trailing comma).",
				})
			},
		},
		{
			ID: "staticfiles.E002", Topic: finding.TopicStaticFiles, Severity: finding.Error,
			Django: true,
			Doc: `STATICFILES_DIRS contains STATIC_ROOT.

collectstatic copies the files of every STATICFILES_DIRS entry into
STATIC_ROOT, so the two must differ. Paths are compared after making them
absolute, without resolving symlinks.` + staticAppNote + `

Fix: use a separate directory for STATIC_ROOT (collectstatic's output).`,
			Run: runStaticDirs("staticfiles.E002"),
		},
		{
			ID: "staticfiles.E003", Topic: finding.TopicStaticFiles, Severity: finding.Error,
			Django: true,
			Doc: `A STATICFILES_DIRS prefix ends with a slash.

In a (prefix, path) entry the prefix is joined to file names with a slash
already, so a trailing slash breaks the URLs.` + staticAppNote + `

Fix: drop the trailing slash from the prefix.`,
			Run: runStaticDirs("staticfiles.E003"),
		},
		{
			ID: "staticfiles.W004", Topic: finding.TopicStaticFiles, Severity: finding.Warning,
			Django: true,
			Doc: `A STATICFILES_DIRS directory does not exist (Django 4.0+).

Django looks the directory up on disk. deploycheck can only look inside the
project tree (relative paths are taken from the project root); a directory
elsewhere is left undecided.` + staticAppNote + `

Fix: create the directory or remove the entry.`,
			Run: runStaticDirs("staticfiles.W004"),
		},
		{
			ID: "staticfiles.E005", Topic: finding.TopicStaticFiles, Severity: finding.Error,
			Django: true,
			Doc: `STORAGES has no 'staticfiles' entry (Django 5.0+).

Setting STORAGES replaces Django's default entirely, so a project that only
configures 'default' loses the static files storage that collectstatic and
the {% static %} tag use.` + staticAppNote + `

Fix: add a 'staticfiles' entry, e.g. {"BACKEND":
"django.contrib.staticfiles.storage.StaticFilesStorage"}.`,
			Run: func(p *Pass) {
				v := p.version()
				if !v.AtLeast(5, 0) || p.appInstalled(appStaticFiles) != yes {
					return
				}
				if !v.AtLeast(5, 1) && p.Settings.IsOverridden("STATICFILES_STORAGE") {
					return // 5.0 copies STATICFILES_STORAGE into STORAGES
				}
				if contains(p.Setting("STORAGES"), "staticfiles") != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "STORAGES",
					Message: "STORAGES has no 'staticfiles' entry, so collectstatic and {% static %} have no storage.",
					Hint:    "Add 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'} to STORAGES.",
				})
			},
		},
	}
}

// staticDirs returns STATICFILES_DIRS when the staticfiles app and its
// FileSystemFinder are certainly in use.
func (p *Pass) staticDirs() (pyvalue.Value, bool) {
	if p.appInstalled(appStaticFiles) != yes {
		return pyvalue.Value{}, false
	}
	if p.containsSubclass(p.Setting("STATICFILES_FINDERS"), fileSystemFinder) != yes {
		return pyvalue.Value{}, false
	}
	v := p.Setting("STATICFILES_DIRS")
	if v.IsUnknown() {
		return v, false
	}
	return v, true
}

// runStaticDirs runs the per-entry STATICFILES_DIRS checks of Django's
// FileSystemFinder, reporting only the given id.
func runStaticDirs(id string) func(*Pass) {
	return func(p *Pass) {
		if id == "staticfiles.W004" && !p.version().AtLeast(4, 0) {
			return
		}
		v, ok := p.staticDirs()
		if !ok {
			return
		}
		entries, ok := v.Elems()
		if !ok {
			return
		}
		for _, e := range entries {
			prefix := ""
			hasPrefix := false
			if pair, ok := e.Elems(); ok {
				if len(pair) != 2 {
					return // unpacking fails: Django crashes
				}
				s, ok := pair[0].AsStr()
				if !ok {
					return
				}
				prefix, hasPrefix, e = s, true, pair[1]
			}
			dir, ok := pathText(e)
			if !ok {
				return
			}
			switch id {
			case "staticfiles.E003":
				if hasPrefix && strings.HasSuffix(prefix, "/") {
					p.Report(finding.Finding{
						Setting: "STATICFILES_DIRS",
						Message: fmt.Sprintf("The STATICFILES_DIRS prefix %s ends with a slash.", quote(prefix)),
						Hint:    "Remove the trailing slash from the prefix.",
					})
				}
			case "staticfiles.E002":
				if p.sameAsStaticRoot(dir) == yes {
					p.Report(finding.Finding{
						Setting: "STATICFILES_DIRS",
						Message: fmt.Sprintf("STATICFILES_DIRS lists %s, which is STATIC_ROOT itself.", quote(dir)),
						Hint:    "Keep STATIC_ROOT (collectstatic's output) separate from the source directories.",
					})
				}
			case "staticfiles.W004":
				if p.dirExists(dir) == no {
					p.Report(finding.Finding{
						Setting: "STATICFILES_DIRS",
						Message: fmt.Sprintf("The STATICFILES_DIRS directory %s does not exist.", quote(dir)),
						Hint:    "Create the directory or remove it from STATICFILES_DIRS.",
					})
				}
			}
		}
	}
}

// sameAsStaticRoot is os.path.abspath(STATIC_ROOT) == os.path.abspath(dir)
// when STATIC_ROOT is truthy.
func (p *Pass) sameAsStaticRoot(dir string) tri {
	root := p.Setting("STATIC_ROOT")
	t := truthy(root)
	if t != yes {
		return t
	}
	text, ok := pathText(root)
	if !ok {
		return unknown
	}
	if strings.HasPrefix(text, "/") != strings.HasPrefix(dir, "/") {
		return unknown // the working directory decides
	}
	return triOf(path.Clean(text) == path.Clean(dir), true)
}

// dirExists tells whether a directory named in the settings exists, as far
// as the project tree shows (relative paths taken from the project root).
func (p *Pass) dirExists(dir string) tri {
	if p.FS == nil || dir == "" {
		return unknown
	}
	abs := dir
	if !strings.HasPrefix(abs, "/") {
		abs = path.Join(p.rootDir(), dir)
	}
	abs = p.followLinks(path.Clean(abs))
	rel, inside := within(p.rootDir(), abs)
	if !inside {
		return unknown
	}
	st, err := fs.Stat(p.FS, rel)
	if errors.Is(err, fs.ErrNotExist) {
		return no
	}
	if err != nil {
		return unknown
	}
	return triOf(st.IsDir(), true)
}

// staticChecklist returns deploycheck's own checks of this checklist topic.
func staticChecklist() []*Check {
	return nil
}
