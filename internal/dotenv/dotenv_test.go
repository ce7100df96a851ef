package dotenv

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Entry
	}{
		{"plain", "A=1\n", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 1}}},
		{"no final newline", "A=1", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 1}}},
		{"export", "export A=1\n", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 1}}},
		{"export as a key", "export=1\n", []Entry{{Key: "export", Value: "1", Raw: "1", Line: 1}}},
		{"spaces around =", "  A  =  1  \n", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 1}}},
		{"tab before comment", "A=1\t# c\n", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 1}}},
		{"hash without blank", "A=a#b\n", []Entry{{Key: "A", Value: "a#b", Raw: "a#b", Line: 1}}},
		{"hash first", "A=#b\n", []Entry{{Key: "A", Value: "#b", Raw: "#b", Line: 1}}},
		{"empty", "A=\nB=2\n", []Entry{{Key: "A", Line: 1}, {Key: "B", Value: "2", Raw: "2", Line: 2}}},
		{"empty with comment", "A= # nothing\n", []Entry{{Key: "A", Value: "", Raw: "", Line: 1}}},
		{"comments and blanks", "# c\n\n   \n\t# indented\nA=1\n", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 5}}},
		{"single quotes literal", `A='a\nb $X "q"'` + "\n", []Entry{{Key: "A", Value: `a\nb $X "q"`, Raw: `a\nb $X "q"`, Line: 1, Quoted: '\''}}},
		{"double quote escapes", `A="a\nb\t\"q\" \\ \$X \z"` + "\n", []Entry{{Key: "A", Value: "a\nb\t\"q\" \\ \\$X \\z", Raw: `a\nb\t\"q\" \\ \$X \z`, Line: 1, Quoted: '"'}}},
		{"comment after quotes", `A="x" # c` + "\n", []Entry{{Key: "A", Value: "x", Raw: "x", Line: 1, Quoted: '"'}}},
		{"multi-line double", "A=\"1\n2\"\nB=3\n", []Entry{
			{Key: "A", Value: "1\n2", Raw: "1\n2", Line: 1, Quoted: '"'},
			{Key: "B", Value: "3", Raw: "3", Line: 3},
		}},
		{"multi-line single", "A='1\n\n3'\nB=4\n", []Entry{
			{Key: "A", Value: "1\n\n3", Raw: "1\n\n3", Line: 1, Quoted: '\''},
			{Key: "B", Value: "4", Raw: "4", Line: 4},
		}},
		{"crlf", "A=1\r\nB=\"x\r\ny\"\r\nC=3\r\n", []Entry{
			{Key: "A", Value: "1", Raw: "1", Line: 1},
			{Key: "B", Value: "x\ny", Raw: "x\ny", Line: 2, Quoted: '"'},
			{Key: "C", Value: "3", Raw: "3", Line: 4},
		}},
		{"bom", "\xef\xbb\xbfA=1\n", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 1}}},
		{"no expansion", "A=${B:-x}\n", []Entry{{Key: "A", Value: "${B:-x}", Raw: "${B:-x}", Line: 1}}},
		{"duplicate keys kept", "A=1\nA=2\n", []Entry{{Key: "A", Value: "1", Raw: "1", Line: 1}, {Key: "A", Value: "2", Raw: "2", Line: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "app.env"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	type kv struct {
		key, value string
		line       int
		quoted     byte
	}
	want := []kv{
		{"DJANGO_SETTINGS_MODULE", "config.settings.production", 2, 0},
		{"DJANGO_DEBUG", "False", 3, 0},
		{"DJANGO_ALLOWED_HOSTS", "example.com,www.example.com", 4, 0},
		{"DJANGO_SECRET_KEY", "x#y$z not a comment", 5, '\''},
		{"DATABASE_URL", "postgres://app:p@ss@db:5432/app", 6, '"'},
		{"REDIS_URL", "redis://redis:6379/0", 8, 0},
		{"EMPTY", "", 9, 0},
		{"EMPTY_QUOTED", "", 10, '"'},
		{"HASH_IN_VALUE", "abc#def", 11, 0},
		{"PRIVATE_KEY", "-----BEGIN KEY-----\nline two\n-----END KEY-----", 12, '"'},
		{"ESCAPED", "say \"hi\"\tand\\go", 15, '"'},
		{"AFTER", "done", 16, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Key != w.key || g.Value != w.value || g.Line != w.line || g.Quoted != w.quoted {
			t.Errorf("entry %d = {%s %q line %d quote %q}, want {%s %q line %d quote %q}",
				i, g.Key, g.Value, g.Line, g.Quoted, w.key, w.value, w.line, w.quoted)
		}
	}
}

func TestParseErrorsKeepGoodEntries(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "broken.env"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(data)
	if err == nil {
		t.Fatal("Parse: no error for a broken file")
	}
	var keys []string
	for _, e := range got {
		keys = append(keys, e.Key)
	}
	if want := []string{"GOOD_ONE", "GOOD_TWO", "GOOD_THREE", "GOOD_FOUR"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	var lines []int
	for _, le := range LineErrors(err) {
		lines = append(lines, le.Line)
	}
	if want := []int{2, 3, 4, 6, 8}; !reflect.DeepEqual(lines, want) {
		t.Errorf("error lines = %v, want %v (err: %v)", lines, want, err)
	}
	if !strings.Contains(err.Error(), "line 6: value of UNTERMINATED has no closing \" quote") {
		t.Errorf("error text does not name the unterminated value: %v", err)
	}
}

func TestParseErrorMessages(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"A\n", "line 1: A has no '=' and no value"},
		{"A B=1\n", `line 1: unexpected "B" after variable name A`},
		{"=1\n", `line 1: expected a variable name, found "="`},
		{"A='x\n", "line 1: value of A has no closing ' quote"},
		{"\n\nA=\"x\" y\n", `line 3: unexpected text "y" after the closing quote of A`},
		{"A=\"x\ny\" z\n", "line 1: value of A has no closing \" quote\n" + `line 2: unexpected "\"" after variable name y`},
		{"ключ=1\n", `line 1: expected a variable name, found "к"`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error = %v, want %q", tt.src, err, tt.want)
		}
	}
}

// TestCompatWithGodotenv checks, on a file of constructs both readers
// support, that the values match github.com/joho/godotenv's.
func TestCompatWithGodotenv(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "compat.env"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		t.Fatalf("godotenv: %v", err)
	}
	entries, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	got := Map(entries)
	if !reflect.DeepEqual(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, godotenv says %q", k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s is not in godotenv's result", k)
			}
		}
	}
}

func TestMapLastWins(t *testing.T) {
	entries, err := Parse([]byte("A=1\nB=2\nA=3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Map(entries), map[string]string{"A": "3", "B": "2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Map = %v, want %v", got, want)
	}
}
