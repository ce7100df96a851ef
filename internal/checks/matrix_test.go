package checks

import (
	"reflect"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

const goodKey = `'x8#kq2!mzv7@lp4&nw9^rt6*yb3(hc5)jd1-fs0+ge8=ua2_oi7~'`

// matrixRow is one row of the reference's verified matrix (§7): what real
// `check --deploy` reported per Django series. A want of "crash" means
// Django stopped with a traceback; "" means no issue; a row without an
// entry for a series was not run there.
type matrixRow struct {
	name     string
	base     map[string]string
	over     map[string]string
	extra    map[string]pyvalue.Value
	want     map[string]string
	silenced int
}

func all(ids string) map[string]string {
	return map[string]string{"3.2": ids, "4.2": ids, "5.2": ids, "6.1": ids}
}

var matrixVersions = map[string]string{"3.2": "3.2.25", "4.2": "4.2.28", "5.2": "5.2.18", "6.1": "6.1.1"}

func withApps(extra ...string) string {
	apps := `'django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions', 'django.contrib.messages', 'django.contrib.staticfiles'`
	for _, e := range extra {
		apps += ", " + e
	}
	return "[" + apps + "]"
}

const djangoTemplates = `'django.template.backends.django.DjangoTemplates'`

var matrix = []matrixRow{
	{name: "H", base: hardened, want: all("")},
	{name: "c01 empty settings file", want: all("W001 W002 W003 W009 W020")},
	{name: "c02 startproject-like", base: hardened, over: map[string]string{
		"SECRET_KEY": `'django-insecure-` + strings.Repeat("k3$x9!", 9) + `'`, "DEBUG": `True`, "ALLOWED_HOSTS": `[]`,
		"SECURE_HSTS_SECONDS": "-", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "-", "SECURE_HSTS_PRELOAD": "-",
		"SECURE_SSL_REDIRECT": "-", "SESSION_COOKIE_SECURE": "-", "CSRF_COOKIE_SECURE": "-", "STATIC_URL": `'static/'`,
	}, want: all("W004 W008 W009 W012 W016 W018 W020")},
	{name: "c03 truthy flags", base: hardened, over: map[string]string{
		"SESSION_COOKIE_SECURE": `'1'`, "CSRF_COOKIE_SECURE": `'1'`, "SESSION_COOKIE_HTTPONLY": `'1'`,
		"SECURE_HSTS_INCLUDE_SUBDOMAINS": `1`, "SECURE_SSL_REDIRECT": `1`,
	}, want: map[string]string{"3.2": "W005 W008", "4.2": "W005 W008 W012 W015 W016",
		"5.2": "W005 W008 W012 W015 W016", "6.1": "W005 W008 W012 W015 W016"}},
	{name: "c04 bad policies", base: hardened, over: map[string]string{
		"SECURE_REFERRER_POLICY": `'invalid-value'`, "SECURE_CROSS_ORIGIN_OPENER_POLICY": `'bogus'`,
	}, want: map[string]string{"3.2": "E023", "4.2": "E023 E024", "5.2": "E023 E024", "6.1": "E023 E024"}},
	{name: "c05 silenced", base: hardened, over: map[string]string{
		"DEBUG": `True`, "SILENCED_SYSTEM_CHECKS": `['security.W018', 'security.W999']`,
	}, want: all(""), silenced: 1},
	{name: "f01 silenced error", base: hardened, over: map[string]string{
		"SECURE_REFERRER_POLICY": `'bad'`, "SILENCED_SYSTEM_CHECKS": `['security.E023']`,
	}, want: map[string]string{"5.2": ""}, silenced: 1},
	{name: "c06 file caches", base: hardened, over: map[string]string{
		"CACHES": `{'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': '/proj/public/static/cache'},
			'other': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': 'cache_dir'}}`,
	}, extra: map[string]pyvalue.Value{"STATIC_ROOT": pathVal("/proj/public/static")},
		want: all("caches.W002 caches.W003")},
	{name: "c07 origins, dirs, upload dir", base: hardened, over: map[string]string{
		"CSRF_TRUSTED_ORIGINS": `['example.com', 'https://ok.example.com']`,
		"STATICFILES_DIRS":     `['/proj/missing', ('pre/', '/tmp')]`,
		"FILE_UPLOAD_TEMP_DIR": `'/proj/no-such-dir'`,
	}, want: map[string]string{"3.2": "staticfiles.E003",
		"4.2": "4_0.E001 files.E001 staticfiles.E003 staticfiles.W004",
		"5.2": "4_0.E001 files.E001 staticfiles.E003 staticfiles.W004",
		"6.1": "4_0.E001 files.E001 staticfiles.E003 staticfiles.W004"}},
	{name: "c08 empty key with fallbacks", base: hardened, over: map[string]string{
		"SECRET_KEY": `''`, "SECRET_KEY_FALLBACKS": `['short', ` + goodKey + `]`,
	}, want: map[string]string{"3.2": "crash", "4.2": "W009 W025", "5.2": "W009 W025", "6.1": "W009 W025"}},
	{name: "d01 empty key without admin", over: map[string]string{
		"SECRET_KEY": `''`, "INSTALLED_APPS": `['django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions']`,
	}, want: all("W001 W002 W003 W009 W010 W020")},
	{name: "c09 ALLOWED_HOSTS string", base: hardened, over: map[string]string{"ALLOWED_HOSTS": `'*'`},
		want: map[string]string{"3.2": "", "4.2": "crash", "5.2": "crash", "6.1": "crash"}},
	{name: "c10 templates and headers", base: hardened, over: map[string]string{
		"TEMPLATES":       `[{'BACKEND': ` + djangoTemplates + `, 'DIRS': [], 'APP_DIRS': True}]`,
		"X_FRAME_OPTIONS": `'SAMEORIGIN'`, "SECURE_HSTS_SECONDS": `0`, "SECURE_CONTENT_TYPE_NOSNIFF": `False`,
		"SECURE_REFERRER_POLICY": `None`,
	}, want: all("admin.E402 admin.E404 admin.W411 W004 W006 W019 W022")},
	{name: "c11 hashing algorithm", base: hardened, over: map[string]string{"DEFAULT_HASHING_ALGORITHM": `'md5'`},
		want: map[string]string{"3.2": "E100", "4.2": "", "5.2": "", "6.1": ""}},
	{name: "c12 console mailer", base: hardened, over: map[string]string{
		"MAILERS": `{'default': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}}`,
	}, want: map[string]string{"3.2": "", "4.2": "", "5.2": "", "6.1": "mail.E001"}},
	{name: "c13 CSP nonce", base: hardened, over: map[string]string{
		"MIDDLEWARE": `['django.middleware.security.SecurityMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware',
			'django.middleware.common.CommonMiddleware', 'django.middleware.csrf.CsrfViewMiddleware',
			'django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.messages.middleware.MessageMiddleware',
			'django.middleware.clickjacking.XFrameOptionsMiddleware', 'django.middleware.csp.ContentSecurityPolicyMiddleware']`,
		"SECURE_CSP":             `{'script-src': ["'self'", '<CSP_NONCE_SENTINEL>']}`,
		"SECURE_CSP_REPORT_ONLY": `[]`,
	}, want: map[string]string{"6.1": "E026 W027"}},
	{name: "c14 console EMAIL_BACKEND", base: hardened, over: map[string]string{
		"EMAIL_BACKEND": `'django.core.mail.backends.console.EmailBackend'`,
	}, want: all("")},
	{name: "c15 sessions AppConfig path", base: hardened, over: map[string]string{
		"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes',
			'django.contrib.sessions.apps.SessionsConfig', 'django.contrib.messages', 'django.contrib.staticfiles']`,
		"SESSION_COOKIE_SECURE": `False`, "SESSION_COOKIE_HTTPONLY": `False`,
	}, want: all("W011 W014")},
	{name: "d02 strings and tuple", base: hardened, over: map[string]string{
		"DEBUG": `'False'`, "SECURE_HSTS_SECONDS": `'0'`, "SECURE_HSTS_INCLUDE_SUBDOMAINS": `False`, "X_FRAME_OPTIONS": `'deny'`,
		"MIDDLEWARE": `('django.middleware.security.SecurityMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware',
			'django.middleware.common.CommonMiddleware', 'django.middleware.csrf.CsrfViewMiddleware',
			'django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.messages.middleware.MessageMiddleware',
			'django.middleware.clickjacking.XFrameOptionsMiddleware')`,
	}, want: all("W005 W018 W019")},
	{name: "d03 empty referrer policy", base: hardened, over: map[string]string{"SECURE_REFERRER_POLICY": `''`}, want: all("E023")},
	{name: "d04 spaced referrer policy", base: hardened, over: map[string]string{
		"SECURE_REFERRER_POLICY": `' same-origin , origin '`, "SECURE_CROSS_ORIGIN_OPENER_POLICY": `None`,
	}, want: all("")},
	{name: "g03 mixed policies", base: hardened, over: map[string]string{
		"SECURE_HSTS_SECONDS": `None`, "SECURE_REFERRER_POLICY": `['same-origin', 'bogus']`,
		"SECURE_CROSS_ORIGIN_OPENER_POLICY": `'Same-Origin'`,
	}, want: map[string]string{"3.2": "E023 W004", "4.2": "E023 E024 W004", "5.2": "E023 E024 W004", "6.1": "E023 E024 W004"}},
	{name: "d06 APP_DIRS with loaders, admin", base: hardened, over: map[string]string{
		"TEMPLATES": `[{'BACKEND': ` + djangoTemplates + `, 'DIRS': [], 'APP_DIRS': True, 'OPTIONS': {
			'loaders': ['django.template.loaders.filesystem.Loader'],
			'context_processors': ['django.template.context_processors.request',
			'django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']}}]`,
	}, want: all("crash")},
	{name: "e04 APP_DIRS with loaders, no admin", over: map[string]string{
		"SECRET_KEY": goodKey,
		"TEMPLATES": `[{'BACKEND': ` + djangoTemplates + `, 'APP_DIRS': True, 'OPTIONS': {
			'loaders': ['django.template.loaders.filesystem.Loader']}}]`,
	}, want: map[string]string{"3.2": "templates.E001 W001 W002 W003 W020", "4.2": "templates.E001 W001 W002 W003 W020",
		"5.2": "crash", "6.1": "crash"}},
	{name: "d07 string_if_invalid and libraries", base: hardened, over: map[string]string{
		"TEMPLATES": `[{'BACKEND': ` + djangoTemplates + `, 'DIRS': [], 'APP_DIRS': True, 'OPTIONS': {
			'string_if_invalid': 1, 'libraries': {'static': 'django.templatetags.cache'},
			'context_processors': ['django.template.context_processors.request',
			'django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']}}]`,
	}, want: map[string]string{"3.2": "templates.E002", "4.2": "templates.E002 templates.E003",
		"5.2": "templates.E002 templates.W003", "6.1": "templates.E002 templates.W003"}},
	{name: "d08 sites and failure view", base: hardened, over: map[string]string{
		"INSTALLED_APPS": withApps(`'django.contrib.sites'`), "SITE_ID": `'1'`,
		"CSRF_FAILURE_VIEW": `'nonexistent.module.view'`,
	}, want: all("E102 sites.E101")},
	{name: "h02 failure view in a missing Django module", base: hardened, over: map[string]string{
		"CSRF_FAILURE_VIEW": `'django.views.nomodule.view'`,
	}, want: map[string]string{"3.2": "crash", "6.1": "crash"}},
	{name: "d09 LoginRequiredMiddleware first", base: hardened, over: map[string]string{
		"MIDDLEWARE": `['django.contrib.auth.middleware.LoginRequiredMiddleware',
			'django.middleware.security.SecurityMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware',
			'django.middleware.common.CommonMiddleware', 'django.middleware.csrf.CsrfViewMiddleware',
			'django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.messages.middleware.MessageMiddleware',
			'django.middleware.clickjacking.XFrameOptionsMiddleware']`,
	}, want: map[string]string{"3.2": "", "4.2": "", "5.2": "auth.E013", "6.1": "auth.E013"}},
	{name: "d10 STORAGES without staticfiles", base: hardened, over: map[string]string{
		"STORAGES": `{'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}}`,
	}, want: map[string]string{"3.2": "", "4.2": "", "5.2": "staticfiles.E005", "6.1": "staticfiles.E005"}},
	{name: "d12 insecure prefix on a strong key", base: hardened, over: map[string]string{
		"SECRET_KEY": `'django-insecure-` + strings.Trim(goodKey, "'") + `'`,
	}, want: all("W009")},
	{name: "d13 truthy ints and CSRF in sessions", base: hardened, over: map[string]string{
		"SECURE_CONTENT_TYPE_NOSNIFF": `1`, "SECURE_HSTS_PRELOAD": `1`, "CSRF_USE_SESSIONS": `True`, "CSRF_COOKIE_SECURE": `False`,
	}, want: all("W006 W021")},
	{name: "e01 URLs without slash", base: hardened, over: map[string]string{
		"STATIC_URL": `'/static'`, "MEDIA_URL": `'media'`,
	}, want: all("urls.E006 urls.E006")},
	{name: "d05 malformed LANGUAGE_CODE with i18n", base: hardened, over: map[string]string{"LANGUAGE_CODE": `'xx_YY'`},
		want: all("crash")},
	{name: "e02 malformed LANGUAGE_CODE without i18n", base: hardened, over: map[string]string{
		"LANGUAGE_CODE": `'xx_YY'`, "USE_I18N": `False`,
	}, want: all("translation.E001")},
	{name: "e03 LANGUAGE_CODE outside LANGUAGES", base: hardened, over: map[string]string{
		"LANGUAGE_CODE": `'de'`, "LANGUAGES": `[('en', 'English'), ('fr', 'French')]`,
	}, want: all("translation.E004")},
	{name: "g01 bytes SECRET_KEY", base: hardened, over: map[string]string{
		"SECRET_KEY": `b` + goodKey,
	}, want: all("crash")},
	{name: "g02 string SECRET_KEY_FALLBACKS", base: hardened, over: map[string]string{"SECRET_KEY_FALLBACKS": `'abc'`},
		want: map[string]string{"3.2": "", "4.2": "crash", "5.2": "crash", "6.1": "crash"}},
}

func TestVerifiedMatrix(t *testing.T) {
	for _, row := range matrix {
		for series, want := range row.want {
			t.Run(row.name+"/"+series, func(t *testing.T) {
				s := build(t, matrixVersions[series], row.base, row.over, row.extra)
				ids, silenced, fatal := outcome(s, testFS())
				if want == "crash" {
					if !fatal {
						t.Fatalf("Django crashes; got ids %v and no fatal problem", ids)
					}
					return
				}
				if fatal {
					t.Fatalf("want %q, got a fatal problem: %+v", want, s.Problems)
				}
				if !reflect.DeepEqual(ids, expand(want)) {
					t.Errorf("ids = %v, want %v", ids, expand(want))
				}
				if silenced != row.silenced {
					t.Errorf("silenced = %d, want %d", silenced, row.silenced)
				}
			})
		}
	}
}
