package settings

import (
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// Default returns Django's default value of a setting for version v (what
// django/conf/global_settings.py defines in that release), and whether
// Django defines the setting at all. Each call returns a fresh value, so a
// caller may change a default container without affecting later calls.
func Default(v Version, name string) (pyvalue.Value, bool) {
	src, ok := defaultSource(v, name)
	if !ok {
		return pyvalue.Value{}, false
	}
	return MustLiteral(src), true
}

// defaultSource is the literal text of name's default in version v.
func defaultSource(v Version, name string) (string, bool) {
	if src, handled, ok := versionedDefault(v, name); handled {
		return src, ok
	}
	src, ok := baseDefaults[name]
	return src, ok
}

// versionedDefault covers the settings whose default or existence differs
// between the Django series deploycheck knows (3.2, 4.2, 5.2, 6.1 and the
// releases between them). handled is false for a setting whose default is
// the same in all of them (then baseDefaults has it).
func versionedDefault(v Version, name string) (src string, handled, ok bool) {
	in := func(cond bool, src string) (string, bool, bool) {
		if cond {
			return src, true, true
		}
		return "", true, false
	}
	switch name {
	case "SECRET_KEY_FALLBACKS":
		return in(v.AtLeast(4, 1), `[]`)
	case "SECURE_CROSS_ORIGIN_OPENER_POLICY":
		return in(v.AtLeast(4, 0), `'same-origin'`)
	case "SECURE_BROWSER_XSS_FILTER":
		return in(!v.AtLeast(4, 0), `False`)
	case "DEFAULT_HASHING_ALGORITHM":
		return in(v.AtLeast(3, 1) && !v.AtLeast(4, 0), `'sha256'`)
	case "PASSWORD_RESET_TIMEOUT_DAYS":
		return in(!v.AtLeast(4, 0), `3`)
	case "STORAGES":
		return in(v.AtLeast(4, 2), baseDefaults["STORAGES"])
	case "STATICFILES_STORAGE":
		return in(!v.AtLeast(5, 1), `'django.contrib.staticfiles.storage.StaticFilesStorage'`)
	case "DEFAULT_FILE_STORAGE":
		return in(!v.AtLeast(5, 1), `'django.core.files.storage.FileSystemStorage'`)
	case "USE_TZ":
		if v.AtLeast(5, 0) {
			return `True`, true, true
		}
		return `False`, true, true
	case "USE_L10N":
		switch {
		case v.AtLeast(5, 0):
			return "", true, false
		case v.AtLeast(4, 0):
			return `True`, true, true
		}
		return `False`, true, true
	case "USE_DEPRECATED_PYTZ":
		return in(v.AtLeast(4, 0) && !v.AtLeast(5, 0), `False`)
	case "CSRF_COOKIE_MASKED":
		return in(v.AtLeast(4, 1) && !v.AtLeast(5, 0), `False`)
	case "FORMS_URLFIELD_ASSUME_HTTPS":
		return in(v.AtLeast(5, 0) && !v.AtLeast(6, 0), `False`)
	case "DEFAULT_AUTO_FIELD":
		if v.AtLeast(6, 0) {
			return `'django.db.models.BigAutoField'`, true, true
		}
		return `'django.db.models.AutoField'`, true, true
	case "SECURE_CSP", "SECURE_CSP_REPORT_ONLY":
		return in(v.AtLeast(6, 0), `{}`)
	case "TASKS":
		return in(v.AtLeast(6, 0), `{'default': {'BACKEND': 'django.tasks.backends.immediate.ImmediateBackend'}}`)
	case "LANGUAGES_BIDI":
		switch {
		case v.AtLeast(5, 0):
			return `['he', 'ar', 'ar-dz', 'ckb', 'fa', 'ug', 'ur']`, true, true
		case v.AtLeast(4, 1):
			return `['he', 'ar', 'ar-dz', 'ckb', 'fa', 'ur']`, true, true
		}
		return `['he', 'ar', 'ar-dz', 'fa', 'ur']`, true, true
	case "LANGUAGES":
		// The list grows with the releases; the entries added after 3.2
		// that deploycheck knows of are dropped for older versions.
		src := baseDefaults["LANGUAGES"]
		if !v.AtLeast(5, 0) {
			src = dropLanguage(src, "ug")
		}
		if !v.AtLeast(4, 1) {
			src = dropLanguage(src, "ckb")
		}
		return src, true, true
	case "PASSWORD_HASHERS":
		if !v.AtLeast(4, 0) {
			return `['django.contrib.auth.hashers.PBKDF2PasswordHasher', 'django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher', 'django.contrib.auth.hashers.Argon2PasswordHasher', 'django.contrib.auth.hashers.BCryptSHA256PasswordHasher']`, true, true
		}
	case "SIGNED_COOKIE_LEGACY_SALT_FALLBACK":
		return in(v.AtLeast(4, 2), `True`)
	}
	return "", false, false
}

// dropLanguage removes the ('code', 'Name') entry from a LANGUAGES literal.
func dropLanguage(src, code string) string {
	start := strings.Index(src, "('"+code+"', ")
	if start < 0 {
		return src
	}
	end := strings.Index(src[start:], "), ")
	if end < 0 {
		return src
	}
	return src[:start] + src[start+end+3:]
}

// baseDefaults holds global_settings of Django 5.2 as Python literals.
// versionedDefault overrides the entries that differ in other releases.
var baseDefaults = map[string]string{
	"ABSOLUTE_URL_OVERRIDES":             `{}`,
	"ADMINS":                             `[]`,
	"ALLOWED_HOSTS":                      `[]`,
	"APPEND_SLASH":                       `True`,
	"AUTHENTICATION_BACKENDS":            `['django.contrib.auth.backends.ModelBackend']`,
	"AUTH_PASSWORD_VALIDATORS":           `[]`,
	"AUTH_USER_MODEL":                    `'auth.User'`,
	"CACHES":                             `{'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}`,
	"CACHE_MIDDLEWARE_ALIAS":             `'default'`,
	"CACHE_MIDDLEWARE_KEY_PREFIX":        `''`,
	"CACHE_MIDDLEWARE_SECONDS":           `600`,
	"CSRF_COOKIE_AGE":                    `31449600`,
	"CSRF_COOKIE_DOMAIN":                 `None`,
	"CSRF_COOKIE_HTTPONLY":               `False`,
	"CSRF_COOKIE_NAME":                   `'csrftoken'`,
	"CSRF_COOKIE_PATH":                   `'/'`,
	"CSRF_COOKIE_SAMESITE":               `'Lax'`,
	"CSRF_COOKIE_SECURE":                 `False`,
	"CSRF_FAILURE_VIEW":                  `'django.views.csrf.csrf_failure'`,
	"CSRF_HEADER_NAME":                   `'HTTP_X_CSRFTOKEN'`,
	"CSRF_TRUSTED_ORIGINS":               `[]`,
	"CSRF_USE_SESSIONS":                  `False`,
	"DATABASES":                          `{}`,
	"DATABASE_ROUTERS":                   `[]`,
	"DATA_UPLOAD_MAX_MEMORY_SIZE":        `2621440`,
	"DATA_UPLOAD_MAX_NUMBER_FIELDS":      `1000`,
	"DATA_UPLOAD_MAX_NUMBER_FILES":       `100`,
	"DATETIME_FORMAT":                    `'N j, Y, P'`,
	"DATETIME_INPUT_FORMATS":             `['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M:%S.%f', '%m/%d/%Y %H:%M', '%m/%d/%y %H:%M:%S', '%m/%d/%y %H:%M:%S.%f', '%m/%d/%y %H:%M']`,
	"DATE_FORMAT":                        `'N j, Y'`,
	"DATE_INPUT_FORMATS":                 `['%Y-%m-%d', '%m/%d/%Y', '%m/%d/%y', '%b %d %Y', '%b %d, %Y', '%d %b %Y', '%d %b, %Y', '%B %d %Y', '%B %d, %Y', '%d %B %Y', '%d %B, %Y']`,
	"DEBUG":                              `False`,
	"DEBUG_PROPAGATE_EXCEPTIONS":         `False`,
	"DECIMAL_SEPARATOR":                  `'.'`,
	"DEFAULT_AUTO_FIELD":                 `'django.db.models.AutoField'`,
	"DEFAULT_CHARSET":                    `'utf-8'`,
	"DEFAULT_EXCEPTION_REPORTER":         `'django.views.debug.ExceptionReporter'`,
	"DEFAULT_EXCEPTION_REPORTER_FILTER":  `'django.views.debug.SafeExceptionReporterFilter'`,
	"DEFAULT_FROM_EMAIL":                 `'webmaster@localhost'`,
	"DEFAULT_INDEX_TABLESPACE":           `''`,
	"DEFAULT_TABLESPACE":                 `''`,
	"DISALLOWED_USER_AGENTS":             `[]`,
	"EMAIL_BACKEND":                      `'django.core.mail.backends.smtp.EmailBackend'`,
	"EMAIL_HOST":                         `'localhost'`,
	"EMAIL_HOST_PASSWORD":                `''`,
	"EMAIL_HOST_USER":                    `''`,
	"EMAIL_PORT":                         `25`,
	"EMAIL_SSL_CERTFILE":                 `None`,
	"EMAIL_SSL_KEYFILE":                  `None`,
	"EMAIL_SUBJECT_PREFIX":               `'[Django] '`,
	"EMAIL_TIMEOUT":                      `None`,
	"EMAIL_USE_LOCALTIME":                `False`,
	"EMAIL_USE_SSL":                      `False`,
	"EMAIL_USE_TLS":                      `False`,
	"FILE_UPLOAD_DIRECTORY_PERMISSIONS":  `None`,
	"FILE_UPLOAD_HANDLERS":               `['django.core.files.uploadhandler.MemoryFileUploadHandler', 'django.core.files.uploadhandler.TemporaryFileUploadHandler']`,
	"FILE_UPLOAD_MAX_MEMORY_SIZE":        `2621440`,
	"FILE_UPLOAD_PERMISSIONS":            `420`,
	"FILE_UPLOAD_TEMP_DIR":               `None`,
	"FIRST_DAY_OF_WEEK":                  `0`,
	"FIXTURE_DIRS":                       `[]`,
	"FORCE_SCRIPT_NAME":                  `None`,
	"FORMAT_MODULE_PATH":                 `None`,
	"FORMS_URLFIELD_ASSUME_HTTPS":        `False`,
	"FORM_RENDERER":                      `'django.forms.renderers.DjangoTemplates'`,
	"IGNORABLE_404_URLS":                 `[]`,
	"INSTALLED_APPS":                     `[]`,
	"INTERNAL_IPS":                       `[]`,
	"LANGUAGES":                          `[('af', 'Afrikaans'), ('ar', 'Arabic'), ('ar-dz', 'Algerian Arabic'), ('ast', 'Asturian'), ('az', 'Azerbaijani'), ('bg', 'Bulgarian'), ('be', 'Belarusian'), ('bn', 'Bengali'), ('br', 'Breton'), ('bs', 'Bosnian'), ('ca', 'Catalan'), ('ckb', 'Central Kurdish (Sorani)'), ('cs', 'Czech'), ('cy', 'Welsh'), ('da', 'Danish'), ('de', 'German'), ('dsb', 'Lower Sorbian'), ('el', 'Greek'), ('en', 'English'), ('en-au', 'Australian English'), ('en-gb', 'British English'), ('eo', 'Esperanto'), ('es', 'Spanish'), ('es-ar', 'Argentinian Spanish'), ('es-co', 'Colombian Spanish'), ('es-mx', 'Mexican Spanish'), ('es-ni', 'Nicaraguan Spanish'), ('es-ve', 'Venezuelan Spanish'), ('et', 'Estonian'), ('eu', 'Basque'), ('fa', 'Persian'), ('fi', 'Finnish'), ('fr', 'French'), ('fy', 'Frisian'), ('ga', 'Irish'), ('gd', 'Scottish Gaelic'), ('gl', 'Galician'), ('he', 'Hebrew'), ('hi', 'Hindi'), ('hr', 'Croatian'), ('hsb', 'Upper Sorbian'), ('hu', 'Hungarian'), ('hy', 'Armenian'), ('ia', 'Interlingua'), ('id', 'Indonesian'), ('ig', 'Igbo'), ('io', 'Ido'), ('is', 'Icelandic'), ('it', 'Italian'), ('ja', 'Japanese'), ('ka', 'Georgian'), ('kab', 'Kabyle'), ('kk', 'Kazakh'), ('km', 'Khmer'), ('kn', 'Kannada'), ('ko', 'Korean'), ('ky', 'Kyrgyz'), ('lb', 'Luxembourgish'), ('lt', 'Lithuanian'), ('lv', 'Latvian'), ('mk', 'Macedonian'), ('ml', 'Malayalam'), ('mn', 'Mongolian'), ('mr', 'Marathi'), ('ms', 'Malay'), ('my', 'Burmese'), ('nb', 'Norwegian Bokmål'), ('ne', 'Nepali'), ('nl', 'Dutch'), ('nn', 'Norwegian Nynorsk'), ('os', 'Ossetic'), ('pa', 'Punjabi'), ('pl', 'Polish'), ('pt', 'Portuguese'), ('pt-br', 'Brazilian Portuguese'), ('ro', 'Romanian'), ('ru', 'Russian'), ('sk', 'Slovak'), ('sl', 'Slovenian'), ('sq', 'Albanian'), ('sr', 'Serbian'), ('sr-latn', 'Serbian Latin'), ('sv', 'Swedish'), ('sw', 'Swahili'), ('ta', 'Tamil'), ('te', 'Telugu'), ('tg', 'Tajik'), ('th', 'Thai'), ('tk', 'Turkmen'), ('tr', 'Turkish'), ('tt', 'Tatar'), ('udm', 'Udmurt'), ('ug', 'Uyghur'), ('uk', 'Ukrainian'), ('ur', 'Urdu'), ('uz', 'Uzbek'), ('vi', 'Vietnamese'), ('zh-hans', 'Simplified Chinese'), ('zh-hant', 'Traditional Chinese')]`,
	"LANGUAGES_BIDI":                     `['he', 'ar', 'ar-dz', 'ckb', 'fa', 'ug', 'ur']`,
	"LANGUAGE_CODE":                      `'en-us'`,
	"LANGUAGE_COOKIE_AGE":                `None`,
	"LANGUAGE_COOKIE_DOMAIN":             `None`,
	"LANGUAGE_COOKIE_HTTPONLY":           `False`,
	"LANGUAGE_COOKIE_NAME":               `'django_language'`,
	"LANGUAGE_COOKIE_PATH":               `'/'`,
	"LANGUAGE_COOKIE_SAMESITE":           `None`,
	"LANGUAGE_COOKIE_SECURE":             `False`,
	"LOCALE_PATHS":                       `[]`,
	"LOGGING":                            `{}`,
	"LOGGING_CONFIG":                     `'logging.config.dictConfig'`,
	"LOGIN_REDIRECT_URL":                 `'/accounts/profile/'`,
	"LOGIN_URL":                          `'/accounts/login/'`,
	"LOGOUT_REDIRECT_URL":                `None`,
	"MANAGERS":                           `[]`,
	"MEDIA_ROOT":                         `''`,
	"MEDIA_URL":                          `''`,
	"MESSAGE_STORAGE":                    `'django.contrib.messages.storage.fallback.FallbackStorage'`,
	"MIDDLEWARE":                         `[]`,
	"MIGRATION_MODULES":                  `{}`,
	"MONTH_DAY_FORMAT":                   `'F j'`,
	"NUMBER_GROUPING":                    `0`,
	"PASSWORD_HASHERS":                   `['django.contrib.auth.hashers.PBKDF2PasswordHasher', 'django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher', 'django.contrib.auth.hashers.Argon2PasswordHasher', 'django.contrib.auth.hashers.BCryptSHA256PasswordHasher', 'django.contrib.auth.hashers.ScryptPasswordHasher']`,
	"PASSWORD_RESET_TIMEOUT":             `259200`,
	"PREPEND_WWW":                        `False`,
	"SECRET_KEY":                         `''`,
	"SECRET_KEY_FALLBACKS":               `[]`,
	"SECURE_CONTENT_TYPE_NOSNIFF":        `True`,
	"SECURE_CROSS_ORIGIN_OPENER_POLICY":  `'same-origin'`,
	"SECURE_HSTS_INCLUDE_SUBDOMAINS":     `False`,
	"SECURE_HSTS_PRELOAD":                `False`,
	"SECURE_HSTS_SECONDS":                `0`,
	"SECURE_PROXY_SSL_HEADER":            `None`,
	"SECURE_REDIRECT_EXEMPT":             `[]`,
	"SECURE_REFERRER_POLICY":             `'same-origin'`,
	"SECURE_SSL_HOST":                    `None`,
	"SECURE_SSL_REDIRECT":                `False`,
	"SERVER_EMAIL":                       `'root@localhost'`,
	"SESSION_CACHE_ALIAS":                `'default'`,
	"SESSION_COOKIE_AGE":                 `1209600`,
	"SESSION_COOKIE_DOMAIN":              `None`,
	"SESSION_COOKIE_HTTPONLY":            `True`,
	"SESSION_COOKIE_NAME":                `'sessionid'`,
	"SESSION_COOKIE_PATH":                `'/'`,
	"SESSION_COOKIE_SAMESITE":            `'Lax'`,
	"SESSION_COOKIE_SECURE":              `False`,
	"SESSION_ENGINE":                     `'django.contrib.sessions.backends.db'`,
	"SESSION_EXPIRE_AT_BROWSER_CLOSE":    `False`,
	"SESSION_FILE_PATH":                  `None`,
	"SESSION_SAVE_EVERY_REQUEST":         `False`,
	"SESSION_SERIALIZER":                 `'django.contrib.sessions.serializers.JSONSerializer'`,
	"SHORT_DATETIME_FORMAT":              `'m/d/Y P'`,
	"SHORT_DATE_FORMAT":                  `'m/d/Y'`,
	"SIGNED_COOKIE_LEGACY_SALT_FALLBACK": `True`,
	"SIGNING_BACKEND":                    `'django.core.signing.TimestampSigner'`,
	"SILENCED_SYSTEM_CHECKS":             `[]`,
	"STATICFILES_DIRS":                   `[]`,
	"STATICFILES_FINDERS":                `['django.contrib.staticfiles.finders.FileSystemFinder', 'django.contrib.staticfiles.finders.AppDirectoriesFinder']`,
	"STATIC_ROOT":                        `None`,
	"STATIC_URL":                         `None`,
	"STORAGES":                           `{'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}`,
	"TEMPLATES":                          `[]`,
	"TEST_NON_SERIALIZED_APPS":           `[]`,
	"TEST_RUNNER":                        `'django.test.runner.DiscoverRunner'`,
	"THOUSAND_SEPARATOR":                 `','`,
	"TIME_FORMAT":                        `'P'`,
	"TIME_INPUT_FORMATS":                 `['%H:%M:%S', '%H:%M:%S.%f', '%H:%M']`,
	"TIME_ZONE":                          `'America/Chicago'`,
	"USE_I18N":                           `True`,
	"USE_THOUSAND_SEPARATOR":             `False`,
	"USE_TZ":                             `True`,
	"USE_X_FORWARDED_HOST":               `False`,
	"USE_X_FORWARDED_PORT":               `False`,
	"WSGI_APPLICATION":                   `None`,
	"X_FRAME_OPTIONS":                    `'DENY'`,
	"YEAR_MONTH_FORMAT":                  `'F Y'`,
}
