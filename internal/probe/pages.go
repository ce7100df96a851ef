package probe

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/secret"
)

// probeForged sends the site's base URL (its real name as SNI) with a
// forged Host header. The site must refuse: 400 or 421, a redirect to one
// of its own names, or a closed connection (nginx's 444).
func (s *site) probeForged(ctx context.Context, base *url.URL) {
	forged := "deploycheck-" + randomToken(4) + ".invalid"
	x := s.do(ctx, http.MethodGet, base, forged)
	if !x.ok() {
		switch classify(x.err) {
		case errClosed, errTLS:
			// Refused: the connection was closed (444) or the handshake
			// was rejected.
			s.verify(finding.TopicAllowedHosts)
		default:
			s.lost(ctx, x)
		}
		return
	}
	s.verify(finding.TopicAllowedHosts)
	u := base.String()
	ev := x.evidence("Location")
	exp := s.r.opts.Expect
	if exp != nil && exp.Hosts != nil {
		ev = append(ev, "  settings: ALLOWED_HOSTS = "+pyList(exp.Hosts)+exp.source("ALLOWED_HOSTS"))
	}
	switch code := x.status(); {
	case code >= 200 && code < 300:
		msg := fmt.Sprintf("%s answers %s to a request with the forged header Host: %s: the site accepts any host name.", u, x.resp.Status, forged)
		if n := bytes.Count(bytes.ToLower(x.body), []byte(forged)); n > 0 {
			msg += fmt.Sprintf(" The page even uses the forged name (%s), so its links can be pointed at another domain.", times(n))
			ev = append(ev, fmt.Sprintf("  body mentions %s %d times", forged, n))
		}
		s.add(checkForgedAccepted.finding(u, msg,
			"List the real names in ALLOWED_HOSTS (not \"*\") and add a default server that refuses unknown hosts (nginx: default_server with return 444;).", ev))
	case isRedirect(code):
		if loc := x.location(); loc != nil && strings.EqualFold(loc.Hostname(), forged) {
			s.add(checkForgedRedirect.finding(u,
				fmt.Sprintf("%s redirects a request with the forged header Host: %s to %s: the redirect is built from the Host header.", u, forged, loc),
				"Redirect to a fixed name ($server_name, not $host) and add a default server that refuses unknown hosts.", ev))
		}
	case code >= 500:
		s.add(checkForgedError.finding(u,
			fmt.Sprintf("%s fails with %s on a request with the forged header Host: %s.", u, x.resp.Status, forged),
			"Add a default server that refuses unknown hosts, and look for the error in the application's logs.", ev))
	}
}

// probeNotFound asks for a random path: the DEBUG 404 page and Django's
// stock 404 page show there (the passive checks recognise them).
func (s *site) probeNotFound(ctx context.Context, base *url.URL) {
	defer close(s.notFoundDone)
	chain, _, _ := s.follow(ctx, withPath(base, notFoundPrefix+randomToken(6)+"/", ""), 3, nil)
	final := chain[len(chain)-1]
	if !final.ok() {
		s.lost(ctx, final)
		return
	}
	if isRedirect(final.status()) {
		return
	}
	s.verify(finding.TopicDebug)
	if final.status() == http.StatusNotFound {
		s.verify(finding.TopicErrorTemplates)
	}
}

// notFoundPrefix starts the random path probeNotFound asks for.
const notFoundPrefix = "/deploycheck-missing-"

// defaultFormPaths are the login pages tried when the project does not say
// where its forms are.
var defaultFormPaths = []string{"/accounts/login/", "/admin/login/", "/login/", "/users/login/", "/user/login/"}

const maxFormPages = 5

// probeForms visits pages with a form until the CSRF cookie shows up (the
// passive checks collect the cookies), then makes the application fail on
// one of them with more query fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
// allows: Django answers 400, with the DEBUG error page when DEBUG is on.
func (s *site) probeForms(ctx context.Context, base *url.URL) {
	var paths []string
	if exp := s.r.opts.Expect; exp != nil {
		paths = append(paths, exp.FormPaths...)
	}
	for _, p := range defaultFormPaths {
		if !containsFold(paths, p) {
			paths = append(paths, p)
		}
	}
	if len(paths) > maxFormPages {
		paths = paths[:maxFormPages]
	}
	var form *url.URL
	for _, p := range paths {
		if ctx.Err() != nil {
			return
		}
		chain, _, _ := s.follow(ctx, withPath(base, p, ""), 3, nil)
		final := chain[len(chain)-1]
		if !final.ok() {
			s.lost(ctx, final)
			continue
		}
		s.mu.Lock()
		s.forms = append(s.forms, p)
		s.mu.Unlock()
		if form == nil && final.status() == http.StatusOK && bytes.Contains(bytes.ToLower(final.body), []byte("<form")) {
			form = final.url
		}
		if form != nil && s.hasCSRFCookie() {
			break
		}
	}
	// With DEBUG already seen on, the failing request tells nothing more:
	// Django 5.2's DEBUG error page itself fails on it (it lists the query
	// fields), after seconds spent on the traceback.
	select {
	case <-s.notFoundDone:
	case <-ctx.Done():
		return
	}
	s.mu.Lock()
	debugOn := s.tech404 != nil
	s.mu.Unlock()
	if debugOn {
		return
	}
	n := s.r.opts.Expect.maxFields()
	if n == 0 {
		s.note("DATA_UPLOAD_MAX_NUMBER_FIELDS is unlimited or very high, so the request that makes the application fail was not sent")
		return
	}
	target := form
	if target == nil {
		target = withPath(base, "/", "")
	}
	x := s.do(ctx, http.MethodGet, withPath(target, target.Path, tooManyFields(n)), "")
	switch {
	case !x.ok():
		s.lost(ctx, x)
	case !isRedirect(x.status()):
		s.verify(finding.TopicDebug)
	}
}

// hasCSRFCookie tells whether a cookie that looks like Django's CSRF
// cookie was set.
func (s *site) hasCSRFCookie() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := "csrftoken"
	if exp := s.r.opts.Expect; exp != nil && exp.CSRFCookieName != "" {
		name = exp.CSRFCookieName
	}
	if s.cookies[name] != nil {
		return true
	}
	for _, n := range s.cookieList {
		if strings.Contains(strings.ToLower(n), "csrf") {
			return true
		}
	}
	return false
}

// probeAdmin asks for /admin/: a redirect to the admin's login or the
// admin's own page means Django's admin is at its default path.
func (s *site) probeAdmin(ctx context.Context, base *url.URL) {
	chain, _, _ := s.follow(ctx, withPath(base, "/admin/", ""), 3, nil)
	var found *exchange
	for _, x := range chain {
		if !x.ok() {
			s.lost(ctx, x)
			return
		}
		if !isRedirect(x.status()) {
			s.verify(finding.TopicAdmin)
		}
		if loc := x.location(); loc != nil && strings.Contains(loc.Path, "/admin/login/") {
			found = x
			break
		}
		if x.status() == http.StatusOK && (bytes.Contains(x.body, []byte("Django site admin")) || bytes.Contains(x.body, []byte("Django administration"))) {
			found = x
			break
		}
	}
	if found == nil {
		return
	}
	u := withPath(base, "/admin/", "").String()
	msg := fmt.Sprintf("Django's admin answers at the default path %s.", u)
	if exp := s.r.opts.Expect; exp != nil && exp.AdminPath != "" && exp.AdminPath != "/admin/" {
		msg += fmt.Sprintf(" (The project mounts it at %s, yet /admin/ answers too.)", exp.AdminPath)
	}
	s.add(checkAdmin.finding(u, msg, "Mount admin.site.urls under a path of your own, or allow /admin/ only from known addresses in the web server.",
		found.evidence("Location")))
}

var (
	dotenvLine = regexp.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$`)
	gitHead    = regexp.MustCompile(`^(ref: refs/|[0-9a-f]{40}\s*$)`)
	listingRe  = regexp.MustCompile(`(?i)<title>\s*(Index of |Directory listing for )`)
)

// probeFiles asks for files that must never be served (.env, .git) and
// for the static and media directories (listings).
func (s *site) probeFiles(ctx context.Context, base *url.URL) {
	static, media := "/static/", "/media/"
	if exp := s.r.opts.Expect; exp != nil {
		if exp.StaticURL != "" {
			static = exp.StaticURL
		}
		if exp.MediaURL != "" {
			media = exp.MediaURL
		}
	}
	paths := []string{"/.env", "/.git/HEAD", "/.git/config", static}
	if media != static {
		paths = append(paths, media)
	}
	xs := make([]*exchange, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() { xs[i] = s.do(ctx, http.MethodGet, withPath(base, p, ""), "") })
	}
	wg.Wait()
	var git []*exchange
	for i, x := range xs {
		if !x.ok() {
			s.lost(ctx, x)
			continue
		}
		if isRedirect(x.status()) {
			continue
		}
		s.verify(finding.TopicWebServer)
		if x.status() != http.StatusOK {
			continue
		}
		switch p := paths[i]; {
		case p == "/.env":
			if names := dotenvNames(x.body); len(names) > 0 {
				s.add(checkDotenv.finding(x.url.String(),
					fmt.Sprintf("%s is served: an environment file with %d variable(s).", x.url, len(names)),
					"Serve only public directories (STATIC_ROOT, MEDIA_ROOT), deny dotfiles, and rotate every secret in the file.",
					append(x.evidence("Content-Type"), "  body: "+strings.Join(names, " "))))
			}
		case p == "/.git/HEAD":
			if gitHead.Match(x.body) {
				git = append(git, x)
			}
		case p == "/.git/config":
			if bytes.Contains(x.body, []byte("[core]")) {
				git = append(git, x)
			}
		default:
			if listingRe.Match(x.body) {
				s.add(checkListing.finding(x.url.String(), fmt.Sprintf("%s serves a directory listing.", x.url),
					"Turn directory listings off (nginx: autoindex off;).", append(x.evidence("Content-Type"), "  body: "+titleOf(x.body))))
			}
		}
	}
	if len(git) > 0 {
		var ev []string
		var names []string
		for _, x := range git {
			ev = append(ev, x.evidence("Content-Type")...)
			ev = append(ev, "  body: "+clip(firstLine(x.body), 80))
			names = append(names, x.url.Path)
		}
		s.add(checkGit.finding(git[0].url.String(), fmt.Sprintf("The git repository is served (%s): anyone can download the source and its history.", strings.Join(names, ", ")),
			"Deploy without .git or deny dotfiles in the web server; treat secrets in the history as leaked.", ev))
	}
}

// dotenvNames lists the variables of a dotenv body with redacted values;
// nil when the body does not look like one (HTML, or no NAME=value line).
func dotenvNames(body []byte) []string {
	head := bytes.ToLower(body[:min(len(body), 512)])
	if bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype")) {
		return nil
	}
	var out []string
	for _, m := range dotenvLine.FindAllSubmatch(body, 50) {
		value := strings.Trim(strings.TrimSpace(string(m[2])), `"'`)
		out = append(out, string(m[1])+"="+secret.Redact(value))
	}
	return out
}

func titleOf(body []byte) string {
	if m := titleRe.FindSubmatch(body); m != nil {
		return "<title>" + clip(spaceRe.ReplaceAllString(string(m[1]), " "), 80) + "</title>"
	}
	return ""
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return string(line)
}

// times words a count: "once", "twice", "3 times".
func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
