package checks

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
)

// This file holds what the checks ask of the project's nginx
// configurations (read by deployfiles.ParseNginx): which servers pass
// requests to the app, which redirect plain HTTP, which reject unknown
// hosts. The checks that use it are in webserver.go and in the topic files
// whose Django findings nginx can inform (hosts.go, https.go).

// nginxConfigs returns the project's nginx configurations, leaving out the
// ones whose path marks them as for development.
func (p *Pass) nginxConfigs() []*deployfiles.NginxConfig {
	if p.Project == nil {
		return nil
	}
	var out []*deployfiles.NginxConfig
	for _, c := range p.Project.Nginx {
		if !p.devFile(c.Path) {
			out = append(out, c)
		}
	}
	return out
}

// nginxServers returns the servers of nginxConfigs.
func (p *Pass) nginxServers() []*deployfiles.NginxServer {
	var out []*deployfiles.NginxServer
	for _, c := range p.nginxConfigs() {
		out = append(out, c.Servers...)
	}
	return out
}

// at renders a directive's position for messages, relative to the project.
func (p *Pass) at(pos deployfiles.NginxPos) string {
	s := p.deployFileRel(pos.File)
	if pos.Line > 0 {
		s += ":" + strconv.Itoa(pos.Line)
	}
	if pos.Std != "" {
		s += " (through nginx's standard " + pos.Std + ")"
	}
	return s
}

// appBlock is a location (or an if block inside one) that hands requests
// to an application server with proxy_pass or uwsgi_pass.
type appBlock struct {
	loc   *deployfiles.NginxLocation
	block *deployfiles.NginxBlock
	// pass is "proxy_pass" or "uwsgi_pass".
	pass string
	dir  *deployfiles.NginxValue
}

// appPass returns a level's proxy_pass or uwsgi_pass, the directives that
// talk to a WSGI/ASGI server.
func appPass(b *deployfiles.NginxBlock) (string, *deployfiles.NginxValue) {
	switch {
	case b.ProxyPass != nil:
		return "proxy_pass", b.ProxyPass
	case b.UwsgiPass != nil:
		return "uwsgi_pass", b.UwsgiPass
	}
	return "", nil
}

// stops tells whether a level answers every request itself before a
// handler runs: an unconditional return, or a rewrite that redirects
// everything.
func stops(b *deployfiles.NginxBlock) bool {
	if b.Return != nil {
		return true
	}
	for i := range b.Rewrites {
		if _, ok := b.Rewrites[i].Redirect(); ok && catchesAll(b.Rewrites[i].Regex) {
			return true
		}
	}
	return false
}

// catchesAll reports whether a rewrite regex matches every request path.
func catchesAll(re string) bool {
	r, err := regexp.Compile(re)
	return err == nil && r.MatchString("/") && r.MatchString("/some/page/")
}

// appBlocks returns the levels of a server that pass requests to an
// application server, unless the server level answers every request
// itself.
func (p *Pass) appBlocks(s *deployfiles.NginxServer) []appBlock {
	if p.cache == nil { // a Pass made outside RunAll (tests)
		return appBlocksOf(s)
	}
	if blocks, ok := p.cache.appBlocks[s]; ok {
		return blocks
	}
	blocks := appBlocksOf(s)
	p.cache.appBlocks[s] = blocks
	return blocks
}

// appBlocksOf computes appBlocks.
func appBlocksOf(s *deployfiles.NginxServer) []appBlock {
	if stops(&s.NginxBlock) {
		return nil
	}
	var out []appBlock
	for _, l := range s.AllLocations() {
		if l.Modifier == "@" && !namedLocationUsed(s, l.Path) {
			continue
		}
		if stops(&l.NginxBlock) {
			continue
		}
		if name, dir := appPass(&l.NginxBlock); dir != nil {
			out = append(out, appBlock{loc: l, block: &l.NginxBlock, pass: name, dir: dir})
		}
		for _, f := range l.Ifs {
			if name, dir := appPass(&f.NginxBlock); dir != nil {
				out = append(out, appBlock{loc: l, block: &f.NginxBlock, pass: name, dir: dir})
			}
		}
	}
	return out
}

// namedLocationUsed reports whether some directive of the server refers
// to the named location (try_files ... @name, error_page ... @name).
func namedLocationUsed(s *deployfiles.NginxServer, name string) bool {
	var walk func(b *deployfiles.NginxBlock) bool
	walk = func(b *deployfiles.NginxBlock) bool {
		for _, d := range b.Directives {
			for _, a := range d.Args {
				if a == "@"+name {
					return true
				}
			}
		}
		for _, l := range b.Locations {
			if walk(&l.NginxBlock) {
				return true
			}
		}
		for _, f := range b.Ifs {
			if walk(&f.NginxBlock) {
				return true
			}
		}
		return false
	}
	return walk(&s.NginxBlock)
}

// reachesApp reports whether a server passes some requests to an
// application server.
func (p *Pass) reachesApp(s *deployfiles.NginxServer) bool { return len(p.appBlocks(s)) > 0 }

// httpsRedirectTarget tells whether a level redirects to an https:// URL
// (return or rewrite).
func httpsRedirectTarget(b *deployfiles.NginxBlock) (deployfiles.NginxPos, bool) {
	if u, ok := b.Return.Redirect(); ok && strings.HasPrefix(strings.ToLower(u), "https://") {
		return b.Return.NginxPos, true
	}
	for i := range b.Rewrites {
		rw := &b.Rewrites[i]
		if u, ok := rw.Redirect(); ok && strings.HasPrefix(strings.ToLower(u), "https://") && catchesAll(rw.Regex) {
			return rw.NginxPos, true
		}
	}
	return deployfiles.NginxPos{}, false
}

// schemeVars are the variables an if block tests to tell plain HTTP from
// HTTPS (the last two behind a load balancer).
var schemeVars = []string{"$scheme", "$https", "$server_port", "$http_x_forwarded_proto", "$http_x_forwarded_ssl"}

// schemeRedirect finds an if block of the level that tests the scheme and
// redirects to https://.
func schemeRedirect(b *deployfiles.NginxBlock) (deployfiles.NginxPos, bool) {
	for _, f := range b.Ifs {
		if len(f.Cond) == 0 {
			continue
		}
		tests := false
		for _, v := range schemeVars {
			if strings.EqualFold(f.Cond[0], v) {
				tests = true
			}
		}
		if !tests {
			continue
		}
		if pos, ok := httpsRedirectTarget(&f.NginxBlock); ok {
			return pos, true
		}
	}
	return deployfiles.NginxPos{}, false
}

// serverHTTPSRedirect tells whether a server redirects its requests to
// HTTPS before any location: a return or rewrite to https:// at the server
// level, or an if block on the scheme that does so.
func serverHTTPSRedirect(s *deployfiles.NginxServer) (deployfiles.NginxPos, bool) {
	if pos, ok := httpsRedirectTarget(&s.NginxBlock); ok {
		return pos, true
	}
	return schemeRedirect(&s.NginxBlock)
}

// locationHTTPSRedirect tells whether the locations a request path goes
// through redirect it to HTTPS.
func locationHTTPSRedirect(chain []*deployfiles.NginxLocation) (deployfiles.NginxPos, bool) {
	for _, l := range chain {
		if pos, ok := schemeRedirect(&l.NginxBlock); ok {
			return pos, true
		}
	}
	if n := len(chain); n > 0 {
		return httpsRedirectTarget(&chain[n-1].NginxBlock)
	}
	return deployfiles.NginxPos{}, false
}

// plainAppBlocks returns the levels of a server that pass plain-HTTP
// requests to the app without redirecting them to HTTPS first.
func (p *Pass) plainAppBlocks(s *deployfiles.NginxServer) []appBlock {
	if len(s.PlainHTTP()) == 0 {
		return nil
	}
	if _, ok := serverHTTPSRedirect(s); ok {
		return nil
	}
	var out []appBlock
	for _, ab := range p.appBlocks(s) {
		if _, ok := locationHTTPSRedirect(locationChain(ab.loc)); ok {
			continue
		}
		out = append(out, ab)
	}
	return out
}

// locationChain returns a location and the locations enclosing it,
// outermost first.
func locationChain(l *deployfiles.NginxLocation) []*deployfiles.NginxLocation {
	var chain []*deployfiles.NginxLocation
	for _, x := range l.Server.AllLocations() {
		if x == l || hasDescendant(x, l) {
			chain = append(chain, x)
		}
	}
	return chain
}

func hasDescendant(x, l *deployfiles.NginxLocation) bool {
	for _, c := range x.Locations {
		if c == l || hasDescendant(c, l) {
			return true
		}
	}
	return false
}

// nginxRedirect says whether the project's nginx redirects plain HTTP to
// HTTPS before it reaches the app: it serves the app over TLS, some
// plain-HTTP server redirects to https://, and no plain-HTTP server passes
// requests to the app. It returns the redirects' positions.
func (p *Pass) nginxRedirect() ([]string, bool) {
	var redirects []string
	tlsApp := false
	for _, s := range p.nginxServers() {
		if s.TLS() && p.reachesApp(s) {
			tlsApp = true
		}
		if len(p.plainAppBlocks(s)) > 0 {
			return nil, false
		}
		if len(s.PlainHTTP()) == 0 {
			continue
		}
		if pos, ok := serverHTTPSRedirect(s); ok {
			redirects = append(redirects, p.at(pos))
			continue
		}
		if chain, ok := s.Match("/"); ok {
			if pos, ok := locationHTTPSRedirect(chain); ok {
				redirects = append(redirects, p.at(pos))
			}
		}
	}
	if !tlsApp || len(redirects) == 0 {
		return nil, false
	}
	return redirects, true
}

// nginxServesApp reports whether some nginx configuration of the project
// passes requests to an application server.
func (p *Pass) nginxServesApp() bool {
	for _, s := range p.nginxServers() {
		if p.reachesApp(s) {
			return true
		}
	}
	return false
}

// probeHost is a host name no configuration serves, standing for a forged
// Host header.
const probeHost = "forged-host.invalid"

// hostChecked tells whether a server rejects requests for hosts it does
// not list with an if block on $host at the server level.
func hostChecked(s *deployfiles.NginxServer) bool {
	for _, f := range s.Ifs {
		if len(f.Cond) < 3 || f.Return == nil || f.Return.Code < 400 {
			continue
		}
		v := strings.ToLower(f.Cond[0])
		if (v == "$host" || v == "$http_host") && (f.Cond[1] == "!=" || f.Cond[1] == "!~" || f.Cond[1] == "!~*") {
			return true
		}
	}
	return false
}

// openHost says why a server that passes requests to the app takes them
// whatever their Host header, or returns "".
func (p *Pass) openHost(s *deployfiles.NginxServer, defaults map[string]*deployfiles.NginxServer) string {
	if !p.reachesApp(s) || hostChecked(s) {
		return ""
	}
	var sockets []string
	for _, l := range s.Listens {
		if defaults[l.Socket()] == s && !slices.Contains(sockets, l.Socket()) {
			sockets = append(sockets, l.Socket())
		}
	}
	if len(sockets) > 0 {
		how := "the first server listening on"
		for _, l := range s.Listens {
			if l.DefaultServer {
				how = "marked default_server for"
			}
		}
		return fmt.Sprintf("it is the default server (%s %s), which nginx hands every request whose Host matches no server_name",
			how, strings.Join(sockets, " and "))
	}
	for _, n := range s.Names {
		if n.Regex() && nginxNameMatch(n.Name, probeHost) {
			return fmt.Sprintf("its server_name %s matches any host name", n.Name)
		}
	}
	return ""
}

// nginxHostGuard tells whether the project's nginx rejects requests for
// unknown hosts before they reach the app: served is false when no nginx
// configuration passes requests to the app. open lists the servers that
// let any host through (position and reason); undecided the servers that
// pass requests to the app and include files the project does not hold
// (which may hold a listen or a host test); guards lists the default
// servers that reject unknown hosts.
func (p *Pass) nginxHostGuard() (served bool, open, undecided []openServer, guards []string) {
	for _, c := range p.nginxConfigs() {
		defaults := c.DefaultServers()
		appSockets := map[string]bool{}
		for _, s := range c.Servers {
			if !p.reachesApp(s) {
				continue
			}
			served = true
			if inc := s.Opaque(); len(inc) > 0 {
				undecided = append(undecided, openServer{s, fmt.Sprintf("it includes %s (%s), which is not in the project",
					inc[0].Pattern, p.at(inc[0].NginxPos))})
				continue
			}
			if why := p.openHost(s, defaults); why != "" {
				open = append(open, openServer{s, why})
			}
			for _, l := range s.Listens {
				appSockets[l.Socket()] = true
			}
		}
		var socks []string
		for k := range appSockets {
			socks = append(socks, k)
		}
		sort.Strings(socks)
		for _, k := range socks {
			switch d := defaults[k]; {
			case d == nil:
			case !p.reachesApp(d):
				guards = append(guards, fmt.Sprintf("the default server for %s at %s does not pass requests on", k, p.at(d.NginxPos)))
			case hostChecked(d):
				guards = append(guards, fmt.Sprintf("the default server for %s at %s rejects hosts its if ($host ...) does not list", k, p.at(d.NginxPos)))
			}
		}
	}
	return served, open, undecided, guards
}

// openServer is a server that lets requests for any host reach the app.
type openServer struct {
	s   *deployfiles.NginxServer
	why string
}

// metaKey turns an HTTP header name into its request.META key.
func metaKey(header string) string {
	return "HTTP_" + strings.ToUpper(strings.ReplaceAll(header, "-", "_"))
}

// forwardedHeader says what an app level sends the application server for
// the header whose request.META key is key: set is false when nginx does
// not set it (the client's own header, if any, passes through unless
// removed is set); value and pos are the setting's. known is false when an
// include whose content is unknown could change it.
func forwardedHeader(ab appBlock, key string) (value string, pos deployfiles.NginxPos, set, removed, known bool) {
	if len(ab.block.Opaque()) > 0 {
		return "", pos, false, false, false
	}
	var list []deployfiles.NginxHeader
	var passHeaders *deployfiles.NginxValue
	switch ab.pass {
	case "proxy_pass":
		list = ab.block.EffectiveProxyHeaders()
		passHeaders = ab.block.Effective(func(b *deployfiles.NginxBlock) *deployfiles.NginxValue { return b.ProxyPassRequestHeaders })
		for _, h := range list {
			if metaKey(h.Name) == key {
				return h.Value, h.NginxPos, true, h.Value == "", true
			}
		}
	case "uwsgi_pass":
		list = ab.block.EffectiveParams("uwsgi")
		for _, h := range list {
			if strings.EqualFold(h.Name, key) {
				return h.Value, h.NginxPos, true, h.Value == "", true
			}
		}
	}
	if passHeaders != nil && passHeaders.Value() == "off" {
		return "", passHeaders.NginxPos, false, true, true
	}
	return "", pos, false, false, true
}

// clientVar is the nginx variable holding a request header as the client
// sent it: "$http_x_forwarded_proto" for HTTP_X_FORWARDED_PROTO.
func clientVar(key string) string {
	return "$http_" + strings.ToLower(strings.TrimPrefix(key, "HTTP_"))
}

// nginxImageVersion looks for the nginx image the deployment files run
// (compose services and Dockerfile stages based on nginx) and returns its
// version: "" with known true for a tag without a version (latest,
// alpine, stable: a current release), known false when no such image is
// found or a variable decides its tag.
func (p *Pass) nginxImageVersion() (version string, where string, known bool) {
	if p.Project == nil {
		return "", "", false
	}
	isNginx := func(ref string) bool {
		name := deployfiles.ImageName(ref)
		return name == "nginx" || name == "nginx-unprivileged"
	}
	for _, cf := range p.Project.Compose {
		rel := p.deployFileRel(cf.Path)
		if p.devFile(cf.Path) {
			continue
		}
		for _, s := range cf.Services {
			if s.Image != nil && isNginx(s.Image.Value) {
				v, known := nginxTagVersion(s.Image.Value)
				return v, fmt.Sprintf("%s:%d", rel, s.Image.Line), known
			}
		}
	}
	for _, df := range p.Project.Dockerfiles {
		rel := p.deployFileRel(df.Path)
		if p.devFile(df.Path) {
			continue
		}
		if st := df.Final(); st != nil && isNginx(st.Base) {
			v, known := nginxTagVersion(st.Base)
			return v, fmt.Sprintf("%s:%d", rel, st.Line), known
		}
	}
	return "", "", false
}

// nginxTagVersion returns the version number at the start of an image
// reference's tag ("1.25" for nginx:1.25-alpine), or "" for a tag without
// one (latest, alpine). known is false when a variable decides the tag
// (nginx:${NGINX_VERSION}-alpine).
func nginxTagVersion(ref string) (version string, known bool) {
	if strings.Contains(ref, "$") {
		return "", false
	}
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		ref = ref[:i]
	}
	slash := strings.LastIndexByte(ref, '/')
	colon := strings.LastIndexByte(ref, ':')
	if colon < 0 || colon < slash {
		return "", true
	}
	tag := ref[colon+1:]
	end := 0
	for end < len(tag) && (tag[end] >= '0' && tag[end] <= '9' || tag[end] == '.') {
		end++
	}
	return strings.Trim(tag[:end], "."), true
}

// versionBefore compares dotted version numbers: v < w. Missing parts of v
// count as the newest release of that series (1.23 is 1.23.x, the last).
func versionBefore(v, w string) bool {
	a, b := strings.Split(v, "."), strings.Split(w, ".")
	for i := range b {
		if i >= len(a) {
			return false
		}
		x, _ := strconv.Atoi(a[i])
		y, _ := strconv.Atoi(b[i])
		if x != y {
			return x < y
		}
	}
	return false
}

// nginxHSTS returns where the project's nginx adds a Strict-Transport-Security
// header with a positive max-age to the app's responses; ok is true only
// when it does so in every level that passes requests to the app in every
// server that serves the app over TLS (and there is one).
func (p *Pass) nginxHSTS() (where []string, ok bool) {
	seen := map[string]bool{}
	for _, s := range p.nginxServers() {
		if !s.TLS() {
			continue
		}
		for _, ab := range p.appBlocks(s) {
			if len(ab.block.Opaque()) > 0 {
				return nil, false
			}
			found := false
			for _, h := range ab.block.EffectiveHeaders() {
				if strings.EqualFold(h.Name, "Strict-Transport-Security") && hstsMaxAge(h.Value) > 0 {
					found = true
					if at := p.at(h.NginxPos); !seen[at] {
						seen[at] = true
						where = append(where, at)
					}
				}
			}
			if !found {
				return nil, false
			}
		}
	}
	return where, len(where) > 0
}

// hstsMaxAge reads the max-age of a Strict-Transport-Security value, or -1.
func hstsMaxAge(v string) int64 {
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "max-age") {
			n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(val), `"`), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return -1
}

// prefixAll puts prefix before each item.
func prefixAll(prefix string, items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = prefix + s
	}
	return out
}
