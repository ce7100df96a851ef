package pyeval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/deploycheck/deploycheck/internal/pyast"
	"github.com/deploycheck/deploycheck/internal/pyparse"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// This file ports the parts of CPython 3.13's urllib.parse, ast.literal_eval
// and json.loads that the environment libraries rely on, so their results
// match byte for byte.

// pyURL is a urllib.parse SplitResult or ParseResult.
type pyURL struct {
	scheme, netloc, path, params, query, fragment string
	// parsed is set for a ParseResult (urlparse), unset for a SplitResult
	// (urlsplit).
	parsed bool
}

const urlSchemeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."

var urlUsesParams = map[string]bool{"": true, "ftp": true, "hdl": true, "prospero": true, "http": true,
	"imap": true, "https": true, "shttp": true, "rtsp": true, "rtsps": true, "rtspu": true, "sip": true,
	"sips": true, "mms": true, "sftp": true, "tel": true}

var urlUsesNetloc = map[string]bool{"": true, "ftp": true, "http": true, "gopher": true, "nntp": true,
	"telnet": true, "imap": true, "wais": true, "file": true, "mms": true, "https": true, "shttp": true,
	"snews": true, "prospero": true, "rtsp": true, "rtsps": true, "rtspu": true, "rsync": true, "svn": true,
	"svn+ssh": true, "sftp": true, "nfs": true, "git": true, "git+ssh": true, "ws": true, "wss": true,
	"itms-services": true}

// urlSplit is urllib.parse.urlsplit(url).
func urlSplit(url string) (pyURL, error) {
	url = strings.TrimLeft(url, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	for _, b := range []string{"\t", "\r", "\n"} {
		url = strings.ReplaceAll(url, b, "")
	}
	var u pyURL
	if i := strings.IndexByte(url, ':'); i > 0 && url[0] < 0x80 && isASCIIAlpha(url[0]) {
		ok := true
		for j := 0; j < i; j++ {
			if strings.IndexByte(urlSchemeChars, url[j]) < 0 {
				ok = false
				break
			}
		}
		if ok {
			u.scheme, url = strings.ToLower(url[:i]), url[i+1:]
		}
	}
	if strings.HasPrefix(url, "//") {
		u.netloc, url = urlSplitNetloc(url[2:])
		open, close := strings.Contains(u.netloc, "["), strings.Contains(u.netloc, "]")
		if open != close {
			return u, errors.New("Invalid IPv6 URL")
		}
		if open {
			_, after, _ := strings.Cut(u.netloc, "[")
			host, _, _ := strings.Cut(after, "]")
			if err := checkBracketedHost(host); err != nil {
				return u, err
			}
		}
	}
	if i := strings.IndexByte(url, '#'); i >= 0 {
		url, u.fragment = url[:i], url[i+1:]
	}
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url, u.query = url[:i], url[i+1:]
	}
	if err := checkNetloc(u.netloc); err != nil {
		return u, err
	}
	u.path = url
	return u, nil
}

// urlParse is urllib.parse.urlparse(url): urlsplit plus ;params.
func urlParse(url string) (pyURL, error) {
	u, err := urlSplit(url)
	if err != nil {
		return u, err
	}
	u.parsed = true
	if urlUsesParams[u.scheme] && strings.Contains(u.path, ";") {
		p := u.path
		var i int
		if strings.Contains(p, "/") {
			i = strings.Index(p[strings.LastIndexByte(p, '/'):], ";")
			if i >= 0 {
				i += strings.LastIndexByte(p, '/')
			}
		} else {
			i = strings.IndexByte(p, ';')
		}
		if i >= 0 {
			u.path, u.params = p[:i], p[i+1:]
		}
	}
	return u, nil
}

func isASCIIAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func urlSplitNetloc(rest string) (string, string) {
	delim := len(rest)
	for _, c := range "/?#" {
		if i := strings.IndexRune(rest, c); i >= 0 && i < delim {
			delim = i
		}
	}
	return rest[:delim], rest[delim:]
}

var ipvFutureRE = regexp.MustCompile(`\Av[a-fA-F0-9]+\.(?s:.+)\z`)

func checkBracketedHost(host string) error {
	if strings.HasPrefix(host, "v") {
		if !ipvFutureRE.MatchString(host) {
			return errors.New("IPvFuture address is invalid")
		}
		return nil
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%s does not appear to be an IPv4 or IPv6 address", v.QuoteStr(host))
	}
	if addr.Is4() {
		return errors.New("An IPv4 address cannot be in brackets")
	}
	return nil
}

func checkNetloc(netloc string) error {
	if netloc == "" || isASCII(netloc) {
		return nil
	}
	n := netloc
	for _, c := range []string{"@", ":", "#", "?"} {
		n = strings.ReplaceAll(n, c, "")
	}
	n2 := norm.NFKC.String(n)
	if n == n2 {
		return nil
	}
	if strings.ContainsAny(n2, "/?#@:") {
		return fmt.Errorf("netloc '%s' contains invalid characters under NFKC normalization", netloc)
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// userinfo is (username, password) of the netloc; ok flags are false for
// Python's None.
func (u pyURL) userinfo() (user string, hasUser bool, pass string, hasPass bool) {
	i := strings.LastIndexByte(u.netloc, '@')
	if i < 0 {
		return "", false, "", false
	}
	info := u.netloc[:i]
	user, pass, hasPass = strings.Cut(info, ":")
	return user, true, pass, hasPass
}

func (u pyURL) hostinfo() (host string, port string, hasPort bool) {
	hostinfo := u.netloc
	if i := strings.LastIndexByte(hostinfo, '@'); i >= 0 {
		hostinfo = hostinfo[i+1:]
	}
	if _, bracketed, open := strings.Cut(hostinfo, "["); open {
		var rest string
		host, rest, _ = strings.Cut(bracketed, "]")
		_, port, _ = strings.Cut(rest, ":")
	} else {
		host, port, _ = strings.Cut(hostinfo, ":")
	}
	return host, port, port != ""
}

// hostname is the .hostname property (lowercased, None when empty).
func (u pyURL) hostname() (string, bool) {
	h, _, _ := u.hostinfo()
	if h == "" {
		return "", false
	}
	name, zone, hasZone := strings.Cut(h, "%")
	if hasZone {
		return strings.ToLower(name) + "%" + zone, true
	}
	return strings.ToLower(name), true
}

// port is the .port property: the port, false for None, or the ValueError
// Python raises.
func (u pyURL) port() (int64, bool, error) {
	_, p, has := u.hostinfo()
	if !has {
		return 0, false, nil
	}
	for _, r := range p {
		if r > unicode.MaxASCII || !unicode.IsDigit(r) {
			return 0, false, fmt.Errorf("Port could not be cast to integer value as %s", v.QuoteStr(p))
		}
	}
	digits := strings.TrimLeft(p, "0")
	if len(digits) > 5 {
		return 0, false, errors.New("Port out of range 0-65535")
	}
	n, _ := strconv.ParseInt("0"+digits, 10, 64)
	if n > 65535 {
		return 0, false, errors.New("Port out of range 0-65535")
	}
	return n, true, nil
}

// geturl is urlunparse/urlunsplit of the result. extraNetloc holds schemes
// added to urllib.parse.uses_netloc (dj-database-url registers its own).
func (u pyURL) geturl(extraNetloc map[string]bool) string {
	path := u.path
	if u.parsed && u.params != "" {
		path = path + ";" + u.params
	}
	return urlUnsplit(u.scheme, u.netloc, path, u.query, u.fragment, extraNetloc)
}

func urlUnsplit(scheme, netloc, url, query, fragment string, extraNetloc map[string]bool) string {
	switch {
	case netloc != "":
		if url != "" && url[0] != '/' {
			url = "/" + url
		}
		url = "//" + netloc + url
	case strings.HasPrefix(url, "//"):
		url = "//" + url
	case scheme != "" && (urlUsesNetloc[scheme] || extraNetloc[scheme]) && (url == "" || url[0] == '/'):
		url = "//" + url
	}
	if scheme != "" {
		url = scheme + ":" + url
	}
	if query != "" {
		url += "?" + query
	}
	if fragment != "" {
		url += "#" + fragment
	}
	return url
}

// urlUnquote is urllib.parse.unquote (UTF-8, errors='replace').
func urlUnquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var out strings.Builder
	// ASCII runs are unquoted; other characters pass through as they are.
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] < 0x80 {
			i++
		}
		if i > 0 {
			out.WriteString(decodeReplace(unquoteToBytes(s[:i])))
			s = s[i:]
			continue
		}
		j := 0
		for j < len(s) && s[j] >= 0x80 {
			j++
		}
		out.WriteString(s[:j])
		s = s[j:]
	}
	return out.String()
}

func unquoteToBytes(s string) string {
	bits := strings.Split(s, "%")
	if len(bits) == 1 {
		return s
	}
	var b strings.Builder
	b.WriteString(bits[0])
	for _, item := range bits[1:] {
		if len(item) >= 2 && isHex(item[0]) && isHex(item[1]) {
			n, _ := strconv.ParseUint(item[:2], 16, 8)
			b.WriteByte(byte(n))
			b.WriteString(item[2:])
			continue
		}
		b.WriteByte('%')
		b.WriteString(item)
	}
	return b.String()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// decodeReplace decodes UTF-8, replacing invalid bytes with U+FFFD.
func decodeReplace(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		b.WriteRune(r)
		s = s[n:]
	}
	return b.String()
}

// urlUnquotePlus is urllib.parse.unquote_plus.
func urlUnquotePlus(s string) string { return urlUnquote(strings.ReplaceAll(s, "+", " ")) }

// urlQuote is urllib.parse.quote(s, safe).
func urlQuote(s, safe string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (isASCIIAlpha(c) || c >= '0' && c <= '9' || strings.IndexByte("_.-~", c) >= 0 || strings.IndexByte(safe, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// parseQS is urllib.parse.parse_qs(qs) with blank values dropped: the
// names in first-seen order and each name's values.
func parseQS(qs string) ([]string, map[string][]string) {
	var names []string
	vals := map[string][]string{}
	for _, nv := range strings.Split(qs, "&") {
		if nv == "" {
			continue
		}
		name, value, _ := strings.Cut(nv, "=")
		if value == "" {
			continue
		}
		name, value = urlUnquotePlus(name), urlUnquotePlus(value)
		if _, seen := vals[name]; !seen {
			names = append(names, name)
		}
		vals[name] = append(vals[name], value)
	}
	return names, vals
}

// ---- the ParseResult object ----

// urlResult models a urllib.parse ParseResult or SplitResult value.
type urlResult struct {
	u pyURL
	// extraNetloc: see pyURL.geturl.
	extraNetloc map[string]bool
}

// TypeName implements pyvalue.Object.
func (r *urlResult) TypeName() string {
	if r.u.parsed {
		return "ParseResult"
	}
	return "SplitResult"
}

func (r *urlResult) fields() []string {
	if r.u.parsed {
		return []string{r.u.scheme, r.u.netloc, r.u.path, r.u.params, r.u.query, r.u.fragment}
	}
	return []string{r.u.scheme, r.u.netloc, r.u.path, r.u.query, r.u.fragment}
}

func (r *urlResult) fieldNames() []string {
	if r.u.parsed {
		return []string{"scheme", "netloc", "path", "params", "query", "fragment"}
	}
	return []string{"scheme", "netloc", "path", "query", "fragment"}
}

// Repr implements repr() as namedtuple does.
func (r *urlResult) Repr() string {
	var b strings.Builder
	b.WriteString(r.TypeName() + "(")
	for i, f := range r.fields() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.fieldNames()[i] + "=" + v.QuoteStr(f))
	}
	b.WriteString(")")
	return b.String()
}

// HashKey makes results hashable like tuples.
func (r *urlResult) HashKey() (string, bool) { return "url:" + strings.Join(r.fields(), "\x00"), true }

// Equal compares results as tuples.
func (r *urlResult) Equal(o v.Object) (bool, bool) {
	q, ok := o.(*urlResult)
	if !ok {
		return false, true
	}
	return strings.Join(q.fields(), "\x00") == strings.Join(r.fields(), "\x00") && q.u.parsed == r.u.parsed, true
}

func (r *urlResult) items(in *Interp) ([]v.Value, bool) {
	var out []v.Value
	for _, f := range r.fields() {
		out = append(out, v.Str(f))
	}
	return out, true
}

func (r *urlResult) item(in *Interp, fr *frame, key v.Value, pos pyast.Pos) v.Value {
	items, _ := r.items(in)
	return in.getItem(fr, v.NewTuple(items), key, pos)
}

func (r *urlResult) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	for i, f := range r.fieldNames() {
		if f == name {
			return v.Str(r.fields()[i]), true
		}
	}
	switch name {
	case "username", "password":
		user, hasUser, pass, hasPass := r.u.userinfo()
		if name == "username" {
			return optStr(user, hasUser), true
		}
		return optStr(pass, hasPass), true
	case "hostname":
		h, ok := r.u.hostname()
		return optStr(h, ok), true
	case "port":
		p, ok, err := r.u.port()
		if err != nil {
			in.raise("ValueError", pos, fr.file, "%s", err.Error())
		}
		if !ok {
			return v.None, true
		}
		return v.Int(p), true
	case "geturl":
		return builtinFn("geturl", func(in *Interp, c *callCtx) v.Value {
			return v.Str(r.u.geturl(r.extraNetloc))
		}), true
	case "_replace":
		return builtinFn("_replace", func(in *Interp, c *callCtx) v.Value {
			u := r.u
			for _, kw := range c.kwargs {
				s, ok := kw.val.AsStr()
				if !ok {
					return unknownOf("_replace() with a value that is not a str", kw.val)
				}
				switch kw.name {
				case "scheme":
					u.scheme = s
				case "netloc":
					u.netloc = s
				case "path":
					u.path = s
				case "params":
					u.params = s
				case "query":
					u.query = s
				case "fragment":
					u.fragment = s
				default:
					in.raise("ValueError", c.pos, c.fr.file, "Got unexpected field names: ['%s']", kw.name)
				}
			}
			return v.NewObject(&urlResult{u: u, extraNetloc: r.extraNetloc})
		}), true
	}
	return v.Value{}, false
}

func optStr(s string, ok bool) v.Value {
	if !ok {
		return v.None
	}
	return v.Str(s)
}

// ---- ast.literal_eval ----

// literalEval is ast.literal_eval(s) as django-environ's _cast uses it: ok
// is false where literal_eval raises ValueError or SyntaxError.
func literalEval(s string) (v.Value, bool) {
	s = strings.TrimLeft(s, " \t")
	if strings.ContainsRune(s, 0) {
		return v.Value{}, false
	}
	mod, err := pyparse.ParseText(s)
	if err != nil || len(mod.Body) != 1 {
		return v.Value{}, false
	}
	st, ok := mod.Body[0].(*pyast.ExprStmt)
	if !ok || strings.Contains(s, ";") && !literalHasSemicolonInString(st) {
		return v.Value{}, false
	}
	return literalNode(st.Value, 0)
}

// literalHasSemicolonInString tells whether the source's ';' can only be
// inside a string constant (eval mode rejects a statement separator).
func literalHasSemicolonInString(st *pyast.ExprStmt) bool {
	found := false
	var walk func(e pyast.Expr)
	walk = func(e pyast.Expr) {
		switch n := e.(type) {
		case *pyast.Constant:
			if strings.Contains(n.Str, ";") {
				found = true
			}
		case *pyast.Tuple:
			for _, x := range n.Elts {
				walk(x)
			}
		case *pyast.List:
			for _, x := range n.Elts {
				walk(x)
			}
		case *pyast.Set:
			for _, x := range n.Elts {
				walk(x)
			}
		case *pyast.Dict:
			for _, x := range n.Keys {
				if x != nil {
					walk(x)
				}
			}
			for _, x := range n.Values {
				walk(x)
			}
		}
	}
	walk(st.Value)
	return found
}

func literalNode(e pyast.Expr, depth int) (v.Value, bool) {
	if depth > 100 {
		return v.Value{}, false
	}
	switch n := e.(type) {
	case *pyast.Constant:
		return constValue(n), true
	case *pyast.Tuple, *pyast.List, *pyast.Set:
		var elts []pyast.Expr
		switch t := n.(type) {
		case *pyast.Tuple:
			elts = t.Elts
		case *pyast.List:
			elts = t.Elts
		case *pyast.Set:
			elts = t.Elts
		}
		out := make([]v.Value, 0, len(elts))
		for _, x := range elts {
			val, ok := literalNode(x, depth+1)
			if !ok {
				return v.Value{}, false
			}
			out = append(out, val)
		}
		switch n.(type) {
		case *pyast.Tuple:
			return v.NewTuple(out), true
		case *pyast.List:
			return v.NewList(out), true
		}
		set := v.NewSetStore()
		for _, x := range out {
			if !set.Add(x) {
				return v.Value{}, false
			}
		}
		return v.NewSet(set, false), true
	case *pyast.Dict:
		d := v.NewDictStore()
		for i, k := range n.Keys {
			if k == nil {
				return v.Value{}, false
			}
			kv, ok := literalNode(k, depth+1)
			if !ok {
				return v.Value{}, false
			}
			vv, ok := literalNode(n.Values[i], depth+1)
			if !ok || !d.Set(kv, vv) {
				return v.Value{}, false
			}
		}
		return v.NewDict(d), true
	case *pyast.Call:
		if name, ok := n.Func.(*pyast.Name); ok && name.ID == "set" && len(n.Args) == 0 && len(n.Keywords) == 0 {
			return v.NewSet(v.NewSetStore(), false), true
		}
	case *pyast.UnaryOp:
		if n.Op != pyast.USub && n.Op != pyast.UAdd {
			return v.Value{}, false
		}
		c, ok := n.Operand.(*pyast.Constant)
		if !ok || (c.Kind != pyast.ConstInt && c.Kind != pyast.ConstFloat && c.Kind != pyast.ConstComplex) {
			return v.Value{}, false
		}
		x := constValue(c)
		if n.Op == pyast.UAdd {
			return x, true
		}
		switch c.Kind {
		case pyast.ConstFloat:
			return v.Float(-c.Float), true
		case pyast.ConstComplex:
			return v.Complex(-c.Float), true
		}
		b, _ := x.AsBigInt()
		return v.BigInt(new(big.Int).Neg(b)), true
	}
	return v.Value{}, false
}

// ---- json.loads with Python's key order ----

// jsonLoadsOrdered decodes JSON as Python's json.loads does, keeping the
// order of object keys.
func jsonLoadsOrdered(s string) (v.Value, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	val, err := jsonValue(dec, 0)
	if err != nil {
		return v.Value{}, err
	}
	rest := s[dec.InputOffset():]
	if strings.Trim(rest, " \t\r\n") != "" {
		return v.Value{}, errors.New("Extra data")
	}
	return val, nil
}

func jsonValue(dec *json.Decoder, depth int) (v.Value, error) {
	if depth > 1000 {
		return v.Value{}, errors.New("maximum recursion depth exceeded")
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return v.Value{}, errors.New("Expecting value")
		}
		return v.Value{}, err
	}
	switch t := tok.(type) {
	case nil:
		return v.None, nil
	case bool:
		return v.Bool(t), nil
	case string:
		return v.Str(t), nil
	case json.Number:
		s := string(t)
		if !strings.ContainsAny(s, ".eE") {
			if b, ok := new(big.Int).SetString(s, 10); ok {
				return v.BigInt(b), nil
			}
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !math.IsInf(f, 0) {
			return v.Value{}, err
		}
		return v.Float(f), nil
	case json.Delim:
		switch t {
		case '[':
			var out []v.Value
			for dec.More() {
				e, err := jsonValue(dec, depth+1)
				if err != nil {
					return v.Value{}, err
				}
				out = append(out, e)
			}
			if _, err := dec.Token(); err != nil {
				return v.Value{}, err
			}
			return v.NewList(out), nil
		case '{':
			d := v.NewDictStore()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return v.Value{}, err
				}
				k, _ := kt.(string)
				e, err := jsonValue(dec, depth+1)
				if err != nil {
					return v.Value{}, err
				}
				d.Set(v.Str(k), e)
			}
			if _, err := dec.Token(); err != nil {
				return v.Value{}, err
			}
			return v.NewDict(d), nil
		}
	}
	return v.Value{}, errors.New("Expecting value")
}

// ---- text helpers with Python's str semantics ----

// pyIsSpace is str.isspace for one character.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

// pyTrimSpace is str.strip().
func pyTrimSpace(s string) string { return strings.TrimFunc(s, pyIsSpace) }

// pySplitLines is str.splitlines().
func pySplitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			out = append(out, s[start:i])
			i += n
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			start = i
			continue
		}
		i += n
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// pyFileLines splits text into lines as iterating a text file opened with
// universal newlines does (each line keeps its "\n").
func pyFileLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
