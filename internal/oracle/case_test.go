package oracle

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadCorpora(t *testing.T) {
	want := map[string]int{"django-oracle": 210, "django-oracle-versions": 180}
	for _, name := range corpora {
		cases, err := LoadCorpus(filepath.Join(moduleRoot(t), "testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) != want[name] {
			t.Errorf("%s: %d cases, want %d", name, len(cases), want[name])
		}
		fatal := 0
		versions := map[string]int{}
		for _, c := range cases {
			if c.ID != filepath.Base(filepath.Dir(c.ProjectDir)) {
				t.Errorf("%s: id does not match its folder %s", c.ID, c.ProjectDir)
			}
			if !filepath.IsAbs(c.ProjectDir) || !filepath.IsAbs(c.EnvFile) {
				t.Errorf("%s: paths are not absolute: %s %s", c.ID, c.ProjectDir, c.EnvFile)
			}
			if _, err := ReadEnvFile(c.EnvFile); err != nil {
				t.Errorf("%s: %v", c.ID, err)
			}
			if c.Expected.Fatal() {
				fatal++
			}
			versions[c.Expected.DjangoVersion]++
			// The versions corpus pins its Django in requirements.txt.
			if name == "django-oracle-versions" {
				req, err := os.ReadFile(filepath.Join(c.ProjectDir, "requirements.txt"))
				if err != nil || !strings.Contains(string(req), "Django=="+c.Expected.DjangoVersion) {
					t.Errorf("%s: requirements.txt does not pin Django %s: %q %v", c.ID, c.Expected.DjangoVersion, req, err)
				}
			}
		}
		t.Logf("%s: %d cases, %d crashes, versions %v", name, len(cases), fatal, versions)
		if name == "django-oracle" && fatal != 3 {
			t.Errorf("%s: %d crash cases, want 3", name, fatal)
		}
	}
}

func TestExpectedFatal(t *testing.T) {
	tests := []struct {
		e     Expected
		fatal bool
	}{
		{Expected{Exit: 0}, false},
		{Expected{Exit: 1, Error: "System check identified 5 issues (0 silenced)."}, false},
		{Expected{Exit: 1, Error: "NameError: name 'SECURE_HSTS_SECONDS' is not defined"}, true},
		{Expected{Exit: 1, Error: "django.core.exceptions.ImproperlyConfigured: The ALLOWED_HOSTS setting must be a list or a tuple."}, true},
	}
	for _, tt := range tests {
		if got := tt.e.Fatal(); got != tt.fatal {
			t.Errorf("%+v: Fatal() = %v, want %v", tt.e, got, tt.fatal)
		}
	}
}

func writeCase(t *testing.T, caseJSON, expected string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"case.json":           caseJSON,
		"expected.json":       expected,
		"env":                 "DJ_DEBUG='0'\n",
		"proj/manage.py":      managePy,
		"proj/mysite/urls.py": "",
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadCase(t *testing.T) {
	const cj = `{"id": "x-1", "family": "env", "settings_module": "mysite.settings", "project": "proj", "env_file": "env"}`
	dir := writeCase(t, cj, `{"exit": 1, "ids": ["admin.E408", "security.W004"], "silenced": 2, "error": "System check identified 2 issues (2 silenced).", "django_version": "5.2.18"}`)
	c, err := LoadCase(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Case{ID: "x-1", Family: "env", SettingsModule: "mysite.settings", ProjectDir: filepath.Join(dir, "proj"), EnvFile: filepath.Join(dir, "env"),
		Expected: Expected{IDs: []string{"admin.E408", "security.W004"}, Silenced: 2, Exit: 1, Error: "System check identified 2 issues (2 silenced).", DjangoVersion: "5.2.18"}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if r := c.Expected.Result(); r.Fatal || r.Silenced != 2 || len(r.IDs) != 2 {
		t.Errorf("Result() = %+v", r)
	}

	// A crash: silenced is null, ids empty.
	dir = writeCase(t, cj, `{"exit": 1, "ids": [], "silenced": null, "error": "KeyError: 'X'", "django_version": "5.2.18"}`)
	c, err = LoadCase(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Expected.Result(); !r.Fatal || r.Error != "KeyError: 'X'" {
		t.Errorf("crash Result() = %+v", r)
	}

	bad := map[string]string{
		"unsorted ids":            `{"exit": 0, "ids": ["security.W009", "security.W004"], "silenced": 0}`,
		"no exit":                 `{"ids": [], "silenced": 0}`,
		"null silenced, no crash": `{"exit": 0, "ids": [], "silenced": null}`,
		"crash with ids":          `{"exit": 1, "ids": ["security.W004"], "silenced": null, "error": "KeyError: 'X'"}`,
		"exit 1 without error":    `{"exit": 1, "ids": ["admin.E408"], "silenced": 0}`,
		"not json":                `{"exit": 0,`,
	}
	for name, expected := range bad {
		if _, err := LoadCase(writeCase(t, cj, expected)); err == nil {
			t.Errorf("%s: LoadCase accepted %s", name, expected)
		}
	}
	if _, err := LoadCase(writeCase(t, `{"id": "x"}`, `{"exit": 0, "ids": [], "silenced": 0}`)); err == nil {
		t.Error("LoadCase accepted a case.json without settings_module")
	}
}

func TestNormalizeIDs(t *testing.T) {
	got := NormalizeIDs([]string{"security.W025", "admin.E410", "security.W025", "4_0.E001"})
	want := []string{"4_0.E001", "admin.E410", "security.W025"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := NormalizeIDs(nil); got == nil || len(got) != 0 {
		t.Errorf("NormalizeIDs(nil) = %#v, want an empty slice", got)
	}
}

func TestDiff(t *testing.T) {
	django := Result{IDs: []string{"security.W004", "security.W008", "security.W018"}, Silenced: 1}
	if d := Diff(django, Result{IDs: []string{"security.W018", "security.W008", "security.W004", "security.W004"}, Silenced: 1}); d != "" {
		t.Errorf("equal sets (other order, duplicates) differ:\n%s", d)
	}
	d := Diff(django, Result{IDs: []string{"security.W004", "security.W009"}, Silenced: 0})
	for _, want := range []string{"missing (Django reports, deploycheck does not): security.W008 security.W018", "extra (deploycheck reports, Django does not): security.W009", "silenced: Django 1, deploycheck 0"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	crash := Result{Fatal: true, Error: "NameError: name 'X' is not defined"}
	if d := Diff(crash, Result{Fatal: true, IDs: []string{"security.W004"}, Silenced: 3}); d != "" {
		t.Errorf("two fatal results differ:\n%s", d)
	}
	if d := Diff(crash, Result{IDs: []string{"security.W004"}}); !strings.Contains(d, "fatal: Django true, deploycheck false") || !strings.Contains(d, "NameError") {
		t.Errorf("crash vs ids:\n%s", d)
	}
	if d := Diff(django, Result{Fatal: true}); !strings.Contains(d, "fatal: Django false, deploycheck true") {
		t.Errorf("ids vs fatal:\n%s", d)
	}
}
