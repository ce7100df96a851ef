package checks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/settings"
)

// corpusDirs are the oracle corpora (shared/ sits beside the repository).
var corpusDirs = []string{
	"../../../shared/corpus/django-oracle",
	"../../../shared/corpus/django-oracle-versions",
}

var assignRE = regexp.MustCompile(`^([A-Z][A-Z0-9_]*) = `)

// literalSettings reads the top-level `NAME = literal` assignments of a
// settings file of the corpus's toggle family (whose values are literals),
// skipping the few that are not (BASE_DIR, DATABASES).
func literalSettings(t *testing.T, src string, v settings.Version) *settings.Settings {
	s := settings.New(v)
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		m := assignRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		text := lines[i][len(m[0]):]
		depth := bracketDepth(text)
		for depth > 0 && i+1 < len(lines) {
			i++
			text += "\n" + lines[i]
			depth = bracketDepth(text)
		}
		val, err := settings.ParseLiteral(text)
		if err != nil {
			continue
		}
		s.Set(&settings.Setting{Name: m[1], Value: val, File: "settings.py", Line: i + 1})
	}
	return s
}

// TestToggleCorpus runs every case of the oracle corpora's toggle family
// (literal settings) and compares the Django ids and silenced count with
// what real Django reported.
func TestToggleCorpus(t *testing.T) {
	ran := 0
	for _, dir := range corpusDirs {
		cases, _ := filepath.Glob(filepath.Join(dir, "*-toggle-*"))
		for _, c := range cases {
			raw, err := os.ReadFile(filepath.Join(c, "expected.json"))
			if err != nil {
				continue
			}
			var want struct {
				IDs      []string `json:"ids"`
				Silenced int      `json:"silenced"`
				Error    string   `json:"error"`
				Version  string   `json:"django_version"`
			}
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(filepath.Join(c, "proj", "mysite", "settings.py"))
			if err != nil {
				continue
			}
			ran++
			t.Run(filepath.Base(c), func(t *testing.T) {
				v, err := settings.ParseVersion(want.Version)
				if err != nil {
					t.Fatal(err)
				}
				s := literalSettings(t, string(src), v)
				settings.Validate(s)
				crashed := want.Error != "" && !strings.HasPrefix(want.Error, "System check identified")
				if s.Fatal != crashed {
					t.Fatalf("fatal = %v (%+v), Django: %q", s.Fatal, s.Problems, want.Error)
				}
				if crashed {
					return
				}
				ids, silenced := DjangoIDs(Run(DjangoChecks(), s, nil, "", nil))
				if len(want.IDs) == 0 {
					want.IDs = nil
				}
				if !reflect.DeepEqual(ids, want.IDs) || silenced != want.Silenced {
					t.Errorf("got %v (%d silenced), Django %s reported %v (%d silenced)", ids, silenced, want.Version, want.IDs, want.Silenced)
				}
			})
		}
	}
	if ran == 0 {
		t.Skip("oracle corpus not found beside the repository")
	}
}

// bracketDepth counts the brackets left open in Python text, ignoring
// those inside string literals and comments.
func bracketDepth(text string) int {
	depth := 0
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '[' || c == '{' || c == '(':
			depth++
		case c == ']' || c == '}' || c == ')':
			depth--
		}
	}
	return depth
}
