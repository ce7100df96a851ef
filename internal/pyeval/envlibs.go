package pyeval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// The models of the three environment libraries Django settings use:
// django-environ 0.12 (envlibs_environ.go), python-decouple 3.6
// (envlibs_decouple.go) and dj-database-url (envlibs_dburl.go). Each
// follows its library's source: the same lookups, defaults, casts and
// exceptions. Environment access goes through lookupEnv/recordRead/
// missingEnv, every value derived from a variable carries it, and files
// (.env, settings.ini) are read only inside the project root.

// envLibraryModel returns the models of django-environ, python-decouple and
// dj-database-url, or nil for other modules.
func (in *Interp) envLibraryModel(name string) attrs {
	switch name {
	case "environ", "environ.environ":
		return in.environModel()
	case "decouple":
		return in.decoupleModel()
	case "dj_database_url":
		return in.dbURLModel()
	}
	return nil
}

// envLibState is the per-evaluation state the library models share (the
// classes they define, read_env's unreadable files, decouple's loaded
// configuration, dj-database-url's registered schemes).
type envLibState struct {
	classes  map[string]*Class
	environ  *environLib
	decouple *decoupleLib
	dburl    *dbURLLib
	// extraNetloc lists the schemes dj-database-url adds to
	// urllib.parse.uses_netloc when it is imported.
	extraNetloc map[string]bool
}

// TypeName implements pyvalue.Object.
func (s *envLibState) TypeName() string { return "envlibs-state" }

// envLibStateModule names the hidden module holding the state; no Python
// module name can contain a space.
const envLibStateModule = " envlibs state"

func (in *Interp) envLibs() *envLibState {
	if m, ok := in.modules[envLibStateModule]; ok {
		if b, ok := m.ns.get("state"); ok {
			if o, ok := b.val.AsObject(); ok {
				return o.(*envLibState)
			}
		}
	}
	st := &envLibState{classes: map[string]*Class{}, extraNetloc: map[string]bool{}}
	m := &Module{Name: envLibStateModule, ns: newNamespace(), done: true, opaque: true}
	m.ns.set("state", binding{val: v.NewObject(st)})
	in.modules[envLibStateModule] = m
	return st
}

// libClass returns the exception class a library defines (one per
// evaluation, so `except lib.Error` matches what the library raises).
func (in *Interp) libClass(name, base string) *Class {
	st := in.envLibs()
	if c, ok := st.classes[name]; ok {
		return c
	}
	c := &Class{Name: name, Bases: []*Class{in.classes.get(base)}, ns: newNamespace()}
	st.classes[name] = c
	return c
}

// raiseClass raises an exception of class cls whose cause depends on env.
func (in *Interp) raiseClass(c *callCtx, cls *Class, env *v.EnvSet, msg string) {
	inst := &Instance{Class: cls, ns: newNamespace(), Args: []v.Value{v.Str(msg)}}
	panic(&Exception{Value: inst, Pos: c.pos, File: c.fr.file, env: env.Union(c.fr.taint)})
}

// raiseEnv raises a builtin exception whose cause depends on env.
func (in *Interp) raiseEnv(c *callCtx, class string, env *v.EnvSet, format string, args ...any) {
	in.raiseClass(c, in.classes.get(class), env, fmt.Sprintf(format, args...))
}

// ---- arguments ----

// libArgs are a library function's bound arguments.
type libArgs struct {
	vals  map[string]v.Value
	rest  []v.Value // *args
	extra []kwarg   // **kwargs
}

func (a libArgs) get(name string) (v.Value, bool) {
	x, ok := a.vals[name]
	return x, ok
}

func (a libArgs) or(name string, def v.Value) v.Value {
	if x, ok := a.vals[name]; ok {
		return x
	}
	return def
}

// bindArgs binds a call's arguments to the parameter names as Python does,
// raising TypeError for what the real function would reject.
func (in *Interp) bindArgs(c *callCtx, fname string, names []string, star, starstar bool) libArgs {
	a := libArgs{vals: map[string]v.Value{}}
	for i, x := range c.args {
		if i < len(names) {
			a.vals[names[i]] = x
			continue
		}
		if !star {
			in.raise("TypeError", c.pos, c.fr.file, "%s() takes %d positional arguments but %d were given", fname, len(names), len(c.args))
		}
		a.rest = append(a.rest, x)
	}
	for _, kw := range c.kwargs {
		known := false
		for _, n := range names {
			if n == kw.name {
				known = true
			}
		}
		if !known {
			if !starstar {
				in.raise("TypeError", c.pos, c.fr.file, "%s() got an unexpected keyword argument '%s'", fname, kw.name)
			}
			a.extra = append(a.extra, kw)
			continue
		}
		if _, dup := a.vals[kw.name]; dup {
			in.raise("TypeError", c.pos, c.fr.file, "%s() got multiple values for argument '%s'", fname, kw.name)
		}
		a.vals[kw.name] = kw.val
	}
	return a
}

// ---- values ----

// taintDeep marks x and everything inside it as depending on e: settings
// index into the dicts and lists these libraries return.
func taintDeep(x v.Value, e *v.EnvSet) v.Value {
	if e == nil {
		return x
	}
	return taintRec(x, e, map[any]bool{}, 0)
}

func taintRec(x v.Value, e *v.EnvSet, seen map[any]bool, depth int) v.Value {
	x = x.WithEnv(e)
	if depth > 20 {
		return x
	}
	switch x.Kind() {
	case v.KindList, v.KindTuple:
		l := x.ListRef()
		if seen[l] {
			return x
		}
		seen[l] = true
		for i := range l.Elems {
			l.Elems[i] = taintRec(l.Elems[i], e, seen, depth+1)
		}
	case v.KindDict:
		d, _ := x.AsDict()
		if seen[d] {
			return x
		}
		seen[d] = true
		keys := append([]v.Value(nil), d.Keys()...)
		vals := append([]v.Value(nil), d.Values()...)
		for i, k := range keys {
			d.Set(k, taintRec(vals[i], e, seen, depth+1))
		}
	}
	return x
}

func isTruthy(x v.Value) bool {
	t, _ := x.Truthy()
	return t
}

// isBuiltinType tells whether x is the builtin type name (str, bool...).
func isBuiltinType(x v.Value, name string) bool {
	c, ok := classOf(x)
	return ok && c.builtin == name
}

// typeOf returns type(x) for the kinds whose type the model can call.
func (in *Interp) typeOf(x v.Value) (v.Value, bool) {
	switch x.Kind() {
	case v.KindStr, v.KindInt, v.KindFloat, v.KindBool, v.KindList, v.KindTuple, v.KindDict,
		v.KindSet, v.KindFrozenSet, v.KindBytes:
		t, ok := in.builtins[x.Kind().String()]
		return t, ok
	case v.KindObject:
		o, _ := x.AsObject()
		switch o.(type) {
		case *Path:
			return v.NewObject(typeClass("Path", func(in *Interp, c *callCtx) v.Value { return in.newPath(c) })), true
		case *envPath:
			return v.NewObject(in.environState().pathClass), true
		}
	}
	return v.Value{}, false
}

// pyLen is len(x) for plain data.
func pyLen(x v.Value) (int, bool) {
	switch x.Kind() {
	case v.KindStr:
		s, _ := x.AsStr()
		return utf8.RuneCountInString(s), true
	case v.KindBytes:
		s, _ := x.AsBytes()
		return len(s), true
	case v.KindList, v.KindTuple:
		e, _ := x.Elems()
		return len(e), true
	case v.KindDict:
		d, _ := x.AsDict()
		return d.Len(), true
	case v.KindSet, v.KindFrozenSet:
		s, _ := x.AsSet()
		return s.Len(), true
	}
	return 0, false
}

// fsPath is os.fspath(x) for str, pathlib and environ.Path values.
func (in *Interp) fsPath(x v.Value) (string, bool) {
	if s, ok := x.AsStr(); ok {
		return s, true
	}
	if p, ok := asPath(x); ok {
		return p.P, true
	}
	if o, ok := x.AsObject(); ok {
		if p, ok := o.(*envPath); ok {
			return p.root, true
		}
	}
	return "", false
}

// newDict builds a dict from alternating keys and values.
func newDict(kv ...v.Value) *v.Dict {
	d := v.NewDictStore()
	for i := 0; i+1 < len(kv); i += 2 {
		d.Set(kv[i], kv[i+1])
	}
	return d
}

// ---- files ----

// fileStatus is what happened reading a file for a library.
type fileStatus int

const (
	fileOK      fileStatus = iota
	fileMissing            // does not exist (open would raise FileNotFoundError)
	fileDir                // a directory (IsADirectoryError)
	fileOutside            // outside the project root: never read
	fileError              // unreadable (PermissionError...)
)

// projectFile is a file a library reads, resolved against the project.
type projectFile struct {
	abs    string
	data   string
	status fileStatus
}

// projectRoot is the project root as an absolute path ("" when unset).
func (in *Interp) projectRoot() string {
	if in.opts.Root == "" {
		return ""
	}
	root, err := filepath.Abs(in.opts.Root)
	if err != nil {
		return ""
	}
	return root
}

// projectAbs makes a path absolute the way open() resolves it: relative
// to the working directory, taken to be the project root (where manage.py
// runs).
func (in *Interp) projectAbs(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(in.projectRoot(), p)
	}
	return filepath.Clean(p)
}

// readProjectFile reads a file the way a library's open() would, but only
// inside the project root (symlinks are resolved first, so a link cannot
// lead outside).
func (in *Interp) readProjectFile(p string) projectFile {
	f := projectFile{abs: in.projectAbs(p)}
	real, status := in.resolveProjectPath(f.abs)
	if status != fileOK {
		f.status = status
		return f
	}
	st, err := os.Stat(real)
	switch {
	case err != nil:
		f.status = fileError
		return f
	case st.IsDir():
		f.status = fileDir
		return f
	case st.Size() > in.lim.FileSize:
		f.status = fileOutside
		return f
	}
	data, err := os.ReadFile(real)
	if err != nil {
		f.status = fileError
		return f
	}
	f.data = string(data)
	return f
}

// resolveProjectPath resolves symlinks in an absolute path and tells
// whether the result lies inside the project root.
func (in *Interp) resolveProjectPath(abs string) (string, fileStatus) {
	root := in.projectRoot()
	if root == "" || !within(root, abs) {
		return "", fileOutside
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", fileOutside
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if os.IsNotExist(err) {
			return "", fileMissing
		}
		return "", fileError
	}
	if !within(realRoot, real) {
		return "", fileOutside
	}
	return real, fileOK
}

// isProjectFile is os.path.isfile inside the project; outside is true when
// the path (or where a link leads) is outside the root.
func (in *Interp) isProjectFile(abs string) (isFile, outside bool) {
	real, status := in.resolveProjectPath(abs)
	switch status {
	case fileOutside:
		return false, true
	case fileOK:
		st, err := os.Stat(real)
		return err == nil && st.Mode().IsRegular(), false
	}
	return false, false
}

// decodeText decodes file bytes with the encoding a library passes to
// open(); ok is false (with the UnicodeDecodeError message) when Python
// would fail.
func decodeText(data, encoding string) (string, string, bool) {
	switch strings.ReplaceAll(strings.ToLower(encoding), "_", "-") {
	case "utf-8-sig", "utf8-sig":
		text, msg, ok := decodeText(data, "utf-8")
		return strings.TrimPrefix(text, "\ufeff"), msg, ok
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		var b strings.Builder
		for i := 0; i < len(data); i++ {
			b.WriteRune(rune(data[i]))
		}
		return b.String(), "", true
	case "ascii", "us-ascii":
		for i := 0; i < len(data); i++ {
			if data[i] >= 0x80 {
				return "", fmt.Sprintf("'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", data[i], i), false
			}
		}
		return data, "", true
	}
	if !utf8.ValidString(data) {
		pos := 0
		for pos < len(data) {
			r, n := utf8.DecodeRuneInString(data[pos:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			pos += n
		}
		return "", fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", data[pos], pos), false
	}
	return data, "", true
}

// universalNewlines is what reading a text-mode file returns: "\r\n" and
// "\r" become "\n".
func universalNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
