package checks

import (
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// DjangoChecks returns, freshly built, every check that reproduces one of
// Django's own system checks that `manage.py check --deploy` runs and that
// can be decided from settings (and, for a few, the project's files).
func DjangoChecks() []*Check {
	var out []*Check
	for _, group := range [][]*Check{
		secretKeyChecks(),
		debugChecks(),
		hostsChecks(),
		httpsChecks(),
		headerChecks(),
		cookieChecks(),
		csrfChecks(),
		cacheChecks(),
		staticChecks(),
		templateChecks(),
		adminChecks(),
		emailChecks(),
		systemChecks(),
		asyncChecks(),
	} {
		out = append(out, group...)
	}
	return out
}

// DjangoIDs returns the sorted, de-duplicated ids of the Django findings
// that SILENCED_SYSTEM_CHECKS does not silence, and how many Django
// findings it silences (each finding counts, as Django counts messages):
// the `ids` and `silenced` of the oracle corpus's expected.json.
func DjangoIDs(fs []finding.Finding) (ids []string, silenced int) {
	seen := map[string]bool{}
	for _, f := range fs {
		if !f.Django {
			continue
		}
		if f.Silenced {
			silenced++
			continue
		}
		if !seen[f.ID] {
			seen[f.ID] = true
			ids = append(ids, f.ID)
		}
	}
	sort.Strings(ids)
	return ids, silenced
}

// Dotted paths Django's checks look for.
const (
	mwSecurity      = "django.middleware.security.SecurityMiddleware"
	mwXFrame        = "django.middleware.clickjacking.XFrameOptionsMiddleware"
	mwCSRF          = "django.middleware.csrf.CsrfViewMiddleware"
	mwSession       = "django.contrib.sessions.middleware.SessionMiddleware"
	mwAuth          = "django.contrib.auth.middleware.AuthenticationMiddleware"
	mwMessage       = "django.contrib.messages.middleware.MessageMiddleware"
	mwLoginRequired = "django.contrib.auth.middleware.LoginRequiredMiddleware"
	mwCSP           = "django.middleware.csp.ContentSecurityPolicyMiddleware"

	appAdmin        = "django.contrib.admin"
	appAuth         = "django.contrib.auth"
	appContentTypes = "django.contrib.contenttypes"
	appSessions     = "django.contrib.sessions"
	appMessages     = "django.contrib.messages"
	appStaticFiles  = "django.contrib.staticfiles"
	appSites        = "django.contrib.sites"

	backendDjangoTemplates = "django.template.backends.django.DjangoTemplates"
)

// version is the Django version the settings are judged for.
func (p *Pass) version() settings.Version { return p.Settings.Version }

// lookup returns a setting's value (the project's or Django's default)
// and whether it exists at all; Django raises AttributeError for a
// setting that is in neither.
func (p *Pass) lookup(name string) (pyvalue.Value, bool) {
	st := p.SettingInfo(name)
	if st == nil {
		return pyvalue.Value{}, false
	}
	return st.Value, true
}

// middlewareLiteral is the security checks' test: the exact dotted path
// is in MIDDLEWARE (Python's `in`, so a subclass does not count).
func (p *Pass) middlewareLiteral(path string) tri {
	return contains(p.Setting("MIDDLEWARE"), path)
}

// appLiteral is the security checks' test: the exact string is in
// INSTALLED_APPS (an AppConfig path does not count).
func (p *Pass) appLiteral(name string) tri {
	return contains(p.Setting("INSTALLED_APPS"), name)
}

// appInstalled is Django's apps.is_installed(name): some entry of
// INSTALLED_APPS installs the app called name.
func (p *Pass) appInstalled(name string) tri {
	return appInstalledIn(p.Setting("INSTALLED_APPS"), name)
}

// appInstalledIn is appInstalled over a given INSTALLED_APPS value.
func appInstalledIn(apps pyvalue.Value, name string) tri {
	installed, known := settings.AppInstalled(apps, name)
	if installed {
		return yes
	}
	return triOf(false, known)
}

// notSubclasses lists well-known third-party middleware and
// authentication backends that do not derive from the Django classes the
// admin and auth checks look for.
var notSubclasses = map[string]bool{
	"whitenoise.middleware.WhiteNoiseMiddleware":               true,
	"corsheaders.middleware.CorsMiddleware":                    true,
	"debug_toolbar.middleware.DebugToolbarMiddleware":          true,
	"allauth.account.middleware.AccountMiddleware":             true,
	"csp.middleware.CSPMiddleware":                             true,
	"django_htmx.middleware.HtmxMiddleware":                    true,
	"simple_history.middleware.HistoryRequestMiddleware":       true,
	"django_otp.middleware.OTPMiddleware":                      true,
	"axes.middleware.AxesMiddleware":                           true,
	"django_browser_reload.middleware.BrowserReloadMiddleware": true,
	"silk.middleware.SilkyMiddleware":                          true,
	"csp.contrib.rate_limiting.RateLimitedCSPMiddleware":       true,
	"django_prometheus.middleware.PrometheusBeforeMiddleware":  true,
	"django_prometheus.middleware.PrometheusAfterMiddleware":   true,
	"hijack.middleware.HijackUserMiddleware":                   true,
	"waffle.middleware.WaffleMiddleware":                       true,
	"social_django.middleware.SocialAuthExceptionMiddleware":   true,
	"oauth2_provider.middleware.OAuth2TokenMiddleware":         true,
	"guardian.backends.ObjectPermissionBackend":                true,
}

// subclassOf tells whether a dotted path names cls or a subclass of it, as
// far as can be told without importing: Django's own classes are known,
// a few popular third-party ones are known not to be, the rest could be.
func subclassOf(entry pyvalue.Value, cls string, djangoSubclasses ...string) tri {
	s, ok := entry.AsStr()
	if !ok {
		return unknown
	}
	if s == cls {
		return yes
	}
	for _, sub := range djangoSubclasses {
		if s == sub {
			return yes
		}
	}
	if strings.HasPrefix(s, "django.") || notSubclasses[s] {
		return no
	}
	return unknown
}

// subclassOf is subclassOf, also following classes defined in the
// project to the classes outside it that they derive from.
func (p *Pass) subclassOf(entry pyvalue.Value, cls string, djangoSubclasses ...string) tri {
	r := subclassOf(entry, cls, djangoSubclasses...)
	if r != unknown || p.Code == nil {
		return r
	}
	path, ok := entry.AsStr()
	if !ok {
		return unknown
	}
	ancestors, known := p.Code.Ancestors(path)
	if !known {
		return unknown
	}
	out := no
	for _, a := range ancestors {
		switch subclassOf(pyvalue.Str(a), cls, djangoSubclasses...) {
		case yes:
			return yes
		case unknown:
			out = unknown
		}
	}
	return out
}

// containsSubclass is containsSubclass, also following project classes.
func (p *Pass) containsSubclass(list pyvalue.Value, cls string, djangoSubclasses ...string) tri {
	elems, ok := list.Elems()
	if !ok {
		return unknown
	}
	out := no
	for _, e := range elems {
		switch p.subclassOf(e, cls, djangoSubclasses...) {
		case yes:
			return yes
		case unknown:
			out = unknown
		}
	}
	return out
}

// containsSubclass is the admin checks' test: some entry of list is cls or
// a subclass of it.
func containsSubclass(list pyvalue.Value, cls string, djangoSubclasses ...string) tri {
	elems, ok := list.Elems()
	if !ok {
		return unknown
	}
	out := no
	for _, e := range elems {
		switch subclassOf(e, cls, djangoSubclasses...) {
		case yes:
			return yes
		case unknown:
			out = unknown
		}
	}
	return out
}

// templateConfs returns TEMPLATES as a list of dicts; ok is false when it
// is not a list or tuple of known dicts.
func templateConfs(v pyvalue.Value) ([]pyvalue.Value, bool) {
	elems, ok := v.Elems()
	if !ok {
		return nil, false
	}
	for _, e := range elems {
		if e.Kind() != pyvalue.KindDict {
			return nil, false
		}
	}
	return elems, true
}

// isDjangoTemplates tells whether a TEMPLATES entry's BACKEND is Django's
// template engine (or a subclass).
func isDjangoTemplates(conf pyvalue.Value) tri {
	b, found := dictGet(conf, "BACKEND")
	if found != yes {
		return unknown
	}
	return subclassOf(b, backendDjangoTemplates)
}

// templateOption returns OPTIONS[key] of a TEMPLATES entry; found is no
// when OPTIONS or the key is absent.
func templateOption(conf pyvalue.Value, key string) (pyvalue.Value, tri) {
	opts, found := dictGet(conf, "OPTIONS")
	switch found {
	case no:
		return pyvalue.Value{}, no
	case unknown:
		return pyvalue.Value{}, unknown
	}
	if opts.Kind() != pyvalue.KindDict {
		return pyvalue.Value{}, unknown
	}
	return dictGet(opts, key)
}
