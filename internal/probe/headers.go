package probe

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
)

// Referrer policies that do not send full URLs to other origins.
var safeReferrer = map[string]bool{
	"no-referrer": true, "same-origin": true, "strict-origin": true, "strict-origin-when-cross-origin": true,
}

// Every valid Referrer-Policy token (the header's effective policy is the
// last valid token).
var knownReferrer = map[string]bool{
	"no-referrer": true, "no-referrer-when-downgrade": true, "same-origin": true, "origin": true,
	"strict-origin": true, "origin-when-cross-origin": true, "strict-origin-when-cross-origin": true, "unsafe-url": true,
}

var safeCOOP = map[string]bool{"same-origin": true, "same-origin-allow-popups": true, "noopener-allow-popups": true}

// conflictHeaders are the headers for which two different values mean the
// browser ignores the header or keeps only the first.
var conflictHeaders = []string{"Strict-Transport-Security", "X-Frame-Options", "X-Content-Type-Options", "Cross-Origin-Opener-Policy"}

// djangoHeaderNames are the security headers Django's middleware sends,
// which --project compares with the live site.
var djangoHeaderNames = []string{"X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"}

// validXFO returns the X-Frame-Options value browsers honour among the
// header's values (DENY or SAMEORIGIN, sent once), or "".
func validXFO(values []string) string {
	if v := distinctFold(values); len(v) == 1 && (strings.EqualFold(v[0], "DENY") || strings.EqualFold(v[0], "SAMEORIGIN")) {
		return v[0]
	}
	return ""
}

// isNosniff reports whether an X-Content-Type-Options value is nosniff.
func isNosniff(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "nosniff") }

// checkHeaders judges the security headers of a page.
func (s *site) checkHeaders(x *exchange) {
	s.verify(finding.TopicSecurityHeaders)
	u := x.url.String()
	h := x.resp.Header
	s.mu.Lock()
	if s.obs.Headers == nil {
		s.obs.Headers = http.Header{}
		for _, n := range djangoHeaderNames {
			if v := h.Values(n); len(v) > 0 {
				s.obs.Headers[n] = v
			}
		}
		s.obs.HeadersURL = u
	}
	s.mu.Unlock()

	conflicting := map[string]bool{}
	for _, n := range conflictHeaders {
		vals := distinctFold(h.Values(n))
		if len(vals) > 1 {
			conflicting[n] = true
			s.add(checkConflicting.finding(u, fmt.Sprintf("%s sends %s twice, with different values (%s).", u, n, strings.Join(quoteAll(vals), " and ")),
				"Send the header from one layer only: remove it from Django or hide the upstream one in the web server (proxy_hide_header).",
				x.evidence(n)))
		}
	}

	policies := cspPolicies(h.Values("Content-Security-Policy"), x.body)
	if !conflicting["X-Frame-Options"] {
		xfo := distinctFold(h.Values("X-Frame-Options"))
		if validXFO(xfo) == "" && !cspHas(policies, "frame-ancestors") {
			msg := fmt.Sprintf("%s has neither X-Frame-Options nor a CSP frame-ancestors directive: other sites can frame it.", u)
			if len(xfo) > 0 {
				msg = fmt.Sprintf("%s sends X-Frame-Options %q, which browsers do not honour, and no CSP frame-ancestors.", u, xfo[0])
			}
			s.add(checkXFO.finding(u, msg, "Keep XFrameOptionsMiddleware (Django sends DENY) or set CSP frame-ancestors 'none'.",
				x.evidence("X-Frame-Options", "Content-Security-Policy")))
		}
	}
	if v := h.Get("X-Content-Type-Options"); !isNosniff(v) {
		msg := fmt.Sprintf("%s has no \"X-Content-Type-Options: nosniff\".", u)
		if v != "" {
			msg = fmt.Sprintf("%s sends X-Content-Type-Options %q; only \"nosniff\" means anything.", u, v)
		}
		s.add(checkNosniff.finding(u, msg, "SECURE_CONTENT_TYPE_NOSNIFF = True (Django's default) or add the header in the web server.",
			x.evidence("X-Content-Type-Options")))
	}
	if policy := referrerPolicy(h.Values("Referrer-Policy")); !safeReferrer[policy] {
		msg := fmt.Sprintf("%s has no Referrer-Policy.", u)
		if policy != "" {
			msg = fmt.Sprintf("%s sends Referrer-Policy %s, which gives other sites the full URL of the page.", u, policy)
		}
		s.add(checkReferrer.finding(u, msg, "SECURE_REFERRER_POLICY = \"same-origin\" (Django's default) or \"strict-origin-when-cross-origin\".",
			x.evidence("Referrer-Policy")))
	}
	if !conflicting["Cross-Origin-Opener-Policy"] {
		coop := strings.ToLower(strings.TrimSpace(strings.Split(h.Get("Cross-Origin-Opener-Policy"), ";")[0]))
		if !safeCOOP[coop] {
			msg := fmt.Sprintf("%s has no Cross-Origin-Opener-Policy.", u)
			if coop != "" {
				msg = fmt.Sprintf("%s sends Cross-Origin-Opener-Policy %s, which isolates nothing.", u, coop)
			}
			s.add(checkCOOP.finding(u, msg, "SECURE_CROSS_ORIGIN_OPENER_POLICY = \"same-origin\" (Django's default).",
				x.evidence("Cross-Origin-Opener-Policy")))
		}
	}
	s.checkCSP(x, policies)
	s.compareHeaders(x)
}

// referrerPolicy is the effective policy of Referrer-Policy header values:
// the last valid token ("" when none).
func referrerPolicy(values []string) string {
	policy := ""
	for _, v := range values {
		for _, tok := range strings.Split(v, ",") {
			tok = strings.ToLower(strings.TrimSpace(tok))
			if knownReferrer[tok] {
				policy = tok
			}
		}
	}
	return policy
}

// distinctFold returns the distinct trimmed values, compared without case.
func distinctFold(values []string) []string {
	var out []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, v) }) {
			out = append(out, v)
		}
	}
	return out
}

func quoteAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// csp is one parsed policy: directive name → source list.
type csp map[string][]string

// parseCSP reads one policy. A directive repeated is ignored after its
// first occurrence, as browsers do.
func parseCSP(v string) csp {
	p := csp{}
	for _, d := range strings.Split(v, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		if _, dup := p[name]; dup {
			continue
		}
		p[name] = fields[1:]
	}
	return p
}

var metaCSP = regexp.MustCompile(`(?is)<meta\s[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>`)
var metaContent = regexp.MustCompile(`(?is)content\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// cspPolicies are the enforced policies: each Content-Security-Policy
// header and each <meta http-equiv> policy in the page.
func cspPolicies(headers []string, body []byte) []csp {
	var out []csp
	for _, v := range headers {
		for _, one := range strings.Split(v, ",") {
			if strings.TrimSpace(one) != "" {
				out = append(out, parseCSP(one))
			}
		}
	}
	head := body
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	for _, tag := range metaCSP.FindAll(head, 4) {
		if m := metaContent.FindSubmatch(tag); m != nil {
			out = append(out, parseCSP(string(m[1])+string(m[2])))
		}
	}
	return out
}

func cspHas(policies []csp, directive string) bool {
	for _, p := range policies {
		if _, ok := p[directive]; ok {
			return true
		}
	}
	return false
}

// scriptWeakness says what is wrong with a policy's control of scripts
// ("" when scripts are restricted).
func (p csp) scriptWeakness() string {
	src, ok := p["script-src"]
	name := "script-src"
	if !ok {
		src, ok = p["default-src"]
		name = "default-src"
	}
	if !ok {
		return "nothing restricts scripts (no script-src or default-src)"
	}
	nonceOrHash, strictDynamic := false, false
	for _, s := range src {
		l := strings.ToLower(s)
		switch {
		case strings.HasPrefix(l, "'nonce-"), strings.HasPrefix(l, "'sha256-"), strings.HasPrefix(l, "'sha384-"), strings.HasPrefix(l, "'sha512-"):
			nonceOrHash = true
		case l == "'strict-dynamic'":
			strictDynamic = true
		}
	}
	var bad []string
	for _, s := range src {
		switch l := strings.ToLower(s); {
		case l == "'unsafe-inline'" && !nonceOrHash && !strictDynamic:
			bad = append(bad, s)
		case l == "'unsafe-eval'":
			bad = append(bad, s)
		case (l == "*" || l == "http:" || l == "https:" || l == "data:" || strings.HasPrefix(l, "http://")) && !strictDynamic:
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		return fmt.Sprintf("scripts may come from %s (%s)", strings.Join(bad, " "), name)
	}
	return ""
}

// objectWeakness says what is wrong with a policy's control of plugins.
func (p csp) objectWeakness() string {
	src, ok := p["object-src"]
	name := "object-src"
	if !ok {
		src, ok = p["default-src"]
		name = "default-src"
	}
	if !ok {
		return "nothing restricts plugins (no object-src or default-src)"
	}
	if len(src) == 1 && strings.EqualFold(src[0], "'none'") {
		return ""
	}
	for _, s := range src {
		if l := strings.ToLower(s); l == "*" || l == "http:" || l == "https:" || l == "data:" {
			return fmt.Sprintf("plugins may come from %s (%s)", s, name)
		}
	}
	if name == "default-src" {
		return ""
	}
	return fmt.Sprintf("object-src is %s rather than 'none'", strings.Join(src, " "))
}

// checkCSP judges the page's Content-Security-Policy. Policies combine:
// scripts are restricted when any enforced policy restricts them.
func (s *site) checkCSP(x *exchange, policies []csp) {
	u := x.url.String()
	if len(policies) == 0 {
		msg := fmt.Sprintf("%s has no Content-Security-Policy.", u)
		if x.resp.Header.Get("Content-Security-Policy-Report-Only") != "" {
			msg = fmt.Sprintf("%s has only a Content-Security-Policy-Report-Only header, which enforces nothing.", u)
		}
		s.add(checkCSPMissing.finding(u, msg,
			"Send a policy, e.g. default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none' (django-csp, Django 6.0's CSP settings, or the web server).",
			x.evidence("Content-Security-Policy", "Content-Security-Policy-Report-Only")))
		return
	}
	var script, object []string
	scriptOK, objectOK := false, false
	for _, p := range policies {
		if w := p.scriptWeakness(); w == "" {
			scriptOK = true
		} else {
			script = append(script, w)
		}
		if w := p.objectWeakness(); w == "" {
			objectOK = true
		} else {
			object = append(object, w)
		}
	}
	var why []string
	if !scriptOK {
		why = append(why, script[0])
	}
	if !objectOK {
		why = append(why, object[0])
	}
	if len(why) > 0 {
		s.add(checkCSPWeak.finding(u, fmt.Sprintf("The Content-Security-Policy of %s does little against XSS: %s.", u, strings.Join(why, "; ")),
			"Restrict script-src to 'self' (or nonces/hashes) without 'unsafe-inline'/'unsafe-eval', and set object-src 'none'.",
			x.evidence("Content-Security-Policy")))
	}
}

// compareHeaders compares, with --project, the headers the settings make
// Django send with those of the live page.
func (s *site) compareHeaders(x *exchange) {
	exp := s.r.opts.Expect
	if exp == nil {
		return
	}
	var diffs, ev []string
	for _, n := range djangoHeaderNames {
		want, ok := exp.Headers[n]
		if !ok || !want.known {
			continue
		}
		got := x.resp.Header.Values(n)
		match := false
		if want.value == "" {
			match = len(got) == 0
		} else {
			for _, g := range got {
				if strings.EqualFold(strings.TrimSpace(g), want.value) {
					match = true
				}
			}
		}
		if match {
			continue
		}
		gotText := "none"
		if len(got) > 0 {
			gotText = strings.Join(quoteAll(got), ", ")
		}
		wantText := "none"
		if want.value != "" {
			wantText = fmt.Sprintf("%q", want.value)
		}
		diffs = append(diffs, fmt.Sprintf("%s: settings give %s, the site sends %s", n, wantText, gotText))
		ev = append(ev, "  settings: "+want.shown+exp.source(want.setting))
	}
	if len(diffs) == 0 {
		return
	}
	s.add(checkHeadersDiffer.finding(x.url.String(),
		fmt.Sprintf("Headers of %s differ from what the settings make Django send (%s): a layer in front of Django changes them.", x.url, strings.Join(diffs, "; ")),
		"Decide which layer owns each header; a change to the setting has no effect while the other layer overrides it.",
		append(x.evidence(djangoHeaderNames...), ev...)))
}
