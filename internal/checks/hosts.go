package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

func hostsChecks() []*Check {
	return []*Check{{
		ID: "security.W020", Topic: finding.TopicAllowedHosts, Severity: finding.Warning,
		Django: true, DeployOnly: true,
		Doc: `ALLOWED_HOSTS is empty.

With DEBUG off, Django answers 400 Bad Request to every request whose Host
header is not listed in ALLOWED_HOSTS, so an empty list serves nothing. The
test is truthiness: [''] is not empty and passes. Since Django 4.0 a value
that is not a list or tuple (such as "*") stops Django at startup instead.

Fix: list the host names the site answers to.`,
		Run: func(p *Pass) {
			if truthy(p.Setting("ALLOWED_HOSTS")) != no {
				return
			}
			p.Report(finding.Finding{
				Setting: "ALLOWED_HOSTS",
				Message: "ALLOWED_HOSTS is empty: with DEBUG off Django rejects every request.",
				Hint:    "List the domain names the site is served under, e.g. ALLOWED_HOSTS = ['example.com'].",
			})
		},
	}}
}

// noFrontServer is what deploycheck can say when the project holds no web
// server configuration that passes requests to Django.
const noFrontServer = "no nginx configuration in the project passes requests to the app " +
	"(deploycheck reads nginx files, not Apache or Caddy ones)"

// hostsChecklist returns deploycheck's own checks of this checklist topic.
func hostsChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.allowed_hosts.wildcard", Topic: finding.TopicAllowedHosts, Severity: finding.Warning,
			Doc: `ALLOWED_HOSTS accepts any host: it contains "*" or a leading-dot entry
for a whole public suffix such as ".com" or ".co.uk".

Django builds absolute URLs (password-reset and activation links, redirects,
sitemaps) from the Host header of the request. ALLOWED_HOSTS is what stops a
forged Host header; with "*" any name is accepted, and ".com" accepts every
.com name. An attacker can then have the site e-mail a password-reset link
pointing at the attacker's domain, or poison a cache with such links. This
is safe only when a web server in front of Django rejects unknown hosts
(an nginx default server answering 444, for example). deploycheck reads the
project's nginx configurations: when every server that passes requests to
the app sits behind a default server that does not, and no server_name
accepts any name, the finding is lowered to information and says which
servers reject unknown hosts (it is still reported, because the setting
alone would accept them); otherwise it says what lets them through (see
dc.web_server.no-catch-all).

Fix: list the names the site answers to: ["example.com", "www.example.com"]
or ".example.com" for a domain and its subdomains; also make the front web
server reject requests for other names.`,
			Run: runHostsWildcard,
		},
		{
			ID: "dc.allowed_hosts.not-a-host", Topic: finding.TopicAllowedHosts, Severity: finding.Warning,
			Doc: `An ALLOWED_HOSTS entry is not a host name: it has a scheme
("https://example.com"), a port ("example.com:8000"), a path
("example.com/"), a glob ("*.example.com"), a trailing dot, or characters
no host name has.

Django compares the request's host name, lower-cased and without its port,
with each entry: a leading dot matches a domain and its subdomains, "*"
matches anything, anything else must be equal. Such entries never match,
so requests for the host the entry meant are answered 400 Bad Request
(and logged as DisallowedHost). Django's checks accept them silently.

Fix: write bare host names: "example.com", ".example.com" for subdomains,
"[2001:db8::1]" for an IPv6 address.`,
			Run: runHostsNotAHost,
		},
		{
			ID: "dc.allowed_hosts.blank", Topic: finding.TopicAllowedHosts, Severity: finding.Warning,
			Doc: `ALLOWED_HOSTS holds only empty strings, or entries with spaces around
them.

os.environ.get("ALLOWED_HOSTS", "").split(",") gives [''] when the variable
is unset or empty: the list is not empty, so Django's security.W020 stays
silent, yet '' matches no host and every request is answered 400 Bad
Request. "example.com, www.example.com".split(",") keeps the space in
" www.example.com", which never matches either. When no environment is
given, the finding is conditional on the variables the list is read from.

Fix: split and strip, dropping empty items:
[h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if
h.strip()], or env.list("ALLOWED_HOSTS") with django-environ, and make sure
production sets the variable.`,
			Run: runHostsBlank,
		},
	}
}

// hostEntries returns the str entries of ALLOWED_HOSTS (unknown and
// non-str entries are left out); ok is false when the setting is not a
// known list or tuple.
func hostEntries(p *Pass) ([]string, bool) {
	st := p.SettingInfo("ALLOWED_HOSTS")
	if st == nil || st.Default {
		return nil, false
	}
	out, _, ok := strEntries(st.Value)
	return out, ok
}

// strEntries returns the str entries of a list or tuple value; all tells
// whether every entry was a known str, ok whether the value is a known
// list or tuple at all.
func strEntries(v pyvalue.Value) (out []string, all, ok bool) {
	elems, ok := v.Elems()
	if !ok {
		return nil, false, false
	}
	all = true
	for _, e := range elems {
		if s, isStr := e.AsStr(); isStr {
			out = append(out, s)
		} else {
			all = false
		}
	}
	return out, all, true
}

// publicSuffixes are second-level suffixes under which anyone can register
// a name; a leading-dot entry for one of them (or for a bare top-level
// domain) accepts hosts of unrelated owners.
var publicSuffixes = map[string]bool{
	"co.uk": true, "org.uk": true, "me.uk": true, "ac.uk": true, "gov.uk": true, "ltd.uk": true, "plc.uk": true,
	"com.au": true, "net.au": true, "org.au": true, "co.nz": true, "org.nz": true, "co.jp": true, "ne.jp": true,
	"or.jp": true, "com.br": true, "net.br": true, "co.in": true, "net.in": true, "org.in": true, "co.za": true,
	"com.cn": true, "com.mx": true, "com.tr": true, "com.ar": true, "co.kr": true, "com.sg": true, "com.hk": true,
	"co.il": true, "com.pl": true, "co.id": true, "com.my": true, "com.ph": true, "com.tw": true, "com.ua": true,
}

// wildcardHost says why an entry accepts hosts the site does not own, or
// returns "".
func wildcardHost(h string) string {
	switch {
	case h == "*":
		return "'*' accepts any host"
	case len(h) > 1 && h[0] == '.':
		rest := strings.ToLower(h[1:])
		if !strings.Contains(rest, ".") || publicSuffixes[rest] {
			return fmt.Sprintf("%s accepts every host under the public suffix %s", pyvalue.Repr(pyvalue.Str(h)), rest)
		}
	}
	return ""
}

// hostProblem says why an entry can never match a request's host, or
// returns "". Blank and padded entries are left to hostBlank.
func hostProblem(h string) string {
	if h == "*" || strings.TrimSpace(h) != h || h == "" {
		return ""
	}
	lower := strings.ToLower(h)
	switch {
	case strings.Contains(lower, "://"):
		return "has a scheme"
	case strings.Contains(lower, "/"):
		return "has a path"
	case strings.HasPrefix(lower, "["):
		if i := strings.Index(lower, "]"); i < 0 {
			return "is an unterminated IPv6 address"
		} else if i != len(lower)-1 {
			return "has a port"
		}
		return ""
	case strings.Count(lower, ":") > 1:
		return "is an IPv6 address without brackets"
	case strings.Contains(lower, ":"):
		return "has a port"
	case strings.Contains(lower, "*"):
		return "uses '*' as a glob, which Django does not support (a leading dot covers subdomains)"
	case lower == ".":
		return "is a lone dot, which matches no host"
	case strings.HasSuffix(lower, "."):
		return "ends with a dot, which Django strips from the request's host before comparing"
	}
	for _, r := range lower {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return fmt.Sprintf("contains %q, which no host name has", r)
		}
	}
	return ""
}

func runHostsWildcard(p *Pass) {
	hosts, ok := hostEntries(p)
	if !ok {
		return
	}
	var why []string
	for _, h := range hosts {
		if w := wildcardHost(h); w != "" && !slices.Contains(why, w) {
			why = append(why, w)
		}
	}
	if len(why) == 0 {
		return
	}
	f := finding.Finding{
		Setting: "ALLOWED_HOSTS",
		Message: "ALLOWED_HOSTS does not restrict the Host header: " + strings.Join(why, "; ") + ". " +
			"A forged Host header can then turn password-reset links and redirects into links to another site; ",
		Hint: "List the site's own names (['example.com', 'www.example.com'], or '.example.com' for subdomains), " +
			"and have the front web server reject other hosts (e.g. an nginx default server returning 444).",
	}
	served, open, undecided, guards := p.nginxHostGuard()
	switch {
	case served && len(open) == 0 && len(undecided) > 0:
		f.Message += fmt.Sprintf("whether the project's nginx rejects unknown hosts before Django is not known: the server at "+
			"%s passes requests to the app and %s.", p.at(undecided[0].s.NginxPos), undecided[0].why)
	case served && len(open) == 0:
		f.Severity = finding.Info
		f.Message += "the project's nginx rejects unknown hosts before they reach Django (" + strings.Join(guards, "; ") +
			"), so only the names its servers list get through: reported as information, since the setting alone would accept any host."
		f.Evidence = guards
	case served:
		f.Message += fmt.Sprintf("the nginx server at %s lets requests for any host through to the app as well (%s; "+
			"see dc.web_server.no-catch-all), so nothing rejects unknown hosts before Django.", p.at(open[0].s.NginxPos), open[0].why)
	default:
		f.Message += noFrontServer + ", so nothing is known to reject unknown hosts before Django."
	}
	p.Report(f)
}

func runHostsNotAHost(p *Pass) {
	hosts, ok := hostEntries(p)
	if !ok {
		return
	}
	var bad []string
	for _, h := range hosts {
		if why := hostProblem(h); why != "" {
			bad = append(bad, pyvalue.Repr(pyvalue.Str(h))+" "+why)
		}
	}
	if len(bad) == 0 {
		return
	}
	p.Report(finding.Finding{
		Setting: "ALLOWED_HOSTS",
		Message: "ALLOWED_HOSTS has entries that can never match a request: " + strings.Join(bad, "; ") + ". " +
			"Django compares only the host name, without scheme, port or path, so requests meant for them get 400 Bad Request.",
		Hint: "Write bare host names: 'example.com', '.example.com' for subdomains, '[2001:db8::1]' for IPv6.",
	})
}

func runHostsBlank(p *Pass) {
	hosts, ok := hostEntries(p)
	if !ok || len(hosts) == 0 {
		return
	}
	var padded []string
	usable := false
	for _, h := range hosts {
		t := strings.TrimSpace(h)
		switch {
		case t != h && t != "":
			padded = append(padded, pyvalue.Repr(pyvalue.Str(h)))
		case t != "":
			usable = true
		}
	}
	const fix = "Split and strip, dropping empty items ([h.strip() for h in value.split(',') if h.strip()], " +
		"or env.list() with django-environ), and set the variable in production."
	if !usable && len(padded) == 0 {
		p.Report(finding.Finding{
			Setting:  "ALLOWED_HOSTS",
			Severity: finding.Error,
			Message: fmt.Sprintf("ALLOWED_HOSTS is %s: the list is not empty, so Django's own check passes, but an empty "+
				"entry matches no host and every request is answered 400 Bad Request. Splitting an empty string "+
				"(''.split(',') gives ['']) is the usual cause.", reprHosts(hosts)),
			Hint: fix,
		})
		return
	}
	if len(padded) == 0 {
		return
	}
	p.Report(finding.Finding{
		Setting: "ALLOWED_HOSTS",
		Message: "ALLOWED_HOSTS has entries with surrounding spaces, which never match a request's host: " +
			strings.Join(padded, ", ") + ". Splitting 'a.com, b.com' on ',' keeps the space after the comma.",
		Hint: fix,
	})
}

// reprHosts renders host entries as a Python list.
func reprHosts(hosts []string) string {
	parts := make([]string, len(hosts))
	for i, h := range hosts {
		parts[i] = pyvalue.Repr(pyvalue.Str(h))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
