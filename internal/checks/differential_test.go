package checks

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/deploycheck/deploycheck/internal/settings"
)

// TestDjangoDifferential compares deploycheck with real Django 5.2 on random
// literal settings made by testdata/djangodiff.py. It runs only when
// DEPLOYCHECK_DJANGO_DIFF names how many cases to make (each starts a
// Django process) and the Django oracle is installed under .cache/deps.
func TestDjangoDifferential(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("DEPLOYCHECK_DJANGO_DIFF"))
	if err != nil || n <= 0 {
		t.Skip("set DEPLOYCHECK_DJANGO_DIFF=N to run N differential cases against real Django")
	}
	djangoPath, _ := filepath.Abs("../../.cache/deps/root/usr/lib/python3/dist-packages")
	if _, err := os.Stat(filepath.Join(djangoPath, "django")); err != nil {
		t.Skip("Django oracle not installed (scripts/oracle-deps)")
	}
	seed := os.Getenv("DEPLOYCHECK_DJANGO_DIFF_SEED")
	if seed == "" {
		seed = "1"
	}
	out := t.TempDir()
	cmd := exec.Command("python3", "testdata/djangodiff.py", strconv.Itoa(n), seed, out, djangoPath)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("djangodiff.py: %v\n%s", err, msg)
	}
	raw, err := os.ReadFile(filepath.Join(out, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Dir, Last, Src string
		IDs            []string
		Silenced       int
		Crash          bool
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		s := literalSettings(t, c.Src, settings.Version{Major: 5, Minor: 2, Patch: 18})
		settings.Validate(s)
		if s.Fatal != c.Crash {
			t.Errorf("%s: fatal %v, Django crashed %v (%s)\n%s", c.Dir, s.Fatal, c.Crash, c.Last, c.Src)
			continue
		}
		if c.Crash {
			continue
		}
		ids, silenced := DjangoIDs(Run(DjangoChecks(), s, os.DirFS(c.Dir), c.Dir, nil))
		if len(c.IDs) == 0 {
			c.IDs = nil
		}
		if !reflect.DeepEqual(ids, c.IDs) || silenced != c.Silenced {
			t.Errorf("%s: got %v (%d silenced), Django %v (%d silenced)\n%s", c.Dir, ids, silenced, c.IDs, c.Silenced, c.Src)
		}
	}
}
