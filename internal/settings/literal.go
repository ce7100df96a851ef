package settings

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// ParseLiteral builds a value from a compact Python-literal text:
// None, True, False, ints and floats, 'str' and "str" (with \n, \t, \\,
// \', \", \xHH, \uHHHH escapes), b'bytes', [lists], (tuples,), {dicts: 1},
// {sets}, set(), frozenset(), and ? for a value the interpreter could not
// compute (an Unknown). It is used for Django's defaults and by tests.
func ParseLiteral(src string) (pyvalue.Value, error) {
	p := &litParser{src: src}
	v, err := p.value()
	if err != nil {
		return pyvalue.Value{}, err
	}
	p.space()
	if p.pos != len(p.src) {
		return pyvalue.Value{}, p.errorf("unexpected %q after the value", p.src[p.pos:])
	}
	return v, nil
}

// MustLiteral is ParseLiteral for texts known to be valid; it panics on
// an error.
func MustLiteral(src string) pyvalue.Value {
	v, err := ParseLiteral(src)
	if err != nil {
		panic(err)
	}
	return v
}

type litParser struct {
	src string
	pos int
}

func (p *litParser) errorf(format string, args ...any) error {
	return fmt.Errorf("literal at offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *litParser) space() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *litParser) peek() byte {
	p.space()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *litParser) word(w string) bool {
	p.space()
	if !strings.HasPrefix(p.src[p.pos:], w) {
		return false
	}
	end := p.pos + len(w)
	if end < len(p.src) && isIdentByte(p.src[end]) {
		return false
	}
	p.pos = end
	return true
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *litParser) value() (pyvalue.Value, error) {
	c := p.peek()
	switch {
	case c == 0:
		return pyvalue.Value{}, p.errorf("missing value")
	case c == '?':
		p.pos++
		return pyvalue.Unknown("unknown in literal"), nil
	case c == '[':
		p.pos++
		elems, _, err := p.seq(']')
		return pyvalue.NewList(elems), err
	case c == '(':
		p.pos++
		elems, trailing, err := p.seq(')')
		if err != nil {
			return pyvalue.Value{}, err
		}
		if len(elems) == 1 && !trailing {
			return elems[0], nil
		}
		return pyvalue.NewTuple(elems), nil
	case c == '{':
		p.pos++
		return p.braces()
	case c == '\'' || c == '"':
		s, err := p.str()
		return pyvalue.Str(s), err
	case c == 'b' && p.pos+1 < len(p.src) && (p.src[p.pos+1] == '\'' || p.src[p.pos+1] == '"'):
		p.pos++
		s, err := p.str()
		return pyvalue.Bytes(s), err
	case c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9':
		return p.number()
	}
	switch {
	case p.word("None"):
		return pyvalue.None, nil
	case p.word("True"):
		return pyvalue.True, nil
	case p.word("False"):
		return pyvalue.False, nil
	case p.word("set"):
		return p.emptyCall(false)
	case p.word("frozenset"):
		return p.emptyCall(true)
	}
	return pyvalue.Value{}, p.errorf("unexpected %q", p.src[p.pos:])
}

func (p *litParser) emptyCall(frozen bool) (pyvalue.Value, error) {
	if p.peek() != '(' {
		return pyvalue.Value{}, p.errorf("want ( after set")
	}
	p.pos++
	if p.peek() == ')' {
		p.pos++
		return pyvalue.NewSet(pyvalue.NewSetStore(), frozen), nil
	}
	inner, err := p.value()
	if err != nil {
		return pyvalue.Value{}, err
	}
	if p.peek() != ')' {
		return pyvalue.Value{}, p.errorf("want ) closing set(...)")
	}
	p.pos++
	s := pyvalue.NewSetStore()
	elems, ok := inner.Elems()
	if !ok {
		if is, isSet := inner.AsSet(); isSet {
			elems = is.Elems()
		} else {
			return pyvalue.Value{}, p.errorf("set() wants a list, tuple or set")
		}
	}
	for _, e := range elems {
		if !s.Add(e) {
			return pyvalue.Value{}, p.errorf("unhashable set element %s", pyvalue.Repr(e))
		}
	}
	return pyvalue.NewSet(s, frozen), nil
}

// seq reads comma-separated values up to close; trailing tells whether a
// comma ended the list.
func (p *litParser) seq(close byte) ([]pyvalue.Value, bool, error) {
	elems := []pyvalue.Value{}
	trailing := false
	for {
		if p.peek() == close {
			p.pos++
			return elems, trailing, nil
		}
		v, err := p.value()
		if err != nil {
			return nil, false, err
		}
		elems = append(elems, v)
		trailing = false
		switch p.peek() {
		case ',':
			p.pos++
			trailing = true
		case close:
		default:
			return nil, false, p.errorf("want , or %c", close)
		}
	}
}

func (p *litParser) braces() (pyvalue.Value, error) {
	if p.peek() == '}' {
		p.pos++
		return pyvalue.NewDict(pyvalue.NewDictStore()), nil
	}
	first, err := p.value()
	if err != nil {
		return pyvalue.Value{}, err
	}
	if p.peek() == ':' {
		d := pyvalue.NewDictStore()
		key := first
		for {
			if p.peek() != ':' {
				return pyvalue.Value{}, p.errorf("want :")
			}
			p.pos++
			val, err := p.value()
			if err != nil {
				return pyvalue.Value{}, err
			}
			if !d.Set(key, val) {
				return pyvalue.Value{}, p.errorf("unhashable dict key %s", pyvalue.Repr(key))
			}
			switch p.peek() {
			case ',':
				p.pos++
				if p.peek() == '}' {
					p.pos++
					return pyvalue.NewDict(d), nil
				}
				if key, err = p.value(); err != nil {
					return pyvalue.Value{}, err
				}
			case '}':
				p.pos++
				return pyvalue.NewDict(d), nil
			default:
				return pyvalue.Value{}, p.errorf("want , or }")
			}
		}
	}
	s := pyvalue.NewSetStore()
	v := first
	for {
		if !s.Add(v) {
			return pyvalue.Value{}, p.errorf("unhashable set element %s", pyvalue.Repr(v))
		}
		switch p.peek() {
		case ',':
			p.pos++
			if p.peek() == '}' {
				p.pos++
				return pyvalue.NewSet(s, false), nil
			}
			if v, err = p.value(); err != nil {
				return pyvalue.Value{}, err
			}
		case '}':
			p.pos++
			return pyvalue.NewSet(s, false), nil
		default:
			return pyvalue.Value{}, p.errorf("want , or }")
		}
	}
}

func (p *litParser) str() (string, error) {
	quote := p.src[p.pos]
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == quote:
			p.pos++
			return b.String(), nil
		case c == '\\':
			if p.pos+1 >= len(p.src) {
				return "", p.errorf("unterminated escape")
			}
			e := p.src[p.pos+1]
			p.pos += 2
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case '\\', '\'', '"':
				b.WriteByte(e)
			case 'x', 'u', 'U':
				n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
				if p.pos+n > len(p.src) {
					return "", p.errorf("short \\%c escape", e)
				}
				code, err := strconv.ParseUint(p.src[p.pos:p.pos+n], 16, 32)
				if err != nil {
					return "", p.errorf("bad \\%c escape", e)
				}
				p.pos += n
				if e == 'x' {
					b.WriteByte(byte(code))
				} else {
					b.WriteRune(rune(code))
				}
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		default:
			_, size := utf8.DecodeRuneInString(p.src[p.pos:])
			b.WriteString(p.src[p.pos : p.pos+size])
			p.pos += size
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *litParser) number() (pyvalue.Value, error) {
	start := p.pos
	if p.src[p.pos] == '-' || p.src[p.pos] == '+' {
		p.pos++
	}
	isFloat := false
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c >= '0' && c <= '9' || c == '_':
		case c == '.' || c == 'e' || c == 'E':
			isFloat = true
		case (c == '-' || c == '+') && (p.src[p.pos-1] == 'e' || p.src[p.pos-1] == 'E'):
		default:
			goto done
		}
		p.pos++
	}
done:
	text := strings.ReplaceAll(p.src[start:p.pos], "_", "")
	if isFloat {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return pyvalue.Value{}, p.errorf("bad float %q", text)
		}
		return pyvalue.Float(f), nil
	}
	i, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return pyvalue.Value{}, p.errorf("bad int %q", text)
	}
	return pyvalue.Int(i), nil
}
