package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

func systemChecks() []*Check {
	return []*Check{
		{
			ID: "urls.E006", Topic: finding.TopicStaticFiles, Severity: finding.Error,
			Django: true,
			Doc: `STATIC_URL or MEDIA_URL does not end with a slash.

Django joins file names to these prefixes, so each must end with "/". A
relative value gets the script prefix ("/") put in front first, so "static"
fails and "static/" passes. One error per setting; it runs with plain
"manage.py check" too.

Fix: end the URL with a slash, e.g. STATIC_URL = "static/".`,
			Run: func(p *Pass) {
				for _, name := range []string{"STATIC_URL", "MEDIA_URL"} {
					v, ok := p.lookup(name)
					if !ok {
						continue
					}
					s, isStr := v.AsStr()
					if !isStr || s == "" || strings.HasSuffix(s, "/") {
						continue
					}
					topic := finding.TopicStaticFiles
					if name == "MEDIA_URL" {
						topic = finding.TopicMediaFiles
					}
					p.Report(finding.Finding{
						Topic:   topic,
						Setting: name,
						Message: fmt.Sprintf("%s %s does not end with a slash.", name, quote(s)),
						Hint:    fmt.Sprintf("Write %s = %s.", name, quote(s+"/")),
					})
				}
			},
		},
		{
			ID: "4_0.E001", Topic: finding.TopicHTTPS, Severity: finding.Error,
			Django: true,
			Doc: `A CSRF_TRUSTED_ORIGINS entry has no scheme (Django 4.0+).

Since Django 4.0 each trusted origin must include its scheme, e.g.
"https://example.com"; an entry without "://" never matches and POSTs from
that origin fail CSRF validation. One error per entry; it runs with plain
"manage.py check" too.

Fix: write each origin with its scheme (wildcards go after it:
"https://*.example.com").`,
			Run: func(p *Pass) {
				if !p.version().AtLeast(4, 0) {
					return
				}
				elems, ok := iterElems(p.Setting("CSRF_TRUSTED_ORIGINS"))
				if !ok {
					return
				}
				for _, e := range elems {
					if e.Kind() != pyvalue.KindStr && !e.IsUnknown() {
						return // `in` on a non-str raises: Django crashes
					}
				}
				for _, e := range elems {
					s, ok := e.AsStr()
					if !ok || strings.Contains(s, "://") {
						continue
					}
					p.Report(finding.Finding{
						Setting: "CSRF_TRUSTED_ORIGINS",
						Message: fmt.Sprintf("CSRF_TRUSTED_ORIGINS entry %s has no scheme, so it never matches a request's origin.", quote(s)),
						Hint:    fmt.Sprintf("Write it with its scheme, e.g. %s.", quote("https://"+s)),
					})
				}
			},
		},
		{
			ID: "files.E001", Topic: finding.TopicMediaFiles, Severity: finding.Error,
			Django: true,
			Doc: `FILE_UPLOAD_TEMP_DIR names a directory that does not exist (Django 4.0+).

Large uploads are streamed to temporary files in this directory; when it is
missing, every such upload fails. deploycheck can only look inside the
project tree (relative paths are taken from the project root); a directory
elsewhere is left undecided. It runs with plain "manage.py check" too.

Fix: create the directory on the server or unset the setting (the system
temporary directory is used then).`,
			Run: func(p *Pass) {
				if !p.version().AtLeast(4, 0) {
					return
				}
				v := p.Setting("FILE_UPLOAD_TEMP_DIR")
				if truthy(v) != yes {
					return
				}
				dir, ok := pathText(v)
				if !ok || p.dirExists(dir) != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "FILE_UPLOAD_TEMP_DIR",
					Message: fmt.Sprintf("FILE_UPLOAD_TEMP_DIR %s does not exist, so large uploads would fail.", quote(dir)),
					Hint:    "Create the directory on the server, or remove the setting to use the system temporary directory.",
				})
			},
		},
		{
			ID: "security.E100", Topic: finding.TopicSecretKey, Severity: finding.Error,
			Django: true,
			Doc: `DEFAULT_HASHING_ALGORITHM is neither 'sha1' nor 'sha256' (Django 3.1 and 3.2).

This transitional setting chose the hash for signing during the move to
SHA-256; later releases ignore it. It runs with plain "manage.py check" too.

Fix: remove the setting (the default is 'sha256').`,
			Run: func(p *Pass) {
				v := p.version()
				if !v.AtLeast(3, 1) || v.AtLeast(4, 0) {
					return
				}
				val := p.Setting("DEFAULT_HASHING_ALGORITHM")
				if val.IsUnknown() || val.Kind() == pyvalue.KindObject {
					return
				}
				if _, hashable := pyvalue.HashKey(val); !hashable {
					return
				}
				if s, ok := val.AsStr(); ok && (s == "sha1" || s == "sha256") {
					return
				}
				p.Report(finding.Finding{
					Setting: "DEFAULT_HASHING_ALGORITHM",
					Message: fmt.Sprintf("DEFAULT_HASHING_ALGORITHM is %s; only 'sha1' and 'sha256' are accepted.", pyvalue.Repr(val)),
					Hint:    "Remove the setting to use 'sha256'.",
				})
			},
		},
		{
			ID: "sites.E101", Topic: finding.TopicSystem, Severity: finding.Error,
			Django: true,
			Doc: `SITE_ID is not an integer.

With django.contrib.sites installed, a SITE_ID that is set must be an int
(or None); a string such as "1" read from the environment is the usual
mistake. Django 6.0+ validates the value as the Site primary key, which also
rejects strings that look like numbers. It runs with plain "manage.py check"
too.

Fix: convert the value, e.g. SITE_ID = int(os.environ["SITE_ID"]).`,
			Run: func(p *Pass) {
				if p.appInstalled(appSites) != yes {
					return
				}
				v, ok := p.lookup("SITE_ID")
				if !ok || siteIDBad(v, p.version().AtLeast(6, 0)) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "SITE_ID",
					Message: fmt.Sprintf("SITE_ID is %s, not an integer.", pyvalue.Repr(v)),
					Hint:    "Set SITE_ID to an int (convert values read from the environment).",
				})
			},
		},
		{
			ID: "translation.E001", Topic: finding.TopicSystem, Severity: finding.Error,
			Django: true,
			Doc: `LANGUAGE_CODE is not a valid language tag.

The tag must look like "en", "en-us" or "sr-latn" (letters, then dash
separated parts, case-insensitive); "en_US" (underscore) is invalid. With
USE_I18N on, a code for which no translation exists makes Django stop at
startup instead. It runs with plain "manage.py check" too.

Fix: use a tag such as "en-us".`,
			Run: func(p *Pass) {
				v := p.Setting("LANGUAGE_CODE")
				if v.IsUnknown() || v.Kind() == pyvalue.KindObject {
					return
				}
				if s, ok := v.AsStr(); ok && languageCodeRE.MatchString(s) {
					return
				}
				p.Report(finding.Finding{
					Setting: "LANGUAGE_CODE",
					Message: fmt.Sprintf("LANGUAGE_CODE %s is not a valid language tag.", pyvalue.Repr(v)),
					Hint:    "Use a tag such as 'en-us' (a dash, not an underscore).",
				})
			},
		},
		{
			ID: "translation.E002", Topic: finding.TopicSystem, Severity: finding.Error,
			Django: true,
			Doc: `A LANGUAGES entry has an invalid language tag.

Each (code, name) pair's code must be a tag such as "en" or "pt-br". One
error per bad entry; it runs with plain "manage.py check" too.

Fix: correct the code.`,
			Run: func(p *Pass) { runLanguageList(p, "LANGUAGES", true) },
		},
		{
			ID: "translation.E003", Topic: finding.TopicSystem, Severity: finding.Error,
			Django: true,
			Doc: `A LANGUAGES_BIDI entry has an invalid language tag.

Each entry must be a tag such as "he" or "ar-dz". One error per bad entry;
it runs with plain "manage.py check" too.

Fix: correct the code.`,
			Run: func(p *Pass) { runLanguageList(p, "LANGUAGES_BIDI", false) },
		},
		{
			ID: "translation.E004", Topic: finding.TopicSystem, Severity: finding.Error,
			Django: true,
			Doc: `LANGUAGE_CODE is not among LANGUAGES.

With USE_I18N on, Django looks LANGUAGE_CODE up in LANGUAGES (trying the code,
its known fallbacks and shorter prefixes such as "de" for "de-at", then any
regional variant of the base language) and needs a translation catalog for
the match. With USE_I18N off the error appears only when LANGUAGE_CODE is
empty. deploycheck reports it when no entry of LANGUAGES can match; a match
that depends on catalogs outside Django is left undecided. It runs with plain
"manage.py check" too.

Fix: add the language to LANGUAGES or change LANGUAGE_CODE.`,
			Run: runLanguageConsistent,
		},
	}
}

// siteIDBad tells whether sites.E101 fires for a SITE_ID value.
func siteIDBad(v pyvalue.Value, strict bool) tri {
	switch v.Kind() {
	case pyvalue.KindUnknown, pyvalue.KindObject:
		return unknown
	case pyvalue.KindNone, pyvalue.KindInt:
		return no
	case pyvalue.KindBool:
		if strict {
			return unknown
		}
		return no
	case pyvalue.KindFloat:
		if strict {
			return unknown
		}
		return yes
	}
	return yes
}

// languageCodeRE is Django's language tag pattern (Python's `$` also
// matches before a final newline).
var languageCodeRE = regexp.MustCompile(`(?i)^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?\n?$`)

func runLanguageList(p *Pass, name string, pairs bool) {
	elems, ok := iterElems(p.Setting(name))
	if !ok {
		return
	}
	var codes []pyvalue.Value
	for _, e := range elems {
		if pairs {
			pair, ok := iterElems(e)
			if !ok || len(pair) != 2 {
				return // unpacking fails: Django crashes
			}
			e = pair[0]
		}
		codes = append(codes, e)
	}
	for _, c := range codes {
		if c.IsUnknown() || c.Kind() == pyvalue.KindObject {
			continue
		}
		if s, ok := c.AsStr(); ok && languageCodeRE.MatchString(s) {
			continue
		}
		p.Report(finding.Finding{
			Setting: name,
			Message: fmt.Sprintf("%s holds the invalid language code %s.", name, pyvalue.Repr(c)),
			Hint:    "Use tags such as 'en' or 'pt-br'.",
		})
	}
}

// langInfoFallbacks are Django's LANG_INFO fallbacks.
var langInfoFallbacks = map[string]string{
	"zh-cn": "zh-hans", "zh-hk": "zh-hant", "zh-mo": "zh-hant",
	"zh-my": "zh-hans", "zh-sg": "zh-hans", "zh-tw": "zh-hant",
}

func runLanguageConsistent(p *Pass) {
	code := p.Setting("LANGUAGE_CODE")
	i18n := truthy(p.Setting("USE_I18N"))
	if code.IsUnknown() || i18n == unknown {
		return
	}
	s, isStr := code.AsStr()
	fires := unknown
	switch {
	case truthy(code) == no:
		fires = yes
	case !isStr:
		return
	case i18n == no:
		fires = no
	default:
		fires = p.languageUnsupported(s)
	}
	if fires != yes {
		return
	}
	p.Report(finding.Finding{
		Setting: "LANGUAGE_CODE",
		Message: fmt.Sprintf("LANGUAGE_CODE %s matches no language in LANGUAGES.", pyvalue.Repr(code)),
		Hint:    "Add the language to LANGUAGES, or set LANGUAGE_CODE to one of them.",
	})
}

// languageUnsupported is get_supported_language_variant(code) raising
// LookupError, with USE_I18N on.
func (p *Pass) languageUnsupported(code string) tri {
	v := p.version()
	if len(code) > 500 {
		return unknown
	}
	langs, ok := iterElems(p.Setting("LANGUAGES"))
	if !ok {
		return unknown
	}
	lower := v.Major == 5 && v.Minor == 2
	var keys []string
	for _, e := range langs {
		pair, ok := iterElems(e)
		if !ok || len(pair) != 2 {
			return unknown
		}
		k, ok := pair[0].AsStr()
		if !ok {
			return unknown
		}
		if !lower && k != strings.ToLower(k) {
			return unknown // case handling not verified outside 5.2
		}
		keys = append(keys, strings.ToLower(k))
	}
	if !lower && code != strings.ToLower(code) {
		return unknown
	}
	supported := map[string]bool{}
	for _, k := range keys {
		supported[k] = true
	}
	candidates := []string{code}
	if fb, ok := langInfoFallbacks[code]; ok {
		candidates = append(candidates, fb)
	}
	if v.AtLeast(4, 0) {
		for i := strings.LastIndexByte(code, '-'); i > -1; i = strings.LastIndexByte(code[:i], '-') {
			candidates = append(candidates, code[:i])
		}
	} else {
		candidates = append(candidates, strings.SplitN(code, "-", 2)[0])
	}
	generic := candidates[len(candidates)-1]
	for _, c := range candidates {
		if !supported[strings.ToLower(c)] {
			continue
		}
		switch p.hasCatalog(c) {
		case yes:
			return no
		case unknown:
			return unknown
		}
	}
	for _, k := range keys {
		if strings.HasPrefix(k, generic+"-") {
			return no
		}
	}
	return yes
}

// hasCatalog is check_for_language(code): a translation catalog exists in
// Django, LOCALE_PATHS or an installed app's locale directory.
func (p *Pass) hasCatalog(code string) tri {
	if !languageCodeRE.MatchString(code) {
		return no
	}
	has, known := settings.DjangoCatalog(p.version(), code)
	switch {
	case !known:
		return unknown
	case has:
		return yes
	}
	p.Setting("LOCALE_PATHS")
	if settings.OnlyDjangoCatalogs(p.Settings) {
		return no
	}
	return unknown
}
