package deployfiles

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"

	"github.com/coreos/go-systemd/v22/unit"
)

// Unit is the model of a systemd service unit.
type Unit struct {
	// Path is the file's path, as given to ParseUnit.
	Path string
	// Environment are the variables of its Environment= lines. An empty
	// Environment= clears the ones before it, as in systemd.
	Environment []EnvVar
	// EnvironmentFiles are its EnvironmentFile= lines; a "-" prefix makes
	// the file optional (Required false).
	EnvironmentFiles []EnvFileRef
	// ExecStart are its ExecStart= commands, continuation lines joined,
	// with the special prefixes (@, -, :, +, !) removed.
	ExecStart []Command
	// User and WorkingDirectory are the last such settings, or nil.
	User, WorkingDirectory *Setting
}

// ParseUnit parses the systemd unit file at path whose content is data and
// reads its [Service] section.
func ParseUnit(path string, data []byte) (u *Unit, err error) {
	errs := &errorList{file: path}
	u = &Unit{Path: path}
	defer func() { err = errs.err() }()
	defer guard(errs, "systemd unit")

	opts, uerr := unit.DeserializeOptions(bytes.NewReader(data))
	lines, bad := unitOptionLines(data)
	if uerr != nil {
		// The library stops at the first problem and does not say where;
		// the options read before it are still good.
		if errors.Is(uerr, unit.ErrLineTooLong) {
			bad = firstLongLine(data, unit.SYSTEMD_LINE_MAX)
		}
		errs.add(bad, "%v", uerr)
	}
	seen := map[string]int{}
	for _, o := range opts {
		key := o.Section + "\x00" + o.Name
		line := 0
		if ls := lines[key]; seen[key] < len(ls) {
			line = ls[seen[key]]
		}
		seen[key]++
		if o.Section != "Service" {
			continue
		}
		value := joinContinuations(o.Value)
		switch o.Name {
		case "Environment":
			if value == "" {
				u.Environment = nil
				continue
			}
			words, ok := splitUnitWords(value)
			if !ok {
				errs.add(line, "Environment= has an unterminated quote")
			}
			for _, w := range words {
				name, val, found := strings.Cut(w, "=")
				if !found || name == "" {
					errs.add(line, "Environment= assignment %q is not NAME=value", w)
					continue
				}
				u.Environment = append(u.Environment, EnvVar{Name: name, Value: val, Raw: val, Line: line})
			}
		case "EnvironmentFile":
			if value == "" {
				u.EnvironmentFiles = nil
				continue
			}
			ref := EnvFileRef{Raw: value, Required: true, Line: line}
			if strings.HasPrefix(value, "-") {
				ref.Required = false
				value = value[1:]
			}
			ref.Path = value
			if !filepath.IsAbs(value) {
				ref.Path = filepath.Join(filepath.Dir(path), value)
			}
			u.EnvironmentFiles = append(u.EnvironmentFiles, ref)
		case "ExecStart":
			if value == "" {
				u.ExecStart = nil
				continue
			}
			u.ExecStart = append(u.ExecStart, Command{Shell: strings.TrimLeft(value, "@-:+!"), Line: line})
		case "User":
			u.User = &Setting{Value: value, Line: line}
		case "WorkingDirectory":
			u.WorkingDirectory = &Setting{Value: value, Line: line}
		}
	}
	return u, nil
}

// firstLongLine returns the first line at least max bytes long, or 0.
func firstLongLine(data []byte, max int) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(line) >= max {
			return i + 1
		}
	}
	return 0
}

// joinContinuations joins a value that went on over several lines (each
// ending in a backslash) into one line, as systemd does.
func joinContinuations(v string) string {
	if !strings.Contains(v, "\\\n") {
		return strings.TrimSpace(v)
	}
	parts := strings.Split(v, "\\\n")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return strings.Join(parts, " ")
}

// unitOptionLines rescans a unit file for the line of each option, keyed by
// section and name, in file order, since the unit library gives no
// positions. It follows the library's reading: comments start with # or ;,
// a value goes on while its line ends in a backslash and stops at a blank
// line. It also returns the first line inside a section that is neither an
// option, a comment nor a section header (0 if none), where the library
// stops with an error.
func unitOptionLines(data []byte) (lines map[string][]int, bad int) {
	lines = map[string][]int{}
	section := ""
	continued := false
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSuffix(raw, "\r")
		t := strings.TrimSpace(line)
		if continued {
			continued = t != "" && strings.HasSuffix(line, "\\")
			continue
		}
		switch {
		case t == "":
		case t[0] == '#' || t[0] == ';':
			// The library lets a comment go on over a backslash too.
			continued = strings.HasSuffix(strings.TrimSuffix(line, " "), "\\")
		case t[0] == '[':
			if end := strings.IndexByte(t, ']'); end > 0 {
				section = t[1:end]
			}
		case section == "":
			// Text before the first section is skipped by the library.
		default:
			name, _, ok := strings.Cut(t, "=")
			if !ok {
				if bad == 0 {
					bad = i + 1
				}
				continue
			}
			key := section + "\x00" + strings.TrimSpace(name)
			lines[key] = append(lines[key], i+1)
			continued = strings.HasSuffix(line, "\\")
		}
	}
	return lines, bad
}

// splitUnitWords splits a systemd value into words: blanks separate them,
// double or single quotes group them, and C-style backslash escapes are
// decoded. It reports false for an unterminated quote (the words read so
// far are still returned).
func splitUnitWords(s string) ([]string, bool) {
	var words []string
	var b strings.Builder
	inWord := false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == 0 && (c == ' ' || c == '\t' || c == '\n'):
			if inWord {
				words = append(words, b.String())
				b.Reset()
				inWord = false
			}
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
			inWord = true
		case quote != 0 && c == quote:
			quote = 0
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteString(unitEscape(s[i]))
			inWord = true
		default:
			b.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, b.String())
	}
	return words, quote == 0
}

// unitEscape decodes the character after a backslash.
func unitEscape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'r':
		return "\r"
	case 's':
		return " "
	}
	return string(c)
}
