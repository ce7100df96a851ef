// Package deployfiles turns the files that describe how a Django project is
// deployed — Dockerfiles, docker compose files, systemd units, Procfiles,
// Kubernetes manifests and Python requirement and lock files — into small
// typed models. Every item carries the line it was read from, so a finding
// can point at it.
//
// The parsers never run anything and never panic on bad input. A malformed
// file yields whatever could be read from it plus an error made of
// *ParseError values (see Errors), each naming the file and, where known,
// the line. Callers report those errors as findings and go on with the other
// files.
package deployfiles

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ParseError is a problem found in one deployment file.
type ParseError struct {
	// File is the path of the file, as given to the parser.
	File string
	// Line is the 1-based line of the problem, or 0 when unknown.
	Line int
	// Msg says what is wrong.
	Msg string
}

// Error returns "file:line: message" (or "file: message" without a line).
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors flattens an error returned by this package into its *ParseError
// parts, in order. Any other error becomes a ParseError with an empty File
// and no line.
func Errors(err error) []*ParseError {
	var out []*ParseError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *ParseError:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			var pe *ParseError
			if errors.As(err, &pe) {
				out = append(out, pe)
			} else {
				out = append(out, &ParseError{Msg: err.Error()})
			}
		}
	}
	walk(err)
	return out
}

// errorList collects the problems of one file.
type errorList struct {
	file string
	errs []*ParseError
}

func (l *errorList) add(line int, format string, args ...any) {
	l.errs = append(l.errs, &ParseError{File: l.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// err returns the problems in line order (problems without a line first),
// joined.
func (l *errorList) err() error {
	sort.SliceStable(l.errs, func(i, j int) bool { return l.errs[i].Line < l.errs[j].Line })
	errs := make([]error, len(l.errs))
	for i, e := range l.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// guard turns a panic inside a third-party parser into an error on the file,
// so that one odd file never brings the whole audit down.
func guard(l *errorList, what string) {
	if r := recover(); r != nil {
		l.add(0, "the %s parser failed on this file: %v", what, r)
	}
}

// EnvVar is one environment variable a deployment file sets for a process.
type EnvVar struct {
	// Name is the variable's name.
	Name string
	// Value is the value the process gets, as far as the file tells:
	// quotes removed and, where the file format does so, variables that
	// the file itself defines expanded. References it cannot resolve are
	// left as written (${VAR}).
	Value string
	// Raw is the value exactly as written in the file.
	Raw string
	// Line is the 1-based line that sets the variable.
	Line int
	// From is set when the file does not give the value itself, and says
	// where it comes from instead (for example "host environment" or
	// "secret db/password"). Value is then empty.
	From string
}

// Command is a command line a deployment file runs. Exactly one of Exec and
// Shell is set, except for an empty command (CMD []).
type Command struct {
	// Exec is the command as a list of arguments (Dockerfile exec form,
	// a YAML list).
	Exec []string
	// Shell is the command as one string (Dockerfile shell form, a compose
	// string, a Procfile or systemd command line).
	Shell string
	// Line is the 1-based line of the command.
	Line int
}

// Args returns the command's arguments: Exec as is, or Shell split into
// words with POSIX shell quoting (no expansion; an unterminated quote runs
// to the end).
func (c Command) Args() []string {
	if c.Exec != nil {
		return c.Exec
	}
	return SplitShell(c.Shell)
}

// String returns the command as one line of text.
func (c Command) String() string {
	if c.Exec == nil {
		return c.Shell
	}
	parts := make([]string, len(c.Exec))
	for i, a := range c.Exec {
		parts[i] = shellQuote(a)
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`|&;<>()*?[]#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// SplitShell splits s into words the way a POSIX shell does before
// expansion: blanks separate words, single quotes are literal, double quotes
// and backslashes escape, and a # that starts a word begins a comment that
// runs to the end of the line. Operators such as && or | are not recognised
// and stay inside words or form words of their own.
func SplitShell(s string) []string {
	var words []string
	var b strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				words = append(words, b.String())
				b.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			// A comment runs to the end of the line.
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				b.WriteString(s[i+1:])
				i = len(s)
			} else {
				b.WriteString(s[i+1 : i+1+j])
				i += j + 1
			}
		case c == '"':
			inWord = true
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
					i++
					if s[i] == '\n' {
						continue
					}
				}
				b.WriteByte(s[i])
			}
		case c == '\\':
			if i+1 < len(s) {
				i++
				if s[i] == '\n' {
					continue
				}
				b.WriteByte(s[i])
				inWord = true
			}
		default:
			b.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, b.String())
	}
	return words
}

// lineOf returns the 1-based line of byte offset off in data.
func lineOf(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	n := 1
	for _, c := range data[:off] {
		if c == '\n' {
			n++
		}
	}
	return n
}
