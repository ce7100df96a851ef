package oracle

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestParseDjangoOutput(t *testing.T) {
	tests := []struct {
		name           string
		stdout, stderr string
		exit           int
		want           Result
		wantErr        string
	}{
		{
			name:   "clean",
			stdout: "System check identified no issues (0 silenced).\n",
			want:   Result{IDs: []string{}},
		},
		{
			name:   "clean with silenced",
			stdout: "System check identified no issues (2 silenced).\n",
			want:   Result{IDs: []string{}, Silenced: 2},
		},
		{
			name: "warnings with hints and engine objects",
			stderr: "System check identified some issues:\n\nWARNINGS:\n" +
				"<django.template.backends.django.DjangoTemplates object at 0x7f3a2b1c>: (templates.W003) 'static' is used for multiple template tag modules: 'django.templatetags.cache', 'django.templatetags.static'\n" +
				"?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.\n" +
				"?: (security.W025) Your SECRET_KEY_FALLBACKS[0] has less than 50 characters.\n" +
				"?: (security.W025) Your SECRET_KEY_FALLBACKS[1] has less than 50 characters.\n" +
				"?: (urls.W005) URL namespace 'admin' isn't unique.\n\tHINT: You may not be able to reverse all URLs in this namespace\n" +
				"\nSystem check identified 5 issues (1 silenced).\n",
			want: Result{IDs: []string{"security.W004", "security.W025", "templates.W003", "urls.W005"}, Silenced: 1},
		},
		{
			name: "errors: SystemCheckError, multi-line hint",
			stderr: "SystemCheckError: System check identified some issues:\n\nERRORS:\n" +
				"?: (admin.E403) A 'django.template.backends.django.DjangoTemplates' instance must be configured in TEMPLATES in order to use the admin application.\n" +
				"?: (admin.E410) 'django.contrib.sessions.middleware.SessionMiddleware' must be in MIDDLEWARE in order to use the admin application.\n" +
				"\tHINT: Insert 'django.contrib.sessions.middleware.SessionMiddleware' before 'django.contrib.auth.middleware.AuthenticationMiddleware'.\n" +
				"?: (security.E023) You have set the SECURE_REFERRER_POLICY setting to an invalid value.\n" +
				"\tHINT: Valid values are: no-referrer, origin.\n" +
				"\nWARNINGS:\n?: (security.W018) You should not have DEBUG set to True in deployment.\n" +
				"\nSystem check identified 4 issues (0 silenced).\n",
			exit: 1,
			want: Result{IDs: []string{"admin.E403", "admin.E410", "security.E023", "security.W018"}, Exit: 1},
		},
		{
			name:   "one issue",
			stderr: "System check identified some issues:\n\nWARNINGS:\n?: (security.W018) DEBUG.\n\nSystem check identified 1 issue (0 silenced).\n",
			want:   Result{IDs: []string{"security.W018"}},
		},
		{
			name:   "model object",
			stderr: "System check identified some issues:\n\nWARNINGS:\nblog.Post: (models.W042) Auto-created primary key used.\n\tHINT: Configure.\n\nSystem check identified 1 issue (0 silenced).\n",
			want:   Result{IDs: []string{"models.W042"}},
		},
		{
			name:   "crash",
			stderr: "Traceback (most recent call last):\n  File \"/p/manage.py\", line 6, in <module>\n    execute_from_command_line(sys.argv)\nNameError: name 'SECURE_HSTS_SECONDS' is not defined\n",
			exit:   1,
			want:   Result{Fatal: true, Exit: 1, Error: "NameError: name 'SECURE_HSTS_SECONDS' is not defined"},
		},
		{
			name:   "crash with a chained exception",
			stderr: "Traceback (most recent call last):\n  ...\nKeyError: 'X'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  ...\ndjango.core.exceptions.ImproperlyConfigured: Set the X environment variable\n",
			exit:   1,
			want:   Result{Fatal: true, Exit: 1, Error: "django.core.exceptions.ImproperlyConfigured: Set the X environment variable"},
		},
		{
			name:    "count mismatch",
			stderr:  "System check identified some issues:\n\nWARNINGS:\n?: (security.W018) DEBUG.\n\nSystem check identified 2 issues (0 silenced).\n",
			wantErr: "found 1 messages but the footer says 2",
		},
		{
			name:    "exit 0 without footer",
			stdout:  "hello\n",
			wantErr: "no \"System check identified\" line",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDjangoOutput(tt.stdout, tt.stderr, tt.exit)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got.Output = ""
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

// TestDjangoReproducesCorpus runs real Django over the Django 5.2 corpus and
// checks that the harness reads the same ids, silenced counts and crashes
// the corpus recorded: it holds the oracle itself (the Django runner, its
// output parser, the installed Django and libraries) to the corpus.
//
// To keep CI time down it runs every third case and every crash case;
// DEPLOYCHECK_ORACLE_CORPUS=all runs all of them.
func TestDjangoReproducesCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real Django about 70 times")
	}
	d := djangoRunner(t)
	cases, err := LoadCorpus(filepath.Join(moduleRoot(t), "testdata", "corpus", "django-oracle"))
	if err != nil {
		t.Fatal(err)
	}
	if v := os.Getenv("DEPLOYCHECK_DJANGO_VERSION"); v != "" && v != cases[0].Expected.DjangoVersion {
		t.Skipf("installed Django is %s, the corpus was made with %s", v, cases[0].Expected.DjangoVersion)
	}
	if os.Getenv("DEPLOYCHECK_ORACLE_CORPUS") != "all" {
		var sample []Case
		for i, c := range cases {
			if i%3 == 0 || c.Expected.Fatal() {
				sample = append(sample, c)
			}
		}
		cases = sample
	}
	var mu sync.Mutex
	same := 0
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.ID, func(t *testing.T) {
				t.Parallel()
				// Django runs on a copy: its run may create files (a
				// file-based cache's directory) that must not land in
				// testdata or change what deploycheck sees there.
				c.ProjectDir = copyTree(t, c.ProjectDir)
				got, err := d.Run(context.Background(), c)
				if err != nil {
					t.Fatal(err)
				}
				want := c.Expected.Result()
				diff := Diff(want, got)
				if diff == "" && want.Fatal && got.Error != want.Error {
					diff = "crash: corpus " + want.Error + ", now " + got.Error + "\n"
				}
				if diff == "" && !want.Fatal && got.Exit != want.Exit {
					diff = "exit status differs\n"
				}
				if diff != "" {
					t.Errorf("%s (%s): real Django disagrees with the corpus:\n%s\n%s", c.ID, c.Family, diff, got.Output)
					return
				}
				mu.Lock()
				same++
				mu.Unlock()
			})
		}
	})
	t.Logf("real Django reproduces %d of %d corpus cases", same, len(cases))
}

// copyTree copies a directory tree into a fresh temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
	return dst
}
