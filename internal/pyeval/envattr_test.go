package pyeval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// TestAttributeOfUnsetVariable: os.environ.get("HOSTS").split() fails only
// while HOSTS is unset. Without an environment the failure is a problem
// that depends on HOSTS and evaluation goes on; with one that lacks HOSTS
// the import fails as in Django; with HOSTS set the value is computed.
func TestAttributeOfUnsetVariable(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "mysite"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "import os\nALLOWED_HOSTS = os.environ.get('HOSTS').split(' ')\nDEBUG = False\n"
	for name, data := range map[string]string{"mysite/__init__.py": "", "mysite/settings.py": src} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	res := evalProject(t, root, nil)
	if res.Fatal {
		t.Fatalf("no environment: the import should go on, got problems %+v", res.Problems)
	}
	if len(res.Problems) != 1 || res.Problems[0].Kind != "env" || strings.Join(res.Problems[0].Env, ",") != "HOSTS" || res.Problems[0].Line != 2 ||
		!strings.Contains(res.Problems[0].Message, "AttributeError") {
		t.Errorf("no environment: problems %+v", res.Problems)
	}
	if hosts, _ := global(res, "ALLOWED_HOSTS"); !hosts.IsUnknown() {
		t.Errorf("ALLOWED_HOSTS = %v, want unknown", hosts)
	}
	if _, ok := global(res, "DEBUG"); !ok {
		t.Error("evaluation stopped at the failing line")
	}

	res = evalProject(t, root, map[string]string{"OTHER": "1"})
	if !res.Fatal || len(res.Problems) == 0 || !strings.Contains(res.Problems[0].Message, "has no attribute 'split'") {
		t.Errorf("environment without HOSTS: want a fatal AttributeError, got %+v", res.Problems)
	}

	res = evalProject(t, root, map[string]string{"HOSTS": "a.example b.example"})
	if hosts, _ := global(res, "ALLOWED_HOSTS"); res.Fatal || v.Repr(hosts) != "['a.example', 'b.example']" {
		t.Errorf("HOSTS set: ALLOWED_HOSTS = %v (problems %+v)", hosts, res.Problems)
	}
}
