package checks

import (
	"fmt"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// brokenLinkMiddleware mails MANAGERS about 404s reached through a link.
const brokenLinkMiddleware = "django.middleware.common.BrokenLinkEmailsMiddleware"

// adminsChecklist returns deploycheck's own checks of this checklist topic.
func adminsChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.admins_managers.no-admins", Topic: finding.TopicAdminsManagers, Severity: finding.Warning,
			Doc: `ADMINS is empty although Django mails server errors to ADMINS.

Django reports unhandled exceptions (500 errors) by mail to the addresses in
ADMINS: through the mail_admins handler of its default logging, which applies
when DEBUG is False and LOGGING does not reconfigure the 'django' logger, or
through an AdminEmailHandler the project's LOGGING sets up. With ADMINS
empty those mails go to nobody and nobody hears about the errors. The check
stays quiet when the settings call sentry_sdk.init(), since the errors then
reach Sentry.

Fix: set ADMINS to the addresses that should receive error reports (and
make sure the email settings deliver mail), or report errors to a tracker
such as Sentry or to a log handler whose output is read.`,
			Run: runNoAdmins,
		},
		{
			ID: "dc.admins_managers.no-managers", Topic: finding.TopicAdminsManagers, Severity: finding.Warning,
			Doc: `BrokenLinkEmailsMiddleware is installed but MANAGERS is empty.

The middleware mails MANAGERS about every 404 that a request reached through
a link (it has a Referer), so broken links get fixed. With MANAGERS empty
(its default, whatever ADMINS holds) the mails go to nobody and the
middleware only costs time.

Fix: set MANAGERS to the people who should hear about broken links, or
remove the middleware.`,
			Run: runNoManagers,
		},
		{
			ID: "dc.admins_managers.ignorable-404", Topic: finding.TopicAdminsManagers, Severity: finding.Info,
			Doc: `BrokenLinkEmailsMiddleware mails MANAGERS and IGNORABLE_404_URLS is empty.

Bots probe every public site for /wp-login.php, /.env, /phpmyadmin/ and
similar paths, and browsers ask for /favicon.ico and /apple-touch-icon.png.
Each such 404 with a Referer becomes a mail to MANAGERS; real broken links
drown in the noise.

Fix: list regular expressions for the paths to ignore in
IGNORABLE_404_URLS, for example re.compile(r'\.(php|cgi)$'),
re.compile(r'^/apple-touch-icon.*\.png$') and re.compile(r'^/favicon\.ico$').`,
			Run: runIgnorable404,
		},
	}
}

func runNoAdmins(p *Pass) {
	via := p.errorMailRoute()
	if via == "" {
		return
	}
	if truthy(p.Setting("ADMINS")) != no {
		return
	}
	if _, _, found := p.sentryInit(); found {
		return
	}
	p.Report(finding.Finding{
		Setting: "ADMINS",
		Message: fmt.Sprintf("ADMINS is empty, yet Django mails server errors to ADMINS (%s): the reports go to nobody, so 500 errors pass unnoticed.", via),
		Hint:    "Set ADMINS to the addresses that should receive error reports, or report errors to Sentry or a log handler whose output is read.",
	})
}

// errorMailRoute says how server errors are mailed to ADMINS ("" when they
// are not, or when that cannot be told): by an AdminEmailHandler in
// LOGGING, or by Django's default mail_admins handler.
func (p *Pass) errorMailRoute() string {
	if !p.dictConfigLogging() {
		return ""
	}
	conf := p.Setting("LOGGING")
	names, known := mailAdminsHandlersUsed(conf)
	if !known {
		return ""
	}
	if len(names) > 0 {
		return "LOGGING's AdminEmailHandler " + quotedNames(names)
	}
	// Django's default configuration attaches mail_admins to the 'django'
	// logger; LOGGING replaces it only by configuring that logger.
	switch truthy(conf) {
	case unknown:
		return ""
	case yes:
		if conf.Kind() != pyvalue.KindDict {
			return ""
		}
		loggers, found := dictGet(conf, "loggers")
		if found == unknown {
			return ""
		}
		if found == yes {
			if _, has := dictGet(loggers, "django"); has != no {
				return ""
			}
		}
	}
	if truthy(p.Setting("DEBUG")) != no {
		return "" // the default handler only mails with DEBUG off
	}
	return "Django's default mail_admins handler, active with DEBUG off"
}

// brokenLinkMails tells whether BrokenLinkEmailsMiddleware mails 404s:
// it is in MIDDLEWARE and DEBUG is off.
func (p *Pass) brokenLinkMails() tri {
	return and3(p.middlewareLiteral(brokenLinkMiddleware), truthy(p.Setting("DEBUG")).not())
}

func runNoManagers(p *Pass) {
	if p.brokenLinkMails() != yes {
		return
	}
	if truthy(p.Setting("MANAGERS")) != no {
		return
	}
	p.Report(finding.Finding{
		Setting: "MANAGERS",
		Message: "BrokenLinkEmailsMiddleware mails MANAGERS about broken links, but MANAGERS is empty (it does not follow ADMINS), so the mails go to nobody.",
		Hint:    "Set MANAGERS to the people who should hear about broken links, or remove BrokenLinkEmailsMiddleware from MIDDLEWARE.",
	})
}

func runIgnorable404(p *Pass) {
	if p.brokenLinkMails() != yes || truthy(p.Setting("MANAGERS")) != yes {
		return
	}
	if truthy(p.Setting("IGNORABLE_404_URLS")) != no {
		return
	}
	p.Report(finding.Finding{
		Setting: "IGNORABLE_404_URLS",
		Message: "BrokenLinkEmailsMiddleware mails MANAGERS about every linked 404 and IGNORABLE_404_URLS is empty: bot probes and icon requests will bury the real broken links.",
		Hint:    `List patterns to ignore in IGNORABLE_404_URLS, e.g. [re.compile(r"\.(php|cgi)$"), re.compile(r"^/favicon\.ico$"), re.compile(r"^/apple-touch-icon.*\.png$")].`,
	})
}
