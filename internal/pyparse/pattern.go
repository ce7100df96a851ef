package pyparse

import "github.com/deploycheck/deploycheck/internal/pyast"

// patterns parses the pattern of a case clause: an open sequence
// (`case a, b:`) or a single pattern.
func (p *parser) patterns() pyast.Pattern {
	start := p.p
	first := p.maybeStarPattern()
	if !p.isOp(opComma) {
		if _, ok := first.(*pyast.MatchStar); ok {
			p.fail()
		}
		return first
	}
	pats := []pyast.Pattern{first}
	for p.acceptOp(opComma) {
		if p.isOp(opColon) || p.isKw(kwIf) {
			break
		}
		pats = append(pats, p.maybeStarPattern())
	}
	return &pyast.MatchSequence{Pos: p.span(start), Patterns: pats}
}

func (p *parser) maybeStarPattern() pyast.Pattern {
	if p.isOp(opStar) {
		start := p.p
		p.advance()
		t := p.expectName()
		name := p.nameOf(t)
		if t.kw == kwUnderscore {
			name = ""
		}
		return &pyast.MatchStar{Pos: p.span(start), Name: name}
	}
	return p.pattern()
}

// pattern is `or_pattern ['as' NAME]`.
func (p *parser) pattern() pyast.Pattern {
	p.enter()
	defer p.leave()
	start := p.p
	pat := p.orPattern()
	if p.acceptKw(kwAs) {
		t := p.expectName()
		if t.kw == kwUnderscore {
			p.failTok(t, "cannot use '_' as a target")
		}
		return &pyast.MatchAs{Pos: p.span(start), Pattern: pat, Name: p.nameOf(t)}
	}
	return pat
}

func (p *parser) orPattern() pyast.Pattern {
	start := p.p
	first := p.closedPattern()
	if !p.isOp(opVBar) {
		return first
	}
	pats := []pyast.Pattern{first}
	for p.acceptOp(opVBar) {
		pats = append(pats, p.closedPattern())
	}
	return &pyast.MatchOr{Pos: p.span(start), Patterns: pats}
}

func (p *parser) closedPattern() pyast.Pattern {
	start := p.p
	t := p.tok()
	switch t.kind {
	case tNumber, tString, tFStart:
		v := p.literalExpr()
		return &pyast.MatchValue{Pos: v.Span(), Value: v}
	case tOp:
		switch t.op {
		case opMinus:
			v := p.literalExpr()
			return &pyast.MatchValue{Pos: v.Span(), Value: v}
		case opLPar:
			p.advance()
			if p.acceptOp(opRPar) {
				return &pyast.MatchSequence{Pos: p.span(start)}
			}
			first := p.maybeStarPattern()
			if p.acceptOp(opRPar) {
				if _, ok := first.(*pyast.MatchStar); !ok {
					return first
				}
				return &pyast.MatchSequence{Pos: p.span(start), Patterns: []pyast.Pattern{first}}
			}
			pats := []pyast.Pattern{first}
			if !p.isOp(opComma) {
				p.fail()
			}
			for p.acceptOp(opComma) {
				if p.isOp(opRPar) {
					break
				}
				pats = append(pats, p.maybeStarPattern())
			}
			p.expectOp(opRPar, "')'")
			return &pyast.MatchSequence{Pos: p.span(start), Patterns: pats}
		case opLSqb:
			p.advance()
			var pats []pyast.Pattern
			for !p.isOp(opRSqb) {
				pats = append(pats, p.maybeStarPattern())
				if !p.acceptOp(opComma) {
					break
				}
			}
			p.expectOp(opRSqb, "']'")
			return &pyast.MatchSequence{Pos: p.span(start), Patterns: pats}
		case opLBrace:
			return p.mappingPattern()
		}
	case tName:
		switch t.kw {
		case kwNoneLit:
			p.advance()
			return &pyast.MatchSingleton{Pos: tokPos(t), Value: pyast.ConstNone}
		case kwTrue:
			p.advance()
			return &pyast.MatchSingleton{Pos: tokPos(t), Value: pyast.ConstTrue}
		case kwFalse:
			p.advance()
			return &pyast.MatchSingleton{Pos: tokPos(t), Value: pyast.ConstFalse}
		}
		if t.isHardKeyword() {
			p.fail()
		}
		n := p.peekTok(1)
		if n.kind == tOp && (n.op == opDot || n.op == opLPar) {
			cls := p.nameOrAttr()
			if p.isOp(opLPar) {
				return p.classPattern(start, cls)
			}
			return &pyast.MatchValue{Pos: cls.Span(), Value: cls}
		}
		p.advance()
		if t.kw == kwUnderscore {
			return &pyast.MatchAs{Pos: tokPos(t)}
		}
		return &pyast.MatchAs{Pos: tokPos(t), Name: p.nameOf(t)}
	}
	p.fail()
	return nil
}

// nameOrAttr parses a dotted name as Name/Attribute expressions.
func (p *parser) nameOrAttr() pyast.Expr {
	start := p.p
	t := p.expectName()
	var e pyast.Expr = p.newName(tokPos(t), p.nameOf(t), pyast.Load)
	for p.acceptOp(opDot) {
		n := p.expectName()
		e = &pyast.Attribute{Pos: p.span(start), Value: e, Attr: p.nameOf(n), Ctx: pyast.Load}
	}
	return e
}

func (p *parser) classPattern(start int, cls pyast.Expr) pyast.Pattern {
	p.advance() // (
	m := &pyast.MatchClass{Cls: cls}
	for !p.isOp(opRPar) {
		t := p.tok()
		if t.kind == tName && !t.isHardKeyword() && p.peekTok(1).kind == tOp && p.peekTok(1).op == opEqual {
			p.advance()
			p.advance()
			m.KwdAttrs = append(m.KwdAttrs, p.nameOf(t))
			m.KwdPatterns = append(m.KwdPatterns, p.pattern())
		} else {
			pat := p.pattern()
			if len(m.KwdAttrs) > 0 {
				p.failAt(pat.Span(), "positional patterns follow keyword patterns")
			}
			m.Patterns = append(m.Patterns, pat)
		}
		if !p.acceptOp(opComma) {
			break
		}
	}
	p.expectOp(opRPar, "')'")
	m.Pos = p.span(start)
	return m
}

func (p *parser) mappingPattern() pyast.Pattern {
	start := p.p
	p.advance() // {
	m := &pyast.MatchMapping{}
	for !p.isOp(opRBrace) {
		if p.acceptOp(opDoubleStar) {
			t := p.expectName()
			m.Rest = p.nameOf(t)
			p.acceptOp(opComma)
			break
		}
		var key pyast.Expr
		t := p.tok()
		if t.kind == tName && !(t.kw == kwNoneLit || t.kw == kwTrue || t.kw == kwFalse) {
			key = p.nameOrAttr()
			if _, ok := key.(*pyast.Name); ok {
				p.fail()
			}
		} else {
			key = p.literalExpr()
		}
		p.expectOp(opColon, "':'")
		m.Keys = append(m.Keys, key)
		m.Patterns = append(m.Patterns, p.pattern())
		if !p.acceptOp(opComma) {
			break
		}
	}
	p.expectOp(opRBrace, "'}'")
	m.Pos = p.span(start)
	return m
}

// literalExpr parses a literal allowed in patterns: signed numbers,
// complex literals (`1 + 2j`), strings, None, True, False.
func (p *parser) literalExpr() pyast.Expr {
	start := p.p
	t := p.tok()
	switch t.kind {
	case tString, tFStart:
		return p.strings()
	case tName:
		if c, ok := p.keywordConstant(t); ok {
			return c
		}
	}
	real := p.signedNumber()
	if p.isOp(opPlus) || p.isOp(opMinus) {
		op := pyast.Add
		if p.isOp(opMinus) {
			op = pyast.Sub
		}
		p.advance()
		nt := p.tok()
		if nt.kind != tNumber {
			p.fail()
		}
		p.advance()
		imag := p.number(nt)
		if c, ok := imag.(*pyast.Constant); !ok || c.Kind != pyast.ConstComplex {
			p.failAt(imag.Span(), "imaginary number required in complex literal")
		}
		if c, ok := real.(*pyast.Constant); ok && c.Kind == pyast.ConstComplex {
			p.failAt(real.Span(), "real number required in complex literal")
		}
		return &pyast.BinOp{Pos: p.span(start), Left: real, Op: op, Right: imag}
	}
	return real
}

func (p *parser) signedNumber() pyast.Expr {
	start := p.p
	if p.acceptOp(opMinus) {
		t := p.tok()
		if t.kind != tNumber {
			p.fail()
		}
		p.advance()
		n := p.number(t)
		return &pyast.UnaryOp{Pos: p.span(start), Op: pyast.USub, Operand: n}
	}
	t := p.tok()
	if t.kind != tNumber {
		p.fail()
	}
	p.advance()
	return p.number(t)
}
