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

// lookupKeyword returns the keyword a NAME spells, or kwNone.
func lookupKeyword(s string) kw {
	if len(s) < 2 || len(s) > 8 {
		if s == "_" {
			return kwUnderscore
		}
		return kwNone
	}
	switch s {
	case "False":
		return kwFalse
	case "None":
		return kwNoneLit
	case "True":
		return kwTrue
	case "and":
		return kwAnd
	case "as":
		return kwAs
	case "assert":
		return kwAssert
	case "async":
		return kwAsync
	case "await":
		return kwAwait
	case "break":
		return kwBreak
	case "class":
		return kwClass
	case "continue":
		return kwContinue
	case "def":
		return kwDef
	case "del":
		return kwDel
	case "elif":
		return kwElif
	case "else":
		return kwElse
	case "except":
		return kwExcept
	case "finally":
		return kwFinally
	case "for":
		return kwFor
	case "from":
		return kwFrom
	case "global":
		return kwGlobal
	case "if":
		return kwIf
	case "import":
		return kwImport
	case "in":
		return kwIn
	case "is":
		return kwIs
	case "lambda":
		return kwLambda
	case "nonlocal":
		return kwNonlocal
	case "not":
		return kwNot
	case "or":
		return kwOr
	case "pass":
		return kwPass
	case "raise":
		return kwRaise
	case "return":
		return kwReturn
	case "try":
		return kwTry
	case "while":
		return kwWhile
	case "with":
		return kwWith
	case "yield":
		return kwYield
	case "match":
		return kwMatch
	case "case":
		return kwCase
	case "type":
		return kwType
	}
	return kwNone
}

// token is one lexical token. Positions follow CPython: line 1-based,
// columns are byte offsets within the line. The struct is kept small: a
// file has about one token for every five bytes.
type token struct {
	kind tokKind
	op   op
	kw   kw
	// start and end are the byte offsets of the token's text.
	start, end int32
	line, col  int32
	endLine    int32
	endCol     int32
	// val is (1-based) the index in the lexer's string table of a value
	// that differs from the source text: an FSTRING_MIDDLE with a doubled
	// brace, a normalised identifier. 0 means none.
	val int32
	// meta indexes the source text of an f-string replacement field's
	// expression, attached to the token that ends it (used by `=`).
	meta int32
}

// isHardKeyword reports whether the NAME token is a reserved word.
func (t *token) isHardKeyword() bool {
	return t.kind == tName && t.kw != kwNone && t.kw < firstSoftKeyword
}

// isOp reports whether the token is the operator o.
func (t *token) isOp(o op) bool { return t.kind == tOp && t.op == o }
