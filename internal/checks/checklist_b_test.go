package checks

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// checklistB returns the checks of the caches, databases, conn_max_age,
// email, static_files, media_files and templates_cached_loader topics.
func checklistB() []*Check {
	var out []*Check
	for _, topic := range []func() []*Check{cachesChecklist, databasesChecklist, emailChecklist,
		staticChecklist, mediaChecklist, templatesChecklist} {
		out = append(out, topic()...)
	}
	return out
}

// caseB is one table row: settings for a Django version (the hardened
// base with a STATIC_ROOT, changed by over, plus extra values), and the ids
// expected from the checks of this file, with repeats.
type caseB struct {
	name  string
	v     string
	over  map[string]string
	extra map[string]pyvalue.Value
	want  string
}

// runB runs this file's checks over a row's settings.
func (c caseB) runB(t *testing.T) []finding.Finding {
	t.Helper()
	v := c.v
	if v == "" {
		v = "5.2.18"
	}
	over := map[string]string{"STATIC_ROOT": `'/srv/static'`}
	for k, val := range c.over {
		over[k] = val
	}
	s := build(t, v, hardened, over, c.extra)
	return Run(checklistB(), s, testFS(), testRoot, nil)
}

// idsB lists the findings' ids, sorted.
func idsB(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	sort.Strings(out)
	return out
}

// envB returns v depending on the named variable.
func envB(v pyvalue.Value, name string) pyvalue.Value {
	return v.WithEnv(pyvalue.NewEnvSet(name))
}

func runTableB(t *testing.T, cases []caseB) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := idsB(c.runB(t))
			want := strings.Fields(c.want)
			for i, w := range want {
				if !strings.HasPrefix(w, "dc.") {
					want[i] = "dc." + w
				}
			}
			sort.Strings(want)
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// sqliteInfo is what the hardened settings (SQLite, no CACHES, default
// storages) always produce.
const sqliteInfo = "databases.sqlite caches.local-memory static_files.no-manifest "

func TestChecklistBDocumented(t *testing.T) {
	idRE := regexp.MustCompile(`^dc\.([a-z_]+)\.[a-z0-9-]+$`)
	seen := map[string]bool{}
	for _, c := range checklistB() {
		m := idRE.FindStringSubmatch(c.ID)
		if m == nil || seen[c.ID] {
			t.Errorf("bad or repeated id %q", c.ID)
			continue
		}
		seen[c.ID] = true
		if finding.Topic(m[1]) != c.Topic {
			t.Errorf("%s: topic %s does not match the id", c.ID, c.Topic)
		}
		if c.Django || c.Run == nil {
			t.Errorf("%s: Django flag or missing Run", c.ID)
		}
		if !strings.Contains(c.Doc, "\n\nFix: ") || len(strings.TrimSpace(c.Doc)) < 200 {
			t.Errorf("%s: Doc must say what, why and how to fix (a Fix: paragraph)", c.ID)
		}
	}
}

func TestHostReach(t *testing.T) {
	cases := map[string]netReach{
		"": reachLocal, "localhost": reachLocal, "127.0.0.1": reachLocal, "[::1]": reachLocal, "::1": reachLocal,
		"/var/run/postgresql": reachLocal, "0.0.0.0": reachLocal, "web.localhost": reachLocal,
		"10.1.2.3": reachPrivate, "172.16.0.9": reachPrivate, "192.168.1.1": reachPrivate, "fd00::5": reachPrivate,
		"169.254.1.1": reachPrivate, "100.101.102.103": reachPrivate, "db": reachPrivate, "redis": reachPrivate,
		"db.internal": reachPrivate, "pg.default.svc.cluster.local": reachPrivate, "nas.lan": reachPrivate,
		"shop.abc123.0001.euw1.cache.amazonaws.com": reachPrivate, "DB.Internal.": reachPrivate,
		"db.example.com": reachRemote, "shop.c9xk2mq7.eu-west-1.rds.amazonaws.com": reachRemote,
		"8.8.8.8": reachPublic, "2001:4860::8888": reachPublic, "[2001:4860::8888]": reachPublic,
	}
	for host, want := range cases {
		if got := hostReach(host); got != want {
			t.Errorf("hostReach(%q) = %d, want %d", host, got, want)
		}
	}
}

func TestCacheServers(t *testing.T) {
	cases := []struct {
		loc  string
		want []cacheServer
	}{
		{`'redis://cache:6379/0'`, []cacheServer{{text: "redis://cache:6379/0", host: "cache"}}},
		{`'rediss://:pw@cache.example.com:6380'`, []cacheServer{{text: "rediss://:pw@cache.example.com:6380", host: "cache.example.com", creds: true, tls: true}}},
		{`'unix:///run/redis.sock?db=1'`, []cacheServer{{text: "unix:///run/redis.sock?db=1", host: "/"}}},
		{`['10.0.0.1:11211', '[2001:db8::1]:11211']`, []cacheServer{{text: "10.0.0.1:11211", host: "10.0.0.1"}, {text: "[2001:db8::1]:11211", host: "2001:db8::1"}}},
		{`'mc1:11211;mc2.example.com:11211, unix:/tmp/mc.sock'`, []cacheServer{{text: "mc1:11211", host: "mc1"},
			{text: "mc2.example.com:11211", host: "mc2.example.com"}, {text: "unix:/tmp/mc.sock", host: "/"}}},
		{`'memcached'`, []cacheServer{{text: "memcached", host: "memcached"}}},
	}
	for _, c := range cases {
		got, ok := cacheServers(settings.MustLiteral(c.loc))
		if !ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("cacheServers(%s) = %+v, %v; want %+v", c.loc, got, ok, c.want)
		}
	}
	if _, ok := cacheServers(pyvalue.Unknown("x")); ok {
		t.Error("an unknown LOCATION must not be read")
	}
	for backend, want := range map[string]string{
		"django.core.cache.backends.locmem.LocMemCache":           "",
		"django.core.cache.backends.memcached.PyMemcacheCache":    "memcached",
		"django.core.cache.backends.memcached.PyLibMCCache":       "memcached",
		"django_redis.cache.RedisCache":                           "redis",
		"django.core.cache.backends.redis.RedisCache":             "redis",
		"django.core.cache.backends.db.DatabaseCache":             "",
		"django.core.cache.backends.filebased.FileBasedCache":     "",
		"django_valkey.cache.ValkeyCache":                         "redis",
		"django_prometheus.cache.backends.redis.RedisCache":       "redis",
		"django_prometheus.cache.backends.memcached.PyMemcacheCa": "memcached",
	} {
		if got := cacheKind(backend); got != want {
			t.Errorf("cacheKind(%s) = %q, want %q", backend, got, want)
		}
	}
}

const (
	redisBackend = `'django.core.cache.backends.redis.RedisCache'`
	locMem       = `'django.core.cache.backends.locmem.LocMemCache'`
)

func TestCachesChecklist(t *testing.T) {
	rest := "databases.sqlite static_files.no-manifest "
	runTableB(t, []caseB{
		{name: "hardened", want: sqliteInfo},
		{name: "redis private", want: rest + "caches.cached-sessions",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'redis://redis:6379'}}`}},
		{name: "redis with cached sessions", want: rest,
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'redis://redis:6379'}}`,
				"SESSION_ENGINE": `'django.contrib.sessions.backends.cache'`}},
		{name: "redis sessions app missing", want: rest,
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'redis://redis:6379'}}`,
				"INSTALLED_APPS": `['django.contrib.staticfiles']`, "MIDDLEWARE": `[]`}},
		{name: "redis remote", want: rest + "caches.cached-sessions caches.unauthenticated",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'redis://cache.example.com:6379'}}`}},
		{name: "redis remote with password in OPTIONS", want: rest + "caches.cached-sessions",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': 'redis://cache.example.com:6379', 'OPTIONS': {'PASSWORD': 'x'}}}`}},
		{name: "redis remote with user in URL", want: rest + "caches.cached-sessions",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'redis://app:pw@cache.example.com:6379'}}`}},
		{name: "redis remote tls", want: rest + "caches.cached-sessions",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'rediss://cache.example.com:6379'}}`}},
		{name: "redis remote unknown OPTIONS password", want: rest + "caches.cached-sessions",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'redis://cache.example.com:6379', 'OPTIONS': {'password': ?}}}`}},
		{name: "redis public ip with password", want: rest + "caches.cached-sessions caches.public-address",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': 'redis://:pw@8.8.4.4:6379'}}`}},
		{name: "redis unknown location", want: rest + "caches.cached-sessions",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + redisBackend + `, 'LOCATION': ?}}`}},
		{name: "memcached list", want: rest + "caches.cached-sessions caches.public-address caches.unauthenticated",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache', 'LOCATION': ['127.0.0.1:11211', 'mc.example.com:11211', '8.8.8.8:11211']}}`}},
		{name: "memcached sasl", want: rest + "caches.cached-sessions",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.memcached.PyLibMCCache', 'LOCATION': 'mc.example.com:11211', 'OPTIONS': {'binary': True, 'username': 'u', 'password': 'p'}}}`}},
		{name: "locmem explicit", want: sqliteInfo,
			over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + locMem + `}}`}},
		{name: "locmem non-default alias", want: rest,
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'cache'}, 'local': {'BACKEND': ` + locMem + `}}`}},
		{name: "locmem for sessions alias", want: sqliteInfo,
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'cache'}, 'sessions': {'BACKEND': ` + locMem + `}}`,
				"SESSION_ENGINE": `'django.contrib.sessions.backends.cached_db'`, "SESSION_CACHE_ALIAS": `'sessions'`}},
		{name: "dummy", want: rest + "caches.dummy",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.dummy.DummyCache'}}`}},
		{name: "file in tmp", want: rest + "caches.shared-tmp",
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': '/tmp/django_cache'}}`}},
		{name: "file in dev shm path", want: rest + "caches.shared-tmp",
			extra: map[string]pyvalue.Value{"CACHES": pyvalue.NewDict(dictOf("default", pyvalue.NewDict(dictOf(
				"BACKEND", pyvalue.Str(fileBasedCache), "LOCATION", pathVal("/dev/shm/../shm/cache")))))}},
		{name: "file in tmpfoo", want: rest,
			over: map[string]string{"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': '/tmpfoo/cache'}}`}},
	})
}

// dictOf makes a dict from key, value pairs.
func dictOf(kv ...any) *pyvalue.Dict {
	d := pyvalue.NewDictStore()
	for i := 0; i < len(kv); i += 2 {
		d.Set(pyvalue.Str(kv[i].(string)), kv[i+1].(pyvalue.Value))
	}
	return d
}

func TestLocMemSeverity(t *testing.T) {
	for _, c := range []struct {
		engine string
		sev    finding.Severity
		text   string
	}{
		{`'django.contrib.sessions.backends.db'`, finding.Info, "CACHES is not set"},
		{`'django.contrib.sessions.backends.cache'`, finding.Warning, "logged out"},
		{`'django.contrib.sessions.backends.cached_db'`, finding.Warning, "stay valid"},
	} {
		fs := caseB{over: map[string]string{"SESSION_ENGINE": c.engine}}.runB(t)
		found := false
		for _, f := range fs {
			if f.ID == "dc.caches.local-memory" {
				found = true
				if f.Severity != c.sev || !strings.Contains(f.Message, c.text) {
					t.Errorf("%s: %v %q", c.engine, f.Severity, f.Message)
				}
			}
		}
		if !found {
			t.Errorf("%s: no local-memory finding", c.engine)
		}
	}
}

func pgDB(extra string) string {
	return `{'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'shop', 'HOST': 'db'` + extra + `}}`
}

func TestDatabasesChecklist(t *testing.T) {
	rest := "caches.local-memory static_files.no-manifest "
	runTableB(t, []caseB{
		{name: "pooled good", want: rest, over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': 60, 'CONN_HEALTH_CHECKS': True`)}},
		{name: "literal password", want: rest + "databases.literal-password",
			over: map[string]string{"DATABASES": pgDB(`, 'PASSWORD': 'hunter22', 'CONN_MAX_AGE': 60`)}},
		{name: "empty password", want: rest, over: map[string]string{"DATABASES": pgDB(`, 'PASSWORD': '', 'CONN_MAX_AGE': 60`)}},
		{name: "unknown password", want: rest, over: map[string]string{"DATABASES": pgDB(`, 'PASSWORD': ?, 'CONN_MAX_AGE': 60`)}},
		{name: "sqlite password ignored", want: sqliteInfo,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3', 'PASSWORD': 'x'}}`}},
		{name: "remote no tls", want: rest + "databases.no-tls",
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60}}`}},
		{name: "remote sslmode require", want: rest,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60, 'OPTIONS': {'sslmode': 'require'}}}`}},
		{name: "remote sslmode disable", want: rest + "databases.no-tls",
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60, 'OPTIONS': {'sslmode': 'disable'}}}`}},
		{name: "remote pg service file", want: rest,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60, 'OPTIONS': {'service': 'shop'}}}`}},
		{name: "remote unknown options", want: rest,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60, 'OPTIONS': ?}}`}},
		{name: "private ip no tls", want: rest,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': '10.0.0.8', 'CONN_MAX_AGE': 60}}`}},
		{name: "mysql ssl dict", want: rest,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.mysql', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60, 'OPTIONS': {'ssl': {'ca': '/ca.pem'}}}}`}},
		{name: "mysql preferred", want: rest + "databases.no-tls",
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.mysql', 'HOST': '8.8.8.8', 'CONN_MAX_AGE': 60, 'OPTIONS': {'ssl_mode': 'PREFERRED'}}}`}},
		{name: "mysql option file", want: rest,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.mysql', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60, 'OPTIONS': {'read_default_file': '/etc/my.cnf'}}}`}},
		{name: "oracle remote not judged", want: rest,
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.oracle', 'HOST': 'db.example.com', 'CONN_MAX_AGE': 60}}`}},
		{name: "sqlite memory", want: rest + "databases.sqlite",
			over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}`}},
		{name: "no databases", want: rest, over: map[string]string{"DATABASES": `{}`}},
		{name: "unknown engine", want: rest, over: map[string]string{"DATABASES": `{'default': {'ENGINE': ?, 'HOST': 'db.example.com'}}`}},
	})
}

func TestConnMaxAge(t *testing.T) {
	rest := "caches.local-memory static_files.no-manifest "
	runTableB(t, []caseB{
		{name: "default zero", want: rest + "conn_max_age.not-persistent", over: map[string]string{"DATABASES": pgDB(``)}},
		{name: "sqlite zero", want: sqliteInfo, over: map[string]string{"DATABASES": `{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'x'}}`}},
		{name: "unknown", want: rest, over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': ?`)}},
		{name: "none without health", want: rest + "conn_max_age.unlimited", over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': None`)}},
		{name: "none with health", want: rest, over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': None, 'CONN_HEALTH_CHECKS': True`)}},
		{name: "none with truthy health string", want: rest + "conn_max_age.unlimited",
			over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': None, 'CONN_HEALTH_CHECKS': 'yes'`)}},
		{name: "none on 4.0", v: "4.0.10", want: rest + "conn_max_age.unlimited",
			over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': None, 'CONN_HEALTH_CHECKS': True`)}},
		{name: "pool with age", want: rest + "conn_max_age.pool-conflict",
			over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': 600, 'OPTIONS': {'pool': True}`)}},
		{name: "pool with none", want: rest + "conn_max_age.pool-conflict",
			over: map[string]string{"DATABASES": pgDB(`, 'CONN_MAX_AGE': None, 'OPTIONS': {'pool': True}`)}},
		{name: "pool zero", want: rest, over: map[string]string{"DATABASES": pgDB(`, 'OPTIONS': {'pool': {'max_size': 4}}`)}},
		{name: "pool option before 5.1", v: "5.0.14", want: rest + "conn_max_age.not-persistent",
			over: map[string]string{"DATABASES": pgDB(`, 'OPTIONS': {'pool': True}`)}},
		{name: "pool false", want: rest + "conn_max_age.not-persistent", over: map[string]string{"DATABASES": pgDB(`, 'OPTIONS': {'pool': False}`)}},
	})
}

func TestConnMaxAgeMessages(t *testing.T) {
	for _, c := range []struct {
		v, extra, text string
	}{
		{"5.2.18", ``, "together with CONN_HEALTH_CHECKS"},
		{"5.2.18", `, 'CONN_HEALTH_CHECKS': True`, "already on"},
		{"4.0.10", ``, "(60 to 600 is common)."},
	} {
		fs := caseB{v: c.v, over: map[string]string{"DATABASES": pgDB(c.extra)}}.runB(t)
		ok := false
		for _, f := range fs {
			if f.ID == "dc.conn_max_age.not-persistent" {
				ok = strings.Contains(f.Message+" "+f.Hint, c.text)
			}
		}
		if !ok {
			t.Errorf("%s %s: no not-persistent finding saying %q: %+v", c.v, c.extra, c.text, fs)
		}
	}
}

const (
	withAdmins  = `[('Ops', 'ops@shop.test')]`
	goodSenders = `'noreply@acmewidgets.com'`
)

func TestEmailChecklist(t *testing.T) {
	rest := sqliteInfo
	senders := map[string]string{"DEFAULT_FROM_EMAIL": goodSenders, "SERVER_EMAIL": goodSenders}
	with := func(m map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range senders {
			out[k] = v
		}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	runTableB(t, []caseB{
		{name: "sends nothing", want: rest},
		{name: "admins default senders", want: rest + "email.default-sender email.default-sender",
			over: map[string]string{"ADMINS": withAdmins}},
		{name: "managers only", want: rest + "email.default-sender email.default-sender",
			over: map[string]string{"MANAGERS": withAdmins}},
		{name: "email host only", want: rest + "email.default-sender email.no-tls",
			over: map[string]string{"EMAIL_HOST": `'smtp.example.net'`}},
		{name: "mail_admins handler", want: rest + "email.default-sender",
			over: map[string]string{"LOGGING": `{'version': 1, 'handlers': {'mail_admins': {'class': 'django.utils.log.AdminEmailHandler'}}}`}},
		{name: "provider backend", want: rest + "email.default-sender",
			over: map[string]string{"EMAIL_BACKEND": `'anymail.backends.postmark.EmailBackend'`}},
		{name: "console backend", want: rest + "email.dev-backend",
			over: map[string]string{"EMAIL_BACKEND": `'django.core.mail.backends.console.EmailBackend'`}},
		{name: "good senders", want: rest, over: with(map[string]string{"ADMINS": withAdmins})},
		{name: "named sender at localhost", want: rest + "email.default-sender",
			over: with(map[string]string{"ADMINS": withAdmins, "SERVER_EMAIL": `'Shop Errors <errors@localhost>'`})},
		{name: "password", want: rest + "email.literal-password",
			over: map[string]string{"EMAIL_HOST_PASSWORD": `'s3cret'`}},
		{name: "anymail", want: rest + "email.literal-password",
			over: map[string]string{"ANYMAIL": `{'SENDGRID_API_KEY': 'SG.abc', 'SENDGRID_API_URL': 'https://api.sendgrid.com/v3/', 'POSTMARK_SERVER_TOKEN': ?}`}},
		{name: "tls", want: rest, over: with(map[string]string{"EMAIL_HOST": `'smtp.example.net'`, "EMAIL_USE_TLS": `True`})},
		{name: "ssl", want: rest, over: with(map[string]string{"EMAIL_HOST": `'smtp.example.net'`, "EMAIL_USE_SSL": `True`})},
		{name: "both", want: rest + "email.tls-and-ssl",
			over: with(map[string]string{"EMAIL_HOST": `'smtp.example.net'`, "EMAIL_USE_TLS": `True`, "EMAIL_USE_SSL": `1`})},
		{name: "private relay", want: rest, over: with(map[string]string{"EMAIL_HOST": `'10.0.0.25'`})},
		{name: "non smtp backend ignores tls", want: rest,
			over: with(map[string]string{"EMAIL_HOST": `'smtp.example.net'`, "EMAIL_BACKEND": `'anymail.backends.postmark.EmailBackend'`})},
		{name: "unknown tls", want: rest, over: with(map[string]string{"EMAIL_HOST": `'smtp.example.net'`, "EMAIL_USE_TLS": `?`})},
		{name: "mailers before 6.1 ignored", v: "5.2.18", want: rest,
			over: map[string]string{"MAILERS": `{'default': {'BACKEND': 'django.core.mail.backends.smtp.EmailBackend', 'OPTIONS': {'host': 'smtp.example.net', 'password': 'x'}}}`}},
		{name: "mailers 6.1", v: "6.1.1", want: rest + "email.default-sender email.literal-password email.no-tls",
			over: map[string]string{"MAILERS": `{'default': {'OPTIONS': {'host': 'smtp.example.net', 'password': 'x'}}}`}},
		{name: "mailers 6.1 default console is mail.E001", v: "6.1.1", want: rest,
			over: map[string]string{"MAILERS": `{'default': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}}`}},
		{name: "mailers 6.1 other console", v: "6.1.1", want: rest + "email.default-sender email.dev-backend",
			over: map[string]string{"MAILERS": `{'default': {'BACKEND': 'anymail.backends.postmark.EmailBackend'}, 'bulk': {'BACKEND': 'django.core.mail.backends.locmem.EmailBackend'}}`}},
		{name: "mailers 6.1 tls and ssl", v: "6.1.1", want: rest + "email.tls-and-ssl",
			over: with(map[string]string{"MAILERS": `{'default': {'OPTIONS': {'host': 'smtp.example.net', 'use_tls': True, 'use_ssl': True}}}`})},
		{name: "email backend unused under 6.1 mailers", v: "6.1.1", want: rest,
			over: with(map[string]string{"MAILERS": `{'default': {'BACKEND': 'django.core.mail.backends.smtp.EmailBackend'}}`,
				"EMAIL_BACKEND": `'django.core.mail.backends.console.EmailBackend'`})},
		{name: "email backend under 6.1 without mailers", v: "6.1.1", want: rest + "email.dev-backend",
			over: map[string]string{"EMAIL_BACKEND": `'django.core.mail.backends.console.EmailBackend'`}},
	})
}

func TestPlaceholderSender(t *testing.T) {
	for addr, want := range map[string]bool{
		"webmaster@localhost": true, "root@localhost": true, "Shop <noreply@example.com>": true, "a@mail.example": true,
		"x@host.invalid": true, "nobody": true, "noreply@acmewidgets.com": false, "Shop <noreply@shop.acmewidgets.com>": false,
		"errors@EXAMPLE.ORG.": true, "a@localhost.localdomain": true, "a@example.com.au": false,
	} {
		if got := placeholderSender(addr); got != want {
			t.Errorf("placeholderSender(%q) = %v", addr, got)
		}
	}
}

func TestStaticChecklist(t *testing.T) {
	runTableB(t, []caseB{
		{name: "root unset", want: sqliteInfo + "static_files.no-static-root", over: map[string]string{"STATIC_ROOT": "-"}},
		{name: "root empty", want: sqliteInfo + "static_files.no-static-root", over: map[string]string{"STATIC_ROOT": `''`}},
		{name: "root set", want: sqliteInfo, over: map[string]string{"STATIC_ROOT": `'/srv/static'`}},
		{name: "root unknown", want: sqliteInfo, over: map[string]string{"STATIC_ROOT": `?`}},
		{name: "app not installed", want: "databases.sqlite caches.local-memory",
			over: map[string]string{"STATIC_ROOT": "-", "INSTALLED_APPS": `['django.contrib.auth']`}},
		{name: "cloud storage", want: "databases.sqlite caches.local-memory",
			over: map[string]string{"STATIC_ROOT": "-", "STORAGES": `{'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'storages.backends.s3.S3Storage'}}`}},
		{name: "whitenoise manifest", want: "databases.sqlite caches.local-memory static_files.no-static-root",
			over: map[string]string{"STATIC_ROOT": "-", "STORAGES": `{'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedManifestStaticFilesStorage'}}`}},
		{name: "whitenoise compressed only", want: sqliteInfo + "static_files.no-static-root",
			over: map[string]string{"STATIC_ROOT": "-", "STORAGES": `{'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedStaticFilesStorage'}}`}},
		{name: "4.2 STATICFILES_STORAGE wins", v: "4.2.20", want: "databases.sqlite caches.local-memory",
			over: map[string]string{"STATIC_ROOT": `'/srv/static'`, "STATICFILES_STORAGE": `'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'`}},
		{name: "5.1 STATICFILES_STORAGE ignored", v: "5.1.8", want: sqliteInfo,
			over: map[string]string{"STATIC_ROOT": `'/srv/static'`, "STATICFILES_STORAGE": `'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'`}},
		{name: "3.2 default", v: "3.2.25", want: sqliteInfo, over: map[string]string{"STATIC_ROOT": `'/srv/static'`}},
		{name: "root inside dirs", want: sqliteInfo + "static_files.root-in-dirs",
			over: map[string]string{"STATIC_ROOT": `'/proj/static/collected'`, "STATICFILES_DIRS": `['/proj/static']`}},
		{name: "dirs inside root (pair)", want: sqliteInfo + "static_files.root-in-dirs",
			over: map[string]string{"STATIC_ROOT": `'/proj/public'`, "STATICFILES_DIRS": `[('x', '/proj/public/static')]`}},
		{name: "equal is staticfiles.E002", want: sqliteInfo,
			over: map[string]string{"STATIC_ROOT": `'/proj/static'`, "STATICFILES_DIRS": `['/proj/static/']`}},
		{name: "relative against absolute", want: sqliteInfo,
			over: map[string]string{"STATIC_ROOT": `'static/out'`, "STATICFILES_DIRS": `['/proj/static']`}},
		{name: "root is project", want: sqliteInfo + "static_files.root-is-code",
			extra: map[string]pyvalue.Value{"STATIC_ROOT": pathVal("/proj")}},
		{name: "root above project", want: sqliteInfo + "static_files.root-is-code",
			over: map[string]string{"STATIC_ROOT": `'/'`}},
		{name: "root is package", want: sqliteInfo + "static_files.root-is-code",
			over: map[string]string{"STATIC_ROOT": `'/proj/mysite/'`}},
		{name: "root inside package", want: sqliteInfo,
			over: map[string]string{"STATIC_ROOT": `'/proj/mysite/static'`}},
	})
}

func TestMediaChecklist(t *testing.T) {
	rest := sqliteInfo
	runTableB(t, []caseB{
		{name: "defaults", want: rest},
		{name: "url equal", want: rest + "media_files.url-in-static", over: map[string]string{"MEDIA_URL": `'/static/'`}},
		{name: "url equal without slash", want: rest + "media_files.url-in-static", over: map[string]string{"MEDIA_URL": `'static/'`}},
		{name: "url inside", want: rest + "media_files.url-in-static", over: map[string]string{"MEDIA_URL": `'/static/media/'`}},
		{name: "url prefix only", want: rest, over: map[string]string{"MEDIA_URL": `'/staticmedia/'`}},
		{name: "url other host", want: rest, over: map[string]string{"MEDIA_URL": `'https://cdn.example.com/static/m/'`}},
		{name: "root same", want: rest + "media_files.root-in-static",
			over: map[string]string{"MEDIA_ROOT": `'/srv/files'`, "STATIC_ROOT": `'/srv/files/'`}},
		{name: "root inside static", want: rest + "media_files.root-in-static",
			over: map[string]string{"MEDIA_ROOT": `'/srv/static/media'`, "STATIC_ROOT": `'/srv/static'`}},
		{name: "root inside static on s3", want: "databases.sqlite caches.local-memory",
			over: map[string]string{"MEDIA_ROOT": `'/srv/static/media'`, "STATIC_ROOT": `'/srv/static'`,
				"STORAGES": `{'default': {'BACKEND': 'storages.backends.s3.S3Storage'}, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}`}},
		{name: "root is project", want: rest + "media_files.root-is-code", over: map[string]string{"MEDIA_ROOT": `'/proj'`}},
		{name: "root is project, storage location", want: rest,
			over: map[string]string{"MEDIA_ROOT": `'/proj'`, "STORAGES": `{'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage', 'OPTIONS': {'location': '/srv/media'}}, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}`}},
		{name: "root is project 4.1 default storage", v: "4.1.13", want: rest + "media_files.root-is-code", over: map[string]string{"MEDIA_ROOT": `'/proj'`}},
		{name: "root media dir", want: rest, over: map[string]string{"MEDIA_ROOT": `'/proj/mysite/media'`}},
		{name: "executable", want: rest + "media_files.executable-uploads", over: map[string]string{"FILE_UPLOAD_PERMISSIONS": `488`}},                // 0o750
		{name: "setgid dir fine", want: rest, over: map[string]string{"FILE_UPLOAD_DIRECTORY_PERMISSIONS": `1533`}},                                   // 0o2775
		{name: "world writable dir", want: rest + "media_files.world-writable", over: map[string]string{"FILE_UPLOAD_DIRECTORY_PERMISSIONS": `1023`}}, // 0o1777
		{name: "world writable and executable file", want: rest + "media_files.executable-uploads media_files.world-writable",
			over: map[string]string{"FILE_UPLOAD_PERMISSIONS": `511`}}, // 0o777
		{name: "decimal", want: rest + "media_files.decimal-mode", over: map[string]string{"FILE_UPLOAD_PERMISSIONS": `755`}},
		{name: "decimal dir", want: rest + "media_files.decimal-mode", over: map[string]string{"FILE_UPLOAD_DIRECTORY_PERMISSIONS": `775`}},
		{name: "ambiguous small number", want: rest, over: map[string]string{"FILE_UPLOAD_PERMISSIONS": `420`}},
		{name: "none", want: rest, over: map[string]string{"FILE_UPLOAD_PERMISSIONS": `None`}},
		// 0o755 in the setting, 0o646 in the storage's OPTIONS.
		{name: "storage options win", want: rest + "media_files.world-writable",
			over: map[string]string{"FILE_UPLOAD_PERMISSIONS": `493`, "STORAGES": `{'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage', 'OPTIONS': {'file_permissions_mode': 422}}, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}`}},
	})
	for n, want := range map[int64]bool{644: true, 755: true, 600: true, 777: true, 420: false, 493: false, 511: false, 800: false, 1644: false, 680: false} {
		if decimalMode(n) != want {
			t.Errorf("decimalMode(%d) = %v", n, !want)
		}
	}
}

func TestTemplatesCachedLoader(t *testing.T) {
	tpl := func(options string) string {
		return `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'OPTIONS': {` + options + `}}]`
	}
	const plain = `'loaders': ['django.template.loaders.filesystem.Loader', 'django.template.loaders.app_directories.Loader']`
	runTableB(t, []caseB{
		{name: "no loaders", want: sqliteInfo},
		{name: "plain loaders", want: sqliteInfo + "templates_cached_loader.not-cached", over: map[string]string{"TEMPLATES": tpl(plain)}},
		{name: "plain loaders debug on", want: sqliteInfo, over: map[string]string{"TEMPLATES": tpl(plain), "DEBUG": `True`}},
		{name: "plain loaders debug unknown", want: sqliteInfo, over: map[string]string{"TEMPLATES": tpl(plain), "DEBUG": `?`}},
		{name: "cached pair", want: sqliteInfo,
			over: map[string]string{"TEMPLATES": tpl(`'loaders': [('django.template.loaders.cached.Loader', ['django.template.loaders.filesystem.Loader'])]`)}},
		{name: "cached string", want: sqliteInfo,
			over: map[string]string{"TEMPLATES": tpl(`'loaders': ['django.template.loaders.cached.Loader']`)}},
		{name: "locmem pair without cache", want: sqliteInfo + "templates_cached_loader.not-cached",
			over: map[string]string{"TEMPLATES": tpl(`'loaders': [('django.template.loaders.locmem.Loader', {'a.html': 'x'})]`)}},
		{name: "third party", want: sqliteInfo,
			over: map[string]string{"TEMPLATES": tpl(`'loaders': ['django.template.loaders.filesystem.Loader', 'template_partials.loader.Loader']`)}},
		{name: "jinja2 ignored", want: sqliteInfo,
			over: map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.jinja2.Jinja2', 'OPTIONS': {'loader': 'x'}}]`}},
		{name: "engine debug 5.2", want: sqliteInfo, over: map[string]string{"TEMPLATES": tpl(`'debug': True`)}},
		{name: "engine debug 4.0", v: "4.0.10", want: sqliteInfo + "templates_cached_loader.not-cached",
			over: map[string]string{"TEMPLATES": tpl(`'debug': True`)}},
		{name: "engine debug off 4.0", v: "4.0.10", want: sqliteInfo, over: map[string]string{"TEMPLATES": tpl(`'debug': False`)}},
		{name: "second engine", want: sqliteInfo + "templates_cached_loader.not-cached",
			over: map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True}, ` +
				`{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'OPTIONS': {` + plain + `}}]`}},
	})
}

// TestChecklistBConditional checks that a finding hinging on a variable is
// conditional without an environment and definite with one, and that a
// value the environment sets is not taken for a written one.
func TestChecklistBConditional(t *testing.T) {
	pw := envB(pyvalue.Str("devpass"), "DB_PASSWORD")
	db := pyvalue.NewDict(dictOf("default", pyvalue.NewDict(dictOf(
		"ENGINE", pyvalue.Str("django.db.backends.postgresql"), "HOST", pyvalue.Str("db"),
		"PASSWORD", pw, "CONN_MAX_AGE", pyvalue.Int(60)))))
	for _, c := range []struct {
		name     string
		envGiven bool
		found    bool
		want     finding.Certainty
	}{
		{"no environment", false, false, finding.Conditional},
		{"environment without the variable", true, false, finding.Definite},
		{"environment with the variable", true, true, ""},
	} {
		s := build(t, "5.2.18", hardened, nil, map[string]pyvalue.Value{"DATABASES": db})
		s.EnvGiven = c.envGiven
		s.EnvReads = []settings.EnvRead{{Name: "DB_PASSWORD", Default: "devpass", HasDefault: true, Found: c.found}}
		var got finding.Certainty
		for _, f := range Run(databasesChecklist(), s, testFS(), testRoot, nil) {
			if f.ID != "dc.databases.literal-password" {
				continue
			}
			got = f.Certainty
			if strings.Contains(f.Message+f.Trigger+f.Hint, "devpass") {
				t.Errorf("%s: the password is shown: %+v", c.name, f)
			}
			if c.want == finding.Conditional && (!reflect.DeepEqual(f.Env, []string{"DB_PASSWORD"}) || !strings.Contains(f.Trigger, "DB_PASSWORD unset")) {
				t.Errorf("%s: env %v, trigger %q", c.name, f.Env, f.Trigger)
			}
		}
		if got != c.want {
			t.Errorf("%s: certainty %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRedactURLPassword(t *testing.T) {
	// A conditional finding on a variable whose name does not say it holds a
	// secret must not show the password of its URL default.
	s := build(t, "5.2.18", hardened, nil, map[string]pyvalue.Value{"DATABASES": pyvalue.NewDict(dictOf("default",
		envB(pyvalue.NewDict(dictOf("ENGINE", envB(pyvalue.Str("django.db.backends.mysql"), "MAIN_DB"),
			"HOST", envB(pyvalue.Str("db.example.com"), "MAIN_DB"), "PASSWORD", envB(pyvalue.Str("hunter22"), "MAIN_DB"))), "MAIN_DB")))})
	s.EnvReads = []settings.EnvRead{{Name: "MAIN_DB", Default: "mysql://shop:hunter22@db.example.com/shop", HasDefault: true}}
	fs := Run(databasesChecklist(), s, testFS(), testRoot, nil)
	if len(fs) < 3 {
		t.Fatalf("want password, tls and persistence findings, got %v", idsB(fs))
	}
	for _, f := range fs {
		if strings.Contains(f.Message+f.Trigger, "hunter22") || f.Certainty != finding.Conditional {
			t.Errorf("%s: %s / %s (%s)", f.ID, f.Message, f.Trigger, f.Certainty)
		}
	}
}

func TestDBFamily(t *testing.T) {
	for engine, want := range map[string]string{
		"django.db.backends.postgresql":                 "postgresql",
		"django.db.backends.postgresql_psycopg2":        "postgresql",
		"django.contrib.gis.db.backends.postgis":        "postgresql",
		"django_prometheus.db.backends.postgresql":      "postgresql",
		"django_cockroachdb":                            "postgresql",
		"django.db.backends.mysql":                      "mysql",
		"django.contrib.gis.db.backends.mysql":          "mysql",
		"django.db.backends.sqlite3":                    "sqlite",
		"django.contrib.gis.db.backends.spatialite":     "sqlite",
		"django.db.backends.oracle":                     "oracle",
		"mssql":                                         "mssql",
		"django.db.backends.dummy":                      "",
		"django_tenants.postgresql_backend":             "postgresql",
		"timescale.db.backends.postgis":                 "postgresql",
		"django.contrib.gis.db.backends.oracle":         "oracle",
		"sql_server.pyodbc":                             "mssql",
		"django_prometheus.db.backends.sqlite3":         "sqlite",
		"django_prometheus.db.backends.postgis":         "postgresql",
		"django.db.backends.postgresql.base":            "postgresql",
		"django.contrib.gis.db.backends.postgis.base":   "postgresql",
		"django.db.backends.mysql.base":                 "mysql",
		"django.contrib.gis.db.backends.spatialite.bas": "sqlite",
	} {
		if got := dbFamily(engine); got != want {
			t.Errorf("dbFamily(%s) = %q, want %q", engine, got, want)
		}
	}
}
