package oracle

import (
	"fmt"
	"sort"
	"strings"
)

// Result is what one run of a checker (real Django or deploycheck) says
// about a project, reduced to the parity contract.
type Result struct {
	// IDs are the sorted, de-duplicated Django check ids reported and not
	// silenced.
	IDs []string
	// Silenced is how many messages SILENCED_SYSTEM_CHECKS silenced.
	Silenced int
	// Fatal is set when the settings could not be imported (Django crashed
	// before or while running its checks).
	Fatal bool
	// Exit is the process's exit status.
	Exit int
	// Error is, for a crash, the last line of the traceback.
	Error string
	// DjangoVersion is, for deploycheck, the Django version it assumed
	// (informative: not part of the contract).
	DjangoVersion string
	// Output is the process's output (stdout, then stderr), for diagnostics.
	Output string
}

// NormalizeIDs returns ids sorted and de-duplicated, never nil.
func NormalizeIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Diff compares a result with the expected one on the parity contract: the
// fatal flag, and unless both are fatal the id set and the silenced count.
// It returns "" when they agree, else a description of every difference in
// which "want" is Django and "got" is the checker under test.
func Diff(want, got Result) string {
	var b strings.Builder
	if want.Fatal != got.Fatal {
		fmt.Fprintf(&b, "fatal: Django %v, deploycheck %v", want.Fatal, got.Fatal)
		if want.Fatal {
			fmt.Fprintf(&b, " (Django crashed: %s)", want.Error)
		}
		b.WriteString("\n")
	}
	if want.Fatal && got.Fatal {
		return b.String()
	}
	w, g := NormalizeIDs(want.IDs), NormalizeIDs(got.IDs)
	if missing := minus(w, g); len(missing) > 0 {
		fmt.Fprintf(&b, "missing (Django reports, deploycheck does not): %s\n", strings.Join(missing, " "))
	}
	if extra := minus(g, w); len(extra) > 0 {
		fmt.Fprintf(&b, "extra (deploycheck reports, Django does not): %s\n", strings.Join(extra, " "))
	}
	if want.Silenced != got.Silenced && !want.Fatal && !got.Fatal {
		fmt.Fprintf(&b, "silenced: Django %d, deploycheck %d\n", want.Silenced, got.Silenced)
	}
	if b.Len() > 0 {
		fmt.Fprintf(&b, "Django:      %s\ndeploycheck: %s\n", want.Summary(), got.Summary())
	}
	return b.String()
}

// Summary is a one-line rendering of the contract part of a result.
func (r Result) Summary() string {
	if r.Fatal {
		return fmt.Sprintf("fatal (%s)", r.Error)
	}
	ids := strings.Join(NormalizeIDs(r.IDs), " ")
	if ids == "" {
		ids = "(no ids)"
	}
	return fmt.Sprintf("%s; %d silenced", ids, r.Silenced)
}

// minus returns the elements of sorted a that are not in sorted b.
func minus(a, b []string) []string {
	var out []string
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			continue
		}
		out = append(out, x)
	}
	return out
}
