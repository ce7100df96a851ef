package oracle

import (
	"strings"
)

const (
	mwSecurity  = "django.middleware.security.SecurityMiddleware"
	mwSession   = "django.contrib.sessions.middleware.SessionMiddleware"
	mwCommon    = "django.middleware.common.CommonMiddleware"
	mwCSRF      = "django.middleware.csrf.CsrfViewMiddleware"
	mwAuth      = "django.contrib.auth.middleware.AuthenticationMiddleware"
	mwMessages  = "django.contrib.messages.middleware.MessageMiddleware"
	mwClickjack = "django.middleware.clickjacking.XFrameOptionsMiddleware"

	cpRequest  = "django.template.context_processors.request"
	cpAuth     = "django.contrib.auth.context_processors.auth"
	cpMessages = "django.contrib.messages.context_processors.messages"
)

// body is a settings module under construction.
type body struct {
	lines   []string
	apps    map[string]bool
	defined map[string]bool
	tuple   map[string]bool
}

func newBody() *body {
	return &body{defined: map[string]bool{}, tuple: map[string]bool{}, apps: map[string]bool{}}
}

func (b *body) set(name, expr string) {
	b.lines = append(b.lines, name+" = "+expr)
	b.defined[name] = true
}

func (b *body) add(stmt string) { b.lines = append(b.lines, stmt) }

func (b *body) String() string { return strings.Join(b.lines, "\n") + "\n" }

// build writes the settings files for the family and returns the module.
func (g *gen) build() string {
	switch g.family {
	case "toggle":
		g.style = "os"
		g.files["mysite/settings.py"] = g.single(1, nil)
	case "env":
		g.style, g.envRate = "os", 0.55
		g.files["mysite/settings.py"] = g.single(1, nil)
	case "environ", "decouple":
		g.style, g.envRate = g.family, 0.6
		if g.p(0.15) {
			return g.split()
		}
		g.files["mysite/settings.py"] = g.single(1, nil)
	case "flow":
		g.style, g.envRate = "os", 0.3
		g.files["mysite/settings.py"] = g.flow()
	case "split":
		g.style, g.envRate = "os", 0.35
		return g.split()
	}
	return "mysite.settings"
}

// header renders a module's imports, BASE_DIR (when withBase) and the
// env-library set-up, for a module at depth (1: mysite/settings.py, 2:
// mysite/settings/x.py). star is a star-import line placed after the
// imports. It uses and then clears the libraries and imports recorded while
// the module's body was generated, so bodies are generated before headers.
func (g *gen) header(depth int, pathlib, withBase bool, star string) string {
	var b strings.Builder
	var base string
	if withBase {
		if pathlib {
			g.imp("from pathlib import Path")
			base = "Path(__file__).resolve()" + strings.Repeat(".parent", depth+1)
		} else {
			g.imp("import os")
			base = "os.path.abspath(__file__)"
			for i := 0; i < depth+1; i++ {
				base = "os.path.dirname(" + base + ")"
			}
		}
	}
	envSetup := ""
	if g.curLibs["environ"] {
		g.imp("import environ")
		envSetup = "env = environ.Env(" + strings.Join(g.scheme, ", ") + ")\n"
		if g.readEnv && withBase {
			if pathlib {
				envSetup += `environ.Env.read_env(BASE_DIR / ".env")` + "\n"
			} else {
				envSetup += `environ.Env.read_env(os.path.join(BASE_DIR, ".env"))` + "\n"
			}
		}
	}
	g.scheme = nil
	if g.curLibs["decouple"] {
		g.imp(g.pick("from decouple import config, Csv", "from decouple import Csv, config"))
	}
	g.curLibs = map[string]bool{}
	b.WriteString(g.importBlock())
	if star != "" {
		b.WriteString(star + "\n")
	}
	if base != "" {
		b.WriteString("\nBASE_DIR = " + base + "\n")
	}
	if envSetup != "" {
		b.WriteString(envSetup)
	}
	b.WriteString("\n")
	return b.String()
}

// useLib records that the module being generated calls an env library.
func (g *gen) useLib(lib string) {
	if g.curLibs == nil {
		g.curLibs = map[string]bool{}
	}
	g.curLibs[lib] = true
}

// module assembles a module from its header and body text.
func (g *gen) module(depth int, pathlib bool, text string) string {
	return g.header(depth, pathlib, true, "") + text
}

// pathExpr joins parts onto BASE_DIR.
func (g *gen) pathExpr(pathlib bool, parts ...string) string {
	if pathlib {
		return "BASE_DIR / " + strings.Join(quoteAll(parts), " / ")
	}
	g.imp("import os")
	return "os.path.join(BASE_DIR, " + strings.Join(quoteAll(parts), ", ") + ")"
}

// single renders a one-file settings module.
func (g *gen) single(depth int, skip map[string]bool) string {
	pathlib := g.p(0.85)
	if g.family == "environ" && g.p(0.2) {
		g.readEnv = true
	}
	b := newBody()
	g.core(b, pathlib, skip, 1)
	g.tail(b, pathlib)
	return g.module(depth, pathlib, b.String())
}

// core writes the settings the checks read. scale multiplies the chance of
// leaving a setting out.
func (g *gen) core(b *body, pathlib bool, skip map[string]bool, scale float64) {
	emit := func(s *setting) {
		if skip[s.name] || g.p(s.omit*scale) {
			return
		}
		b.set(s.name, g.value(s))
	}
	emit(sDebug)
	emit(sSecretKey)
	emit(sAllowedHosts)
	if !skip["INSTALLED_APPS"] {
		apps, tuple := g.installedApps()
		for _, a := range apps {
			b.apps[a] = true
		}
		b.set("INSTALLED_APPS", pyLines(apps, tuple))
		b.tuple["INSTALLED_APPS"] = tuple
	}
	if !skip["MIDDLEWARE"] {
		mw, tuple := g.middleware()
		if mw != nil || g.p(0.5) {
			b.set("MIDDLEWARE", pyLines(mw, tuple))
			b.tuple["MIDDLEWARE"] = tuple
		}
	}
	for _, s := range []*setting{sSSLRedirect, sHSTSSeconds, sHSTSSubdomains, sHSTSPreload, sNosniff,
		sSessionSecure, sSessionHTTP} {
		emit(s)
	}
	switch {
	case skip["CSRF_COOKIE_SECURE"]:
	case b.defined["SESSION_COOKIE_SECURE"] && g.p(0.1):
		b.set("CSRF_COOKIE_SECURE", "SESSION_COOKIE_SECURE")
	case b.defined["DEBUG"] && g.p(0.05):
		b.set("CSRF_COOKIE_SECURE", "not DEBUG")
	default:
		emit(sCSRFSecure)
	}
	for _, s := range []*setting{sCSRFSessions, sXFO, sReferrer, sCOOP, sFallbacks, sTrustedOrigins} {
		emit(s)
	}
	if !skip["CSRF_FAILURE_VIEW"] && g.p(0.08) {
		g.needViews = true
		b.set("CSRF_FAILURE_VIEW", g.wpick(w{`"mysite.views.csrf_failure"`, 30}, w{`"mysite.views.bad_csrf_failure"`, 30},
			w{`"nonexistent.views.csrf_failure"`, 25}, w{`""`, 10}, w{`"django.views.csrf.nope"`, 3}))
	}
	if !skip["STATIC"] {
		g.static(b, pathlib)
	}
	if !skip["CACHES"] {
		g.caches(b, pathlib)
	}
	emit(sSilenced)
}

// tail writes the settings every project has: URLconf, templates, database.
func (g *gen) tail(b *body, pathlib bool) {
	b.add("")
	b.set("ROOT_URLCONF", `"mysite.urls"`)
	if !b.defined["TEMPLATES"] {
		b.set("TEMPLATES", g.templates())
	}
	b.set("WSGI_APPLICATION", `"mysite.wsgi.application"`)
	b.set("DATABASES", g.databases(pathlib))
	if g.p(0.3) {
		b.set("LANGUAGE_CODE", `"en-us"`)
		b.set("TIME_ZONE", `"UTC"`) // other zones need the machine's tz database
		b.set("USE_I18N", "True")
		b.set("USE_TZ", "True")
	}
	if g.p(0.15) {
		b.set("SECURE_PROXY_SSL_HEADER", `("HTTP_X_FORWARDED_PROTO", "https")`)
	}
	if g.p(0.1) {
		b.set("EMAIL_BACKEND", g.pick(`"django.core.mail.backends.console.EmailBackend"`, `"django.core.mail.backends.smtp.EmailBackend"`))
	}
	if g.p(0.1) {
		b.set("LOGGING", `{"version": 1, "disable_existing_loggers": False, "handlers": {"console": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["console"], "level": "WARNING"}}`)
	}
	if g.p(0.1) {
		b.set("SESSION_COOKIE_SAMESITE", g.pick(`"Lax"`, `"Strict"`, `"None"`))
	}
	b.set("DEFAULT_AUTO_FIELD", `"django.db.models.BigAutoField"`)
}

func (g *gen) installedApps() (apps []string, tuple bool) {
	type app struct {
		name, config string
		keep         float64
	}
	admin := "django.contrib.admin.apps.AdminConfig"
	if g.p(0.5) {
		admin = "django.contrib.admin.apps.SimpleAdminConfig"
	}
	for _, a := range []app{
		{"django.contrib.admin", admin, 0.88},
		{"django.contrib.auth", "django.contrib.auth.apps.AuthConfig", 0.99},
		{"django.contrib.contenttypes", "django.contrib.contenttypes.apps.ContentTypesConfig", 0.99},
		{"django.contrib.sessions", "django.contrib.sessions.apps.SessionsConfig", 0.85},
		{"django.contrib.messages", "django.contrib.messages.apps.MessagesConfig", 0.9},
		{"django.contrib.staticfiles", "django.contrib.staticfiles.apps.StaticFilesConfig", 0.93},
	} {
		if !g.p(a.keep) {
			continue
		}
		if g.p(0.1) {
			apps = append(apps, a.config)
		} else {
			apps = append(apps, a.name)
		}
	}
	if g.p(0.12) {
		apps = append(apps, "django.contrib.humanize")
	}
	if g.p(0.06) {
		apps = append(apps, "django.contrib.sitemaps")
	}
	if g.p(0.05) {
		apps = append(apps, "mysite")
	}
	if g.p(0.08) {
		g.r.Shuffle(len(apps), func(i, j int) { apps[i], apps[j] = apps[j], apps[i] })
	}
	if len(apps) > 0 && g.p(0.005) {
		apps = append(apps, apps[0])
	}
	return apps, g.p(0.12)
}

// middleware returns MIDDLEWARE's entries; nil means none at all.
func (g *gen) middleware() (mw []string, tuple bool) {
	if g.p(0.02) {
		return nil, false
	}
	type m struct {
		path, custom string
		keep         float64
	}
	for _, x := range []m{
		{mwSecurity, "mysite.middleware.CustomSecurityMiddleware", 0.82},
		{mwSession, "mysite.middleware.CustomSessionMiddleware", 0.85},
		{mwCommon, "", 0.95},
		{mwCSRF, "mysite.middleware.CustomCsrfViewMiddleware", 0.86},
		{mwAuth, "mysite.middleware.CustomAuthenticationMiddleware", 0.9},
		{mwMessages, "mysite.middleware.CustomMessageMiddleware", 0.9},
		{mwClickjack, "mysite.middleware.CustomXFrameOptionsMiddleware", 0.86},
	} {
		if !g.p(x.keep) {
			continue
		}
		if x.custom != "" && g.p(0.06) {
			g.needMiddleware = true
			mw = append(mw, x.custom)
			continue
		}
		mw = append(mw, x.path)
	}
	if g.p(0.1) {
		mw = append([]string{"django.middleware.gzip.GZipMiddleware"}, mw...)
	}
	if g.p(0.08) {
		mw = append(mw, "django.middleware.locale.LocaleMiddleware")
	}
	if g.p(0.05) {
		mw = append(mw, "django.middleware.http.ConditionalGetMiddleware")
	}
	if g.p(0.03) {
		g.needMiddleware = true
		mw = append(mw, "mysite.middleware.Missing")
	}
	if g.p(0.05) {
		g.r.Shuffle(len(mw), func(i, j int) { mw[i], mw[j] = mw[j], mw[i] })
	}
	if mw == nil {
		mw = []string{}
	}
	return mw, g.p(0.15)
}

func (g *gen) templates() string {
	cps := []string{cpRequest, cpAuth, cpMessages}
	appDirs := "True"
	extra := ""
	switch g.wpick(w{"std", 66}, w{"drop", 16}, w{"empty", 4}, w{"sii", 4}, w{"libs", 3}, w{"loaders", 1}, w{"cached", 4}, w{"debug", 3}) {
	case "drop":
		var kept []string
		for _, c := range cps {
			if g.p(0.55) {
				kept = append(kept, c)
			}
		}
		cps = kept
	case "empty":
		return "[]"
	case "sii":
		extra = `            "string_if_invalid": ` + g.pick("0", "None", "False") + ",\n"
	case "libs":
		extra = `            "libraries": {"static": "django.templatetags.cache"},` + "\n"
	case "loaders":
		extra = `            "loaders": ["django.template.loaders.app_directories.Loader"],` + "\n"
	case "cached":
		appDirs = "False"
		extra = `            "loaders": [("django.template.loaders.cached.Loader", ["django.template.loaders.app_directories.Loader"])],` + "\n"
	case "debug":
		extra = `            "debug": True,` + "\n"
	}
	var b strings.Builder
	b.WriteString("[\n    {\n")
	b.WriteString(`        "BACKEND": "django.template.backends.django.DjangoTemplates",` + "\n")
	b.WriteString(`        "DIRS": [],` + "\n")
	b.WriteString(`        "APP_DIRS": ` + appDirs + ",\n")
	b.WriteString(`        "OPTIONS": {` + "\n")
	b.WriteString(`            "context_processors": [` + "\n")
	for _, c := range cps {
		b.WriteString("                " + pyStr(c) + ",\n")
	}
	b.WriteString("            ],\n")
	b.WriteString(extra)
	b.WriteString("        },\n    },\n]")
	return b.String()
}

func (g *gen) databases(pathlib bool) string {
	sqlite := `{"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ` + g.pathExpr(pathlib, "db.sqlite3") + `}}`
	switch {
	case g.style == "environ" && g.p(0.4):
		g.useLib("environ")
		n := g.envName("DATABASE_URL")
		g.offer(n, 0.5, func() string { return g.pick("sqlite:////tmp/deploycheck-app.sqlite3", "sqlite:///db.sqlite3") })
		return `{"default": env.db(` + pyStr(n) + `, default="sqlite:///db.sqlite3")}`
	case g.style != "environ" && g.p(0.12):
		g.usesDJDB = true
		g.imp("import dj_database_url")
		n := g.envName("DATABASE_URL")
		g.offer(n, 0.5, func() string { return g.pick("sqlite:////tmp/deploycheck-app.sqlite3", "sqlite:///db.sqlite3") })
		if g.style == "decouple" {
			g.useLib("decouple")
			return `{"default": dj_database_url.parse(config(` + pyStr(n) + `, default="sqlite:///db.sqlite3"))}`
		}
		g.imp("import os")
		return `{"default": dj_database_url.parse(os.environ.get(` + pyStr(n) + `, "sqlite:///db.sqlite3"), conn_max_age=600)}`
	}
	return sqlite
}

// static writes STATIC_*, MEDIA_* and STATICFILES_DIRS.
func (g *gen) static(b *body, pathlib bool) {
	if !g.p(sStaticURL.omit) {
		b.set("STATIC_URL", g.value(sStaticURL))
	}
	if g.p(0.6) {
		b.set("STATIC_ROOT", g.wpick(w{g.pathExpr(pathlib, "staticfiles"), 60}, w{g.pathExpr(pathlib, "public", "static"), 15},
			w{`"staticfiles"`, 5}, w{g.pathExpr(pathlib, "static"), 5}))
	}
	if !g.p(sMediaURL.omit) {
		b.set("MEDIA_URL", g.value(sMediaURL))
	}
	if g.p(0.45) {
		b.set("MEDIA_ROOT", g.wpick(w{g.pathExpr(pathlib, "media"), 70}, w{g.pathExpr(pathlib, "uploads"), 30}))
	}
	if g.p(0.35) {
		switch g.wpick(w{"static", 40}, w{"prefix", 15}, w{"prefixslash", 8}, w{"root", 6}, w{"str", 3}, w{"dist", 10}) {
		case "static":
			if g.p(0.5) {
				g.dirs = append(g.dirs, "static")
			}
			b.set("STATICFILES_DIRS", "["+g.pathExpr(pathlib, "static")+"]")
		case "prefix":
			g.dirs = append(g.dirs, "assets")
			b.set("STATICFILES_DIRS", `[("assets", `+g.pathExpr(pathlib, "assets")+`)]`)
		case "prefixslash":
			g.dirs = append(g.dirs, "assets")
			b.set("STATICFILES_DIRS", `[("assets/", `+g.pathExpr(pathlib, "assets")+`)]`)
		case "root":
			if b.defined["STATIC_ROOT"] {
				b.set("STATICFILES_DIRS", "[STATIC_ROOT]")
			} else {
				b.set("STATICFILES_DIRS", "["+g.pathExpr(pathlib, "staticfiles")+"]")
			}
		case "str":
			b.set("STATICFILES_DIRS", `"static"`)
		case "dist":
			if g.p(0.5) {
				g.dirs = append(g.dirs, "frontend/dist")
			}
			b.set("STATICFILES_DIRS", "["+g.pathExpr(pathlib, "frontend", "dist")+"]")
		}
	}
}

func fileCache(loc string) string {
	return `{"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": ` + loc + `}`
}

func (g *gen) caches(b *body, pathlib bool) {
	if g.p(0.45) {
		return
	}
	locmem := `{"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}`
	var def string
	switch g.wpick(w{"locmem", 28}, w{"dummy", 8}, w{"db", 8}, w{"file", 14}, w{"rel", 10}, w{"instatic", 9},
		w{"media", 6}, w{"base", 4}, w{"vartmp", 5}, w{"nodefault", 4}, w{"two", 6}) {
	case "locmem":
		def = locmem
	case "dummy":
		def = `{"BACKEND": "django.core.cache.backends.dummy.DummyCache"}`
	case "db":
		def = `{"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}`
	case "file":
		def = fileCache(g.pathExpr(pathlib, "cache"))
	case "rel":
		def = fileCache(g.pick(`"cache"`, `"tmp/django_cache"`, `"./cache"`))
	case "instatic":
		// Django creates a file cache's directory when its checks
		// instantiate the cache, in an order that varies: create it up
		// front so staticfiles.W004 is decided the same in every run.
		g.dirs = append(g.dirs, "staticfiles/cache", "public/static/cache", "static/cache")
		if b.defined["STATIC_ROOT"] {
			g.imp("import os")
			def = fileCache(`os.path.join(STATIC_ROOT, "cache")`)
		} else {
			def = fileCache(g.pathExpr(pathlib, "staticfiles", "cache"))
		}
	case "media":
		if b.defined["MEDIA_ROOT"] {
			def = fileCache("MEDIA_ROOT")
		} else {
			def = fileCache(g.pathExpr(pathlib, "media"))
		}
	case "base":
		def = fileCache("BASE_DIR")
	case "vartmp":
		def = fileCache(`"/var/tmp/django_cache"`)
	case "nodefault":
		b.set("CACHES", `{"files": `+fileCache(g.pathExpr(pathlib, "cache"))+`}`)
		return
	case "two":
		g.dirs = append(g.dirs, "staticfiles", "file_cache")
		b.set("CACHES", "{\n    \"default\": "+locmem+",\n    \"files\": "+fileCache(g.pick(`"file_cache"`, g.pathExpr(pathlib, "staticfiles")))+",\n}")
		return
	}
	b.set("CACHES", `{"default": `+def+`}`)
}
