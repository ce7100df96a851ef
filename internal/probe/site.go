package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/report"
)

// site is one host's probe: its URLs, budget, findings and what it saw.
type site struct {
	r    *runner
	host string
	// hosts are the names whose redirects are followed: the site's own and
	// its www sibling (and, see followable, every name given to --resolve).
	hosts    map[string]bool
	urls     []*url.URL // given, in command-line order
	requests atomic.Int32

	mu        sync.Mutex
	findings  []finding.Finding
	reported  map[string]bool // id + URL already reported
	verified  map[finding.Topic]bool
	notes     []string
	targets   []*report.ProbeTarget
	endpoints map[string]*endpoint // by host:port
	obs       Observed
	budgetHit bool

	// What the passive observers collected from every response.
	cookies    map[string]*seenCookie
	cookieList []string // names in the order first seen
	leak       []string // evidence of a Server/X-Powered-By version
	leakURL    string
	leakValue  string
	forms      []string // the form pages visited, for notes
	tech404    *techHit
	tech500    *techHit
	stock      map[int]*exchange
	oversized  *exchange
	timeouts   []*exchange
	errors     []*exchange // requests that got no answer for other reasons
	httpsFirst *url.URL    // the https:// origin the http:// redirect led to
	httpServes *url.URL    // an http:// URL that answered without redirecting
	// notFoundDone is closed when probeNotFound is done.
	notFoundDone chan struct{}
}

// groupSites makes one site per host name, in the order hosts first
// appear among the targets.
func groupSites(r *runner, targets []*url.URL) []*site {
	var out []*site
	byHost := map[string]*site{}
	for _, u := range targets {
		h := strings.ToLower(u.Hostname())
		s := byHost[h]
		if s == nil {
			s = &site{
				r: r, host: h, hosts: map[string]bool{h: true},
				reported: map[string]bool{}, verified: map[finding.Topic]bool{},
				endpoints: map[string]*endpoint{}, cookies: map[string]*seenCookie{}, stock: map[int]*exchange{},
				notFoundDone: make(chan struct{}),
			}
			s.obs.Host = h
			if rest, ok := strings.CutPrefix(h, "www."); ok {
				s.hosts[rest] = true
			} else {
				s.hosts["www."+h] = true
			}
			byHost[h] = s
			out = append(out, s)
		}
		if !slices.ContainsFunc(s.urls, func(g *url.URL) bool { return g.String() == u.String() }) {
			s.urls = append(s.urls, u) // a URL given twice is probed once
		}
	}
	return out
}

// followable tells whether a redirect to u stays on the site (or goes to
// a name given to --resolve).
func (s *site) followable(u *url.URL) bool {
	h := strings.ToLower(u.Hostname())
	return s.hosts[h] || s.r.resolveHosts[h]
}

// take uses one request of the site's budget.
func (s *site) take() bool {
	if int(s.requests.Add(1)) <= s.r.opts.MaxRequests {
		return true
	}
	s.requests.Add(-1)
	s.mu.Lock()
	if !s.budgetHit {
		s.budgetHit = true
		s.notes = append(s.notes, fmt.Sprintf("%s: the request budget (--max-requests %d) ran out; the probes still waiting were skipped", s.host, s.r.opts.MaxRequests))
	}
	s.mu.Unlock()
	return false
}

// add records a finding once per id and URL.
func (s *site) add(f finding.Finding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := f.ID + " " + f.URL
	if s.reported[key] {
		return
	}
	s.reported[key] = true
	s.findings = append(s.findings, f)
}

func (s *site) verify(t finding.Topic) {
	s.mu.Lock()
	s.verified[t] = true
	s.mu.Unlock()
}

func (s *site) note(format string, args ...any) {
	s.mu.Lock()
	s.notes = append(s.notes, s.host+": "+fmt.Sprintf(format, args...))
	s.mu.Unlock()
}

// target returns the report entry of u, making it on first use.
func (s *site) target(u *url.URL, given bool) *report.ProbeTarget {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := u.String()
	for _, t := range s.targets {
		if t.URL == key {
			t.Given = t.Given || given
			return t
		}
	}
	t := &report.ProbeTarget{URL: key, Given: given, Address: s.r.resolved(hostPort(u))}
	s.targets = append(s.targets, t)
	return t
}

// record fills a target's first answer.
func (s *site) record(t *report.ProbeTarget, x *exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.Status != 0 || t.Error != "" {
		return // a target keeps the first answer it got
	}
	if x.ok() {
		t.Status = x.status()
		if loc := x.location(); loc != nil {
			t.Location = loc.String()
		}
	} else {
		t.Error = describeErr(x.err)
	}
}

// targetList lists the site's targets: the URLs given, in command-line
// order, then the derived ones by URL.
func (s *site) targetList() []report.ProbeTarget {
	rank := func(t report.ProbeTarget) int {
		for i, u := range s.urls {
			if u.String() == t.URL {
				return i
			}
		}
		return len(s.urls)
	}
	out := make([]report.ProbeTarget, 0, len(s.targets))
	for _, t := range s.targets {
		out = append(out, *t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i]), rank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i].URL < out[j].URL
	})
	return out
}

// stopped tells whether the run is over (total deadline or cancelled):
// errors then say nothing about the site.
func stopped(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, errBudget)
}

// failed reports a request to one of the site's URLs that got no answer.
// given tells whether the URL came from the command line: a derived one
// that does not answer is a note, not a finding.
func (s *site) failed(ctx context.Context, x *exchange, given bool) {
	if x.ok() || stopped(ctx, x.err) {
		return
	}
	u := x.url.String()
	why := describeErr(x.err)
	ev := x.evidence()
	if addr := s.r.resolved(hostPort(x.url)); addr != "" {
		ev = append(ev, "  (connecting to "+addr+" as given by --resolve)")
	}
	switch kind := classify(x.err); {
	case kind == errTimeout:
		s.add(checkTimeout.finding(u, fmt.Sprintf("%s did not answer within %s.", u, s.r.opts.Timeout),
			"Check that the server is up and not overloaded, and the proxy's upstream timeouts.", ev))
	case !given:
		s.note("%s (derived) does not answer: %s", u, why)
	case kind == errTLS:
		s.add(checkTLSFailed.finding(u, fmt.Sprintf("The TLS handshake with %s failed: %s.", u, why),
			"Check the server's certificate, ssl_protocols and ssl_ciphers, and that the port serves TLS.", ev))
	default:
		s.add(checkUnreachable.finding(u, fmt.Sprintf("%s cannot be reached: %s.", u, why),
			"Check the URL, DNS and that the web server listens on that port.", ev))
	}
}

// run probes the site: first the TLS endpoints and the http:// redirects,
// then, on the site's base URL, everything else in parallel.
func (s *site) run(ctx context.Context) {
	var https, http []*url.URL
	for _, u := range s.urls {
		if u.Scheme == "https" {
			https = append(https, u)
		} else {
			http = append(http, u)
		}
	}
	derivedHTTP := false
	if len(http) == 0 && len(https) > 0 && (https[0].Port() == "" || https[0].Port() == "443") {
		// The bare http:// form of an https:// site on the default port.
		http = append(http, &url.URL{Scheme: "http", Host: bareHost(https[0]), Path: "/"})
		derivedHTTP = true
	}

	var wg sync.WaitGroup
	for _, u := range https {
		ep := s.endpoint(u)
		wg.Go(func() { s.probeTLS(ctx, ep, true) })
	}
	for _, u := range http {
		wg.Go(func() { s.probeRedirect(ctx, u, !derivedHTTP) })
	}
	wg.Wait()

	if len(https) == 0 {
		if d := s.derivedHTTPS(http); d != nil {
			https = append(https, d)
			// A redirect's target is the site's own word that it serves
			// HTTPS there; https://host/ is only a guess.
			s.probeTLS(ctx, s.endpoint(d), s.httpsFirst != nil)
		}
	}
	base := s.base(https)
	if base == nil {
		s.note("no URL of the site could be probed further (see the findings above); the page probes were skipped")
		s.finish()
		return
	}
	if base.Scheme == "http" {
		s.note("the page probes ran over plain HTTP (%s): no usable https:// URL", base)
	}
	mains := https
	if base.Scheme == "http" {
		mains = []*url.URL{base}
	}
	for _, u := range mains {
		if u.Scheme == "https" && !s.endpoint(u).usable {
			continue
		}
		wg.Go(func() { s.probeMain(ctx, u) })
	}
	wg.Go(func() { s.probeNotFound(ctx, base) })
	wg.Go(func() { s.probeForged(ctx, base) })
	if s.httpsFirst != nil || s.httpServes != nil {
		for _, u := range http {
			if u.Scheme == "http" && base.Scheme == "https" {
				wg.Go(func() { s.probeForged(ctx, origin(u)) })
				break
			}
		}
	}
	wg.Go(func() { s.probeForms(ctx, base) })
	wg.Go(func() { s.probeAdmin(ctx, base) })
	wg.Go(func() { s.probeFiles(ctx, base) })
	if s.httpsFirst != nil {
		for _, u := range http {
			wg.Go(func() { s.probeRedirectPath(ctx, u) })
			break
		}
	}
	wg.Wait()
	s.finish()
}

// bareHost is u's host without its port, an IPv6 address in brackets.
func bareHost(u *url.URL) string {
	h := u.Hostname()
	if strings.Contains(h, ":") {
		return "[" + h + "]"
	}
	return h
}

// derivedHTTPS is the https:// URL the http:// redirect led to, else
// https://host/ when the http:// URL was on the default port.
func (s *site) derivedHTTPS(http []*url.URL) *url.URL {
	if s.httpsFirst != nil {
		return s.httpsFirst
	}
	for _, u := range http {
		if u.Port() == "" || u.Port() == "80" {
			return &url.URL{Scheme: "https", Host: bareHost(u), Path: "/"}
		}
	}
	return nil
}

// base is the URL the page probes use: the first usable https:// URL,
// else an http:// URL that serves pages without redirecting.
func (s *site) base(https []*url.URL) *url.URL {
	for _, u := range https {
		if s.endpoint(u).usable {
			return origin(u)
		}
	}
	if s.httpServes != nil {
		return origin(s.httpServes)
	}
	return nil
}

// randomToken is a short random hex string for paths and host names the
// site cannot know in advance.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
