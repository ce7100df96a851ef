package oracle

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Project is a generated Django project: its files, the environment to run
// it with, and the settings module to load.
type Project struct {
	// Seed and Index reproduce the project: Generate(Seed, Index, ...).
	Seed  uint64
	Index int
	// Family is the kind of settings (see Families).
	Family string
	// SettingsModule is the DJANGO_SETTINGS_MODULE to run with.
	SettingsModule string
	// Files maps a path relative to the project folder to its content.
	Files map[string]string
	// Dirs are extra folders (relative to the project folder) to create.
	Dirs []string
	// Env is the whole environment Django runs with (the env file).
	Env []EnvVar
}

// Families are the kinds of generated settings, as in the oracle corpus:
// literal values, os.environ reads, a split settings package,
// django-environ, python-decouple, and control flow.
var Families = []string{"toggle", "env", "split", "environ", "decouple", "flow"}

// ID names the project: gen-SEED-INDEX.
func (p Project) ID() string { return fmt.Sprintf("gen-%d-%04d", p.Seed, p.Index) }

// Write lays the project out as an oracle case folder: dir/proj/... and
// dir/env (and dir/case.json), and returns the Case, without Expected.
func (p Project) Write(dir string) (Case, error) {
	proj := filepath.Join(dir, "proj")
	for _, d := range p.Dirs {
		if err := os.MkdirAll(filepath.Join(proj, d), 0o755); err != nil {
			return Case{}, err
		}
	}
	for _, name := range p.fileNames() {
		path := filepath.Join(proj, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return Case{}, err
		}
		if err := os.WriteFile(path, []byte(p.Files[name]), 0o644); err != nil {
			return Case{}, err
		}
	}
	envText, err := FormatEnv(p.Env)
	if err != nil {
		return Case{}, fmt.Errorf("%s: %w", p.ID(), err)
	}
	envFile := filepath.Join(dir, "env")
	if err := os.WriteFile(envFile, []byte(envText), 0o644); err != nil {
		return Case{}, err
	}
	cj, _ := json.MarshalIndent(caseJSON{ID: p.ID(), Family: p.Family, SettingsModule: p.SettingsModule, Project: "proj", EnvFile: "env"}, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "case.json"), append(cj, '\n'), 0o644); err != nil {
		return Case{}, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Case{}, err
	}
	return Case{
		ID:             p.ID(),
		Family:         p.Family,
		SettingsModule: p.SettingsModule,
		ProjectDir:     filepath.Join(abs, "proj"),
		EnvFile:        filepath.Join(abs, "env"),
	}, nil
}

func (p Project) fileNames() []string {
	names := make([]string, 0, len(p.Files))
	for n := range p.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Describe renders the environment and the settings sources (every .py file
// under the settings package or module, and any .env in the project), for
// failure reports.
func (p Project) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %s (family %s, DJANGO_SETTINGS_MODULE=%s)\n", p.ID(), p.Family, p.SettingsModule)
	envText, _ := FormatEnv(p.Env)
	if envText == "" {
		envText = "(empty)\n"
	}
	fmt.Fprintf(&b, "--- env file\n%s", envText)
	for _, name := range p.fileNames() {
		switch name {
		case "manage.py", "mysite/__init__.py", "mysite/urls.py", "mysite/wsgi.py":
			continue
		case "mysite/middleware.py", "mysite/views.py":
			fmt.Fprintf(&b, "--- %s (subclasses of Django's middleware / CSRF failure views: csrf_failure(request, reason=\"\"), bad_csrf_failure(request))\n", name)
			continue
		}
		fmt.Fprintf(&b, "--- %s\n%s", name, p.Files[name])
		if !strings.HasSuffix(p.Files[name], "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// Generate makes the index-th project of a seed. The same (seed, index,
// djangoVersion) always gives the same project; djangoVersion is pinned in
// the project's requirements.txt.
func Generate(seed uint64, index int, djangoVersion string) Project {
	g := &gen{
		r:       rand.New(rand.NewPCG(seed, uint64(index)^0x9e3779b97f4a7c15)),
		envIdx:  map[string]int{},
		imports: map[string]bool{},
		files:   map[string]string{},
	}
	g.family = g.wpick(w{"toggle", 18}, w{"env", 20}, w{"split", 22}, w{"environ", 12}, w{"decouple", 12}, w{"flow", 16})
	p := Project{Seed: seed, Index: index, Family: g.family}
	p.SettingsModule = g.build()
	g.files["manage.py"] = managePy
	g.files["mysite/__init__.py"] = ""
	g.files["mysite/urls.py"] = "from django.urls import path\n\nurlpatterns = []\n"
	g.files["mysite/wsgi.py"] = wsgiPy
	if g.needMiddleware {
		g.files["mysite/middleware.py"] = middlewarePy
	}
	if g.needViews {
		g.files["mysite/views.py"] = viewsPy
	}
	req := "Django==" + djangoVersion + "\n"
	switch g.family {
	case "environ":
		req += "django-environ==0.12.0\n"
	case "decouple":
		req += "python-decouple==3.6\n"
	}
	if g.usesDJDB {
		req += "dj-database-url>=2.1\n"
	}
	g.files["requirements.txt"] = req
	if len(g.dotenv) > 0 || g.family == "decouple" {
		// decouple searches the settings' folder and its parents for a .env;
		// one in the project keeps it from wandering above the project.
		text := "# local development defaults\n"
		for _, v := range g.dotenv {
			text += v.Name + "=" + v.Value + "\n"
		}
		g.files[".env"] = text
	}
	g.noiseEnv()
	p.Files, p.Dirs, p.Env = g.files, g.dirs, g.env
	return p
}

const managePy = `#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
`

const wsgiPy = `import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
application = get_wsgi_application()
`

// middlewarePy holds project subclasses of Django's middleware: the security
// checks test MIDDLEWARE for Django's literal paths, the admin checks accept
// subclasses.
const middlewarePy = `from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware


class CustomSecurityMiddleware(SecurityMiddleware):
    pass


class CustomSessionMiddleware(SessionMiddleware):
    pass


class CustomCsrfViewMiddleware(CsrfViewMiddleware):
    pass


class CustomAuthenticationMiddleware(AuthenticationMiddleware):
    pass


class CustomMessageMiddleware(MessageMiddleware):
    pass


class CustomXFrameOptionsMiddleware(XFrameOptionsMiddleware):
    pass
`

const viewsPy = `from django.http import HttpResponseForbidden


def csrf_failure(request, reason=""):
    return HttpResponseForbidden("CSRF verification failed")


def bad_csrf_failure(request):
    return HttpResponseForbidden("CSRF verification failed")
`

// w is a weighted choice.
type w struct {
	s string
	n int
}

// gen holds the state of one project's generation.
type gen struct {
	r      *rand.Rand
	family string
	// style is how env-derived values are read: os, environ or decouple.
	style string
	// envRate is the probability that a setting is read from the environment.
	envRate float64

	// env is the environment (the env file), envIdx its index by name.
	env    []EnvVar
	envIdx map[string]int
	// envRead holds the variable names the settings read.
	envRead map[string]bool
	// dotenv is the project's .env (read by decouple or Env.read_env).
	dotenv []EnvVar
	// imports are the import lines of the module being generated.
	imports map[string]bool
	// scheme holds environ.Env(...) scheme entries.
	scheme []string
	files  map[string]string
	dirs   []string

	// curLibs are the env libraries the module being generated calls.
	curLibs map[string]bool
	// readEnv: django-environ settings call Env.read_env on the project's .env.
	readEnv bool

	needMiddleware, needViews, usesDJDB bool
}

func (g *gen) p(prob float64) bool { return g.r.Float64() < prob }

func (g *gen) intn(n int) int { return g.r.IntN(n) }

func (g *gen) pick(opts ...string) string { return opts[g.r.IntN(len(opts))] }

func (g *gen) wpick(opts ...w) string {
	total := 0
	for _, o := range opts {
		total += o.n
	}
	n := g.r.IntN(total)
	for _, o := range opts {
		if n < o.n {
			return o.s
		}
		n -= o.n
	}
	panic("unreachable")
}

// setEnv puts a variable into the environment (a later set wins).
func (g *gen) setEnv(name, value string) {
	if i, ok := g.envIdx[name]; ok {
		g.env[i].Value = value
		return
	}
	g.envIdx[name] = len(g.env)
	g.env = append(g.env, EnvVar{Name: name, Value: value})
}

// noiseEnv adds variables no setting reads, and rarely one Django's checks
// read themselves.
func (g *gen) noiseEnv() {
	if g.p(0.2) {
		g.setEnv(g.pick("UNRELATED", "PORT", "WEB_CONCURRENCY", "SENTRY_DSN"), g.pick("8000", "x", "", "https://key@sentry.example.com/1"))
	}
	if g.p(0.03) {
		g.setEnv("DJANGO_ALLOW_ASYNC_UNSAFE", g.pick("1", "true", "0"))
	}
}

// pyStr renders a Python string literal.
func pyStr(s string) string {
	if !strings.ContainsAny(s, "\"\\\n") {
		return `"` + s + `"`
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// imp records an import line for the module being written.
func (g *gen) imp(line string) { g.imports[line] = true }

// importBlock renders and clears the recorded imports.
func (g *gen) importBlock() string {
	lines := make([]string, 0, len(g.imports))
	for l := range g.imports {
		lines = append(lines, l)
	}
	sort.Strings(lines)
	g.imports = map[string]bool{}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}
