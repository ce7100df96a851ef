package checks

import (
	"fmt"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/secret"
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

const smtpEmailBackend = "django.core.mail.backends.smtp.EmailBackend"

// emailChecklist returns deploycheck's own checks of this checklist topic.
func emailChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.email.default-sender", Topic: finding.TopicEmail, Severity: finding.Warning,
			Doc: `Email is sent from a localhost or placeholder address.

When the site sends email (ADMINS or MANAGERS are set, LOGGING has an
AdminEmailHandler, EMAIL_HOST or a production email backend is
configured), DEFAULT_FROM_EMAIL is the sender of password resets and other
mail, and SERVER_EMAIL the sender of error reports to ADMINS and MANAGERS.
Their defaults, 'webmaster@localhost' and 'root@localhost', and
placeholder domains (example.com, .invalid, .test...) are rejected or sent
to spam by most mail providers, because no SPF or DKIM record can vouch for
them: error reports then silently never arrive.

Fix: set DEFAULT_FROM_EMAIL and SERVER_EMAIL to addresses of a domain you
control that your mail provider is allowed to send for.`,
			Run: runEmailSender,
		},
		{
			ID: "dc.email.dev-backend", Topic: finding.TopicEmail, Severity: finding.Warning,
			Doc: `The email backend never delivers mail.

EMAIL_BACKEND names Django's console, file-based, in-memory or dummy
backend: password-reset mail, notifications and error reports are printed,
written to disk, kept in memory or dropped. Django checks nothing about
EMAIL_BACKEND; from Django 6.1 its mail.E001 checks MAILERS['default'], and
this check covers the other MAILERS entries.

Fix: use the SMTP backend or a provider's backend (django-anymail...) in
the production settings, and keep development backends in development
settings.`,
			Run: runEmailDevBackend,
		},
		{
			ID: "dc.email.literal-password", Topic: finding.TopicEmail, Severity: finding.Error,
			Doc: `An email password or API key is written in the settings.

EMAIL_HOST_PASSWORD (or the 'password' option of a MAILERS entry, Django
6.1+), or a secret-named entry of ANYMAIL (an API key, a token), is a
string from the settings' own text, directly or as the default of an
environment read that the environment does not override. Anyone with the
code can send mail as the site, which is how phishing gets past SPF and
DKIM. Without an environment, a value that only applies while a variable
is unset is reported as conditional on that variable.

Fix: read the credential from the environment or a secrets file with no
default, and revoke the one in the code.`,
			Run: runEmailPassword,
		},
		{
			ID: "dc.email.no-tls", Topic: finding.TopicEmail, Severity: finding.Warning,
			Doc: `Mail is sent over SMTP to a remote server without TLS.

With Django's SMTP backend, EMAIL_USE_TLS (STARTTLS, usually port 587) and
EMAIL_USE_SSL (implicit TLS, usually port 465) both off, and EMAIL_HOST a
remote server, the login (EMAIL_HOST_USER and EMAIL_HOST_PASSWORD) and
every message cross the network in clear text. Relays on the same machine
or a private network are not reported. From Django 6.1 the options of
each SMTP entry of MAILERS are read ('host', 'use_tls', 'use_ssl').

Fix: set EMAIL_USE_TLS = True with port 587 (or EMAIL_USE_SSL = True with
port 465).`,
			Run: runEmailTLS,
		},
		{
			ID: "dc.email.tls-and-ssl", Topic: finding.TopicEmail, Severity: finding.Error,
			Doc: `EMAIL_USE_TLS and EMAIL_USE_SSL are both on.

Django's SMTP backend refuses the combination: every attempt to send
raises ValueError, so no mail leaves the site (error reports included).

Fix: keep only one: EMAIL_USE_TLS for STARTTLS (port 587) or
EMAIL_USE_SSL for implicit TLS (port 465).`,
			Run: runEmailTLSAndSSL,
		},
	}
}

// mailer is one configured email backend: the EMAIL_* settings, or an
// entry of MAILERS (Django 6.1+).
type mailer struct {
	// alias is the MAILERS key, "" for the EMAIL_* settings.
	alias   string
	backend pyvalue.Value
	// opts is the entry's OPTIONS dict (MAILERS only); optsKnown is false
	// when it cannot be read.
	opts      pyvalue.Value
	hasOpts   bool
	optsKnown bool
}

// label names the mailer in messages.
func (m mailer) label() string {
	if m.alias == "" {
		return "EMAIL_BACKEND"
	}
	return "MAILERS[" + quote(m.alias) + "]"
}

// setting is the setting a finding about the mailer points at.
func (m mailer) setting() string {
	if m.alias == "" {
		return "EMAIL_BACKEND"
	}
	return "MAILERS"
}

// usesMailers tells whether the settings configure email with MAILERS
// (Django 6.1+), which replaces EMAIL_BACKEND and the EMAIL_* settings.
func (p *Pass) usesMailers() bool {
	return p.version().AtLeast(6, 1) && p.Settings.IsOverridden("MAILERS")
}

// mailers returns the configured email backends.
func (p *Pass) mailers() []mailer {
	if !p.usesMailers() {
		return []mailer{{backend: p.Setting("EMAIL_BACKEND"), optsKnown: true}}
	}
	keys, vals, ok := dictItems(p.Setting("MAILERS"))
	if !ok {
		return nil
	}
	var out []mailer
	for i, k := range keys {
		alias, ok := k.AsStr()
		if !ok || vals[i].Kind() != pyvalue.KindDict {
			continue
		}
		m := mailer{alias: alias}
		b, found := dictGet(vals[i], "BACKEND")
		switch found {
		case unknown:
			continue
		case no:
			b = pyvalue.Str(smtpEmailBackend) // an entry without BACKEND uses SMTP
		}
		m.backend = b
		opts, found := dictGet(vals[i], "OPTIONS")
		m.hasOpts = found == yes && opts.Kind() == pyvalue.KindDict
		m.optsKnown = found == no || m.hasOpts
		m.opts = opts
		out = append(out, m)
	}
	return out
}

// option returns one of a mailer's SMTP options: the MAILERS entry's
// OPTIONS[key], else the EMAIL_* setting that the backend falls back to.
func (p *Pass) mailerOption(m mailer, key, setting string) (pyvalue.Value, bool) {
	if m.alias != "" {
		if !m.optsKnown {
			return pyvalue.Value{}, false
		}
		if m.hasOpts {
			v, found := dictGet(m.opts, key)
			switch found {
			case unknown:
				return v, false
			case yes:
				return v, !v.IsUnknown()
			}
		}
	}
	v := p.Setting(setting)
	return v, !v.IsUnknown()
}

// isSMTP tells whether a mailer uses Django's SMTP backend.
func (m mailer) isSMTP() tri { return equalsStr(m.backend, smtpEmailBackend) }

// isDevBackend tells whether a backend value names one of Django's
// backends that never deliver mail.
func isDevBackend(v pyvalue.Value) tri {
	s, ok := v.AsStr()
	if !ok {
		return unknown
	}
	for _, b := range devEmailBackends {
		if s == b {
			return yes
		}
	}
	return no
}

// sendsMail tells whether the settings show that the site sends email,
// and whether it sends error reports (ADMINS or MANAGERS set).
func (p *Pass) sendsMail() (sending, reports tri) {
	reports = or3(truthy(p.Setting("ADMINS")), truthy(p.Setting("MANAGERS")))
	sending = or3(reports, p.adminEmailHandler())
	if p.usesMailers() {
		for _, m := range p.mailers() {
			sending = or3(sending, isDevBackend(m.backend).not())
		}
		return sending, reports
	}
	if p.Settings.IsOverridden("EMAIL_BACKEND") {
		sending = or3(sending, isDevBackend(p.Setting("EMAIL_BACKEND")).not())
	}
	if p.Settings.IsOverridden("EMAIL_HOST") {
		h := p.Setting("EMAIL_HOST")
		sending = or3(sending, and3(truthy(h), equalsStr(h, "localhost").not()))
	}
	return sending, reports
}

// adminEmailHandler tells whether LOGGING configures Django's
// AdminEmailHandler (the usual 'mail_admins' handler).
func (p *Pass) adminEmailHandler() tri {
	handlers, found := dictGet(p.Setting("LOGGING"), "handlers")
	if found != yes {
		return found
	}
	_, vals, ok := dictItems(handlers)
	if !ok {
		return unknown
	}
	out := no
	for _, h := range vals {
		cls, found := dictGet(h, "class")
		if found == no {
			continue
		}
		out = or3(out, equalsStr(cls, "django.utils.log.AdminEmailHandler"))
	}
	return out
}

// placeholderMailDomains cannot send mail that providers accept.
var placeholderMailDomains = []string{"localhost", "localhost.localdomain", "example.com", "example.org", "example.net"}

// placeholderMailTLDs are reserved top-level domains (RFC 2606, RFC 6762).
var placeholderMailTLDs = []string{".localhost", ".example", ".invalid", ".test", ".local"}

// senderDomain returns the domain of an address such as
// 'Name <user@example.com>' ("" when there is none).
func senderDomain(addr string) string {
	if i := strings.LastIndexByte(addr, '<'); i >= 0 {
		addr = strings.TrimSuffix(strings.TrimSpace(addr[i+1:]), ">")
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(addr[at+1:])), ".")
}

// placeholderSender tells whether a sender address cannot be delivered
// from: no domain, localhost, or a reserved example domain.
func placeholderSender(addr string) bool {
	d := senderDomain(addr)
	if d == "" {
		return true
	}
	for _, p := range placeholderMailDomains {
		if d == p {
			return true
		}
	}
	for _, t := range placeholderMailTLDs {
		if strings.HasSuffix(d, t) {
			return true
		}
	}
	return false
}

func runEmailSender(p *Pass) {
	sends, reports := p.sendsMail()
	for _, c := range []struct {
		name string
		when tri
		use  string
	}{
		{"DEFAULT_FROM_EMAIL", sends, "password resets and the site's other mail"},
		{"SERVER_EMAIL", reports, "error reports to ADMINS and MANAGERS"},
	} {
		if c.when != yes {
			continue
		}
		st := p.SettingInfo(c.name)
		if st == nil {
			continue
		}
		addr, ok := st.Value.AsStr()
		if !ok || !placeholderSender(addr) {
			continue
		}
		how := "is " + quote(addr)
		if st.Default {
			how = "is left at Django's default " + quote(addr)
		}
		p.reportRedacting(finding.Finding{
			Setting: c.name,
			Message: fmt.Sprintf("%s %s, the sender of %s: mail providers reject or bury mail from such an address, "+
				"so it may never arrive.", c.name, how, c.use),
			Hint: fmt.Sprintf("Set %s to an address of your own domain that your mail provider may send for "+
				"(e.g. 'noreply@yourdomain').", c.name),
		})
	}
}

func runEmailDevBackend(p *Pass) {
	for _, m := range p.mailers() {
		if m.alias == "default" || isDevBackend(m.backend) != yes {
			continue // MAILERS['default'] is Django's mail.E001
		}
		s, _ := m.backend.AsStr()
		p.reportRedacting(finding.Finding{
			Setting: m.setting(),
			Message: fmt.Sprintf("%s is %s, which never delivers mail: password resets, notifications and error "+
				"reports go nowhere.", m.label(), quote(s)),
			Hint: "Use 'django.core.mail.backends.smtp.EmailBackend' or your provider's backend in production; keep " +
				"development backends in the development settings.",
			Env: envOf(m.backend),
		})
	}
}

func runEmailPassword(p *Pass) {
	report := func(setting, label string, v pyvalue.Value) {
		s, ok := v.AsStr()
		if !ok || s == "" || !p.fromSettingsText(v) {
			return
		}
		p.reportRedacting(finding.Finding{
			Setting: setting,
			Message: fmt.Sprintf("%s comes from the settings' own text (%s): anyone with the code can send mail as "+
				"the site.", label, secret.Redact(s)),
			Hint: "Read the credential from the environment or a secrets file with no default, and revoke the one in the code.",
			Env:  envOf(v),
		})
	}
	if p.usesMailers() {
		for _, m := range p.mailers() {
			if !m.hasOpts {
				continue
			}
			if v, found := dictGet(m.opts, "password"); found == yes {
				report("MAILERS", m.label()+"['OPTIONS']['password']", v)
			}
		}
	} else {
		report("EMAIL_HOST_PASSWORD", "EMAIL_HOST_PASSWORD", p.Setting("EMAIL_HOST_PASSWORD"))
	}
	keys, vals, ok := dictItems(p.Setting("ANYMAIL"))
	if !ok {
		return
	}
	for i, k := range keys {
		name, ok := k.AsStr()
		if !ok || !secret.IsSecretName(name) {
			continue
		}
		report("ANYMAIL", "ANYMAIL["+quote(name)+"]", vals[i])
	}
}

// smtpSecurity reads a mailer's host, use_tls and use_ssl; ok is false
// when the mailer is not known to be SMTP or a value cannot be read.
func (p *Pass) smtpSecurity(m mailer) (host string, useTLS, useSSL tri, env []string, ok bool) {
	if m.isSMTP() != yes {
		return "", unknown, unknown, nil, false
	}
	hv, ok1 := p.mailerOption(m, "host", "EMAIL_HOST")
	tv, ok2 := p.mailerOption(m, "use_tls", "EMAIL_USE_TLS")
	sv, ok3 := p.mailerOption(m, "use_ssl", "EMAIL_USE_SSL")
	if !ok1 || !ok2 || !ok3 {
		return "", unknown, unknown, nil, false
	}
	host, isStr := hv.AsStr()
	if !isStr {
		return "", unknown, unknown, nil, false
	}
	return host, truthy(tv), truthy(sv), envOf(m.backend, hv, tv, sv), true
}

func runEmailTLS(p *Pass) {
	for _, m := range p.mailers() {
		host, useTLS, useSSL, env, ok := p.smtpSecurity(m)
		if !ok || hostReach(host) < reachRemote || or3(useTLS, useSSL) != no {
			continue
		}
		who, subject := "The SMTP backend", "EMAIL_USE_TLS and EMAIL_USE_SSL are both off"
		hint := "Set EMAIL_USE_TLS = True (STARTTLS, port 587) or EMAIL_USE_SSL = True (implicit TLS, port 465)."
		setting := "EMAIL_HOST"
		if p.Settings.IsOverridden("EMAIL_USE_TLS") {
			setting = "EMAIL_USE_TLS"
		}
		if m.alias != "" {
			who, subject, setting = m.label(), "neither 'use_tls' nor 'use_ssl' is on", "MAILERS"
			hint = "Set 'use_tls': True (port 587) or 'use_ssl': True (port 465) in the entry's OPTIONS."
		}
		p.reportRedacting(finding.Finding{
			Setting: setting,
			Message: fmt.Sprintf("%s sends mail through %s but %s: the SMTP login and every message cross the "+
				"network in clear text.", who, quote(host), subject),
			Hint: hint,
			Env:  env,
		})
	}
}

func runEmailTLSAndSSL(p *Pass) {
	for _, m := range p.mailers() {
		_, useTLS, useSSL, env, ok := p.smtpSecurity(m)
		if !ok || and3(useTLS, useSSL) != yes {
			continue
		}
		who, setting := "The SMTP backend", "EMAIL_USE_SSL"
		if m.alias != "" {
			who, setting = m.label(), "MAILERS"
		}
		p.reportRedacting(finding.Finding{
			Setting: setting,
			Message: fmt.Sprintf("%s turns on both TLS (STARTTLS) and SSL (implicit TLS): Django's SMTP backend "+
				"raises ValueError on every send, so no mail leaves the site.", who),
			Hint: "Keep only one: TLS for port 587, or SSL for port 465.",
			Env:  env,
		})
	}
}
