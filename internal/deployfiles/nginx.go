package deployfiles

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	crossplane "github.com/nginxinc/nginx-go-crossplane"
)

// NginxConfig is the model of one nginx configuration: a main file and the
// files it includes, read the way nginx reads them.
type NginxConfig struct {
	// Path is the main file's path.
	Path string
	// Files are the files read, the main file first, then the included
	// ones in the order nginx reads them. Standard files nginx ships that
	// the project does not hold (uwsgi_params...) are not listed.
	Files []string
	// Site is set when the main file holds what nginx reads inside http {}
	// (server blocks, upstreams) without the http block itself: a conf.d or
	// sites-available file that the system's nginx.conf includes. HTTP then
	// stands for the http level that includes it.
	Site bool
	// HTTP is the http level, or nil when the files have no http block.
	HTTP *NginxBlock
	// Servers are the server blocks of the http level, in the order nginx
	// reads them.
	Servers []*NginxServer
	// Upstreams are the upstream blocks, by name.
	Upstreams map[string]*NginxUpstream
	// Maps are the http level's map blocks: the variable each defines
	// (without "$") to the expression it is computed from
	// ("$http_x_forwarded_proto").
	Maps map[string]string
	// Includes are all the include directives, at any level, in the order
	// nginx reads them (each once), with what they resolved to.
	Includes []*NginxInclude
	// Unresolved are the include directives whose files are not in the
	// project (and are not a standard file deploycheck knows), in the order
	// nginx reads them. What they hold is unknown.
	Unresolved []*NginxInclude
	// Invalid is set when nginx would refuse the configuration (ParseNginx
	// returns the problems). Only Path and Files are then filled in: the
	// configuration cannot run as written, so its content is not judged.
	Invalid bool
}

// NginxPos is where a directive is written.
type NginxPos struct {
	// File and Line locate the directive.
	File string
	Line int
	// Std names the standard nginx file (such as "uwsgi_params") that a
	// directive comes from when the project does not hold that file and
	// deploycheck uses nginx's own copy; File and Line are then those of
	// the include directive that reads it.
	Std string
}

// String returns "file:line".
func (p NginxPos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// NginxDirective is one directive as written, with its arguments unquoted.
type NginxDirective struct {
	Name string
	Args []string
	NginxPos
}

// NginxValue is a directive that takes its arguments as one setting
// (server_tokens off, client_max_body_size 10m, alias /srv/static/).
type NginxValue struct {
	Args []string
	NginxPos
}

// Value returns the arguments joined by spaces.
func (v *NginxValue) Value() string {
	if v == nil {
		return ""
	}
	return strings.Join(v.Args, " ")
}

// NginxHeader is an add_header, proxy_set_header, uwsgi_param,
// fastcgi_param or scgi_param directive: a name and a value.
type NginxHeader struct {
	Name, Value string
	// Always is add_header's "always" flag (send on error responses too);
	// for the param directives it is unset.
	Always bool
	NginxPos
}

// NginxReturn is a return directive.
type NginxReturn struct {
	// Code is the status code (302 for "return URL"), or 0 when it is a
	// variable.
	Code int
	// Text is the URL of a redirect or the body of another response.
	Text string
	NginxPos
}

// Redirect returns the target URL when the return answers with a redirect
// (301, 302, 303, 307 or 308).
func (r *NginxReturn) Redirect() (string, bool) {
	if r == nil {
		return "", false
	}
	switch r.Code {
	case 301, 302, 303, 307, 308:
		return r.Text, true
	}
	return "", false
}

// NginxRewrite is a rewrite directive.
type NginxRewrite struct {
	Regex, Replacement, Flag string
	NginxPos
}

// Redirect returns the target URL when the rewrite answers with a redirect:
// a replacement starting with http://, https:// or $scheme, or the redirect
// or permanent flag.
func (r *NginxRewrite) Redirect() (string, bool) {
	low := strings.ToLower(r.Replacement)
	if strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "$scheme") ||
		r.Flag == "redirect" || r.Flag == "permanent" {
		return r.Replacement, true
	}
	return "", false
}

// NginxInclude is an include directive.
type NginxInclude struct {
	// Pattern is the path or glob as written.
	Pattern string
	// Files are the project files it reads.
	Files []string
	// Std is set when it reads a standard nginx file the project does not
	// hold and deploycheck uses nginx's own copy ("uwsgi_params").
	Std string
	// Missing is set when what it reads is not in the project and is not
	// a standard file: its content is unknown.
	Missing bool
	NginxPos
}

// NginxBlock holds the directives of one level of the configuration (the
// http level, a server, a location or an if block) that deploycheck looks
// at. Directives from included files are part of the level that includes
// them. A nil field means the level does not set it.
type NginxBlock struct {
	NginxPos
	// Parent is the enclosing level: the server of a top-level location,
	// the http level of a server, nil for the http level.
	Parent *NginxBlock
	// Directives are all the level's directives in order, blocks included
	// (their content is not repeated).
	Directives []*NginxDirective

	// Headers are its add_header directives. nginx inherits them from the
	// enclosing level only when a level has none of its own.
	Headers []NginxHeader
	// ProxyHeaders, UwsgiParams, FastcgiParams and ScgiParams are its
	// proxy_set_header, uwsgi_param, fastcgi_param and scgi_param
	// directives, inherited the same way.
	ProxyHeaders, UwsgiParams, FastcgiParams, ScgiParams []NginxHeader
	// HideHeaders are its *_hide_header directives (their arguments) by
	// module: "proxy", "uwsgi", "fastcgi", "scgi", "grpc". Each module's
	// list is inherited on its own: a level's uwsgi_hide_header does not
	// stop the proxy_hide_header of the level around it.
	HideHeaders map[string][]NginxHeader

	// Settings inherited from the enclosing level when not set.
	ServerTokens, SSLProtocols, ClientMaxBodySize, Autoindex, Root, SSL *NginxValue
	// ProxyPassRequestHeaders is proxy_pass_request_headers (inherited).
	ProxyPassRequestHeaders *NginxValue

	// Settings that apply only to the level that sets them.
	Alias                                                 *NginxValue
	ProxyPass, UwsgiPass, FastcgiPass, ScgiPass, GrpcPass *NginxValue
	Return                                                *NginxReturn
	Rewrites                                              []NginxRewrite
	Ifs                                                   []*NginxIf
	Includes                                              []*NginxInclude
	Locations                                             []*NginxLocation
}

// NginxServer is a server block.
type NginxServer struct {
	NginxBlock
	// Listens are its listen directives; a server without any listens on
	// port 80 of every address (Implicit is then set on the one entry).
	Listens []NginxListen
	// Names are its server_name entries.
	Names []NginxName
	// Config is the configuration the server belongs to.
	Config *NginxConfig
}

// NginxListen is one listen directive.
type NginxListen struct {
	// Raw is the address as written ("443", "[::]:80", "unix:/run/a.sock").
	Raw string
	// Addr is the address part: "*" for every IPv4 address, "[::]" for
	// every IPv6 one, else as written; empty for a Unix socket.
	Addr string
	// Port is the port (80 when not written), 0 for a Unix socket or a
	// port given by a variable.
	Port int
	// DefaultServer is the default_server (or old "default") parameter.
	DefaultServer bool
	// SSL is the ssl parameter; QUIC the quic one (HTTP/3, TLS too).
	SSL, QUIC bool
	// Implicit is set for the listen nginx assumes when a server has none.
	Implicit bool
	NginxPos
}

// Socket returns the address and port the listen binds, as nginx groups
// servers for choosing a default one.
func (l NginxListen) Socket() string {
	if l.Addr == "" {
		return l.Raw
	}
	return l.Addr + ":" + strconv.Itoa(l.Port)
}

// TLS reports whether connections on the listen use TLS.
func (l NginxListen) TLS() bool { return l.SSL || l.QUIC }

// NginxName is one server_name entry.
type NginxName struct {
	Name string
	NginxPos
}

// Regex reports whether the name is a regular expression (~...).
func (n NginxName) Regex() bool { return strings.HasPrefix(n.Name, "~") }

// NginxLocation is a location block.
type NginxLocation struct {
	NginxBlock
	// Modifier is "", "=", "~", "~*", "^~" or "@" (a named location).
	Modifier string
	// Path is the prefix, exact path, regular expression or name.
	Path string
	// Server is the server the location belongs to.
	Server *NginxServer

	// re caches the compiled regular expression of a regex location.
	re     *regexp.Regexp
	reErr  error
	reDone bool
}

// Regexp returns the location's regular expression compiled with Go's
// regexp (case-insensitive for ~*), or an error for a pattern Go cannot
// compile (PCRE lookarounds, backreferences) or a location that is not a
// regex one. The result is kept in the location, so concurrent first calls
// on the same location are not safe.
func (l *NginxLocation) Regexp() (*regexp.Regexp, error) {
	if !l.reDone {
		l.reDone = true
		if l.IsRegex() {
			l.re, l.reErr = nginxRegexp(l.Path, l.Modifier == "~*")
		} else {
			l.reErr = fmt.Errorf("location %s is not a regular expression", l.Path)
		}
	}
	return l.re, l.reErr
}

// IsRegex reports whether the location matches by regular expression.
func (l *NginxLocation) IsRegex() bool { return l.Modifier == "~" || l.Modifier == "~*" }

// NginxIf is an if block inside a server or location.
type NginxIf struct {
	NginxBlock
	// Cond is the condition's words, parentheses removed:
	// ["$scheme", "=", "http"].
	Cond []string
}

// NginxUpstream is an upstream block.
type NginxUpstream struct {
	Name string
	// Servers are the addresses of its server directives.
	Servers []string
	NginxPos
}

// inheritedFrom returns the nearest level, from b outwards, for which has
// is true, or nil.
func (b *NginxBlock) inheritedFrom(has func(*NginxBlock) bool) *NginxBlock {
	for x := b; x != nil; x = x.Parent {
		if has(x) {
			return x
		}
	}
	return nil
}

// EffectiveHeaders returns the add_header directives in effect at the
// level: its own, or when it has none those of the nearest enclosing level
// that has some.
func (b *NginxBlock) EffectiveHeaders() []NginxHeader {
	if x := b.inheritedFrom(func(x *NginxBlock) bool { return len(x.Headers) > 0 }); x != nil {
		return x.Headers
	}
	return nil
}

// EffectiveProxyHeaders returns the proxy_set_header directives in effect,
// inherited like add_header.
func (b *NginxBlock) EffectiveProxyHeaders() []NginxHeader {
	if x := b.inheritedFrom(func(x *NginxBlock) bool { return len(x.ProxyHeaders) > 0 }); x != nil {
		return x.ProxyHeaders
	}
	return nil
}

// EffectiveParams returns the uwsgi_param, fastcgi_param or scgi_param
// directives in effect (kind "uwsgi", "fastcgi" or "scgi"), inherited like
// add_header.
func (b *NginxBlock) EffectiveParams(kind string) []NginxHeader {
	get := func(x *NginxBlock) []NginxHeader {
		switch kind {
		case "uwsgi":
			return x.UwsgiParams
		case "fastcgi":
			return x.FastcgiParams
		case "scgi":
			return x.ScgiParams
		}
		return nil
	}
	if x := b.inheritedFrom(func(x *NginxBlock) bool { return len(get(x)) > 0 }); x != nil {
		return get(x)
	}
	return nil
}

// EffectiveHideHeaders returns the <module>_hide_header
// directives in effect, inherited like add_header.
func (b *NginxBlock) EffectiveHideHeaders(module string) []NginxHeader {
	if x := b.inheritedFrom(func(x *NginxBlock) bool { return len(x.HideHeaders[module]) > 0 }); x != nil {
		return x.HideHeaders[module]
	}
	return nil
}

// Effective returns the value of an inherited setting in effect at the
// level (get picks the field), or nil when no level sets it and nginx's
// default applies.
func (b *NginxBlock) Effective(get func(*NginxBlock) *NginxValue) *NginxValue {
	if x := b.inheritedFrom(func(x *NginxBlock) bool { return get(x) != nil }); x != nil {
		return get(x)
	}
	return nil
}

// Pass returns the directive that hands the level's requests to another
// server (proxy_pass, uwsgi_pass, fastcgi_pass, scgi_pass, grpc_pass) and
// its name, or nil.
func (b *NginxBlock) Pass() (string, *NginxValue) {
	for _, p := range []struct {
		name string
		v    *NginxValue
	}{{"proxy_pass", b.ProxyPass}, {"uwsgi_pass", b.UwsgiPass}, {"fastcgi_pass", b.FastcgiPass},
		{"scgi_pass", b.ScgiPass}, {"grpc_pass", b.GrpcPass}} {
		if p.v != nil {
			return p.name, p.v
		}
	}
	return "", nil
}

// Opaque returns the includes, at the level or an enclosing one, whose
// content is unknown: what they set may change what the level does.
// A glob include at the http level (include /etc/nginx/sites-enabled/*)
// does not count: such files hold server blocks, not settings for the
// http level.
func (b *NginxBlock) Opaque() []*NginxInclude {
	var out []*NginxInclude
	for x := b; x != nil; x = x.Parent {
		for _, inc := range x.Includes {
			if inc.Missing && !(x.Parent == nil && strings.ContainsAny(inc.Pattern, "*?[")) {
				out = append(out, inc)
			}
		}
	}
	return out
}

// AllLocations returns the server's locations, nested ones after their
// parent, in file order.
func (s *NginxServer) AllLocations() []*NginxLocation {
	var out []*NginxLocation
	var walk func([]*NginxLocation)
	walk = func(ls []*NginxLocation) {
		for _, l := range ls {
			out = append(out, l)
			walk(l.Locations)
		}
	}
	walk(s.Locations)
	return out
}

// TLS reports whether the server accepts TLS connections (a listen with
// ssl or quic, or the old "ssl on").
func (s *NginxServer) TLS() bool {
	for _, l := range s.Listens {
		if l.TLS() {
			return true
		}
	}
	v := s.Effective(func(b *NginxBlock) *NginxValue { return b.SSL })
	return v != nil && v.Value() == "on"
}

// PlainHTTP returns the server's listens that accept plain HTTP.
func (s *NginxServer) PlainHTTP() []NginxListen {
	if v := s.Effective(func(b *NginxBlock) *NginxValue { return b.SSL }); v != nil && v.Value() == "on" {
		return nil
	}
	var out []NginxListen
	for _, l := range s.Listens {
		if !l.TLS() {
			out = append(out, l)
		}
	}
	return out
}

// DefaultServers returns, for each socket the configuration listens on,
// the server nginx hands requests whose Host matches no server_name: the
// one marked default_server, else the first one listening there.
func (c *NginxConfig) DefaultServers() map[string]*NginxServer {
	out := map[string]*NginxServer{}
	marked := map[string]bool{}
	for _, s := range c.Servers {
		for _, l := range s.Listens {
			k := l.Socket()
			switch {
			case l.DefaultServer && !marked[k]:
				out[k] = s
				marked[k] = true
			case out[k] == nil:
				out[k] = s
			}
		}
	}
	return out
}

// Match returns the locations nginx picks for a request path, outermost
// first (nil when none matches and the server level answers). ok is false
// when a regular expression of a location that could take part cannot be
// evaluated (a PCRE feature Go lacks), so the answer is unknown.
//
// nginx looks for an exact (=) match, then the longest prefix; a ^~ prefix
// ends the search, otherwise the prefix's nested locations and then the
// level's regular expressions, in file order, get their turn, and the
// first one that matches wins.
func (s *NginxServer) Match(uri string) (chain []*NginxLocation, ok bool) {
	return matchLocations(s.Locations, uri, 0)
}

func matchLocations(ls []*NginxLocation, uri string, depth int) ([]*NginxLocation, bool) {
	if depth > 32 {
		return nil, false
	}
	var prefix *NginxLocation
	for _, l := range ls {
		switch l.Modifier {
		case "=":
			if l.Path == uri {
				return []*NginxLocation{l}, true
			}
		case "", "^~":
			if strings.HasPrefix(uri, l.Path) && (prefix == nil || len(l.Path) > len(prefix.Path)) {
				prefix = l
			}
		}
	}
	var chain []*NginxLocation
	if prefix != nil {
		inner, ok := matchLocations(prefix.Locations, uri, depth+1)
		if !ok {
			return nil, false
		}
		chain = append([]*NginxLocation{prefix}, inner...)
		// A nested exact or regex match ends the search.
		if len(inner) > 0 && (inner[len(inner)-1].Modifier == "=" || inner[len(inner)-1].IsRegex()) {
			return chain, true
		}
		if prefix.Modifier == "^~" {
			return chain, true
		}
	}
	for _, l := range ls {
		if !l.IsRegex() {
			continue
		}
		re, err := l.Regexp()
		if err != nil {
			return nil, false
		}
		if re.MatchString(uri) {
			inner, ok := matchLocations(l.Locations, uri, depth+1)
			if !ok {
				return nil, false
			}
			return append([]*NginxLocation{l}, inner...), true
		}
	}
	return chain, true
}

// nginxRegexp compiles a PCRE location or server_name pattern with Go's
// regexp, which agrees with PCRE on the patterns nginx configurations
// usually hold.
func nginxRegexp(pattern string, fold bool) (*regexp.Regexp, error) {
	if fold {
		pattern = "(?i)" + pattern
	}
	return regexp.Compile(pattern)
}

// ParseNginxSize reads an nginx size ("10m", "512k", "1g", "1024"): the
// number of bytes.
func ParseNginxSize(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	mult := int64(1)
	switch s[len(s)-1] {
	case 'k', 'K':
		mult = 1 << 10
	case 'm', 'M':
		mult = 1 << 20
	case 'g', 'G':
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, false
	}
	return n * mult, true
}

// nginxServerBlock matches the opening of a server or http block.
var nginxServerBlock = regexp.MustCompile(`(?m)^[ \t]*(server|http)[ \t\r\n]*\{`)

// LooksLikeNginx reports whether data seems to be an nginx configuration
// holding a server or http block. It is a cheap test for choosing which
// files to parse.
func LooksLikeNginx(data []byte) bool {
	return nginxServerBlock.Match(data)
}

// NginxFiles is how the nginx parser reaches files. It reads only files
// inside Root: an include of /etc/nginx/... is looked for in the project
// (see ParseNginx), never on the machine deploycheck runs on.
type NginxFiles struct {
	// Root is the project directory.
	Root string
	// ReadFile reads a file; nil means os.ReadFile of files up to 4 MiB.
	ReadFile func(path string) ([]byte, error)
	// Glob lists the files matching a pattern; nil means filepath.Glob.
	Glob func(pattern string) ([]string, error)
	// IsDir reports whether a path is a directory; nil asks the disk.
	IsDir func(path string) bool
}

// Limits of one nginx parse.
const (
	maxNginxFiles    = 256
	maxNginxFileSize = 4 << 20
	maxNginxDepth    = 64
)

// nginxConfDirs are where nginx installations keep their configuration;
// an include below one of them is looked for in the project.
var nginxConfDirs = []string{"/etc/nginx/", "/usr/local/nginx/conf/", "/usr/local/etc/nginx/", "/opt/nginx/conf/"}

// errNotInProject marks an include whose file is not in the project; its
// text identifies the error in crossplane's messages, which keep only it.
var errNotInProject = errors.New("deploycheck: file not in the project")

// ParseNginx parses the nginx configuration whose main file is path,
// following include directives.
//
// Includes are resolved as nginx does (relative ones against the main
// file's directory), inside the project only. An include below /etc/nginx
// (or another usual configuration directory) is looked for in the project
// by its path below that directory, starting at the main file's directory
// and going up to Root: "include /etc/nginx/conf.d/*.conf" from
// deploy/nginx/nginx.conf reads deploy/nginx/conf.d/*.conf. A relative
// include that is not found is looked for the same way, since nginx takes
// it from its configuration directory. What is still not found is either
// one of nginx's standard files (mime.types, uwsgi_params, proxy_params...),
// whose usual content is used, or listed in Unresolved; neither is an
// error.
//
// A main file holding server blocks without an http block (a conf.d or
// sites-available file) is read as the content of an http block.
func ParseNginx(path string, files NginxFiles) (cfg *NginxConfig, err error) {
	errs := &errorList{file: path}
	cfg = &NginxConfig{Path: path, Upstreams: map[string]*NginxUpstream{}, Maps: map[string]string{}}
	defer func() {
		err = errs.err()
		cfg.Invalid = cfg.Invalid || err != nil
	}()
	defer guard(errs, "nginx")

	r := &nginxReader{files: files, main: path, mainDir: filepath.Dir(path), resolved: map[string]string{},
		std: map[string]string{}, missing: map[string]bool{}, data: map[string][]byte{}}
	if r.files.ReadFile == nil {
		r.files.ReadFile = ReadBounded
	}
	if r.files.Glob == nil {
		r.files.Glob = filepath.Glob
	}
	if r.files.IsDir == nil {
		r.files.IsDir = func(p string) bool {
			fi, err := os.Stat(p)
			return err == nil && fi.IsDir()
		}
	}
	data, rerr := r.files.ReadFile(path)
	if rerr != nil {
		errs.add(0, "cannot read: %v", ioReason(rerr))
		cfg.Invalid = true
		return cfg, nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r.data[path] = data
	cfg.Site = isSiteFile(data)
	r.wrap = cfg.Site

	payload, perr := crossplane.Parse(path, &crossplane.ParseOptions{
		Open: r.open,
		Glob: r.glob,
		LexOptions: crossplane.LexOptions{
			Lexers: []crossplane.RegisterLexer{(&crossplane.Lua{}).RegisterLexer()},
		},
	})
	if perr != nil {
		errs.add(crossplaneLine(perr), "%s", crossplaneMessage(perr))
		cfg.Invalid = true
		cfg.Files = []string{path}
		return cfg, nil
	}
	c := &nginxConverter{cfg: cfg, payload: payload, r: r, errs: errs}
	c.collectErrors()
	for _, conf := range payload.Config {
		if _, std := r.std[conf.File]; !std {
			cfg.Files = append(cfg.Files, c.display(conf.File))
		}
	}
	if len(errs.errs) > 0 {
		cfg.Invalid = true
		return cfg, nil
	}
	c.convert()
	return cfg, nil
}

// ReadBounded reads a regular file of at most 4 MiB (the default
// NginxFiles.ReadFile).
func ReadBounded(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() > maxNginxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", path, maxNginxFileSize>>20)
	}
	return os.ReadFile(path)
}

// ioReason is an I/O error's cause without the path.
func ioReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// isSiteFile reports whether the top level of a file holds server or
// upstream blocks but no http or events block.
func isSiteFile(data []byte) bool {
	depth := 0
	expect := true
	site, main := false, false
	for t := range crossplane.Lex(bytes.NewReader(data)) {
		if t.Error != nil {
			continue
		}
		switch {
		case t.IsQuoted:
			expect = false
		case t.Value == "{":
			depth++
			expect = true
		case t.Value == "}":
			depth--
			expect = true
		case t.Value == ";":
			expect = true
		case strings.HasPrefix(t.Value, "#"):
		case expect && depth == 0:
			switch t.Value {
			case "http", "events", "stream", "mail":
				main = true
			case "server", "upstream":
				site = true
			}
			expect = false
		default:
			expect = false
		}
	}
	return site && !main
}

// nginxReader serves crossplane's file reads: project files only, with
// includes of nginx's configuration directory mapped into the project.
type nginxReader struct {
	files   NginxFiles
	main    string
	mainDir string
	wrap    bool
	// resolved maps each path crossplane asked for to the project file
	// read; std maps it to a standard file's name; missing marks the
	// paths (and glob patterns) not found.
	resolved map[string]string
	std      map[string]string
	missing  map[string]bool
	data     map[string][]byte
	count    int
}

// candidates returns the project paths a path nginx would read may be
// found at, most likely first.
func (r *nginxReader) candidates(p string) []string {
	p = filepath.Clean(p)
	var rest string
	switch {
	case within(r.mainDir, p):
		if r.inProject(p) {
			rel, _ := filepath.Rel(r.mainDir, p)
			rest = rel
		}
	default:
		slash := filepath.ToSlash(p)
		for _, d := range nginxConfDirs {
			if strings.HasPrefix(slash, d) {
				rest = filepath.FromSlash(strings.TrimPrefix(slash, d))
				break
			}
		}
	}
	var out []string
	if r.inProject(p) {
		out = append(out, p)
	}
	if rest == "" || rest == "." {
		return out
	}
	for dir := r.mainDir; r.inProject(dir); dir = filepath.Dir(dir) {
		c := filepath.Join(dir, rest)
		if c != p {
			out = append(out, c)
		}
		if dir == filepath.Clean(r.files.Root) || filepath.Dir(dir) == dir {
			break
		}
	}
	return out
}

func (r *nginxReader) inProject(p string) bool {
	return r.files.Root != "" && within(filepath.Clean(r.files.Root), filepath.Clean(p))
}

// within reports whether path is dir or below it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func (r *nginxReader) open(p string) (io.ReadCloser, error) {
	if p == r.main {
		data := r.data[p]
		if r.wrap {
			// The http block opens on the first line, so lines keep their
			// numbers.
			data = append(append([]byte("http { "), data...), "\n}"...)
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	if data, ok := r.data[r.resolved[p]]; ok {
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	if name, ok := r.std[p]; ok {
		return io.NopCloser(strings.NewReader(nginxStdFiles[name])), nil
	}
	if r.count >= maxNginxFiles {
		return nil, fmt.Errorf("more than %d files included", maxNginxFiles)
	}
	for _, c := range r.candidates(p) {
		data, err := r.files.ReadFile(c)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("cannot read %s: %w", c, ioReason(err))
		}
		r.count++
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		r.resolved[p] = c
		r.data[c] = data
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	if name := stdFileName(p); name != "" {
		r.std[p] = name
		return io.NopCloser(strings.NewReader(nginxStdFiles[name])), nil
	}
	r.missing[p] = true
	return nil, errNotInProject
}

func (r *nginxReader) glob(pattern string) ([]string, error) {
	for _, c := range r.candidates(pattern) {
		if !r.files.IsDir(filepath.Dir(c)) {
			continue
		}
		matches, err := r.files.Glob(c)
		if err != nil {
			return nil, fmt.Errorf("include %s: %w", pattern, err)
		}
		sort.Strings(matches)
		var out []string
		for _, m := range matches {
			if r.inProject(m) && !r.files.IsDir(m) {
				out = append(out, m)
			}
		}
		return out, nil
	}
	r.missing[pattern] = true
	return nil, nil
}

// crossplaneLine returns the line of a crossplane error, or 0.
func crossplaneLine(err error) int {
	var pe *crossplane.ParseError
	if errors.As(err, &pe) && pe.Line != nil {
		return *pe.Line
	}
	return 0
}

// crossplaneMessage returns a crossplane error's text without the
// " in file:line" crossplane appends (the finding has the location).
func crossplaneMessage(err error) string {
	var pe *crossplane.ParseError
	if errors.As(err, &pe) {
		msg := pe.What
		if i := strings.LastIndex(msg, " in "); i > 0 && pe.File != nil && strings.HasPrefix(msg[i+4:], *pe.File) {
			msg = msg[:i]
		}
		return msg
	}
	return err.Error()
}

// nginxConverter turns crossplane's payload into the model.
type nginxConverter struct {
	cfg     *NginxConfig
	payload *crossplane.Payload
	r       *nginxReader
	errs    *errorList
	seenErr map[string]bool
	seenInc map[string]bool
	depth   int
}

// display returns the project path of a file crossplane read.
func (c *nginxConverter) display(file string) string {
	if file == c.r.main {
		return file
	}
	if p, ok := c.r.resolved[file]; ok {
		return p
	}
	return file
}

// addErr records a problem in a file, once. Lines past the end of the
// file (the closing brace added around a site file) are put on its last
// line.
func (c *nginxConverter) addErr(file string, line int, msg string) {
	if data, ok := c.r.data[file]; ok {
		if n := bytes.Count(data, []byte("\n")) + 1; line > n {
			line = n
		}
	}
	key := fmt.Sprintf("%s:%d:%s", file, line, msg)
	if c.seenErr[key] {
		return
	}
	c.seenErr[key] = true
	c.errs.errs = append(c.errs.errs, &ParseError{File: file, Line: line, Msg: msg})
}

// collectErrors turns crossplane's errors into problems, leaving out the
// includes of files that are not in the project (not an error here), and
// adds the unbalanced closing braces crossplane stops at silently.
func (c *nginxConverter) collectErrors() {
	c.seenErr = map[string]bool{}
	// The line of the first unbalanced closing brace of each file: what
	// crossplane says after it comes from reading the rest at the wrong
	// level, and nginx stops there anyway.
	stray := map[string]int{}
	for _, conf := range c.payload.Config {
		if _, std := c.r.std[conf.File]; std {
			continue
		}
		file := c.display(conf.File)
		data, ok := c.r.data[file]
		if !ok {
			continue
		}
		for t := range crossplane.LexWithOptions(bytes.NewReader(data), crossplane.LexOptions{
			Lexers: []crossplane.RegisterLexer{(&crossplane.Lua{}).RegisterLexer()},
		}) {
			var pe *crossplane.ParseError
			if t.Error != nil && errors.As(t.Error, &pe) && pe.What == `unexpected "}"` && pe.Line != nil {
				if _, seen := stray[file]; !seen {
					stray[file] = *pe.Line
				}
			}
		}
	}
	for _, pe := range c.payload.Errors {
		if pe.Error == nil || strings.Contains(pe.Error.Error(), errNotInProject.Error()) {
			continue
		}
		if _, std := c.r.std[pe.File]; std {
			continue
		}
		line := 0
		if pe.Line != nil {
			line = *pe.Line
		}
		file := c.display(pe.File)
		if s, ok := stray[file]; ok && line >= s {
			continue
		}
		c.addErr(file, line, crossplaneMessage(pe.Error))
	}
	for _, file := range sortedKeys(stray) {
		c.addErr(file, stray[file], `unexpected "}"`)
	}
}

// sortedFiles returns a map's keys in order.
func sortedKeys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// convert builds the model from the main file's directives.
func (c *nginxConverter) convert() {
	if len(c.payload.Config) == 0 {
		return
	}
	c.seenInc = map[string]bool{}
	c.walk(c.payload.Config[0].Parsed, 0, nil, "main", nil)
}

// nginxLevel is what a directive list belongs to.
type nginxLevel struct {
	block  *NginxBlock
	server *NginxServer
	loc    *NginxLocation
}

// walk reads the directives of one list (from config file) into the level
// (nil at the main level); kind is the context: main, http, server,
// location, if or upstream. std is the standard file's name for
// directives read from nginx's own copy, with via the include's position.
func (c *nginxConverter) walk(dirs crossplane.Directives, file int, lvl *nginxLevel, kind string, via *NginxPos) {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxNginxDepth {
		return
	}
	fileName := c.display(c.payload.Config[file].File)
	for _, d := range dirs {
		if d == nil || d.IsComment() {
			continue
		}
		pos := NginxPos{File: fileName, Line: d.Line}
		if via != nil {
			pos = *via
		}
		if c.cfg.Site && file == 0 && kind == "main" && d.Directive == "http" && d.Line == 1 && c.cfg.HTTP == nil {
			// The http block deploycheck wrapped the site file in.
			pos.Line = 0
		}
		dir := &NginxDirective{Name: d.Directive, Args: d.Args, NginxPos: pos}
		if lvl != nil {
			lvl.block.Directives = append(lvl.block.Directives, dir)
		}
		if d.Directive == "include" {
			c.include(d, pos, lvl, kind, via)
			continue
		}
		switch kind {
		case "main":
			if d.Directive == "http" && d.IsBlock() && c.cfg.HTTP == nil {
				c.cfg.HTTP = &NginxBlock{NginxPos: pos}
				c.walk(d.Block, file, &nginxLevel{block: c.cfg.HTTP}, "http", via)
			}
			continue
		case "upstream":
			continue
		}
		if lvl == nil {
			continue
		}
		c.directive(d, dir, file, lvl, kind, via)
	}
}

// include records an include directive and reads the files it names into
// the same level.
func (c *nginxConverter) include(d *crossplane.Directive, pos NginxPos, lvl *nginxLevel, kind string, via *NginxPos) {
	inc := &NginxInclude{NginxPos: pos}
	if len(d.Args) > 0 {
		inc.Pattern = d.Args[0]
	}
	pattern := inc.Pattern
	if pattern != "" && !filepath.IsAbs(pattern) {
		pattern = filepath.Join(c.r.mainDir, pattern)
	}
	if c.r.missing[pattern] {
		inc.Missing = true
	}
	for _, idx := range d.Includes {
		if idx < 0 || idx >= len(c.payload.Config) {
			continue
		}
		f := c.payload.Config[idx].File
		if name, ok := c.r.std[f]; ok {
			inc.Std = name
			stdVia := pos
			stdVia.Std = name
			c.walk(c.payload.Config[idx].Parsed, idx, lvl, kind, &stdVia)
			continue
		}
		inc.Files = append(inc.Files, c.display(f))
		c.walk(c.payload.Config[idx].Parsed, idx, lvl, kind, via)
	}
	if lvl != nil {
		lvl.block.Includes = append(lvl.block.Includes, inc)
	}
	key := inc.NginxPos.String() + " " + inc.Pattern
	if c.seenInc[key] {
		return
	}
	c.seenInc[key] = true
	c.cfg.Includes = append(c.cfg.Includes, inc)
	if inc.Missing {
		c.cfg.Unresolved = append(c.cfg.Unresolved, inc)
	}
}

// directive reads one directive of an http, server, location or if level.
func (c *nginxConverter) directive(d *crossplane.Directive, dir *NginxDirective, file int, lvl *nginxLevel, kind string, via *NginxPos) {
	b := lvl.block
	pos := dir.NginxPos
	value := &NginxValue{Args: d.Args, NginxPos: pos}
	arg := func(i int) string {
		if i < len(d.Args) {
			return d.Args[i]
		}
		return ""
	}
	header := func() NginxHeader {
		h := NginxHeader{Name: arg(0), Value: arg(1), NginxPos: pos}
		for _, a := range d.Args[min(2, len(d.Args)):] {
			if a == "always" {
				h.Always = true
			}
		}
		return h
	}
	switch d.Directive {
	case "server":
		if kind == "http" && d.IsBlock() {
			s := &NginxServer{NginxBlock: NginxBlock{NginxPos: pos, Parent: b}, Config: c.cfg}
			c.cfg.Servers = append(c.cfg.Servers, s)
			c.walk(d.Block, file, &nginxLevel{block: &s.NginxBlock, server: s}, "server", via)
			if len(s.Listens) == 0 {
				s.Listens = []NginxListen{{Raw: "*:80", Addr: "*", Port: 80, Implicit: true, NginxPos: pos}}
			}
		}
	case "upstream":
		if kind == "http" && d.IsBlock() {
			u := &NginxUpstream{Name: arg(0), NginxPos: pos}
			for _, s := range d.Block {
				if s != nil && s.Directive == "server" && len(s.Args) > 0 {
					u.Servers = append(u.Servers, s.Args[0])
				}
			}
			c.cfg.Upstreams[u.Name] = u
		}
	case "map":
		if kind == "http" && len(d.Args) == 2 {
			c.cfg.Maps[strings.TrimPrefix(d.Args[1], "$")] = d.Args[0]
		}
	case "location":
		if (kind == "server" || kind == "location") && d.IsBlock() && lvl.server != nil {
			l := &NginxLocation{NginxBlock: NginxBlock{NginxPos: pos, Parent: b}, Server: lvl.server}
			switch len(d.Args) {
			case 1:
				l.Path = arg(0)
				if strings.HasPrefix(l.Path, "@") {
					l.Modifier, l.Path = "@", l.Path[1:]
				}
			default:
				l.Modifier, l.Path = arg(0), arg(1)
			}
			b.Locations = append(b.Locations, l)
			c.walk(d.Block, file, &nginxLevel{block: &l.NginxBlock, server: lvl.server, loc: l}, "location", via)
		}
	case "if":
		if (kind == "server" || kind == "location") && d.IsBlock() {
			f := &NginxIf{NginxBlock: NginxBlock{NginxPos: pos, Parent: b}, Cond: d.Args}
			b.Ifs = append(b.Ifs, f)
			c.walk(d.Block, file, &nginxLevel{block: &f.NginxBlock, server: lvl.server, loc: lvl.loc}, "if", via)
		}
	case "listen":
		if kind == "server" && lvl.server != nil {
			lvl.server.Listens = append(lvl.server.Listens, parseListen(d.Args, pos))
		}
	case "server_name":
		if kind == "server" && lvl.server != nil {
			for _, n := range d.Args {
				lvl.server.Names = append(lvl.server.Names, NginxName{Name: n, NginxPos: pos})
			}
		}
	case "add_header":
		b.Headers = append(b.Headers, header())
	case "proxy_set_header":
		b.ProxyHeaders = append(b.ProxyHeaders, header())
	case "uwsgi_param":
		b.UwsgiParams = append(b.UwsgiParams, header())
	case "fastcgi_param":
		b.FastcgiParams = append(b.FastcgiParams, header())
	case "scgi_param":
		b.ScgiParams = append(b.ScgiParams, header())
	case "proxy_hide_header", "uwsgi_hide_header", "fastcgi_hide_header", "scgi_hide_header", "grpc_hide_header":
		if b.HideHeaders == nil {
			b.HideHeaders = map[string][]NginxHeader{}
		}
		module := strings.TrimSuffix(d.Directive, "_hide_header")
		b.HideHeaders[module] = append(b.HideHeaders[module], NginxHeader{Name: arg(0), NginxPos: pos})
	case "server_tokens":
		b.ServerTokens = value
	case "ssl_protocols":
		b.SSLProtocols = value
	case "client_max_body_size":
		b.ClientMaxBodySize = value
	case "autoindex":
		b.Autoindex = value
	case "root":
		b.Root = value
	case "alias":
		b.Alias = value
	case "ssl":
		b.SSL = value
	case "proxy_pass_request_headers":
		b.ProxyPassRequestHeaders = value
	case "proxy_pass":
		b.ProxyPass = value
	case "uwsgi_pass":
		b.UwsgiPass = value
	case "fastcgi_pass":
		b.FastcgiPass = value
	case "scgi_pass":
		b.ScgiPass = value
	case "grpc_pass":
		b.GrpcPass = value
	case "return":
		b.Return = parseReturn(d.Args, pos)
	case "rewrite":
		b.Rewrites = append(b.Rewrites, NginxRewrite{Regex: arg(0), Replacement: arg(1), Flag: arg(2), NginxPos: pos})
	}
}

// parseListen reads a listen directive's arguments.
func parseListen(args []string, pos NginxPos) NginxListen {
	l := NginxListen{NginxPos: pos, Port: 80}
	if len(args) == 0 {
		return l
	}
	l.Raw = args[0]
	for _, a := range args[1:] {
		switch a {
		case "default_server", "default":
			l.DefaultServer = true
		case "ssl":
			l.SSL = true
		case "quic":
			l.QUIC = true
		}
	}
	a := args[0]
	switch {
	case strings.HasPrefix(a, "unix:"):
		l.Port = 0
		return l
	case strings.HasPrefix(a, "["):
		end := strings.IndexByte(a, ']')
		if end < 0 {
			l.Addr = a
			return l
		}
		l.Addr = a[:end+1]
		if l.Addr == "[::0]" || l.Addr == "[0:0:0:0:0:0:0:0]" {
			l.Addr = "[::]"
		}
		if rest := a[end+1:]; strings.HasPrefix(rest, ":") {
			l.Port = atoiPort(rest[1:])
		}
		return l
	}
	host, port, hasPort := strings.Cut(a, ":")
	switch {
	case hasPort:
		l.Addr, l.Port = host, atoiPort(port)
	case strings.Trim(a, "0123456789") == "":
		l.Addr, l.Port = "*", atoiPort(a)
	default:
		l.Addr = a
	}
	if l.Addr == "0.0.0.0" {
		l.Addr = "*"
	}
	return l
}

func atoiPort(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 65535 {
		return 0
	}
	return n
}

// parseReturn reads a return directive's arguments.
func parseReturn(args []string, pos NginxPos) *NginxReturn {
	r := &NginxReturn{NginxPos: pos}
	switch len(args) {
	case 0:
	case 1:
		low := strings.ToLower(args[0])
		if strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "$scheme") {
			r.Code, r.Text = 302, args[0]
		} else if n, err := strconv.Atoi(args[0]); err == nil {
			r.Code = n
		}
	default:
		if n, err := strconv.Atoi(args[0]); err == nil {
			r.Code = n
		}
		r.Text = args[1]
	}
	return r
}

// ParseNginxSet parses the nginx files found in a project (paths, in any
// order) and returns the configurations nginx would load from them, one per
// main file, in path order. A file is a main file when it has an http block
// or when none of the other files includes it; the files a main file
// includes belong to its configuration and are not returned on their own.
// The problems returned are those of the main files' parses, each once.
func ParseNginxSet(paths []string, files NginxFiles) ([]*NginxConfig, error) {
	paths = append([]string(nil), paths...)
	sort.Strings(paths)
	type parsed struct {
		cfg *NginxConfig
		err error
	}
	all := make([]parsed, len(paths))
	included := map[string]bool{}
	for i, p := range paths {
		cfg, err := ParseNginx(p, files)
		all[i] = parsed{cfg, err}
		for _, f := range cfg.Files {
			if f != p {
				included[f] = true
			}
		}
	}
	var out []*NginxConfig
	var errs []error
	seen := map[string]bool{}
	for i, p := range paths {
		cfg := all[i].cfg
		if included[p] && (cfg.HTTP == nil || cfg.Site) {
			continue
		}
		out = append(out, cfg)
		for _, e := range Errors(all[i].err) {
			key := e.Error()
			if !seen[key] {
				seen[key] = true
				errs = append(errs, e)
			}
		}
	}
	return out, errors.Join(errs...)
}
