package pyparse

// tokKind is the class of a token.
type tokKind uint8

const (
	tEnd     tokKind = iota // ENDMARKER
	tNewline                // NEWLINE
	tIndent                 // INDENT
	tDedent                 // DEDENT
	tName                   // NAME (keywords included; see token.kw)
	tNumber                 // NUMBER
	tString                 // STRING
	tFStart                 // FSTRING_START
	tFMiddle                // FSTRING_MIDDLE
	tFEnd                   // FSTRING_END
	tOp                     // an operator or delimiter; see token.op
	tError                  // a tokenizer error; see lexer.err
)

// op identifies an operator or delimiter token.
type op uint8

const (
	opNone op = iota
	opLPar
	opRPar
	opLSqb
	opRSqb
	opColon
	opComma
	opSemi
	opPlus
	opMinus
	opStar
	opSlash
	opVBar
	opAmper
	opLess
	opGreater
	opEqual
	opDot
	opPercent
	opLBrace
	opRBrace
	opEqEqual
	opNotEqual
	opLessEqual
	opGreaterEqual
	opTilde
	opCircumflex
	opLeftShift
	opRightShift
	opDoubleStar
	opPlusEqual
	opMinEqual
	opStarEqual
	opSlashEqual
	opPercentEqual
	opAmperEqual
	opVBarEqual
	opCircumflexEqual
	opLeftShiftEqual
	opRightShiftEqual
	opDoubleStarEqual
	opDoubleSlash
	opDoubleSlashEqual
	opAt
	opAtEqual
	opRArrow
	opEllipsis
	opColonEqual
	opExclamation
	opOther // any other character: always a syntax error for the parser
)

// kw identifies a keyword or soft keyword spelled by a NAME token.
type kw uint8

const (
	kwNone kw = iota
	kwFalse
	kwNoneLit
	kwTrue
	kwAnd
	kwAs
	kwAssert
	kwAsync
	kwAwait
	kwBreak
	kwClass
	kwContinue
	kwDef
	kwDel
	kwElif
	kwElse
	kwExcept
	kwFinally
	kwFor
	kwFrom
	kwGlobal
	kwIf
	kwImport
	kwIn
	kwIs
	kwLambda
	kwNonlocal
	kwNot
	kwOr
	kwPass
	kwRaise
	kwReturn
	kwTry
	kwWhile
	kwWith
	kwYield
	// soft keywords: only keywords in some positions
	kwMatch
	kwCase
	kwType
	kwUnderscore
)

// firstSoftKeyword marks where the soft keywords start in the kw list.
const firstSoftKeyword = kwMatch

var keywords = map[string]kw{
	"False": kwFalse, "None": kwNoneLit, "True": kwTrue, "and": kwAnd, "as": kwAs,
	"assert": kwAssert, "async": kwAsync, "await": kwAwait, "break": kwBreak,
	"class": kwClass, "continue": kwContinue, "def": kwDef, "del": kwDel,
	"elif": kwElif, "else": kwElse, "except": kwExcept, "finally": kwFinally,
	"for": kwFor, "from": kwFrom, "global": kwGlobal, "if": kwIf, "import": kwImport,
	"in": kwIn, "is": kwIs, "lambda": kwLambda, "nonlocal": kwNonlocal, "not": kwNot,
	"or": kwOr, "pass": kwPass, "raise": kwRaise, "return": kwReturn, "try": kwTry,
	"while": kwWhile, "with": kwWith, "yield": kwYield,
	"match": kwMatch, "case": kwCase, "type": kwType, "_": kwUnderscore,
}

// token is one lexical token. Positions follow CPython: line 1-based,
// columns are byte offsets within the line.
type token struct {
	kind    tokKind
	op      op
	kw      kw
	start   int // byte offset of the first byte
	end     int // byte offset just past the token
	line    int
	col     int
	endLine int
	endCol  int
	// val is the text of a token whose value differs from its source span:
	// an FSTRING_MIDDLE with a doubled brace, a normalised identifier.
	val string
	// meta is the source text of an f-string replacement field's
	// expression, attached to the token that ends it (used by `=`).
	meta string
	// hasMeta tells whether meta was set (it may legitimately be empty).
	hasMeta bool
}

// isHardKeyword reports whether the NAME token is a reserved word.
func (t *token) isHardKeyword() bool {
	return t.kind == tName && t.kw != kwNone && t.kw < firstSoftKeyword
}

// isOp reports whether the token is the operator o.
func (t *token) isOp(o op) bool { return t.kind == tOp && t.op == o }
