package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/probe/livetest"
)

// fakeCA is the CA of the Go test servers' certificates, in fakeCADir
// (removed by TestMain).
var (
	fakeCADir string
	fakeCA    = sync.OnceValues(func() (*livetest.CA, error) {
		dir, err := os.MkdirTemp("", "deploycheck-probe-ca-")
		if err != nil {
			return nil, err
		}
		fakeCADir = dir
		return livetest.NewCA(dir)
	})
)

func testCA(t testing.TB) *livetest.CA {
	t.Helper()
	ca, err := fakeCA()
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// tlsCert issues a certificate for names valid from now+from to now+until.
func tlsCert(t testing.TB, names []string, from, until time.Duration) tls.Certificate {
	t.Helper()
	c, k, err := testCA(t).Leaf(names, time.Now().Add(from), time.Now().Add(until))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(c, k)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// fakeSite is a Go stand-in for a well configured Django site behind a web
// server, answering for its names by Host: http:// redirects permanently
// to https:// on the same host and path, unknown hosts get 400, pages
// carry HSTS and the security headers, the login page sets flagged
// cookies. Handlers can be swapped per test with override.
type fakeSite struct {
	hosts     map[string]bool
	httpsPort string
	override  func(w http.ResponseWriter, r *http.Request) bool
	methods   sync.Map // method → true
	inflight  atomic.Int32
	peak      atomic.Int32
	requests  atomic.Int32
}

func (f *fakeSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.inflight.Add(1)
	defer f.inflight.Add(-1)
	for {
		p := f.peak.Load()
		if n <= p || f.peak.CompareAndSwap(p, n) {
			break
		}
	}
	f.requests.Add(1)
	f.methods.Store(r.Method, true)
	if f.override != nil && f.override(w, r) {
		return
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if !f.hosts[host] {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, "<!doctype html><title>Bad request</title><h1>Our own 400 page</h1>")
		return
	}
	if r.TLS == nil {
		http.Redirect(w, r, "https://"+host+":"+f.httpsPort+r.URL.RequestURI(), http.StatusMovedPermanently)
		return
	}
	h := w.Header()
	h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; object-src 'none'; frame-ancestors 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Path {
	case "/":
		fmt.Fprint(w, "<!doctype html><title>Home</title><p>Welcome</p>")
	case "/accounts/login/":
		if strings.Count(r.URL.RawQuery, "&") >= 1000 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, "<!doctype html><title>Bad request</title><h1>Our own 400 page</h1>")
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "csrftoken", Value: "abcdefghijklmnopqrstuvwxyz012345", Path: "/", Secure: true, SameSite: http.SameSiteLaxMode})
		http.SetCookie(w, &http.Cookie{Name: "sessionid", Value: "s3ss10n-v4lue-that-must-not-leak", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		fmt.Fprint(w, `<!doctype html><title>Log in</title><form method="post"><input name="csrfmiddlewaretoken"></form>`)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<!doctype html><title>Not here</title><h1>Our own 404 page</h1>")
	}
}

// quiet drops the test servers' logs of the handshakes the probe breaks
// off on purpose.
var quiet = log.New(io.Discard, "", 0)

// fakeStack is a fakeSite served over HTTP and HTTPS on 127.0.0.1.
type fakeStack struct {
	site        *fakeSite
	http, https *httptest.Server
	names       []string
}

// startFake serves a fakeSite for names (the certificate covers them all).
func startFake(t testing.TB, names ...string) *fakeStack {
	t.Helper()
	f := &fakeSite{hosts: map[string]bool{}}
	for _, n := range names {
		f.hosts[n] = true
	}
	st := &fakeStack{site: f, names: names}
	st.https = httptest.NewUnstartedServer(f)
	st.https.Config.ErrorLog = quiet
	st.https.TLS = &tls.Config{Certificates: []tls.Certificate{tlsCert(t, names, -time.Hour, 200*24*time.Hour)}}
	st.https.StartTLS()
	t.Cleanup(st.https.Close)
	_, f.httpsPort, _ = net.SplitHostPort(st.https.Listener.Addr().String())
	st.http = httptest.NewUnstartedServer(f)
	st.http.Config.ErrorLog = quiet
	st.http.Start()
	t.Cleanup(st.http.Close)
	return st
}

func port(s *httptest.Server) string {
	_, p, _ := net.SplitHostPort(s.Listener.Addr().String())
	return p
}

// urls are the http:// and https:// URLs of a name.
func (st *fakeStack) urls(name string) []string {
	return []string{"http://" + name + ":" + port(st.http) + "/", "https://" + name + ":" + port(st.https) + "/"}
}

// resolve maps every name and port to 127.0.0.1.
func (st *fakeStack) resolve() []Resolve {
	var out []Resolve
	for _, n := range st.names {
		out = append(out, Resolve{Host: n, Port: port(st.http), Addr: "127.0.0.1"}, Resolve{Host: n, Port: port(st.https), Addr: "127.0.0.1"})
	}
	return out
}

// loopbackOnly refuses any connection that does not go to 127.0.0.1: the
// tests never send traffic off the machine (and never look names up).
func loopbackOnly(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host != "127.0.0.1" {
		return nil, fmt.Errorf("test dialer: refusing %s (only 127.0.0.1)", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// options are test defaults: the fake CA, loopback only, short timeouts.
func (st *fakeStack) options(t testing.TB, urls ...string) Options {
	return Options{
		URLs: urls, Resolve: st.resolve(), RootCAs: testCA(t).Pool, Dial: loopbackOnly,
		Timeout: 2 * time.Second, TotalTimeout: 20 * time.Second,
	}
}

func run(t testing.TB, opts Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ids are the ids of the findings, sorted, with repeats.
func ids(fs []finding.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func has(res *Result, id string) *finding.Finding {
	for i := range res.Findings {
		if res.Findings[i].ID == id {
			return &res.Findings[i]
		}
	}
	return nil
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }
