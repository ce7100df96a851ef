package checks

import (
	"fmt"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// Django's thresholds for a secret key.
const (
	keyMinLength   = 50
	keyMinUnique   = 5
	keyDevPrefix   = "django-insecure-"
	keyHintComment = "Generate a new key of at least 50 random characters " +
		"(django.core.management.utils.get_random_secret_key() makes one), keep it out of " +
		"the repository and load it from the environment or a secrets file."
)

func secretKeyChecks() []*Check {
	return []*Check{
		{
			ID: "security.W009", Topic: finding.TopicSecretKey, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `SECRET_KEY is missing, empty or weak.

Django signs sessions, password-reset links, CSRF tokens and messages with
SECRET_KEY. The check fails when the key is empty (or unset), has fewer than
50 characters, has fewer than 5 distinct characters, or starts with
"django-insecure-", the prefix startproject puts on the development key it
generates. Lengths count Python characters (code points).

Fix: generate a long random key for production and load it from the
environment or a secrets store; never reuse the development key.`,
			Run: runSecretKey,
		},
		{
			ID: "security.W025", Topic: finding.TopicSecretKey, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `An entry of SECRET_KEY_FALLBACKS is weak (Django 4.1+).

Old keys kept in SECRET_KEY_FALLBACKS still verify signatures, so each one
must pass the same test as SECRET_KEY: at least 50 characters, at least 5
distinct characters, no "django-insecure-" prefix. Django reports one warning
per failing entry, naming its index; an empty string fails on length.

Fix: drop fallbacks as soon as sessions and links signed with them have
expired, and never keep a weak or development key there.`,
			Run: runSecretKeyFallbacks,
		},
	}
}

func runSecretKey(p *Pass) {
	v, ok := p.lookup("SECRET_KEY")
	msg := ""
	switch {
	case !ok:
		msg = "SECRET_KEY is not set."
	case v.IsUnknown():
		return
	default:
		t := truthy(v)
		if t == unknown {
			return
		}
		if t == no {
			msg = "SECRET_KEY is empty."
			break
		}
		weak, crash, known := keyVerdict(v)
		if !known || crash || !weak {
			return
		}
		msg = "SECRET_KEY " + keyWeakness(v) + "."
	}
	p.Report(finding.Finding{
		Setting: "SECRET_KEY",
		Message: msg + " Django's signing (sessions, password resets, CSRF) is only as strong as this key.",
		Hint:    keyHintComment,
	})
}

func runSecretKeyFallbacks(p *Pass) {
	if !p.version().AtLeast(4, 1) {
		return
	}
	v, ok := p.lookup("SECRET_KEY_FALLBACKS")
	if !ok {
		p.Report(finding.Finding{
			Setting: "SECRET_KEY_FALLBACKS",
			Message: "SECRET_KEY_FALLBACKS is not defined, so Django cannot vouch for the fallback keys.",
			Hint:    "Define SECRET_KEY_FALLBACKS as a list (empty when no key is being rotated).",
		})
		return
	}
	elems, ok := iterElems(v)
	if !ok {
		return
	}
	for i, e := range elems {
		weak, crash, known := keyVerdict(e)
		if !known || crash || !weak {
			continue
		}
		p.Report(finding.Finding{
			Setting: "SECRET_KEY_FALLBACKS",
			Message: fmt.Sprintf("SECRET_KEY_FALLBACKS[%d] %s; a fallback key still verifies signatures.", i, keyWeakness(e)),
			Hint:    "Remove the entry once what it signed has expired; " + keyHintComment,
		})
	}
}

// iterElems returns what Python's iteration over v yields for the
// containers settings hold: list and tuple elements, dict keys, set
// elements, the characters of a str. ok is false for anything else.
func iterElems(v pyvalue.Value) ([]pyvalue.Value, bool) {
	switch v.Kind() {
	case pyvalue.KindList, pyvalue.KindTuple:
		return v.Elems()
	case pyvalue.KindDict:
		d, _ := v.AsDict()
		return d.Keys(), true
	case pyvalue.KindSet, pyvalue.KindFrozenSet:
		s, _ := v.AsSet()
		return s.Elems(), true
	case pyvalue.KindStr:
		s, _ := v.AsStr()
		var out []pyvalue.Value
		for _, c := range codePoints(s) {
			out = append(out, pyvalue.Str(c))
		}
		return out, true
	case pyvalue.KindBytes:
		b, _ := v.AsBytes()
		out := make([]pyvalue.Value, len(b))
		for i := 0; i < len(b); i++ {
			out[i] = pyvalue.Int(int64(b[i]))
		}
		return out, true
	}
	return nil, false
}

// keyVerdict is settings.SecretKeyTest.
func keyVerdict(v pyvalue.Value) (weak, crash, known bool) { return settings.SecretKeyTest(v) }

// codePoints is settings.CodePoints.
func codePoints(s string) []string { return settings.CodePoints(s) }

func distinct(items []string) int {
	seen := map[string]bool{}
	for _, c := range items {
		seen[c] = true
	}
	return len(seen)
}

// keyWeakness says which part of the test a key fails.
func keyWeakness(v pyvalue.Value) string {
	s, ok := v.AsStr()
	if !ok {
		return "is not a usable key"
	}
	cps := codePoints(s)
	switch {
	case len(cps) == 0:
		return "is empty"
	case strings.HasPrefix(s, keyDevPrefix):
		return "starts with 'django-insecure-', the mark of a key generated for development"
	case len(cps) < keyMinLength:
		return fmt.Sprintf("has only %d characters (at least %d are needed)", len(cps), keyMinLength)
	}
	return fmt.Sprintf("has only %d distinct characters (at least %d are needed)", distinct(cps), keyMinUnique)
}

// secretKeyChecklist returns deploycheck's own checks of this checklist topic.
func secretKeyChecklist() []*Check {
	return nil
}
