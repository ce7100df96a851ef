package probe

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/probe/livetest"
	"github.com/deploycheck/deploycheck/internal/testsummary"
)

// The real sites (nginx + gunicorn + Django) are started once for the
// package's tests, on first use, and stopped when the tests end.
var (
	stackOnce sync.Once
	stack     *livetest.Stack
	stackErr  error
	stackDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if stack != nil {
		stack.Stop()
	}
	for _, dir := range []string{stackDir, fakeCADir} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// liveStack returns the running sites, skipping the test when the real
// servers are not installed (failing in CI).
func liveStack(t testing.TB) *livetest.Stack {
	t.Helper()
	srv := livetest.Require(t)
	stackOnce.Do(func() {
		stackDir, stackErr = os.MkdirTemp("", "deploycheck-live-")
		if stackErr != nil {
			return
		}
		start := time.Now()
		stack, stackErr = livetest.Start(context.Background(), stackDir, srv)
		if stackErr == nil {
			testsummary.Record(t, "started %d real sites (nginx + gunicorn + Django) in %.1f s", len(stack.Sites), time.Since(start).Seconds())
		}
	})
	if stackErr != nil {
		t.Fatalf("starting the real sites: %v", stackErr)
	}
	return stack
}

// liveOptions probes URLs of a site, trusting the stack's CA, resolving
// every name of every site to loopback and refusing anything else.
func liveOptions(st *livetest.Stack, urls ...string) Options {
	var res []Resolve
	for _, s := range st.Sites {
		for _, spec := range s.Resolve() {
			r, _ := ParseResolve(spec)
			res = append(res, r)
		}
	}
	return Options{URLs: urls, Resolve: res, RootCAs: st.CA.Pool, Dial: loopbackOnly, Timeout: 5 * time.Second}
}

// probeIDs are the distinct ids of the probe's findings, sorted.
func probeIDs(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		if !slices.Contains(out, f.ID) {
			out = append(out, f.ID)
		}
	}
	sort.Strings(out)
	return out
}

// expected lists, per site configuration, exactly the ids the probe must
// report. Together the rows give every probe a positive case (a site that
// has the problem) and negative ones (sites that do not): the hardened site
// has none at all.
var expected = map[string][]string{
	"hardened": {},
	"debug": {
		"dc.probe.admin.default-path",
		"dc.probe.debug.technical-404", "dc.probe.debug.technical-500",
		"dc.probe.error_templates.stock-403",
		"dc.probe.https.hsts-preload", "dc.probe.https.redirect-path",
		"dc.probe.security_headers.server-version",
	},
	"wildcard": {
		"dc.probe.admin.default-path",
		"dc.probe.allowed_hosts.forged-accepted", "dc.probe.allowed_hosts.forged-redirect",
		"dc.probe.csrf_cookie_secure.not-secure", "dc.probe.csrf_cookie_secure.samesite",
		"dc.probe.error_templates.stock-400", "dc.probe.error_templates.stock-403", "dc.probe.error_templates.stock-404",
		"dc.probe.https.hsts-no-subdomains", "dc.probe.https.hsts-short",
		"dc.probe.https.redirect-indirect", "dc.probe.https.redirect-temporary",
		"dc.probe.security_headers.conflicting", "dc.probe.security_headers.csp-missing",
		"dc.probe.session_cookie_secure.not-httponly", "dc.probe.session_cookie_secure.not-secure",
		"dc.probe.session_cookie_secure.samesite",
	},
	"legacy": {
		"dc.probe.admin.default-path",
		"dc.probe.csrf_cookie_secure.not-secure",
		"dc.probe.error_templates.stock-400", "dc.probe.error_templates.stock-404", "dc.probe.error_templates.stock-500",
		"dc.probe.https.certificate-expires-soon", "dc.probe.https.hsts-missing", "dc.probe.https.legacy-tls",
		"dc.probe.https.no-redirect", "dc.probe.https.no-tls13",
		"dc.probe.security_headers.coop", "dc.probe.security_headers.csp-weak", "dc.probe.security_headers.nosniff",
		"dc.probe.security_headers.referrer-policy", "dc.probe.security_headers.x-frame-options",
		"dc.probe.session_cookie_secure.other-cookies",
		"dc.probe.web_server.directory-listing", "dc.probe.web_server.dotenv", "dc.probe.web_server.git",
	},
	"loop": {"dc.probe.https.hsts-missing", "dc.probe.https.redirect-loop"},
}

// TestLiveSites probes each real site by its http:// and https:// URLs
// and compares the ids reported with the site's configuration.
func TestLiveSites(t *testing.T) {
	st := liveStack(t)
	for _, name := range []string{"hardened", "debug", "wildcard", "legacy", "loop"} {
		t.Run(name, func(t *testing.T) {
			s := st.Sites[name]
			res := run(t, liveOptions(st, s.HTTPURL(), s.HTTPSURL()))
			got := probeIDs(res)
			want := expected[name]
			if !slices.Equal(got, want) {
				t.Errorf("ids reported:\n  got  %v\n  want %v\nfindings:\n%s\nnotes: %v", got, want, dump(res.Findings), res.Notes)
			}
			for _, f := range res.Findings {
				checkEvidence(t, f)
			}
			testsummary.Record(t, "%s: %d requests in %s, %d findings", name, res.Requests, res.Duration.Round(time.Millisecond), len(res.Findings))
		})
	}
}

// checkEvidence: every finding names its URL and proves itself with the
// request and response lines.
func checkEvidence(t *testing.T, f finding.Finding) {
	t.Helper()
	ev := strings.Join(f.Evidence, "\n")
	if f.URL == "" && f.ID != "dc.probe.https.insecure" {
		t.Errorf("%s has no URL", f.ID)
	}
	if f.ID == "dc.probe.https.insecure" {
		return
	}
	if !strings.Contains(ev, "> ") || !strings.Contains(ev, "< ") {
		t.Errorf("%s: evidence lacks the request or the response lines:\n%s", f.ID, ev)
	}
}

// TestLiveDetails checks what particular findings say on the real sites.
func TestLiveDetails(t *testing.T) {
	st := liveStack(t)
	probeSite := func(name string) *Result {
		s := st.Sites[name]
		return run(t, liveOptions(st, s.HTTPURL(), s.HTTPSURL()))
	}
	t.Run("debug leaks", func(t *testing.T) {
		res := probeSite("debug")
		f404 := has(res, "dc.probe.debug.technical-404")
		if f404 == nil || !strings.Contains(f404.Message, "siteapp.urls") || !strings.Contains(f404.Message, "accounts/login/") {
			t.Errorf("the DEBUG 404 finding does not say what leaks: %+v", f404)
		}
		f500 := has(res, "dc.probe.debug.technical-500")
		if f500 == nil || !strings.Contains(f500.Message, "the settings") || !strings.Contains(f500.Message, "traceback") {
			t.Errorf("the DEBUG error page finding does not say what leaks: %+v", f500)
		}
	})
	t.Run("legacy secrets redacted", func(t *testing.T) {
		res := probeSite("legacy")
		out := dump(res.Findings)
		for _, secret := range []string{"dj-live-test-0123456789", "s3cret"} {
			if strings.Contains(out, secret) {
				t.Errorf("the findings show %q from the served .env", secret)
			}
		}
		f := has(res, "dc.probe.https.legacy-tls")
		if f == nil || !strings.Contains(f.Message, "TLS 1.0 and TLS 1.1") {
			t.Errorf("legacy TLS: %+v", f)
		}
	})
	t.Run("cookie values redacted", func(t *testing.T) {
		res := probeSite("wildcard")
		f := has(res, "dc.probe.session_cookie_secure.not-secure")
		if f == nil {
			t.Fatal("no session cookie finding")
		}
		for _, line := range f.Evidence {
			if v, ok := strings.CutPrefix(line, "< Set-Cookie: sessionid="); ok && !strings.Contains(strings.Split(v, ";")[0], "(sha256:") {
				t.Errorf("session cookie value not redacted: %s", line)
			}
		}
	})
	t.Run("untrusted without the CA", func(t *testing.T) {
		s := st.Sites["hardened"]
		opts := liveOptions(st, s.HTTPSURL())
		opts.RootCAs = nil
		res := run(t, opts)
		if got := probeIDs(res); !slices.Equal(got, []string{"dc.probe.https.certificate-untrusted"}) {
			t.Errorf("without the CA: %v", got)
		}
		if res.Verified[finding.TopicAllowedHosts] {
			t.Error("the page probes ran over an unverified connection without --insecure")
		}
		opts.Insecure = true
		res = run(t, opts)
		if got := probeIDs(res); !slices.Equal(got, []string{"dc.probe.https.certificate-untrusted", "dc.probe.https.insecure"}) {
			t.Errorf("with --insecure: %v", got)
		}
		if !res.Verified[finding.TopicAllowedHosts] {
			t.Error("--insecure: the page probes did not run")
		}
	})
	t.Run("expired certificate and invalid HSTS", func(t *testing.T) {
		s := st.Sites["legacy"]
		opts := liveOptions(st, s.URL("https", "old.legacy.test"))
		opts.Insecure = true
		res := run(t, opts)
		for _, id := range []string{"dc.probe.https.certificate-expired", "dc.probe.https.hsts-invalid"} {
			if has(res, id) == nil {
				t.Errorf("old.legacy.test: no %s in %v", id, probeIDs(res))
			}
		}
	})
	t.Run("certificate not yet valid", func(t *testing.T) {
		s := st.Sites["legacy"]
		res := run(t, liveOptions(st, s.URL("https", "future.legacy.test")))
		if has(res, "dc.probe.https.certificate-not-yet-valid") == nil {
			t.Errorf("future.legacy.test: no certificate-not-yet-valid in %v", probeIDs(res))
		}
		// The valid certificate of legacy.test is not reported so.
		res = run(t, liveOptions(st, s.HTTPSURL()))
		if has(res, "dc.probe.https.certificate-not-yet-valid") != nil {
			t.Errorf("legacy.test: certificate-not-yet-valid on a valid certificate")
		}
	})
	t.Run("certificate for another name", func(t *testing.T) {
		s := st.Sites["legacy"]
		res := run(t, liveOptions(st, s.URL("https", "mismatch.legacy.test")))
		if has(res, "dc.probe.https.certificate-name") == nil {
			t.Errorf("mismatch.legacy.test: %v", probeIDs(res))
		}
	})
	t.Run("TLS to the plain HTTP port", func(t *testing.T) {
		s := st.Sites["hardened"]
		res := run(t, liveOptions(st, fmt.Sprintf("https://%s:%d/", s.Host, s.HTTPPort)))
		if has(res, "dc.probe.https.tls-failed") == nil {
			t.Errorf("TLS to nginx's plain port: %v", probeIDs(res))
		}
	})
	t.Run("only GET requests", func(t *testing.T) {
		probeSite("legacy")
		log, err := os.ReadFile(filepath.Join(st.Dir, "legacy", "access.log"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(log)), "\n")
		if len(lines) < 10 {
			t.Fatalf("nginx logged only %d requests", len(lines))
		}
		for _, line := range lines {
			if method, _, _ := strings.Cut(line, " "); method != "GET" && method != "HEAD" {
				t.Errorf("nginx logged a %s request: %s", method, line)
			}
		}
	})
}
