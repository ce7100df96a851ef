package checks

import (
	"fmt"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

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

// cookieKind describes one of the two cookies Django sets for security:
// the session cookie and the CSRF cookie.
type cookieKind struct {
	topic finding.Topic
	// prefix starts the names of the cookie's settings ("SESSION" gives
	// SESSION_COOKIE_SECURE...).
	prefix string
	// label names the cookie in messages.
	label string
	// lost says what breaks when browsers drop the cookie.
	lost string
	// failing says which responses fail when Django cannot set it.
	failing string
	// inUse tells whether Django sets the cookie at all.
	inUse func(*Pass) tri
}

// cookieKinds are the session and CSRF cookies.
var cookieKinds = []cookieKind{
	{
		topic: finding.TopicSessionCookieSecure, prefix: "SESSION", label: "session cookie",
		lost:    "nobody can stay logged in, because the session cookie never comes back",
		failing: "responses that start or update a session, such as the login, fail with a server error",
		inUse: func(p *Pass) tri {
			return p.containsSubclass(p.Setting("MIDDLEWARE"), mwSession)
		},
	},
	{
		topic: finding.TopicCSRFCookieSecure, prefix: "CSRF", label: "CSRF cookie",
		lost:    "every form post is refused with 403 CSRF verification failed, because the CSRF cookie never comes back",
		failing: "every page that hands out a CSRF token, such as any page with a form, fails with a server error",
		inUse: func(p *Pass) tri {
			return truthy(p.Setting("CSRF_USE_SESSIONS")).not()
		},
	},
}

// setting names one of the cookie's settings: setting("SECURE") is
// SESSION_COOKIE_SECURE for the session cookie.
func (k cookieKind) setting(suffix string) string { return k.prefix + "_COOKIE_" + suffix }

// cookiesChecklist returns deploycheck's own checks of the two cookie
// topics (csrf_cookie_secure and session_cookie_secure).
func cookiesChecklist() []*Check {
	var out []*Check
	for _, k := range cookieKinds {
		out = append(out,
			&Check{
				ID: "dc." + string(k.topic) + ".samesite-none", Topic: k.topic, Severity: finding.Error,
				Doc: reflowDoc(fmt.Sprintf(`%[1]s is 'None' but %[2]s is off.

SameSite=None lets browsers send the %[3]s with cross-site requests, and
browsers accept such a cookie only when it is also marked Secure: without
%[2]s they drop it, so %[4]s. Django's own check on %[2]s warns that the
cookie may travel over plain HTTP; here the cookie does not work at all.

Fix: set %[2]s = True (the site must be served over HTTPS), or use
%[1]s = 'Lax' unless the cookie really must be sent cross-site.`,
					k.setting("SAMESITE"), k.setting("SECURE"), k.label, k.lost)),
				Run: func(p *Pass) { runSameSiteNone(p, k) },
			},
			&Check{
				ID: "dc." + string(k.topic) + ".samesite-invalid", Topic: k.topic, Severity: finding.Error,
				Doc: reflowDoc(fmt.Sprintf(`%[1]s is not one of 'Lax', 'Strict', 'None' or a
false value.

Django checks the value each time it sets the %[2]s and raises ValueError
for anything else (or AttributeError for a value that is not a string),
so %[3]s. Django's system checks do not look at the setting.

Fix: set %[1]s to 'Lax' (Django's default), 'Strict' or 'None'.`,
					k.setting("SAMESITE"), k.label, k.failing)),
				Run: func(p *Pass) { runSameSiteInvalid(p, k) },
			},
			&Check{
				ID: "dc." + string(k.topic) + ".prefix", Topic: k.topic, Severity: finding.Error,
				Doc: reflowDoc(fmt.Sprintf(`%[1]s starts with __Secure- or __Host-, but the cookie
does not meet the prefix's rules.

Browsers accept a cookie named __Secure-... only when it is marked Secure,
and one named __Host-... only when it is also set for the path / and
without a Domain attribute. The prefixes are a good hardening (an
attacker on plain HTTP or on a sibling subdomain cannot plant or overwrite
such a cookie), and deploycheck reports nothing when the rules are met;
when they are not, browsers drop the cookie and %[2]s.

Fix: keep the prefix and set %[3]s = True (and, for __Host-, leave
%[4]s = '/' and %[5]s = None), or drop the prefix.`,
					k.setting("NAME"), k.lost, k.setting("SECURE"), k.setting("PATH"), k.setting("DOMAIN"))),
				Run: func(p *Pass) { runCookiePrefix(p, k) },
			},
		)
	}
	return out
}

// cookieSecure is the Secure attribute Django gives the cookie: the
// setting's truthiness.
func (k cookieKind) secure(p *Pass) tri { return truthy(p.Setting(k.setting("SECURE"))) }

func runSameSiteNone(p *Pass, k cookieKind) {
	if k.inUse(p) != yes {
		return
	}
	samesite := p.Setting(k.setting("SAMESITE"))
	s, ok := samesite.AsStr()
	if !ok || !strings.EqualFold(s, "none") || k.secure(p) != no {
		return
	}
	p.Report(finding.Finding{
		Setting: k.setting("SAMESITE"),
		Message: fmt.Sprintf("%s is %s but %s is off: browsers refuse a SameSite=None cookie that is not Secure, so %s.",
			k.setting("SAMESITE"), pyvalue.Repr(samesite), k.setting("SECURE"), k.lost),
		Hint: fmt.Sprintf("Set %s = True (with the site on HTTPS), or use %s = 'Lax' unless the cookie must go cross-site.",
			k.setting("SECURE"), k.setting("SAMESITE")),
	})
}

func runSameSiteInvalid(p *Pass, k cookieKind) {
	if k.inUse(p) != yes {
		return
	}
	samesite := p.Setting(k.setting("SAMESITE"))
	if truthy(samesite) != yes {
		return
	}
	if s, ok := samesite.AsStr(); ok {
		switch strings.ToLower(s) {
		case "lax", "strict", "none":
			return
		}
	} else if samesite.IsUnknown() {
		return
	}
	p.Report(finding.Finding{
		Setting: k.setting("SAMESITE"),
		Message: fmt.Sprintf("%s is %s, which is not 'Lax', 'Strict' or 'None': Django raises an error each time it sets "+
			"the %s, so %s.", k.setting("SAMESITE"), pyvalue.Repr(samesite), k.label, k.failing),
		Hint: fmt.Sprintf("Set %s to 'Lax' (Django's default), 'Strict' or 'None'.", k.setting("SAMESITE")),
	})
}

func runCookiePrefix(p *Pass, k cookieKind) {
	if k.inUse(p) != yes {
		return
	}
	nameValue := p.Setting(k.setting("NAME"))
	name, ok := nameValue.AsStr()
	if !ok {
		return
	}
	lower := strings.ToLower(name)
	host := strings.HasPrefix(lower, "__host-")
	if !host && !strings.HasPrefix(lower, "__secure-") {
		return
	}
	var broken []string
	switch k.secure(p) {
	case unknown:
		return
	case no:
		broken = append(broken, fmt.Sprintf("%s is off", k.setting("SECURE")))
	}
	if host {
		path := p.Setting(k.setting("PATH"))
		switch equalsStr(path, "/") {
		case unknown:
			return
		case no:
			broken = append(broken, fmt.Sprintf("%s is %s, not '/'", k.setting("PATH"), pyvalue.Repr(path)))
		}
		domain := p.Setting(k.setting("DOMAIN"))
		switch truthy(domain) {
		case unknown:
			return
		case yes:
			broken = append(broken, fmt.Sprintf("%s is %s, so the cookie carries a Domain attribute", k.setting("DOMAIN"), pyvalue.Repr(domain)))
		}
	}
	if len(broken) == 0 {
		return
	}
	rule := "__Secure- cookies must be Secure"
	hint := fmt.Sprintf("Keep the name with %s = True, or drop the prefix.", k.setting("SECURE"))
	if host {
		rule = "__Host- cookies must be Secure, set for the path / and carry no Domain"
		hint = fmt.Sprintf("Keep the name with %s = True, %s = '/' and %s = None, or drop the prefix.",
			k.setting("SECURE"), k.setting("PATH"), k.setting("DOMAIN"))
	}
	p.Report(finding.Finding{
		Setting: k.setting("NAME"),
		Message: fmt.Sprintf("The %s is named %s, and %s, but %s. Browsers drop the cookie, so %s.",
			k.label, pyvalue.Repr(nameValue), rule, strings.Join(broken, "; "), k.lost),
		Hint: hint,
	})
}

// reflowDoc wraps each paragraph of a Doc to 76 columns, for docs whose
// text is filled in from templates.
func reflowDoc(doc string) string {
	paras := strings.Split(doc, "\n\n")
	for i, para := range paras {
		var b strings.Builder
		width := 0
		for _, w := range strings.Fields(para) {
			switch {
			case width == 0:
			case width+1+len(w) > 76:
				b.WriteByte('\n')
				width = 0
			default:
				b.WriteByte(' ')
				width++
			}
			b.WriteString(w)
			width += len(w)
		}
		paras[i] = b.String()
	}
	return strings.Join(paras, "\n\n")
}
