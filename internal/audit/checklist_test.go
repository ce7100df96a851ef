package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
)

// The checklist fixtures live in testdata/checklist/TOPIC/CASE/: each case
// is a small project. Expectations are written where the problem is, as a
// comment on the offending line of any project file:
//
//	SECRET_KEY = "k" * 60  # want: dc.secret_key.literal
//	DEBUG = env("DEBUG", default=True)  # want: dc.debug.env-default (conditional)
//
// A finding without a line (a missing file, a project-wide problem) is
// expected with `want` in the case's case.json ("id"), and so is one on a
// line that cannot hold a comment ("id@file:line"). A case with no expectation
// must produce no deploycheck finding at all (Django's own ids are checked
// by the oracle tests, not here). case.json may also give "settings",
// "env_file" and "django_version".
type checklistCase struct {
	Settings      string   `json:"settings"`
	EnvFile       string   `json:"env_file"`
	DjangoVersion string   `json:"django_version"`
	Want          []string `json:"want"`
}

var wantRE = regexp.MustCompile(`want: ([a-z0-9_.\-, ]+?)(?: \((conditional)\))?\s*$`)

// expectation is one expected finding: "id@file:line" (line 0 when the
// finding has no line), with its certainty when stated.
type expectation struct {
	key         string
	conditional bool
}

func readExpectations(t *testing.T, dir string, c checklistCase) map[string]expectation {
	t.Helper()
	want := map[string]expectation{}
	for _, id := range c.Want {
		// "id" is a finding without a line; "id@file:line" one on a line of
		// a file that cannot carry a comment (a Dockerfile instruction).
		k := id
		if !strings.Contains(id, "@") {
			k = id + "@"
		}
		want[k] = expectation{key: k}
	}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || info.Name() == "case.json" {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(dir, path)
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			m := wantRE.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			for _, id := range strings.Split(m[1], ",") {
				id = strings.TrimSpace(id)
				k := fmt.Sprintf("%s@%s:%d", id, rel, n)
				want[k] = expectation{key: k, conditional: m[2] != ""}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// TestChecklistFixtures runs every checklist fixture project through the
// whole pipeline and compares deploycheck's own findings with the
// expectations written in the fixtures.
func TestChecklistFixtures(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join("testdata", "checklist", "*", "*"))
	if len(cases) == 0 {
		t.Skip("no checklist fixtures yet")
	}
	for _, dir := range cases {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		name := strings.TrimPrefix(dir, filepath.Join("testdata", "checklist")+string(filepath.Separator))
		t.Run(name, func(t *testing.T) {
			var c checklistCase
			if data, err := os.ReadFile(filepath.Join(dir, "case.json")); err == nil {
				if err := json.Unmarshal(data, &c); err != nil {
					t.Fatalf("case.json: %v", err)
				}
			}
			opts := Options{Path: dir, Settings: c.Settings, DjangoVersion: c.DjangoVersion}
			if c.EnvFile != "" {
				opts.EnvFiles = []string{filepath.Join(dir, c.EnvFile)}
			}
			r, err := Run(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			want := readExpectations(t, dir, c)
			got := map[string]finding.Finding{}
			for _, f := range r.Findings {
				if f.Django || !strings.HasPrefix(f.ID, "dc.") {
					continue
				}
				k := f.ID + "@"
				if f.Line > 0 {
					k = fmt.Sprintf("%s@%s:%d", f.ID, f.File, f.Line)
				}
				got[k] = f
			}
			var missing, extra []string
			for k, e := range want {
				f, ok := got[k]
				switch {
				case !ok:
					missing = append(missing, k)
				case e.conditional && f.Certainty != finding.Conditional:
					missing = append(missing, k+" (conditional)")
				}
			}
			for k, f := range got {
				if _, ok := want[k]; !ok {
					extra = append(extra, k+": "+f.Message)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			if len(missing) > 0 || len(extra) > 0 {
				t.Errorf("settings %s\nmissing:\n  %s\nunexpected:\n  %s", r.Settings.Module,
					strings.Join(missing, "\n  "), strings.Join(extra, "\n  "))
			}
		})
	}
}
