package settings

import (
	"fmt"
	"strings"
	"time"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// ProblemDjango is the Problem.Kind of the failures Validate finds: Django
// itself would stop (ImproperlyConfigured at startup, or an exception in a
// system check) before `check --deploy` could report any id.
const ProblemDjango = "django"

// Validate adds to s.Problems the failures real Django would hit with
// these settings before reporting any check result, and sets s.Fatal when
// it finds one: what Django's settings loading and app loading refuse for
// the version, and the system checks that would raise instead of reporting.
// Only failures that are certain are reported; an Unknown value never is.
func Validate(s *Settings) {
	v := s.Version
	fail := func(name, format string, args ...any) {
		p := Problem{Kind: ProblemDjango, Message: fmt.Sprintf(format, args...), File: s.File}
		if st := s.Get(name); st != nil {
			if !st.Default {
				p.File, p.Line, p.Col = st.File, st.Line, st.Col
			}
			p.Env = st.Value.Env()
		}
		s.Problems = append(s.Problems, p)
		s.Fatal = true
	}

	// App labels must be unique (the app registry refuses duplicates).
	if label := duplicateAppLabel(s.Value("INSTALLED_APPS")); label != "" {
		fail("INSTALLED_APPS", "Django refuses to start: two INSTALLED_APPS entries have the application label %q.", label)
	}

	// Settings that must be a list or a tuple.
	listSettings := []string{"INSTALLED_APPS", "TEMPLATE_DIRS", "LOCALE_PATHS"}
	if v.AtLeast(4, 0) {
		listSettings = append(listSettings, "ALLOWED_HOSTS")
	}
	if v.AtLeast(4, 1) {
		listSettings = append(listSettings, "SECRET_KEY_FALLBACKS")
	}
	for _, name := range listSettings {
		if !s.IsOverridden(name) {
			continue
		}
		if val := s.Value(name); notListOrTuple(val) {
			fail(name, "Django refuses to start: the %s setting must be a list or a tuple, not %s %s.",
				name, val.TypeName(), pyvalue.Repr(val))
		}
	}

	// Settings that exclude each other.
	if !v.AtLeast(4, 0) && s.IsOverridden("PASSWORD_RESET_TIMEOUT_DAYS") && s.IsOverridden("PASSWORD_RESET_TIMEOUT") {
		fail("PASSWORD_RESET_TIMEOUT_DAYS", "Django refuses to start: PASSWORD_RESET_TIMEOUT_DAYS and PASSWORD_RESET_TIMEOUT cannot both be set.")
	}
	if v.AtLeast(4, 2) && !v.AtLeast(5, 1) && s.IsOverridden("STORAGES") {
		for _, old := range []string{"DEFAULT_FILE_STORAGE", "STATICFILES_STORAGE"} {
			if s.IsOverridden(old) {
				fail(old, "Django refuses to start: %s and STORAGES cannot both be set.", old)
			}
		}
	}
	if v.AtLeast(6, 1) && s.IsOverridden("MAILERS") {
		for _, name := range legacyEmailSettings {
			if s.IsOverridden(name) {
				fail(name, "Django refuses to start: MAILERS cannot be combined with the deprecated %s setting.", name)
			}
		}
	}

	validateTimeZone(s, fail)
	validateApps(s, fail)
	validateSecretKeys(s, fail)
	validateTemplates(s, fail)
	validateCheckCrashes(s, fail)
}

// legacyEmailSettings are the EMAIL_* settings MAILERS replaces in 6.1.
var legacyEmailSettings = []string{"EMAIL_BACKEND", "EMAIL_FILE_PATH", "EMAIL_HOST",
	"EMAIL_HOST_PASSWORD", "EMAIL_HOST_USER", "EMAIL_PORT", "EMAIL_SSL_CERTFILE",
	"EMAIL_SSL_KEYFILE", "EMAIL_TIMEOUT", "EMAIL_USE_SSL", "EMAIL_USE_TLS"}

// notListOrTuple reports a value certainly not a list or tuple (objects
// are given the benefit of the doubt: they may subclass list).
func notListOrTuple(v pyvalue.Value) bool {
	switch v.Kind() {
	case pyvalue.KindList, pyvalue.KindTuple, pyvalue.KindUnknown:
		return false
	case pyvalue.KindObject:
		switch v.TypeName() {
		case "range", "PosixPath", "function", "builtin_function_or_method", "module", "type", "method":
			return true
		}
		return false
	}
	return true
}

type failFunc func(name, format string, args ...any)

// zoneDirs are the directories of the time zone database; Django accepts
// any existing path under /usr/share/zoneinfo.
var zoneDirs = strings.Fields(`Africa America America/Argentina America/Indiana America/Kentucky
	America/North_Dakota Antarctica Arctic Asia Atlantic Australia Brazil Canada Chile Etc Europe
	Indian Mexico Pacific US posix right`)

func validateTimeZone(s *Settings, fail failFunc) {
	if !s.IsOverridden("TIME_ZONE") {
		return
	}
	val := s.Value("TIME_ZONE")
	t, known := val.Truthy()
	if !known || !t {
		return
	}
	name, isStr := val.AsStr()
	if !isStr {
		if val.Kind() != pyvalue.KindObject {
			fail("TIME_ZONE", "Django fails at startup: TIME_ZONE must be a string, not %s.", val.TypeName())
		}
		return
	}
	if _, err := time.LoadLocation("America/Chicago"); err != nil {
		return // no time zone database here to compare with
	}
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") || strings.Contains(name, "//") {
		return // paths Django resolves in ways not worth modelling
	}
	bare := strings.TrimPrefix(strings.TrimPrefix(name, "posix/"), "right/")
	if _, err := time.LoadLocation(bare); err == nil && bare != "" && bare != "Local" {
		return
	}
	for _, d := range zoneDirs {
		if name == d {
			return
		}
	}
	if !strings.Contains(name, "/") && (strings.Contains(name, ".") || strings.ToLower(name) == name) {
		return // zone.tab, leapseconds and similar files of the database
	}
	fail("TIME_ZONE", "Django fails at startup: TIME_ZONE %s is not in the time zone database (/usr/share/zoneinfo).", pyvalue.QuoteStr(name))
}

func validateApps(s *Settings, fail failFunc) {
	apps := s.Value("INSTALLED_APPS")
	installed := func(name string) (bool, bool) { return AppInstalled(apps, name) }
	admin, adminKnown := installed("django.contrib.admin")
	auth, authKnown := installed("django.contrib.auth")
	ct, ctKnown := installed("django.contrib.contenttypes")
	if ctKnown && !ct {
		if adminKnown && admin {
			fail("INSTALLED_APPS", "Django fails at startup: django.contrib.admin needs django.contrib.contenttypes in INSTALLED_APPS (its models refer to ContentType).")
		} else if authKnown && auth {
			fail("INSTALLED_APPS", "Django fails at startup: django.contrib.auth needs django.contrib.contenttypes in INSTALLED_APPS (its models refer to ContentType).")
		}
	}
	if adminKnown && admin && authKnown && !auth && ctKnown && ct {
		fail("INSTALLED_APPS", "Django fails at startup: django.contrib.admin needs django.contrib.auth in INSTALLED_APPS.")
	}
}

// adminAutodiscovers tells whether INSTALLED_APPS certainly lists the admin
// with autodiscovery (not SimpleAdminConfig).
func adminAutodiscovers(apps pyvalue.Value) bool {
	elems, _ := apps.Elems()
	for _, e := range elems {
		if name, _ := e.AsStr(); name == "django.contrib.admin" || name == "django.contrib.admin.apps.AdminConfig" {
			return true
		}
	}
	return false
}

func validateSecretKeys(s *Settings, fail failFunc) {
	v := s.Version
	key := s.Value("SECRET_KEY")
	if t, known := key.Truthy(); known {
		if !t && !v.AtLeast(4, 0) && adminAutodiscovers(s.Value("INSTALLED_APPS")) {
			fail("SECRET_KEY", "Django %s fails at startup: SECRET_KEY is empty and the admin's autodiscovery builds the password reset token generator, which needs it.", v.Series())
		}
		if t {
			if _, crash, known := SecretKeyTest(key); known && crash {
				fail("SECRET_KEY", "Django's security.W009 check raises TypeError: SECRET_KEY is %s, not a string.", key.TypeName())
			}
		}
	}
	if !v.AtLeast(4, 1) {
		return
	}
	fallbacks, ok := s.Value("SECRET_KEY_FALLBACKS").Elems()
	if !ok {
		return
	}
	for i, f := range fallbacks {
		if _, crash, known := SecretKeyTest(f); known && crash {
			fail("SECRET_KEY_FALLBACKS", "Django's security.W025 check raises TypeError: SECRET_KEY_FALLBACKS[%d] is %s, not a string.", i, f.TypeName())
			return
		}
	}
}

// djangoTemplatesOptions are the OPTIONS Django's template engine accepts.
var djangoTemplatesOptions = map[string]bool{"autoescape": true, "context_processors": true,
	"debug": true, "loaders": true, "string_if_invalid": true, "file_charset": true,
	"libraries": true, "builtins": true}

// validateTemplates finds the TEMPLATES errors that make Django raise when
// it builds the template engines: always in 5.1+ (the template checks
// build them), and before that when the admin's checks do.
func validateTemplates(s *Settings, fail failFunc) {
	v := s.Version
	built := v.AtLeast(5, 1)
	if !built {
		admin, known := AppInstalled(s.Value("INSTALLED_APPS"), "django.contrib.admin")
		built = known && admin
	}
	if !built {
		return
	}
	confs, ok := s.Value("TEMPLATES").Elems()
	if !ok {
		return
	}
	names := map[string]bool{}
	for i, conf := range confs {
		d, ok := conf.AsDict()
		if !ok {
			return
		}
		for _, k := range d.Keys() {
			if k.IsUnknown() {
				return
			}
		}
		backend, hasBackend := d.GetStr("BACKEND")
		if !hasBackend {
			fail("TEMPLATES", "Django raises ImproperlyConfigured building the template engines: TEMPLATES[%d] has no BACKEND.", i)
			return
		}
		b, isStr := backend.AsStr()
		if !isStr {
			return
		}
		name := ""
		if n, ok := d.GetStr("NAME"); ok {
			if name, ok = n.AsStr(); !ok {
				return
			}
		} else {
			parts := strings.Split(b, ".")
			if len(parts) < 2 {
				fail("TEMPLATES", "Django raises ImproperlyConfigured building the template engines: invalid BACKEND %s.", pyvalue.QuoteStr(b))
				return
			}
			name = parts[len(parts)-2]
		}
		if names[name] {
			fail("TEMPLATES", "Django raises ImproperlyConfigured building the template engines: two engines are named %s; give each a unique NAME.", pyvalue.QuoteStr(name))
			return
		}
		names[name] = true
		if b != "django.template.backends.django.DjangoTemplates" {
			continue
		}
		for _, k := range d.Keys() {
			ks, _ := k.AsStr()
			switch ks {
			case "BACKEND", "NAME", "DIRS", "APP_DIRS", "OPTIONS":
			default:
				fail("TEMPLATES", "Django raises ImproperlyConfigured building the template engines: TEMPLATES[%d] has the unknown key %s.", i, pyvalue.Repr(k))
				return
			}
		}
		optsVal, hasOpts := d.GetStr("OPTIONS")
		var opts *pyvalue.Dict
		if hasOpts {
			if opts, ok = optsVal.AsDict(); !ok {
				return
			}
			for _, k := range opts.Keys() {
				ks, isStr := k.AsStr()
				if k.IsUnknown() {
					return
				}
				if !isStr || !djangoTemplatesOptions[ks] {
					fail("TEMPLATES", "Django raises TypeError building the template engines: TEMPLATES[%d] OPTIONS has the unknown option %s.", i, pyvalue.Repr(k))
					return
				}
			}
		}
		appDirs, hasAppDirs := d.GetStr("APP_DIRS")
		if !hasAppDirs || opts == nil {
			continue
		}
		loaders, hasLoaders := opts.GetStr("loaders")
		if !hasLoaders || loaders.IsUnknown() || loaders.IsNone() {
			continue
		}
		if t, known := appDirs.Truthy(); known && t {
			fail("TEMPLATES", "Django raises ImproperlyConfigured building the template engines: TEMPLATES[%d] sets APP_DIRS together with OPTIONS['loaders'].", i)
			return
		}
	}
}

// validateCheckCrashes finds settings that make one of Django's system
// checks raise an exception, which stops the whole command.
func validateCheckCrashes(s *Settings, fail failFunc) {
	v := s.Version
	// MIDDLEWARE: `path in settings.MIDDLEWARE` (security.W001 always runs).
	if mw := s.Value("MIDDLEWARE"); isNonContainer(mw) {
		fail("MIDDLEWARE", "Django's security checks raise TypeError: MIDDLEWARE is %s, not a list.", mw.TypeName())
	}
	// STATIC_URL / MEDIA_URL get the script prefix added when read.
	for _, name := range []string{"STATIC_URL", "MEDIA_URL"} {
		val := s.Value(name)
		switch val.Kind() {
		case pyvalue.KindStr, pyvalue.KindNone, pyvalue.KindUnknown, pyvalue.KindObject:
		default:
			fail(name, "Django raises reading %s: it must be a string or None, not %s.", name, val.TypeName())
		}
	}
	// CSRF_FAILURE_VIEW must be a dotted path or a callable.
	switch view := s.Value("CSRF_FAILURE_VIEW"); view.Kind() {
	case pyvalue.KindStr:
		path, _ := view.AsStr()
		undecided := func([]string) (bool, bool) { return false, false }
		switch ResolveView(path, undecided) {
		case ViewDoesNotExist:
			fail("CSRF_FAILURE_VIEW", "Django's CSRF failure view check raises ViewDoesNotExist: the module CSRF_FAILURE_VIEW %s names does not exist.", pyvalue.QuoteStr(path))
		case ViewModuleFound:
			dot := strings.LastIndexByte(path, '.')
			if has, known := DjangoViewAttr(path[:dot], path[dot+1:]); known && !has {
				fail("CSRF_FAILURE_VIEW", "Django's CSRF failure view check raises ViewDoesNotExist: module %s has no %s.", path[:dot], path[dot+1:])
			}
		}
	case pyvalue.KindUnknown, pyvalue.KindObject:
	default:
		fail("CSRF_FAILURE_VIEW", "Django's CSRF failure view check raises ViewDoesNotExist: CSRF_FAILURE_VIEW is %s, not a dotted path.", view.TypeName())
	}
	security := false
	if elems, ok := s.Value("MIDDLEWARE").Elems(); ok {
		for _, e := range elems {
			if name, _ := e.AsStr(); name == "django.middleware.security.SecurityMiddleware" {
				security = true
			}
		}
	}
	if security {
		rp := s.Value("SECURE_REFERRER_POLICY")
		switch rp.Kind() {
		case pyvalue.KindBool, pyvalue.KindInt, pyvalue.KindFloat, pyvalue.KindComplex, pyvalue.KindEllipsis:
			fail("SECURE_REFERRER_POLICY", "Django's security.E023 check raises TypeError: SECURE_REFERRER_POLICY is %s.", rp.TypeName())
		}
		if v.AtLeast(4, 0) {
			coop := s.Value("SECURE_CROSS_ORIGIN_OPENER_POLICY")
			switch coop.Kind() {
			case pyvalue.KindList, pyvalue.KindDict, pyvalue.KindSet:
				fail("SECURE_CROSS_ORIGIN_OPENER_POLICY", "Django's security.E024 check raises TypeError: SECURE_CROSS_ORIGIN_OPENER_POLICY is an unhashable %s.", coop.TypeName())
			}
		}
	}
	if v.AtLeast(4, 0) {
		if origins, ok := s.Value("CSRF_TRUSTED_ORIGINS").Elems(); ok {
			for _, o := range origins {
				switch o.Kind() {
				case pyvalue.KindStr, pyvalue.KindUnknown, pyvalue.KindObject:
					continue
				}
				fail("CSRF_TRUSTED_ORIGINS", "Django's 4_0.E001 check raises TypeError: CSRF_TRUSTED_ORIGINS holds %s, not a string.", o.TypeName())
				break
			}
		}
	}
	// A default language without any translation catalog: with USE_I18N on,
	// importing django.contrib.auth's models activates it and Django raises
	// OSError.
	if t, known := s.Value("USE_I18N").Truthy(); known && t {
		code, isStr := s.Value("LANGUAGE_CODE").AsStr()
		auth, authKnown := AppInstalled(s.Value("INSTALLED_APPS"), "django.contrib.auth")
		if isStr && code != "" && authKnown && auth && OnlyDjangoCatalogs(s) {
			if has, known := DjangoCatalog(v, code); known && !has {
				fail("LANGUAGE_CODE", "Django fails at startup: no translation catalog exists for LANGUAGE_CODE %s while USE_I18N is on.", pyvalue.QuoteStr(code))
			}
		}
	}
}

// isNonContainer reports values on which Python's `in` raises TypeError.
func isNonContainer(v pyvalue.Value) bool {
	switch v.Kind() {
	case pyvalue.KindNone, pyvalue.KindBool, pyvalue.KindInt, pyvalue.KindFloat, pyvalue.KindComplex, pyvalue.KindEllipsis:
		return true
	}
	return false
}

// duplicateAppLabel returns an application label that two INSTALLED_APPS
// entries share, as far as labels are known: an entry listed twice, or two
// spellings of one django.contrib app (module or AppConfig path). Labels of
// other apps can be set by their AppConfig, so they are not guessed.
func duplicateAppLabel(apps pyvalue.Value) string {
	elems, ok := apps.Elems()
	if !ok {
		return ""
	}
	seen := map[string]bool{}
	for _, e := range elems {
		name, ok := e.AsStr()
		if !ok {
			continue
		}
		label := "entry:" + name
		if rest, ok := strings.CutPrefix(name, "django.contrib."); ok {
			label = strings.SplitN(rest, ".", 2)[0]
		}
		if seen[label] {
			return strings.TrimPrefix(label, "entry:")
		}
		seen[label] = true
	}
	return ""
}
