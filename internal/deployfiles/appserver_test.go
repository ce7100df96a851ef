package deployfiles

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseUWSGIIni(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "uwsgi", "site.ini"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseUWSGIIni("site.ini", data)
	if err != nil {
		t.Fatalf("unexpected problems: %v", err)
	}
	if o := cfg.Option("socket"); o == nil || !reflect.DeepEqual(o.Values, []string{"/run/shop.sock", "127.0.0.1:3031"}) || o.Line != 7 {
		t.Errorf("socket = %+v, want both values, line 7", o)
	}
	// The [other] section is not uWSGI's; the underscore spelling counts.
	if o := cfg.Option("py-autoreload"); o == nil || !reflect.DeepEqual(o.Values, []string{"2"}) || o.Line != 9 {
		t.Errorf("py-autoreload = %+v, want [2] on line 9", o)
	}

	_, err = ParseUWSGIIni("bad.ini", []byte("[uwsgi\nmodule\n"))
	var msgs []string
	for _, e := range Errors(err) {
		msgs = append(msgs, e.Error())
	}
	want := []string{"bad.ini: no [uwsgi] section: uWSGI would read nothing from this file",
		`bad.ini:1: section header "[uwsgi" has no closing ]`, `bad.ini:2: expected "key = value", found "module"`}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("problems =\n  %s\nwant\n  %s", strings.Join(msgs, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestDockerIgnore(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "dockerignore", ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	di, err := ParseDockerIgnore(".dockerignore", data)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{
		".git": true, ".git/config": true, ".env": true, ".env.production": true, ".env.example": false,
		"app/__pycache__/x.pyc": true, "media/a.png": true, "app/media/a.png": false, "manage.py": false,
	} {
		if got := di.Excludes(path); got != want {
			t.Errorf("Excludes(%q) = %v, want %v", path, got, want)
		}
	}
	var none *DockerIgnore
	if none.Excludes(".env") {
		t.Error("a missing .dockerignore excludes nothing")
	}
}
