package checks

import (
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/finding"
)

// The web_server checks run over whole projects in the checklist fixtures
// (internal/audit/testdata/checklist/web_server); these tests cover their
// documentation and the small rules they are made of.

func TestWebServerDocumented(t *testing.T) {
	n := 0
	for _, c := range ChecklistChecks() {
		if !strings.HasPrefix(c.ID, "dc.web_server.") {
			continue
		}
		n++
		if c.Topic != finding.TopicWebServer || c.Django || c.Run == nil || c.Severity == 0 {
			t.Errorf("%s: topic %s, Django %v, severity %v", c.ID, c.Topic, c.Django, c.Severity)
		}
		doc := strings.TrimSpace(c.Doc)
		if doc == "" || !strings.Contains(doc, "Fix:") || !strings.Contains(doc, "nginx") {
			t.Errorf("%s: Doc must say what, why and how to fix (with a Fix: paragraph)", c.ID)
		}
	}
	if n != 14 {
		t.Errorf("found %d web_server checks, want 14", n)
	}
}

func TestDjangoHostMatch(t *testing.T) {
	tests := []struct {
		host    string
		allowed []string
		want    bool
	}{
		{"shop.example.com", []string{"shop.example.com"}, true},
		{"SHOP.example.com.", []string{"shop.example.com"}, true},
		{"www.example.com", []string{"shop.example.com"}, false},
		{"example.com", []string{".example.com"}, true},
		{"a.b.example.com", []string{".example.com"}, true},
		{"badexample.com", []string{".example.com"}, false},
		{"anything", []string{"*"}, true},
		{"shop.example.com", nil, false},
	}
	for _, tt := range tests {
		if got := djangoHostMatch(tt.host, tt.allowed); got != tt.want {
			t.Errorf("djangoHostMatch(%q, %q) = %v", tt.host, tt.allowed, got)
		}
	}
}

func TestNginxNameMatch(t *testing.T) {
	tests := []struct {
		pattern, host string
		want          bool
	}{
		{"shop.example.com", "Shop.Example.com", true},
		{"*.example.com", "a.example.com", true},
		{"*.example.com", "example.com", false},
		{".example.com", "example.com", true},
		{".example.com", "x.example.com", true},
		{"www.example.*", "www.example.org", true},
		{"~^(www\\.)?example\\.com$", "www.example.com", true},
		{"~^(www\\.)?example\\.com$", "evil.com", false},
		{"_", "anything", false},
		// A regex is not lowered: \D (not a digit) must not become \d.
		{"~^\\D+\\.example\\.com$", "shop.example.com", true},
		{"~^\\D+\\.example\\.com$", "42.example.com", false},
		{"~^SHOP\\.example\\.com$", "shop.example.com", true},
	}
	for _, tt := range tests {
		if got := nginxNameMatch(tt.pattern, tt.host); got != tt.want {
			t.Errorf("nginxNameMatch(%q, %q) = %v", tt.pattern, tt.host, got)
		}
	}
	for name, want := range map[string]string{
		"shop.example.com": "shop.example.com", ".example.com": "example.com", "*.example.com": "",
		"www.example.*": "", "~^x$": "", "_": "", "": "", "$hostname": "", "${NGINX_HOST}": "",
	} {
		if got := comparableName(deployfiles.NginxName{Name: name}); got != want {
			t.Errorf("comparableName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestNginxImageVersions(t *testing.T) {
	for ref, want := range map[string]string{
		"nginx":                          "",
		"nginx:alpine":                   "",
		"nginx:1.25-alpine":              "1.25",
		"nginx:1.22.1":                   "1.22.1",
		"docker.io/library/nginx:1.27.3": "1.27.3",
		"registry:5000/nginx:stable":     "",
		"nginx@sha256:abc":               "",
	} {
		if got, known := nginxTagVersion(ref); got != want || !known {
			t.Errorf("nginxTagVersion(%q) = %q, %v; want %q, true", ref, got, known, want)
		}
	}
	// A tag a variable decides is not taken for the current release.
	for _, ref := range []string{"nginx:${NGINX_VERSION}-alpine", "nginx:$TAG"} {
		if got, known := nginxTagVersion(ref); known {
			t.Errorf("nginxTagVersion(%q) = %q, known; want unknown", ref, got)
		}
	}
	for _, tt := range []struct {
		v    string
		want bool
	}{{"1.22.1", true}, {"1.23.3", true}, {"1.23.4", false}, {"1.23", false}, {"1.21", true}, {"1.25", false}, {"2", false}} {
		if got := versionBefore(tt.v, "1.23.4"); got != tt.want {
			t.Errorf("versionBefore(%q, 1.23.4) = %v", tt.v, got)
		}
	}
}

func TestHeaderHelpers(t *testing.T) {
	if metaKey("X-Forwarded-Proto") != "HTTP_X_FORWARDED_PROTO" || clientVar("HTTP_X_FORWARDED_PROTO") != "$http_x_forwarded_proto" {
		t.Error("header name mapping")
	}
	for v, want := range map[string]int64{
		"max-age=31536000":                 31536000,
		`max-age="600"; includeSubDomains`: 600,
		"includeSubDomains; Max-Age = 0":   0,
		"includeSubDomains":                -1,
		"max-age=soon":                     -1,
	} {
		if got := hstsMaxAge(v); got != want {
			t.Errorf("hstsMaxAge(%q) = %d, want %d", v, got, want)
		}
	}
	if !sameHeaderValue("max-age=31536000;includeSubDomains", "max-age=31536000; includesubdomains") ||
		sameHeaderValue("DENY", "SAMEORIGIN") {
		t.Error("sameHeaderValue")
	}
	if !catchesAll("^") || !catchesAll("^(.*)$") || catchesAll("^/old/(.*)$") {
		t.Error("catchesAll")
	}
}
