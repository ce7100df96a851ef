package checks

import "github.com/deploycheck/deploycheck/internal/finding"

const smNote = " (checked only when SecurityMiddleware is in MIDDLEWARE, under its exact dotted path)"

func httpsChecks() []*Check {
	return []*Check{
		{
			ID: "security.W004", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `SECURE_HSTS_SECONDS is not set` + smNote + `.

Without an HSTS header, a browser that once visited the site over HTTPS will
still try plain HTTP next time, where an attacker can intercept it. The test
is truthiness: 0, None and "" fire; any non-empty string passes.

Fix: once the whole site (and, with INCLUDE_SUBDOMAINS, every subdomain) is
HTTPS-only, set SECURE_HSTS_SECONDS, starting small (e.g. 3600) and raising it
to a year. Browsers remember the policy, so read Django's HSTS notes first.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), truthy(p.Setting("SECURE_HSTS_SECONDS")).not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_HSTS_SECONDS",
					Message: "SECURE_HSTS_SECONDS is not set, so responses carry no Strict-Transport-Security header.",
					Hint:    "When the site is HTTPS-only, set SECURE_HSTS_SECONDS (start with 3600, then 31536000).",
				})
			},
		},
		{
			ID: "security.W005", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `HSTS does not cover subdomains` + smNote + `.

With SECURE_HSTS_SECONDS set but SECURE_HSTS_INCLUDE_SUBDOMAINS not exactly
True, a subdomain reachable over HTTP can be used to attack the site (for
example to plant cookies). Only the boolean True passes; 1 or "True" do not.

Fix: set SECURE_HSTS_INCLUDE_SUBDOMAINS = True once every subdomain is
HTTPS-only.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), truthy(p.Setting("SECURE_HSTS_SECONDS")),
					isTrue(p.Setting("SECURE_HSTS_INCLUDE_SUBDOMAINS")).not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_HSTS_INCLUDE_SUBDOMAINS",
					Message: "SECURE_HSTS_INCLUDE_SUBDOMAINS is not True, so the HSTS policy leaves subdomains open to plain HTTP.",
					Hint:    "Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True if every subdomain is served only over HTTPS.",
				})
			},
		},
		{
			ID: "security.W008", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `Plain HTTP is not redirected to HTTPS` + smNote + `.

SECURE_SSL_REDIRECT must be exactly True for Django to redirect HTTP requests
to HTTPS; 1 or "true" do not count. When a proxy or load balancer already
redirects, the warning still appears (Django cannot see the proxy).

Fix: set SECURE_SSL_REDIRECT = True, or redirect at the proxy (and then set
SECURE_PROXY_SSL_HEADER so Django knows the request was secure).`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), isTrue(p.Setting("SECURE_SSL_REDIRECT")).not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_SSL_REDIRECT",
					Message: "SECURE_SSL_REDIRECT is not True, so Django serves pages over plain HTTP when asked.",
					Hint:    "Set SECURE_SSL_REDIRECT = True, or make the proxy/load balancer redirect HTTP to HTTPS.",
				})
			},
		},
		{
			ID: "security.W021", Topic: finding.TopicHTTPS, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `HSTS preload is not enabled` + smNote + `.

With SECURE_HSTS_SECONDS set but SECURE_HSTS_PRELOAD not exactly True, the
site cannot be submitted to the browsers' built-in HSTS preload list, so a
browser's very first visit may still go over HTTP.

Fix: set SECURE_HSTS_PRELOAD = True (with subdomains included and a long
max-age) and submit the domain to the preload list.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), truthy(p.Setting("SECURE_HSTS_SECONDS")),
					isTrue(p.Setting("SECURE_HSTS_PRELOAD")).not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_HSTS_PRELOAD",
					Message: "SECURE_HSTS_PRELOAD is not True, so the site cannot join the browsers' HSTS preload list.",
					Hint:    "Set SECURE_HSTS_PRELOAD = True once HSTS covers subdomains with a long max-age.",
				})
			},
		},
	}
}

// httpsChecklist returns deploycheck's own checks of this checklist topic.
func httpsChecklist() []*Check {
	return nil
}
