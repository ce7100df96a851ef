package audit

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyeval"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// evaluateSettings runs the settings module through the interpreter and
// turns its module-level names into Django settings (only upper-case names
// count, as in Django).
func evaluateSettings(ctx context.Context, module string, root string, res pyeval.Resolver, ev envInput, version settings.Version) (*settings.Settings, error) {
	s := settings.New(version)
	s.Module = module
	s.EnvGiven = ev.env != nil
	s.Environ = ev.env
	if ev.env == nil && len(ev.base) > 0 {
		s.Environ = ev.base
	}
	if len(ev.fixed) > 0 {
		s.EnvFixed = ev.fixed
	}
	if file, _, ok := res.ModuleFile(module); ok {
		s.File = rel(root, file)
	}
	out, err := pyeval.EvalModule(ctx, module, pyeval.Options{Env: ev.env, Base: ev.base, Resolver: res, Root: root})
	if err != nil {
		return nil, fmt.Errorf("evaluate settings %s: %w", module, err)
	}
	for _, g := range out.Globals {
		if !isSettingName(g.Name) {
			continue
		}
		s.Set(&settings.Setting{Name: g.Name, Value: g.Value, File: rel(root, g.File), Line: g.Pos.Line, Col: g.Pos.Col})
	}
	s.EnvReads = out.EnvReads
	s.Problems = out.Problems
	s.Fatal = out.Fatal
	for _, f := range out.Files {
		s.Files = append(s.Files, rel(root, f))
	}
	return s, nil
}

// envInput is the environment a settings evaluation sees.
type envInput struct {
	// env is the environment given (--env/--env-file) merged over the
	// deployment files' values, or nil when none was given.
	env map[string]string
	// base holds the deployment files' values, used when env is nil.
	base map[string]string
	// fixed describes where each deployment-file variable that env does
	// not override is set.
	fixed map[string]string
}

// isSettingName is Django's rule: a setting is an upper-case module name.
func isSettingName(name string) bool {
	if name == "" || strings.ToUpper(name) != name {
		return false
	}
	for _, r := range name {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func rel(root, path string) string {
	if path == "" || root == "" {
		return path
	}
	if r, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

// problemFindings turns evaluation problems into findings of the settings
// topic.
func problemFindings(s *settings.Settings) []finding.Finding {
	var out []finding.Finding
	for _, p := range s.Problems {
		f := finding.Finding{
			Topic:     finding.TopicSettings,
			Severity:  finding.Error,
			Certainty: finding.Definite,
			File:      p.File,
			Line:      p.Line,
			Column:    p.Col,
			Env:       p.Env,
		}
		switch p.Kind {
		case "syntax":
			f.ID = "dc.settings.syntax"
			f.Message = "the settings cannot be parsed: " + p.Message
			f.Hint = "fix the syntax error; Django cannot import these settings"
		case "import":
			f.ID = "dc.settings.import"
			f.Message = "importing the settings fails: " + p.Message
			f.Hint = "make the module importable in production, or guard an optional import with try/except ImportError"
		case "name":
			f.ID = "dc.settings.name"
			f.Message = "the settings use an undefined name: " + p.Message
			f.Hint = "define the name before it is used"
		case "env":
			f.ID = "dc.settings.env"
			f.Message = p.Message
			f.Hint = "set the variable in the production environment, or give a safe default"
			if !s.Decided(p.Env) {
				// Requiring a variable is the good pattern (no unsafe
				// default); without an environment it is only a reminder.
				f.Severity = finding.Info
				f.Certainty = finding.Conditional
				f.Trigger = strings.Join(p.Env, ", ") + " unset"
				f.Hint = "set " + strings.Join(p.Env, ", ") + " in the production environment (pass it with --env-file to check the values)"
			}
		case settings.ProblemDjango:
			f.ID = "dc.settings.django-rejects"
			f.Message = p.Message
			f.Hint = "Django refuses these settings before any check runs; fix the value"
		case "bound":
			f.ID = "dc.settings.bound"
			f.Severity = finding.Warning
			f.Message = "the settings could not be evaluated completely: " + p.Message
			f.Hint = "deploycheck stops evaluating runaway code; simplify the settings or report the case"
		default:
			f.ID = "dc.settings.exception"
			f.Message = "importing the settings raises " + p.Message
			f.Hint = "Django would not start with these settings"
		}
		if s.Fatal && p.Kind != "bound" {
			f.Severity = finding.Critical
		}
		out = append(out, f)
	}
	return out
}
