package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"

	"github.com/deploycheck/deploycheck/internal/secret"
)

// errBudget is the error of a request the site's budget did not allow.
var errBudget = errors.New("request budget (--max-requests) used up")

// exchange is one request and what came back: the status and headers, the
// beginning of the body, or the error.
type exchange struct {
	method string
	url    *url.URL
	// host is the Host header sent (u.Host unless forged).
	host string
	resp *http.Response
	// body is the first MaxBody bytes; truncated tells whether there was
	// more.
	body      []byte
	truncated bool
	// bodyErr is an error met while reading the body (a timeout).
	bodyErr error
	err     error
}

// ok tells whether a response came.
func (x *exchange) ok() bool { return x.err == nil && x.resp != nil }

// status is the response's status code, 0 without a response.
func (x *exchange) status() int {
	if !x.ok() {
		return 0
	}
	return x.resp.StatusCode
}

// location resolves the Location header against the request URL; nil when
// the response is not a redirect with a usable Location.
func (x *exchange) location() *url.URL {
	if !x.ok() || !isRedirect(x.resp.StatusCode) {
		return nil
	}
	loc := x.resp.Header.Get("Location")
	if loc == "" {
		return nil
	}
	u, err := x.url.Parse(loc)
	if err != nil {
		return nil
	}
	return u
}

func isRedirect(code int) bool {
	switch code {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// do sends one request, within the site's budget, the run's concurrency
// limit and the per-request timeout, and reads at most MaxBody bytes of the
// body. host overrides the Host header when not empty.
func (s *site) do(ctx context.Context, method string, u *url.URL, host string) *exchange {
	x := &exchange{method: method, url: u, host: host}
	if x.host == "" {
		x.host = u.Host
	}
	if !s.take() {
		x.err = errBudget
		return x
	}
	if err := s.r.acquire(ctx); err != nil {
		x.err = err
		return x
	}
	defer s.r.release()
	rctx, cancel := context.WithTimeout(ctx, s.r.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, u.String(), nil)
	if err != nil {
		x.err = fmt.Errorf("request %s: %w", u, err)
		return x
	}
	req.Host = x.host
	req.Header.Set("User-Agent", s.r.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := s.r.client.Do(req)
	if err != nil {
		x.err = err
		s.observe(x)
		return x
	}
	x.resp = resp
	if method != http.MethodHead {
		limit := s.r.opts.MaxBody
		body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
		if int64(len(body)) > limit {
			body, x.truncated = body[:limit], true
		}
		x.body, x.bodyErr = body, err
	}
	// Closing a body that was not read to its end drops the connection
	// rather than draining it.
	resp.Body.Close()
	s.observe(x)
	return x
}

// follow requests u and follows its redirects while they stay on the
// site's hosts, up to maxHops hops, and not to a URL stop accepts (nil:
// none). It returns the chain of exchanges, the next URL when the chain
// stopped on a redirect it did not follow, and whether it stopped on a
// loop or the limit.
func (s *site) follow(ctx context.Context, u *url.URL, maxHops int, stop func(*url.URL) bool) (chain []*exchange, next *url.URL, loop bool) {
	seen := map[string]bool{}
	cur := u
	for {
		seen[cur.String()] = true
		x := s.do(ctx, http.MethodGet, cur, "")
		chain = append(chain, x)
		loc := x.location()
		if loc == nil {
			return chain, nil, false
		}
		if loc.Scheme != "http" && loc.Scheme != "https" {
			return chain, loc, false
		}
		if seen[loc.String()] || len(chain) > maxHops {
			return chain, loc, true
		}
		if !s.followable(loc) || (stop != nil && stop(loc)) {
			return chain, loc, false
		}
		cur = loc
	}
}

// requestLines are the evidence lines of the request.
func (x *exchange) requestLines() []string {
	if x.method == "TLS" {
		return []string{fmt.Sprintf("> TLS handshake with %s (SNI %s)", hostPort(x.url), x.host)}
	}
	target := clip(x.url.RequestURI(), maxURL)
	return []string{
		fmt.Sprintf("> %s %s HTTP/1.1", x.method, target),
		"> Host: " + x.host,
	}
}

// statusLine is the response's status line as evidence.
func (x *exchange) statusLine() string {
	if !x.ok() {
		return "< (no response: " + describeErr(x.err) + ")"
	}
	return fmt.Sprintf("< %s %s", x.resp.Proto, x.resp.Status)
}

// headerLines are the evidence lines of the named response headers, one
// per value, in the order asked; cookie values are redacted.
func (x *exchange) headerLines(names ...string) []string {
	if !x.ok() {
		return nil
	}
	var out []string
	for _, n := range names {
		canon := http.CanonicalHeaderKey(n)
		for _, v := range x.resp.Header.Values(canon) {
			if canon == "Set-Cookie" {
				v = redactCookie(v)
			}
			out = append(out, "< "+canon+": "+clip(v, 300))
		}
	}
	return out
}

// evidence is the request lines, the status line and the named headers.
func (x *exchange) evidence(headers ...string) []string {
	out := x.requestLines()
	out = append(out, x.statusLine())
	return append(out, x.headerLines(headers...)...)
}

// redactCookie hides a Set-Cookie line's value.
func redactCookie(line string) string {
	nv, attrs, _ := strings.Cut(line, ";")
	name, value, ok := strings.Cut(nv, "=")
	if !ok {
		return line
	}
	out := strings.TrimSpace(name) + "=" + secret.Redact(strings.TrimSpace(value))
	if attrs != "" {
		out += ";" + attrs
	}
	return out
}

// clip shortens s to n bytes (at a rune boundary) with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// errKind sorts a request error into what the report says about it.
type errKind int

const (
	errOther errKind = iota
	errTimeout
	errUnreachable // DNS, refused, no route
	errClosed      // connection closed or reset before an answer
	errTLS         // handshake failure or certificate problem
	errStopped     // the run's total deadline or a budget
)

func classify(err error) errKind {
	if err == nil {
		return errOther
	}
	var certErr *tls.CertificateVerificationError
	var alert tls.AlertError
	var recErr tls.RecordHeaderError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, errBudget), errors.Is(err, context.Canceled):
		return errStopped
	case errors.As(err, &certErr), errors.As(err, &alert), errors.As(err, &recErr),
		errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalid):
		return errTLS
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return errTimeout
	case errors.As(err, &netErr) && netErr.Timeout():
		return errTimeout
	case errors.As(err, &dnsErr), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH):
		return errUnreachable
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return errClosed
	}
	if strings.Contains(err.Error(), "tls:") {
		return errTLS
	}
	return errOther
}

// describeErr words a request error for messages: without the Go
// request prefix ("Get \"https://...\": ").
func describeErr(err error) string {
	if err == nil {
		return ""
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch classify(err) {
	case errTimeout:
		return "timed out: " + err.Error()
	case errClosed:
		return "connection closed without an answer"
	}
	return err.Error()
}
