package probe

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
)

// seenCookie is a cookie as first set by the site.
type seenCookie struct {
	cookie *http.Cookie
	url    string
	ev     []string
}

// techHit is a technical (DEBUG) page seen, with what it shows.
type techHit struct {
	x     *exchange
	leaks []string
}

var versionRe = regexp.MustCompile(`\d+\.\d+`)

// observe runs the passive checks on every response: cookies, a version in
// Server, DEBUG pages, Django's stock error pages, bodies over the limit
// and bodies cut short by the timeout.
func (s *site) observe(x *exchange) {
	if !x.ok() {
		return
	}
	// The body scans run before the site's lock is taken: the page probes
	// run in parallel, and a body may be a mebibyte.
	leaks404, is404 := technical404(x.body)
	leaks500, is500 := technical500(x.body)
	stock := isStockPage(x.status(), x.body)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, line := range x.resp.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil || s.cookies[c.Name] != nil {
			continue
		}
		ev := append(x.requestLines(), x.statusLine(), "< Set-Cookie: "+redactCookie(line))
		s.cookies[c.Name] = &seenCookie{cookie: c, url: x.url.String(), ev: ev}
		s.cookieList = append(s.cookieList, c.Name)
	}
	if s.leak == nil {
		for _, n := range []string{"Server", "X-Powered-By"} {
			if v := x.resp.Header.Get(n); versionRe.MatchString(v) {
				s.leak, s.leakURL, s.leakValue = x.evidence(n), x.url.String(), n+": "+v
				break
			}
		}
	}
	// The random path of probeNotFound is the clearest evidence of a DEBUG
	// 404 page; any other page that shows one is kept until it comes.
	if s.tech404 == nil || !strings.HasPrefix(s.tech404.x.url.Path, notFoundPrefix) {
		if is404 {
			s.tech404 = &techHit{x: x, leaks: leaks404}
		}
	}
	if s.tech500 == nil && is500 {
		s.tech500 = &techHit{x: x, leaks: leaks500}
	}
	if code := x.status(); s.stock[code] == nil && stock {
		s.stock[code] = x
	}
	if x.truncated && s.oversized == nil {
		s.oversized = x
	}
	if x.bodyErr != nil && classify(x.bodyErr) == errTimeout {
		s.timeouts = append(s.timeouts, x)
	}
}

// lost records a request of a page probe that got no answer: timeouts are
// reported together at the end, other failures are noted. A connection
// closed without an answer is a refusal, not a failure.
func (s *site) lost(ctx context.Context, x *exchange) {
	if x.ok() || stopped(ctx, x.err) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch classify(x.err) {
	case errTimeout:
		s.timeouts = append(s.timeouts, x)
	case errClosed:
	default:
		s.errors = append(s.errors, x)
	}
}

var (
	urlconfRe  = regexp.MustCompile(`Using the URLconf defined in <code>([^<]*)</code>`)
	patternRe  = regexp.MustCompile(`(?s)<li>\s*(.*?)\s*</li>`)
	codeRe     = regexp.MustCompile(`(?s)<code>\s*(.*?)\s*</code>`)
	titleRe    = regexp.MustCompile(`(?is)<title>\s*(.*?)\s*</title>`)
	spaceRe    = regexp.MustCompile(`\s+`)
	debugTrue  = []byte("<code>DEBUG = True</code>")
	debugPlain = []byte("DEBUG = True in your Django settings file")
)

// technical404 recognises Django's DEBUG 404 page (and the "install
// worked" page of a project without URLs) and says what it shows.
func technical404(body []byte) ([]string, bool) {
	if bytes.Contains(body, []byte("The install worked successfully!")) && bytes.Contains(body, debugTrue) {
		return []string{"the default \"install worked\" page: DEBUG is on and no URL patterns are configured"}, true
	}
	m := urlconfRe.FindSubmatch(body)
	if m == nil || !bytes.Contains(body, debugTrue) {
		return nil, false
	}
	leaks := []string{"the URLconf " + string(m[1])}
	start := bytes.Index(body, []byte("Django tried these URL patterns"))
	if start >= 0 {
		end := bytes.Index(body[start:], []byte("</ol>"))
		if end < 0 {
			end = len(body) - start
		}
		var pats []string
		for _, li := range patternRe.FindAllSubmatch(body[start:start+end], -1) {
			var parts []string
			for _, c := range codeRe.FindAllSubmatch(li[1], -1) {
				parts = append(parts, spaceRe.ReplaceAllString(string(c[1]), " "))
			}
			pat := strings.Join(parts, "")
			if pat == "" || strings.HasPrefix(pat, "[name=") {
				pat = "''" + strings.TrimPrefix(" "+pat, " ")
				pat = strings.Replace(pat, "''[", "'' [", 1)
			}
			pats = append(pats, pat)
		}
		if len(pats) > 0 {
			shown := pats
			if len(shown) > 6 {
				shown = append(shown[:6:6], "…")
			}
			leaks = append(leaks, fmt.Sprintf("%d URL patterns (%s)", len(pats), strings.Join(shown, ", ")))
		}
	}
	return leaks, true
}

// technical500 recognises Django's DEBUG error page (HTML or plain text)
// and says what it shows.
func technical500(body []byte) ([]string, bool) {
	html := bytes.Contains(body, debugTrue) && bytes.Contains(body, []byte(`id="summary"`)) && bytes.Contains(body, []byte(`id="requestinfo"`))
	plain := bytes.Contains(body, debugPlain) && bytes.Contains(body, []byte("Django Version:"))
	if !html && !plain {
		return nil, false
	}
	var leaks []string
	if m := titleRe.FindSubmatch(body); m != nil && html {
		leaks = append(leaks, "the exception ("+spaceRe.ReplaceAllString(string(m[1]), " ")+")")
	}
	if bytes.Contains(body, []byte(`id="traceback"`)) || bytes.Contains(body, []byte("Traceback (most recent call last)")) {
		leaks = append(leaks, "the traceback with local variables")
	}
	if bytes.Contains(body, []byte(`id="meta-info"`)) || bytes.Contains(body, []byte("META:")) {
		leaks = append(leaks, "the request headers and cookies")
	}
	if bytes.Contains(body, []byte(`id="settings-info"`)) || bytes.Contains(body, []byte("\nSettings:\n")) {
		leaks = append(leaks, "the settings")
	}
	return leaks, true
}

// Django's built-in error pages (django.views.defaults), by status: the
// ERROR_PAGE_TEMPLATE of Django 3.0 and later, and the bare bodies of
// earlier versions.
var stockMarkers = map[int][]byte{
	404: []byte("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"),
	500: []byte("<h1>Server Error (500)</h1><p></p>"),
	400: []byte("<h1>Bad Request (400)</h1><p></p>"),
	403: []byte("<h1>403 Forbidden</h1><p></p>"),
}

var oldStockBodies = map[int]string{
	500: "<h1>Server Error (500)</h1>",
	400: "<h1>Bad Request (400)</h1>",
	403: "<h1>403 Forbidden</h1>",
}

// isStockPage tells whether a response is Django's built-in error page for
// its status.
func isStockPage(code int, body []byte) bool {
	m, ok := stockMarkers[code]
	if !ok || len(body) > 2048 {
		return false
	}
	return bytes.Contains(body, m) || string(bytes.TrimSpace(body)) == oldStockBodies[code]
}

// finish turns what the passive checks collected into findings and notes.
func (s *site) finish() {
	s.cookieFindings()
	exp := s.r.opts.Expect
	var settingsLine []string
	if exp != nil && exp.Debug.known && exp.Debug.value == "False" {
		settingsLine = []string{"  settings: DEBUG = False" + exp.source("DEBUG") + " — the running site does not use the settings audited"}
	}
	if h := s.tech404; h != nil {
		s.add(checkTechnical404.finding(h.x.url.String(),
			fmt.Sprintf("%s shows Django's DEBUG page, which reveals %s.", h.x.url, strings.Join(h.leaks, " and ")),
			"Set DEBUG = False in production.",
			append(append(h.x.evidence("Content-Type"), "  page shows: "+strings.Join(h.leaks, "; ")), settingsLine...)))
	}
	if h := s.tech500; h != nil {
		s.add(checkTechnical500.finding(h.x.url.String(),
			fmt.Sprintf("%s answers with Django's DEBUG error page, which reveals %s.", clip(h.x.url.String(), maxURL), strings.Join(h.leaks, ", ")),
			"Set DEBUG = False in production now, and change the secrets the page may have shown.",
			append(append(h.x.evidence("Content-Type"), "  page shows: "+strings.Join(h.leaks, "; ")), settingsLine...)))
	}
	for code, c := range map[int]*Check{404: checkStock404, 500: checkStock500, 400: checkStock400, 403: checkStock403} {
		if x := s.stock[code]; x != nil {
			s.add(c.finding(x.url.String(),
				fmt.Sprintf("%s answers with Django's built-in %d page: the project has no %d.html template.", clip(x.url.String(), maxURL), code, code),
				fmt.Sprintf("Add templates/%d.html to a template directory.", code),
				append(x.evidence("Content-Type"), "  body: "+strings.TrimSpace(string(stockMarkers[code]))+"…")))
		}
	}
	if s.leak != nil {
		u := s.leakURL
		msg := fmt.Sprintf("The site (%s) names its server software with a version: %s.", s.host, s.leakValue)
		if strings.Contains(s.leakValue, "WSGIServer") {
			msg += " That is Django's development server (runserver), which is not meant for production."
		}
		s.add(checkServerVersion.finding(u, msg, "nginx: server_tokens off; run the application under gunicorn or uWSGI, never runserver.", s.leak))
	}
	if x := s.oversized; x != nil {
		s.add(checkBodyLimit.finding(x.url.String(),
			fmt.Sprintf("The body of %s is larger than %d bytes; the probe read only that much.", x.url, s.r.opts.MaxBody),
			"Check what this URL serves.", append(x.evidence("Content-Type", "Content-Length"), fmt.Sprintf("  read %d bytes and stopped", len(x.body)))))
	}
	if len(s.timeouts) > 0 {
		first := s.timeouts[0]
		var ev []string
		for i, x := range s.timeouts {
			if i == 4 {
				ev = append(ev, fmt.Sprintf("  … and %d more", len(s.timeouts)-4))
				break
			}
			ev = append(ev, x.requestLines()...)
			if x.ok() {
				ev = append(ev, x.statusLine(), "  (the body did not arrive in time: "+describeErr(x.bodyErr)+")")
			} else {
				ev = append(ev, x.statusLine())
			}
		}
		s.add(checkTimeout.finding(first.url.String(),
			fmt.Sprintf("%d request(s) to %s did not complete within %s.", len(s.timeouts), s.host, s.r.opts.Timeout),
			"Check that the server and its upstream answer promptly; a proxy waiting on a dead upstream looks like this.", ev))
	}
	for _, x := range s.errors {
		s.note("%s: no answer (%s)", x.url, describeErr(x.err))
	}
}

// cookieFindings judges the session and CSRF cookies and the others.
func (s *site) cookieFindings() {
	exp := s.r.opts.Expect
	sessName, csrfName := "sessionid", "csrftoken"
	if exp != nil && exp.SessionCookieName != "" {
		sessName = exp.SessionCookieName
	}
	if exp != nil && exp.CSRFCookieName != "" {
		csrfName = exp.CSRFCookieName
	}
	pick := func(name, word string) *seenCookie {
		if c := s.cookies[name]; c != nil {
			return c
		}
		for _, n := range s.cookieList {
			if strings.Contains(strings.ToLower(n), word) {
				return s.cookies[n]
			}
		}
		return nil
	}
	sess, csrf := pick(sessName, "sess"), pick(csrfName, "csrf")
	if csrf != nil && sess == csrf {
		sess = nil
	}
	observed := func(c *seenCookie) *ObservedCookie {
		if c == nil {
			return nil
		}
		return &ObservedCookie{Name: c.cookie.Name, Secure: c.cookie.Secure, HTTPOnly: c.cookie.HttpOnly, SameSite: sameSite(c.cookie), Evidence: c.ev}
	}
	s.obs.SessionCookie, s.obs.CSRFCookie = observed(sess), observed(csrf)
	visited := strings.Join(s.forms, ", ")
	if visited == "" {
		visited = "none answered"
	}
	if csrf == nil {
		s.note("no CSRF cookie (%s) was set by the pages visited (%s): the CSRF cookie's flags were not verified", csrfName, visited)
	} else {
		s.verified[finding.TopicCSRFCookieSecure] = true
		c := csrf.cookie
		if !c.Secure {
			s.add(checkCSRFNotSecure.finding(csrf.url, fmt.Sprintf("The CSRF cookie %s is set without Secure, so it also travels over plain HTTP.%s", c.Name, prefixNote(c.Name)),
				"CSRF_COOKIE_SECURE = True.", csrf.ev))
		}
		if ss := sameSite(c); ss == "" || ss == "none" || ss == "invalid" {
			s.add(checkCSRFSameSite.finding(csrf.url, fmt.Sprintf("The CSRF cookie %s has %s, so browsers send it with cross-site requests.", c.Name, describeSameSite(ss)),
				"Leave CSRF_COOKIE_SAMESITE at \"Lax\" or set \"Strict\".", csrf.ev))
		}
	}
	if sess == nil {
		s.note("no session cookie (%s) was set by the pages visited (%s): Django sets it only once a page stores something in the session, so its flags were not verified", sessName, visited)
	} else {
		s.verified[finding.TopicSessionCookieSecure] = true
		c := sess.cookie
		if !c.Secure {
			s.add(checkSessionNotSecure.finding(sess.url, fmt.Sprintf("The session cookie %s is set without Secure, so the session also travels over plain HTTP.%s", c.Name, prefixNote(c.Name)),
				"SESSION_COOKIE_SECURE = True.", sess.ev))
		}
		if !c.HttpOnly {
			s.add(checkSessionNotHTTPOnly.finding(sess.url, fmt.Sprintf("The session cookie %s is set without HttpOnly, so scripts on the page can read it.", c.Name),
				"Leave SESSION_COOKIE_HTTPONLY at True.", sess.ev))
		}
		if ss := sameSite(c); ss == "" || ss == "none" || ss == "invalid" {
			s.add(checkSessionSameSite.finding(sess.url, fmt.Sprintf("The session cookie %s has %s, so browsers send it with cross-site requests.", c.Name, describeSameSite(ss)),
				"Leave SESSION_COOKIE_SAMESITE at \"Lax\" or set \"Strict\".", sess.ev))
		}
	}
	var others []string
	var ev []string
	for _, n := range s.cookieList {
		c := s.cookies[n]
		if c == sess || c == csrf || c.cookie.Secure {
			continue
		}
		others = append(others, n)
		ev = append(ev, c.ev...)
	}
	if len(others) > 0 {
		s.verified[finding.TopicSessionCookieSecure] = true
		s.add(checkOtherCookies.finding(s.cookies[others[0]].url, fmt.Sprintf("Cookies set without Secure: %s.", strings.Join(others, ", ")),
			"Add Secure to every cookie (nginx: proxy_cookie_flags ~ secure; or the setting of the app that sets it).", ev))
	}
}

// sameSite words a cookie's SameSite attribute: "" when absent.
func sameSite(c *http.Cookie) string {
	switch c.SameSite {
	case http.SameSiteLaxMode:
		return "lax"
	case http.SameSiteStrictMode:
		return "strict"
	case http.SameSiteNoneMode:
		return "none"
	case http.SameSiteDefaultMode:
		return "invalid"
	}
	return ""
}

func describeSameSite(ss string) string {
	switch ss {
	case "":
		return "no SameSite attribute"
	case "invalid":
		return "a SameSite value browsers do not know"
	}
	return "SameSite=None"
}

// prefixNote adds that a __Secure- or __Host- cookie without Secure is
// rejected by browsers outright.
func prefixNote(name string) string {
	if strings.HasPrefix(name, "__Secure-") || strings.HasPrefix(name, "__Host-") {
		return " Browsers reject a " + strings.SplitAfter(name, "-")[0] + " cookie without Secure, so it is not even stored."
	}
	return ""
}
