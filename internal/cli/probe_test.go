package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/deploycheck/deploycheck/internal/probe/livetest"
)

// The real sites, started on first use and stopped after the tests.
var (
	liveOnce sync.Once
	live     *livetest.Stack
	liveErr  error
	liveDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if live != nil {
		live.Stop()
	}
	if liveDir != "" {
		os.RemoveAll(liveDir)
	}
	os.Exit(code)
}

func liveSites(t *testing.T) *livetest.Stack {
	t.Helper()
	srv := livetest.Require(t)
	liveOnce.Do(func() {
		if liveDir, liveErr = os.MkdirTemp("", "deploycheck-cli-live-"); liveErr != nil {
			return
		}
		live, liveErr = livetest.Start(context.Background(), liveDir, srv, "hardened", "debug", "legacy", "loop")
	})
	if liveErr != nil {
		t.Fatalf("starting the real sites: %v", liveErr)
	}
	return live
}

// probeJSON is the part of the probe's JSON report the tests read.
type probeJSON struct {
	SchemaVersion int `json:"schema_version"`
	Root          string
	Findings      []struct {
		ID       string   `json:"id"`
		Topic    string   `json:"topic"`
		Severity string   `json:"severity"`
		Message  string   `json:"message"`
		URL      string   `json:"url"`
		File     string   `json:"file"`
		Evidence []string `json:"evidence"`
	} `json:"findings"`
	Probe *struct {
		Targets []struct {
			URL    string `json:"url"`
			Given  bool   `json:"given"`
			Status int    `json:"status"`
			TLS    *struct {
				Version     string `json:"version"`
				Certificate *struct {
					Names    []string `json:"names"`
					DaysLeft int      `json:"days_left"`
					Verified bool     `json:"verified"`
				} `json:"certificate"`
			} `json:"tls"`
		} `json:"targets"`
		Grades struct {
			Overall struct {
				Grade string `json:"grade"`
				Score int    `json:"score"`
			} `json:"overall"`
			Topics []struct {
				Topic string `json:"topic"`
				Grade string `json:"grade"`
			} `json:"topics"`
		} `json:"grades"`
		Requests int `json:"requests"`
	} `json:"probe"`
}

func decode(t *testing.T, out string) probeJSON {
	t.Helper()
	var r probeJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return r
}

func (r probeJSON) find(id string) (int, bool) {
	for i, f := range r.Findings {
		if f.ID == id {
			return i, true
		}
	}
	return -1, false
}

func TestProbeUsageErrors(t *testing.T) {
	notPEM := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"probe"},
		{"probe", "example.com"},
		{"probe", "ftp://example.com/"},
		{"probe", "https://user:pw@example.com/"},
		{"probe", "https://example.com:70000/"},
		{"probe", "https://example.com/", "--resolve", "example.com:443"},
		{"probe", "https://example.com/", "--resolve", "example.com:443:not-an-ip"},
		{"probe", "https://example.com/", "--timeout", "0s"},
		{"probe", "https://example.com/", "--timeout", "soon"},
		{"probe", "https://example.com/", "--max-requests", "0"},
		{"probe", "https://example.com/", "--concurrency", "0"},
		{"probe", "https://example.com/", "--format", "xml"},
		{"probe", "https://example.com/", "--fail-level", "loud"},
		{"probe", "https://example.com/", "--ca-file", filepath.Join(t.TempDir(), "missing.pem")},
		{"probe", "https://example.com/", "--ca-file", notPEM},
		{"probe", "https://example.com/", "--settings", "mysite.settings"},
		{"probe", "https://example.com/", "--project", filepath.Join(t.TempDir(), "nope")},
	} {
		code, stdout, stderr := run(t, args...)
		if code != ExitError || stderr == "" || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want 2 with a message and no report", args, code, stderr, stdout)
		}
	}
}

func TestExplainProbeIDs(t *testing.T) {
	code, out, _ := run(t, "explain", "dc.probe.https.redirect-loop")
	if code != ExitOK || !strings.Contains(out, "X-Forwarded-Proto") || !strings.Contains(out, "live site") {
		t.Errorf("explain dc.probe.https.redirect-loop: exit %d\n%s", code, out)
	}
	_, list, _ := run(t, "explain")
	for _, id := range []string{"dc.probe.web_server.dotenv", "dc.probe.allowed_hosts.forged-accepted", "security.W004"} {
		if !strings.Contains(list, id) {
			t.Errorf("explain's list lacks %s", id)
		}
	}
}

// TestProbePlainHTTP: a plain-HTTP page is an error finding (exit 1), in
// the JSON contract; an unreachable URL is a finding too, not a usage
// error.
func TestProbePlainHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<p>hello</p>")
	}))
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/"
	l.Close()

	code, out, stderr := run(t, "probe", srv.URL+"/", closed, "--format", "json", "--timeout", "2s")
	if code != ExitFindings {
		t.Errorf("exit %d, want 1; stderr %s", code, stderr)
	}
	r := decode(t, out)
	if r.SchemaVersion != 1 || r.Probe == nil || len(r.Probe.Targets) != 2 || r.Probe.Requests == 0 {
		t.Fatalf("report: %+v", r)
	}
	if i, ok := r.find("dc.probe.https.no-redirect"); !ok || r.Findings[i].URL != srv.URL+"/" || len(r.Findings[i].Evidence) < 3 {
		t.Errorf("no-redirect finding: %+v", r.Findings)
	}
	if i, ok := r.find("dc.probe.web_server.unreachable"); !ok || r.Findings[i].URL != closed {
		t.Errorf("unreachable finding for %s missing: %+v", closed, r.Findings)
	}
	// https holds one finding, the missing redirect (an error: 100-30=70,
	// a B); the overall grade counts every finding, so it is lower.
	grades := map[string]string{}
	for _, tg := range r.Probe.Grades.Topics {
		grades[tg.Topic] = tg.Grade
	}
	if grades["https"] != "B" {
		t.Errorf("https grade %q, want B (one error); topics %v", grades["https"], grades)
	}
	if o := r.Probe.Grades.Overall; o.Grade == "" || o.Grade == "n/a" || o.Score >= 70 {
		t.Errorf("overall grade %+v, want a grade below the https topic's 70", o)
	}
	if code, _, _ := run(t, "probe", srv.URL+"/", "--fail-level", "critical"); code != ExitOK {
		t.Errorf("--fail-level critical: exit %d, want 0", code)
	}
}

// liveArgs are the probe arguments for a real site: its URLs, the CA and
// every --resolve entry.
func liveArgs(st *livetest.Stack, s *livetest.Site, extra ...string) []string {
	args := []string{"probe", s.HTTPURL(), s.HTTPSURL(), "--ca-file", st.CA.File, "--format", "json"}
	for _, r := range s.Resolve() {
		args = append(args, "--resolve", r)
	}
	return append(args, extra...)
}

func projectArgs(s *livetest.Site) []string {
	return []string{"--project", livetest.AppDir(), "--settings", s.Settings, "--env", "DJANGO_SECRET_KEY=a-long-and-random-looking-secret-key-0123456789-abcdefghij"}
}

// TestProbeLiveHardened: the hardened site is clean, graded A+, in text
// and JSON, with and without --project.
func TestProbeLiveHardened(t *testing.T) {
	st := liveSites(t)
	s := st.Sites["hardened"]
	code, out, stderr := run(t, liveArgs(st, s)...)
	r := decode(t, out)
	if code != ExitOK || len(r.Findings) != 0 || r.Probe.Grades.Overall.Grade != "A+" {
		t.Errorf("hardened: exit %d, findings %+v, grade %+v; stderr %s", code, r.Findings, r.Probe.Grades.Overall, stderr)
	}
	for _, tg := range r.Probe.Grades.Topics {
		if tg.Grade != "A+" {
			t.Errorf("hardened %s: %s", tg.Topic, tg.Grade)
		}
	}
	tls := r.Probe.Targets[1].TLS
	if tls == nil || tls.Version != "TLS 1.3" || tls.Certificate == nil || !tls.Certificate.Verified || tls.Certificate.DaysLeft < 100 {
		t.Errorf("TLS of the https:// target: %+v", tls)
	}
	_, out, _ = run(t, append(liveArgs(st, s), projectArgs(s)...)...)
	r = decode(t, out)
	for _, f := range r.Findings {
		if strings.HasPrefix(f.ID, "dc.probe.") || strings.Contains(f.Message, "Lowered to info") {
			t.Errorf("hardened --project: %s %s", f.ID, f.Message)
		}
	}
	if r.Root == "" {
		t.Error("--project: the report has no project root")
	}
	_, text, _ := run(t, append(liveArgs(st, s), "--format", "text")...)
	for _, want := range []string{"deploycheck probe", s.HTTPSURL(), "TLS 1.3", "No findings.", "grades", "overall"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
}

// TestProbeLiveProject: what --project adds on the real sites.
func TestProbeLiveProject(t *testing.T) {
	st := liveSites(t)
	t.Run("loop: settings say HSTS, the site sends none", func(t *testing.T) {
		s := st.Sites["loop"]
		_, out, _ := run(t, append(liveArgs(st, s), projectArgs(s)...)...)
		r := decode(t, out)
		if _, ok := r.find("dc.probe.https.hsts-stripped"); !ok {
			t.Errorf("no hsts-stripped: %v", ids(r))
		}
		if _, ok := r.find("dc.probe.https.hsts-missing"); ok {
			t.Error("hsts-missing as well as hsts-stripped")
		}
		i, ok := r.find("dc.probe.https.redirect-loop")
		if !ok || !strings.Contains(strings.Join(r.Findings[i].Evidence, "\n"), "SECURE_SSL_REDIRECT = True (siteapp/settings/loop.py:") {
			t.Errorf("redirect-loop without the settings that cause it: %+v", r.Findings)
		}
	})
	t.Run("debug: the proxy redirects and flags the cookies", func(t *testing.T) {
		s := st.Sites["debug"]
		_, out, _ := run(t, append(liveArgs(st, s), projectArgs(s)...)...)
		r := decode(t, out)
		for _, id := range []string{"security.W008", "security.W012", "security.W016"} {
			i, ok := r.find(id)
			if !ok || r.Findings[i].Severity != "info" || !strings.Contains(r.Findings[i].Message, "Lowered to info") {
				t.Errorf("%s not lowered to info: %+v", id, r.Findings[max(i, 0)])
			}
		}
		for _, id := range []string{"dc.probe.https.hsts-differs", "dc.probe.security_headers.differs", "dc.probe.debug.technical-404", "security.W018"} {
			if _, ok := r.find(id); !ok {
				t.Errorf("no %s: %v", id, ids(r))
			}
		}
		if i, ok := r.find("security.W018"); ok && r.Findings[i].Severity != "warning" {
			t.Error("DEBUG's static finding was lowered")
		}
	})
	t.Run("legacy: a name of ALLOWED_HOSTS the certificate lacks", func(t *testing.T) {
		s := st.Sites["legacy"]
		_, out, _ := run(t, append(liveArgs(st, s), projectArgs(s)...)...)
		r := decode(t, out)
		i, ok := r.find("dc.probe.https.certificate-hosts")
		if !ok || !strings.Contains(r.Findings[i].Message, "ALLOWED_HOSTS names shop.legacy.test, which") {
			t.Errorf("certificate-hosts: %v", r.Findings)
		}
	})
}

func ids(r probeJSON) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID)
	}
	return out
}
