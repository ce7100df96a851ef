package oracle

import (
	"fmt"
	"strings"
)

// flow renders a one-file module whose values come out of control flow:
// if/else on the environment, helper functions, chained assignment,
// f-strings, comprehensions, try/except, walrus, match.
func (g *gen) flow() string {
	pathlib := g.p(0.85)
	g.imp("import os")
	b := newBody()
	skip := map[string]bool{}
	var helpers []string

	appEnv := g.envName("APP_ENV")
	b.set("ENVIRONMENT", fmt.Sprintf("os.environ.get(%s, %s)", pyStr(appEnv), pyStr(g.pick("production", "production", "development"))))
	g.offer(appEnv, 0.6, func() string { return g.wpick(w{"production", 5}, w{"staging", 3}, w{"development", 2}, w{"", 1}) })
	b.set("PRODUCTION", g.pick(`ENVIRONMENT == "production"`, `ENVIRONMENT in ("production", "prod")`, `ENVIRONMENT.lower().startswith("prod")`))

	// DEBUG
	debugEnv := g.envName("DEBUG")
	switch g.intn(4) {
	case 0:
		helpers = append(helpers, `def env_flag(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}
`)
		b.set("DEBUG", fmt.Sprintf("env_flag(%s, default=not PRODUCTION)", pyStr(debugEnv)))
	case 1:
		helpers = append(helpers, `env_bool = lambda name, default="0": os.environ.get(name, default).lower() in ("1", "true")
`)
		b.set("DEBUG", fmt.Sprintf("env_bool(%s)", pyStr(debugEnv)))
	case 2:
		b.set("DEBUG", fmt.Sprintf(`not PRODUCTION and os.environ.get(%s, "1") != "0"`, pyStr(debugEnv)))
	default:
		b.add(fmt.Sprintf("if os.environ.get(%s):\n    DEBUG = os.environ[%s].lower() == \"true\"\nelse:\n    DEBUG = %s", pyStr(debugEnv), pyStr(debugEnv), g.pick("not PRODUCTION", "False", "ENVIRONMENT == \"development\"")))
		b.defined["DEBUG"] = true
	}
	g.offer(debugEnv, 0.5, g.boolEnv)
	skip["DEBUG"] = true

	type construct struct {
		names []string
		run   func()
	}
	pre := []construct{
		{[]string{"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"}, func() {
			hsts := g.pick("0", "3600", "31536000")
			s := fmt.Sprintf("if PRODUCTION:\n    SECURE_SSL_REDIRECT = %s\n    SECURE_HSTS_SECONDS = %s\n    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = %s\nelse:\n    SECURE_SSL_REDIRECT = False",
				g.boolLit(40, 20), hsts, g.pick("True", "True", "False", "1"))
			elseHSTS := g.p(0.75)
			if elseHSTS {
				s += "\n    SECURE_HSTS_SECONDS = 0"
			}
			b.add(s)
			if g.p(0.6) {
				b.add("SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = " + g.pick("SECURE_HSTS_SECONDS > 0", "bool(SECURE_HSTS_SECONDS)", "SECURE_HSTS_SECONDS >= 31536000"))
			}
			b.defined["SECURE_HSTS_SECONDS"] = elseHSTS
			b.defined["SECURE_SSL_REDIRECT"] = true
		}},
		{[]string{"SECURE_HSTS_SECONDS"}, func() {
			n := g.envName("HSTS_SECONDS")
			helpers = append(helpers, `def env_int(name, default=0):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default
`)
			b.set("SECURE_HSTS_SECONDS", fmt.Sprintf("env_int(%s, %s)", pyStr(n), g.pick("31536000 if PRODUCTION else 0", "0", "3600")))
			g.offer(n, 0.5, g.intEnv)
		}},
		{[]string{"SECURE_HSTS_SECONDS"}, func() {
			n := g.envName("HSTS_SECONDS")
			b.add(fmt.Sprintf("try:\n    SECURE_HSTS_SECONDS = int(os.environ[%s])\nexcept (KeyError, ValueError):\n    SECURE_HSTS_SECONDS = %s", pyStr(n), g.pick("0", "3600")))
			b.defined["SECURE_HSTS_SECONDS"] = true
			g.offer(n, 0.5, g.intEnv)
		}},
		{[]string{"ALLOWED_HOSTS"}, func() {
			n := g.envName("ALLOWED_HOSTS")
			helpers = append(helpers, `def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
`)
			b.set("ALLOWED_HOSTS", fmt.Sprintf("env_list(%s, %s)", pyStr(n), pyStr(g.pick("example.com", "", "localhost,127.0.0.1"))))
			g.offer(n, 0.6, func() string { return g.strEnv(sAllowedHosts) })
		}},
		{[]string{"ALLOWED_HOSTS"}, func() {
			n := g.envName("HOSTS")
			b.set("ALLOWED_HOSTS", g.pick(`["localhost"]`, "[]", `["example.com"]`))
			b.add(fmt.Sprintf("if hosts := os.environ.get(%s):\n    ALLOWED_HOSTS = [h.strip() for h in hosts.split(\",\")]", pyStr(n)))
			g.offer(n, 0.6, func() string { return g.strEnv(sAllowedHosts) })
		}},
		{[]string{"ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}, func() {
			n := g.envName("SITE_DOMAIN")
			b.set("DOMAIN", fmt.Sprintf("os.environ.get(%s, %s)", pyStr(n), pyStr(g.pick("example.com", "example.org", ""))))
			b.set("ALLOWED_HOSTS", g.pick(`[DOMAIN, f"www.{DOMAIN}"]`, `[f"{sub}.{DOMAIN}" for sub in ("www", "api")]`, `[DOMAIN] if DOMAIN else []`))
			switch g.intn(3) {
			case 0:
				b.set("CSRF_TRUSTED_ORIGINS", `[f"https://{host}" for host in ALLOWED_HOSTS]`)
			case 1:
				b.set("CSRF_TRUSTED_ORIGINS", `[DOMAIN]`)
			}
			g.offer(n, 0.6, func() string { return g.pick("example.com", "shop.example.com", "", "*") })
		}},
		{[]string{"SECRET_KEY"}, func() {
			n := g.envName("SECRET_KEY")
			if g.p(0.5) {
				b.set("SECRET_KEY", fmt.Sprintf(`os.environ.get(%s) or ("django-insecure-" + "k" * 40 if DEBUG else %s)`, pyStr(n), pyStr(g.secretValue())))
			} else {
				b.set("SECRET_KEY", fmt.Sprintf(`os.environ.get(%s, "")`, pyStr(n)))
				b.add("if not SECRET_KEY and DEBUG:\n    SECRET_KEY = \"dev-\" + \"x\" * 60")
			}
			g.offer(n, 0.5, g.secretValue)
		}},
		{[]string{"X_FRAME_OPTIONS"}, func() {
			b.set("_FRAME_OPTIONS", `{"production": "DENY", "staging": "SAMEORIGIN"}`)
			b.set("X_FRAME_OPTIONS", fmt.Sprintf("_FRAME_OPTIONS.get(ENVIRONMENT, %s)", pyStr(g.pick("sameorigin", "DENY", "deny"))))
		}},
		{[]string{"SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY"}, func() {
			s := "match ENVIRONMENT:\n    case \"production\":\n        SECURE_REFERRER_POLICY = " + g.pick(`"same-origin"`, `"strict-origin-when-cross-origin"`) +
				"\n        SECURE_CROSS_ORIGIN_OPENER_POLICY = " + g.pick(`"same-origin"`, `"Same-Origin"`, "None") +
				"\n    case \"staging\":\n        SECURE_REFERRER_POLICY = " + g.pick(`"strict-origin, origin"`, `"strict-origin; origin"`) +
				"\n    case _:\n        SECURE_REFERRER_POLICY = None"
			b.add(s)
		}},
		{[]string{"SECURE_REFERRER_POLICY"}, func() {
			b.set("SECURE_REFERRER_POLICY", g.pick(`f"{'strict' if PRODUCTION else 'no'}-origin"`, `f"{'same'}-origin"`, `"-".join(["no", "referrer"])`, `"%s-origin" % ("same" if PRODUCTION else "cross")`))
		}},
		{[]string{"SECURE_CROSS_ORIGIN_OPENER_POLICY"}, func() {
			b.set("SECURE_CROSS_ORIGIN_OPENER_POLICY", g.pick(`"same-origin" if PRODUCTION else "unsafe-none"`, `None if DEBUG else "same-origin-allow-popups"`, `"same-origin" if not DEBUG else "Unsafe-None"`))
		}},
		{[]string{"STATIC"}, func() {
			n := g.envName("STATIC_PREFIX")
			b.set("STATIC_PREFIX", fmt.Sprintf("os.environ.get(%s, %s)", pyStr(n), pyStr(g.pick("static", "assets"))))
			b.set("STATIC_URL", g.pick(`f"/{STATIC_PREFIX}/"`, `"/%s/" % STATIC_PREFIX`, `"/{}".format(STATIC_PREFIX)`, `STATIC_PREFIX + "/"`))
			g.offer(n, 0.4, func() string { return g.pick("static", "assets", "") })
			if g.p(0.4) {
				b.set("STATIC_ROOT", g.pathExpr(pathlib, "staticfiles"))
			}
		}},
		{[]string{"SILENCED_SYSTEM_CHECKS"}, func() {
			b.set("SILENCED_SYSTEM_CHECKS", g.pick(`[f"security.W{n:03d}" for n in (4, 8, 21)] if not PRODUCTION else []`,
				`[] if PRODUCTION else ["security.W018"]`, `["security.W%03d" % n for n in range(4, 6)]`))
		}},
		{[]string{"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}, func() {
			b.add("for _name in (\"SESSION_COOKIE_SECURE\", \"CSRF_COOKIE_SECURE\"):\n    globals()[_name] = " + g.pick("not DEBUG", "PRODUCTION", "True"))
		}},
	}
	post := []construct{
		{[]string{"MIDDLEWARE+"}, func() {
			if b.tuple["MIDDLEWARE"] {
				b.add("if not DEBUG:\n    MIDDLEWARE = (\"" + mwSecurity + "\",) + MIDDLEWARE")
			} else {
				b.add("if not DEBUG:\n    MIDDLEWARE.insert(0, \"" + mwSecurity + "\")")
			}
		}},
		{[]string{"MIDDLEWARE+"}, func() {
			n := g.envName("ALLOW_FRAMING")
			b.add(fmt.Sprintf("if os.environ.get(%s):\n    MIDDLEWARE = [m for m in MIDDLEWARE if not m.endswith(\"XFrameOptionsMiddleware\")]", pyStr(n)))
			g.offer(n, 0.5, g.boolEnv)
		}},
		{[]string{"INSTALLED_APPS+"}, func() {
			b.add(g.pick("if DEBUG:\n    INSTALLED_APPS = [*INSTALLED_APPS, \"django.contrib.admindocs\"]",
				"INSTALLED_APPS = [app for app in INSTALLED_APPS if PRODUCTION or app != \"django.contrib.admin\"]",
				"INSTALLED_APPS = [app for app in INSTALLED_APPS if not (DEBUG and app.endswith(\"sessions\"))]"))
		}},
		{[]string{"SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"}, func() {
			if b.defined["SECURE_HSTS_SECONDS"] || g.p(0.1) {
				b.add("SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = " + g.pick("bool(SECURE_HSTS_SECONDS)", "SECURE_HSTS_SECONDS == 31536000"))
			}
		}},
		{[]string{"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}, func() {
			b.add("CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = " + g.pick("not DEBUG", "PRODUCTION", "ENVIRONMENT != \"development\""))
		}},
	}

	used := map[string]bool{}
	free := func(c construct) bool {
		for _, n := range c.names {
			if used[n] {
				return false
			}
		}
		return true
	}
	claim := func(c construct) {
		for _, n := range c.names {
			used[n] = true
			skip[n] = true
		}
	}
	g.r.Shuffle(len(pre), func(i, j int) { pre[i], pre[j] = pre[j], pre[i] })
	n := 3 + g.intn(3)
	for _, c := range pre {
		if n == 0 {
			break
		}
		if c.names[0] == "SESSION_COOKIE_SECURE" && !g.p(0.3) {
			continue // the globals() loop, rarely
		}
		if free(c) {
			claim(c)
			c.run()
			n--
		}
	}
	g.core(b, pathlib, skip, 1)
	g.r.Shuffle(len(post), func(i, j int) { post[i], post[j] = post[j], post[i] })
	n = 1 + g.intn(2)
	for _, c := range post {
		if n == 0 {
			break
		}
		if free(c) && (c.names[0] != "MIDDLEWARE+" || b.defined["MIDDLEWARE"]) {
			claim(c)
			c.run()
			n--
		}
	}
	g.tail(b, pathlib)
	text := ""
	if len(helpers) > 0 {
		text = "\n" + strings.Join(dedupe(helpers), "\n\n") + "\n\n"
	}
	return g.module(1, pathlib, text+b.String())
}

func dedupe(items []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// overridable are the settings production.py may set again.
var overridable = []*setting{sDebug, sSecretKey, sAllowedHosts, sSSLRedirect, sHSTSSeconds, sHSTSSubdomains, sHSTSPreload,
	sNosniff, sSessionSecure, sSessionHTTP, sCSRFSecure, sCSRFSessions, sXFO, sReferrer, sCOOP, sFallbacks, sTrustedOrigins, sSilenced}

// split renders a settings package: base.py (startproject-like), and
// production.py, which star-imports base.py, overrides and edits it, and
// may star-import an optional local.py. It returns the settings module.
func (g *gen) split() string {
	pathlib := g.p(0.85)
	if g.style == "environ" && g.p(0.2) {
		g.readEnv = true
	}
	envRate := g.envRate
	g.envRate = envRate / 4
	base := newBody()
	g.core(base, pathlib, nil, 1.4)
	g.tail(base, pathlib)
	trap := g.p(0.02)
	if trap {
		g.imp("import os")
		base.add("\n\ndef _env(name, default=None):\n    return os.environ.get(name, default)")
	}
	g.files["mysite/settings/base.py"] = g.module(2, pathlib, base.String())

	g.envRate = envRate
	prod := newBody()
	if trap {
		prod.set("DEBUG", `_env("DJANGO_DEBUG", "") == "1"`)
	}
	for _, s := range overridable {
		if g.p(0.4) {
			prod.set(s.name, g.value(s))
		}
	}
	g.splitEdits(prod, base, pathlib)
	if g.p(0.35) {
		prod.add("\ntry:\n    from .local import *  # noqa\nexcept ImportError:\n    pass")
		if g.p(0.5) {
			local := newBody()
			for _, s := range []*setting{sDebug, sAllowedHosts, sSSLRedirect, sSessionSecure, sXFO} {
				if g.p(0.4) {
					local.set(s.name, s.lit(g))
				}
			}
			if len(local.lines) == 0 {
				local.set("DEBUG", "True")
			}
			g.files["mysite/settings/local.py"] = local.String()
		}
	}
	star := g.pick("from .base import *  # noqa", "from .base import *  # noqa: F401,F403", "from mysite.settings.base import *  # noqa")
	g.files["mysite/settings/production.py"] = g.header(2, pathlib, false, star) + prod.String()

	switch g.wpick(w{"direct", 60}, w{"init", 20}, w{"switch", 20}) {
	case "init":
		g.files["mysite/settings/__init__.py"] = "from .production import *  # noqa\n"
		return "mysite.settings"
	case "switch":
		n := g.envName("DJANGO_ENV")
		g.files["mysite/settings/__init__.py"] = fmt.Sprintf("import os\n\nif os.environ.get(%s, \"production\") == \"production\":\n    from .production import *  # noqa\nelse:\n    from .development import *  # noqa\n", pyStr(n))
		g.files["mysite/settings/development.py"] = "from .base import *  # noqa\n\nDEBUG = True\nALLOWED_HOSTS = [\"*\"]\n"
		g.offer(n, 0.5, func() string { return g.pick("production", "development", "") })
		return "mysite.settings"
	}
	g.files["mysite/settings/__init__.py"] = ""
	return "mysite.settings.production"
}

// splitEdits writes edits of base's containers into production.py; they
// fit base's types, except rarely.
func (g *gen) splitEdits(prod, base *body, pathlib bool) {
	safe := !g.p(0.05)
	mwTuple := base.tuple["MIDDLEWARE"] && safe
	type edit struct {
		need string
		text func() string
	}
	edits := []edit{
		{"MIDDLEWARE", func() string {
			if mwTuple {
				return `MIDDLEWARE = ("` + mwSecurity + `",) + tuple(MIDDLEWARE)`
			}
			return `MIDDLEWARE.insert(0, "` + mwSecurity + `")`
		}},
		{"MIDDLEWARE", func() string {
			if mwTuple || g.p(0.3) {
				return `MIDDLEWARE += ("` + mwClickjack + `",)`
			}
			return `MIDDLEWARE += ["` + mwClickjack + `"]`
		}},
		{"MIDDLEWARE", func() string {
			return `MIDDLEWARE = [m for m in MIDDLEWARE if "` + g.pick("clickjacking", "csrf", "security", "sessions") + `" not in m]`
		}},
		{"MIDDLEWARE", func() string {
			m := g.pick(mwCSRF, mwSession, mwSecurity, mwClickjack)
			if mwTuple {
				return "MIDDLEWARE = tuple(m for m in MIDDLEWARE if m != \"" + m + "\")"
			}
			return "if \"" + m + "\" in MIDDLEWARE:\n    MIDDLEWARE.remove(\"" + m + "\")"
		}},
		{"MIDDLEWARE", func() string {
			if mwTuple {
				return "MIDDLEWARE = [*MIDDLEWARE, \"" + mwCSRF + "\"]"
			}
			return "MIDDLEWARE.append(\"" + g.pick(mwCSRF, mwSession, mwAuth) + "\")"
		}},
		{"INSTALLED_APPS", func() string {
			app := "django.contrib.admindocs"
			if !base.apps["django.contrib.humanize"] {
				app = "django.contrib.humanize"
			}
			if base.tuple["INSTALLED_APPS"] && safe {
				return `INSTALLED_APPS += ("` + app + `",)`
			}
			return `INSTALLED_APPS += ["` + app + `"]`
		}},
		{"INSTALLED_APPS", func() string {
			return `INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "` + g.pick("django.contrib.admin", "django.contrib.sessions", "django.contrib.staticfiles") + `"]`
		}},
		{"TEMPLATES", func() string {
			cp := g.pick(cpMessages, cpRequest, cpAuth)
			if g.p(0.5) {
				return "_cps = TEMPLATES[0][\"OPTIONS\"][\"context_processors\"]\nif \"" + cp + "\" in _cps:\n    _cps.remove(\"" + cp + "\")"
			}
			return `TEMPLATES[0]["OPTIONS"]["debug"] = False`
		}},
		{"CACHES", func() string {
			return `CACHES["default"] = ` + fileCache(g.pick(`"cache"`, g.pathExpr(pathlib, "cache"), "STATIC_ROOT", `"/var/tmp/django_cache"`))
		}},
		{"CACHES", func() string {
			return `CACHES = {**CACHES, "files": ` + fileCache(g.pick(`"file_cache"`, g.pathExpr(pathlib, "cache"))) + `}`
		}},
		{"", func() string {
			return `DATABASES["default"]["CONN_MAX_AGE"] = ` + g.pick("60", "None", "0")
		}},
		{"SILENCED_SYSTEM_CHECKS", func() string {
			return `SILENCED_SYSTEM_CHECKS = list(SILENCED_SYSTEM_CHECKS) + ["` + g.pick("security.W004", "security.W008", "security.W018") + `"]`
		}},
		{"SECURE_HSTS_SECONDS", func() string {
			return "SECURE_HSTS_SECONDS = SECURE_HSTS_SECONDS or " + g.pick("3600", "0", "31536000")
		}},
		{"ALLOWED_HOSTS", func() string {
			return `ALLOWED_HOSTS = [*ALLOWED_HOSTS, "api.example.com"]`
		}},
		{"", func() string {
			return "SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = " + g.pick("True", "not DEBUG", "SECURE_SSL_REDIRECT")
		}},
	}
	n := g.intn(4)
	for _, k := range g.r.Perm(len(edits))[:n] {
		e := edits[k]
		if e.need != "" && !base.defined[e.need] && safe {
			continue
		}
		text := e.text()
		if strings.Contains(text, "STATIC_ROOT") && !base.defined["STATIC_ROOT"] {
			continue
		}
		if strings.Contains(text, "SECURE_SSL_REDIRECT") && !base.defined["SECURE_SSL_REDIRECT"] && !prod.defined["SECURE_SSL_REDIRECT"] {
			continue
		}
		if strings.Contains(text, "DEBUG") && !strings.Contains(text, "DEBUG\"") && !base.defined["DEBUG"] && !prod.defined["DEBUG"] {
			continue
		}
		prod.add(text)
	}
}
