package pyparse

// This file turns the text of string, bytes and number tokens into their
// values, reproducing what CPython 3.13 does when it builds ast.Constant
// nodes: the same escape rules, the same Unicode name database (15.1.0), the
// same rounding of floats and the same error messages, as far as they can be
// observed through ast.parse.

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/runenames"
)

// LiteralError is a problem found while decoding a literal or the source bytes.
//
// Msg is worded like the message of the SyntaxError that CPython raises for
// the same input (for literals CPython reports such errors at the location of
// the whole token; Offset is more precise and points at the culprit).
type LiteralError struct {
	Msg    string // CPython-like message
	Offset int    // byte offset into the input where the problem is
}

// Error returns the message alone, so that callers can reuse it verbatim as
// the text of a SyntaxError.
func (e *LiteralError) Error() string { return e.Msg }

// literalWarning describes the SyntaxWarning CPython emits for a literal that
// is still accepted, such as "invalid escape sequence '\d'". Offset is the
// byte offset of the backslash in the literal body.
type literalWarning struct {
	Msg    string
	Offset int
}

// ---------------------------------------------------------------------------
// String and bytes literals

// decodeString decodes the body of a string or bytes literal (the text between
// the quotes, prefix and quotes already removed, newlines already normalised
// to \n).
//
// For str literals the result is the Python string encoded as WTF-8: plain
// UTF-8, except that lone surrogates (which Python strings may hold, e.g. from
// "\ud800") are written as their three-byte generalized UTF-8 form, which is
// what Python's s.encode('utf-8', 'surrogatepass') produces. For bytes
// literals the result holds the raw byte values.
//
// Raw literals are returned unchanged (after checking that a str body is valid
// UTF-8 and that a bytes body is ASCII). Unknown escapes such as \d are kept
// verbatim, as CPython does (it only warns; see decodeStringWarn).
func decodeString(body string, isBytes, isRaw bool) (string, *LiteralError) {
	s, _, err := decodeStringWarn(body, isBytes, isRaw)
	return s, err
}

// decodeStringWarn is decodeString that also reports the first escape for
// which CPython 3.13 would emit a SyntaxWarning ("invalid escape sequence
// '\d'" or "invalid octal escape sequence '\777'"); the warning is nil when
// there is none.
func decodeStringWarn(body string, isBytes, isRaw bool) (string, *literalWarning, *LiteralError) {
	if isBytes {
		for i := 0; i < len(body); i++ {
			if body[i] >= 0x80 {
				return "", nil, &LiteralError{Msg: "bytes can only contain ASCII literal characters", Offset: i}
			}
		}
		if isRaw || strings.IndexByte(body, '\\') < 0 {
			return body, nil, nil
		}
		return decodeBytesEscapes(body)
	}
	if isRaw || strings.IndexByte(body, '\\') < 0 {
		// CPython decodes the whole body as UTF-8 in one go, so error
		// positions are relative to the start of the body.
		if e := checkUTF8(body); e != nil {
			return "", nil, &LiteralError{Msg: "(unicode error) " + e.message(body), Offset: e.start}
		}
		return body, nil, nil
	}
	// CPython first rewrites every run of non-ASCII characters as \U escapes
	// (decoding each run as UTF-8 separately, so error positions are
	// relative to the run), then runs the unicode_escape decoder over the
	// resulting pure-ASCII buffer.
	hasNonASCII := false
	for i := 0; i < len(body); {
		if body[i] < 0x80 {
			i++
			continue
		}
		hasNonASCII = true
		j := i
		for j < len(body) && body[j] >= 0x80 {
			j++
		}
		if e := checkUTF8(body[i:j]); e != nil {
			return "", nil, &LiteralError{Msg: "(unicode error) " + e.message(body[i:j]), Offset: i + e.start}
		}
		i = j
	}
	conv := body
	if hasNonASCII {
		conv = escapeNonASCII(body)
	}
	out, warn, derr := decodeUnicodeEscape(conv)
	if derr != nil {
		off := derr.start
		if hasNonASCII {
			off = convOffsetToBody(body, derr.start)
		}
		return "", nil, &LiteralError{Msg: "(unicode error) " + derr.message(conv), Offset: off}
	}
	var w *literalWarning
	if warn != nil {
		off := warn.start
		if hasNonASCII {
			off = convOffsetToBody(body, warn.start)
		}
		w = &literalWarning{Msg: warn.msg, Offset: off}
	}
	return string(out), w, nil
}

// escapeNonASCII reproduces the buffer CPython builds before decoding escapes
// in a non-raw str literal: each non-ASCII character becomes \UXXXXXXXX (in
// lowercase hex) and a backslash at the very end, or one directly followed by
// a non-ASCII character, becomes \u005c (a literal backslash). The body must
// be valid UTF-8.
func escapeNonASCII(body string) string {
	var b strings.Builder
	b.Grow(len(body) * 2)
	s := 0
	for s < len(body) {
		if body[s] == '\\' {
			b.WriteByte('\\')
			s++
			if s >= len(body) || body[s] >= 0x80 {
				b.WriteString("u005c")
				if s >= len(body) {
					break
				}
			}
		}
		if body[s] >= 0x80 {
			for s < len(body) && body[s] >= 0x80 {
				r, n := utf8.DecodeRuneInString(body[s:])
				b.WriteString(`\U`)
				for shift := 28; shift >= 0; shift -= 4 {
					b.WriteByte("0123456789abcdef"[(r>>shift)&0xF])
				}
				s += n
			}
		} else {
			b.WriteByte(body[s])
			s++
		}
	}
	return b.String()
}

// convOffsetToBody maps an offset in the buffer built by escapeNonASCII back
// to the offset of the body byte it came from.
func convOffsetToBody(body string, convOff int) int {
	c := 0
	s := 0
	for s < len(body) {
		if body[s] == '\\' {
			if c >= convOff {
				return s
			}
			c++
			s++
			if s >= len(body) || body[s] >= 0x80 {
				if c+5 > convOff {
					return s - 1
				}
				c += 5
				if s >= len(body) {
					break
				}
			}
		}
		if body[s] >= 0x80 {
			for s < len(body) && body[s] >= 0x80 {
				if c+10 > convOff {
					return s
				}
				_, n := utf8.DecodeRuneInString(body[s:])
				c += 10
				s += n
			}
		} else {
			if c >= convOff {
				return s
			}
			c++
			s++
		}
	}
	return len(body)
}

// escapeError is a failure of the unicode_escape (or raw_unicode_escape)
// decoder: the bytes [start, end) of its input could not be decoded.
type escapeError struct {
	codec      string // "unicodeescape" or "rawunicodeescape"
	start, end int
	reason     string
}

// message formats the error the way str(UnicodeDecodeError) does.
func (e *escapeError) message(input string) string {
	return decodeErrorMessage(e.codec, input, e.start, e.end, e.reason)
}

// decodeErrorMessage formats a UnicodeDecodeError message for the bytes
// [start, end) of input.
func decodeErrorMessage(codec, input string, start, end int, reason string) string {
	if end-start == 1 && start < len(input) {
		return fmt.Sprintf("'%s' codec can't decode byte 0x%02x in position %d: %s", codec, input[start], start, reason)
	}
	return fmt.Sprintf("'%s' codec can't decode bytes in position %d-%d: %s", codec, start, end-1, reason)
}

// escapeWarning is the first escape the decoder found suspicious.
type escapeWarning struct {
	start int
	msg   string
}

// decodeUnicodeEscape is a port of CPython's unicode_escape decoder. Bytes
// other than escapes stand for the code point of the same value (Latin-1),
// which is also how the "unicode_escape" source encoding treats them. The
// result is WTF-8.
func decodeUnicodeEscape(s string) ([]byte, *escapeWarning, *escapeError) {
	out := make([]byte, 0, len(s))
	var warn *escapeWarning
	i := 0
	for i < len(s) {
		c := s[i]
		i++
		if c != '\\' {
			out = appendWTF8(out, rune(c))
			continue
		}
		start := i - 1
		if i >= len(s) {
			return nil, nil, &escapeError{"unicodeescape", start, len(s), `\ at end of string`}
		}
		c = s[i]
		i++
		switch c {
		case '\n':
		case '\\', '\'', '"':
			out = append(out, c)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 't':
			out = append(out, '\t')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 'v':
			out = append(out, '\v')
		case 'a':
			out = append(out, '\a')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			ch := rune(c - '0')
			if i < len(s) && s[i] >= '0' && s[i] <= '7' {
				ch = ch<<3 + rune(s[i]-'0')
				i++
				if i < len(s) && s[i] >= '0' && s[i] <= '7' {
					ch = ch<<3 + rune(s[i]-'0')
					i++
				}
			}
			if ch > 0o377 && warn == nil {
				warn = &escapeWarning{start, fmt.Sprintf("invalid octal escape sequence '\\%s'", s[start+1:i])}
			}
			out = appendWTF8(out, ch)
		case 'x', 'u', 'U':
			count, msg := 2, `truncated \xXX escape`
			if c == 'u' {
				count, msg = 4, `truncated \uXXXX escape`
			} else if c == 'U' {
				count, msg = 8, `truncated \UXXXXXXXX escape`
			}
			var ch uint32
			for ; count > 0; count-- {
				if i >= len(s) {
					return nil, nil, &escapeError{"unicodeescape", start, i, msg}
				}
				d, ok := hexDigit(s[i])
				if !ok {
					return nil, nil, &escapeError{"unicodeescape", start, i, msg}
				}
				ch = ch<<4 | uint32(d)
				i++
			}
			if ch > utf8.MaxRune {
				return nil, nil, &escapeError{"unicodeescape", start, i, "illegal Unicode character"}
			}
			out = appendWTF8(out, rune(ch))
		case 'N':
			const msg = `malformed \N character escape`
			if i >= len(s) || s[i] != '{' {
				return nil, nil, &escapeError{"unicodeescape", start, i, msg}
			}
			i++
			nameStart := i
			for i < len(s) && s[i] != '}' {
				i++
			}
			if i >= len(s) || i == nameStart {
				return nil, nil, &escapeError{"unicodeescape", start, i, msg}
			}
			name := s[nameStart:i]
			i++
			r, ok := lookupUnicodeName(name)
			if !ok {
				return nil, nil, &escapeError{"unicodeescape", start, i, "unknown Unicode character name"}
			}
			out = appendWTF8(out, r)
		default:
			if warn == nil {
				warn = &escapeWarning{start, invalidEscapeMessage(c)}
			}
			out = append(out, '\\')
			out = appendWTF8(out, rune(c))
		}
	}
	return out, warn, nil
}

// invalidEscapeMessage is CPython's warning text for an unknown escape.
func invalidEscapeMessage(c byte) string {
	if c >= 0x80 {
		// Only reachable with the unicode_escape source encoding, where
		// CPython formats the byte as a Latin-1 character.
		return fmt.Sprintf("invalid escape sequence '\\%c'", rune(c))
	}
	return fmt.Sprintf("invalid escape sequence '\\%c'", c)
}

// decodeBytesEscapes is a port of CPython's bytes escape decoder
// (_PyBytes_DecodeEscape). The input is ASCII.
func decodeBytesEscapes(s string) (string, *literalWarning, *LiteralError) {
	out := make([]byte, 0, len(s))
	var warn *literalWarning
	i := 0
	for i < len(s) {
		if s[i] != '\\' {
			out = append(out, s[i])
			i++
			continue
		}
		start := i
		i++
		if i >= len(s) {
			return "", nil, &LiteralError{Msg: `(value error) Trailing \ in string`, Offset: start}
		}
		c := s[i]
		i++
		switch c {
		case '\n':
		case '\\', '\'', '"':
			out = append(out, c)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 't':
			out = append(out, '\t')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 'v':
			out = append(out, '\v')
		case 'a':
			out = append(out, '\a')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			if i < len(s) && s[i] >= '0' && s[i] <= '7' {
				v = v<<3 + int(s[i]-'0')
				i++
				if i < len(s) && s[i] >= '0' && s[i] <= '7' {
					v = v<<3 + int(s[i]-'0')
					i++
				}
			}
			if v > 0o377 && warn == nil {
				warn = &literalWarning{Msg: fmt.Sprintf("invalid octal escape sequence '\\%s'", s[start+1:i]), Offset: start}
			}
			out = append(out, byte(v)) // values above 0o377 wrap, as in C
		case 'x':
			if i+1 < len(s) {
				d1, ok1 := hexDigit(s[i])
				d2, ok2 := hexDigit(s[i+1])
				if ok1 && ok2 {
					out = append(out, d1<<4|d2)
					i += 2
					break
				}
			}
			return "", nil, &LiteralError{Msg: fmt.Sprintf(`(value error) invalid \x escape at position %d`, start), Offset: start}
		default:
			if warn == nil {
				warn = &literalWarning{Msg: invalidEscapeMessage(c), Offset: start}
			}
			out = append(out, '\\')
			i-- // the character after the backslash is kept as is
		}
	}
	return string(out), warn, nil
}

// hexDigit returns the value of an ASCII hexadecimal digit.
func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// appendWTF8 appends the generalized UTF-8 encoding of r: like UTF-8, but
// surrogate code points get their own three-byte sequences instead of being
// replaced by U+FFFD.
func appendWTF8(b []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(b, byte(0xE0|r>>12), byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(b, r)
}

// utf8Error locates the first malformed sequence in some bytes, in the terms
// CPython's UTF-8 decoder uses: the bytes [start, end) are reported with one
// of the reasons "invalid start byte", "invalid continuation byte" and
// "unexpected end of data".
type utf8Error struct {
	start, end int
	reason     string
}

// message formats the error like str(UnicodeDecodeError) for the 'utf-8'
// codec, with positions relative to input.
func (e *utf8Error) message(input string) string {
	return decodeErrorMessage("utf-8", input, e.start, e.end, e.reason)
}

// checkUTF8 returns the first UTF-8 error in s, or nil if s is valid UTF-8
// (surrogates encoded in UTF-8 are invalid, as in CPython).
func checkUTF8(s string) *utf8Error {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			i++
			continue
		}
		if e := utf8ErrorAt(s, i); e != nil {
			return e
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return nil
}

// utf8ErrorAt checks the sequence that starts with the non-ASCII byte s[i]
// and describes it the way CPython does if it is malformed.
func utf8ErrorAt(s string, i int) *utf8Error {
	c := s[i]
	var need int
	lo, hi := byte(0x80), byte(0xBF) // allowed range of the second byte
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c >= 0xE0 && c <= 0xEF:
		need = 2
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F
		}
	case c >= 0xF0 && c <= 0xF4:
		need = 3
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
	default:
		return &utf8Error{i, i + 1, "invalid start byte"}
	}
	for k := 1; k <= need; k++ {
		if i+k >= len(s) {
			return &utf8Error{i, len(s), "unexpected end of data"}
		}
		b := s[i+k]
		okRange := b >= 0x80 && b <= 0xBF
		if k == 1 {
			okRange = b >= lo && b <= hi
		}
		if !okRange {
			return &utf8Error{i, i + k, "invalid continuation byte"}
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// \N{...} names

// lookupUnicodeName finds the code point named by a \N{...} escape the way
// CPython 3.13's unicodedata does (Unicode 15.1.0): character names and
// formal aliases match without regard to ASCII letter case, named sequences
// are not accepted, and the algorithmic names "CJK UNIFIED IDEOGRAPH-XXXX"
// and "HANGUL SYLLABLE ..." are matched case-sensitively (upper-case hex
// digits only), exactly as CPython's code does.
func lookupUnicodeName(name string) (rune, bool) {
	if rest, ok := strings.CutPrefix(name, "HANGUL SYLLABLE "); ok {
		return lookupHangulSyllable(rest)
	}
	if rest, ok := strings.CutPrefix(name, "CJK UNIFIED IDEOGRAPH-"); ok {
		if len(rest) != 4 && len(rest) != 5 {
			return 0, false
		}
		var v rune
		for i := 0; i < len(rest); i++ {
			c := rest[i]
			switch {
			case c >= '0' && c <= '9':
				v = v*16 + rune(c-'0')
			case c >= 'A' && c <= 'F':
				v = v*16 + rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		if !isUnifiedIdeograph(v) {
			return 0, false
		}
		return v, true
	}
	if len(name) > 256 {
		return 0, false
	}
	upper := []byte(name)
	for i, c := range upper {
		if c >= 'a' && c <= 'z' {
			upper[i] = c - 'a' + 'A'
		}
	}
	r, ok := unicodeNameTable()[string(upper)]
	return r, ok
}

// cjkUnifiedRanges are the blocks whose characters are named
// "CJK UNIFIED IDEOGRAPH-<hex>" in Unicode 15.1.0.
var cjkUnifiedRanges = [][2]rune{
	{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0x20000, 0x2A6DF}, {0x2A700, 0x2B739},
	{0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0}, {0x2EBF0, 0x2EE5D},
	{0x30000, 0x3134A}, {0x31350, 0x323AF},
}

// isUnifiedIdeograph reports whether r lies in one of cjkUnifiedRanges.
func isUnifiedIdeograph(r rune) bool {
	for _, rg := range cjkUnifiedRanges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// hangulJamo lists the short jamo names used to build Hangul syllable names:
// leading consonants, vowels and trailing consonants. An empty string is a
// valid (silent) choice; nil entries pad the shorter columns.
var hangulJamo = [3][]string{
	{"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"},
	{"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"},
	{"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"},
}

// lookupHangulSyllable decodes the part of a Hangul syllable name after
// "HANGUL SYLLABLE ". Like CPython it takes the longest matching jamo name in
// each position (the first one listed wins a tie) and needs the three parts
// to use up the whole name.
func lookupHangulSyllable(s string) (rune, bool) {
	pos := 0
	var idx [3]int
	for col := 0; col < 3; col++ {
		best, bestLen := -1, -1
		for i, j := range hangulJamo[col] {
			if len(j) > bestLen && strings.HasPrefix(s[pos:], j) {
				best, bestLen = i, len(j)
			}
		}
		if best < 0 {
			return 0, false
		}
		idx[col] = best
		pos += bestLen
	}
	if pos != len(s) {
		return 0, false
	}
	return rune(0xAC00 + (idx[0]*21+idx[1])*28 + idx[2]), true
}

var (
	nameTableOnce sync.Once
	nameTable     map[string]rune
)

// unicodeNameTable builds, on first use, the map from upper-case character
// names and aliases to code points. Names come from x/text's runenames
// (Unicode 15.0.0 with Go 1.26) plus the few characters Unicode 15.1.0
// added outside the algorithmic CJK ranges.
func unicodeNameTable() map[string]rune {
	nameTableOnce.Do(func() {
		m := make(map[string]rune, 36000)
		add := func(lo, hi rune) {
			for r := lo; r <= hi; r++ {
				n := runenames.Name(r)
				if n == "" || n[0] == '<' || strings.HasPrefix(n, "CJK UNIFIED IDEOGRAPH-") || strings.HasPrefix(n, "HANGUL SYLLABLE ") {
					continue
				}
				if r >= 0xD800 && r <= 0xDFFF {
					continue
				}
				m[n] = r
			}
		}
		add(0, 0x3FFFF)
		add(0xE0000, 0xE0FFF)
		if runenames.UnicodeVersion == "15.0.0" {
			for _, line := range strings.Split(strings.TrimSpace(unicode151Additions), "\n") {
				addNameLine(m, line)
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(unicodeNameAliases), "\n") {
			addNameLine(m, line)
		}
		for i := 1; i <= 256; i++ {
			r := rune(0xFE00 + i - 1)
			if i > 16 {
				r = rune(0xE0100 + i - 17)
			}
			m["VS"+strconv.Itoa(i)] = r
		}
		nameTable = m
	})
	return nameTable
}

// addNameLine adds one "XXXX;NAME" line to a name table.
func addNameLine(m map[string]rune, line string) {
	hex, name, ok := strings.Cut(line, ";")
	if !ok {
		return
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return
	}
	m[name] = rune(v)
}

// unicode151Additions holds the characters with non-algorithmic names that
// Unicode 15.1.0 added to 15.0.0.
const unicode151Additions = `
2FFC;IDEOGRAPHIC DESCRIPTION CHARACTER SURROUND FROM RIGHT
2FFD;IDEOGRAPHIC DESCRIPTION CHARACTER SURROUND FROM LOWER RIGHT
2FFE;IDEOGRAPHIC DESCRIPTION CHARACTER HORIZONTAL REFLECTION
2FFF;IDEOGRAPHIC DESCRIPTION CHARACTER ROTATION
31EF;IDEOGRAPHIC DESCRIPTION CHARACTER SUBTRACTION
`

// unicodeNameAliases lists the formal name aliases of Unicode 15.1.0
// (NameAliases.txt) that CPython accepts in \N{...}, except the variation
// selector abbreviations VS1..VS256, which unicodeNameTable generates.
const unicodeNameAliases = `
0000;NULL
0000;NUL
0001;START OF HEADING
0001;SOH
0002;START OF TEXT
0002;STX
0003;END OF TEXT
0003;ETX
0004;END OF TRANSMISSION
0004;EOT
0005;ENQUIRY
0005;ENQ
0006;ACKNOWLEDGE
0006;ACK
0007;ALERT
0007;BEL
0008;BACKSPACE
0008;BS
0009;CHARACTER TABULATION
0009;HORIZONTAL TABULATION
0009;HT
0009;TAB
000A;LINE FEED
000A;NEW LINE
000A;END OF LINE
000A;LF
000A;NL
000A;EOL
000B;LINE TABULATION
000B;VERTICAL TABULATION
000B;VT
000C;FORM FEED
000C;FF
000D;CARRIAGE RETURN
000D;CR
000E;SHIFT OUT
000E;LOCKING-SHIFT ONE
000E;SO
000F;SHIFT IN
000F;LOCKING-SHIFT ZERO
000F;SI
0010;DATA LINK ESCAPE
0010;DLE
0011;DEVICE CONTROL ONE
0011;DC1
0012;DEVICE CONTROL TWO
0012;DC2
0013;DEVICE CONTROL THREE
0013;DC3
0014;DEVICE CONTROL FOUR
0014;DC4
0015;NEGATIVE ACKNOWLEDGE
0015;NAK
0016;SYNCHRONOUS IDLE
0016;SYN
0017;END OF TRANSMISSION BLOCK
0017;ETB
0018;CANCEL
0018;CAN
0019;END OF MEDIUM
0019;EOM
0019;EM
001A;SUBSTITUTE
001A;SUB
001B;ESCAPE
001B;ESC
001C;INFORMATION SEPARATOR FOUR
001C;FILE SEPARATOR
001C;FS
001D;INFORMATION SEPARATOR THREE
001D;GROUP SEPARATOR
001D;GS
001E;INFORMATION SEPARATOR TWO
001E;RECORD SEPARATOR
001E;RS
001F;INFORMATION SEPARATOR ONE
001F;UNIT SEPARATOR
001F;US
0020;SP
007F;DELETE
007F;DEL
0080;PADDING CHARACTER
0080;PAD
0081;HIGH OCTET PRESET
0081;HOP
0082;BREAK PERMITTED HERE
0082;BPH
0083;NO BREAK HERE
0083;NBH
0084;INDEX
0084;IND
0085;NEXT LINE
0085;NEL
0086;START OF SELECTED AREA
0086;SSA
0087;END OF SELECTED AREA
0087;ESA
0088;CHARACTER TABULATION SET
0088;HORIZONTAL TABULATION SET
0088;HTS
0089;CHARACTER TABULATION WITH JUSTIFICATION
0089;HORIZONTAL TABULATION WITH JUSTIFICATION
0089;HTJ
008A;LINE TABULATION SET
008A;VERTICAL TABULATION SET
008A;VTS
008B;PARTIAL LINE FORWARD
008B;PARTIAL LINE DOWN
008B;PLD
008C;PARTIAL LINE BACKWARD
008C;PARTIAL LINE UP
008C;PLU
008D;REVERSE LINE FEED
008D;REVERSE INDEX
008D;RI
008E;SINGLE SHIFT TWO
008E;SINGLE-SHIFT-2
008E;SS2
008F;SINGLE SHIFT THREE
008F;SINGLE-SHIFT-3
008F;SS3
0090;DEVICE CONTROL STRING
0090;DCS
0091;PRIVATE USE ONE
0091;PRIVATE USE-1
0091;PU1
0092;PRIVATE USE TWO
0092;PRIVATE USE-2
0092;PU2
0093;SET TRANSMIT STATE
0093;STS
0094;CANCEL CHARACTER
0094;CCH
0095;MESSAGE WAITING
0095;MW
0096;START OF GUARDED AREA
0096;START OF PROTECTED AREA
0096;SPA
0097;END OF GUARDED AREA
0097;END OF PROTECTED AREA
0097;EPA
0098;START OF STRING
0098;SOS
0099;SINGLE GRAPHIC CHARACTER INTRODUCER
0099;SGC
009A;SINGLE CHARACTER INTRODUCER
009A;SCI
009B;CONTROL SEQUENCE INTRODUCER
009B;CSI
009C;STRING TERMINATOR
009C;ST
009D;OPERATING SYSTEM COMMAND
009D;OSC
009E;PRIVACY MESSAGE
009E;PM
009F;APPLICATION PROGRAM COMMAND
009F;APC
00A0;NBSP
00AD;SHY
01A2;LATIN CAPITAL LETTER GHA
01A3;LATIN SMALL LETTER GHA
034F;CGJ
0616;ARABIC SMALL HIGH LIGATURE ALEF WITH YEH BARREE
061C;ALM
0709;SYRIAC SUBLINEAR COLON SKEWED LEFT
0CDE;KANNADA LETTER LLLA
0E9D;LAO LETTER FO FON
0E9F;LAO LETTER FO FAY
0EA3;LAO LETTER RO
0EA5;LAO LETTER LO
0FD0;TIBETAN MARK BKA- SHOG GI MGO RGYAN
11EC;HANGUL JONGSEONG YESIEUNG-KIYEOK
11ED;HANGUL JONGSEONG YESIEUNG-SSANGKIYEOK
11EE;HANGUL JONGSEONG SSANGYESIEUNG
11EF;HANGUL JONGSEONG YESIEUNG-KHIEUKH
180B;FVS1
180C;FVS2
180D;FVS3
180E;MVS
180F;FVS4
1BBD;SUNDANESE LETTER ARCHAIC I
200B;ZWSP
200C;ZWNJ
200D;ZWJ
200E;LRM
200F;RLM
202A;LRE
202B;RLE
202C;PDF
202D;LRO
202E;RLO
202F;NNBSP
205F;MMSP
2060;WJ
2066;LRI
2067;RLI
2068;FSI
2069;PDI
2118;WEIERSTRASS ELLIPTIC FUNCTION
2448;MICR ON US SYMBOL
2449;MICR DASH SYMBOL
2B7A;LEFTWARDS TRIANGLE-HEADED ARROW WITH DOUBLE VERTICAL STROKE
2B7C;RIGHTWARDS TRIANGLE-HEADED ARROW WITH DOUBLE VERTICAL STROKE
A015;YI SYLLABLE ITERATION MARK
AA6E;MYANMAR LETTER KHAMTI LLA
FE18;PRESENTATION FORM FOR VERTICAL RIGHT WHITE LENTICULAR BRACKET
FEFF;BYTE ORDER MARK
FEFF;BOM
FEFF;ZWNBSP
122D4;CUNEIFORM SIGN NU11 TENU
122D5;CUNEIFORM SIGN NU11 OVER NU11 BUR OVER BUR
16E56;MEDEFAIDRIN CAPITAL LETTER H
16E57;MEDEFAIDRIN CAPITAL LETTER NG
16E76;MEDEFAIDRIN SMALL LETTER H
16E77;MEDEFAIDRIN SMALL LETTER NG
1B001;HENTAIGANA LETTER E-1
1D0C5;BYZANTINE MUSICAL SYMBOL FTHORA SKLIRON CHROMA VASIS
`

// ---------------------------------------------------------------------------
// Numbers

// NumberKind tells which Python type a numeric literal has.
type NumberKind int

// The kinds of numeric literals. The zero NumberKind is deliberately not one
// of them, so an unset Number is recognisable.
const (
	NumInt     NumberKind = iota + 1 // int
	NumFloat                         // float
	NumComplex                       // imaginary literal: complex with a zero real part
)

// String returns the Python type name of the kind.
func (k NumberKind) String() string {
	switch k {
	case NumInt:
		return "int"
	case NumFloat:
		return "float"
	case NumComplex:
		return "complex"
	}
	return "NumberKind(" + strconv.Itoa(int(k)) + ")"
}

// Number is the value of a numeric literal.
type Number struct {
	Kind  NumberKind // NumInt, NumFloat or NumComplex
	Int   int64      // the value when Kind == NumInt and Big == nil
	Big   *big.Int   // the value when Kind == NumInt and it does not fit in int64
	Float float64    // the value for NumFloat; the imaginary part for NumComplex
}

// maxStrDigits is CPython's default limit on the number of digits of a
// decimal integer converted from text (sys.get_int_max_str_digits()).
const maxStrDigits = 4300

// parseNumber converts a numeric token (as the tokenizer found it, e.g.
// "0x_FF", "1_000", "1e-5", "3.14j", "0o777", "0b1", "00", "1E500") to its
// value. Underscores are dropped first, as CPython does. Floats are rounded
// correctly (like CPython's dtoa); too large exponents give +Inf. A decimal
// integer with more than 4300 digits is rejected with CPython's message.
// Malformed tokens, which the tokenizer should already have rejected, give
// an error.
func parseNumber(tok string) (Number, *LiteralError) {
	s := strings.ReplaceAll(tok, "_", "")
	bad := func() (Number, *LiteralError) {
		return Number{}, &LiteralError{Msg: fmt.Sprintf("invalid numeric literal %q", tok), Offset: 0}
	}
	if s == "" {
		return bad()
	}
	if last := s[len(s)-1]; last == 'j' || last == 'J' {
		f, ok := parseDecimalFloat(s[:len(s)-1])
		if !ok {
			return bad()
		}
		return Number{Kind: NumComplex, Float: f}, nil
	}
	if len(s) >= 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			digits := s[2:]
			if digits == "" {
				return bad()
			}
			for i := 0; i < len(digits); i++ {
				d, ok := hexDigit(digits[i])
				if !ok || int(d) >= base {
					return bad()
				}
			}
			return intFromDigits(digits, base), nil
		}
	}
	if allDigits(s) {
		if s[0] == '0' {
			if strings.Trim(s, "0") != "" {
				return Number{}, &LiteralError{Msg: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", Offset: 0}
			}
			return Number{Kind: NumInt}, nil
		}
		if len(s) > maxStrDigits {
			return Number{}, &LiteralError{Msg: fmt.Sprintf("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", maxStrDigits, len(s)), Offset: 0}
		}
		return intFromDigits(s, 10), nil
	}
	f, ok := parseDecimalFloat(s)
	if !ok {
		return bad()
	}
	return Number{Kind: NumFloat, Float: f}, nil
}

// allDigits reports whether s is a non-empty string of ASCII decimal digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// intFromDigits converts validated digits in the given base to an int Number.
func intFromDigits(digits string, base int) Number {
	if v, err := strconv.ParseInt(digits, base, 64); err == nil {
		return Number{Kind: NumInt, Int: v}
	}
	b, ok := new(big.Int).SetString(digits, base)
	if !ok { // cannot happen for validated digits
		return Number{Kind: NumInt, Big: new(big.Int)}
	}
	if b.IsInt64() {
		return Number{Kind: NumInt, Int: b.Int64()}
	}
	return Number{Kind: NumInt, Big: b}
}

// parseDecimalFloat parses digits with an optional fraction and exponent
// ("1", "1.", ".5", "1e5", "1.5E-3"), the only float syntax Python source
// allows, rounding correctly. Overflow gives +Inf and underflow 0, as in
// CPython.
func parseDecimalFloat(s string) (float64, bool) {
	i := 0
	intDigits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			fracDigits++
		}
	}
	if intDigits+fracDigits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			expDigits++
		}
		if expDigits == 0 {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
		// ErrRange: f is already ±Inf (overflow) or 0 (underflow).
	}
	return f, true
}
