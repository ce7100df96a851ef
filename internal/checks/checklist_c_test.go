package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/djangodata"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/project"
	"github.com/deploycheck/deploycheck/internal/pyparse"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// Tests of the logging, admins_managers, error_templates, python_hashseed
// and django_version checklist checks that the fixture projects cannot
// express (files without inline comments, a fixed date, a replaced table).

// checklistCCheck returns the checklist check with the given id.
func checklistCCheck(t *testing.T, id string) *Check {
	t.Helper()
	for _, c := range ChecklistChecks() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s", id)
	return nil
}

// checklistCRun runs one check over a prepared pass.
func checklistCRun(c *Check, p *Pass) []finding.Finding {
	p.check = c
	c.Run(p)
	return p.findings
}

// checklistCTree writes files (path → content) under a new temporary directory.
func checklistCTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checklistCDiscover discovers a project written to disk and prepares a pass
// over it with empty settings.
func checklistCDiscover(t *testing.T, files map[string]string) *Pass {
	t.Helper()
	dir := checklistCTree(t, files)
	proj, err := project.Discover(dir, project.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := settings.New(settings.DefaultVersion)
	s.File = "mysite/settings.py"
	return &Pass{Settings: s, FS: os.DirFS(proj.Root), Root: proj.Root, Project: proj}
}

// locations renders findings as "id@file:line".
func checklistCLocations(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID+"@"+f.Location())
	}
	return out
}

func TestChecklistCDocumented(t *testing.T) {
	topics := map[string]finding.Topic{
		"logging": finding.TopicLogging, "admins_managers": finding.TopicAdminsManagers,
		"error_templates": finding.TopicErrorTemplates, "python_hashseed": finding.TopicPythonHashSeed,
		"django_version": finding.TopicDjangoVersion,
	}
	n := 0
	for _, c := range ChecklistChecks() {
		parts := strings.SplitN(c.ID, ".", 3)
		want, mine := topics[parts[1]]
		if !mine {
			continue
		}
		n++
		if c.Topic != want || c.Django || c.Run == nil {
			t.Errorf("%s: topic %s, Django %v", c.ID, c.Topic, c.Django)
		}
		doc := strings.TrimSpace(c.Doc)
		if doc == "" || !strings.Contains(doc, "Fix:") {
			t.Errorf("%s: Doc must say what, why and how to fix (with a Fix: paragraph)", c.ID)
		}
	}
	if n < 12 {
		t.Errorf("found %d checks of the five topics", n)
	}
}

func TestHashSeedDockerfileAndSystemd(t *testing.T) {
	p := checklistCDiscover(t, map[string]string{
		"manage.py": "",
		"Dockerfile": "FROM python:3.12-slim\n" +
			"ENV PYTHONUNBUFFERED=1 \\\n    PYTHONHASHSEED=0\n" +
			"CMD [\"gunicorn\", \"mysite.wsgi\"]\n",
		"deploy/shop.service": "[Service]\nEnvironment=PYTHONHASHSEED=abc\nEnvironmentFile=/srv/none.env\n" +
			"EnvironmentFile=-" + "SUBST" + "\nExecStart=/srv/venv/bin/gunicorn mysite.wsgi\n",
	})
	// The unit's env file lives in the project.
	unit := filepath.Join(p.Root, "deploy", "shop.service")
	env := filepath.Join(p.Root, "deploy", "shop.conf")
	data, _ := os.ReadFile(unit)
	if err := os.WriteFile(unit, []byte(strings.Replace(string(data), "SUBST", env, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(env, []byte("# settings\nPYTHONHASHSEED=7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	proj, err := project.Discover(p.Root, project.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Project = proj
	fixed := checklistCLocations(checklistCRun(checklistCCheck(t, "dc.python_hashseed.fixed"), &Pass{Settings: p.Settings, FS: p.FS, Root: p.Root, Project: proj}))
	want := []string{"dc.python_hashseed.fixed@Dockerfile:2", "dc.python_hashseed.fixed@deploy/shop.conf:2"}
	if strings.Join(fixed, " ") != strings.Join(want, " ") {
		t.Errorf("fixed: got %v, want %v", fixed, want)
	}
	invalid := checklistCLocations(checklistCRun(checklistCCheck(t, "dc.python_hashseed.invalid"), &Pass{Settings: p.Settings, FS: p.FS, Root: p.Root, Project: proj}))
	if strings.Join(invalid, " ") != "dc.python_hashseed.invalid@deploy/shop.service:2" {
		t.Errorf("invalid: got %v", invalid)
	}
}

func TestHashSeedDashRInCompose(t *testing.T) {
	p := checklistCDiscover(t, map[string]string{
		"manage.py": "",
		"compose.yaml": "services:\n  web:\n    image: shop\n    command: sh -c \"python -u -R -m gunicorn mysite.wsgi\"\n" +
			"    environment:\n      PYTHONHASHSEED: \"0\"\n  worker:\n    image: shop\n    command: celery -A mysite worker\n" +
			"    env_file: worker.env\n",
		"worker.env": "PYTHONHASHSEED=0\n",
	})
	got := checklistCLocations(checklistCRun(checklistCCheck(t, "dc.python_hashseed.fixed"), p))
	// The web service starts python -R; the worker's env file has no -R.
	if strings.Join(got, " ") != "dc.python_hashseed.fixed@worker.env:1" {
		t.Errorf("got %v", got)
	}
}

func TestPythonDashR(t *testing.T) {
	cases := map[string]bool{
		"python -R -m gunicorn mysite.wsgi":         true,
		"python3.12 -uR manage.py migrate":          true,
		"/usr/local/bin/python3 -B -R app.py":       true,
		"python -m gunicorn -R":                     false, // an argument of the module
		"python -W ignore -R app.py":                true,
		"python -Wignore app.py -R":                 false,
		"python -c 'import x' -R":                   false,
		"gunicorn -R mysite.wsgi":                   false,
		"sh -c 'exec python -R -m uvicorn app:app'": true,
		"pythonista -R":                             false,
	}
	for cmd, want := range cases {
		c := &deployfiles.Command{Shell: cmd}
		if got := pythonDashR(c); got != want {
			t.Errorf("pythonDashR(%q) = %v", cmd, got)
		}
	}
	if pythonDashR(nil) {
		t.Error("nil command")
	}
}

func TestParseHashSeed(t *testing.T) {
	cases := []struct {
		in   string
		seed int64
		bad  bool
	}{
		{"", -1, false}, {"random", -1, false}, {"0", 0, false}, {"4294967295", 4294967295, false},
		{"4294967296", 0, true}, {"+5", 5, false}, {" 7", 7, false}, {" ", 0, true}, {"-1", 0, true},
		{"Random", 0, true}, {"12a", 0, true},
	}
	for _, c := range cases {
		seed, bad := parseHashSeed(c.in)
		if bad != c.bad || (!bad && seed != c.seed) {
			t.Errorf("parseHashSeed(%q) = %d, %v", c.in, seed, bad)
		}
	}
}

func TestSentryInitLine(t *testing.T) {
	cases := map[string]int{
		"import sentry_sdk\nsentry_sdk.init(dsn='x')\n":                                              2,
		"import sentry_sdk as s\n\nif True:\n    s.init()\n":                                         4,
		"from sentry_sdk import init as start\ntry:\n    x = start(dsn=None)\nexcept E:\n    pass\n": 3,
		"import sentry_sdk\n# sentry_sdk.init()\n":                                                   0,
		"def init(): pass\ninit()\n":                                                                 0,
		"from other import sentry_sdk\nsentry_sdk.init()\n":                                          0,
	}
	for src, want := range cases {
		mod, err := pyparse.ParseText(src)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := sentryInitLine(mod.Body); got != want {
			t.Errorf("sentryInitLine(%q) = %d, want %d", src, got, want)
		}
	}
}

func TestSentryFoundThroughFS(t *testing.T) {
	s := build(t, "5.2.18", hardened, nil, nil)
	s.Files = []string{"mysite/settings.py", "mysite/sentry.py"}
	fsys := fstest.MapFS{
		"mysite/settings.py": {Data: []byte("from .sentry import *\n")},
		"mysite/sentry.py":   {Data: []byte("import sentry_sdk\nsentry_sdk.init()\n")},
	}
	p := &Pass{Settings: s, FS: fsys}
	if file, line, ok := p.sentryInit(); !ok || file != "mysite/sentry.py" || line != 2 {
		t.Errorf("sentryInit = %s:%d %v", file, line, ok)
	}
	if _, _, ok := (&Pass{Settings: s}).sentryInit(); ok {
		t.Error("found Sentry without a file system")
	}
}

// checklistCLoggingIDs runs the logging and admins checks over settings built from
// the hardened base.
func checklistCLoggingIDs(t *testing.T, over map[string]string) []string {
	t.Helper()
	s := build(t, "5.2.18", hardened, over, nil)
	var ids []string
	for _, c := range append(loggingChecklist(), adminsChecklist()...) {
		for _, f := range checklistCRun(c, &Pass{Settings: s}) {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

func TestLoggingAndAdmins(t *testing.T) {
	const mail = `{'version': 1, 'disable_existing_loggers': False,
		'handlers': {'m': {'class': 'django.utils.log.AdminEmailHandler'}},
		'loggers': {'django.request': {'handlers': ['m']}}}`
	cases := []struct {
		name string
		over map[string]string
		want string
	}{
		{"defaults: no LOGGING, no ADMINS", nil, "dc.logging.none dc.admins_managers.no-admins"},
		{"ADMINS set", map[string]string{"ADMINS": `[('a', 'a@b.org')]`}, "dc.logging.none"},
		{"DEBUG on: default handler silent", map[string]string{"DEBUG": `True`}, "dc.logging.none"},
		{"LOGGING_CONFIG None", map[string]string{"LOGGING_CONFIG": `None`}, ""},
		{"custom LOGGING_CONFIG", map[string]string{"LOGGING_CONFIG": `'myproj.log.setup'`, "LOGGING": `{'version': 1}`}, ""},
		{"mail handler, no ADMINS", map[string]string{"LOGGING": mail}, "dc.logging.mail-admins-no-admins dc.admins_managers.no-admins"},
		{"mail handler unused", map[string]string{"LOGGING": `{'version': 1, 'disable_existing_loggers': False,
			'handlers': {'m': {'class': 'django.utils.log.AdminEmailHandler'}}}`}, "dc.admins_managers.no-admins"},
		{"disables django loggers", map[string]string{"ADMINS": `[('a', 'a@b.org')]`, "LOGGING": `{'version': 1, 'root': {'handlers': []}}`}, "dc.logging.django-loggers-disabled"},
		{"disable True explicitly, names django.request", map[string]string{"ADMINS": `[('a', 'a@b.org')]`, "LOGGING": `{'version': 1,
			'disable_existing_loggers': True, 'loggers': {'django.request': {}}}`}, ""},
		{"incremental", map[string]string{"ADMINS": `[('a', 'a@b.org')]`, "LOGGING": `{'version': 1, 'incremental': True}`}, ""},
		{"replaces the django logger", map[string]string{"LOGGING": `{'version': 1, 'disable_existing_loggers': False,
			'loggers': {'django': {'handlers': []}}}`}, ""},
		{"unknown LOGGING", map[string]string{"LOGGING": `?`}, ""},
		{"broken links, no MANAGERS", map[string]string{"ADMINS": `[('a', 'a@b.org')]`,
			"MIDDLEWARE": `['django.middleware.common.BrokenLinkEmailsMiddleware']`}, "dc.logging.none dc.admins_managers.no-managers"},
		{"broken links, no ignorable", map[string]string{"ADMINS": `[('a', 'a@b.org')]`, "MANAGERS": `[('a', 'a@b.org')]`,
			"MIDDLEWARE": `['django.middleware.common.BrokenLinkEmailsMiddleware']`}, "dc.logging.none dc.admins_managers.ignorable-404"},
		{"broken links with DEBUG on mail nothing", map[string]string{"DEBUG": `True`, "ADMINS": `[('a', 'a@b.org')]`,
			"MIDDLEWARE": `['django.middleware.common.BrokenLinkEmailsMiddleware']`}, "dc.logging.none"},
	}
	for _, c := range cases {
		got := strings.Join(checklistCLoggingIDs(t, c.over), " ")
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestErrorTemplatesSearch(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/404.html":      {Data: []byte("x")},
		"shop/__init__.py":        {Data: []byte("")},
		"shop/apps.py":            {Data: []byte("")},
		"shop/templates/500.html": {Data: []byte("{% extends 'base.html' %}")},
		"blog/__init__.py":        {Data: []byte("")},
		"blog/jinja2/400.html":    {Data: []byte("")},
	}
	run := func(over map[string]string) []string {
		s := build(t, "5.2.18", hardened, over, nil)
		var ids []string
		for _, c := range errorPagesChecklist() {
			for _, f := range checklistCRun(c, &Pass{Settings: s, FS: fsys, Root: testRoot}) {
				ids = append(ids, f.ID)
			}
		}
		return ids
	}
	djangoEngine := `{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': ['/proj/templates'], 'APP_DIRS': True}`
	apps := `['django.contrib.admin', 'shop.apps.ShopConfig', 'blog', 'thirdparty']`
	cases := []struct {
		name string
		over map[string]string
		want string
	}{
		{"dirs and app dirs", map[string]string{"TEMPLATES": "[" + djangoEngine + "]", "INSTALLED_APPS": apps},
			"dc.error_templates.missing-optional dc.error_templates.500-extends"},
		{"jinja2 app dirs count", map[string]string{"TEMPLATES": "[" + djangoEngine + `, {'BACKEND': 'django.template.backends.jinja2.Jinja2', 'DIRS': [], 'APP_DIRS': True}]`,
			"INSTALLED_APPS": apps}, "dc.error_templates.missing-optional dc.error_templates.500-extends"},
		{"no app dirs", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': ['templates']}]`,
			"INSTALLED_APPS": apps}, "dc.error_templates.missing dc.error_templates.missing-optional"},
		{"cached loaders", map[string]string{"INSTALLED_APPS": apps, "TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates',
			'DIRS': ['/proj/templates'], 'OPTIONS': {'loaders': [('django.template.loaders.cached.Loader', [
			'django.template.loaders.filesystem.Loader', 'django.template.loaders.app_directories.Loader'])]}}]`},
			"dc.error_templates.missing-optional dc.error_templates.500-extends"},
		{"locmem", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates',
			'OPTIONS': {'loaders': [('django.template.loaders.locmem.Loader', {'404.html': 'x', '500.html': 'y', '400.html': '', '403.html': ''})]}}]`}, ""},
		{"unknown loader", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates',
			'OPTIONS': {'loaders': ['dbtemplates.loader.Loader']}}]`}, ""},
		{"other backend", map[string]string{"TEMPLATES": `[{'BACKEND': 'mytemplates.Backend', 'DIRS': []}]`}, ""},
		{"dir outside the project", map[string]string{"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': ['/srv/tpl']}]`}, ""},
		{"no engines", map[string]string{"TEMPLATES": `[]`}, ""},
		{"unknown TEMPLATES", map[string]string{"TEMPLATES": `?`}, ""},
	}
	for _, c := range cases {
		if got := strings.Join(run(c.over), " "); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAppPackageDir(t *testing.T) {
	fsys := fstest.MapFS{
		"shop/apps.py":         {Data: []byte("")},
		"shop/__init__.py":     {Data: []byte("")},
		"src/blog/__init__.py": {Data: []byte("")},
	}
	cases := map[string]string{
		"shop":                 "shop",
		"shop.apps.ShopConfig": "shop",
		"shop.ShopConfig":      "shop",
		"thirdparty":           "",
		"thirdparty.apps.X":    "",
	}
	for entry, want := range cases {
		if got := appPackageDir(fsys, ".", strings.Split(entry, ".")); got != want {
			t.Errorf("appPackageDir(%s) = %q, want %q", entry, got, want)
		}
	}
	if got := appPackageDir(fsys, "src", []string{"blog"}); got != "src/blog" {
		t.Errorf("src layout: %q", got)
	}
}

// checklistCVersionPass prepares a pass whose project pins req, judged on day.
func checklistCVersionPass(req *deployfiles.DjangoRequirement, day string, table *djangodata.Table) *Pass {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		panic(err)
	}
	s := settings.New(settings.DefaultVersion)
	s.File = "mysite/settings.py"
	proj := &project.Project{Root: "/proj", Django: project.Django{Requirement: req}}
	return &Pass{Settings: s, Root: "/proj", Project: proj, DjangoData: table, today: d}
}

func TestDjangoVersion(t *testing.T) {
	exact := func(v string) *deployfiles.DjangoRequirement {
		return &deployfiles.DjangoRequirement{Version: v, Specifier: "==" + v, Lowest: v, File: "/proj/requirements.txt", Line: 3}
	}
	cases := []struct {
		name string
		req  *deployfiles.DjangoRequirement
		day  string
		want string
	}{
		{"eol", exact("3.2.25"), "2026-11-25", "dc.django_version.eol@requirements.txt:3"},
		{"eol, not also security", exact("3.2.10"), "2026-11-25", "dc.django_version.eol@requirements.txt:3"},
		{"older than the table", exact("1.8.19"), "2026-11-25", "dc.django_version.eol@requirements.txt:3"},
		{"ending soon", exact("4.2.28"), "2026-01-15", "dc.django_version.eol-soon@requirements.txt:3"},
		{"ending soon and behind", exact("4.2.20"), "2026-01-15", "dc.django_version.security@requirements.txt:3 dc.django_version.eol-soon@requirements.txt:3"},
		{"current", exact("5.2.18"), "2026-11-25", ""},
		{"behind", exact("5.2.9"), "2026-11-25", "dc.django_version.security@requirements.txt:3"},
		{"newer than the table", exact("6.2.0"), "2026-11-25", ""},
		{"locked", &deployfiles.DjangoRequirement{Version: "5.2.1", Specifier: "==5.2.1", Lowest: "5.2.1", Locked: true, File: "/proj/uv.lock", Line: 40},
			"2026-11-25", "dc.django_version.security@uv.lock:40"},
		{"range", &deployfiles.DjangoRequirement{Specifier: ">=4.1", Lowest: "4.1", File: "/proj/requirements.txt", Line: 1},
			"2026-11-25", "dc.django_version.eol@requirements.txt:1"},
		{"no lower bound", &deployfiles.DjangoRequirement{Specifier: "<6", File: "/proj/requirements.txt", Line: 1}, "2026-11-25", ""},
		{"no pin", nil, "2026-11-25", ""},
	}
	for _, c := range cases {
		var got []string
		for _, ch := range djangoVersionChecklist() {
			got = append(got, checklistCLocations(checklistCRun(ch, checklistCVersionPass(c.req, c.day, nil)))...)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: got %v, want %s", c.name, got, c.want)
		}
	}
}

func TestDjangoVersionMessagesAndReplacedTable(t *testing.T) {
	req := &deployfiles.DjangoRequirement{Version: "5.2.18", Specifier: "==5.2.18", Lowest: "5.2.18", File: "/proj/requirements.txt", Line: 2}
	table, err := djangodata.Parse([]byte(`{"date": "2027-06-01", "series": [
		{"series": "5.2", "lts": true, "released": "2025-04-02", "end_of_life": "2028-04", "latest_security": "5.2.25"},
		{"series": "6.2", "lts": true, "released": "2027-04", "end_of_life": "2030-04", "latest_security": "6.2.2"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	fs := checklistCRun(checklistCCheck(t, "dc.django_version.security"), checklistCVersionPass(req, "2027-06-01", table))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "5.2.25") || !strings.Contains(fs[0].Message, "2027-06-01") ||
		fs[0].Certainty != finding.Definite || fs[0].Severity != finding.Warning {
		t.Fatalf("replaced table: %+v", fs)
	}
	fs = checklistCRun(checklistCCheck(t, "dc.django_version.eol"), checklistCVersionPass(req, "2028-05-02", table))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "April 2028") || !strings.Contains(fs[0].Hint, "6.2 LTS (until April 2030)") {
		t.Fatalf("eol message: %+v", fs)
	}
	// Through RunAll: the table in Inputs reaches the checks.
	s := settings.New(settings.DefaultVersion)
	proj := &project.Project{Root: "/proj", Django: project.Django{Requirement: req}}
	all := RunAll([]*Check{checklistCCheck(t, "dc.django_version.security")}, Inputs{Settings: s, Root: "/proj", Project: proj, DjangoData: table})
	if len(all) != 1 {
		t.Errorf("RunAll with a replaced table: %+v", all)
	}
}
