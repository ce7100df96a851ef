// Package pyast holds the syntax tree of a Python 3.13 module.
//
// The node types mirror CPython's ast module (Parser/Python.asdl) one for
// one, with the same fields in the same order, so that a tree can be compared
// with CPython's ast.dump field by field. Positions follow CPython too: lines
// are 1-based, columns are 0-based byte offsets into the UTF-8 text of the
// line. Fields CPython only fills when asked for type comments
// (type_comment, type_ignores) are left out: ast.parse leaves them empty.
package pyast

import "math/big"

// Pos is the source span of a node: from (Line, Col) up to, but not
// including, (EndLine, EndCol).
type Pos struct {
	Line, Col, EndLine, EndCol int
}

// Span returns the position itself; it lets any node that embeds Pos report
// where it is.
func (p *Pos) Span() Pos { return *p }

// Node is any syntax tree node that has a position.
type Node interface {
	Span() Pos
}

// Module is a parsed source file.
type Module struct {
	Body []Stmt
}

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Pattern is a pattern of a match statement's case.
type Pattern interface {
	Node
	patternNode()
}

// TypeParam is a PEP 695 type parameter (TypeVar, ParamSpec, TypeVarTuple).
type TypeParam interface {
	Node
	typeParamNode()
}

// ExprContext says whether an expression is read, assigned or deleted.
type ExprContext uint8

// Expression contexts.
const (
	Load ExprContext = iota
	Store
	Del
)

var ctxNames = [...]string{"Load", "Store", "Del"}

func (c ExprContext) String() string { return ctxNames[c] }

// BoolOpKind is `and` or `or`.
type BoolOpKind uint8

// Boolean operators.
const (
	And BoolOpKind = iota
	Or
)

var boolOpNames = [...]string{"And", "Or"}

func (o BoolOpKind) String() string { return boolOpNames[o] }

// Operator is a binary arithmetic or bitwise operator.
type Operator uint8

// Binary operators, in the order of Python.asdl.
const (
	Add Operator = iota
	Sub
	Mult
	MatMult
	Div
	Mod
	Pow
	LShift
	RShift
	BitOr
	BitXor
	BitAnd
	FloorDiv
)

var operatorNames = [...]string{"Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow",
	"LShift", "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv"}

func (o Operator) String() string { return operatorNames[o] }

// UnaryOpKind is a unary operator.
type UnaryOpKind uint8

// Unary operators.
const (
	Invert UnaryOpKind = iota
	Not
	UAdd
	USub
)

var unaryOpNames = [...]string{"Invert", "Not", "UAdd", "USub"}

func (o UnaryOpKind) String() string { return unaryOpNames[o] }

// CmpOp is a comparison operator.
type CmpOp uint8

// Comparison operators.
const (
	Eq CmpOp = iota
	NotEq
	Lt
	LtE
	Gt
	GtE
	Is
	IsNot
	In
	NotIn
)

var cmpOpNames = [...]string{"Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn"}

func (o CmpOp) String() string { return cmpOpNames[o] }

// ---- statements ----

// FunctionDef is `def` (or `async def` when Async is set; CPython's
// AsyncFunctionDef).
type FunctionDef struct {
	Pos
	Async         bool
	Name          string
	Args          *Arguments
	Body          []Stmt
	DecoratorList []Expr
	Returns       Expr // may be nil
	TypeParams    []TypeParam
}

// ClassDef is `class`.
type ClassDef struct {
	Pos
	Name          string
	Bases         []Expr
	Keywords      []*Keyword
	Body          []Stmt
	DecoratorList []Expr
	TypeParams    []TypeParam
}

// Return is `return [value]`.
type Return struct {
	Pos
	Value Expr // may be nil
}

// Delete is `del targets`.
type Delete struct {
	Pos
	Targets []Expr
}

// Assign is `t1 = t2 = value`.
type Assign struct {
	Pos
	Targets []Expr
	Value   Expr
}

// TypeAlias is `type Name[params] = value`.
type TypeAlias struct {
	Pos
	Name       Expr
	TypeParams []TypeParam
	Value      Expr
}

// AugAssign is `target op= value`.
type AugAssign struct {
	Pos
	Target Expr
	Op     Operator
	Value  Expr
}

// AnnAssign is `target: annotation [= value]`. Simple is 1 when the target is
// a plain name that was not in parentheses.
type AnnAssign struct {
	Pos
	Target     Expr
	Annotation Expr
	Value      Expr // may be nil
	Simple     int
}

// For is `for` (or `async for`).
type For struct {
	Pos
	Async  bool
	Target Expr
	Iter   Expr
	Body   []Stmt
	Orelse []Stmt
}

// While is `while test: body else: orelse`.
type While struct {
	Pos
	Test   Expr
	Body   []Stmt
	Orelse []Stmt
}

// If is `if test: body` with elif/else folded into Orelse.
type If struct {
	Pos
	Test   Expr
	Body   []Stmt
	Orelse []Stmt
}

// With is `with` (or `async with`).
type With struct {
	Pos
	Async bool
	Items []*WithItem
	Body  []Stmt
}

// Match is `match subject:` with its cases.
type Match struct {
	Pos
	Subject Expr
	Cases   []*MatchCase
}

// Raise is `raise [exc [from cause]]`.
type Raise struct {
	Pos
	Exc   Expr // may be nil
	Cause Expr // may be nil
}

// Try is `try` with `except` (or `except*` when Star is set; CPython's
// TryStar), `else` and `finally`.
type Try struct {
	Pos
	Star      bool
	Body      []Stmt
	Handlers  []*ExceptHandler
	Orelse    []Stmt
	Finalbody []Stmt
}

// Assert is `assert test[, msg]`.
type Assert struct {
	Pos
	Test Expr
	Msg  Expr // may be nil
}

// Import is `import a.b as c, d`.
type Import struct {
	Pos
	Names []*Alias
}

// ImportFrom is `from [.]module import names`. Module is empty for
// `from . import x`; Level counts the leading dots.
type ImportFrom struct {
	Pos
	Module string
	Names  []*Alias
	Level  int
}

// Global is `global names`.
type Global struct {
	Pos
	Names []string
}

// Nonlocal is `nonlocal names`.
type Nonlocal struct {
	Pos
	Names []string
}

// ExprStmt is an expression used as a statement (CPython's Expr).
type ExprStmt struct {
	Pos
	Value Expr
}

// Pass is `pass`.
type Pass struct{ Pos }

// Break is `break`.
type Break struct{ Pos }

// Continue is `continue`.
type Continue struct{ Pos }

func (*FunctionDef) stmtNode() {}
func (*ClassDef) stmtNode()    {}
func (*Return) stmtNode()      {}
func (*Delete) stmtNode()      {}
func (*Assign) stmtNode()      {}
func (*TypeAlias) stmtNode()   {}
func (*AugAssign) stmtNode()   {}
func (*AnnAssign) stmtNode()   {}
func (*For) stmtNode()         {}
func (*While) stmtNode()       {}
func (*If) stmtNode()          {}
func (*With) stmtNode()        {}
func (*Match) stmtNode()       {}
func (*Raise) stmtNode()       {}
func (*Try) stmtNode()         {}
func (*Assert) stmtNode()      {}
func (*Import) stmtNode()      {}
func (*ImportFrom) stmtNode()  {}
func (*Global) stmtNode()      {}
func (*Nonlocal) stmtNode()    {}
func (*ExprStmt) stmtNode()    {}
func (*Pass) stmtNode()        {}
func (*Break) stmtNode()       {}
func (*Continue) stmtNode()    {}

// ---- expressions ----

// BoolOp is `a and b and c` (all operands of one operator in Values).
type BoolOp struct {
	Pos
	Op     BoolOpKind
	Values []Expr
}

// NamedExpr is `target := value`.
type NamedExpr struct {
	Pos
	Target Expr
	Value  Expr
}

// BinOp is `left op right`.
type BinOp struct {
	Pos
	Left  Expr
	Op    Operator
	Right Expr
}

// UnaryOp is `op operand`.
type UnaryOp struct {
	Pos
	Op      UnaryOpKind
	Operand Expr
}

// Lambda is `lambda args: body`.
type Lambda struct {
	Pos
	Args *Arguments
	Body Expr
}

// IfExp is `body if test else orelse`.
type IfExp struct {
	Pos
	Test   Expr
	Body   Expr
	Orelse Expr
}

// Dict is a dict display. A nil key marks `**value` unpacking.
type Dict struct {
	Pos
	Keys   []Expr
	Values []Expr
}

// Set is a set display.
type Set struct {
	Pos
	Elts []Expr
}

// ListComp is `[elt for ...]`.
type ListComp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}

// SetComp is `{elt for ...}`.
type SetComp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}

// DictComp is `{key: value for ...}`.
type DictComp struct {
	Pos
	Key        Expr
	Value      Expr
	Generators []*Comprehension
}

// GeneratorExp is `(elt for ...)`.
type GeneratorExp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}

// Await is `await value`.
type Await struct {
	Pos
	Value Expr
}

// Yield is `yield [value]`.
type Yield struct {
	Pos
	Value Expr // may be nil
}

// YieldFrom is `yield from value`.
type YieldFrom struct {
	Pos
	Value Expr
}

// Compare is `left op1 c1 op2 c2 ...`.
type Compare struct {
	Pos
	Left        Expr
	Ops         []CmpOp
	Comparators []Expr
}

// Call is `func(args, keywords)`.
type Call struct {
	Pos
	Func     Expr
	Args     []Expr
	Keywords []*Keyword
}

// FormattedValue is one `{value!conversion:format_spec}` field of an
// f-string. Conversion is -1 (none) or the code of 's', 'r' or 'a'.
type FormattedValue struct {
	Pos
	Value      Expr
	Conversion int
	FormatSpec Expr // a *JoinedStr, or nil
}

// JoinedStr is an f-string: literal parts (*Constant) and fields
// (*FormattedValue).
type JoinedStr struct {
	Pos
	Values []Expr
}

// ConstKind tells which Python type a Constant holds.
type ConstKind uint8

// Kinds of constants.
const (
	ConstNone ConstKind = iota
	ConstTrue
	ConstFalse
	ConstEllipsis
	ConstInt
	ConstFloat
	ConstComplex
	ConstStr
	ConstBytes
)

// Constant is a literal value.
//
// Str holds a str value as UTF-8, with lone surrogates written as their
// three-byte generalized UTF-8 form (WTF-8), or the raw bytes of a bytes
// value. Int holds an int that fits in 64 bits; BigInt (non-nil) one that
// does not. Float holds a float, or the imaginary part of a complex.
// UPrefix is set for a string written with the `u` prefix (CPython's
// kind='u').
type Constant struct {
	Pos
	Kind    ConstKind
	Str     string
	Int     int64
	BigInt  *big.Int
	Float   float64
	UPrefix bool
}

// Attribute is `value.attr`.
type Attribute struct {
	Pos
	Value Expr
	Attr  string
	Ctx   ExprContext
}

// Subscript is `value[slice]`.
type Subscript struct {
	Pos
	Value Expr
	Slice Expr
	Ctx   ExprContext
}

// Starred is `*value`.
type Starred struct {
	Pos
	Value Expr
	Ctx   ExprContext
}

// Name is an identifier.
type Name struct {
	Pos
	ID  string
	Ctx ExprContext
}

// List is a list display or target.
type List struct {
	Pos
	Elts []Expr
	Ctx  ExprContext
}

// Tuple is a tuple display or target.
type Tuple struct {
	Pos
	Elts []Expr
	Ctx  ExprContext
}

// Slice is `lower:upper:step` inside a subscript.
type Slice struct {
	Pos
	Lower Expr // may be nil
	Upper Expr // may be nil
	Step  Expr // may be nil
}

func (*BoolOp) exprNode()         {}
func (*NamedExpr) exprNode()      {}
func (*BinOp) exprNode()          {}
func (*UnaryOp) exprNode()        {}
func (*Lambda) exprNode()         {}
func (*IfExp) exprNode()          {}
func (*Dict) exprNode()           {}
func (*Set) exprNode()            {}
func (*ListComp) exprNode()       {}
func (*SetComp) exprNode()        {}
func (*DictComp) exprNode()       {}
func (*GeneratorExp) exprNode()   {}
func (*Await) exprNode()          {}
func (*Yield) exprNode()          {}
func (*YieldFrom) exprNode()      {}
func (*Compare) exprNode()        {}
func (*Call) exprNode()           {}
func (*FormattedValue) exprNode() {}
func (*JoinedStr) exprNode()      {}
func (*Constant) exprNode()       {}
func (*Attribute) exprNode()      {}
func (*Subscript) exprNode()      {}
func (*Starred) exprNode()        {}
func (*Name) exprNode()           {}
func (*List) exprNode()           {}
func (*Tuple) exprNode()          {}
func (*Slice) exprNode()          {}

// ---- helper nodes ----

// Comprehension is one `[async] for target in iter [if cond]...` clause.
// It has no position of its own (as in CPython).
type Comprehension struct {
	Target  Expr
	Iter    Expr
	Ifs     []Expr
	IsAsync bool
}

// ExceptHandler is one `except [type [as name]]:` clause.
type ExceptHandler struct {
	Pos
	Type Expr   // may be nil
	Name string // empty when there is no `as`
	Body []Stmt
}

// Arguments is the parameter list of a def or lambda. KwDefaults has one
// entry per KwOnlyArgs entry, nil where there is no default. It has no
// position of its own.
type Arguments struct {
	PosOnlyArgs []*Arg
	Args        []*Arg
	Vararg      *Arg
	KwOnlyArgs  []*Arg
	KwDefaults  []Expr
	Kwarg       *Arg
	Defaults    []Expr
}

// Arg is one parameter.
type Arg struct {
	Pos
	Arg        string
	Annotation Expr // may be nil
}

// Keyword is `arg=value` in a call or class bases; Arg is empty for
// `**value`.
type Keyword struct {
	Pos
	Arg   string
	Value Expr
}

// Alias is `name [as asname]` in an import.
type Alias struct {
	Pos
	Name   string
	Asname string
}

// WithItem is `context_expr [as optional_vars]`. It has no position.
type WithItem struct {
	ContextExpr  Expr
	OptionalVars Expr // may be nil
}

// MatchCase is `case pattern [if guard]: body`. It has no position.
type MatchCase struct {
	Pattern Pattern
	Guard   Expr // may be nil
	Body    []Stmt
}

// ---- patterns ----

// MatchValue matches a value pattern (literal or dotted name).
type MatchValue struct {
	Pos
	Value Expr
}

// MatchSingleton matches None, True or False (Value is ConstNone,
// ConstTrue or ConstFalse).
type MatchSingleton struct {
	Pos
	Value ConstKind
}

// MatchSequence is `[p1, p2, *rest]` or `(p1, p2)`.
type MatchSequence struct {
	Pos
	Patterns []Pattern
}

// MatchMapping is `{key: pattern, **rest}` (Rest empty when there is no
// `**rest`).
type MatchMapping struct {
	Pos
	Keys     []Expr
	Patterns []Pattern
	Rest     string
}

// MatchClass is `Cls(p1, attr=p2)`.
type MatchClass struct {
	Pos
	Cls         Expr
	Patterns    []Pattern
	KwdAttrs    []string
	KwdPatterns []Pattern
}

// MatchStar is `*name` (Name empty for `*_`).
type MatchStar struct {
	Pos
	Name string
}

// MatchAs is `pattern as name`, a capture `name`, or the wildcard `_`
// (Pattern nil, Name empty).
type MatchAs struct {
	Pos
	Pattern Pattern // may be nil
	Name    string
}

// MatchOr is `p1 | p2 | ...`.
type MatchOr struct {
	Pos
	Patterns []Pattern
}

func (*MatchValue) patternNode()     {}
func (*MatchSingleton) patternNode() {}
func (*MatchSequence) patternNode()  {}
func (*MatchMapping) patternNode()   {}
func (*MatchClass) patternNode()     {}
func (*MatchStar) patternNode()      {}
func (*MatchAs) patternNode()        {}
func (*MatchOr) patternNode()        {}

// ---- type parameters ----

// TypeVar is `T`, `T: bound` or `T = default`.
type TypeVar struct {
	Pos
	Name         string
	Bound        Expr // may be nil
	DefaultValue Expr // may be nil
}

// ParamSpec is `**P`.
type ParamSpec struct {
	Pos
	Name         string
	DefaultValue Expr // may be nil
}

// TypeVarTuple is `*Ts`.
type TypeVarTuple struct {
	Pos
	Name         string
	DefaultValue Expr // may be nil
}

func (*TypeVar) typeParamNode()      {}
func (*ParamSpec) typeParamNode()    {}
func (*TypeVarTuple) typeParamNode() {}
