package oracle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// ModuleRoot returns the folder holding go.mod, walking up from the current
// directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !st.IsDir() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the current directory")
		}
		dir = parent
	}
}

// BuildDeploycheck builds ./cmd/deploycheck of the module at root into
// outDir and returns the binary's path.
func BuildDeploycheck(ctx context.Context, root, outDir string) (string, error) {
	bin := filepath.Join(outDir, "deploycheck")
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/deploycheck")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/deploycheck: %w\n%s", err, out)
	}
	return bin, nil
}

// RunDeploycheck runs `deploycheck check PROJECT --settings MODULE
// --env-file ENV --format json` on a case with DefaultTimeout.
func RunDeploycheck(bin string, c Case) (Result, error) {
	return RunDeploycheckContext(context.Background(), bin, c)
}

// RunDeploycheckContext is RunDeploycheck with a context. The command runs
// in the project folder (as Django does) with only PATH, HOME and
// LANG=C.UTF-8 in its environment: the case's environment reaches it only
// through --env-file.
func RunDeploycheckContext(ctx context.Context, bin string, c Case) (Result, error) {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "LANG=C.UTF-8"}
	stdout, stderr, exit, err := run(ctx, DefaultTimeout, c.ProjectDir, env, bin,
		"check", c.ProjectDir, "--settings", c.SettingsModule, "--env-file", c.EnvFile, "--format", "json")
	if err != nil {
		return Result{}, fmt.Errorf("deploycheck %s: %w", c.ID, err)
	}
	if exit < 0 || exit > 2 {
		return Result{}, fmt.Errorf("deploycheck %s: exit status %d\nstderr:\n%s", c.ID, exit, tail(stderr, 4000))
	}
	r, err := ParseDeploycheckJSON([]byte(stdout))
	r.Exit = exit
	r.Output = "stdout:\n" + stdout + "stderr:\n" + stderr
	if err != nil {
		return r, fmt.Errorf("deploycheck %s (exit %d): %w\nstderr:\n%s", c.ID, exit, err, tail(stderr, 4000))
	}
	return r, nil
}

// deploycheckJSON is the part of `--format json` the harness reads.
type deploycheckJSON struct {
	SchemaVersion *int            `json:"schema_version"`
	Fatal         bool            `json:"fatal"`
	Django        json.RawMessage `json:"django"`
	Findings      []struct {
		ID       string `json:"id"`
		Django   bool   `json:"django"`
		Silenced bool   `json:"silenced"`
	} `json:"findings"`
}

// ParseDeploycheckJSON reads deploycheck's JSON report: the Django ids are
// the findings with "django": true; the silenced ones count toward Silenced
// (Django's "(N silenced)"), the others make IDs.
func ParseDeploycheckJSON(data []byte) (Result, error) {
	var out deploycheckJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&out); err != nil {
		return Result{}, fmt.Errorf("stdout is not a JSON report: %w (stdout starts %q)", err, head(string(data), 200))
	}
	if dec.More() {
		return Result{}, errors.New("stdout holds more than one JSON value")
	}
	if out.SchemaVersion == nil || *out.SchemaVersion != 1 {
		return Result{}, fmt.Errorf("schema_version is not 1 (stdout starts %q)", head(string(data), 200))
	}
	r := Result{Fatal: out.Fatal}
	var dj struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(out.Django, &dj) == nil {
		r.DjangoVersion = dj.Version
	}
	var ids []string
	for _, f := range out.Findings {
		if !f.Django {
			continue
		}
		if f.ID == "" {
			return Result{}, errors.New("a finding with \"django\": true has no id")
		}
		if f.Silenced {
			r.Silenced++
			continue
		}
		ids = append(ids, f.ID)
	}
	r.IDs = NormalizeIDs(ids)
	return r, nil
}

func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
