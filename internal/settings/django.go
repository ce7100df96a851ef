package settings

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// This file holds pieces of Django's semantics that both settings
// validation and the checks need.

var djangoAppConfigPath = regexp.MustCompile(`^(django\.contrib\.[a-z_]+)\.apps\.[A-Za-z_][A-Za-z0-9_]*$`)

// AppName returns the Django app name (AppConfig.name) that an
// INSTALLED_APPS entry installs, as far as it can be told without
// importing it: a module path installs itself, Django's own AppConfig
// classes install their package, and a third-party AppConfig class (a last
// component starting with a capital) could install anything (known is
// false).
func AppName(entry pyvalue.Value) (name string, known bool) {
	s, ok := entry.AsStr()
	if !ok {
		return "", false
	}
	if m := djangoAppConfigPath.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	if strings.HasPrefix(s, "django.") {
		return s, true
	}
	last := s[strings.LastIndexByte(s, '.')+1:]
	if r, _ := utf8.DecodeRuneInString(last); unicode.IsUpper(r) {
		return "", false
	}
	return s, true
}

// AppInstalled is Django's apps.is_installed(name) over an INSTALLED_APPS
// value: installed tells the answer when known is true.
func AppInstalled(apps pyvalue.Value, name string) (installed, known bool) {
	elems, ok := apps.Elems()
	if !ok {
		return false, false
	}
	known = true
	for _, e := range elems {
		n, k := AppName(e)
		switch {
		case !k:
			known = false
		case n == name:
			return true, true
		}
	}
	return false, known
}

// SecretKeyTest applies Django's secret key test (len(set(key)) >= 5 and
// len(key) >= 50 and not key.startswith("django-insecure-")) with Python's
// semantics: weak when the test fails; crash when evaluating it raises (a
// value that is not iterable, or a non-str one that gets as far as
// startswith); known false when the value is unknown.
func SecretKeyTest(v pyvalue.Value) (weak, crash, known bool) {
	if s, ok := v.AsStr(); ok {
		cps := CodePoints(s)
		seen := map[string]bool{}
		for _, c := range cps {
			seen[c] = true
		}
		return len(seen) < 5 || len(cps) < 50 || strings.HasPrefix(s, "django-insecure-"), false, true
	}
	var elems []pyvalue.Value
	switch v.Kind() {
	case pyvalue.KindUnknown, pyvalue.KindObject:
		return false, false, false
	case pyvalue.KindList, pyvalue.KindTuple:
		elems, _ = v.Elems()
	case pyvalue.KindDict:
		d, _ := v.AsDict()
		elems = d.Keys()
	case pyvalue.KindSet, pyvalue.KindFrozenSet:
		s, _ := v.AsSet()
		elems = s.Elems()
	case pyvalue.KindBytes:
		b, _ := v.AsBytes()
		for i := 0; i < len(b); i++ {
			elems = append(elems, pyvalue.Int(int64(b[i])))
		}
	default:
		return false, true, true // set() of a non-iterable raises TypeError
	}
	set := pyvalue.NewSetStore()
	for _, e := range elems {
		if e.IsUnknown() {
			return false, false, false
		}
		if !set.Add(e) {
			return false, true, true // an unhashable element
		}
	}
	if set.Len() < 5 || len(elems) < 50 {
		return true, false, true
	}
	return false, true, true // only str has a str startswith
}

// CodePoints splits a str (WTF-8: UTF-8 that may hold lone surrogates)
// into its Python characters.
func CodePoints(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		size := 1
		if s[i] == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF {
			size = 3 // an encoded surrogate
		} else if _, n := utf8.DecodeRuneInString(s[i:]); n > 0 {
			size = n
		}
		out = append(out, s[i:i+size])
		i += size
	}
	return out
}

// djangoCatalogLanguages are the languages Django 5.2 ships translations
// for (the part before "_" of django/conf/locale's directories).
var djangoCatalogLanguages = strings.Fields(`af ar ast az be bg bn br bs ca ckb cs cy da de dsb
	el en eo es et eu fa fi fr fy ga gd gl he hi hr hsb hu hy ia id ig io is it ja ka kab kk km
	kn ko ky lb lt lv mk ml mn mr ms my nb ne nl nn os pa pl pt ro ru sk sl sq sr sv sw ta te tg
	th tk tr tt udm ug uk ur uz vi zh`)

// recentCatalogLanguages were added not long before 5.2; for other
// releases their presence is not asserted.
var recentCatalogLanguages = []string{"ckb", "ug", "ms", "ig", "ky", "tg", "tk"}

// localeAliases are language names that Python's locale.normalize maps to
// another language, which makes gettext's catalog lookup hard to predict.
var localeAliases = strings.Fields(`a3 american arabic bokmal catalan cextend croatian cz czech
	danish dansk deutsch dutch eesti eng english estonian finnish fre french galego galician ger
	german greek hebrew hrvatski hungarian icelandic in iso italian iw japan japanese jp korean
	lithuanian nynorsk polish portuguese romanian rumanian russian serbocroatian sh slovak slovene
	slovenian sp spanish swedish thai turkish univ universal c`)

// DjangoCatalog reports whether Django v itself ships a translation catalog
// that gettext finds for a language code (has), when that is known. It is
// unknown for a language Python's locale tables alias to another one and,
// outside 5.2, for languages added not long before 5.2.
func DjangoCatalog(v Version, code string) (has, known bool) {
	lang := strings.ToLower(code)
	if i := strings.IndexAny(lang, "-_.@"); i >= 0 {
		lang = lang[:i]
	}
	for _, a := range localeAliases {
		if lang == a {
			return false, false
		}
	}
	is52 := v.Major == 5 && v.Minor == 2
	for _, r := range recentCatalogLanguages {
		if lang == r && !is52 {
			return false, false
		}
	}
	for _, l := range djangoCatalogLanguages {
		if l == lang {
			return true, true
		}
	}
	// Later releases may add languages; a language 5.2 lacks is taken as
	// lacking there too (new catalogs are rare and such codes rarer).
	return false, true
}

// OnlyDjangoCatalogs tells whether translation catalogs can only come from
// Django itself: LOCALE_PATHS is empty and every installed app is Django's.
func OnlyDjangoCatalogs(s *Settings) bool {
	if t, known := s.Value("LOCALE_PATHS").Truthy(); !known || t {
		return false
	}
	elems, ok := s.Value("INSTALLED_APPS").Elems()
	if !ok {
		return false
	}
	for _, e := range elems {
		name, ok := e.AsStr()
		if !ok || !strings.HasPrefix(name, "django.") {
			return false
		}
	}
	return true
}

// DjangoModule reports whether the dotted module name (e.g.
// "django.views.csrf") is a module or package of Django. The list is Django
// 5.2's and is used for every release: it only decides where a dotted path
// into Django leads, and the modules such paths name rarely change.
func DjangoModule(name string) bool {
	if name == "django" {
		return true
	}
	rest, ok := strings.CutPrefix(name, "django.")
	if !ok {
		return false
	}
	i, found := slices.BinarySearch(djangoModules, rest)
	return found && djangoModules[i] == rest
}

// ViewImport is what Django's get_callable does with a dotted view path.
type ViewImport int

// Outcomes of ViewImport.
const (
	// ViewUndecided: the outcome depends on modules that cannot be seen.
	ViewUndecided ViewImport = iota
	// ViewImportError: importing raises ImportError (the path has no dot,
	// or a module above the last one is missing); the CSRF failure view
	// check reports security.E102.
	ViewImportError
	// ViewDoesNotExist: the last module is missing under an existing
	// package; Django raises ViewDoesNotExist, which no check catches.
	ViewDoesNotExist
	// ViewModuleFound: the module imports; the attribute decides the rest.
	ViewModuleFound
)

// ResolveView follows Django's get_callable for a dotted path, with
// moduleExists telling whether a dotted module (given as its segments)
// exists, when known. Paths into Django are decided with DjangoModule.
func ResolveView(dotted string, moduleExists func(segs []string) (exists, known bool)) ViewImport {
	dot := strings.LastIndexByte(dotted, '.')
	if dot < 0 {
		return ViewImportError // "the path must be fully qualified"
	}
	segs := strings.Split(dotted[:dot], ".")
	for _, s := range segs {
		if s == "" {
			return ViewUndecided // relative or malformed: not an ImportError
		}
	}
	for j := 1; j <= len(segs); j++ {
		var exists, known bool
		if segs[0] == "django" {
			exists, known = DjangoModule(strings.Join(segs[:j], ".")), true
		} else {
			exists, known = moduleExists(segs[:j])
		}
		switch {
		case !known:
			return ViewUndecided
		case exists:
			continue
		case j < len(segs) || len(segs) == 1:
			return ViewImportError // the parent import raises ImportError
		}
		return ViewDoesNotExist
	}
	return ViewModuleFound
}
