package deployfiles

import (
	"errors"
	"fmt"
	"testing"
)

func TestSplitShell(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  gunicorn  config.wsgi ", []string{"gunicorn", "config.wsgi"}},
		{`a 'b c' "d e" f\ g`, []string{"a", "b c", "d e", "f g"}},
		{`"a \"q\" \$x \n"`, []string{`a "q" $x \n`}},
		{`x''y "" ''`, []string{"xy", "", ""}},
		{"a \\\n b", []string{"a", "b"}},
		{`'unterminated quote`, []string{"unterminated quote"}},
		{`"unterminated`, []string{"unterminated"}},
		{"gunicorn x # --reload\nnext '#' a#b", []string{"gunicorn", "x", "next", "#", "a#b"}},
		{`trailing\`, []string{"trailing"}},
		{"sh -c 'gunicorn app && echo'", []string{"sh", "-c", "gunicorn app && echo"}},
	}
	for _, tt := range tests {
		deepEqual(t, fmt.Sprintf("SplitShell(%q)", tt.in), SplitShell(tt.in), tt.want)
	}
}

func TestCommand(t *testing.T) {
	tests := []struct {
		c    Command
		str  string
		args []string
	}{
		{Command{Exec: []string{"gunicorn", "--bind", "0.0.0.0:8000", "a b", "it's"}}, `gunicorn --bind 0.0.0.0:8000 'a b' 'it'\''s'`, []string{"gunicorn", "--bind", "0.0.0.0:8000", "a b", "it's"}},
		{Command{Shell: "gunicorn 'a b'"}, "gunicorn 'a b'", []string{"gunicorn", "a b"}},
		{Command{Exec: []string{}}, "", []string{}},
		{Command{Exec: []string{""}}, "''", []string{""}},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		deepEqual(t, "Args()", tt.c.Args(), tt.args)
		// String and Args agree: the string splits back into the args.
		if tt.c.Exec != nil {
			deepEqual(t, "SplitShell(String())", append([]string{}, SplitShell(tt.c.String())...), tt.args)
		}
	}
}

func TestErrors(t *testing.T) {
	a := &ParseError{File: "a", Line: 1, Msg: "one"}
	b := &ParseError{File: "b", Msg: "two"}
	joined := errors.Join(a, errors.Join(b, errors.New("plain")), fmt.Errorf("wrapped: %w", a))
	got := Errors(joined)
	if len(got) != 4 || got[0] != a || got[1] != b || got[2].Msg != "plain" || got[3] != a {
		t.Errorf("Errors = %v", got)
	}
	if Errors(nil) != nil {
		t.Error("Errors(nil) is not nil")
	}
	if a.Error() != "a:1: one" || b.Error() != "b: two" {
		t.Errorf("messages: %q, %q", a.Error(), b.Error())
	}
}
