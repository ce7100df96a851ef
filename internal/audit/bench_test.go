package audit

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkAuditCorpusCase audits one oracle-corpus project (split
// settings, environment file) end to end, as `deploycheck check` does.
func BenchmarkAuditCorpusCase(b *testing.B) {
	dir := filepath.Join("..", "..", "testdata", "corpus", "django-oracle", "s-split-003")
	opts := Options{Path: filepath.Join(dir, "proj"), EnvFiles: []string{filepath.Join(dir, "env")}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuditDeploymentFiles audits fixture projects whose deployment
// files carry most of the work: cookiecutter-style compose with env files,
// start scripts and Traefik; a host deployment with nginx and a systemd
// unit; gunicorn.conf.py and uwsgi.ini.
func BenchmarkAuditDeploymentFiles(b *testing.B) {
	for _, c := range []struct{ name, dir, settings, env string }{
		{"cookiecutter", "clean/cookiecutter", "config.settings.production", ".envs/.production/.django"},
		{"nginx-systemd", "process/host_published", "", ""},
		{"appserver-configs", "process/reload_conf", "", ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			dir := filepath.Join("testdata", "checklist", filepath.FromSlash(c.dir))
			opts := Options{Path: dir, Settings: c.settings}
			if c.env != "" {
				opts.EnvFiles = []string{filepath.Join(dir, filepath.FromSlash(c.env))}
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Run(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
