package pyparse

import (
	"github.com/deploycheck/deploycheck/internal/pyast"
)

// starExpressions is `star_expression (',' star_expression)* [',']`; more
// than one (or a trailing comma) makes a Tuple.
func (p *parser) starExpressions() pyast.Expr {
	start := p.p
	first := p.starExpression()
	if !p.isOp(opComma) {
		return first
	}
	elts := []pyast.Expr{first}
	for p.acceptOp(opComma) {
		if !p.startsExpression() {
			break
		}
		elts = append(elts, p.starExpression())
	}
	return &pyast.Tuple{Pos: p.span(start), Elts: elts, Ctx: pyast.Load}
}

// startsExpression reports whether the current token can begin an
// expression (used after a trailing comma).
func (p *parser) startsExpression() bool {
	t := p.tok()
	switch t.kind {
	case tName:
		switch t.kw {
		case kwNone, kwFalse, kwNoneLit, kwTrue, kwAwait, kwLambda, kwNot,
			kwMatch, kwCase, kwType, kwUnderscore:
			return true
		}
		return false
	case tNumber, tString, tFStart:
		return true
	case tOp:
		switch t.op {
		case opLPar, opLSqb, opLBrace, opMinus, opPlus, opTilde, opStar, opEllipsis:
			return true
		}
	}
	return false
}

// starExpression is `'*' bitwise_or | expression`.
func (p *parser) starExpression() pyast.Expr {
	if p.isOp(opStar) {
		start := p.p
		p.advance()
		v := p.bitwiseOr()
		return &pyast.Starred{Pos: p.span(start), Value: v, Ctx: pyast.Load}
	}
	return p.expression()
}

// starNamedExpression is `'*' bitwise_or | named_expression`.
func (p *parser) starNamedExpression() pyast.Expr {
	if p.isOp(opStar) {
		start := p.p
		p.advance()
		v := p.bitwiseOr()
		return &pyast.Starred{Pos: p.span(start), Value: v, Ctx: pyast.Load}
	}
	return p.namedExpression()
}

// namedExpression is `NAME ':=' expression | expression`.
func (p *parser) namedExpression() pyast.Expr {
	t := p.tok()
	if t.kind == tName && !t.isHardKeyword() {
		if n := p.peekTok(1); n.kind == tOp && n.op == opColonEqual {
			start := p.p
			p.advance()
			p.advance()
			target := p.newName(tokPos(t), p.nameOf(t), pyast.Store)
			v := p.expression()
			return &pyast.NamedExpr{Pos: p.span(start), Target: target, Value: v}
		}
	}
	e := p.expression()
	if p.isOp(opColonEqual) {
		p.failAt(e.Span(), "cannot use assignment expressions with "+exprName(e))
	}
	return e
}

// expression is a conditional expression, a lambda or a disjunction.
func (p *parser) expression() pyast.Expr {
	p.enter()
	defer p.leave()
	if p.isKw(kwLambda) {
		return p.lambdef()
	}
	start := p.p
	body := p.disjunction()
	p.lastExprStart = start
	if !p.isKw(kwIf) {
		return body
	}
	p.advance()
	test := p.disjunction()
	if !p.isKw(kwElse) {
		p.failTok(p.tok(), "expected 'else' after 'if' expression")
	}
	p.advance()
	orelse := p.expression()
	return &pyast.IfExp{Pos: p.span(start), Test: test, Body: body, Orelse: orelse}
}

func (p *parser) lambdef() pyast.Expr {
	start := p.p
	p.advance()
	args := p.parameters(opColon, false)
	p.expectOp(opColon, "':'")
	body := p.expression()
	return &pyast.Lambda{Pos: p.span(start), Args: args, Body: body}
}

func (p *parser) yieldExpr() pyast.Expr {
	start := p.p
	p.advance()
	if p.acceptKw(kwFrom) {
		v := p.expression()
		return &pyast.YieldFrom{Pos: p.span(start), Value: v}
	}
	var v pyast.Expr
	if p.startsExpression() {
		v = p.starExpressions()
	}
	return &pyast.Yield{Pos: p.span(start), Value: v}
}

func (p *parser) disjunction() pyast.Expr {
	start := p.p
	first := p.conjunction()
	if !p.isKw(kwOr) {
		return first
	}
	values := []pyast.Expr{first}
	for p.acceptKw(kwOr) {
		values = append(values, p.conjunction())
	}
	return &pyast.BoolOp{Pos: p.span(start), Op: pyast.Or, Values: values}
}

func (p *parser) conjunction() pyast.Expr {
	start := p.p
	first := p.inversion()
	if !p.isKw(kwAnd) {
		return first
	}
	values := []pyast.Expr{first}
	for p.acceptKw(kwAnd) {
		values = append(values, p.inversion())
	}
	return &pyast.BoolOp{Pos: p.span(start), Op: pyast.And, Values: values}
}

func (p *parser) inversion() pyast.Expr {
	if p.isKw(kwNot) {
		p.enter()
		defer p.leave()
		start := p.p
		p.advance()
		operand := p.inversion()
		return &pyast.UnaryOp{Pos: p.span(start), Op: pyast.Not, Operand: operand}
	}
	return p.comparison()
}

// compareOp reads a comparison operator at the current token, if any.
func (p *parser) compareOp() (pyast.CmpOp, int, bool) {
	t := p.tok()
	switch t.kind {
	case tOp:
		switch t.op {
		case opEqEqual:
			return pyast.Eq, 1, true
		case opNotEqual:
			return pyast.NotEq, 1, true
		case opLess:
			return pyast.Lt, 1, true
		case opLessEqual:
			return pyast.LtE, 1, true
		case opGreater:
			return pyast.Gt, 1, true
		case opGreaterEqual:
			return pyast.GtE, 1, true
		}
	case tName:
		switch t.kw {
		case kwIn:
			return pyast.In, 1, true
		case kwIs:
			if n := p.peekTok(1); n.kind == tName && n.kw == kwNot {
				return pyast.IsNot, 2, true
			}
			return pyast.Is, 1, true
		case kwNot:
			if n := p.peekTok(1); n.kind == tName && n.kw == kwIn {
				return pyast.NotIn, 2, true
			}
		}
	}
	return 0, 0, false
}

func (p *parser) comparison() pyast.Expr {
	start := p.p
	left := p.bitwiseOr()
	op, n, ok := p.compareOp()
	if !ok {
		return left
	}
	c := &pyast.Compare{Left: left}
	for ok {
		p.p += n
		c.Ops = append(c.Ops, op)
		c.Comparators = append(c.Comparators, p.bitwiseOr())
		op, n, ok = p.compareOp()
	}
	c.Pos = p.span(start)
	return c
}

// binary operator precedence levels, lowest first.
const (
	precOr = iota + 1
	precXor
	precAnd
	precShift
	precArith
	precTerm
)

func binOpOf(t *token) (pyast.Operator, int) {
	if t.kind != tOp {
		return 0, 0
	}
	switch t.op {
	case opVBar:
		return pyast.BitOr, precOr
	case opCircumflex:
		return pyast.BitXor, precXor
	case opAmper:
		return pyast.BitAnd, precAnd
	case opLeftShift:
		return pyast.LShift, precShift
	case opRightShift:
		return pyast.RShift, precShift
	case opPlus:
		return pyast.Add, precArith
	case opMinus:
		return pyast.Sub, precArith
	case opStar:
		return pyast.Mult, precTerm
	case opSlash:
		return pyast.Div, precTerm
	case opDoubleSlash:
		return pyast.FloorDiv, precTerm
	case opPercent:
		return pyast.Mod, precTerm
	case opAt:
		return pyast.MatMult, precTerm
	}
	return 0, 0
}

func (p *parser) bitwiseOr() pyast.Expr {
	return p.binary(precOr)
}

// binary parses left-associative binary operators of precedence minPrec
// and above (precedence climbing over CPython's bitwise_or ... term rules).
func (p *parser) binary(minPrec int) pyast.Expr {
	start := p.p
	left := p.factor()
	return p.binaryRest(start, left, minPrec)
}

func (p *parser) binaryRest(start int, left pyast.Expr, minPrec int) pyast.Expr {
	for {
		op, prec := binOpOf(p.tok())
		if prec == 0 || prec < minPrec {
			return left
		}
		p.advance()
		rstart := p.p
		right := p.factor()
		for {
			_, next := binOpOf(p.tok())
			if next <= prec {
				break
			}
			right = p.binaryRest(rstart, right, prec+1)
		}
		left = &pyast.BinOp{Pos: p.span(start), Left: left, Op: op, Right: right}
	}
}

func (p *parser) factor() pyast.Expr {
	t := p.tok()
	if t.kind == tOp {
		var op pyast.UnaryOpKind
		switch t.op {
		case opPlus:
			op = pyast.UAdd
		case opMinus:
			op = pyast.USub
		case opTilde:
			op = pyast.Invert
		default:
			return p.power()
		}
		p.enter()
		defer p.leave()
		start := p.p
		p.advance()
		operand := p.factor()
		return &pyast.UnaryOp{Pos: p.span(start), Op: op, Operand: operand}
	}
	return p.power()
}

func (p *parser) power() pyast.Expr {
	start := p.p
	var base pyast.Expr
	if p.isKw(kwAwait) {
		p.advance()
		v := p.primary()
		base = &pyast.Await{Pos: p.span(start), Value: v}
	} else {
		base = p.primary()
	}
	if !p.isOp(opDoubleStar) {
		return base
	}
	p.advance()
	p.enter()
	defer p.leave()
	exp := p.factor()
	return &pyast.BinOp{Pos: p.span(start), Left: base, Op: pyast.Pow, Right: exp}
}

// primary is an atom followed by attribute, call and subscript trailers.
func (p *parser) primary() pyast.Expr {
	start := p.p
	e := p.atom()
	return p.trailers(start, e)
}

func (p *parser) trailers(start int, e pyast.Expr) pyast.Expr {
	for {
		t := p.tok()
		if t.kind != tOp {
			return e
		}
		switch t.op {
		case opDot:
			p.advance()
			nt := p.expectName()
			a := p.slabs.attrs.alloc()
			a.Pos, a.Value, a.Attr, a.Ctx = p.span(start), e, p.nameOf(nt), pyast.Load
			e = a
		case opLPar:
			e = p.call(start, e)
		case opLSqb:
			p.advance()
			s := p.slices()
			p.expectOp(opRSqb, "']'")
			e = &pyast.Subscript{Pos: p.span(start), Value: e, Slice: s, Ctx: pyast.Load}
		default:
			return e
		}
	}
}

func (p *parser) call(start int, fn pyast.Expr) pyast.Expr {
	p.enter()
	defer p.leave()
	open := p.p
	p.advance()
	if p.isOp(opRPar) {
		p.advance()
		return &pyast.Call{Pos: p.span(start), Func: fn}
	}
	args, kws := p.arguments(opRPar)
	call := p.slabs.calls.alloc()
	// A lone generator expression argument takes the call's parentheses.
	if len(args) == 1 && len(kws) == 0 {
		if g, ok := args[0].(*pyast.GeneratorExp); ok && g.Pos.Line == 0 {
			p.expectOp(opRPar, "')'")
			g.Pos = p.span(open)
			call.Pos, call.Func, call.Args = p.span(start), fn, args
			return call
		}
	}
	for _, a := range args {
		if g, ok := a.(*pyast.GeneratorExp); ok && g.Pos.Line == 0 {
			p.failTok(p.tok(), "Generator expression must be parenthesized")
		}
	}
	p.expectOp(opRPar, "')'")
	call.Pos, call.Func, call.Args, call.Keywords = p.span(start), fn, args, kws
	return call
}

// arguments parses call arguments (or class bases) up to the closing token.
// An unparenthesised generator expression comes back as a GeneratorExp
// with a zero position for the caller to place.
func (p *parser) arguments(closing op) ([]pyast.Expr, []*pyast.Keyword) {
	var args []pyast.Expr
	var kws []*pyast.Keyword
	var starreds []pyast.Expr
	sawKeyword, sawDoubleStar := false, false
	for !p.isOp(closing) {
		start := p.p
		t := p.tok()
		switch {
		case t.kind == tOp && t.op == opStar:
			p.advance()
			v := p.expression()
			st := &pyast.Starred{Pos: p.span(start), Value: v, Ctx: pyast.Load}
			if sawDoubleStar {
				p.failAt(st.Pos, "iterable argument unpacking follows keyword argument unpacking")
			}
			if sawKeyword {
				starreds = append(starreds, st)
			} else {
				args = append(args, st)
			}
		case t.kind == tOp && t.op == opDoubleStar:
			p.advance()
			v := p.expression()
			kws = append(kws, &pyast.Keyword{Pos: p.span(start), Value: v})
			sawKeyword, sawDoubleStar = true, true
		case t.kind == tName && !t.isHardKeyword() && p.peekTok(1).kind == tOp && p.peekTok(1).op == opEqual:
			p.advance()
			p.advance()
			v := p.expression()
			kws = append(kws, &pyast.Keyword{Pos: p.span(start), Arg: p.nameOf(t), Value: v})
			sawKeyword = true
		default:
			e := p.namedExpression()
			if p.isKw(kwFor) || p.isKw(kwAsync) && p.peekTok(1).kind == tName && p.peekTok(1).kw == kwFor {
				gens := p.comprehensions()
				e = &pyast.GeneratorExp{Elt: e, Generators: gens}
			} else if p.isOp(opEqual) {
				p.failAt(e.Span(), `expression cannot contain assignment, perhaps you meant "=="?`)
			}
			if sawKeyword {
				if sawDoubleStar {
					p.failAt(e.Span(), "positional argument follows keyword argument unpacking")
				}
				p.failAt(e.Span(), "positional argument follows keyword argument")
			}
			args = append(args, e)
		}
		if !p.acceptOp(opComma) {
			break
		}
	}
	args = append(args, starreds...)
	return args, kws
}

// slices parses the inside of a subscript.
func (p *parser) slices() pyast.Expr {
	start := p.p
	first := p.sliceItem()
	if !p.isOp(opComma) {
		if _, ok := first.(*pyast.Starred); !ok {
			return first
		}
	}
	elts := []pyast.Expr{first}
	for p.acceptOp(opComma) {
		if p.isOp(opRSqb) {
			break
		}
		elts = append(elts, p.sliceItem())
	}
	return &pyast.Tuple{Pos: p.span(start), Elts: elts, Ctx: pyast.Load}
}

func (p *parser) sliceItem() pyast.Expr {
	start := p.p
	if p.isOp(opStar) {
		p.advance()
		v := p.bitwiseOr()
		return &pyast.Starred{Pos: p.span(start), Value: v, Ctx: pyast.Load}
	}
	var lower pyast.Expr
	if !p.isOp(opColon) {
		lower = p.namedExpression()
		if !p.isOp(opColon) {
			return lower
		}
		if _, ok := lower.(*pyast.NamedExpr); ok {
			p.fail()
		}
	}
	s := &pyast.Slice{Lower: lower}
	p.advance() // ':'
	if !p.isOp(opColon) && !p.isOp(opComma) && !p.isOp(opRSqb) {
		s.Upper = p.expression()
	}
	if p.acceptOp(opColon) {
		if !p.isOp(opComma) && !p.isOp(opRSqb) {
			s.Step = p.expression()
		}
	}
	s.Pos = p.span(start)
	return s
}

func (p *parser) comprehensions() []*pyast.Comprehension {
	var out []*pyast.Comprehension
	for {
		c := &pyast.Comprehension{}
		if p.isKw(kwAsync) {
			p.advance()
			c.IsAsync = true
		}
		if !p.isKw(kwFor) {
			if c.IsAsync {
				p.fail()
			}
			return out
		}
		p.advance()
		c.Target = p.starTargets()
		p.expectKw(kwIn, "'in'")
		c.Iter = p.disjunction()
		for p.acceptKw(kwIf) {
			c.Ifs = append(c.Ifs, p.disjunction())
		}
		out = append(out, c)
	}
}

func (p *parser) atom() pyast.Expr {
	t := p.tok()
	switch t.kind {
	case tName:
		if c, ok := p.keywordConstant(t); ok {
			return c
		}
		if t.isHardKeyword() {
			p.fail()
		}
		p.advance()
		return p.newName(tokPos(t), p.nameOf(t), pyast.Load)
	case tNumber:
		p.advance()
		return p.number(t)
	case tString, tFStart:
		return p.strings()
	case tOp:
		switch t.op {
		case opLPar:
			return p.parenAtom()
		case opLSqb:
			return p.listAtom()
		case opLBrace:
			return p.braceAtom()
		case opEllipsis:
			p.advance()
			return p.newConst(pyast.Constant{Pos: tokPos(t), Kind: pyast.ConstEllipsis})
		}
	}
	p.fail()
	return nil
}

func (p *parser) number(t *token) pyast.Expr {
	n, err := parseNumber(p.src[t.start:t.end])
	if err != nil {
		p.failTok(t, err.Msg)
	}
	c := p.slabs.constants.alloc()
	c.Pos = tokPos(t)
	switch n.Kind {
	case NumInt:
		c.Kind = pyast.ConstInt
		c.Int, c.BigInt = n.Int, n.Big
	case NumFloat:
		c.Kind = pyast.ConstFloat
		c.Float = n.Float
	default:
		c.Kind = pyast.ConstComplex
		c.Float = n.Float
	}
	return c
}

func (p *parser) isCompFor() bool {
	return p.isKw(kwFor) || p.isKw(kwAsync) && p.peekTok(1).kind == tName && p.peekTok(1).kw == kwFor
}

func (p *parser) parenAtom() pyast.Expr {
	p.enter()
	defer p.leave()
	start := p.p
	p.advance()
	if p.acceptOp(opRPar) {
		return &pyast.Tuple{Pos: p.span(start), Ctx: pyast.Load}
	}
	if p.isKw(kwYield) {
		e := p.yieldExpr()
		p.expectOp(opRPar, "')'")
		return e
	}
	first := p.starNamedExpression()
	if p.isCompFor() {
		if _, ok := first.(*pyast.Starred); ok {
			p.failAt(first.Span(), "iterable unpacking cannot be used in comprehension")
		}
		gens := p.comprehensions()
		p.expectOp(opRPar, "')'")
		return &pyast.GeneratorExp{Pos: p.span(start), Elt: first, Generators: gens}
	}
	if p.acceptOp(opRPar) {
		if _, ok := first.(*pyast.Starred); ok {
			p.failAt(first.Span(), "cannot use starred expression here")
		}
		return first
	}
	if !p.isOp(opComma) {
		p.fail()
	}
	elts := []pyast.Expr{first}
	for p.acceptOp(opComma) {
		if p.isOp(opRPar) {
			break
		}
		elts = append(elts, p.starNamedExpression())
	}
	p.expectOp(opRPar, "')'")
	return &pyast.Tuple{Pos: p.span(start), Elts: elts, Ctx: pyast.Load}
}

func (p *parser) listAtom() pyast.Expr {
	p.enter()
	defer p.leave()
	start := p.p
	p.advance()
	if p.acceptOp(opRSqb) {
		return &pyast.List{Pos: p.span(start), Ctx: pyast.Load}
	}
	first := p.starNamedExpression()
	if p.isCompFor() {
		if _, ok := first.(*pyast.Starred); ok {
			p.failAt(first.Span(), "iterable unpacking cannot be used in comprehension")
		}
		gens := p.comprehensions()
		p.expectOp(opRSqb, "']'")
		return &pyast.ListComp{Pos: p.span(start), Elt: first, Generators: gens}
	}
	elts := []pyast.Expr{first}
	for p.acceptOp(opComma) {
		if p.isOp(opRSqb) {
			break
		}
		elts = append(elts, p.starNamedExpression())
	}
	p.expectOp(opRSqb, "']'")
	return &pyast.List{Pos: p.span(start), Elts: elts, Ctx: pyast.Load}
}

func (p *parser) braceAtom() pyast.Expr {
	p.enter()
	defer p.leave()
	start := p.p
	p.advance()
	if p.acceptOp(opRBrace) {
		return &pyast.Dict{Pos: p.span(start)}
	}
	if p.isOp(opDoubleStar) {
		return p.dictRest(start, nil, nil)
	}
	first := p.starNamedExpression()
	if p.isOp(opColon) {
		if _, ok := first.(*pyast.Starred); ok {
			p.failAt(first.Span(), "cannot use a starred expression in a dictionary key")
		}
		if _, ok := first.(*pyast.NamedExpr); ok && !p.toks[start+1].isOp(opLPar) {
			p.fail()
		}
		p.advance()
		value := p.expression()
		if p.isCompFor() {
			gens := p.comprehensions()
			p.expectOp(opRBrace, "'}'")
			return &pyast.DictComp{Pos: p.span(start), Key: first, Value: value, Generators: gens}
		}
		return p.dictRest(start, first, value)
	}
	if p.isCompFor() {
		if _, ok := first.(*pyast.Starred); ok {
			p.failAt(first.Span(), "iterable unpacking cannot be used in comprehension")
		}
		gens := p.comprehensions()
		p.expectOp(opRBrace, "'}'")
		return &pyast.SetComp{Pos: p.span(start), Elt: first, Generators: gens}
	}
	elts := []pyast.Expr{first}
	for p.acceptOp(opComma) {
		if p.isOp(opRBrace) {
			break
		}
		elts = append(elts, p.starNamedExpression())
	}
	p.expectOp(opRBrace, "'}'")
	return &pyast.Set{Pos: p.span(start), Elts: elts}
}

// dictRest parses the remaining key/value pairs of a dict display; key and
// value are the first pair when already parsed.
func (p *parser) dictRest(start int, key, value pyast.Expr) pyast.Expr {
	d := &pyast.Dict{}
	if value != nil {
		d.Keys = append(d.Keys, key)
		d.Values = append(d.Values, value)
		if !p.acceptOp(opComma) {
			p.expectOp(opRBrace, "'}'")
			d.Pos = p.span(start)
			return d
		}
	}
	for !p.isOp(opRBrace) {
		if p.acceptOp(opDoubleStar) {
			d.Keys = append(d.Keys, nil)
			d.Values = append(d.Values, p.bitwiseOr())
		} else {
			k := p.expression()
			p.expectOp(opColon, "':'")
			d.Keys = append(d.Keys, k)
			d.Values = append(d.Values, p.expression())
		}
		if !p.acceptOp(opComma) {
			break
		}
	}
	p.expectOp(opRBrace, "'}'")
	d.Pos = p.span(start)
	return d
}

// keywordConstant parses True, False or None at token t.
func (p *parser) keywordConstant(t *token) (pyast.Expr, bool) {
	var k pyast.ConstKind
	switch t.kw {
	case kwTrue:
		k = pyast.ConstTrue
	case kwFalse:
		k = pyast.ConstFalse
	case kwNoneLit:
		k = pyast.ConstNone
	default:
		return nil, false
	}
	p.advance()
	return p.newConst(pyast.Constant{Pos: tokPos(t), Kind: k}), true
}
