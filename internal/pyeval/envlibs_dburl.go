package pyeval

import (
	"sort"
	"strings"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// dj-database-url (dj_database_url/__init__.py), modelled on its source.

// dbURLEngine is one registered scheme: its backend and postprocess step
// (one of the library's own, by name, or a function of the settings).
type dbURLEngine struct {
	backend     v.Value
	postprocess string
	fn          v.Value
}

// dbURLLib is the dj_database_url module's state in one evaluation.
type dbURLLib struct {
	engines          map[string]*dbURLEngine
	parseError       *Class
	unknownSchemeErr *Class
}

func (in *Interp) dbURLState() *dbURLLib {
	st := in.envLibs()
	if st.dburl != nil {
		return st.dburl
	}
	lib := &dbURLLib{engines: map[string]*dbURLEngine{}}
	lib.parseError = in.libClass("ParseError", "ValueError")
	lib.unknownSchemeErr = in.libClass("UnknownSchemeError", "ValueError")
	reg := func(scheme, backend, post string) {
		if _, ok := lib.engines[scheme]; !ok {
			st.extraNetloc[scheme] = true
		}
		lib.engines[scheme] = &dbURLEngine{backend: v.Str(backend), postprocess: post}
	}
	reg("spatialite", "django.contrib.gis.db.backends.spatialite", "")
	reg("mysql-connector", "mysql.connector.django", "")
	reg("mysqlgis", "django.contrib.gis.db.backends.mysql", "")
	reg("oraclegis", "django.contrib.gis.db.backends.oracle", "")
	reg("cockroach", "django_cockroachdb", "")
	reg("sqlite", "django.db.backends.sqlite3", "memory")
	reg("oracle", "django.db.backends.oracle", "port")
	reg("mssqlms", "mssql", "port")
	reg("mssql", "sql_server.pyodbc", "port")
	reg("mysql", "django.db.backends.mysql", "ssl")
	reg("mysql2", "django.db.backends.mysql", "ssl")
	for _, s := range []string{"postgres", "postgresql", "pgsql"} {
		reg(s, "django.db.backends.postgresql", "schema")
	}
	reg("postgis", "django.contrib.gis.db.backends.postgis", "schema")
	reg("redshift", "django_redshift_backend", "schema")
	reg("timescale", "timescale.db.backends.postgresql", "schema")
	reg("timescalegis", "timescale.db.backends.postgis", "schema")
	st.dburl = lib
	return lib
}

// dbURLModel lists the attributes of the dj_database_url module.
func (in *Interp) dbURLModel() attrs {
	lib := in.dbURLState()
	return attrs{
		"DEFAULT_ENV":        val(v.Str("DATABASE_URL")),
		"ParseError":         val(v.NewObject(lib.parseError)),
		"UnknownSchemeError": val(v.NewObject(lib.unknownSchemeErr)),
		"config": fnAttr("config", func(in *Interp, c *callCtx) v.Value {
			a := in.bindArgs(c, "config", []string{"env", "default", "engine", "conn_max_age", "conn_health_checks",
				"disable_server_side_cursors", "ssl_require", "test_options"}, false, false)
			return lib.config(in, c, a)
		}),
		"parse": fnAttr("parse", func(in *Interp, c *callCtx) v.Value {
			a := in.bindArgs(c, "parse", []string{"url", "engine", "conn_max_age", "conn_health_checks",
				"disable_server_side_cursors", "ssl_require", "test_options"}, false, false)
			u, ok := a.get("url")
			if !ok {
				in.raise("TypeError", c.pos, c.fr.file, "parse() missing 1 required positional argument: 'url'")
			}
			return lib.parse(in, c, u, a)
		}),
		"register": fnAttr("register", func(in *Interp, c *callCtx) v.Value {
			a := in.bindArgs(c, "register", []string{"scheme", "backend"}, false, false)
			scheme, ok1 := a.or("scheme", v.None).AsStr()
			backend := a.or("backend", v.None)
			if !ok1 {
				return v.Unknown("register() of a scheme that could not be evaluated")
			}
			if _, ok := lib.engines[scheme]; !ok {
				in.envLibs().extraNetloc[scheme] = true
			}
			eng := &dbURLEngine{backend: backend}
			lib.engines[scheme] = eng
			return builtinFn("inner", func(in *Interp, c *callCtx) v.Value {
				fn := c.argOr(0, "func", v.None)
				eng.fn = fn
				return fn
			})
		}),
		"default_postprocess": fnAttr("default_postprocess", func(in *Interp, c *callCtx) v.Value { return v.None }),
	}
}

// config is dj_database_url.config(): DATABASE_URL (or env) parsed, {} when
// it is unset or empty and there is no default.
func (lib *dbURLLib) config(in *Interp, c *callCtx, a libArgs) v.Value {
	envName := a.or("env", v.Str("DATABASE_URL"))
	def := a.or("default", v.None)
	if name, ok := envName.AsStr(); ok && in.unreadEnvFile() != "" {
		if _, found := in.lookupEnv(name); !found {
			in.recordRead(c, name, def, true, false, "dj_database_url.config")
			return v.Unknown("value of " + name + ", which may be set by " + in.unreadEnvFile() + " (outside the project, not read)").WithEnv(v.NewEnvSet(name))
		}
	}
	s := in.envGet(c, envName, def, true, "dj_database_url.config")
	if s.IsUnknown() {
		return s
	}
	if t, known := s.Truthy(); !known {
		return unknownOf("", s)
	} else if !t {
		return v.NewDict(v.NewDictStore()).WithEnvFrom(s)
	}
	return taintDeep(lib.parse(in, c, s, a), s.EnvSet())
}

// parse is dj_database_url.parse(url, engine, conn_max_age, ...).
func (lib *dbURLLib) parse(in *Interp, c *callCtx, urlV v.Value, a libArgs) v.Value {
	for _, x := range append([]v.Value{urlV}, c.all()...) {
		if x.IsUnknown() {
			return unknownOf("", x)
		}
	}
	env := urlV.EnvSet()
	settings := newDict(
		v.Str("CONN_MAX_AGE"), a.or("conn_max_age", v.Int(0)),
		v.Str("CONN_HEALTH_CHECKS"), a.or("conn_health_checks", v.False),
		v.Str("DISABLE_SERVER_SIDE_CURSORS"), a.or("disable_server_side_cursors", v.False),
	)
	if eng := a.or("engine", v.None); isTruthy(eng) {
		settings.Set(v.Str("ENGINE"), eng)
	}
	var sslOptions *v.Dict
	if isTruthy(a.or("ssl_require", v.False)) {
		sslOptions = newDict(v.Str("sslmode"), v.Str("require"))
	}
	if t := a.or("test_options", v.None); isTruthy(t) {
		settings.Set(v.Str("TEST"), t)
	}
	url, ok := urlV.AsStr()
	if !ok {
		return unknownOf("dj_database_url.parse() of a value that is not a str", urlV)
	}
	if url == "sqlite://:memory:" {
		backend := v.Str("django.db.backends.sqlite3")
		if e, ok := lib.engines["sqlite"]; ok {
			backend = e.backend
		}
		return taintDeep(v.NewDict(newDict(v.Str("ENGINE"), backend, v.Str("NAME"), v.Str(":memory:"))), env)
	}
	parseError := func() {
		in.raiseClass(c, lib.parseError, env, "This string is not a valid url, possibly because some of its parts is not properly urllib.parse.quote()'ed.")
	}
	u, err := urlSplit(url)
	if err != nil {
		parseError()
	}
	eng, ok := lib.engines[u.scheme]
	if !ok {
		schemes := make([]string, 0, len(lib.engines))
		for s := range lib.engines {
			schemes = append(schemes, s)
		}
		sort.Strings(schemes)
		in.raiseClass(c, lib.unknownSchemeErr, env, "Scheme '"+u.scheme+"://' is unknown. Did you forget to register custom backend? Following schemes have registered backends: "+strings.Join(schemes, ", ")+".")
	}
	p := u.path
	if p != "" {
		p = p[1:]
	}
	names, vals := parseQS(u.query)
	options := v.NewDictStore()
	for _, k := range names {
		var parsed []v.Value
		for _, s := range vals[k] {
			parsed = append(parsed, dbURLParseValue(s))
		}
		if len(parsed) == 1 {
			options.Set(v.Str(k), parsed[0])
		} else {
			options.Set(v.Str(k), v.NewList(parsed))
		}
	}
	user, _, pass, _ := u.userinfo()
	host, _ := u.hostname()
	port := v.Str("")
	if pn, has, err := u.port(); err != nil {
		parseError()
	} else if has && pn != 0 {
		port = v.Int(pn)
	}
	cfg := newDict(
		v.Str("ENGINE"), eng.backend,
		v.Str("USER"), v.Str(urlUnquote(user)),
		v.Str("PASSWORD"), v.Str(urlUnquote(pass)),
		v.Str("HOST"), v.Str(urlUnquote(host)),
		v.Str("PORT"), port,
		v.Str("NAME"), v.Str(urlUnquote(p)),
		v.Str("OPTIONS"), v.NewDict(options),
	)
	cfgV := v.NewDict(cfg)
	switch {
	case eng.fn.Kind() == v.KindObject || eng.fn.IsUnknown():
		in.call(c.fr, eng.fn, []v.Value{cfgV}, nil, c.pos)
	case eng.postprocess == "memory":
		if n, _ := cfg.GetStr("NAME"); !isTruthy(n) {
			cfg.Set(v.Str("NAME"), v.Str(":memory:"))
		}
	case eng.postprocess == "port":
		pv, ok := cfg.GetStr("PORT")
		if !ok {
			pv = v.Str("")
		}
		cfg.Set(v.Str("PORT"), in.toStr(c.fr, pv))
	case eng.postprocess == "ssl":
		if opts, ok := dbURLOptions(cfg); ok {
			ca, _ := opts.GetStr("ssl-ca")
			opts.Delete(v.Str("ssl-ca"))
			if isTruthy(ca) {
				opts.Set(v.Str("ssl"), v.NewDict(newDict(v.Str("ca"), ca)))
			}
		}
	case eng.postprocess == "schema":
		if opts, ok := dbURLOptions(cfg); ok {
			schema, _ := opts.GetStr("currentSchema")
			opts.Delete(v.Str("currentSchema"))
			if isTruthy(schema) {
				opts.Set(v.Str("options"), v.Str("-c search_path="+in.str(c.fr, schema)))
			}
		}
	}
	optsV, ok := cfg.GetStr("OPTIONS")
	if !ok {
		in.raiseEnv(c, "KeyError", env, "'OPTIONS'")
	}
	opts, ok := optsV.AsDict()
	if !ok {
		return unknownOf("OPTIONS that are not a dict", optsV)
	}
	if sslOptions != nil {
		for i, k := range sslOptions.Keys() {
			opts.Set(k, sslOptions.Values()[i])
		}
	}
	for i, k := range settings.Keys() {
		cfg.Set(k, settings.Values()[i])
	}
	if opts.Len() == 0 {
		cfg.Delete(v.Str("OPTIONS"))
	}
	return taintDeep(cfgV, env)
}

func dbURLOptions(cfg *v.Dict) (*v.Dict, bool) {
	o, ok := cfg.GetStr("OPTIONS")
	if !ok {
		return nil, false
	}
	return o.AsDict()
}

// dbURLParseValue is _parse_value: digits become an int, true/false a
// bool.
func dbURLParseValue(s string) v.Value {
	if s != "" && isDigits(s) {
		return environCastInt(s)
	}
	switch strings.ToLower(s) {
	case "true":
		return v.True
	case "false":
		return v.False
	}
	return v.Str(s)
}
