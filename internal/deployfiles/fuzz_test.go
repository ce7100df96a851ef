package deployfiles

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addSeeds adds the fixture files matching pattern under testdata.
func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("testdata", filepath.FromSlash(p)))
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil {
				f.Add(data)
			}
		}
	}
}

// checkParseErrors fails when err holds a problem without the file's name,
// with a line outside the data, or from a recovered panic.
func checkParseErrors(t *testing.T, path string, data []byte, err error) {
	t.Helper()
	lines := countLines(data)
	for _, e := range Errors(err) {
		if e.File != path {
			t.Fatalf("problem names file %q, want %q: %v", e.File, path, e)
		}
		if e.Line < 0 || e.Line > lines {
			t.Fatalf("problem on line %d of %d: %v", e.Line, lines, e)
		}
		if strings.Contains(e.Msg, "parser failed") {
			t.Fatalf("a parser panicked: %v", e)
		}
	}
}

// countLines counts lines as YAML does: a lone CR also ends a line.
func countLines(data []byte) int {
	return bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
}

// checkLine fails when an item's line is outside the data.
func checkLine(t *testing.T, what string, line int, data []byte) {
	t.Helper()
	if lines := countLines(data); line < 0 || line > lines {
		t.Fatalf("%s on line %d of %d", what, line, lines)
	}
}

func FuzzParseDockerfile(f *testing.F) {
	addSeeds(f, "dockerfile/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		df, err := ParseDockerfile("Dockerfile", data)
		checkParseErrors(t, "Dockerfile", data, err)
		for _, s := range df.Stages {
			checkLine(t, "stage", s.Line, data)
			for _, e := range s.Env {
				checkLine(t, "ENV", e.Line, data)
			}
		}
		for _, s := range df.Stages {
			df.Runtime(s.Name)
		}
		df.Runtime("")
	})
}

func FuzzParseCompose(f *testing.F) {
	addSeeds(f, "compose/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := ParseCompose("compose.yaml", data)
		checkParseErrors(t, "compose.yaml", data, err)
		for _, s := range cf.Services {
			checkLine(t, "service", s.Line, data)
			for _, e := range s.Environment {
				checkLine(t, "environment", e.Line, data)
			}
			if s.Command != nil {
				s.Command.Args()
			}
		}
	})
}

func FuzzParseKubernetes(f *testing.F) {
	addSeeds(f, "kubernetes/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		km, err := ParseKubernetes("k8s.yaml", data)
		checkParseErrors(t, "k8s.yaml", data, err)
		for _, w := range km.Workloads {
			for _, c := range w.Containers {
				for _, e := range c.Env {
					checkLine(t, "env", e.Line, data)
				}
			}
		}
		LooksLikeKubernetes(data)
	})
}

func FuzzParseUnit(f *testing.F) {
	addSeeds(f, "systemd/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := ParseUnit("app.service", data)
		checkParseErrors(t, "app.service", data, err)
		for _, e := range u.Environment {
			checkLine(t, "Environment", e.Line, data)
		}
		for _, c := range u.ExecStart {
			checkLine(t, "ExecStart", c.Line, data)
			c.Args()
		}
	})
}

func FuzzParseProcfile(f *testing.F) {
	addSeeds(f, "procfile/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := ParseProcfile("Procfile", data)
		checkParseErrors(t, "Procfile", data, err)
		for _, p := range pf.Processes {
			checkLine(t, "process", p.Command.Line, data)
			p.Command.Args()
		}
	})
}

func FuzzParseRequirements(f *testing.F) {
	addSeeds(f, "deps/*/*.txt", "deps/*/*/*.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		rf, err := ParseRequirements("requirements.txt", data)
		checkParseErrors(t, "requirements.txt", data, err)
		for _, r := range rf.Requirements {
			checkLine(t, "requirement", r.Line, data)
			if v := ExactVersion(r.Specifier); v == "" {
				LowestVersion(r.Specifier)
			}
		}
	})
}

func FuzzParseLockFiles(f *testing.F) {
	addSeeds(f, "deps/*/*.lock")
	f.Fuzz(func(t *testing.T, data []byte) {
		for name, parse := range map[string]func(string, []byte) ([]LockedPackage, error){
			"poetry.lock": ParsePoetryLock, "uv.lock": ParseUVLock, "Pipfile.lock": ParsePipfileLock,
		} {
			pkgs, err := parse(name, data)
			checkParseErrors(t, name, data, err)
			for _, p := range pkgs {
				checkLine(t, "package", p.Line, data)
			}
		}
	})
}

func FuzzParsePyproject(f *testing.F) {
	addSeeds(f, "deps/*/pyproject.toml")
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, err := ParsePyproject("pyproject.toml", data)
		checkParseErrors(t, "pyproject.toml", data, err)
		for _, r := range reqs {
			checkLine(t, "requirement", r.Line, data)
		}
	})
}

func FuzzParseSetupCfg(f *testing.F) {
	addSeeds(f, "deps/*/setup.cfg")
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, err := ParseSetupCfg("setup.cfg", data)
		checkParseErrors(t, "setup.cfg", data, err)
		for _, r := range reqs {
			checkLine(t, "requirement", r.Line, data)
		}
	})
}

func FuzzSpecifiers(f *testing.F) {
	for _, s := range []string{">=4.2,<5.0", "~=4.2.7", "==4.2.*", ">4.2,!=4.2.1", "^4.2", "~4.1.3", "4.2.7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		LowestVersion(s)
		ExactVersion(s)
		if spec, err := poetryToPEP440(s); err == nil && spec != "" {
			if err := checkSpecifier(spec); err != nil {
				t.Fatalf("poetryToPEP440(%q) = %q, which is invalid: %v", s, spec, err)
			}
		}
		ParseRequirement("django" + s)
		SplitShell(s)
	})
}

func FuzzParseUWSGIIni(f *testing.F) {
	addSeeds(f, "uwsgi/*")
	f.Add([]byte("[uwsgi\nx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseUWSGIIni("uwsgi.ini", data)
		checkParseErrors(t, "uwsgi.ini", data, err)
		for _, o := range cfg.Options {
			checkLine(t, "option "+o.Name, o.Line, data)
		}
	})
}

func FuzzParseDockerIgnore(f *testing.F) {
	addSeeds(f, "dockerignore/.dockerignore")
	f.Add([]byte("[\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		di, err := ParseDockerIgnore(".dockerignore", data)
		checkParseErrors(t, ".dockerignore", data, err)
		di.Excludes(".env")
		di.Excludes("a/b/.git")
	})
}

func FuzzNginx(f *testing.F) {
	addSeeds(f, "nginx/*/*.conf", "nginx/*/*/*.conf", "nginx/*/sites-available/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		const inc = "server { listen 81; }"
		m := newMemNginx(map[string]string{"nginx.conf": string(data), "conf.d/a.conf": inc})
		cfg, err := ParseNginx("/proj/nginx.conf", m.opts())
		// Problems are in the main file or in the file it may include.
		var mainErrs []error
		for _, e := range Errors(err) {
			if e.File == "/proj/conf.d/a.conf" {
				checkLine(t, "problem in conf.d/a.conf", e.Line, []byte(inc))
				continue
			}
			mainErrs = append(mainErrs, e)
		}
		checkParseErrors(t, "/proj/nginx.conf", data, errors.Join(mainErrs...))
		if cfg.Invalid != (err != nil) {
			t.Fatalf("Invalid = %v with errors %v", cfg.Invalid, err)
		}
		cfg.DefaultServers()
		for _, s := range cfg.Servers {
			if s.File == "/proj/nginx.conf" {
				checkLine(t, "server", s.Line, data)
			}
			for _, l := range s.Listens {
				l.Socket()
			}
			s.TLS()
			s.PlainHTTP()
			for _, uri := range []string{"/", "/media/x.php", "/static/"} {
				s.Match(uri)
			}
			for _, l := range s.AllLocations() {
				l.EffectiveHeaders()
				l.EffectiveProxyHeaders()
				l.EffectiveParams("uwsgi")
				l.Opaque()
				l.Pass()
			}
		}
		LooksLikeNginx(data)
	})
}
