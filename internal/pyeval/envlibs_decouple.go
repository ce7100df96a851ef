package pyeval

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// python-decouple 3.6 (decouple.py), modelled on its source.

// decoupleLib is the decouple module's state in one evaluation.
type decoupleLib struct {
	autoConfigClass, configClass, csvClass, choicesClass, undefinedClass *Class
	repoEmptyClass, repoEnvClass, repoIniClass, repoSecretClass          *Class
	undefined                                                            v.Value
	// config is the module's pre-built AutoConfig (decouple.config).
	config *decoupleAutoConfig
}

func (in *Interp) decoupleState() *decoupleLib {
	st := in.envLibs()
	if st.decouple == nil {
		st.decouple = in.newDecoupleLib()
	}
	return st.decouple
}

func (in *Interp) newDecoupleLib() *decoupleLib {
	lib := &decoupleLib{}
	mk := func(name string, call func(in *Interp, c *callCtx) v.Value) *Class {
		return &Class{Name: name, ns: newNamespace(), call: call}
	}
	lib.undefinedClass = mk("Undefined", func(in *Interp, c *callCtx) v.Value { return v.NewObject(&decoupleUndefined{}) })
	lib.undefined = v.NewObject(&decoupleUndefined{})
	lib.autoConfigClass = mk("AutoConfig", func(in *Interp, c *callCtx) v.Value {
		a := in.bindArgs(c, "AutoConfig", []string{"search_path"}, false, false)
		return v.NewObject(&decoupleAutoConfig{lib: lib, searchPath: a.or("search_path", v.None)})
	})
	lib.autoConfigClass.ns.set("SUPPORTED", binding{val: v.NewDict(newDict(
		v.Str("settings.ini"), v.Unknown("RepositoryIni"), v.Str(".env"), v.Unknown("RepositoryEnv")))})
	lib.autoConfigClass.ns.set("encoding", binding{val: v.Str("UTF-8")})
	lib.configClass = mk("Config", func(in *Interp, c *callCtx) v.Value {
		a := in.bindArgs(c, "Config", []string{"repository"}, false, false)
		repo, ok := a.get("repository")
		if !ok {
			in.raise("TypeError", c.pos, c.fr.file, "Config.__init__() missing 1 required positional argument: 'repository'")
		}
		return v.NewObject(&decoupleConfig{lib: lib, repo: repo, via: "decouple.Config"})
	})
	repoCtor := func(kind string, params []string) func(in *Interp, c *callCtx) v.Value {
		return func(in *Interp, c *callCtx) v.Value {
			a := in.bindArgs(c, kind, params, false, false)
			enc := a.or("encoding", v.Str("UTF-8"))
			switch kind {
			case "RepositoryEmpty":
				return v.NewObject(&decoupleRepo{kind: "empty"})
			case "RepositorySecret":
				return v.NewObject(in.decoupleSecrets(c, a.or("source", v.Str("/run/secrets/"))))
			}
			src, ok := a.get("source")
			if !ok {
				in.raise("TypeError", c.pos, c.fr.file, "%s.__init__() missing 1 required positional argument: 'source'", kind)
			}
			return v.NewObject(in.decoupleRepository(c, kind, src, enc))
		}
	}
	lib.repoEmptyClass = mk("RepositoryEmpty", repoCtor("RepositoryEmpty", []string{"source", "encoding"}))
	lib.repoEnvClass = mk("RepositoryEnv", repoCtor("RepositoryEnv", []string{"source", "encoding"}))
	lib.repoIniClass = mk("RepositoryIni", repoCtor("RepositoryIni", []string{"source", "encoding"}))
	lib.repoSecretClass = mk("RepositorySecret", repoCtor("RepositorySecret", []string{"source"}))
	lib.csvClass = mk("Csv", func(in *Interp, c *callCtx) v.Value {
		a := in.bindArgs(c, "Csv", []string{"cast", "delimiter", "strip", "post_process"}, false, false)
		return v.NewObject(&decoupleCsv{
			cast:      a.or("cast", in.builtins["str"]),
			delimiter: a.or("delimiter", v.Str(",")),
			strip:     a.or("strip", v.Str(" \t\n\r\x0b\x0c")),
			post:      a.or("post_process", in.builtins["list"]),
		})
	})
	lib.choicesClass = mk("Choices", func(in *Interp, c *callCtx) v.Value {
		a := in.bindArgs(c, "Choices", []string{"flat", "cast", "choices"}, false, false)
		ch := &decoupleChoices{cast: a.or("cast", in.builtins["str"])}
		if flat := a.or("flat", v.None); isTruthy(flat) {
			items, ok := in.iterate(c.fr, flat, c.pos)
			if !ok {
				return unknownOf("Choices() of values that could not be evaluated", flat)
			}
			ch.valid = append(ch.valid, items...)
		}
		if choices := a.or("choices", v.None); isTruthy(choices) {
			items, ok := in.iterate(c.fr, choices, c.pos)
			if !ok {
				return unknownOf("Choices() of values that could not be evaluated", choices)
			}
			for _, it := range items {
				pair, ok := in.iterate(c.fr, it, c.pos)
				if !ok {
					return unknownOf("Choices() of values that could not be evaluated", it)
				}
				if len(pair) != 2 {
					in.raise("ValueError", c.pos, c.fr.file, "too many values to unpack (expected 2)")
				}
				ch.valid = append(ch.valid, pair[0])
			}
		}
		return v.NewObject(ch)
	})
	lib.config = &decoupleAutoConfig{lib: lib, searchPath: v.None}
	return lib
}

// decoupleModel lists the attributes of the decouple module.
func (in *Interp) decoupleModel() attrs {
	lib := in.decoupleState()
	cls := func(c *Class) func() v.Value { return val(v.NewObject(c)) }
	return attrs{
		"config":              val(v.NewObject(lib.config)),
		"AutoConfig":          cls(lib.autoConfigClass),
		"Config":              cls(lib.configClass),
		"RepositoryEmpty":     cls(lib.repoEmptyClass),
		"RepositoryEnv":       cls(lib.repoEnvClass),
		"RepositoryIni":       cls(lib.repoIniClass),
		"RepositorySecret":    cls(lib.repoSecretClass),
		"Csv":                 cls(lib.csvClass),
		"Choices":             cls(lib.choicesClass),
		"Undefined":           cls(lib.undefinedClass),
		"undefined":           val(lib.undefined),
		"UndefinedValueError": val(v.NewObject(in.classes.get("UndefinedValueError"))),
		"DEFAULT_ENCODING":    val(v.Str("UTF-8")),
		"TRUE_VALUES":         func() v.Value { return decoupleStrSet(decoupleTrue) },
		"FALSE_VALUES":        func() v.Value { return decoupleStrSet(decoupleFalse) },
		"strtobool": fnAttr("strtobool", func(in *Interp, c *callCtx) v.Value {
			x, _ := c.arg(0, "value")
			s, ok := x.AsStr()
			if !ok {
				return unknownOf("strtobool() of a value that is not a str", x)
			}
			return decoupleStrToBool(in, c, s, x.EnvSet()).WithEnvFrom(x)
		}),
	}
}

var (
	decoupleTrue  = []string{"y", "yes", "t", "true", "on", "1"}
	decoupleFalse = []string{"n", "no", "f", "false", "off", "0"}
)

func decoupleStrSet(items []string) v.Value {
	s := v.NewSetStore()
	for _, it := range items {
		s.Add(v.Str(it))
	}
	return v.NewSet(s, false)
}

func decoupleStrToBool(in *Interp, c *callCtx, s string, env *v.EnvSet) v.Value {
	s = strings.ToLower(s)
	for _, t := range decoupleTrue {
		if s == t {
			return v.True
		}
	}
	for _, f := range decoupleFalse {
		if s == f {
			return v.False
		}
	}
	in.raiseEnv(c, "ValueError", env, "Invalid truth value: %s", s)
	return v.Value{}
}

// decoupleUndefined is decouple.undefined.
type decoupleUndefined struct{}

// TypeName implements pyvalue.Object.
func (u *decoupleUndefined) TypeName() string { return "Undefined" }

func isUndefined(x v.Value) bool {
	o, ok := x.AsObject()
	if !ok {
		return false
	}
	_, ok = o.(*decoupleUndefined)
	return ok
}

// ---- repositories ----

// decoupleRepo is a RepositoryEmpty, RepositoryEnv, RepositoryIni or
// RepositorySecret; kind "unknown" stands for a file outside the project,
// whose values are not known.
type decoupleRepo struct {
	kind   string
	source string
	data   map[string]string
	ini    *iniFile
}

// TypeName implements pyvalue.Object.
func (r *decoupleRepo) TypeName() string {
	switch r.kind {
	case "env":
		return "RepositoryEnv"
	case "ini":
		return "RepositoryIni"
	case "secret":
		return "RepositorySecret"
	}
	return "RepositoryEmpty"
}

// contains is `key in repository` without the os.environ part.
func (r *decoupleRepo) contains(key string) bool {
	switch r.kind {
	case "env", "secret":
		_, ok := r.data[key]
		return ok
	case "ini":
		return r.ini.hasOption("settings", key)
	}
	return false
}

func (r *decoupleRepo) get(in *Interp, c *callCtx, key string, env *v.EnvSet) v.Value {
	switch r.kind {
	case "env", "secret":
		if s, ok := r.data[key]; ok {
			return v.Str(s)
		}
		in.raiseEnv(c, "KeyError", env, "%s", v.QuoteStr(key))
	case "ini":
		s, err := r.ini.get("settings", key)
		if err != nil {
			in.raiseClass(c, in.libClass(err.class, "Exception"), env, err.msg)
		}
		return v.Str(s)
	case "unknown":
		return v.Unknown("value of " + key + " in " + r.source + " (outside the project, not read)")
	}
	return v.None
}

func (r *decoupleRepo) has(in *Interp, key v.Value) v.Value {
	k, ok := key.AsStr()
	if !ok {
		return unknownOf("membership test with a key that is not a str", key)
	}
	env := v.NewEnvSet(k).Union(key.EnvSet())
	if r.kind == "empty" {
		return v.False.WithEnv(env)
	}
	if _, found := in.lookupEnv(k); found {
		return v.True.WithEnv(env)
	}
	if r.kind == "unknown" {
		return v.Unknown("whether " + r.source + " (outside the project) sets " + k).WithEnv(env)
	}
	return v.Bool(r.contains(k)).WithEnv(env)
}

func (r *decoupleRepo) item(in *Interp, fr *frame, key v.Value, pos pyast.Pos) v.Value {
	k, ok := key.AsStr()
	if !ok {
		return unknownOf("lookup with a key that is not a str", key)
	}
	c := &callCtx{fr: fr, pos: pos}
	if r.kind == "empty" {
		return v.None
	}
	return r.get(in, c, k, key.EnvSet()).WithEnv(key.EnvSet())
}

// decoupleRepository opens a RepositoryEnv or RepositoryIni source file.
func (in *Interp) decoupleRepository(c *callCtx, kind string, src, enc v.Value) *decoupleRepo {
	p, ok := in.fsPath(src)
	if !ok {
		return &decoupleRepo{kind: "unknown", source: "a file whose path could not be evaluated"}
	}
	f := in.readProjectFile(p)
	switch f.status {
	case fileOutside:
		return &decoupleRepo{kind: "unknown", source: p}
	case fileMissing:
		in.raiseEnv(c, "FileNotFoundError", src.EnvSet(), "[Errno 2] No such file or directory: %s", v.QuoteStr(p))
	case fileDir:
		in.raiseEnv(c, "IsADirectoryError", src.EnvSet(), "[Errno 21] Is a directory: %s", v.QuoteStr(p))
	case fileError:
		in.raiseEnv(c, "PermissionError", src.EnvSet(), "[Errno 13] Permission denied: %s", v.QuoteStr(p))
	}
	encS, _ := enc.AsStr()
	text, msg, ok := decodeText(f.data, encS)
	if !ok {
		in.raiseClass(c, in.libClass("UnicodeDecodeError", "UnicodeError"), src.EnvSet(), msg)
	}
	if kind == "RepositoryIni" || kind == "ini" {
		ini, err := parseINI(text, p)
		if err != nil {
			in.raiseClass(c, in.libClass(err.class, "Exception"), src.EnvSet(), err.msg)
		}
		return &decoupleRepo{kind: "ini", source: p, ini: ini}
	}
	return &decoupleRepo{kind: "env", source: p, data: parseDecoupleEnv(text)}
}

// parseDecoupleEnv reads a .env file as RepositoryEnv does.
func parseDecoupleEnv(text string) map[string]string {
	data := map[string]string{}
	for _, line := range pyFileLines(text) {
		line = pyTrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || !strings.Contains(line, "=") {
			continue
		}
		k, val, _ := strings.Cut(line, "=")
		k, val = pyTrimSpace(k), pyTrimSpace(val)
		if r := []rune(val); len(r) >= 2 && (r[0] == '\'' && r[len(r)-1] == '\'' || r[0] == '"' && r[len(r)-1] == '"') {
			val = string(r[1 : len(r)-1])
		}
		data[k] = val
	}
	return data
}

// decoupleSecrets is RepositorySecret(source): one value per file.
func (in *Interp) decoupleSecrets(c *callCtx, src v.Value) *decoupleRepo {
	p, ok := in.fsPath(src)
	if !ok {
		return &decoupleRepo{kind: "unknown", source: "a directory whose path could not be evaluated"}
	}
	real, status := in.resolveProjectPath(in.projectAbs(p))
	switch status {
	case fileOutside, fileError:
		return &decoupleRepo{kind: "unknown", source: p}
	case fileMissing:
		in.raiseEnv(c, "FileNotFoundError", src.EnvSet(), "[Errno 2] No such file or directory: %s", v.QuoteStr(p))
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return &decoupleRepo{kind: "unknown", source: p}
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	data := map[string]string{}
	for _, name := range names {
		f := in.readProjectFile(joinPath(p, name))
		if f.status != fileOK {
			return &decoupleRepo{kind: "unknown", source: p}
		}
		text, _, ok := decodeText(f.data, "utf-8")
		if !ok {
			return &decoupleRepo{kind: "unknown", source: p}
		}
		data[name] = universalNewlines(text)
	}
	return &decoupleRepo{kind: "secret", source: p, data: data}
}

// ---- Config and AutoConfig ----

// decoupleConfig is a decouple.Config over a repository.
type decoupleConfig struct {
	lib  *decoupleLib
	repo v.Value
	via  string
}

// TypeName implements pyvalue.Object.
func (cfg *decoupleConfig) TypeName() string { return "Config" }

func (cfg *decoupleConfig) callWith(in *Interp, fr *frame, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	return in.decoupleGet(&callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs}, cfg.repo, cfg.via)
}

func (cfg *decoupleConfig) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	switch name {
	case "get", "__call__":
		return builtinFn("Config.get", func(in *Interp, c *callCtx) v.Value { return in.decoupleGet(c, cfg.repo, cfg.via) }), true
	case "repository":
		return cfg.repo, true
	case "_cast_boolean":
		return builtinFn("Config._cast_boolean", func(in *Interp, c *callCtx) v.Value {
			return decoupleCastBoolean(in, c, c.argOr(0, "value", v.None))
		}), true
	}
	return v.Value{}, false
}

// decoupleAutoConfig is an AutoConfig: it finds settings.ini or .env on
// first use.
type decoupleAutoConfig struct {
	lib        *decoupleLib
	searchPath v.Value
	config     *decoupleConfig
}

// TypeName implements pyvalue.Object.
func (ac *decoupleAutoConfig) TypeName() string { return "AutoConfig" }

func (ac *decoupleAutoConfig) callWith(in *Interp, fr *frame, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	c := &callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs}
	if ac.config == nil {
		start := ac.searchPath
		if !start.IsUnknown() && !isTruthy(start) {
			start = v.Str(path.Dir(fr.file))
		}
		ac.config = &decoupleConfig{lib: ac.lib, repo: v.NewObject(in.decoupleAutoRepository(c, start)), via: "decouple.config"}
	}
	return in.decoupleGet(c, ac.config.repo, "decouple.config")
}

func (ac *decoupleAutoConfig) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	switch name {
	case "search_path":
		return ac.searchPath, true
	case "config":
		if ac.config == nil {
			return v.None, true
		}
		return v.NewObject(ac.config), true
	}
	if b, ok := ac.lib.autoConfigClass.lookup(name); ok {
		return b.val, true
	}
	return v.Value{}, false
}

func (ac *decoupleAutoConfig) setAttr(in *Interp, name string, val v.Value) {
	switch name {
	case "search_path":
		ac.searchPath = val
	case "config":
		if o, ok := val.AsObject(); ok {
			if cfg, ok := o.(*decoupleConfig); ok {
				ac.config = cfg
				return
			}
		}
		if val.IsNone() {
			ac.config = nil
		}
	}
}

// decoupleAutoRepository is AutoConfig._load: settings.ini or .env in the
// start directory or the nearest parent, never above the project root.
func (in *Interp) decoupleAutoRepository(c *callCtx, start v.Value) *decoupleRepo {
	p, ok := in.fsPath(start)
	if start.IsUnknown() || !ok {
		return &decoupleRepo{kind: "unknown", source: "a directory whose path could not be evaluated"}
	}
	dir := in.projectAbs(p)
	root := in.projectRoot()
	if root == "" || !within(root, dir) {
		return &decoupleRepo{kind: "unknown", source: "the configuration files found from " + dir}
	}
	for {
		for _, name := range []string{"settings.ini", ".env"} {
			f := joinPath(dir, name)
			isFile, outside := in.isProjectFile(f)
			if outside {
				return &decoupleRepo{kind: "unknown", source: f}
			}
			if isFile {
				kind := "ini"
				if name == ".env" {
					kind = "env"
				}
				return in.decoupleRepository(c, kind, v.Str(f), v.Str("UTF-8"))
			}
		}
		parent := path.Dir(dir)
		// The search stops at the project root: what lies above it is not
		// part of the project.
		if parent == dir || parent == "/" || !within(root, parent) {
			return &decoupleRepo{kind: "empty"}
		}
		dir = parent
	}
}

// decoupleGet is Config.get(option, default=undefined, cast=undefined):
// os.environ first, then the repository, then the default; the cast
// applies to whichever value was found.
func (in *Interp) decoupleGet(c *callCtx, repoV v.Value, via string) v.Value {
	a := in.bindArgs(c, "get", []string{"option", "default", "cast"}, false, false)
	opt, ok := a.get("option")
	if !ok {
		in.raise("TypeError", c.pos, c.fr.file, "Config.get() missing 1 required positional argument: 'option'")
	}
	if opt.IsUnknown() {
		return opt
	}
	name, ok := opt.AsStr()
	if !ok {
		in.raiseEnv(c, "TypeError", opt.EnvSet(), "str expected, not %s", opt.TypeName())
	}
	def, hasDef := a.get("default")
	if hasDef && isUndefined(def) {
		hasDef = false
	}
	cast, hasCast := a.get("cast")
	if hasCast && isUndefined(cast) {
		hasCast = false
	}
	taint := v.NewEnvSet(name).Union(opt.EnvSet())
	var repo *decoupleRepo
	if o, ok := repoV.AsObject(); ok {
		repo, _ = o.(*decoupleRepo)
	}
	if repo == nil {
		repo = &decoupleRepo{kind: "unknown", source: "a repository the model does not know"}
	}
	var value v.Value
	if s, found := in.lookupEnv(name); found {
		in.recordRead(c, name, def, hasDef, true, via)
		value = v.Str(s)
	} else {
		in.recordRead(c, name, def, hasDef, false, via)
		switch {
		case in.unreadEnvFile() != "":
			return v.Unknown("value of " + name + ", which may be set by " + in.unreadEnvFile() + " (outside the project, not read)").WithEnv(taint)
		case repo.kind == "unknown":
			return v.Unknown("value of " + name + ", which may be set in " + repo.source + " (outside the project, not read)").WithEnv(taint)
		case repo.contains(name):
			value = repo.get(in, c, name, taint)
		case !hasDef:
			return in.missingEnv(c, name, "UndefinedValueError",
				name+" not found. Declare it as envvar or define a default value.",
				"required setting "+name+" is neither in the environment nor in a settings.ini or .env file").WithEnv(taint)
		default:
			value = def
		}
	}
	value = value.WithEnv(taint)
	if value.IsUnknown() || !hasCast {
		return taintDeep(value, taint)
	}
	if cast.IsUnknown() {
		return unknownOf("", cast).WithEnv(taint)
	}
	var out v.Value
	if isBuiltinType(cast, "bool") {
		out = decoupleCastBoolean(in, c, value)
	} else {
		out = in.call(c.fr, cast, []v.Value{value}, nil, c.pos)
	}
	return taintDeep(out, taint)
}

// decoupleCastBoolean is Config._cast_boolean.
func decoupleCastBoolean(in *Interp, c *callCtx, x v.Value) v.Value {
	sv := in.toStr(c.fr, x)
	s, ok := sv.AsStr()
	if !ok {
		return sv
	}
	if s == "" {
		return v.False.WithEnvFrom(x)
	}
	return decoupleStrToBool(in, c, s, x.EnvSet()).WithEnvFrom(x)
}

// ---- Csv and Choices ----

// decoupleCsv is a decouple.Csv cast.
type decoupleCsv struct {
	cast, delimiter, strip, post v.Value
}

// TypeName implements pyvalue.Object.
func (cv *decoupleCsv) TypeName() string { return "Csv" }

func (cv *decoupleCsv) callWith(in *Interp, fr *frame, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	c := &callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs}
	a := in.bindArgs(c, "Csv.__call__", []string{"value"}, false, false)
	x := a.or("value", v.None)
	if x.IsUnknown() {
		return x
	}
	s, ok := x.AsStr()
	if !ok {
		if x.IsNone() {
			// shlex(None) reads sys.stdin.
			return v.Unknown("Csv() of None, which reads the server's standard input").WithEnvFrom(x)
		}
		in.raiseEnv(c, "AttributeError", x.EnvSet(), "'%s' object has no attribute 'read'", x.TypeName())
	}
	delim, ok := cv.delimiter.AsStr()
	if !ok {
		return unknownOf("Csv() with a delimiter that is not a str", cv.delimiter)
	}
	tokens, err := shlexSplit(s, delim)
	if err != "" {
		in.raiseEnv(c, "ValueError", x.EnvSet(), "%s", err)
	}
	in.checkSize(len(tokens), c.pos, c.fr.file)
	items := make([]v.Value, 0, len(tokens))
	for _, t := range tokens {
		var stripped string
		switch {
		case cv.strip.IsNone():
			stripped = pyTrimSpace(t)
		default:
			chars, ok := cv.strip.AsStr()
			if !ok {
				return unknownOf("Csv() with a strip value that is not a str", cv.strip)
			}
			stripped = strings.Trim(t, chars)
			if chars == "" {
				stripped = t
			}
		}
		items = append(items, in.call(fr, cv.cast, []v.Value{v.Str(stripped).WithEnvFrom(x)}, nil, pos))
	}
	return in.call(fr, cv.post, []v.Value{v.NewTuple(items).WithEnvFrom(x)}, nil, pos).WithEnvFrom(x)
}

// shlexSplit splits like shlex.shlex(s, posix=True) with whitespace set to
// the delimiter characters and whitespace_split on, as Csv configures it.
func shlexSplit(s, whitespace string) ([]string, string) {
	rs := []rune(s)
	pos := 0
	const eofState = rune(-1)
	state := ' '
	next := func() (rune, bool) {
		if pos >= len(rs) {
			return 0, false
		}
		pos++
		return rs[pos-1], true
	}
	readline := func() {
		for {
			r, ok := next()
			if !ok || r == '\n' {
				return
			}
		}
	}
	isWS := func(r rune) bool { return strings.ContainsRune(whitespace, r) }
	isQuote := func(r rune) bool { return r == '\'' || r == '"' }
	var tokens []string
	for {
		quoted := false
		escaped := ' '
		var tok strings.Builder
	read:
		for {
			ch, ok := next()
			switch {
			case state == eofState:
				tok.Reset()
				break read
			case state == ' ':
				switch {
				case !ok:
					state = eofState
					break read
				case isWS(ch):
					if tok.Len() > 0 || quoted {
						break read
					}
				case ch == '#':
					readline()
				case ch == '\\':
					escaped, state = 'a', ch
				case isQuote(ch):
					state = ch
				default:
					tok.WriteRune(ch)
					state = 'a'
				}
			case isQuote(state):
				quoted = true
				switch {
				case !ok:
					return nil, "No closing quotation"
				case ch == state:
					state = 'a'
				case ch == '\\' && state == '"':
					escaped, state = state, ch
				default:
					tok.WriteRune(ch)
				}
			case state == '\\':
				if !ok {
					return nil, "No escaped character"
				}
				if isQuote(escaped) && ch != state && ch != escaped {
					tok.WriteRune(state)
				}
				tok.WriteRune(ch)
				state = escaped
			case state == 'a':
				switch {
				case !ok:
					state = eofState
					break read
				case isWS(ch):
					state = ' '
					if tok.Len() > 0 || quoted {
						break read
					}
				case ch == '#':
					readline()
					state = ' '
					if tok.Len() > 0 || quoted {
						break read
					}
				case isQuote(ch):
					state = ch
				case ch == '\\':
					escaped, state = 'a', ch
				default:
					tok.WriteRune(ch)
				}
			}
		}
		if !quoted && tok.Len() == 0 {
			return tokens, ""
		}
		tokens = append(tokens, tok.String())
	}
}

// decoupleChoices is a decouple.Choices cast.
type decoupleChoices struct {
	cast  v.Value
	valid []v.Value
}

// TypeName implements pyvalue.Object.
func (ch *decoupleChoices) TypeName() string { return "Choices" }

func (ch *decoupleChoices) callWith(in *Interp, fr *frame, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	c := &callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs}
	a := in.bindArgs(c, "Choices.__call__", []string{"value"}, false, false)
	x := a.or("value", v.None)
	t := in.call(fr, ch.cast, []v.Value{x}, nil, pos)
	if t.IsUnknown() {
		return t
	}
	for _, ok := range ch.valid {
		eq, known := v.Equal(t, ok)
		if !known {
			return unknownOf("Choices() with values that could not be evaluated", ok, t)
		}
		if eq {
			return t
		}
	}
	in.raiseEnv(c, "ValueError", x.EnvSet(), "Value not in list: %s; valid values are %s", v.Repr(x), v.Repr(v.NewList(ch.valid)))
	return v.Value{}
}

// ---- configparser (the subset RepositoryIni uses) ----

// iniFile is a file read by configparser.ConfigParser().
type iniFile struct {
	sections map[string]map[string]string
	defaults map[string]string
}

// iniError is a configparser exception: its class name and message.
type iniError struct{ class, msg string }

var (
	iniSectRE = regexp.MustCompile(`\A\[(.+)\]`)
	iniOptRE  = regexp.MustCompile(`\A(.*?)` + pySpaceClass + `*(=|:)` + pySpaceClass + `*(.*)\z`)
)

// parseINI reads an ini file with ConfigParser's defaults (comment lines
// starting with # or ;, = or : delimiters, indented continuation lines,
// strict duplicates, a DEFAULT section).
func parseINI(text, name string) (*iniFile, *iniError) {
	f := &iniFile{sections: map[string]map[string]string{}, defaults: map[string]string{}}
	type optList struct {
		lines []string
	}
	raw := map[string]map[string]*optList{}
	defaults := map[string]*optList{}
	var order []string
	var cursect map[string]*optList
	sectname, optname := "", ""
	indentLevel := 0
	added := map[string]bool{}
	var errs []string
	for lineno, line := range pyFileLines(text) {
		lineno++
		stripped := pyTrimSpace(line)
		clean := stripped
		hasComments := false
		if strings.HasPrefix(stripped, "#") || strings.HasPrefix(stripped, ";") {
			clean, hasComments = "", true
		}
		if clean == "" {
			if !hasComments && cursect != nil && optname != "" && cursect[optname] != nil {
				cursect[optname].lines = append(cursect[optname].lines, "")
			}
			continue
		}
		curIndent := 0
		for _, r := range line {
			if !pyIsSpace(r) {
				break
			}
			curIndent++
		}
		if cursect != nil && optname != "" && curIndent > indentLevel {
			if cursect[optname] != nil {
				cursect[optname].lines = append(cursect[optname].lines, clean)
			}
			continue
		}
		indentLevel = curIndent
		if m := iniSectRE.FindStringSubmatch(clean); m != nil {
			sectname = m[1]
			switch {
			case raw[sectname] != nil:
				if added[sectname] {
					return nil, &iniError{"DuplicateSectionError", "While reading from " + v.QuoteStr(name) +
						" [line " + strconv.Itoa(lineno) + "]: section " + v.QuoteStr(sectname) + " already exists"}
				}
				cursect = raw[sectname]
				added[sectname] = true
			case sectname == "DEFAULT":
				cursect = defaults
			default:
				cursect = map[string]*optList{}
				raw[sectname] = cursect
				order = append(order, sectname)
				added[sectname] = true
			}
			optname = ""
			continue
		}
		if cursect == nil {
			return nil, &iniError{"MissingSectionHeaderError", "File contains no section headers.\nfile: " +
				v.QuoteStr(name) + ", line: " + strconv.Itoa(lineno) + "\n" + v.QuoteStr(line)}
		}
		m := iniOptRE.FindStringSubmatch(clean)
		if m == nil {
			errs = append(errs, "\n\t[line "+iniLineNo(lineno)+"]: "+v.QuoteStr(line))
			continue
		}
		if m[1] == "" {
			errs = append(errs, "\n\t[line "+iniLineNo(lineno)+"]: "+v.QuoteStr(line))
		}
		optname = strings.ToLower(strings.TrimRightFunc(m[1], pyIsSpace))
		key := sectname + "\x00" + optname
		if added[key] {
			return nil, &iniError{"DuplicateOptionError", "While reading from " + v.QuoteStr(name) + " [line " + strconv.Itoa(lineno) +
				"]: option " + v.QuoteStr(optname) + " in section " + v.QuoteStr(sectname) + " already exists"}
		}
		added[key] = true
		cursect[optname] = &optList{lines: []string{pyTrimSpace(m[3])}}
	}
	join := func(opts map[string]*optList) map[string]string {
		out := map[string]string{}
		for k, o := range opts {
			out[k] = strings.TrimRightFunc(strings.Join(o.lines, "\n"), pyIsSpace)
		}
		return out
	}
	if len(errs) > 0 {
		return nil, &iniError{"ParsingError", "Source contains parsing errors: " + v.QuoteStr(name) + strings.Join(errs, "")}
	}
	f.defaults = join(defaults)
	for _, s := range order {
		f.sections[s] = join(raw[s])
	}
	return f, nil
}

func iniLineNo(n int) string { return fmt.Sprintf("%2d", n) }

// hasOption is ConfigParser.has_option(section, option).
func (f *iniFile) hasOption(section, option string) bool {
	sect, ok := f.sections[section]
	if !ok {
		return false
	}
	option = strings.ToLower(option)
	if _, ok := sect[option]; ok {
		return true
	}
	_, ok = f.defaults[option]
	return ok
}

// get is ConfigParser.get(section, option) with BasicInterpolation.
func (f *iniFile) get(section, option string) (string, *iniError) {
	option = strings.ToLower(option)
	sect := f.sections[section]
	lookup := func(k string) (string, bool) {
		if s, ok := sect[k]; ok {
			return s, true
		}
		s, ok := f.defaults[k]
		return s, ok
	}
	raw, ok := lookup(option)
	if !ok {
		return "", &iniError{"NoOptionError", "No option " + v.QuoteStr(option) + " in section: " + v.QuoteStr(section)}
	}
	var b strings.Builder
	if err := iniInterpolate(&b, option, section, raw, raw, lookup, 1); err != nil {
		return "", err
	}
	return b.String(), nil
}

var iniKeyRE = regexp.MustCompile(`\A%\(([^)]+)\)s`)

func iniInterpolate(b *strings.Builder, option, section, rawval, rest string, lookup func(string) (string, bool), depth int) *iniError {
	if depth > 10 {
		return &iniError{"InterpolationDepthError", "Recursion limit exceeded in value substitution: option " +
			v.QuoteStr(option) + " in section " + v.QuoteStr(section) + " contains an interpolation key which cannot be substituted in 10 steps. Raw value: " + v.QuoteStr(rawval)}
	}
	for rest != "" {
		p := strings.IndexByte(rest, '%')
		if p < 0 {
			b.WriteString(rest)
			return nil
		}
		b.WriteString(rest[:p])
		rest = rest[p:]
		switch {
		case strings.HasPrefix(rest, "%%"):
			b.WriteByte('%')
			rest = rest[2:]
		case strings.HasPrefix(rest, "%("):
			m := iniKeyRE.FindStringSubmatch(rest)
			if m == nil {
				return &iniError{"InterpolationSyntaxError", "bad interpolation variable reference " + v.QuoteStr(rest)}
			}
			name := strings.ToLower(m[1])
			rest = rest[len(m[0]):]
			val, ok := lookup(name)
			if !ok {
				return &iniError{"InterpolationMissingOptionError", "Bad value substitution: option " + v.QuoteStr(option) +
					" in section " + v.QuoteStr(section) + " contains an interpolation key " + v.QuoteStr(name) +
					" which is not a valid option name. Raw value: " + v.QuoteStr(rawval)}
			}
			if strings.Contains(val, "%") {
				if err := iniInterpolate(b, option, section, rawval, val, lookup, depth+1); err != nil {
					return err
				}
			} else {
				b.WriteString(val)
			}
		default:
			return &iniError{"InterpolationSyntaxError", "'%' must be followed by '%' or '(', found: " + v.QuoteStr(rest)}
		}
	}
	return nil
}
