package checks

import "github.com/deploycheck/deploycheck/internal/finding"

// flagSet is the test Django applies to a cookie flag: `is True` since
// 4.1, plain truthiness before.
func (p *Pass) flagSet(name string) tri {
	v := p.Setting(name)
	if p.version().AtLeast(4, 1) {
		return isTrue(v)
	}
	return truthy(v)
}

// sessionCookieVariant decides which of Django's three session-cookie
// warnings applies when flag is not set: "app" (sessions app listed),
// "middleware" (SessionMiddleware listed) or "both". It returns "" when
// none applies or the answer is not known.
func (p *Pass) sessionCookieVariant(flag string) string {
	if p.flagSet(flag) != no {
		return ""
	}
	app := p.appLiteral(appSessions)
	mw := p.middlewareLiteral(mwSession)
	switch {
	case app == unknown || mw == unknown:
		return ""
	case app == yes && mw == yes:
		return "both"
	case app == yes:
		return "app"
	case mw == yes:
		return "middleware"
	}
	return ""
}

// sessionCheck builds one of the six session-cookie checks.
func sessionCheck(id, flag, variant, doc, msg, hint string) *Check {
	return &Check{
		ID: id, Topic: finding.TopicSessionCookieSecure, Severity: finding.Warning,
		Django: true, DeployOnly: true, Doc: doc,
		Run: func(p *Pass) {
			if p.sessionCookieVariant(flag) != variant {
				return
			}
			p.Report(finding.Finding{Setting: flag, Message: msg, Hint: hint})
		},
	}
}

const sessionVariantsDoc = `

Django reports one of three ids: the first when the literal
'django.contrib.sessions' is in INSTALLED_APPS (an AppConfig path does not
count) but SessionMiddleware is not in MIDDLEWARE, the second when the
middleware is listed but not the app, the third (instead of both) when both
are. Since Django 4.1 only the boolean True passes; 3.2 accepted any truthy
value.`

func cookieChecks() []*Check {
	secureDoc := `The session cookie is not marked Secure.

Without SESSION_COOKIE_SECURE = True the browser also sends the session
cookie over plain HTTP, where anyone on the network can copy it and take
over the session.` + sessionVariantsDoc + `

Fix: set SESSION_COOKIE_SECURE = True (the site must be HTTPS-only).`
	httponlyDoc := `The session cookie is readable by JavaScript.

Without SESSION_COOKIE_HTTPONLY = True (Django's default) any script on the
page, including one injected through a cross-site scripting hole, can read
the session cookie.` + sessionVariantsDoc + `

Fix: remove the override or set SESSION_COOKIE_HTTPONLY = True.`
	secureMsg := "SESSION_COOKIE_SECURE is not True, so the session cookie is also sent over plain HTTP where it can be stolen."
	secureHint := "Set SESSION_COOKIE_SECURE = True."
	httponlyMsg := "SESSION_COOKIE_HTTPONLY is not True, so scripts on the page can read the session cookie."
	httponlyHint := "Set SESSION_COOKIE_HTTPONLY = True (Django's default)."
	return []*Check{
		sessionCheck("security.W010", "SESSION_COOKIE_SECURE", "app", secureDoc,
			"The sessions app is installed but "+secureMsg, secureHint),
		sessionCheck("security.W011", "SESSION_COOKIE_SECURE", "middleware", secureDoc,
			"SessionMiddleware is in use but "+secureMsg, secureHint),
		sessionCheck("security.W012", "SESSION_COOKIE_SECURE", "both", secureDoc, secureMsg, secureHint),
		sessionCheck("security.W013", "SESSION_COOKIE_HTTPONLY", "app", httponlyDoc,
			"The sessions app is installed but "+httponlyMsg, httponlyHint),
		sessionCheck("security.W014", "SESSION_COOKIE_HTTPONLY", "middleware", httponlyDoc,
			"SessionMiddleware is in use but "+httponlyMsg, httponlyHint),
		sessionCheck("security.W015", "SESSION_COOKIE_HTTPONLY", "both", httponlyDoc, httponlyMsg, httponlyHint),
		{
			ID: "security.W003", Topic: finding.TopicCSRFCookieSecure, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `CsrfViewMiddleware is not in MIDDLEWARE.

Without django.middleware.csrf.CsrfViewMiddleware (exact dotted path), forms
are not protected against cross-site request forgery unless every view is
decorated by hand.

Fix: add the middleware to MIDDLEWARE.`,
			Run: func(p *Pass) {
				if p.middlewareLiteral(mwCSRF) != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "MIDDLEWARE",
					Message: "'" + mwCSRF + "' is not in MIDDLEWARE, so views get no cross-site request forgery protection.",
					Hint:    "Add '" + mwCSRF + "' to MIDDLEWARE.",
				})
			},
		},
		{
			ID: "security.W016", Topic: finding.TopicCSRFCookieSecure, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `The CSRF cookie is not marked Secure.

When CsrfViewMiddleware is in MIDDLEWARE and the token lives in a cookie
(CSRF_USE_SESSIONS falsy), CSRF_COOKIE_SECURE must be True (Django 4.1+;
3.2 accepted any truthy value), otherwise the token travels over plain HTTP.

Fix: set CSRF_COOKIE_SECURE = True.`,
			Run: func(p *Pass) {
				pass := or3(truthy(p.Setting("CSRF_USE_SESSIONS")), p.middlewareLiteral(mwCSRF).not(), p.flagSet("CSRF_COOKIE_SECURE"))
				if pass != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "CSRF_COOKIE_SECURE",
					Message: "CSRF_COOKIE_SECURE is not True, so the CSRF cookie is also sent over plain HTTP.",
					Hint:    "Set CSRF_COOKIE_SECURE = True.",
				})
			},
		},
	}
}

// cookiesChecklist returns deploycheck's own checks of this checklist topic.
func cookiesChecklist() []*Check {
	return nil
}
