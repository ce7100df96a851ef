package oracle

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseDeploycheckJSON(t *testing.T) {
	out := `{"schema_version": 1, "tool": "deploycheck", "django": {"version": "3.2.25", "source": "requirements.txt"}, "fatal": false,
	"findings": [
		{"id": "security.W004", "django": true, "silenced": false, "severity": "warning"},
		{"id": "security.W025", "django": true, "silenced": false, "severity": "warning"},
		{"id": "security.W025", "django": true, "silenced": false, "severity": "warning"},
		{"id": "admin.E410", "django": true, "silenced": false, "severity": "error"},
		{"id": "security.W018", "django": true, "silenced": true, "severity": "warning"},
		{"id": "security.W009", "django": true, "silenced": true, "severity": "warning"},
		{"id": "conn_max_age", "django": false, "silenced": false, "severity": "info"},
		{"id": "security.W008", "django": false, "silenced": false, "severity": "info"}
	], "summary": {"total": 5}}`
	got, err := ParseDeploycheckJSON([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := Result{IDs: []string{"admin.E410", "security.W004", "security.W025"}, Silenced: 2, DjangoVersion: "3.2.25"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	got, err = ParseDeploycheckJSON([]byte(`{"schema_version": 1, "fatal": true, "findings": [{"id": "settings.import", "django": false}]}` + "\n"))
	if err != nil || !got.Fatal || len(got.IDs) != 0 {
		t.Errorf("fatal report: %+v, %v", got, err)
	}

	for name, bad := range map[string]string{
		"text output":     "SECRET KEY\n  security.W009 ...",
		"no version":      `{"findings": []}`,
		"version 2":       `{"schema_version": 2, "findings": []}`,
		"two objects":     `{"schema_version": 1} {"schema_version": 1}`,
		"django id empty": `{"schema_version": 1, "findings": [{"id": "", "django": true}]}`,
	} {
		if _, err := ParseDeploycheckJSON([]byte(bad)); err == nil {
			t.Errorf("%s: accepted %q", name, bad)
		}
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("ModuleRoot() = %s without go.mod", root)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "oracle")); err != nil {
		t.Errorf("ModuleRoot() = %s is not this module", root)
	}
}

func TestSameSeries(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{{"5.2.18", "5.2", true}, {"5.2.18", "5.2.17", true}, {"4.2.28", "4.2", true}, {"6.1.1", "6.0", false}, {"3.2", "3.2.25", true}} {
		if got := sameSeries(tt.a, tt.b); got != tt.want {
			t.Errorf("sameSeries(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func TestBuildDeploycheckFails(t *testing.T) {
	_, err := BuildDeploycheck(t.Context(), t.TempDir(), t.TempDir())
	if err == nil {
		t.Fatal("building in a folder without a module succeeded")
	}
}
