package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

// project writes a minimal Django project with the given settings.
func project(t *testing.T, settings string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": settings,
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestExitStatuses(t *testing.T) {
	bad := project(t, "DEBUG = True\n")
	if code, _, _ := run(t, "check", bad); code != ExitFindings {
		t.Errorf("findings at the default fail level: exit %d, want 1", code)
	}
	if code, _, _ := run(t, "check", bad, "--fail-level", "critical"); code != ExitOK {
		t.Errorf("no critical finding: exit %d, want 0", code)
	}
	for _, args := range [][]string{
		{"check", bad, "--format", "xml"},
		{"check", bad, "--fail-level", "loud"},
		{"check", filepath.Join(bad, "nope")},
		{"check", bad, "--env", "NOEQUALS"},
		{"check", bad, "--env-file", filepath.Join(bad, "missing.env")},
		{"bogus-command"},
	} {
		if code, _, stderr := run(t, args...); code != ExitError || stderr == "" {
			t.Errorf("%v: exit %d (stderr %q), want 2 with a message", args, code, stderr)
		}
	}
}

func TestJSONReport(t *testing.T) {
	dir := project(t, "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False')\nSECRET_KEY = os.environ['KEY']\n")
	_, out, _ := run(t, "check", dir, "--format", "json")
	var r struct {
		SchemaVersion int  `json:"schema_version"`
		EnvGiven      bool `json:"env_given"`
		Settings      struct {
			Module string `json:"module"`
		} `json:"settings"`
		Findings []struct {
			ID        string   `json:"id"`
			Certainty string   `json:"certainty"`
			Env       []string `json:"env"`
			Django    bool     `json:"django"`
			Line      int      `json:"line"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.SchemaVersion != 1 || r.EnvGiven || r.Settings.Module != "mysite.settings" {
		t.Errorf("header: %+v", r)
	}
	var w018 bool
	for _, f := range r.Findings {
		if f.ID == "security.W018" {
			w018 = true
			if !f.Django || f.Certainty != "conditional" || strings.Join(f.Env, ",") != "DJANGO_DEBUG" || f.Line != 2 {
				t.Errorf("W018: %+v, want Django, conditional on DJANGO_DEBUG, line 2", f)
			}
		}
	}
	if !w018 {
		t.Errorf("no security.W018 for DEBUG = 'False' (a truthy string): %s", out)
	}
	// With the environment given, the same verdict is definite.
	envFile := filepath.Join(dir, "prod.env")
	if err := os.WriteFile(envFile, []byte("DJANGO_DEBUG='False'\nKEY='"+strings.Repeat("k7#", 20)+"'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ = run(t, "check", dir, "--format", "json", "--env-file", envFile)
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Findings {
		if f.ID == "security.W018" && f.Certainty != "definite" {
			t.Errorf("with an env file W018 is %s, want definite", f.Certainty)
		}
	}
}

func TestExplain(t *testing.T) {
	code, out, _ := run(t, "explain", "security.W009")
	if code != ExitOK || !strings.Contains(out, "SECRET_KEY") {
		t.Errorf("explain security.W009: exit %d, %q", code, out)
	}
	if code, _, _ := run(t, "explain", "no.such.id"); code != ExitError {
		t.Errorf("explain of an unknown id: exit %d, want 2", code)
	}
}
