package dotenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExpandFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "interpolate.env"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	outside := map[string]string{"OUTSIDE": "from the shell", "EMPTY_VAR": "", "PORT": "6543"}
	got, err := Expand(entries, func(k string) (string, bool) { v, ok := outside[k]; return v, ok })
	if err != nil {
		t.Fatalf("Expand: %v", err)
	}
	want := map[string]string{
		"HOST":           "db",
		"PORT":           "5432", // an entry's own value is not replaced
		"URL":            "postgres://db:6543/app",
		"DEFAULTED":      "fallback",
		"EMPTY_DEFAULT":  "colon",
		"DASH_DEFAULT":   "",
		"ALT":            "has-host",
		"NESTED":         "db-suffix",
		"LITERAL":        "${HOST} stays",
		"DOLLARS":        "cost $5",
		"ESCAPED_DOLLAR": "$HOST and \n",
		"FROM_OUTSIDE":   "from the shell",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	for _, e := range got {
		if w, ok := want[e.Key]; !ok || e.Value != w {
			t.Errorf("%s = %q, want %q", e.Key, e.Value, w)
		}
	}
	// Parse's result is left as it was.
	if entries[2].Value != "postgres://${HOST}:$PORT/app" {
		t.Errorf("Expand changed its input: %q", entries[2].Value)
	}
}

func TestInterpolate(t *testing.T) {
	env := map[string]string{"A": "a", "E": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		in, want, err string
	}{
		{in: "plain", want: "plain"},
		{in: "$A-$A", want: "a-a"},
		{in: "${A}b", want: "ab"},
		{in: "$Ab", want: ""},
		{in: "${U}", want: ""},
		{in: "${U:-d}", want: "d"},
		{in: "${E:-d}", want: "d"},
		{in: "${E-d}", want: ""},
		{in: "${U-d}", want: "d"},
		{in: "${A:+x}", want: "x"},
		{in: "${E:+x}", want: ""},
		{in: "${E+x}", want: "x"},
		{in: "${U+x}", want: ""},
		{in: "${A:?must}", want: "a"},
		{in: "${E?must}", want: ""},
		{in: "${U:-${A}}", want: "a"},
		{in: "${U:-{}x", want: "{x"},
		{in: `back\slash $$`, want: `back\slash $`},
		{in: "}", want: "}"},
		{in: "${U:?must be set}", err: "required variable U is missing a value: must be set"},
		{in: "${E:?}", err: "required variable E is missing a value: is not set or empty"},
		{in: "${U?}", err: "required variable U is missing a value: is not set"},
		{in: "$", err: "'$' at end of value"},
		{in: "a$1", err: `'$' followed by "1"`},
		{in: "${A", err: "missing closing brace"},
		{in: "${A:-x", err: "missing closing brace"},
		{in: "${}", err: `${ followed by "}"`},
		{in: "${A:x}", err: `unsupported modifier "x"`},
		{in: strings.Repeat("${U:-", 40) + strings.Repeat("}", 40), err: "nested too deeply"},
	}
	for _, tt := range tests {
		got, err := Interpolate(tt.in, lookup)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Interpolate(%q) error = %v, want one containing %q", tt.in, err, tt.err)
			}
		case err != nil:
			t.Errorf("Interpolate(%q): %v", tt.in, err)
		case got != tt.want:
			t.Errorf("Interpolate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpandReportsBadEntries(t *testing.T) {
	entries, err := Parse([]byte("A=ok\nB=${REQUIRED:?set it}\nC=$A\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Expand(entries, nil)
	les := LineErrors(err)
	if len(les) != 1 || les[0].Line != 2 || !strings.Contains(les[0].Msg, "B: required variable REQUIRED") {
		t.Fatalf("errors = %v", err)
	}
	if got[1].Value != "${REQUIRED:?set it}" || got[2].Value != "ok" {
		t.Errorf("values = %q, %q", got[1].Value, got[2].Value)
	}
}
