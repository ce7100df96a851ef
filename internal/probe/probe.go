// Package probe audits a running Django deployment over HTTP and TLS: the
// redirect to HTTPS, TLS versions and certificate, HSTS, cookie flags,
// host validation, DEBUG pages, stock error pages, security headers,
// files that must not be served and the admin's path.
//
// The probe only sends GET requests and TLS handshakes, never anything that
// changes state, and it is bounded: a per-request timeout, a total
// deadline, a request budget per site, a cap on concurrent requests, body
// read limits and a redirect limit. Every network failure becomes a finding
// or a note about the URL concerned; the rest of the report stands.
package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/report"
)

// Defaults of Options.
const (
	DefaultTimeout      = 5 * time.Second
	DefaultTotalTimeout = 60 * time.Second
	DefaultMaxRequests  = 60
	DefaultConcurrency  = 8
	DefaultMaxBody      = 1 << 20
	DefaultMaxRedirects = 10
)

// Options say what to probe and within which bounds. The zero value of a
// bound means its default.
type Options struct {
	// URLs are the site's addresses: absolute http:// or https:// URLs.
	// The URLs of one host make one site; several hosts are probed side by
	// side.
	URLs []string
	// Resolve maps HOST:PORT to an address, like curl's --resolve: the
	// connection goes to the address, HOST is still sent as Host and SNI.
	Resolve []Resolve
	// RootCAs verify certificates; nil means the system's roots.
	RootCAs *x509.CertPool
	// Insecure goes on with HTTPS requests whose certificate does not
	// verify (the certificate findings are still reported).
	Insecure bool
	// Timeout bounds each request: connection, handshake, headers and body.
	Timeout time.Duration
	// TotalTimeout bounds the whole run.
	TotalTimeout time.Duration
	// MaxRequests bounds the requests (and TLS handshakes) per site.
	MaxRequests int
	// Concurrency bounds the requests in flight across all sites.
	Concurrency int
	// MaxBody is how much of a response body is read.
	MaxBody int64
	// MaxRedirects bounds each redirect chain followed.
	MaxRedirects int
	// Expect is what the project's settings say (--project); nil without.
	Expect *Expect
	// UserAgent is sent with every request.
	UserAgent string
	// Now is the clock certificates are judged by; nil means time.Now.
	Now func() time.Time
	// Dial makes the connections (after --resolve is applied); nil means a
	// net.Dialer. Tests use it to keep every connection on loopback.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.TotalTimeout <= 0 {
		o.TotalTimeout = DefaultTotalTimeout
	}
	if o.MaxRequests <= 0 {
		o.MaxRequests = DefaultMaxRequests
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = "deploycheck-probe"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Dial == nil {
		d := &net.Dialer{}
		o.Dial = d.DialContext
	}
	return o
}

// Resolve is one --resolve entry: connections to Host:Port go to Addr.
type Resolve struct {
	Host string
	Port string
	Addr string
}

// ParseResolve reads HOST:PORT:ADDR (ADDR an IP address, an IPv6 one
// optionally in brackets).
func ParseResolve(spec string) (Resolve, error) {
	host, rest, ok := strings.Cut(spec, ":")
	if !ok || host == "" {
		return Resolve{}, fmt.Errorf("--resolve %q: want HOST:PORT:ADDR", spec)
	}
	port, addr, ok := strings.Cut(rest, ":")
	if !ok || addr == "" {
		return Resolve{}, fmt.Errorf("--resolve %q: want HOST:PORT:ADDR", spec)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return Resolve{}, fmt.Errorf("--resolve %q: port %q is not a number from 1 to 65535", spec, port)
	}
	addr = strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return Resolve{}, fmt.Errorf("--resolve %q: %q is not an IP address", spec, addr)
	}
	return Resolve{Host: strings.ToLower(host), Port: port, Addr: ip.String()}, nil
}

// ParseURL checks one target: an absolute http:// or https:// URL with a
// host, no user information and a valid port.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("URL %q: want an http:// or https:// URL", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("URL %q has no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("URL %q: user information is not supported", raw)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("URL %q: port %q is not a number from 1 to 65535", raw, p)
		}
	}
	if u.Path == "" {
		u.Path = "/"
	}
	u.Fragment = ""
	return u, nil
}

// Result is what one run found.
type Result struct {
	// Findings are the live-site findings, in report order.
	Findings []finding.Finding
	// Targets describe each URL probed (given or derived).
	Targets []report.ProbeTarget
	// Verified lists the topics the probe could check (a topic with
	// findings is verified too).
	Verified map[finding.Topic]bool
	// Notes are remarks about the run: what was derived, skipped or not
	// verified, and why.
	Notes []string
	// Requests counts the HTTP requests and TLS handshakes made.
	Requests int
	// Duration is how long the run took.
	Duration time.Duration
	// Observed holds the facts the project comparison reads.
	Observed []Observed
}

// Run probes the sites of opts.URLs. It returns an error only for options
// that make no sense (a malformed URL); network failures are findings.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	opts = opts.withDefaults()
	if len(opts.URLs) == 0 {
		return nil, errors.New("no URL to probe")
	}
	var targets []*url.URL
	for _, raw := range opts.URLs {
		u, err := ParseURL(raw)
		if err != nil {
			return nil, err
		}
		targets = append(targets, u)
	}
	r := newRunner(opts)
	defer r.transport.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, opts.TotalTimeout)
	defer cancel()

	sites := groupSites(r, targets)
	var wg sync.WaitGroup
	for _, s := range sites {
		wg.Go(func() { s.run(ctx) })
	}
	wg.Wait()

	res := &Result{Verified: map[finding.Topic]bool{}}
	for _, s := range sites {
		res.Findings = append(res.Findings, s.findings...)
		res.Targets = append(res.Targets, s.targetList()...)
		for t := range s.verified {
			res.Verified[t] = true
		}
		res.Notes = append(res.Notes, s.notes...)
		res.Requests += int(s.requests.Load())
		res.Observed = append(res.Observed, s.obs)
	}
	if opts.Insecure {
		res.Findings = append(res.Findings, checkInsecure.finding("",
			"TLS certificates were not required to verify (--insecure): HTTPS probes went on over connections that were not authenticated.",
			"Pass a private CA with --ca-file instead of --insecure when that is the reason.", nil))
	}
	if ctx.Err() != nil && errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		res.Notes = append(res.Notes, fmt.Sprintf("the probe stopped at its total timeout (%s); probes still running then were cut short", opts.TotalTimeout))
	}
	reachability := map[string]bool{}
	for _, c := range Checks() {
		reachability[c.ID] = c.Reachability
	}
	for _, f := range res.Findings {
		if !reachability[f.ID] {
			res.Verified[f.Topic] = true // a finding about the site checks its topic
		}
	}
	report.SortFindings(res.Findings)
	res.Duration = time.Since(start)
	return res, nil
}

// runner holds what all sites of a run share: the client, the connection
// limits and the options.
type runner struct {
	opts    Options
	resolve map[string]string // "host:port" → address
	// resolveHosts are the names given to --resolve.
	resolveHosts map[string]bool
	transport    *http.Transport
	client       *http.Client
	sem          chan struct{}
}

func newRunner(opts Options) *runner {
	r := &runner{opts: opts, resolve: map[string]string{}, resolveHosts: map[string]bool{}, sem: make(chan struct{}, opts.Concurrency)}
	for _, e := range opts.Resolve {
		r.resolve[net.JoinHostPort(e.Host, e.Port)] = e.Addr
		r.resolveHosts[e.Host] = true
	}
	tlsConf := &tls.Config{
		RootCAs: opts.RootCAs, InsecureSkipVerify: opts.Insecure,
		// Accept whatever the server offers, down to TLS 1.0, so that a
		// legacy-only server can still be probed; legacy-tls reports it.
		MinVersion: tls.VersionTLS10,
	}
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true)
	r.transport = &http.Transport{
		DialContext:           r.dial,
		TLSClientConfig:       tlsConf,
		TLSHandshakeTimeout:   opts.Timeout,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConnsPerHost:   opts.Concurrency,
		// Many sites at once must not pile up idle connections (each holds
		// buffers and TLS state): keep at most two per request slot.
		MaxIdleConns:           2 * opts.Concurrency,
		IdleConnTimeout:        opts.Timeout,
		DisableCompression:     true,
		Protocols:              protocols,
		MaxResponseHeaderBytes: 256 << 10,
	}
	r.client = &http.Client{
		Transport: r.transport,
		// Redirects are followed by hand, hop by hop, so that each one is
		// recorded and judged.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return r
}

// dial applies --resolve and connects.
func (r *runner) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if host, port, err := net.SplitHostPort(addr); err == nil {
		if ip, ok := r.resolve[net.JoinHostPort(strings.ToLower(host), port)]; ok {
			addr = net.JoinHostPort(ip, port)
		}
	}
	return r.opts.Dial(ctx, network, addr)
}

// resolved says where a host:port connects to, for the report.
func (r *runner) resolved(hostport string) string {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return ""
	}
	if ip, ok := r.resolve[net.JoinHostPort(strings.ToLower(host), port)]; ok {
		return net.JoinHostPort(ip, port)
	}
	return ""
}

// acquire takes a slot of the concurrency limit.
func (r *runner) acquire(ctx context.Context) error {
	select {
	case r.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (r *runner) release() { <-r.sem }

// hostPort returns u's host:port with the scheme's default port filled in.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// origin is scheme://host[:port]/ of u.
func origin(u *url.URL) *url.URL {
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"}
}

// withPath is u's origin with another path and query.
func withPath(u *url.URL, path, query string) *url.URL {
	o := origin(u)
	o.Path = path
	o.RawQuery = query
	return o
}
