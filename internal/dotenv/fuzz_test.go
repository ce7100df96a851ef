package dotenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse and Expand: neither may panic,
// every entry must have a sensible line and key, and every error must name
// a line.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.env"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("A=\"unterminated\nB=1\n"))
	f.Add([]byte("A=${B:-${C:+x}}\nD='\n'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Parse(data)
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range entries {
			if e.Key == "" || e.Line < 1 || e.Line > lines {
				t.Fatalf("bad entry %+v (file has %d lines)", e, lines)
			}
		}
		for _, le := range LineErrors(err) {
			if le.Line < 1 || le.Line > lines {
				t.Fatalf("error on line %d of %d: %v", le.Line, lines, le)
			}
		}
		if err != nil && len(LineErrors(err)) == 0 {
			t.Fatalf("error without a line: %v", err)
		}
		if _, err := Expand(entries, func(k string) (string, bool) { return k, len(k)%2 == 0 }); err != nil && len(LineErrors(err)) == 0 {
			t.Fatalf("Expand error without a line: %v", err)
		}
	})
}
