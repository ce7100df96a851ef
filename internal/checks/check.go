// Package checks holds deploycheck's checks, one file per checklist topic.
//
// A check is a value: its id (Django's own id where Django has the check),
// topic, severity, documentation and a Run function that reads the models
// through a Pass and reports findings. Checks never parse files or do I/O
// beyond what Pass offers.
package checks

import (
	"io/fs"
	"sort"
	"time"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/djangodata"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/project"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// Check is one check.
type Check struct {
	// ID is Django's id ("security.W004") where Django has the check, else
	// deploycheck's own ("dc.secret_key.literal").
	ID       string
	Topic    finding.Topic
	Severity finding.Severity
	// Django marks the checks that reproduce Django's own system checks;
	// they honour SILENCED_SYSTEM_CHECKS.
	Django bool
	// DeployOnly marks Django checks that only `check --deploy` runs.
	DeployOnly bool
	// FilesOnly marks checks that read the deployment files alone, not
	// the settings: they still run when no settings module is found or
	// the settings cannot be imported.
	FilesOnly bool
	// Doc explains what the check finds, why it matters and how to fix it.
	Doc string
	Run func(*Pass)
}

// Pass is what a check run sees.
type Pass struct {
	Settings *settings.Settings
	// FS is the project's file system rooted at the project directory, for
	// checks that Django runs against the disk (files.E001 and friends).
	// It may be nil.
	FS fs.FS
	// Root is the project directory's path (what FS is rooted at), used to
	// resolve absolute paths found in settings.
	Root string
	// Code answers questions about the project's own classes and functions;
	// nil when not available.
	Code CodeResolver
	// Project is what discovery found: deployment files, the deployment
	// environment, the Django requirement, other settings modules. It may
	// be nil (unit tests of settings-only checks).
	Project *project.Project
	// Others are the project's other settings modules (development, test,
	// base...), evaluated under the same environment, for checks that
	// compare them with the production one (a key shared with dev).
	Others []*settings.Settings
	// DjangoData is the table of Django release series the version checks
	// judge the pinned Django against; nil means the embedded table.
	DjangoData *djangodata.Table

	// today is the day end-of-support dates are judged on; zero means the
	// current date (tests set it).
	today    time.Time
	cache    *runCache
	check    *Check
	read     []string
	findings []finding.Finding
}

// CodeResolver answers questions about the project's own code that some
// Django checks ask by importing it.
type CodeResolver interface {
	// Ancestors lists the classes from outside the project that a project
	// class derives from; known is false when they cannot be told.
	Ancestors(dotted string) (ancestors []string, known bool)
	// Params lists a project function's parameters; exists is false when
	// importing the name would fail, known false when it cannot be told.
	Params(dotted string) (params []Param, exists, known bool)
}

// Param is one parameter of a function, as inspect.signature sees it.
type Param struct {
	Name string
	// Kind is "positional_only", "positional_or_keyword", "var_positional",
	// "keyword_only" or "var_keyword".
	Kind       string
	HasDefault bool
}

// Setting returns a setting's value (the project's, else Django's default)
// and remembers that the check read it, so that the finding can name the
// environment variables that decide it.
func (p *Pass) Setting(name string) pyvalue.Value {
	p.read = append(p.read, name)
	return p.Settings.Value(name)
}

// SettingInfo is like Setting but returns the whole record (nil when the
// setting is not defined at all).
func (p *Pass) SettingInfo(name string) *settings.Setting {
	p.read = append(p.read, name)
	return p.Settings.Get(name)
}

// Report records a finding of the running check. Empty fields are filled
// from the check (id, topic, severity); the location defaults to where the
// finding's setting (or the last setting read) was assigned; the
// environment variables and certainty come from the settings the check read.
func (p *Pass) Report(f finding.Finding) {
	c := p.check
	if f.ID == "" {
		f.ID = c.ID
	}
	if f.Topic == "" {
		f.Topic = c.Topic
	}
	if f.Severity == 0 {
		f.Severity = c.Severity
	}
	f.Django = f.Django || c.Django
	env := map[string]bool{}
	for _, n := range p.read {
		if st := p.Settings.Get(n); st != nil {
			deepEnv(st.Value, env, 0)
		}
	}
	for _, e := range f.Env {
		env[e] = true
	}
	f.Env = f.Env[:0]
	for e := range env {
		f.Env = append(f.Env, e)
	}
	sort.Strings(f.Env)
	if len(f.Env) == 0 {
		f.Env = nil
	}
	if f.Certainty == "" {
		f.Certainty = finding.Definite
		if !p.Settings.Decided(f.Env) {
			f.Certainty = finding.Conditional
		}
	}
	if f.File == "" {
		name := f.Setting
		if name == "" && len(p.read) > 0 {
			name = p.read[len(p.read)-1]
		}
		if st := p.Settings.Get(name); st != nil && !st.Default {
			f.File, f.Line, f.Column = st.File, st.Line, st.Col+1
		} else {
			f.File = p.Settings.File
		}
	}
	p.findings = append(p.findings, f)
}

// Run runs the given checks over the settings and returns their findings,
// with Django ids listed in SILENCED_SYSTEM_CHECKS marked silenced.
func Run(list []*Check, s *settings.Settings, fsys fs.FS, root string, code CodeResolver) []finding.Finding {
	return RunAll(list, Inputs{Settings: s, FS: fsys, Root: root, Code: code})
}

// Inputs are the models a run of the checks reads (see Pass).
type Inputs struct {
	Settings *settings.Settings
	FS       fs.FS
	Root     string
	Code     CodeResolver
	Project  *project.Project
	Others   []*settings.Settings
	// DjangoData replaces the embedded Django release table (nil: keep it).
	DjangoData *djangodata.Table
}

// RunAll runs the checks over all the models, like Run.
func RunAll(list []*Check, in Inputs) []finding.Finding {
	s := in.Settings
	silencedList := s.Value("SILENCED_SYSTEM_CHECKS")
	var out []finding.Finding
	cache := newRunCache()
	for _, c := range list {
		p := &Pass{Settings: s, FS: in.FS, Root: in.Root, Code: in.Code, Project: in.Project, Others: in.Others, DjangoData: in.DjangoData, check: c, cache: cache}
		c.Run(p)
		for _, f := range p.findings {
			if f.Django && Silenced(silencedList, f.ID) {
				f.Silenced = true
			}
			out = append(out, f)
		}
	}
	return out
}

// runCache holds what several checks of one run derive from the same
// models, so that it is derived once.
type runCache struct {
	// appBlocks are the nginx levels that hand requests to the app, by
	// server (see Pass.appBlocks).
	appBlocks map[*deployfiles.NginxServer][]appBlock
}

func newRunCache() *runCache {
	return &runCache{appBlocks: map[*deployfiles.NginxServer][]appBlock{}}
}

// FilesOnly returns the checks of list that need no settings.
func FilesOnly(list []*Check) []*Check {
	var out []*Check
	for _, c := range list {
		if c.FilesOnly {
			out = append(out, c)
		}
	}
	return out
}

// Silenced is Django's `id in settings.SILENCED_SYSTEM_CHECKS`: exact
// membership in a list, tuple or set (no wildcards, no trimming), and a
// substring test when the setting is a single string. An unknown value
// silences nothing.
func Silenced(silencedChecks pyvalue.Value, id string) bool {
	return contains(silencedChecks, id) == yes
}

// deepEnv adds the environment variables a value depends on, including
// those of the values inside containers (DATABASES["default"]["HOST"]).
func deepEnv(v pyvalue.Value, into map[string]bool, depth int) {
	for _, e := range v.Env() {
		into[e] = true
	}
	if depth > 4 {
		return
	}
	if elems, ok := v.Elems(); ok {
		for _, e := range elems {
			deepEnv(e, into, depth+1)
		}
	}
	if d, ok := v.AsDict(); ok {
		for i, k := range d.Keys() {
			deepEnv(k, into, depth+1)
			deepEnv(d.Values()[i], into, depth+1)
		}
	}
	if s, ok := v.AsSet(); ok {
		for _, e := range s.Elems() {
			deepEnv(e, into, depth+1)
		}
	}
}
