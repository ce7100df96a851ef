package pyparse

import (
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyast"
)

// strings parses adjacent string and f-string literals and joins them the
// way CPython's _PyPegen_concatenate_strings does.
func (p *parser) strings() pyast.Expr {
	start := p.p
	var parts []pyast.Expr
	for {
		t := p.tok()
		if t.kind == tString {
			p.advance()
			parts = append(parts, p.stringConst(t))
		} else if t.kind == tFStart {
			parts = append(parts, p.fstring())
		} else {
			break
		}
	}
	return p.concatenate(parts, p.span(start))
}

// stringConst decodes one STRING token.
func (p *parser) stringConst(t *token) pyast.Expr {
	text := p.src[t.start:t.end]
	i := 0
	isBytes, isRaw := false, false
	for ; i < len(text) && text[i] != '"' && text[i] != '\''; i++ {
		switch text[i] {
		case 'b', 'B':
			isBytes = true
		case 'r', 'R':
			isRaw = true
		}
	}
	quote := text[i]
	q := 1
	if len(text)-i >= 6 && text[i+1] == quote && text[i+2] == quote {
		q = 3
	}
	body := text[i+q : len(text)-q]
	val, err := decodeString(body, isBytes, isRaw)
	if err != nil {
		p.failTok(t, err.Msg)
	}
	c := p.newConst(pyast.Constant{Pos: tokPos(t), Str: val, Kind: pyast.ConstStr})
	if isBytes {
		c.Kind = pyast.ConstBytes
	}
	if text[0] == 'u' {
		c.UPrefix = true
	}
	return c
}

// fstring parses FSTRING_START ... FSTRING_END into a JoinedStr.
func (p *parser) fstring() pyast.Expr {
	p.enter()
	defer p.leave()
	st := p.advance()
	prefix := p.src[st.start:st.end]
	raw := strings.ContainsAny(prefix, "rR")
	var raws []pyast.Expr
	for {
		t := p.tok()
		if t.kind == tFMiddle {
			p.advance()
			raws = append(raws, &pyast.Constant{Pos: tokPos(t), Kind: pyast.ConstStr, Str: p.str(t.val)})
			continue
		}
		if t.kind == tOp && t.op == opLBrace {
			raws = append(raws, p.replacementField()...)
			continue
		}
		break
	}
	end := p.tok()
	if end.kind != tFEnd {
		p.fail()
	}
	p.advance()
	values := make([]pyast.Expr, 0, len(raws))
	for _, item := range raws {
		if c, ok := item.(*pyast.Constant); ok {
			s := c.Str
			if !raw && strings.IndexByte(s, '\\') >= 0 {
				v, err := decodeString(s, false, false)
				if err != nil {
					p.failAt(c.Pos, err.Msg)
				}
				s = v
			}
			if s == "" {
				continue
			}
			item = &pyast.Constant{Pos: c.Pos, Kind: pyast.ConstStr, Str: s}
		}
		values = append(values, item)
	}
	return &pyast.JoinedStr{
		Pos:    pyast.Pos{Line: int(st.line), Col: int(st.col), EndLine: int(end.endLine), EndCol: int(end.endCol)},
		Values: values,
	}
}

// replacementField parses `{expr [=] [!conv] [:spec]}`. It returns the
// FormattedValue, preceded by the debug text Constant when `=` is used.
func (p *parser) replacementField() []pyast.Expr {
	start := p.p
	open := p.advance()
	var e pyast.Expr
	if p.isKw(kwYield) {
		e = p.yieldExpr()
	} else {
		e = p.starExpressions()
	}
	debug := p.acceptOp(opEqual)
	fv := &pyast.FormattedValue{Value: e, Conversion: -1}
	var convTok, convName, colon *token
	if p.isOp(opExclamation) {
		convTok = p.advance()
		n := p.tok()
		if n.kind != tName {
			p.failTok(n, "f-string: missing conversion character")
		}
		if int(n.line) != int(convTok.endLine) || int(n.col) != int(convTok.endCol) {
			p.failTok(n, "f-string: conversion type must come right after the exclamanation mark")
		}
		name := p.nameOf(n)
		if name != "s" && name != "r" && name != "a" {
			p.failTok(n, "f-string: invalid conversion character")
		}
		p.advance()
		convName = n
		fv.Conversion = int(name[0])
	}
	if p.isOp(opColon) {
		colon = p.advance()
		fv.FormatSpec = p.formatSpec(p.p - 1)
	}
	if !p.isOp(opRBrace) {
		if p.tok().kind == tFEnd || p.tok().kind == tFMiddle {
			p.failTok(p.tok(), "f-string: expecting '}'")
		}
		p.fail()
	}
	closing := p.advance()
	fv.Pos = p.span(start)
	if debug && convTok == nil && fv.FormatSpec == nil {
		fv.Conversion = 'r'
	}
	if !debug {
		return []pyast.Expr{fv}
	}
	var meta string
	var endLine, endCol int
	switch {
	case convTok != nil:
		meta = p.str(convTok.meta)
		endLine, endCol = int(convName.line), int(convName.col)
	case colon != nil:
		meta = p.str(colon.meta)
		sp := fv.FormatSpec.Span()
		endLine, endCol = sp.Line, sp.Col+1
	default:
		meta = p.str(closing.meta)
		endLine, endCol = fv.Pos.EndLine, fv.Pos.EndCol
	}
	text := &pyast.Constant{
		Pos:  pyast.Pos{Line: int(open.line), Col: int(open.col) + 1, EndLine: endLine, EndCol: endCol - 1},
		Kind: pyast.ConstStr, Str: meta,
	}
	return []pyast.Expr{text, fv}
}

// formatSpec parses the items of a format spec after its colon (token index
// colonIdx) and builds CPython's JoinedStr for it.
func (p *parser) formatSpec(colonIdx int) pyast.Expr {
	var spec []pyast.Expr
	for {
		t := p.tok()
		if t.kind == tFMiddle {
			p.advance()
			v, err := decodeString(p.str(t.val), false, false)
			if err != nil {
				p.failTok(t, err.Msg)
			}
			spec = append(spec, &pyast.Constant{Pos: tokPos(t), Kind: pyast.ConstStr, Str: v})
			continue
		}
		if t.kind == tOp && t.op == opLBrace {
			items := p.replacementField()
			if len(items) == 2 {
				// A debug field inside a spec stays a nested JoinedStr
				// until concatenation flattens it.
				fv := items[1]
				spec = append(spec, &pyast.JoinedStr{Pos: fv.Span(), Values: items})
			} else {
				spec = append(spec, items[0])
			}
			continue
		}
		break
	}
	pos := p.span(colonIdx)
	kept := spec[:0]
	for _, item := range spec {
		if c, ok := item.(*pyast.Constant); ok && c.Kind == pyast.ConstStr && c.Str == "" {
			continue
		}
		kept = append(kept, item)
	}
	if len(kept) == 0 {
		return &pyast.JoinedStr{Pos: pos}
	}
	if len(kept) == 1 {
		if _, ok := kept[0].(*pyast.Constant); ok {
			return &pyast.JoinedStr{Pos: pos, Values: kept}
		}
	}
	return p.concatenate(kept, pos)
}

// concatenate joins string parts: bytes with bytes, str constants into one
// constant, and anything holding an f-string into one JoinedStr whose
// adjacent constants are folded together.
func (p *parser) concatenate(parts []pyast.Expr, pos pyast.Pos) pyast.Expr {
	fstringFound, unicodeFound, bytesFound := false, false, false
	for _, e := range parts {
		switch n := e.(type) {
		case *pyast.Constant:
			if n.Kind == pyast.ConstBytes {
				bytesFound = true
			} else {
				unicodeFound = true
			}
		default:
			fstringFound = true
		}
	}
	if (unicodeFound || fstringFound) && bytesFound {
		p.failAt(pos, "cannot mix bytes and nonbytes literals")
	}
	if bytesFound {
		var b strings.Builder
		for _, e := range parts {
			b.WriteString(e.(*pyast.Constant).Str)
		}
		return &pyast.Constant{Pos: pos, Kind: pyast.ConstBytes, Str: b.String()}
	}
	if !fstringFound && len(parts) == 1 {
		return parts[0]
	}
	var flat []pyast.Expr
	for _, e := range parts {
		if j, ok := e.(*pyast.JoinedStr); ok {
			flat = append(flat, j.Values...)
		} else {
			flat = append(flat, e)
		}
	}
	var values []pyast.Expr
	for i := 0; i < len(flat); i++ {
		elem := flat[i]
		if c, ok := elem.(*pyast.Constant); ok {
			if i+1 < len(flat) {
				if _, next := flat[i+1].(*pyast.Constant); next {
					var b strings.Builder
					last := c
					j := i
					for ; j < len(flat); j++ {
						cj, ok := flat[j].(*pyast.Constant)
						if !ok {
							break
						}
						b.WriteString(cj.Str)
						last = cj
					}
					i = j - 1
					c = &pyast.Constant{
						Pos:     pyast.Pos{Line: c.Pos.Line, Col: c.Pos.Col, EndLine: last.Pos.EndLine, EndCol: last.Pos.EndCol},
						Kind:    pyast.ConstStr,
						Str:     b.String(),
						UPrefix: c.UPrefix,
					}
					elem = c
				}
			}
			if fstringFound && c.Str == "" {
				continue
			}
		}
		values = append(values, elem)
	}
	if !fstringFound {
		return values[0]
	}
	return &pyast.JoinedStr{Pos: pos, Values: values}
}
