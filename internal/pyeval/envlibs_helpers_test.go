package pyeval

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// envProject is a temporary Django project holding mysite/settings.py and
// any extra files (paths relative to the project root).
type envProject struct {
	settings string
	files    map[string]string
}

// write lays the project out in a new temporary directory and returns its
// root.
func (p envProject) write(t *testing.T) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"mysite/__init__.py": "",
		"mysite/settings.py": dedent(p.settings),
	}
	for k, val := range p.files {
		files[k] = val
	}
	for rel, content := range files {
		full := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// dedent removes the common leading indentation of a snippet.
func dedent(s string) string {
	lines := strings.Split(strings.TrimLeft(s, "\n"), "\n")
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if common < 0 || n < common {
			common = n
		}
	}
	for i, l := range lines {
		if len(l) >= common && common > 0 {
			lines[i] = l[common:]
		} else {
			lines[i] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Join(lines, "\n")
}

// evalProject evaluates mysite.settings with pyeval.
func evalProject(t *testing.T, root string, env map[string]string) *Result {
	t.Helper()
	res, err := EvalModule(context.Background(), "mysite.settings", Options{
		Env:      env,
		Resolver: DirResolver{Roots: []string{root}},
		Root:     root,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func global(res *Result, name string) (v.Value, bool) {
	for _, g := range res.Globals {
		if g.Name == name {
			return g.Value, true
		}
	}
	return v.Value{}, false
}

// isSettingName is str.isupper(): Django's rule for setting names.
func isSettingName(name string) bool {
	cased := false
	for _, r := range name {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			cased = true
		}
	}
	return cased
}

// normValue turns Path values into their str, inside containers too, so
// both sides compare as the reference script prints them.
func normValue(x v.Value) v.Value {
	if p, ok := asPath(x); ok {
		return v.Str(p.P)
	}
	switch x.Kind() {
	case v.KindList, v.KindTuple:
		elems, _ := x.Elems()
		out := make([]v.Value, len(elems))
		for i, e := range elems {
			out[i] = normValue(e)
		}
		if x.Kind() == v.KindList {
			return v.NewList(out)
		}
		return v.NewTuple(out)
	case v.KindDict:
		d, _ := x.AsDict()
		nd := v.NewDictStore()
		for i, k := range d.Keys() {
			nd.Set(normValue(k), normValue(d.Values()[i]))
		}
		return v.NewDict(nd)
	}
	return x
}

// goSettings is pyeval's view of the settings: repr of every setting, or
// "__error__" with the exception that stops the import.
func goSettings(t *testing.T, root string, env map[string]string) map[string]string {
	res := evalProject(t, root, env)
	out := map[string]string{}
	if res.Fatal {
		out["__error__"] = res.Problems[len(res.Problems)-1].Message
		return out
	}
	for _, g := range res.Globals {
		if isSettingName(g.Name) {
			out[g.Name] = v.Repr(normValue(g.Value))
		}
	}
	return out
}

const oracleScript = `
import sys, os, json, importlib, pathlib, logging, warnings
root, libs = sys.argv[1], sys.argv[2]
sys.path[:0] = [root] + libs.split(os.pathsep)
logging.disable(logging.CRITICAL)
warnings.simplefilter('ignore')
def norm(x):
    if isinstance(x, pathlib.PurePath):
        return str(x)
    if type(x) is list:
        return [norm(e) for e in x]
    if type(x) is tuple:
        return tuple(norm(e) for e in x)
    if type(x) is dict:
        return {norm(k): norm(v) for k, v in x.items()}
    return x
try:
    m = importlib.import_module('mysite.settings')
    out = {k: repr(norm(getattr(m, k))) for k in dir(m) if k.isupper()}
except BaseException as e:
    out = {'__error__': type(e).__name__ + ': ' + str(e)}
print(json.dumps(out))
`

var (
	oracleOnce            sync.Once
	oraclePython, oracleP string
	oracleErr             string
)

// envOracle finds a Python and the real libraries (django-environ,
// python-decouple, dj-database-url with Django): $DEPLOYCHECK_CPYTHON or
// python3, and $DEPLOYCHECK_DJANGO_PYTHONPATH or the repository's
// .cache/deps (scripts/oracle-deps installs them). Without them the test is
// skipped, or fails under CI=true.
func envOracle(t *testing.T) (python, pythonpath string) {
	t.Helper()
	oracleOnce.Do(func() {
		python = os.Getenv("DEPLOYCHECK_CPYTHON")
		if python == "" {
			p, err := exec.LookPath("python3")
			if err != nil {
				oracleErr = "no python3 on PATH"
				return
			}
			// Resolve shims (pyenv) to the real interpreter, which runs
			// without the shell's environment.
			outb, err := exec.Command(p, "-c", "import sys; print(sys.executable)").Output()
			if err != nil {
				oracleErr = "python3 does not run: " + err.Error()
				return
			}
			python = strings.TrimSpace(string(outb))
		}
		pp := os.Getenv("DEPLOYCHECK_DJANGO_PYTHONPATH")
		if pp == "" {
			abs, _ := filepath.Abs(filepath.Join("..", "..", ".cache", "deps", "root", "usr", "lib", "python3", "dist-packages"))
			pp = abs
		}
		for _, mod := range []string{"environ/__init__.py", "decouple.py", "dj_database_url/__init__.py", "django/__init__.py"} {
			found := false
			for _, dir := range filepath.SplitList(pp) {
				if _, err := os.Stat(filepath.Join(dir, mod)); err == nil {
					found = true
				}
			}
			if !found {
				oracleErr = mod + " not found in " + pp + " (run scripts/oracle-deps)"
				return
			}
		}
		oraclePython, oracleP = python, pp
	})
	if oracleErr != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the reference libraries are missing: %s", oracleErr)
		}
		t.Skipf("the reference libraries are missing: %s", oracleErr)
	}
	return oraclePython, oracleP
}

// pythonSettings imports mysite.settings with the real libraries, in an
// environment holding only env and PATH, from the project root.
func pythonSettings(t *testing.T, root string, env map[string]string) map[string]string {
	t.Helper()
	python, pp := envOracle(t)
	cmd := exec.Command(python, "-B", "-I", "-c", oracleScript, root, pp)
	cmd.Dir = root
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, val := range env {
		cmd.Env = append(cmd.Env, k+"="+val)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.String())
	}
	out := map[string]string{}
	if err := json.Unmarshal(outb, &out); err != nil {
		t.Fatalf("python output %q: %v", outb, err)
	}
	return out
}
