package checks

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyast"
	"github.com/deploycheck/deploycheck/internal/pyparse"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// Template loaders and backends the error template checks understand.
const (
	loaderFilesystem   = "django.template.loaders.filesystem.Loader"
	loaderAppDirs      = "django.template.loaders.app_directories.Loader"
	loaderCached       = "django.template.loaders.cached.Loader"
	loaderLocmem       = "django.template.loaders.locmem.Loader"
	backendJinja2      = "django.template.backends.jinja2.Jinja2"
	maxErrorTplSize    = 1 << 20
	errorTplLineWindow = 200 // characters of a match quoted in messages
)

// errorPagesChecklist returns deploycheck's own checks of this checklist topic.
func errorPagesChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.error_templates.missing", Topic: finding.TopicErrorTemplates, Severity: finding.Warning,
			Doc: `No 404.html or no 500.html in any template directory.

Django's default error views render 404.html and 500.html and fall back to
bare built-in pages ("Not Found", "Server Error") without the site's look,
navigation or a way back. deploycheck looks where the template engines do:
every DIRS entry and, with APP_DIRS or the app directories loader, the
templates/ (jinja2/ for Jinja2) directory of each INSTALLED_APPS entry that
is a package of the project. Third-party apps are assumed not to ship these
pages. A view set with handler404 or handler500 in ROOT_URLCONF replaces the
default one, and its template is not looked for. A project whose TEMPLATES
is empty serves no HTML pages and is left alone.

Fix: add templates/404.html and templates/500.html to a template directory.
Keep 500.html self-contained (see dc.error_templates.500-context).`,
			Run: runErrorTemplates([]string{"404.html", "500.html"}),
		},
		{
			ID: "dc.error_templates.missing-optional", Topic: finding.TopicErrorTemplates, Severity: finding.Info,
			Doc: `No 400.html or no 403.html in any template directory.

Like 404.html and 500.html, Django renders 400.html (bad request, e.g. a
malformed Host header) and 403.html (permission denied) and falls back to
bare built-in pages when they are missing. They are seen less often, hence
the lower severity. Directories are searched as for dc.error_templates.missing.

Fix: add templates/400.html and templates/403.html.`,
			Run: runErrorTemplates([]string{"400.html", "403.html"}),
		},
		{
			ID: "dc.error_templates.500-context", Topic: finding.TopicErrorTemplates, Severity: finding.Warning,
			Doc: `500.html prints a variable that only a request or a context processor provides.

Django renders 500.html with an empty context and no request, so that the
error page still works when whatever failed (the database, a middleware, a
context processor) is broken. Variables such as request, user, perms,
messages, csrf_token, STATIC_URL or MEDIA_URL are therefore empty there:
{{ STATIC_URL }}css/site.css becomes css/site.css and the page loses its
style, {{ user.username }} prints nothing, and a form with {% csrf_token %}
fails CSRF validation when posted. Tests of such variables ({% if user %})
are harmless and not reported; {% url %} and {% static %} work as usual.

Fix: use {% static %} instead of STATIC_URL, and keep 500.html free of
request- and user-dependent output.`,
			Run: runErrorTemplate500Context,
		},
		{
			ID: "dc.error_templates.500-extends", Topic: finding.TopicErrorTemplates, Severity: finding.Info,
			Doc: `500.html extends another template.

Django renders 500.html with an empty context and no request. A base
template written for normal pages usually shows the user's name, messages,
or a menu built by a template tag that queries the database; on the error
page those are empty, and a tag that needs the database fails again when the
database is what failed, so the visitor gets the web server's bare error
instead. Extending a base template is common and can be fine; this is a
reminder to check it.

Fix: make sure the parent template renders with an empty context and
without database access, or make 500.html a standalone page.`,
			Run: runErrorTemplate500Extends,
		},
	}
}

// templateSearch is where the template engines look for a template, in
// Django's order: directories (relative to the project root) and locmem
// template names.
type templateSearch struct {
	dirs   []string
	locmem map[string]bool
	// incomplete is set when some place could not be looked at (a
	// directory outside the project, an unknown loader or backend).
	incomplete bool
	// engines counts the template engines.
	engines int
}

// has tells whether some place holds name.
func (ts *templateSearch) has(fsys fs.FS, name string) tri {
	if ts.locmem[name] {
		return yes
	}
	for _, d := range ts.dirs {
		if isFile(fsys, path.Join(d, name)) {
			return yes
		}
	}
	if ts.incomplete {
		return unknown
	}
	return no
}

// find returns the project path of the first name found in the
// directories, or "".
func (ts *templateSearch) find(fsys fs.FS, name string) string {
	for _, d := range ts.dirs {
		if p := path.Join(d, name); isFile(fsys, p) {
			return p
		}
	}
	return ""
}

// templateSearchPath works out the template directories from TEMPLATES and
// INSTALLED_APPS; ok is false when TEMPLATES cannot be read.
func (p *Pass) templateSearchPath() (*templateSearch, bool) {
	if p.FS == nil {
		return nil, false
	}
	confs, ok := templateConfs(p.Setting("TEMPLATES"))
	if !ok {
		return nil, false
	}
	ts := &templateSearch{locmem: map[string]bool{}, engines: len(confs)}
	seen := map[string]bool{}
	addDir := func(rel string) {
		if !seen[rel] {
			seen[rel] = true
			ts.dirs = append(ts.dirs, rel)
		}
	}
	appDirs := func(sub string) {
		pkgs, known := p.projectAppDirs()
		if !known {
			ts.incomplete = true
		}
		for _, d := range pkgs {
			addDir(path.Join(d, sub))
		}
	}
	for _, conf := range confs {
		backend, found := dictGet(conf, "BACKEND")
		if found != yes {
			ts.incomplete = true
			continue
		}
		sub := ""
		switch b, _ := backend.AsStr(); {
		case subclassOf(backend, backendDjangoTemplates) == yes:
			sub = "templates"
		case b == backendJinja2:
			sub = "jinja2"
		default:
			ts.incomplete = true
			continue
		}
		var dirs []string
		if v, found := dictGet(conf, "DIRS"); found == unknown {
			ts.incomplete = true
		} else if found == yes {
			elems, ok := v.Elems()
			if !ok {
				ts.incomplete = true
			}
			for _, e := range elems {
				text, ok := pathText(e)
				if !ok {
					ts.incomplete = true
					continue
				}
				rel, inside := within(p.rootDir(), p.resolve(text).path)
				if !inside {
					ts.incomplete = true
					continue
				}
				dirs = append(dirs, rel)
			}
		}
		loaders, found := templateOption(conf, "loaders")
		if found == unknown {
			ts.incomplete = true
			continue
		}
		if found == yes && sub == "templates" {
			p.walkLoaders(ts, loaders, dirs, addDir, appDirs, 0)
			continue
		}
		for _, d := range dirs {
			addDir(d)
		}
		if v, found := dictGet(conf, "APP_DIRS"); found == unknown {
			ts.incomplete = true
		} else if found == yes {
			switch truthy(v) {
			case yes:
				appDirs(sub)
			case unknown:
				ts.incomplete = true
			}
		}
	}
	return ts, true
}

// walkLoaders follows an OPTIONS['loaders'] list of a Django engine.
func (p *Pass) walkLoaders(ts *templateSearch, loaders pyvalue.Value, dirs []string, addDir func(string), appDirs func(string), depth int) {
	elems, ok := loaders.Elems()
	if !ok || depth > 4 {
		ts.incomplete = true
		return
	}
	for _, l := range elems {
		name, args := "", []pyvalue.Value(nil)
		if s, ok := l.AsStr(); ok {
			name = s
		} else if parts, ok := l.Elems(); ok && len(parts) > 0 {
			name, _ = parts[0].AsStr()
			args = parts[1:]
		}
		switch name {
		case loaderFilesystem:
			use := dirs
			if len(args) > 0 {
				use = nil
				elems, ok := args[0].Elems()
				if !ok {
					ts.incomplete = true
				}
				for _, e := range elems {
					text, ok := pathText(e)
					rel, inside := "", false
					if ok {
						rel, inside = within(p.rootDir(), p.resolve(text).path)
					}
					if !inside {
						ts.incomplete = true
						continue
					}
					use = append(use, rel)
				}
			}
			for _, d := range use {
				addDir(d)
			}
		case loaderAppDirs:
			appDirs("templates")
		case loaderCached:
			if len(args) == 0 {
				ts.incomplete = true
				continue
			}
			p.walkLoaders(ts, args[0], dirs, addDir, appDirs, depth+1)
		case loaderLocmem:
			if len(args) == 0 {
				continue
			}
			keys, _, ok := dictItems(args[0])
			if !ok {
				ts.incomplete = true
				continue
			}
			for _, k := range keys {
				if s, ok := k.AsStr(); ok {
					ts.locmem[s] = true
				}
			}
		default:
			ts.incomplete = true
		}
	}
}

// projectAppDirs returns the directories (relative to the project root) of
// the INSTALLED_APPS entries that are packages of the project; known is
// false when INSTALLED_APPS cannot be read.
func (p *Pass) projectAppDirs() ([]string, bool) {
	elems, ok := p.Setting("INSTALLED_APPS").Elems()
	if !ok {
		return nil, false
	}
	roots := []string{"."}
	if p.Project != nil {
		for _, r := range p.Project.SourceRoots {
			if rel, err := filepath.Rel(p.Root, r); err == nil && !strings.HasPrefix(rel, "..") && rel != "." {
				roots = append(roots, filepath.ToSlash(rel))
			}
		}
	}
	known := true
	var out []string
	for _, e := range elems {
		s, ok := e.AsStr()
		if !ok {
			known = false
			continue
		}
		if strings.HasPrefix(s, "django.") {
			continue
		}
		segs := strings.Split(s, ".")
		for _, root := range roots {
			if d := appPackageDir(p.FS, root, segs); d != "" {
				out = append(out, d)
				break
			}
		}
	}
	return out, known
}

// appPackageDir finds the package directory of an INSTALLED_APPS entry
// under root: the dotted path itself, or the package of an AppConfig class
// named by it (pkg.apps.PkgConfig, or pkg.PkgConfig defined in
// pkg/__init__.py). It returns "" for an entry that is not in the tree.
func appPackageDir(fsys fs.FS, root string, segs []string) string {
	join := func(parts []string) string { return path.Join(append([]string{root}, parts...)...) }
	if d := join(segs); isDir(fsys, d) {
		return d
	}
	n := len(segs)
	if n >= 3 && isFile(fsys, join(segs[:n-1])+".py") && isDir(fsys, join(segs[:n-2])) {
		return join(segs[:n-2])
	}
	if n >= 2 && isFile(fsys, path.Join(join(segs[:n-1]), "__init__.py")) {
		return join(segs[:n-1])
	}
	return ""
}

// errorHandlers returns the handlerNNN names that ROOT_URLCONF assigns
// (custom error views), as far as its source shows.
func (p *Pass) errorHandlers() map[string]bool {
	out := map[string]bool{}
	mod, ok := p.Setting("ROOT_URLCONF").AsStr()
	if !ok || p.FS == nil {
		return out
	}
	base := strings.ReplaceAll(mod, ".", "/")
	var data []byte
	for _, name := range []string{base + ".py", base + "/__init__.py"} {
		if d, err := fs.ReadFile(p.FS, name); err == nil && len(d) <= maxErrorTplSize {
			data = d
			break
		}
	}
	if data == nil {
		return out
	}
	m, err := pyparse.Parse(data)
	if err != nil || m == nil {
		return out
	}
	for _, s := range m.Body {
		var targets []pyast.Expr
		switch s := s.(type) {
		case *pyast.Assign:
			targets = s.Targets
		case *pyast.AnnAssign:
			targets = []pyast.Expr{s.Target}
		}
		for _, t := range targets {
			if n, ok := t.(*pyast.Name); ok && strings.HasPrefix(n.ID, "handler") {
				out[n.ID] = true
			}
		}
	}
	return out
}

// runErrorTemplates reports the error templates of names that no template
// directory holds.
func runErrorTemplates(names []string) func(*Pass) {
	return func(p *Pass) {
		ts, ok := p.templateSearchPath()
		if !ok || ts.engines == 0 {
			return
		}
		handlers := p.errorHandlers()
		var missing []string
		for _, n := range names {
			if handlers["handler"+strings.TrimSuffix(n, ".html")] {
				continue
			}
			if ts.has(p.FS, n) == no {
				missing = append(missing, n)
			}
		}
		if len(missing) == 0 {
			return
		}
		where := "no template directory is configured"
		file := p.Settings.File
		hint := fmt.Sprintf("Add a template directory to TEMPLATES' DIRS (for example BASE_DIR / \"templates\") and put %s in it.", strings.Join(missing, " and "))
		if len(ts.dirs) > 0 {
			hint = fmt.Sprintf("Add %s to a template directory (for example %s/).", strings.Join(missing, " and "), ts.dirs[0])
			where = "looked in " + strings.Join(ts.dirs, ", ")
			file = ts.dirs[0]
		}
		pages := "pages"
		if len(missing) == 1 {
			pages = "page"
		}
		p.Report(finding.Finding{
			Setting: "TEMPLATES",
			File:    file,
			Message: fmt.Sprintf("No %s in any template directory (%s): Django falls back to its bare built-in %s, without the site's look or a way back.", strings.Join(missing, " or "), where, pages),
			Hint:    hint,
		})
	}
}

// the500Template returns the project path and content of the 500.html
// Django would render, or "" when it is not found (or a custom handler500
// replaces the default view).
func (p *Pass) the500Template() (string, []byte) {
	ts, ok := p.templateSearchPath()
	if !ok || p.errorHandlers()["handler500"] {
		return "", nil
	}
	name := ts.find(p.FS, "500.html")
	if name == "" {
		return "", nil
	}
	data, err := fs.ReadFile(p.FS, name)
	if err != nil || len(data) > maxErrorTplSize {
		return "", nil
	}
	return name, data
}

var (
	// contextOutput matches {{ var... }} of a variable the 500 page cannot
	// have, and {% csrf_token %}.
	contextOutput = regexp.MustCompile(`\{\{-?\s*(request|user|perms|messages|csrf_token|STATIC_URL|MEDIA_URL)\b[^}]*\}\}|\{%-?\s*(csrf_token)\s*-?%\}`)
	extendsTag    = regexp.MustCompile(`\{%-?\s*extends\s+([^%]*?)\s*-?%\}`)
	commentBlock  = regexp.MustCompile(`(?s)\{%-?\s*comment\b.*?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{#.*?#\}`)
)

// blankComments replaces template comments with spaces, keeping newlines
// so that line numbers stay right.
func blankComments(src []byte) []byte {
	return commentBlock.ReplaceAllFunc(src, func(m []byte) []byte {
		out := bytes.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, m)
		return out
	})
}

func runErrorTemplate500Context(p *Pass) {
	name, data := p.the500Template()
	if name == "" {
		return
	}
	src := blankComments(data)
	for _, m := range contextOutput.FindAllSubmatchIndex(src, -1) {
		varName := "csrf_token"
		if m[2] >= 0 {
			varName = string(src[m[2]:m[3]])
		}
		line := 1 + bytes.Count(src[:m[0]], []byte("\n"))
		text := string(src[m[0]:m[1]])
		if len(text) > errorTplLineWindow {
			text = text[:errorTplLineWindow] + "…"
		}
		hint := "Remove request- and user-dependent output from 500.html; use {% static %} for asset URLs."
		if varName == "csrf_token" {
			hint = "Leave forms out of 500.html: without a request there is no CSRF token, so the form fails when posted."
		}
		p.Report(finding.Finding{
			File: name, Line: line,
			Message: fmt.Sprintf("500.html uses %s, but Django renders the 500 page without a request or context processors, so %s is empty there.", text, varName),
			Hint:    hint,
		})
	}
}

func runErrorTemplate500Extends(p *Pass) {
	name, data := p.the500Template()
	if name == "" {
		return
	}
	m := extendsTag.FindSubmatch(blankComments(data))
	if m == nil {
		return
	}
	parent := strings.TrimSpace(string(m[1]))
	p.Report(finding.Finding{
		File:    name,
		Message: fmt.Sprintf("500.html extends %s; Django renders the 500 page with an empty context and no request, so the parent must work without user, messages, context processors or database access.", parent),
		Hint:    "Check that the parent template renders with an empty context and needs no database, or make 500.html a standalone page.",
	})
}
