package deployfiles

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// readFixture returns the path and content of a file under testdata.
func readFixture(t *testing.T, rel string) (string, []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(rel))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

// errorLines returns "line: message" for each problem in err.
func errorLines(err error) []string {
	var out []string
	for _, e := range Errors(err) {
		out = append(out, strings.TrimPrefix(e.Error(), e.File+":"))
	}
	return out
}

// checkErrors compares the problems of err, as "line: message" strings,
// with want; each want entry must be a prefix of the matching problem.
func checkErrors(t *testing.T, err error, want []string) {
	t.Helper()
	got := errorLines(err)
	if len(got) != len(want) {
		t.Fatalf("errors = %q, want %d matching %q", got, len(want), want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
}

func envPairs(env []EnvVar) []string {
	var out []string
	for _, e := range env {
		s := e.Name + "=" + e.Value + "@" + strconv.Itoa(e.Line)
		if e.From != "" {
			s += "<" + e.From
		}
		out = append(out, s)
	}
	return out
}

func deepEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n  %#v\nwant\n  %#v", what, got, want)
	}
}
