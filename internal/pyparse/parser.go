// Package pyparse parses Python 3.13 source into a pyast syntax tree.
//
// The parser is a hand-written recursive-descent parser over a tokenizer
// that follows CPython's own (Parser/lexer), and it builds the tree CPython's
// ast.parse builds: the same nodes, the same fields and the same positions.
// It never runs the code it parses. Deep nesting is bounded the way CPython
// bounds it, so hostile input ends in a SyntaxError, not a crash.
package pyparse

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/deploycheck/deploycheck/internal/pyast"
)

// SyntaxError is a syntax error with its position (Line 1-based, Col
// 1-based as in CPython's SyntaxError.offset).
type SyntaxError struct {
	Msg       string
	Line, Col int
	kind      int
	fromLexer bool
}

// Error formats the error with its line.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Kind(), e.Msg)
}

// Kind is the Python exception class of the error: SyntaxError,
// IndentationError or TabError.
func (e *SyntaxError) Kind() string {
	switch e.kind {
	case errKindIndent:
		return "IndentationError"
	case errKindTab:
		return "TabError"
	}
	return "SyntaxError"
}

// ErrorList holds every syntax error found in a file, in source order. The
// first one is the error CPython would report.
type ErrorList []*SyntaxError

// Error describes the first error and how many more there are.
func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "no syntax errors"
	}
	if len(l) == 1 {
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", l[0].Error(), len(l)-1)
}

// FirstError returns the first *SyntaxError inside err, or nil.
func FirstError(err error) *SyntaxError {
	var l ErrorList
	if errors.As(err, &l) && len(l) > 0 {
		return l[0]
	}
	var s *SyntaxError
	if errors.As(err, &s) {
		return s
	}
	return nil
}

// maxDepth bounds the parser's recursion, as CPython's MAXSTACK does.
const maxDepth = 3000

// Parse parses the bytes of a Python source file (any PEP 263 encoding).
//
// When the source has syntax errors, Parse still returns a module holding
// every top-level statement it could parse (it resumes after each error at
// the next line that starts a top-level statement) together with an
// ErrorList whose first entry is the error CPython reports.
func Parse(src []byte) (*pyast.Module, error) {
	text, lerr := decodeSource(src)
	if lerr != nil {
		line := 1 + strings.Count(string(src[:max(0, min(lerr.Offset, len(src)))]), "\n")
		if strings.HasPrefix(lerr.Msg, "unknown encoding") || strings.HasPrefix(lerr.Msg, "encoding problem") {
			line = 0 // CPython reports encoding declaration errors without a line
		}
		return &pyast.Module{}, ErrorList{{Msg: lerr.Msg, Line: line, Col: 1}}
	}
	return ParseText(text)
}

// maxRecoveries bounds how many times ParseText resumes after an error:
// each resume tokenizes the rest of the file again.
const maxRecoveries = 50

// ParseText parses already decoded source text (UTF-8, newlines as \n).
func ParseText(text string) (*pyast.Module, error) {
	if len(text) > 0 && text[len(text)-1] != '\n' {
		text += "\n"
	}
	mod := &pyast.Module{}
	var errs ErrorList
	offset, line := 0, 1
	for {
		p := newParser(text, offset, line)
		body, err := p.parseFile()
		p.release()
		mod.Body = append(mod.Body, body...)
		if err == nil {
			break
		}
		errs = append(errs, err)
		if len(errs) > maxRecoveries {
			break
		}
		// Resume at the next line after the error that starts at column 0
		// with a statement.
		next, nextLine := resumePoint(text, offset, line, err.Line)
		if next <= offset {
			break
		}
		offset, line = next, nextLine
	}
	if len(errs) > 0 {
		return mod, errs
	}
	return mod, nil
}

// resumePoint finds, scanning from offset (at line), the first line after
// errLine that starts at column 0 with something other than a comment, a
// blank, a closing bracket or a clause keyword (else, elif, except,
// finally).
func resumePoint(text string, offset, line, errLine int) (int, int) {
	off := offset
	for off < len(text) && line <= errLine {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return -1, 0
		}
		off += i + 1
		line++
	}
	for off < len(text) {
		c := text[off]
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			return -1, 0
		}
		if c != ' ' && c != '\t' && c != '\f' && c != '#' && c != '\n' && c != ')' && c != ']' && c != '}' &&
			!strings.HasPrefix(text[off:], "else") && !strings.HasPrefix(text[off:], "elif") &&
			!strings.HasPrefix(text[off:], "except") && !strings.HasPrefix(text[off:], "finally") {
			return off, line
		}
		off += end + 1
		line++
	}
	return -1, 0
}

// bailout carries a syntax error up the parser's stack.
type bailout struct{ err *SyntaxError }

type parser struct {
	// lastExprStart is the first token of the expression parsed last.
	lastExprStart int
	src           string
	buf           *[]token
	slabs         *nodeSlabs
	toks          []token
	p             int
	depth         int
	lexer         *lexer
}

// tokenBuffers recycles token slices between parses: the tree keeps no
// reference to tokens, and a file's tokens are most of a parse's memory.
var tokenBuffers = sync.Pool{New: func() any { return new([]token) }}

func newParser(text string, offset, line int) *parser {
	lx := newLexer(text)
	lx.pos, lx.line, lx.lineStart = offset, line, offset
	buf := tokenBuffers.Get().(*[]token)
	lx.toks = *buf
	toks := lx.tokenize()
	return &parser{src: text, toks: toks, lexer: lx, lastExprStart: -1, buf: buf, slabs: &nodeSlabs{}}
}

// release returns the parser's tokens to the pool; the parser must not be
// used afterwards.
func (p *parser) release() {
	*p.buf = p.toks[:0]
	tokenBuffers.Put(p.buf)
	p.toks = nil
}

// parseFile parses statements up to ENDMARKER and reports the first error.
func (p *parser) parseFile() (body []pyast.Stmt, err *SyntaxError) {
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			err = p.finalError(b.err)
		}
	}()
	for p.tok().kind != tEnd {
		body = append(body, p.statement()...)
	}
	return body, nil
}

// finalError applies CPython's rule that a tokenizer error anywhere later in
// the file wins over a parser error.
func (p *parser) finalError(err *SyntaxError) *SyntaxError {
	if err.fromLexer {
		return err
	}
	if lerr := p.lexer.err; lerr != nil {
		return lerr
	}
	return err
}

func (p *parser) tok() *token { return &p.toks[p.p] }

func (p *parser) peekTok(n int) *token {
	if p.p+n < len(p.toks) {
		return &p.toks[p.p+n]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) advance() *token {
	t := &p.toks[p.p]
	if t.kind != tEnd && t.kind != tError {
		p.p++
	}
	return t
}

func (p *parser) isOp(o op) bool { t := p.tok(); return t.kind == tOp && t.op == o }

func (p *parser) isKw(k kw) bool { t := p.tok(); return t.kind == tName && t.kw == k }

func (p *parser) acceptOp(o op) bool {
	if p.isOp(o) {
		p.advance()
		return true
	}
	return false
}

func (p *parser) acceptKw(k kw) bool {
	if p.isKw(k) {
		p.advance()
		return true
	}
	return false
}

func (p *parser) expectOp(o op, what string) *token {
	if !p.isOp(o) {
		if o == opRPar || o == opRSqb || o == opRBrace {
			p.missingComma()
		}
		p.errExpected(what)
	}
	return p.advance()
}

// missingComma reports CPython's "Perhaps you forgot a comma?" when, inside
// brackets, an expression is directly followed by another one.
func (p *parser) missingComma() {
	if p.lastExprStart < 0 || p.lastExprStart >= p.p || !p.startsExpression() {
		return
	}
	first := &p.toks[p.lastExprStart]
	if first.kind == tName && first.kw >= firstSoftKeyword {
		return
	}
	if first.kind == tName && p.lastExprStart+1 < len(p.toks) && p.toks[p.lastExprStart+1].kind == tString {
		return
	}
	if first.kind == tName && p.lastExprStart+1 == p.p {
		if n := p.nameOf(first); n == "print" || n == "exec" {
			return
		}
	}
	p.failTok(first, "invalid syntax. Perhaps you forgot a comma?")
}

func (p *parser) expectKw(k kw, what string) *token {
	if !p.isKw(k) {
		p.errExpected(what)
	}
	return p.advance()
}

func (p *parser) errExpected(what string) {
	t := p.tok()
	if t.kind == tError {
		p.failTok(t, "invalid syntax")
	}
	p.failTok(t, "expected "+what)
}

// failTok raises a syntax error located at t. A tokenizer error token
// reports the tokenizer's own message.
func (p *parser) failTok(t *token, msg string) {
	if t.kind == tError {
		if p.lexer.err != nil {
			panic(bailout{p.lexer.err})
		}
		if p.lexer.errAtEOF {
			panic(bailout{p.eofError()})
		}
	}
	if t.kind == tIndent {
		panic(bailout{&SyntaxError{Msg: "unexpected indent", Line: int(t.line), Col: int(t.col) + 1, kind: errKindIndent}})
	}
	if t.kind == tDedent {
		panic(bailout{&SyntaxError{Msg: "unexpected unindent", Line: int(t.line), Col: int(t.col) + 1, kind: errKindIndent}})
	}
	panic(bailout{&SyntaxError{Msg: msg, Line: int(t.line), Col: int(t.col) + 1}})
}

// failAt raises a syntax error at a node's position.
func (p *parser) failAt(pos pyast.Pos, msg string) {
	panic(bailout{&SyntaxError{Msg: msg, Line: pos.Line, Col: pos.Col + 1}})
}

func (p *parser) eofError() *SyntaxError {
	lx := p.lexer
	if len(lx.parens) > 0 {
		o := lx.parens[len(lx.parens)-1]
		return &SyntaxError{Msg: fmt.Sprintf("'%c' %s", o.ch, parenNeverClosed), Line: o.line, Col: o.col + 1}
	}
	if m := lx.top(); m != nil {
		if m.quoteSize == 3 {
			return &SyntaxError{Msg: "unterminated triple-quoted f-string literal", Line: m.startLine, Col: m.start - m.startLS + 1}
		}
		return &SyntaxError{Msg: "unterminated f-string literal", Line: m.startLine, Col: m.start - m.startLS + 1}
	}
	return &SyntaxError{Msg: "unexpected EOF while parsing", Line: lx.line, Col: 1}
}

// fail raises a generic "invalid syntax" error at the current token.
func (p *parser) fail() {
	p.failTok(p.tok(), "invalid syntax")
}

// enter guards recursion depth.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		t := p.tok()
		panic(bailout{&SyntaxError{Msg: "too many nested expressions: source too complex to parse", Line: int(t.line), Col: int(t.col) + 1}})
	}
}

func (p *parser) leave() { p.depth-- }

// speculate runs f and reports whether it parsed without error; on error
// the parser's position is restored.
func (p *parser) speculate(f func()) (ok bool) {
	save, depth := p.p, p.depth
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bailout); !isBail {
				panic(r)
			}
			p.p, p.depth = save, depth
			ok = false
		}
	}()
	f()
	return true
}

// lastEnd is the end of the last token consumed that is not NEWLINE,
// INDENT or DEDENT (CPython's EXTRA end).
func (p *parser) lastEnd() (int, int) {
	for i := p.p - 1; i >= 0; i-- {
		t := &p.toks[i]
		if t.kind == tNewline || t.kind == tIndent || t.kind == tDedent || t.kind == tEnd {
			continue
		}
		return int(t.endLine), int(t.endCol)
	}
	return 1, 0
}

// span is the position from token index start to the last consumed token.
func (p *parser) span(start int) pyast.Pos {
	t := &p.toks[start]
	el, ec := p.lastEnd()
	return pyast.Pos{Line: int(t.line), Col: int(t.col), EndLine: el, EndCol: ec}
}

// str returns a string-table entry referenced by a token (token.val or
// token.meta).
func (p *parser) str(i int32) string {
	if i == 0 {
		return ""
	}
	return p.lexer.strs[i-1]
}

func tokPos(t *token) pyast.Pos {
	return pyast.Pos{Line: int(t.line), Col: int(t.col), EndLine: int(t.endLine), EndCol: int(t.endCol)}
}

// name returns the identifier of a NAME token (NFKC-normalised).
func (p *parser) nameOf(t *token) string {
	if t.val != 0 {
		return p.lexer.strs[t.val-1]
	}
	return p.src[t.start:t.end]
}

// expectName consumes a NAME that is not a hard keyword.
func (p *parser) expectName() *token {
	t := p.tok()
	if t.kind != tName || t.isHardKeyword() {
		p.fail()
	}
	return p.advance()
}

func (p *parser) isName() bool {
	t := p.tok()
	return t.kind == tName && !t.isHardKeyword()
}
