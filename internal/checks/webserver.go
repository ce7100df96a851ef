package checks

import (
	"fmt"
	"net"
	"path"
	"regexp"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// nginxScope is said in every web server check's documentation.
const nginxScope = `

deploycheck reads the project's nginx configurations (nginx.conf, *.conf,
sites-available and conf.d files, following their includes) and leaves
out those whose path marks them as for development (dev, local, test...).`

// webServerChecklist returns deploycheck's checks of the web server in
// front of Django, read from the project's nginx configurations.
func webServerChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.web_server.no-catch-all", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `nginx passes requests for any host name to Django.

nginx hands a request whose Host header matches no server_name to the
default server of the address and port it came in on: the server marked
default_server, or else the first one listening there. When that server
passes requests to the app (or a server_name is a regular expression that
matches anything), every forged Host header reaches Django. Django's
deployment checklist asks for the front web server to reject them.

With a permissive ALLOWED_HOSTS ("*", or ".com") nothing checks the host
at all, and links Django builds from it (password resets, redirects) can
point at another site: reported as a warning. With a strict ALLOWED_HOSTS
Django answers 400, but logs each request as a DisallowedHost error, mailed
to ADMINS with the default logging: reported as information.` + nginxScope + `

Fix: add a default server that rejects unknown hosts, and list the site's
names in the app's server_name:

    server {
        listen 80 default_server;
        listen 443 ssl default_server;
        ssl_reject_handshake on;
        server_name _;
        return 444;
    }`,
			Run: runNoCatchAll,
		},
		{
			ID: "dc.web_server.server-name-not-allowed", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `nginx serves a name that ALLOWED_HOSTS rejects.

A server that passes requests to the app with the Host header it received
(proxy_set_header Host $host, or uwsgi) lists a server_name that no
ALLOWED_HOSTS entry matches (with USE_X_FORWARDED_HOST, an
X-Forwarded-Host set from $host counts as well). Every request for that
name is answered 400 Bad Request by Django. Names Django compares are plain names and the
".example.com" form; nginx wildcard names (*.example.com, www.example.*),
regular expressions and names built from variables are not compared.` + nginxScope + `

Fix: add the name to ALLOWED_HOSTS, or remove it from server_name.`,
			Run: runServerNameNotAllowed,
		},
		{
			ID: "dc.web_server.allowed-host-unserved", Topic: finding.TopicWebServer, Severity: finding.Info,
			Doc: `ALLOWED_HOSTS lists a name that no nginx server passes to Django.

The names in ALLOWED_HOSTS should be the ones the site answers to. A name
that no server_name of the servers passing requests to the app covers
never reaches Django through nginx: it is a leftover, a typo, or served by
another front end deploycheck does not see (a CDN, a second proxy, a
health check by IP address). IP addresses, localhost and names without a
dot are not reported. Checked only when nginx rejects unknown hosts (see
dc.web_server.no-catch-all); otherwise every name reaches Django anyway.` + nginxScope + `

Fix: remove names the site no longer serves, so that ALLOWED_HOSTS stays
as narrow as possible.`,
			Run: runAllowedHostUnserved,
		},
		{
			ID: "dc.web_server.no-https-redirect", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `nginx serves the app over plain HTTP and nothing redirects to HTTPS.

nginx terminates TLS for the site (some server listens with ssl), yet a
server listening for plain HTTP passes requests to the app without first
redirecting them to https://, and Django does not redirect either
(SECURE_SSL_REDIRECT is not True, or no SecurityMiddleware is installed).
Visitors who type the address or follow an http:// link then use the site
unencrypted: pages, form posts and, unless they are Secure, cookies.
A redirect counts when it is a server-level "return 301 https://...", a
rewrite to https://, an if on $scheme (or X-Forwarded-Proto) that
redirects, or a location that does so for the path.` + nginxScope + `

Fix: give plain HTTP its own server that redirects:

    server {
        listen 80;
        server_name example.com;
        return 301 https://$host$request_uri;
    }

or set SECURE_SSL_REDIRECT = True (with SECURE_PROXY_SSL_HEADER, so
Django knows which requests came over HTTPS).`,
			Run: runNoHTTPSRedirect,
		},
		{
			ID: "dc.web_server.forwarded-proto", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `Django trusts a header that nginx lets clients set.

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") makes
Django treat any request carrying "X-Forwarded-Proto: https" as HTTPS.
That is safe only when the proxy replaces the header on every request.
nginx passes the client's request headers to the upstream unless told
otherwise, so a location that proxies to the app without proxy_set_header
X-Forwarded-Proto (or uwsgi_param HTTP_X_FORWARDED_PROTO for uwsgi), or
that sets it from $http_x_forwarded_proto (the client's own value, also
through a map block computed from it), lets a plain-HTTP request claim to
be secure: Django then skips the HTTPS redirect, and builds https:// URLs
for it. The header name in nginx is
matched with the request.META key of the setting. When nginx does not set
the header at all, Django also never sees real HTTPS requests as secure,
so SECURE_SSL_REDIRECT would redirect them forever.` + nginxScope + `

Fix: set the header from nginx's own knowledge of the connection in every
location that passes to the app:

    proxy_set_header X-Forwarded-Proto $scheme;

Behind another load balancer that sets the header, make sure that one
overwrites whatever clients send.`,
			Run: runForwardedProto,
		},
		{
			ID: "dc.web_server.media-executes", Topic: finding.TopicWebServer, Severity: finding.Error,
			Doc: `Uploaded files under MEDIA_URL would be run as scripts.

nginx chooses the location for a request path by its own rules: an exact
match, then the longest prefix, and then, unless that prefix location is
marked ^~, the regular-expression locations in file order, the first match
winning. A location such as "location ~ \.php$ { fastcgi_pass ...; }"
therefore takes /media/avatar.php away from the media location. A user who
uploads a file named that way has it executed by the FastCGI (or SCGI)
server. deploycheck asks nginx's matching rules which location serves
MEDIA_URL followed by upload.php, .phtml, .phar, .cgi, .pl and .py, and
reports a location that passes the request to fastcgi_pass or scgi_pass:
those hand a script server the path of a file to run. A location that only
includes fastcgi_params sends nothing anywhere, and proxy_pass or
uwsgi_pass hand the request to an application (Django itself, usually),
which does not run the uploaded file; neither is reported. Checked when
uploads may be stored on the local disk.` + nginxScope + `

Fix: mark the media location "location ^~ /media/ { ... }" so that no
regular-expression location is tried for it, and keep script handlers
out of it.`,
			Run: runMediaExecutes,
		},
		{
			ID: "dc.web_server.autoindex", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `nginx lists the directories of MEDIA_URL or STATIC_URL.

With "autoindex on" in effect for the location that serves MEDIA_URL
(set there or inherited from the server or http level), anyone can list
every uploaded file, including files meant to be reached only by their
unguessable name: reported as a warning. For STATIC_URL the listing shows
the site's own assets: reported as information.` + nginxScope + `

Fix: remove "autoindex on" (nginx's default is off).`,
			Run: runAutoindex,
		},
		{
			ID: "dc.web_server.media-nosniff", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `Uploaded files are served without "X-Content-Type-Options: nosniff".

nginx serves MEDIA_URL itself, so Django's SecurityMiddleware, which adds
the nosniff header to Django's responses, never sees these files. Without
the header a browser may guess the type of an uploaded file from its
content and run an "image" that holds HTML or script in the site's
origin. Beware of nginx's inheritance: add_header directives apply to a
location only when the location has none of its own, so a location that
adds Cache-Control silently drops the nosniff header set at the server
level.` + nginxScope + `

Fix: in the media location, add

    add_header X-Content-Type-Options nosniff always;

next to its other add_header directives.`,
			Run: runMediaNosniff,
		},
		{
			ID: "dc.web_server.root-mismatch", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `nginx serves STATIC_URL or MEDIA_URL from another directory than
STATIC_ROOT or MEDIA_ROOT.

collectstatic writes into STATIC_ROOT and uploads are stored in MEDIA_ROOT;
nginx must read the same directories. With "alias" the location's path is
replaced by the alias; with "root" the whole request path is appended to
the root (location /static/ with root /srv/app serves /srv/app/static/).
Compared only when the setting is an absolute path outside the project's
checkout, and only when no Dockerfile, compose file or Kubernetes manifest
deploys the project: containers see shared directories under paths of
their own.` + nginxScope + `

Fix: point alias (or root) at the directory the setting names, or change
the setting.`,
			Run: runRootMismatch,
		},
		{
			ID: "dc.web_server.alias-traversal", Topic: finding.TopicWebServer, Severity: finding.Warning,
			FilesOnly: true,
			Doc: `A location without a trailing slash uses an alias with one.

With "location /static { alias /srv/app/staticfiles/; }" nginx replaces
"/static" in the request path by the alias, so /static../settings.py is
read as /srv/app/staticfiles/../settings.py: files next to the served
directory become downloadable.` + nginxScope + `

Fix: end both with a slash (location /static/ { alias
/srv/app/staticfiles/; }), or neither.`,
			Run: runAliasTraversal,
		},
		{
			ID: "dc.web_server.body-size", Topic: finding.TopicWebServer, Severity: finding.Info,
			Doc: `nginx refuses request bodies that Django would accept.

client_max_body_size (1m when not set) makes nginx answer 413 Request
Entity Too Large to any larger request before Django sees it, while
DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) is the limit Django
applies to form data. When the nginx limit is the lower one, uploads and
large forms fail with nginx's error page instead of the app's message.
FILE_UPLOAD_MAX_MEMORY_SIZE is not a limit (larger uploads are written to
temporary files), so it is not compared. Reported as information: a lower
limit may be intended.` + nginxScope + `

Fix: set client_max_body_size in the server (or location) that passes to
the app to the largest upload the site accepts.`,
			Run: runBodySize,
		},
		{
			ID: "dc.web_server.server-tokens", Topic: finding.TopicWebServer, Severity: finding.Info,
			FilesOnly: true,
			Doc: `nginx announces its version.

server_tokens is on unless set to off, so nginx puts its version in the
Server header and on its error pages, telling anyone which known flaws to
try. Reported as information: hiding the version does not fix any flaw.
A sites-available or conf.d file is read with the system's nginx.conf,
which deploycheck does not see; set it there or in the server.` + nginxScope + `

Fix: server_tokens off; in the http block.`,
			Run: runServerTokens,
		},
		{
			ID: "dc.web_server.tls-protocols", Topic: finding.TopicWebServer, Severity: finding.Warning,
			FilesOnly: true,
			Doc: `nginx accepts TLS versions older than 1.2.

SSLv3, TLS 1.0 and TLS 1.1 have known weaknesses, are disabled by current
browsers and fail PCI DSS and Mozilla's guidelines. An ssl_protocols
directive in effect for a TLS server that lists them is a warning. When
ssl_protocols is not set, nginx's default applies, which depends on its
version: before 1.23.4 it is TLSv1 TLSv1.1 TLSv1.2 TLSv1.3, since then
TLSv1.2 TLSv1.3. deploycheck looks for the nginx image in the compose
files and Dockerfiles: an image older than 1.23.4 is a warning, a newer or
unversioned one (nginx:alpine, nginx:stable) passes, and without an image
the finding is information (Debian 12 packages nginx 1.22, whose stock
nginx.conf also lists TLSv1 and TLSv1.1).` + nginxScope + `

Fix: ssl_protocols TLSv1.2 TLSv1.3;`,
			Run: runTLSProtocols,
		},
		{
			ID: "dc.web_server.duplicate-header", Topic: finding.TopicWebServer, Severity: finding.Warning,
			Doc: `nginx adds a security header that Django already sends.

add_header appends to the upstream's response; it does not replace a
header Django set. A location that passes to the app and adds
Strict-Transport-Security, X-Frame-Options, X-Content-Type-Options,
Referrer-Policy or Cross-Origin-Opener-Policy while Django's middleware
sends the same header produces the header twice. With different values
browsers may ignore both (X-Frame-Options "DENY, SAMEORIGIN" is invalid)
or use the first (HSTS), and the two configurations drift apart: a
warning. With equal values it is redundant: information. Django sends HSTS
only on requests it sees as secure, so HSTS counts only when nginx sets
the SECURE_PROXY_SSL_HEADER header. A proxy_hide_header for the header
removes Django's copy and is taken into account.` + nginxScope + `

Fix: set each header in one place: drop the add_header, or remove the
Django setting (for example SECURE_HSTS_SECONDS = 0) and let nginx send it.`,
			Run: runDuplicateHeader,
		},
	}
}

// reporter reports each finding of a check once per location.
type reporter struct {
	p    *Pass
	seen map[string]bool
}

func newReporter(p *Pass) *reporter { return &reporter{p: p, seen: map[string]bool{}} }

// at reports f at a position of an nginx file, once per position and key.
func (r *reporter) at(pos deployfiles.NginxPos, key string, f finding.Finding) {
	k := fmt.Sprintf("%s:%d:%s", pos.File, pos.Line, key)
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	f.File, f.Line = r.p.deployFileRel(pos.File), pos.Line
	r.p.Report(f)
}

// allowedHosts returns ALLOWED_HOSTS when it is a list or tuple of known
// strings.
func allowedHosts(p *Pass) ([]string, bool) {
	st := p.SettingInfo("ALLOWED_HOSTS")
	if st == nil {
		return nil, false
	}
	out, all, ok := strEntries(st.Value)
	return out, ok && all
}

// permissiveHosts returns why ALLOWED_HOSTS accepts any host, or "".
func permissiveHosts(hosts []string) string {
	var why []string
	for _, h := range hosts {
		if w := wildcardHost(h); w != "" {
			why = append(why, w)
		}
	}
	return strings.Join(why, "; ")
}

func runNoCatchAll(p *Pass) {
	served, open, _, _ := p.nginxHostGuard()
	if !served || len(open) == 0 {
		return
	}
	hosts, known := allowedHosts(p)
	permissive := ""
	if known {
		permissive = permissiveHosts(hosts)
	}
	r := newReporter(p)
	for _, o := range open {
		f := finding.Finding{
			Setting: "ALLOWED_HOSTS",
			Hint: "Add a default server that rejects unknown hosts (listen 80 default_server; listen 443 ssl default_server; " +
				"ssl_reject_handshake on; server_name _; return 444;) and list the site's names in the app's server_name.",
		}
		msg := fmt.Sprintf("The nginx server at %s passes requests for any host name to the app: %s.", p.at(o.s.NginxPos), o.why)
		if permissive != "" {
			f.Message = msg + " ALLOWED_HOSTS does not restrict the host either (" + permissive + "), so a forged Host " +
				"header reaches Django unchecked and can turn password-reset links and redirects into links to another site."
		} else if known {
			f.Severity = finding.Info
			f.Message = msg + " Django rejects hosts outside ALLOWED_HOSTS with 400 Bad Request, but logs each one as a " +
				"DisallowedHost error (mailed to ADMINS with the default logging); nginx can drop them first."
		} else {
			f.Severity = finding.Info
			f.Message = msg + " ALLOWED_HOSTS could not be evaluated, so whether Django rejects them is not known; " +
				"nginx can drop them first."
		}
		r.at(o.s.NginxPos, "", f)
	}
}

// djangoHostMatch is Django's validate_host for one host against
// ALLOWED_HOSTS.
func djangoHostMatch(host string, allowed []string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, a := range allowed {
		a = strings.ToLower(a)
		if a == "*" || a == host || strings.HasPrefix(a, ".") && (strings.HasSuffix(host, a) || host == a[1:]) {
			return true
		}
	}
	return false
}

// comparableName returns the host a server_name entry stands for when
// Django's rules can judge it: a plain name, or the domain of
// ".example.com". Wildcards, regular expressions, "_" and names made of
// variables give "".
func comparableName(n deployfiles.NginxName) string {
	name := strings.ToLower(n.Name)
	switch {
	case name == "" || name == "_" || n.Regex() || strings.ContainsAny(name, "$*{}"):
		return ""
	case strings.HasPrefix(name, "."):
		return name[1:]
	}
	return name
}

// hostForwarded tells whether an app level sends the application server
// the Host header of the request (nginx's $host, $http_host or
// $server_name), so that Django sees the name the client asked for. With
// USE_X_FORWARDED_HOST (xfh) Django reads X-Forwarded-Host first, so that
// header counts when nginx sets it.
func hostForwarded(ab appBlock, xfh bool) bool {
	clientName := func(v string) bool {
		v = strings.ToLower(v)
		return strings.HasPrefix(v, "$host") || strings.HasPrefix(v, "$http_host") || strings.HasPrefix(v, "$server_name")
	}
	if xfh {
		if v, _, set, _, known := forwardedHeader(ab, "HTTP_X_FORWARDED_HOST"); known && set && clientName(v) {
			return true
		}
	}
	v, _, set, removed, known := forwardedHeader(ab, "HTTP_HOST")
	switch {
	case !known || removed:
		return false
	case ab.pass == "uwsgi_pass" && !set:
		return true // the client's Host header goes as HTTP_HOST
	case !set:
		return false // proxy_pass sends Host: $proxy_host
	}
	return clientName(v)
}

func runServerNameNotAllowed(p *Pass) {
	servers := p.nginxServers()
	if len(servers) == 0 {
		return
	}
	hosts, ok := allowedHosts(p)
	if !ok || len(hosts) == 0 || permissiveHosts(hosts) != "" {
		return
	}
	xfh := isTrue(p.Setting("USE_X_FORWARDED_HOST")) == yes
	r := newReporter(p)
	for _, s := range servers {
		blocks := p.appBlocks(s)
		if len(blocks) == 0 {
			continue
		}
		forwarded := true
		for _, ab := range blocks {
			if !hostForwarded(ab, xfh) {
				forwarded = false
			}
		}
		if !forwarded {
			continue
		}
		byLine := map[deployfiles.NginxPos][]string{}
		var lines []deployfiles.NginxPos
		for _, n := range s.Names {
			h := comparableName(n)
			if h == "" || djangoHostMatch(h, hosts) {
				continue
			}
			if _, seen := byLine[n.NginxPos]; !seen {
				lines = append(lines, n.NginxPos)
			}
			byLine[n.NginxPos] = append(byLine[n.NginxPos], h)
		}
		for _, pos := range lines {
			names := byLine[pos]
			r.at(pos, "", finding.Finding{
				Setting: "ALLOWED_HOSTS",
				Message: fmt.Sprintf("nginx passes requests for %s to the app (server_name at %s), but ALLOWED_HOSTS %s "+
					"does not match %s: Django answers every such request with 400 Bad Request.",
					strings.Join(names, ", "), p.at(pos), reprHosts(hosts), pluralIt(len(names))),
				Hint: "Add the name to ALLOWED_HOSTS, or remove it from server_name if the site does not serve it.",
			})
		}
	}
}

func pluralIt(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// nginxNameMatch is nginx's server_name matching of one entry against a
// host.
func nginxNameMatch(pattern, host string) bool {
	if re, ok := strings.CutPrefix(pattern, "~"); ok {
		// A regex matches without case, and is not lowered: \D is not \d.
		compiled, err := regexp.Compile("(?i)" + re)
		return err == nil && compiled.MatchString(host)
	}
	pattern, host = strings.ToLower(pattern), strings.ToLower(host)
	switch {
	case strings.HasPrefix(pattern, "*."):
		return strings.HasSuffix(host, pattern[1:])
	case strings.HasPrefix(pattern, "."):
		return host == pattern[1:] || strings.HasSuffix(host, pattern)
	case strings.HasSuffix(pattern, ".*"):
		return strings.HasPrefix(host, pattern[:len(pattern)-1])
	}
	return pattern == host
}

func runAllowedHostUnserved(p *Pass) {
	served, open, undecided, _ := p.nginxHostGuard()
	if !served || len(open) > 0 || len(undecided) > 0 {
		return
	}
	hosts, ok := allowedHosts(p)
	if !ok || permissiveHosts(hosts) != "" {
		return
	}
	var names []string
	for _, s := range p.nginxServers() {
		if !p.reachesApp(s) {
			continue
		}
		for _, n := range s.Names {
			if strings.Contains(n.Name, "$") {
				return // a name only known at run time could be any
			}
			names = append(names, n.Name)
		}
	}
	var unserved []string
	for _, h := range hosts {
		base := strings.TrimPrefix(strings.ToLower(h), ".")
		if h == "*" || hostProblem(h) != "" || strings.TrimSpace(h) != h || net.ParseIP(strings.Trim(base, "[]")) != nil ||
			base == "localhost" || !strings.Contains(base, ".") {
			continue
		}
		servedHere := false
		for _, n := range names {
			if nginxNameMatch(n, base) || strings.HasPrefix(h, ".") && nginxNameServesUnder(n, base) {
				servedHere = true
				break
			}
		}
		if !servedHere {
			unserved = append(unserved, pyvalue.Repr(pyvalue.Str(h)))
		}
	}
	if len(unserved) == 0 {
		return
	}
	p.Report(finding.Finding{
		Setting: "ALLOWED_HOSTS",
		Message: fmt.Sprintf("ALLOWED_HOSTS lists %s, which no server_name of the nginx servers that pass requests to the "+
			"app covers (they answer to %s), and nginx rejects unknown hosts: requests for %s never reach Django through nginx.",
			strings.Join(unserved, ", "), strings.Join(names, " "), pluralIt(len(unserved))),
		Hint: "Remove names the site does not serve, unless another front end (a CDN, a second proxy, a health check) sends them.",
	})
}

// nginxNameServesUnder reports whether a server_name entry serves some
// name under domain (for a leading-dot ALLOWED_HOSTS entry).
func nginxNameServesUnder(pattern, domain string) bool {
	pattern = strings.ToLower(pattern)
	if strings.HasPrefix(pattern, "~") {
		return false
	}
	pattern = strings.TrimPrefix(strings.TrimPrefix(pattern, "*"), ".")
	return pattern == domain || strings.HasSuffix(pattern, "."+domain)
}

func runNoHTTPSRedirect(p *Pass) {
	servers := p.nginxServers()
	tls := false
	for _, s := range servers {
		if s.TLS() {
			tls = true
		}
	}
	if !tls {
		return
	}
	redirect := p.Setting("SECURE_SSL_REDIRECT")
	if and3(p.containsSubclass(p.Setting("MIDDLEWARE"), mwSecurity), isTrue(redirect)) != no {
		return
	}
	r := newReporter(p)
	for _, s := range servers {
		blocks := p.plainAppBlocks(s)
		if len(blocks) == 0 || len(s.Opaque()) > 0 {
			continue // an include the project does not hold may redirect
		}
		plain := s.PlainHTTP()[0]
		r.at(plain.NginxPos, "", finding.Finding{
			Setting: "SECURE_SSL_REDIRECT",
			Message: fmt.Sprintf("The nginx server at %s listens for plain HTTP (listen %s) and passes requests to the app "+
				"(%s at %s) without redirecting to HTTPS, and Django does not redirect either (SECURE_SSL_REDIRECT is %s): "+
				"pages, form posts and cookies can travel unencrypted.",
				p.at(s.NginxPos), plain.Raw, blocks[0].pass, p.at(blocks[0].dir.NginxPos), pyvalue.Repr(redirect)),
			Hint: "Give plain HTTP a server of its own that does return 301 https://$host$request_uri;, " +
				"or set SECURE_SSL_REDIRECT = True with SECURE_PROXY_SSL_HEADER.",
		})
	}
}

func runForwardedProto(p *Pass) {
	v := p.Setting("SECURE_PROXY_SSL_HEADER")
	key, value, set, problem, known := proxyHeader(v)
	if !known || !set || problem != "" {
		return
	}
	name := headerName(key)
	r := newReporter(p)
	for _, s := range p.nginxServers() {
		for _, ab := range p.appBlocks(s) {
			hv, hpos, hset, removed, hknown := forwardedHeader(ab, key)
			if !hknown || removed {
				continue
			}
			where := fmt.Sprintf("location %s at %s", locationName(ab.loc), p.at(ab.loc.NginxPos))
			var f finding.Finding
			switch {
			case hset && fromClient(s.Config, hv, key):
				f.Message = fmt.Sprintf("SECURE_PROXY_SSL_HEADER = %s makes Django treat requests carrying %s: %s as HTTPS, "+
					"and the nginx %s passes the client's own %s on (%s at %s): any client can make a plain-HTTP "+
					"request look secure to Django.", pyvalue.Repr(v), name, value, where, name, hv, p.at(hpos))
				r.at(hpos, "", withHint(f, name))
			case !hset:
				f.Message = fmt.Sprintf("SECURE_PROXY_SSL_HEADER = %s makes Django treat requests carrying %s: %s as HTTPS, "+
					"but the nginx %s does not set %s (%s at %s), so the header a client sends reaches Django unchanged: "+
					"any client can make a plain-HTTP request look secure.", pyvalue.Repr(v), name, value, where, name,
					ab.pass, p.at(ab.dir.NginxPos))
				if s.TLS() {
					f.Message += " Django also never sees this server's real HTTPS requests as secure"
					if and3(p.middlewareLiteral(mwSecurity), isTrue(p.Setting("SECURE_SSL_REDIRECT"))) == yes {
						f.Message += ", so SECURE_SSL_REDIRECT redirects them to HTTPS again and again"
					}
					f.Message += "."
				}
				r.at(ab.dir.NginxPos, "", withHint(f, name))
			}
		}
	}
}

// fromClient tells whether an nginx value is built from the request header
// whose request.META key is key, directly ($http_x_forwarded_proto) or
// through a map block computed from it.
func fromClient(c *deployfiles.NginxConfig, value, key string) bool {
	v := strings.ToLower(value)
	if strings.Contains(v, clientVar(key)) {
		return true
	}
	for name, source := range c.Maps {
		if strings.Contains(strings.ToLower(source), clientVar(key)) && strings.Contains(v, "$"+strings.ToLower(name)) {
			return true
		}
	}
	return false
}

func withHint(f finding.Finding, header string) finding.Finding {
	f.Setting = "SECURE_PROXY_SSL_HEADER"
	f.Hint = fmt.Sprintf("Set the header from the connection in every location that passes to the app: "+
		"proxy_set_header %s $scheme; (uwsgi: uwsgi_param %s $scheme;).", header, metaKey(header))
	return f
}

// locationName renders a location's modifier and path.
func locationName(l *deployfiles.NginxLocation) string {
	switch l.Modifier {
	case "":
		return l.Path
	case "@":
		return "@" + l.Path
	}
	return l.Modifier + " " + l.Path
}

// urlSettingPath returns a STATIC_URL or MEDIA_URL setting as a request
// path ("/media/"), or false when it is not a local path or not known.
func urlSettingPath(p *Pass, name string) (string, bool) {
	s, ok := p.Setting(name).AsStr()
	if !ok || s == "" {
		return "", false
	}
	u, kind := urlPath(s)
	if kind != "path" || u == "/" {
		return "", false
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u, true
}

// scriptExtensions are the file types script handlers are usually mapped
// to.
var scriptExtensions = []string{"php", "phtml", "php5", "phar", "cgi", "pl", "py"}

func runMediaExecutes(p *Pass) {
	media, ok := urlSettingPath(p, "MEDIA_URL")
	if !ok || p.mediaOnDisk() == no {
		return
	}
	r := newReporter(p)
	for _, s := range p.nginxServers() {
		if stops(&s.NginxBlock) {
			continue
		}
		for _, ext := range scriptExtensions {
			uri := media + "upload." + ext
			chain, ok := s.Match(uri)
			if !ok || len(chain) == 0 {
				continue
			}
			l := chain[len(chain)-1]
			if stops(&l.NginxBlock) {
				continue
			}
			name, dir := "", (*deployfiles.NginxValue)(nil)
			switch {
			case l.FastcgiPass != nil:
				name, dir = "fastcgi_pass", l.FastcgiPass
			case l.ScgiPass != nil:
				name, dir = "scgi_pass", l.ScgiPass
			default:
				continue
			}
			r.at(dir.NginxPos, "", finding.Finding{
				Setting: "MEDIA_URL",
				Message: fmt.Sprintf("A request for %s is handled by the nginx location %s at %s, which hands it to %s %s: "+
					"a user who uploads a file with that name has it run as a script instead of served as data.",
					uri, locationName(l), p.at(l.NginxPos), name, dir.Value()),
				Hint: fmt.Sprintf("Mark the media location with ^~ (location ^~ %s { ... }) so that no regular-expression "+
					"location is tried for uploads, and keep script handlers out of it.", media),
			})
		}
	}
}

// servingBlock returns the level that answers a request path with files
// from disk (the innermost location, or the server when no location
// matches), or nil when the path is passed on, answered by a return, or
// cannot be told.
func servingBlock(s *deployfiles.NginxServer, uri string) (*deployfiles.NginxBlock, *deployfiles.NginxLocation) {
	if stops(&s.NginxBlock) {
		return nil, nil
	}
	chain, ok := s.Match(uri)
	if !ok {
		return nil, nil
	}
	b := &s.NginxBlock
	var l *deployfiles.NginxLocation
	if len(chain) > 0 {
		l = chain[len(chain)-1]
		b = &l.NginxBlock
	}
	if stops(b) {
		return nil, nil
	}
	if name, _ := b.Pass(); name != "" {
		return nil, nil
	}
	return b, l
}

func runAutoindex(p *Pass) {
	r := newReporter(p)
	for _, u := range []struct {
		setting string
		sev     finding.Severity
		what    string
	}{
		{"MEDIA_URL", finding.Warning, "every uploaded file, including ones meant to be reached only by their name"},
		{"STATIC_URL", finding.Info, "the site's static assets"},
	} {
		base, ok := urlSettingPath(p, u.setting)
		if !ok {
			continue
		}
		for _, s := range p.nginxServers() {
			for _, uri := range []string{base, base + "sub/"} {
				b, _ := servingBlock(s, uri)
				if b == nil {
					continue
				}
				ai := b.Effective(func(x *deployfiles.NginxBlock) *deployfiles.NginxValue { return x.Autoindex })
				if ai == nil || ai.Value() != "on" {
					continue
				}
				r.at(ai.NginxPos, u.setting, finding.Finding{
					Setting:  u.setting,
					Severity: u.sev,
					Message: fmt.Sprintf("autoindex is on (%s) for %s, so nginx lists the directories under %s: anyone "+
						"can see %s.", p.at(ai.NginxPos), base, u.setting, u.what),
					Hint: "Remove autoindex on (nginx's default is off).",
				})
			}
		}
	}
}

// hasNosniff reports whether add_header directives include
// X-Content-Type-Options: nosniff.
func hasNosniff(hs []deployfiles.NginxHeader) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, "X-Content-Type-Options") && strings.EqualFold(strings.TrimSpace(h.Value), "nosniff") {
			return true
		}
	}
	return false
}

func runMediaNosniff(p *Pass) {
	media, ok := urlSettingPath(p, "MEDIA_URL")
	if !ok || p.mediaOnDisk() == no {
		return
	}
	r := newReporter(p)
	for _, s := range p.nginxServers() {
		b, l := servingBlock(s, media+"upload.html")
		if b == nil || l == nil || len(b.Opaque()) > 0 {
			continue
		}
		if b.Alias == nil && b.Effective(func(x *deployfiles.NginxBlock) *deployfiles.NginxValue { return x.Root }) == nil {
			continue
		}
		if hasNosniff(b.EffectiveHeaders()) {
			continue
		}
		msg := fmt.Sprintf("nginx serves uploads under %s itself (location %s at %s) without X-Content-Type-Options: "+
			"nosniff, which Django's SecurityMiddleware adds only to Django's own responses: a browser may run an "+
			"uploaded file that holds HTML or script as a page of the site.", media, locationName(l), p.at(l.NginxPos))
		var eff *deployfiles.NginxBlock
		for x := b; x != nil && eff == nil; x = x.Parent {
			if len(x.Headers) > 0 {
				eff = x
			}
		}
		for x := eff; x != nil && x.Parent != nil; x = x.Parent {
			if hasNosniff(x.Parent.Headers) {
				msg += fmt.Sprintf(" The header is set at %s, but the add_header at %s replaces what would be inherited "+
					"(nginx inherits add_header only by levels that have none).", p.at(x.Parent.Headers[0].NginxPos),
					p.at(eff.Headers[0].NginxPos))
				break
			}
		}
		r.at(l.NginxPos, "", finding.Finding{
			Setting: "MEDIA_URL",
			Message: msg,
			Hint:    "Add add_header X-Content-Type-Options nosniff always; to the media location, next to its other add_header directives.",
		})
	}
}

func runRootMismatch(p *Pass) {
	if p.containerized() {
		return
	}
	r := newReporter(p)
	for _, pair := range [][2]string{{"STATIC_URL", "STATIC_ROOT"}, {"MEDIA_URL", "MEDIA_ROOT"}} {
		base, ok := urlSettingPath(p, pair[0])
		if !ok {
			continue
		}
		root := p.Setting(pair[1])
		text, ok := pathText(root)
		if !ok || !strings.HasPrefix(text, "/") {
			continue
		}
		want := path.Clean(text)
		if _, inside := within(p.rootDir(), want); inside {
			continue // derived from where the code is checked out
		}
		for _, s := range p.nginxServers() {
			b, l := servingBlock(s, base+"x")
			if b == nil || l == nil {
				continue
			}
			var dir string
			var d *deployfiles.NginxValue
			if b.Alias != nil {
				if l.IsRegex() || !strings.HasPrefix(base, l.Path) {
					continue
				}
				d = b.Alias
				dir = d.Value() + strings.TrimPrefix(base, l.Path)
			} else if d = b.Effective(func(x *deployfiles.NginxBlock) *deployfiles.NginxValue { return x.Root }); d != nil {
				dir = strings.TrimSuffix(d.Value(), "/") + base
			} else {
				continue
			}
			if strings.Contains(dir, "$") || !strings.HasPrefix(dir, "/") {
				continue
			}
			if path.Clean(dir) == want {
				continue
			}
			how := fmt.Sprintf("alias at %s", p.at(d.NginxPos))
			if b.Alias == nil {
				how = fmt.Sprintf("root %s at %s, plus the request path", d.Value(), p.at(d.NginxPos))
			}
			r.at(d.NginxPos, pair[0], finding.Finding{
				Setting: pair[1],
				Message: fmt.Sprintf("nginx serves %s from %s (%s), but %s is %s: nginx does not read the directory "+
					"Django uses.", base, path.Clean(dir), how, pair[1], quote(text)),
				Hint: fmt.Sprintf("Point the location at %s (alias %s/;), or change %s.", quote(want), want, pair[1]),
			})
		}
	}
}

// containerized reports whether a Dockerfile, compose file or Kubernetes
// manifest that is not for development deploys the project.
func (p *Pass) containerized() bool {
	if p.Project == nil {
		return false
	}
	var paths []string
	for _, d := range p.Project.Dockerfiles {
		paths = append(paths, d.Path)
	}
	for _, c := range p.Project.Compose {
		paths = append(paths, c.Path)
	}
	for _, k := range p.Project.Kubernetes {
		paths = append(paths, k.Path)
	}
	for _, f := range paths {
		if !p.devFile(f) {
			return true
		}
	}
	return false
}

func runAliasTraversal(p *Pass) {
	r := newReporter(p)
	for _, s := range p.nginxServers() {
		for _, l := range s.AllLocations() {
			if l.Modifier != "" && l.Modifier != "^~" || l.Alias == nil || strings.HasSuffix(l.Path, "/") ||
				!strings.HasSuffix(l.Alias.Value(), "/") {
				continue
			}
			r.at(l.Alias.NginxPos, "", finding.Finding{
				Message: fmt.Sprintf("location %s (at %s) has no trailing slash but its alias %s has one, so a request "+
					"for %s../ reads the directory above the alias: files next to it can be downloaded.",
					l.Path, p.at(l.NginxPos), l.Alias.Value(), l.Path),
				Hint: fmt.Sprintf("Write location %s/ { alias %s; } so both end with a slash.", l.Path, l.Alias.Value()),
			})
		}
	}
}

// nginxDefaultBodySize is client_max_body_size's default (1m).
const nginxDefaultBodySize = 1 << 20

func runBodySize(p *Pass) {
	v := p.Setting("DATA_UPLOAD_MAX_MEMORY_SIZE")
	if v.Kind() != pyvalue.KindInt {
		return
	}
	djangoMax, ok := v.AsInt()
	if !ok || djangoMax <= 0 {
		return
	}
	r := newReporter(p)
	for _, s := range p.nginxServers() {
		for _, ab := range p.appBlocks(s) {
			cms := ab.block.Effective(func(x *deployfiles.NginxBlock) *deployfiles.NginxValue { return x.ClientMaxBodySize })
			limit := int64(nginxDefaultBodySize)
			pos := s.NginxPos
			what := "client_max_body_size is not set, so nginx's default of 1m applies"
			if s.Config.Site {
				what += " (unless the system's nginx.conf sets it)"
			}
			if cms != nil {
				n, ok := deployfiles.ParseNginxSize(cms.Value())
				if !ok {
					continue
				}
				limit, pos = n, cms.NginxPos
				what = fmt.Sprintf("client_max_body_size is %s (%s)", cms.Value(), p.at(cms.NginxPos))
			}
			if len(ab.block.Opaque()) > 0 || limit == 0 || limit >= djangoMax {
				continue
			}
			r.at(pos, "", finding.Finding{
				Setting: "DATA_UPLOAD_MAX_MEMORY_SIZE",
				Message: fmt.Sprintf("For requests nginx passes to the app (location %s at %s), %s: nginx answers 413 Request "+
					"Entity Too Large to bodies over %s, below DATA_UPLOAD_MAX_MEMORY_SIZE (%d bytes), so uploads and large "+
					"forms fail with nginx's error page before Django sees them.",
					locationName(ab.loc), p.at(ab.loc.NginxPos), what, humanBytes(limit), djangoMax),
				Hint: "Set client_max_body_size in the server that passes to the app to the largest upload the site accepts.",
			})
		}
	}
}

// humanBytes renders a byte count in the largest whole binary unit.
func humanBytes(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

func runServerTokens(p *Pass) {
	r := newReporter(p)
	for _, c := range p.nginxConfigs() {
		var unset *deployfiles.NginxServer
		for _, s := range c.Servers {
			if s.Return != nil && s.Return.Code == 444 || len(s.Opaque()) > 0 {
				continue // no response at all, or an unknown include may set it
			}
			st := s.Effective(func(x *deployfiles.NginxBlock) *deployfiles.NginxValue { return x.ServerTokens })
			switch {
			case st == nil:
				if unset == nil {
					unset = s
				}
			case st.Value() != "off":
				r.at(st.NginxPos, "", finding.Finding{
					Message: fmt.Sprintf("server_tokens is %s (%s), so nginx puts its version in the Server header and "+
						"on its error pages.", st.Value(), p.at(st.NginxPos)),
					Hint: "Set server_tokens off; in the http block.",
				})
			}
		}
		if unset == nil {
			continue
		}
		pos := unset.NginxPos
		msg := "server_tokens is not set, so nginx's default (on) puts its version in the Server header and on its error pages"
		if c.HTTP != nil && c.HTTP.Line > 0 {
			pos = c.HTTP.NginxPos
		} else {
			msg += fmt.Sprintf(" for the server at %s (unless the system's nginx.conf, which the project does not hold, sets it off)", p.at(pos))
		}
		r.at(pos, "", finding.Finding{
			Message: msg + ".",
			Hint:    "Set server_tokens off; in the http block (or in each server).",
		})
	}
}

// weakProtocols are the protocol names of ssl_protocols older than TLS 1.2.
var weakProtocols = map[string]bool{"SSLv2": true, "SSLv3": true, "TLSv1": true, "TLSv1.1": true}

func runTLSProtocols(p *Pass) {
	r := newReporter(p)
	version, image, imageKnown := p.nginxImageVersion()
	for _, c := range p.nginxConfigs() {
		for _, s := range c.Servers {
			if !s.TLS() || len(s.Opaque()) > 0 {
				continue
			}
			sp := s.Effective(func(x *deployfiles.NginxBlock) *deployfiles.NginxValue { return x.SSLProtocols })
			if sp != nil {
				var weak []string
				for _, a := range sp.Args {
					if weakProtocols[a] {
						weak = append(weak, a)
					}
				}
				if len(weak) > 0 {
					r.at(sp.NginxPos, "", finding.Finding{
						Message: fmt.Sprintf("ssl_protocols (%s) enables %s, older than TLS 1.2, with known weaknesses and "+
							"disabled by current browsers.", p.at(sp.NginxPos), strings.Join(weak, " ")),
						Hint: "ssl_protocols TLSv1.2 TLSv1.3;",
					})
				}
				continue
			}
			f := finding.Finding{Hint: "Set ssl_protocols TLSv1.2 TLSv1.3; in the http block."}
			switch {
			case imageKnown && (version == "" || !versionBefore(version, "1.23.4")):
				continue
			case imageKnown:
				f.Message = fmt.Sprintf("The TLS server at %s does not set ssl_protocols, and the nginx image (%s at %s) is "+
					"older than 1.23.4, whose default enables TLSv1 and TLSv1.1.", p.at(s.NginxPos), version, image)
			default:
				f.Severity = finding.Info
				f.Message = fmt.Sprintf("The TLS server at %s does not set ssl_protocols, so the version of nginx that runs it "+
					"decides: before 1.23.4 (Debian 12 packages 1.22) the default enables TLSv1 and TLSv1.1", p.at(s.NginxPos))
				if c.Site {
					f.Message += ", and Debian's and Ubuntu's stock nginx.conf lists them explicitly"
				}
				f.Message += "."
			}
			r.at(s.NginxPos, "", f)
		}
	}
}

// djangoHeader is a response header Django's middleware sends.
type djangoHeader struct {
	name, value, setting string
	// hsts marks Strict-Transport-Security, sent only on requests Django
	// sees as secure.
	hsts bool
}

// djangoHeaders returns the security headers Django certainly sends, by
// lower-case name.
func (p *Pass) djangoHeaders() map[string]djangoHeader {
	out := map[string]djangoHeader{}
	mw := p.Setting("MIDDLEWARE")
	if p.containsSubclass(mw, mwSecurity) == yes {
		if v := p.Setting("SECURE_HSTS_SECONDS"); truthy(v) == yes {
			if n, _, valid, known := hstsHeaderSeconds(v); known && valid {
				val := "max-age=" + n.String()
				if isTrue(p.Setting("SECURE_HSTS_INCLUDE_SUBDOMAINS")) == yes {
					val += "; includeSubDomains"
				}
				if isTrue(p.Setting("SECURE_HSTS_PRELOAD")) == yes {
					val += "; preload"
				}
				out["strict-transport-security"] = djangoHeader{"Strict-Transport-Security", val, "SECURE_HSTS_SECONDS", true}
			}
		}
		if truthy(p.Setting("SECURE_CONTENT_TYPE_NOSNIFF")) == yes {
			out["x-content-type-options"] = djangoHeader{"X-Content-Type-Options", "nosniff", "SECURE_CONTENT_TYPE_NOSNIFF", false}
		}
		rp := p.Setting("SECURE_REFERRER_POLICY")
		if truthy(rp) == yes {
			if s, ok := rp.AsStr(); ok {
				var parts []string
				for _, x := range strings.Split(s, ",") {
					parts = append(parts, strings.TrimSpace(x))
				}
				out["referrer-policy"] = djangoHeader{"Referrer-Policy", strings.Join(parts, ","), "SECURE_REFERRER_POLICY", false}
			}
		}
		if p.version().AtLeast(4, 0) {
			if s, ok := p.Setting("SECURE_CROSS_ORIGIN_OPENER_POLICY").AsStr(); ok && s != "" {
				out["cross-origin-opener-policy"] = djangoHeader{"Cross-Origin-Opener-Policy", s, "SECURE_CROSS_ORIGIN_OPENER_POLICY", false}
			}
		}
	}
	if p.containsSubclass(mw, mwXFrame) == yes {
		if s, ok := p.Setting("X_FRAME_OPTIONS").AsStr(); ok {
			out["x-frame-options"] = djangoHeader{"X-Frame-Options", strings.ToUpper(s), "X_FRAME_OPTIONS", false}
		}
	}
	return out
}

// sameHeaderValue compares header values, ignoring case and spaces.
func sameHeaderValue(a, b string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, ";", "; ")), ""))
	}
	return norm(a) == norm(b)
}

func runDuplicateHeader(p *Pass) {
	servers := p.nginxServers()
	if len(servers) == 0 {
		return
	}
	dj := p.djangoHeaders()
	if len(dj) == 0 {
		return
	}
	key, _, set, problem, known := proxyHeader(p.Setting("SECURE_PROXY_SSL_HEADER"))
	proxyOK := known && set && problem == ""
	r := newReporter(p)
	for _, s := range servers {
		for _, ab := range p.appBlocks(s) {
			if len(ab.block.Opaque()) > 0 {
				continue
			}
			hidden := map[string]bool{}
			pass, _ := ab.block.Pass() // proxy_pass hides with proxy_hide_header, uwsgi_pass with uwsgi_...
			for _, h := range ab.block.EffectiveHideHeaders(strings.TrimSuffix(pass, "_pass")) {
				hidden[strings.ToLower(h.Name)] = true
			}
			for _, h := range ab.block.EffectiveHeaders() {
				d, ok := dj[strings.ToLower(h.Name)]
				if !ok || hidden[strings.ToLower(h.Name)] {
					continue
				}
				if d.hsts {
					if !proxyOK || !s.TLS() {
						continue
					}
					hv, _, hset, removed, _ := forwardedHeader(ab, key)
					if !hset || removed || fromClient(s.Config, hv, key) {
						continue
					}
				}
				f := finding.Finding{
					Setting: d.setting,
					Hint: fmt.Sprintf("Send %s from one place: remove the add_header, or stop Django from sending it "+
						"(%s) and keep nginx's.", d.name, d.setting),
				}
				if sameHeaderValue(h.Value, d.value) {
					f.Severity = finding.Info
					f.Message = fmt.Sprintf("nginx adds %s: %s (%s) to responses from the app, which already carry the same "+
						"header from Django (%s): the header is sent twice.", h.Name, h.Value, p.at(h.NginxPos), d.setting)
				} else {
					f.Message = fmt.Sprintf("nginx adds %s: %s (%s) to responses from the app, which already carry %s: %s "+
						"from Django (%s): browsers get both values and may ignore the header or use the other one.",
						h.Name, h.Value, p.at(h.NginxPos), d.name, d.value, d.setting)
				}
				r.at(h.NginxPos, "", f)
			}
		}
	}
}
