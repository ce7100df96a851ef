package checks

import (
	"github.com/deploycheck/deploycheck/internal/finding"
)

// devEmailBackends are Django's email backends that never deliver mail.
var devEmailBackends = []string{
	"django.core.mail.backends.console.EmailBackend",
	"django.core.mail.backends.dummy.EmailBackend",
	"django.core.mail.backends.filebased.EmailBackend",
	"django.core.mail.backends.locmem.EmailBackend",
}

func emailChecks() []*Check {
	return []*Check{
		{
			ID: "mail.E001", Topic: finding.TopicEmail, Severity: finding.Error,
			Django: true, DeployOnly: true,
			Doc: `The default mailer uses a development email backend (Django 6.1+).

MAILERS['default']['BACKEND'] names the console, dummy, file-based or
in-memory backend, none of which delivers mail: password resets and error
reports would silently go nowhere. A missing BACKEND means SMTP and passes.
Django does not check the older EMAIL_BACKEND setting.

Fix: use the SMTP backend or a real provider's backend in production.`,
			Run: func(p *Pass) {
				if !p.version().AtLeast(6, 1) {
					return
				}
				mailers, ok := p.lookup("MAILERS")
				if !ok {
					return
				}
				def, found := dictGet(mailers, "default")
				if found != yes {
					return
				}
				backend, found := dictGet(def, "BACKEND")
				if found != yes {
					return
				}
				s, isStr := backend.AsStr()
				if !isStr {
					return
				}
				for _, b := range devEmailBackends {
					if s == b {
						p.Report(finding.Finding{
							Setting: "MAILERS",
							Message: "MAILERS['default'] uses " + quote(s) + ", which never delivers email.",
							Hint:    "Use a production backend such as 'django.core.mail.backends.smtp.EmailBackend'.",
						})
						return
					}
				}
			},
		},
		{
			ID: "mail.W001", Topic: finding.TopicEmail, Severity: finding.Warning,
			Django: true,
			Doc: `MAILERS is set but has no 'default' entry (Django 6.1+).

Sending email without naming a mailer uses 'default', so every such send
fails. The check runs only when the settings define MAILERS, and with plain
"manage.py check" too.

Fix: add a 'default' entry to MAILERS.`,
			Run: func(p *Pass) {
				if !p.version().AtLeast(6, 1) || !p.Settings.IsOverridden("MAILERS") {
					return
				}
				v := p.Setting("MAILERS")
				if contains(v, "default") != no {
					return
				}
				hint := "Add a 'default' entry to MAILERS."
				if truthy(v) == yes {
					hint += " Otherwise every send must name its mailer with using=."
				}
				p.Report(finding.Finding{
					Setting: "MAILERS",
					Message: "MAILERS has no 'default' entry, so sending email without naming a mailer fails.",
					Hint:    hint,
				})
			},
		},
	}
}

// emailChecklist returns deploycheck's own checks of this checklist topic.
func emailChecklist() []*Check {
	return nil
}
