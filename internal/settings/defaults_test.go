package settings

import (
	"testing"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

var testVersions = []Version{{3, 2, 25}, {4, 0, 0}, {4, 1, 0}, {4, 2, 28}, {5, 0, 0}, {5, 1, 0}, {5, 2, 18}, {6, 0, 0}, {6, 1, 1}}

func TestDefaultsParse(t *testing.T) {
	for _, v := range testVersions {
		for name := range baseDefaults {
			if src, ok := defaultSource(v, name); ok {
				if _, err := ParseLiteral(src); err != nil {
					t.Errorf("%s %s: %v", v, name, err)
				}
			}
		}
	}
}

func TestDefaultsPerVersion(t *testing.T) {
	cases := []struct {
		v    Version
		name string
		want string // "" means not defined
	}{
		{Version{3, 2, 0}, "USE_TZ", "False"},
		{Version{4, 2, 0}, "USE_TZ", "False"},
		{Version{5, 2, 0}, "USE_TZ", "True"},
		{Version{6, 1, 0}, "USE_TZ", "True"},
		{Version{3, 2, 0}, "SECRET_KEY_FALLBACKS", ""},
		{Version{4, 2, 0}, "SECRET_KEY_FALLBACKS", "[]"},
		{Version{3, 2, 0}, "SECURE_CROSS_ORIGIN_OPENER_POLICY", ""},
		{Version{4, 2, 0}, "SECURE_CROSS_ORIGIN_OPENER_POLICY", "'same-origin'"},
		{Version{3, 2, 0}, "DEFAULT_HASHING_ALGORITHM", "'sha256'"},
		{Version{4, 2, 0}, "DEFAULT_HASHING_ALGORITHM", ""},
		{Version{3, 2, 0}, "STORAGES", ""},
		{Version{4, 2, 0}, "STATICFILES_STORAGE", "'django.contrib.staticfiles.storage.StaticFilesStorage'"},
		{Version{5, 2, 0}, "STATICFILES_STORAGE", ""},
		{Version{5, 2, 0}, "DEFAULT_AUTO_FIELD", "'django.db.models.AutoField'"},
		{Version{6, 1, 0}, "DEFAULT_AUTO_FIELD", "'django.db.models.BigAutoField'"},
		{Version{5, 2, 0}, "SECURE_CSP", ""},
		{Version{6, 1, 0}, "SECURE_CSP", "{}"},
		{Version{6, 1, 0}, "SECURE_CSP_REPORT_ONLY", "{}"},
		{Version{3, 2, 0}, "LANGUAGES_BIDI", "['he', 'ar', 'ar-dz', 'fa', 'ur']"},
		{Version{4, 2, 0}, "LANGUAGES_BIDI", "['he', 'ar', 'ar-dz', 'ckb', 'fa', 'ur']"},
		{Version{5, 2, 0}, "LANGUAGES_BIDI", "['he', 'ar', 'ar-dz', 'ckb', 'fa', 'ug', 'ur']"},
		{Version{3, 2, 0}, "SECURE_BROWSER_XSS_FILTER", "False"},
		{Version{4, 2, 0}, "SECURE_BROWSER_XSS_FILTER", ""},
		{Version{5, 2, 0}, "X_FRAME_OPTIONS", "'DENY'"},
		{Version{5, 2, 0}, "SECURE_REFERRER_POLICY", "'same-origin'"},
		{Version{5, 2, 0}, "CACHES", "{'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}"},
		{Version{6, 1, 0}, "MAILERS", ""},
		{Version{5, 2, 0}, "SITE_ID", ""},
	}
	for _, c := range cases {
		got, ok := Default(c.v, c.name)
		switch {
		case c.want == "" && ok:
			t.Errorf("%s %s: defined as %s, want undefined", c.v, c.name, pyvalue.Repr(got))
		case c.want != "" && !ok:
			t.Errorf("%s %s: undefined, want %s", c.v, c.name, c.want)
		case c.want != "" && pyvalue.Repr(got) != c.want:
			t.Errorf("%s %s = %s, want %s", c.v, c.name, pyvalue.Repr(got), c.want)
		}
	}
}

func TestDefaultsLanguages(t *testing.T) {
	has := func(v Version, code string) bool {
		langs, _ := Default(v, "LANGUAGES")
		elems, _ := langs.Elems()
		for _, e := range elems {
			pair, _ := e.Elems()
			if s, _ := pair[0].AsStr(); s == code {
				return true
			}
		}
		return false
	}
	if !has(Version{5, 2, 0}, "ug") || has(Version{4, 2, 0}, "ug") || has(Version{3, 2, 0}, "ckb") || !has(Version{4, 2, 0}, "ckb") {
		t.Error("LANGUAGES per version is wrong")
	}
	if !has(Version{3, 2, 0}, "en") || !has(Version{3, 2, 0}, "zh-hant") {
		t.Error("LANGUAGES lost a common entry")
	}
}

func TestDefaultsAreFresh(t *testing.T) {
	v := Version{5, 2, 0}
	a, _ := Default(v, "MIDDLEWARE")
	a.ListRef().Elems = append(a.ListRef().Elems, pyvalue.Str("x"))
	b, _ := Default(v, "MIDDLEWARE")
	if elems, _ := b.Elems(); len(elems) != 0 {
		t.Fatal("a default list was shared between calls")
	}
}

func TestParseLiteral(t *testing.T) {
	for _, src := range []string{
		`None`, `True`, `[1, 'a', "b\n", (1,), (), {'k': [1.5, -2]}, {1, 2}, set(), b'x', ?]`,
		`{'a': 1,}`, `-3`, `1e3`, `'\u00e9'`, `frozenset(['a'])`,
	} {
		if _, err := ParseLiteral(src); err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
	for _, src := range []string{`[1,`, `{1: }`, `'abc`, `foo`, `1 2`, `{[1]: 2}`} {
		if _, err := ParseLiteral(src); err == nil {
			t.Errorf("%s: parsed, want an error", src)
		}
	}
	v := MustLiteral(`[('a', 1), ?]`)
	elems, _ := v.Elems()
	if len(elems) != 2 || !elems[1].IsUnknown() {
		t.Fatalf("got %s", pyvalue.Repr(v))
	}
	if got := pyvalue.Repr(MustLiteral(`(1,)`)); got != "(1,)" {
		t.Errorf("(1,) -> %s", got)
	}
	if got := pyvalue.Repr(MustLiteral(`(1)`)); got != "1" {
		t.Errorf("(1) -> %s", got)
	}
}
