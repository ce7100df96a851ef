package oracle

import (
	"reflect"
	"testing"
)

func TestParseEnv(t *testing.T) {
	text := "# comment\n" +
		"DJ_DEBUG='0'\n" +
		"\n" +
		"SECRET_KEY='a#b $HOME \"q\" \\n'\n" +
		"export HOSTS='.example.com www.example.org'\n" +
		"EMPTY=''\n" +
		"BARE=plain value # comment\n" +
		"DQ=\"line\\nnext \\\"x\\\"\"\n" +
		"MULTI='one\ntwo'\n" +
		"DJ_DEBUG='1'\n"
	got, err := ParseEnv(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []EnvVar{
		{"DJ_DEBUG", "1"},
		{"SECRET_KEY", `a#b $HOME "q" \n`},
		{"HOSTS", ".example.com www.example.org"},
		{"EMPTY", ""},
		{"BARE", "plain value"},
		{"DQ", "line\nnext \"x\""},
		{"MULTI", "one\ntwo"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for _, bad := range []string{"NOEQUALS\n", "1X='a'\n", "X='unterminated\n", "X='a' trailing\n"} {
		if _, err := ParseEnv(bad); err == nil {
			t.Errorf("ParseEnv(%q) succeeded", bad)
		}
	}
}

func TestFormatEnvRoundTrip(t *testing.T) {
	vars := []EnvVar{{"A", ""}, {"B", "x y"}, {"C", `$d-=oj+fa)-=3_@6#"\`}, {"D", "éß"}}
	text, err := FormatEnv(vars)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseEnv(text)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, vars) {
		t.Errorf("round trip: got %q, want %q\n%s", back, vars, text)
	}
	if _, err := FormatEnv([]EnvVar{{"A", "it's"}}); err == nil {
		t.Error("FormatEnv wrote a value with a single quote")
	}
	if _, err := FormatEnv([]EnvVar{{"A-B", "x"}}); err == nil {
		t.Error("FormatEnv wrote a bad name")
	}
}
