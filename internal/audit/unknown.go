package audit

import (
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// keySettings are the settings most checks rest on: when one cannot be
// evaluated, the report says so instead of staying silent.
var keySettings = []string{
	"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "INSTALLED_APPS", "MIDDLEWARE", "DATABASES", "CACHES",
	"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
	"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_TRUSTED_ORIGINS",
	"EMAIL_BACKEND", "STATIC_ROOT", "MEDIA_ROOT", "TEMPLATES", "LOGGING",
}

// unknownFindings reports key settings whose value could not be computed
// (a dynamic import, a file read, an unmodelled library): the checks that
// read them stay silent, so the user must know what was not verified.
func unknownFindings(s *settings.Settings) []finding.Finding {
	var out []finding.Finding
	for _, name := range keySettings {
		if !s.IsOverridden(name) {
			continue
		}
		st := s.Get(name)
		if !st.Value.IsUnknown() {
			continue
		}
		f := finding.Finding{
			ID: "dc.settings.unknown", Topic: finding.TopicSettings, Severity: finding.Warning,
			Certainty: finding.Definite, Setting: name,
			Message: name + " could not be evaluated statically (" + st.Value.UnknownReason() + "), so the checks that depend on it were not decided.",
			Hint:    "Pass the production environment with --env-file, or set " + name + " from a form deploycheck can read (a literal, the environment, django-environ, python-decouple).",
			File:    st.File, Line: st.Line, Column: st.Col + 1,
			Env: st.Value.Env(),
		}
		if !s.Decided(f.Env) {
			f.Certainty = finding.Conditional
		}
		out = append(out, f)
	}
	return out
}
