package checks

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

const smNote = " (checked only when SecurityMiddleware is in MIDDLEWARE, under its exact dotted path)"

func httpsChecks() []*Check {
	return []*Check{
		{
			ID: "security.W004", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `SECURE_HSTS_SECONDS is not set` + smNote + `.

Without an HSTS header, a browser that once visited the site over HTTPS will
still try plain HTTP next time, where an attacker can intercept it. The test
is truthiness: 0, None and "" fire; any non-empty string passes.

When the project's nginx adds a Strict-Transport-Security header with a
positive max-age to every response of the app it serves over TLS, the
warning is still reported (Django reports it) but lowered to information,
with the add_header directives as evidence.

Fix: once the whole site (and, with INCLUDE_SUBDOMAINS, every subdomain) is
HTTPS-only, set SECURE_HSTS_SECONDS, starting small (e.g. 3600) and raising it
to a year. Browsers remember the policy, so read Django's HSTS notes first.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), truthy(p.Setting("SECURE_HSTS_SECONDS")).not()) != yes {
					return
				}
				f := finding.Finding{
					Setting: "SECURE_HSTS_SECONDS",
					Message: "SECURE_HSTS_SECONDS is not set, so Django's responses carry no Strict-Transport-Security header.",
					Hint:    "When the site is HTTPS-only, set SECURE_HSTS_SECONDS (start with 3600, then 31536000).",
				}
				if where, ok := p.nginxHSTS(); ok {
					f.Severity = finding.Info
					f.Message += " nginx adds the header to every response of the app it serves over HTTPS (" +
						strings.Join(where, ", ") + "), so this is reported as information."
					f.Evidence = prefixAll("nginx sends Strict-Transport-Security at ", where)
				}
				p.Report(f)
			},
		},
		{
			ID: "security.W005", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `HSTS does not cover subdomains` + smNote + `.

With SECURE_HSTS_SECONDS set but SECURE_HSTS_INCLUDE_SUBDOMAINS not exactly
True, a subdomain reachable over HTTP can be used to attack the site (for
example to plant cookies). Only the boolean True passes; 1 or "True" do not.

Fix: set SECURE_HSTS_INCLUDE_SUBDOMAINS = True once every subdomain is
HTTPS-only.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), truthy(p.Setting("SECURE_HSTS_SECONDS")),
					isTrue(p.Setting("SECURE_HSTS_INCLUDE_SUBDOMAINS")).not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_HSTS_INCLUDE_SUBDOMAINS",
					Message: "SECURE_HSTS_INCLUDE_SUBDOMAINS is not True, so the HSTS policy leaves subdomains open to plain HTTP.",
					Hint:    "Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True if every subdomain is served only over HTTPS.",
				})
			},
		},
		{
			ID: "security.W008", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `Plain HTTP is not redirected to HTTPS` + smNote + `.

SECURE_SSL_REDIRECT must be exactly True for Django to redirect HTTP requests
to HTTPS; 1 or "true" do not count. When a proxy or load balancer already
redirects, the warning still appears (Django cannot see the proxy).

When the project's nginx serves the app over HTTPS, redirects plain HTTP
to https:// and passes no plain-HTTP request to the app, deploycheck still
reports the id (Django does) but lowers it to information and names the
redirect.

Fix: set SECURE_SSL_REDIRECT = True, or redirect at the proxy (and then set
SECURE_PROXY_SSL_HEADER so Django knows the request was secure).`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), isTrue(p.Setting("SECURE_SSL_REDIRECT")).not()) != yes {
					return
				}
				f := finding.Finding{
					Setting: "SECURE_SSL_REDIRECT",
					Message: "SECURE_SSL_REDIRECT is not True, so Django serves pages over plain HTTP when asked.",
					Hint:    "Set SECURE_SSL_REDIRECT = True, or make the proxy/load balancer redirect HTTP to HTTPS.",
				}
				if where, ok := p.nginxRedirect(); ok {
					f.Severity = finding.Info
					f.Message += " nginx redirects HTTP to HTTPS at " + strings.Join(where, ", ") +
						" and passes no plain-HTTP request to the app, so this is reported as information."
					f.Evidence = prefixAll("nginx redirects HTTP to HTTPS at ", where)
				}
				p.Report(f)
			},
		},
		{
			ID: "security.W021", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `HSTS preload is not enabled` + smNote + `.

With SECURE_HSTS_SECONDS set but SECURE_HSTS_PRELOAD not exactly True, the
site cannot be submitted to the browsers' built-in HSTS preload list, so a
browser's very first visit may still go over HTTP.

Fix: set SECURE_HSTS_PRELOAD = True (with subdomains included and a long
max-age) and submit the domain to the preload list.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), truthy(p.Setting("SECURE_HSTS_SECONDS")),
					isTrue(p.Setting("SECURE_HSTS_PRELOAD")).not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_HSTS_PRELOAD",
					Message: "SECURE_HSTS_PRELOAD is not True, so the site cannot join the browsers' HSTS preload list.",
					Hint:    "Set SECURE_HSTS_PRELOAD = True once HSTS covers subdomains with a long max-age.",
				})
			},
		},
	}
}

// HSTS durations, in seconds.
const (
	hstsOneYear = 31536000
	hstsOneDay  = 86400
)

// httpsChecklist returns deploycheck's own checks of this checklist topic.
func httpsChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.https.no-redirect", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Doc: `Nothing redirects plain HTTP to HTTPS, in a way Django's
security.W008 does not report.

W008 only looks when the exact path
'django.middleware.security.SecurityMiddleware' is in MIDDLEWARE. When no
SecurityMiddleware is installed at all, SECURE_SSL_REDIRECT = True does
nothing; when only a subclass of it is installed and SECURE_SSL_REDIRECT is
off, no Django check mentions the redirect. In both cases the site answers
plain HTTP unless something in front redirects. deploycheck reads the
project's nginx configurations: when nginx redirects plain HTTP to HTTPS
before the app (as for security.W008), nothing is reported.

Fix: put django.middleware.security.SecurityMiddleware first in MIDDLEWARE
and set SECURE_SSL_REDIRECT = True, or redirect HTTP to HTTPS at the web
server or load balancer.`,
			Run: runNoRedirect,
		},
		{
			ID: "dc.https.hsts-short", Topic: finding.TopicHTTPS, Severity: finding.Info,
			Doc: `SECURE_HSTS_SECONDS is set, but to less than a year.

Django's security.W004 is satisfied by any truthy value. A short max-age is
the right way to start (browsers remember the policy, so a mistake with a
year-long one locks visitors out of any HTTP-only part of the site), but it
protects only visitors who came back within that time, the HSTS preload
list requires at least a year (31536000 seconds), and scanners such as
the Mozilla HTTP Observatory mark it down. Reported as information: it is
a stage of the roll-out, not an error.

Fix: once every page (and, with includeSubDomains, every subdomain) is
served over HTTPS, raise SECURE_HSTS_SECONDS step by step to 31536000.`,
			Run: runHSTSShort,
		},
		{
			ID: "dc.https.hsts-value", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Doc: `SECURE_HSTS_SECONDS is not a positive whole number of seconds.

SecurityMiddleware writes the value into the header as text:
"max-age=%s". A string read from the environment without int() passes
Django's security.W004 whenever it is non-empty, even "0", which sends
max-age=0 and tells browsers to forget the site's HSTS policy. Values such
as "1 year", 3600.0, True or a negative number give a header that browsers
ignore.

Fix: convert the value: SECURE_HSTS_SECONDS = int(os.environ.get(...)) or
env.int(...), and use a positive number of seconds.`,
			Run: runHSTSValue,
		},
		{
			ID: "dc.https.proxy-header-malformed", Topic: finding.TopicHTTPS, Severity: finding.Error,
			Doc: `SECURE_PROXY_SSL_HEADER is not a (header, value) pair that Django can
use.

Django unpacks the setting into two values whenever it asks whether a
request is secure (every request, with SecurityMiddleware or CSRF
protection): a value that is not a pair raises ImproperlyConfigured, so
those requests fail with a server error. The header must be named as it
appears in request.META, upper-case with an HTTP_ prefix and underscores
("HTTP_X_FORWARDED_PROTO"); "X-Forwarded-Proto" is never found, so Django
never sees a request as secure and SECURE_SSL_REDIRECT redirects forever.

Fix: SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"), with the
header the proxy actually sets.`,
			Run: runProxyHeaderMalformed,
		},
		{
			ID: "dc.https.proxy-header-trusted", Topic: finding.TopicHTTPS, Severity: finding.Info,
			Doc: `SECURE_PROXY_SSL_HEADER makes Django trust a request header, and no
proxy known to replace that header was found.

With SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"), any
request carrying "X-Forwarded-Proto: https" counts as secure. That is
right only when every request passes through a proxy that removes the
header clients send and sets its own. If the app can be reached directly,
or the proxy passes the client's header through, a client can make a plain
HTTP request look like HTTPS to Django (secure-only logic, the SSL redirect
and the URLs Django builds all follow it). deploycheck recognises Traefik
in a production compose file, which replaces the header by default, and
reads the project's nginx configurations: when nginx passes requests to
the app, dc.web_server.forwarded-proto judges what it does with the header
and this check stays silent.

Fix: keep the setting only behind a proxy that overwrites the header
(nginx: proxy_set_header X-Forwarded-Proto $scheme;) and make sure the app
server is not reachable from outside except through it.`,
			Run: runProxyHeaderTrusted,
		},
		{
			ID: "dc.https.csrf-origin-http", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Doc: `CSRF_TRUSTED_ORIGINS lists an http:// origin.

Django accepts unsafe requests (form posts, API writes) whose Origin is in
CSRF_TRUSTED_ORIGINS. A page served over plain HTTP can be rewritten by
anyone on the network path, so trusting an http:// origin lets such an
attacker post forms as the site's users. Entries without a scheme are
Django's 4_0.E001; this check looks at the scheme.

Fix: list only https:// origins, and serve those origins over HTTPS.`,
			Run: runCSRFOriginHTTP,
		},
	}
}

func runNoRedirect(p *Pass) {
	redirect := p.Setting("SECURE_SSL_REDIRECT")
	installed := p.containsSubclass(p.Setting("MIDDLEWARE"), mwSecurity)
	if and3(installed, truthy(redirect)) != no {
		return
	}
	// security.W008 already reports the literal middleware with a redirect
	// that is not True.
	if and3(p.middlewareLiteral(mwSecurity), isTrue(redirect).not()) != no {
		return
	}
	if _, ok := p.nginxRedirect(); ok {
		return
	}
	front := "no web server redirect was found (deploycheck reads nginx files, not Apache or Caddy ones)"
	if p.nginxServesApp() {
		front = "the project's nginx passes requests to the app without redirecting them all to HTTPS"
	}
	var why string
	if installed == no {
		why = "no SecurityMiddleware is in MIDDLEWARE"
		if truthy(redirect) == yes {
			why += ", so SECURE_SSL_REDIRECT = True has no effect"
		}
	} else {
		why = "SECURE_SSL_REDIRECT is off (Django's own check does not see the SecurityMiddleware subclass in MIDDLEWARE)"
	}
	p.Report(finding.Finding{
		Setting: "SECURE_SSL_REDIRECT",
		Message: "Nothing redirects plain HTTP to HTTPS: " + why + ", and " + front +
			". Pages, cookies and form posts can travel unencrypted.",
		Hint: "Put 'django.middleware.security.SecurityMiddleware' first in MIDDLEWARE and set SECURE_SSL_REDIRECT = True, " +
			"or redirect HTTP to HTTPS at the web server or load balancer.",
	})
}

// hstsHeaderSeconds returns the max-age SecurityMiddleware would send for
// a SECURE_HSTS_SECONDS value ("max-age=%s" % value): the number when the
// text is a whole number of seconds; valid is false when the text is not
// one; known is false for values whose text cannot be told.
func hstsHeaderSeconds(v pyvalue.Value) (seconds *big.Int, text string, valid, known bool) {
	switch v.Kind() {
	case pyvalue.KindBool:
		return nil, pyvalue.Repr(v), false, true
	case pyvalue.KindInt:
		n, ok := v.AsBigInt()
		if !ok {
			return nil, "", false, false
		}
		return n, n.String(), n.Sign() >= 0, true
	case pyvalue.KindFloat:
		return nil, pyvalue.Repr(v), false, true
	case pyvalue.KindStr:
		s, _ := v.AsStr()
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return nil, s, false, true
		}
		n, ok := new(big.Int).SetString(s, 10)
		return n, s, ok, true
	}
	return nil, "", false, false
}

// hstsApplies is W004's premise: SecurityMiddleware sends the header and
// SECURE_HSTS_SECONDS is truthy.
func (p *Pass) hstsApplies() (pyvalue.Value, bool) {
	v := p.Setting("SECURE_HSTS_SECONDS")
	return v, and3(p.middlewareLiteral(mwSecurity), truthy(v)) == yes
}

func runHSTSShort(p *Pass) {
	v, ok := p.hstsApplies()
	if !ok {
		return
	}
	n, _, valid, known := hstsHeaderSeconds(v)
	if !known || !valid || n.Sign() == 0 || n.Cmp(big.NewInt(hstsOneYear)) >= 0 {
		return
	}
	p.Report(finding.Finding{
		Setting: "SECURE_HSTS_SECONDS",
		Message: fmt.Sprintf("SECURE_HSTS_SECONDS is %s (%s): browsers keep the HTTPS-only policy for less than a year, "+
			"which suits a staged roll-out but protects only visitors who return within that time and is too short "+
			"for the browsers' HSTS preload list.", n, humanSeconds(n.Int64())),
		Hint: "Once every page and subdomain is served over HTTPS, raise SECURE_HSTS_SECONDS step by step to 31536000 (one year).",
	})
}

// humanSeconds renders a duration below a year in the largest whole unit.
func humanSeconds(s int64) string {
	unit := func(n int64, name string) string {
		if n == 1 {
			return "1 " + name
		}
		return fmt.Sprintf("%d %ss", n, name)
	}
	for _, u := range []struct {
		seconds int64
		name    string
	}{{hstsOneDay, "day"}, {3600, "hour"}, {60, "minute"}} {
		switch {
		case s >= u.seconds && s%u.seconds == 0:
			return unit(s/u.seconds, u.name)
		case s >= u.seconds:
			return "about " + unit(s/u.seconds, u.name)
		}
	}
	return unit(s, "second")
}

func runHSTSValue(p *Pass) {
	v, ok := p.hstsApplies()
	if !ok {
		return
	}
	n, text, valid, known := hstsHeaderSeconds(v)
	if !known {
		return
	}
	var msg string
	switch {
	case valid && n.Sign() == 0:
		msg = fmt.Sprintf("SECURE_HSTS_SECONDS is the string %s: Django's check counts it as set, but the header says "+
			"max-age=0, which tells browsers to forget the site's HTTPS-only policy.", pyvalue.Repr(v))
	case !valid:
		msg = fmt.Sprintf("SECURE_HSTS_SECONDS is %s, so the header reads max-age=%s, which is not a whole number of "+
			"seconds: browsers ignore the header and the site gets no HSTS at all.", pyvalue.Repr(v), text)
	default:
		return
	}
	p.Report(finding.Finding{
		Setting: "SECURE_HSTS_SECONDS",
		Message: msg,
		Hint:    "Use a positive whole number of seconds, converting environment text with int() or env.int(); 31536000 is one year.",
	})
}

// metaHeader matches a request.META header key.
var metaHeader = regexp.MustCompile(`^HTTP_[A-Z0-9_]+$`)

// proxyHeader reads SECURE_PROXY_SSL_HEADER: set is false when it is
// None or otherwise falsy (Django then ignores it); problem says why
// Django cannot use it ("" when it can). known is false when the value
// cannot be told.
func proxyHeader(v pyvalue.Value) (header, value string, set bool, problem string, known bool) {
	t := truthy(v)
	if t == unknown {
		return "", "", false, "", false
	}
	if t == no {
		return "", "", false, "", true
	}
	elems, ok := iterElems(v)
	if !ok {
		return "", "", true, "", false
	}
	for _, e := range elems {
		if e.IsUnknown() {
			return "", "", true, "", false
		}
	}
	if len(elems) != 2 {
		return "", "", true, fmt.Sprintf("it is %s, which does not unpack into a (header, value) pair, so Django raises "+
			"ImproperlyConfigured whenever it asks whether a request is secure", pyvalue.Repr(v)), true
	}
	h, okH := elems[0].AsStr()
	val, okV := elems[1].AsStr()
	switch {
	case !okH || !okV:
		return "", "", true, "its header and value must both be strings", true
	case !metaHeader.MatchString(h):
		return h, val, true, fmt.Sprintf("the header %s is not a request.META key (those are upper-case, with an HTTP_ "+
			"prefix and underscores, such as 'HTTP_X_FORWARDED_PROTO'), so it is never found and no request counts "+
			"as secure", pyvalue.Repr(elems[0])), true
	}
	return h, val, true, "", true
}

func runProxyHeaderMalformed(p *Pass) {
	_, _, set, problem, known := proxyHeader(p.Setting("SECURE_PROXY_SSL_HEADER"))
	if !known || !set || problem == "" {
		return
	}
	p.Report(finding.Finding{
		Setting: "SECURE_PROXY_SSL_HEADER",
		Message: "SECURE_PROXY_SSL_HEADER cannot work: " + problem + ".",
		Hint:    "Write it as a pair naming the header as Django sees it: ('HTTP_X_FORWARDED_PROTO', 'https').",
	})
}

func runProxyHeaderTrusted(p *Pass) {
	v := p.Setting("SECURE_PROXY_SSL_HEADER")
	header, value, set, problem, known := proxyHeader(v)
	if !known || !set || problem != "" {
		return
	}
	if proxy := headerOverwritingProxy(p); proxy != "" || p.nginxServesApp() {
		return
	}
	name := headerName(header)
	p.Report(finding.Finding{
		// Info: the proxy in front is usually configured outside what
		// deploycheck can read, so this is a point to verify, not a
		// proven fault.
		Severity: finding.Info,
		Setting:  "SECURE_PROXY_SSL_HEADER",
		Message: fmt.Sprintf("SECURE_PROXY_SSL_HEADER = %s makes Django treat every request carrying the header %s: %s as "+
			"HTTPS, and no proxy known to replace that header was found (deploycheck recognises Traefik in compose files "+
			"and reads nginx files, but not Apache or Caddy ones). If the app can be reached without the proxy, or the "+
			"proxy passes the client's header through, a client can make a plain HTTP request look secure.",
			pyvalue.Repr(v), name, value),
		Hint: fmt.Sprintf("Make sure the proxy overwrites %s on every request (nginx: proxy_set_header %s $scheme;) "+
			"and that the app server is reachable only through it; otherwise set SECURE_PROXY_SSL_HEADER = None.", name, name),
	})
}

// headerOverwritingProxy names a proxy in the deployment files that
// replaces X-Forwarded-* headers sent by clients, or returns "". Traefik
// does so unless told to trust them; compose files whose path marks them
// for development are not production and do not count.
func headerOverwritingProxy(p *Pass) string {
	if p.Project == nil {
		return ""
	}
	for _, cf := range p.Project.Compose {
		if p.devFile(cf.Path) {
			continue
		}
		for _, svc := range cf.Services {
			for _, image := range p.serviceImages(svc) {
				if deployfiles.ImageName(image) == "traefik" {
					return fmt.Sprintf("Traefik (service %s in %s)", svc.Name, p.deployFileRel(cf.Path))
				}
			}
		}
	}
	return ""
}

func runCSRFOriginHTTP(p *Pass) {
	elems, ok := p.Setting("CSRF_TRUSTED_ORIGINS").Elems()
	if !ok {
		return
	}
	var plain []string
	for _, e := range elems {
		if s, ok := e.AsStr(); ok && strings.HasPrefix(strings.ToLower(s), "http://") {
			plain = append(plain, pyvalue.Repr(e))
		}
	}
	if len(plain) == 0 {
		return
	}
	p.Report(finding.Finding{
		Setting: "CSRF_TRUSTED_ORIGINS",
		Message: "CSRF_TRUSTED_ORIGINS trusts plain-HTTP origins: " + strings.Join(plain, ", ") + ". Anyone who can " +
			"tamper with traffic to such an origin can inject a page there that posts forms to this site as its users.",
		Hint: "List only https:// origins, and serve them over HTTPS.",
	})
}

// headerName turns a request.META key back into the HTTP header it holds:
// "HTTP_X_FORWARDED_PROTO" gives "X-Forwarded-Proto".
func headerName(metaKey string) string {
	parts := strings.Split(strings.TrimPrefix(metaKey, "HTTP_"), "_")
	for i, w := range parts {
		if w != "" {
			parts[i] = w[:1] + strings.ToLower(w[1:])
		}
	}
	return strings.Join(parts, "-")
}
