package pyparse

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits that CPython's tokenizer enforces too.
const (
	maxParenLevel    = 200 // MAXLEVEL: nested brackets
	maxIndentLevel   = 100 // MAXINDENT: nested blocks
	maxFStringLevel  = 150 // MAXFSTRINGLEVEL: nested f-strings
	maxExprNesting   = 3   // MAX_EXPR_NESTING: replacement fields inside format specs
	tabSize          = 8
	errKindSyntax    = 0
	errKindIndent    = 1
	errKindTab       = 2
	parenNeverClosed = "was never closed"
)

// fmode is the state of one f-string being tokenized.
type fmode struct {
	quote      byte
	quoteSize  int
	raw        bool
	regular    bool // tokenizing a replacement field's expression
	start      int  // offset of the f-string's first byte (its prefix)
	startLine  int
	startLS    int // line start offset of startLine
	bracket    int // bracket depth inside the f-string's expressions
	exprStart  int // bracket depth at which the current field started; -1 outside
	formatSpec bool
	exprBegin  int // offset where the current field's expression text starts
}

type paren struct {
	ch        byte
	line, col int
}

// lexer turns decoded source text into tokens, following CPython 3.13's
// tokenizer (Parser/lexer/lexer.c) in what it accepts and where it puts
// tokens.
type lexer struct {
	src       string
	pos       int
	line      int
	lineStart int
	toks      []token
	strs      []string // values referenced by token.val and token.meta
	err       *SyntaxError
	errAtEOF  bool // the stream ended inside brackets (reported by the parser)
	atBOL     bool
	indents   []int
	altIndent []int
	parens    []paren
	modes     []fmode
}

func newLexer(src string) *lexer {
	return &lexer{
		src:       src,
		line:      1,
		atBOL:     true,
		indents:   []int{0},
		altIndent: []int{0},
	}
}

// tokenize runs the lexer to the end of the text or to the first error.
func (lx *lexer) tokenize() []token {
	if need := (len(lx.src)-lx.pos)/5 + 16; cap(lx.toks) < need {
		lx.toks = make([]token, 0, need)
	}
	lx.toks = lx.toks[:0]
	for {
		if !lx.next() {
			break
		}
	}
	return lx.toks
}

func (lx *lexer) emit(k tokKind, start, startLine, startCol int) *token {
	lx.toks = append(lx.toks, token{
		kind: k, start: int32(start), end: int32(lx.pos),
		line: int32(startLine), col: int32(startCol),
		endLine: int32(lx.line), endCol: int32(lx.pos - lx.lineStart),
	})
	return &lx.toks[len(lx.toks)-1]
}

// intern stores s in the string table and returns its 1-based index.
func (lx *lexer) intern(s string) int32 {
	lx.strs = append(lx.strs, s)
	return int32(len(lx.strs))
}

// fail records a tokenizer error at line/col and emits an error token.
func (lx *lexer) fail(line, col int, kind int, format string, args ...any) bool {
	if lx.err == nil {
		lx.err = &SyntaxError{Msg: fmt.Sprintf(format, args...), Line: line, Col: col + 1, kind: kind, fromLexer: true}
	}
	lx.toks = append(lx.toks, token{kind: tError, start: int32(lx.pos), end: int32(lx.pos), line: int32(line), col: int32(col), endLine: int32(line), endCol: int32(col)})
	return false
}

func (lx *lexer) failHere(format string, args ...any) bool {
	return lx.fail(lx.line, lx.pos-lx.lineStart, errKindSyntax, format, args...)
}

func (lx *lexer) peek(i int) byte {
	if lx.pos+i < len(lx.src) {
		return lx.src[lx.pos+i]
	}
	return 0
}

func (lx *lexer) newline() {
	lx.line++
	lx.lineStart = lx.pos
}

func (lx *lexer) top() *fmode {
	if len(lx.modes) == 0 {
		return nil
	}
	return &lx.modes[len(lx.modes)-1]
}

// next produces the next token(s); it returns false after ENDMARKER or an
// error.
func (lx *lexer) next() bool {
	if m := lx.top(); m != nil && !m.regular {
		return lx.nextFString(m)
	}
	return lx.nextNormal()
}

func (lx *lexer) indentation() bool {
	lx.atBOL = false
	col, alt := 0, 0
	contCol, contAlt := -1, -1
	for {
		if lx.pos >= len(lx.src) {
			break
		}
		c := lx.src[lx.pos]
		if c == ' ' {
			col++
			alt++
		} else if c == '\t' {
			col = (col/tabSize + 1) * tabSize
			alt++
		} else if c == '\f' {
			col, alt = 0, 0
		} else if c == '\\' && lx.peek(1) == '\n' {
			if contCol < 0 {
				contCol, contAlt = col, alt
			}
			lx.pos += 2
			lx.newline()
			continue
		} else {
			break
		}
		lx.pos++
	}
	if contCol >= 0 {
		col, alt = contCol, contAlt
	}
	blank := false
	if lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		blank = c == '#' || c == '\n'
	} else {
		col, alt = 0, 0
	}
	if blank || len(lx.parens) > 0 {
		return true
	}
	top := len(lx.indents) - 1
	switch {
	case col == lx.indents[top]:
		if alt != lx.altIndent[top] {
			return lx.fail(lx.line, lx.pos-lx.lineStart, errKindTab, "inconsistent use of tabs and spaces in indentation")
		}
	case col > lx.indents[top]:
		if top+1 >= maxIndentLevel {
			return lx.fail(lx.line, lx.pos-lx.lineStart, errKindIndent, "too many levels of indentation")
		}
		if alt <= lx.altIndent[top] {
			return lx.fail(lx.line, lx.pos-lx.lineStart, errKindTab, "inconsistent use of tabs and spaces in indentation")
		}
		lx.indents = append(lx.indents, col)
		lx.altIndent = append(lx.altIndent, alt)
		lx.emit(tIndent, lx.pos, lx.line, lx.pos-lx.lineStart)
	default:
		for top > 0 && col < lx.indents[top] {
			lx.indents = lx.indents[:top]
			lx.altIndent = lx.altIndent[:top]
			top--
			lx.emit(tDedent, lx.pos, lx.line, lx.pos-lx.lineStart)
		}
		if col != lx.indents[top] {
			return lx.fail(lx.line, lx.pos-lx.lineStart, errKindIndent, "unindent does not match any outer indentation level")
		}
		if alt != lx.altIndent[top] {
			return lx.fail(lx.line, lx.pos-lx.lineStart, errKindTab, "inconsistent use of tabs and spaces in indentation")
		}
	}
	return true
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 128
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (lx *lexer) nextNormal() bool {
again:
	if lx.atBOL {
		if !lx.indentation() {
			return false
		}
	}
	// Skip spaces.
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == ' ' || c == '\t' || c == '\f' {
			lx.pos++
			continue
		}
		break
	}
	start, line, col := lx.pos, lx.line, lx.pos-lx.lineStart
	if lx.pos >= len(lx.src) {
		if len(lx.parens) > 0 || len(lx.modes) > 0 {
			lx.errAtEOF = true
			lx.toks = append(lx.toks, token{kind: tError, start: int32(lx.pos), end: int32(lx.pos), line: int32(line), col: int32(col), endLine: int32(line), endCol: int32(col)})
			return false
		}
		lx.emit(tEnd, start, line, col)
		return false
	}
	c := lx.src[lx.pos]
	if c == '#' {
		for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
			lx.pos++
		}
		// A comment that runs into a single-quoted f-string's end is an error
		// the f-string scanner reports; nothing special here.
		goto again
	}
	if c == '\n' {
		lx.pos++
		blank := len(lx.toks) == 0 || lx.toks[len(lx.toks)-1].kind == tNewline ||
			lx.toks[len(lx.toks)-1].kind == tIndent || lx.toks[len(lx.toks)-1].kind == tDedent
		if len(lx.parens) > 0 || blank {
			lx.newline()
			lx.atBOL = true
			goto again
		}
		t := lx.emit(tNewline, start, line, col)
		t.endLine, t.endCol = int32(line), int32(col+1)
		lx.newline()
		lx.atBOL = true
		return true
	}
	if isIdentStart(c) {
		return lx.name(start, line, col)
	}
	if isDigit(c) || c == '.' && isDigit(lx.peek(1)) {
		return lx.number(start, line, col)
	}
	if c == '"' || c == '\'' {
		return lx.str(start, line, col, start)
	}
	if c == '\\' {
		if lx.peek(1) != '\n' {
			lx.pos++
			return lx.fail(line, col+1, errKindSyntax, "unexpected character after line continuation character")
		}
		lx.pos += 2
		if lx.pos >= len(lx.src) {
			return lx.fail(line, col, errKindSyntax, "unexpected EOF while parsing")
		}
		lx.newline()
		goto again
	}
	return lx.operator(start, line, col)
}

func (lx *lexer) name(start, line, col int) bool {
	// String prefixes.
	sawB, sawR, sawU, sawF := false, false, false, false
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case !(sawB || sawU || sawF) && (c == 'b' || c == 'B'):
			sawB = true
		case !(sawB || sawU || sawR || sawF) && (c == 'u' || c == 'U'):
			sawU = true
		case !(sawR || sawU) && (c == 'r' || c == 'R'):
			sawR = true
		case !(sawF || sawB || sawU) && (c == 'f' || c == 'F'):
			sawF = true
		default:
			goto ident
		}
		lx.pos++
		if q := lx.peek(0); q == '"' || q == '\'' {
			if sawF {
				return lx.fstringStart(start, line, col, sawR)
			}
			return lx.str(start, line, col, lx.pos)
		}
	}
ident:
	nonASCII := false
	for lx.pos < len(lx.src) && isIdentChar(lx.src[lx.pos]) {
		if lx.src[lx.pos] >= 128 {
			nonASCII = true
		}
		lx.pos++
	}
	text := lx.src[start:lx.pos]
	val := ""
	if nonASCII {
		var ok bool
		if val, ok = lx.verifyIdentifier(start, line, col); !ok {
			return false
		}
	}
	t := lx.emit(tName, start, line, col)
	if val != "" {
		t.val = lx.intern(val)
		text = val
	}
	t.kw = lookupKeyword(text)
	return true
}

// verifyIdentifier checks a NAME with non-ASCII characters the way CPython
// does (PEP 3131) and returns its NFKC form.
func (lx *lexer) verifyIdentifier(start, line, col int) (string, bool) {
	text := lx.src[start:lx.pos]
	normalized := norm.NFKC.String(text)
	for i, r := range normalized {
		var ok bool
		if i == 0 {
			ok = isXIDStart(r)
		} else {
			ok = isXIDContinue(r)
		}
		if !ok {
			// Find the offending character in the original text.
			off := start
			for j, r2 := range text {
				if j == 0 && !isXIDStart(r2) || j > 0 && !isXIDContinue(r2) {
					off = start + j
					r = r2
					break
				}
			}
			lx.pos = off + utf8.RuneLen(r)
			if r == utf8.RuneError {
				return "", lx.fail(line, off-lx.lineStart, errKindSyntax, "invalid character")
			}
			if unicode.IsPrint(r) {
				return "", lx.fail(line, off-lx.lineStart, errKindSyntax, "invalid character '%c' (U+%04X)", r, r)
			}
			return "", lx.fail(line, off-lx.lineStart, errKindSyntax, "invalid non-printable character U+%04X", r)
		}
	}
	return normalized, true
}

// isXIDStart approximates Unicode XID_Start, which CPython uses for the first
// character of an identifier.
func isXIDStart(r rune) bool {
	if r == '_' {
		return true
	}
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start) && !unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
}

// isXIDContinue approximates Unicode XID_Continue.
func isXIDContinue(r rune) bool {
	if isXIDStart(r) {
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue) && !unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
}

func (lx *lexer) number(start, line, col int) bool {
	c := lx.peek(0)
	if c == '0' && (lx.peek(1)|0x20 == 'x' || lx.peek(1)|0x20 == 'o' || lx.peek(1)|0x20 == 'b') {
		kind := lx.peek(1) | 0x20
		lx.pos += 2
		var isOK func(byte) bool
		var name string
		switch kind {
		case 'x':
			isOK = func(b byte) bool { return isDigit(b) || b|0x20 >= 'a' && b|0x20 <= 'f' }
			name = "hexadecimal"
		case 'o':
			isOK = func(b byte) bool { return b >= '0' && b <= '7' }
			name = "octal"
		default:
			isOK = func(b byte) bool { return b == '0' || b == '1' }
			name = "binary"
		}
		for {
			if lx.peek(0) == '_' {
				lx.pos++
			}
			if !isOK(lx.peek(0)) {
				if kind != 'x' && isDigit(lx.peek(0)) {
					return lx.failHere("invalid digit '%c' in %s literal", lx.peek(0), name)
				}
				return lx.failHere("invalid %s literal", name)
			}
			for isOK(lx.peek(0)) {
				lx.pos++
			}
			if lx.peek(0) != '_' {
				break
			}
		}
		if kind != 'x' && isDigit(lx.peek(0)) {
			return lx.failHere("invalid digit '%c' in %s literal", lx.peek(0), name)
		}
		if !lx.verifyEndOfNumber(name) {
			return false
		}
		lx.emit(tNumber, start, line, col)
		return true
	}
	if c == '0' {
		// Leading zeros: only zeros may follow unless it is a float.
		lx.pos++
		for {
			if lx.peek(0) == '_' {
				lx.pos++
				if !isDigit(lx.peek(0)) {
					return lx.failHere("invalid decimal literal")
				}
			}
			if lx.peek(0) != '0' {
				break
			}
			lx.pos++
		}
		zerosEnd := lx.pos
		nonzero := false
		if isDigit(lx.peek(0)) {
			nonzero = true
			if !lx.decimalTail() {
				return false
			}
		}
		switch c := lx.peek(0); {
		case c == '.':
			lx.pos++
			return lx.fraction(start, line, col)
		case c|0x20 == 'e':
			return lx.exponent(start, line, col)
		case c|0x20 == 'j':
			lx.pos++
			return lx.endNumber(start, line, col, "imaginary")
		case nonzero:
			lx.pos = zerosEnd
			return lx.fail(line, col, errKindSyntax, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
		}
		return lx.endNumber(start, line, col, "decimal")
	}
	if c != '.' {
		if !lx.decimalTail() {
			return false
		}
		if lx.peek(0) == '.' {
			lx.pos++
		} else {
			switch lx.peek(0) | 0x20 {
			case 'e':
				return lx.exponent(start, line, col)
			case 'j':
				lx.pos++
				return lx.endNumber(start, line, col, "imaginary")
			}
			return lx.endNumber(start, line, col, "decimal")
		}
	} else {
		lx.pos++
	}
	return lx.fraction(start, line, col)
}

func (lx *lexer) fraction(start, line, col int) bool {
	if isDigit(lx.peek(0)) {
		if !lx.decimalTail() {
			return false
		}
	}
	switch lx.peek(0) | 0x20 {
	case 'e':
		return lx.exponent(start, line, col)
	case 'j':
		lx.pos++
		return lx.endNumber(start, line, col, "imaginary")
	}
	return lx.endNumber(start, line, col, "decimal")
}

func (lx *lexer) exponent(start, line, col int) bool {
	ePos := lx.pos
	lx.pos++
	c := lx.peek(0)
	if c == '+' || c == '-' {
		lx.pos++
		if !isDigit(lx.peek(0)) {
			return lx.failHere("invalid decimal literal")
		}
	} else if !isDigit(c) {
		// The 'e' is not part of the number.
		lx.pos = ePos
		if !lx.verifyEndOfNumber("decimal") {
			return false
		}
		lx.emit(tNumber, start, line, col)
		return true
	}
	if !lx.decimalTail() {
		return false
	}
	if lx.peek(0)|0x20 == 'j' {
		lx.pos++
		return lx.endNumber(start, line, col, "imaginary")
	}
	return lx.endNumber(start, line, col, "decimal")
}

func (lx *lexer) endNumber(start, line, col int, kind string) bool {
	if !lx.verifyEndOfNumber(kind) {
		return false
	}
	lx.emit(tNumber, start, line, col)
	return true
}

func (lx *lexer) decimalTail() bool {
	for {
		for isDigit(lx.peek(0)) {
			lx.pos++
		}
		if lx.peek(0) != '_' {
			return true
		}
		lx.pos++
		if !isDigit(lx.peek(0)) {
			return lx.failHere("invalid decimal literal")
		}
	}
}

// verifyEndOfNumber rejects a number glued to a name, except for the
// keywords that may legally follow a number (CPython only warns there).
func (lx *lexer) verifyEndOfNumber(kind string) bool {
	c := lx.peek(0)
	rest := lx.src[lx.pos:]
	has := func(s string) bool { return len(rest) >= len(s) && rest[:len(s)] == s }
	switch c {
	case 'a':
		if has("and") {
			return true
		}
	case 'e':
		if has("else") {
			return true
		}
	case 'f':
		if has("for") {
			return true
		}
	case 'i':
		if has("if") || has("in") || has("is") {
			return true
		}
	case 'o':
		if has("or") {
			return true
		}
	case 'n':
		if has("not") {
			return true
		}
	}
	if c < 128 && isIdentChar(c) {
		return lx.failHere("invalid %s literal", kind)
	}
	return true
}

// str scans a plain string or bytes literal whose opening quote is at q.
func (lx *lexer) str(start, line, col, q int) bool {
	lx.pos = q
	quote := lx.src[q]
	size := 1
	if lx.peek(1) == quote && lx.peek(2) == quote {
		size = 3
	}
	lx.pos += size
	if size == 1 && lx.peek(0) == quote {
		lx.pos++
		lx.emit(tString, start, line, col)
		return true
	}
	escapedQuote := false
	endRun := 0
	for endRun != size {
		if lx.pos >= len(lx.src) || size == 1 && lx.src[lx.pos] == '\n' {
			detected := lx.line
			if m := lx.top(); m != nil && m.quote == quote && m.quoteSize == size {
				return lx.fail(line, col, errKindSyntax, "f-string: expecting '}'")
			}
			if size == 3 {
				return lx.fail(line, col, errKindSyntax, "unterminated triple-quoted string literal (detected at line %d)", detected)
			}
			if escapedQuote {
				return lx.fail(line, col, errKindSyntax, "unterminated string literal (detected at line %d); perhaps you escaped the end quote?", detected)
			}
			return lx.fail(line, col, errKindSyntax, "unterminated string literal (detected at line %d)", detected)
		}
		c := lx.src[lx.pos]
		lx.pos++
		if c == quote {
			endRun++
			continue
		}
		endRun = 0
		if c == '\n' {
			lx.newline()
		} else if c == '\\' && lx.pos < len(lx.src) {
			c2 := lx.src[lx.pos]
			lx.pos++
			if c2 == quote {
				escapedQuote = true
			} else if c2 == '\n' {
				lx.newline()
			}
		}
	}
	lx.emit(tString, start, line, col)
	return true
}

func (lx *lexer) fstringStart(start, line, col int, raw bool) bool {
	quote := lx.src[lx.pos]
	size := 1
	if lx.peek(1) == quote && lx.peek(2) == quote {
		size = 3
	}
	lx.pos += size
	if len(lx.modes) >= maxFStringLevel-1 {
		return lx.fail(line, col, errKindSyntax, "too many nested f-strings")
	}
	lx.emit(tFStart, start, line, col)
	lx.modes = append(lx.modes, fmode{
		quote: quote, quoteSize: size, raw: raw,
		start: start, startLine: line, startLS: lx.lineStart,
		exprStart: -1,
	})
	return true
}

func (lx *lexer) unterminatedFString(m *fmode) bool {
	detected := lx.line
	col := m.start - m.startLS
	if m.quoteSize == 3 {
		return lx.fail(m.startLine, col, errKindSyntax, "unterminated triple-quoted f-string literal (detected at line %d)", detected)
	}
	return lx.fail(m.startLine, col, errKindSyntax, "unterminated f-string literal (detected at line %d)", detected)
}

// nextFString scans literal text of an f-string (or of a format spec) up
// to the next replacement field or the closing quote.
func (lx *lexer) nextFString(m *fmode) bool {
	start, line, col := lx.pos, lx.line, lx.pos-lx.lineStart
	if lx.peek(0) == '{' && lx.peek(1) != '{' {
		return lx.openField(m)
	}
	if lx.hasQuotes(m) {
		lx.pos += m.quoteSize
		lx.emit(tFEnd, start, line, col)
		lx.modes = lx.modes[:len(lx.modes)-1]
		return true
	}
	inSpec := m.formatSpec && m.exprStart >= 0
	unicodeEscape := false
	for {
		if lx.pos >= len(lx.src) || m.quoteSize == 1 && lx.src[lx.pos] == '\n' {
			if inSpec && lx.pos < len(lx.src) {
				return lx.failHere("f-string: newlines are not allowed in format specifiers for single quoted f-strings")
			}
			return lx.unterminatedFString(m)
		}
		if lx.hasQuotes(m) {
			break
		}
		c := lx.src[lx.pos]
		switch c {
		case '{':
			if lx.peek(1) == '{' && !inSpec {
				lx.pos += 2
				t := lx.emit(tFMiddle, start, line, col)
				t.val = lx.intern(lx.src[start : lx.pos-1])
				return true
			}
			t := lx.emit(tFMiddle, start, line, col)
			t.val = lx.intern(lx.src[start:lx.pos])
			return lx.openField(m)
		case '}':
			if unicodeEscape {
				lx.pos++
				t := lx.emit(tFMiddle, start, line, col)
				t.val = lx.intern(lx.src[start:lx.pos])
				return true
			}
			if lx.peek(1) == '}' && !inSpec && m.bracket == 0 {
				lx.pos += 2
				t := lx.emit(tFMiddle, start, line, col)
				t.val = lx.intern(lx.src[start : lx.pos-1])
				return true
			}
			t := lx.emit(tFMiddle, start, line, col)
			t.val = lx.intern(lx.src[start:lx.pos])
			m.regular = true
			m.formatSpec = false
			return true
		case '\n':
			if inSpec {
				// A newline ends the format spec of a triple-quoted f-string.
				t := lx.emit(tFMiddle, start, line, col)
				t.val = lx.intern(lx.src[start:lx.pos])
				m.regular = true
				m.formatSpec = false
				return true
			}
			lx.pos++
			lx.newline()
			continue
		case '\\':
			lx.pos++
			if lx.pos >= len(lx.src) {
				continue
			}
			p := lx.src[lx.pos]
			if p == '{' || p == '}' {
				continue
			}
			lx.pos++
			if p == '\n' {
				lx.newline()
			} else if p == 'N' && !m.raw && lx.peek(0) == '{' {
				lx.pos++
				unicodeEscape = true
			}
			continue
		}
		lx.pos++
	}
	t := lx.emit(tFMiddle, start, line, col)
	t.val = lx.intern(lx.src[start:lx.pos])
	return true
}

// openField switches to tokenizing a replacement field's expression; the
// brace itself is tokenized in regular mode.
func (lx *lexer) openField(m *fmode) bool {
	m.exprStart++
	if m.exprStart >= maxExprNesting {
		return lx.failHere("f-string: expressions nested too deeply")
	}
	m.regular = true
	m.formatSpec = false
	return true
}

func (lx *lexer) hasQuotes(m *fmode) bool {
	for i := 0; i < m.quoteSize; i++ {
		if lx.peek(i) != m.quote {
			return false
		}
	}
	return true
}

// twoCharOp returns the operator spelled by two characters, if any.
func twoCharOp(a, b byte) (op, bool) {
	switch b {
	case '=':
		switch a {
		case '!':
			return opNotEqual, true
		case '%':
			return opPercentEqual, true
		case '&':
			return opAmperEqual, true
		case '*':
			return opStarEqual, true
		case '+':
			return opPlusEqual, true
		case '-':
			return opMinEqual, true
		case '/':
			return opSlashEqual, true
		case ':':
			return opColonEqual, true
		case '<':
			return opLessEqual, true
		case '=':
			return opEqEqual, true
		case '>':
			return opGreaterEqual, true
		case '@':
			return opAtEqual, true
		case '^':
			return opCircumflexEqual, true
		case '|':
			return opVBarEqual, true
		}
	case '*':
		if a == '*' {
			return opDoubleStar, true
		}
	case '>':
		switch a {
		case '-':
			return opRArrow, true
		case '<':
			return opNotEqual, true // `<>`
		case '>':
			return opRightShift, true
		}
	case '/':
		if a == '/' {
			return opDoubleSlash, true
		}
	case '<':
		if a == '<' {
			return opLeftShift, true
		}
	}
	return opNone, false
}

// threeCharOp returns the operator spelled by three characters, if any.
func threeCharOp(a, b, c byte) (op, bool) {
	switch {
	case a == '*' && b == '*' && c == '=':
		return opDoubleStarEqual, true
	case a == '.' && b == '.' && c == '.':
		return opEllipsis, true
	case a == '/' && b == '/' && c == '=':
		return opDoubleSlashEqual, true
	case a == '<' && b == '<' && c == '=':
		return opLeftShiftEqual, true
	case a == '>' && b == '>' && c == '=':
		return opRightShiftEqual, true
	}
	return opNone, false
}

var oneCharOps = [128]op{
	'(': opLPar, ')': opRPar, '[': opLSqb, ']': opRSqb, ':': opColon, ',': opComma,
	';': opSemi, '+': opPlus, '-': opMinus, '*': opStar, '/': opSlash, '|': opVBar,
	'&': opAmper, '<': opLess, '>': opGreater, '=': opEqual, '.': opDot, '%': opPercent,
	'{': opLBrace, '}': opRBrace, '~': opTilde, '^': opCircumflex, '@': opAt, '!': opExclamation,
}

func (lx *lexer) operator(start, line, col int) bool {
	c := lx.src[lx.pos]
	if c >= 128 {
		// Not an identifier start (handled earlier) — cannot happen, but be safe.
		lx.pos++
		return lx.fail(line, col, errKindSyntax, "invalid character")
	}
	m := lx.top()
	// A colon directly inside a replacement field starts its format spec
	// (even when followed by '=': CPython checks this before `:=`).
	if m != nil && m.regular && m.exprStart >= 0 && c == ':' && m.bracket-1 == m.exprStart {
		lx.pos++
		t := lx.emit(tOp, start, line, col)
		t.op = opColon
		t.meta = lx.intern(fieldText(lx.src[m.exprBegin:start]))
		m.regular = false
		m.formatSpec = true
		return true
	}
	// Operators of three, two and one characters.
	if lx.pos+3 <= len(lx.src) {
		if o, ok := threeCharOp(lx.src[lx.pos], lx.src[lx.pos+1], lx.src[lx.pos+2]); ok {
			lx.pos += 3
			t := lx.emit(tOp, start, line, col)
			t.op = o
			return true
		}
	}
	if lx.pos+2 <= len(lx.src) {
		if o, ok := twoCharOp(lx.src[lx.pos], lx.src[lx.pos+1]); ok {
			lx.pos += 2
			t := lx.emit(tOp, start, line, col)
			t.op = o
			if o == opNotEqual && lx.src[start+1] == '>' {
				t.op = opOther // `<>` is only valid under barry_as_FLUFL
			}
			return true
		}
	}
	o := oneCharOps[c]
	if o == opNone {
		lx.pos++
		if c < 0x20 || c == 0x7f {
			return lx.fail(line, col, errKindSyntax, "invalid non-printable character U+%04X", c)
		}
		t := lx.emit(tOp, start, line, col)
		t.op = opOther
		return true
	}
	switch c {
	case '(', '[', '{':
		if len(lx.parens) >= maxParenLevel {
			lx.pos++
			return lx.fail(line, col, errKindSyntax, "too many nested parentheses")
		}
		lx.parens = append(lx.parens, paren{c, line, col})
		if m != nil {
			m.bracket++
			if c == '{' && m.bracket-1 == m.exprStart {
				m.exprBegin = start + 1
			}
		}
	case ')', ']', '}':
		if m != nil && m.bracket == 0 && c == '}' {
			lx.pos++
			return lx.fail(line, col, errKindSyntax, "f-string: single '}' is not allowed")
		}
		if len(lx.parens) == 0 {
			lx.pos++
			return lx.fail(line, col, errKindSyntax, "unmatched '%c'", c)
		}
		open := lx.parens[len(lx.parens)-1]
		if !(open.ch == '(' && c == ')' || open.ch == '[' && c == ']' || open.ch == '{' && c == '}') {
			lx.pos++
			if m != nil && open.ch == '{' && m.bracket-1 == m.exprStart {
				return lx.fail(line, col, errKindSyntax, "f-string: unmatched '%c'", c)
			}
			if open.line != line {
				return lx.fail(line, col, errKindSyntax, "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c, open.ch, open.line)
			}
			return lx.fail(line, col, errKindSyntax, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open.ch)
		}
		lx.parens = lx.parens[:len(lx.parens)-1]
		if m != nil {
			m.bracket--
			if c == '}' && m.bracket == m.exprStart {
				lx.pos++
				t := lx.emit(tOp, start, line, col)
				t.op = opRBrace
				t.meta = lx.intern(fieldText(lx.src[m.exprBegin:start]))
				m.exprStart--
				m.regular = false
				m.formatSpec = false
				return true
			}
		}
	case '!':
		if m != nil && m.regular && m.exprStart >= 0 && m.bracket-1 == m.exprStart {
			lx.pos++
			t := lx.emit(tOp, start, line, col)
			t.op = opExclamation
			t.meta = lx.intern(fieldText(lx.src[m.exprBegin:start]))
			return true
		}
	}
	lx.pos++
	t := lx.emit(tOp, start, line, col)
	t.op = o
	return true
}

// fieldText is the source of a replacement field's expression as CPython
// keeps it for `=` debug output: every `#` up to the end of its line is
// dropped (naively, even inside string literals, as CPython does).
func fieldText(s string) string {
	if strings.IndexByte(s, '#') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '#' {
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if i < len(s) {
				b.WriteByte('\n')
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
