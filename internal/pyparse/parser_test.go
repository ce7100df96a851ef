package pyparse

import (
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/pyast"
)

func TestRecoveryKeepsOtherStatements(t *testing.T) {
	src := strings.Join([]string{
		"DEBUG = False",
		"SECRET_KEY = os.environ['KEY'",
		"ALLOWED_HOSTS = ['example.com']",
		"def broken(:",
		"    pass",
		"if True:",
		"    X = 1",
		"else:",
		"    X = 2",
		"LAST = 3",
	}, "\n") + "\n"
	mod, err := Parse([]byte(src))
	errs, ok := err.(ErrorList)
	if !ok || len(errs) < 2 {
		t.Fatalf("want at least two errors, got %v", err)
	}
	if errs[0].Line != 2 {
		t.Errorf("first error at line %d, want 2 (the unclosed bracket): %v", errs[0].Line, errs[0])
	}
	if errs[1].Line != 4 {
		t.Errorf("second error at line %d, want 4: %v", errs[1].Line, errs[1])
	}
	var names []string
	for _, s := range mod.Body {
		switch n := s.(type) {
		case *pyast.Assign:
			names = append(names, n.Targets[0].(*pyast.Name).ID)
		case *pyast.If:
			names = append(names, "if")
		}
	}
	want := "DEBUG ALLOWED_HOSTS if LAST"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("recovered statements %q, want %q", got, want)
	}
}

func TestErrorKinds(t *testing.T) {
	cases := []struct{ src, kind string }{
		{"if x:\n\ta\n        b\n", "TabError"},
		{"if x:\n        a\n    b\n", "IndentationError"},
		{"x = (\n", "SyntaxError"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src))
		se := FirstError(err)
		if se == nil || se.Kind() != c.kind {
			t.Errorf("%q: got %v, want a %s", c.src, err, c.kind)
		}
	}
}

// TestPositionsAndValues pins one dump (taken from CPython 3.13) so the
// format and positions are checked even where CPython is absent.
func TestPositionsAndValues(t *testing.T) {
	src := "X = f'{a!r:>{w}}' 'b'\nY: int = -0x_ff\n"
	mod, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := pyast.Dump(mod)
	want := "Module(body=[Assign@1:0-1:21(targets=[Name@1:0-1:1(id='X',ctx=Store())],value=JoinedStr@1:4-1:21(values=[" +
		"FormattedValue@1:6-1:16(value=Name@1:7-1:8(id='a',ctx=Load()),conversion=114,format_spec=JoinedStr@1:10-1:15(values=[" +
		"Constant@1:11-1:12(value='>',kind=None),FormattedValue@1:12-1:15(value=Name@1:13-1:14(id='w',ctx=Load()),conversion=-1,format_spec=None)]))," +
		"Constant@1:18-1:21(value='b',kind=None)])),AnnAssign@2:0-2:15(target=Name@2:0-2:1(id='Y',ctx=Store()),annotation=Name@2:3-2:6(id='int',ctx=Load())," +
		"value=UnaryOp@2:9-2:15(op=USub(),operand=Constant@2:10-2:15(value=int:255,kind=None)),simple=1)])"
	if got != want {
		t.Errorf("dump mismatch:\n got: %s\nwant: %s", got, want)
	}
}

// TestRecoveryIsBounded checks that a file full of errors stops being
// re-parsed after maxRecoveries errors, so its cost stays linear.
func TestRecoveryIsBounded(t *testing.T) {
	src := strings.Repeat("x = 1 2\n", 5000)
	_, err := Parse([]byte(src))
	errs, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	if len(errs) != maxRecoveries+1 {
		t.Errorf("got %d errors, want the cap of %d", len(errs), maxRecoveries+1)
	}
	if errs[0].Line != 1 {
		t.Errorf("first error at line %d, want 1", errs[0].Line)
	}
}
