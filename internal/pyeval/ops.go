package pyeval

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// attrObject is a modelled object with attributes.
type attrObject interface {
	attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool)
}

// itemObject is a modelled object that supports obj[key].
type itemObject interface {
	item(in *Interp, fr *frame, key v.Value, pos pyast.Pos) v.Value
}

// iterObject is a modelled iterable.
type iterObject interface {
	items(in *Interp) ([]v.Value, bool)
}

// callObject is a modelled callable.
type callObject interface {
	callWith(in *Interp, fr *frame, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value
}

// binopObject is a modelled object with its own binary operators (the
// left operand); ok is false when it does not support op with other.
type binopObject interface {
	binop(in *Interp, fr *frame, op pyast.Operator, other v.Value, pos pyast.Pos) (v.Value, bool)
}

// setAttrObject is a modelled object whose attributes can be assigned.
type setAttrObject interface {
	setAttr(in *Interp, name string, val v.Value)
}

func (in *Interp) checkSize(n int, pos pyast.Pos, file string) {
	if n > in.lim.Container {
		panic(&boundError{what: fmt.Sprintf("a container with more than %d elements", in.lim.Container), pos: pos, file: file})
	}
}

func (in *Interp) checkStr(n int, pos pyast.Pos, file string) {
	if n > in.lim.StrLen {
		panic(&boundError{what: fmt.Sprintf("a string longer than %d bytes", in.lim.StrLen), pos: pos, file: file})
	}
}

func (in *Interp) checkBits(bits int, pos pyast.Pos, file string) {
	if bits > in.lim.IntBits {
		panic(&boundError{what: fmt.Sprintf("an integer of more than %d bits", in.lim.IntBits), pos: pos, file: file})
	}
}

func isInt(x v.Value) bool { return x.Kind() == v.KindInt || x.Kind() == v.KindBool }
func isNum(x v.Value) bool { return isInt(x) || x.Kind() == v.KindFloat }
func toF(x v.Value) float64 {
	if f, ok := x.AsFloat(); ok {
		return f
	}
	b, _ := x.AsBigInt()
	f, _ := new(big.Float).SetInt(b).Float64()
	return f
}

func unknownOf(reason string, operands ...v.Value) v.Value {
	for _, o := range operands {
		if o.IsUnknown() {
			return v.Unknown(o.UnknownReason()).WithEnvFrom(operands...)
		}
	}
	return v.Unknown(reason).WithEnvFrom(operands...)
}

var opSymbols = map[pyast.Operator]string{
	pyast.Add: "+", pyast.Sub: "-", pyast.Mult: "*", pyast.MatMult: "@", pyast.Div: "/",
	pyast.Mod: "%", pyast.Pow: "**", pyast.LShift: "<<", pyast.RShift: ">>", pyast.BitOr: "|",
	pyast.BitXor: "^", pyast.BitAnd: "&", pyast.FloorDiv: "//",
}

// binop evaluates `a op b`.
func (in *Interp) binop(fr *frame, a v.Value, op pyast.Operator, b v.Value, pos pyast.Pos) v.Value {
	if a.IsUnknown() || b.IsUnknown() {
		return unknownOf("", a, b)
	}
	res, ok := in.binopPlain(fr, a, op, b, pos)
	if !ok {
		if o, isObj := a.AsObject(); isObj {
			if bo, has := o.(binopObject); has {
				if r, done := bo.binop(in, fr, op, b, pos); done {
					return r.WithEnvFrom(a, b)
				}
			}
			return unknownOf("operator on an object the model does not know", a, b)
		}
		if _, isObj := b.AsObject(); isObj {
			return unknownOf("operator on an object the model does not know", a, b)
		}
		in.raise("TypeError", pos, fr.file, "unsupported operand type(s) for %s: '%s' and '%s'", opSymbols[op], a.TypeName(), b.TypeName())
	}
	return res.WithEnvFrom(a, b)
}

func (in *Interp) binopPlain(fr *frame, a v.Value, op pyast.Operator, b v.Value, pos pyast.Pos) (v.Value, bool) {
	if isNum(a) && isNum(b) {
		return in.arith(fr, a, op, b, pos), true
	}
	ak, bk := a.Kind(), b.Kind()
	switch op {
	case pyast.Add:
		switch {
		case ak == v.KindStr && bk == v.KindStr, ak == v.KindBytes && bk == v.KindBytes:
			as, bs := rawStr(a), rawStr(b)
			in.checkStr(len(as)+len(bs), pos, fr.file)
			if ak == v.KindStr {
				return v.Str(as + bs), true
			}
			return v.Bytes(as + bs), true
		case ak == bk && (ak == v.KindList || ak == v.KindTuple):
			ae, _ := a.Elems()
			be, _ := b.Elems()
			in.checkSize(len(ae)+len(be), pos, fr.file)
			out := make([]v.Value, 0, len(ae)+len(be))
			out = append(append(out, ae...), be...)
			if ak == v.KindList {
				return v.NewList(out), true
			}
			return v.NewTuple(out), true
		}
	case pyast.Mult:
		if isInt(b) && (ak == v.KindStr || ak == v.KindBytes || ak == v.KindList || ak == v.KindTuple) {
			return in.repeat(fr, a, b, pos), true
		}
		if isInt(a) && (bk == v.KindStr || bk == v.KindBytes || bk == v.KindList || bk == v.KindTuple) {
			return in.repeat(fr, b, a, pos), true
		}
	case pyast.Mod:
		if ak == v.KindStr || ak == v.KindBytes {
			return in.percentFormat(fr, a, b, pos), true
		}
	case pyast.Div:
		if p, ok := asPath(a); ok {
			if s, ok := b.AsStr(); ok {
				return v.NewObject(&Path{P: joinPath(p.P, s)}), true
			}
			if q, ok := asPath(b); ok {
				return v.NewObject(&Path{P: joinPath(p.P, q.P)}), true
			}
		}
		if s, ok := a.AsStr(); ok {
			if q, ok := asPath(b); ok {
				return v.NewObject(&Path{P: joinPath(s, q.P)}), true
			}
		}
	case pyast.BitOr, pyast.BitAnd, pyast.Sub, pyast.BitXor:
		if ak == v.KindDict && bk == v.KindDict && op == pyast.BitOr {
			ad, _ := a.AsDict()
			bd, _ := b.AsDict()
			d := ad.Copy()
			for i, k := range bd.Keys() {
				d.Set(k, bd.Values()[i])
			}
			return v.NewDict(d), true
		}
		as, aok := a.AsSet()
		bs, bok := b.AsSet()
		if aok && bok {
			return v.NewSet(setOp(as, op, bs), ak == v.KindFrozenSet), true
		}
	}
	return v.Value{}, false
}

func setOp(a *v.Set, op pyast.Operator, b *v.Set) *v.Set {
	out := v.NewSetStore()
	switch op {
	case pyast.BitOr:
		for _, e := range a.Elems() {
			out.Add(e)
		}
		for _, e := range b.Elems() {
			out.Add(e)
		}
	case pyast.BitAnd:
		for _, e := range a.Elems() {
			if has, _ := b.Has(e); has {
				out.Add(e)
			}
		}
	case pyast.Sub:
		for _, e := range a.Elems() {
			if has, _ := b.Has(e); !has {
				out.Add(e)
			}
		}
	case pyast.BitXor:
		for _, e := range a.Elems() {
			if has, _ := b.Has(e); !has {
				out.Add(e)
			}
		}
		for _, e := range b.Elems() {
			if has, _ := a.Has(e); !has {
				out.Add(e)
			}
		}
	}
	return out
}

// rawStr returns the text of a str or bytes value.
func rawStr(x v.Value) string {
	if s, ok := x.AsStr(); ok {
		return s
	}
	s, _ := x.AsBytes()
	return s
}

func (in *Interp) repeat(fr *frame, seq, count v.Value, pos pyast.Pos) v.Value {
	n, ok := count.AsInt()
	if !ok {
		in.checkSize(in.lim.Container+1, pos, fr.file)
	}
	if n < 0 {
		n = 0
	}
	switch seq.Kind() {
	case v.KindStr, v.KindBytes:
		s := rawStr(seq)
		if len(s) > 0 && n > int64(in.lim.StrLen/len(s)) {
			in.checkStr(in.lim.StrLen+1, pos, fr.file)
		}
		r := strings.Repeat(s, int(n))
		if seq.Kind() == v.KindStr {
			return v.Str(r)
		}
		return v.Bytes(r)
	}
	elems, _ := seq.Elems()
	if len(elems) > 0 && n > int64(in.lim.Container/len(elems)) {
		in.checkSize(in.lim.Container+1, pos, fr.file)
	}
	out := make([]v.Value, 0, len(elems)*int(n))
	for i := int64(0); i < n; i++ {
		out = append(out, elems...)
	}
	if seq.Kind() == v.KindList {
		return v.NewList(out)
	}
	return v.NewTuple(out)
}

// arith computes numeric operators with Python's int/float rules.
func (in *Interp) arith(fr *frame, a v.Value, op pyast.Operator, b v.Value, pos pyast.Pos) v.Value {
	if a.Kind() == v.KindFloat || b.Kind() == v.KindFloat || op == pyast.Div {
		x, y := toF(a), toF(b)
		switch op {
		case pyast.Add:
			return v.Float(x + y)
		case pyast.Sub:
			return v.Float(x - y)
		case pyast.Mult:
			return v.Float(x * y)
		case pyast.Div:
			if y == 0 {
				in.raise("ZeroDivisionError", pos, fr.file, "division by zero")
			}
			return v.Float(x / y)
		case pyast.FloorDiv:
			if y == 0 {
				in.raise("ZeroDivisionError", pos, fr.file, "float floor division by zero")
			}
			return v.Float(math.Floor(x / y))
		case pyast.Mod:
			if y == 0 {
				in.raise("ZeroDivisionError", pos, fr.file, "float modulo")
			}
			m := math.Mod(x, y)
			if m != 0 && (m < 0) != (y < 0) {
				m += y
			}
			return v.Float(m)
		case pyast.Pow:
			return v.Float(math.Pow(x, y))
		}
		in.raise("TypeError", pos, fr.file, "unsupported operand type(s) for %s: 'float'", opSymbols[op])
	}
	x, _ := a.AsBigInt()
	y, _ := b.AsBigInt()
	r := new(big.Int)
	switch op {
	case pyast.Add:
		r.Add(x, y)
	case pyast.Sub:
		r.Sub(x, y)
	case pyast.Mult:
		in.checkBits(x.BitLen()+y.BitLen(), pos, fr.file)
		r.Mul(x, y)
	case pyast.FloorDiv, pyast.Mod:
		if y.Sign() == 0 {
			in.raise("ZeroDivisionError", pos, fr.file, "integer division or modulo by zero")
		}
		q, m := new(big.Int).DivMod(x, y, new(big.Int))
		// Go's DivMod is Euclidean; Python floors toward negative infinity.
		if m.Sign() != 0 && y.Sign() < 0 {
			q.Add(q, big.NewInt(1))
			m.Add(m, y)
		}
		if op == pyast.FloorDiv {
			r = q
		} else {
			r = m
		}
	case pyast.Pow:
		if y.Sign() < 0 {
			return v.Float(math.Pow(toF(a), toF(b)))
		}
		if x.BitLen() > 1 || x.Sign() < 0 {
			if !y.IsInt64() || int64(x.BitLen())*y.Int64() > int64(in.lim.IntBits) {
				in.checkBits(in.lim.IntBits+1, pos, fr.file)
			}
		}
		r.Exp(x, y, nil)
	case pyast.LShift:
		if y.Sign() < 0 {
			in.raise("ValueError", pos, fr.file, "negative shift count")
		}
		if !y.IsInt64() || int64(x.BitLen())+y.Int64() > int64(in.lim.IntBits) {
			in.checkBits(in.lim.IntBits+1, pos, fr.file)
		}
		r.Lsh(x, uint(y.Int64()))
	case pyast.RShift:
		if y.Sign() < 0 {
			in.raise("ValueError", pos, fr.file, "negative shift count")
		}
		if !y.IsInt64() || y.Int64() > int64(in.lim.IntBits) {
			if x.Sign() < 0 {
				return v.Int(-1)
			}
			return v.Int(0)
		}
		r.Rsh(x, uint(y.Int64()))
	case pyast.BitOr:
		r.Or(x, y)
	case pyast.BitAnd:
		r.And(x, y)
	case pyast.BitXor:
		r.Xor(x, y)
	default:
		in.raise("TypeError", pos, fr.file, "unsupported operand type(s) for %s: 'int' and 'int'", opSymbols[op])
	}
	if a.Kind() == v.KindBool && b.Kind() == v.KindBool && (op == pyast.BitOr || op == pyast.BitAnd || op == pyast.BitXor) {
		return v.Bool(r.Sign() != 0)
	}
	return v.BigInt(r)
}

func (in *Interp) unary(fr *frame, op pyast.UnaryOpKind, x v.Value, pos pyast.Pos) v.Value {
	if x.IsUnknown() {
		return x
	}
	switch op {
	case pyast.Not:
		truth, known := x.Truthy()
		if !known {
			return unknownOf("negation of a value that could not be evaluated", x)
		}
		return v.Bool(!truth).WithEnvFrom(x)
	case pyast.USub, pyast.UAdd, pyast.Invert:
		if f, ok := x.AsFloat(); ok {
			switch op {
			case pyast.USub:
				return v.Float(-f).WithEnvFrom(x)
			case pyast.UAdd:
				return v.Float(f).WithEnvFrom(x)
			}
		}
		if b, ok := x.AsBigInt(); ok {
			r := new(big.Int)
			switch op {
			case pyast.USub:
				r.Neg(b)
			case pyast.UAdd:
				r.Set(b)
			default:
				r.Not(b)
			}
			return v.BigInt(r).WithEnvFrom(x)
		}
		if x.Kind() == v.KindComplex && op == pyast.USub {
			return v.Complex(-x.Imag()).WithEnvFrom(x)
		}
	}
	if _, ok := x.AsObject(); ok {
		return unknownOf("operator on an object the model does not know", x)
	}
	in.raise("TypeError", pos, fr.file, "bad operand type for unary operator: '%s'", x.TypeName())
	return v.Value{}
}

// compare evaluates one comparison.
func (in *Interp) compare(fr *frame, a v.Value, op pyast.CmpOp, b v.Value, pos pyast.Pos) v.Value {
	switch op {
	case pyast.Is, pyast.IsNot:
		if a.IsUnknown() || b.IsUnknown() {
			return unknownOf("", a, b)
		}
		same := identical(a, b)
		if op == pyast.IsNot {
			same = !same
		}
		return v.Bool(same).WithEnvFrom(a, b)
	case pyast.In, pyast.NotIn:
		r := in.contains(fr, b, a, pos)
		if r.IsUnknown() {
			return r.WithEnvFrom(a, b)
		}
		if op == pyast.NotIn {
			t, _ := r.Truthy()
			return v.Bool(!t).WithEnvFrom(a, b)
		}
		return r.WithEnvFrom(a, b)
	}
	if a.IsUnknown() || b.IsUnknown() {
		return unknownOf("", a, b)
	}
	if op == pyast.Eq || op == pyast.NotEq {
		eq, known := v.Equal(a, b)
		if !known {
			return unknownOf("comparison with a value the model does not know", a, b)
		}
		if op == pyast.NotEq {
			eq = !eq
		}
		return v.Bool(eq).WithEnvFrom(a, b)
	}
	c, ok := in.order(a, b)
	if !ok {
		if _, isObj := a.AsObject(); isObj {
			return unknownOf("comparison of objects the model does not know", a, b)
		}
		in.raise("TypeError", pos, fr.file, "'%s' not supported between instances of '%s' and '%s'", cmpSymbol(op), a.TypeName(), b.TypeName())
	}
	var r bool
	switch op {
	case pyast.Lt:
		r = c < 0
	case pyast.LtE:
		r = c <= 0
	case pyast.Gt:
		r = c > 0
	case pyast.GtE:
		r = c >= 0
	}
	return v.Bool(r).WithEnvFrom(a, b)
}

func cmpSymbol(op pyast.CmpOp) string {
	return map[pyast.CmpOp]string{pyast.Lt: "<", pyast.LtE: "<=", pyast.Gt: ">", pyast.GtE: ">="}[op]
}

// identical approximates `is`: singletons by value, containers and objects
// by reference, small ints and strs by value (as CPython interns them).
func identical(a, b v.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case v.KindNone, v.KindEllipsis:
		return true
	case v.KindBool:
		return a.IsTrue() == b.IsTrue()
	case v.KindList, v.KindTuple:
		return a.ListRef() == b.ListRef()
	case v.KindDict:
		ad, _ := a.AsDict()
		bd, _ := b.AsDict()
		return ad == bd
	case v.KindSet, v.KindFrozenSet:
		as, _ := a.AsSet()
		bs, _ := b.AsSet()
		return as == bs
	case v.KindObject:
		ao, _ := a.AsObject()
		bo, _ := b.AsObject()
		return ao == bo
	}
	eq, _ := v.Equal(a, b)
	return eq
}

// order compares two values for <, returning -1, 0 or 1.
func (in *Interp) order(a, b v.Value) (int, bool) {
	if isNum(a) && isNum(b) {
		if a.Kind() == v.KindFloat || b.Kind() == v.KindFloat {
			x, y := toF(a), toF(b)
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
		x, _ := a.AsBigInt()
		y, _ := b.AsBigInt()
		return x.Cmp(y), true
	}
	if a.Kind() == b.Kind() {
		switch a.Kind() {
		case v.KindStr:
			as, _ := a.AsStr()
			bs, _ := b.AsStr()
			return compareRunes(as, bs), true
		case v.KindBytes:
			return strings.Compare(rawStr(a), rawStr(b)), true
		case v.KindList, v.KindTuple:
			ae, _ := a.Elems()
			be, _ := b.Elems()
			for i := 0; i < len(ae) && i < len(be); i++ {
				if eq, known := v.Equal(ae[i], be[i]); known && eq {
					continue
				}
				return in.order(ae[i], be[i])
			}
			switch {
			case len(ae) < len(be):
				return -1, true
			case len(ae) > len(be):
				return 1, true
			}
			return 0, true
		}
	}
	return 0, false
}

// compareRunes orders strings by code point, as Python does.
func compareRunes(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

// contains is `item in container`.
func (in *Interp) contains(fr *frame, container, item v.Value, pos pyast.Pos) v.Value {
	if container.IsUnknown() || item.IsUnknown() {
		return unknownOf("", container, item)
	}
	switch container.Kind() {
	case v.KindStr, v.KindBytes:
		if item.Kind() != container.Kind() {
			in.raise("TypeError", pos, fr.file, "'in <%s>' requires %s as left operand, not %s", container.TypeName(), container.TypeName(), item.TypeName())
		}
		return v.Bool(strings.Contains(rawStr(container), rawStr(item)))
	case v.KindList, v.KindTuple:
		elems, _ := container.Elems()
		unknown := false
		for _, e := range elems {
			eq, known := v.Equal(e, item)
			if eq {
				return v.True
			}
			if !known {
				unknown = true
			}
		}
		if unknown {
			return v.Unknown("membership in a container holding values that could not be evaluated")
		}
		return v.False
	case v.KindDict:
		d, _ := container.AsDict()
		_, ok, hashable := d.Get(item)
		if !hashable {
			return v.Unknown("membership test with an unhashable key")
		}
		return v.Bool(ok)
	case v.KindSet, v.KindFrozenSet:
		s, _ := container.AsSet()
		has, hashable := s.Has(item)
		if !hashable {
			return v.Unknown("membership test with an unhashable key")
		}
		return v.Bool(has)
	case v.KindObject:
		o, _ := container.AsObject()
		if c, ok := o.(interface {
			has(in *Interp, key v.Value) v.Value
		}); ok {
			return c.has(in, item)
		}
		if it, ok := o.(iterObject); ok {
			items, ok := it.items(in)
			if ok {
				return in.contains(fr, v.NewList(items), item, pos)
			}
		}
		return v.Unknown("membership test on an object the model does not know")
	}
	in.raise("TypeError", pos, fr.file, "argument of type '%s' is not iterable", container.TypeName())
	return v.Value{}
}

// iterate lists the items of an iterable; ok is false when they cannot be
// known.
func (in *Interp) iterate(fr *frame, x v.Value, pos pyast.Pos) ([]v.Value, bool) {
	switch x.Kind() {
	case v.KindList, v.KindTuple:
		elems, _ := x.Elems()
		return append([]v.Value(nil), elems...), true
	case v.KindStr:
		s, _ := x.AsStr()
		out := make([]v.Value, 0, len(s))
		for _, r := range s {
			out = append(out, v.Str(string(r)))
		}
		return out, true
	case v.KindBytes:
		s := rawStr(x)
		out := make([]v.Value, len(s))
		for i := 0; i < len(s); i++ {
			out[i] = v.Int(int64(s[i]))
		}
		return out, true
	case v.KindDict:
		d, _ := x.AsDict()
		return append([]v.Value(nil), d.Keys()...), true
	case v.KindSet, v.KindFrozenSet:
		s, _ := x.AsSet()
		return append([]v.Value(nil), s.Elems()...), true
	case v.KindObject:
		o, _ := x.AsObject()
		if r, ok := o.(*Range); ok {
			n := r.Len()
			in.checkSize(int(min(n, int64(in.lim.Container)+1)), pos, fr.file)
			out := make([]v.Value, 0, n)
			for i := r.Start; (r.Step > 0 && i < r.Stop) || (r.Step < 0 && i > r.Stop); i += r.Step {
				out = append(out, v.Int(i))
			}
			return out, true
		}
		if it, ok := o.(iterObject); ok {
			return it.items(in)
		}
		return nil, false
	case v.KindUnknown:
		return nil, false
	}
	in.raise("TypeError", pos, fr.file, "'%s' object is not iterable", x.TypeName())
	return nil, false
}

// index normalises a Python index into [0, n).
func normIndex(i, n int64) (int64, bool) {
	if i < 0 {
		i += n
	}
	return i, i >= 0 && i < n
}

// sliceBounds computes the indexes a slice selects.
func (in *Interp) sliceBounds(fr *frame, s *sliceObj, n int64, pos pyast.Pos) ([]int64, bool) {
	get := func(x v.Value) (int64, bool, bool) {
		if x.IsNone() {
			return 0, false, true
		}
		i, ok := x.AsInt()
		return i, true, ok
	}
	step, hasStep, ok := get(s.step)
	if !ok {
		return nil, false
	}
	if !hasStep {
		step = 1
	}
	if step == 0 {
		in.raise("ValueError", pos, fr.file, "slice step cannot be zero")
	}
	lo, hasLo, ok1 := get(s.lower)
	hi, hasHi, ok2 := get(s.upper)
	if !ok1 || !ok2 {
		return nil, false
	}
	clamp := func(i, lowB, highB int64) int64 {
		if i < 0 {
			i += n
			if i < lowB {
				i = lowB
			}
		} else if i > highB {
			i = highB
		}
		return i
	}
	var out []int64
	if step > 0 {
		if !hasLo {
			lo = 0
		} else {
			lo = clamp(lo, 0, n)
		}
		if !hasHi {
			hi = n
		} else {
			hi = clamp(hi, 0, n)
		}
		for i := lo; i < hi; i += step {
			out = append(out, i)
		}
	} else {
		if !hasLo {
			lo = n - 1
		} else {
			lo = clamp(lo, -1, n-1)
		}
		if !hasHi {
			hi = -1
		} else {
			hi = clamp(hi, -1, n-1)
		}
		for i := lo; i > hi; i += step {
			out = append(out, i)
		}
	}
	return out, true
}

// getItem is obj[key].
func (in *Interp) getItem(fr *frame, obj, key v.Value, pos pyast.Pos) v.Value {
	if obj.IsUnknown() || key.IsUnknown() {
		return unknownOf("", obj, key)
	}
	if so, ok := key.AsObject(); ok {
		if s, ok := so.(*sliceObj); ok {
			return in.getSlice(fr, obj, s, pos).WithEnvFrom(obj, s.lower, s.upper, s.step)
		}
	}
	switch obj.Kind() {
	case v.KindList, v.KindTuple, v.KindStr, v.KindBytes:
		i, ok := key.AsInt()
		if !ok {
			in.raise("TypeError", pos, fr.file, "%s indices must be integers", obj.TypeName())
		}
		if obj.Kind() == v.KindStr {
			s, _ := obj.AsStr()
			runes := []rune(s)
			j, ok := normIndex(i, int64(len(runes)))
			if !ok {
				in.raise("IndexError", pos, fr.file, "string index out of range")
			}
			return v.Str(string(runes[j])).WithEnvFrom(obj, key)
		}
		if obj.Kind() == v.KindBytes {
			s := rawStr(obj)
			j, ok := normIndex(i, int64(len(s)))
			if !ok {
				in.raise("IndexError", pos, fr.file, "index out of range")
			}
			return v.Int(int64(s[j])).WithEnvFrom(obj, key)
		}
		elems, _ := obj.Elems()
		j, ok := normIndex(i, int64(len(elems)))
		if !ok {
			in.raise("IndexError", pos, fr.file, "%s index out of range", obj.TypeName())
		}
		return elems[j].WithEnvFrom(key)
	case v.KindDict:
		d, _ := obj.AsDict()
		val, ok, hashable := d.Get(key)
		if !hashable {
			return v.Unknown("dict lookup with an unhashable key").WithEnvFrom(obj, key)
		}
		if !ok {
			exc := in.newException("KeyError", pos, fr.file, v.Repr(key))
			exc.env = key.EnvSet().Union(fr.taint)
			panic(exc)
		}
		return val.WithEnvFrom(key)
	case v.KindObject:
		o, _ := obj.AsObject()
		if it, ok := o.(itemObject); ok {
			return it.item(in, fr, key, pos)
		}
		return unknownOf("subscript of an object the model does not know", obj, key)
	}
	in.raise("TypeError", pos, fr.file, "'%s' object is not subscriptable", obj.TypeName())
	return v.Value{}
}

func (in *Interp) getSlice(fr *frame, obj v.Value, s *sliceObj, pos pyast.Pos) v.Value {
	switch obj.Kind() {
	case v.KindStr:
		str, _ := obj.AsStr()
		runes := []rune(str)
		idx, ok := in.sliceBounds(fr, s, int64(len(runes)), pos)
		if !ok {
			return v.Unknown("slice with bounds that could not be evaluated")
		}
		out := make([]rune, len(idx))
		for i, j := range idx {
			out[i] = runes[j]
		}
		return v.Str(string(out))
	case v.KindBytes:
		str := rawStr(obj)
		idx, ok := in.sliceBounds(fr, s, int64(len(str)), pos)
		if !ok {
			return v.Unknown("slice with bounds that could not be evaluated")
		}
		out := make([]byte, len(idx))
		for i, j := range idx {
			out[i] = str[j]
		}
		return v.Bytes(string(out))
	case v.KindList, v.KindTuple:
		elems, _ := obj.Elems()
		idx, ok := in.sliceBounds(fr, s, int64(len(elems)), pos)
		if !ok {
			return v.Unknown("slice with bounds that could not be evaluated")
		}
		out := make([]v.Value, len(idx))
		for i, j := range idx {
			out[i] = elems[j]
		}
		if obj.Kind() == v.KindList {
			return v.NewList(out)
		}
		return v.NewTuple(out)
	case v.KindUnknown:
		return obj
	}
	if _, ok := obj.AsObject(); ok {
		return v.Unknown("slice of an object the model does not know")
	}
	in.raise("TypeError", pos, fr.file, "'%s' object is not subscriptable", obj.TypeName())
	return v.Value{}
}

// setItem is obj[key] = val.
func (in *Interp) setItem(fr *frame, obj, key, val v.Value, pos pyast.Pos) {
	switch obj.Kind() {
	case v.KindList:
		l := obj.ListRef()
		if so, ok := key.AsObject(); ok {
			if s, ok := so.(*sliceObj); ok {
				items, ok := in.iterate(fr, val, pos)
				idx, ok2 := in.sliceBounds(fr, s, int64(len(l.Elems)), pos)
				if !ok || !ok2 {
					return
				}
				if s.step.IsNone() {
					lo, hi := int64(len(l.Elems)), int64(len(l.Elems))
					if len(idx) > 0 {
						lo, hi = idx[0], idx[len(idx)-1]+1
					} else if b, ok := s.lower.AsInt(); ok {
						lo, _ = normIndex(b, int64(len(l.Elems))+1)
						lo = max(0, min(lo, int64(len(l.Elems))))
						hi = lo
					}
					out := append(append(append([]v.Value(nil), l.Elems[:lo]...), items...), l.Elems[hi:]...)
					l.Elems = out
				}
				return
			}
		}
		i, ok := key.AsInt()
		if !ok {
			return
		}
		j, ok := normIndex(i, int64(len(l.Elems)))
		if !ok {
			in.raise("IndexError", pos, fr.file, "list assignment index out of range")
		}
		l.Elems[j] = val
	case v.KindDict:
		d, _ := obj.AsDict()
		if !d.Set(key, val) {
			in.unhashable(fr, key, pos)
		}
		in.checkSize(d.Len(), pos, fr.file)
	case v.KindObject:
		o, _ := obj.AsObject()
		if s, ok := o.(interface {
			setItem(in *Interp, key, val v.Value)
		}); ok {
			s.setItem(in, key, val)
		}
	case v.KindUnknown:
	default:
		in.raise("TypeError", pos, fr.file, "'%s' object does not support item assignment", obj.TypeName())
	}
}

func (in *Interp) delItem(fr *frame, obj, key v.Value, pos pyast.Pos) {
	switch obj.Kind() {
	case v.KindList:
		l := obj.ListRef()
		i, ok := key.AsInt()
		if !ok {
			return
		}
		j, ok := normIndex(i, int64(len(l.Elems)))
		if !ok {
			in.raise("IndexError", pos, fr.file, "list assignment index out of range")
		}
		l.Elems = append(l.Elems[:j], l.Elems[j+1:]...)
	case v.KindDict:
		d, _ := obj.AsDict()
		if !d.Delete(key) {
			in.raise("KeyError", pos, fr.file, "%s", v.Repr(key))
		}
	case v.KindObject:
		o, _ := obj.AsObject()
		if s, ok := o.(interface{ delItem(in *Interp, key v.Value) }); ok {
			s.delItem(in, key)
		}
	}
}

// getAttr is obj.name.
func (in *Interp) getAttr(fr *frame, obj v.Value, name string, pos pyast.Pos) v.Value {
	if obj.IsUnknown() {
		if origin := obj.UnknownOrigin(); origin != "" {
			return v.UnknownFrom(obj.UnknownReason(), origin+"."+name).WithEnvFrom(obj)
		}
		return obj
	}
	if o, ok := obj.AsObject(); ok {
		switch x := o.(type) {
		case *Module:
			if val, ok := in.moduleAttr(x, name); ok {
				return val
			}
			// A submodule not imported yet is not an attribute in Python
			// either, unless imported elsewhere.
			if sub, ok := in.modules[x.Name+"."+name]; ok {
				return v.NewObject(sub)
			}
			in.raise("AttributeError", pos, fr.file, "module '%s' has no attribute '%s'", x.Name, name)
		case *Instance:
			if b, ok := x.ns.get(name); ok {
				return b.val
			}
			if name == "args" {
				return v.NewTuple(x.Args)
			}
			if b, ok := x.Class.lookup(name); ok {
				if fo, ok := b.val.AsObject(); ok {
					if f, ok := fo.(*Function); ok {
						return v.NewObject(&BoundMethod{Self: obj, Fn: f})
					}
				}
				return b.val
			}
			if x.Class.hasOpaqueBase() {
				return v.Unknown("attribute '" + name + "' inherited from a class outside the project")
			}
			if in.classes.isBuiltinException(x.Class) {
				return v.Unknown("attribute '" + name + "' of a " + x.Class.Name)
			}
			in.raise("AttributeError", pos, fr.file, "'%s' object has no attribute '%s'", x.Class.Name, name)
		case *Class:
			if b, ok := x.lookup(name); ok {
				return b.val
			}
			if name == "__name__" {
				return v.Str(x.Name)
			}
			if x.builtin != "" {
				if m, ok := in.classMethod(x, name); ok {
					return m
				}
			}
			if x.hasOpaqueBase() {
				return v.Unknown("attribute '" + name + "' inherited from a class outside the project")
			}
			in.raise("AttributeError", pos, fr.file, "type object '%s' has no attribute '%s'", x.Name, name)
		case attrObject:
			if val, ok := x.attr(in, fr, name, pos); ok {
				return val.WithEnvFrom(obj)
			}
			return v.Unknown("attribute '" + name + "' of " + o.TypeName()).WithEnvFrom(obj)
		}
		return v.Unknown("attribute '" + name + "' of " + o.TypeName()).WithEnvFrom(obj)
	}
	if m, ok := in.method(obj, name); ok {
		return m
	}
	// The error depends on the variables the object came from:
	// os.environ.get("HOSTS").split() fails only while HOSTS is unset.
	msg := fmt.Sprintf("'%s' object has no attribute '%s'", obj.TypeName(), name)
	if names := obj.Env(); len(names) > 0 && in.opts.Env == nil && in.allUnset(names) {
		// No environment was given: say that Django would fail without
		// the variables, and go on with an unknown value.
		in.envProblem(fr.file, pos, names, fmt.Sprintf("with %s unset, importing the settings raises AttributeError: %s", strings.Join(names, ", "), msg))
		return v.Unknown("attribute '" + name + "' of a value read from the unset " + strings.Join(names, ", ")).WithEnvFrom(obj)
	}
	exc := in.newException("AttributeError", pos, fr.file, msg)
	exc.env = obj.EnvSet()
	panic(exc)
}

// allUnset reports whether none of the named variables is in the
// environment being modelled.
func (in *Interp) allUnset(names []string) bool {
	for _, n := range names {
		if _, ok := in.env[n]; ok {
			return false
		}
	}
	return true
}

// setAttr is obj.name = val.
func (in *Interp) setAttr(fr *frame, obj v.Value, name string, val v.Value, pos pyast.Pos) {
	o, ok := obj.AsObject()
	if !ok {
		if obj.IsUnknown() {
			return
		}
		in.raise("AttributeError", pos, fr.file, "'%s' object attribute '%s' is read-only", obj.TypeName(), name)
	}
	switch x := o.(type) {
	case *Instance:
		x.ns.set(name, binding{val: val, file: fr.file, pos: pos})
	case *Class:
		if x.ns != nil {
			x.ns.set(name, binding{val: val, file: fr.file, pos: pos})
		}
	case *Module:
		if x.attr == nil && !x.opaque {
			x.ns.set(name, binding{val: val, file: fr.file, pos: pos})
		}
	case setAttrObject:
		x.setAttr(in, name, val)
	}
}
