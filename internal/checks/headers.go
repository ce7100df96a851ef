package checks

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// Values the Referrer-Policy and Cross-Origin-Opener-Policy headers accept.
var (
	referrerPolicies = []string{"no-referrer", "no-referrer-when-downgrade", "origin",
		"origin-when-cross-origin", "same-origin", "strict-origin",
		"strict-origin-when-cross-origin", "unsafe-url"}
	openerPolicies = []string{"same-origin", "same-origin-allow-popups", "unsafe-none"}
)

// cspNonce is the placeholder Django's CSP.NONCE stands for.
const cspNonce = "<CSP_NONCE_SENTINEL>"

func headerChecks() []*Check {
	return []*Check{
		{
			ID: "security.W001", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `SecurityMiddleware is not in MIDDLEWARE.

django.middleware.security.SecurityMiddleware sends the HSTS, nosniff,
Referrer-Policy and Cross-Origin-Opener-Policy headers and performs the HTTPS
redirect; without it those settings do nothing. Django tests for the exact
dotted path, so a subclass or re-export under another name counts as missing
(and then the checks that depend on the middleware are skipped).

Fix: put 'django.middleware.security.SecurityMiddleware' first in MIDDLEWARE.`,
			Run: func(p *Pass) {
				if p.middlewareLiteral(mwSecurity) != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "MIDDLEWARE",
					Message: "'" + mwSecurity + "' is not in MIDDLEWARE, so the SECURE_* header and redirect settings have no effect.",
					Hint:    "Add '" + mwSecurity + "' at the top of MIDDLEWARE.",
				})
			},
		},
		{
			ID: "security.W002", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `XFrameOptionsMiddleware is not in MIDDLEWARE.

Without django.middleware.clickjacking.XFrameOptionsMiddleware (exact dotted
path) pages carry no X-Frame-Options header, so another site can frame them
and trick users into clicking (clickjacking).

Fix: add the middleware unless the site must be framed by other origins.`,
			Run: func(p *Pass) {
				if p.middlewareLiteral(mwXFrame) != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "MIDDLEWARE",
					Message: "'" + mwXFrame + "' is not in MIDDLEWARE, so pages are sent without an X-Frame-Options header.",
					Hint:    "Add '" + mwXFrame + "' to MIDDLEWARE unless other sites must frame these pages.",
				})
			},
		},
		{
			ID: "security.W006", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `SECURE_CONTENT_TYPE_NOSNIFF is not True` + smNote + `.

Without "X-Content-Type-Options: nosniff" a browser may guess a response's
type and run an uploaded file as script. Only the boolean True passes (the
default since Django 3.0).

Fix: remove the override or set SECURE_CONTENT_TYPE_NOSNIFF = True.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), isTrue(p.Setting("SECURE_CONTENT_TYPE_NOSNIFF")).not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_CONTENT_TYPE_NOSNIFF",
					Message: "SECURE_CONTENT_TYPE_NOSNIFF is not True, so responses lack 'X-Content-Type-Options: nosniff'.",
					Hint:    "Set SECURE_CONTENT_TYPE_NOSNIFF = True (Django's default).",
				})
			},
		},
		{
			ID: "security.W019", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `X_FRAME_OPTIONS is not 'DENY' while XFrameOptionsMiddleware is used.

The comparison is exact and case-sensitive: 'SAMEORIGIN' and 'deny' both
fire. 'DENY' has been the default since Django 3.0.

Fix: use 'DENY' unless the site frames its own pages.`,
			Run: func(p *Pass) {
				v := p.Setting("X_FRAME_OPTIONS")
				if and3(p.middlewareLiteral(mwXFrame), equalsStr(v, "DENY").not()) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "X_FRAME_OPTIONS",
					Message: fmt.Sprintf("X_FRAME_OPTIONS is %s, not 'DENY', so the site's pages may be framed.", pyvalue.Repr(v)),
					Hint:    "Set X_FRAME_OPTIONS = 'DENY' unless the site needs to frame its own pages.",
				})
			},
		},
		{
			ID: "security.W022", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `SECURE_REFERRER_POLICY is None` + smNote + `.

With the policy set to None no Referrer-Policy header is sent, and browsers
leak full URLs (including query strings) to other sites. The default has been
'same-origin' since Django 3.1, so this fires only when a project sets None.

Fix: set a policy such as 'same-origin' or 'strict-origin-when-cross-origin'.`,
			Run: func(p *Pass) {
				if and3(p.middlewareLiteral(mwSecurity), isNone(p.Setting("SECURE_REFERRER_POLICY"))) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SECURE_REFERRER_POLICY",
					Message: "SECURE_REFERRER_POLICY is None, so no Referrer-Policy header is sent and full URLs leak to other sites.",
					Hint:    "Set SECURE_REFERRER_POLICY = 'same-origin' (Django's default) or another policy.",
				})
			},
		},
		{
			ID: "security.E023", Topic: finding.TopicSecurityHeaders, Severity: finding.Error,
			Django: true, DeployOnly: true,
			Doc: `SECURE_REFERRER_POLICY holds an invalid value` + smNote + `.

A string is split on commas and each part stripped; any other iterable is
taken element by element. Every part must be one of no-referrer,
no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin,
strict-origin, strict-origin-when-cross-origin or unsafe-url, matched
case-sensitively. An empty string is invalid.

Fix: use one of those tokens, or a comma-separated fallback list of them.`,
			Run: runReferrerPolicy,
		},
		{
			ID: "security.E024", Topic: finding.TopicSecurityHeaders, Severity: finding.Error,
			Django: true, DeployOnly: true,
			Doc: `SECURE_CROSS_ORIGIN_OPENER_POLICY holds an invalid value (Django 4.0+)` + smNote + `.

The value must be None or exactly one of same-origin,
same-origin-allow-popups or unsafe-none (case-sensitive).

Fix: use one of those values, or None to send no header.`,
			Run: runOpenerPolicy,
		},
		{
			ID: "security.E026", Topic: finding.TopicSecurityHeaders, Severity: finding.Error,
			Django: true,
			Doc: `SECURE_CSP or SECURE_CSP_REPORT_ONLY is not a dict (Django 6.0+).

Django's Content-Security-Policy support reads each setting as a mapping of
directive to sources. Any value other than None or a dict (a list, a string,
False, an empty list...) is an error, reported once per setting. This check
runs with plain "manage.py check" too.

Fix: use a dict such as {"default-src": [CSP.SELF]}, or {} / None to send no
policy.`,
			Run: func(p *Pass) {
				if !p.version().AtLeast(6, 0) {
					return
				}
				for _, name := range []string{"SECURE_CSP", "SECURE_CSP_REPORT_ONLY"} {
					v, ok := p.lookup(name)
					if !ok || v.IsUnknown() || v.IsNone() || v.Kind() == pyvalue.KindDict || v.Kind() == pyvalue.KindObject {
						continue
					}
					p.Report(finding.Finding{
						Setting: name,
						Message: fmt.Sprintf("%s must be a dict of CSP directives, not %s.", name, pyvalue.Repr(v)),
						Hint:    "Use a dict mapping directives to sources, or {} to send no policy.",
					})
				}
			},
		},
		{
			ID: "security.W027", Topic: finding.TopicSecurityHeaders, Severity: finding.Warning,
			Django: true,
			Doc: `A CSP nonce is configured but templates cannot use it (Django 6.1+).

When ContentSecurityPolicyMiddleware (exact dotted path) is in MIDDLEWARE and
a directive of SECURE_CSP or SECURE_CSP_REPORT_ONLY uses CSP.NONCE, the nonce
only reaches templates through the context processor
'django.template.context_processors.csp'. If no TEMPLATES entry lists it,
scripts carrying the nonce cannot be written and the policy blocks them.
This check runs with plain "manage.py check" too.

Fix: add 'django.template.context_processors.csp' to the template engine's
context_processors.`,
			Run: runCSPNonce,
		},
	}
}

// pyIsSpace is Python's str.isspace for one character.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

func runReferrerPolicy(p *Pass) {
	if p.middlewareLiteral(mwSecurity) != yes {
		return
	}
	v := p.Setting("SECURE_REFERRER_POLICY")
	if isNone(v) != no {
		return
	}
	valid := map[string]bool{}
	for _, r := range referrerPolicies {
		valid[r] = true
	}
	var bad []string
	if s, ok := v.AsStr(); ok {
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimFunc(part, pyIsSpace)
			if !valid[part] {
				bad = append(bad, pyvalue.QuoteStr(part))
			}
		}
	} else {
		if v.Kind() == pyvalue.KindObject {
			return
		}
		elems, ok := iterElems(v)
		if !ok {
			return // set() of a non-iterable raises: a crash, not a finding
		}
		for _, e := range elems {
			if e.IsUnknown() {
				return
			}
			if _, hashable := pyvalue.HashKey(e); !hashable {
				return // set() raises TypeError
			}
			if s, ok := e.AsStr(); !ok || !valid[s] {
				bad = append(bad, pyvalue.Repr(e))
			}
		}
	}
	if len(bad) == 0 {
		return
	}
	p.Report(finding.Finding{
		Setting: "SECURE_REFERRER_POLICY",
		Message: fmt.Sprintf("SECURE_REFERRER_POLICY has values browsers do not know: %s.", strings.Join(bad, ", ")),
		Hint:    "Valid values: " + strings.Join(sorted(referrerPolicies), ", ") + ".",
	})
}

func runOpenerPolicy(p *Pass) {
	if !p.version().AtLeast(4, 0) || p.middlewareLiteral(mwSecurity) != yes {
		return
	}
	v := p.Setting("SECURE_CROSS_ORIGIN_OPENER_POLICY")
	if isNone(v) != no || v.Kind() == pyvalue.KindObject {
		return
	}
	if _, hashable := pyvalue.HashKey(v); !hashable {
		return // `in` on a set raises TypeError for a list or dict
	}
	if s, ok := v.AsStr(); ok {
		for _, o := range openerPolicies {
			if s == o {
				return
			}
		}
	}
	p.Report(finding.Finding{
		Setting: "SECURE_CROSS_ORIGIN_OPENER_POLICY",
		Message: fmt.Sprintf("SECURE_CROSS_ORIGIN_OPENER_POLICY is %s, which is not a Cross-Origin-Opener-Policy value.", pyvalue.Repr(v)),
		Hint:    "Valid values: " + strings.Join(sorted(openerPolicies), ", ") + " (or None for no header).",
	})
}

func runCSPNonce(p *Pass) {
	if !p.version().AtLeast(6, 1) || p.middlewareLiteral(mwCSP) != yes {
		return
	}
	uses := no
	for _, name := range []string{"SECURE_CSP", "SECURE_CSP_REPORT_ONLY"} {
		v, ok := p.lookup(name)
		if !ok {
			continue
		}
		uses = or3(uses, usesNonce(v))
	}
	if uses != yes {
		return
	}
	confs, ok := p.Setting("TEMPLATES").Elems()
	if !ok {
		return
	}
	for _, conf := range confs {
		if conf.Kind() != pyvalue.KindDict {
			if conf.IsUnknown() || conf.Kind() == pyvalue.KindObject {
				return
			}
			continue
		}
		cps, found := templateOption(conf, "context_processors")
		switch found {
		case unknown:
			return
		case no:
			continue
		}
		if contains(cps, "django.template.context_processors.csp") != no {
			return
		}
	}
	p.Report(finding.Finding{
		Setting: "TEMPLATES",
		Message: "The CSP settings use CSP.NONCE, but no template engine has the 'django.template.context_processors.csp' context processor, so templates cannot emit the nonce.",
		Hint:    "Add 'django.template.context_processors.csp' to OPTIONS['context_processors'] of the template engine.",
	})
}

// usesNonce tells whether a CSP setting is a dict with a directive whose
// value is CSP.NONCE or contains it.
func usesNonce(v pyvalue.Value) tri {
	if v.IsUnknown() || v.Kind() == pyvalue.KindObject {
		return unknown
	}
	_, vals, ok := dictItems(v)
	if !ok {
		return no
	}
	out := no
	for _, d := range vals {
		switch {
		case d.IsUnknown():
			out = unknown
		case equalsStr(d, cspNonce) == yes:
			return yes
		default:
			switch d.Kind() {
			case pyvalue.KindStr, pyvalue.KindList, pyvalue.KindTuple, pyvalue.KindDict, pyvalue.KindSet, pyvalue.KindFrozenSet:
				out = or3(out, contains(d, cspNonce))
			case pyvalue.KindObject:
				out = or3(out, unknown)
			}
		}
	}
	return out
}

func sorted(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
