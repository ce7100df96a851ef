package pyeval

import (
	"testing"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// TestSplitSettingsInclude checks django-split-settings: include() runs the
// listed files (globs allowed) in the including module's namespace, in
// order, and optional() files may be missing.
func TestSplitSettingsInclude(t *testing.T) {
	root := writeBoundsProject(t, map[string]string{
		"mysite/__init__.py":                    "",
		"mysite/settings/__init__.py":           "from split_settings.tools import include, optional\ninclude('components/base.py', 'components/extra_*.py', optional('local.py'), optional('missing.py'))\n",
		"mysite/settings/components/base.py":    "DEBUG = False\nMIDDLEWARE = ['a']\n",
		"mysite/settings/components/extra_1.py": "MIDDLEWARE += ['b']\n",
		"mysite/settings/components/extra_2.py": "MIDDLEWARE.append('c')\nSECRET_KEY = 'x'\n",
		"mysite/settings/local.py":              "DEBUG = True\n",
	})
	res := evalBounded(t, root, "mysite.settings", map[string]string{}, DefaultLimits)
	if res.Fatal {
		t.Fatalf("problems: %+v", res.Problems)
	}
	for name, want := range map[string]string{"DEBUG": "True", "MIDDLEWARE": "['a', 'b', 'c']", "SECRET_KEY": "'x'"} {
		got, ok := globalOf(res, name)
		if !ok || v.Repr(got) != want {
			t.Errorf("%s = %s, want %s", name, v.Repr(got), want)
		}
	}
	// A required file that is missing fails the import, as in the library.
	root = writeBoundsProject(t, map[string]string{
		"mysite/__init__.py": "",
		"mysite/settings.py": "from split_settings.tools import include\ninclude('nope.py')\n",
	})
	if res := evalBounded(t, root, "mysite.settings", map[string]string{}, DefaultLimits); !res.Fatal {
		t.Error("including a missing file must fail like the library does")
	}
}
