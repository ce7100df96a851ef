package probe

import (
	"github.com/deploycheck/deploycheck/internal/finding"
)

// Check is one live-site check: its id, checklist topic, severity and the
// documentation `deploycheck explain ID` shows. Findings take their id,
// topic and severity from the check that reports them, so every id the
// probe can emit is documented here.
type Check struct {
	ID       string
	Topic    finding.Topic
	Severity finding.Severity
	// Doc explains what the check finds, why it matters and how to fix it.
	Doc string
	// Reachability marks the checks whose findings say a URL could not be
	// probed at all: they judge nothing, so their topic does not count as
	// checked (Result.Verified) and a site nobody reached gets no grade.
	Reachability bool
}

// finding makes a finding of the check about the URL probed.
func (c *Check) finding(u, message, hint string, evidence []string) finding.Finding {
	return finding.Finding{
		ID: c.ID, Topic: c.Topic, Severity: c.Severity, Certainty: finding.Definite,
		Message: message, Hint: hint, URL: clip(u, maxURL), Evidence: evidence,
	}
}

// maxURL is how much of a URL findings and evidence show (the request
// that makes the application fail has a long query string).
const maxURL = 120

// Checks lists every live-site check, in checklist topic order.
func Checks() []*Check {
	return []*Check{
		checkNoRedirect, checkRedirectIndirect, checkRedirectTemporary, checkRedirectPath, checkRedirectLoop,
		checkTLSFailed, checkLegacyTLS, checkNoTLS13,
		checkCertUntrusted, checkCertExpired, checkCertNotYetValid, checkCertExpiresSoon, checkCertName, checkCertHosts,
		checkHSTSMissing, checkHSTSInvalid, checkHSTSShort, checkHSTSNoSubdomains, checkHSTSPreload,
		checkHSTSStripped, checkHSTSDiffers, checkInsecure,
		checkCSRFNotSecure, checkCSRFSameSite,
		checkSessionNotSecure, checkSessionNotHTTPOnly, checkSessionSameSite, checkOtherCookies,
		checkForgedAccepted, checkForgedRedirect, checkForgedError,
		checkTechnical404, checkTechnical500,
		checkStock404, checkStock500, checkStock400, checkStock403,
		checkUnreachable, checkTimeout, checkBodyLimit, checkDotenv, checkGit, checkListing,
		checkXFO, checkNosniff, checkReferrer, checkCOOP, checkCSPMissing, checkCSPWeak,
		checkConflicting, checkHeadersDiffer, checkServerVersion,
		checkAdmin,
	}
}

const hintCA = "If the certificate comes from a private CA, pass it with --ca-file; --insecure probes anyway (and says so)."

var (
	checkNoRedirect = &Check{
		ID: "dc.probe.https.no-redirect", Topic: finding.TopicHTTPS, Severity: finding.Error,
		Doc: `The http:// form of the site does not end up on https://.

The probe requests the site's http:// URL and follows the redirects it is
given (only to hosts of the site). The finding is reported when the first
answer is a page rather than a redirect, or when the chain ends on a plain
HTTP URL. Visitors who type the bare domain, and every old link, then use
the site without encryption: passwords, session cookies and CSRF tokens
travel in clear text, and nothing brings them to HTTPS.

Fix: answer every http:// request with a permanent redirect to the same
host and path on https://, in the web server (nginx: return 301
https://$server_name$request_uri;) or with SECURE_SSL_REDIRECT = True.`,
	}
	checkRedirectIndirect = &Check{
		ID: "dc.probe.https.redirect-indirect", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `The first redirect of the http:// site does not go straight to https://
on the same host.

A first hop to another host (http://example.com → https://www.example.com)
or to another plain-HTTP URL means the host the visitor asked for never
answers over HTTPS, so it can never send its HSTS header, and the hops in
clear text can be tampered with. HSTS preloading requires the first hop to
stay on the same host.

Fix: redirect http://host/path to https://host/path first; move between
hosts (www or not) only once on HTTPS.`,
	}
	checkRedirectTemporary = &Check{
		ID: "dc.probe.https.redirect-temporary", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `The redirect from http:// to https:// is temporary (302, 303 or 307).

Browsers and search engines do not remember a temporary redirect, so every
visit through an old http:// link starts over in clear text, and links keep
their http:// form in search results.

Fix: use 301 or 308 (nginx: return 301 https://$server_name$request_uri;).
Django's SECURE_SSL_REDIRECT already answers 301.`,
	}
	checkRedirectPath = &Check{
		ID: "dc.probe.https.redirect-path", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `The redirect from http:// to https:// loses the path or the query string.

The probe asks for http://host/<random path>/?deploycheck=1 and expects to
be sent to the same path and query on https://. A redirect to the home page
breaks every deep link that still uses http:// (bookmarks, e-mails, other
sites).

Fix: keep the request URI in the redirect (nginx: $request_uri; Django's
SECURE_SSL_REDIRECT keeps it).`,
	}
	checkRedirectLoop = &Check{
		ID: "dc.probe.https.redirect-loop", Topic: finding.TopicHTTPS, Severity: finding.Error,
		Doc: `Following the site's redirects comes back to a URL already visited, or
does not end within the redirect limit.

The usual cause behind a TLS-terminating proxy: Django's SECURE_SSL_REDIRECT
is on, but the proxy does not tell Django that the request came over HTTPS
(no X-Forwarded-Proto, or SECURE_PROXY_SSL_HEADER not set), so Django
redirects every HTTPS request to itself. Browsers give up with "too many
redirects" and the site is down.

Fix: have the proxy set X-Forwarded-Proto $scheme (overwriting what the
client sent) and set SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO",
"https"); or redirect in the proxy and turn SECURE_SSL_REDIRECT off.`,
	}
	checkTLSFailed = &Check{
		ID: "dc.probe.https.tls-failed", Topic: finding.TopicHTTPS, Severity: finding.Error,
		Doc: `The TLS handshake with the https:// URL failed.

The server refused the handshake (an alert, no protocol version or cipher in
common) or did not speak TLS at all (for example a plain HTTP server on the
port). Browsers cannot open the site over HTTPS.

Fix: check the certificate and key, ssl_protocols (TLSv1.2 TLSv1.3) and
ssl_ciphers in the web server, and that the port is the TLS one.`,
	}
	checkLegacyTLS = &Check{
		ID: "dc.probe.https.legacy-tls", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `The server completes a TLS 1.0 or TLS 1.1 handshake.

The probe offers each old version on its own (a ClientHello allowing only
that version and every cipher suite Go implements) and reports each one the
server accepts. Both versions are deprecated (RFC 8996): they depend on
SHA-1 and CBC constructions with known attacks, no current browser uses
them, and compliance regimes (PCI DSS) forbid them. Accepting them only helps
an attacker who can force a downgrade.

Fix: offer only TLS 1.2 and 1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3;).`,
	}
	checkNoTLS13 = &Check{
		ID: "dc.probe.https.no-tls13", Topic: finding.TopicHTTPS, Severity: finding.Info,
		Doc: `The server does not offer TLS 1.3.

TLS 1.3 removes the weak parts of older versions and saves a round trip on
every new connection. Any OpenSSL from 1.1.1 on supports it.

Fix: add TLSv1.3 to ssl_protocols.`,
	}
	checkCertUntrusted = &Check{
		ID: "dc.probe.https.certificate-untrusted", Topic: finding.TopicHTTPS, Severity: finding.Error,
		Doc: `The certificate chain does not lead to a trusted root.

Verification uses the system's roots, or the CA given with --ca-file. A
self-signed certificate, a private CA, or a missing intermediate certificate
(the server must send the chain, not only the leaf) all make browsers refuse
the site. Without --insecure the probe then stops probing that https:// URL,
as a browser would.

Fix: serve a certificate from a public CA with its full chain (nginx:
ssl_certificate pointing at fullchain.pem).`,
	}
	checkCertExpired = &Check{
		ID: "dc.probe.https.certificate-expired", Topic: finding.TopicHTTPS, Severity: finding.Error,
		Doc: `The certificate has expired.

Browsers refuse expired certificates with a full-page warning.

Fix: renew it, and automate renewal (certbot, acme.sh, or the platform's
managed certificates) with monitoring of the expiry date.`,
	}
	checkCertNotYetValid = &Check{
		ID: "dc.probe.https.certificate-not-yet-valid", Topic: finding.TopicHTTPS, Severity: finding.Error,
		Doc: `The certificate's validity period has not started.

Usually a clock problem on the machine that issued it, or a certificate
deployed before its start date. Browsers refuse it.

Fix: check the issuing machine's clock and reissue.`,
	}
	checkCertExpiresSoon = &Check{
		ID: "dc.probe.https.certificate-expires-soon", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `The certificate expires within 30 days.

Automated renewal normally renews 30 days before expiry (Let's Encrypt
certificates last 90 days and are renewed at 60), so a certificate this
close to its end suggests that renewal is failing.

Fix: check the renewal job and its logs; renew now.`,
	}
	checkCertName = &Check{
		ID: "dc.probe.https.certificate-name", Topic: finding.TopicHTTPS, Severity: finding.Error,
		Doc: `The certificate does not cover the host name of the URL probed.

The probe connects with the URL's host as SNI (with --resolve, to the
address given) and checks the host against the certificate's names, as a
browser does. A mismatch usually means the web server has no server block
for this name and answers with another site's certificate.

Fix: add the name to the certificate (or use a wildcard) and give the web
server a server block with that certificate for the name.`,
	}
	checkCertHosts = &Check{
		ID: "dc.probe.https.certificate-hosts", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `With --project: some names in ALLOWED_HOSTS are not covered by the
certificate.

Every name in ALLOWED_HOSTS is a name the site is meant to answer to; if the
certificate does not cover it, visitors who use that name get a certificate
error. For a leading-dot entry (".example.com") the bare domain is checked;
"*" is skipped.

Fix: add the names to the certificate, or remove names the site no longer
serves from ALLOWED_HOSTS.`,
	}
	checkHSTSMissing = &Check{
		ID: "dc.probe.https.hsts-missing", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `The HTTPS response carries no Strict-Transport-Security header (or one
with max-age=0, which switches HSTS off).

Without HSTS a browser that has visited the site over HTTPS still tries
http:// first the next time (a typed domain, an old link), and an attacker
on the network can keep the visit on HTTP (SSL stripping).

Fix: set SECURE_HSTS_SECONDS (with SecurityMiddleware and, behind a proxy,
SECURE_PROXY_SSL_HEADER) or add the header in the web server, starting with
a short max-age and raising it to a year.`,
	}
	checkHSTSInvalid = &Check{
		ID: "dc.probe.https.hsts-invalid", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `The Strict-Transport-Security header cannot be parsed.

Browsers ignore a header without a valid max-age, or with a directive
repeated, so the site has no HSTS at all.

Fix: send exactly "max-age=31536000; includeSubDomains" (and "; preload"
once the site qualifies).`,
	}
	checkHSTSShort = &Check{
		ID: "dc.probe.https.hsts-short", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `HSTS max-age is shorter than one year (31536000 seconds).

A short max-age lets the protection lapse between visits; a year is what
the deployment checklist and the HSTS preload list ask for.

Fix: once HTTPS works everywhere, raise SECURE_HSTS_SECONDS (or the web
server's header) to 31536000 or more.`,
	}
	checkHSTSNoSubdomains = &Check{
		ID: "dc.probe.https.hsts-no-subdomains", Topic: finding.TopicHTTPS, Severity: finding.Info,
		Doc: `HSTS does not include subdomains.

Without includeSubDomains a subdomain reachable over plain HTTP can set
cookies for the whole domain, undermining the session and CSRF cookies.

Fix: when every subdomain is HTTPS-only, set SECURE_HSTS_INCLUDE_SUBDOMAINS
= True (or add includeSubDomains in the web server).`,
	}
	checkHSTSPreload = &Check{
		ID: "dc.probe.https.hsts-preload", Topic: finding.TopicHTTPS, Severity: finding.Info,
		Doc: `The site is not eligible for the HSTS preload list, or asks for preloading
without meeting its requirements.

Preloaded sites are HTTPS-only in browsers from the very first visit. The
requirements (hstspreload.org) checked here: a valid certificate, http://
redirecting to https:// on the same host first, and an HSTS header with
max-age of at least one year, includeSubDomains and preload. Submission is
for the registrable domain, which the probe cannot tell apart from a
subdomain; and it cannot check that every subdomain serves HTTPS.

Fix: meet the requirements and set SECURE_HSTS_PRELOAD = True, then submit
the domain; or leave preloading out on purpose (it is hard to undo).`,
	}
	checkHSTSStripped = &Check{
		ID: "dc.probe.https.hsts-stripped", Topic: finding.TopicHTTPS, Severity: finding.Warning,
		Doc: `With --project: the settings make Django send HSTS, but the HTTPS
response has none.

Django adds Strict-Transport-Security only to requests it believes are
secure. Behind a TLS-terminating proxy that is the case only when the proxy
passes X-Forwarded-Proto and SECURE_PROXY_SSL_HEADER names it; otherwise, or
when a proxy or CDN removes the header, the setting has no effect.

Fix: make the proxy set X-Forwarded-Proto $scheme and keep
SECURE_PROXY_SSL_HEADER; or send the header from the web server.`,
	}
	checkHSTSDiffers = &Check{
		ID: "dc.probe.https.hsts-differs", Topic: finding.TopicHTTPS, Severity: finding.Info,
		Doc: `With --project: the HSTS header of the live site differs from the one the
settings produce.

Something in front of Django replaces or adds the header (nginx add_header,
a CDN). It is not wrong in itself, but the settings no longer describe the
site: a change to SECURE_HSTS_* will have no effect.

Fix: decide which layer owns the header and remove it from the other.`,
	}
	checkInsecure = &Check{
		ID: "dc.probe.https.insecure", Topic: finding.TopicHTTPS, Severity: finding.Info,
		Doc: `The probe ran with --insecure: HTTPS requests went on even where the
certificate could not be verified.

The certificate findings still say what a browser would object to; this
finding records that the rest of the report was obtained over connections
that were not authenticated.

Fix: pass the private CA with --ca-file instead, when that is the reason.`,
	}
	checkCSRFNotSecure = &Check{
		ID: "dc.probe.csrf_cookie_secure.not-secure", Topic: finding.TopicCSRFCookieSecure, Severity: finding.Warning,
		Doc: `The CSRF cookie is set without the Secure flag.

The probe looks for the cookie (CSRF_COOKIE_NAME with --project, else
"csrftoken" or a name containing "csrf") on a page with a form: the login
pages found in the project or at common paths. Without Secure the browser
also sends it over plain HTTP, where it can be read or overwritten. Django's
CSRF cookie without HttpOnly is its documented default and is not reported.

Fix: CSRF_COOKIE_SECURE = True.`,
	}
	checkCSRFSameSite = &Check{
		ID: "dc.probe.csrf_cookie_secure.samesite", Topic: finding.TopicCSRFCookieSecure, Severity: finding.Warning,
		Doc: `The CSRF cookie has no SameSite attribute, or SameSite=None.

SameSite=Lax (Django's default) or Strict keeps the cookie out of
cross-site requests, a second line of defence against CSRF.

Fix: leave CSRF_COOKIE_SAMESITE at "Lax" or set "Strict".`,
	}
	checkSessionNotSecure = &Check{
		ID: "dc.probe.session_cookie_secure.not-secure", Topic: finding.TopicSessionCookieSecure, Severity: finding.Warning,
		Doc: `The session cookie is set without the Secure flag.

Django sets the session cookie only when a page stores something in the
session (a login page, a cart); the probe visits the project's login pages
or common ones and reports what it sees, using SESSION_COOKIE_NAME with
--project, else "sessionid" or a name containing "sess". Without Secure the
browser sends the session over plain HTTP too, where it can be stolen and
the session hijacked.

Fix: SESSION_COOKIE_SECURE = True.`,
	}
	checkSessionNotHTTPOnly = &Check{
		ID: "dc.probe.session_cookie_secure.not-httponly", Topic: finding.TopicSessionCookieSecure, Severity: finding.Warning,
		Doc: `The session cookie is set without HttpOnly.

Any script on the page, including one injected through an XSS hole, can
then read the session and send it away.

Fix: leave SESSION_COOKIE_HTTPONLY at True.`,
	}
	checkSessionSameSite = &Check{
		ID: "dc.probe.session_cookie_secure.samesite", Topic: finding.TopicSessionCookieSecure, Severity: finding.Warning,
		Doc: `The session cookie has no SameSite attribute, or SameSite=None.

Without Lax or Strict the browser attaches the session to requests started
by other sites, which is what CSRF and some cross-site leaks rely on.

Fix: leave SESSION_COOKIE_SAMESITE at "Lax" or set "Strict".`,
	}
	checkOtherCookies = &Check{
		ID: "dc.probe.session_cookie_secure.other-cookies", Topic: finding.TopicSessionCookieSecure, Severity: finding.Info,
		Doc: `Cookies other than the session and CSRF cookies are set without Secure.

Language, load-balancer or analytics cookies without Secure also travel
over plain HTTP. They rarely matter as much as the session, but a sticky
load-balancer cookie or a preference cookie can still be tampered with.

Fix: add Secure to every cookie the site sets (nginx: proxy_cookie_flags
~ secure; or the setting of the app that sets it).`,
	}
	checkForgedAccepted = &Check{
		ID: "dc.probe.allowed_hosts.forged-accepted", Topic: finding.TopicAllowedHosts, Severity: finding.Error,
		Doc: `A request with a forged Host header gets a normal page.

The probe connects to the site (with its real name as SNI) and sends
Host: <random>.invalid. A site that answers with a page builds its links,
redirects and password-reset e-mails from a host an attacker chose, which
enables reset-link poisoning and cache poisoning.

Fix: list the real names in ALLOWED_HOSTS (not "*"), and give the web
server a default server that refuses unknown names (nginx: a default_server
block with return 444;).`,
	}
	checkForgedRedirect = &Check{
		ID: "dc.probe.allowed_hosts.forged-redirect", Topic: finding.TopicAllowedHosts, Severity: finding.Error,
		Doc: `A request with a forged Host header is redirected to that forged host.

Typically an HTTP-to-HTTPS redirect written with $host or $http_host in a
server block that also catches unknown names. Cached by a proxy, or sent by
an attacker as a link, it sends visitors to a domain of the attacker's
choosing.

Fix: redirect to a fixed name (return 301 https://example.com$request_uri;
or $server_name), and add a default server that refuses unknown hosts.`,
	}
	checkForgedError = &Check{
		ID: "dc.probe.allowed_hosts.forged-error", Topic: finding.TopicAllowedHosts, Severity: finding.Warning,
		Doc: `A request with a forged Host header ends in a server error (5xx).

The forged name got past the web server and the application failed on it,
instead of answering 400 (Django's answer to a host outside ALLOWED_HOSTS)
or the web server closing the connection.

Fix: add a default server that refuses unknown hosts, and check the
application's logs for the error.`,
	}
	checkTechnical404 = &Check{
		ID: "dc.probe.debug.technical-404", Topic: finding.TopicDebug, Severity: finding.Error,
		Doc: `The site shows Django's DEBUG 404 page (or the "install worked" page).

A request for a random path returns the technical 404 page, which lists
the URLconf's patterns: every route of the site, including the admin's
secret path. It appears only with DEBUG = True.

Fix: DEBUG = False in production (and make sure the running processes use
the settings you think they do).`,
	}
	checkTechnical500 = &Check{
		ID: "dc.probe.debug.technical-500", Topic: finding.TopicDebug, Severity: finding.Critical,
		Doc: `The site shows Django's DEBUG error page.

The probe makes the application fail without changing anything: it asks
for a form page with more query fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
allows, and sends a forged Host header. With DEBUG = True Django answers
with the technical error page: the traceback with local variables, the
request headers and cookies, and the settings (Django masks those whose
names look secret, but not database hosts, internal URLs, or secrets under
other names).

Fix: DEBUG = False in production, now.`,
	}
	checkStock404 = &Check{
		ID: "dc.probe.error_templates.stock-404", Topic: finding.TopicErrorTemplates, Severity: finding.Warning,
		Doc: `A missing page is answered with Django's built-in "Not Found" page.

Django falls back to a bare page when no 404.html template exists: no site
layout, no navigation, no way back, and it tells visitors the site runs
Django.

Fix: add templates/404.html.`,
	}
	checkStock500 = &Check{
		ID: "dc.probe.error_templates.stock-500", Topic: finding.TopicErrorTemplates, Severity: finding.Warning,
		Doc: `A server error is answered with Django's built-in "Server Error (500)" page.

Nothing the probe sends is meant to cause a server error, so this is only
reported when a page it visits happens to fail (a broken page is worth
knowing about too). Django falls back to the bare page when no 500.html
exists.

Fix: add a self-contained templates/500.html (it is rendered without
context), and look at the failing page.`,
	}
	checkStock400 = &Check{
		ID: "dc.probe.error_templates.stock-400", Topic: finding.TopicErrorTemplates, Severity: finding.Info,
		Doc: `A bad request is answered with Django's built-in "Bad Request (400)" page.

The probe provokes one with too many query fields on a form page (and a
forged Host reaches it when the web server lets it through). Django falls
back to the bare page when no 400.html exists.

Fix: add templates/400.html.`,
	}
	checkStock403 = &Check{
		ID: "dc.probe.error_templates.stock-403", Topic: finding.TopicErrorTemplates, Severity: finding.Info,
		Doc: `A forbidden request is answered with Django's built-in "403 Forbidden" page.

Reported when a page the probe visits answers 403 with Django's fallback,
which is used when no 403.html exists.

Fix: add templates/403.html.`,
	}
	checkUnreachable = &Check{
		ID: "dc.probe.web_server.unreachable", Topic: finding.TopicWebServer, Severity: finding.Error, Reachability: true,
		Doc: `A URL given to the probe cannot be reached: the name does not resolve,
the connection is refused, or the connection is closed before any answer.

Only URLs given on the command line are reported this way; a form the probe
derived itself (http:// from https://) that does not answer is a note.

Fix: check the URL, DNS, the firewall and that the web server listens on
that port.`,
	}
	checkTimeout = &Check{
		ID: "dc.probe.web_server.timeout", Topic: finding.TopicWebServer, Severity: finding.Error, Reachability: true,
		Doc: `A request did not complete within the per-request timeout (--timeout):
the connection, the TLS handshake, the response headers or the body took
too long.

A server that trickles its answer ties up the visitor's connection and
often points at an overloaded application or a proxy waiting on a dead
upstream.

Fix: check the upstream, the proxy's timeouts and the server's load.`,
	}
	checkBodyLimit = &Check{
		ID: "dc.probe.web_server.body-limit", Topic: finding.TopicWebServer, Severity: finding.Info,
		Doc: `A response body was larger than the probe reads (1 MiB); the probe
stopped reading there and judged the page from its beginning.

Pages this large are unusual for HTML, and an endless body is a sign of a
misbehaving upstream.

Fix: check what the URL serves.`,
	}
	checkDotenv = &Check{
		ID: "dc.probe.web_server.dotenv", Topic: finding.TopicWebServer, Severity: finding.Critical,
		Doc: `/.env is served, and it looks like an environment file.

A web server whose root is the project directory serves every file in it;
.env holds the SECRET_KEY, database passwords and API keys. The evidence
shows the variable names and redacted values only.

Fix: point the web server's root at a directory holding only public files
(STATIC_ROOT, MEDIA_ROOT), deny dotfiles (nginx: location ~ /\. { deny
all; }), and rotate every secret in the file.`,
	}
	checkGit = &Check{
		ID: "dc.probe.web_server.git", Topic: finding.TopicWebServer, Severity: finding.Critical,
		Doc: `/.git/HEAD or /.git/config is served.

With the .git directory readable, anyone can download the whole repository:
the source, its history, and every secret ever committed.

Fix: deploy without .git, or deny dotfiles in the web server; then treat
the history's secrets as leaked.`,
	}
	checkListing = &Check{
		ID: "dc.probe.web_server.directory-listing", Topic: finding.TopicWebServer, Severity: finding.Warning,
		Doc: `A directory listing is served under the static or media URL.

A listing of MEDIA_URL shows every file users uploaded (other people's
documents and pictures); one of STATIC_URL shows the site's internals. The
probe asks for STATIC_URL and MEDIA_URL with --project, else /static/ and
/media/.

Fix: turn listings off (nginx: autoindex off, the default).`,
	}
	checkXFO = &Check{
		ID: "dc.probe.security_headers.x-frame-options", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
		Doc: `The page can be framed by other sites: no valid X-Frame-Options (DENY or
SAMEORIGIN) and no Content-Security-Policy frame-ancestors.

A page that can be put in a frame on another site can be used for
clickjacking: the visitor clicks the attacker's page while really clicking
buttons of yours.

Fix: keep XFrameOptionsMiddleware (Django sends DENY) or set CSP
frame-ancestors.`,
	}
	checkNosniff = &Check{
		ID: "dc.probe.security_headers.nosniff", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
		Doc: `The page has no "X-Content-Type-Options: nosniff".

Without it browsers may guess content types, so an uploaded file can be run
as a script or stylesheet.

Fix: SECURE_CONTENT_TYPE_NOSNIFF = True (Django's default), or add the
header in the web server, for media files too.`,
	}
	checkReferrer = &Check{
		ID: "dc.probe.security_headers.referrer-policy", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
		Doc: `No Referrer-Policy, or one that sends full URLs to other sites
(unsafe-url, no-referrer-when-downgrade, origin-when-cross-origin, origin).

Full URLs can carry tokens (password reset, search terms) that then show up
in other sites' logs.

Fix: SECURE_REFERRER_POLICY = "same-origin" (Django's default) or
"strict-origin-when-cross-origin".`,
	}
	checkCOOP = &Check{
		ID: "dc.probe.security_headers.coop", Topic: finding.TopicSecurityHeaders, Severity: finding.Info,
		Doc: `No Cross-Origin-Opener-Policy, or unsafe-none.

Without it a page opened from another site shares a browsing context group
with it, which cross-site leak attacks use.

Fix: SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin" (Django's default).`,
	}
	checkCSPMissing = &Check{
		ID: "dc.probe.security_headers.csp-missing", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
		Doc: `The page has no Content-Security-Policy (or only a Report-Only one).

A CSP is the main defence in depth against XSS: it decides where scripts,
styles and frames may come from. Django 5.2 does not send one; Django 6.0
adds settings for it, django-csp or the web server can send it before that.

Fix: start with default-src 'self'; object-src 'none'; base-uri 'self';
frame-ancestors 'none' and loosen it where the site needs.`,
	}
	checkCSPWeak = &Check{
		ID: "dc.probe.security_headers.csp-weak", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
		Doc: `The Content-Security-Policy does not restrict scripts or plugins.

Reported when the policy that applies to scripts (script-src, else
default-src) is missing, allows 'unsafe-inline' without a nonce or hash,
'unsafe-eval', or any source through *, http:, https: or data:; or when
object-src (else default-src) is missing or not 'none'. Such a policy does
little against XSS.

Fix: restrict script-src to the site's own origin or nonces/hashes, and set
object-src 'none'.`,
	}
	checkConflicting = &Check{
		ID: "dc.probe.security_headers.conflicting", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
		Doc: `A security header is sent twice with different values.

Typically nginx add_header on top of the same header from Django. Browsers
then ignore X-Frame-Options altogether, and use only the first HSTS header,
so what is enforced is not what either layer configured.

Fix: send each header from one layer only (proxy_hide_header in nginx, or
drop the Django setting).`,
	}
	checkHeadersDiffer = &Check{
		ID: "dc.probe.security_headers.differs", Topic: finding.TopicSecurityHeaders, Severity: finding.Info,
		Doc: `With --project: a header the settings control (X-Frame-Options,
X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy) has a
different value on the live site.

A layer in front of Django changes it. Not wrong in itself, but changing
the setting will have no effect.

Fix: decide which layer owns the header.`,
	}
	checkServerVersion = &Check{
		ID: "dc.probe.security_headers.server-version", Topic: finding.TopicSecurityHeaders, Severity: finding.Info,
		Doc: `The Server (or X-Powered-By) header tells the software's version.

A version number saves an attacker the work of finding which known
vulnerabilities apply. "WSGIServer/… CPython/…" is Django's runserver, which
is not meant for production at all.

Fix: nginx: server_tokens off; never run manage.py runserver in production.`,
	}
	checkAdmin = &Check{
		ID: "dc.probe.admin.default-path", Topic: finding.TopicAdmin, Severity: finding.Info,
		Doc: `Django's admin answers at the default /admin/ path.

Not a vulnerability by itself, but every bot that guesses passwords tries
/admin/ first. Moving the admin (ADMIN_URL in cookiecutter-django) and
limiting who can reach it cuts that noise.

Fix: mount admin.site.urls under a path of your own, or restrict /admin/
by IP in the web server.`,
	}
)
