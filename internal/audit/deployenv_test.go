package audit

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
)

// TestDeployEnvDecidesSettings checks that the literal environment the
// deployment files give the app takes part in evaluating the settings: a
// Dockerfile ENV DJANGO_DEBUG=1 makes security.W018 definite, with the file
// named in the evidence, and --env overrides it.
func TestDeployEnvDecidesSettings(t *testing.T) {
	dir := filepath.Join("testdata", "checklist", "debug")
	find := func(opts Options, id string) *finding.Finding {
		t.Helper()
		r, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.Findings {
			if r.Findings[i].ID == id {
				return &r.Findings[i]
			}
		}
		return nil
	}

	f := find(Options{Path: filepath.Join(dir, "dockerfile_env")}, "security.W018")
	if f == nil {
		t.Fatal("Dockerfile ENV DJANGO_DEBUG=1: no security.W018")
	}
	if f.Certainty != finding.Definite {
		t.Errorf("W018 certainty = %s, want definite (the Dockerfile decides DJANGO_DEBUG)", f.Certainty)
	}
	if ev := strings.Join(f.Evidence, "\n"); !strings.Contains(ev, "Dockerfile:4") {
		t.Errorf("W018 evidence %q does not name Dockerfile:4", ev)
	}
	if f := find(Options{Path: filepath.Join(dir, "dockerfile_env"), Env: []string{"DJANGO_DEBUG=0"}}, "security.W018"); f != nil {
		t.Errorf("--env DJANGO_DEBUG=0 should override the Dockerfile: got %s", f.Message)
	}
	if f := find(Options{Path: filepath.Join(dir, "compose_env_off")}, "security.W018"); f != nil {
		t.Errorf("production compose DJANGO_DEBUG=off (dev compose says 1): got W018 %s", f.Certainty)
	}
	if f := find(Options{Path: filepath.Join(dir, "compose_env_on")}, "security.W018"); f == nil || f.Certainty != finding.Definite {
		t.Errorf("production compose DJANGO_DEBUG=true: want a definite W018, got %+v", f)
	}
	// Without deployment files the same settings stay conditional.
	if f := find(Options{Path: filepath.Join(dir, "env_default")}, "security.W018"); f == nil || f.Certainty != finding.Conditional {
		t.Errorf("no deployment file: want a conditional W018, got %+v", f)
	}
}
