package oracle

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	for i := 0; i < 50; i++ {
		a, b := Generate(7, i, "5.2.18"), Generate(7, i, "5.2.18")
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("Generate(7, %d) differs between calls:\n%s\n---\n%s", i, a.Describe(), b.Describe())
		}
	}
	// Cases are independent of the order they are made in.
	late := Generate(7, 3, "5.2.18")
	for i := 0; i < 3; i++ {
		Generate(7, i, "5.2.18")
	}
	if !reflect.DeepEqual(late, Generate(7, 3, "5.2.18")) {
		t.Fatal("Generate depends on earlier calls")
	}
	differ := 0
	for i := 0; i < 20; i++ {
		if !reflect.DeepEqual(Generate(7, i, "5.2.18").Files, Generate(8, i, "5.2.18").Files) {
			differ++
		}
	}
	if differ < 18 {
		t.Errorf("seeds 7 and 8 give the same projects in %d of 20 cases", 20-differ)
	}
}

// importRE matches the top-level modules a generated file imports.
var importRE = regexp.MustCompile(`(?m)^\s*(?:from\s+(\.?[\w.]*)\s+import|import\s+([\w.]+))`)

func TestGenerateShape(t *testing.T) {
	allowed := map[string]bool{"os": true, "sys": true, "json": true, "pathlib": true, "environ": true, "decouple": true, "dj_database_url": true, "django": true, "mysite": true}
	families := map[string]int{}
	modules := map[string]int{}
	for i := 0; i < 400; i++ {
		p := Generate(11, i, "5.2.18")
		families[p.Family]++
		modules[p.SettingsModule]++
		if _, err := FormatEnv(p.Env); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
		for _, v := range p.Env {
			switch v.Name {
			case "PATH", "HOME", "LANG", "PYTHONPATH", "DJANGO_SETTINGS_MODULE":
				t.Errorf("case %d sets %s, which the runners set themselves", i, v.Name)
			}
		}
		for _, f := range []string{"manage.py", "mysite/__init__.py", "mysite/urls.py", "requirements.txt"} {
			if _, ok := p.Files[f]; !ok {
				t.Errorf("case %d has no %s", i, f)
			}
		}
		if !strings.Contains(p.Files["requirements.txt"], "Django==5.2.18\n") {
			t.Errorf("case %d: requirements.txt does not pin Django: %q", i, p.Files["requirements.txt"])
		}
		modFile := strings.ReplaceAll(p.SettingsModule, ".", "/") + ".py"
		if _, ok := p.Files[modFile]; !ok {
			if _, ok := p.Files[strings.ReplaceAll(p.SettingsModule, ".", "/")+"/__init__.py"]; !ok {
				t.Errorf("case %d: settings module %s has no file", i, p.SettingsModule)
			}
		}
		for name, text := range p.Files {
			if !strings.HasSuffix(name, ".py") {
				continue
			}
			for _, m := range importRE.FindAllStringSubmatch(text, -1) {
				mod := m[1] + m[2]
				if strings.HasPrefix(mod, ".") {
					continue
				}
				if top, _, _ := strings.Cut(mod, "."); !allowed[top] {
					t.Errorf("case %d: %s imports %s", i, name, mod)
				}
			}
		}
	}
	for _, f := range Families {
		if families[f] < 20 {
			t.Errorf("family %s: only %d of 400 cases", f, families[f])
		}
	}
	for _, m := range []string{"mysite.settings", "mysite.settings.production"} {
		if modules[m] == 0 {
			t.Errorf("no case uses settings module %s", m)
		}
	}
	t.Logf("families %v, modules %v", families, modules)
}

// TestGenerateCompiles compiles every generated Python file with CPython
// (no Django needed): a syntax error would be a generator bug, not a case.
func TestGenerateCompiles(t *testing.T) {
	py := os.Getenv("DEPLOYCHECK_PYTHON")
	if py == "" {
		py = "python3"
	}
	if _, err := exec.LookPath(py); err != nil {
		if inCI() {
			t.Fatalf("CI: %s not found", py)
		}
		t.Skipf("SKIP: %s not found", py)
	}
	dir := t.TempDir()
	var list []string
	for i := 0; i < 300; i++ {
		p := Generate(13, i, "5.2.18")
		c, err := p.Write(filepath.Join(dir, p.ID()))
		if err != nil {
			t.Fatal(err)
		}
		if c.ProjectDir != filepath.Join(dir, p.ID(), "proj") || c.SettingsModule != p.SettingsModule {
			t.Fatalf("Write returned %+v", c)
		}
		if env, err := ReadEnvFile(c.EnvFile); err != nil || !reflect.DeepEqual(env, p.Env) && len(p.Env) > 0 {
			t.Fatalf("case %d: env file reads back as %q (%v), want %q", i, env, err, p.Env)
		}
		for name := range p.Files {
			if strings.HasSuffix(name, ".py") {
				list = append(list, filepath.Join(c.ProjectDir, filepath.FromSlash(name)))
			}
		}
	}
	listFile := filepath.Join(dir, "files.txt")
	if err := os.WriteFile(listFile, []byte(strings.Join(list, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import sys
bad = 0
for path in open(sys.argv[1]).read().split("\n"):
    try:
        compile(open(path, encoding="utf-8").read(), path, "exec")
    except SyntaxError as e:
        bad += 1
        print(f"{path}:{e.lineno}: {e.msg}")
sys.exit(1 if bad else 0)
`
	out, err := exec.Command(py, "-c", script, listFile).CombinedOutput()
	if err != nil {
		t.Fatalf("generated files do not compile: %v\n%s", err, out)
	}
	t.Logf("%d generated Python files compile", len(list))
}
