package probe

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyast"
	"github.com/deploycheck/deploycheck/internal/pyparse"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// Middleware whose presence decides which headers Django sends.
const (
	mwSecurity = "django.middleware.security.SecurityMiddleware"
	mwXFrame   = "django.middleware.clickjacking.XFrameOptionsMiddleware"
)

// prediction is what the settings say about one header or behaviour.
type prediction struct {
	// value is the header value Django sends ("" for none); for
	// behaviours, the setting's value as Python writes it.
	value string
	// known is false when the settings do not decide it (an unknown value,
	// or one that depends on environment variables not given).
	known bool
	// setting is the setting that decides it; shown how it reads.
	setting, shown string
}

// Expect is what a project's production settings say about the live site
// (deploycheck probe --project): names to look for, paths to visit, and
// the headers Django would send.
type Expect struct {
	// Hosts is ALLOWED_HOSTS.
	Hosts []string
	// SessionCookieName and CSRFCookieName are the cookies' names.
	SessionCookieName, CSRFCookieName string
	// FormPaths are pages with a form to visit first: LOGIN_URL and the
	// admin's login page.
	FormPaths []string
	// AdminPath is where the project mounts the admin ("" when unknown).
	AdminPath string
	// StaticURL and MediaURL are the paths of static and media files (""
	// when unknown or on another host).
	StaticURL, MediaURL string
	// MaxFields is DATA_UPLOAD_MAX_NUMBER_FIELDS; 0 when unknown, -1 for
	// None (no limit).
	MaxFields int
	// Debug is DEBUG.
	Debug prediction
	// HSTS is the Strict-Transport-Security header Django sends on secure
	// requests.
	HSTS prediction
	// Headers are the other headers Django sends, by name.
	Headers map[string]prediction
	// SSLRedirect is SECURE_SSL_REDIRECT with SecurityMiddleware on.
	SSLRedirect prediction
	// ProxySSLHeader is SECURE_PROXY_SSL_HEADER.
	ProxySSLHeader prediction

	// where gives each setting's location for evidence lines.
	where map[string]string
}

// source is " (file:line)" for where a setting is assigned, " (Django's
// default)" when the project leaves it alone.
func (x *Expect) source(setting string) string {
	if x == nil || x.where[setting] == "" {
		return ""
	}
	return " (" + x.where[setting] + ")"
}

// ExpectFromSettings reads what the probe compares from a project's
// evaluated settings; root is the project directory (for ROOT_URLCONF).
// Values that depend on environment variables not given are treated as
// unknown.
func ExpectFromSettings(s *settings.Settings, root string) *Expect {
	x := &Expect{Headers: map[string]prediction{}, where: map[string]string{}}
	get := func(name string) (pyvalue.Value, bool) {
		st := s.Get(name)
		if st == nil {
			return pyvalue.Value{}, false
		}
		switch {
		case st.Default:
			x.where[name] = "Django's default"
		case st.File != "":
			x.where[name] = fmt.Sprintf("%s:%d", st.File, st.Line)
		}
		v := st.Value
		if v.IsUnknown() || (len(v.Env()) > 0 && !s.EnvGiven) {
			return v, false
		}
		return v, true
	}
	str := func(name string) (string, bool) {
		v, ok := get(name)
		if !ok {
			return "", false
		}
		return v.AsStr()
	}
	truth := func(name string) (bool, bool) {
		v, ok := get(name)
		if !ok {
			return false, false
		}
		return v.Truthy()
	}

	if v, ok := get("ALLOWED_HOSTS"); ok {
		if elems, ok := v.Elems(); ok {
			for _, e := range elems {
				if h, ok := e.AsStr(); ok {
					x.Hosts = append(x.Hosts, h)
				}
			}
		}
	}
	x.SessionCookieName, _ = str("SESSION_COOKIE_NAME")
	x.CSRFCookieName, _ = str("CSRF_COOKIE_NAME")
	if v, ok := get("DATA_UPLOAD_MAX_NUMBER_FIELDS"); ok {
		if n, ok := v.AsInt(); ok {
			x.MaxFields = int(n)
		} else if v.IsNone() {
			x.MaxFields = -1
		}
	}
	if login, ok := str("LOGIN_URL"); ok && strings.HasPrefix(login, "/") {
		x.FormPaths = append(x.FormPaths, login)
	}
	admin := ""
	if a, ok := str("ADMIN_URL"); ok {
		admin = a
	}
	if urlconf, ok := str("ROOT_URLCONF"); ok {
		if p, ok := adminPathFromURLConf(root, urlconf, func(name string) (string, bool) { return str(name) }); ok {
			admin = p
		}
	}
	if admin != "" && !strings.Contains(admin, "://") {
		x.AdminPath = "/" + strings.Trim(admin, "/^$") + "/"
		x.FormPaths = append(x.FormPaths, x.AdminPath+"login/")
	}
	x.StaticURL = localPath(str("STATIC_URL"))
	x.MediaURL = localPath(str("MEDIA_URL"))

	if v, ok := get("DEBUG"); ok {
		x.Debug = prediction{value: pyvalue.Repr(v), known: true, setting: "DEBUG", shown: "DEBUG = " + pyvalue.Repr(v)}
	}
	mw, mwOK := get("MIDDLEWARE")
	has := func(path string) (bool, bool) {
		if !mwOK {
			return false, false
		}
		elems, ok := mw.Elems()
		if !ok {
			return false, false
		}
		for _, e := range elems {
			if s, ok := e.AsStr(); ok && s == path {
				return true, true
			} else if !ok {
				return false, false
			}
		}
		return false, true
	}
	security, securityKnown := has(mwSecurity)
	xframe, xframeKnown := has(mwXFrame)

	// Strict-Transport-Security, as SecurityMiddleware writes it.
	if securityKnown {
		x.HSTS = prediction{known: true, setting: "SECURE_HSTS_SECONDS", shown: "SecurityMiddleware off"}
		if security {
			x.HSTS = prediction{setting: "SECURE_HSTS_SECONDS"}
			secs, ok1 := get("SECURE_HSTS_SECONDS")
			sub, ok2 := truth("SECURE_HSTS_INCLUDE_SUBDOMAINS")
			pre, ok3 := truth("SECURE_HSTS_PRELOAD")
			if t, ok := secs.Truthy(); ok1 && ok2 && ok3 && ok {
				x.HSTS.known = true
				x.HSTS.shown = "SECURE_HSTS_SECONDS = " + pyvalue.Repr(secs)
				if t {
					x.HSTS.value = "max-age=" + pyvalue.Repr(secs)
					if sub {
						x.HSTS.value += "; includeSubDomains"
					}
					if pre {
						x.HSTS.value += "; preload"
					}
				}
			}
		}
	}
	// X-Frame-Options, as XFrameOptionsMiddleware writes it.
	if xframeKnown {
		p := prediction{known: true, setting: "X_FRAME_OPTIONS", shown: "XFrameOptionsMiddleware not in MIDDLEWARE"}
		if xframe {
			if v, ok := str("X_FRAME_OPTIONS"); ok {
				p.value, p.shown = strings.ToUpper(v), "X_FRAME_OPTIONS = '"+v+"'"
			} else {
				p.known = false
			}
		}
		x.Headers["X-Frame-Options"] = p
	}
	if securityKnown {
		header := func(name, setting string, value func(pyvalue.Value) (string, bool)) {
			p := prediction{known: true, setting: setting, shown: "SecurityMiddleware not in MIDDLEWARE"}
			if security {
				v, ok := get(setting)
				val, ok2 := value(v)
				p = prediction{known: ok && ok2, value: val, setting: setting, shown: setting + " = " + pyvalue.Repr(v)}
			}
			x.Headers[name] = p
		}
		header("X-Content-Type-Options", "SECURE_CONTENT_TYPE_NOSNIFF", func(v pyvalue.Value) (string, bool) {
			t, ok := v.Truthy()
			if t {
				return "nosniff", ok
			}
			return "", ok
		})
		listOrStr := func(v pyvalue.Value) (string, bool) {
			if v.IsNone() {
				return "", true
			}
			if s, ok := v.AsStr(); ok {
				return s, true
			}
			elems, ok := v.Elems()
			if !ok {
				return "", false
			}
			var parts []string
			for _, e := range elems {
				s, ok := e.AsStr()
				if !ok {
					return "", false
				}
				parts = append(parts, s)
			}
			return strings.Join(parts, ","), true
		}
		header("Referrer-Policy", "SECURE_REFERRER_POLICY", listOrStr)
		header("Cross-Origin-Opener-Policy", "SECURE_CROSS_ORIGIN_OPENER_POLICY", func(v pyvalue.Value) (string, bool) {
			if v.IsNone() {
				return "", true
			}
			return v.AsStr()
		})
		if security {
			if v, ok := get("SECURE_SSL_REDIRECT"); ok {
				x.SSLRedirect = prediction{known: true, value: pyvalue.Repr(v), setting: "SECURE_SSL_REDIRECT", shown: "SECURE_SSL_REDIRECT = " + pyvalue.Repr(v)}
			}
		}
	}
	if v, ok := get("SECURE_PROXY_SSL_HEADER"); ok {
		x.ProxySSLHeader = prediction{known: true, value: pyvalue.Repr(v), setting: "SECURE_PROXY_SSL_HEADER"}
	}
	return x
}

// localPath turns a STATIC_URL or MEDIA_URL into a path on the site ("" for
// another host or an unknown value).
func localPath(v string, ok bool) string {
	if !ok || v == "" || strings.Contains(v, "://") || strings.HasPrefix(v, "//") {
		return ""
	}
	return "/" + strings.Trim(v, "/") + "/"
}

// adminPathFromURLConf finds the path under which the ROOT_URLCONF module
// mounts admin.site.urls: path("x/", admin.site.urls), re_path/url with a
// simple regex, include(admin.site.urls), or a settings value as the path.
func adminPathFromURLConf(root, module string, setting func(string) (string, bool)) (string, bool) {
	base := filepath.Join(root, filepath.FromSlash(strings.ReplaceAll(module, ".", "/")))
	var data []byte
	for _, name := range []string{base + ".py", filepath.Join(base, "__init__.py")} {
		if d, err := os.ReadFile(name); err == nil && len(d) <= 1<<20 {
			data = d
			break
		}
	}
	if data == nil {
		return "", false
	}
	m, err := pyparse.Parse(data)
	if err != nil || m == nil {
		return "", false
	}
	var found string
	var visit func(e pyast.Expr)
	visit = func(e pyast.Expr) {
		if found != "" {
			return
		}
		switch e := e.(type) {
		case *pyast.List:
			for _, el := range e.Elts {
				visit(el)
			}
		case *pyast.Tuple:
			for _, el := range e.Elts {
				visit(el)
			}
		case *pyast.BinOp:
			visit(e.Left)
			visit(e.Right)
		case *pyast.Call:
			if len(e.Args) < 2 || !isAdminURLs(e.Args[1]) {
				return
			}
			if p, ok := pathArg(e.Args[0], setting); ok {
				found = p
			}
		}
	}
	var stmts func(body []pyast.Stmt)
	stmts = func(body []pyast.Stmt) {
		for _, st := range body {
			switch st := st.(type) {
			case *pyast.Assign:
				visit(st.Value)
			case *pyast.AugAssign:
				visit(st.Value)
			case *pyast.AnnAssign:
				if st.Value != nil {
					visit(st.Value)
				}
			case *pyast.ExprStmt:
				if c, ok := st.Value.(*pyast.Call); ok {
					for _, a := range c.Args {
						visit(a)
					}
				}
			case *pyast.If:
				stmts(st.Body)
				stmts(st.Orelse)
			}
		}
	}
	stmts(m.Body)
	return found, found != ""
}

// isAdminURLs matches admin.site.urls, or include(admin.site.urls).
func isAdminURLs(e pyast.Expr) bool {
	if c, ok := e.(*pyast.Call); ok && len(c.Args) == 1 {
		if n, ok := c.Func.(*pyast.Name); ok && n.ID == "include" {
			e = c.Args[0]
		}
	}
	a, ok := e.(*pyast.Attribute)
	if !ok || a.Attr != "urls" {
		return false
	}
	site, ok := a.Value.(*pyast.Attribute)
	return ok && site.Attr == "site"
}

// pathArg reads a route argument: a string literal (a regex is reduced to
// its literal text), or settings.NAME.
func pathArg(e pyast.Expr, setting func(string) (string, bool)) (string, bool) {
	switch e := e.(type) {
	case *pyast.Constant:
		if e.Kind != pyast.ConstStr {
			return "", false
		}
		p := strings.TrimSuffix(strings.TrimPrefix(e.Str, "^"), "$")
		if strings.ContainsAny(p, `\()[]{}?*+|<>`) {
			return "", false
		}
		return p, true
	case *pyast.Attribute:
		if n, ok := e.Value.(*pyast.Name); ok && n.ID == "settings" {
			return setting(e.Attr)
		}
	case *pyast.JoinedStr:
		var b strings.Builder
		for _, v := range e.Values {
			switch v := v.(type) {
			case *pyast.Constant:
				b.WriteString(v.Str)
			case *pyast.FormattedValue:
				s, ok := pathArg(v.Value, setting)
				if !ok {
					return "", false
				}
				b.WriteString(s)
			default:
				return "", false
			}
		}
		return b.String(), true
	}
	return "", false
}

// Observed are the facts about one site that the comparison with the
// project's settings reads.
type Observed struct {
	Host string
	// HTTPChecked: the http:// form answered; HTTPRedirects: its first
	// hop went straight to https:// on the same host.
	HTTPChecked, HTTPRedirects bool
	HTTPEvidence               []string
	// HSTSChecked: an HTTPS response was seen; HSTS is its header.
	HSTSChecked  bool
	HSTS         string
	HSTSEvidence []string
	// Headers are the page's security headers; HeadersURL the page.
	Headers    http.Header
	HeadersURL string
	// SessionCookie and CSRFCookie are the cookies seen (nil if none).
	SessionCookie, CSRFCookie *ObservedCookie
}

// ObservedCookie is a cookie as the site set it.
type ObservedCookie struct {
	Name             string
	Secure, HTTPOnly bool
	SameSite         string
	Evidence         []string
}

// Reconcile lowers to info the project's static findings that the live
// site shows to be handled in front of Django (a proxy that redirects to
// HTTPS, sets HSTS, or flags the cookies), saying why and with the
// observed evidence. It never removes a finding.
func Reconcile(static []finding.Finding, res *Result) {
	for i := range static {
		f := &static[i]
		if f.Silenced || f.Severity == finding.Info {
			continue
		}
		var why string
		var ev []string
		for _, o := range res.Observed {
			switch f.ID {
			case "security.W008":
				if o.HTTPChecked && o.HTTPRedirects {
					why, ev = fmt.Sprintf("the live site (%s) already redirects http:// to https:// in front of Django, so this is fine as it stands", o.Host), o.HTTPEvidence
				}
			case "security.W004":
				if h, err := parseHSTS(o.HSTS); o.HSTSChecked && err == nil && h.maxAge >= oneYear {
					why, ev = fmt.Sprintf("the live site (%s) sends Strict-Transport-Security %q, set in front of Django", o.Host, o.HSTS), o.HSTSEvidence
				}
			case "security.W010", "security.W011", "security.W012":
				if c := o.SessionCookie; c != nil && c.Secure {
					why, ev = fmt.Sprintf("the live site (%s) sets %s with Secure: a layer in front of Django adds the flag", o.Host, c.Name), c.Evidence
				}
			case "security.W013", "security.W014", "security.W015":
				if c := o.SessionCookie; c != nil && c.HTTPOnly {
					why, ev = fmt.Sprintf("the live site (%s) sets %s with HttpOnly: a layer in front of Django adds the flag", o.Host, c.Name), c.Evidence
				}
			case "security.W016":
				if c := o.CSRFCookie; c != nil && c.Secure {
					why, ev = fmt.Sprintf("the live site (%s) sets %s with Secure: a layer in front of Django adds the flag", o.Host, c.Name), c.Evidence
				}
			case "security.W002":
				if v := validXFO(o.Headers.Values("X-Frame-Options")); v != "" {
					why, ev = fmt.Sprintf("the live page %s sends X-Frame-Options %s, set in front of Django", o.HeadersURL, v), headerEvidence(o, "X-Frame-Options")
				}
			case "security.W006":
				if isNosniff(o.Headers.Get("X-Content-Type-Options")) {
					why, ev = fmt.Sprintf("the live page %s sends X-Content-Type-Options: nosniff, set in front of Django", o.HeadersURL), headerEvidence(o, "X-Content-Type-Options")
				}
			case "security.W022":
				if p := referrerPolicy(o.Headers.Values("Referrer-Policy")); safeReferrer[p] {
					why, ev = fmt.Sprintf("the live page %s sends Referrer-Policy %s, set in front of Django", o.HeadersURL, p), headerEvidence(o, "Referrer-Policy")
				}
			}
			if why != "" {
				break
			}
		}
		if why == "" {
			continue
		}
		f.Message = strings.TrimSpace(f.Message) + " Lowered to info: " + why + "."
		f.Evidence = append(f.Evidence, ev...)
		f.Severity = finding.Info
	}
}

func headerEvidence(o Observed, name string) []string {
	out := []string{"> GET " + o.HeadersURL}
	for _, v := range o.Headers.Values(name) {
		out = append(out, "< "+name+": "+v)
	}
	return out
}

// maxFields is how many query fields the failing request sends: one more
// than DATA_UPLOAD_MAX_NUMBER_FIELDS (Django's default 1000). Zero means
// the probe cannot make a request that long (no limit, or a limit so high
// that the request line would pass gunicorn's 4094-byte limit).
func (x *Expect) maxFields() int {
	n := 1000
	if x != nil && x.MaxFields != 0 {
		n = x.MaxFields
	}
	if n < 0 || n > 1900 {
		return 0
	}
	return n + 1
}

// tooManyFields is a query string of n fields ("f&f&…"): Python's
// parse_qsl, which Django's QueryDict uses, counts the separators against
// the limit before parsing anything, so one-letter fields suffice and keep
// the request line short.
func tooManyFields(n int) string {
	return strings.Repeat("f&", n-1) + "f"
}

// containsFold tells whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(e string) bool { return strings.EqualFold(e, s) })
}
