package oracle

import (
	"fmt"
	"strings"
)

// kind is how an environment variable's text becomes a setting's value.
type kind int

const (
	kBool kind = iota
	kInt
	kStr
	kList
	kSecret
)

// setting describes how to generate one setting's value.
type setting struct {
	name string
	kind kind
	// omit is the probability that the setting is left out (Django's
	// default applies).
	omit float64
	// lit returns a literal Python expression.
	lit func(g *gen) string
	// vals are environment values for kStr and kList settings (a list is
	// written comma-separated).
	vals []string
}

const keyChars = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)"

func (g *gen) randKey(n int, alphabet string) string {
	rs := []rune(alphabet)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteRune(rs[g.intn(len(rs))])
	}
	return b.String()
}

// secretValue returns a secret key text of a random quality.
func (g *gen) secretValue() string {
	switch g.wpick(w{"strong", 40}, w{"insecure", 18}, w{"short", 12}, w{"low", 6}, w{"unicode", 4},
		w{"fifty", 4}, w{"fortynine", 4}, w{"five", 2}, w{"four", 2}, w{"Insecure", 3}, w{"empty", 5}) {
	case "strong":
		return g.randKey(50+g.intn(17), keyChars)
	case "insecure":
		return "django-insecure-" + g.randKey(50, keyChars)
	case "short":
		return g.randKey(16+g.intn(30), keyChars)
	case "low":
		return strings.Repeat(g.randKey(1+g.intn(3), "abcdef0123"), 60)[:50+g.intn(10)]
	case "unicode":
		// fewer than 50 code points, but 50 or more bytes
		return g.randKey(40+g.intn(9), "éßüøåñçabcdef")
	case "fifty":
		return g.randKey(50, keyChars)
	case "fortynine":
		return g.randKey(49, keyChars)
	case "five":
		return strings.Repeat("abcde", 10)
	case "four":
		return strings.Repeat("abcd", 13)
	case "Insecure":
		return "Django-Insecure-" + g.randKey(50, keyChars)
	default:
		return ""
	}
}

func (g *gen) boolLit(t, f int) string {
	return g.wpick(w{"True", t}, w{"False", f}, w{"1", 6}, w{"0", 3}, w{`"True"`, 4}, w{`"1"`, 2}, w{`"False"`, 2}, w{"None", 3})
}

var (
	sDebug = &setting{name: "DEBUG", kind: kBool, omit: 0.05, lit: func(g *gen) string {
		return g.wpick(w{"False", 40}, w{"True", 25}, w{"0", 4}, w{"1", 4}, w{`"False"`, 4}, w{`""`, 2}, w{"None", 2})
	}}
	sSecretKey = &setting{name: "SECRET_KEY", kind: kSecret, omit: 0.03, lit: func(g *gen) string {
		switch g.wpick(w{"str", 88}, w{"none", 2}, w{"random", 6}, w{"bytes", 1}, w{"concat", 3}) {
		case "none":
			return "None"
		case "random":
			g.imp("from django.core.management.utils import get_random_secret_key")
			return "get_random_secret_key()"
		case "bytes":
			return "b" + pyStr(g.randKey(55, "abcdefghijklmnop0123456789"))
		case "concat":
			return pyStr("django-insecure-") + " + " + pyStr(g.randKey(40, keyChars))
		}
		return pyStr(g.secretValue())
	}}
	sAllowedHosts = &setting{name: "ALLOWED_HOSTS", kind: kList, omit: 0.08, lit: func(g *gen) string {
		return g.wpick(w{"[]", 20}, w{`["example.com"]`, 25}, w{`["*"]`, 12}, w{`[".example.com", "www.example.org"]`, 10},
			w{`[""]`, 4}, w{`("example.com",)`, 5}, w{`["localhost", "127.0.0.1"]`, 8}, w{`"*"`, 1}, w{"()", 3})
	}, vals: []string{"example.com", ".example.com,www.example.org", "*", "", "example.com www.example.com", " ", "localhost,127.0.0.1", ","}}
	sHSTSSeconds = &setting{name: "SECURE_HSTS_SECONDS", kind: kInt, omit: 0.3, lit: func(g *gen) string {
		return g.wpick(w{"0", 15}, w{"3600", 15}, w{"31536000", 20}, w{"60 * 60 * 24 * 365", 5}, w{`"0"`, 5}, w{"None", 4},
			w{`""`, 3}, w{"1", 3}, w{"False", 2}, w{"0.0", 1})
	}}
	sHSTSSubdomains = &setting{name: "SECURE_HSTS_INCLUDE_SUBDOMAINS", kind: kBool, omit: 0.4, lit: func(g *gen) string { return g.boolLit(40, 20) }}
	sHSTSPreload    = &setting{name: "SECURE_HSTS_PRELOAD", kind: kBool, omit: 0.4, lit: func(g *gen) string { return g.boolLit(40, 20) }}
	sNosniff        = &setting{name: "SECURE_CONTENT_TYPE_NOSNIFF", kind: kBool, omit: 0.6, lit: func(g *gen) string { return g.boolLit(35, 25) }}
	sSSLRedirect    = &setting{name: "SECURE_SSL_REDIRECT", kind: kBool, omit: 0.25, lit: func(g *gen) string { return g.boolLit(40, 25) }}
	sReferrer       = &setting{name: "SECURE_REFERRER_POLICY", kind: kStr, omit: 0.45, lit: func(g *gen) string {
		return g.wpick(w{`"same-origin"`, 20}, w{`"no-referrer"`, 8}, w{`"strict-origin-when-cross-origin"`, 10},
			w{`"same-origin, origin"`, 5}, w{`" same-origin , origin "`, 3}, w{`["same-origin", "origin"]`, 4},
			w{`("no-referrer",)`, 3}, w{"None", 15}, w{`""`, 4}, w{`"invalid-value"`, 5}, w{`"Same-Origin"`, 4},
			w{`["same-origin", "bogus"]`, 3}, w{`"no-referrer,"`, 3}, w{`{"origin", "unsafe-url"}`, 1}, w{`[" origin"]`, 2})
	}, vals: []string{"same-origin", "no-referrer", "origin", "strict-origin", "unsafe-url", "same-origin,origin", "", "bogus", "Same-Origin", "no-referrer, strict-origin"}}
	sCOOP = &setting{name: "SECURE_CROSS_ORIGIN_OPENER_POLICY", kind: kStr, omit: 0.5, lit: func(g *gen) string {
		return g.wpick(w{`"same-origin"`, 20}, w{`"same-origin-allow-popups"`, 10}, w{`"unsafe-none"`, 10}, w{"None", 15},
			w{`"Same-Origin"`, 6}, w{`"bogus"`, 6}, w{`""`, 4}, w{`["same-origin"]`, 1}, w{`"same-origin "`, 2})
	}, vals: []string{"same-origin", "same-origin-allow-popups", "unsafe-none", "", "Same-Origin", "bogus", "same-origin "}}
	sSessionSecure = &setting{name: "SESSION_COOKIE_SECURE", kind: kBool, omit: 0.25, lit: func(g *gen) string { return g.boolLit(35, 25) }}
	sSessionHTTP   = &setting{name: "SESSION_COOKIE_HTTPONLY", kind: kBool, omit: 0.5, lit: func(g *gen) string { return g.boolLit(30, 22) }}
	sCSRFSecure    = &setting{name: "CSRF_COOKIE_SECURE", kind: kBool, omit: 0.25, lit: func(g *gen) string { return g.boolLit(35, 25) }}
	sCSRFSessions  = &setting{name: "CSRF_USE_SESSIONS", kind: kBool, omit: 0.85, lit: func(g *gen) string {
		return g.wpick(w{"True", 30}, w{"False", 30}, w{"1", 10}, w{`"False"`, 10}, w{"0", 5})
	}}
	sXFO = &setting{name: "X_FRAME_OPTIONS", kind: kStr, omit: 0.45, lit: func(g *gen) string {
		return g.wpick(w{`"DENY"`, 30}, w{`"SAMEORIGIN"`, 25}, w{`"deny"`, 10}, w{`"Deny"`, 5}, w{`"sameorigin"`, 5}, w{`" DENY"`, 3})
	}, vals: []string{"DENY", "SAMEORIGIN", "deny", "Deny", "sameorigin", "", "DENY "}}
	sFallbacks = &setting{name: "SECRET_KEY_FALLBACKS", kind: kList, omit: 0.7, lit: func(g *gen) string {
		var keys []string
		switch g.wpick(w{"empty", 10}, w{"one", 40}, w{"two", 25}, w{"three", 8}, w{"str", 1}, w{"tuple", 8}) {
		case "empty":
			return "[]"
		case "str":
			return pyStr(g.randKey(20, keyChars))
		case "tuple":
			return "(" + pyStr(g.secretValue()) + ",)"
		case "one":
			keys = []string{g.secretValue()}
		case "two":
			keys = []string{g.secretValue(), g.secretValue()}
		case "three":
			keys = []string{g.secretValue(), g.secretValue(), g.secretValue()}
		}
		return pyList(keys)
	}, vals: []string{"", "old-short-key", "q8#x0m!v2k@z7w(p4n_r9t+y6u-s3e=a1d$f5g%h^j&l*c)b0o8i2q4w6e8r0t", "q8#x0m!v2k@z7w(p4n_r9t+y6u-s3e=a1d$f5g%h^j&l*c)b0o8i2q4w6e8r0t,old"}}
	sTrustedOrigins = &setting{name: "CSRF_TRUSTED_ORIGINS", kind: kList, omit: 0.75, lit: func(g *gen) string {
		return g.wpick(w{`["https://example.com"]`, 30}, w{`["example.com"]`, 15}, w{`["https://*.example.com", "http://localhost:8000"]`, 10},
			w{`["https://example.com", "api.example.com"]`, 10}, w{"[]", 5})
	}, vals: []string{"https://example.com", "example.com", "https://a.example.com,b.example.com", ""}}
	sStaticURL = &setting{name: "STATIC_URL", kind: kStr, omit: 0.03, lit: func(g *gen) string {
		return g.wpick(w{`"static/"`, 40}, w{`"/static/"`, 30}, w{`"/static"`, 8}, w{`"static"`, 6}, w{`"https://cdn.example.com/static/"`, 5})
	}, vals: []string{"/static/", "static/", "/static", "https://cdn.example.com/assets/", "https://cdn.example.com/assets"}}
	sMediaURL = &setting{name: "MEDIA_URL", kind: kStr, omit: 0.6, lit: func(g *gen) string {
		return g.wpick(w{`"/media/"`, 40}, w{`"media/"`, 20}, w{`"/media"`, 10}, w{`"media"`, 5})
	}, vals: []string{"/media/", "media/", "/media", "https://cdn.example.com/media"}}
	sSilenced = &setting{name: "SILENCED_SYSTEM_CHECKS", kind: kList, omit: 0.78, lit: func(g *gen) string {
		pool := []string{"security.W004", "security.W008", "security.W009", "security.W012", "security.W016", "security.W018",
			"security.W019", "security.W020", "security.W001", "security.E023", "security.W021", "security.W005",
			"security.W025", "admin.E410", "admin.E408", "security.W999", "security.*", "urls.E006", "caches.W003"}
		switch g.wpick(w{"list", 70}, w{"tuple", 12}, w{"str", 8}, w{"empty", 10}) {
		case "empty":
			return "[]"
		case "str":
			if g.p(0.5) {
				return pyStr(g.pick(pool...))
			}
			return pyStr(g.pick(pool...) + "," + g.pick(pool...))
		case "tuple":
			return "(" + pyStr(g.pick(pool...)) + ",)"
		}
		n := 1 + g.intn(3)
		var ids []string
		for i := 0; i < n; i++ {
			ids = append(ids, g.pick(pool...))
		}
		return pyList(ids)
	}, vals: []string{"security.W004", "security.W004,security.W008", "", "security.W018", "security.W020,admin.E410"}}
)

func pyList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = pyStr(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// pyLines renders a list or tuple one item a line.
func pyLines(items []string, tuple bool) string {
	open, close := "[", "]"
	if tuple {
		open, close = "(", ")"
	}
	if len(items) == 0 {
		if tuple {
			return "()"
		}
		return "[]"
	}
	var b strings.Builder
	b.WriteString(open + "\n")
	for _, it := range items {
		b.WriteString("    " + pyStr(it) + ",\n")
	}
	b.WriteString(close)
	return b.String()
}

// value returns an expression for a setting: a literal, or a read of the
// environment in the project's style.
func (g *gen) value(s *setting) string {
	if g.envRate > 0 && g.p(g.envRate) {
		return g.envExpr(s)
	}
	return s.lit(g)
}

// envName chooses the variable a setting is read from.
func (g *gen) envName(name string) string {
	if g.envRead == nil {
		g.envRead = map[string]bool{}
	}
	var prefixes []string
	switch g.style {
	case "environ", "decouple":
		prefixes = []string{"", "", "DJANGO_"}
	default:
		prefixes = []string{"DJANGO_", "DJ_", "", "APP_"}
	}
	start := g.intn(len(prefixes))
	for i := range prefixes {
		prefix := prefixes[(start+i)%len(prefixes)]
		if prefix != "" && strings.HasPrefix(name, prefix) {
			prefix = ""
		}
		n := prefix + name
		if !g.envRead[n] {
			g.envRead[n] = true
			return n
		}
	}
	n := fmt.Sprintf("%s_%d", name, len(g.envRead))
	g.envRead[n] = true
	return n
}

// boolEnv, intEnv: environment texts for booleans and integers.
func (g *gen) boolEnv() string {
	return g.wpick(w{"1", 12}, w{"0", 12}, w{"true", 10}, w{"false", 10}, w{"True", 8}, w{"False", 8}, w{"yes", 4},
		w{"no", 3}, w{"on", 3}, w{"off", 3}, w{"", 4}, w{"TRUE", 2}, w{" 1", 1}, w{"y", 1})
}

func (g *gen) intEnv() string {
	return g.wpick(w{"0", 20}, w{"3600", 15}, w{"31536000", 20}, w{"60", 5}, w{"", 4}, w{" 3600 ", 3}, w{"1.5", 1}, w{"-1", 2}, w{"abc", 1})
}

func (g *gen) strEnv(s *setting) string {
	if len(s.vals) == 0 {
		return g.secretValue()
	}
	return g.pick(s.vals...)
}

// offer sets the variable with probability present, choosing its text with
// val; with read_env/decouple .env files the value may go to the project's
// .env instead.
func (g *gen) offer(name string, present float64, val func() string) {
	if !g.p(present) {
		return
	}
	v := val()
	if g.dotenvOK() && g.p(0.25) && !strings.ContainsAny(v, " #\"'\\$") && v != "" {
		g.dotenv = append(g.dotenv, EnvVar{Name: name, Value: v})
		if g.p(0.3) {
			g.setEnv(name, val())
		}
		return
	}
	g.setEnv(name, v)
}

// dotenvOK tells whether the settings read a project .env file.
func (g *gen) dotenvOK() bool {
	return g.family == "decouple" || g.readEnv
}

// defaultStr returns a Python string literal usable as an os.environ
// default for the setting.
func (g *gen) defaultStr(s *setting) string {
	switch s.kind {
	case kBool:
		return pyStr(g.pick("False", "True", "0", "1", "false", "true", ""))
	case kInt:
		return pyStr(g.pick("0", "3600", "31536000", "0"))
	case kSecret:
		return pyStr(g.secretValue())
	default:
		return pyStr(g.pick(s.vals...))
	}
}

func (g *gen) envExpr(s *setting) string {
	style := g.style
	if style != "os" && g.p(0.2) {
		style = "os"
	}
	switch style {
	case "environ":
		return g.environExpr(s)
	case "decouple":
		return g.decoupleExpr(s)
	}
	return g.osExpr(s)
}

func (g *gen) osExpr(s *setting) string {
	g.imp("import os")
	n := g.envName(s.name)
	N := pyStr(n)
	D := g.defaultStr(s)
	present := 0.6
	val := func() string { return g.strEnv(s) }
	var e string
	switch s.kind {
	case kBool:
		val = g.boolEnv
		switch g.intn(13) {
		case 0:
			e = fmt.Sprintf(`os.environ.get(%s, "False") == "True"`, N)
		case 1:
			e = fmt.Sprintf(`os.environ.get(%s, %s).lower() in ("1", "true", "yes", "on")`, N, D)
		case 2:
			e = fmt.Sprintf(`os.getenv(%s, %s).lower() == "true"`, N, D)
		case 3:
			e = fmt.Sprintf(`bool(int(os.environ.get(%s, %s)))`, N, pyStr(g.pick("0", "1")))
			val = func() string { return g.wpick(w{"0", 10}, w{"1", 10}, w{"2", 1}, w{"true", 1}) }
		case 4:
			e = fmt.Sprintf(`os.environ.get(%s)`, N)
		case 5:
			e = fmt.Sprintf(`os.environ.get(%s, %s)`, N, g.pick("True", "False"))
		case 6:
			e = fmt.Sprintf(`%s in os.environ`, N)
		case 7:
			e = fmt.Sprintf(`os.environ.get(%s, "") != ""`, N)
		case 8:
			e = fmt.Sprintf(`os.environ.get(%s, "1") not in ("0", "false", "False", "")`, N)
		case 9:
			e = fmt.Sprintf(`os.environ[%s] == "1"`, N)
			present = 0.95
		case 10:
			g.imp("import json")
			e = fmt.Sprintf(`json.loads(os.environ.get(%s, "false").lower())`, N)
			val = func() string {
				return g.wpick(w{"true", 10}, w{"false", 10}, w{"1", 3}, w{"0", 3}, w{"True", 3}, w{"yes", 1})
			}
		case 11:
			e = fmt.Sprintf(`os.environ.get(%s, %s).strip().lower() not in {"0", "false", "no", "off", ""}`, N, D)
		default:
			e = fmt.Sprintf(`not os.environ.get(%s)`, N)
		}
	case kInt:
		val = g.intEnv
		switch g.intn(7) {
		case 0:
			e = fmt.Sprintf(`int(os.environ.get(%s, %s))`, N, g.pick(D, "3600", "0", "31536000"))
		case 1:
			e = fmt.Sprintf(`int(os.getenv(%s) or %s)`, N, g.pick("0", "31536000"))
		case 2:
			e = fmt.Sprintf(`os.environ.get(%s, 0)`, N)
		case 3:
			n = g.envName(s.name + "_DAYS")
			e = fmt.Sprintf(`60 * 60 * 24 * int(os.environ.get(%s, %s))`, pyStr(n), pyStr(g.pick("0", "365", "1")))
			val = func() string { return g.pick("0", "1", "365", "30", "") }
		case 4:
			e = fmt.Sprintf(`int(os.environ.get(%s, "0") or 0)`, N)
		case 5:
			e = fmt.Sprintf(`int(float(os.environ.get(%s, %s)))`, N, D)
		default:
			e = fmt.Sprintf(`os.environ.get(%s) and int(os.environ[%s])`, N, N)
		}
	case kStr:
		switch g.intn(7) {
		case 0:
			e = fmt.Sprintf(`os.environ.get(%s, %s)`, N, D)
		case 1:
			e = fmt.Sprintf(`os.getenv(%s, %s)`, N, D)
		case 2:
			e = fmt.Sprintf(`os.environ.get(%s) or %s`, N, D)
		case 3:
			e = fmt.Sprintf(`os.environ.get(%s, %s).strip()`, N, D)
		case 4:
			e = fmt.Sprintf(`os.environ.get(%s, %s).%s()`, N, D, g.pick("upper", "lower"))
		case 5:
			e = fmt.Sprintf(`os.environ.get(%s, %s) or None`, N, D)
		default:
			e = fmt.Sprintf(`os.environ.setdefault(%s, %s)`, N, D)
		}
	case kList:
		switch g.intn(7) {
		case 0:
			e = fmt.Sprintf(`os.environ.get(%s, %s).split(",")`, N, D)
		case 1:
			e = fmt.Sprintf(`[h.strip() for h in os.environ.get(%s, %s).split(",") if h.strip()]`, N, D)
		case 2:
			e = fmt.Sprintf(`os.environ.get(%s, %s).split()`, N, D)
		case 3:
			e = fmt.Sprintf(`list(filter(None, os.getenv(%s, %s).split(",")))`, N, D)
		case 4:
			e = fmt.Sprintf(`os.environ[%s].split(",")`, N)
			present = 0.95
		case 5:
			e = fmt.Sprintf(`tuple(os.environ.get(%s, %s).split(" "))`, N, D)
		default:
			e = fmt.Sprintf(`[*os.environ.get(%s, %s).split(","), "localhost"]`, N, D)
		}
	case kSecret:
		val = g.secretValue
		switch g.intn(6) {
		case 0:
			e = fmt.Sprintf(`os.environ.get(%s, %s)`, N, D)
		case 1:
			e = fmt.Sprintf(`os.environ[%s]`, N)
			present = 0.95
		case 2:
			g.imp("from django.core.management.utils import get_random_secret_key")
			e = fmt.Sprintf(`os.getenv(%s) or get_random_secret_key()`, N)
		case 3:
			e = fmt.Sprintf(`os.environ.get(%s, "")`, N)
		case 4:
			e = fmt.Sprintf(`os.environ.get(%s) or %s`, N, D)
		default:
			e = fmt.Sprintf(`os.environ.setdefault(%s, %s)`, N, D)
		}
	}
	g.offer(n, present, val)
	return e
}

func (g *gen) environExpr(s *setting) string {
	g.useLib("environ")
	n := g.envName(s.name)
	N := pyStr(n)
	present := 0.6
	val := func() string { return g.strEnv(s) }
	var e string
	switch s.kind {
	case kBool:
		val = g.boolEnv
		def := g.pick("True", "False")
		switch g.intn(4) {
		case 0:
			e = fmt.Sprintf(`env.bool(%s, default=%s)`, N, def)
		case 1:
			e = fmt.Sprintf(`env(%s, cast=bool, default=%s)`, N, def)
		case 2:
			g.scheme = append(g.scheme, fmt.Sprintf("%s=(bool, %s)", n, def))
			e = fmt.Sprintf(`env(%s)`, N)
		default:
			e = fmt.Sprintf(`env.bool(%s)`, N)
			present = 0.95
		}
	case kInt:
		val = g.intEnv
		def := g.pick("0", "3600", "31536000")
		switch g.intn(3) {
		case 0:
			e = fmt.Sprintf(`env.int(%s, default=%s)`, N, def)
		case 1:
			g.scheme = append(g.scheme, fmt.Sprintf("%s=(int, %s)", n, def))
			e = fmt.Sprintf(`env(%s)`, N)
		default:
			e = fmt.Sprintf(`env(%s, cast=int, default=%s)`, N, def)
		}
	case kStr:
		D := g.defaultStr(s)
		if g.p(0.5) {
			e = fmt.Sprintf(`env.str(%s, default=%s)`, N, D)
		} else {
			e = fmt.Sprintf(`env(%s, default=%s)`, N, D)
		}
	case kList:
		def := "[" + strings.Join(quoteAll(strings.Split(g.pick(s.vals...), ",")), ", ") + "]"
		if g.p(0.2) {
			def = "[]"
		}
		switch g.intn(3) {
		case 0:
			e = fmt.Sprintf(`env.list(%s, default=%s)`, N, def)
		case 1:
			g.scheme = append(g.scheme, fmt.Sprintf("%s=(list, %s)", n, def))
			e = fmt.Sprintf(`env(%s)`, N)
		default:
			e = fmt.Sprintf(`env.list(%s, default=%s)`, N, pyList(nil))
		}
	case kSecret:
		val = g.secretValue
		switch g.intn(3) {
		case 0:
			e = fmt.Sprintf(`env(%s, default=%s)`, N, pyStr(g.secretValue()))
		case 1:
			e = fmt.Sprintf(`env.str(%s)`, N)
			present = 0.95
		default:
			e = fmt.Sprintf(`env(%s)`, N)
			present = 0.95
		}
	}
	g.offer(n, present, val)
	return e
}

func (g *gen) decoupleExpr(s *setting) string {
	g.useLib("decouple")
	n := g.envName(s.name)
	N := pyStr(n)
	present := 0.6
	val := func() string { return g.strEnv(s) }
	var e string
	switch s.kind {
	case kBool:
		val = g.boolEnv
		def := g.pick("True", "False")
		switch g.intn(4) {
		case 0, 1:
			e = fmt.Sprintf(`config(%s, default=%s, cast=bool)`, N, def)
		case 2:
			e = fmt.Sprintf(`config(%s, cast=bool)`, N)
			present = 0.95
		default:
			e = fmt.Sprintf(`config(%s, default=%s)`, N, def)
		}
	case kInt:
		val = g.intEnv
		e = fmt.Sprintf(`config(%s, default=%s, cast=int)`, N, g.pick("0", "3600", "31536000"))
	case kStr:
		e = fmt.Sprintf(`config(%s, default=%s)`, N, g.defaultStr(s))
	case kList:
		D := g.defaultStr(s)
		switch g.intn(3) {
		case 0:
			e = fmt.Sprintf(`config(%s, default=%s, cast=Csv())`, N, D)
		case 1:
			e = fmt.Sprintf(`config(%s, cast=Csv(), default=%s)`, N, D)
		default:
			e = fmt.Sprintf(`config(%s, default=%s, cast=lambda v: [s.strip() for s in v.split(",")])`, N, D)
		}
	case kSecret:
		val = g.secretValue
		if g.p(0.5) {
			e = fmt.Sprintf(`config(%s, default=%s)`, N, pyStr(g.secretValue()))
		} else {
			e = fmt.Sprintf(`config(%s)`, N)
			present = 0.95
		}
	}
	g.offer(n, present, val)
	return e
}

func quoteAll(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = pyStr(s)
	}
	return out
}
