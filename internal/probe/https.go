package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
)

// oneYear is the HSTS max-age the checklist and the preload list ask for.
const oneYear = 31536000

// sameHost tells whether two URLs name the same host (ports aside).
func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname())
}

// chainEvidence renders a redirect chain: each hop's request line, status
// and Location.
func chainEvidence(chain []*exchange) []string {
	var out []string
	for i, x := range chain {
		if i == 6 && len(chain) > 8 {
			out = append(out, fmt.Sprintf("  … %d more hops …", len(chain)-8))
		}
		if i >= 6 && i < len(chain)-2 {
			continue
		}
		out = append(out, x.evidence("Location")...)
	}
	return out
}

// probeRedirect follows an http:// URL's redirects and judges the way to
// HTTPS: a permanent redirect, first to https:// on the same host, ending
// on https://, without loops.
func (s *site) probeRedirect(ctx context.Context, u *url.URL, given bool) {
	t := s.target(u, given)
	chain, next, loop := s.follow(ctx, u, s.r.opts.MaxRedirects, nil)
	first := chain[0]
	s.record(t, first)
	if !first.ok() {
		s.failed(ctx, first, given)
		return
	}
	s.verify(finding.TopicHTTPS)
	loc := first.location()
	if loc == nil {
		s.mu.Lock()
		s.httpServes = u
		s.obs.HTTPChecked = true
		s.mu.Unlock()
		s.add(checkNoRedirect.finding(u.String(),
			fmt.Sprintf("%s answers %s over plain HTTP instead of redirecting to HTTPS.", u, first.resp.Status),
			"Redirect every http:// request to https:// (nginx: return 301 https://$server_name$request_uri; or SECURE_SSL_REDIRECT = True).",
			first.evidence("Location")))
		return
	}
	// The first https:// URL the chain reaches.
	var firstHTTPS *url.URL
	for _, x := range chain {
		if l := x.location(); l != nil && l.Scheme == "https" {
			firstHTTPS = l
			break
		}
	}
	if firstHTTPS == nil && next != nil && next.Scheme == "https" {
		firstHTTPS = next
	}
	ev := chainEvidence(chain)
	direct := loc.Scheme == "https" && sameHost(loc, u)
	s.mu.Lock()
	s.obs.HTTPChecked = true
	s.obs.HTTPRedirects = direct
	s.obs.HTTPEvidence = ev
	if firstHTTPS != nil && sameHost(firstHTTPS, u) && s.httpsFirst == nil {
		s.httpsFirst = origin(firstHTTPS)
	}
	s.mu.Unlock()
	switch {
	case firstHTTPS == nil:
		end := chain[len(chain)-1]
		s.add(checkNoRedirect.finding(u.String(),
			fmt.Sprintf("The redirects from %s never reach HTTPS: the chain ends at %s.", u, end.url),
			"Redirect every http:// request straight to https:// on the same host.", ev))
	case !direct:
		s.add(checkRedirectIndirect.finding(u.String(),
			fmt.Sprintf("%s first redirects to %s, not to https:// on the same host.", u, loc),
			"Redirect http://host/path to https://host/path first; change hosts only once on HTTPS.", ev))
	}
	if code := first.status(); code != http.StatusMovedPermanently && code != http.StatusPermanentRedirect {
		s.add(checkRedirectTemporary.finding(u.String(),
			fmt.Sprintf("%s redirects with %s, a temporary redirect that browsers do not remember.", u, first.resp.Status),
			"Use a permanent redirect: 301 or 308.", first.evidence("Location")))
	}
	if loop {
		s.reportLoop(u, chain, next)
	}
}

// reportLoop reports a redirect chain that came back on itself or went on
// past the limit.
func (s *site) reportLoop(u *url.URL, chain []*exchange, next *url.URL) {
	msg := fmt.Sprintf("Following the redirects from %s comes back to %s after %d hops: a redirect loop.", u, next, len(chain))
	seen := false
	for _, x := range chain {
		if x.url.String() == next.String() {
			seen = true
		}
	}
	if !seen {
		msg = fmt.Sprintf("The redirects from %s did not end within %d hops.", u, s.r.opts.MaxRedirects)
	}
	hint := "Behind a TLS-terminating proxy: make it send X-Forwarded-Proto $scheme and set SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\"), or redirect in the proxy only."
	ev := chainEvidence(chain)
	if x := s.r.opts.Expect; x != nil && x.SSLRedirect.known && x.SSLRedirect.value == "True" {
		ev = append(ev, "  settings: SECURE_SSL_REDIRECT = True"+x.source("SECURE_SSL_REDIRECT"))
		if p := x.ProxySSLHeader; p.known {
			ev = append(ev, "  settings: SECURE_PROXY_SSL_HEADER = "+p.value+x.source("SECURE_PROXY_SSL_HEADER"))
		}
	}
	// A loop reached from several URLs (http:// leading into an https://
	// page that redirects to itself) is one problem: report it once.
	s.mu.Lock()
	key := "loop " + next.String()
	dup := s.reported[key]
	s.reported[key] = true
	s.mu.Unlock()
	if !dup {
		s.add(checkRedirectLoop.finding(next.String(), msg, hint, ev))
	}
}

// probeRedirectPath checks that the redirect to HTTPS keeps a deep path
// and query string.
func (s *site) probeRedirectPath(ctx context.Context, u *url.URL) {
	path := "/deploycheck-" + randomToken(5) + "/"
	const query = "deploycheck=1"
	start := withPath(u, path, query)
	chain, next, _ := s.follow(ctx, start, s.r.opts.MaxRedirects, func(l *url.URL) bool { return l.Scheme == "https" })
	landing := next
	if landing == nil || landing.Scheme != "https" {
		return
	}
	if landing.Path == path && landing.RawQuery == query {
		return
	}
	s.add(checkRedirectPath.finding(start.String(),
		fmt.Sprintf("The redirect of %s lands on %s: the path or query string is lost.", start, landing),
		"Keep the request URI in the redirect (nginx: return 301 https://$server_name$request_uri;).", chainEvidence(chain)))
}

// probeMain requests one of the site's pages (following redirects on the
// site), judges HSTS on the first HTTPS answer and the security headers on
// the page it ends on.
func (s *site) probeMain(ctx context.Context, u *url.URL) {
	given := slices.ContainsFunc(s.urls, func(g *url.URL) bool { return g.String() == u.String() })
	t := s.target(u, given)
	chain, next, loop := s.follow(ctx, u, s.r.opts.MaxRedirects, nil)
	first := chain[0]
	s.record(t, first)
	if !first.ok() {
		s.failed(ctx, first, given)
		return
	}
	if u.Scheme == "https" {
		s.checkHSTS(first)
	}
	if loop {
		s.reportLoop(u, chain, next)
	}
	final := chain[len(chain)-1]
	if !final.ok() {
		s.failed(ctx, final, given)
		return
	}
	if isRedirect(final.status()) {
		s.note("%s never arrived at a page (it ends on a redirect to %v), so its security headers were not judged", u, next)
		return
	}
	s.checkHeaders(final)
}

// hsts is a parsed Strict-Transport-Security header.
type hsts struct {
	maxAge     int64
	subdomains bool
	preload    bool
}

// parseHSTS reads a Strict-Transport-Security value (RFC 6797 §6.1):
// directives separated by ";", names case-insensitive, each at most once,
// max-age required.
func parseHSTS(v string) (hsts, error) {
	var h hsts
	seen := map[string]bool{}
	hasMaxAge := false
	for _, part := range strings.Split(v, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, hasVal := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if seen[name] {
			return h, fmt.Errorf("the %s directive appears twice", name)
		}
		seen[name] = true
		switch name {
		case "max-age":
			val = strings.Trim(strings.TrimSpace(val), `"`)
			n, err := strconv.ParseInt(val, 10, 64)
			if !hasVal || err != nil || n < 0 {
				return h, fmt.Errorf("max-age %q is not a number of seconds", val)
			}
			h.maxAge, hasMaxAge = n, true
		case "includesubdomains":
			h.subdomains = true
		case "preload":
			h.preload = true
		}
	}
	if !hasMaxAge {
		return h, fmt.Errorf("there is no max-age")
	}
	return h, nil
}

// checkHSTS judges the HSTS header of an HTTPS response.
func (s *site) checkHSTS(x *exchange) {
	u := x.url.String()
	values := x.resp.Header.Values("Strict-Transport-Security")
	ev := x.evidence("Strict-Transport-Security")
	exp := s.r.opts.Expect
	predicted := exp != nil && exp.HSTS.known && exp.HSTS.value != ""
	s.mu.Lock()
	s.obs.HSTSChecked = true
	if len(values) > 0 {
		s.obs.HSTS = values[0]
	}
	s.obs.HSTSEvidence = ev
	httpChecked, httpDirect := s.obs.HTTPChecked, s.obs.HTTPRedirects
	s.mu.Unlock()
	if len(values) == 0 {
		if predicted {
			s.add(checkHSTSStripped.finding(u,
				fmt.Sprintf("The settings make Django send \"Strict-Transport-Security: %s\", but the HTTPS response from %s has no HSTS header.", exp.HSTS.value, u),
				"If TLS ends at a proxy, make it send X-Forwarded-Proto $scheme and keep SECURE_PROXY_SSL_HEADER; check that no proxy or CDN removes the header; or set it in the web server.",
				append(ev, "  settings: "+exp.HSTS.shown+exp.source(exp.HSTS.setting))))
			return
		}
		s.add(checkHSTSMissing.finding(u, fmt.Sprintf("The HTTPS response from %s has no Strict-Transport-Security header.", u),
			"Set SECURE_HSTS_SECONDS (start small, then 31536000) or add the header in the web server.", ev))
		return
	}
	h, err := parseHSTS(values[0])
	if err != nil {
		s.add(checkHSTSInvalid.finding(u, fmt.Sprintf("The Strict-Transport-Security header of %s is not valid (%s), so browsers ignore it.", u, err),
			"Send \"max-age=31536000; includeSubDomains\".", ev))
		return
	}
	if h.maxAge == 0 {
		s.add(checkHSTSMissing.finding(u, fmt.Sprintf("%s sends Strict-Transport-Security with max-age=0, which switches HSTS off.", u),
			"Raise max-age (start small, then 31536000).", ev))
		return
	}
	if h.maxAge < oneYear {
		s.add(checkHSTSShort.finding(u, fmt.Sprintf("HSTS max-age on %s is %d seconds (%s), less than a year.", u, h.maxAge, humanSeconds(h.maxAge)),
			"Raise max-age to 31536000 once HTTPS works everywhere.", ev))
	}
	if !h.subdomains {
		s.add(checkHSTSNoSubdomains.finding(u, fmt.Sprintf("HSTS on %s does not include subdomains.", u),
			"Add includeSubDomains (SECURE_HSTS_INCLUDE_SUBDOMAINS = True) once every subdomain is HTTPS-only.", ev))
	}
	var missing []string
	if h.maxAge < oneYear {
		missing = append(missing, "max-age of at least 31536000")
	}
	if !h.subdomains {
		missing = append(missing, "includeSubDomains")
	}
	if httpChecked && !httpDirect {
		missing = append(missing, "http:// redirecting first to https:// on the same host")
	}
	switch {
	case h.preload && len(missing) > 0:
		s.add(checkHSTSPreload.finding(u, fmt.Sprintf("%s asks for HSTS preloading but does not qualify: it lacks %s.", u, strings.Join(missing, ", ")),
			"Meet the preload requirements (hstspreload.org) or drop the preload directive.", append(ev, s.httpEvidence()...)))
	case !h.preload && h.maxAge >= oneYear && h.subdomains && len(missing) == 0:
		s.add(checkHSTSPreload.finding(u, fmt.Sprintf("%s meets the HSTS preload requirements checked except the preload directive itself.", u),
			"Add preload (SECURE_HSTS_PRELOAD = True) and submit the domain at hstspreload.org, or leave it out on purpose.", ev))
	}
	if predicted {
		want, err := parseHSTS(exp.HSTS.value)
		if err == nil && (want.maxAge != h.maxAge || want.subdomains != h.subdomains || want.preload != h.preload) {
			s.add(checkHSTSDiffers.finding(u,
				fmt.Sprintf("The settings make Django send \"Strict-Transport-Security: %s\"; %s sends %q instead: something in front of Django sets it.", exp.HSTS.value, u, values[0]),
				"Decide which layer owns the header and remove it from the other.",
				append(ev, "  settings: "+exp.HSTS.shown+exp.source(exp.HSTS.setting))))
		}
	}
}

// httpEvidence is the http:// redirect's evidence, when it was probed.
func (s *site) httpEvidence() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.obs.HTTPEvidence
}

// humanSeconds words a duration in seconds roughly.
func humanSeconds(n int64) string {
	switch {
	case n >= 86400*2:
		return fmt.Sprintf("%d days", n/86400)
	case n >= 7200:
		return fmt.Sprintf("%d hours", n/3600)
	case n >= 120:
		return fmt.Sprintf("%d minutes", n/60)
	}
	return fmt.Sprintf("%d seconds", n)
}
