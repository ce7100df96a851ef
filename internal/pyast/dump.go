package pyast

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Dump renders a module in a compact, normalised text form: every node with
// its CPython type name, its position as @line:col-endline:endcol, and its
// fields in CPython's order. testdata/astdump.py in package pyparse renders
// CPython's own tree in the same form, so the two can be compared as
// strings. Constants are written so that both sides agree without relying on
// float or str repr rules: floats as the hex of their IEEE-754 bits, strings
// and bytes with every byte outside printable ASCII escaped as \xHH.
func Dump(m *Module) string {
	var d dumper
	d.b.WriteString("Module(body=")
	d.stmts(m.Body)
	d.b.WriteString(")")
	return d.b.String()
}

// DumpExpr renders one expression the way Dump does.
func DumpExpr(e Expr) string {
	var d dumper
	d.expr(e)
	return d.b.String()
}

type dumper struct {
	b strings.Builder
}

func (d *dumper) open(name string, p *Pos) {
	d.b.WriteString(name)
	if p != nil {
		fmt.Fprintf(&d.b, "@%d:%d-%d:%d", p.Line, p.Col, p.EndLine, p.EndCol)
	}
	d.b.WriteByte('(')
}

func (d *dumper) field(name string) {
	d.b.WriteString(name)
	d.b.WriteByte('=')
}

func (d *dumper) sep() { d.b.WriteByte(',') }

func (d *dumper) close() { d.b.WriteByte(')') }

func (d *dumper) ident(s string) {
	d.b.WriteByte('\'')
	d.b.WriteString(s)
	d.b.WriteByte('\'')
}

// optIdent writes an identifier that CPython stores as None when absent.
func (d *dumper) optIdent(s string) {
	if s == "" {
		d.b.WriteString("None")
		return
	}
	d.ident(s)
}

func (d *dumper) int(n int) { d.b.WriteString(strconv.Itoa(n)) }

func (d *dumper) bool(v bool) {
	if v {
		d.b.WriteByte('1')
	} else {
		d.b.WriteByte('0')
	}
}

func (d *dumper) ctx(c ExprContext) {
	d.b.WriteString(c.String())
	d.b.WriteString("()")
}

func (d *dumper) stmts(list []Stmt) {
	d.b.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			d.sep()
		}
		d.stmt(s)
	}
	d.b.WriteByte(']')
}

func (d *dumper) exprs(list []Expr) {
	d.b.WriteByte('[')
	for i, e := range list {
		if i > 0 {
			d.sep()
		}
		d.expr(e)
	}
	d.b.WriteByte(']')
}

func (d *dumper) patterns(list []Pattern) {
	d.b.WriteByte('[')
	for i, p := range list {
		if i > 0 {
			d.sep()
		}
		d.pattern(p)
	}
	d.b.WriteByte(']')
}

func (d *dumper) idents(list []string) {
	d.b.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			d.sep()
		}
		d.ident(s)
	}
	d.b.WriteByte(']')
}

func (d *dumper) typeParams(list []TypeParam) {
	d.b.WriteByte('[')
	for i, tp := range list {
		if i > 0 {
			d.sep()
		}
		switch t := tp.(type) {
		case *TypeVar:
			d.open("TypeVar", &t.Pos)
			d.field("name")
			d.ident(t.Name)
			d.sep()
			d.field("bound")
			d.expr(t.Bound)
			d.sep()
			d.field("default_value")
			d.expr(t.DefaultValue)
		case *ParamSpec:
			d.open("ParamSpec", &t.Pos)
			d.field("name")
			d.ident(t.Name)
			d.sep()
			d.field("default_value")
			d.expr(t.DefaultValue)
		case *TypeVarTuple:
			d.open("TypeVarTuple", &t.Pos)
			d.field("name")
			d.ident(t.Name)
			d.sep()
			d.field("default_value")
			d.expr(t.DefaultValue)
		}
		d.close()
	}
	d.b.WriteByte(']')
}

func (d *dumper) keywords(list []*Keyword) {
	d.b.WriteByte('[')
	for i, k := range list {
		if i > 0 {
			d.sep()
		}
		d.open("keyword", &k.Pos)
		d.field("arg")
		d.optIdent(k.Arg)
		d.sep()
		d.field("value")
		d.expr(k.Value)
		d.close()
	}
	d.b.WriteByte(']')
}

func (d *dumper) aliases(list []*Alias) {
	d.b.WriteByte('[')
	for i, a := range list {
		if i > 0 {
			d.sep()
		}
		d.open("alias", &a.Pos)
		d.field("name")
		d.ident(a.Name)
		d.sep()
		d.field("asname")
		d.optIdent(a.Asname)
		d.close()
	}
	d.b.WriteByte(']')
}

func (d *dumper) arg(a *Arg) {
	if a == nil {
		d.b.WriteString("None")
		return
	}
	d.open("arg", &a.Pos)
	d.field("arg")
	d.ident(a.Arg)
	d.sep()
	d.field("annotation")
	d.expr(a.Annotation)
	d.close()
}

func (d *dumper) args(list []*Arg) {
	d.b.WriteByte('[')
	for i, a := range list {
		if i > 0 {
			d.sep()
		}
		d.arg(a)
	}
	d.b.WriteByte(']')
}

func (d *dumper) arguments(a *Arguments) {
	d.open("arguments", nil)
	d.field("posonlyargs")
	d.args(a.PosOnlyArgs)
	d.sep()
	d.field("args")
	d.args(a.Args)
	d.sep()
	d.field("vararg")
	d.arg(a.Vararg)
	d.sep()
	d.field("kwonlyargs")
	d.args(a.KwOnlyArgs)
	d.sep()
	d.field("kw_defaults")
	d.exprs(a.KwDefaults)
	d.sep()
	d.field("kwarg")
	d.arg(a.Kwarg)
	d.sep()
	d.field("defaults")
	d.exprs(a.Defaults)
	d.close()
}

func (d *dumper) comprehensions(list []*Comprehension) {
	d.b.WriteByte('[')
	for i, c := range list {
		if i > 0 {
			d.sep()
		}
		d.open("comprehension", nil)
		d.field("target")
		d.expr(c.Target)
		d.sep()
		d.field("iter")
		d.expr(c.Iter)
		d.sep()
		d.field("ifs")
		d.exprs(c.Ifs)
		d.sep()
		d.field("is_async")
		d.bool(c.IsAsync)
		d.close()
	}
	d.b.WriteByte(']')
}

func (d *dumper) body3(body, orelse []Stmt) {
	d.field("body")
	d.stmts(body)
	d.sep()
	d.field("orelse")
	d.stmts(orelse)
}

func (d *dumper) stmt(s Stmt) {
	switch n := s.(type) {
	case *FunctionDef:
		name := "FunctionDef"
		if n.Async {
			name = "AsyncFunctionDef"
		}
		d.open(name, &n.Pos)
		d.field("name")
		d.ident(n.Name)
		d.sep()
		d.field("args")
		d.arguments(n.Args)
		d.sep()
		d.field("body")
		d.stmts(n.Body)
		d.sep()
		d.field("decorator_list")
		d.exprs(n.DecoratorList)
		d.sep()
		d.field("returns")
		d.expr(n.Returns)
		d.sep()
		d.field("type_params")
		d.typeParams(n.TypeParams)
	case *ClassDef:
		d.open("ClassDef", &n.Pos)
		d.field("name")
		d.ident(n.Name)
		d.sep()
		d.field("bases")
		d.exprs(n.Bases)
		d.sep()
		d.field("keywords")
		d.keywords(n.Keywords)
		d.sep()
		d.field("body")
		d.stmts(n.Body)
		d.sep()
		d.field("decorator_list")
		d.exprs(n.DecoratorList)
		d.sep()
		d.field("type_params")
		d.typeParams(n.TypeParams)
	case *Return:
		d.open("Return", &n.Pos)
		d.field("value")
		d.expr(n.Value)
	case *Delete:
		d.open("Delete", &n.Pos)
		d.field("targets")
		d.exprs(n.Targets)
	case *Assign:
		d.open("Assign", &n.Pos)
		d.field("targets")
		d.exprs(n.Targets)
		d.sep()
		d.field("value")
		d.expr(n.Value)
	case *TypeAlias:
		d.open("TypeAlias", &n.Pos)
		d.field("name")
		d.expr(n.Name)
		d.sep()
		d.field("type_params")
		d.typeParams(n.TypeParams)
		d.sep()
		d.field("value")
		d.expr(n.Value)
	case *AugAssign:
		d.open("AugAssign", &n.Pos)
		d.field("target")
		d.expr(n.Target)
		d.sep()
		d.field("op")
		d.b.WriteString(n.Op.String() + "()")
		d.sep()
		d.field("value")
		d.expr(n.Value)
	case *AnnAssign:
		d.open("AnnAssign", &n.Pos)
		d.field("target")
		d.expr(n.Target)
		d.sep()
		d.field("annotation")
		d.expr(n.Annotation)
		d.sep()
		d.field("value")
		d.expr(n.Value)
		d.sep()
		d.field("simple")
		d.int(n.Simple)
	case *For:
		name := "For"
		if n.Async {
			name = "AsyncFor"
		}
		d.open(name, &n.Pos)
		d.field("target")
		d.expr(n.Target)
		d.sep()
		d.field("iter")
		d.expr(n.Iter)
		d.sep()
		d.body3(n.Body, n.Orelse)
	case *While:
		d.open("While", &n.Pos)
		d.field("test")
		d.expr(n.Test)
		d.sep()
		d.body3(n.Body, n.Orelse)
	case *If:
		d.open("If", &n.Pos)
		d.field("test")
		d.expr(n.Test)
		d.sep()
		d.body3(n.Body, n.Orelse)
	case *With:
		name := "With"
		if n.Async {
			name = "AsyncWith"
		}
		d.open(name, &n.Pos)
		d.field("items")
		d.b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				d.sep()
			}
			d.open("withitem", nil)
			d.field("context_expr")
			d.expr(it.ContextExpr)
			d.sep()
			d.field("optional_vars")
			d.expr(it.OptionalVars)
			d.close()
		}
		d.b.WriteByte(']')
		d.sep()
		d.field("body")
		d.stmts(n.Body)
	case *Match:
		d.open("Match", &n.Pos)
		d.field("subject")
		d.expr(n.Subject)
		d.sep()
		d.field("cases")
		d.b.WriteByte('[')
		for i, c := range n.Cases {
			if i > 0 {
				d.sep()
			}
			d.open("match_case", nil)
			d.field("pattern")
			d.pattern(c.Pattern)
			d.sep()
			d.field("guard")
			d.expr(c.Guard)
			d.sep()
			d.field("body")
			d.stmts(c.Body)
			d.close()
		}
		d.b.WriteByte(']')
	case *Raise:
		d.open("Raise", &n.Pos)
		d.field("exc")
		d.expr(n.Exc)
		d.sep()
		d.field("cause")
		d.expr(n.Cause)
	case *Try:
		name := "Try"
		if n.Star {
			name = "TryStar"
		}
		d.open(name, &n.Pos)
		d.field("body")
		d.stmts(n.Body)
		d.sep()
		d.field("handlers")
		d.b.WriteByte('[')
		for i, h := range n.Handlers {
			if i > 0 {
				d.sep()
			}
			d.open("ExceptHandler", &h.Pos)
			d.field("type")
			d.expr(h.Type)
			d.sep()
			d.field("name")
			d.optIdent(h.Name)
			d.sep()
			d.field("body")
			d.stmts(h.Body)
			d.close()
		}
		d.b.WriteByte(']')
		d.sep()
		d.field("orelse")
		d.stmts(n.Orelse)
		d.sep()
		d.field("finalbody")
		d.stmts(n.Finalbody)
	case *Assert:
		d.open("Assert", &n.Pos)
		d.field("test")
		d.expr(n.Test)
		d.sep()
		d.field("msg")
		d.expr(n.Msg)
	case *Import:
		d.open("Import", &n.Pos)
		d.field("names")
		d.aliases(n.Names)
	case *ImportFrom:
		d.open("ImportFrom", &n.Pos)
		d.field("module")
		d.optIdent(n.Module)
		d.sep()
		d.field("names")
		d.aliases(n.Names)
		d.sep()
		d.field("level")
		d.int(n.Level)
	case *Global:
		d.open("Global", &n.Pos)
		d.field("names")
		d.idents(n.Names)
	case *Nonlocal:
		d.open("Nonlocal", &n.Pos)
		d.field("names")
		d.idents(n.Names)
	case *ExprStmt:
		d.open("Expr", &n.Pos)
		d.field("value")
		d.expr(n.Value)
	case *Pass:
		d.open("Pass", &n.Pos)
	case *Break:
		d.open("Break", &n.Pos)
	case *Continue:
		d.open("Continue", &n.Pos)
	default:
		fmt.Fprintf(&d.b, "?%T(", s)
	}
	d.close()
}

func (d *dumper) expr(e Expr) {
	if e == nil {
		d.b.WriteString("None")
		return
	}
	switch n := e.(type) {
	case *BoolOp:
		d.open("BoolOp", &n.Pos)
		d.field("op")
		d.b.WriteString(n.Op.String() + "()")
		d.sep()
		d.field("values")
		d.exprs(n.Values)
	case *NamedExpr:
		d.open("NamedExpr", &n.Pos)
		d.field("target")
		d.expr(n.Target)
		d.sep()
		d.field("value")
		d.expr(n.Value)
	case *BinOp:
		d.open("BinOp", &n.Pos)
		d.field("left")
		d.expr(n.Left)
		d.sep()
		d.field("op")
		d.b.WriteString(n.Op.String() + "()")
		d.sep()
		d.field("right")
		d.expr(n.Right)
	case *UnaryOp:
		d.open("UnaryOp", &n.Pos)
		d.field("op")
		d.b.WriteString(n.Op.String() + "()")
		d.sep()
		d.field("operand")
		d.expr(n.Operand)
	case *Lambda:
		d.open("Lambda", &n.Pos)
		d.field("args")
		d.arguments(n.Args)
		d.sep()
		d.field("body")
		d.expr(n.Body)
	case *IfExp:
		d.open("IfExp", &n.Pos)
		d.field("test")
		d.expr(n.Test)
		d.sep()
		d.field("body")
		d.expr(n.Body)
		d.sep()
		d.field("orelse")
		d.expr(n.Orelse)
	case *Dict:
		d.open("Dict", &n.Pos)
		d.field("keys")
		d.exprs(n.Keys)
		d.sep()
		d.field("values")
		d.exprs(n.Values)
	case *Set:
		d.open("Set", &n.Pos)
		d.field("elts")
		d.exprs(n.Elts)
	case *ListComp:
		d.open("ListComp", &n.Pos)
		d.field("elt")
		d.expr(n.Elt)
		d.sep()
		d.field("generators")
		d.comprehensions(n.Generators)
	case *SetComp:
		d.open("SetComp", &n.Pos)
		d.field("elt")
		d.expr(n.Elt)
		d.sep()
		d.field("generators")
		d.comprehensions(n.Generators)
	case *DictComp:
		d.open("DictComp", &n.Pos)
		d.field("key")
		d.expr(n.Key)
		d.sep()
		d.field("value")
		d.expr(n.Value)
		d.sep()
		d.field("generators")
		d.comprehensions(n.Generators)
	case *GeneratorExp:
		d.open("GeneratorExp", &n.Pos)
		d.field("elt")
		d.expr(n.Elt)
		d.sep()
		d.field("generators")
		d.comprehensions(n.Generators)
	case *Await:
		d.open("Await", &n.Pos)
		d.field("value")
		d.expr(n.Value)
	case *Yield:
		d.open("Yield", &n.Pos)
		d.field("value")
		d.expr(n.Value)
	case *YieldFrom:
		d.open("YieldFrom", &n.Pos)
		d.field("value")
		d.expr(n.Value)
	case *Compare:
		d.open("Compare", &n.Pos)
		d.field("left")
		d.expr(n.Left)
		d.sep()
		d.field("ops")
		d.b.WriteByte('[')
		for i, op := range n.Ops {
			if i > 0 {
				d.sep()
			}
			d.b.WriteString(op.String() + "()")
		}
		d.b.WriteByte(']')
		d.sep()
		d.field("comparators")
		d.exprs(n.Comparators)
	case *Call:
		d.open("Call", &n.Pos)
		d.field("func")
		d.expr(n.Func)
		d.sep()
		d.field("args")
		d.exprs(n.Args)
		d.sep()
		d.field("keywords")
		d.keywords(n.Keywords)
	case *FormattedValue:
		d.open("FormattedValue", &n.Pos)
		d.field("value")
		d.expr(n.Value)
		d.sep()
		d.field("conversion")
		d.int(n.Conversion)
		d.sep()
		d.field("format_spec")
		d.expr(n.FormatSpec)
	case *JoinedStr:
		d.open("JoinedStr", &n.Pos)
		d.field("values")
		d.exprs(n.Values)
	case *Constant:
		d.open("Constant", &n.Pos)
		d.field("value")
		d.constant(n)
		d.sep()
		d.field("kind")
		if n.UPrefix {
			d.b.WriteString("'u'")
		} else {
			d.b.WriteString("None")
		}
	case *Attribute:
		d.open("Attribute", &n.Pos)
		d.field("value")
		d.expr(n.Value)
		d.sep()
		d.field("attr")
		d.ident(n.Attr)
		d.sep()
		d.field("ctx")
		d.ctx(n.Ctx)
	case *Subscript:
		d.open("Subscript", &n.Pos)
		d.field("value")
		d.expr(n.Value)
		d.sep()
		d.field("slice")
		d.expr(n.Slice)
		d.sep()
		d.field("ctx")
		d.ctx(n.Ctx)
	case *Starred:
		d.open("Starred", &n.Pos)
		d.field("value")
		d.expr(n.Value)
		d.sep()
		d.field("ctx")
		d.ctx(n.Ctx)
	case *Name:
		d.open("Name", &n.Pos)
		d.field("id")
		d.ident(n.ID)
		d.sep()
		d.field("ctx")
		d.ctx(n.Ctx)
	case *List:
		d.open("List", &n.Pos)
		d.field("elts")
		d.exprs(n.Elts)
		d.sep()
		d.field("ctx")
		d.ctx(n.Ctx)
	case *Tuple:
		d.open("Tuple", &n.Pos)
		d.field("elts")
		d.exprs(n.Elts)
		d.sep()
		d.field("ctx")
		d.ctx(n.Ctx)
	case *Slice:
		d.open("Slice", &n.Pos)
		d.field("lower")
		d.expr(n.Lower)
		d.sep()
		d.field("upper")
		d.expr(n.Upper)
		d.sep()
		d.field("step")
		d.expr(n.Step)
	default:
		fmt.Fprintf(&d.b, "?%T(", e)
	}
	d.close()
}

func (d *dumper) constant(n *Constant) {
	switch n.Kind {
	case ConstNone:
		d.b.WriteString("None")
	case ConstTrue:
		d.b.WriteString("True")
	case ConstFalse:
		d.b.WriteString("False")
	case ConstEllipsis:
		d.b.WriteString("...")
	case ConstInt:
		d.b.WriteString("int:")
		if n.BigInt != nil {
			d.b.WriteString(n.BigInt.String())
		} else {
			d.b.WriteString(strconv.FormatInt(n.Int, 10))
		}
	case ConstFloat:
		d.b.WriteString("float:")
		d.b.WriteString(strconv.FormatUint(math.Float64bits(n.Float), 16))
	case ConstComplex:
		d.b.WriteString("complex:")
		d.b.WriteString(strconv.FormatUint(math.Float64bits(n.Float), 16))
	case ConstStr:
		d.quoted("", n.Str)
	case ConstBytes:
		d.quoted("b", n.Str)
	}
}

func (d *dumper) quoted(prefix, s string) {
	const hexDigits = "0123456789abcdef"
	d.b.WriteString(prefix)
	d.b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '\\' && c != '\'' {
			d.b.WriteByte(c)
			continue
		}
		d.b.WriteString(`\x`)
		d.b.WriteByte(hexDigits[c>>4])
		d.b.WriteByte(hexDigits[c&15])
	}
	d.b.WriteByte('\'')
}

func (d *dumper) pattern(p Pattern) {
	if p == nil {
		d.b.WriteString("None")
		return
	}
	switch n := p.(type) {
	case *MatchValue:
		d.open("MatchValue", &n.Pos)
		d.field("value")
		d.expr(n.Value)
	case *MatchSingleton:
		d.open("MatchSingleton", &n.Pos)
		d.field("value")
		d.constant(&Constant{Kind: n.Value})
	case *MatchSequence:
		d.open("MatchSequence", &n.Pos)
		d.field("patterns")
		d.patterns(n.Patterns)
	case *MatchMapping:
		d.open("MatchMapping", &n.Pos)
		d.field("keys")
		d.exprs(n.Keys)
		d.sep()
		d.field("patterns")
		d.patterns(n.Patterns)
		d.sep()
		d.field("rest")
		d.optIdent(n.Rest)
	case *MatchClass:
		d.open("MatchClass", &n.Pos)
		d.field("cls")
		d.expr(n.Cls)
		d.sep()
		d.field("patterns")
		d.patterns(n.Patterns)
		d.sep()
		d.field("kwd_attrs")
		d.idents(n.KwdAttrs)
		d.sep()
		d.field("kwd_patterns")
		d.patterns(n.KwdPatterns)
	case *MatchStar:
		d.open("MatchStar", &n.Pos)
		d.field("name")
		d.optIdent(n.Name)
	case *MatchAs:
		d.open("MatchAs", &n.Pos)
		d.field("pattern")
		d.pattern(n.Pattern)
		d.sep()
		d.field("name")
		d.optIdent(n.Name)
	case *MatchOr:
		d.open("MatchOr", &n.Pos)
		d.field("patterns")
		d.patterns(n.Patterns)
	default:
		fmt.Fprintf(&d.b, "?%T(", p)
	}
	d.close()
}
