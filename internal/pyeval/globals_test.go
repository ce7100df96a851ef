package pyeval

import (
	"testing"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

func TestGlobalsWritesSettings(t *testing.T) {
	root := writeBoundsProject(t, map[string]string{
		"mysite/__init__.py": "",
		"mysite/settings.py": `import os
for _name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    globals()[_name] = True
globals().update(DEBUG=os.environ.get("D") == "1")
HAS = "DEBUG" in globals()
def f():
    return locals()
L = f()
`,
	})
	res := evalBounded(t, root, "mysite.settings", map[string]string{"D": "1"}, DefaultLimits)
	for name, want := range map[string]string{"SESSION_COOKIE_SECURE": "True", "CSRF_COOKIE_SECURE": "True", "DEBUG": "True", "HAS": "True"} {
		got, ok := globalOf(res, name)
		if !ok || v.Repr(got) != want {
			t.Errorf("%s = %s, want %s", name, v.Repr(got), want)
		}
	}
	if d, _ := globalOf(res, "DEBUG"); len(d.Env()) != 1 || d.Env()[0] != "D" {
		t.Errorf("DEBUG depends on %v, want [D]", d.Env())
	}
	if l, _ := globalOf(res, "L"); !l.IsUnknown() {
		t.Errorf("locals() in a function = %s, want Unknown", v.Repr(l))
	}
}
