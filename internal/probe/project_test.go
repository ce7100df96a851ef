package probe

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/audit"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/probe/livetest"
)

// expectFor evaluates the test app's settings module as deploycheck check
// would and reads what the probe compares.
func expectFor(t *testing.T, module string, env ...string) *Expect {
	t.Helper()
	r, s, err := audit.Evaluate(context.Background(), audit.Options{Path: livetest.AppDir(), Settings: "siteapp.settings." + module, Env: env})
	if err != nil || s == nil || s.Fatal {
		t.Fatalf("evaluate %s: %v (fatal %v)", module, err, s != nil && s.Fatal)
	}
	return ExpectFromSettings(s, r.Root)
}

func TestExpectFromSettings(t *testing.T) {
	x := expectFor(t, "hardened", "DJANGO_SECRET_KEY=x")
	if !slices.Equal(x.Hosts, []string{"hardened.test", "www.hardened.test"}) {
		t.Errorf("hosts %v", x.Hosts)
	}
	if x.AdminPath != "/backstage-7f3a/" || !slices.Contains(x.FormPaths, "/backstage-7f3a/login/") || !slices.Contains(x.FormPaths, "/accounts/login/") {
		t.Errorf("admin %q, form pages %v", x.AdminPath, x.FormPaths)
	}
	if !x.HSTS.known || x.HSTS.value != "max-age=63072000; includeSubDomains; preload" {
		t.Errorf("HSTS %+v", x.HSTS)
	}
	for name, want := range map[string]string{
		"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
		"Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin",
	} {
		if p := x.Headers[name]; !p.known || p.value != want {
			t.Errorf("%s: %+v, want %q", name, p, want)
		}
	}
	if x.SessionCookieName != "sessionid" || x.CSRFCookieName != "csrftoken" || x.StaticURL != "/static/" || x.MediaURL != "/media/" {
		t.Errorf("names and paths: %+v", x)
	}
	if !x.SSLRedirect.known || x.SSLRedirect.value != "True" || x.Debug.value != "False" {
		t.Errorf("redirect %+v, debug %+v", x.SSLRedirect, x.Debug)
	}

	legacy := expectFor(t, "legacy", "DJANGO_SECRET_KEY=x")
	if p := legacy.Headers["X-Frame-Options"]; !p.known || p.value != "" {
		t.Errorf("legacy drops XFrameOptionsMiddleware, yet X-Frame-Options is %+v", p)
	}
	if p := legacy.Headers["Referrer-Policy"]; p.value != "unsafe-url" {
		t.Errorf("legacy Referrer-Policy %+v", p)
	}
	if p := legacy.Headers["Cross-Origin-Opener-Policy"]; !p.known || p.value != "" {
		t.Errorf("legacy COOP %+v", p)
	}
	if legacy.HSTS.value != "" || !legacy.HSTS.known {
		t.Errorf("legacy HSTS %+v", legacy.HSTS)
	}
}

// TestExpectUnknownWithoutEnv: a value that depends on an environment
// variable not given is not predicted.
func TestExpectUnknownWithoutEnv(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": "import os\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['a.test']\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n" +
			"SECURE_HSTS_SECONDS = int(os.environ.get('HSTS', '0'))\nROOT_URLCONF = 'mysite.urls'\n",
		"mysite/urls.py": "from django.contrib import admin\nfrom django.urls import path, re_path, include\nurlpatterns = [\n    re_path(r'^secret-admin/', include(admin.site.urls)),\n]\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, s, err := audit.Evaluate(context.Background(), audit.Options{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	x := ExpectFromSettings(s, r.Root)
	if x.HSTS.known {
		t.Errorf("HSTS depends on $HSTS, yet it is predicted: %+v", x.HSTS)
	}
	if x.AdminPath != "/secret-admin/" {
		t.Errorf("admin path from re_path(r'^secret-admin/', include(admin.site.urls)): %q", x.AdminPath)
	}
	if !slices.Equal(x.Hosts, []string{"a.test"}) {
		t.Errorf("hosts %v", x.Hosts)
	}
}

// TestReconcile lowers static findings the live site shows handled, says
// why, and never drops one.
func TestReconcile(t *testing.T) {
	static := func() []finding.Finding {
		return []finding.Finding{
			{ID: "security.W004", Topic: finding.TopicHTTPS, Severity: finding.Warning, Message: "no HSTS."},
			{ID: "security.W008", Topic: finding.TopicHTTPS, Severity: finding.Warning, Message: "no redirect."},
			{ID: "security.W012", Topic: finding.TopicSessionCookieSecure, Severity: finding.Warning, Message: "no Secure.", Silenced: true},
			{ID: "security.W016", Topic: finding.TopicCSRFCookieSecure, Severity: finding.Warning, Message: "no Secure."},
			{ID: "security.W022", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning, Message: "no policy."},
		}
	}
	good := Observed{
		Host: "a.test", HTTPChecked: true, HTTPRedirects: true, HTTPEvidence: []string{"> GET / HTTP/1.1"},
		HSTSChecked: true, HSTS: "max-age=31536000", HSTSEvidence: []string{"< Strict-Transport-Security: max-age=31536000"},
		Headers:       http.Header{"Referrer-Policy": {"no-referrer"}},
		CSRFCookie:    &ObservedCookie{Name: "csrftoken", Secure: true, Evidence: []string{"< Set-Cookie: csrftoken=…"}},
		SessionCookie: &ObservedCookie{Name: "sessionid", Secure: true},
	}
	fs := static()
	Reconcile(fs, &Result{Observed: []Observed{good}})
	if len(fs) != 5 {
		t.Fatalf("Reconcile changed the number of findings: %d", len(fs))
	}
	for _, f := range fs {
		lowered := f.Severity == finding.Info
		if f.ID == "security.W012" {
			if lowered {
				t.Error("a silenced finding was changed")
			}
			continue
		}
		if !lowered || !strings.Contains(f.Message, "Lowered to info:") || len(f.Evidence) == 0 {
			t.Errorf("%s not lowered with a reason and evidence: %+v", f.ID, f)
		}
	}
	bad := Observed{Host: "a.test", HTTPChecked: true, HTTPRedirects: false, HSTSChecked: true, HSTS: "max-age=600",
		Headers: http.Header{"Referrer-Policy": {"unsafe-url"}}, CSRFCookie: &ObservedCookie{Name: "csrftoken"}}
	fs = static()
	Reconcile(fs, &Result{Observed: []Observed{bad}})
	for _, f := range fs {
		if f.Severity == finding.Info {
			t.Errorf("%s lowered although the live site does not handle it: %s", f.ID, f.Message)
		}
	}
}

// TestReconcileHeaderRules: Reconcile judges a header as the live check
// does (a padded " nosniff" is nosniff; X-Frame-Options sent twice with
// different values is not honoured).
func TestReconcileHeaderRules(t *testing.T) {
	fs := []finding.Finding{
		{ID: "security.W006", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning, Message: "no nosniff."},
		{ID: "security.W002", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning, Message: "no XFO."},
	}
	o := Observed{Host: "a.test", HeadersURL: "https://a.test/", Headers: http.Header{
		"X-Content-Type-Options": {" nosniff"}, "X-Frame-Options": {"DENY", "SAMEORIGIN"},
	}}
	Reconcile(fs, &Result{Observed: []Observed{o}})
	if fs[0].Severity != finding.Info {
		t.Errorf("W006 with the live page sending \" nosniff\": %v, want lowered to info", fs[0].Severity)
	}
	if fs[1].Severity != finding.Warning {
		t.Errorf("W002 with conflicting X-Frame-Options: %v, want kept", fs[1].Severity)
	}
}
