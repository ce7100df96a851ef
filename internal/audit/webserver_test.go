package audit

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/report"
)

// runWebServerFixture audits one web_server checklist fixture.
func runWebServerFixture(t *testing.T, name string) *report.Report {
	t.Helper()
	r, err := Run(context.Background(), Options{Path: filepath.Join("testdata", "checklist", "web_server", name)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// findingsOf returns the findings with the id.
func findingsOf(r *report.Report, id string) []finding.Finding {
	var out []finding.Finding
	for _, f := range r.Findings {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// TestWebServerInformsDjangoFindings checks what the checklist harness
// cannot: the severities the nginx lens gives, including Django's own ids,
// which must still be reported (parity with check --deploy) when nginx
// makes them moot, but as information with the reason.
func TestWebServerInformsDjangoFindings(t *testing.T) {
	tests := []struct {
		fixture, id string
		sev         finding.Severity
		// evidence must appear in the finding's evidence ("" for none).
		evidence string
	}{
		// nginx redirects plain HTTP: W008 stays, lowered, with the reason.
		{"https_redirect_nginx", "security.W008", finding.Info, "nginx redirects HTTP to HTTPS at deploy/nginx/nginx.conf:36"},
		{"plain_http_app", "security.W008", finding.Warning, ""},
		{"plain_http_behind_lb", "security.W008", finding.Warning, ""},
		// HSTS sent by nginx on every app response: W004 lowered.
		{"hsts_nginx_only", "security.W004", finding.Info, "nginx sends Strict-Transport-Security at deploy/nginx/nginx.conf:42"},
		// A permissive ALLOWED_HOSTS behind a catch-all that drops unknown
		// hosts: still reported, as information.
		{"catch_all_present_wildcard", "dc.allowed_hosts.wildcard", finding.Info, "the default server for *:443 at deploy/nginx/nginx.conf:23 does not pass requests on"},
		{"catch_all_missing_wildcard", "dc.allowed_hosts.wildcard", finding.Warning, ""},
		{"bad_config", "dc.allowed_hosts.wildcard", finding.Warning, ""},
		{"catch_all_missing_wildcard", "dc.web_server.no-catch-all", finding.Warning, ""},
		{"catch_all_missing_strict", "dc.web_server.no-catch-all", finding.Info, ""},
		{"unknown_settings", "dc.web_server.no-catch-all", finding.Info, ""},
		{"duplicate_xfo", "dc.web_server.duplicate-header", finding.Warning, ""},
		{"duplicate_hsts_same", "dc.web_server.duplicate-header", finding.Info, ""},
		{"tls_old_protocols", "dc.web_server.tls-protocols", finding.Warning, ""},
		{"tls_default_old_image", "dc.web_server.tls-protocols", finding.Warning, ""},
		{"tls_default_unknown", "dc.web_server.tls-protocols", finding.Info, ""},
		{"autoindex_media", "dc.web_server.autoindex", finding.Warning, ""},
		{"autoindex_static_only", "dc.web_server.autoindex", finding.Info, ""},
		{"media_php", "dc.web_server.media-executes", finding.Error, ""},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.id, func(t *testing.T) {
			r := runWebServerFixture(t, tt.fixture)
			fs := findingsOf(r, tt.id)
			if len(fs) == 0 {
				t.Fatalf("%s is not reported", tt.id)
			}
			for _, f := range fs {
				if f.Severity != tt.sev {
					t.Errorf("%s at %s: severity %v, want %v: %s", tt.id, f.Location(), f.Severity, tt.sev, f.Message)
				}
				if tt.evidence == "" {
					continue
				}
				found := false
				for _, e := range f.Evidence {
					if strings.Contains(e, tt.evidence) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s evidence %q lacks %q", tt.id, f.Evidence, tt.evidence)
				}
			}
		})
	}
}

// TestNginxRedirectSilencesSSLRedirectWarning is the example: a
// project whose nginx redirects to HTTPS gets no warning that
// SECURE_SSL_REDIRECT is off, only Django's id as information that names
// the redirect.
func TestNginxRedirectSilencesSSLRedirectWarning(t *testing.T) {
	r := runWebServerFixture(t, "https_redirect_nginx")
	for _, f := range r.Findings {
		if f.Setting == "SECURE_SSL_REDIRECT" && f.Severity > finding.Info {
			t.Errorf("%s (%v): %s", f.ID, f.Severity, f.Message)
		}
	}
	w008 := findingsOf(r, "security.W008")
	if len(w008) != 1 || !strings.Contains(w008[0].Message, "nginx redirects HTTP to HTTPS at deploy/nginx/nginx.conf:36") {
		t.Errorf("security.W008 = %+v", w008)
	}
	if len(findingsOf(r, "dc.https.no-redirect")) > 0 || len(findingsOf(r, "dc.web_server.no-https-redirect")) > 0 {
		t.Error("a redirect is reported missing although nginx redirects")
	}
}

// TestAutoindexBothURLs checks that one autoindex set for the whole server
// is reported for media (warning) and static files (information).
func TestAutoindexBothURLs(t *testing.T) {
	r := runWebServerFixture(t, "autoindex_inherited")
	got := map[string]finding.Severity{}
	for _, f := range findingsOf(r, "dc.web_server.autoindex") {
		got[f.Setting] = f.Severity
	}
	if got["MEDIA_URL"] != finding.Warning || got["STATIC_URL"] != finding.Info || len(got) != 2 {
		t.Errorf("autoindex findings by setting = %v", got)
	}
}
