package secret

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	key := "django-insecure-8x!2kz#q0v@dev-only-key-change-me"
	r := Redact(key)
	if strings.Contains(r, "insecure") || !strings.HasPrefix(r, "djan…(sha256:") {
		t.Errorf("Redact(%q) = %q: want only the first four characters and a hash", key, r)
	}
	if Redact(key) != r {
		t.Error("redaction is not stable")
	}
	if got := Redact("abc"); strings.Contains(got, "abc") {
		t.Errorf("a short secret leaks: %q", got)
	}
}

func TestIsSecretName(t *testing.T) {
	for _, n := range []string{"SECRET_KEY", "DJANGO_SECRET_KEY", "DB_PASSWORD", "SENTRY_DSN", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN"} {
		if !IsSecretName(n) {
			t.Errorf("%s should be secret", n)
		}
	}
	for _, n := range []string{"DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "SECURE_HSTS_SECONDS"} {
		if IsSecretName(n) {
			t.Errorf("%s should not be secret", n)
		}
	}
}

func TestMaskURLPasswords(t *testing.T) {
	got := MaskURLPasswords("postgres://bakery:s3cret-pass@db:5432/app and redis://:hunter2@cache:6379/0 https://example.com/x")
	for _, leak := range []string{"s3cret-pass", "hunter2"} {
		if strings.Contains(got, leak) {
			t.Errorf("password %q still visible in %q", leak, got)
		}
	}
	for _, keep := range []string{"postgres://bakery:", "@db:5432/app", "@cache:6379/0", "https://example.com/x"} {
		if !strings.Contains(got, keep) {
			t.Errorf("%q lost from %q", keep, got)
		}
	}
	if s := Shown("DEBUG", "True"); s != "True" {
		t.Errorf("Shown(DEBUG) = %q", s)
	}
}

func TestQuoted(t *testing.T) {
	if got := Quoted("DEBUG", "off"); got != `"off"` {
		t.Errorf("plain value: %s", got)
	}
	if got := Quoted("MAIN_DB", "postgres://shop:hunter22@db/shop"); strings.Contains(got, "hunter22") || !strings.HasPrefix(got, `"postgres://shop:`) {
		t.Errorf("URL password shown: %s", got)
	}
	if got := Quoted("DJANGO_SECRET_KEY", "k3y-value-0123456789"); strings.Contains(got, "0123456789") || strings.HasPrefix(got, `"`) {
		t.Errorf("secret shown or quoted: %s", got)
	}
}
