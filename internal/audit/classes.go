package audit

import (
	"context"

	"github.com/deploycheck/deploycheck/internal/pyeval"
)

// classResolver answers the checks' questions about project classes
// (custom middleware, backends) by evaluating the modules defining them,
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

// Ancestors implements checks.ClassResolver.
func (r *classResolver) Ancestors(dotted string) ([]string, bool) {
	if a, ok := r.cache[dotted]; ok {
		return a.ancestors, a.known
	}
	anc, known := pyeval.ClassAncestors(r.ctx, r.opts, dotted)
	r.cache[dotted] = classAnswer{anc, known}
	return anc, known
}
