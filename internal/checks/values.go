package checks

import (
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// tri is a three-valued truth: a condition over settings is true, false,
// or cannot be decided because a value it needs is unknown.
type tri int8

const (
	no tri = iota
	yes
	unknown
)

// triOf turns a (value, known) pair into a tri.
func triOf(b, known bool) tri {
	switch {
	case !known:
		return unknown
	case b:
		return yes
	}
	return no
}

// not is logical negation; unknown stays unknown.
func (t tri) not() tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

// and3 is true when all are true, false when any is false.
func and3(ts ...tri) tri {
	out := yes
	for _, t := range ts {
		if t == no {
			return no
		}
		if t == unknown {
			out = unknown
		}
	}
	return out
}

// or3 is true when any is true, false when all are false.
func or3(ts ...tri) tri {
	out := no
	for _, t := range ts {
		if t == yes {
			return yes
		}
		if t == unknown {
			out = unknown
		}
	}
	return out
}

// truthy is Python's bool(v).
func truthy(v pyvalue.Value) tri { return triOf(v.Truthy()) }

// isTrue is Python's `v is True`.
func isTrue(v pyvalue.Value) tri {
	if v.IsUnknown() {
		return unknown
	}
	return triOf(v.IsTrue(), true)
}

// isNone is Python's `v is None`.
func isNone(v pyvalue.Value) tri {
	if v.IsUnknown() {
		return unknown
	}
	return triOf(v.IsNone(), true)
}

// equalsStr is Python's `v == s`.
func equalsStr(v pyvalue.Value, s string) tri {
	return triOf(pyvalue.Equal(v, pyvalue.Str(s)))
}

// contains is Python's `needle in container` for a str needle: element
// equality for lists and tuples, key membership for dicts, membership for
// sets and a substring test for a str. Other types would raise TypeError
// in Python; they answer unknown (settings validation reports the crash).
func contains(container pyvalue.Value, needle string) tri {
	n := pyvalue.Str(needle)
	switch container.Kind() {
	case pyvalue.KindStr:
		s, _ := container.AsStr()
		return triOf(strings.Contains(s, needle), true)
	case pyvalue.KindList, pyvalue.KindTuple:
		elems, _ := container.Elems()
		out := no
		for _, e := range elems {
			switch triOf(pyvalue.Equal(e, n)) {
			case yes:
				return yes
			case unknown:
				out = unknown
			}
		}
		return out
	case pyvalue.KindDict:
		d, _ := container.AsDict()
		_, ok := d.GetStr(needle)
		if ok {
			return yes
		}
		for _, k := range d.Keys() {
			if k.IsUnknown() {
				return unknown
			}
		}
		return no
	case pyvalue.KindSet, pyvalue.KindFrozenSet:
		s, _ := container.AsSet()
		has, _ := s.Has(n)
		if has {
			return yes
		}
		for _, e := range s.Elems() {
			if e.IsUnknown() {
				return unknown
			}
		}
		return no
	}
	return unknown
}

// dictItems returns a dict's keys and values (shared slices).
func dictItems(v pyvalue.Value) (keys, vals []pyvalue.Value, ok bool) {
	d, ok := v.AsDict()
	if !ok {
		return nil, nil, false
	}
	return d.Keys(), d.Values(), true
}

// dictGet looks a str key up in a dict value: found is unknown when the
// value is not known to be a dict or a key is unknown.
func dictGet(v pyvalue.Value, key string) (pyvalue.Value, tri) {
	d, ok := v.AsDict()
	if !ok {
		return pyvalue.Value{}, unknown
	}
	if val, ok := d.GetStr(key); ok {
		return val, yes
	}
	for _, k := range d.Keys() {
		if k.IsUnknown() {
			return pyvalue.Value{}, unknown
		}
	}
	return pyvalue.Value{}, no
}

// pathLike is implemented by interpreter objects that stand for a
// filesystem path (os.fspath).
type pathLike interface {
	FSPath() string
}

// pathText returns the text of a str or path-like value (os.fspath); ok
// is false for anything else, including Unknown values.
func pathText(v pyvalue.Value) (string, bool) {
	if s, ok := v.AsStr(); ok {
		return s, true
	}
	o, ok := v.AsObject()
	if !ok {
		return "", false
	}
	if p, ok := o.(pathLike); ok {
		return p.FSPath(), true
	}
	switch o.TypeName() {
	case "PosixPath", "PurePosixPath", "Path":
		// The interpreter renders a path as PosixPath('<text>').
		r := pyvalue.Repr(v)
		open := strings.IndexByte(r, '(')
		if open < 0 || !strings.HasSuffix(r, ")") {
			return "", false
		}
		inner, err := settings.ParseLiteral(r[open+1 : len(r)-1])
		if err != nil {
			return "", false
		}
		return inner.AsStr()
	}
	return "", false
}

// isRandom reports whether v (or anything it came from) is generated anew
// at each start, such as get_random_secret_key().
func isRandom(v pyvalue.Value) bool { return v.IsRandom() }
