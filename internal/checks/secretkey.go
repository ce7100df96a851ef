package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/secret"
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

// keyFromEnvHint is the fix shared by the checklist's secret key findings.
const keyFromEnvHint = "Read the key from the environment without a default " +
	"(SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]) or from a secrets file, and " +
	"generate a new one with get_random_secret_key(): a key that was ever committed counts as leaked."

// secretKeyChecklist returns deploycheck's own checks of this checklist topic.
func secretKeyChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.secret_key.literal", Topic: finding.TopicSecretKey, Severity: finding.Error,
			Doc: `SECRET_KEY (or an entry of SECRET_KEY_FALLBACKS) is written in the
settings source.

A key typed into a settings file travels with every clone of the repository,
every backup and every container image built from it. Whoever holds it can
forge session cookies, password-reset links and anything else Django signs,
so a strong key is no better than a weak one once it is committed. Django's
security.W009 only judges the key's strength; this check fires for any
non-empty key that comes from the source itself rather than from the
environment, a file or a secrets store. Fallback keys count too, because
they still verify signatures.

Fix: read the key from the environment (without a default) or from a
secrets file, generate a new key, and treat the committed one as leaked:
rotate it, keeping the old one in SECRET_KEY_FALLBACKS only as long as
needed, and only if it was never public.`,
			Run: runKeyLiteral,
		},
		{
			ID: "dc.secret_key.shared", Topic: finding.TopicSecretKey, Severity: finding.Error,
			Doc: `The production SECRET_KEY is the key another settings module writes
in its source.

Projects often keep a development, test or base module with a convenience
key. When production ends up with the same key (because the environment
holds a copy of it, or the default falls back to it), every developer
laptop, CI log and test fixture holds the production key. deploycheck
evaluates the project's other settings modules under the same environment
and compares their keys with the production one; only redacted forms
(first characters and a short hash) are shown. Two modules that merely
import the same assignment are not reported here (dc.secret_key.literal
covers a key written in the source), nor are modules that read the key from
the environment themselves.

Fix: give production its own key, generated for it and kept only in the
production environment or secrets store.`,
			Run: runKeyShared,
		},
		{
			ID: "dc.secret_key.random", Topic: finding.TopicSecretKey, Severity: finding.Error,
			Doc: `SECRET_KEY is generated when the settings are imported
(get_random_secret_key() or a similar call).

A key made at import time differs in every worker process and after every
restart. A session cookie, CSRF token or password-reset link signed by one
worker fails in the next, users are logged out at each deploy and signed
links expire at random. The value passes Django's strength test, so
security.W009 stays silent. A common form is a fallback for a missing
variable: os.environ.get("SECRET_KEY", get_random_secret_key()).

Fix: generate the key once, store it in the environment or a secrets file,
and read it from there; make a missing key an error at start-up instead of
a silent new key.`,
			Run: runKeyRandom,
		},
		{
			ID: "dc.secret_key.random-fallback", Topic: finding.TopicSecretKey, Severity: finding.Warning,
			Doc: `An entry of SECRET_KEY_FALLBACKS is generated when the settings are
imported.

Fallback keys exist to keep verifying what an old key signed while the key
is rotated. A key made at import time never signed anything, differs in
every process and verifies nothing, so the entry is useless and hides the
real rotation state.

Fix: list only the previous production keys, read from the environment or
a secrets file, and remove them once what they signed has expired.`,
			Run: runKeyRandomFallback,
		},
		{
			ID: "dc.secret_key.env-default", Topic: finding.TopicSecretKey, Severity: finding.Error,
			Doc: `SECRET_KEY comes from an environment variable whose default, written
in the settings, is itself a usable key.

env("SECRET_KEY", default="..."), os.environ.get("SECRET_KEY", "...") and
config("SECRET_KEY", default="...") quietly fall back to the default when
the variable is missing. Django starts, the site works, and it signs
everything with a key that is in the repository for anyone to read. When
no environment is given the finding is conditional on the variable being
unset; with an environment that lacks the variable, it is definite.

Fix: remove the default so a missing variable stops Django at start-up
(env("SECRET_KEY") or os.environ["SECRET_KEY"]); keep any development
key in the development settings only.`,
			Run: runKeyEnvDefault,
		},
	}
}

// keyText returns the text of a key that is fixed by the settings'
// evaluation: a str, not generated at import. ok is false for anything
// else (unknown, random, not a str).
func keyText(v pyvalue.Value) (string, bool) {
	if v.IsRandom() {
		return "", false
	}
	return v.AsStr()
}

// writtenInSource reports whether a key value is fixed by the source
// alone: a non-empty str that depends on no environment variable and is
// not generated at import.
func writtenInSource(v pyvalue.Value) (string, bool) {
	s, ok := keyText(v)
	if !ok || s == "" || len(v.Env()) > 0 {
		return "", false
	}
	return s, true
}

func runKeyLiteral(p *Pass) {
	if st := p.SettingInfo("SECRET_KEY"); st != nil && !st.Default {
		if s, ok := writtenInSource(st.Value); ok {
			p.Report(finding.Finding{
				Setting: "SECRET_KEY",
				Message: fmt.Sprintf("SECRET_KEY is written in %s (%s): everyone who can read that file (the repository "+
					"once it is committed, backups, images built from it) can forge sessions, password-reset links and other signed data.",
					st.File, secret.Redact(s)),
				Hint: keyFromEnvHint,
			})
		}
	}
	st := p.SettingInfo("SECRET_KEY_FALLBACKS")
	if st == nil || st.Default {
		return
	}
	elems, ok := st.Value.Elems()
	if !ok {
		return
	}
	for i, e := range elems {
		s, ok := writtenInSource(e)
		if !ok || len(st.Value.Env()) > 0 {
			continue
		}
		p.Report(finding.Finding{
			Setting: "SECRET_KEY_FALLBACKS",
			Message: fmt.Sprintf("SECRET_KEY_FALLBACKS[%d] is written in %s (%s); a fallback key still verifies "+
				"signatures, so everyone who can read that file can forge them.", i, st.File, secret.Redact(s)),
			Hint: "Read fallback keys from the environment or a secrets file, and drop them once what they signed has expired.",
		})
	}
}

func runKeyShared(p *Pass) {
	st := p.SettingInfo("SECRET_KEY")
	if st == nil || st.Default {
		return
	}
	key, ok := keyText(st.Value)
	if !ok || key == "" {
		return
	}
	var where []string
	for _, o := range p.Others {
		ost := o.Get("SECRET_KEY")
		if ost == nil || ost.Default || ost.File == st.File && ost.Line == st.Line {
			continue
		}
		if other, ok := writtenInSource(ost.Value); ok && other == key {
			loc := fmt.Sprintf("%s:%d (%s)", ost.File, ost.Line, o.Module)
			if !slices.Contains(where, loc) {
				where = append(where, loc)
			}
		}
	}
	if len(where) == 0 {
		return
	}
	origin := "written in " + st.File
	if len(st.Value.Env()) > 0 {
		origin = "read from " + strings.Join(st.Value.Env(), ", ")
	}
	p.Report(finding.Finding{
		Setting: "SECRET_KEY",
		Message: fmt.Sprintf("The production SECRET_KEY (%s, %s) is the key written in %s: whoever has that "+
			"module, on a laptop, in CI or in a test fixture, holds the production key.",
			origin, secret.Redact(key), strings.Join(where, ", ")),
		Hint:     "Generate a separate key for production and keep it only in the production environment or secrets store.",
		Evidence: where,
	})
}

func runKeyRandom(p *Pass) {
	st := p.SettingInfo("SECRET_KEY")
	if st == nil || st.Default || !st.Value.IsRandom() {
		return
	}
	msg := "SECRET_KEY is generated when the settings are imported"
	if env := st.Value.Env(); len(env) > 0 {
		msg += " (the fallback used when " + strings.Join(env, ", ") + " is unset)"
	}
	p.Report(finding.Finding{
		Setting: "SECRET_KEY",
		Message: msg + ": every worker process and every restart gets a different key, so sessions, CSRF tokens " +
			"and password-reset links signed by one process are rejected by the others, and each deploy logs everyone out.",
		Hint: "Generate the key once and store it in the environment or a secrets file; make a missing key stop " +
			"Django at start-up (os.environ[\"DJANGO_SECRET_KEY\"]) instead of inventing one.",
	})
}

func runKeyRandomFallback(p *Pass) {
	st := p.SettingInfo("SECRET_KEY_FALLBACKS")
	if st == nil || st.Default {
		return
	}
	elems, ok := st.Value.Elems()
	if !ok {
		return
	}
	for i, e := range elems {
		if !e.IsRandom() {
			continue
		}
		p.Report(finding.Finding{
			Setting: "SECRET_KEY_FALLBACKS",
			Message: fmt.Sprintf("SECRET_KEY_FALLBACKS[%d] is generated when the settings are imported: it never "+
				"signed anything, differs in every process and verifies nothing.", i),
			Hint: "List only previous production keys, read from the environment or a secrets file.",
		})
	}
}

func runKeyEnvDefault(p *Pass) {
	st := p.SettingInfo("SECRET_KEY")
	if st == nil || st.Default {
		return
	}
	key, ok := keyText(st.Value)
	if !ok || key == "" {
		return
	}
	r, ok := defaultApplied(p.Settings, st, func(r settings.EnvRead) bool { return r.Default == key })
	if !ok {
		return
	}
	p.Report(finding.Finding{
		Setting: "SECRET_KEY",
		Message: fmt.Sprintf("%s is not set, so SECRET_KEY falls back to the default written in the settings (%s)%s: "+
			"Django starts normally and signs everything with a key that anyone with the source can read.",
			r.Name, secret.Redact(key), elsewhere(st, r)),
		Hint: "Drop the default so that a missing variable stops Django at start-up: env(\"" + r.Name +
			"\") or os.environ[\"" + r.Name + "\"]; keep development keys in the development settings.",
	})
}

// defaultApplied returns the read of an environment variable that the
// setting's value derives from, which found the variable unset so that its
// written default applied, and for which match holds. Reads on the
// setting's own line are preferred over other reads of the same variable.
func defaultApplied(s *settings.Settings, st *settings.Setting, match func(settings.EnvRead) bool) (settings.EnvRead, bool) {
	var best settings.EnvRead
	found := false
	for _, name := range st.Value.Env() {
		for _, r := range s.EnvReads {
			if r.Name != name || r.Found || !r.HasDefault || !match(r) {
				continue
			}
			if !found || r.File == st.File && r.Line == st.Line {
				best, found = r, true
			}
		}
	}
	return best, found
}
