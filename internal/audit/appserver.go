package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/pyeval"
	pv "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// gunicornModule is the name a gunicorn configuration file is evaluated
// under: it is not a module of the project.
const gunicornModule = "__deploycheck_gunicorn_conf__"

// fileResolver resolves one extra module name to a file and every other
// name through the project.
type fileResolver struct {
	pyeval.Resolver
	file string
}

func (r fileResolver) ModuleFile(dotted string) (string, bool, bool) {
	if dotted == gunicornModule {
		return r.file, false, true
	}
	return r.Resolver.ModuleFile(dotted)
}

// evaluateGunicorn runs a gunicorn configuration file through the
// interpreter (it is Python, like the settings) and returns its options.
func evaluateGunicorn(ctx context.Context, path, root string, res pyeval.Resolver, ev envInput) (*deployfiles.AppServerConfig, error) {
	out, err := pyeval.EvalModule(ctx, gunicornModule, pyeval.Options{Env: ev.env, Base: ev.base, Resolver: fileResolver{res, path}, Root: root})
	if err != nil {
		return nil, fmt.Errorf("evaluate gunicorn config %s: %w", path, err)
	}
	cfg := &deployfiles.AppServerConfig{Path: path, Server: "gunicorn"}
	if out.Fatal {
		for _, pr := range out.Problems {
			if pr.Kind == "syntax" || pr.Kind == "exception" || pr.Kind == "import" {
				return cfg, &deployfiles.ParseError{File: path, Line: pr.Line, Msg: pr.Message}
			}
		}
	}
	for _, g := range out.Globals {
		if g.File != path || strings.HasPrefix(g.Name, "_") || strings.ToLower(g.Name) != g.Name {
			continue
		}
		opt := deployfiles.ServerOption{Name: g.Name, Line: g.Pos.Line}
		if vals, ok := optionText(g.Value); ok {
			opt.Values = vals
		} else if g.Value.IsUnknown() {
			opt.Unknown = g.Value.UnknownReason()
		} else {
			continue // a function or object: not an option value
		}
		cfg.Options = append(cfg.Options, opt)
	}
	return cfg, nil
}

// optionText renders a configuration value as text: strings, numbers and
// booleans, or a list or tuple of them.
func optionText(v pv.Value) ([]string, bool) {
	if elems, ok := v.Elems(); ok {
		var out []string
		for _, e := range elems {
			s, ok := scalarText(e)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	if s, ok := scalarText(v); ok {
		return []string{s}, true
	}
	return nil, false
}

func scalarText(v pv.Value) (string, bool) {
	switch {
	case v.IsTrue():
		return "true", true
	case v.IsFalse():
		return "false", true
	case v.IsNone():
		return "", true
	}
	if s, ok := v.AsStr(); ok {
		return s, true
	}
	if i, ok := v.AsInt(); ok {
		return strconv.FormatInt(i, 10), true
	}
	if f, ok := v.AsFloat(); ok {
		return strconv.FormatFloat(f, 'g', -1, 64), true
	}
	return "", false
}
