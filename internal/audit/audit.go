// Package audit runs deploycheck's pipeline on a project: discover the
// project and its production settings, evaluate them, run the checks and
// assemble the report. Data flows one way: discover → parse → evaluate →
// check → report.
package audit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/deploycheck/deploycheck/internal/checks"
	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/djangodata"
	"github.com/deploycheck/deploycheck/internal/dotenv"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyeval"
	"github.com/deploycheck/deploycheck/internal/report"
	"github.com/deploycheck/deploycheck/internal/secret"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// Options are what the user asked for.
type Options struct {
	// Path is the project directory (or a directory inside or above it).
	Path string
	// Settings is the settings module (--settings); empty to discover it.
	Settings string
	// EnvFiles are dotenv files giving the environment (--env-file).
	EnvFiles []string
	// Env holds NAME=VALUE pairs (--env); they override EnvFiles.
	Env []string
	// DjangoVersion overrides the version read from requirements files.
	DjangoVersion string
	// DjangoData is a JSON file that replaces the embedded table of Django
	// release series (--django-data); "" keeps the embedded one.
	DjangoData string
	// ToolVersion is deploycheck's own version, for the report.
	ToolVersion string
}

// UsageError is a problem with the user's request (exit status 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Run audits one project.
func Run(ctx context.Context, opts Options) (*report.Report, error) {
	r, _, err := Evaluate(ctx, opts)
	return r, err
}

// Evaluate audits one project like Run and also returns the evaluated
// production settings (nil when no settings module was found), for the
// live-site probe's comparison with the running site.
func Evaluate(ctx context.Context, opts Options) (*report.Report, *settings.Settings, error) {
	env, envFindings, err := loadEnv(opts)
	if err != nil {
		return nil, nil, err
	}
	var releases *djangodata.Table
	if opts.DjangoData != "" {
		if releases, err = djangodata.Load(opts.DjangoData); err != nil {
			return nil, nil, &UsageError{fmt.Errorf("--django-data: %w", err)}
		}
	}
	abs, err := filepath.Abs(opts.Path)
	if err != nil {
		return nil, nil, &UsageError{fmt.Errorf("project path %q: %w", opts.Path, err)}
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return nil, nil, &UsageError{fmt.Errorf("project path %q is not a directory", opts.Path)}
	}
	proj, err := discover(abs, opts.Settings, env)
	if err != nil {
		return nil, nil, err
	}
	r := &report.Report{Tool: "deploycheck", Version: opts.ToolVersion, Root: proj.root, EnvGiven: env != nil}
	r.Settings.Module = proj.module
	r.Settings.Reason = proj.reason
	r.Findings = append(r.Findings, envFindings...)
	r.Findings = append(r.Findings, proj.findings...)
	r.Notes = append(r.Notes, proj.notes...)

	version := settings.DefaultVersion
	r.Django.Source = "default: no Django version pinned in requirements or lock files"
	if proj.djangoVersion != "" {
		if v, err := settings.ParseVersion(proj.djangoVersion); err == nil {
			version = v
			r.Django.Source = proj.djangoSource
		}
	}
	if opts.DjangoVersion != "" {
		v, err := settings.ParseVersion(opts.DjangoVersion)
		if err != nil {
			return nil, nil, &UsageError{fmt.Errorf("--django-version: %w", err)}
		}
		version = v
		r.Django.Source = "--django-version"
	}
	r.Django.Version = version.String()

	// The deployment files' literal environment for the app decides the
	// variables they set; --env/--env-file override them.
	appEnv := proj.project.AppEnv()
	fixed := map[string]string{}
	for name, v := range appEnv.Vars {
		if _, over := env[name]; !over {
			fixed[name] = fmt.Sprintf("%s:%d (%s)", rel(proj.root, v.File), v.Line, v.Source)
		}
	}
	base := appEnv.Values()
	evalEnv := env
	if env != nil && len(base) > 0 {
		evalEnv = maps.Clone(base)
		maps.Copy(evalEnv, env)
	}
	for _, name := range appEnv.Conflicts {
		r.Notes = append(r.Notes, fmt.Sprintf("the deployment files set %s to different values; deploycheck treats it as not decided", name))
	}
	ev := envInput{env: evalEnv, base: base, fixed: fixed}
	if len(fixed) > 0 {
		r.EnvFromFiles = fixed
	}

	// Without usable settings the deployment files are checked all the
	// same, by the checks that need no settings.
	filesOnly := func() []finding.Finding {
		return checks.RunAll(checks.FilesOnly(checks.All()), checks.Inputs{
			Settings: settings.New(version), FS: os.DirFS(proj.root), Root: proj.root,
			Project: proj.project, DjangoData: releases,
		})
	}
	if proj.module == "" {
		r.Findings = append(r.Findings, finding.Finding{
			ID: "dc.settings.not-found", Topic: finding.TopicSettings, Severity: finding.Error, Certainty: finding.Definite,
			Message: "no settings module was found: nothing sets DJANGO_SETTINGS_MODULE and no settings.py exists",
			Hint:    "pass --settings MODULE, or set DJANGO_SETTINGS_MODULE in the Dockerfile, compose file or manage.py",
		})
		r.Findings = append(r.Findings, filesOnly()...)
		r.Sort()
		return r, nil, nil
	}
	for _, path := range proj.project.GunicornConfigs {
		cfg, err := evaluateGunicorn(ctx, path, proj.root, proj.resolver, ev)
		if err != nil {
			f := finding.Finding{
				ID: "dc.files.parse", Topic: finding.TopicSettings, Severity: finding.Warning, Certainty: finding.Definite,
				Message: "the gunicorn configuration file could not be evaluated: " + err.Error(),
				Hint:    "fix the file; gunicorn would fail to start with it. deploycheck checked everything else",
				File:    rel(proj.root, path),
			}
			var pe *deployfiles.ParseError
			if errors.As(err, &pe) {
				f.Message = "gunicorn cannot load this configuration file: " + pe.Msg
				f.Line = pe.Line
			}
			r.Findings = append(r.Findings, f)
			continue
		}
		proj.project.AppServers = append(proj.project.AppServers, cfg)
	}
	s, err := evaluateSettings(ctx, proj.module, proj.root, proj.resolver, ev, version)
	if err != nil {
		return nil, nil, err
	}
	r.Settings.File = s.File
	r.EnvReads = redactReads(s.EnvReads)
	r.Files = s.Files
	settings.Validate(s)
	code := &classResolver{ctx: ctx, opts: pyeval.Options{Env: ev.env, Base: ev.base, Resolver: proj.resolver, Root: proj.root}, cache: map[string]classAnswer{}}
	checkProjectView(s, proj.resolver, code)
	r.Findings = append(r.Findings, problemFindings(s)...)
	r.Findings = append(r.Findings, unknownFindings(s)...)
	if !s.Fatal {
		var others []*settings.Settings
		for _, m := range proj.otherModules() {
			if o, err := evaluateSettings(ctx, m, proj.root, proj.resolver, ev, version); err == nil {
				others = append(others, o)
			}
		}
		r.Findings = append(r.Findings, checks.RunAll(checks.All(), checks.Inputs{
			Settings: s, FS: os.DirFS(proj.root), Root: proj.root, Code: code,
			Project: proj.project, Others: others, DjangoData: releases,
		})...)
	}
	if s.Fatal {
		// Django would not start, so none of its checks run.
		r.Findings = append(r.Findings, filesOnly()...)
	}
	r.Fatal = s.Fatal
	describeTriggers(r.Findings, s.EnvReads)
	describeFixed(r.Findings, s.EnvFixed, ev.base)
	r.Sort()
	return r, s, nil
}

// describeTriggers says, for each conditional finding, which values of its
// variables produce it: with no environment given, every variable is unset
// and the settings' defaults apply.
func describeTriggers(fs []finding.Finding, reads []settings.EnvRead) {
	defaults := map[string]string{}
	for _, r := range reads {
		if _, seen := defaults[r.Name]; seen {
			continue
		}
		if r.HasDefault {
			shown := secret.Quoted(r.Name, r.Default)
			defaults[r.Name] = fmt.Sprintf("%s unset, so the default %s applies", r.Name, shown)
		} else {
			defaults[r.Name] = r.Name + " unset"
		}
	}
	for i := range fs {
		f := &fs[i]
		if f.Certainty != finding.Conditional || f.Trigger != "" {
			continue
		}
		var parts []string
		for _, e := range f.Env {
			if d, ok := defaults[e]; ok {
				parts = append(parts, d)
			} else {
				parts = append(parts, e+" unset")
			}
		}
		f.Trigger = strings.Join(parts, "; ")
	}
}

// describeFixed adds, to each finding that hinges on a variable the
// deployment files decide, evidence saying which file sets it to what
// (base holds the files' values; the variables in fixed are the ones the
// environment given does not override).
func describeFixed(fs []finding.Finding, fixed, base map[string]string) {
	if len(fixed) == 0 {
		return
	}
	for i := range fs {
		f := &fs[i]
		for _, name := range f.Env {
			where, ok := fixed[name]
			if !ok {
				continue
			}
			shown := secret.Quoted(name, base[name])
			f.Evidence = append(f.Evidence, fmt.Sprintf("%s=%s is set by %s", name, shown, where))
		}
	}
}

// loadEnv reads --env-file and --env into the environment the settings
// see. It returns nil when neither was given.
func loadEnv(opts Options) (map[string]string, []finding.Finding, error) {
	if len(opts.EnvFiles) == 0 && len(opts.Env) == 0 {
		return nil, nil, nil
	}
	env := map[string]string{}
	var out []finding.Finding
	for _, path := range opts.EnvFiles {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, &UsageError{fmt.Errorf("--env-file: %w", err)}
		}
		entries, perr := dotenv.Parse(data)
		for _, le := range dotenv.LineErrors(perr) {
			out = append(out, finding.Finding{
				ID: "dc.env.parse", Topic: finding.TopicSettings, Severity: finding.Warning, Certainty: finding.Definite,
				Message: "a line of the environment file cannot be read: " + le.Error(),
				Hint:    "write KEY=VALUE, quoting values that contain spaces or #",
				File:    path, Line: le.Line,
			})
		}
		if perr != nil && len(dotenv.LineErrors(perr)) == 0 {
			return nil, nil, &UsageError{fmt.Errorf("--env-file %s: %w", path, perr)}
		}
		for k, v := range dotenv.Map(entries) {
			env[k] = v
		}
	}
	for _, kv := range opts.Env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, nil, &UsageError{fmt.Errorf("--env %q: want NAME=VALUE", kv)}
		}
		env[k] = v
	}
	return env, out, nil
}

// redactReads hides the defaults of variables that hold secrets.
func redactReads(reads []settings.EnvRead) []settings.EnvRead {
	out := make([]settings.EnvRead, len(reads))
	for i, r := range reads {
		if r.HasDefault {
			r.Default = secret.Shown(r.Name, r.Default)
		}
		out[i] = r
	}
	return out
}

// checkProjectView marks the settings fatal when CSRF_FAILURE_VIEW names a
// project module that lacks the view: Django's check raises
// ViewDoesNotExist, which nothing catches.
func checkProjectView(s *settings.Settings, res pyeval.Resolver, code *classResolver) {
	if s.Fatal {
		return
	}
	path, ok := s.Value("CSRF_FAILURE_VIEW").AsStr()
	dot := strings.LastIndexByte(path, '.')
	if !ok || dot <= 0 {
		return
	}
	if _, _, found := res.ModuleFile(path[:dot]); !found {
		return
	}
	if _, exists, known := code.Params(path); known && !exists {
		st := s.Get("CSRF_FAILURE_VIEW")
		s.Problems = append(s.Problems, settings.Problem{
			Kind:    settings.ProblemDjango,
			Message: fmt.Sprintf("CSRF_FAILURE_VIEW %q: module %s has no %s, so Django's CSRF failure view check raises ViewDoesNotExist", path, path[:dot], path[dot+1:]),
			File:    st.File, Line: st.Line, Col: st.Col + 1,
		})
		s.Fatal = true
	}
}
