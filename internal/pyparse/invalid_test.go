package pyparse

import (
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// invalidInputs are sources CPython rejects. Each must give a SyntaxError
// with a position: never a panic, a hang or a stack overflow.
var invalidInputs = map[string]string{
	"unclosed paren":          "x = (1,\n2,\n",
	"unclosed bracket mid":    "a = [1, 2\nb = 3\n",
	"unmatched close":         "x = 1)\n",
	"mismatched close":        "x = (1]\n",
	"mismatched close lines":  "x = (1,\n2]\n",
	"bad dedent":              "if x:\n        a\n    b\n",
	"unexpected indent":       "a = 1\n    b = 2\n",
	"expected indent":         "if x:\npass\n",
	"tab error":               "if x:\n\ta\n        b\n",
	"stray byte":              "x = 1 $ 2\n",
	"stray backtick":          "x = `1`\n",
	"nul byte":                "x = 1\x00\n",
	"invalid utf8":            "x = '\xff'\n",
	"invalid utf8 in name":    "x\xc3 = 1\n",
	"unterminated string":     "x = 'abc\ny = 1\n",
	"unterminated triple":     "x = '''abc\ny = 1\n",
	"unterminated fstring":    "x = f'abc{1}\n",
	"unterminated fstring 3":  "x = f'''abc{1}\n",
	"fstring missing brace":   "x = f'{1'\n",
	"fstring single brace":    "x = f'a}'\n",
	"fstring bad conversion":  "x = f'{x!z}'\n",
	"fstring empty expr":      "x = f'{}'\n",
	"bad continuation":        "x = 1 \\ 2\n",
	"continuation at eof":     "x = 1 + \\",
	"leading zeros":           "x = 0123\n",
	"bad hex":                 "x = 0xg\n",
	"bad octal digit":         "x = 0o8\n",
	"number then name":        "x = 1abc\n",
	"assign to literal":       "1 = x\n",
	"assign to call":          "f() = 1\n",
	"del call":                "del f()\n",
	"walrus at top":           "x := 1\n",
	"keyword as name":         "class = 1\n",
	"missing colon":           "if x\n    pass\n",
	"else without if":         "else:\n    pass\n",
	"positional after kw":     "f(a=1, b)\n",
	"bare star":               "def f(*): pass\n",
	"default order":           "def f(a=1, b): pass\n",
	"try alone":               "try:\n    pass\nx = 1\n",
	"py2 print":               "print 'hello'\n",
	"py2 exec":                "exec 'x'\n",
	"lambda default order":    "lambda a=1, b: 0\n",
	"unclosed dict at eof":    "d = {\n'a': 1,\n",
	"invalid character":       "x = 1 € 2\n",
	"nonprintable":            "x = 1\x01\n",
	"genexp unparenthesised":  "f(x for x in y, 1)\n",
	"bytes mix":               "x = b'a' 'b'\n",
	"nonascii bytes":          "x = b'é'\n",
	"bad escape x":            "x = '\\x1'\n",
	"bad unicode name":        "x = '\\N{NOT A REAL NAME}'\n",
	"return outside expr":     "x = return\n",
	"semicolon only":          ";\n",
	"deep parens":             strings.Repeat("(", 100000) + "x" + strings.Repeat(")", 100000) + "\n",
	"deep brackets":           "x = " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\n",
	"deep unary":              strings.Repeat("-", 100000) + "x\n",
	"deep not":                strings.Repeat("not ", 100000) + "x\n",
	"deep lambda":             strings.Repeat("lambda: ", 20000) + "x\n",
	"deep power":              "x" + strings.Repeat("**x", 100000) + "\n",
	"deep ifexp":              strings.Repeat("x if y else ", 20000) + "z\n",
	"deep fstrings":           strings.Repeat("f\"{", 200) + strings.Repeat("}\"", 200) + "\n",
	"deep indentation":        deepIndent(120),
	"deep format spec":        "f'{a:{b:{c:{d}}}}'\n",
	"only open brace":         "{",
	"only quote":              "'",
	"only fstring start":      "f'",
	"match without cases":     "match x:\n    pass\n",
	"type alias without name": "type = \n",
}

func deepIndent(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i) + "if x:\n")
	}
	b.WriteString(strings.Repeat(" ", n) + "pass\n")
	return b.String()
}

// TestInvalidInputs checks that every invalid input is rejected with a
// position, and that the line matches CPython's when CPython is present.
func TestInvalidInputs(t *testing.T) {
	lines := cpythonErrorLines(t, invalidInputs)
	for name, src := range invalidInputs {
		mod, err := Parse([]byte(src))
		se := FirstError(err)
		if se == nil {
			t.Errorf("%s: accepted, want a syntax error", name)
			continue
		}
		if mod == nil {
			t.Errorf("%s: no module returned with the error", name)
		}
		if se.Line < 1 || se.Col < 1 {
			t.Errorf("%s: error without a position: %v (col %d)", name, se, se.Col)
		}
		if want, ok := lines[name]; ok && want != se.Line {
			t.Errorf("%s: error at line %d (%s), CPython says line %d", name, se.Line, se.Msg, want)
		}
	}
}

// cpythonErrorLines asks CPython for the line of each input's error. It
// returns nothing when CPython is not available.
func cpythonErrorLines(t *testing.T, inputs map[string]string) map[string]int {
	py := cpython()
	if py == "" {
		return nil
	}
	payload := map[string]string{}
	for k, v := range inputs {
		payload[k] = hex.EncodeToString([]byte(v))
	}
	data, _ := json.Marshal(payload)
	script := `
import ast, json, sys, warnings
warnings.simplefilter("ignore")
inputs = json.load(sys.stdin)
out = {}
for name, src in inputs.items():
    try:
        ast.parse(bytes.fromhex(src))
        out[name] = -1
    except SyntaxError as e:
        out[name] = e.lineno or 0
    except (ValueError, MemoryError, RecursionError):
        out[name] = -2
json.dump(out, sys.stdout)
`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(string(data))
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("asking CPython: %v", err)
	}
	var lines map[string]int
	if err := json.Unmarshal(res, &lines); err != nil {
		t.Fatal(err)
	}
	for name, l := range lines {
		if l == -1 {
			t.Errorf("%s: CPython accepts this input; it does not belong in the invalid corpus", name)
		}
		if l <= 0 {
			delete(lines, name) // no line to compare (ValueError, stack overflow)
		}
	}
	return lines
}
