package checks

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// checkCase runs every Django check over hardened settings changed by over
// (or over alone when empty is set) and counts the findings with id.
type checkCase struct {
	id    string
	v     string
	over  map[string]string
	extra map[string]pyvalue.Value
	empty bool
	noFS  bool
	code  CodeResolver
	want  int
}

// fakeCode answers CodeResolver questions from tables.
type fakeCode struct {
	params map[string][]Param
}

func (f fakeCode) Ancestors(string) ([]string, bool) { return nil, false }

func (f fakeCode) Params(dotted string) ([]Param, bool, bool) {
	p, ok := f.params[dotted]
	return p, ok, true
}

var viewsCode = fakeCode{params: map[string][]Param{
	"mysite.views.csrf_failure": {{Name: "request", Kind: "positional_or_keyword"},
		{Name: "reason", Kind: "positional_or_keyword", HasDefault: true}},
	"mysite.views.bad_csrf_failure": {{Name: "request", Kind: "positional_or_keyword"}},
	"mysite.views.kw_csrf_failure":  {{Name: "request", Kind: "positional_or_keyword"}, {Name: "kw", Kind: "var_keyword"}},
	"mysite.views.extra_required": {{Name: "request", Kind: "positional_or_keyword"},
		{Name: "reason", Kind: "keyword_only"}, {Name: "template", Kind: "keyword_only"}},
}}

func (c checkCase) run(t *testing.T) []finding.Finding {
	t.Helper()
	base := hardened
	if c.empty {
		base = nil
	}
	v := c.v
	if v == "" {
		v = "5.2.18"
	}
	s := build(t, v, base, c.over, c.extra)
	var fsys fs.FS
	if !c.noFS {
		fsys = testFS()
	}
	return Run(DjangoChecks(), s, fsys, testRoot, c.code)
}

const mwNoSecurity = `['django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.csrf.CsrfViewMiddleware',
	'django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.messages.middleware.MessageMiddleware',
	'django.middleware.clickjacking.XFrameOptionsMiddleware']`

const appsNoSessions = `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes',
	'django.contrib.messages', 'django.contrib.staticfiles']`

const mwNoSession = `['django.middleware.security.SecurityMiddleware', 'django.middleware.csrf.CsrfViewMiddleware',
	'django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.messages.middleware.MessageMiddleware',
	'django.middleware.clickjacking.XFrameOptionsMiddleware']`

func templatesWith(options string) string {
	return `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'APP_DIRS': True, 'OPTIONS': ` + options + `}]`
}

const allCPs = `'context_processors': ['django.template.context_processors.request',
	'django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']`

const fileCache = `'django.core.cache.backends.filebased.FileBasedCache'`

var checkCases = []checkCase{
	{id: "security.W001", over: map[string]string{"MIDDLEWARE": mwNoSecurity}, want: 1},
	{id: "security.W001", want: 0},
	{id: "security.W001", over: map[string]string{"MIDDLEWARE": `['myproject.middleware.MySecurityMiddleware']`}, want: 1},
	{id: "security.W001", over: map[string]string{"MIDDLEWARE": `?`}, want: 0},
	{id: "security.W001", over: map[string]string{"MIDDLEWARE": `[?]`}, want: 0},
	{id: "security.W002", over: map[string]string{"MIDDLEWARE": `['django.middleware.security.SecurityMiddleware']`}, want: 1},
	{id: "security.W002", want: 0},
	{id: "security.W003", over: map[string]string{"MIDDLEWARE": `['django.middleware.security.SecurityMiddleware']`}, want: 1},
	{id: "security.W003", want: 0},
	{id: "security.W004", over: map[string]string{"SECURE_HSTS_SECONDS": `0`}, want: 1},
	{id: "security.W004", over: map[string]string{"SECURE_HSTS_SECONDS": `0`, "MIDDLEWARE": mwNoSecurity}, want: 0},
	{id: "security.W004", over: map[string]string{"SECURE_HSTS_SECONDS": `?`}, want: 0},
	{id: "security.W005", over: map[string]string{"SECURE_HSTS_INCLUDE_SUBDOMAINS": `1`}, want: 1},
	{id: "security.W005", over: map[string]string{"SECURE_HSTS_INCLUDE_SUBDOMAINS": `1`, "SECURE_HSTS_SECONDS": `0`}, want: 0},
	{id: "security.W006", over: map[string]string{"SECURE_CONTENT_TYPE_NOSNIFF": `False`}, want: 1},
	{id: "security.W006", want: 0},
	{id: "security.W008", over: map[string]string{"SECURE_SSL_REDIRECT": `'True'`}, want: 1},
	{id: "security.W008", want: 0},
	{id: "security.W009", over: map[string]string{"SECRET_KEY": `'` + strings.Repeat("abcd", 20) + `'`}, want: 1},
	{id: "security.W009", over: map[string]string{"SECRET_KEY": `'` + strings.Repeat("abcdefghijklmnopqrstuvwx", 2) + `a'`}, want: 1},
	{id: "security.W009", over: map[string]string{"SECRET_KEY": `'` + strings.Repeat("abcdefghijklmnopqrstuvwx", 2) + `ab'`}, want: 0},
	{id: "security.W009", over: map[string]string{"SECRET_KEY": `None`}, want: 1},
	{id: "security.W009", over: map[string]string{"SECRET_KEY": `?`}, want: 0},
	{id: "security.W010", over: map[string]string{"SESSION_COOKIE_SECURE": `False`, "MIDDLEWARE": mwNoSession}, want: 1},
	{id: "security.W010", over: map[string]string{"SESSION_COOKIE_SECURE": `True`, "MIDDLEWARE": mwNoSession}, want: 0},
	{id: "security.W010", v: "3.2.25", over: map[string]string{"SESSION_COOKIE_SECURE": `'1'`, "MIDDLEWARE": mwNoSession}, want: 0},
	{id: "security.W010", v: "4.2.28", over: map[string]string{"SESSION_COOKIE_SECURE": `'1'`, "MIDDLEWARE": mwNoSession}, want: 1},
	{id: "security.W011", over: map[string]string{"SESSION_COOKIE_SECURE": `False`, "INSTALLED_APPS": appsNoSessions}, want: 1},
	{id: "security.W011", over: map[string]string{"INSTALLED_APPS": appsNoSessions}, want: 0},
	{id: "security.W012", over: map[string]string{"SESSION_COOKIE_SECURE": `False`}, want: 1},
	{id: "security.W012", over: map[string]string{"SESSION_COOKIE_SECURE": `False`, "INSTALLED_APPS": `[?, 'django.contrib.admin']`}, want: 0},
	{id: "security.W012", want: 0},
	{id: "security.W013", over: map[string]string{"SESSION_COOKIE_HTTPONLY": `False`, "MIDDLEWARE": mwNoSession}, want: 1},
	{id: "security.W013", over: map[string]string{"MIDDLEWARE": mwNoSession}, want: 0},
	{id: "security.W014", over: map[string]string{"SESSION_COOKIE_HTTPONLY": `0`, "INSTALLED_APPS": appsNoSessions}, want: 1},
	{id: "security.W014", over: map[string]string{"SESSION_COOKIE_HTTPONLY": `0`, "INSTALLED_APPS": appsNoSessions, "MIDDLEWARE": mwNoSession}, want: 0},
	{id: "security.W015", over: map[string]string{"SESSION_COOKIE_HTTPONLY": `False`}, want: 1},
	{id: "security.W015", want: 0},
	{id: "security.W016", over: map[string]string{"CSRF_COOKIE_SECURE": `False`}, want: 1},
	{id: "security.W016", over: map[string]string{"CSRF_COOKIE_SECURE": `False`, "CSRF_USE_SESSIONS": `True`}, want: 0},
	{id: "security.W018", over: map[string]string{"DEBUG": `'0'`}, want: 1},
	{id: "security.W018", over: map[string]string{"DEBUG": `0`}, want: 0},
	{id: "security.W018", over: map[string]string{"DEBUG": `?`}, want: 0},
	{id: "security.W019", over: map[string]string{"X_FRAME_OPTIONS": `'SAMEORIGIN'`}, want: 1},
	{id: "security.W019", want: 0},
	{id: "security.W020", over: map[string]string{"ALLOWED_HOSTS": `()`}, want: 1},
	{id: "security.W020", over: map[string]string{"ALLOWED_HOSTS": `['']`}, want: 0},
	{id: "security.W021", over: map[string]string{"SECURE_HSTS_PRELOAD": `False`}, want: 1},
	{id: "security.W021", over: map[string]string{"SECURE_HSTS_PRELOAD": `False`, "SECURE_HSTS_SECONDS": `None`}, want: 0},
	{id: "security.W022", over: map[string]string{"SECURE_REFERRER_POLICY": `None`}, want: 1},
	{id: "security.W022", want: 0},
	{id: "security.E023", over: map[string]string{"SECURE_REFERRER_POLICY": `'same-origin, bogus'`}, want: 1},
	{id: "security.E023", over: map[string]string{"SECURE_REFERRER_POLICY": `'Same-Origin'`}, want: 1},
	{id: "security.E023", over: map[string]string{"SECURE_REFERRER_POLICY": `('strict-origin', 'origin')`}, want: 0},
	{id: "security.E023", over: map[string]string{"SECURE_REFERRER_POLICY": `[]`}, want: 0},
	{id: "security.E023", over: map[string]string{"SECURE_REFERRER_POLICY": `[' origin']`}, want: 1},
	{id: "security.E024", v: "4.2.28", over: map[string]string{"SECURE_CROSS_ORIGIN_OPENER_POLICY": `'unsafe-None'`}, want: 1},
	{id: "security.E024", v: "3.2.25", over: map[string]string{"SECURE_CROSS_ORIGIN_OPENER_POLICY": `'unsafe-None'`}, want: 0},
	{id: "security.E024", over: map[string]string{"SECURE_CROSS_ORIGIN_OPENER_POLICY": `'same-origin-allow-popups'`}, want: 0},
	{id: "security.W025", v: "4.2.28", over: map[string]string{"SECRET_KEY_FALLBACKS": `['short', ` + goodKey + `, '']`}, want: 2},
	{id: "security.W025", v: "4.0.0", over: map[string]string{"SECRET_KEY_FALLBACKS": `['short']`}, want: 0},
	{id: "security.W025", v: "6.1.1", over: map[string]string{"SECRET_KEY_FALLBACKS": `[` + goodKey + `, ?]`}, want: 0},
	{id: "security.E026", v: "6.1.1", over: map[string]string{"SECURE_CSP": `'default-src'`, "SECURE_CSP_REPORT_ONLY": `False`}, want: 2},
	{id: "security.E026", v: "6.0.0", over: map[string]string{"SECURE_CSP": `None`, "SECURE_CSP_REPORT_ONLY": `{}`}, want: 0},
	{id: "security.E026", v: "5.2.18", over: map[string]string{"SECURE_CSP": `'x'`}, want: 0},
	{id: "security.W027", v: "6.1.1", over: map[string]string{
		"MIDDLEWARE": `['django.middleware.csp.ContentSecurityPolicyMiddleware']`,
		"SECURE_CSP": `{'script-src': ["'self'", '<CSP_NONCE_SENTINEL>']}`}, want: 1},
	{id: "security.W027", v: "6.1.1", over: map[string]string{
		"MIDDLEWARE":             `['django.middleware.csp.ContentSecurityPolicyMiddleware']`,
		"SECURE_CSP_REPORT_ONLY": `{'script-src': "'self' <CSP_NONCE_SENTINEL>"}`,
		"TEMPLATES":              templatesWith(`{'context_processors': ['django.template.context_processors.csp']}`)}, want: 0},
	{id: "security.W027", v: "6.0.0", over: map[string]string{
		"MIDDLEWARE": `['django.middleware.csp.ContentSecurityPolicyMiddleware']`,
		"SECURE_CSP": `{'script-src': '<CSP_NONCE_SENTINEL>'}`}, want: 0},
	{id: "security.E100", v: "3.2.25", over: map[string]string{"DEFAULT_HASHING_ALGORITHM": `'md5'`}, want: 1},
	{id: "security.E100", v: "3.2.25", over: map[string]string{"DEFAULT_HASHING_ALGORITHM": `'sha1'`}, want: 0},
	{id: "security.E101", over: map[string]string{"CSRF_FAILURE_VIEW": `'mysite.views.bad_csrf_failure'`}, code: viewsCode, want: 1},
	{id: "security.E101", over: map[string]string{"CSRF_FAILURE_VIEW": `'mysite.views.extra_required'`}, code: viewsCode, want: 1},
	{id: "security.E101", over: map[string]string{"CSRF_FAILURE_VIEW": `'mysite.views.csrf_failure'`}, code: viewsCode, want: 0},
	{id: "security.E101", over: map[string]string{"CSRF_FAILURE_VIEW": `'mysite.views.kw_csrf_failure'`}, code: viewsCode, want: 0},
	{id: "security.E101", over: map[string]string{"CSRF_FAILURE_VIEW": `'mysite.views.bad_csrf_failure'`}, want: 0},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `''`}, want: 1},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'nonexistent.module.view'`}, want: 1},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'nonexistent.view'`}, want: 1},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'django.nomodule.sub.view'`}, want: 1},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'nonexistent.module.view'`}, noFS: true, want: 0},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'mysite.views.csrf_failure'`}, want: 0},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'mysite.nomodule.sub.view'`}, want: 1},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'vendorpkg.views.fail'`}, want: 0},
	{id: "security.E102", over: map[string]string{"CSRF_FAILURE_VIEW": `'os.path.view'`}, want: 0},
	{id: "security.E102", want: 0},
	{id: "caches.E001", over: map[string]string{"CACHES": `{'other': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}`}, want: 1},
	{id: "caches.E001", want: 0},
	{id: "caches.W002", over: map[string]string{"MEDIA_ROOT": `'/proj/mysite/media'`,
		"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/proj/mysite/media/'}}`}, want: 1},
	{id: "caches.W002", over: map[string]string{"STATICFILES_DIRS": `[('x', '/proj/cache/sub')]`,
		"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/proj/cache'}}`}, want: 1},
	{id: "caches.W002", over: map[string]string{"MEDIA_ROOT": `'/proj/mysite/media'`,
		"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/var/cache/site'}}`}, want: 0},
	// A relative STATIC_ROOT is resolved against the project root, where
	// manage.py check --deploy runs (found by the differential test).
	{id: "caches.W002", over: map[string]string{"STATIC_ROOT": `'staticfiles'`,
		"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/proj/staticfiles'}}`}, want: 1},
	{id: "caches.W002", noFS: true, over: map[string]string{"MEDIA_ROOT": `'/proj/mysite/media'`,
		"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/proj/mysite/media/'}}`}, want: 0},
	{id: "caches.W002", over: map[string]string{"MEDIA_ROOT": `'/proj/mysite/media'`,
		"CACHES": `{'default': {'BACKEND': 'thirdparty.Cache', 'LOCATION': '/proj/mysite/media/'}}`}, want: 0},
	{id: "caches.W003", over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': 'cache'}}`}, want: 1},
	{id: "caches.W003", over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/srv/cache'}}`}, want: 0},
	{id: "caches.W003", v: "3.1.0", over: map[string]string{"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': 'cache'}}`}, want: 0},
	{id: "staticfiles.E001", over: map[string]string{"STATICFILES_DIRS": `'static'`}, want: 1},
	{id: "staticfiles.E001", over: map[string]string{"STATICFILES_DIRS": `['static']`}, want: 0},
	{id: "staticfiles.E001", over: map[string]string{"STATICFILES_DIRS": `'static'`, "INSTALLED_APPS": appsNoSessions[:len(appsNoSessions)-len(", 'django.contrib.staticfiles']")] + "]"}, want: 0},
	{id: "staticfiles.E002", over: map[string]string{"STATIC_ROOT": `'/proj/static'`, "STATICFILES_DIRS": `['/proj/static/']`}, want: 1},
	{id: "staticfiles.E002", over: map[string]string{"STATIC_ROOT": `'/proj/staticfiles'`, "STATICFILES_DIRS": `['/proj/static']`}, want: 0},
	{id: "staticfiles.E002", over: map[string]string{"STATIC_ROOT": `'static'`, "STATICFILES_DIRS": `['/proj/static']`}, want: 0},
	{id: "staticfiles.E003", over: map[string]string{"STATICFILES_DIRS": `[('pre/', '/proj/assets')]`}, want: 1},
	{id: "staticfiles.E003", over: map[string]string{"STATICFILES_DIRS": `[('pre', '/proj/assets')]`}, want: 0},
	{id: "staticfiles.W004", over: map[string]string{"STATICFILES_DIRS": `['/proj/missing', 'static', '/proj/notadir']`}, want: 2},
	{id: "staticfiles.W004", over: map[string]string{"STATICFILES_DIRS": `['/proj/assets', '/elsewhere/static']`}, want: 0},
	{id: "staticfiles.W004", v: "3.2.25", over: map[string]string{"STATICFILES_DIRS": `['/proj/missing']`}, want: 0},
	// A file cache inside the missing directory creates it while Django
	// runs its checks, in an order that varies: undecided (found by the
	// differential test, where Django reported it in one run and not in
	// another).
	{id: "staticfiles.W004", over: map[string]string{"STATICFILES_DIRS": `['/proj/missing']`,
		"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/proj/missing/cache'}}`}, want: 0},
	{id: "staticfiles.W004", over: map[string]string{"STATICFILES_DIRS": `['/proj/missing']`,
		"CACHES": `{'default': {'BACKEND': ` + fileCache + `, 'LOCATION': '/proj/other/cache'}}`}, want: 1},
	{id: "staticfiles.E005", over: map[string]string{"STORAGES": `{'default': {}}`}, want: 1},
	{id: "staticfiles.E005", v: "4.2.28", over: map[string]string{"STORAGES": `{'default': {}}`}, want: 0},
	{id: "staticfiles.E005", v: "5.0.0", over: map[string]string{"STORAGES": `{'default': {}}`, "STATICFILES_STORAGE": `'x.Storage'`}, want: 0},
	{id: "templates.E001", v: "4.2.28", empty: true, over: map[string]string{
		"TEMPLATES": `[{'BACKEND': 'django.template.backends.jinja2.Jinja2', 'APP_DIRS': True, 'OPTIONS': {'loaders': None}}]`}, want: 1},
	{id: "templates.E001", v: "4.2.28", empty: true, over: map[string]string{
		"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': False, 'OPTIONS': {'loaders': []}}]`}, want: 0},
	{id: "templates.E002", over: map[string]string{"TEMPLATES": templatesWith(`{'string_if_invalid': None, ` + allCPs + `}`)}, want: 1},
	{id: "templates.E002", over: map[string]string{"TEMPLATES": templatesWith(`{'string_if_invalid': 'INVALID', ` + allCPs + `}`)}, want: 0},
	{id: "templates.E002", v: "4.2.28", over: map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.jinja2.Jinja2', 'OPTIONS': {'string_if_invalid': 0}}]`}, want: 1},
	{id: "templates.E002", over: map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.jinja2.Jinja2', 'OPTIONS': {'string_if_invalid': 0}}]`}, want: 0},
	{id: "templates.W003", over: map[string]string{"TEMPLATES": templatesWith(`{'libraries': {'admin_list': 'mysite.tags'}, ` + allCPs + `}`)}, want: 1},
	{id: "templates.W003", over: map[string]string{"TEMPLATES": templatesWith(`{'libraries': {'mytags': 'mysite.tags'}, ` + allCPs + `}`)}, want: 0},
	{id: "templates.W003", over: map[string]string{"TEMPLATES": templatesWith(`{'libraries': {'humanize': 'mysite.tags'}, ` + allCPs + `}`)}, want: 0},
	{id: "templates.E003", v: "4.2.28", over: map[string]string{"TEMPLATES": templatesWith(`{'libraries': {'tz': 'mysite.tags'}, ` + allCPs + `}`)}, want: 1},
	{id: "templates.E003", v: "3.2.25", over: map[string]string{"TEMPLATES": templatesWith(`{'libraries': {'tz': 'mysite.tags'}, ` + allCPs + `}`)}, want: 0},
	{id: "admin.E401", over: map[string]string{"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.messages']`}, want: 1},
	{id: "admin.E401", over: map[string]string{"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.messages', 'myproject.apps.CustomConfig']`}, want: 0},
	{id: "admin.E402", over: map[string]string{"TEMPLATES": templatesWith(`{'context_processors': ['django.template.context_processors.request', 'django.contrib.messages.context_processors.messages']}`)}, want: 1},
	{id: "admin.E402", over: map[string]string{"AUTHENTICATION_BACKENDS": `['guardian.backends.ObjectPermissionBackend']`,
		"TEMPLATES": templatesWith(`{'context_processors': ['django.template.context_processors.request', 'django.contrib.messages.context_processors.messages']}`)}, want: 0},
	{id: "admin.E402", over: map[string]string{"AUTHENTICATION_BACKENDS": `['allauth.account.auth_backends.AuthenticationBackend']`,
		"TEMPLATES": templatesWith(`{'context_processors': []}`)}, want: 0},
	{id: "admin.E403", over: map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.jinja2.Jinja2'}]`}, want: 1},
	{id: "admin.E403", over: map[string]string{"TEMPLATES": `[{'BACKEND': 'thirdparty.Backend'}]`}, want: 0},
	{id: "admin.E404", over: map[string]string{"TEMPLATES": templatesWith(`{}`)}, want: 1},
	{id: "admin.E404", want: 0},
	{id: "admin.E405", over: map[string]string{"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.contenttypes', 'django.contrib.messages']`}, want: 1},
	{id: "admin.E405", want: 0},
	{id: "admin.E406", over: map[string]string{"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes']`}, want: 1},
	{id: "admin.E406", over: map[string]string{"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.messages.apps.MessagesConfig']`}, want: 0},
	{id: "admin.E408", over: map[string]string{"MIDDLEWARE": `['django.contrib.sessions.middleware.SessionMiddleware', 'django.contrib.messages.middleware.MessageMiddleware', 'whitenoise.middleware.WhiteNoiseMiddleware']`}, want: 1},
	{id: "admin.E408", over: map[string]string{"MIDDLEWARE": `['django.contrib.sessions.middleware.SessionMiddleware', 'django.contrib.messages.middleware.MessageMiddleware', 'myproject.middleware.Auth']`}, want: 0},
	{id: "admin.E409", over: map[string]string{"MIDDLEWARE": `[]`}, want: 1},
	{id: "admin.E409", want: 0},
	{id: "admin.E410", over: map[string]string{"MIDDLEWARE": `('django.contrib.auth.middleware.AuthenticationMiddleware',)`}, want: 1},
	{id: "admin.E410", over: map[string]string{"INSTALLED_APPS": `['x.apps.MyAdminConfig', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.messages']`, "MIDDLEWARE": `[]`}, want: 0},
	{id: "admin.W411", over: map[string]string{"TEMPLATES": templatesWith(`{'context_processors': ['django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']}`)}, want: 1},
	{id: "admin.W411", over: map[string]string{"INSTALLED_APPS": `['django.contrib.admin.apps.SimpleAdminConfig', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.messages']`,
		"TEMPLATES": templatesWith(`{'context_processors': ['django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']}`)}, want: 0},
	{id: "auth.E013", over: map[string]string{"MIDDLEWARE": `['django.contrib.auth.middleware.LoginRequiredMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware']`}, want: 1},
	{id: "auth.E013", over: map[string]string{"MIDDLEWARE": `['django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.auth.middleware.LoginRequiredMiddleware']`}, want: 0},
	{id: "auth.E013", over: map[string]string{"MIDDLEWARE": `['myproject.Auth', 'django.contrib.auth.middleware.LoginRequiredMiddleware']`}, want: 0},
	{id: "auth.E013", v: "5.0.0", over: map[string]string{"MIDDLEWARE": `['django.contrib.auth.middleware.LoginRequiredMiddleware']`}, want: 0},
	{id: "mail.E001", v: "6.1.1", over: map[string]string{"MAILERS": `{'default': {'BACKEND': 'django.core.mail.backends.locmem.EmailBackend'}}`}, want: 1},
	{id: "mail.E001", v: "6.1.1", over: map[string]string{"MAILERS": `{'default': {'OPTIONS': {}}}`}, want: 0},
	{id: "mail.W001", v: "6.1.1", over: map[string]string{"MAILERS": `{}`}, want: 1},
	{id: "mail.W001", v: "6.1.1", over: map[string]string{"MAILERS": `{'default': {}}`}, want: 0},
	{id: "mail.W001", v: "5.2.18", over: map[string]string{"MAILERS": `{}`}, want: 0},
	{id: "urls.E006", over: map[string]string{"STATIC_URL": `'static'`, "MEDIA_URL": `''`}, want: 1},
	{id: "urls.E006", over: map[string]string{"STATIC_URL": `'https://cdn.example.com/s/'`, "MEDIA_URL": `'/media/'`}, want: 0},
	{id: "4_0.E001", over: map[string]string{"CSRF_TRUSTED_ORIGINS": `['example.com', 'https://*.example.com', 'b.example.com']`}, want: 2},
	{id: "4_0.E001", v: "3.2.25", over: map[string]string{"CSRF_TRUSTED_ORIGINS": `['example.com']`}, want: 0},
	{id: "files.E001", over: map[string]string{"FILE_UPLOAD_TEMP_DIR": `'/proj/missing/tmp'`}, want: 1},
	{id: "files.E001", extra: map[string]pyvalue.Value{"FILE_UPLOAD_TEMP_DIR": pathVal("/proj/nothere")}, want: 1},
	{id: "files.E001", over: map[string]string{"FILE_UPLOAD_TEMP_DIR": `'/proj/uploads/tmp'`}, want: 0},
	{id: "files.E001", over: map[string]string{"FILE_UPLOAD_TEMP_DIR": `'/var/tmp/uploads'`}, want: 0},
	{id: "sites.E101", over: map[string]string{"INSTALLED_APPS": withApps(`'django.contrib.sites'`), "SITE_ID": `'1'`}, want: 1},
	{id: "sites.E101", over: map[string]string{"INSTALLED_APPS": withApps(`'django.contrib.sites'`), "SITE_ID": `1.0`}, want: 1},
	{id: "sites.E101", over: map[string]string{"INSTALLED_APPS": withApps(`'django.contrib.sites'`), "SITE_ID": `True`}, want: 0},
	{id: "sites.E101", over: map[string]string{"SITE_ID": `'1'`}, want: 0},
	{id: "sites.E101", v: "6.1.1", over: map[string]string{"INSTALLED_APPS": withApps(`'django.contrib.sites'`), "SITE_ID": `2`}, want: 0},
	{id: "translation.E001", over: map[string]string{"LANGUAGE_CODE": `'en_US'`}, want: 1},
	{id: "translation.E001", over: map[string]string{"LANGUAGE_CODE": `'sr-Latn'`}, want: 0},
	{id: "translation.E002", over: map[string]string{"LANGUAGES": `[('en', 'English'), ('pt_BR', 'Portuguese'), (1, 'x')]`}, want: 2},
	{id: "translation.E002", over: map[string]string{"LANGUAGES": `[('en', 'English'), ('pt-br', 'Portuguese')]`}, want: 0},
	{id: "translation.E003", over: map[string]string{"LANGUAGES_BIDI": `['he_IL']`}, want: 1},
	{id: "translation.E003", over: map[string]string{"LANGUAGES_BIDI": `['he', 'ar-dz']`}, want: 0},
	{id: "translation.E004", over: map[string]string{"LANGUAGE_CODE": `'pt-br'`, "LANGUAGES": `[('en', 'English')]`}, want: 1},
	{id: "translation.E004", over: map[string]string{"LANGUAGE_CODE": `'de-at'`, "LANGUAGES": `[('de', 'German')]`}, want: 0},
	{id: "translation.E004", over: map[string]string{"LANGUAGE_CODE": `'fr-ca'`, "LANGUAGES": `[('fr-be', 'Belgian French')]`}, want: 0},
	{id: "translation.E004", over: map[string]string{"LANGUAGE_CODE": `''`, "USE_I18N": `False`}, want: 1},
	{id: "translation.E004", over: map[string]string{"LANGUAGE_CODE": `'xx'`, "USE_I18N": `False`}, want: 0},
	{id: "translation.E004", over: map[string]string{"LANGUAGE_CODE": `'en-us'`}, want: 0},
	{id: "translation.E004", over: map[string]string{"LANGUAGE_CODE": `'en-us'`, "LANGUAGES": `[?]`}, want: 0},
}

func TestChecks(t *testing.T) {
	for i, c := range checkCases {
		c := c
		t.Run(c.id+"/"+string(rune('a'+i%26)), func(t *testing.T) {
			n := 0
			for _, f := range c.run(t) {
				if f.ID == c.id {
					n++
				}
			}
			if n != c.want {
				t.Errorf("case %d: %d findings of %s, want %d (over %v)", i, n, c.id, c.want, c.over)
			}
		})
	}
}

// TestEveryCheckHasCases makes sure each check has a positive and a
// negative case above.
func TestEveryCheckHasCases(t *testing.T) {
	pos, neg := map[string]bool{}, map[string]bool{}
	for _, c := range checkCases {
		if c.want > 0 {
			pos[c.id] = true
		} else {
			neg[c.id] = true
		}
	}
	// async.E001 reads the environment, not settings: TestAsyncUnsafe.
	pos["async.E001"], neg["async.E001"] = true, true
	for _, c := range DjangoChecks() {
		if !pos[c.ID] || !neg[c.ID] {
			t.Errorf("%s lacks a positive or a negative case", c.ID)
		}
	}
}

func TestAsyncUnsafe(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want int
	}{
		{map[string]string{"DJANGO_ALLOW_ASYNC_UNSAFE": "1"}, 1},
		{map[string]string{"DJANGO_ALLOW_ASYNC_UNSAFE": "false"}, 1},
		{map[string]string{"DJANGO_ALLOW_ASYNC_UNSAFE": ""}, 0},
		{map[string]string{}, 0},
		{nil, 0},
	} {
		s := build(t, "5.2.18", hardened, nil, nil)
		s.Environ = c.env
		got := 0
		for _, f := range Run(DjangoChecks(), s, testFS(), testRoot, nil) {
			if f.ID == "async.E001" {
				got++
			}
		}
		if got != c.want {
			t.Errorf("env %v: %d async.E001, want %d", c.env, got, c.want)
		}
	}
}
