package settings

import (
	"strings"
	"testing"
)

const apps6 = `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions', 'django.contrib.messages', 'django.contrib.staticfiles']`

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		v     string
		set   map[string]string
		fatal bool
		about string // a word the problem must mention
	}{
		{"clean", "5.2.0", map[string]string{"INSTALLED_APPS": apps6, "SECRET_KEY": `'k'`}, false, ""},
		{"app listed twice", "5.2.0", map[string]string{"INSTALLED_APPS": `['django.contrib.contenttypes', 'django.contrib.auth', 'mysite.blog', 'mysite.blog']`, "SECRET_KEY": `'k'`}, true, "label"},
		{"admin twice spelled differently", "5.2.0", map[string]string{"INSTALLED_APPS": `['django.contrib.contenttypes', 'django.contrib.auth', 'django.contrib.admin', 'django.contrib.admin.apps.SimpleAdminConfig']`, "SECRET_KEY": `'k'`}, true, "admin"},
		{"ALLOWED_HOSTS str 4.2", "4.2.0", map[string]string{"ALLOWED_HOSTS": `'*'`}, true, "ALLOWED_HOSTS"},
		{"ALLOWED_HOSTS str 3.2", "3.2.0", map[string]string{"ALLOWED_HOSTS": `'*'`}, false, ""},
		{"ALLOWED_HOSTS unknown", "5.2.0", map[string]string{"ALLOWED_HOSTS": `?`}, false, ""},
		{"INSTALLED_APPS str 3.2", "3.2.0", map[string]string{"INSTALLED_APPS": `'django.contrib.auth'`}, true, "INSTALLED_APPS"},
		{"LOCALE_PATHS None", "5.2.0", map[string]string{"LOCALE_PATHS": `None`}, true, "LOCALE_PATHS"},
		{"fallbacks str 4.1", "4.1.0", map[string]string{"SECRET_KEY_FALLBACKS": `'abc'`}, true, "SECRET_KEY_FALLBACKS"},
		{"fallbacks str 4.0", "4.0.0", map[string]string{"SECRET_KEY_FALLBACKS": `'abc'`}, false, ""},
		{"reset timeouts 3.2", "3.2.0", map[string]string{"PASSWORD_RESET_TIMEOUT_DAYS": `1`, "PASSWORD_RESET_TIMEOUT": `60`}, true, "PASSWORD_RESET_TIMEOUT"},
		{"reset timeouts 4.2", "4.2.0", map[string]string{"PASSWORD_RESET_TIMEOUT_DAYS": `1`, "PASSWORD_RESET_TIMEOUT": `60`}, false, ""},
		{"STORAGES and STATICFILES_STORAGE 4.2", "4.2.0", map[string]string{"STORAGES": `{}`, "STATICFILES_STORAGE": `'x.S'`}, true, "STATICFILES_STORAGE"},
		{"STORAGES and STATICFILES_STORAGE 5.2", "5.2.0", map[string]string{"STORAGES": `{}`, "STATICFILES_STORAGE": `'x.S'`}, false, ""},
		{"MAILERS with EMAIL_HOST 6.1", "6.1.0", map[string]string{"MAILERS": `{}`, "EMAIL_HOST": `'smtp'`}, true, "EMAIL_HOST"},
		{"MAILERS alone 6.1", "6.1.0", map[string]string{"MAILERS": `{}`, "EMAIL_SUBJECT_PREFIX": `'x'`}, false, ""},
		{"MAILERS with EMAIL_HOST 5.2", "5.2.0", map[string]string{"MAILERS": `{}`, "EMAIL_HOST": `'smtp'`}, false, ""},
		{"TIME_ZONE bad", "5.2.0", map[string]string{"TIME_ZONE": `'Mars/Olympus_Mons'`}, true, "TIME_ZONE"},
		{"TIME_ZONE good", "5.2.0", map[string]string{"TIME_ZONE": `'Europe/Paris'`}, false, ""},
		{"TIME_ZONE dir", "5.2.0", map[string]string{"TIME_ZONE": `'Europe'`}, false, ""},
		{"TIME_ZONE int", "5.2.0", map[string]string{"TIME_ZONE": `5`}, true, "TIME_ZONE"},
		{"empty key with admin 3.2", "3.2.0", map[string]string{"INSTALLED_APPS": apps6, "SECRET_KEY": `''`}, true, "SECRET_KEY"},
		{"empty key without admin 3.2", "3.2.0", map[string]string{"INSTALLED_APPS": `['django.contrib.auth', 'django.contrib.contenttypes']`, "SECRET_KEY": `''`}, false, ""},
		{"empty key with admin 4.2", "4.2.0", map[string]string{"INSTALLED_APPS": apps6, "SECRET_KEY": `''`}, false, ""},
		{"bytes key", "5.2.0", map[string]string{"SECRET_KEY": `b'` + strings.Repeat("abcdefghij", 6) + `'`}, true, "SECRET_KEY"},
		{"short bytes key", "5.2.0", map[string]string{"SECRET_KEY": `b'abc'`}, false, ""},
		{"int key", "5.2.0", map[string]string{"SECRET_KEY": `12345`}, true, "SECRET_KEY"},
		{"None fallback", "5.2.0", map[string]string{"SECRET_KEY_FALLBACKS": `[None]`}, true, "SECRET_KEY_FALLBACKS"},
		{"admin without contenttypes", "5.2.0", map[string]string{"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.messages']`}, true, "contenttypes"},
		{"auth without contenttypes", "5.2.0", map[string]string{"INSTALLED_APPS": `['django.contrib.auth']`}, true, "contenttypes"},
		{"admin without auth", "5.2.0", map[string]string{"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.contenttypes', 'django.contrib.messages']`}, true, "auth"},
		{"custom app may be contenttypes", "5.2.0", map[string]string{"INSTALLED_APPS": `['django.contrib.auth', 'x.apps.CTConfig']`}, false, ""},
		{"templates app_dirs+loaders 5.2", "5.2.0", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True, 'OPTIONS': {'loaders': []}}]`}, true, "APP_DIRS"},
		{"templates app_dirs+loaders 4.2 no admin", "4.2.0", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True, 'OPTIONS': {'loaders': []}}]`}, false, ""},
		{"templates app_dirs+loaders 4.2 admin", "4.2.0", map[string]string{"INSTALLED_APPS": apps6, "TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True, 'OPTIONS': {'loaders': []}}]`}, true, "APP_DIRS"},
		{"templates loaders None", "5.2.0", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True, 'OPTIONS': {'loaders': None}}]`}, false, ""},
		{"templates no backend", "5.2.0", map[string]string{"TEMPLATES": `[{'DIRS': []}]`}, true, "BACKEND"},
		{"templates unknown option", "5.2.0", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'OPTIONS': {'debugg': True}}]`}, true, "debugg"},
		{"templates duplicate name", "5.2.0", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates'}, {'BACKEND': 'django.template.backends.django.DjangoTemplates'}]`}, true, "django"},
		{"MIDDLEWARE None", "5.2.0", map[string]string{"MIDDLEWARE": `None`}, true, "MIDDLEWARE"},
		{"STATIC_URL int", "5.2.0", map[string]string{"STATIC_URL": `0`}, true, "STATIC_URL"},
		{"CSRF_FAILURE_VIEW None", "5.2.0", map[string]string{"CSRF_FAILURE_VIEW": `None`}, true, "CSRF_FAILURE_VIEW"},
		{"CSRF_FAILURE_VIEW missing Django module", "5.2.0", map[string]string{"CSRF_FAILURE_VIEW": `'django.views.nomodule.view'`}, true, "CSRF_FAILURE_VIEW"},
		{"CSRF_FAILURE_VIEW missing Django package", "5.2.0", map[string]string{"CSRF_FAILURE_VIEW": `'django.nomodule.sub.view'`}, false, ""},
		{"referrer policy int", "5.2.0", map[string]string{"MIDDLEWARE": `['django.middleware.security.SecurityMiddleware']`, "SECURE_REFERRER_POLICY": `1`}, true, "SECURE_REFERRER_POLICY"},
		{"referrer policy int without SM", "5.2.0", map[string]string{"SECURE_REFERRER_POLICY": `1`}, false, ""},
		{"COOP list", "5.2.0", map[string]string{"MIDDLEWARE": `['django.middleware.security.SecurityMiddleware']`, "SECURE_CROSS_ORIGIN_OPENER_POLICY": `['same-origin']`}, true, "SECURE_CROSS_ORIGIN_OPENER_POLICY"},
		{"trusted origin int", "5.2.0", map[string]string{"CSRF_TRUSTED_ORIGINS": `[1]`}, true, "CSRF_TRUSTED_ORIGINS"},
		{"language without catalog", "5.2.0", map[string]string{"INSTALLED_APPS": apps6, "LANGUAGE_CODE": `'xx'`}, true, "LANGUAGE_CODE"},
		{"language without catalog, i18n off", "5.2.0", map[string]string{"INSTALLED_APPS": apps6, "LANGUAGE_CODE": `'xx'`, "USE_I18N": `False`}, false, ""},
		{"language without catalog, project locale", "5.2.0", map[string]string{"INSTALLED_APPS": apps6, "LANGUAGE_CODE": `'xx'`, "LOCALE_PATHS": `['/srv/locale']`}, false, ""},
		{"language with catalog", "5.2.0", map[string]string{"INSTALLED_APPS": apps6, "LANGUAGE_CODE": `'de-at'`}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, _ := ParseVersion(c.v)
			s := New(v)
			for name, lit := range c.set {
				s.Set(&Setting{Name: name, Value: MustLiteral(lit), File: "settings.py", Line: 3})
			}
			Validate(s)
			if s.Fatal != c.fatal {
				t.Fatalf("fatal = %v, problems %+v", s.Fatal, s.Problems)
			}
			if !c.fatal {
				return
			}
			p := s.Problems[0]
			if p.Kind != ProblemDjango || !strings.Contains(p.Message, c.about) {
				t.Errorf("problem %+v does not mention %q", p, c.about)
			}
			if p.File != "settings.py" && p.File != "" {
				t.Errorf("problem located in %q", p.File)
			}
		})
	}
}

func TestAppName(t *testing.T) {
	cases := map[string]string{
		`'django.contrib.admin'`:                  "django.contrib.admin",
		`'django.contrib.admin.apps.AdminConfig'`: "django.contrib.admin",
		`'polls'`:                  "polls",
		`'polls.apps.PollsConfig'`: "?",
		`?`:                        "?",
	}
	for lit, want := range cases {
		name, known := AppName(MustLiteral(lit))
		if !known {
			name = "?"
		}
		if name != want {
			t.Errorf("AppName(%s) = %s, want %s", lit, name, want)
		}
	}
}

func TestResolveView(t *testing.T) {
	none := func([]string) (bool, bool) { return false, true }
	cases := map[string]ViewImport{
		"":                               ViewImportError,
		"view":                           ViewImportError,
		"nomod.view":                     ViewImportError,
		"nomod.sub.view":                 ViewImportError,
		"django.views.csrf.csrf_failure": ViewModuleFound,
		"django.views.nomodule.view":     ViewDoesNotExist,
		"django.nomodule.sub.view":       ViewImportError,
		".view":                          ViewUndecided,
	}
	for path, want := range cases {
		if got := ResolveView(path, none); got != want {
			t.Errorf("ResolveView(%q) = %v, want %v", path, got, want)
		}
	}
	if !DjangoModule("django.contrib.admin.templatetags.admin_list") || DjangoModule("django.contrib.nothing") {
		t.Error("DjangoModule is wrong")
	}
}
