// Package pyvalue holds the Python values that deploycheck's interpreter
// computes for settings, with Python's semantics for the questions checks
// ask of them (truthiness, identity with True, equality, repr).
//
// A Value is a small tagged struct passed by value. Containers (list,
// tuple, dict, set) and objects are shared by reference, as in Python. Every
// value carries the set of environment variables it was derived from, so a
// verdict can say which variables decide it, and a value the interpreter
// could not know is an Unknown carrying its reason.
package pyvalue

import (
	"math/big"
	"sort"
	"strings"
)

// Kind is the Python type of a value.
type Kind uint8

// Kinds of values.
const (
	KindNone Kind = iota
	KindBool
	KindInt
	KindFloat
	KindComplex
	KindStr
	KindBytes
	KindList
	KindTuple
	KindDict
	KindSet
	KindFrozenSet
	KindEllipsis
	KindObject // functions, modules, classes, instances: see Value.Obj
	KindUnknown
)

var kindNames = [...]string{"NoneType", "bool", "int", "float", "complex", "str", "bytes",
	"list", "tuple", "dict", "set", "frozenset", "ellipsis", "object", "unknown"}

// String is the Python type name of the kind.
func (k Kind) String() string { return kindNames[k] }

// Value is one Python value.
type Value struct {
	kind Kind
	i    int64    // bool (0/1), int that fits
	big  *big.Int // int that does not fit in 64 bits
	f    float64  // float, or imaginary part of a complex
	s    string   // str (WTF-8), bytes, or an Unknown's reason
	ref  any      // *List (list and tuple), *Dict, *Set, Object
	env  *EnvSet  // environment variables the value depends on
	// random marks a value that differs at every start (generated keys).
	random bool
}

// Object is anything the interpreter models beyond plain data: modules,
// functions, classes, instances. Checks only need its type name.
type Object interface {
	TypeName() string
}

// List is the storage of a list or tuple.
type List struct {
	Elems []Value
}

// None is Python's None.
var None = Value{kind: KindNone}

// True and False are Python's booleans.
var (
	True  = Value{kind: KindBool, i: 1}
	False = Value{kind: KindBool}
)

// Ellipsis is Python's `...`.
var Ellipsis = Value{kind: KindEllipsis}

// Bool makes a bool.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// Int makes an int.
func Int(i int64) Value { return Value{kind: KindInt, i: i} }

// BigInt makes an int from a big.Int (normalised to int64 when it fits).
func BigInt(b *big.Int) Value {
	if b.IsInt64() {
		return Int(b.Int64())
	}
	return Value{kind: KindInt, big: new(big.Int).Set(b)}
}

// Float makes a float.
func Float(f float64) Value { return Value{kind: KindFloat, f: f} }

// Complex makes a complex number with a zero real part.
func Complex(imag float64) Value { return Value{kind: KindComplex, f: imag} }

// Str makes a str.
func Str(s string) Value { return Value{kind: KindStr, s: s} }

// Bytes makes a bytes value.
func Bytes(b string) Value { return Value{kind: KindBytes, s: b} }

// NewList makes a list holding elems (not copied).
func NewList(elems []Value) Value { return Value{kind: KindList, ref: &List{Elems: elems}} }

// NewTuple makes a tuple holding elems (not copied).
func NewTuple(elems []Value) Value { return Value{kind: KindTuple, ref: &List{Elems: elems}} }

// NewDict makes a dict.
func NewDict(d *Dict) Value { return Value{kind: KindDict, ref: d} }

// NewSet makes a set (or frozenset when frozen).
func NewSet(s *Set, frozen bool) Value {
	k := KindSet
	if frozen {
		k = KindFrozenSet
	}
	return Value{kind: k, ref: s}
}

// NewObject wraps an interpreter object.
func NewObject(o Object) Value { return Value{kind: KindObject, ref: o} }

// Unknown makes a value the interpreter could not compute, with the reason
// (e.g. "result of open()", "module 'boto3' is not part of the project").
func Unknown(reason string) Value { return Value{kind: KindUnknown, s: reason} }

// unknownOrigin records which dotted name an Unknown value stands for.
type unknownOrigin struct{ path string }

// UnknownFrom makes an Unknown value that stands for a dotted name outside
// the project (e.g. "django.middleware.csrf.CsrfViewMiddleware"), so that
// class hierarchies can still be followed through it.
func UnknownFrom(reason, origin string) Value {
	return Value{kind: KindUnknown, s: reason, ref: &unknownOrigin{path: origin}}
}

// UnknownOrigin is the dotted name an Unknown value stands for, or "".
func (v Value) UnknownOrigin() string {
	if v.kind != KindUnknown {
		return ""
	}
	if o, ok := v.ref.(*unknownOrigin); ok {
		return o.path
	}
	return ""
}

// Kind returns the value's Python type.
func (v Value) Kind() Kind { return v.kind }

// TypeName is the Python type name (an object's own name for objects).
func (v Value) TypeName() string {
	if v.kind == KindObject {
		return v.ref.(Object).TypeName()
	}
	return v.kind.String()
}

// IsNone reports whether v is None.
func (v Value) IsNone() bool { return v.kind == KindNone }

// IsUnknown reports whether v could not be computed.
func (v Value) IsUnknown() bool { return v.kind == KindUnknown }

// UnknownReason is the reason of an Unknown value ("" otherwise).
func (v Value) UnknownReason() string {
	if v.kind == KindUnknown {
		return v.s
	}
	return ""
}

// IsTrue is Python's `v is True`.
func (v Value) IsTrue() bool { return v.kind == KindBool && v.i == 1 }

// IsFalse is Python's `v is False`.
func (v Value) IsFalse() bool { return v.kind == KindBool && v.i == 0 }

// Truthy is Python's bool(v). known is false for an Unknown value, or an
// object whose truth the interpreter cannot tell.
func (v Value) Truthy() (truth, known bool) {
	switch v.kind {
	case KindNone:
		return false, true
	case KindBool, KindInt:
		if v.big != nil {
			return true, true
		}
		return v.i != 0, true
	case KindFloat, KindComplex:
		return v.f != 0, true
	case KindStr, KindBytes:
		return v.s != "", true
	case KindList, KindTuple:
		return len(v.ref.(*List).Elems) > 0, true
	case KindDict:
		return v.ref.(*Dict).Len() > 0, true
	case KindSet, KindFrozenSet:
		return v.ref.(*Set).Len() > 0, true
	case KindEllipsis:
		return true, true
	case KindObject:
		if t, ok := v.ref.(interface{ Truth() (bool, bool) }); ok {
			return t.Truth()
		}
		return true, true
	}
	return false, false
}

// AsStr returns a str value's text.
func (v Value) AsStr() (string, bool) {
	if v.kind == KindStr {
		return v.s, true
	}
	return "", false
}

// AsBytes returns a bytes value's content.
func (v Value) AsBytes() (string, bool) {
	if v.kind == KindBytes {
		return v.s, true
	}
	return "", false
}

// AsInt returns an int (or bool) that fits in 64 bits.
func (v Value) AsInt() (int64, bool) {
	if (v.kind == KindInt || v.kind == KindBool) && v.big == nil {
		return v.i, true
	}
	return 0, false
}

// AsBigInt returns any int (or bool) as a big.Int.
func (v Value) AsBigInt() (*big.Int, bool) {
	if v.kind != KindInt && v.kind != KindBool {
		return nil, false
	}
	if v.big != nil {
		return v.big, true
	}
	return big.NewInt(v.i), true
}

// AsFloat returns a float's value.
func (v Value) AsFloat() (float64, bool) {
	if v.kind == KindFloat {
		return v.f, true
	}
	return 0, false
}

// Imag returns a complex value's imaginary part.
func (v Value) Imag() float64 { return v.f }

// Elems returns the elements of a list or tuple (the shared slice).
func (v Value) Elems() ([]Value, bool) {
	if v.kind == KindList || v.kind == KindTuple {
		return v.ref.(*List).Elems, true
	}
	return nil, false
}

// ListRef returns the storage of a list or tuple, for in-place edits.
func (v Value) ListRef() *List {
	if v.kind == KindList || v.kind == KindTuple {
		return v.ref.(*List)
	}
	return nil
}

// AsDict returns a dict's storage.
func (v Value) AsDict() (*Dict, bool) {
	if v.kind == KindDict {
		return v.ref.(*Dict), true
	}
	return nil, false
}

// AsSet returns a set's storage.
func (v Value) AsSet() (*Set, bool) {
	if v.kind == KindSet || v.kind == KindFrozenSet {
		return v.ref.(*Set), true
	}
	return nil, false
}

// AsObject returns an object.
func (v Value) AsObject() (Object, bool) {
	if v.kind == KindObject {
		return v.ref.(Object), true
	}
	return nil, false
}

// IsRandom reports whether the value is generated anew at every start
// (get_random_secret_key() and friends), or derived from such a value.
func (v Value) IsRandom() bool { return v.random }

// WithRandom marks the value as random at each start.
func (v Value) WithRandom() Value { v.random = true; return v }

// Env returns the environment variables the value depends on, sorted.
func (v Value) Env() []string { return v.env.Names() }

// EnvSet returns the value's dependency set (nil when none).
func (v Value) EnvSet() *EnvSet { return v.env }

// WithEnv returns v also depending on the variables in e.
func (v Value) WithEnv(e *EnvSet) Value {
	v.env = v.env.Union(e)
	return v
}

// WithEnvFrom returns v also depending on what each of others depends on.
func (v Value) WithEnvFrom(others ...Value) Value {
	for _, o := range others {
		if o.env != nil {
			v.env = v.env.Union(o.env)
		}
		if o.random {
			v.random = true
		}
	}
	return v
}

// StripEnv returns v without its dependency information.
func (v Value) StripEnv() Value { v.env = nil; v.random = false; return v }

// EnvSet is an immutable sorted set of environment variable names.
type EnvSet struct {
	names []string
}

// NewEnvSet makes a set of the given names.
func NewEnvSet(names ...string) *EnvSet {
	if len(names) == 0 {
		return nil
	}
	n := append([]string(nil), names...)
	sort.Strings(n)
	out := n[:1]
	for _, s := range n[1:] {
		if s != out[len(out)-1] {
			out = append(out, s)
		}
	}
	return &EnvSet{names: out}
}

// Names lists the set's members in order.
func (e *EnvSet) Names() []string {
	if e == nil {
		return nil
	}
	return e.names
}

// Union returns the set of names in e or o.
func (e *EnvSet) Union(o *EnvSet) *EnvSet {
	switch {
	case o == nil || o == e:
		return e
	case e == nil:
		return o
	}
	merged := make([]string, 0, len(e.names)+len(o.names))
	i, j := 0, 0
	for i < len(e.names) || j < len(o.names) {
		switch {
		case j >= len(o.names) || i < len(e.names) && e.names[i] < o.names[j]:
			merged = append(merged, e.names[i])
			i++
		case i >= len(e.names) || o.names[j] < e.names[i]:
			merged = append(merged, o.names[j])
			j++
		default:
			merged = append(merged, e.names[i])
			i++
			j++
		}
	}
	if len(merged) == len(e.names) {
		return e
	}
	if len(merged) == len(o.names) {
		return o
	}
	return &EnvSet{names: merged}
}

// String joins the names with commas.
func (e *EnvSet) String() string { return strings.Join(e.Names(), ",") }
