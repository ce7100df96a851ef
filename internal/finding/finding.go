// Package finding defines what deploycheck reports: a finding with its
// id, checklist topic, severity, certainty, location and fix.
package finding

import (
	"fmt"
	"strings"
)

// Severity orders findings from informative to blocking.
type Severity int

// Severities, lowest first. The zero value is no severity, so a finding that
// leaves Severity unset can be told from one that asks for Info.
const (
	Info Severity = iota + 1
	Warning
	Error
	Critical
)

var severityNames = [...]string{"info", "warning", "error", "critical"}

// String is the lower-case name used in output and flags.
func (s Severity) String() string {
	if s < Info || int(s) > len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s-1]
}

// ParseSeverity reads a severity name (case-insensitive).
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i + 1), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning, error or critical)", name)
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Certainty says whether a finding is decided or depends on the
// environment.
type Certainty string

// Certainties.
const (
	// Definite: decided by literal values or by the environment given.
	Definite Certainty = "definite"
	// Conditional: depends on environment variables that were not given;
	// Finding.Env names them.
	Conditional Certainty = "conditional"
)

// Topic is a deployment checklist topic.
type Topic string

// Checklist topics, in the checklist's order, then the extra ones.
const (
	TopicSecretKey             Topic = "secret_key"
	TopicDebug                 Topic = "debug"
	TopicAllowedHosts          Topic = "allowed_hosts"
	TopicCaches                Topic = "caches"
	TopicDatabases             Topic = "databases"
	TopicEmail                 Topic = "email"
	TopicStaticFiles           Topic = "static_files"
	TopicMediaFiles            Topic = "media_files"
	TopicHTTPS                 Topic = "https"
	TopicCSRFCookieSecure      Topic = "csrf_cookie_secure"
	TopicSessionCookieSecure   Topic = "session_cookie_secure"
	TopicConnMaxAge            Topic = "conn_max_age"
	TopicTemplatesCachedLoader Topic = "templates_cached_loader"
	TopicLogging               Topic = "logging"
	TopicAdminsManagers        Topic = "admins_managers"
	TopicErrorTemplates        Topic = "error_templates"
	TopicPythonHashSeed        Topic = "python_hashseed"
	TopicWebServer             Topic = "web_server"
	TopicSecurityHeaders       Topic = "security_headers"
	TopicDjangoVersion         Topic = "django_version"
	TopicSettings              Topic = "settings"
	TopicAdmin                 Topic = "admin"
	TopicProcess               Topic = "process"
	TopicSystem                Topic = "system" // Django's other system checks (templates, urls, staticfiles...)
)

// Topics lists every topic in report order.
var Topics = []Topic{
	TopicSettings, TopicSecretKey, TopicDebug, TopicAllowedHosts, TopicCaches, TopicDatabases,
	TopicEmail, TopicStaticFiles, TopicMediaFiles, TopicHTTPS, TopicCSRFCookieSecure,
	TopicSessionCookieSecure, TopicConnMaxAge, TopicTemplatesCachedLoader, TopicLogging,
	TopicAdminsManagers, TopicErrorTemplates, TopicPythonHashSeed, TopicWebServer, TopicProcess,
	TopicSecurityHeaders, TopicAdmin, TopicDjangoVersion, TopicSystem,
}

// Finding is one problem found.
type Finding struct {
	ID        string    `json:"id"`
	Topic     Topic     `json:"topic"`
	Severity  Severity  `json:"severity"`
	Certainty Certainty `json:"certainty"`
	Setting   string    `json:"setting,omitempty"`
	Message   string    `json:"message"`
	Hint      string    `json:"hint,omitempty"`
	File      string    `json:"file,omitempty"`
	Line      int       `json:"line,omitempty"`
	Column    int       `json:"column,omitempty"`
	// URL is the address a live-site probe finding is about.
	URL string `json:"url,omitempty"`
	// Env names the environment variables that decide the finding.
	Env []string `json:"env,omitempty"`
	// Trigger says, for a conditional finding, which values trigger it.
	Trigger string `json:"trigger,omitempty"`
	// Evidence holds supporting lines (probe requests and responses,
	// the other file that lowers the severity, ...).
	Evidence []string `json:"evidence,omitempty"`
	// Django is set when the id is one of Django's own system checks.
	Django bool `json:"django,omitempty"`
	// Silenced is set when SILENCED_SYSTEM_CHECKS silences a Django id.
	Silenced bool `json:"silenced,omitempty"`
}

// Location renders file:line:column (as much as is known), or the URL of a
// live-site finding.
func (f *Finding) Location() string {
	switch {
	case f.File == "":
		return f.URL
	case f.Line == 0:
		return f.File
	case f.Column == 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
}
