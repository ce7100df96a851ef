package dotenv

import (
	"errors"
	"fmt"
	"strings"
)

// LookupFunc returns the value of an environment variable and whether it is
// set.
type LookupFunc func(name string) (string, bool)

// maxNesting bounds how deeply ${A:-${B:-...}} defaults may nest.
const maxNesting = 32

// Expand returns a copy of entries with ${VAR} references in their values
// replaced, following docker compose's rules for .env files:
//
//   - single-quoted values are taken literally;
//   - $VAR and ${VAR} are replaced by the variable's value, or by nothing
//     when it is unset;
//   - ${VAR:-default} uses default when VAR is unset or empty, ${VAR-default}
//     only when it is unset; ${VAR:+alt} and ${VAR+alt} are the reverse;
//   - ${VAR:?message} and ${VAR?message} are errors when VAR is unset (or,
//     with the colon, empty);
//   - $$ stands for one literal $, and so does \$ inside double quotes.
//
// A variable is looked up first with lookup (which may be nil), then among
// the entries above it in the file. Entries whose value cannot be expanded
// keep their unexpanded value and are reported in the joined error, one
// *LineError each.
func Expand(entries []Entry, lookup LookupFunc) ([]Entry, error) {
	out := make([]Entry, len(entries))
	seen := make(map[string]string, len(entries))
	var errs []error
	for i, e := range entries {
		out[i] = e
		if e.Quoted != '\'' {
			v, err := interpolate(e.Raw, e.Quoted == '"', func(name string) (string, bool) {
				if lookup != nil {
					if v, ok := lookup(name); ok {
						return v, true
					}
				}
				v, ok := seen[name]
				return v, ok
			})
			if err != nil {
				errs = append(errs, &LineError{Line: e.Line, Msg: fmt.Sprintf("%s: %v", e.Key, err)})
			} else {
				out[i].Value = v
			}
		}
		seen[e.Key] = out[i].Value
	}
	return out, errors.Join(errs...)
}

// Interpolate replaces ${VAR} references in s using docker compose's rules
// (see Expand), as compose does for the values of a compose file. Backslashes
// are left alone.
func Interpolate(s string, lookup LookupFunc) (string, error) {
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	return interpolate(s, false, lookup)
}

// interpolate expands s. With escapes set (a double-quoted .env value), the
// escapes of unescapeDouble are decoded in the same pass and \$ is a literal
// dollar.
func interpolate(s string, escapes bool, lookup LookupFunc) (string, error) {
	x := expander{lookup: lookup, escapes: escapes}
	var b strings.Builder
	rest, err := x.expand(&b, s, 0, false)
	if err != nil {
		return "", err
	}
	if rest != "" {
		// Only reachable when a nested call stops at '}'; at the top level
		// a stray '}' is ordinary text.
		b.WriteString(rest)
	}
	return b.String(), nil
}

type expander struct {
	lookup  LookupFunc
	escapes bool
}

// expand writes the expansion of s into b. When inBrace is set it stops at
// the first '}' that closes the enclosing ${...} and returns the text after
// it; it is an error for that brace to be missing.
func (x *expander) expand(b *strings.Builder, s string, depth int, inBrace bool) (string, error) {
	if depth > maxNesting {
		return "", errors.New("variable references are nested too deeply")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '}' && inBrace:
			return s[i+1:], nil
		case c == '\\' && x.escapes && i+1 < len(s):
			if s[i+1] == '$' {
				b.WriteByte('$')
				i++
			} else if r, ok := simpleEscape(s[i+1]); ok {
				b.WriteByte(r)
				i++
			} else {
				b.WriteByte(c)
			}
		case c == '$':
			rest, err := x.dollar(b, s[i+1:], depth)
			if err != nil {
				return "", err
			}
			s, i = rest, -1
		default:
			b.WriteByte(c)
		}
	}
	if inBrace {
		return "", errors.New("missing closing brace in ${...}")
	}
	return "", nil
}

// dollar expands the reference after a '$' and returns the text after it.
func (x *expander) dollar(b *strings.Builder, s string, depth int) (string, error) {
	if s == "" {
		return "", errors.New("invalid interpolation: '$' at end of value (write $$ for a literal dollar)")
	}
	if s[0] == '$' {
		b.WriteByte('$')
		return s[1:], nil
	}
	if s[0] != '{' {
		n := nameLen(s)
		if n == 0 {
			return "", fmt.Errorf("invalid interpolation: '$' followed by %q (write $$ for a literal dollar)", firstRune(s))
		}
		v, _ := x.lookup(s[:n])
		b.WriteString(v)
		return s[n:], nil
	}
	s = s[1:]
	n := nameLen(s)
	if n == 0 {
		return "", fmt.Errorf("invalid interpolation: ${ followed by %q", firstRune(s))
	}
	name := s[:n]
	s = s[n:]
	if s == "" {
		return "", errors.New("missing closing brace in ${" + name)
	}
	if s[0] == '}' {
		v, _ := x.lookup(name)
		b.WriteString(v)
		return s[1:], nil
	}
	colon := s[0] == ':'
	if colon {
		s = s[1:]
	}
	if s == "" {
		return "", errors.New("missing closing brace in ${" + name)
	}
	op := s[0]
	if op != '-' && op != '?' && op != '+' {
		return "", fmt.Errorf("invalid interpolation: unsupported modifier %q in ${%s", firstRune(s), name)
	}
	// Expand the word after the operator into its own buffer: it is used
	// or thrown away depending on the variable.
	var word strings.Builder
	rest, err := x.expand(&word, s[1:], depth+1, true)
	if err != nil {
		return "", err
	}
	v, set := x.lookup(name)
	present := set && (!colon || v != "")
	switch op {
	case '-':
		if present {
			b.WriteString(v)
		} else {
			b.WriteString(word.String())
		}
	case '+':
		if present {
			b.WriteString(word.String())
		}
	case '?':
		if !present {
			msg := word.String()
			if msg == "" {
				msg = "is not set"
				if colon {
					msg = "is not set or empty"
				}
			}
			return "", fmt.Errorf("required variable %s is missing a value: %s", name, msg)
		}
		b.WriteString(v)
	}
	return rest, nil
}

// nameLen returns the length of the variable name at the start of s:
// [_A-Za-z][_A-Za-z0-9]*.
func nameLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return i
	}
	return len(s)
}
