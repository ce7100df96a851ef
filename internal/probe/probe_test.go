package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/probe/grade"
	"github.com/deploycheck/deploycheck/internal/probe/livetest"
)

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		in, want string // want "" means an error
	}{
		{"https://example.com", "https://example.com/"},
		{"http://example.com:8080/path?q=1#frag", "http://example.com:8080/path?q=1"},
		{"HTTPS://Example.com/", "https://Example.com/"}, // the scheme is lowered, the host kept
		{"ftp://example.com/", ""},
		{"example.com", ""},
		{"https://", ""},
		{"https://user:pw@example.com/", ""},
		{"https://example.com:99999/", ""},
		{"https://exa mple.com/", ""},
	} {
		u, err := ParseURL(c.in)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("ParseURL(%q) = %s, want an error", c.in, u)
		case c.want != "" && (err != nil || u.String() != c.want):
			t.Errorf("ParseURL(%q) = %v, %v; want %s", c.in, u, err, c.want)
		}
	}
}

func TestParseResolve(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Resolve
		ok   bool
	}{
		{"example.com:443:127.0.0.1", Resolve{"example.com", "443", "127.0.0.1"}, true},
		{"Example.COM:80:[::1]", Resolve{"example.com", "80", "::1"}, true},
		{"example.com:80:::1", Resolve{"example.com", "80", "::1"}, true},
		{"example.com:443", Resolve{}, false},
		{"example.com:0:127.0.0.1", Resolve{}, false},
		{"example.com:https:127.0.0.1", Resolve{}, false},
		{"example.com:443:localhost", Resolve{}, false},
		{":443:127.0.0.1", Resolve{}, false},
	} {
		got, err := ParseResolve(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseResolve(%q) = %+v, %v; want %+v (ok %v)", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestParseHSTS(t *testing.T) {
	for _, c := range []struct {
		in   string
		want hsts
		ok   bool
	}{
		{"max-age=31536000; includeSubDomains; preload", hsts{31536000, true, true}, true},
		{`max-age="600"`, hsts{600, false, false}, true},
		{"MAX-AGE=10;INCLUDESUBDOMAINS", hsts{10, true, false}, true},
		{"max-age=0", hsts{0, false, false}, true},
		{"includeSubDomains", hsts{}, false},
		{"max-age=abc", hsts{}, false},
		{"max-age=-1", hsts{}, false},
		{"max-age=10; max-age=20", hsts{}, false},
	} {
		got, err := parseHSTS(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("parseHSTS(%q) = %+v, %v; want %+v ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestReferrerPolicy(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"same-origin"}, "same-origin"},
		{[]string{"no-referrer, strict-origin-when-cross-origin"}, "strict-origin-when-cross-origin"},
		{[]string{"same-origin, bogus"}, "same-origin"},
		{[]string{"same-origin", "unsafe-url"}, "unsafe-url"},
	} {
		if got := referrerPolicy(c.in); got != c.want {
			t.Errorf("referrerPolicy(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCSPWeakness(t *testing.T) {
	for _, c := range []struct {
		policy         string
		script, object bool // weak?
	}{
		{"default-src 'self'", false, false},
		{"default-src 'self'; object-src 'none'", false, false},
		{"script-src 'self'", false, true},
		{"default-src *", true, true},
		{"default-src 'self'; script-src 'self' 'unsafe-inline'", true, false},
		{"default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'", false, false},
		{"default-src 'self'; script-src 'strict-dynamic' 'nonce-abc' https:", false, false},
		{"default-src 'self'; script-src 'self' 'unsafe-eval'", true, false},
		{"default-src 'self'; script-src https:", true, false},
		{"img-src *", true, true},
		{"default-src 'none'; object-src data:", false, true},
	} {
		p := parseCSP(c.policy)
		if got := p.scriptWeakness() != ""; got != c.script {
			t.Errorf("%q: script weak = %v (%q)", c.policy, got, p.scriptWeakness())
		}
		if got := p.objectWeakness() != ""; got != c.object {
			t.Errorf("%q: object weak = %v (%q)", c.policy, got, p.objectWeakness())
		}
	}
}

func TestChecksDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "probe.md"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range Checks() {
		if seen[c.ID] {
			t.Errorf("%s is listed twice", c.ID)
		}
		seen[c.ID] = true
		if !strings.HasPrefix(c.ID, "dc.probe."+string(c.Topic)+".") {
			t.Errorf("%s: the id does not start with dc.probe.%s.", c.ID, c.Topic)
		}
		if len(strings.TrimSpace(c.Doc)) < 80 || c.Severity == 0 {
			t.Errorf("%s: no documentation or no severity", c.ID)
		}
		if !slices.Contains(finding.Topics, c.Topic) {
			t.Errorf("%s: unknown topic %s", c.ID, c.Topic)
		}
		if !strings.Contains(string(doc), "| `"+c.ID+"` | "+c.Severity.String()+" |") {
			t.Errorf("docs/probe.md does not list %s with severity %s", c.ID, c.Severity)
		}
	}
}

// TestCleanSite probes a well configured Go stand-in: no finding, every
// topic checked, GET requests only, never more in flight than asked.
func TestCleanSite(t *testing.T) {
	st := startFake(t, "clean.test")
	opts := st.options(t, st.urls("clean.test")...)
	opts.Concurrency = 3
	res := run(t, opts)
	if len(res.Findings) != 0 {
		t.Errorf("findings on a clean site: %v\n%s", ids(res.Findings), dump(res.Findings))
	}
	for _, topic := range []finding.Topic{finding.TopicHTTPS, finding.TopicCSRFCookieSecure, finding.TopicSessionCookieSecure,
		finding.TopicAllowedHosts, finding.TopicDebug, finding.TopicErrorTemplates, finding.TopicSecurityHeaders,
		finding.TopicWebServer, finding.TopicAdmin} {
		if !res.Verified[topic] {
			t.Errorf("topic %s not verified; notes: %v", topic, res.Notes)
		}
	}
	st.site.methods.Range(func(k, _ any) bool {
		if k != http.MethodGet && k != http.MethodHead {
			t.Errorf("the probe sent a %s request", k)
		}
		return true
	})
	if p := st.site.peak.Load(); p > 3 {
		t.Errorf("%d requests in flight at once, --concurrency was 3", p)
	}
	if res.Requests > DefaultMaxRequests || int(st.site.requests.Load()) > res.Requests {
		t.Errorf("requests: %d counted, %d served", res.Requests, st.site.requests.Load())
	}
}

func dump(fs []finding.Finding) string {
	b, _ := json.MarshalIndent(fs, "", "  ")
	return string(b)
}

// TestBudget stops at --max-requests and says so.
func TestBudget(t *testing.T) {
	st := startFake(t, "budget.test")
	opts := st.options(t, st.urls("budget.test")...)
	opts.MaxRequests = 6
	res := run(t, opts)
	if res.Requests > 6 || st.site.requests.Load() > 6 {
		t.Errorf("%d requests counted, %d served; the budget was 6", res.Requests, st.site.requests.Load())
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "--max-requests 6") }) {
		t.Errorf("no note about the budget: %v", res.Notes)
	}
}

// TestRedirectStaysOnSite: a redirect to another host is recorded, not
// followed (no connection is even attempted).
func TestRedirectStaysOnSite(t *testing.T) {
	st := startFake(t, "stay.test")
	st.site.override = func(w http.ResponseWriter, r *http.Request) bool {
		if r.TLS != nil && r.URL.Path == "/" {
			http.Redirect(w, r, "https://elsewhere.example:443/", http.StatusFound)
			return true
		}
		return false
	}
	var dialled []string
	opts := st.options(t, st.urls("stay.test")...)
	opts.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dialled = append(dialled, addr)
		return loopbackOnly(ctx, network, addr)
	}
	opts.Concurrency = 1
	res := run(t, opts)
	for _, a := range dialled {
		if strings.Contains(a, "elsewhere") {
			t.Errorf("the probe connected to %s", a)
		}
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "elsewhere.example") }) {
		t.Errorf("no note about the page ending on a redirect off the site: %v", res.Notes)
	}
}

// TestForgedHostAnswers: what a site may and may not answer to a forged
// Host header.
func TestForgedHostAnswers(t *testing.T) {
	for _, c := range []struct {
		name   string
		answer func(w http.ResponseWriter, r *http.Request)
		want   string // "" for no allowed_hosts finding
	}{
		{"421", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusMisdirectedRequest) }, ""},
		{"redirect to the canonical host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://forge.test/", http.StatusMovedPermanently)
		}, ""},
		{"closed", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		}, ""},
		{"page", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>hello "+r.Host+"</p>") }, "dc.probe.allowed_hosts.forged-accepted"},
		{"echoed into Location", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://"+r.Host+"/", http.StatusMovedPermanently)
		}, "dc.probe.allowed_hosts.forged-redirect"},
		{"server error", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }, "dc.probe.allowed_hosts.forged-error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := startFake(t, "forge.test")
			st.site.override = func(w http.ResponseWriter, r *http.Request) bool {
				if strings.HasSuffix(strings.Split(r.Host, ":")[0], ".invalid") {
					c.answer(w, r)
					return true
				}
				return false
			}
			res := run(t, st.options(t, st.urls("forge.test")...))
			var got []string
			for _, f := range res.Findings {
				if f.Topic == finding.TopicAllowedHosts {
					got = append(got, f.ID)
				}
			}
			if c.want == "" && len(got) > 0 || c.want != "" && !slices.Contains(got, c.want) {
				t.Errorf("allowed_hosts findings %v, want %q", got, c.want)
			}
			if !res.Verified[finding.TopicAllowedHosts] {
				t.Error("allowed_hosts not verified")
			}
		})
	}
}

// Django's own fallback pages (django/views/defaults.py ERROR_PAGE_TEMPLATE).
const djangoErrorPage = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>%[1]s</title>\n</head>\n<body>\n  <h1>%[1]s</h1><p>%[2]s</p>\n</body>\n</html>\n"

// TestStockPages: Django's fallback 403 and 500 pages wherever the probe
// meets them; a custom page with the same status is not reported.
func TestStockPages(t *testing.T) {
	for _, custom := range []bool{false, true} {
		st := startFake(t, "stock.test")
		st.site.override = func(w http.ResponseWriter, r *http.Request) bool {
			if r.TLS == nil {
				return false
			}
			body403 := fmt.Sprintf(djangoErrorPage, "403 Forbidden", "")
			body500 := fmt.Sprintf(djangoErrorPage, "Server Error (500)", "")
			if custom {
				body403, body500 = "<h1>Forbidden</h1><p>Ours.</p>", "<h1>Oops (500)</h1>"
			}
			switch r.URL.Path {
			case "/admin/":
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, body403)
				return true
			case "/accounts/login/":
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprint(w, body500)
				return true
			}
			return false
		}
		res := run(t, st.options(t, st.urls("stock.test")...))
		for _, id := range []string{"dc.probe.error_templates.stock-403", "dc.probe.error_templates.stock-500"} {
			if (has(res, id) != nil) == custom {
				t.Errorf("custom pages %v: %s reported = %v", custom, id, has(res, id) != nil)
			}
		}
	}
}

// TestSecretsRedacted: cookie values and the values of a served .env file
// never appear in the findings.
func TestSecretsRedacted(t *testing.T) {
	st := startFake(t, "secret.test")
	st.site.override = func(w http.ResponseWriter, r *http.Request) bool {
		if r.TLS != nil && r.URL.Path == "/.env" {
			fmt.Fprint(w, "SECRET_KEY=topsecret-django-key-value\nexport DB_PASSWORD='hunter2-hunter2'\n")
			return true
		}
		if r.TLS != nil && r.URL.Path == "/accounts/login/" {
			http.SetCookie(w, &http.Cookie{Name: "sessionid", Value: "s3ss10n-v4lue-that-must-not-leak", Path: "/"})
			fmt.Fprint(w, "<form></form>")
			return true
		}
		return false
	}
	res := run(t, st.options(t, st.urls("secret.test")...))
	out := dump(res.Findings)
	for _, s := range []string{"topsecret-django-key-value", "hunter2-hunter2", "s3ss10n-v4lue-that-must-not-leak"} {
		if strings.Contains(out, s) {
			t.Errorf("the findings show the secret %q", s)
		}
	}
	f := has(res, "dc.probe.web_server.dotenv")
	if f == nil || !strings.Contains(strings.Join(f.Evidence, "\n"), "SECRET_KEY=tops…") {
		t.Errorf("dotenv finding with redacted names expected, got %+v", f)
	}
	if has(res, "dc.probe.session_cookie_secure.not-secure") == nil {
		t.Error("the unflagged session cookie was not reported")
	}
}

// hostile starts a TCP listener whose connections are handled by serve.
func hostile(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				go func() { <-done; c.Close() }()
				serve(c)
			}()
		}
	}()
	return l.Addr().String()
}

// TestHostileServers: slow, endless, looping or silent servers end in
// findings within the timeouts, never a hang.
func TestHostileServers(t *testing.T) {
	readRequest := func(c net.Conn) { _, _ = http.ReadRequest(bufio.NewReader(c)) }
	for _, c := range []struct {
		name   string
		scheme string
		serve  func(net.Conn)
		want   string
	}{
		{"slowloris headers", "http", func(c net.Conn) {
			readRequest(c)
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\n")
			for {
				if _, err := io.WriteString(c, "X"); err != nil {
					return
				}
				time.Sleep(30 * time.Millisecond)
			}
		}, "dc.probe.web_server.timeout"},
		{"body trickled", "http", func(c net.Conn) {
			readRequest(c)
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
			for {
				if _, err := io.WriteString(c, "x"); err != nil {
					return
				}
				time.Sleep(30 * time.Millisecond)
			}
		}, "dc.probe.web_server.timeout"},
		{"endless body", "http", func(c net.Conn) {
			readRequest(c)
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
			chunk := []byte(strings.Repeat("<p>endless</p>\n", 4096))
			for sent := 0; sent < 1<<30; sent += len(chunk) {
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
		}, "dc.probe.web_server.body-limit"},
		{"redirects forever", "http", func(c net.Conn) {
			r, err := http.ReadRequest(bufio.NewReader(c))
			if err != nil {
				return
			}
			fmt.Fprintf(c, "HTTP/1.1 302 Found\r\nLocation: %s/more\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", strings.TrimSuffix(r.URL.Path, "/"))
		}, "dc.probe.https.redirect-loop"},
		{"handshake never completes", "https", func(c net.Conn) {
			_, _ = io.Copy(io.Discard, c)
		}, "dc.probe.web_server.timeout"},
		{"not TLS", "https", func(c net.Conn) {
			_, _ = io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
		}, "dc.probe.https.tls-failed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			addr := hostile(t, c.serve)
			// The slow servers must hit the short per-request timeout; the
			// others get a generous one, so that a loaded machine cannot
			// turn their finding into a timeout.
			timeout := 5 * time.Second
			if c.want == "dc.probe.web_server.timeout" {
				timeout = 300 * time.Millisecond
			}
			res := run(t, Options{
				URLs: []string{c.scheme + "://" + addr + "/"}, Dial: loopbackOnly,
				Timeout: timeout, TotalTimeout: 20 * time.Second, MaxRequests: 30,
			})
			f := has(res, c.want)
			if f == nil {
				t.Fatalf("no %s; findings %v, notes %v", c.want, ids(res.Findings), res.Notes)
			}
			if len(f.Evidence) == 0 || !strings.HasPrefix(f.Evidence[0], ">") {
				t.Errorf("%s without request evidence: %q", c.want, f.Evidence)
			}
		})
	}
}

// TestUnreachable: a refused connection is a finding on its URL, and the
// other URLs of the report still get probed.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	st := startFake(t, "up.test")
	opts := st.options(t, append(st.urls("up.test"), "http://"+closed+"/")...)
	res := run(t, opts)
	f := has(res, "dc.probe.web_server.unreachable")
	if f == nil || f.URL != "http://"+closed+"/" {
		t.Fatalf("no unreachable finding for %s: %v", closed, ids(res.Findings))
	}
	if !res.Verified[finding.TopicSecurityHeaders] || has(res, "dc.probe.https.no-redirect") != nil {
		t.Errorf("the reachable site was not probed normally: %v", ids(res.Findings))
	}
	if g := grade.Compute(res.Findings, res.Verified); g.Overall.Grade == grade.NotApplicable {
		t.Errorf("a report with a reachable site has no overall grade: %+v", g.Overall)
	}

	// Nothing reachable: the finding stands, but nothing was checked, so
	// the report has no grade (not the B that one error would give).
	res = run(t, st.options(t, "http://"+closed+"/"))
	if has(res, "dc.probe.web_server.unreachable") == nil {
		t.Fatalf("no unreachable finding: %v", ids(res.Findings))
	}
	if len(res.Verified) != 0 {
		t.Errorf("topics counted as checked on an unreachable site: %v", res.Verified)
	}
	if g := grade.Compute(res.Findings, res.Verified); g.Overall.Grade != grade.NotApplicable {
		t.Errorf("unreachable site graded %s (score %d), want n/a", g.Overall.Grade, g.Overall.Score)
	}
}

// TestCertificates: expired, not yet valid, wrong name, unknown CA; the
// page probes skip an unverified https:// URL unless --insecure.
func TestCertificates(t *testing.T) {
	other, err := fakeCAForOther(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		cert     tls.Certificate
		insecure bool
		want     string
	}{
		{"expired", tlsCert(t, []string{"cert.test"}, -90*24*time.Hour, -24*time.Hour), false, "dc.probe.https.certificate-expired"},
		{"not yet valid", tlsCert(t, []string{"cert.test"}, 24*time.Hour, 90*24*time.Hour), false, "dc.probe.https.certificate-not-yet-valid"},
		{"expires soon", tlsCert(t, []string{"cert.test"}, -24*time.Hour, 5*24*time.Hour), false, "dc.probe.https.certificate-expires-soon"},
		{"other name", tlsCert(t, []string{"other.test"}, -time.Hour, 90*24*time.Hour), false, "dc.probe.https.certificate-name"},
		{"unknown CA", other, false, "dc.probe.https.certificate-untrusted"},
		{"unknown CA, insecure", other, true, "dc.probe.https.certificate-untrusted"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := startFake(t, "cert.test")
			st.https.TLS.Certificates = []tls.Certificate{c.cert}
			opts := st.options(t, st.urls("cert.test")...)
			opts.Insecure = c.insecure
			res := run(t, opts)
			if has(res, c.want) == nil {
				t.Fatalf("no %s: %v", c.want, ids(res.Findings))
			}
			usable := c.name == "expires soon" || c.insecure
			if res.Verified[finding.TopicSecurityHeaders] != usable {
				t.Errorf("page probes ran = %v, want %v (notes %v)", res.Verified[finding.TopicSecurityHeaders], usable, res.Notes)
			}
			if c.insecure && has(res, "dc.probe.https.insecure") == nil {
				t.Error("--insecure is not reported")
			}
		})
	}
}

// fakeCAForOther issues a certificate for cert.test from a CA the probe
// does not trust.
func fakeCAForOther(t *testing.T) (tls.Certificate, error) {
	ca, err := livetest.NewCA(t.TempDir())
	if err != nil {
		return tls.Certificate{}, err
	}
	c, k, err := ca.Leaf([]string{"cert.test"}, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour))
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(c, k)
}

// TestLegacyTLS: a Go server offering TLS 1.0 to 1.2 is reported; Go's
// client refuses TLS 1.0/1.1 unless the probe asks for them explicitly,
// which this test shows it does.
func TestLegacyTLS(t *testing.T) {
	st := startFake(t, "old.test")
	st.https.TLS.MinVersion = tls.VersionTLS10
	st.https.TLS.MaxVersion = tls.VersionTLS12
	res := run(t, st.options(t, st.urls("old.test")...))
	f := has(res, "dc.probe.https.legacy-tls")
	if f == nil || !strings.Contains(f.Message, "TLS 1.0 and TLS 1.1") {
		t.Fatalf("legacy TLS not reported: %v", ids(res.Findings))
	}
	if has(res, "dc.probe.https.no-tls13") == nil {
		t.Error("TLS 1.2 at most, yet no-tls13 is not reported")
	}
}

// TestTotalTimeout: the total deadline ends the run with a note.
func TestTotalTimeout(t *testing.T) {
	addr := hostile(t, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })
	res := run(t, Options{URLs: []string{"http://" + addr + "/"}, Dial: loopbackOnly, Timeout: 10 * time.Second, TotalTimeout: 300 * time.Millisecond})
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "total timeout") }) {
		t.Errorf("no note about the total timeout: %v", res.Notes)
	}
}

// TestServerHeader is the runserver special case of server-version.
func TestServerHeader(t *testing.T) {
	st := startFake(t, "dev.test")
	st.site.override = func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Server", "WSGIServer/0.2 CPython/3.12.3")
		return false
	}
	res := run(t, st.options(t, st.urls("dev.test")...))
	f := has(res, "dc.probe.security_headers.server-version")
	if f == nil || !strings.Contains(f.Message, "runserver") {
		t.Errorf("runserver's Server header: %+v", f)
	}
}

// TestDuplicateURL: a URL given twice is probed once (it used to start two
// concurrent probes of one target).
func TestDuplicateURL(t *testing.T) {
	st := startFake(t, "up.test")
	once := run(t, st.options(t, st.urls("up.test")...))
	twice := run(t, st.options(t, append(st.urls("up.test"), st.urls("up.test")...)...))
	if twice.Requests != once.Requests || len(twice.Targets) != len(once.Targets) {
		t.Errorf("URLs given twice: %d requests and %d targets, once: %d and %d",
			twice.Requests, len(twice.Targets), once.Requests, len(once.Targets))
	}
}
