// Package oracle holds the test harnesses that hold deploycheck to real
// Django: the oracle corpora (projects with what `manage.py check --deploy`
// reported for them), runners for real Django and for the deploycheck CLI
// that turn both into the same Result, and a generator of random settings
// projects for differential testing.
//
// The contract compared is the set of Django check ids reported (silenced
// ones excluded), the number of silenced messages, and whether the settings
// could be imported at all ("fatal": Django crashed before its checks ran).
package oracle

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Case is one oracle case: a Django project, the environment it ran with,
// and what real Django reported for it.
type Case struct {
	// ID names the case ("s-env-007").
	ID string
	// Family is the kind of settings the case exercises (toggle, env,
	// split, environ, decouple, flow).
	Family string
	// SettingsModule is the DJANGO_SETTINGS_MODULE Django ran with.
	SettingsModule string
	// ProjectDir is the absolute path of the project root (manage.py).
	ProjectDir string
	// EnvFile is the absolute path of the dotenv file holding the whole
	// environment Django ran with (variables not listed were unset).
	EnvFile string
	// Expected is what real Django reported.
	Expected Expected
}

// Expected is a case's expected.json.
type Expected struct {
	// IDs are the sorted, de-duplicated ids Django reported (silenced ones
	// are not reported).
	IDs []string
	// Silenced is the M of "System check identified N issues (M silenced).";
	// 0 when Django crashed (expected.json has null).
	Silenced int
	// Exit is Django's exit status.
	Exit int
	// Error is the last line Django wrote to stderr when it exited with
	// status 1: the "System check identified ..." footer when the checks
	// found errors, or the last traceback line when Django crashed.
	Error string
	// DjangoVersion is the Django release that produced the case.
	DjangoVersion string
}

// footerPrefix starts the summary line Django prints after running its
// checks; an error line that does not start with it is a crash.
const footerPrefix = "System check identified "

// Fatal tells whether Django crashed instead of reporting check results:
// it exited non-zero and its last stderr line is not the checks' summary
// (the corpus records a crash's last traceback line in error, with ids
// empty and silenced null).
func (e Expected) Fatal() bool {
	return e.Exit != 0 && e.Error != "" && !strings.HasPrefix(e.Error, footerPrefix)
}

// Result returns the Result a faithful run of this case must produce.
func (e Expected) Result() Result {
	r := Result{IDs: NormalizeIDs(e.IDs), Silenced: e.Silenced, Fatal: e.Fatal(), Exit: e.Exit}
	if r.Fatal {
		r.IDs, r.Silenced, r.Error = nil, 0, e.Error
	}
	return r
}

type caseJSON struct {
	ID             string `json:"id"`
	Family         string `json:"family"`
	SettingsModule string `json:"settings_module"`
	Project        string `json:"project"`
	EnvFile        string `json:"env_file"`
}

type expectedJSON struct {
	Exit          *int     `json:"exit"`
	IDs           []string `json:"ids"`
	Silenced      *int     `json:"silenced"`
	Error         string   `json:"error"`
	DjangoVersion string   `json:"django_version"`
}

// LoadCase reads the case in dir: case.json, expected.json, the project
// folder and the env file they name.
func LoadCase(dir string) (Case, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Case{}, fmt.Errorf("load case %s: %w", dir, err)
	}
	var cj caseJSON
	if err := readJSON(filepath.Join(abs, "case.json"), &cj); err != nil {
		return Case{}, fmt.Errorf("load case %s: %w", dir, err)
	}
	var ej expectedJSON
	if err := readJSON(filepath.Join(abs, "expected.json"), &ej); err != nil {
		return Case{}, fmt.Errorf("load case %s: %w", dir, err)
	}
	c := Case{
		ID:             cj.ID,
		Family:         cj.Family,
		SettingsModule: cj.SettingsModule,
		ProjectDir:     filepath.Join(abs, orDefault(cj.Project, "proj")),
		EnvFile:        filepath.Join(abs, orDefault(cj.EnvFile, "env")),
	}
	if c.ID == "" {
		c.ID = filepath.Base(abs)
	}
	e, err := ej.toExpected()
	if err != nil {
		return Case{}, fmt.Errorf("load case %s: expected.json: %w", dir, err)
	}
	c.Expected = e
	if c.SettingsModule == "" {
		return Case{}, fmt.Errorf("load case %s: case.json has no settings_module", dir)
	}
	if st, err := os.Stat(filepath.Join(c.ProjectDir, "manage.py")); err != nil || st.IsDir() {
		return Case{}, fmt.Errorf("load case %s: no manage.py in project folder %s", dir, c.ProjectDir)
	}
	if _, err := os.Stat(c.EnvFile); err != nil {
		return Case{}, fmt.Errorf("load case %s: env file: %w", dir, err)
	}
	return c, nil
}

func (ej expectedJSON) toExpected() (Expected, error) {
	if ej.Exit == nil {
		return Expected{}, errors.New("no exit")
	}
	if ej.IDs == nil {
		return Expected{}, errors.New("no ids")
	}
	e := Expected{IDs: ej.IDs, Exit: *ej.Exit, Error: ej.Error, DjangoVersion: ej.DjangoVersion}
	if ej.Silenced != nil {
		e.Silenced = *ej.Silenced
	}
	if !sort.StringsAreSorted(e.IDs) {
		return Expected{}, fmt.Errorf("ids are not sorted: %q", e.IDs)
	}
	switch {
	case e.Fatal():
		if len(e.IDs) > 0 || ej.Silenced != nil {
			return Expected{}, fmt.Errorf("a crash (%q) with ids %q or a silenced count", e.Error, e.IDs)
		}
	case ej.Silenced == nil:
		return Expected{}, errors.New("silenced is null but error is not a crash")
	case e.Exit == 1 && !strings.HasPrefix(e.Error, footerPrefix):
		return Expected{}, fmt.Errorf("exit 1 without an error line")
	case e.Exit != 0 && e.Exit != 1:
		return Expected{}, fmt.Errorf("exit status %d", e.Exit)
	}
	return e, nil
}

// LoadCorpus loads every case folder (one holding case.json) directly under
// dir, sorted by folder name.
func LoadCorpus(dir string) ([]Case, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	var cases []Case
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		if _, err := os.Stat(filepath.Join(sub, "case.json")); err != nil {
			continue
		}
		c, err := LoadCase(sub)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("load corpus: no cases in %s", dir)
	}
	return cases, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
