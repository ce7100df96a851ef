package deployfiles

import "testing"

func TestParseProcfile(t *testing.T) {
	path, data := readFixture(t, "procfile/Procfile")
	pf, err := ParseProcfile(path, data)
	if err != nil {
		t.Fatalf("ParseProcfile: %v", err)
	}
	deepEqual(t, "processes", pf.Processes, []Process{
		{Name: "release", Command: Command{Shell: "python manage.py migrate --settings=shop.settings.production", Line: 2}},
		{Name: "web", Command: Command{Shell: "gunicorn shop.wsgi --log-file -", Line: 3}},
		{Name: "worker", Command: Command{Shell: "DJANGO_SETTINGS_MODULE=shop.settings.worker celery -A shop worker", Line: 5}},
	})
	if p := pf.Process("web"); p == nil || p.Command.Line != 3 {
		t.Errorf("Process(web) = %+v", p)
	}
	if pf.Process("clock") != nil {
		t.Error("Process(clock) is not nil")
	}
}

func TestParseProcfileErrors(t *testing.T) {
	path, data := readFixture(t, "procfile/broken")
	pf, err := ParseProcfile(path, data)
	checkErrors(t, err, []string{
		`1: expected "name: command", found "web gunicorn shop.wsgi"`,
		`2: process name "bad name" may only hold letters, digits, '_' and '-'`,
		`3: process empty has no command`,
	})
	deepEqual(t, "processes", pf.Processes, []Process{{Name: "ok", Command: Command{Shell: "echo fine", Line: 4}}})
}
