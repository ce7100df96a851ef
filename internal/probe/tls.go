package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/report"
)

// endpoint is one TLS host:port of the site.
type endpoint struct {
	url      *url.URL // its origin
	hostport string
	once     sync.Once
	// usable is set when a handshake completed and the certificate
	// verified or --insecure was given.
	usable bool
}

// endpoint returns the TLS endpoint of an https:// URL, making it on first
// use.
func (s *site) endpoint(u *url.URL) *endpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	hp := hostPort(u)
	ep := s.endpoints[hp]
	if ep == nil {
		ep = &endpoint{url: origin(u), hostport: hp}
		s.endpoints[hp] = ep
	}
	return ep
}

// legacyVersions are the versions offered one at a time.
var legacyVersions = []uint16{tls.VersionTLS10, tls.VersionTLS11}

// allSuites are every TLS 1.0–1.2 cipher suite Go implements, the
// insecure ones included: a legacy handshake should fail only because the
// server refuses the version, not because Go's defaults left out a suite.
var allSuites = func() []uint16 {
	var out []uint16
	for _, list := range [][]*tls.CipherSuite{tls.CipherSuites(), tls.InsecureCipherSuites()} {
		for _, c := range list {
			if slices.Contains(c.SupportedVersions, tls.VersionTLS10) || slices.Contains(c.SupportedVersions, tls.VersionTLS12) {
				out = append(out, c.ID)
			}
		}
	}
	return out
}()

// handshake opens a TLS connection to hostport with the config, within the
// budget and timeouts, and returns what was negotiated.
func (s *site) handshake(ctx context.Context, hostport string, conf *tls.Config) (tls.ConnectionState, error) {
	if !s.take() {
		return tls.ConnectionState{}, errBudget
	}
	if err := s.r.acquire(ctx); err != nil {
		return tls.ConnectionState{}, err
	}
	defer s.r.release()
	hctx, cancel := context.WithTimeout(ctx, s.r.opts.Timeout)
	defer cancel()
	raw, err := s.r.dial(hctx, "tcp", hostport)
	if err != nil {
		return tls.ConnectionState{}, err
	}
	defer raw.Close()
	if dl, ok := hctx.Deadline(); ok {
		_ = raw.SetDeadline(dl)
	}
	conn := tls.Client(raw, conf)
	if err := conn.HandshakeContext(hctx); err != nil {
		return tls.ConnectionState{}, err
	}
	return conn.ConnectionState(), nil
}

// probeTLS checks an https:// endpoint once: a handshake offering
// everything (for the certificate and the best version), and one
// handshake per legacy version offered alone.
func (s *site) probeTLS(ctx context.Context, ep *endpoint, given bool) {
	ep.once.Do(func() {
		t := s.target(ep.url, given)
		sni := ep.url.Hostname()
		var wg sync.WaitGroup
		var state tls.ConnectionState
		var err error
		// The legacy handshakes run beside the main one, and stop when it
		// fails: their answers mean nothing on an endpoint that does not
		// answer TLS, and they must not wait out their timeouts there.
		lctx, cancelLegacy := context.WithCancel(ctx)
		defer cancelLegacy()
		wg.Go(func() {
			state, err = s.handshake(ctx, ep.hostport, &tls.Config{
				ServerName: sni, InsecureSkipVerify: true, MinVersion: tls.VersionTLS10,
			})
			if err != nil {
				cancelLegacy()
			}
		})
		legacy := make([]error, len(legacyVersions))
		legacyStates := make([]tls.ConnectionState, len(legacyVersions))
		for i, v := range legacyVersions {
			wg.Go(func() {
				legacyStates[i], legacy[i] = s.handshake(lctx, ep.hostport, &tls.Config{
					ServerName: sni, InsecureSkipVerify: true, MinVersion: v, MaxVersion: v, CipherSuites: allSuites,
				})
			})
		}
		wg.Wait()
		tx := &exchange{method: "TLS", url: ep.url, host: sni, err: err}
		if err != nil {
			s.failed(ctx, tx, given)
			s.mu.Lock()
			t.Error = describeErr(err)
			s.mu.Unlock()
			return
		}
		s.verify(finding.TopicHTTPS)
		info := &report.ProbeTLS{Version: tls.VersionName(state.Version), Cipher: tls.CipherSuiteName(state.CipherSuite)}
		hello := fmt.Sprintf("> TLS handshake with %s (SNI %s)", ep.hostport, sni)
		if addr := s.r.resolved(ep.hostport); addr != "" {
			hello += ", connecting to " + addr
		}
		ev := []string{hello, fmt.Sprintf("< %s, %s", info.Version, info.Cipher)}
		ep.usable = s.checkCertificate(ep, state, info, ev) || s.r.opts.Insecure

		var legacyEv []string
		for i, v := range legacyVersions {
			line := fmt.Sprintf("> TLS handshake offering only %s (SNI %s)", tls.VersionName(v), sni)
			switch {
			case legacy[i] == nil:
				info.Legacy = append(info.Legacy, tls.VersionName(v))
				legacyEv = append(legacyEv, line, fmt.Sprintf("< accepted: %s, %s", tls.VersionName(legacyStates[i].Version), tls.CipherSuiteName(legacyStates[i].CipherSuite)))
			case classify(legacy[i]) == errTimeout && ctx.Err() == nil:
				s.note("the %s handshake with %s timed out; that version was not judged", tls.VersionName(v), ep.hostport)
			}
		}
		if len(info.Legacy) > 0 {
			s.add(checkLegacyTLS.finding(ep.url.String(),
				fmt.Sprintf("%s accepts %s, deprecated versions no current browser needs.", ep.hostport, strings.Join(info.Legacy, " and ")),
				"Offer only TLS 1.2 and TLS 1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3;).", legacyEv))
		}
		if state.Version < tls.VersionTLS13 {
			s.add(checkNoTLS13.finding(ep.url.String(),
				fmt.Sprintf("%s does not offer TLS 1.3: a handshake allowing every version settled on %s.", ep.hostport, info.Version),
				"Add TLSv1.3 to ssl_protocols.", ev[:2]))
		}
		s.mu.Lock()
		t.TLS = info
		s.mu.Unlock()
	})
}

// expirySoon is how close to its end a certificate is reported.
const expirySoon = 30 * 24 * time.Hour

// checkCertificate judges the leaf the server presented: validity dates,
// chain of trust, the URL's host name and, with --project, the names of
// ALLOWED_HOSTS. It returns whether a browser would accept it.
func (s *site) checkCertificate(ep *endpoint, state tls.ConnectionState, info *report.ProbeTLS, ev []string) bool {
	u := ep.url.String()
	if len(state.PeerCertificates) == 0 {
		s.add(checkCertUntrusted.finding(u, ep.hostport+" presented no certificate.", hintCA, ev))
		return false
	}
	leaf := state.PeerCertificates[0]
	now := s.r.opts.Now()
	names := slices.Clone(leaf.DNSNames)
	for _, ip := range leaf.IPAddresses {
		names = append(names, ip.String())
	}
	days := int(leaf.NotAfter.Sub(now).Hours() / 24)
	cert := &report.ProbeCertificate{
		Subject: leaf.Subject.String(), Issuer: leaf.Issuer.String(), Names: names,
		NotBefore: leaf.NotBefore.UTC(), NotAfter: leaf.NotAfter.UTC(), DaysLeft: days,
	}
	info.Certificate = cert
	ev = append(ev,
		fmt.Sprintf("< certificate: subject %s; issuer %s; names %s", cert.Subject, cert.Issuer, strings.Join(names, ", ")),
		fmt.Sprintf("< valid from %s to %s (%d days left)", cert.NotBefore.Format(time.DateOnly), cert.NotAfter.Format(time.DateOnly), days))

	good := true
	var problems []string
	switch {
	case now.After(leaf.NotAfter):
		good = false
		problems = append(problems, "expired")
		s.add(checkCertExpired.finding(u, fmt.Sprintf("The certificate of %s expired on %s (%d days ago).", ep.hostport, cert.NotAfter.Format(time.DateOnly), -days),
			"Renew the certificate and automate its renewal.", ev))
	case now.Before(leaf.NotBefore):
		good = false
		problems = append(problems, "not yet valid")
		s.add(checkCertNotYetValid.finding(u, fmt.Sprintf("The certificate of %s is valid only from %s.", ep.hostport, cert.NotBefore.Format(time.DateOnly)),
			"Check the clock of the machine that issued it, and reissue.", ev))
	case leaf.NotAfter.Sub(now) < expirySoon:
		s.add(checkCertExpiresSoon.finding(u, fmt.Sprintf("The certificate of %s expires in %d days (%s).", ep.hostport, days, cert.NotAfter.Format(time.DateOnly)),
			"Renew it now and check why automatic renewal has not.", ev))
	}

	// The chain is judged at a moment inside the leaf's validity, so that
	// an expired certificate is not also called untrusted.
	at := now
	if now.After(leaf.NotAfter) {
		at = leaf.NotAfter.Add(-time.Minute)
	} else if now.Before(leaf.NotBefore) {
		at = leaf.NotBefore.Add(time.Minute)
	}
	inter := x509.NewCertPool()
	for _, c := range state.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: s.r.opts.RootCAs, Intermediates: inter, CurrentTime: at}); err != nil {
		good = false
		problems = append(problems, err.Error())
		s.add(checkCertUntrusted.finding(u, fmt.Sprintf("The certificate of %s does not verify: %s.", ep.hostport, err),
			hintCA, append(slices.Clone(ev), "< verification: "+err.Error())))
	}
	host := ep.url.Hostname()
	if err := leaf.VerifyHostname(host); err != nil {
		good = false
		problems = append(problems, "does not cover "+host)
		s.add(checkCertName.finding(u, fmt.Sprintf("The certificate of %s does not cover %s (it names %s).", ep.hostport, host, strings.Join(names, ", ")),
			"Add the name to the certificate, or give the web server a server block with a certificate for it.", ev))
	}
	if x := s.r.opts.Expect; x != nil {
		var uncovered []string
		for _, h := range x.Hosts {
			name := strings.TrimPrefix(strings.ToLower(h), ".")
			if name == "" || name == "*" || strings.Contains(name, "*") || name == host {
				continue
			}
			if leaf.VerifyHostname(name) != nil {
				uncovered = append(uncovered, name)
			}
		}
		if len(uncovered) > 0 {
			s.add(checkCertHosts.finding(u, fmt.Sprintf("ALLOWED_HOSTS names %s, which the certificate of %s does not cover.", strings.Join(uncovered, ", "), ep.hostport),
				"Add these names to the certificate, or drop names the site no longer serves from ALLOWED_HOSTS.",
				append(slices.Clone(ev), "  settings: ALLOWED_HOSTS = "+pyList(x.Hosts)+x.source("ALLOWED_HOSTS"))))
		}
	}
	cert.Verified = good
	if !good {
		cert.Error = strings.Join(problems, "; ")
		if !s.r.opts.Insecure {
			s.note("%s: the certificate does not verify, so the page probes skip this URL (pass --ca-file for a private CA, or --insecure)", u)
		}
	}
	return good
}

// pyList renders names as a Python list.
func pyList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}
