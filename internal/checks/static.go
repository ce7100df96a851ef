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
				if p.dirExists(dir) == no && !p.cacheCreates(dir) {
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

// Static files storages deploycheck knows: those that collect into
// STATIC_ROOT, and among them those that do not version file names.
var (
	diskStaticStorages = map[string]bool{
		"django.contrib.staticfiles.storage.StaticFilesStorage":         true,
		"django.contrib.staticfiles.storage.ManifestStaticFilesStorage": true,
		"whitenoise.storage.CompressedStaticFilesStorage":               true,
		"whitenoise.storage.CompressedManifestStaticFilesStorage":       true,
	}
	plainStaticStorages = map[string]bool{
		"django.contrib.staticfiles.storage.StaticFilesStorage": true,
		"whitenoise.storage.CompressedStaticFilesStorage":       true,
	}
)

// staticChecklist returns deploycheck's own checks of this checklist topic.
func staticChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.static_files.no-static-root", Topic: finding.TopicStaticFiles, Severity: finding.Warning,
			Doc: `STATIC_ROOT is not set although static files are collected to disk.

With django.contrib.staticfiles installed and a storage that writes to
the local disk (Django's StaticFilesStorage or ManifestStaticFilesStorage,
WhiteNoise's storages), "manage.py collectstatic" needs STATIC_ROOT and
stops with ImproperlyConfigured without it: nothing is collected, and the
web server or WhiteNoise has no directory to serve. Storages that upload
elsewhere (S3, Google Cloud, Azure...) do not need it and are not
reported.

Fix: set STATIC_ROOT to an absolute directory outside the source code,
such as BASE_DIR / "staticfiles", run collectstatic at each deployment and
serve that directory at STATIC_URL.`,
			Run: runStaticNoRoot,
		},
		{
			ID: "dc.static_files.root-in-dirs", Topic: finding.TopicStaticFiles, Severity: finding.Warning,
			Doc: `STATIC_ROOT and a STATICFILES_DIRS directory are nested.

collectstatic copies every STATICFILES_DIRS directory into STATIC_ROOT.
When STATIC_ROOT lies inside one of them, each run finds its own earlier
output among the sources and copies it again, one level deeper; when a
source directory lies inside STATIC_ROOT, "collectstatic --clear" deletes
the sources. (The two being the same directory is Django's
staticfiles.E002.)

Fix: keep STATIC_ROOT apart from the source directories, for example
BASE_DIR / "staticfiles" next to the project's "static" sources.`,
			Run: runStaticRootInDirs,
		},
		{
			ID: "dc.static_files.root-is-code", Topic: finding.TopicStaticFiles, Severity: finding.Error,
			Doc: `STATIC_ROOT is the project's code directory.

STATIC_ROOT is the directory the web server publishes at STATIC_URL. When
it is the project directory (BASE_DIR, where manage.py is), a directory
containing it, or a directory of Python modules, the web server publishes
the source code, settings and secrets included, and collectstatic writes
its output among the code.

Fix: point STATIC_ROOT at a directory used for nothing else, such as
BASE_DIR / "staticfiles".`,
			Run: runStaticRootIsCode,
		},
		{
			ID: "dc.static_files.no-manifest", Topic: finding.TopicStaticFiles, Severity: finding.Info,
			Doc: `Static files are stored without hashed names.

The static files storage is the plain StaticFilesStorage (Django's
default) or WhiteNoise's CompressedStaticFilesStorage, so a file keeps its
URL when its content changes: browsers and CDNs go on using the old CSS
and JavaScript after a deployment, unless the files are served with short
cache lifetimes. ManifestStaticFilesStorage and WhiteNoise's
CompressedManifestStaticFilesStorage add a content hash to each name, so
the files can be cached for ever and a new version gets a new URL. Before
Django 4.2 the setting is STATICFILES_STORAGE, from 4.2
STORAGES['staticfiles'] (STATICFILES_STORAGE still wins until 5.1 when it
is set).

Fix: use 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'
or 'whitenoise.storage.CompressedManifestStaticFilesStorage' in
production.`,
			Run: runStaticNoManifest,
		},
	}
}

// staticStorage returns the static files storage class and the setting
// that chooses it, as Django resolves them for the version.
func (p *Pass) staticStorage() (backend string, setting string, v pyvalue.Value, ok bool) {
	ver := p.version()
	if !ver.AtLeast(4, 2) || !ver.AtLeast(5, 1) && p.Settings.IsOverridden("STATICFILES_STORAGE") {
		v = p.Setting("STATICFILES_STORAGE")
		backend, ok = v.AsStr()
		return backend, "STATICFILES_STORAGE", v, ok
	}
	entry, found := dictGet(p.Setting("STORAGES"), "staticfiles")
	if found != yes {
		return "", "STORAGES", v, false
	}
	v, found = dictGet(entry, "BACKEND")
	if found != yes {
		return "", "STORAGES", v, false
	}
	backend, ok = v.AsStr()
	return backend, "STORAGES", v, ok
}

func runStaticNoRoot(p *Pass) {
	if p.appInstalled(appStaticFiles) != yes {
		return
	}
	root := p.Setting("STATIC_ROOT")
	if truthy(root) != no {
		return
	}
	backend, _, bv, ok := p.staticStorage()
	if !ok || !diskStaticStorages[backend] {
		return
	}
	how := "is not set"
	if p.Settings.IsOverridden("STATIC_ROOT") {
		how = "is " + pyvalue.Repr(root)
	}
	p.Report(finding.Finding{
		Setting: "STATIC_ROOT",
		Message: fmt.Sprintf("STATIC_ROOT %s while static files are collected to disk (%s): collectstatic refuses to "+
			"run, so there are no static files to serve.", how, backend),
		Hint: "Set STATIC_ROOT to an absolute directory outside the code, e.g. BASE_DIR / \"staticfiles\", and serve it at STATIC_URL.",
		Env:  envOf(bv),
	})
}

func runStaticRootInDirs(p *Pass) {
	dirs, ok := p.staticDirs()
	if !ok {
		return
	}
	root := p.Setting("STATIC_ROOT")
	if truthy(root) != yes {
		return
	}
	rootText, ok := pathText(root)
	if !ok {
		return
	}
	entries, ok := dirs.Elems()
	if !ok {
		return
	}
	rootPath := p.resolve(rootText)
	for _, e := range entries {
		dir, ok := staticDirPath(e)
		if !ok || path.Clean(dir) == path.Clean(rootText) {
			continue // the same text is staticfiles.E002
		}
		rel, known := relation(rootPath, []resolvedPath{p.resolve(dir)})
		if !known || rel == "" {
			continue
		}
		var msg string
		switch rel {
		case "is inside":
			msg = fmt.Sprintf("STATIC_ROOT %s lies inside the STATICFILES_DIRS directory %s: each collectstatic copies "+
				"its own earlier output again, one level deeper.", p.shownPath(rootText), p.shownPath(dir))
		case "contains":
			msg = fmt.Sprintf("The STATICFILES_DIRS directory %s lies inside STATIC_ROOT %s: collectstatic --clear "+
				"deletes the source files.", p.shownPath(dir), p.shownPath(rootText))
		default:
			msg = fmt.Sprintf("STATIC_ROOT %s and the STATICFILES_DIRS directory %s are the same directory (through a "+
				"symbolic link): collectstatic would copy the sources onto themselves.", p.shownPath(rootText), p.shownPath(dir))
		}
		p.Report(finding.Finding{
			Setting: "STATIC_ROOT",
			Message: msg,
			Hint:    "Keep STATIC_ROOT (collectstatic's output) apart from the source directories, e.g. BASE_DIR / \"staticfiles\".",
			Env:     envOf(e),
		})
	}
}

// shownPath renders a path from the settings for a message: relative to
// the project directory when it lies below it ("./staticfiles"), as
// written otherwise.
func (p *Pass) shownPath(text string) string {
	if p.Root == "" || !strings.HasPrefix(text, "/") {
		return quote(text)
	}
	rel, inside := within(p.rootDir(), path.Clean(text))
	if !inside {
		return quote(text)
	}
	if rel == "." {
		return quote(text)
	}
	return quote("./" + rel)
}

// codeDirRelation says how an absolute directory named in the settings
// relates to the project's code: "is the project directory", "contains
// the project directory", "holds Python modules", or "" for none of
// these (or when it cannot be told).
func (p *Pass) codeDirRelation(text string) string {
	if !strings.HasPrefix(text, "/") || p.Root == "" {
		return ""
	}
	dir := p.resolve(text).path
	root := p.rootDir()
	if dir == root {
		return "is the project directory (where manage.py is)"
	}
	if _, inside := within(dir, root); inside {
		return "contains the project directory"
	}
	if p.holdsPython(dir) == yes {
		return "holds Python modules"
	}
	return ""
}

// holdsPython tells whether a directory inside the project tree directly
// contains Python source files.
func (p *Pass) holdsPython(dir string) tri {
	rel, inside := within(p.rootDir(), dir)
	if !inside || p.FS == nil {
		return unknown
	}
	entries, err := fs.ReadDir(p.FS, rel)
	if err != nil {
		return unknown
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".py") {
			return yes
		}
	}
	return no
}

func runStaticRootIsCode(p *Pass) {
	root := p.Setting("STATIC_ROOT")
	if truthy(root) != yes {
		return
	}
	text, ok := pathText(root)
	if !ok {
		return
	}
	rel := p.codeDirRelation(text)
	if rel == "" {
		return
	}
	p.Report(finding.Finding{
		Setting: "STATIC_ROOT",
		Message: fmt.Sprintf("STATIC_ROOT %s %s: the web server serving it publishes the source code, settings "+
			"included, and collectstatic writes among the code.", p.shownPath(text), rel),
		Hint: "Point STATIC_ROOT at a directory used for nothing else, e.g. BASE_DIR / \"staticfiles\".",
	})
}

func runStaticNoManifest(p *Pass) {
	if p.appInstalled(appStaticFiles) != yes {
		return
	}
	backend, setting, bv, ok := p.staticStorage()
	if !ok || !plainStaticStorages[backend] {
		return
	}
	where := "STORAGES['staticfiles']"
	if setting == "STATICFILES_STORAGE" {
		where = "STATICFILES_STORAGE"
	}
	p.Report(finding.Finding{
		Setting: setting,
		Message: fmt.Sprintf("%s is %s, which keeps file names unchanged: after a deployment, browsers and CDNs "+
			"may go on serving cached old CSS and JavaScript.", where, quote(backend)),
		Hint: "Use 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage' (or WhiteNoise's " +
			"'whitenoise.storage.CompressedManifestStaticFilesStorage') so each version of a file gets its own URL.",
		Env: envOf(bv),
	})
}

// cacheCreates tells whether Django creates dir (or may) while it runs its
// checks: instantiating a FileBasedCache makes its LOCATION directory and
// the parents, and the checks run in an arbitrary order, so a missing
// STATICFILES_DIRS entry at or above a cache directory may or may not
// exist when staticfiles.W004 looks. Such an entry is left undecided.
func (p *Pass) cacheCreates(dir string) bool {
	aliases, confs, ok := fileCaches(p)
	if !ok {
		return true
	}
	target := p.resolve(dir).absolute()
	for i := range aliases {
		loc, found := dictGet(confs[i], "LOCATION")
		if found != yes {
			return true
		}
		text, ok := pathText(loc)
		if !ok {
			return true
		}
		if rel, _ := relation(p.resolve(text).absolute(), []resolvedPath{target}); rel == "matches" || rel == "is inside" {
			return true
		}
	}
	return false
}
