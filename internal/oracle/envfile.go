package oracle

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// EnvVar is one environment variable of an env file.
type EnvVar struct {
	Name, Value string
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ReadEnvFile reads a dotenv file in the corpus's format.
func ReadEnvFile(path string) ([]EnvVar, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read env file: %w", err)
	}
	vars, err := ParseEnv(string(data))
	if err != nil {
		return nil, fmt.Errorf("env file %s: %w", path, err)
	}
	return vars, nil
}

// ParseEnv parses dotenv text: one NAME=VALUE a line, blank lines and
// #-comments ignored, an optional "export " prefix. A value in single quotes
// is taken literally (the corpus's form; it may span lines); in double
// quotes \n, \t, \", \\ and \$ are decoded; an unquoted value is trimmed and
// loses a " #" comment. A later assignment of a name replaces an earlier one.
func ParseEnv(text string) ([]EnvVar, error) {
	var vars []EnvVar
	index := map[string]int{}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		name, rest, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || !envNameRE.MatchString(name) {
			return nil, fmt.Errorf("line %d: not NAME=VALUE: %q", lineNo, lines[i])
		}
		rest = strings.TrimLeft(rest, " \t")
		var value string
		switch {
		case strings.HasPrefix(rest, "'") || strings.HasPrefix(rest, `"`):
			q := rest[0]
			body := rest[1:]
			// Gather lines until the closing quote.
			for {
				end := closingQuote(body, q)
				if end >= 0 {
					if tail := strings.TrimSpace(body[end+1:]); tail != "" && !strings.HasPrefix(tail, "#") {
						return nil, fmt.Errorf("line %d: text after the closing quote: %q", lineNo, tail)
					}
					body = body[:end]
					break
				}
				i++
				if i >= len(lines) {
					return nil, fmt.Errorf("line %d: unterminated %c-quoted value", lineNo, q)
				}
				body += "\n" + lines[i]
			}
			if q == '"' {
				body = unescapeDouble(body)
			}
			value = body
		default:
			if j := strings.Index(rest, " #"); j >= 0 {
				rest = rest[:j]
			}
			value = strings.TrimSpace(rest)
		}
		if k, dup := index[name]; dup {
			vars[k].Value = value
			continue
		}
		index[name] = len(vars)
		vars = append(vars, EnvVar{Name: name, Value: value})
	}
	return vars, nil
}

func closingQuote(s string, q byte) int {
	for i := 0; i < len(s); i++ {
		if q == '"' && s[i] == '\\' {
			i++
			continue
		}
		if s[i] == q {
			return i
		}
	}
	return -1
}

func unescapeDouble(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\', '$':
			b.WriteByte(s[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// FormatEnv renders variables in the corpus's format (NAME='value', one a
// line). A value holding a single quote cannot be written that way, so it
// is an error.
func FormatEnv(vars []EnvVar) (string, error) {
	var b strings.Builder
	for _, v := range vars {
		if !envNameRE.MatchString(v.Name) {
			return "", fmt.Errorf("env: bad variable name %q", v.Name)
		}
		if strings.ContainsAny(v.Value, "'\x00") {
			return "", fmt.Errorf("env: %s: a value with a single quote or NUL cannot be written", v.Name)
		}
		fmt.Fprintf(&b, "%s='%s'\n", v.Name, v.Value)
	}
	return b.String(), nil
}
