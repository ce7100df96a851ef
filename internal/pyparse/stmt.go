package pyparse

import "github.com/deploycheck/deploycheck/internal/pyast"

// statement parses one statement line: a compound statement, or one or more
// simple statements separated by semicolons.
func (p *parser) statement() []pyast.Stmt {
	t := p.tok()
	switch t.kind {
	case tName:
		switch t.kw {
		case kwIf:
			return []pyast.Stmt{p.ifStmt()}
		case kwWhile:
			return []pyast.Stmt{p.whileStmt()}
		case kwFor:
			return []pyast.Stmt{p.forStmt(p.p, false)}
		case kwTry:
			return []pyast.Stmt{p.tryStmt()}
		case kwWith:
			return []pyast.Stmt{p.withStmt(p.p, false)}
		case kwDef:
			return []pyast.Stmt{p.funcDef(p.p, false, nil)}
		case kwClass:
			return []pyast.Stmt{p.classDef(nil)}
		case kwAsync:
			return []pyast.Stmt{p.asyncStmt(nil)}
		case kwMatch:
			if s := p.matchStmt(); s != nil {
				return []pyast.Stmt{s}
			}
		}
	case tOp:
		if t.op == opAt {
			return []pyast.Stmt{p.decorated()}
		}
	}
	return p.simpleStmts()
}

func (p *parser) simpleStmts() []pyast.Stmt {
	var out []pyast.Stmt
	for {
		out = append(out, p.simpleStmt())
		if p.acceptOp(opSemi) {
			if p.tok().kind == tNewline {
				break
			}
			continue
		}
		break
	}
	if p.tok().kind != tNewline {
		p.fail()
	}
	p.advance()
	return out
}

func (p *parser) simpleStmt() pyast.Stmt {
	p.enter()
	defer p.leave()
	start := p.p
	t := p.tok()
	if t.kind == tName {
		switch t.kw {
		case kwPass:
			p.advance()
			return &pyast.Pass{Pos: p.span(start)}
		case kwBreak:
			p.advance()
			return &pyast.Break{Pos: p.span(start)}
		case kwContinue:
			p.advance()
			return &pyast.Continue{Pos: p.span(start)}
		case kwReturn:
			p.advance()
			var v pyast.Expr
			if !p.atStmtEnd() {
				v = p.starExpressions()
			}
			return &pyast.Return{Pos: p.span(start), Value: v}
		case kwRaise:
			p.advance()
			s := &pyast.Raise{}
			if !p.atStmtEnd() {
				s.Exc = p.expression()
				if p.acceptKw(kwFrom) {
					s.Cause = p.expression()
				}
			}
			s.Pos = p.span(start)
			return s
		case kwGlobal, kwNonlocal:
			p.advance()
			var names []string
			for {
				names = append(names, p.nameOf(p.expectName()))
				if !p.acceptOp(opComma) {
					break
				}
			}
			if t.kw == kwGlobal {
				return &pyast.Global{Pos: p.span(start), Names: names}
			}
			return &pyast.Nonlocal{Pos: p.span(start), Names: names}
		case kwDel:
			return p.delStmt()
		case kwAssert:
			p.advance()
			s := &pyast.Assert{Test: p.expression()}
			if p.acceptOp(opComma) {
				s.Msg = p.expression()
			}
			s.Pos = p.span(start)
			return s
		case kwImport:
			return p.importName()
		case kwFrom:
			return p.importFrom()
		case kwType:
			if n := p.peekTok(1); n.kind == tName && !n.isHardKeyword() {
				if n2 := p.peekTok(2); n2.kind == tOp && (n2.op == opEqual || n2.op == opLSqb) {
					return p.typeAlias()
				}
			}
		}
	}
	return p.exprOrAssign()
}

// atStmtEnd reports whether the current token ends a simple statement.
func (p *parser) atStmtEnd() bool {
	t := p.tok()
	return t.kind == tNewline || t.kind == tOp && t.op == opSemi || t.kind == tEnd
}

func (p *parser) delStmt() pyast.Stmt {
	start := p.p
	p.advance()
	var targets []pyast.Expr
	for {
		e := p.delTarget()
		targets = append(targets, e)
		if !p.acceptOp(opComma) || p.atStmtEnd() {
			break
		}
	}
	if !p.atStmtEnd() {
		p.fail()
	}
	return &pyast.Delete{Pos: p.span(start), Targets: targets}
}

// delTarget parses one `del` target: a primary, or a parenthesised or
// bracketed list of targets.
func (p *parser) delTarget() pyast.Expr {
	e := p.targetPrimary()
	return p.setContext(e, pyast.Del)
}

func (p *parser) importName() pyast.Stmt {
	start := p.p
	p.advance()
	var names []*pyast.Alias
	for {
		names = append(names, p.dottedAsName())
		if !p.acceptOp(opComma) {
			break
		}
	}
	return &pyast.Import{Pos: p.span(start), Names: names}
}

func (p *parser) dottedName() string {
	name := p.nameOf(p.expectName())
	for p.isOp(opDot) {
		p.advance()
		name += "." + p.nameOf(p.expectName())
	}
	return name
}

func (p *parser) dottedAsName() *pyast.Alias {
	start := p.p
	a := &pyast.Alias{Name: p.dottedName()}
	if p.acceptKw(kwAs) {
		a.Asname = p.nameOf(p.expectName())
	}
	a.Pos = p.span(start)
	return a
}

func (p *parser) importFrom() pyast.Stmt {
	start := p.p
	p.advance()
	level := 0
	for {
		if p.acceptOp(opDot) {
			level++
		} else if p.acceptOp(opEllipsis) {
			level += 3
		} else {
			break
		}
	}
	s := &pyast.ImportFrom{Level: level}
	if level == 0 || !p.isKw(kwImport) {
		s.Module = p.dottedName()
	}
	p.expectKw(kwImport, "'import'")
	if p.isOp(opStar) {
		t := p.advance()
		s.Names = []*pyast.Alias{{Pos: tokPos(t), Name: "*"}}
	} else {
		paren := p.acceptOp(opLPar)
		for {
			as := p.p
			a := &pyast.Alias{Name: p.nameOf(p.expectName())}
			if p.acceptKw(kwAs) {
				a.Asname = p.nameOf(p.expectName())
			}
			a.Pos = p.span(as)
			s.Names = append(s.Names, a)
			if !p.acceptOp(opComma) {
				break
			}
			if paren && p.isOp(opRPar) {
				break
			}
			if !paren && p.atStmtEnd() {
				p.failTok(&p.toks[p.p-1], "trailing comma not allowed without surrounding parentheses")
			}
		}
		if paren {
			p.expectOp(opRPar, "')'")
		}
	}
	s.Pos = p.span(start)
	return s
}

func (p *parser) typeAlias() pyast.Stmt {
	start := p.p
	p.advance()
	nt := p.expectName()
	name := p.newName(tokPos(nt), p.nameOf(nt), pyast.Store)
	var tps []pyast.TypeParam
	if p.isOp(opLSqb) {
		tps = p.typeParams()
	}
	p.expectOp(opEqual, "'='")
	v := p.expression()
	return &pyast.TypeAlias{Pos: p.span(start), Name: name, TypeParams: tps, Value: v}
}

var augOps = map[op]pyast.Operator{
	opPlusEqual: pyast.Add, opMinEqual: pyast.Sub, opStarEqual: pyast.Mult, opAtEqual: pyast.MatMult,
	opSlashEqual: pyast.Div, opPercentEqual: pyast.Mod, opAmperEqual: pyast.BitAnd, opVBarEqual: pyast.BitOr,
	opCircumflexEqual: pyast.BitXor, opLeftShiftEqual: pyast.LShift, opRightShiftEqual: pyast.RShift,
	opDoubleStarEqual: pyast.Pow, opDoubleSlashEqual: pyast.FloorDiv,
}

// exprOrAssign parses an expression statement or any kind of assignment.
func (p *parser) exprOrAssign() pyast.Stmt {
	start := p.p
	startsWithParen := p.isOp(opLPar)
	var first pyast.Expr
	if p.isKw(kwYield) {
		first = p.yieldExpr()
	} else {
		first = p.starExpressions()
	}
	t := p.tok()
	if t.kind == tOp {
		switch t.op {
		case opColon:
			p.advance()
			target := first
			simple := 0
			switch target.(type) {
			case *pyast.Name:
				if !startsWithParen {
					simple = 1
				}
			case *pyast.Attribute, *pyast.Subscript:
			case *pyast.Tuple:
				p.failAt(target.Span(), "only single target (not tuple) can be annotated")
			case *pyast.List:
				p.failAt(target.Span(), "only single target (not list) can be annotated")
			default:
				p.failAt(target.Span(), "illegal target for annotation")
			}
			ann := p.expression()
			var value pyast.Expr
			if p.acceptOp(opEqual) {
				value = p.annotatedRHS()
			}
			return &pyast.AnnAssign{Pos: p.span(start), Target: p.setContext(target, pyast.Store), Annotation: ann, Value: value, Simple: simple}
		case opEqual:
			targets := []pyast.Expr{p.checkAssignTarget(first)}
			var value pyast.Expr
			for p.acceptOp(opEqual) {
				value = p.annotatedRHS()
				if p.isOp(opEqual) {
					targets = append(targets, p.checkAssignTarget(value))
				}
			}
			return &pyast.Assign{Pos: p.span(start), Targets: targets, Value: value}
		default:
			if aop, ok := augOps[t.op]; ok {
				switch first.(type) {
				case *pyast.Name, *pyast.Attribute, *pyast.Subscript:
				default:
					p.failAt(first.Span(), "'"+exprName(first)+"' is an illegal expression for augmented assignment")
				}
				p.advance()
				value := p.annotatedRHS()
				return &pyast.AugAssign{Pos: p.span(start), Target: p.setContext(first, pyast.Store), Op: aop, Value: value}
			}
		}
	}
	if !p.atStmtEnd() {
		p.fail()
	}
	return &pyast.ExprStmt{Pos: p.span(start), Value: first}
}

// annotatedRHS is `yield_expr | star_expressions`.
func (p *parser) annotatedRHS() pyast.Expr {
	if p.isKw(kwYield) {
		return p.yieldExpr()
	}
	return p.starExpressions()
}

func (p *parser) checkAssignTarget(e pyast.Expr) pyast.Expr {
	if bad := invalidTarget(e, false); bad != nil {
		p.failAt(bad.Span(), "cannot assign to "+exprName(bad))
	}
	return p.setContext(e, pyast.Store)
}

// block parses `NEWLINE INDENT statements DEDENT` or simple statements on
// the same line.
func (p *parser) block() []pyast.Stmt {
	if p.tok().kind != tNewline {
		return p.simpleStmts()
	}
	p.advance()
	if p.tok().kind != tIndent {
		t := p.tok()
		if t.kind == tError {
			p.fail()
		}
		panic(bailout{&SyntaxError{Msg: "expected an indented block", Line: int(t.line), Col: int(t.col) + 1, kind: errKindIndent}})
	}
	p.advance()
	var body []pyast.Stmt
	for p.tok().kind != tDedent {
		if p.tok().kind == tEnd {
			break
		}
		body = append(body, p.statement()...)
	}
	p.advance()
	return body
}

func (p *parser) colonBlock() []pyast.Stmt {
	p.expectOp(opColon, "':'")
	return p.block()
}

func (p *parser) ifStmt() pyast.Stmt {
	start := p.p
	p.advance()
	s := &pyast.If{Test: p.namedExpression()}
	s.Body = p.colonBlock()
	if p.isKw(kwElif) {
		s.Orelse = []pyast.Stmt{p.ifStmt()}
	} else if p.acceptKw(kwElse) {
		s.Orelse = p.colonBlock()
	}
	s.Pos = p.span(start)
	return s
}

func (p *parser) whileStmt() pyast.Stmt {
	start := p.p
	p.advance()
	s := &pyast.While{Test: p.namedExpression()}
	s.Body = p.colonBlock()
	if p.acceptKw(kwElse) {
		s.Orelse = p.colonBlock()
	}
	s.Pos = p.span(start)
	return s
}

func (p *parser) forStmt(start int, async bool) pyast.Stmt {
	p.expectKw(kwFor, "'for'")
	s := &pyast.For{Async: async, Target: p.starTargets()}
	p.expectKw(kwIn, "'in'")
	s.Iter = p.starExpressions()
	s.Body = p.colonBlock()
	if p.acceptKw(kwElse) {
		s.Orelse = p.colonBlock()
	}
	s.Pos = p.span(start)
	return s
}

func (p *parser) tryStmt() pyast.Stmt {
	start := p.p
	p.advance()
	s := &pyast.Try{Body: p.colonBlock()}
	for p.isKw(kwExcept) {
		hs := p.p
		p.advance()
		star := p.acceptOp(opStar)
		if len(s.Handlers) > 0 && star != s.Star {
			p.failTok(&p.toks[hs], "cannot have both 'except' and 'except*' on the same 'try'")
		}
		s.Star = star
		h := &pyast.ExceptHandler{}
		if !p.isOp(opColon) || star {
			h.Type = p.expression()
			if p.acceptKw(kwAs) {
				h.Name = p.nameOf(p.expectName())
			} else if p.isOp(opComma) {
				p.failAt(h.Type.Span(), "multiple exception types must be parenthesized")
			}
		}
		h.Body = p.colonBlock()
		h.Pos = p.span(hs)
		s.Handlers = append(s.Handlers, h)
	}
	if len(s.Handlers) > 0 && p.acceptKw(kwElse) {
		s.Orelse = p.colonBlock()
	}
	if p.acceptKw(kwFinally) {
		s.Finalbody = p.colonBlock()
	}
	if len(s.Handlers) == 0 && s.Finalbody == nil {
		p.failTok(p.tok(), "expected 'except' or 'finally' block")
	}
	s.Pos = p.span(start)
	return s
}

func (p *parser) withStmt(start int, async bool) pyast.Stmt {
	p.expectKw(kwWith, "'with'")
	s := &pyast.With{Async: async}
	parsed := false
	if p.isOp(opLPar) {
		// `with (a as b, c):` — try the parenthesised item list first, as
		// CPython's grammar does.
		parsed = p.speculate(func() {
			p.advance()
			var items []*pyast.WithItem
			for {
				items = append(items, p.withItem())
				if !p.acceptOp(opComma) || p.isOp(opRPar) {
					break
				}
			}
			p.expectOp(opRPar, "')'")
			if !p.isOp(opColon) {
				p.fail()
			}
			s.Items = items
		})
	}
	if !parsed {
		for {
			s.Items = append(s.Items, p.withItem())
			if !p.acceptOp(opComma) {
				break
			}
		}
	}
	s.Body = p.colonBlock()
	s.Pos = p.span(start)
	return s
}

func (p *parser) withItem() *pyast.WithItem {
	it := &pyast.WithItem{ContextExpr: p.expression()}
	if p.acceptKw(kwAs) {
		it.OptionalVars = p.setContext(p.starTarget(), pyast.Store)
		if !(p.isOp(opComma) || p.isOp(opRPar) || p.isOp(opColon)) {
			p.fail()
		}
	}
	return it
}

func (p *parser) asyncStmt(decorators []pyast.Expr) pyast.Stmt {
	start := p.p
	p.advance()
	switch {
	case p.isKw(kwDef):
		return p.funcDef(start, true, decorators)
	case decorators != nil:
		p.fail()
	case p.isKw(kwFor):
		return p.forStmt(start, true)
	case p.isKw(kwWith):
		return p.withStmt(start, true)
	}
	p.fail()
	return nil
}

func (p *parser) decorated() pyast.Stmt {
	var decs []pyast.Expr
	for p.acceptOp(opAt) {
		decs = append(decs, p.namedExpression())
		if p.tok().kind != tNewline {
			p.fail()
		}
		p.advance()
	}
	switch {
	case p.isKw(kwDef):
		return p.funcDef(p.p, false, decs)
	case p.isKw(kwClass):
		return p.classDef(decs)
	case p.isKw(kwAsync):
		return p.asyncStmt(decs)
	}
	p.fail()
	return nil
}

func (p *parser) funcDef(start int, async bool, decorators []pyast.Expr) pyast.Stmt {
	p.enter()
	defer p.leave()
	p.expectKw(kwDef, "'def'")
	f := &pyast.FunctionDef{Async: async, Name: p.nameOf(p.expectName()), DecoratorList: decorators}
	if p.isOp(opLSqb) {
		f.TypeParams = p.typeParams()
	}
	p.expectOp(opLPar, "'('")
	f.Args = p.parameters(opRPar, true)
	p.expectOp(opRPar, "')'")
	if p.acceptOp(opRArrow) {
		f.Returns = p.expression()
	}
	f.Body = p.colonBlock()
	f.Pos = p.span(start)
	return f
}

func (p *parser) classDef(decorators []pyast.Expr) pyast.Stmt {
	p.enter()
	defer p.leave()
	start := p.p
	p.expectKw(kwClass, "'class'")
	c := &pyast.ClassDef{Name: p.nameOf(p.expectName()), DecoratorList: decorators}
	if p.isOp(opLSqb) {
		c.TypeParams = p.typeParams()
	}
	if p.acceptOp(opLPar) {
		if !p.isOp(opRPar) {
			c.Bases, c.Keywords = p.arguments(opRPar)
		}
		p.expectOp(opRPar, "')'")
	}
	c.Body = p.colonBlock()
	c.Pos = p.span(start)
	return c
}

func (p *parser) typeParams() []pyast.TypeParam {
	p.expectOp(opLSqb, "'['")
	var out []pyast.TypeParam
	for {
		start := p.p
		switch {
		case p.acceptOp(opStar):
			tv := &pyast.TypeVarTuple{Name: p.nameOf(p.expectName())}
			if p.isOp(opColon) {
				p.failTok(p.tok(), "cannot use bound with TypeVarTuple")
			}
			if p.acceptOp(opEqual) {
				tv.DefaultValue = p.starExpression()
			}
			tv.Pos = p.span(start)
			out = append(out, tv)
		case p.acceptOp(opDoubleStar):
			ps := &pyast.ParamSpec{Name: p.nameOf(p.expectName())}
			if p.isOp(opColon) {
				p.failTok(p.tok(), "cannot use bound with ParamSpec")
			}
			if p.acceptOp(opEqual) {
				ps.DefaultValue = p.expression()
			}
			ps.Pos = p.span(start)
			out = append(out, ps)
		default:
			tv := &pyast.TypeVar{Name: p.nameOf(p.expectName())}
			if p.acceptOp(opColon) {
				tv.Bound = p.expression()
			}
			if p.acceptOp(opEqual) {
				tv.DefaultValue = p.expression()
			}
			tv.Pos = p.span(start)
			out = append(out, tv)
		}
		if !p.acceptOp(opComma) || p.isOp(opRSqb) {
			break
		}
	}
	p.expectOp(opRSqb, "']'")
	return out
}

// parameters parses a def (annotations allowed) or lambda parameter list up
// to the closing token.
func (p *parser) parameters(closing op, annotations bool) *pyast.Arguments {
	a := &pyast.Arguments{}
	var posArgs []*pyast.Arg
	var defaults []pyast.Expr
	sawSlash, sawStar, sawDefault := false, false, false
	atEnd := func() bool {
		t := p.tok()
		return t.kind == tOp && t.op == closing
	}
	param := func() *pyast.Arg {
		start := p.p
		arg := &pyast.Arg{Arg: p.nameOf(p.expectName())}
		if annotations && p.acceptOp(opColon) {
			arg.Annotation = p.expression()
		}
		arg.Pos = p.span(start)
		return arg
	}
	for !atEnd() {
		t := p.tok()
		switch {
		case t.kind == tOp && t.op == opSlash:
			if sawSlash {
				p.failTok(t, "/ may appear only once")
			}
			if sawStar {
				p.failTok(t, "/ must be ahead of *")
			}
			if len(posArgs) == 0 {
				p.failTok(t, "at least one argument must precede /")
			}
			p.advance()
			sawSlash = true
			a.PosOnlyArgs = posArgs
			posArgs = nil
		case t.kind == tOp && t.op == opStar:
			if sawStar {
				p.failTok(t, "* argument may appear only once")
			}
			p.advance()
			sawStar = true
			if p.isOp(opComma) {
				n := p.peekTok(1)
				if n.kind == tOp && n.op == closing || n.kind == tOp && n.op == opDoubleStar {
					p.failTok(t, "named arguments must follow bare *")
				}
				break
			}
			if atEnd() {
				p.failTok(t, "named arguments must follow bare *")
			}
			start := p.p
			arg := &pyast.Arg{Arg: p.nameOf(p.expectName())}
			if annotations && p.acceptOp(opColon) {
				if p.isOp(opStar) {
					arg.Annotation = p.starExpression()
				} else {
					arg.Annotation = p.expression()
				}
			}
			arg.Pos = p.span(start)
			a.Vararg = arg
			if p.isOp(opEqual) {
				p.failTok(p.tok(), "var-positional argument cannot have default value")
			}
		case t.kind == tOp && t.op == opDoubleStar:
			p.advance()
			a.Kwarg = param()
			if p.isOp(opEqual) {
				p.failTok(p.tok(), "var-keyword argument cannot have default value")
			}
			p.acceptOp(opComma)
			if !atEnd() {
				p.failTok(p.tok(), "arguments cannot follow var-keyword argument")
			}
			a.Args, a.Defaults = posArgs, defaults
			return a
		default:
			arg := param()
			var def pyast.Expr
			if p.acceptOp(opEqual) {
				def = p.expression()
			}
			if sawStar {
				a.KwOnlyArgs = append(a.KwOnlyArgs, arg)
				a.KwDefaults = append(a.KwDefaults, def)
			} else {
				if def != nil {
					sawDefault = true
					defaults = append(defaults, def)
				} else if sawDefault {
					p.failAt(arg.Pos, "parameter without a default follows parameter with a default")
				}
				posArgs = append(posArgs, arg)
			}
		}
		if !p.acceptOp(opComma) {
			break
		}
	}
	a.Args, a.Defaults = posArgs, defaults
	return a
}

// matchStmt parses `match subject:` when the soft keyword starts one, and
// returns nil (with the position unchanged) when it does not.
func (p *parser) matchStmt() pyast.Stmt {
	start := p.p
	var subject pyast.Expr
	ok := p.speculate(func() {
		p.advance()
		subject = p.subjectExpr()
		if !p.isOp(opColon) {
			p.fail()
		}
		p.advance()
		if p.tok().kind != tNewline {
			p.fail()
		}
	})
	if !ok {
		return nil
	}
	p.advance()
	if p.tok().kind != tIndent {
		t := p.tok()
		panic(bailout{&SyntaxError{Msg: "expected an indented block after 'match' statement", Line: int(t.line), Col: int(t.col) + 1, kind: errKindIndent}})
	}
	p.advance()
	m := &pyast.Match{Subject: subject}
	for p.tok().kind != tDedent && p.tok().kind != tEnd {
		if !p.isKw(kwCase) {
			p.fail()
		}
		p.advance()
		c := &pyast.MatchCase{Pattern: p.patterns()}
		if p.acceptKw(kwIf) {
			c.Guard = p.namedExpression()
		}
		c.Body = p.colonBlock()
		m.Cases = append(m.Cases, c)
	}
	p.advance()
	m.Pos = p.span(start)
	return m
}

func (p *parser) subjectExpr() pyast.Expr {
	start := p.p
	first := p.starNamedExpression()
	if !p.isOp(opComma) {
		if _, ok := first.(*pyast.Starred); ok {
			p.fail()
		}
		return first
	}
	elts := []pyast.Expr{first}
	for p.acceptOp(opComma) {
		if p.isOp(opColon) {
			break
		}
		elts = append(elts, p.starNamedExpression())
	}
	return &pyast.Tuple{Pos: p.span(start), Elts: elts, Ctx: pyast.Load}
}
