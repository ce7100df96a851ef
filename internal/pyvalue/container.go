package pyvalue

import (
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// HashKey is the identity of a hashable value under Python's equality:
// 1, 1.0 and True share a key, as do equal tuples. ok is false for an
// unhashable or unknown value.
func HashKey(v Value) (key string, ok bool) {
	var b strings.Builder
	if !writeKey(&b, v) {
		return "", false
	}
	return b.String(), true
}

func writeKey(b *strings.Builder, v Value) bool {
	switch v.kind {
	case KindNone:
		b.WriteString("N")
	case KindEllipsis:
		b.WriteString("E")
	case KindBool, KindInt:
		b.WriteString("i")
		if v.big != nil {
			b.WriteString(v.big.String())
		} else {
			b.WriteString(strconv.FormatInt(v.i, 10))
		}
	case KindFloat:
		if v.f == math.Trunc(v.f) && !math.IsInf(v.f, 0) {
			bf := new(big.Float).SetFloat64(v.f)
			bi, _ := bf.Int(nil)
			b.WriteString("i")
			b.WriteString(bi.String())
		} else {
			b.WriteString("f")
			b.WriteString(strconv.FormatUint(math.Float64bits(v.f), 16))
		}
	case KindComplex:
		if v.f == 0 {
			b.WriteString("i0")
		} else {
			b.WriteString("c")
			b.WriteString(strconv.FormatUint(math.Float64bits(v.f), 16))
		}
	case KindStr:
		b.WriteString("s")
		b.WriteString(strconv.Itoa(len(v.s)))
		b.WriteByte(':')
		b.WriteString(v.s)
	case KindBytes:
		b.WriteString("b")
		b.WriteString(strconv.Itoa(len(v.s)))
		b.WriteByte(':')
		b.WriteString(v.s)
	case KindTuple:
		b.WriteString("t(")
		for _, e := range v.ref.(*List).Elems {
			if !writeKey(b, e) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case KindFrozenSet:
		keys := append([]string(nil), v.ref.(*Set).keys...)
		sort.Strings(keys)
		b.WriteString("F(")
		for _, k := range keys {
			b.WriteString(strconv.Itoa(len(k)))
			b.WriteByte(':')
			b.WriteString(k)
		}
		b.WriteByte(')')
	case KindObject:
		if h, ok := v.ref.(interface{ HashKey() (string, bool) }); ok {
			k, ok := h.HashKey()
			if !ok {
				return false
			}
			b.WriteString("o")
			b.WriteString(k)
			return true
		}
		return false
	default:
		return false
	}
	return true
}

// Dict is an insertion-ordered Python dict.
type Dict struct {
	keys  []Value
	vals  []Value
	index map[string]int
	// dead counts removed slots (keys[i].kind == KindUnknown with s == "")
	dead int
}

// NewDictStore makes an empty dict storage.
func NewDictStore() *Dict { return &Dict{index: map[string]int{}} }

// Len is the number of items.
func (d *Dict) Len() int { return len(d.index) }

// Get looks key up. ok is false when the key is absent; hashable is false
// when the key cannot be hashed (so the answer is unknown).
func (d *Dict) Get(key Value) (v Value, ok, hashable bool) {
	k, h := HashKey(key)
	if !h {
		return Value{}, false, false
	}
	i, found := d.index[k]
	if !found {
		return Value{}, false, true
	}
	return d.vals[i], true, true
}

// GetStr looks up a str key.
func (d *Dict) GetStr(key string) (Value, bool) {
	v, ok, _ := d.Get(Str(key))
	return v, ok
}

// Set stores key: value, keeping the first insertion's order. It returns
// false when the key is unhashable.
func (d *Dict) Set(key, val Value) bool {
	k, h := HashKey(key)
	if !h {
		return false
	}
	if i, found := d.index[k]; found {
		d.vals[i] = val
		return true
	}
	d.index[k] = len(d.keys)
	d.keys = append(d.keys, key)
	d.vals = append(d.vals, val)
	return true
}

// Delete removes key; it reports whether it was present.
func (d *Dict) Delete(key Value) bool {
	k, h := HashKey(key)
	if !h {
		return false
	}
	i, found := d.index[k]
	if !found {
		return false
	}
	delete(d.index, k)
	d.keys = append(d.keys[:i], d.keys[i+1:]...)
	d.vals = append(d.vals[:i], d.vals[i+1:]...)
	for kk, j := range d.index {
		if j > i {
			d.index[kk] = j - 1
		}
	}
	return true
}

// Keys returns the keys in order (shared; do not modify).
func (d *Dict) Keys() []Value { return d.keys }

// Values returns the values in key order (shared; do not modify).
func (d *Dict) Values() []Value { return d.vals }

// Copy makes a shallow copy.
func (d *Dict) Copy() *Dict {
	c := &Dict{
		keys:  append([]Value(nil), d.keys...),
		vals:  append([]Value(nil), d.vals...),
		index: make(map[string]int, len(d.index)),
	}
	for k, v := range d.index {
		c.index[k] = v
	}
	return c
}

// Set is a Python set or frozenset, insertion-ordered for stable output.
type Set struct {
	keys  []string
	elems []Value
	index map[string]int
}

// NewSetStore makes an empty set storage.
func NewSetStore() *Set { return &Set{index: map[string]int{}} }

// Len is the number of elements.
func (s *Set) Len() int { return len(s.elems) }

// Add inserts v; it returns false when v is unhashable.
func (s *Set) Add(v Value) bool {
	k, h := HashKey(v)
	if !h {
		return false
	}
	if _, found := s.index[k]; found {
		return true
	}
	s.index[k] = len(s.elems)
	s.keys = append(s.keys, k)
	s.elems = append(s.elems, v)
	return true
}

// Has reports membership; hashable is false when v cannot be hashed.
func (s *Set) Has(v Value) (has, hashable bool) {
	k, h := HashKey(v)
	if !h {
		return false, false
	}
	_, found := s.index[k]
	return found, true
}

// Remove deletes v; it reports whether it was present.
func (s *Set) Remove(v Value) bool {
	k, h := HashKey(v)
	if !h {
		return false
	}
	i, found := s.index[k]
	if !found {
		return false
	}
	delete(s.index, k)
	s.keys = append(s.keys[:i], s.keys[i+1:]...)
	s.elems = append(s.elems[:i], s.elems[i+1:]...)
	for kk, j := range s.index {
		if j > i {
			s.index[kk] = j - 1
		}
	}
	return true
}

// Elems returns the elements in insertion order (shared).
func (s *Set) Elems() []Value { return s.elems }

// Copy makes a shallow copy.
func (s *Set) Copy() *Set {
	c := &Set{keys: append([]string(nil), s.keys...), elems: append([]Value(nil), s.elems...), index: make(map[string]int, len(s.index))}
	for k, v := range s.index {
		c.index[k] = v
	}
	return c
}
