// Package dotenv reads .env files the way docker compose does, keeping the
// line of every entry and the text as it was written.
//
// Parse never expands ${VAR} references: a value is what the file says, with
// only quotes and escapes taken away. Expand applies compose's interpolation
// rules afterwards, when the caller has an environment to expand against.
//
// The accepted syntax:
//
//	# a comment line
//	KEY=value            # inline comment after an unquoted value
//	export KEY=value     # the export keyword is ignored
//	KEY = value          # spaces around = are allowed
//	KEY=                 # an empty value
//	KEY='literal $text'  # single quotes: taken literally, may span lines
//	KEY="a\nb \"q\""     # double quotes: escapes, may span lines
//
// A malformed line becomes a *LineError; parsing goes on with the next line,
// so one bad line never hides the rest of the file.
package dotenv

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Entry is one KEY=value assignment of a .env file.
type Entry struct {
	// Key is the variable name.
	Key string
	// Value is the value with quotes removed and, inside double quotes,
	// escapes decoded. ${VAR} references are left as written.
	Value string
	// Raw is the value exactly as written between the quotes (or, when
	// unquoted, after trimming and removing an inline comment).
	Raw string
	// Line is the 1-based line holding the key.
	Line int
	// Quoted is the quote character that enclosed the value: 0, '\'' or '"'.
	Quoted byte
}

// LineError is a malformed line. Its entry is left out of Parse's result.
type LineError struct {
	Line int
	Msg  string
}

// Error returns "line N: message".
func (e *LineError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Parse reads the entries of a .env file in file order. A key set twice
// appears twice; the later one wins when the entries are turned into a map.
//
// When some lines are malformed, Parse still returns every good entry,
// together with an error joining one *LineError per bad line.
func Parse(data []byte) ([]Entry, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p := parser{src: string(data), line: 1}
	var entries []Entry
	var errs []error
	for !p.eof() {
		e, err := p.statement()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if e != nil {
			entries = append(entries, *e)
		}
	}
	return entries, errors.Join(errs...)
}

// Map turns entries into a map; for a key set more than once the last entry
// wins, as in docker compose.
func Map(entries []Entry) map[string]string {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		m[e.Key] = e.Value
	}
	return m
}

// LineErrors returns the *LineError values joined in an error returned by
// Parse or Expand, in order.
func LineErrors(err error) []*LineError {
	var out []*LineError
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if le, ok := err.(*LineError); ok {
			out = append(out, le)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var le *LineError
		if errors.As(err, &le) {
			out = append(out, le)
		}
	}
	walk(err)
	return out
}

// parser walks the file text. pos is a byte offset into src and line the
// 1-based line at pos.
type parser struct {
	src  string
	pos  int
	line int
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

// restOfLine returns the text from pos to the end of the line (without the
// line break) and moves past the line break.
func (p *parser) restOfLine() string {
	end := strings.IndexByte(p.src[p.pos:], '\n')
	var s string
	if end < 0 {
		s = p.src[p.pos:]
		p.pos = len(p.src)
	} else {
		s = p.src[p.pos : p.pos+end]
		p.pos += end + 1
		p.line++
	}
	return strings.TrimSuffix(s, "\r")
}

// skipLine abandons the current line after an error.
func (p *parser) skipLine() { p.restOfLine() }

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

func (p *parser) skipBlanks() {
	for p.pos < len(p.src) && isBlank(p.src[p.pos]) {
		p.pos++
	}
}

// isKeyChar reports whether c may appear in a variable name. Docker compose
// accepts letters, digits, '_', '.' and '-' (and brackets, kept for
// compatibility with its reader).
func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '.' || c == '-' || c == '[' || c == ']'
}

// statement reads one line (or several, for a multi-line quoted value). It
// returns nil, nil for blank and comment lines.
func (p *parser) statement() (*Entry, error) {
	p.skipBlanks()
	if p.eof() {
		return nil, nil
	}
	switch p.src[p.pos] {
	case '\n':
		p.restOfLine()
		return nil, nil
	case '#':
		p.restOfLine()
		return nil, nil
	}
	line := p.line
	fail := func(format string, args ...any) (*Entry, error) {
		if p.line == line {
			p.skipLine()
		}
		return nil, &LineError{Line: line, Msg: fmt.Sprintf(format, args...)}
	}

	// An optional "export" keyword followed by blanks.
	if rest := p.src[p.pos:]; strings.HasPrefix(rest, "export") && len(rest) > 6 && isBlank(rest[6]) {
		p.pos += 6
		p.skipBlanks()
	}
	start := p.pos
	for p.pos < len(p.src) && isKeyChar(p.src[p.pos]) {
		p.pos++
	}
	key := p.src[start:p.pos]
	p.skipBlanks()
	if key == "" {
		return fail("expected a variable name, found %q", firstRune(p.src[p.pos:]))
	}
	if p.eof() || p.src[p.pos] == '\n' || p.src[p.pos] == '#' {
		return fail("%s has no '=' and no value", key)
	}
	if p.src[p.pos] != '=' {
		return fail("unexpected %q after variable name %s", firstRune(p.src[p.pos:]), key)
	}
	p.pos++
	afterEq := p.pos
	p.skipBlanks()

	e := &Entry{Key: key, Line: line}
	if p.eof() || p.src[p.pos] == '\n' || p.src[p.pos] == '#' && p.pos > afterEq {
		// Nothing, or only a comment, after the '='.
		p.restOfLine()
		return e, nil
	}
	switch q := p.src[p.pos]; q {
	case '\'', '"':
		unterminated := func() (*Entry, error) {
			// Resume on the line after the key: the rest of the file is
			// more likely to be good entries than the value's tail.
			p.pos, p.line = lineStart(p.src, line+1)
			return nil, &LineError{Line: line, Msg: fmt.Sprintf("value of %s has no closing %c quote", key, q)}
		}
		raw, ok := p.quoted(q)
		if !ok {
			return unterminated()
		}
		e.Quoted, e.Raw = q, raw
		e.Value = raw
		if q == '"' {
			e.Value = unescapeDouble(raw)
		}
		// After the closing quote only blanks and a comment may follow.
		tailLine := p.line
		tail := strings.TrimLeft(p.restOfLine(), " \t\v\f\r")
		if tail != "" && tail[0] != '#' {
			if tailLine != line {
				// A value that ran over several lines into text that
				// cannot follow it: most likely its quote was never
				// closed and the quote found belongs to a later line.
				return unterminated()
			}
			return nil, &LineError{Line: tailLine, Msg: fmt.Sprintf("unexpected text %q after the closing quote of %s", tail, key)}
		}
		return e, nil
	default:
		text := p.restOfLine()
		e.Raw = unquotedValue(text)
		e.Value = e.Raw
		return e, nil
	}
}

// quoted reads a value in quotes q starting at pos (on the opening quote)
// and returns the text between the quotes. Inside double quotes a backslash
// escapes the next character, so \" does not end the value.
func (p *parser) quoted(q byte) (string, bool) {
	i := p.pos + 1
	for i < len(p.src) {
		c := p.src[i]
		switch {
		case c == '\\' && q == '"' && i+1 < len(p.src):
			i += 2
			continue
		case c == q:
			raw := p.src[p.pos+1 : i]
			p.line += strings.Count(raw, "\n")
			p.pos = i + 1
			return strings.ReplaceAll(raw, "\r\n", "\n"), true
		}
		i++
	}
	return "", false
}

// unquotedValue trims an unquoted value and cuts an inline comment: a '#'
// preceded by a blank.
func unquotedValue(text string) string {
	for i := 1; i < len(text); i++ {
		if text[i] == '#' && isBlank(text[i-1]) {
			text = text[:i]
			break
		}
	}
	return strings.TrimRight(text, " \t\v\f\r")
}

// unescapeDouble decodes the escapes docker compose knows inside double
// quotes. An unknown escape is kept as written, backslash included; so is
// \$, which only Expand gives meaning to.
func unescapeDouble(raw string) string {
	if !strings.Contains(raw, `\`) {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 == len(raw) {
			b.WriteByte(c)
			continue
		}
		if r, ok := simpleEscape(raw[i+1]); ok {
			b.WriteByte(r)
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// simpleEscape maps the character after a backslash to the byte it stands
// for inside double quotes.
func simpleEscape(c byte) (byte, bool) {
	switch c {
	case 'a':
		return '\a', true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'v':
		return '\v', true
	case '\\', '"':
		return c, true
	}
	return 0, false
}

// lineStart returns the offset at which 1-based line n starts (or the end of
// src), and n.
func lineStart(src string, n int) (int, int) {
	pos, line := 0, 1
	for line < n {
		i := strings.IndexByte(src[pos:], '\n')
		if i < 0 {
			return len(src), n
		}
		pos += i + 1
		line++
	}
	return pos, line
}

func firstRune(s string) string {
	for _, r := range s {
		if r == '\n' {
			return "end of line"
		}
		return string(r)
	}
	return "end of file"
}
