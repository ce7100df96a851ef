package project

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/pyparse"
)

func TestSettingsFromWords(t *testing.T) {
	tests := []struct {
		cmd          deployfiles.Command
		module, how  string
		class        int
		served       []string
		inlineEnvLen int
	}{
		{deployfiles.Command{Shell: "DJANGO_SETTINGS_MODULE=a.b gunicorn a.wsgi"}, "a.b", "DJANGO_SETTINGS_MODULE=a.b", processWebServer, []string{"a.wsgi"}, 1},
		{deployfiles.Command{Shell: "env X=1 DJANGO_SETTINGS_MODULE=a.b python manage.py runserver"}, "a.b", "DJANGO_SETTINGS_MODULE=a.b", processOther, nil, 2},
		{deployfiles.Command{Exec: []string{"gunicorn", "--env", "DJANGO_SETTINGS_MODULE=a.prod", "a.wsgi:application"}}, "a.prod", "DJANGO_SETTINGS_MODULE=a.prod", processWebServer, []string{"a.wsgi"}, 0},
		{deployfiles.Command{Shell: "python manage.py migrate --settings=a.s"}, "a.s", "--settings=a.s", processUnknown, nil, 0},
		{deployfiles.Command{Shell: "python manage.py check --deploy --settings a.s"}, "a.s", "--settings a.s", processUnknown, nil, 0},
		{deployfiles.Command{Exec: []string{"sh", "-c", "exec /venv/bin/uvicorn a.asgi:application --settings x.y"}}, "x.y", "--settings x.y", processWebServer, []string{"a.asgi"}, 0},
		{deployfiles.Command{Shell: "uwsgi --module=proj.wsgi:application --http :8000"}, "", "", processWebServer, []string{"proj.wsgi"}, 0},
		{deployfiles.Command{Shell: "celery -A proj worker"}, "", "", processOther, nil, 0},
		{deployfiles.Command{Shell: "/start"}, "", "", processUnknown, nil, 0},
		{deployfiles.Command{Shell: "python manage.py runserver --settings"}, "", "", processOther, nil, 0},
	}
	for _, tt := range tests {
		words := commandWords(&tt.cmd)
		module, how := settingsFromWords(words)
		if module != tt.module || how != tt.how {
			t.Errorf("%s: settings %q (%q), want %q (%q)", tt.cmd.String(), module, how, tt.module, tt.how)
		}
		if c := processClass(words); c != tt.class {
			t.Errorf("%s: class %d, want %d", tt.cmd.String(), c, tt.class)
		}
		if got := servedModules(words); !reflect.DeepEqual(got, tt.served) {
			t.Errorf("%s: served %v, want %v", tt.cmd.String(), got, tt.served)
		}
		if got := inlineEnv(tt.cmd); len(got) != tt.inlineEnvLen {
			t.Errorf("%s: inline env %v, want %d variables", tt.cmd.String(), got, tt.inlineEnvLen)
		}
	}
}

func TestPlainReferences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"plain", nil},
		{"$A ${B} ${C:-x} ${D-y} ${E:?z} $$F $$$G", []string{"A", "B", "G"}},
		{"${A:-${B}}", []string{"B"}},
		{"$", nil},
		{"${", nil},
		{"$1", nil},
	}
	for _, tt := range tests {
		if got := plainReferences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("plainReferences(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSettingsAssignments(t *testing.T) {
	src := `import os
from os import environ

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "a.top")
os.environ.setdefault("OTHER", "b")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", some_variable)
os.environ.setdefault("DJANGO_SETTINGS_MODULE")
os.environ["DJANGO_SETTINGS_MODULE"] = "a.item"
os.environ["OTHER"] = "c"
environ.setdefault("DJANGO_SETTINGS_MODULE", "a.bare")

def main():
    if True:
        try:
            with open("x"):
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "a.nested")
        except ImportError:
            pass
        finally:
            pass
    else:
        for x in y:
            os.environ["DJANGO_SETTINGS_MODULE"] = "a.loop"

class C:
    while x:
        match y:
            case 1:
                environ.setdefault("DJANGO_SETTINGS_MODULE", "a.match")
`
	mod, err := pyparse.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range settingsAssignments(mod.Body) {
		got = append(got, a.module+"@"+strconv.Itoa(a.line))
	}
	want := []string{"a.top@4", "a.item@8", "a.bare@10", "a.nested@16", "a.loop@23", "a.match@29"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("settingsAssignments = %v, want %v", got, want)
	}
}

func TestClassify(t *testing.T) {
	for rel, want := range map[string]Kind{
		"manage.py": "", "config/wsgi.py": KindWSGI, "config/asgi.py": KindASGI,
		"Dockerfile": KindDockerfile, "docker/Dockerfile.prod": KindDockerfile, "web.dockerfile": KindDockerfile,
		"Containerfile": KindDockerfile, "docker-compose.yml": KindCompose, "compose.production.yaml": KindCompose,
		"deploy/app.service": KindSystemd, "Procfile": KindProcfile, "Procfile.dev": KindProcfile,
		"poetry.lock": KindPoetryLock, "uv.lock": KindUVLock, "Pipfile.lock": KindPipfileLock,
		"pyproject.toml": KindPyproject, "setup.cfg": KindSetupCfg, "requirements.txt": KindRequirements,
		"requirements-dev.txt": KindRequirements, "requirements/prod.txt": KindRequirements,
		".env": KindDotenv, ".env.production": KindDotenv, "prod.env": KindDotenv, ".envs/.production/.django": KindDotenv,
		"docs/notes.txt": "", "k8s/web.yaml": "", "settings.py": "",
	} {
		if got := classify(rel); got != want {
			t.Errorf("classify(%q) = %q, want %q", rel, got, want)
		}
	}
}

// TestWalkSkips checks that version control, dependencies, caches and
// virtual environments are not searched, whatever their names.
func TestWalkSkips(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{
		"Dockerfile",
		"node_modules/pkg/Dockerfile",
		".git/Dockerfile",
		"venv/Dockerfile",
		"build/Dockerfile",
		"pkg.egg-info/Dockerfile",
		"myenv/pyvenv.cfg",
		"myenv/lib/Dockerfile",
		"a/b/c/d/e/Dockerfile",
		"a/b/c/d/e/f/g/Dockerfile",
		"deep/1/2/manage.py",
		"deep/1/2/3/manage.py",
	} {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("FROM x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range p.Files {
		files = append(files, relTo(root, f.Path))
	}
	want := []string{"Dockerfile", "a/b/c/d/e/Dockerfile", "deep/1/2/manage.py"}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("Files = %v, want %v", files, want)
	}
}

// TestDiscoverEmptySettingsValue checks that an empty
// DJANGO_SETTINGS_MODULE names no candidate, and that a settings module
// named only by development files is chosen, and said to be.
func TestDiscoverEmptySettingsValue(t *testing.T) {
	root := t.TempDir()
	for rel, content := range map[string]string{
		"docker-compose.local.yml": "services:\n  web:\n    env_file: [shared.env]\n    command: python manage.py runserver\n",
		"shared.env":               "DJANGO_SETTINGS_MODULE=dev.settings\n",
		"docker-compose.yml":       "services:\n  web:\n    environment:\n      DJANGO_SETTINGS_MODULE: \"\"\n",
	} {
		if err := os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Settings.Candidates) != 1 || p.Settings.Module != "dev.settings" {
		t.Fatalf("Candidates = %+v", p.Settings.Candidates)
	}
	want := "DJANGO_SETTINGS_MODULE=dev.settings set in shared.env:1, an env_file of compose service web (docker-compose.local.yml); " +
		"but no dev/settings.py or dev/settings/__init__.py exists in the source roots; only files meant for development name a settings module"
	if p.Settings.Reason != want {
		t.Errorf("Reason =\n  %s\nwant\n  %s", p.Settings.Reason, want)
	}
}

// TestDiscoverBuildTarget checks that a compose build target picks the
// Dockerfile stage whose ENV the app gets, through the stages it is
// built on.
func TestDiscoverBuildTarget(t *testing.T) {
	root := t.TempDir()
	for rel, content := range map[string]string{
		"Dockerfile": "FROM python:3.12 AS base\nENV DJANGO_SETTINGS_MODULE=app.base\n" +
			"FROM base AS web\nENV DJANGO_SETTINGS_MODULE=app.web\nFROM base AS tests\nENV DJANGO_SETTINGS_MODULE=app.tests\n",
		"compose.yaml": "services:\n  web:\n    build:\n      context: .\n      target: web\n",
	} {
		if err := os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, e := range p.DeployEnv {
		env = append(env, e.Name+"="+e.Value+"@"+strconv.Itoa(e.Line))
	}
	if want := []string{"DJANGO_SETTINGS_MODULE=app.web@4"}; !reflect.DeepEqual(env, want) {
		t.Errorf("DeployEnv = %v, want %v", env, want)
	}
	if p.Settings.Module != "app.web" {
		t.Errorf("Module = %q, want app.web", p.Settings.Module)
	}
}
