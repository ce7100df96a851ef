package project

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// candidateLine is a compact form of a candidate for comparisons:
// "module source file:line" with the file relative to the fixture, and
// " missing" for a module that does not resolve.
func candidateLines(root string, cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		s := c.Module + " " + c.Source
		if c.File != "" {
			s += " " + relTo(root, c.File)
			if c.Line > 0 {
				s += ":" + strconv.Itoa(c.Line)
			}
		}
		if !c.Resolved {
			s += " missing"
		}
		out = append(out, s)
	}
	return out
}

func relTo(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}

func TestDiscoverSettingsSources(t *testing.T) {
	tests := []struct {
		fixture    string
		opts       Options
		root       string // directory of manage.py, relative to the fixture
		module     string
		file       string // the module's file, relative to the fixture
		isPackage  bool
		reason     string
		candidates []string
	}{
		{
			fixture: "cookiecutter", root: ".", module: "config.settings.production", file: "config/settings/production.py",
			reason: "DJANGO_SETTINGS_MODULE=config.settings.production set by ENV in compose/production/django/Dockerfile:14; it is config/settings/production.py. " +
				"Other candidates: config.settings.local (config/asgi.py:5, manage.py:7, compose/local/django/Dockerfile:2, docker-compose.local.yml:9)",
			candidates: []string{
				"config.settings.production Dockerfile compose/production/django/Dockerfile:14",
				"config.settings.production wsgi.py config/wsgi.py:10",
				"config.settings.local asgi.py config/asgi.py:5",
				"config.settings.local manage.py manage.py:7",
				"config.settings.local Dockerfile compose/local/django/Dockerfile:2",
				"config.settings.local compose docker-compose.local.yml:9",
			},
		},
		{
			fixture: "cookiecutter", opts: Options{SettingsModule: "config.settings.test"}, root: ".",
			module: "config.settings.test", file: "config/settings/test.py",
			reason: "config.settings.test given with --settings; it is config/settings/test.py. Other candidates: config.settings.production (compose/production/django/Dockerfile:14, config/wsgi.py:10); " +
				"config.settings.local (config/asgi.py:5, manage.py:7, compose/local/django/Dockerfile:2, docker-compose.local.yml:9)",
		},
		{
			fixture: "cookiecutter", opts: Options{Env: map[string]string{"DJANGO_SETTINGS_MODULE": "config.settings.staging"}}, root: ".",
			module: "config.settings.staging",
			reason: "DJANGO_SETTINGS_MODULE=config.settings.staging given with --env; but no config/settings/staging.py or config/settings/staging/__init__.py exists in the source roots. " +
				"Other candidates: config.settings.production (compose/production/django/Dockerfile:14, config/wsgi.py:10); config.settings.local (config/asgi.py:5, manage.py:7, compose/local/django/Dockerfile:2, docker-compose.local.yml:9)",
		},
		{
			fixture: "compose", root: ".", module: "shop.settings.prod", file: "shop/settings/prod.py",
			reason: "DJANGO_SETTINGS_MODULE=shop.settings.prod set in web.env:1, an env_file of compose service web (docker-compose.yml); it is shop/settings/prod.py. " +
				"Other candidates: shop.settings.worker (docker-compose.yml:6, no such module); shop.settings.dev (manage.py:6, no such module)",
			candidates: []string{
				"shop.settings.prod compose web.env:1",
				"shop.settings.worker compose docker-compose.yml:6 missing",
				"shop.settings.dev manage.py manage.py:6 missing",
			},
		},
		{
			fixture: "systemd", root: "shop", module: "shop.production", file: "shop/shop/production.py",
			reason: "DJANGO_SETTINGS_MODULE=shop.production set by Environment= in shop/deploy/shop.service:6; it is shop/shop/production.py. Other candidates: shop.settings (shop/manage.py:2, no such module)",
		},
		{
			fixture: "kubernetes", root: ".", module: "mysite.settings_k8s", file: "mysite/settings_k8s.py",
			reason: "DJANGO_SETTINGS_MODULE=mysite.settings_k8s set in the env of container web of Deployment mysite (k8s/web.yaml:13); it is mysite/settings_k8s.py. Other candidates: mysite.settings (manage.py:2, no such module)",
		},
		{
			fixture: "procfile", root: ".", module: "blog.settings.heroku", file: "blog/settings/heroku.py",
			reason: "DJANGO_SETTINGS_MODULE=blog.settings.heroku on the web process line in Procfile:2; it is blog/settings/heroku.py. " +
				"Other candidates: blog.settings.release (Procfile:1, no such module); blog.settings.dev (manage.py:2, no such module)",
			candidates: []string{
				"blog.settings.heroku Procfile Procfile:2",
				"blog.settings.release Procfile Procfile:1 missing",
				"blog.settings.dev manage.py manage.py:2 missing",
			},
		},
		{
			fixture: "wsgi", root: ".", module: "site.settings", file: "site/settings/__init__.py", isPackage: true,
			reason: "no deployment file sets DJANGO_SETTINGS_MODULE; DJANGO_SETTINGS_MODULE=site.settings assigned to os.environ in site/wsgi.py:8; it is a package, site/settings/__init__.py. " +
				"Other candidates: site.settings_dev (manage.py:2, no such module)",
			candidates: []string{
				"site.settings wsgi.py site/wsgi.py:8",
				"site.settings asgi.py site/asgi.py:2",
				"site.settings_dev manage.py manage.py:2 missing",
			},
		},
		{
			fixture: "srclayout", root: ".", module: "shop.settings", file: "src/shop/settings.py",
			reason: "no deployment file sets DJANGO_SETTINGS_MODULE; DJANGO_SETTINGS_MODULE=shop.settings as the default that os.environ.setdefault gives it in manage.py:9; it is src/shop/settings.py",
		},
		{
			fixture: "nomanage", root: ".", module: "blog.settings", file: "blog/settings.py",
			reason: "nothing sets DJANGO_SETTINGS_MODULE; blog.settings (blog/settings.py) is the only settings module in the source roots",
		},
		{
			fixture: "broken", root: ".", module: "app.settings_prod",
			reason: "DJANGO_SETTINGS_MODULE=app.settings_prod set by ENV in Dockerfile:3; but no app/settings_prod.py or app/settings_prod/__init__.py exists in the source roots. Other candidates: app.settings (manage.py:2)",
		},
	}
	for _, tt := range tests {
		name := tt.fixture
		if tt.opts.SettingsModule != "" || tt.opts.Env != nil {
			name += " with options"
		}
		t.Run(name, func(t *testing.T) {
			fixture := filepath.Join("testdata", tt.fixture)
			p, err := Discover(fixture, tt.opts)
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			if got := relTo(fixture, p.Root); got != tt.root {
				t.Errorf("Root = %s, want %s", got, tt.root)
			}
			s := p.Settings
			if s.Module != tt.module {
				t.Errorf("Module = %q, want %q", s.Module, tt.module)
			}
			file := ""
			if s.Path != "" {
				file = relTo(fixture, s.Path)
			}
			if file != tt.file || s.IsPackage != tt.isPackage {
				t.Errorf("Path = %q (package %v), want %q (package %v)", file, s.IsPackage, tt.file, tt.isPackage)
			}
			if s.Reason != tt.reason {
				t.Errorf("Reason =\n  %s\nwant\n  %s", s.Reason, tt.reason)
			}
			if tt.candidates != nil {
				if got := candidateLines(fixture, s.Candidates); !reflect.DeepEqual(got, tt.candidates) {
					t.Errorf("Candidates =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.candidates, "\n  "))
				}
			}
			if len(s.Candidates) == 0 || s.Candidates[0].Module != s.Module {
				t.Errorf("the chosen module is not the first candidate: %+v", s.Candidates)
			}
		})
	}
}

func TestDiscoverCookiecutter(t *testing.T) {
	fixture := filepath.Join("testdata", "cookiecutter")
	p, err := Discover(fixture, Options{})
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	if len(p.Problems) != 0 {
		t.Errorf("Problems = %+v", p.Problems)
	}
	var files []string
	for _, f := range p.Files {
		files = append(files, relTo(fixture, f.Path)+" "+string(f.Kind))
	}
	wantFiles := []string{
		".envs/.local/.django dotenv",
		".envs/.production/.django dotenv",
		"compose/local/django/Dockerfile dockerfile",
		"compose/production/django/Dockerfile dockerfile",
		"config/asgi.py asgi",
		"config/wsgi.py wsgi",
		"docker-compose.local.yml compose",
		"docker-compose.production.yml compose",
		"manage.py manage.py",
		"requirements/base.txt requirements",
		"requirements/local.txt requirements",
		"requirements/production.txt requirements",
	}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("Files =\n  %s\nwant\n  %s", strings.Join(files, "\n  "), strings.Join(wantFiles, "\n  "))
	}
	if len(p.Dockerfiles) != 2 || len(p.Compose) != 2 {
		t.Errorf("models: %d Dockerfiles, %d compose files", len(p.Dockerfiles), len(p.Compose))
	}
	// The development compose file and Dockerfile set DJANGO_DEBUG and
	// the local settings; neither is in the deployment env.
	var env []string
	for _, e := range p.DeployEnv {
		env = append(env, e.Name+"="+e.Value+" "+relTo(fixture, e.File)+":"+strconv.Itoa(e.Line)+" "+e.Source)
	}
	wantEnv := []string{
		"PYTHONUNBUFFERED=1 compose/production/django/Dockerfile:12 Dockerfile ENV",
		"PYTHONDONTWRITEBYTECODE=1 compose/production/django/Dockerfile:13 Dockerfile ENV",
		"DJANGO_SETTINGS_MODULE=config.settings.production compose/production/django/Dockerfile:14 Dockerfile ENV",
		"DJANGO_SECRET_KEY=change-me-in-production-0123456789abcdef .envs/.production/.django:2 compose env_file (service django)",
		"DJANGO_ALLOWED_HOSTS=.example.com .envs/.production/.django:3 compose env_file (service django)",
		"DJANGO_SECURE_SSL_REDIRECT=False .envs/.production/.django:4 compose env_file (service django)",
		"DJANGO_SECRET_KEY=change-me-in-production-0123456789abcdef .envs/.production/.django:2 compose env_file (service celeryworker)",
		"DJANGO_ALLOWED_HOSTS=.example.com .envs/.production/.django:3 compose env_file (service celeryworker)",
		"DJANGO_SECURE_SSL_REDIRECT=False .envs/.production/.django:4 compose env_file (service celeryworker)",
	}
	if !reflect.DeepEqual(env, wantEnv) {
		t.Errorf("DeployEnv =\n  %s\nwant\n  %s", strings.Join(env, "\n  "), strings.Join(wantEnv, "\n  "))
	}
	if p.Django.Version != "5.0.9" || p.Django.Note != "" || p.Django.Requirement == nil ||
		relTo(fixture, p.Django.Requirement.File) != "requirements/base.txt" || p.Django.Requirement.Line != 1 {
		t.Errorf("Django = %+v (%+v)", p.Django, p.Django.Requirement)
	}
}

func TestDiscoverDeployEnvSources(t *testing.T) {
	tests := []struct {
		fixture string
		opts    Options
		env     []string
	}{
		{"compose", Options{}, []string{
			"DJANGO_SETTINGS_MODULE=shop.settings.worker docker-compose.yml:6 compose environment (service worker)",
			"DJANGO_SETTINGS_MODULE=shop.settings.prod web.env:1 compose env_file (service web)",
			"DJANGO_DEBUG=False docker-compose.yml:12 compose environment (service web)",
			"DJANGO_ALLOWED_HOSTS=${HOSTS} docker-compose.yml:13 compose environment (service web) <needs HOSTS from the environment compose runs in>",
			"DATABASE_URL=postgres://shop@db/shop docker-compose.yml:14 compose environment (service web)",
			"SENTRY_DSN= docker-compose.yml:15 compose environment (service web) <host environment>",
		}},
		{"compose", Options{Env: map[string]string{"HOSTS": "shop.example", "SENTRY_DSN": "https://sentry", "DB_USER": "admin"}}, []string{
			"DJANGO_SETTINGS_MODULE=shop.settings.worker docker-compose.yml:6 compose environment (service worker)",
			"DJANGO_SETTINGS_MODULE=shop.settings.prod web.env:1 compose env_file (service web)",
			"DJANGO_DEBUG=False docker-compose.yml:12 compose environment (service web)",
			"DJANGO_ALLOWED_HOSTS=shop.example docker-compose.yml:13 compose environment (service web)",
			"DATABASE_URL=postgres://admin@db/shop docker-compose.yml:14 compose environment (service web)",
			"SENTRY_DSN=https://sentry docker-compose.yml:15 compose environment (service web) <host environment (given with --env)>",
		}},
		{"systemd", Options{}, []string{
			"DJANGO_SETTINGS_MODULE=shop.production shop/deploy/shop.service:6 systemd Environment",
			"DJANGO_ALLOWED_HOSTS=shop.example.com shop/deploy/shop.service:6 systemd Environment",
		}},
		{"kubernetes", Options{}, []string{
			"DJANGO_SETTINGS_MODULE=mysite.settings_k8s k8s/web.yaml:13 Kubernetes env (Deployment mysite, container web)",
			"DJANGO_SECRET_KEY= k8s/web.yaml:15 Kubernetes env (Deployment mysite, container web) <secret mysite/secret-key>",
		}},
		{"procfile", Options{}, []string{
			"DJANGO_SETTINGS_MODULE=blog.settings.heroku Procfile:2 Procfile (process web)",
			"WEB_CONCURRENCY=3 Procfile:2 Procfile (process web)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			fixture := filepath.Join("testdata", tt.fixture)
			p, err := Discover(fixture, tt.opts)
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			var env []string
			for _, e := range p.DeployEnv {
				s := e.Name + "=" + e.Value + " " + relTo(fixture, e.File) + ":" + strconv.Itoa(e.Line) + " " + e.Source
				if e.From != "" {
					s += " <" + e.From + ">"
				}
				env = append(env, s)
			}
			if !reflect.DeepEqual(env, tt.env) {
				t.Errorf("DeployEnv =\n  %s\nwant\n  %s", strings.Join(env, "\n  "), strings.Join(tt.env, "\n  "))
			}
		})
	}
}

func TestDiscoverProblems(t *testing.T) {
	tests := []struct {
		fixture  string
		problems []string
		notes    []string
	}{
		{"broken", []string{
			"Dockerfile:2: ENV requires at least one argument",
			"Dockerfile:4: unknown instruction: BOGUS",
			`Procfile:2: expected "name: command", found "this is not a process line"`,
			"app/wsgi.py:2: Python syntax error: invalid syntax. Perhaps you forgot a comma?",
			"docker-compose.yml:6: sequence end token ']' not found",
			`requirements.txt:1: requirement Django: invalid version specifier "=="`,
		}, []string{"Django>=4.2 in requirements.txt:2 allows a range of versions; assuming the lowest, 4.2"}},
		{"compose", []string{
			`web.env:2: unexpected "L" after variable name BAD`,
		}, []string{
			"docker-compose.yml:21: env_file required.env of service missing is not in the project (no such file or directory); the variables it sets are not known",
			"no Django requirement found in the requirements or lock files; assuming Django 5.2, the newest LTS",
		}},
		{"kubernetes", nil, []string{
			"chart/templates/deployment.yaml looks like a Helm template; it is not read",
			"no Django requirement found in the requirements or lock files; assuming Django 5.2, the newest LTS",
		}},
		{"nomanage", nil, []string{
			"no manage.py within 3 levels of testdata/nomanage; treating testdata/nomanage as the project root",
			"no Django requirement found in the requirements or lock files; assuming Django 5.2, the newest LTS",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			fixture := filepath.Join("testdata", tt.fixture)
			p, err := Discover(fixture, Options{})
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			var problems []string
			for _, pr := range p.Problems {
				problems = append(problems, relTo(fixture, pr.File)+":"+strconv.Itoa(pr.Line)+": "+pr.Message)
			}
			if !reflect.DeepEqual(problems, tt.problems) {
				t.Errorf("Problems =\n  %s\nwant\n  %s", strings.Join(problems, "\n  "), strings.Join(tt.problems, "\n  "))
			}
			notes := p.Notes
			if p.Django.Note != "" {
				notes = append(notes, p.Django.Note)
			}
			if !reflect.DeepEqual(notes, tt.notes) {
				t.Errorf("Notes =\n  %s\nwant\n  %s", strings.Join(notes, "\n  "), strings.Join(tt.notes, "\n  "))
			}
		})
	}
}

func TestDiscoverDjangoVersion(t *testing.T) {
	tests := []struct {
		fixture, version, note string
	}{
		{"cookiecutter", "5.0.9", ""},
		{"srclayout", "5.1.4", ""},
		{"procfile", "4.2", "Django>=4.2,<5.0 in requirements.txt:1 allows a range of versions; assuming the lowest, 4.2"},
		{"wsgi", "5.2", "Django without a version is required in pyproject.toml:3; assuming Django 5.2, the newest LTS"},
		{"systemd", "5.2", "no Django requirement found in the requirements or lock files; assuming Django 5.2, the newest LTS"},
	}
	for _, tt := range tests {
		p, err := Discover(filepath.Join("testdata", tt.fixture), Options{})
		if err != nil {
			t.Fatalf("Discover(%s): %v", tt.fixture, err)
		}
		if p.Django.Version != tt.version || p.Django.Note != tt.note {
			t.Errorf("%s: Django = %q, note %q; want %q, note %q", tt.fixture, p.Django.Version, p.Django.Note, tt.version, tt.note)
		}
	}
}

func TestModuleFile(t *testing.T) {
	p, err := Discover(filepath.Join("testdata", "srclayout"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("testdata", "srclayout")
	tests := []struct {
		dotted    string
		path      string
		isPackage bool
		ok        bool
	}{
		{"shop", "src/shop/__init__.py", true, true},
		{"shop.settings", "src/shop/settings.py", false, true},
		{"manage", "manage.py", false, true},
		{"shop.missing", "", false, false},
		{"shop..settings", "", false, false},
		{"../etc", "", false, false},
		{"shop.settings.", "", false, false},
		{"", "", false, false},
		{"1shop", "", false, false},
	}
	for _, tt := range tests {
		path, isPackage, ok := p.ModuleFile(tt.dotted)
		if path != "" {
			path = relTo(root, path)
		}
		if path != tt.path || isPackage != tt.isPackage || ok != tt.ok {
			t.Errorf("ModuleFile(%q) = %q, %v, %v; want %q, %v, %v", tt.dotted, path, isPackage, ok, tt.path, tt.isPackage, tt.ok)
		}
	}
	wantRoots := []string{root, filepath.Join(root, "src")}
	if !reflect.DeepEqual(p.SourceRoots, wantRoots) {
		t.Errorf("SourceRoots = %v, want %v", p.SourceRoots, wantRoots)
	}
}

func TestDiscoverErrors(t *testing.T) {
	if _, err := Discover(filepath.Join("testdata", "does-not-exist"), Options{}); err == nil {
		t.Error("Discover of a missing directory succeeded")
	}
	if _, err := Discover(filepath.Join("testdata", "cookiecutter", "manage.py"), Options{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Discover of a file: %v", err)
	}
}

// TestDiscoverSymlinkLoops builds a tree whose links point back up, at
// themselves and out of the tree: the walk must end, follow the link into
// the tree once, and not leave the root.
func TestDiscoverSymlinkLoops(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, rel string) {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	write("app/manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n")
	write("app/site/__init__.py", "")
	write("app/site/settings.py", "DEBUG = False\n")
	write("deploy/real/Procfile", "web: gunicorn site.wsgi --settings site.settings\n")
	link(".", "loop")                // root/loop -> root
	link("..", "app/up")             // app/up -> root
	link("../deploy", "app/deploy")  // a link into the tree, followed once
	link("self", "self")             // a link to itself
	link(os.TempDir(), "outside")    // a link out of the tree, not followed
	link("missing-target", "dangle") // a dangling link

	done := make(chan *Project, 1)
	go func() {
		p, err := Discover(root, Options{})
		if err != nil {
			t.Error(err)
		}
		done <- p
	}()
	var p *Project
	select {
	case p = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Discover did not finish: a link loop is followed")
	}
	if p == nil {
		return
	}
	if p.Settings.Module != "site.settings" || relTo(root, p.Root) != "app" {
		t.Errorf("Module %q in root %q", p.Settings.Module, p.Root)
	}
	var procfiles []string
	for _, f := range p.Files {
		if f.Kind == KindProcfile {
			procfiles = append(procfiles, relTo(root, f.Path))
		}
	}
	if want := []string{"deploy/real/Procfile"}; !reflect.DeepEqual(procfiles, want) {
		t.Errorf("Procfiles = %v, want %v (each real directory once)", procfiles, want)
	}
}
