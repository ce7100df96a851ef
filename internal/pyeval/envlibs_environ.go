package pyeval

import (
	"math/big"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// django-environ 0.12.0 (environ/environ.py), modelled on its source.

// environLib is the django-environ module's state in one evaluation.
type environLib struct {
	envClass, fileAwareClass, pathClass, noValueClass *Class
	notset                                            v.Value
	// unread lists env files read_env was asked to load but that lie
	// outside the project: what they set is not known.
	unread []string
}

// unreadEnvFile names an env file read_env was asked to load from outside
// the project ("" when none): any variable the environment lacks may come
// from it.
func (in *Interp) unreadEnvFile() string {
	if st := in.envLibs(); st.environ != nil && len(st.environ.unread) > 0 {
		return st.environ.unread[0]
	}
	return ""
}

func (in *Interp) environState() *environLib {
	st := in.envLibs()
	if st.environ == nil {
		st.environ = in.newEnvironLib()
	}
	return st.environ
}

// environ.compat's choices in the reference environment: Django 5 without
// django-redis or pymemcache installed.
const (
	environPostgres  = "django.db.backends.postgresql"
	environRedis     = "django.core.cache.backends.redis.RedisCache"
	environPymemcach = "django.core.cache.backends.memcached.PyLibMCCache"
)

func strDict(pairs ...string) v.Value {
	d := v.NewDictStore()
	for i := 0; i+1 < len(pairs); i += 2 {
		d.Set(v.Str(pairs[i]), v.Str(pairs[i+1]))
	}
	return v.NewDict(d)
}

func strTuple(items ...string) v.Value {
	out := make([]v.Value, len(items))
	for i, s := range items {
		out[i] = v.Str(s)
	}
	return v.NewTuple(out)
}

func strList(items ...string) v.Value {
	out := make([]v.Value, len(items))
	for i, s := range items {
		out[i] = v.Str(s)
	}
	return v.NewList(out)
}

var environPostgresFamily = map[string]bool{"postgres": true, "postgresql": true, "psql": true, "pgsql": true, "postgis": true}

var environESFamily = map[string]bool{"elasticsearch": true, "elasticsearchs": true, "elasticsearch2": true,
	"elasticsearch2s": true, "elasticsearch5": true, "elasticsearch5s": true, "elasticsearch7": true, "elasticsearch7s": true}

func (in *Interp) newEnvironLib() *environLib {
	lib := &environLib{}
	lib.noValueClass = &Class{Name: "NoValue", ns: newNamespace()}
	lib.notset = v.NewObject(&noValue{})
	ns := newNamespace()
	set := func(name string, x v.Value) { ns.set(name, binding{val: x}) }
	set("ENVIRON", v.NewObject(&environObj{}))
	set("NOTSET", lib.notset)
	set("BOOLEAN_TRUE_STRINGS", strTuple("true", "on", "ok", "y", "yes", "1"))
	set("URL_CLASS", v.Unknown("urllib.parse.ParseResult"))
	set("POSTGRES_FAMILY", strList("postgres", "postgresql", "psql", "pgsql", "postgis"))
	set("DEFAULT_DATABASE_ENV", v.Str("DATABASE_URL"))
	set("DB_SCHEMES", strDict(
		"postgres", environPostgres, "postgresql", environPostgres, "psql", environPostgres, "pgsql", environPostgres,
		"postgis", "django.contrib.gis.db.backends.postgis", "cockroachdb", "django_cockroachdb",
		"mysql", "django.db.backends.mysql", "mysql2", "django.db.backends.mysql",
		"mysql-connector", "mysql.connector.django", "mysqlgis", "django.contrib.gis.db.backends.mysql",
		"mssql", "mssql", "oracle", "django.db.backends.oracle", "pyodbc", "sql_server.pyodbc",
		"redshift", "django_redshift_backend", "spatialite", "django.contrib.gis.db.backends.spatialite",
		"sqlite", "django.db.backends.sqlite3", "ldap", "ldapdb.backends.ldap"))
	set("_DB_BASE_OPTIONS", strList("CONN_MAX_AGE", "ATOMIC_REQUESTS", "AUTOCOMMIT", "DISABLE_SERVER_SIDE_CURSORS", "CONN_HEALTH_CHECKS"))
	set("DEFAULT_CACHE_ENV", v.Str("CACHE_URL"))
	set("CACHE_SCHEMES", strDict(
		"dbcache", "django.core.cache.backends.db.DatabaseCache",
		"dummycache", "django.core.cache.backends.dummy.DummyCache",
		"filecache", "django.core.cache.backends.filebased.FileBasedCache",
		"locmemcache", "django.core.cache.backends.locmem.LocMemCache",
		"memcache", "django.core.cache.backends.memcached.MemcachedCache",
		"pymemcache", environPymemcach,
		"pylibmc", "django.core.cache.backends.memcached.PyLibMCCache",
		"rediscache", environRedis, "redis", environRedis, "rediss", environRedis))
	set("_CACHE_BASE_OPTIONS", strList("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION", "BINARY"))
	set("DEFAULT_EMAIL_ENV", v.Str("EMAIL_URL"))
	set("EMAIL_SCHEMES", strDict(
		"smtp", "django.core.mail.backends.smtp.EmailBackend",
		"smtps", "django.core.mail.backends.smtp.EmailBackend",
		"smtp+tls", "django.core.mail.backends.smtp.EmailBackend",
		"smtp+ssl", "django.core.mail.backends.smtp.EmailBackend",
		"consolemail", "django.core.mail.backends.console.EmailBackend",
		"filemail", "django.core.mail.backends.filebased.EmailBackend",
		"memorymail", "django.core.mail.backends.locmem.EmailBackend",
		"dummymail", "django.core.mail.backends.dummy.EmailBackend"))
	set("_EMAIL_BASE_OPTIONS", strList("EMAIL_USE_TLS", "EMAIL_USE_SSL"))
	set("DEFAULT_SEARCH_ENV", v.Str("SEARCH_URL"))
	set("SEARCH_SCHEMES", strDict(
		"elasticsearch", "haystack.backends.elasticsearch_backend.ElasticsearchSearchEngine",
		"elasticsearch2", "haystack.backends.elasticsearch2_backend.Elasticsearch2SearchEngine",
		"elasticsearch5", "haystack.backends.elasticsearch5_backend.Elasticsearch5SearchEngine",
		"elasticsearch7", "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
		"solr", "haystack.backends.solr_backend.SolrEngine",
		"whoosh", "haystack.backends.whoosh_backend.WhooshEngine",
		"xapian", "haystack.backends.xapian_backend.XapianEngine",
		"simple", "haystack.backends.simple_backend.SimpleEngine"))
	set("ELASTICSEARCH_FAMILY", strList("elasticsearch", "elasticsearchs", "elasticsearch2", "elasticsearch2s",
		"elasticsearch5", "elasticsearch5s", "elasticsearch7", "elasticsearch7s"))
	set("CLOUDSQL", v.Str("cloudsql"))
	set("DEFAULT_CHANNELS_ENV", v.Str("CHANNELS_URL"))
	set("CHANNELS_SCHEMES", strDict(
		"inmemory", "channels.layers.InMemoryChannelLayer",
		"redis", "channels_redis.core.RedisChannelLayer",
		"redis+pubsub", "channels_redis.pubsub.RedisPubSubChannelLayer"))
	for _, name := range []string{"read_env", "parse_value", "db_url_config", "cache_url_config",
		"email_url_config", "search_url_config", "channels_url_config"} {
		set(name, lib.classMethod(name))
	}
	lib.envClass = &Class{Name: "Env", ns: ns, call: func(in *Interp, c *callCtx) v.Value {
		return lib.newEnv(in, c, lib.envClass, false)
	}}
	lib.fileAwareClass = &Class{Name: "FileAwareEnv", Bases: []*Class{lib.envClass}, ns: newNamespace()}
	lib.fileAwareClass.ns.set("ENVIRON", binding{val: v.Unknown("FileAwareMapping")})
	lib.fileAwareClass.call = func(in *Interp, c *callCtx) v.Value {
		return lib.newEnv(in, c, lib.fileAwareClass, true)
	}
	lib.pathClass = &Class{Name: "Path", ns: newNamespace(), call: func(in *Interp, c *callCtx) v.Value {
		a := in.bindArgs(c, "Path", []string{"start"}, true, true)
		return in.newEnvPath(c, a.or("start", v.Str("")), a.rest, a.extra)
	}}
	return lib
}

// environModel lists the attributes of the environ package.
func (in *Interp) environModel() attrs {
	lib := in.environState()
	return attrs{
		"Env":                  val(v.NewObject(lib.envClass)),
		"FileAwareEnv":         val(v.NewObject(lib.fileAwareClass)),
		"Path":                 val(v.NewObject(lib.pathClass)),
		"NoValue":              val(v.NewObject(lib.noValueClass)),
		"ImproperlyConfigured": val(v.NewObject(in.classes.get("ImproperlyConfigured"))),
		"DJANGO_POSTGRES":      val(v.Str(environPostgres)),
		"REDIS_DRIVER":         val(v.Str(environRedis)),
		"PYMEMCACHE_DRIVER":    val(v.Str(environPymemcach)),
		"__version__":          val(v.Str("0.12.0")),
	}
}

// noValue is environ.NoValue (Env.NOTSET).
type noValue struct{}

// TypeName implements pyvalue.Object.
func (n *noValue) TypeName() string { return "NoValue" }

// Repr implements repr().
func (n *noValue) Repr() string { return "<NoValue>" }

func isNoValue(x v.Value) bool {
	o, ok := x.AsObject()
	if !ok {
		return false
	}
	_, ok = o.(*noValue)
	return ok
}

// envObj is an environ.Env (or FileAwareEnv) instance.
type envObj struct {
	lib       *environLib
	cls       *Class
	fileAware bool
	// fields holds the instance attributes: smart_cast, escape_proxy,
	// prefix, scheme and whatever the settings assign.
	fields *namespace
}

// TypeName implements pyvalue.Object.
func (e *envObj) TypeName() string { return e.cls.Name }

// Repr implements repr().
func (e *envObj) Repr() string { return "<environ.environ." + e.cls.Name + " object>" }

func (lib *environLib) newEnv(in *Interp, c *callCtx, cls *Class, fileAware bool) v.Value {
	if len(c.args) > 0 {
		in.raise("TypeError", c.pos, c.fr.file, "Env.__init__() takes 1 positional argument but %d were given", len(c.args)+1)
	}
	scheme := v.NewDictStore()
	for _, kw := range c.kwargs {
		scheme.Set(v.Str(kw.name), kw.val)
	}
	e := &envObj{lib: lib, cls: cls, fileAware: fileAware, fields: newNamespace()}
	e.fields.set("smart_cast", binding{val: v.True})
	e.fields.set("escape_proxy", binding{val: v.False})
	e.fields.set("prefix", binding{val: v.Str("")})
	e.fields.set("scheme", binding{val: v.NewDict(scheme)})
	return v.NewObject(e)
}

func (e *envObj) field(name string) v.Value {
	if b, ok := e.fields.get(name); ok {
		return b.val
	}
	return v.None
}

func (e *envObj) setAttr(in *Interp, name string, val v.Value) {
	e.fields.set(name, binding{val: val})
}

// has is `var in env` (Env.__contains__: membership in os.environ).
func (e *envObj) has(in *Interp, key v.Value) v.Value {
	k, ok := key.AsStr()
	if !ok {
		return unknownOf("environment lookup with a name that could not be evaluated", key)
	}
	_, found := in.lookupEnv(k)
	return v.Bool(found).WithEnv(v.NewEnvSet(k)).WithEnvFrom(key)
}

// callWith is env(var, cast=None, default=NOTSET, parse_default=False).
func (e *envObj) callWith(in *Interp, fr *frame, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	c := &callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs}
	a := in.bindArgs(c, "Env.__call__", []string{"var", "cast", "default", "parse_default"}, false, false)
	return e.lookup(in, c, a, a.or("cast", v.None), "environ.Env")
}

// lookup runs get_value with the bound var/default/parse_default.
func (e *envObj) lookup(in *Interp, c *callCtx, a libArgs, cast v.Value, via string) v.Value {
	varV, ok := a.get("var")
	if !ok {
		in.raise("TypeError", c.pos, c.fr.file, "%s() missing 1 required positional argument: 'var'", via)
	}
	def, hasDef := a.get("default")
	if hasDef && isNoValue(def) {
		hasDef = false
	}
	return e.getValue(in, c, varV, cast, def, hasDef, isTruthy(a.or("parse_default", v.False)), via, 0)
}

func (e *envObj) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	if b, ok := e.fields.get(name); ok {
		return b.val, true
	}
	method := func(params []string, defaults map[string]v.Value, body func(in *Interp, c *callCtx, a libArgs) v.Value) (v.Value, bool) {
		return builtinFn("Env."+name, func(in *Interp, c *callCtx) v.Value {
			a := in.bindArgs(c, name, params, false, false)
			for k, d := range defaults {
				if _, ok := a.vals[k]; !ok {
					a.vals[k] = d
				}
			}
			return body(in, c, a)
		}), true
	}
	via := "environ.Env." + name
	simple := func(cast v.Value) (v.Value, bool) {
		return method([]string{"var", "default"}, nil, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.lookup(in, c, a, cast, via)
		})
	}
	switch name {
	case "str":
		return method([]string{"var", "default", "multiline"}, nil, func(in *Interp, c *callCtx, a libArgs) v.Value {
			val := e.lookup(in, c, a, in.builtins["str"], via)
			if isTruthy(a.or("multiline", v.False)) && !val.IsUnknown() {
				s, ok := val.AsStr()
				if !ok {
					in.raiseEnv(c, "TypeError", val.EnvSet(), "expected string or bytes-like object, got '%s'", val.TypeName())
				}
				return v.Str(environMultiline(s)).WithEnvFrom(val)
			}
			return val
		})
	case "bytes":
		return method([]string{"var", "default", "encoding"}, nil, func(in *Interp, c *callCtx, a libArgs) v.Value {
			val := e.lookup(in, c, a, in.builtins["str"], via)
			if s, ok := val.AsStr(); ok {
				return v.Bytes(s).WithEnvFrom(val)
			}
			return val
		})
	case "bool", "int", "float":
		return simple(in.builtins[name])
	case "json":
		return simple(builtinFn("loads", environJSONLoads))
	case "list", "tuple":
		return method([]string{"var", "cast", "default"}, nil, func(in *Interp, c *callCtx, a libArgs) v.Value {
			cast := in.builtins[name]
			if sub := a.or("cast", v.None); isTruthy(sub) {
				if name == "list" {
					cast = v.NewList([]v.Value{sub})
				} else {
					cast = v.NewTuple([]v.Value{sub})
				}
			}
			return e.lookup(in, c, a, cast, via)
		})
	case "dict":
		return method([]string{"var", "cast", "default"}, nil, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.lookup(in, c, a, a.or("cast", in.builtins["dict"]), via)
		})
	case "url":
		return method([]string{"var", "default"}, nil, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.url(in, c, a, via)
		})
	case "db_url", "db":
		return method([]string{"var", "default", "engine"}, map[string]v.Value{"var": v.Str("DATABASE_URL")}, func(in *Interp, c *callCtx, a libArgs) v.Value {
			val := e.lookup(in, c, a, v.None, via)
			return e.lib.dbURLConfig(in, c, val, a.or("engine", v.None))
		})
	case "cache_url", "cache":
		return method([]string{"var", "default", "backend"}, map[string]v.Value{"var": v.Str("CACHE_URL")}, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.lib.cacheURLConfig(in, c, e.url(in, c, a, via), a.or("backend", v.None))
		})
	case "email_url", "email":
		return method([]string{"var", "default", "backend"}, map[string]v.Value{"var": v.Str("EMAIL_URL")}, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.lib.emailURLConfig(in, c, e.url(in, c, a, via), a.or("backend", v.None))
		})
	case "search_url":
		return method([]string{"var", "default", "engine"}, map[string]v.Value{"var": v.Str("SEARCH_URL")}, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.lib.searchURLConfig(in, c, e.url(in, c, a, via), a.or("engine", v.None))
		})
	case "channels_url", "channels":
		return method([]string{"var", "default", "backend"}, map[string]v.Value{"var": v.Str("CHANNELS_URL")}, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.lib.channelsURLConfig(in, c, e.url(in, c, a, via), a.or("backend", v.None))
		})
	case "path":
		return builtinFn("Env.path", func(in *Interp, c *callCtx) v.Value {
			a := in.bindArgs(c, "path", []string{"var", "default"}, false, true)
			val := e.lookup(in, c, a, v.None, via)
			if val.IsUnknown() {
				return val
			}
			return in.newEnvPath(c, val, nil, a.extra).WithEnvFrom(val)
		}), true
	case "get_value":
		return method([]string{"var", "cast", "default", "parse_default"}, nil, func(in *Interp, c *callCtx, a libArgs) v.Value {
			return e.lookup(in, c, a, a.or("cast", v.None), via)
		})
	}
	if b, ok := e.cls.lookup(name); ok {
		return b.val, true
	}
	return v.Value{}, false
}

// url is Env.url: get_value(var, cast=urlparse, default, parse_default=True).
func (e *envObj) url(in *Interp, c *callCtx, a libArgs, via string) v.Value {
	a.vals["parse_default"] = v.True
	return e.lookup(in, c, a, builtinFn("urlparse", environURLParse), via)
}

func environURLParse(in *Interp, c *callCtx) v.Value {
	x, _ := c.arg(0, "url")
	s, ok := x.AsStr()
	if !ok {
		return unknownOf("urlparse() of a value that is not a str", x)
	}
	u, err := urlParse(s)
	if err != nil {
		in.raiseEnv(c, "ValueError", x.EnvSet(), "%s", err.Error())
	}
	return v.NewObject(&urlResult{u: u, extraNetloc: in.envLibs().extraNetloc}).WithEnvFrom(x)
}

func environJSONLoads(in *Interp, c *callCtx) v.Value {
	x, _ := c.arg(0, "s")
	s, ok := x.AsStr()
	if !ok {
		if b, isBytes := x.AsBytes(); isBytes {
			s, ok = b, true
		}
	}
	if !ok {
		if x.IsUnknown() {
			return x
		}
		in.raiseEnv(c, "TypeError", x.EnvSet(), "the JSON object must be str, bytes or bytearray, not %s", x.TypeName())
	}
	val, err := jsonLoadsOrdered(s)
	if err != nil {
		in.raiseClass(c, in.libClass("JSONDecodeError", "ValueError"), x.EnvSet(), err.Error())
	}
	return val.WithEnvFrom(x)
}

// environMultiline is re.sub(r'(\\r)?\\n', '\n', s).
func environMultiline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], `\r\n`):
			b.WriteByte('\n')
			i += 4
		case strings.HasPrefix(s[i:], `\n`):
			b.WriteByte('\n')
			i += 2
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// getValue is Env.get_value.
func (e *envObj) getValue(in *Interp, c *callCtx, varV, cast, def v.Value, hasDef, parseDefault bool, via string, depth int) v.Value {
	if depth > 400 {
		in.raiseEnv(c, "RecursionError", varV.EnvSet(), "maximum recursion depth exceeded")
	}
	if varV.IsUnknown() {
		return varV
	}
	prefix := in.toStr(c.fr, e.field("prefix"))
	varS := in.toStr(c.fr, varV)
	if prefix.IsUnknown() || varS.IsUnknown() {
		return unknownOf("environment variable whose name could not be evaluated", prefix, varS)
	}
	ps, _ := prefix.AsStr()
	vs, _ := varS.AsStr()
	name := ps + vs
	taint := v.NewEnvSet(name).Union(varV.EnvSet()).Union(prefix.EnvSet())

	if scheme, ok := e.field("scheme").AsDict(); ok {
		if info, ok := scheme.GetStr(name); ok {
			if n, hasLen := pyLen(info); hasLen && n == 2 {
				if !isTruthy(cast) {
					cast = in.getItem(c.fr, info, v.Int(0), c.pos)
				}
				if !hasDef {
					def, hasDef = in.getItem(c.fr, info, v.Int(1), c.pos), true
				}
			} else if !isTruthy(cast) {
				cast = info
			}
		}
	}

	value, found, fileTaint := e.environItem(in, c, name, def, hasDef, via)
	taint = taint.Union(fileTaint)
	if !found {
		if len(e.lib.unread) > 0 {
			return v.Unknown("value of " + name + ", which may be set by " + e.lib.unread[0] + " (outside the project, not read)").WithEnv(taint)
		}
		if !hasDef {
			return in.missingEnv(c, name, "ImproperlyConfigured", "Set the "+name+" environment variable",
				"required environment variable "+name+" is not set").WithEnv(taint)
		}
		value = def
	}
	value = value.WithEnv(taint)
	if value.IsUnknown() {
		return value
	}

	// Resolve proxied values ($OTHER).
	if s, ok := value.AsStr(); ok && strings.HasPrefix(s, "$") {
		value = e.getValue(in, c, v.Str(strings.TrimLeft(s, "$")).WithEnvFrom(value), cast, def, hasDef, false, via, depth+1)
		if value.IsUnknown() {
			return value.WithEnv(taint)
		}
	} else if b, ok := value.AsBytes(); ok && strings.HasPrefix(b, "$") {
		// get_value with a bytes name: os.environ only takes str keys.
		in.raiseEnv(c, "TypeError", taint, "str expected, not bytes")
	}
	if isTruthy(e.field("escape_proxy")) {
		if s, ok := value.AsStr(); ok {
			value = v.Str(strings.ReplaceAll(s, `\$`, "$")).WithEnvFrom(value)
		}
	}
	if isTruthy(e.field("smart_cast")) && cast.IsNone() && hasDef && !def.IsNone() && !isNoValue(def) {
		t, ok := in.typeOf(def)
		if !ok {
			return v.Unknown("value of " + name + " cast to the type of its default (" + def.TypeName() + ")").WithEnv(taint)
		}
		cast = t
	}
	if hasDef && def.IsNone() {
		if s, ok := value.AsStr(); ok && s == "" {
			value = v.None.WithEnvFrom(value)
		}
	}
	differs := true
	if hasDef {
		if eq, known := v.Equal(value, def); known && eq {
			differs = false
		}
	}
	if differs || parseDefault && !value.IsNone() {
		value = environParseValue(in, c, value, cast)
	}
	return taintDeep(value, taint)
}

// environItem reads Env.ENVIRON[name] (a FileAwareMapping for
// FileAwareEnv), recording the read.
func (e *envObj) environItem(in *Interp, c *callCtx, name string, def v.Value, hasDef bool, via string) (v.Value, bool, *v.EnvSet) {
	var taint *v.EnvSet
	if e.fileAware {
		fileVar := name + "_FILE"
		taint = v.NewEnvSet(fileVar)
		if p, found := in.lookupEnv(fileVar); found {
			in.recordRead(c, fileVar, v.None, true, true, via)
			if p != "" {
				in.recordRead(c, name, def, hasDef, true, via)
				f := in.readProjectFile(p)
				switch f.status {
				case fileOK:
					text, msg, ok := decodeText(f.data, "utf-8")
					if !ok {
						in.raiseClass(c, in.libClass("UnicodeDecodeError", "UnicodeError"), taint, msg)
					}
					return v.Str(universalNewlines(text)).WithEnv(taint), true, taint
				case fileMissing:
					in.raiseEnv(c, "FileNotFoundError", taint, "[Errno 2] No such file or directory: %s", v.QuoteStr(p))
				case fileDir:
					in.raiseEnv(c, "IsADirectoryError", taint, "[Errno 21] Is a directory: %s", v.QuoteStr(p))
				}
				return v.Unknown("contents of " + p + " (" + fileVar + "), which is outside the project and not read").WithEnv(taint), true, taint
			}
		} else {
			in.recordRead(c, fileVar, v.None, true, false, via)
		}
	}
	if s, found := in.lookupEnv(name); found {
		in.recordRead(c, name, def, hasDef, true, via)
		return v.Str(s), true, taint
	}
	in.recordRead(c, name, def, hasDef, false, via)
	return v.Value{}, false, taint
}

// environParseValue is Env.parse_value(value, cast).
func environParseValue(in *Interp, c *callCtx, value, cast v.Value) v.Value {
	if cast.IsNone() {
		return value
	}
	if value.IsUnknown() || cast.IsUnknown() {
		return unknownOf("", value, cast)
	}
	env := value.EnvSet()
	needStr := func(method string) string {
		s, ok := value.AsStr()
		if !ok {
			in.raiseEnv(c, "AttributeError", env, "'%s' object has no attribute '%s'", value.TypeName(), method)
		}
		return s
	}
	call := func(fn, x v.Value) v.Value {
		return in.call(c.fr, fn, []v.Value{x.WithEnv(env)}, nil, c.pos)
	}
	nonEmpty := func(parts []string) []string {
		in.checkSize(len(parts), c.pos, c.fr.file)
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	switch {
	case isBuiltinType(cast, "bool"):
		var n v.Value
		exc := in.catch(func() { n = call(in.builtins["int"], value) })
		if exc == nil {
			if n.IsUnknown() {
				return n
			}
			eq, _ := v.Equal(n, v.Int(0))
			return v.Bool(!eq).WithEnv(env)
		}
		if exc.Value.Class.Name != "ValueError" {
			panic(exc)
		}
		s := needStr("lower")
		s = pyTrimSpace(strings.ToLower(s))
		for _, t := range []string{"true", "on", "ok", "y", "yes", "1"} {
			if s == t {
				return v.True.WithEnv(env)
			}
		}
		return v.False.WithEnv(env)
	case cast.Kind() == v.KindList:
		sub := in.getItem(c.fr, cast, v.Int(0), c.pos)
		s := needStr("split")
		var out []v.Value
		for _, p := range nonEmpty(strings.Split(s, ",")) {
			out = append(out, call(sub, v.Str(p)))
		}
		return v.NewList(out).WithEnv(env)
	case cast.Kind() == v.KindTuple:
		sub := in.getItem(c.fr, cast, v.Int(0), c.pos)
		s := needStr("strip")
		s = strings.TrimRight(strings.TrimLeft(s, "("), ")")
		var out []v.Value
		for _, p := range nonEmpty(strings.Split(s, ",")) {
			out = append(out, call(sub, v.Str(p)))
		}
		return v.NewTuple(out).WithEnv(env)
	case cast.Kind() == v.KindDict:
		spec, _ := cast.AsDict()
		keyCast, ok := spec.GetStr("key")
		if !ok {
			keyCast = in.builtins["str"]
		}
		valueCast, ok := spec.GetStr("value")
		if !ok {
			valueCast = in.builtins["str"]
		}
		byKey, ok := spec.GetStr("cast")
		if !ok {
			byKey = v.NewDict(v.NewDictStore())
		}
		s := needStr("split")
		d := v.NewDictStore()
		for _, item := range nonEmpty(strings.Split(s, ";")) {
			kv := strings.Split(item, "=")
			k := call(keyCast, v.Str(kv[0]))
			if len(kv) < 2 {
				in.raiseEnv(c, "IndexError", env, "list index out of range")
			}
			vc := valueCast
			if bd, ok := byKey.AsDict(); ok {
				if x, ok := bd.GetStr(kv[0]); ok {
					vc = x
				}
			} else {
				vc = in.call(c.fr, in.getAttr(c.fr, byKey, "get", c.pos), []v.Value{v.Str(kv[0]), valueCast}, nil, c.pos)
			}
			val := environParseValue(in, c, v.Str(kv[1]).WithEnv(env), vc)
			if !d.Set(k, val) {
				return in.unhashable(c.fr, k, c.pos)
			}
		}
		return v.NewDict(d).WithEnv(env)
	case isBuiltinType(cast, "dict"):
		s := needStr("split")
		d := v.NewDictStore()
		for i, item := range nonEmpty(strings.Split(s, ",")) {
			k, val, ok := strings.Cut(item, "=")
			if !ok {
				in.raiseEnv(c, "ValueError", env, "dictionary update sequence element #%d has length 1; 2 is required", i)
			}
			d.Set(v.Str(k).WithEnv(env), v.Str(val).WithEnv(env))
		}
		return v.NewDict(d).WithEnv(env)
	case isBuiltinType(cast, "list"):
		s := needStr("split")
		var out []v.Value
		for _, p := range nonEmpty(strings.Split(s, ",")) {
			out = append(out, v.Str(p).WithEnv(env))
		}
		return v.NewList(out).WithEnv(env)
	case isBuiltinType(cast, "tuple"):
		s := needStr("strip")
		s = strings.TrimRight(strings.TrimLeft(s, "("), ")")
		var out []v.Value
		for _, p := range nonEmpty(strings.Split(s, ",")) {
			out = append(out, v.Str(p).WithEnv(env))
		}
		return v.NewTuple(out).WithEnv(env)
	case isBuiltinType(cast, "float"):
		s, ok := value.AsStr()
		if !ok {
			in.raiseEnv(c, "TypeError", env, "expected string or bytes-like object, got '%s'", value.TypeName())
		}
		var clean strings.Builder
		for _, r := range s {
			if unicode.IsDigit(r) || r == ',' || r == '.' || r == '-' {
				clean.WriteRune(r)
			}
		}
		parts := splitAny(clean.String(), ",.")
		fs := parts[0]
		if len(parts) > 1 {
			fs = strings.Join(parts[:len(parts)-1], "") + "." + parts[len(parts)-1]
		}
		return call(in.builtins["float"], v.Str(fs))
	}
	return call(cast, value)
}

// splitAny splits s at every byte of seps, keeping empty fields.
func splitAny(s, seps string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(seps, s[i]) >= 0 {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// classMethod returns Env's classmethods, callable on the class and on
// instances.
func (lib *environLib) classMethod(name string) v.Value {
	return builtinFn("Env."+name, func(in *Interp, c *callCtx) v.Value {
		switch name {
		case "read_env":
			a := in.bindArgs(c, "read_env", []string{"env_file", "overwrite", "parse_comments", "encoding"}, false, true)
			return lib.readEnv(in, c, a)
		case "parse_value":
			a := in.bindArgs(c, "parse_value", []string{"value", "cast"}, false, false)
			return environParseValue(in, c, a.or("value", v.None), a.or("cast", v.None))
		case "db_url_config":
			a := in.bindArgs(c, name, []string{"url", "engine"}, false, false)
			return lib.dbURLConfig(in, c, a.or("url", v.None), a.or("engine", v.None))
		case "cache_url_config":
			a := in.bindArgs(c, name, []string{"url", "backend"}, false, false)
			return lib.cacheURLConfig(in, c, a.or("url", v.None), a.or("backend", v.None))
		case "email_url_config":
			a := in.bindArgs(c, name, []string{"url", "backend"}, false, false)
			return lib.emailURLConfig(in, c, a.or("url", v.None), a.or("backend", v.None))
		case "search_url_config":
			a := in.bindArgs(c, name, []string{"url", "engine"}, false, false)
			return lib.searchURLConfig(in, c, a.or("url", v.None), a.or("engine", v.None))
		case "channels_url_config":
			a := in.bindArgs(c, name, []string{"url", "backend"}, false, false)
			return lib.channelsURLConfig(in, c, a.or("url", v.None), a.or("backend", v.None))
		}
		return v.Unknown("Env." + name)
	})
}

// ---- URL configurations ----

// schemes returns one of Env's scheme tables as the settings may have
// edited it (environ.Env.DB_SCHEMES['x'] = ...).
func (lib *environLib) schemes(name string) *v.Dict {
	if b, ok := lib.envClass.lookup(name); ok {
		if d, ok := b.val.AsDict(); ok {
			return d
		}
	}
	return v.NewDictStore()
}

// environCast is environ's _cast: ast.literal_eval or the string itself.
func environCast(s string) v.Value {
	if x, ok := literalEval(s); ok {
		return x
	}
	return v.Str(s)
}

// environCastInt is _cast_int: int when the text is all digits.
func environCastInt(s string) v.Value {
	if s != "" && isDigits(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return v.Int(n)
		}
		if b, ok := new(big.Int).SetString(s, 10); ok {
			return v.BigInt(b)
		}
	}
	return v.Str(s)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// urlInput turns the url argument of the *_url_config functions into a
// parsed URL: a ParseResult is used as it is, a str is parsed.
func (lib *environLib) urlInput(in *Interp, c *callCtx, x v.Value) (pyURL, bool) {
	if o, ok := x.AsObject(); ok {
		if r, ok := o.(*urlResult); ok && r.u.parsed {
			return r.u, true
		}
	}
	s, ok := x.AsStr()
	if !ok {
		return pyURL{}, false
	}
	u, err := urlParse(s)
	if err != nil {
		in.raiseEnv(c, "ValueError", x.EnvSet(), "%s", err.Error())
	}
	return u, true
}

// portValue is url.port, raising its ValueError.
func portValue(in *Interp, c *callCtx, u pyURL, env *v.EnvSet) v.Value {
	p, ok, err := u.port()
	if err != nil {
		in.raiseEnv(c, "ValueError", env, "%s", err.Error())
	}
	if !ok {
		return v.None
	}
	return v.Int(p)
}

func (lib *environLib) dbURLConfig(in *Interp, c *callCtx, urlV, engine v.Value) v.Value {
	if urlV.IsUnknown() || engine.IsUnknown() {
		return unknownOf("", urlV, engine)
	}
	env := urlV.EnvSet().Union(engine.EnvSet())
	extra := in.envLibs().extraNetloc
	dbSchemes := lib.schemes("DB_SCHEMES")
	var u pyURL
	if o, ok := urlV.AsObject(); ok {
		r, isURL := o.(*urlResult)
		if !isURL || !r.u.parsed {
			return unknownOf("db_url_config() of a value that is not a URL", urlV)
		}
		u = r.u
	} else {
		s, ok := urlV.AsStr()
		if urlV.IsNone() {
			s, ok = "", true
		}
		if !ok {
			return unknownOf("db_url_config() of a value that is not a str", urlV)
		}
		if s == "sqlite://:memory:" {
			sqlite, _ := dbSchemes.GetStr("sqlite")
			return taintDeep(v.NewDict(newDict(v.Str("ENGINE"), sqlite, v.Str("NAME"), v.Str(":memory:"))), env)
		}
		var err error
		if u, err = urlParse(s); err != nil {
			if u, err = urlParse(urlQuote(s, ":/?&=@")); err != nil {
				in.raiseEnv(c, "ValueError", env, "%s", err.Error())
			}
		}
	}
	if u.path == "" {
		var err error
		if u, err = urlParse(urlQuote(u.geturl(extra), ":/?&=@")); err != nil {
			in.raiseEnv(c, "ValueError", env, "%s", err.Error())
		}
	}
	p := u.path
	if p != "" {
		p = p[1:]
	}
	p = urlUnquotePlus(strings.SplitN(p, "?", 3)[0])
	if u.scheme == "sqlite" && p == "" {
		p = ":memory:"
	}
	if u.scheme == "ldap" {
		h, ok := u.hostname()
		if !ok {
			h = "None"
		}
		p = u.scheme + "://" + h
		if port := portValue(in, c, u, env); isTruthy(port) {
			p += ":" + v.Repr(port)
		}
	}
	hostPart := u.netloc
	if i := strings.LastIndexByte(hostPart, '@'); i >= 0 {
		hostPart = hostPart[i+1:]
	}
	var host, port v.Value
	if environPostgresFamily[u.scheme] && strings.Contains(hostPart, ",") {
		var names, ports []string
		cols := 1
		for _, h := range strings.Split(hostPart, ",") {
			if i := strings.LastIndexByte(h, ':'); i >= 0 {
				names = append(names, h[:i])
				if h[i+1:] != "" {
					ports = append(ports, h[i+1:])
				}
				cols = 2
			} else {
				names = append(names, h)
			}
		}
		host = v.Str(strings.Join(names, ","))
		port = v.Str("")
		if cols == 2 {
			port = v.Str(strings.Join(ports, ","))
		}
	} else {
		h, ok := u.hostname()
		host = optStr(h, ok)
		if pn, ok, err := u.port(); err != nil {
			port = v.Str("")
		} else if ok {
			port = v.Int(pn)
		} else {
			port = v.None
		}
	}
	orEmpty := func(x v.Value) v.Value {
		if isTruthy(x) {
			return x
		}
		return v.Str("")
	}
	user, hasUser, pass, hasPass := u.userinfo()
	userV, passV := v.None, v.None
	if hasUser {
		userV = v.Str(urlUnquote(user))
	}
	if hasPass {
		passV = v.Str(urlUnquote(pass))
	}
	if s, ok := port.AsStr(); ok {
		port = environCastInt(s)
	}
	cfg := newDict(
		v.Str("NAME"), v.Str(p),
		v.Str("USER"), orEmpty(userV),
		v.Str("PASSWORD"), orEmpty(passV),
		v.Str("HOST"), orEmpty(host),
		v.Str("PORT"), orEmpty(port),
	)
	if (environPostgresFamily[u.scheme] || strings.Contains(p, "cloudsql")) && strings.HasPrefix(p, "/") {
		i := strings.LastIndexByte(p, '/')
		cfg.Set(v.Str("HOST"), v.Str(p[:i]))
		cfg.Set(v.Str("NAME"), v.Str(p[i+1:]))
	}
	if u.scheme == "oracle" && p == "" {
		h, _ := cfg.GetStr("HOST")
		cfg.Set(v.Str("NAME"), h)
		cfg.Set(v.Str("HOST"), v.Str(""))
	}
	if u.scheme == "oracle" {
		if pv, _ := cfg.GetStr("PORT"); !isTruthy(pv) {
			cfg.Delete(v.Str("PORT"))
		} else {
			cfg.Set(v.Str("PORT"), in.toStr(c.fr, pv))
		}
	}
	if u.query != "" {
		opts := v.NewDictStore()
		base := map[string]bool{"CONN_MAX_AGE": true, "ATOMIC_REQUESTS": true, "AUTOCOMMIT": true,
			"DISABLE_SERVER_SIDE_CURSORS": true, "CONN_HEALTH_CHECKS": true}
		names, vals := parseQS(u.query)
		for _, k := range names {
			if up := strings.ToUpper(k); base[up] {
				cfg.Set(v.Str(up), environCast(vals[k][0]))
			} else {
				opts.Set(v.Str(k), environCastInt(vals[k][0]))
			}
		}
		cfg.Set(v.Str("OPTIONS"), v.NewDict(opts))
	}
	eng := v.Str(u.scheme)
	if isTruthy(engine) {
		eng = engine
	}
	if s, ok := eng.AsStr(); ok {
		if backend, ok := dbSchemes.GetStr(s); ok {
			eng = backend
		}
	}
	cfg.Set(v.Str("ENGINE"), eng)
	if !isTruthy(eng) {
		return v.NewDict(v.NewDictStore()).WithEnv(env)
	}
	return taintDeep(v.NewDict(cfg), env)
}

func (lib *environLib) cacheURLConfig(in *Interp, c *callCtx, urlV, backend v.Value) v.Value {
	if urlV.IsUnknown() || backend.IsUnknown() {
		return unknownOf("", urlV, backend)
	}
	env := urlV.EnvSet().Union(backend.EnvSet())
	if _, isObj := urlV.AsObject(); !isObj && !isTruthy(urlV) {
		return v.NewDict(v.NewDictStore()).WithEnv(env)
	}
	u, ok := lib.urlInput(in, c, urlV)
	if !ok {
		return unknownOf("cache_url_config() of a value that is not a URL", urlV)
	}
	schemes := lib.schemes("CACHE_SCHEMES")
	backendName, ok := schemes.GetStr(u.scheme)
	if !ok {
		in.raiseEnv(c, "ImproperlyConfigured", env, "Invalid cache schema %s", u.scheme)
	}
	locs := strings.Split(u.netloc, ",")
	var location v.Value
	if len(locs) == 1 {
		location = v.Str(locs[0])
	} else {
		location = strList(locs...)
	}
	cfg := newDict(v.Str("BACKEND"), backendName, v.Str("LOCATION"), location)
	if u.scheme == "filecache" {
		cfg.Set(v.Str("LOCATION"), v.Str(u.netloc+u.path))
	}
	if u.netloc == "" && (u.scheme == "memcache" || u.scheme == "pymemcache") {
		cfg.Set(v.Str("LOCATION"), v.Str("unix:"+u.path))
	} else if strings.HasPrefix(u.scheme, "redis") {
		scheme := "unix"
		if _, ok := u.hostname(); ok {
			scheme = strings.ReplaceAll(u.scheme, "cache", "")
		}
		var out []string
		for _, loc := range strings.Split(u.netloc, ",") {
			out = append(out, scheme+"://"+loc+u.path)
		}
		if len(out) == 1 {
			cfg.Set(v.Str("LOCATION"), v.Str(out[0]))
		} else {
			cfg.Set(v.Str("LOCATION"), strList(out...))
		}
	}
	if u.query != "" {
		opts := v.NewDictStore()
		base := map[string]bool{"TIMEOUT": true, "KEY_PREFIX": true, "VERSION": true, "KEY_FUNCTION": true, "BINARY": true}
		names, vals := parseQS(u.query)
		for _, k := range names {
			up := strings.ToUpper(k)
			if base[up] {
				cfg.Set(v.Str(up), environCast(vals[k][0]))
			} else {
				opts.Set(v.Str(up), environCast(vals[k][0]))
			}
		}
		cfg.Set(v.Str("OPTIONS"), v.NewDict(opts))
	}
	if isTruthy(backend) {
		cfg.Set(v.Str("BACKEND"), backend)
	}
	return taintDeep(v.NewDict(cfg), env)
}

func (lib *environLib) emailURLConfig(in *Interp, c *callCtx, urlV, backend v.Value) v.Value {
	if urlV.IsUnknown() || backend.IsUnknown() {
		return unknownOf("", urlV, backend)
	}
	env := urlV.EnvSet().Union(backend.EnvSet())
	if urlV.IsNone() {
		in.raiseEnv(c, "TypeError", env, "a bytes-like object is required, not 'str'")
	}
	u, ok := lib.urlInput(in, c, urlV)
	if !ok {
		return unknownOf("email_url_config() of a value that is not a URL", urlV)
	}
	p := u.path
	if p != "" {
		p = p[1:]
	}
	p = urlUnquotePlus(strings.SplitN(p, "?", 3)[0])
	user, hasUser, pass, hasPass := u.userinfo()
	userV, passV := v.None, v.None
	if hasUser {
		userV = v.Str(urlUnquote(user))
	}
	if hasPass {
		passV = v.Str(urlUnquote(pass))
	}
	h, hasHost := u.hostname()
	cfg := newDict(
		v.Str("EMAIL_FILE_PATH"), v.Str(p),
		v.Str("EMAIL_HOST_USER"), userV,
		v.Str("EMAIL_HOST_PASSWORD"), passV,
		v.Str("EMAIL_HOST"), optStr(h, hasHost),
		v.Str("EMAIL_PORT"), portValue(in, c, u, env),
	)
	schemes := lib.schemes("EMAIL_SCHEMES")
	if isTruthy(backend) {
		cfg.Set(v.Str("EMAIL_BACKEND"), backend)
	} else if b, ok := schemes.GetStr(u.scheme); ok {
		cfg.Set(v.Str("EMAIL_BACKEND"), b)
	} else {
		in.raiseEnv(c, "ImproperlyConfigured", env, "Invalid email schema %s", u.scheme)
	}
	switch u.scheme {
	case "smtps", "smtp+tls":
		cfg.Set(v.Str("EMAIL_USE_TLS"), v.True)
	case "smtp+ssl":
		cfg.Set(v.Str("EMAIL_USE_SSL"), v.True)
	}
	if u.query != "" {
		opts := v.NewDictStore()
		names, vals := parseQS(u.query)
		for _, k := range names {
			up := strings.ToUpper(k)
			if up == "EMAIL_USE_TLS" || up == "EMAIL_USE_SSL" {
				cfg.Set(v.Str(up), environCastInt(vals[k][0]))
			} else {
				opts.Set(v.Str(up), environCastInt(vals[k][0]))
			}
		}
		cfg.Set(v.Str("OPTIONS"), v.NewDict(opts))
	}
	return taintDeep(v.NewDict(cfg), env)
}

func (lib *environLib) channelsURLConfig(in *Interp, c *callCtx, urlV, backend v.Value) v.Value {
	if urlV.IsUnknown() || backend.IsUnknown() {
		return unknownOf("", urlV, backend)
	}
	env := urlV.EnvSet().Union(backend.EnvSet())
	u, ok := lib.urlInput(in, c, urlV)
	if !ok {
		return unknownOf("channels_url_config() of a value that is not a URL", urlV)
	}
	schemes := lib.schemes("CHANNELS_SCHEMES")
	cfg := v.NewDictStore()
	if isTruthy(backend) {
		cfg.Set(v.Str("BACKEND"), backend)
	} else if b, ok := schemes.GetStr(u.scheme); ok {
		cfg.Set(v.Str("BACKEND"), b)
		if u.scheme == "redis" || u.scheme == "redis+pubsub" {
			r := u
			r.scheme = "redis"
			hosts := v.NewList([]v.Value{v.Str(r.geturl(in.envLibs().extraNetloc))})
			cfg.Set(v.Str("CONFIG"), v.NewDict(newDict(v.Str("hosts"), hosts)))
		}
	} else {
		in.raiseEnv(c, "ImproperlyConfigured", env, "Invalid channels schema %s", u.scheme)
	}
	return taintDeep(v.NewDict(cfg), env)
}

func (lib *environLib) searchURLConfig(in *Interp, c *callCtx, urlV, engine v.Value) v.Value {
	if urlV.IsUnknown() || engine.IsUnknown() {
		return unknownOf("", urlV, engine)
	}
	env := urlV.EnvSet().Union(engine.EnvSet())
	if urlV.IsNone() {
		in.raiseEnv(c, "TypeError", env, "a bytes-like object is required, not 'str'")
	}
	u, ok := lib.urlInput(in, c, urlV)
	if !ok {
		return unknownOf("search_url_config() of a value that is not a URL", urlV)
	}
	p := u.path
	if p != "" {
		p = p[1:]
	}
	p = urlUnquotePlus(strings.SplitN(p, "?", 3)[0])
	scheme, secure := u.scheme, false
	if environESFamily[scheme] && strings.HasSuffix(scheme, "s") {
		scheme, secure = scheme[:len(scheme)-1], true
	}
	schemes := lib.schemes("SEARCH_SCHEMES")
	eng, ok := schemes.GetStr(scheme)
	if !ok {
		in.raiseEnv(c, "ImproperlyConfigured", env, "Invalid search schema %s", u.scheme)
	}
	cfg := newDict(v.Str("ENGINE"), eng)
	var params map[string][]string
	if u.query != "" {
		_, params = parseQS(u.query)
		if x, ok := params["EXCLUDED_INDEXES"]; ok {
			cfg.Set(v.Str("EXCLUDED_INDEXES"), strList(strings.Split(x[0], ",")...))
		}
		if x, ok := params["INCLUDE_SPELLING"]; ok {
			cfg.Set(v.Str("INCLUDE_SPELLING"), environParseValue(in, c, v.Str(x[0]).WithEnv(env), in.builtins["bool"]))
		}
		if x, ok := params["BATCH_SIZE"]; ok {
			cfg.Set(v.Str("BATCH_SIZE"), environParseValue(in, c, v.Str(x[0]).WithEnv(env), in.builtins["int"]))
		}
	}
	if u.scheme == "simple" {
		return taintDeep(v.NewDict(cfg), env)
	}
	p = strings.TrimSuffix(p, "/")
	common := func() {
		if x, ok := params["TIMEOUT"]; ok {
			cfg.Set(v.Str("TIMEOUT"), environParseValue(in, c, v.Str(x[0]).WithEnv(env), in.builtins["int"]))
		}
		if x, ok := params["KWARGS"]; ok {
			cfg.Set(v.Str("KWARGS"), v.Str(x[0]))
		}
	}
	if u.scheme == "solr" {
		cfg.Set(v.Str("URL"), v.Str(urlUnsplit("http", u.netloc, p, "", "", nil)))
		common()
		return taintDeep(v.NewDict(cfg), env)
	}
	if environESFamily[u.scheme] {
		index := p
		base := ""
		if i := strings.LastIndexByte(p, '/'); i >= 0 {
			base, index = p[:i], p[i+1:]
		}
		proto := "http"
		if secure {
			proto = "https"
		}
		cfg.Set(v.Str("URL"), v.Str(urlUnsplit(proto, u.netloc, base, "", "", nil)))
		common()
		cfg.Set(v.Str("INDEX_NAME"), v.Str(index))
		return taintDeep(v.NewDict(cfg), env)
	}
	cfg.Set(v.Str("PATH"), v.Str("/"+p))
	switch u.scheme {
	case "whoosh":
		if x, ok := params["STORAGE"]; ok {
			cfg.Set(v.Str("STORAGE"), v.Str(x[0]))
		}
		if x, ok := params["POST_LIMIT"]; ok {
			cfg.Set(v.Str("POST_LIMIT"), environParseValue(in, c, v.Str(x[0]).WithEnv(env), in.builtins["int"]))
		}
	case "xapian":
		if x, ok := params["FLAGS"]; ok {
			cfg.Set(v.Str("FLAGS"), v.Str(x[0]))
		}
	}
	if isTruthy(engine) {
		cfg.Set(v.Str("ENGINE"), engine)
	}
	return taintDeep(v.NewDict(cfg), env)
}

// ---- read_env ----

var (
	environLineRE    = regexp.MustCompile(`\A(?:export )?([A-Za-z_0-9]+)=(.*)\z`)
	environSingleRE  = regexp.MustCompile(`\A'(.*)'\z`)
	environDoubleRE  = regexp.MustCompile(`\A"(.*)"\z`)
	environEscapeRE  = regexp.MustCompile(`\\(.)`)
	pySpaceClass     = `[\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]`
	environCommentRE = regexp.MustCompile(`\A` + pySpaceClass + `*'(.*)'` + pySpaceClass + `*(#.*` + pySpaceClass + `*)?\z`)
)

// readEnv is Env.read_env (0.12): the file's variables (and the keyword
// overrides) are added to os.environ without replacing what is already
// set, unless overwrite is true.
func (lib *environLib) readEnv(in *Interp, c *callCtx, a libArgs) v.Value {
	envFile := a.or("env_file", v.None)
	var p string
	if envFile.IsNone() {
		p = joinPath(path.Dir(c.fr.file), ".env")
		switch _, status := in.resolveProjectPath(in.projectAbs(p)); status {
		case fileOutside:
			lib.unread = append(lib.unread, p)
			return v.None
		case fileMissing, fileError:
			return v.None // not there: read_env logs and returns
		}
	} else {
		s, ok := in.fsPath(envFile)
		if !ok {
			lib.unread = append(lib.unread, "an env file whose path could not be evaluated")
			return v.None
		}
		p = s
	}
	f := in.readProjectFile(p)
	switch f.status {
	case fileOutside:
		lib.unread = append(lib.unread, p)
		return v.None
	case fileMissing, fileDir, fileError:
		return v.None // OSError: logged and ignored
	}
	enc := a.or("encoding", v.Str("utf8"))
	encS, ok := enc.AsStr()
	if !ok {
		return unknownOf("read_env() with an encoding that could not be evaluated", enc)
	}
	content, msg, ok := decodeText(f.data, encS)
	if !ok {
		in.raiseClass(c, in.libClass("UnicodeDecodeError", "UnicodeError"), nil, msg)
	}
	overrides := v.NewDictStore()
	for _, kw := range a.extra {
		overrides.Set(v.Str(kw.name), kw.val)
	}
	parseComments := isTruthy(a.or("parse_comments", v.False))
	for _, line := range pySplitLines(content) {
		m := environLineRE.FindStringSubmatch(line)
		if m == nil {
			continue // an empty line, a comment, or an invalid line (logged)
		}
		key, val := m[1], m[2]
		if !parseComments {
			if m2 := environSingleRE.FindStringSubmatch(val); m2 != nil {
				val = m2[1]
			}
		} else if m2 := environCommentRE.FindStringSubmatch(val); m2 != nil {
			val = m2[1]
		} else if i := strings.IndexByte(val, '#'); i >= 0 {
			val = val[:i]
		}
		if m3 := environDoubleRE.FindStringSubmatch(val); m3 != nil {
			val = environEscapeRE.ReplaceAllStringFunc(m3[1], func(esc string) string {
				ch := esc[1:]
				if ch == "r" || ch == "n" || ch == "t" {
					return esc
				}
				return ch
			})
		}
		overrides.Set(v.Str(key), v.Str(val))
	}
	overwrite := isTruthy(a.or("overwrite", v.False))
	for i, k := range overrides.Keys() {
		ks, _ := k.AsStr()
		sv := in.toStr(c.fr, overrides.Values()[i])
		s, ok := sv.AsStr()
		if !ok {
			continue
		}
		if _, exists := in.lookupEnv(ks); exists && !overwrite {
			continue
		}
		in.env[ks] = s
		in.envSet[ks] = true
	}
	return v.None
}

// ---- environ.Path ----

// envPath is an environ.Path: a directory with helpers to build paths.
type envPath struct {
	root string
	env  *v.EnvSet
}

// TypeName implements pyvalue.Object.
func (p *envPath) TypeName() string { return "Path" }

// Repr implements repr().
func (p *envPath) Repr() string { return "<Path:" + p.root + ">" }

// Equal compares environ.Path values by their root.
func (p *envPath) Equal(o v.Object) (bool, bool) {
	q, ok := o.(*envPath)
	return ok && q.root == p.root, true
}

func (p *envPath) str() (string, bool) { return p.root, true }

// newEnvPath is environ.Path(start, *paths, **kwargs).
func (in *Interp) newEnvPath(c *callCtx, start v.Value, paths []v.Value, kwargs []kwarg) v.Value {
	all := append([]v.Value{start}, paths...)
	for _, kw := range kwargs {
		all = append(all, kw.val)
	}
	for _, x := range all {
		if x.IsUnknown() {
			return unknownOf("", x)
		}
	}
	kw := func(name string) bool {
		for _, k := range kwargs {
			if k.name == name {
				return isTruthy(k.val)
			}
		}
		return false
	}
	s, ok := in.fsPath(start)
	if !ok {
		in.raiseEnv(c, "TypeError", start.EnvSet(), "expected str, bytes or os.PathLike object, not %s", start.TypeName())
	}
	if kw("is_file") {
		s, _ = splitPath(s)
	}
	root, env := in.absoluteJoin(c, s, paths, kw("required"))
	return v.NewObject(&envPath{root: root, env: env.Union(start.EnvSet())}).WithEnvFrom(all...)
}

// absoluteJoin is Path._absolute_join: abspath(join(base, *paths)).
func (in *Interp) absoluteJoin(c *callCtx, base string, paths []v.Value, required bool) (string, *v.EnvSet) {
	out := base
	var env *v.EnvSet
	for _, x := range paths {
		s, ok := in.fsPath(x)
		if !ok {
			in.raiseEnv(c, "TypeError", x.EnvSet(), "join() argument must be str, bytes, or os.PathLike object, not '%s'", x.TypeName())
		}
		env = env.Union(x.EnvSet())
		out = joinPath(out, s)
	}
	abs := in.absPath(out)
	if required {
		if _, status := in.resolveProjectPath(abs); status == fileMissing {
			in.raiseEnv(c, "ImproperlyConfigured", env, "Create required path: %s", abs)
		}
	}
	return abs, env
}

func (p *envPath) callWith(in *Interp, fr *frame, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	c := &callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs}
	required := false
	for _, k := range kwargs {
		if k.name == "required" {
			required = isTruthy(k.val)
		}
	}
	for _, x := range c.all() {
		if x.IsUnknown() {
			return unknownOf("", x)
		}
	}
	s, env := in.absoluteJoin(c, p.root, args, required)
	return v.Str(s).WithEnv(env.Union(p.env))
}

func (p *envPath) item(in *Interp, fr *frame, key v.Value, pos pyast.Pos) v.Value {
	return in.getItem(fr, v.Str(p.root).WithEnv(p.env), key, pos)
}

func (p *envPath) has(in *Interp, item v.Value) v.Value {
	o, ok := item.AsObject()
	q, isPath := o.(*envPath)
	if !ok || !isPath {
		return unknownOf("`in` of an environ.Path with a value that is not one", item)
	}
	base := p.root
	if len(base) > 1 {
		base = joinPath(base, "")
	}
	return v.Bool(strings.HasPrefix(q.root, base)).WithEnv(p.env.Union(q.env))
}

func (p *envPath) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	switch name {
	case "root", "__root__":
		return v.Str(p.root).WithEnv(p.env), true
	case "path":
		return builtinFn("Path.path", func(in *Interp, c *callCtx) v.Value {
			return in.newEnvPath(c, v.NewObject(p).WithEnv(p.env), c.args, c.kwargs)
		}), true
	case "__str__", "__fspath__", "__unicode__":
		return builtinFn("Path."+name, func(in *Interp, c *callCtx) v.Value { return v.Str(p.root).WithEnv(p.env) }), true
	case "find", "rfind":
		return builtinFn("Path."+name, func(in *Interp, c *callCtx) v.Value {
			m := in.getAttr(c.fr, v.Str(p.root).WithEnv(p.env), name, c.pos)
			return in.call(c.fr, m, c.args, c.kwargs, c.pos)
		}), true
	case "file":
		return builtinFn("Path.file", func(in *Interp, c *callCtx) v.Value {
			return v.Unknown("an open file under " + p.root + " (files are not read)")
		}), true
	}
	return v.Value{}, false
}

// binop implements Path + x and Path - x.
func (p *envPath) binop(in *Interp, fr *frame, op pyast.Operator, other v.Value, pos pyast.Pos) (v.Value, bool) {
	c := &callCtx{fr: fr, pos: pos}
	self := v.NewObject(p).WithEnv(p.env)
	switch op {
	case pyast.Sub:
		if n, ok := other.AsInt(); ok {
			ups := ""
			if n > 0 {
				if n > 4096 {
					n = 4096
				}
				ups = strings.Repeat("../", int(n))
			}
			return in.newEnvPath(c, self, []v.Value{v.Str(ups)}, nil), true
		}
		if s, ok := other.AsStr(); ok && strings.HasSuffix(p.root, s) {
			return in.newEnvPath(c, v.Str(strings.TrimRight(p.root, s)), nil, nil), true
		}
		in.raiseEnv(c, "TypeError", other.EnvSet().Union(p.env),
			"unsupported operand type(s) for -: '<class 'environ.environ.Path'>' and '<class '%s'>' unless value of <class 'environ.environ.Path'> ends with value of <class '%s'>",
			other.TypeName(), other.TypeName())
	case pyast.Add:
		if o, ok := other.AsObject(); ok {
			if q, ok := o.(*envPath); ok {
				return in.newEnvPath(c, v.Str(p.root), []v.Value{v.Str(q.root)}, nil), true
			}
		}
		return in.newEnvPath(c, v.Str(p.root), []v.Value{other}, nil), true
	}
	return v.Value{}, false
}
