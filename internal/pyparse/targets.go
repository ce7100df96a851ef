package pyparse

import "github.com/deploycheck/deploycheck/internal/pyast"

// starTargets parses the targets of a `for` (statement or comprehension):
// `star_target (',' star_target)* [',']`. Targets are primaries, never
// comparisons, so the `in` that follows is left alone.
func (p *parser) starTargets() pyast.Expr {
	start := p.p
	first := p.starTarget()
	if !p.isOp(opComma) {
		return p.setContext(first, pyast.Store)
	}
	elts := []pyast.Expr{first}
	for p.acceptOp(opComma) {
		if p.isKw(kwIn) || p.isOp(opEqual) {
			break
		}
		elts = append(elts, p.starTarget())
	}
	return p.setContext(&pyast.Tuple{Pos: p.span(start), Elts: elts}, pyast.Store)
}

// starTarget is `'*' star_target | target_with_star_atom` (context not yet
// set).
func (p *parser) starTarget() pyast.Expr {
	if p.isOp(opStar) {
		p.enter()
		defer p.leave()
		start := p.p
		p.advance()
		if p.isOp(opStar) {
			p.fail()
		}
		v := p.starTarget()
		return &pyast.Starred{Pos: p.span(start), Value: v}
	}
	return p.targetPrimary()
}

// targetPrimary parses a primary to be used as a target and checks that it
// can be one.
func (p *parser) targetPrimary() pyast.Expr {
	e := p.primary()
	if bad := invalidTarget(e, false); bad != nil {
		p.failAt(bad.Span(), "cannot assign to "+exprName(bad))
	}
	return e
}

// setContext marks an assignment or deletion target (and the names inside
// tuples, lists and starred targets) with ctx.
func (p *parser) setContext(e pyast.Expr, ctx pyast.ExprContext) pyast.Expr {
	switch n := e.(type) {
	case *pyast.Name:
		n.Ctx = ctx
	case *pyast.Attribute:
		n.Ctx = ctx
	case *pyast.Subscript:
		n.Ctx = ctx
	case *pyast.Starred:
		n.Ctx = ctx
		p.setContext(n.Value, ctx)
	case *pyast.Tuple:
		n.Ctx = ctx
		for _, x := range n.Elts {
			p.setContext(x, ctx)
		}
	case *pyast.List:
		n.Ctx = ctx
		for _, x := range n.Elts {
			p.setContext(x, ctx)
		}
	}
	return e
}

// invalidTarget returns the part of e that cannot be assigned to (or
// deleted, when del is set), or nil when e is a valid target.
func invalidTarget(e pyast.Expr, del bool) pyast.Expr {
	switch n := e.(type) {
	case *pyast.Name, *pyast.Attribute, *pyast.Subscript:
		return nil
	case *pyast.Tuple:
		for _, x := range n.Elts {
			if bad := invalidTarget(x, del); bad != nil {
				return bad
			}
		}
		return nil
	case *pyast.List:
		for _, x := range n.Elts {
			if bad := invalidTarget(x, del); bad != nil {
				return bad
			}
		}
		return nil
	case *pyast.Starred:
		if del {
			return e
		}
		return invalidTarget(n.Value, del)
	}
	return e
}

// exprName names an expression the way CPython's error messages do.
func exprName(e pyast.Expr) string {
	switch n := e.(type) {
	case *pyast.Attribute:
		return "attribute"
	case *pyast.Subscript:
		return "subscript"
	case *pyast.Starred:
		return "starred"
	case *pyast.Name:
		return "name"
	case *pyast.List:
		return "list"
	case *pyast.Tuple:
		return "tuple"
	case *pyast.Lambda:
		return "lambda"
	case *pyast.Call:
		return "function call"
	case *pyast.BoolOp, *pyast.BinOp, *pyast.UnaryOp:
		return "expression"
	case *pyast.GeneratorExp:
		return "generator expression"
	case *pyast.Yield, *pyast.YieldFrom:
		return "yield expression"
	case *pyast.Await:
		return "await expression"
	case *pyast.ListComp:
		return "list comprehension"
	case *pyast.SetComp:
		return "set comprehension"
	case *pyast.DictComp:
		return "dict comprehension"
	case *pyast.Dict:
		return "dict literal"
	case *pyast.Set:
		return "set display"
	case *pyast.JoinedStr, *pyast.FormattedValue:
		return "f-string expression"
	case *pyast.Constant:
		switch n.Kind {
		case pyast.ConstNone:
			return "None"
		case pyast.ConstTrue:
			return "True"
		case pyast.ConstFalse:
			return "False"
		case pyast.ConstEllipsis:
			return "ellipsis"
		}
		return "literal"
	case *pyast.Compare:
		return "comparison"
	case *pyast.IfExp:
		return "conditional expression"
	case *pyast.NamedExpr:
		return "named expression"
	}
	return "expression"
}
