package pyeval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// writeBoundsProject lays out files (path → content) in a temporary project and
// returns its root.
func writeBoundsProject(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func evalBounded(t *testing.T, root, module string, env map[string]string, lim Limits) *Result {
	t.Helper()
	res, err := EvalModule(context.Background(), module, Options{
		Env: env, Resolver: DirResolver{Roots: []string{root}}, Root: root, Limits: lim,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func globalOf(res *Result, name string) (v.Value, bool) {
	for _, g := range res.Globals {
		if g.Name == name {
			return g.Value, true
		}
	}
	return v.Value{}, false
}

// TestHostileInputsAreBounded runs settings written to exhaust the
// interpreter; each must end in a recorded problem (never a hang, crash or
// huge allocation), and the names assigned before it must survive.
func TestHostileInputsAreBounded(t *testing.T) {
	small := DefaultLimits
	small.Time = 5 * time.Second
	cases := map[string]struct {
		src  string
		kind string
	}{
		"infinite loop":        {"A = 1\nwhile True:\n    pass\n", "bound"},
		"unbounded recursion":  {"A = 1\ndef f(n):\n    return f(n + 1)\nB = f(0)\n", "exception"},
		"huge string":          {"A = 1\nB = 'a' * 10**12\n", "bound"},
		"huge power":           {"A = 1\nB = 10**10**10\n", "bound"},
		"huge shift":           {"A = 1\nB = 1 << 10**9\n", "bound"},
		"huge list":            {"A = 1\nB = [0] * 10**9\n", "bound"},
		"growing list":         {"A = 1\nB = []\nwhile True:\n    B.append(B)\n", "bound"},
		"string doubling":      {"A = 1\nB = 'x'\nfor i in range(100):\n    B = B + B\n", "bound"},
		"huge range":           {"A = 1\nB = list(range(10**12))\n", "bound"},
		"nested comprehension": {"A = 1\nB = [x for x in range(10**4) for y in range(10**4)]\n", "bound"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			root := writeBoundsProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": c.src})
			res := evalBounded(t, root, "mysite.settings", map[string]string{}, small)
			if !res.Fatal || len(res.Problems) == 0 {
				t.Fatalf("want a fatal problem, got fatal=%v problems=%v", res.Fatal, res.Problems)
			}
			if got := res.Problems[0].Kind; got != c.kind {
				t.Errorf("problem kind %q, want %q (%s)", got, c.kind, res.Problems[0].Message)
			}
			if a, ok := globalOf(res, "A"); !ok || v.Repr(a) != "1" {
				t.Errorf("A = %v, want the value assigned before the runaway code", a)
			}
		})
	}
}

func TestLargeModuleAndImportCycles(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 600_000; i++ {
		b.WriteString("X = 1\n")
	}
	root := writeBoundsProject(t, map[string]string{
		"mysite/__init__.py":  "",
		"mysite/big.py":       b.String(),
		"mysite/settings.py":  "from .a import *\nfrom .big import X\nDONE = True\n",
		"mysite/a.py":         "from .b import *\nA = 1\n",
		"mysite/b.py":         "from .a import *\nB = 2\n",
		"mysite/loop/x.py":    "",
		"mysite/loop/back.py": "",
	})
	// A symlink loop in the tree must not matter to evaluation.
	_ = os.Symlink(filepath.Join(root, "mysite"), filepath.Join(root, "mysite", "loop", "self"))
	lim := DefaultLimits
	lim.FileSize = 1 << 20
	res := evalBounded(t, root, "mysite.settings", map[string]string{}, lim)
	if !res.Fatal {
		t.Fatalf("a 600k-line module over the size bound must be a problem, got %+v", res.Problems)
	}
	if res.Problems[0].Kind != "bound" {
		t.Errorf("problem %+v, want a bound", res.Problems[0])
	}
	if a, ok := globalOf(res, "A"); !ok || v.Repr(a) != "1" {
		t.Errorf("import cycle: A = %v", a)
	}
	// With the default bound the module is evaluated.
	res = evalBounded(t, root, "mysite.settings", map[string]string{}, DefaultLimits)
	if res.Fatal {
		t.Fatalf("600k-line module: %+v", res.Problems)
	}
	if d, ok := globalOf(res, "DONE"); !ok || !d.IsTrue() {
		t.Errorf("DONE = %v", d)
	}
}

func TestNeverExecutes(t *testing.T) {
	root := writeBoundsProject(t, map[string]string{
		"mysite/__init__.py": "",
		"mysite/settings.py": `import os, subprocess
A = eval("1+1")
B = exec("import os")
C = open("/etc/passwd").read()
D = subprocess.check_output(["id"])
E = os.system("touch /tmp/deploycheck-must-not-exist")
os.makedirs("/tmp/deploycheck-must-not-exist-dir")
F = __import__("os")
`,
	})
	res := evalBounded(t, root, "mysite.settings", map[string]string{}, DefaultLimits)
	if res.Fatal {
		t.Fatalf("problems: %+v", res.Problems)
	}
	for _, name := range []string{"A", "B", "C", "D", "E", "F"} {
		val, ok := globalOf(res, name)
		if !ok || !val.IsUnknown() {
			t.Errorf("%s = %v, want an Unknown value", name, v.Repr(val))
		}
	}
	for _, p := range []string{"/tmp/deploycheck-must-not-exist", "/tmp/deploycheck-must-not-exist-dir"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was created", p)
		}
	}
}

func TestEnvironmentTracing(t *testing.T) {
	root := writeBoundsProject(t, map[string]string{
		"mysite/__init__.py": "",
		"mysite/settings.py": `import os
DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"
HOSTS = os.getenv("HOSTS", "a,b").split(",")
if os.environ.get("PROD"):
    MODE = "prod"
else:
    MODE = "dev"
KEY = os.environ["SECRET"]
`,
	})
	// No environment: conditional values, the required variable is a
	// non-fatal problem naming it.
	res := evalBounded(t, root, "mysite.settings", nil, DefaultLimits)
	if res.Fatal {
		t.Fatalf("problems: %+v", res.Problems)
	}
	want := map[string]string{"DEBUG": "DJANGO_DEBUG", "HOSTS": "HOSTS", "MODE": "PROD", "KEY": "SECRET"}
	for name, env := range want {
		val, _ := globalOf(res, name)
		if got := strings.Join(val.Env(), ","); got != env {
			t.Errorf("%s depends on %q, want %q", name, got, env)
		}
	}
	if len(res.Problems) != 1 || res.Problems[0].Env[0] != "SECRET" {
		t.Errorf("problems %+v, want one naming SECRET", res.Problems)
	}
	if len(res.EnvReads) != 4 {
		t.Errorf("recorded %d reads, want 4: %+v", len(res.EnvReads), res.EnvReads)
	}
	// With an environment: definite values, and the missing variable is
	// fatal as in Django.
	res = evalBounded(t, root, "mysite.settings", map[string]string{"DJANGO_DEBUG": "True", "PROD": "1"}, DefaultLimits)
	if !res.Fatal || !strings.Contains(res.Problems[0].Message, "SECRET") {
		t.Fatalf("want a fatal KeyError naming SECRET, got %+v", res.Problems)
	}
	if d, _ := globalOf(res, "DEBUG"); !d.IsTrue() {
		t.Errorf("DEBUG = %v", v.Repr(d))
	}
	if m, _ := globalOf(res, "MODE"); v.Repr(m) != "'prod'" {
		t.Errorf("MODE = %v", v.Repr(m))
	}
}
