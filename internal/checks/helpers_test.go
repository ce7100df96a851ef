package checks

import (
	"io/fs"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// testPath stands for the interpreter's pathlib.Path values.
type testPath struct{ p string }

func (t *testPath) TypeName() string { return "PosixPath" }
func (t *testPath) FSPath() string   { return t.p }

// pathVal makes a path value.
func pathVal(p string) pyvalue.Value { return pyvalue.NewObject(&testPath{p}) }

// testRoot is where the test projects live.
const testRoot = "/proj"

// testFS is a small project tree.
func testFS() fs.FS {
	return fstest.MapFS{
		"manage.py":              {Data: []byte("")},
		"mysite/__init__.py":     {Data: []byte("")},
		"mysite/settings.py":     {Data: []byte("")},
		"mysite/views.py":        {Data: []byte("")},
		"static/app.css":         {Data: []byte("")},
		"assets/logo.png":        {Data: []byte("")},
		"uploads/tmp/.keep":      {Data: []byte("")},
		"src/vendorpkg/x.py":     {Data: []byte("")},
		"public/static/x.css":    {Data: []byte("")},
		"notadir":                {Data: []byte("")},
		"cache/.keep":            {Data: []byte("")},
		"mysite/locale/.keep":    {Data: []byte("")},
		"mysite/templates/.k":    {Data: []byte("")},
		"mysite/static/app.js":   {Data: []byte("")},
		"mysite/media/img.png":   {Data: []byte("")},
		"mysite/sub/__init__.py": {Data: []byte("")},
	}
}

// hardened is the reference's "H" settings: clean in every version.
var hardened = map[string]string{
	"SECRET_KEY":    `'x8#kq2!mzv7@lp4&nw9^rt6*yb3(hc5)jd1-fs0+ge8=ua2_oi7~'`,
	"DEBUG":         `False`,
	"ALLOWED_HOSTS": `['example.com']`,
	"INSTALLED_APPS": `['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes',
		'django.contrib.sessions', 'django.contrib.messages', 'django.contrib.staticfiles']`,
	"MIDDLEWARE": `['django.middleware.security.SecurityMiddleware',
		'django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.common.CommonMiddleware',
		'django.middleware.csrf.CsrfViewMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware',
		'django.contrib.messages.middleware.MessageMiddleware',
		'django.middleware.clickjacking.XFrameOptionsMiddleware']`,
	"ROOT_URLCONF": `'mysite.urls'`,
	"TEMPLATES": `[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'APP_DIRS': True,
		'OPTIONS': {'context_processors': ['django.template.context_processors.request',
		'django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']}}]`,
	"DATABASES":                      `{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/proj/db.sqlite3'}}`,
	"STATIC_URL":                     `'/static/'`,
	"DEFAULT_AUTO_FIELD":             `'django.db.models.BigAutoField'`,
	"SECURE_HSTS_SECONDS":            `31536000`,
	"SECURE_HSTS_INCLUDE_SUBDOMAINS": `True`,
	"SECURE_HSTS_PRELOAD":            `True`,
	"SECURE_SSL_REDIRECT":            `True`,
	"SESSION_COOKIE_SECURE":          `True`,
	"CSRF_COOKIE_SECURE":             `True`,
}

// build makes settings for version v from a base (nil for an empty
// settings file) and overrides; an override "-" deletes a base entry.
// Values are literals; extra holds values the literal syntax cannot write.
func build(t testing.TB, v string, base, over map[string]string, extra map[string]pyvalue.Value) *settings.Settings {
	t.Helper()
	ver, err := settings.ParseVersion(v)
	if err != nil {
		t.Fatal(err)
	}
	s := settings.New(ver)
	s.File = "mysite/settings.py"
	merged := map[string]string{}
	for k, val := range base {
		merged[k] = val
	}
	for k, val := range over {
		if val == "-" {
			delete(merged, k)
			continue
		}
		merged[k] = val
	}
	for name, lit := range merged {
		val, err := settings.ParseLiteral(lit)
		if err != nil {
			t.Fatalf("%s = %s: %v", name, lit, err)
		}
		s.Set(&settings.Setting{Name: name, Value: val, File: "mysite/settings.py", Line: 1})
	}
	for name, val := range extra {
		s.Set(&settings.Setting{Name: name, Value: val, File: "mysite/settings.py", Line: 1})
	}
	return s
}

// outcome runs settings validation and, when Django would start, every
// Django check; ids lists every (non-silenced) finding's id, sorted, with
// repeats.
func outcome(s *settings.Settings, fsys fs.FS) (ids []string, silenced int, fatal bool) {
	settings.Validate(s)
	if s.Fatal {
		return nil, 0, true
	}
	for _, f := range Run(DjangoChecks(), s, fsys, testRoot, nil) {
		if f.Silenced {
			silenced++
			continue
		}
		ids = append(ids, f.ID)
	}
	sort.Strings(ids)
	return ids, silenced, false
}

// expand turns the short ids of a test table ("W004", "caches.W002") into
// full ids, sorted.
func expand(short string) []string {
	var out []string
	for _, f := range strings.Fields(short) {
		if !strings.Contains(f, ".") {
			f = "security." + f
		}
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
