package checks

import "github.com/deploycheck/deploycheck/internal/finding"

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

// hostsChecklist returns deploycheck's own checks of this checklist topic.
func hostsChecklist() []*Check {
	return nil
}
