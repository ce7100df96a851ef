package deployfiles

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseRequirementsFile(t *testing.T) {
	path, data := readFixture(t, "deps/pinned/requirements/base.txt")
	rf, err := ParseRequirements(path, data)
	if err != nil {
		t.Fatalf("ParseRequirements: %v", err)
	}
	deepEqual(t, "requirements", rf.Requirements, []Requirement{
		{Name: "django-environ", Specifier: "==0.11.2", Line: 2},
		{Name: "django", Specifier: "==4.2.16", Line: 3},
		{Name: "psycopg", Specifier: ">=3.1", Markers: `python_version >= "3.10"`, Line: 6},
	})

	path, data = readFixture(t, "deps/pinned/requirements/production.txt")
	rf, err = ParseRequirements(path, data)
	if err != nil {
		t.Fatalf("ParseRequirements: %v", err)
	}
	dir := filepath.Dir(path)
	deepEqual(t, "includes", rf.Includes, []Include{
		{Path: filepath.Join(dir, "base.txt"), Raw: "base.txt", Line: 1},
		{Path: filepath.Join(dir, "extra.txt"), Raw: "extra.txt", Line: 2},
		{Path: filepath.Join(dir, "..", "constraints.txt"), Raw: "../constraints.txt", Constraint: true, Line: 3},
	})
}

func TestParseRequirement(t *testing.T) {
	tests := []struct {
		in   string
		want Requirement
		err  bool
	}{
		{in: "Django", want: Requirement{Name: "django"}},
		{in: "Django_Foo.Bar", want: Requirement{Name: "django-foo-bar"}},
		{in: "django >= 4.2 , < 5.0", want: Requirement{Name: "django", Specifier: ">=4.2,<5.0"}},
		{in: "django[argon2,bcrypt]~=4.2.7;python_version>='3.10'", want: Requirement{Name: "django", Specifier: "~=4.2.7", Markers: "python_version>='3.10'"}},
		{in: "django (>=4.2)", want: Requirement{Name: "django", Specifier: ">=4.2"}},
		{in: "django @ https://example.com/django.tar.gz", want: Requirement{Name: "django", URL: "https://example.com/django.tar.gz"}},
		{in: "django==4.2.*", want: Requirement{Name: "django", Specifier: "==4.2.*"}},
		{in: "django===4.2.7-custom", want: Requirement{Name: "django", Specifier: "===4.2.7-custom"}},
		{in: "django==", err: true},
		{in: "django>=>1", err: true},
		{in: "django~=4", err: true},
		{in: "django @", err: true},
		{in: "-django", err: true},
	}
	for _, tt := range tests {
		got, err := ParseRequirement(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseRequirement(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && got != tt.want {
			t.Errorf("ParseRequirement(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestLowestVersion(t *testing.T) {
	tests := []struct{ spec, want string }{
		{">=4.2,<5.0", "4.2"},
		{"<5.0,>=4.2", "4.2"},
		{"~=4.2.7", "4.2.7"},
		{"==4.2.*", "4.2"},
		{">4.2", "4.2.1"},
		{">4.2.7", "4.2.8"},
		{">=4.2,!=4.2", "4.2.1"},
		{">=3.2,!=3.2.1,<4.0", "3.2"},
		{">=4.2,!=4.2.0", "4.2.1"},
		{">=5.0a1", "5.0a1"},
		{"<5", ""},
		{"!=4.2", ""},
		{">=5,<4", ""},
		{"", ""},
		{"junk", ""},
	}
	for _, tt := range tests {
		if got := LowestVersion(tt.spec); got != tt.want {
			t.Errorf("LowestVersion(%q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

func TestPoetryToPEP440(t *testing.T) {
	tests := []struct{ in, want string }{
		{"^4.2", ">=4.2,<5"},
		{"^4.2.7", ">=4.2.7,<5"},
		{"^0.3.1", ">=0.3.1,<0.4"},
		{"^0.0.3", ">=0.0.3,<0.0.4"},
		{"~4.1.3", ">=4.1.3,<4.2"},
		{"~4", ">=4,<5"},
		{"4.2.7", "==4.2.7"},
		{"4.2.*", "==4.2.*"},
		{">=4.2, <5.0", ">=4.2,<5.0"},
		{"*", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := poetryToPEP440(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("poetryToPEP440(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"^4.2 || ^5.0", "^x", "~", "not a version"} {
		if got, err := poetryToPEP440(bad); err == nil {
			t.Errorf("poetryToPEP440(%q) = %q, want an error", bad, got)
		}
	}
}

func TestLockAndProjectFiles(t *testing.T) {
	t.Run("poetry.lock", func(t *testing.T) {
		path, data := readFixture(t, "deps/lockpoetry/poetry.lock")
		pkgs, err := ParsePoetryLock(path, data)
		if err != nil {
			t.Fatal(err)
		}
		deepEqual(t, "packages", pkgs, []LockedPackage{{"asgiref", "3.8.1", 4}, {"django", "4.2.16", 11}})
	})
	t.Run("uv.lock", func(t *testing.T) {
		path, data := readFixture(t, "deps/lockuv/uv.lock")
		pkgs, err := ParseUVLock(path, data)
		if err != nil {
			t.Fatal(err)
		}
		deepEqual(t, "packages", pkgs, []LockedPackage{{"django", "5.1.4", 5}, {"shop", "0.1.0", 13}})
	})
	t.Run("Pipfile.lock", func(t *testing.T) {
		path, data := readFixture(t, "deps/lockpipenv/Pipfile.lock")
		pkgs, err := ParsePipfileLock(path, data)
		if err != nil {
			t.Fatal(err)
		}
		deepEqual(t, "packages", pkgs, []LockedPackage{{"asgiref", "3.8.1", 7}, {"django", "4.2.11", 10}})
	})
	t.Run("pyproject PEP 621", func(t *testing.T) {
		path, data := readFixture(t, "deps/pep621/pyproject.toml")
		reqs, err := ParsePyproject(path, data)
		if err != nil {
			t.Fatal(err)
		}
		deepEqual(t, "requirements", reqs, []Requirement{
			{Name: "django", Specifier: "~=5.0.3", Line: 4},
			{Name: "whitenoise", Specifier: ">=6", Line: 5},
		})
	})
	t.Run("pyproject poetry", func(t *testing.T) {
		path, data := readFixture(t, "deps/lockpoetry/pyproject.toml")
		reqs, err := ParsePyproject(path, data)
		if err != nil {
			t.Fatal(err)
		}
		deepEqual(t, "requirements", reqs, []Requirement{
			{Name: "django", Specifier: ">=4.2,<5", Line: 7},
			{Name: "gunicorn", Specifier: ">=22.0,<23", Line: 8},
		})
	})
	t.Run("setup.cfg", func(t *testing.T) {
		path, data := readFixture(t, "deps/setupcfg/setup.cfg")
		reqs, err := ParseSetupCfg(path, data)
		if err != nil {
			t.Fatal(err)
		}
		deepEqual(t, "requirements", reqs, []Requirement{
			{Name: "django", Specifier: ">=3.2,!=3.2.1,<4.0", Line: 7},
			{Name: "requests", Line: 8},
		})
	})
}

func TestDependencyFileErrors(t *testing.T) {
	t.Run("requirements", func(t *testing.T) {
		path, data := readFixture(t, "deps/broken/requirements.txt")
		rf, err := ParseRequirements(path, data)
		checkErrors(t, err, []string{
			`1: requirement Django: invalid version specifier "=="`,
			`2: requirement gunicorn: invalid version specifier ">=>1"`,
			"3: -r needs a file name",
		})
		deepEqual(t, "requirements", rf.Requirements, []Requirement{{Name: "django", Specifier: ">=4.0,<5", Line: 4}})
	})
	t.Run("poetry.lock", func(t *testing.T) {
		path, data := readFixture(t, "deps/broken/poetry.lock")
		_, err := ParsePoetryLock(path, data)
		checkErrors(t, err, []string{"2: TOML: "})
	})
	t.Run("Pipfile.lock", func(t *testing.T) {
		path, data := readFixture(t, "deps/broken/Pipfile.lock")
		_, err := ParsePipfileLock(path, data)
		checkErrors(t, err, []string{"4: invalid character '}'"})
	})
}

func TestFindDjango(t *testing.T) {
	root := filepath.Join("testdata", "deps")
	in := func(rel ...string) []string {
		var out []string
		for _, r := range rel {
			out = append(out, filepath.Join(root, filepath.FromSlash(r)))
		}
		return out
	}
	tests := []struct {
		name  string
		files []string
		want  *DjangoRequirement
		errs  int
	}{
		{"pin through -r, production file preferred", in("pinned/requirements/local.txt", "pinned/requirements/production.txt"),
			&DjangoRequirement{Version: "4.2.16", Specifier: "==4.2.16", Lowest: "4.2.16", File: in("pinned/requirements/base.txt")[0], Line: 3}, 0},
		{"range", in("ranged/requirements.txt"),
			&DjangoRequirement{Specifier: ">=4.2,<5.0", Lowest: "4.2", File: in("ranged/requirements.txt")[0], Line: 1}, 0},
		{"poetry lock beats range", in("lockpoetry/pyproject.toml", "lockpoetry/poetry.lock"),
			&DjangoRequirement{Version: "4.2.16", Specifier: "==4.2.16", Lowest: "4.2.16", Locked: true, File: in("lockpoetry/poetry.lock")[0], Line: 11}, 0},
		{"uv lock", in("lockuv/pyproject.toml", "lockuv/uv.lock"),
			&DjangoRequirement{Version: "5.1.4", Specifier: "==5.1.4", Lowest: "5.1.4", Locked: true, File: in("lockuv/uv.lock")[0], Line: 5}, 0},
		{"pipenv lock", in("lockpipenv/Pipfile.lock"),
			&DjangoRequirement{Version: "4.2.11", Specifier: "==4.2.11", Lowest: "4.2.11", Locked: true, File: in("lockpipenv/Pipfile.lock")[0], Line: 10}, 0},
		{"PEP 621", in("pep621/pyproject.toml"),
			&DjangoRequirement{Specifier: "~=5.0.3", Lowest: "5.0.3", File: in("pep621/pyproject.toml")[0], Line: 4}, 0},
		{"poetry constraint with a table", in("poetryproj/pyproject.toml"),
			&DjangoRequirement{Specifier: ">=4.1.3,<4.2", Lowest: "4.1.3", File: in("poetryproj/pyproject.toml")[0], Line: 3}, 0},
		{"setup.cfg", in("setupcfg/setup.cfg"),
			&DjangoRequirement{Specifier: ">=3.2,!=3.2.1,<4.0", Lowest: "3.2", File: in("setupcfg/setup.cfg")[0], Line: 7}, 0},
		{"broken files still give the good line", in("broken/requirements.txt", "broken/poetry.lock", "broken/Pipfile.lock"),
			&DjangoRequirement{Specifier: ">=4.0,<5", Lowest: "4.0", File: in("broken/requirements.txt")[0], Line: 4}, 5},
		{"include cycle ends", in("cycle/requirements.txt"),
			&DjangoRequirement{Version: "3.2.25", Specifier: "==3.2.25", Lowest: "3.2.25", File: in("cycle/requirements-b.txt")[0], Line: 2}, 0},
		{"missing file", in("nowhere/requirements.txt"), nil, 1},
		{"unrelated names ignored", in("pinned/constraints.txt", "README.md"), nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindDjango(root, tt.files, os.ReadFile)
			if n := len(Errors(err)); n != tt.errs {
				t.Errorf("%d problems, want %d: %v", n, tt.errs, err)
			}
			deepEqual(t, "requirement", got, tt.want)
		})
	}
}

func TestDjangoRequirementString(t *testing.T) {
	for _, tt := range []struct {
		d    DjangoRequirement
		want string
	}{
		{DjangoRequirement{Version: "4.2.7", Locked: true, File: "poetry.lock", Line: 9}, "Django 4.2.7 (locked in poetry.lock:9)"},
		{DjangoRequirement{Version: "4.2.7", File: "r.txt", Line: 1}, "Django 4.2.7 (pinned in r.txt:1)"},
		{DjangoRequirement{Specifier: ">=4.2", File: "r.txt", Line: 1}, "Django>=4.2 (declared in r.txt:1)"},
		{DjangoRequirement{File: "r.txt", Line: 1}, "Django, no version given (r.txt:1)"},
	} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestPathPurpose(t *testing.T) {
	for path, want := range map[string]Purpose{
		"compose/production/django/Dockerfile": PurposeProduction,
		"docker-compose.prod.yml":              PurposeProduction,
		"docker-compose.local.yml":             PurposeDevelopment,
		"requirements/dev.txt":                 PurposeDevelopment,
		"deploy/local.service":                 PurposeDevelopment,
		"local/production.env":                 PurposeProduction,
		"Dockerfile":                           PurposeUnknown,
		"requirements/base.txt":                PurposeUnknown,
		"producer/Dockerfile":                  PurposeUnknown,
	} {
		if got := PathPurpose(path); got != want {
			t.Errorf("PathPurpose(%q) = %d, want %d", path, got, want)
		}
	}
}
