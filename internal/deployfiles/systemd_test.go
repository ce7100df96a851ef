package deployfiles

import (
	"strings"
	"testing"
)

func TestParseUnit(t *testing.T) {
	path, data := readFixture(t, "systemd/gunicorn.service")
	u, err := ParseUnit(path, data)
	if err != nil {
		t.Fatalf("ParseUnit: %v", err)
	}
	deepEqual(t, "environment", envPairs(u.Environment), []string{
		"DJANGO_SETTINGS_MODULE=shop.settings.production@8",
		"PYTHONUNBUFFERED=1@8",
		"DJANGO_ALLOWED_HOSTS=shop.example.com@9",
		"QUOTED=a b@10",
		"ESCAPED=c d@10",
	})
	deepEqual(t, "environment files", u.EnvironmentFiles, []EnvFileRef{
		{Path: "/etc/shop/env", Raw: "-/etc/shop/env", Required: false, Line: 11},
		{Path: "/etc/shop/secrets", Raw: "/etc/shop/secrets", Required: true, Line: 12},
	})
	deepEqual(t, "exec start", u.ExecStart, []Command{{
		Shell: "/srv/shop/venv/bin/gunicorn --workers 3 --bind unix:/run/gunicorn.sock shop.wsgi:application",
		Line:  15,
	}})
	deepEqual(t, "user", u.User, &Setting{Value: "www-data", Line: 6})
	deepEqual(t, "working directory", u.WorkingDirectory, &Setting{Value: "/srv/shop", Line: 13})
}

func TestParseUnitResets(t *testing.T) {
	path, data := readFixture(t, "systemd/reset.service")
	u, err := ParseUnit(path, data)
	if err != nil {
		t.Fatalf("ParseUnit: %v", err)
	}
	deepEqual(t, "environment", envPairs(u.Environment), []string{"B=2@4"})
	deepEqual(t, "exec start", u.ExecStart, []Command{{Shell: "/usr/bin/gunicorn app.wsgi", Line: 6}})
}

func TestParseUnitErrors(t *testing.T) {
	path, data := readFixture(t, "systemd/broken.service")
	u, err := ParseUnit(path, data)
	checkErrors(t, err, []string{
		"3: Environment= has an unterminated quote",
		"4: unexpected newline encountered while parsing option name",
	})
	deepEqual(t, "environment", envPairs(u.Environment), []string{"GOOD=1@2", "UNTERMINATED=1@3"})
}

func TestParseUnitSmallCases(t *testing.T) {
	tests := []struct {
		name, src string
		env       []string
		exec      []Command
		errs      []string
	}{
		{name: "other sections ignored", src: "[Unit]\nEnvironment=A=1\n[Service]\nEnvironment=B=2\n", env: []string{"B=2@4"}},
		{name: "comment continuation", src: "[Service]\n# a comment \\\nEnvironment=X=1\nEnvironment=Y=2\n", env: []string{"Y=2@4"}},
		{name: "continued value then key", src: "[Service]\nExecStart=/bin/a \\\n  b\nEnvironment=Y=2\n", env: []string{"Y=2@4"}, exec: []Command{{Shell: "/bin/a b", Line: 2}}},
		{name: "prefixes stripped", src: "[Service]\nExecStart=+@!/bin/x y\n", exec: []Command{{Shell: "/bin/x y", Line: 2}}},
		{name: "not NAME=value", src: "[Service]\nEnvironment=JUSTNAME\n", errs: []string{`2: Environment= assignment "JUSTNAME" is not NAME=value`}},
		{name: "crlf", src: "[Service]\r\nEnvironment=A=1\r\nEnvironment=B=2\r\n", env: []string{"A=1@2", "B=2@3"}},
		{name: "long line", src: "[Service]\nEnvironment=A=" + strings.Repeat("x", 3000) + "\n", errs: []string{"2: line too long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUnit("app.service", []byte(tt.src))
			checkErrors(t, err, tt.errs)
			deepEqual(t, "env", envPairs(u.Environment), tt.env)
			deepEqual(t, "exec", u.ExecStart, tt.exec)
		})
	}
}
