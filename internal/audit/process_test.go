package audit

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
)

// findingsByID runs the audit on dir and returns its findings of one id.
func findingsByID(t *testing.T, dir, id string) []finding.Finding {
	t.Helper()
	r, err := Run(context.Background(), Options{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	var out []finding.Finding
	for _, f := range r.Findings {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// TestProcessSeverities checks the severities the process checks choose
// from context, which the fixture harness does not compare.
func TestProcessSeverities(t *testing.T) {
	dir := filepath.Join("testdata", "checklist", "process")
	sev := func(fs []finding.Finding) map[string]finding.Severity {
		out := map[string]finding.Severity{}
		for _, f := range fs {
			out[f.File+":"+strconv.Itoa(f.Line)] = f.Severity
		}
		return out
	}
	got := sev(findingsByID(t, filepath.Join(dir, "forwarded_behind_proxy"), "dc.process.forwarded-allow-ips"))
	if got["docker-compose.production.yml:7"] != finding.Info {
		t.Errorf("behind a proxy, unpublished: want info, got %v", got)
	}
	got = sev(findingsByID(t, filepath.Join(dir, "forwarded_host_loopback"), "dc.process.forwarded-allow-ips"))
	if got["deploy/shop.service:9"] != finding.Info {
		t.Errorf("host app bound to loopback behind nginx: want info, got %v", got)
	}
	got = sev(findingsByID(t, filepath.Join(dir, "forwarded_star"), "dc.process.forwarded-allow-ips"))
	if got["docker-compose.production.yml:4"] != finding.Warning {
		t.Errorf("published beside a proxy: want warning, got %v", got)
	}
	got = sev(findingsByID(t, filepath.Join(dir, "dockerfile_secret"), "dc.process.dockerfile-secret"))
	want := map[string]finding.Severity{
		"Dockerfile:1": finding.Warning, "Dockerfile:3": finding.Warning, "Dockerfile:12": finding.Warning,
		"Dockerfile:13": finding.Error, "Dockerfile:15": finding.Error,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("dockerfile secret at %s: severity %v, want %v", k, got[k], w)
		}
	}
	for _, f := range findingsByID(t, filepath.Join(dir, "dockerfile_secret"), "dc.process.dockerfile-secret") {
		for _, secretText := range []string{"Sup3rS3cret", "Xk3v9QpLm2Rt7Wz", "collectstatic-only", "sntrys_eyJ"} {
			if strings.Contains(f.Message, secretText) {
				t.Errorf("finding shows a secret in full: %s", f.Message)
			}
		}
	}
	got = sev(findingsByID(t, filepath.Join(dir, "dockerignore_missing"), "dc.process.dockerignore"))
	if got["Dockerfile:6"] != finding.Error {
		t.Errorf(".env copied into the image: want error, got %v", got)
	}
}

// TestDockerIgnoreGit copies a fixture into a temporary directory with a
// .git directory (which a fixture cannot hold) and checks that COPY . .
// without a .dockerignore is reported as a warning, and not once the
// .dockerignore lists .git.
func TestDockerIgnoreGit(t *testing.T) {
	src := filepath.Join("testdata", "checklist", "process", "dockerignore_ok")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".git", "objects"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fs := findingsByID(t, dir, "dc.process.dockerignore"); len(fs) != 0 {
		t.Errorf(".dockerignore lists .git: got %v", fs)
	}
	if err := os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte(".env\n.env.*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := findingsByID(t, dir, "dc.process.dockerignore")
	if len(fs) != 1 || fs[0].Severity != finding.Warning || !strings.Contains(fs[0].Message, ".git") {
		t.Fatalf(".git not ignored: want one warning naming .git, got %+v", fs)
	}
}
