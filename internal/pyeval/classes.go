package pyeval

import (
	"context"
	"strings"
)

// ClassAncestors evaluates the project module that defines the dotted
// class path and lists the classes from outside the project (Django,
// third-party) it derives from, as dotted paths: project classes are
// followed through their bases. known is false when the class is not found
// in the project or has a base that cannot be identified.
func ClassAncestors(ctx context.Context, opts Options, dotted string) (ancestors []string, known bool) {
	res, name, exists, known := evalDefining(ctx, opts, dotted)
	if !known {
		return nil, false
	}
	if !exists {
		// Django's import_string raises ImportError, and the checks that
		// test for subclasses skip such entries.
		return nil, true
	}
	for _, g := range res.Globals {
		if g.Name != name {
			continue
		}
		o, ok := g.Value.AsObject()
		if !ok {
			if origin := g.Value.UnknownOrigin(); origin != "" {
				// A re-export of a class from outside the project.
				return []string{origin}, true
			}
			return nil, false
		}
		c, ok := o.(*Class)
		if !ok {
			return nil, false
		}
		seen := map[*Class]bool{}
		var out []string
		var walk func(c *Class) bool
		walk = func(c *Class) bool {
			if seen[c] {
				return true
			}
			seen[c] = true
			if c.UnknownBase || c.builtin != "" {
				return !c.UnknownBase
			}
			out = append(out, c.ExternalBases...)
			for _, b := range c.Bases {
				if b.builtin != "" || b.ns == nil {
					continue
				}
				if !walk(b) {
					return false
				}
			}
			return true
		}
		if !walk(c) {
			return nil, false
		}
		return dedupe(out), true
	}
	return nil, true
}

// evalDefining evaluates the project module defining a dotted name. exists
// is false (with known true) when importing the name would raise
// ImportError: its module is missing under a project package, or lacks
// the name; known is false when the outcome cannot be told (a module
// outside the project, or one that cannot be evaluated).
func evalDefining(ctx context.Context, opts Options, dotted string) (res *Result, name string, exists, known bool) {
	dot := strings.LastIndexByte(dotted, '.')
	if dot <= 0 {
		return nil, "", false, true
	}
	module, name := dotted[:dot], dotted[dot+1:]
	if _, _, ok := opts.Resolver.ModuleFile(module); !ok {
		top := module
		if i := strings.IndexByte(module, '.'); i >= 0 {
			top = module[:i]
		}
		if _, _, topOK := opts.Resolver.ModuleFile(top); topOK {
			return nil, name, false, true
		}
		return nil, name, false, false
	}
	if opts.Env == nil {
		opts.Env = map[string]string{}
	}
	res, err := EvalModule(ctx, module, opts)
	if err != nil || res.Fatal {
		return nil, name, false, false
	}
	for _, g := range res.Globals {
		if g.Name == name {
			return res, name, true, true
		}
	}
	return res, name, false, true
}

// Param is one parameter of a function, as inspect.signature sees it.
type Param struct {
	Name string
	// Kind is "positional_only", "positional_or_keyword", "var_positional",
	// "keyword_only" or "var_keyword".
	Kind       string
	HasDefault bool
}

// FunctionParams evaluates the project module defining a dotted function
// path and returns its parameters. exists is false (known true) when
// importing the name would fail; known is false when it cannot be told or
// the name is not a plain function.
func FunctionParams(ctx context.Context, opts Options, dotted string) (params []Param, exists, known bool) {
	res, name, exists, known := evalDefining(ctx, opts, dotted)
	if !known || !exists {
		return nil, exists, known
	}
	for _, g := range res.Globals {
		if g.Name != name {
			continue
		}
		o, ok := g.Value.AsObject()
		if !ok {
			return nil, true, false
		}
		f, ok := o.(*Function)
		if !ok {
			return nil, true, false
		}
		a := f.Args
		firstDefault := len(a.PosOnlyArgs) + len(a.Args) - len(f.Defaults)
		i := 0
		for _, p := range a.PosOnlyArgs {
			params = append(params, Param{Name: p.Arg, Kind: "positional_only", HasDefault: i >= firstDefault})
			i++
		}
		for _, p := range a.Args {
			params = append(params, Param{Name: p.Arg, Kind: "positional_or_keyword", HasDefault: i >= firstDefault})
			i++
		}
		if a.Vararg != nil {
			params = append(params, Param{Name: a.Vararg.Arg, Kind: "var_positional"})
		}
		for j, p := range a.KwOnlyArgs {
			params = append(params, Param{Name: p.Arg, Kind: "keyword_only", HasDefault: f.KwHas[j]})
		}
		if a.Kwarg != nil {
			params = append(params, Param{Name: a.Kwarg.Arg, Kind: "var_keyword"})
		}
		return params, true, true
	}
	return nil, false, true
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
