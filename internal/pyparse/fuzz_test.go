package pyparse

import (
	"os"
	"testing"

	"github.com/deploycheck/deploycheck/internal/pyast"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic or
// hang, every error must carry a position, and an accepted tree must dump.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"import os\nDEBUG = os.environ.get('DEBUG', 'False') == 'True'\n",
		"from .base import *\nDATABASES['default']['CONN_MAX_AGE'] = 60\n",
		"x = f'{a!r:>{w}} {b=}' rb'\\x00' u'\\N{DASH}'\n",
		"match x:\n    case [1, *rest] | {'k': v, **kw} if v:\n        pass\n",
		"def f[T: int = str, *Ts, **P](a, /, b=1, *args: *Ts, c, **kw) -> T: ...\n",
		"async def g():\n    async with a as (b, c):\n        await x\n",
		"try:\n    pass\nexcept* (A, B) as e:\n    raise\n",
		"class C(Base, metaclass=M):\n    x: int = 0\n",
		"lambda *a, **k: [y for x in a if x for y in x]\n",
		"with (open(a) as f, open(b)):\n\tpass\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range invalidInputs {
		if len(s) < 4096 {
			f.Add([]byte(s))
		}
	}
	last := os.Getenv("DEPLOYCHECK_FUZZ_LAST")
	f.Fuzz(func(t *testing.T, src []byte) {
		if last != "" {
			// Debugging aid for hangs: keep the input being parsed.
			_ = os.WriteFile(last, src, 0o644)
		}
		mod, err := Parse(src)
		if mod == nil {
			t.Fatal("nil module")
		}
		if err != nil {
			se := FirstError(err)
			if se == nil {
				t.Fatalf("error of unexpected type %T: %v", err, err)
			}
			if se.Line < 0 || se.Col < 0 {
				t.Fatalf("error with a negative position: %v", se)
			}
		}
		_ = pyast.Dump(mod)
	})
}
