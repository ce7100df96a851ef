package checks

import (
	"io/fs"
	"path"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/settings"
)

func csrfChecks() []*Check {
	return []*Check{{
		ID: "security.E102", Topic: finding.TopicCSRFCookieSecure, Severity: finding.Error,
		Django: true,
		Doc: `CSRF_FAILURE_VIEW cannot be imported.

Django imports the view named by CSRF_FAILURE_VIEW to answer requests that
fail CSRF validation. The error is reported when importing raises
ImportError: the path has no dot (an empty string included), or a module
above the last one in the path does not exist. A missing attribute, or a
missing last module under an existing package, makes Django crash instead
(deploycheck reports nothing then). deploycheck decides only what it can
see: modules of the project's own tree and Django's top-level packages; a
path into an installed third-party package is left undecided. This check
runs with plain "manage.py check" too.

Fix: point CSRF_FAILURE_VIEW at an importable view taking (request,
reason=""), or remove the setting to use Django's default.`,
		Run: runCSRFFailureView,
	}, {
		ID: "security.E101", Topic: finding.TopicCSRFCookieSecure, Severity: finding.Error,
		Django: true,
		Doc: `The CSRF failure view does not take the arguments Django passes.

Django calls the view named by CSRF_FAILURE_VIEW as view(request,
reason=...). When that call cannot bind (the view takes no positional
argument, has no "reason" parameter nor **kwargs, or has other required
parameters), every request that fails CSRF validation raises an error
instead of getting the 403 page. deploycheck reads the view's definition in
the project; a view outside the project is left undecided. This check runs
with plain "manage.py check" too.

Fix: define the view as def csrf_failure(request, reason=""):.`,
		Run: runCSRFFailureSignature,
	}}
}

// runCSRFFailureSignature reports a project view that cannot be called as
// view(request, reason=...).
func runCSRFFailureSignature(p *Pass) {
	v := p.Setting("CSRF_FAILURE_VIEW")
	s, ok := v.AsStr()
	if !ok || p.Code == nil || importFails(p, s) != no {
		return
	}
	params, exists, known := p.Code.Params(s)
	if !known || !exists || bindsRequestReason(params) {
		return
	}
	p.Report(finding.Finding{
		Setting: "CSRF_FAILURE_VIEW",
		Message: "The CSRF failure view " + quote(s) + " cannot be called as view(request, reason=...), so requests failing CSRF validation would get an error.",
		Hint:    "Define the view with the signature (request, reason=\"\").",
	})
}

// bindsRequestReason reproduces inspect.signature(view).bind(None,
// reason=None): one positional argument and the keyword reason.
func bindsRequestReason(params []Param) bool {
	posBound := -1
	varPos, varKw := false, false
	for i, prm := range params {
		switch prm.Kind {
		case "positional_only", "positional_or_keyword":
			if posBound < 0 {
				posBound = i
			}
		case "var_positional":
			varPos = true
		case "var_keyword":
			varKw = true
		}
	}
	if posBound < 0 && !varPos {
		return false
	}
	reason := -1
	for i, prm := range params {
		if prm.Name == "reason" && (prm.Kind == "positional_or_keyword" || prm.Kind == "keyword_only") {
			reason = i
		}
	}
	if reason >= 0 && reason == posBound {
		return false // reason given twice
	}
	if reason < 0 && !varKw {
		return false
	}
	for i, prm := range params {
		if i == posBound || i == reason || prm.HasDefault {
			continue
		}
		switch prm.Kind {
		case "positional_only", "positional_or_keyword", "keyword_only":
			return false
		}
	}
	return true
}

func runCSRFFailureView(p *Pass) {
	v := p.Setting("CSRF_FAILURE_VIEW")
	s, ok := v.AsStr()
	if !ok {
		return
	}
	if importFails(p, s) != yes {
		return
	}
	p.Report(finding.Finding{
		Setting: "CSRF_FAILURE_VIEW",
		Message: "CSRF_FAILURE_VIEW " + quote(s) + " cannot be imported, so requests failing CSRF validation would not get a response.",
		Hint:    "Give the full dotted path of an importable view taking (request, reason=\"\").",
	})
}

func quote(s string) string { return "'" + s + "'" }

// importFails tells whether Django's get_callable(path) raises ImportError
// (rather than returning the view or raising ViewDoesNotExist).
func importFails(p *Pass, dotted string) tri {
	switch settings.ResolveView(dotted, func(segs []string) (bool, bool) {
		t := moduleExists(p, segs)
		return t == yes, t != unknown
	}) {
	case settings.ViewImportError:
		return yes
	case settings.ViewUndecided:
		return unknown
	}
	return no
}

// stdlibModules are the standard library's public top-level modules.
var stdlibModules = map[string]bool{}

func init() {
	for _, n := range strings.Fields("abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo") {
		stdlibModules[n] = true
	}
}

// moduleExists tells whether the dotted module segs can be imported, as far
// as the project's files and Django's layout tell.
func moduleExists(p *Pass, segs []string) tri {
	top := segs[0]
	if stdlibModules[top] {
		if len(segs) == 1 {
			return yes
		}
		return unknown
	}
	if p.FS == nil {
		return unknown
	}
	// The project root is on sys.path (manage.py's directory).
	dir := "."
	for i, s := range segs {
		rel := path.Join(dir, s)
		if isDir(p.FS, rel) {
			dir = rel
			continue
		}
		if isFile(p.FS, rel+".py") || hasExtensionModule(p.FS, dir, s) {
			if i == len(segs)-1 {
				return yes
			}
			return no // a plain module has no submodules
		}
		if i > 0 {
			return no
		}
		// Not at the root: a module elsewhere in the tree may be put on
		// sys.path (src layouts, virtualenvs); only its total absence is sure.
		if nameAnywhere(p.FS, s) {
			return unknown
		}
		return no
	}
	return yes
}

func isDir(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && st.IsDir()
}

func isFile(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && !st.IsDir()
}

// hasExtensionModule tells whether dir holds a compiled module name.*.so.
func hasExtensionModule(fsys fs.FS, dir, name string) bool {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, name+".") && (strings.HasSuffix(n, ".so") || strings.HasSuffix(n, ".pyd") || strings.HasSuffix(n, ".pyc")) {
			return true
		}
	}
	return false
}

// nameAnywhere tells whether a directory name or a module file name.py
// exists anywhere in the tree (bounded walk).
func nameAnywhere(fsys fs.FS, name string) bool {
	found := false
	seen := 0
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		seen++
		if seen > 200000 {
			found = true // too big to tell: assume it may exist
			return fs.SkipAll
		}
		base := d.Name()
		if base == name || base == name+".py" || strings.HasPrefix(base, name+".") && strings.HasSuffix(base, ".so") {
			found = true
			return fs.SkipAll
		}
		if d.IsDir() && (base == ".git" || base == "node_modules") {
			return fs.SkipDir
		}
		return nil
	})
	return found
}
