package pyvalue

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Equal is Python's `a == b` for plain data. known is false when either side
// is Unknown or an object the model cannot compare.
func Equal(a, b Value) (eq, known bool) {
	if a.kind == KindUnknown || b.kind == KindUnknown {
		return false, false
	}
	if isNumber(a) && isNumber(b) {
		return numEqual(a, b), true
	}
	switch a.kind {
	case KindNone, KindEllipsis:
		return a.kind == b.kind, true
	case KindStr, KindBytes:
		return a.kind == b.kind && a.s == b.s, true
	case KindList, KindTuple:
		if a.kind != b.kind {
			return false, true
		}
		ae, be := a.ref.(*List).Elems, b.ref.(*List).Elems
		if len(ae) != len(be) {
			return false, true
		}
		for i := range ae {
			eq, known := Equal(ae[i], be[i])
			if !known || !eq {
				return eq, known
			}
		}
		return true, true
	case KindDict:
		if b.kind != KindDict {
			return false, true
		}
		ad, bd := a.ref.(*Dict), b.ref.(*Dict)
		if ad.Len() != bd.Len() {
			return false, true
		}
		for i, k := range ad.keys {
			bv, ok, h := bd.Get(k)
			if !h {
				return false, false
			}
			if !ok {
				return false, true
			}
			eq, known := Equal(ad.vals[i], bv)
			if !known || !eq {
				return eq, known
			}
		}
		return true, true
	case KindSet, KindFrozenSet:
		if b.kind != KindSet && b.kind != KindFrozenSet {
			return false, true
		}
		as, bs := a.ref.(*Set), b.ref.(*Set)
		if as.Len() != bs.Len() {
			return false, true
		}
		for _, k := range as.keys {
			if _, ok := bs.index[k]; !ok {
				return false, true
			}
		}
		return true, true
	case KindObject:
		if b.kind != KindObject {
			return false, true
		}
		if a.ref == b.ref {
			return true, true
		}
		if e, ok := a.ref.(interface{ Equal(Object) (bool, bool) }); ok {
			return e.Equal(b.ref.(Object))
		}
		return false, false
	}
	return false, true
}

func isNumber(v Value) bool {
	return v.kind == KindBool || v.kind == KindInt || v.kind == KindFloat || v.kind == KindComplex
}

func numEqual(a, b Value) bool {
	if a.kind == KindComplex || b.kind == KindComplex {
		ai, bi := 0.0, 0.0
		if a.kind == KindComplex {
			ai = a.f
		}
		if b.kind == KindComplex {
			bi = b.f
		}
		if ai != bi {
			return false
		}
		if a.kind == KindComplex && b.kind == KindComplex {
			return true
		}
		// the real part of a complex literal is 0
		other := a
		if a.kind == KindComplex {
			other = b
		}
		z := Int(0)
		return numEqual(other, z)
	}
	if a.kind == KindFloat || b.kind == KindFloat {
		af, aok := toFloatExact(a)
		bf, bok := toFloatExact(b)
		if aok && bok {
			return af.Cmp(bf) == 0
		}
		return false
	}
	ab, _ := a.AsBigInt()
	bb, _ := b.AsBigInt()
	return ab.Cmp(bb) == 0
}

func toFloatExact(v Value) (*big.Float, bool) {
	if v.kind == KindFloat {
		if math.IsNaN(v.f) || math.IsInf(v.f, 0) {
			return nil, false
		}
		return new(big.Float).SetFloat64(v.f), true
	}
	b, _ := v.AsBigInt()
	return new(big.Float).SetInt(b), true
}

// Repr is Python's repr(v), close enough for messages (floats use the
// shortest round-trip form, strings single quotes).
func Repr(v Value) string {
	var b strings.Builder
	writeRepr(&b, v, 0)
	return b.String()
}

func writeRepr(b *strings.Builder, v Value, depth int) {
	if depth > 20 {
		b.WriteString("...")
		return
	}
	switch v.kind {
	case KindNone:
		b.WriteString("None")
	case KindBool:
		if v.i != 0 {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case KindInt:
		if v.big != nil {
			b.WriteString(v.big.String())
		} else {
			b.WriteString(strconv.FormatInt(v.i, 10))
		}
	case KindFloat:
		b.WriteString(FormatFloat(v.f))
	case KindComplex:
		b.WriteString(FormatFloat(v.f))
		b.WriteString("j")
	case KindStr:
		b.WriteString(QuoteStr(v.s))
	case KindBytes:
		b.WriteByte('b')
		b.WriteString(quoteBytes(v.s))
	case KindList, KindTuple:
		open, close := "[", "]"
		if v.kind == KindTuple {
			open, close = "(", ")"
		}
		b.WriteString(open)
		elems := v.ref.(*List).Elems
		for i, e := range elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e, depth+1)
		}
		if v.kind == KindTuple && len(elems) == 1 {
			b.WriteByte(',')
		}
		b.WriteString(close)
	case KindDict:
		d := v.ref.(*Dict)
		b.WriteByte('{')
		for i, k := range d.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, k, depth+1)
			b.WriteString(": ")
			writeRepr(b, d.vals[i], depth+1)
		}
		b.WriteByte('}')
	case KindSet, KindFrozenSet:
		s := v.ref.(*Set)
		if s.Len() == 0 {
			b.WriteString(v.kind.String() + "()")
			return
		}
		if v.kind == KindFrozenSet {
			b.WriteString("frozenset(")
		}
		b.WriteByte('{')
		for i, e := range s.elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e, depth+1)
		}
		b.WriteByte('}')
		if v.kind == KindFrozenSet {
			b.WriteByte(')')
		}
	case KindEllipsis:
		b.WriteString("Ellipsis")
	case KindObject:
		if r, ok := v.ref.(interface{ Repr() string }); ok {
			b.WriteString(r.Repr())
		} else {
			b.WriteString("<" + v.ref.(Object).TypeName() + " object>")
		}
	case KindUnknown:
		b.WriteString("<unknown: " + v.s + ">")
	}
}

// FormatFloat formats a float like Python's repr.
func FormatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'r', -1, 64)
	_ = s
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s = strconv.FormatFloat(f, 'e', -1, 64)
		// Python writes 1e+16, 1e-05: at least two exponent digits.
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		digits := strings.TrimLeft(exp[1:], "0")
		if len(digits) < 2 {
			digits = strings.Repeat("0", 2-len(digits)) + digits
		}
		return mant + "e" + string(sign) + digits
	}
	s = strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// QuoteStr renders a str the way Python's repr does.
func QuoteStr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := s[i]
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f:
			b.WriteString(`\x` + strconv.FormatInt(int64(c)|0x100, 16)[1:])
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatInt(int64(c)|0x100, 16)[1:])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte(quote)
	return b.String()
}

func quoteBytes(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(`\x` + strconv.FormatInt(int64(c)|0x100, 16)[1:])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
