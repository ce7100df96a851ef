package checks

import "github.com/deploycheck/deploycheck/internal/finding"

func debugChecks() []*Check {
	return []*Check{{
		ID: "security.W018", Topic: finding.TopicDebug, Severity: finding.Warning,
		Django: true, DeployOnly: true,
		Doc: `DEBUG is on.

With DEBUG on, every error page shows a traceback with local variables and
settings, and Django keeps a record of every SQL query in memory. The test
is Python truthiness, so a string such as "False" or "0" read from the
environment without conversion counts as on.

Fix: set DEBUG = False in production, converting environment strings to a
real boolean.`,
		Run: func(p *Pass) {
			v := p.Setting("DEBUG")
			if truthy(v) != yes {
				return
			}
			msg := "DEBUG is on in the deployment settings."
			if _, isStr := v.AsStr(); isStr {
				msg = "DEBUG is a non-empty string, which Python treats as on."
			}
			p.Report(finding.Finding{
				Setting: "DEBUG",
				Message: msg + " Error pages would show code, settings and local variables to anyone.",
				Hint:    "Set DEBUG = False for production (convert environment strings to a real boolean).",
			})
		},
	}}
}

// debugChecklist returns deploycheck's own checks of this checklist topic.
func debugChecklist() []*Check {
	return nil
}
