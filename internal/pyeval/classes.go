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
	dot := strings.LastIndexByte(dotted, '.')
	if dot <= 0 {
		return nil, false
	}
	module, name := dotted[:dot], dotted[dot+1:]
	if _, _, ok := opts.Resolver.ModuleFile(module); !ok {
		return nil, false
	}
	if opts.Env == nil {
		opts.Env = map[string]string{}
	}
	res, err := EvalModule(ctx, module, opts)
	if err != nil || res.Fatal {
		return nil, false
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
	return nil, false
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
