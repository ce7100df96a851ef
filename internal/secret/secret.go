// Package secret decides which values are secrets and renders them
// redacted: secrets never leave the machine and are never printed in full.
package secret

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// secretWords mark a variable or setting name as holding a secret.
var secretWords = []string{"SECRET", "PASSWORD", "PASSWD", "TOKEN", "PRIVATE", "CREDENTIAL", "API_KEY", "APIKEY", "ACCESS_KEY", "DSN", "DATABASE_URL", "_URL_PASS", "AUTH"}

// IsSecretName reports whether a variable or setting name suggests a secret
// (SECRET_KEY, DJANGO_DB_PASSWORD, SENTRY_DSN, DATABASE_URL, ...).
func IsSecretName(name string) bool {
	u := strings.ToUpper(name)
	if strings.HasSuffix(u, "_KEY") || u == "KEY" {
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(u, w) {
			return true
		}
	}
	return false
}

// Redact shows the first four characters of a secret and a short hash of
// the whole, enough to recognise it without revealing it.
func Redact(value string) string {
	if value == "" {
		return `""`
	}
	sum := sha256.Sum256([]byte(value))
	head := value
	n := 0
	for i := range value {
		if n == 4 {
			head = value[:i]
			break
		}
		n++
	}
	if utf8.RuneCountInString(value) <= 4 {
		head = ""
	}
	return head + "…(sha256:" + hex.EncodeToString(sum[:4]) + ")"
}

// MaskURLPasswords replaces the password of every URL with credentials in s
// (scheme://user:password@host) by its redacted form.
func MaskURLPasswords(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		rest := s[i+3:]
		end := strings.IndexAny(rest, "/?# \t\n'\"")
		if end < 0 {
			end = len(rest)
		}
		authority := rest[:end]
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			userinfo := authority[:at]
			if colon := strings.IndexByte(userinfo, ':'); colon >= 0 && colon < len(userinfo)-1 {
				b.WriteString(userinfo[:colon+1])
				b.WriteString(Redact(userinfo[colon+1:]))
				b.WriteString(authority[at:])
				s = rest[end:]
				continue
			}
		}
		b.WriteString(authority)
		s = rest[end:]
	}
}

// Shown renders a value a variable or setting holds for display: redacted
// when the name marks a secret, with URL passwords masked otherwise.
func Shown(name, value string) string {
	if IsSecretName(name) {
		return Redact(value)
	}
	return MaskURLPasswords(value)
}

// Quoted is Shown for messages that quote plain values: a secret-named
// variable's value redacted, any other value Go-quoted with the passwords
// of its URLs redacted.
func Quoted(name, value string) string {
	if IsSecretName(name) {
		return Redact(value)
	}
	return fmt.Sprintf("%q", MaskURLPasswords(value))
}
