package pyeval

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// modelModule returns the model of a module the interpreter knows without
// reading it (os, sys, pathlib, django-environ ...), or nil.
func (in *Interp) modelModule(name string) *Module {
	attrs := in.moduleModels(name)
	if attrs == nil {
		return nil
	}
	return &Module{Name: name, ns: newNamespace(), done: true, attr: func(n string) (v.Value, bool) {
		if a, ok := attrs[n]; ok {
			return a(), true
		}
		if sub, ok := in.modules[name+"."+n]; ok {
			return v.NewObject(sub), true
		}
		if m := in.modelModule(name + "." + n); m != nil {
			in.modules[name+"."+n] = m
			return v.NewObject(m), true
		}
		return v.Unknown("attribute '" + n + "' of module '" + name + "' is not modelled"), true
	}}
}

type attrs map[string]func() v.Value

func val(x v.Value) func() v.Value { return func() v.Value { return x } }

func fnAttr(name string, fn func(in *Interp, c *callCtx) v.Value) func() v.Value {
	b := builtinFn(name, fn)
	return func() v.Value { return b }
}

// moduleModels lists the modelled modules and their attributes.
func (in *Interp) moduleModels(name string) attrs {
	switch name {
	case "os":
		return attrs{
			"environ": val(v.NewObject(&environObj{})),
			"getenv": fnAttr("getenv", func(in *Interp, c *callCtx) v.Value {
				key, _ := c.arg(0, "key")
				def, hasDef := c.arg(1, "default")
				if !hasDef {
					def = v.None
				}
				return in.envGet(c, key, def, true, "os.getenv")
			}),
			"putenv":  fnAttr("putenv", func(in *Interp, c *callCtx) v.Value { return v.None }),
			"path":    func() v.Value { return v.NewObject(in.importModule("os.path", c0, "")) },
			"sep":     val(v.Str("/")),
			"linesep": val(v.Str("\n")),
			"name":    val(v.Str("posix")),
			"devnull": val(v.Str("/dev/null")),
			"getcwd": fnAttr("getcwd", func(in *Interp, c *callCtx) v.Value {
				return v.Unknown("the current directory of the server process")
			}),
			"cpu_count": fnAttr("cpu_count", func(in *Interp, c *callCtx) v.Value {
				return v.Unknown("the server's CPU count")
			}),
			"urandom": fnAttr("urandom", func(in *Interp, c *callCtx) v.Value {
				return v.Unknown("random bytes").WithRandom()
			}),
			"makedirs": fnAttr("makedirs", noWrite),
			"mkdir":    fnAttr("mkdir", noWrite),
			"listdir": fnAttr("listdir", func(in *Interp, c *callCtx) v.Value {
				return v.Unknown("directory listing")
			}),
		}
	case "os.path", "posixpath":
		return in.osPathModel()
	case "sys":
		return attrs{
			"argv": func() v.Value {
				// Parity is with `manage.py check --deploy`, which is what
				// Django sees when it runs the checks.
				return v.NewList([]v.Value{v.Str("manage.py"), v.Str("check"), v.Str("--deploy")})
			},
			"platform":     val(v.Str("linux")),
			"version_info": val(v.NewTuple([]v.Value{v.Int(3), v.Int(12), v.Int(0), v.Str("final"), v.Int(0)})),
			"path":         func() v.Value { return v.NewList(nil) },
			"modules":      val(v.Unknown("sys.modules")),
			"executable":   val(v.Unknown("the server's Python executable")),
			"stdout":       val(v.Unknown("sys.stdout")),
			"stderr":       val(v.Unknown("sys.stderr")),
		}
	case "pathlib":
		cls := typeClass("Path", func(in *Interp, c *callCtx) v.Value { return in.newPath(c) })
		return attrs{
			"Path":          val(v.NewObject(cls)),
			"PosixPath":     val(v.NewObject(cls)),
			"PurePath":      val(v.NewObject(cls)),
			"PurePosixPath": val(v.NewObject(cls)),
		}
	case "django", "django.core", "django.core.management", "django.utils", "django.conf":
		return attrs{}
	case "django.core.management.utils":
		return attrs{"get_random_secret_key": fnAttr("get_random_secret_key", randomKey)}
	case "django.utils.crypto":
		return attrs{"get_random_string": fnAttr("get_random_string", randomKey)}
	case "secrets":
		return attrs{
			"token_urlsafe": fnAttr("token_urlsafe", randomKey),
			"token_hex":     fnAttr("token_hex", randomKey),
			"token_bytes":   fnAttr("token_bytes", randomKey),
		}
	case "django.utils.translation":
		ident := fnAttr("gettext", func(in *Interp, c *callCtx) v.Value { return c.argOr(0, "message", v.Str("")) })
		return attrs{"gettext_lazy": ident, "gettext": ident, "ugettext_lazy": ident, "ugettext": ident,
			"gettext_noop": ident, "pgettext_lazy": fnAttr("pgettext_lazy", func(in *Interp, c *callCtx) v.Value {
				return c.argOr(1, "message", v.Str(""))
			})}
	case "django.core.exceptions":
		return attrs{"ImproperlyConfigured": val(v.NewObject(in.classes.get("ImproperlyConfigured")))}
	case "json":
		return attrs{"loads": fnAttr("loads", jsonLoads), "dumps": fnAttr("dumps", func(in *Interp, c *callCtx) v.Value {
			return v.Unknown("json.dumps() result")
		})}
	case "importlib":
		return attrs{"import_module": fnAttr("import_module", func(in *Interp, c *callCtx) v.Value {
			nameV, _ := c.arg(0, "name")
			name, ok := nameV.AsStr()
			if !ok {
				return unknownOf("import_module() of a name that could not be evaluated", nameV)
			}
			if strings.HasPrefix(name, ".") {
				pkg, ok := c.argOr(1, "package", v.None).AsStr()
				if !ok {
					return v.Unknown("relative import_module() without a known package")
				}
				level := len(name) - len(strings.TrimLeft(name, "."))
				parts := strings.Split(pkg, ".")
				if level-1 >= len(parts) {
					in.raise("ImportError", c.pos, c.fr.file, "attempted relative import beyond top-level package")
				}
				base := strings.Join(parts[:len(parts)-(level-1)], ".")
				if rest := name[level:]; rest != "" {
					name = base + "." + rest
				} else {
					name = base
				}
			}
			return v.NewObject(in.importModule(name, c.pos, c.fr.file)).WithEnvFrom(nameV)
		})}
	case "split_settings", "split_settings.tools":
		return in.splitSettingsModel(name)
	}
	if m := in.envLibraryModel(name); m != nil {
		return m
	}
	return nil
}

var c0 = pyast.Pos{}

func noWrite(in *Interp, c *callCtx) v.Value {
	// deploycheck never writes files: directory creation is skipped.
	return v.None
}

// randomKey models functions returning a value that changes at each start.
func randomKey(in *Interp, c *callCtx) v.Value {
	return v.Str("random-at-each-start-" + strings.Repeat("x", 40)).WithRandom()
}

// environObj models os.environ.
type environObj struct{}

func (e *environObj) TypeName() string { return "_Environ" }

func (e *environObj) item(in *Interp, fr *frame, key v.Value, pos pyast.Pos) v.Value {
	c := &callCtx{fr: fr, pos: pos}
	return in.envGet(c, key, v.Value{}, false, "os.environ")
}

func (e *environObj) setItem(in *Interp, key, val v.Value) {
	if k, ok := key.AsStr(); ok {
		if s, ok := val.AsStr(); ok {
			in.env[k] = s
			in.envSet[k] = true
		}
	}
}

func (e *environObj) delItem(in *Interp, key v.Value) {
	if k, ok := key.AsStr(); ok {
		delete(in.env, k)
	}
}

func (e *environObj) has(in *Interp, key v.Value) v.Value {
	k, ok := key.AsStr()
	if !ok {
		return v.Unknown("environment lookup with a name that could not be evaluated")
	}
	_, found := in.lookupEnv(k)
	return v.Bool(found).WithEnv(v.NewEnvSet(k))
}

func (e *environObj) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	mk := func(fn func(in *Interp, c *callCtx) v.Value) (v.Value, bool) {
		return builtinFn("environ."+name, fn), true
	}
	switch name {
	case "get":
		return mk(func(in *Interp, c *callCtx) v.Value {
			key, _ := c.arg(0, "key")
			def, hasDef := c.arg(1, "default")
			if !hasDef {
				def = v.None
			}
			return in.envGet(c, key, def, true, "os.environ.get")
		})
	case "setdefault":
		return mk(func(in *Interp, c *callCtx) v.Value {
			key, _ := c.arg(0, "key")
			def := c.argOr(1, "default", v.None)
			k, ok := key.AsStr()
			if !ok {
				return v.Unknown("environment name that could not be evaluated")
			}
			if cur, found := in.lookupEnv(k); found {
				in.recordRead(c, k, def, true, true, "os.environ.setdefault")
				return v.Str(cur).WithEnv(v.NewEnvSet(k))
			}
			in.recordRead(c, k, def, true, false, "os.environ.setdefault")
			if s, ok := def.AsStr(); ok {
				in.env[k] = s
				in.envSet[k] = true
			}
			return def.WithEnv(v.NewEnvSet(k))
		})
	case "pop":
		return mk(func(in *Interp, c *callCtx) v.Value {
			key, _ := c.arg(0, "key")
			def, hasDef := c.arg(1, "default")
			r := in.envGet(c, key, def, hasDef, "os.environ.pop")
			if k, ok := key.AsStr(); ok {
				delete(in.env, k)
			}
			return r
		})
	case "copy":
		return v.Unknown("a copy of the whole environment"), true
	case "keys", "items", "values":
		return mk(func(in *Interp, c *callCtx) v.Value { return v.Unknown("the whole environment") })
	case "update":
		return mk(func(in *Interp, c *callCtx) v.Value {
			if x, ok := c.arg(0, ""); ok {
				if d, ok := x.AsDict(); ok {
					for i, k := range d.Keys() {
						e.setItem(in, k, d.Values()[i])
					}
				}
			}
			return v.None
		})
	}
	return v.Value{}, false
}

// lookupEnv reads a variable from the environment being modelled.
func (in *Interp) lookupEnv(name string) (string, bool) {
	s, ok := in.env[name]
	return s, ok
}

// recordRead notes one environment read.
func (in *Interp) recordRead(c *callCtx, name string, def v.Value, hasDef, found bool, via string) {
	r := settings.EnvRead{Name: name, HasDefault: hasDef, Found: found, Via: via, File: in.rel(c.fr.file), Line: c.pos.Line}
	if hasDef {
		if s, ok := def.AsStr(); ok {
			r.Default = s
		} else {
			r.Default = v.Repr(def)
		}
	}
	in.reads = append(in.reads, r)
}

// envGet reads a variable: the value (a str) tainted with the variable's
// name, else the default, else a KeyError (or, when no environment was
// given, an Unknown value and a conditional problem).
func (in *Interp) envGet(c *callCtx, key, def v.Value, hasDef bool, via string) v.Value {
	k, ok := key.AsStr()
	if !ok {
		return v.Unknown("environment variable whose name could not be evaluated").WithEnvFrom(key)
	}
	taint := v.NewEnvSet(k)
	if s, found := in.lookupEnv(k); found {
		in.recordRead(c, k, def, hasDef, true, via)
		return v.Str(s).WithEnv(taint)
	}
	in.recordRead(c, k, def, hasDef, false, via)
	if hasDef {
		return def.WithEnv(taint)
	}
	return in.missingEnv(c, k, "KeyError", "'"+k+"'", "required environment variable "+k+" is not set")
}

// missingEnv handles a required variable that is not set: with an
// environment given, Django would fail to import the settings (the
// exception propagates); without one, the value is unknown and the
// problem is recorded as depending on the variable.
func (in *Interp) missingEnv(c *callCtx, name, class, excMsg, problem string) v.Value {
	if in.opts.Env != nil || in.envSet[name] {
		exc := in.newException(class, c.pos, c.fr.file, excMsg)
		exc.env = v.NewEnvSet(name)
		exc.missingVar = name
		panic(exc)
	}
	in.envProblem(c.fr.file, c.pos, []string{name}, problem)
	return v.Unknown("value of the required environment variable " + name).WithEnv(v.NewEnvSet(name))
}

// envProblem records, when no environment was given, that importing the
// settings would fail unless the named variables are set.
func (in *Interp) envProblem(file string, pos pyast.Pos, names []string, problem string) {
	in.problems = append(in.problems, settings.Problem{
		Kind: "env", Message: problem + " (no environment was given; Django would fail to start without it)",
		File: in.rel(file), Line: pos.Line, Col: pos.Col + 1, Env: names,
	})
}

// ---- os.path and pathlib ----

func (in *Interp) osPathModel() attrs {
	str1 := func(name string, f func(string) string) func() v.Value {
		return fnAttr(name, func(in *Interp, c *callCtx) v.Value {
			x, _ := c.arg(0, "p")
			s, ok := in.pathText(c.fr, x)
			if !ok {
				return unknownOf(name+"() of a path that could not be evaluated", x)
			}
			return v.Str(f(s)).WithEnvFrom(x)
		})
	}
	return attrs{
		"join": fnAttr("join", func(in *Interp, c *callCtx) v.Value {
			if u, ok := c.anyUnknown(); ok {
				return unknownOf("", u)
			}
			out := ""
			for i, a := range c.args {
				s, ok := in.pathText(c.fr, a)
				if !ok {
					return unknownOf("os.path.join() of a value that is not a path", a)
				}
				if i == 0 {
					out = s
				} else {
					out = joinPath(out, s)
				}
			}
			return v.Str(out).WithEnvFrom(c.args...)
		}),
		"dirname":  str1("dirname", func(s string) string { d, _ := splitPath(s); return d }),
		"basename": str1("basename", func(s string) string { _, b := splitPath(s); return b }),
		"abspath":  str1("abspath", func(s string) string { return in.absPath(s) }),
		"realpath": str1("realpath", func(s string) string { return in.absPath(s) }),
		"normpath": str1("normpath", func(s string) string { return path.Clean(s) }),
		"expanduser": fnAttr("expanduser", func(in *Interp, c *callCtx) v.Value {
			x, _ := c.arg(0, "p")
			if s, ok := x.AsStr(); ok && !strings.HasPrefix(s, "~") {
				return x
			}
			return v.Unknown("the server user's home directory").WithEnvFrom(x)
		}),
		"splitext": fnAttr("splitext", func(in *Interp, c *callCtx) v.Value {
			x, _ := c.arg(0, "p")
			s, ok := in.pathText(c.fr, x)
			if !ok {
				return unknownOf("splitext() of a value that is not a path", x)
			}
			ext := path.Ext(s)
			return v.NewTuple([]v.Value{v.Str(s[:len(s)-len(ext)]), v.Str(ext)}).WithEnvFrom(x)
		}),
		"split": fnAttr("split", func(in *Interp, c *callCtx) v.Value {
			x, _ := c.arg(0, "p")
			s, ok := in.pathText(c.fr, x)
			if !ok {
				return unknownOf("split() of a value that is not a path", x)
			}
			d, b := splitPath(s)
			return v.NewTuple([]v.Value{v.Str(d), v.Str(b)}).WithEnvFrom(x)
		}),
		"exists": fnAttr("exists", func(in *Interp, c *callCtx) v.Value { return in.statPath(c, nil) }),
		"isdir": fnAttr("isdir", func(in *Interp, c *callCtx) v.Value {
			return in.statPath(c, func(fi os.FileInfo) bool { return fi.IsDir() })
		}),
		"isfile": fnAttr("isfile", func(in *Interp, c *callCtx) v.Value {
			return in.statPath(c, func(fi os.FileInfo) bool { return fi.Mode().IsRegular() })
		}),
		"sep": val(v.Str("/")),
	}
}

// pathText returns the text of a str or Path value.
func (in *Interp) pathText(fr *frame, x v.Value) (string, bool) {
	if s, ok := x.AsStr(); ok {
		return s, true
	}
	if p, ok := asPath(x); ok {
		return p.P, true
	}
	return "", false
}

func asPath(x v.Value) (*Path, bool) {
	o, ok := x.AsObject()
	if !ok {
		return nil, false
	}
	p, ok := o.(*Path)
	return p, ok
}

// joinPath joins like os.path.join: an absolute part restarts the path.
func joinPath(a, b string) string {
	if strings.HasPrefix(b, "/") || a == "" {
		return b
	}
	if strings.HasSuffix(a, "/") {
		return a + b
	}
	return a + "/" + b
}

// splitPath splits like os.path.split.
func splitPath(s string) (string, string) {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return "", s
	}
	head := s[:i+1]
	if strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, s[i+1:]
}

// absPath makes a path absolute against the settings' directory (the
// server's working directory is not known; Django projects anchor paths on
// __file__ anyway).
func (in *Interp) absPath(s string) string {
	if !strings.HasPrefix(s, "/") {
		s = joinPath(in.opts.Root, s)
	}
	return path.Clean(s)
}

// statPath answers os.path.exists/isdir/isfile for paths inside the
// project; paths elsewhere are on the server and unknown.
func (in *Interp) statPath(c *callCtx, test func(os.FileInfo) bool) v.Value {
	x, _ := c.arg(0, "path")
	if len(c.args) == 0 {
		x = c.argOr(0, "", v.None)
	}
	s, ok := in.pathText(c.fr, x)
	if !ok {
		return unknownOf("file test on a value that is not a path", x)
	}
	abs := in.absPath(s)
	if in.opts.Root == "" || !within(in.opts.Root, abs) {
		return v.Unknown("whether " + s + " exists on the server").WithEnvFrom(x)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return v.False.WithEnvFrom(x)
	}
	if test == nil {
		return v.True.WithEnvFrom(x)
	}
	return v.Bool(test(fi)).WithEnvFrom(x)
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, "../")
}

func (in *Interp) newPath(c *callCtx) v.Value {
	if u, ok := c.anyUnknown(); ok {
		return unknownOf("", u)
	}
	p := ""
	for _, a := range c.args {
		s, ok := in.pathText(c.fr, a)
		if !ok {
			return unknownOf("Path() of a value that is not a path", a)
		}
		p = joinPath(p, s)
	}
	if p == "" {
		p = "."
	}
	return v.NewObject(&Path{P: p}).WithEnvFrom(c.args...)
}

func cleanPath(s string) string {
	if s == "" {
		return "."
	}
	c := path.Clean(s)
	return c
}

func (p *Path) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	mk := func(f func(in *Interp, c *callCtx) v.Value) (v.Value, bool) {
		return builtinFn("Path."+name, f), true
	}
	switch name {
	case "parent":
		d := path.Dir(cleanPath(p.P))
		return v.NewObject(&Path{P: d}), true
	case "parents":
		var out []v.Value
		cur := cleanPath(p.P)
		for {
			d := path.Dir(cur)
			if d == cur {
				break
			}
			out = append(out, v.NewObject(&Path{P: d}))
			cur = d
		}
		return v.NewTuple(out), true
	case "name":
		return v.Str(path.Base(cleanPath(p.P))), true
	case "suffix":
		return v.Str(path.Ext(p.P)), true
	case "stem":
		b := path.Base(cleanPath(p.P))
		return v.Str(strings.TrimSuffix(b, path.Ext(b))), true
	case "parts":
		parts := strings.Split(strings.Trim(cleanPath(p.P), "/"), "/")
		out := make([]v.Value, 0, len(parts)+1)
		if strings.HasPrefix(p.P, "/") {
			out = append(out, v.Str("/"))
		}
		for _, s := range parts {
			out = append(out, v.Str(s))
		}
		return v.NewTuple(out), true
	case "resolve", "absolute":
		return mk(func(in *Interp, c *callCtx) v.Value { return v.NewObject(&Path{P: in.absPath(p.P)}) })
	case "joinpath":
		return mk(func(in *Interp, c *callCtx) v.Value {
			q := p.P
			for _, a := range c.args {
				s, ok := in.pathText(c.fr, a)
				if !ok {
					return unknownOf("joinpath() of a value that is not a path", a)
				}
				q = joinPath(q, s)
			}
			return v.NewObject(&Path{P: q}).WithEnvFrom(c.args...)
		})
	case "as_posix", "__str__", "__fspath__":
		return mk(func(in *Interp, c *callCtx) v.Value { return v.Str(p.P) })
	case "exists", "is_dir", "is_file":
		return mk(func(in *Interp, c *callCtx) v.Value {
			c2 := *c
			c2.args = []v.Value{v.NewObject(p)}
			var test func(os.FileInfo) bool
			switch name {
			case "is_dir":
				test = func(fi os.FileInfo) bool { return fi.IsDir() }
			case "is_file":
				test = func(fi os.FileInfo) bool { return fi.Mode().IsRegular() }
			}
			return in.statPath(&c2, test)
		})
	case "mkdir", "touch", "write_text", "write_bytes", "unlink":
		return mk(noWrite)
	case "read_text", "read_bytes", "open", "iterdir", "glob", "rglob", "stat":
		return mk(func(in *Interp, c *callCtx) v.Value {
			return v.Unknown("contents of " + p.P + " (files are not read)")
		})
	case "expanduser":
		return mk(func(in *Interp, c *callCtx) v.Value {
			if strings.HasPrefix(p.P, "~") {
				return v.Unknown("the server user's home directory")
			}
			return v.NewObject(p)
		})
	case "with_name", "with_suffix":
		return mk(func(in *Interp, c *callCtx) v.Value {
			a, _ := c.arg(0, "")
			s, ok := a.AsStr()
			if !ok {
				return unknownOf("", a)
			}
			if name == "with_name" {
				return v.NewObject(&Path{P: joinPath(path.Dir(p.P), s)})
			}
			return v.NewObject(&Path{P: strings.TrimSuffix(p.P, path.Ext(p.P)) + s})
		})
	}
	return v.Value{}, false
}

func (p *Path) str() (string, bool) { return p.P, true }

// ---- json ----

func jsonLoads(in *Interp, c *callCtx) v.Value {
	x, _ := c.arg(0, "s")
	s, ok := x.AsStr()
	if !ok {
		return unknownOf("json.loads() of a value that could not be evaluated", x)
	}
	val, err := decodeJSON(s)
	if err != nil {
		exc := in.newException("ValueError", c.pos, c.fr.file, "invalid JSON: "+err.Error())
		exc.env = x.EnvSet()
		panic(exc)
	}
	return val.WithEnvFrom(x)
}

// ---- django-split-settings ----

type optionalFile struct{ name string }

func (o *optionalFile) TypeName() string { return "_Optional" }

func (in *Interp) splitSettingsModel(name string) attrs {
	a := attrs{
		"optional": fnAttr("optional", func(in *Interp, c *callCtx) v.Value {
			x, _ := c.arg(0, "filename")
			s, ok := x.AsStr()
			if !ok {
				return unknownOf("optional() of a value that could not be evaluated", x)
			}
			return v.NewObject(&optionalFile{name: s})
		}),
		"include": fnAttr("include", splitInclude),
	}
	if name == "split_settings" {
		a["tools"] = func() v.Value { return v.NewObject(in.importModule("split_settings.tools", c0, "")) }
	}
	return a
}

// splitInclude runs django-split-settings' include(): each file (glob
// patterns allowed) relative to the including file runs in the including
// module's globals.
func splitInclude(in *Interp, c *callCtx) v.Value {
	base := filepath.Dir(c.fr.file)
	for _, a := range c.args {
		optional := false
		var pattern string
		if o, ok := a.AsObject(); ok {
			if of, ok := o.(*optionalFile); ok {
				pattern, optional = of.name, true
			}
		} else if s, ok := a.AsStr(); ok {
			pattern = s
		} else {
			continue
		}
		full := pattern
		if !filepath.IsAbs(full) {
			full = filepath.Join(base, pattern)
		}
		if in.opts.Root != "" && !within(in.opts.Root, full) {
			continue
		}
		matches, _ := filepath.Glob(full)
		sort.Strings(matches)
		if len(matches) == 0 {
			if optional {
				continue
			}
			in.raise("OSError", c.pos, c.fr.file, "No such file or directory: '%s'", pattern)
		}
		for _, m := range matches {
			in.runFile(c.fr.mod, m, c.pos, c.fr.file)
		}
	}
	return v.None
}
