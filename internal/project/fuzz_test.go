package project

import (
	"testing"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/pyparse"
)

// FuzzSettingsAssignments runs the settings-module search over whatever
// pyparse makes of arbitrary source: it must never panic.
func FuzzSettingsAssignments(f *testing.F) {
	f.Add([]byte("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'a.b')\n"))
	f.Add([]byte("def main():\n    os.environ['DJANGO_SETTINGS_MODULE'] = 'x'\n"))
	f.Add([]byte("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'a.b'\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		mod, _ := pyparse.Parse(src)
		if mod != nil {
			settingsAssignments(mod.Body)
		}
	})
}

// FuzzCommandScan feeds arbitrary command lines to the command readers.
func FuzzCommandScan(f *testing.F) {
	f.Add("DJANGO_SETTINGS_MODULE=a.b gunicorn a.wsgi:application --settings")
	f.Add("sh -c 'exec uvicorn x.asgi --settings=y'")
	f.Add("${A:-$B} $$ ${")
	f.Fuzz(func(t *testing.T, s string) {
		c := deployfiles.Command{Shell: s}
		words := commandWords(&c)
		settingsFromWords(words)
		processClass(words)
		servedModules(words)
		inlineEnv(c)
		plainReferences(s)
	})
}
