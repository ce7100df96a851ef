package checks

import (
	"sort"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// checklistA lists the checks of the secret_key, debug, allowed_hosts,
// https and cookie topics.
func checklistA() []*Check {
	var out []*Check
	for _, topic := range []func() []*Check{secretKeyChecklist, debugChecklist, hostsChecklist, httpsChecklist, cookiesChecklist} {
		out = append(out, topic()...)
	}
	return out
}

func TestChecklistADocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range checklistA() {
		if !strings.HasPrefix(c.ID, "dc."+string(c.Topic)+".") {
			t.Errorf("%s: id does not start with dc.%s.", c.ID, c.Topic)
		}
		if seen[c.ID] {
			t.Errorf("%s: repeated id", c.ID)
		}
		seen[c.ID] = true
		if c.Django || c.DeployOnly || c.Run == nil {
			t.Errorf("%s: Django %v, DeployOnly %v, Run %v", c.ID, c.Django, c.DeployOnly, c.Run != nil)
		}
		if !strings.Contains(c.Doc, "\n\nFix: ") {
			t.Errorf("%s: the Doc does not end with a Fix paragraph", c.ID)
		}
	}
}

// runA runs the named checks of checklistA over s with the other settings
// modules given, and returns their findings.
func runA(s *settings.Settings, others []*settings.Settings, ids ...string) []finding.Finding {
	var list []*Check
	for _, c := range checklistA() {
		for _, id := range ids {
			if c.ID == id {
				list = append(list, c)
			}
		}
	}
	return RunAll(list, Inputs{Settings: s, Others: others})
}

// idsOf lists the findings' ids, sorted.
func idsOf(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	sort.Strings(out)
	return out
}

// withEnv marks a value as read from the environment variable name.
func withEnv(v pyvalue.Value, name string) pyvalue.Value {
	return v.WithEnv(pyvalue.NewEnvSet(name))
}

// A strong key that is not Django's development key.
const strongKey = `'Zq3#vN8!pL2@xR7$kT5%mW9^bY4&cH6*jD1(fG0)sA8-eU3+oI5='`

func TestSecretKeyChecklist(t *testing.T) {
	key := settings.MustLiteral(strongKey)
	keyText, _ := key.AsStr()
	random := pyvalue.Str("random-at-each-start-" + strings.Repeat("x", 40)).WithRandom()
	read := func(name, def string, found bool) []settings.EnvRead {
		return []settings.EnvRead{{Name: name, Default: def, HasDefault: true, Found: found, File: "mysite/settings.py", Line: 1}}
	}
	other := func(v pyvalue.Value) *settings.Settings {
		o := build(t, "5.2.18", nil, nil, map[string]pyvalue.Value{"SECRET_KEY": v})
		o.Module = "mysite.dev"
		o.Set(&settings.Setting{Name: "SECRET_KEY", Value: v, File: "mysite/dev.py", Line: 3})
		return o
	}
	cases := []struct {
		name   string
		over   map[string]string
		extra  map[string]pyvalue.Value
		reads  []settings.EnvRead
		given  bool
		others []*settings.Settings
		want   string
		cond   bool
	}{
		{name: "literal key", want: "dc.secret_key.literal"},
		{name: "literal fallback", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "K"),
			"SECRET_KEY_FALLBACKS": settings.MustLiteral("[" + strongKey + "]")}, given: true, want: "dc.secret_key.literal"},
		{name: "empty literal is W009's", over: map[string]string{"SECRET_KEY": `''`}, want: ""},
		{name: "key from a file", extra: map[string]pyvalue.Value{"SECRET_KEY": pyvalue.Unknown("open()")}, want: ""},
		{name: "env default", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "DJANGO_SECRET_KEY")},
			reads: read("DJANGO_SECRET_KEY", keyText, false), want: "dc.secret_key.env-default", cond: true},
		{name: "env default, environment lacks it", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "DJANGO_SECRET_KEY")},
			reads: read("DJANGO_SECRET_KEY", keyText, false), given: true, want: "dc.secret_key.env-default"},
		{name: "env found", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "DJANGO_SECRET_KEY")},
			reads: read("DJANGO_SECRET_KEY", "other", true), given: true, want: ""},
		{name: "default transformed", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "DJANGO_SECRET_KEY")},
			reads: read("DJANGO_SECRET_KEY", "abc", false), want: ""},
		{name: "random", extra: map[string]pyvalue.Value{"SECRET_KEY": random}, want: "dc.secret_key.random"},
		{name: "random default", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(random, "K")},
			reads: read("K", "random-at-each-start-", false), want: "dc.secret_key.random", cond: true},
		{name: "random fallback", extra: map[string]pyvalue.Value{"SECRET_KEY": pyvalue.Unknown("file"),
			"SECRET_KEY_FALLBACKS": pyvalue.NewList([]pyvalue.Value{random})}, want: "dc.secret_key.random-fallback"},
		{name: "shared with dev", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "K")}, given: true,
			others: []*settings.Settings{other(key)}, want: "dc.secret_key.shared"},
		{name: "dev reads the same variable", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "K")}, given: true,
			others: []*settings.Settings{other(withEnv(key, "K"))}, want: ""},
		{name: "dev has another key", extra: map[string]pyvalue.Value{"SECRET_KEY": withEnv(key, "K")}, given: true,
			others: []*settings.Settings{other(settings.MustLiteral(`'another-key-entirely-0123456789-abcdefghijklmnopqrstu'`))}, want: ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := build(t, "5.2.18", hardened, c.over, c.extra)
			s.EnvReads, s.EnvGiven = c.reads, c.given
			ids := []string{"dc.secret_key.literal", "dc.secret_key.shared", "dc.secret_key.random",
				"dc.secret_key.random-fallback", "dc.secret_key.env-default"}
			fs := runA(s, c.others, ids...)
			want := []string{}
			if c.want != "" {
				want = []string{c.want}
			}
			if got := idsOf(fs); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("findings %v, want %v", got, want)
			}
			for _, f := range fs {
				if strings.Contains(f.Message, keyText) || strings.Contains(f.Message, keyText[1:]) {
					t.Errorf("%s shows the key: %s", f.ID, f.Message)
				}
				if got := f.Certainty == finding.Conditional; got != c.cond {
					t.Errorf("%s: certainty %s", f.ID, f.Certainty)
				}
			}
		})
	}
}

func TestDebugChecklist(t *testing.T) {
	devRead := func(def string) []settings.EnvRead {
		return []settings.EnvRead{{Name: "DJANGO_DEBUG", Default: def, HasDefault: true, File: "mysite/settings.py", Line: 1}}
	}
	cases := []struct {
		name  string
		debug pyvalue.Value
		file  string
		reads []settings.EnvRead
		want  string
	}{
		{name: "plain True is W018's", debug: pyvalue.True, want: ""},
		{name: "off", debug: pyvalue.False, want: ""},
		{name: "literal 'True' is W018's", debug: pyvalue.Str("True"), want: ""},
		{name: "literal 'False'", debug: pyvalue.Str("False"), want: "dc.debug.string"},
		{name: "literal '0'", debug: pyvalue.Str(" 0 "), want: "dc.debug.string"},
		{name: "string from env", debug: withEnv(pyvalue.Str("False"), "DJANGO_DEBUG"), reads: devRead("False"), want: "dc.debug.string"},
		{name: "string 'True' from env", debug: withEnv(pyvalue.Str("True"), "DJANGO_DEBUG"), reads: devRead("True"), want: "dc.debug.string"},
		{name: "empty string", debug: withEnv(pyvalue.Str(""), "DJANGO_DEBUG"), reads: devRead(""), want: ""},
		{name: "bool default", debug: withEnv(pyvalue.True, "DJANGO_DEBUG"), reads: devRead("True"), want: "dc.debug.env-default"},
		{name: "bool from the environment given", debug: withEnv(pyvalue.True, "DJANGO_DEBUG"), want: ""},
		{name: "dev module", debug: pyvalue.True, file: "mysite/settings/local.py", want: "dc.debug.dev-module"},
		{name: "dev module wins over the default", debug: withEnv(pyvalue.True, "DJANGO_DEBUG"), file: "mysite/settings/dev.py",
			reads: devRead("True"), want: "dc.debug.dev-module"},
		{name: "base module is not development", debug: pyvalue.True, file: "mysite/settings/base.py", want: ""},
		{name: "unknown", debug: pyvalue.Unknown("import"), file: "mysite/settings/local.py", want: ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := build(t, "5.2.18", hardened, nil, nil)
			file := c.file
			if file == "" {
				file = s.File
			}
			s.Set(&settings.Setting{Name: "DEBUG", Value: c.debug, File: file, Line: 2})
			s.EnvReads = c.reads
			got := idsOf(runA(s, nil, "dc.debug.dev-module", "dc.debug.string", "dc.debug.env-default"))
			if strings.Join(got, " ") != c.want {
				t.Errorf("findings %v, want %q", got, c.want)
			}
		})
	}
}

func TestDevSettingsFile(t *testing.T) {
	for file, want := range map[string]bool{
		"mysite/settings/local.py": true, "mysite/settings/dev.py": true, "config/settings/test.py": true,
		"mysite/settings_local.py": true, "mysite/settings/development.py": true, "mysite/local_settings.py": true,
		"mysite/settings/production.py": false, "mysite/settings/base.py": false, "mysite/settings.py": false,
		"tests/settings.py": false, "dev/mysite/settings.py": false,
	} {
		if got := isDevSettingsFile(file); got != want {
			t.Errorf("isDevSettingsFile(%q) = %v", file, got)
		}
	}
}

func TestHostEntries(t *testing.T) {
	cases := []struct {
		host     string
		wildcard bool
		problem  string
	}{
		{host: "example.com"},
		{host: ".example.com"},
		{host: "EXAMPLE.com"},
		{host: "192.0.2.1"},
		{host: "[2001:db8::1]"},
		{host: "localhost"},
		{host: "*", wildcard: true},
		{host: ".com", wildcard: true},
		{host: ".co.uk", wildcard: true},
		{host: ".example.co.uk"},
		{host: "https://example.com", problem: "has a scheme"},
		{host: "example.com/", problem: "has a path"},
		{host: "example.com:8000", problem: "has a port"},
		{host: "[2001:db8::1]:8000", problem: "has a port"},
		{host: "2001:db8::1", problem: "without brackets"},
		{host: "*.example.com", problem: "glob"},
		{host: ".", problem: "lone dot"},
		{host: "example.com.", problem: "ends with a dot"},
		{host: "my_site.example.com", problem: "'_'"},
		{host: " example.com"},
		{host: ""},
	}
	for _, c := range cases {
		if got := wildcardHost(c.host) != ""; got != c.wildcard {
			t.Errorf("wildcardHost(%q) = %v", c.host, got)
		}
		got := hostProblem(c.host)
		if c.problem == "" && got != "" || c.problem != "" && !strings.Contains(got, c.problem) {
			t.Errorf("hostProblem(%q) = %q, want %q", c.host, got, c.problem)
		}
	}
}

func TestHostsChecklist(t *testing.T) {
	cases := []struct {
		hosts string
		want  string
		sev   finding.Severity
	}{
		{hosts: `['example.com', '.example.org']`, want: ""},
		{hosts: `['*']`, want: "dc.allowed_hosts.wildcard", sev: finding.Warning},
		{hosts: `['example.com', 'example.com:443']`, want: "dc.allowed_hosts.not-a-host", sev: finding.Warning},
		{hosts: `['']`, want: "dc.allowed_hosts.blank", sev: finding.Error},
		{hosts: `['', ' ']`, want: "dc.allowed_hosts.blank", sev: finding.Error},
		{hosts: `['example.com', '']`, want: ""},
		{hosts: `['example.com', ' www.example.com']`, want: "dc.allowed_hosts.blank", sev: finding.Warning},
		{hosts: `[]`, want: ""},
	}
	for _, c := range cases {
		s := build(t, "5.2.18", hardened, map[string]string{"ALLOWED_HOSTS": c.hosts}, nil)
		fs := runA(s, nil, "dc.allowed_hosts.wildcard", "dc.allowed_hosts.not-a-host", "dc.allowed_hosts.blank")
		if got := strings.Join(idsOf(fs), " "); got != c.want {
			t.Errorf("ALLOWED_HOSTS = %s: findings %q, want %q", c.hosts, got, c.want)
			continue
		}
		if len(fs) == 1 && fs[0].Severity != c.sev {
			t.Errorf("ALLOWED_HOSTS = %s: severity %v, want %v", c.hosts, fs[0].Severity, c.sev)
		}
	}
}

func TestHSTSHeaderSeconds(t *testing.T) {
	cases := []struct {
		lit   string
		text  string
		valid bool
		known bool
	}{
		{lit: `31536000`, text: "31536000", valid: true, known: true},
		{lit: `'3600'`, text: "3600", valid: true, known: true},
		{lit: `'0'`, text: "0", valid: true, known: true},
		{lit: `'1 year'`, text: "1 year", known: true},
		{lit: `3600.0`, text: "3600.0", known: true},
		{lit: `True`, text: "True", known: true},
		{lit: `-5`, text: "-5", known: true},
		{lit: `[3600]`},
	}
	for _, c := range cases {
		_, text, valid, known := hstsHeaderSeconds(settings.MustLiteral(c.lit))
		if text != c.text || valid != c.valid || known != c.known {
			t.Errorf("hstsHeaderSeconds(%s) = %q, %v, %v", c.lit, text, valid, known)
		}
	}
}

func TestProxyHeader(t *testing.T) {
	cases := []struct {
		lit     string
		set     bool
		problem string
	}{
		{lit: `None`},
		{lit: `()`},
		{lit: `('HTTP_X_FORWARDED_PROTO', 'https')`, set: true},
		{lit: `['HTTP_X_FORWARDED_SSL', 'on']`, set: true},
		{lit: `('X-Forwarded-Proto', 'https')`, set: true, problem: "not a request.META key"},
		{lit: `('http_x_forwarded_proto', 'https')`, set: true, problem: "not a request.META key"},
		{lit: `'HTTP_X_FORWARDED_PROTO'`, set: true, problem: "does not unpack"},
		{lit: `('HTTP_X_FORWARDED_PROTO', 'https', 'x')`, set: true, problem: "does not unpack"},
		{lit: `('HTTP_X_FORWARDED_PROTO', 1)`, set: true, problem: "must both be strings"},
	}
	for _, c := range cases {
		_, _, set, problem, known := proxyHeader(settings.MustLiteral(c.lit))
		if !known || set != c.set || c.problem == "" && problem != "" || c.problem != "" && !strings.Contains(problem, c.problem) {
			t.Errorf("proxyHeader(%s) = set %v, problem %q, known %v", c.lit, set, problem, known)
		}
	}
	if _, _, _, _, known := proxyHeader(pyvalue.NewTuple([]pyvalue.Value{pyvalue.Unknown("env"), pyvalue.Str("https")})); known {
		t.Error("a pair with an unknown header is decided")
	}
}

func TestHTTPSChecklist(t *testing.T) {
	ids := []string{"dc.https.no-redirect", "dc.https.hsts-short", "dc.https.hsts-value",
		"dc.https.proxy-header-malformed", "dc.https.proxy-header-trusted", "dc.https.csrf-origin-http"}
	noSecurity := `['django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.csrf.CsrfViewMiddleware']`
	cases := []struct {
		over map[string]string
		want string
	}{
		{over: nil, want: ""},
		{over: map[string]string{"SECURE_HSTS_SECONDS": `60`}, want: "dc.https.hsts-short"},
		{over: map[string]string{"SECURE_HSTS_SECONDS": `'60'`}, want: "dc.https.hsts-short"},
		{over: map[string]string{"SECURE_HSTS_SECONDS": `'31536000'`}, want: ""},
		{over: map[string]string{"SECURE_HSTS_SECONDS": `'0'`}, want: "dc.https.hsts-value"},
		{over: map[string]string{"SECURE_HSTS_SECONDS": `0`}, want: ""},
		{over: map[string]string{"SECURE_HSTS_SECONDS": `3600.0`}, want: "dc.https.hsts-value"},
		{over: map[string]string{"SECURE_HSTS_SECONDS": `60`, "MIDDLEWARE": noSecurity}, want: "dc.https.no-redirect"},
		{over: map[string]string{"MIDDLEWARE": noSecurity}, want: "dc.https.no-redirect"},
		{over: map[string]string{"MIDDLEWARE": noSecurity, "SECURE_SSL_REDIRECT": `False`}, want: "dc.https.no-redirect"},
		{over: map[string]string{"SECURE_SSL_REDIRECT": `False`}, want: ""},
		{over: map[string]string{"MIDDLEWARE": `['myproject.middleware.Custom']`}, want: ""},
		{over: map[string]string{"SECURE_PROXY_SSL_HEADER": `('HTTP_X_FORWARDED_PROTO', 'https')`}, want: "dc.https.proxy-header-trusted"},
		{over: map[string]string{"SECURE_PROXY_SSL_HEADER": `('X_FORWARDED_PROTO', 'https')`}, want: "dc.https.proxy-header-malformed"},
		{over: map[string]string{"CSRF_TRUSTED_ORIGINS": `['https://example.com', 'HTTP://example.org']`}, want: "dc.https.csrf-origin-http"},
		{over: map[string]string{"CSRF_TRUSTED_ORIGINS": `['https://*.example.com']`}, want: ""},
	}
	for _, c := range cases {
		s := build(t, "5.2.18", hardened, c.over, nil)
		if got := strings.Join(idsOf(runA(s, nil, ids...)), " "); got != c.want {
			t.Errorf("%v: findings %q, want %q", c.over, got, c.want)
		}
	}
}

func TestHTTPSHelpers(t *testing.T) {
	for ref, want := range map[string]string{
		"traefik": "traefik", "traefik:v3.3": "traefik", "docker.io/library/traefik:3": "traefik",
		"ghcr.io/acme/traefik@sha256:abc": "traefik", "nginx:1.27": "nginx", "localhost:5000/traefik": "traefik",
		"mysite_production_traefik": "mysite_production_traefik",
	} {
		if got := deployfiles.ImageName(ref); got != want {
			t.Errorf("ImageName(%q) = %q, want %q", ref, got, want)
		}
	}
	for s, want := range map[int64]string{60: "1 minute", 90: "about 1 minute", 3600: "1 hour", 7200: "2 hours",
		86400: "1 day", 604800: "7 days", 90000: "about 1 day", 30: "30 seconds"} {
		if got := humanSeconds(s); got != want {
			t.Errorf("humanSeconds(%d) = %q, want %q", s, got, want)
		}
	}
	if got := headerName("HTTP_X_FORWARDED_PROTO"); got != "X-Forwarded-Proto" {
		t.Errorf("headerName = %q", got)
	}
}

func TestCookiesChecklist(t *testing.T) {
	var ids []string
	for _, c := range cookiesChecklist() {
		ids = append(ids, c.ID)
	}
	cases := []struct {
		over map[string]string
		want string
	}{
		{over: nil, want: ""},
		{over: map[string]string{"SESSION_COOKIE_SAMESITE": `'None'`}, want: ""},
		{over: map[string]string{"SESSION_COOKIE_SAMESITE": `'None'`, "SESSION_COOKIE_SECURE": `False`},
			want: "dc.session_cookie_secure.samesite-none"},
		{over: map[string]string{"SESSION_COOKIE_SAMESITE": `'None'`, "SESSION_COOKIE_SECURE": `'yes'`}, want: ""},
		{over: map[string]string{"SESSION_COOKIE_SAMESITE": `None`, "SESSION_COOKIE_SECURE": `False`}, want: ""},
		{over: map[string]string{"CSRF_COOKIE_SAMESITE": `'NONE'`, "CSRF_COOKIE_SECURE": `False`},
			want: "dc.csrf_cookie_secure.samesite-none"},
		{over: map[string]string{"CSRF_COOKIE_SAMESITE": `'None'`, "CSRF_COOKIE_SECURE": `False`, "CSRF_USE_SESSIONS": `True`}, want: ""},
		{over: map[string]string{"SESSION_COOKIE_SAMESITE": `'lax'`}, want: ""},
		{over: map[string]string{"SESSION_COOKIE_SAMESITE": `False`}, want: ""},
		{over: map[string]string{"SESSION_COOKIE_SAMESITE": `'Lex'`}, want: "dc.session_cookie_secure.samesite-invalid"},
		{over: map[string]string{"CSRF_COOKIE_SAMESITE": `True`}, want: "dc.csrf_cookie_secure.samesite-invalid"},
		{over: map[string]string{"SESSION_COOKIE_NAME": `'__Secure-sessionid'`}, want: ""},
		{over: map[string]string{"SESSION_COOKIE_NAME": `'__Secure-sessionid'`, "SESSION_COOKIE_SECURE": `False`},
			want: "dc.session_cookie_secure.prefix"},
		{over: map[string]string{"CSRF_COOKIE_NAME": `'__Host-csrftoken'`}, want: ""},
		{over: map[string]string{"CSRF_COOKIE_NAME": `'__host-csrftoken'`, "CSRF_COOKIE_PATH": `'/app'`},
			want: "dc.csrf_cookie_secure.prefix"},
		{over: map[string]string{"SESSION_COOKIE_NAME": `'__Host-s'`, "SESSION_COOKIE_DOMAIN": `'.example.com'`},
			want: "dc.session_cookie_secure.prefix"},
		{over: map[string]string{"SESSION_COOKIE_NAME": `'__Secure-s'`, "SESSION_COOKIE_SECURE": `False`,
			"MIDDLEWARE": `['django.middleware.csrf.CsrfViewMiddleware']`}, want: ""},
		{over: map[string]string{"CSRF_COOKIE_HTTPONLY": `False`, "SESSION_COOKIE_HTTPONLY": `False`}, want: ""},
	}
	for _, c := range cases {
		s := build(t, "5.2.18", hardened, c.over, nil)
		if got := strings.Join(idsOf(runA(s, nil, ids...)), " "); got != c.want {
			t.Errorf("%v: findings %q, want %q", c.over, got, c.want)
		}
	}
}

func TestChecklistAConditional(t *testing.T) {
	s := build(t, "5.2.18", hardened, map[string]string{"SESSION_COOKIE_SAMESITE": `'None'`}, map[string]pyvalue.Value{
		"SESSION_COOKIE_SECURE": withEnv(pyvalue.False, "DJANGO_SECURE_COOKIES"),
	})
	fs := runA(s, nil, "dc.session_cookie_secure.samesite-none")
	if len(fs) != 1 || fs[0].Certainty != finding.Conditional || strings.Join(fs[0].Env, ",") != "DJANGO_SECURE_COOKIES" {
		t.Fatalf("findings %+v", fs)
	}
	s.EnvGiven = true
	fs = runA(s, nil, "dc.session_cookie_secure.samesite-none")
	if len(fs) != 1 || fs[0].Certainty != finding.Definite {
		t.Fatalf("with an environment: %+v", fs)
	}
}
