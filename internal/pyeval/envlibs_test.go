package pyeval

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// leaves lists every value inside x (x itself, elements, dict values).
func leaves(x v.Value) []v.Value {
	out := []v.Value{x}
	switch x.Kind() {
	case v.KindList, v.KindTuple:
		elems, _ := x.Elems()
		for _, e := range elems {
			out = append(out, leaves(e)...)
		}
	case v.KindDict:
		d, _ := x.AsDict()
		for _, e := range d.Values() {
			out = append(out, leaves(e)...)
		}
	}
	return out
}

func TestEnvLibsTaint(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		env      map[string]string
		files    map[string]string
		// want maps a setting to the variables every part of its value
		// must depend on.
		want map[string][]string
	}{
		{name: "environ", settings: `
			import environ
			env = environ.Env(DEBUG=(bool, False))
			DEBUG = env('DEBUG')
			SECRET_KEY = env.str('SECRET_KEY', default='dev')
			HOSTS = env.list('HOSTS', default=['localhost'])
			PORT = env.int('PORT', default=8000)
			DATABASE = env.db()
			CACHE = env.cache('CACHE_URL', default='locmemcache://')
			PROXIED = env('PROXY')
			URL_HOST = env.url('SITE_URL', default='https://example.com').hostname
			`,
			env: map[string]string{"DATABASE_URL": "postgres://u:p@h:5432/db?sslmode=require", "PROXY": "$TARGET", "TARGET": "t"},
			want: map[string][]string{
				"DEBUG": {"DEBUG"}, "SECRET_KEY": {"SECRET_KEY"}, "HOSTS": {"HOSTS"}, "PORT": {"PORT"},
				"DATABASE": {"DATABASE_URL"}, "CACHE": {"CACHE_URL"}, "PROXIED": {"PROXY", "TARGET"}, "URL_HOST": {"SITE_URL"},
			}},
		{name: "environ read_env", settings: `
			import environ
			environ.Env.read_env('.env')
			env = environ.Env()
			FROM_FILE = env('FROM_FILE')
			`, env: map[string]string{}, files: map[string]string{".env": "FROM_FILE=x\n"},
			want: map[string][]string{"FROM_FILE": {"FROM_FILE"}}},
		{name: "decouple", settings: `
			from decouple import config, Csv
			DEBUG = config('DEBUG', default=False, cast=bool)
			HOSTS = config('HOSTS', default='a,b', cast=Csv())
			FROM_FILE = config('FROM_FILE')
			PORT = config('PORT', default='1', cast=int)
			`, env: map[string]string{"PORT": "2"}, files: map[string]string{".env": "FROM_FILE=x\n"},
			want: map[string][]string{"DEBUG": {"DEBUG"}, "HOSTS": {"HOSTS"}, "FROM_FILE": {"FROM_FILE"}, "PORT": {"PORT"}}},
		{name: "dj_database_url", settings: `
			import dj_database_url
			A = dj_database_url.config(conn_max_age=600)
			B = dj_database_url.config('OTHER', default='sqlite:///x.db')
			C = dj_database_url.config('UNSET')
			`, env: map[string]string{"DATABASE_URL": "mysql://u:p@h/db?ssl-ca=/ca.pem"},
			want: map[string][]string{"A": {"DATABASE_URL"}, "B": {"OTHER"}, "C": {"UNSET"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := envProject{settings: tt.settings, files: tt.files}.write(t)
			res := evalProject(t, root, tt.env)
			if res.Fatal {
				t.Fatalf("fatal: %+v", res.Problems)
			}
			for name, vars := range tt.want {
				val, ok := global(res, name)
				if !ok {
					t.Errorf("%s: not set", name)
					continue
				}
				for _, leaf := range leaves(val) {
					for _, x := range vars {
						if !slices.Contains(leaf.Env(), x) {
							t.Errorf("%s: part %s depends on %v, not on %s", name, v.Repr(leaf), leaf.Env(), x)
						}
					}
				}
			}
		})
	}
}

func TestEnvLibsReads(t *testing.T) {
	root := envProject{settings: `
		import environ
		from decouple import config
		import dj_database_url
		env = environ.Env(DEBUG=(bool, False))
		DEBUG = env('DEBUG')
		HOSTS = env.list('HOSTS', default=['a'])
		SECRET_KEY = env.str('SECRET_KEY')
		PORT = config('PORT', default=8000, cast=int)
		DATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3')}
		`}.write(t)
	res := evalProject(t, root, map[string]string{"SECRET_KEY": "k", "PORT": "9000"})
	want := []settings.EnvRead{
		{Name: "DEBUG", HasDefault: true, Default: "False", Found: false, Via: "environ.Env"},
		{Name: "HOSTS", HasDefault: true, Default: "['a']", Found: false, Via: "environ.Env.list"},
		{Name: "SECRET_KEY", Found: true, Via: "environ.Env.str"},
		{Name: "PORT", HasDefault: true, Default: "8000", Found: true, Via: "decouple.config"},
		{Name: "DATABASE_URL", HasDefault: true, Default: "sqlite:///db.sqlite3", Found: false, Via: "dj_database_url.config"},
	}
	if len(res.EnvReads) != len(want) {
		t.Fatalf("reads: got %+v", res.EnvReads)
	}
	for i, w := range want {
		g := res.EnvReads[i]
		w.File, w.Line = "mysite/settings.py", g.Line
		if g != w {
			t.Errorf("read %d:\n got %+v\nwant %+v", i, g, w)
		}
		if g.Line == 0 {
			t.Errorf("read %d has no line", i)
		}
	}
}

func TestEnvLibsRequired(t *testing.T) {
	tests := []struct {
		name, settings, class, setting, variable string
	}{
		{"environ", "import environ\nenv = environ.Env()\nSECRET_KEY = env('SECRET_KEY')\n", "ImproperlyConfigured", "SECRET_KEY", "SECRET_KEY"},
		{"environ method", "import environ\nenv = environ.Env()\nDATABASE = env.db()\n", "ImproperlyConfigured", "DATABASE", "DATABASE_URL"},
		{"decouple", "from decouple import config\nSECRET_KEY = config('SECRET_KEY')\n", "UndefinedValueError", "SECRET_KEY", "SECRET_KEY"},
		{"decouple cast", "from decouple import config\nPORT = config('PORT', cast=int)\n", "UndefinedValueError", "PORT", "PORT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := envProject{settings: tt.settings}.write(t)

			// An environment is given and lacks the variable: Django would
			// fail to import the settings with the library's exception.
			res := evalProject(t, root, map[string]string{})
			if !res.Fatal || len(res.Problems) == 0 {
				t.Fatalf("with an environment: not fatal: %+v", res.Problems)
			}
			p := res.Problems[len(res.Problems)-1]
			if !strings.HasPrefix(p.Message, tt.class+": ") || p.Kind != "env" || !slices.Equal(p.Env, []string{tt.variable}) {
				t.Errorf("with an environment: problem %+v", p)
			}

			// No environment given: the value is unknown and the problem
			// is recorded as depending on the variable.
			res = evalProject(t, root, nil)
			if res.Fatal {
				t.Fatalf("without an environment: fatal: %+v", res.Problems)
			}
			val, ok := global(res, tt.setting)
			if !ok {
				t.Fatalf("without an environment: %s not set", tt.setting)
			}
			unknown := false
			for _, leaf := range leaves(val) {
				if leaf.IsUnknown() {
					unknown = true
				}
				if !slices.Contains(leaf.Env(), tt.variable) {
					t.Errorf("without an environment: %s does not depend on %s", v.Repr(leaf), tt.variable)
				}
			}
			if !unknown {
				t.Errorf("without an environment: %s = %s, want an unknown value", tt.setting, v.Repr(val))
			}
			if len(res.Problems) != 1 || res.Problems[0].Kind != "env" || !slices.Equal(res.Problems[0].Env, []string{tt.variable}) {
				t.Errorf("without an environment: problems %+v", res.Problems)
			}
		})
	}

	// dj-database-url returns {} for an unset variable: no problem either way.
	root := envProject{settings: "import dj_database_url\nDATABASES = {'default': dj_database_url.config()}\n"}.write(t)
	for _, env := range []map[string]string{nil, {}} {
		res := evalProject(t, root, env)
		val, _ := global(res, "DATABASES")
		if res.Fatal || len(res.Problems) != 0 || v.Repr(val) != "{'default': {}}" {
			t.Errorf("dj_database_url.config() unset (env %v): %s %+v", env, v.Repr(val), res.Problems)
		}
	}
}

// TestEnvLibsStayInsideRoot checks that no library model reads a file
// outside the project root, however the settings name it.
func TestEnvLibsStayInsideRoot(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.env")
	if err := os.WriteFile(secret, []byte("LEAKED=leaked-value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "settings.ini"), []byte("[settings]\nLEAKED=leaked-value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, settings string
		links          map[string]string // project path -> target outside
	}{
		{name: "read_env etc passwd", settings: `
			import environ
			environ.Env.read_env('/etc/passwd')
			env = environ.Env()
			ROOT = env('root', default='not read')
			LEAKED = env('LEAKED', default='not read')
			`},
		{name: "read_env outside file", settings: `
			import environ
			env = environ.Env()
			env.read_env(` + pyQuote(secret) + `)
			LEAKED = env('LEAKED', default='not read')
			`},
		{name: "read_env relative escape", settings: `
			import environ
			env = environ.Env()
			env.read_env(RELATIVE)
			LEAKED = env('LEAKED', default='not read')
			`},
		{name: "read_env symlink", settings: `
			import environ
			env = environ.Env()
			env.read_env('.env')
			LEAKED = env('LEAKED', default='not read')
			`, links: map[string]string{".env": secret}},
		{name: "read_env outside then decouple", settings: `
			import environ
			from decouple import config
			environ.Env.read_env(` + pyQuote(secret) + `)
			LEAKED = config('LEAKED', default='not read')
			`},
		{name: "read_env outside then dj_database_url", settings: `
			import environ
			import dj_database_url
			environ.Env.read_env(` + pyQuote(secret) + `)
			LEAKED = dj_database_url.config('LEAKED')
			`},
		{name: "decouple RepositoryEnv", settings: `
			from decouple import Config, RepositoryEnv
			LEAKED = Config(RepositoryEnv(` + pyQuote(secret) + `))('LEAKED', default='not read')
			`},
		{name: "decouple AutoConfig search_path", settings: `
			from decouple import AutoConfig
			LEAKED = AutoConfig(search_path=` + pyQuote(outside) + `)('LEAKED', default='not read')
			`},
		{name: "decouple symlinked settings.ini", settings: `
			from decouple import config
			LEAKED = config('LEAKED', default='not read')
			`, links: map[string]string{"settings.ini": filepath.Join(outside, "settings.ini")}},
		{name: "FileAwareEnv", settings: `
			import environ
			env = environ.FileAwareEnv()
			LEAKED = env('LEAKED', default='not read')
			`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := envProject{settings: tt.settings}.write(t)
			if strings.Contains(tt.settings, "RELATIVE") {
				rel, err := filepath.Rel(root, secret)
				if err != nil {
					t.Fatal(err)
				}
				src := strings.Replace(dedent(tt.settings), "RELATIVE", pyQuote(rel), 1)
				if err := os.WriteFile(filepath.Join(root, "mysite", "settings.py"), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for link, target := range tt.links {
				if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"LEAKED_FILE": secret}
			res := evalProject(t, root, env)
			if res.Fatal {
				t.Fatalf("fatal: %+v", res.Problems)
			}
			for _, g := range res.Globals {
				for _, leaf := range leaves(g.Value) {
					if strings.Contains(v.Repr(leaf), "leaked-value") || strings.Contains(v.Repr(leaf), "/bin/") {
						t.Errorf("%s = %s: read from outside the project", g.Name, v.Repr(leaf))
					}
				}
			}
			val, _ := global(res, "LEAKED")
			if !val.IsUnknown() || !strings.Contains(val.UnknownReason(), "outside the project") {
				t.Errorf("LEAKED = %s, want an unknown value saying the file is outside the project", v.Repr(val))
			}
		})
	}

	// decouple's search for settings.ini/.env stops at the project root.
	parent := t.TempDir()
	if err := os.WriteFile(filepath.Join(parent, ".env"), []byte("LEAKED=leaked-value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(parent, "project")
	if err := os.MkdirAll(filepath.Join(root, "mysite"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "from decouple import config\nLEAKED = config('LEAKED', default='not read')\n"
	if err := os.WriteFile(filepath.Join(root, "mysite", "settings.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := evalProject(t, root, map[string]string{})
	if val, _ := global(res, "LEAKED"); v.Repr(val) != "'not read'" {
		t.Errorf("decouple above the root: LEAKED = %s", v.Repr(val))
	}
}

func pyQuote(s string) string { return v.QuoteStr(s) }

func TestShlexSplit(t *testing.T) {
	tests := []struct {
		in, delim string
		want      []string
		err       string
	}{
		{"a,b,c", ",", []string{"a", "b", "c"}, ""},
		{`a, "b,c" ,d`, ",", []string{"a", " b,c ", "d"}, ""},
		{`'x y',z`, ",", []string{"x y", "z"}, ""},
		{`a\,b`, ",", []string{"a,b"}, ""},
		{`"a\"b"`, ",", []string{`a"b`}, ""},
		{`'a\b'`, ",", []string{`a\b`}, ""},
		{"a # c,d\ne", ",", []string{"a ", "e"}, ""},
		{`""`, ",", []string{""}, ""},
		{",,", ",", nil, ""},
		{`"open`, ",", nil, "No closing quotation"},
		{`end\`, ",", nil, "No escaped character"},
	}
	for _, tt := range tests {
		got, err := shlexSplit(tt.in, tt.delim)
		if err != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("shlexSplit(%q) = %q, %q; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestURLSplit(t *testing.T) {
	tests := []struct {
		in                                   string
		scheme, netloc, path, query, fragmnt string
		err                                  bool
	}{
		{in: "postgres://u:p@h:5432/db?x=1#f", scheme: "postgres", netloc: "u:p@h:5432", path: "/db", query: "x=1", fragmnt: "f"},
		{in: "  HTTP://h/p", scheme: "http", netloc: "h", path: "/p"},
		{in: "sqlite:///rel.db", scheme: "sqlite", path: "/rel.db"},
		{in: "1http://x", path: "1http://x"},
		{in: "http://[::1]:80/", scheme: "http", netloc: "[::1]:80", path: "/"},
		{in: "http://[::1/", err: true},
		{in: "http://[1.2.3.4]/", err: true},
	}
	for _, tt := range tests {
		u, err := urlSplit(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("urlSplit(%q) error %v", tt.in, err)
			continue
		}
		if err == nil && (u.scheme != tt.scheme || u.netloc != tt.netloc || u.path != tt.path || u.query != tt.query || u.fragment != tt.fragmnt) {
			t.Errorf("urlSplit(%q) = %+v", tt.in, u)
		}
	}
	if got := urlUnquote("a%20b%zz%C3%A9%ff"); got != "a b%zzé\ufffd" {
		t.Errorf("urlUnquote = %q", got)
	}
	if got := urlQuote("a b/é:@", ":/?&=@"); got != "a%20b/%C3%A9:@" {
		t.Errorf("urlQuote = %q", got)
	}
}

func TestLiteralEval(t *testing.T) {
	for in, want := range map[string]string{
		"600": "600", " True": "True", "None": "None", "'x'": "'x'", "-1.5": "-1.5", "[1, (2,)]": "[1, (2,)]",
		"{'a': 1}": "{'a': 1}", "0x10": "16",
	} {
		got, ok := literalEval(in)
		if !ok || v.Repr(got) != want {
			t.Errorf("literalEval(%q) = %s, %v; want %s", in, v.Repr(got), ok, want)
		}
	}
	for _, in := range []string{"abc", "1;2", "x = 1", "f()", "01", "1 +", ""} {
		if got, ok := literalEval(in); ok {
			t.Errorf("literalEval(%q) = %s, want not a literal", in, v.Repr(got))
		}
	}
}
