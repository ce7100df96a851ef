// Package settings holds a project's evaluated Django settings: each name's
// value, where it was set and which environment variables decide it, with
// Django's own defaults (per Django version) behind them.
package settings

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// Version is a Django release number.
type Version struct {
	Major, Minor, Patch int
}

// DefaultVersion is the Django version assumed when the project pins none.
var DefaultVersion = Version{5, 2, 0}

// ParseVersion reads "5.2", "5.2.18" or "4.2.0rc1" (pre-release parts are
// dropped).
func ParseVersion(s string) (Version, error) {
	s = strings.TrimSpace(s)
	parts := strings.SplitN(s, ".", 3)
	if len(parts) < 2 {
		return Version{}, fmt.Errorf("django version %q: want MAJOR.MINOR[.PATCH]", s)
	}
	var nums [3]int
	for i, p := range parts {
		end := 0
		for end < len(p) && p[end] >= '0' && p[end] <= '9' {
			end++
		}
		if end == 0 {
			return Version{}, fmt.Errorf("django version %q: %q is not a number", s, p)
		}
		n, err := strconv.Atoi(p[:end])
		if err != nil {
			return Version{}, fmt.Errorf("django version %q: %w", s, err)
		}
		nums[i] = n
	}
	return Version{nums[0], nums[1], nums[2]}, nil
}

// String renders MAJOR.MINOR.PATCH.
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Series renders MAJOR.MINOR.
func (v Version) Series() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// AtLeast reports whether v >= major.minor.
func (v Version) AtLeast(major, minor int) bool {
	return v.Major > major || v.Major == major && v.Minor >= minor
}

// AtLeastPatch reports whether v >= major.minor.patch.
func (v Version) AtLeastPatch(major, minor, patch int) bool {
	if v.Major != major || v.Minor != minor {
		return v.AtLeast(major, minor)
	}
	return v.Patch >= patch
}

// Setting is one setting's value and where it came from.
type Setting struct {
	Name  string
	Value pyvalue.Value
	// File, Line and Col locate the assignment that gave the final value
	// (empty for Django's defaults).
	File      string
	Line, Col int
	// Default is set when the value is Django's own default.
	Default bool
}

// EnvRead records one read of an environment variable by the settings.
type EnvRead struct {
	Name string
	// Default is the fallback written in the settings ("" with HasDefault
	// false when there is none).
	Default    string
	HasDefault bool
	// Found tells whether the variable was set in the environment given.
	Found bool
	// Via names the API used: os.environ, os.getenv, environ.Env, decouple...
	Via  string
	File string
	Line int
}

// Problem is an error found while evaluating the settings, as Django would
// hit it when importing them (NameError, missing env var, syntax error...).
type Problem struct {
	Kind    string // "syntax", "import", "name", "env", "bound", "exception"
	Message string
	File    string
	Line    int
	Col     int
	// Env names the variables that decide the problem (a required variable
	// missing from the environment given).
	Env []string
}

// Settings is the evaluated settings module of a project.
type Settings struct {
	Version Version
	// Module is the dotted settings module name and File its source.
	Module string
	File   string
	// EnvGiven tells whether an environment was given (--env/--env-file),
	// which makes env-dependent verdicts definite.
	EnvGiven bool
	// Environ is the environment given (nil when none was): a few Django
	// checks read the process environment, not settings.
	Environ map[string]string
	// EnvFixed maps the variables the deployment files decide (when no
	// environment was given) to a description of where, such as
	// "Dockerfile:12 (Dockerfile ENV)". Verdicts that hinge only on them
	// are definite.
	EnvFixed map[string]string
	values   map[string]*Setting
	// EnvReads lists every environment read, in evaluation order.
	EnvReads []EnvRead
	// Problems lists errors Django would hit importing the settings. When
	// one is fatal (Fatal), Django would not start and no check runs.
	Problems []Problem
	Fatal    bool
	// Files lists every settings file that was evaluated.
	Files []string
}

// Decided reports whether variables named in names are all decided: an
// environment was given, or the deployment files fix each of them.
func (s *Settings) Decided(names []string) bool {
	if s.EnvGiven {
		return true
	}
	for _, n := range names {
		if _, ok := s.EnvFixed[n]; !ok {
			return false
		}
	}
	return true
}

// New makes empty settings for a Django version.
func New(v Version) *Settings {
	return &Settings{Version: v, values: map[string]*Setting{}}
}

// Set records the project's value of a setting.
func (s *Settings) Set(st *Setting) { s.values[st.Name] = st }

// IsOverridden reports whether the project sets name.
func (s *Settings) IsOverridden(name string) bool {
	_, ok := s.values[name]
	return ok
}

// Get returns the project's value of name, else Django's default for the
// version; nil when neither exists (as Django's settings would raise
// AttributeError).
func (s *Settings) Get(name string) *Setting {
	if st, ok := s.values[name]; ok {
		return st
	}
	if v, ok := Default(s.Version, name); ok {
		return &Setting{Name: name, Value: v, Default: true}
	}
	return nil
}

// Value is Get's value, or an Unknown "not set" value for a setting that
// neither the project nor Django defines.
func (s *Settings) Value(name string) pyvalue.Value {
	if st := s.Get(name); st != nil {
		return st.Value
	}
	return pyvalue.Unknown("setting " + name + " is not defined")
}

// Names lists the settings the project sets, sorted.
func (s *Settings) Names() []string {
	out := make([]string, 0, len(s.values))
	for n := range s.values {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
