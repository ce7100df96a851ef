package audit

import (
	"context"

	"github.com/deploycheck/deploycheck/internal/checks"

	"github.com/deploycheck/deploycheck/internal/pyeval"
)

// classResolver answers the checks' questions about project code
// (custom middleware and backend classes, view functions) by evaluating the modules defining them,
// under the same environment as the settings. Answers are cached.
type classResolver struct {
	ctx   context.Context
	opts  pyeval.Options
	cache map[string]classAnswer
}

type classAnswer struct {
	ancestors []string
	known     bool
}

// Ancestors implements checks.CodeResolver.
func (r *classResolver) Ancestors(dotted string) ([]string, bool) {
	if a, ok := r.cache[dotted]; ok {
		return a.ancestors, a.known
	}
	anc, known := pyeval.ClassAncestors(r.ctx, r.opts, dotted)
	r.cache[dotted] = classAnswer{anc, known}
	return anc, known
}

// Params implements checks.CodeResolver.
func (r *classResolver) Params(dotted string) ([]checks.Param, bool, bool) {
	params, exists, known := pyeval.FunctionParams(r.ctx, r.opts, dotted)
	out := make([]checks.Param, len(params))
	for i, p := range params {
		out[i] = checks.Param(p)
	}
	return out, exists, known
}
