package pyeval

import (
	"strings"
	"unicode"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

type methodFn func(in *Interp, c *callCtx, self v.Value) v.Value

// method returns the bound method name of a plain value.
func (in *Interp) method(obj v.Value, name string) (v.Value, bool) {
	var table map[string]methodFn
	switch obj.Kind() {
	case v.KindStr:
		table = strMethods
	case v.KindBytes:
		table = bytesMethods
	case v.KindList:
		table = listMethods
	case v.KindTuple:
		table = tupleMethods
	case v.KindDict:
		table = dictMethods
	case v.KindSet, v.KindFrozenSet:
		table = setMethods
	case v.KindInt, v.KindBool, v.KindFloat:
		table = numMethods
	}
	fn, ok := table[name]
	if !ok {
		return v.Value{}, false
	}
	return v.NewObject(&Builtin{Name: name, Bound: true, Self: obj, Fn: func(in *Interp, c *callCtx) v.Value {
		self := c.args[0]
		c2 := *c
		c2.args = c.args[1:]
		if u, ok := c2.anyUnknown(); ok {
			return unknownOf("", u).WithEnvFrom(self)
		}
		return fn(in, &c2, self).WithEnvFrom(append(c2.all(), self)...)
	}}), true
}

func strArg(c *callCtx, i int, name string) (string, bool) {
	a, ok := c.arg(i, name)
	if !ok || a.IsNone() {
		return "", false
	}
	s, ok := a.AsStr()
	if !ok {
		s, ok = a.AsBytes()
	}
	return s, ok
}

func intArg(c *callCtx, i int, name string, def int64) int64 {
	a, ok := c.arg(i, name)
	if !ok || a.IsNone() {
		return def
	}
	n, ok := a.AsInt()
	if !ok {
		return def
	}
	return n
}

// same makes a result of the receiver's kind (str or bytes).
func same(self v.Value, s string) v.Value {
	if self.Kind() == v.KindBytes {
		return v.Bytes(s)
	}
	return v.Str(s)
}

func pyStrip(s, chars string, hasChars bool, left, right bool) string {
	if !hasChars {
		if left {
			s = strings.TrimLeftFunc(s, unicode.IsSpace)
		}
		if right {
			s = strings.TrimRightFunc(s, unicode.IsSpace)
		}
		return s
	}
	if left {
		s = strings.TrimLeft(s, chars)
	}
	if right {
		s = strings.TrimRight(s, chars)
	}
	return s
}

func splitWhitespace(s string, maxsplit int64) []string {
	if maxsplit < 0 {
		return strings.Fields(s)
	}
	var out []string
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for s != "" {
		if int64(len(out)) == maxsplit {
			out = append(out, s)
			break
		}
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i])
		s = strings.TrimLeftFunc(s[i:], unicode.IsSpace)
	}
	return out
}

func strsToList(self v.Value, parts []string) v.Value {
	out := make([]v.Value, len(parts))
	for i, p := range parts {
		out[i] = same(self, p)
	}
	return v.NewList(out)
}

var strMethods map[string]methodFn
var bytesMethods map[string]methodFn

func init() {
	strMethods = map[string]methodFn{
		"lower": func(in *Interp, c *callCtx, s v.Value) v.Value { return same(s, strings.ToLower(rawStr(s))) },
		"upper": func(in *Interp, c *callCtx, s v.Value) v.Value { return same(s, strings.ToUpper(rawStr(s))) },
		"casefold": func(in *Interp, c *callCtx, s v.Value) v.Value {
			return same(s, strings.ToLower(rawStr(s)))
		},
		"strip": func(in *Interp, c *callCtx, s v.Value) v.Value {
			chars, has := strArg(c, 0, "chars")
			return same(s, pyStrip(rawStr(s), chars, has, true, true))
		},
		"lstrip": func(in *Interp, c *callCtx, s v.Value) v.Value {
			chars, has := strArg(c, 0, "chars")
			return same(s, pyStrip(rawStr(s), chars, has, true, false))
		},
		"rstrip": func(in *Interp, c *callCtx, s v.Value) v.Value {
			chars, has := strArg(c, 0, "chars")
			return same(s, pyStrip(rawStr(s), chars, has, false, true))
		},
		"split": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sep, has := strArg(c, 0, "sep")
			maxsplit := intArg(c, 1, "maxsplit", -1)
			if !has {
				return strsToList(s, splitWhitespace(rawStr(s), maxsplit))
			}
			if sep == "" {
				in.raise("ValueError", c.pos, c.fr.file, "empty separator")
			}
			return strsToList(s, strings.SplitN(rawStr(s), sep, int(maxOrAll(maxsplit))))
		},
		"rsplit": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sep, has := strArg(c, 0, "sep")
			maxsplit := intArg(c, 1, "maxsplit", -1)
			str := rawStr(s)
			if maxsplit < 0 {
				if !has {
					return strsToList(s, strings.Fields(str))
				}
				return strsToList(s, strings.Split(str, sep))
			}
			if !has {
				parts := strings.Fields(str)
				if int64(len(parts)) > maxsplit+1 {
					cut := len(parts) - int(maxsplit)
					head := strings.Join(parts[:cut], " ")
					parts = append([]string{head}, parts[cut:]...)
				}
				return strsToList(s, parts)
			}
			var parts []string
			for int64(len(parts)) < maxsplit {
				i := strings.LastIndex(str, sep)
				if i < 0 {
					break
				}
				parts = append([]string{str[i+len(sep):]}, parts...)
				str = str[:i]
			}
			return strsToList(s, append([]string{str}, parts...))
		},
		"splitlines": func(in *Interp, c *callCtx, s v.Value) v.Value {
			str := strings.ReplaceAll(rawStr(s), "\r\n", "\n")
			parts := strings.Split(str, "\n")
			if len(parts) > 0 && parts[len(parts)-1] == "" {
				parts = parts[:len(parts)-1]
			}
			return strsToList(s, parts)
		},
		"join": func(in *Interp, c *callCtx, s v.Value) v.Value {
			x, _ := c.arg(0, "iterable")
			items, ok := in.iterate(c.fr, x, c.pos)
			if !ok {
				return unknownOf("join() of a value that could not be evaluated", x)
			}
			parts := make([]string, len(items))
			var env []v.Value
			for i, it := range items {
				if it.IsUnknown() {
					return unknownOf("", it)
				}
				if it.Kind() != s.Kind() {
					in.raise("TypeError", c.pos, c.fr.file, "sequence item %d: expected str instance, %s found", i, it.TypeName())
				}
				parts[i] = rawStr(it)
				env = append(env, it)
			}
			joined := strings.Join(parts, rawStr(s))
			in.checkStr(len(joined), c.pos, c.fr.file)
			return same(s, joined).WithEnvFrom(env...)
		},
		"replace": func(in *Interp, c *callCtx, s v.Value) v.Value {
			old, _ := strArg(c, 0, "old")
			nw, _ := strArg(c, 1, "new")
			count := intArg(c, 2, "count", -1)
			r := strings.Replace(rawStr(s), old, nw, int(maxOrAll(count)))
			in.checkStr(len(r), c.pos, c.fr.file)
			return same(s, r)
		},
		"startswith": func(in *Interp, c *callCtx, s v.Value) v.Value {
			return affix(in, c, s, strings.HasPrefix)
		},
		"endswith": func(in *Interp, c *callCtx, s v.Value) v.Value {
			return affix(in, c, s, strings.HasSuffix)
		},
		"find": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sub, _ := strArg(c, 0, "sub")
			return v.Int(runeIndex(rawStr(s), strings.Index(rawStr(s), sub)))
		},
		"rfind": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sub, _ := strArg(c, 0, "sub")
			return v.Int(runeIndex(rawStr(s), strings.LastIndex(rawStr(s), sub)))
		},
		"index": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sub, _ := strArg(c, 0, "sub")
			i := strings.Index(rawStr(s), sub)
			if i < 0 {
				in.raise("ValueError", c.pos, c.fr.file, "substring not found")
			}
			return v.Int(runeIndex(rawStr(s), i))
		},
		"count": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sub, _ := strArg(c, 0, "sub")
			return v.Int(int64(strings.Count(rawStr(s), sub)))
		},
		"partition": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sep, _ := strArg(c, 0, "sep")
			a, b, found := strings.Cut(rawStr(s), sep)
			if !found {
				return v.NewTuple([]v.Value{s, same(s, ""), same(s, "")})
			}
			return v.NewTuple([]v.Value{same(s, a), same(s, sep), same(s, b)})
		},
		"rpartition": func(in *Interp, c *callCtx, s v.Value) v.Value {
			sep, _ := strArg(c, 0, "sep")
			str := rawStr(s)
			i := strings.LastIndex(str, sep)
			if i < 0 || sep == "" {
				return v.NewTuple([]v.Value{same(s, ""), same(s, ""), s})
			}
			return v.NewTuple([]v.Value{same(s, str[:i]), same(s, sep), same(s, str[i+len(sep):])})
		},
		"removeprefix": func(in *Interp, c *callCtx, s v.Value) v.Value {
			p, _ := strArg(c, 0, "prefix")
			return same(s, strings.TrimPrefix(rawStr(s), p))
		},
		"removesuffix": func(in *Interp, c *callCtx, s v.Value) v.Value {
			p, _ := strArg(c, 0, "suffix")
			return same(s, strings.TrimSuffix(rawStr(s), p))
		},
		"title": func(in *Interp, c *callCtx, s v.Value) v.Value {
			return same(s, pyTitle(rawStr(s)))
		},
		"capitalize": func(in *Interp, c *callCtx, s v.Value) v.Value {
			r := []rune(strings.ToLower(rawStr(s)))
			if len(r) > 0 {
				r[0] = unicode.ToUpper(r[0])
			}
			return same(s, string(r))
		},
		"isdigit":   charClass(unicode.IsDigit),
		"isnumeric": charClass(unicode.IsNumber),
		"isdecimal": charClass(unicode.IsDigit),
		"isalpha":   charClass(unicode.IsLetter),
		"isalnum": charClass(func(r rune) bool {
			return unicode.IsLetter(r) || unicode.IsNumber(r)
		}),
		"isspace": charClass(unicode.IsSpace),
		"islower": func(in *Interp, c *callCtx, s v.Value) v.Value {
			str := rawStr(s)
			return v.Bool(strings.ToLower(str) == str && strings.ToUpper(str) != str)
		},
		"isupper": func(in *Interp, c *callCtx, s v.Value) v.Value {
			str := rawStr(s)
			return v.Bool(strings.ToUpper(str) == str && strings.ToLower(str) != str)
		},
		"isidentifier": func(in *Interp, c *callCtx, s v.Value) v.Value {
			str := rawStr(s)
			ok := str != ""
			for i, r := range str {
				if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
					ok = false
				}
			}
			return v.Bool(ok)
		},
		"zfill": func(in *Interp, c *callCtx, s v.Value) v.Value {
			w := int(intArg(c, 0, "width", 0))
			str := rawStr(s)
			n := len([]rune(str))
			if n >= w {
				return s
			}
			sign := ""
			if str != "" && (str[0] == '-' || str[0] == '+') {
				sign, str = str[:1], str[1:]
			}
			return same(s, sign+strings.Repeat("0", w-n)+str)
		},
		"ljust":  pad(-1),
		"rjust":  pad(1),
		"center": pad(0),
		"encode": func(in *Interp, c *callCtx, s v.Value) v.Value { return v.Bytes(rawStr(s)) },
		"decode": func(in *Interp, c *callCtx, s v.Value) v.Value { return v.Str(rawStr(s)) },
		"format": func(in *Interp, c *callCtx, s v.Value) v.Value {
			return in.strFormat(c.fr, rawStr(s), c.args, c.kwargs, c.pos)
		},
		"format_map": func(in *Interp, c *callCtx, s v.Value) v.Value {
			m, _ := c.arg(0, "mapping")
			d, ok := m.AsDict()
			if !ok {
				return unknownOf("format_map() with a mapping the model does not know", m)
			}
			var kws []kwarg
			for i, k := range d.Keys() {
				if ks, ok := k.AsStr(); ok {
					kws = append(kws, kwarg{ks, d.Values()[i]})
				}
			}
			return in.strFormat(c.fr, rawStr(s), nil, kws, c.pos)
		},
		"expandtabs": func(in *Interp, c *callCtx, s v.Value) v.Value {
			return same(s, strings.ReplaceAll(rawStr(s), "\t", "        "))
		},
		"swapcase": func(in *Interp, c *callCtx, s v.Value) v.Value {
			r := []rune(rawStr(s))
			for i, x := range r {
				if unicode.IsUpper(x) {
					r[i] = unicode.ToLower(x)
				} else {
					r[i] = unicode.ToUpper(x)
				}
			}
			return same(s, string(r))
		},
	}
	bytesMethods = map[string]methodFn{}
	for _, name := range []string{"lower", "upper", "strip", "lstrip", "rstrip", "split", "rsplit", "join",
		"replace", "startswith", "endswith", "find", "rfind", "count", "decode", "partition", "splitlines", "hex"} {
		if m, ok := strMethods[name]; ok {
			bytesMethods[name] = m
		}
	}
}

func maxOrAll(n int64) int64 {
	if n < 0 {
		return -1
	}
	return n + 1
}

func runeIndex(s string, byteIdx int) int64 {
	if byteIdx < 0 {
		return -1
	}
	return int64(len([]rune(s[:byteIdx])))
}

func pyTitle(s string) string {
	var b strings.Builder
	prevLetter := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if prevLetter {
				b.WriteRune(unicode.ToLower(r))
			} else {
				b.WriteRune(unicode.ToUpper(r))
			}
			prevLetter = true
		} else {
			b.WriteRune(r)
			prevLetter = false
		}
	}
	return b.String()
}

func charClass(f func(rune) bool) methodFn {
	return func(in *Interp, c *callCtx, s v.Value) v.Value {
		str := rawStr(s)
		if str == "" {
			return v.False
		}
		for _, r := range str {
			if !f(r) {
				return v.False
			}
		}
		return v.True
	}
}

func pad(align int) methodFn {
	return func(in *Interp, c *callCtx, s v.Value) v.Value {
		w := int(intArg(c, 0, "width", 0))
		fill, ok := strArg(c, 1, "fillchar")
		if !ok || fill == "" {
			fill = " "
		}
		in.checkStr(w, c.pos, c.fr.file)
		str := rawStr(s)
		n := len([]rune(str))
		if n >= w {
			return s
		}
		total := w - n
		switch align {
		case -1:
			return same(s, str+strings.Repeat(fill, total))
		case 1:
			return same(s, strings.Repeat(fill, total)+str)
		}
		left := total / 2
		if total%2 == 1 && w%2 == 1 {
			left++
		}
		return same(s, strings.Repeat(fill, left)+str+strings.Repeat(fill, total-left))
	}
}

func affix(in *Interp, c *callCtx, s v.Value, test func(string, string) bool) v.Value {
	a, _ := c.arg(0, "prefix")
	str := rawStr(s)
	if elems, ok := a.Elems(); ok && a.Kind() == v.KindTuple {
		for _, e := range elems {
			if test(str, rawStr(e)) {
				return v.True
			}
		}
		return v.False
	}
	return v.Bool(test(str, rawStr(a)))
}

var listMethods map[string]methodFn

func init() {
	listMethods = map[string]methodFn{
		"append": func(in *Interp, c *callCtx, self v.Value) v.Value {
			x, _ := c.arg(0, "object")
			l := self.ListRef()
			in.checkSize(len(l.Elems)+1, c.pos, c.fr.file)
			l.Elems = append(l.Elems, x.WithEnv(c.fr.taint))
			return v.None
		},
		"extend": func(in *Interp, c *callCtx, self v.Value) v.Value {
			x, _ := c.arg(0, "iterable")
			items, ok := in.iterate(c.fr, x, c.pos)
			l := self.ListRef()
			if !ok {
				l.Elems = append(l.Elems, v.Unknown("extended with a value that could not be evaluated").WithEnvFrom(x))
				return v.None
			}
			in.checkSize(len(l.Elems)+len(items), c.pos, c.fr.file)
			for _, it := range items {
				l.Elems = append(l.Elems, it.WithEnvFrom(x).WithEnv(c.fr.taint))
			}
			return v.None
		},
		"insert": func(in *Interp, c *callCtx, self v.Value) v.Value {
			i := intArg(c, 0, "index", 0)
			x, _ := c.arg(1, "object")
			l := self.ListRef()
			n := int64(len(l.Elems))
			if i < 0 {
				i += n
				if i < 0 {
					i = 0
				}
			}
			if i > n {
				i = n
			}
			in.checkSize(len(l.Elems)+1, c.pos, c.fr.file)
			l.Elems = append(l.Elems[:i], append([]v.Value{x.WithEnv(c.fr.taint)}, l.Elems[i:]...)...)
			return v.None
		},
		"remove": func(in *Interp, c *callCtx, self v.Value) v.Value {
			x, _ := c.arg(0, "value")
			l := self.ListRef()
			for i, e := range l.Elems {
				if eq, _ := v.Equal(e, x); eq {
					l.Elems = append(l.Elems[:i], l.Elems[i+1:]...)
					return v.None
				}
			}
			in.raise("ValueError", c.pos, c.fr.file, "list.remove(x): x not in list")
			return v.None
		},
		"pop": func(in *Interp, c *callCtx, self v.Value) v.Value {
			l := self.ListRef()
			i := intArg(c, 0, "index", -1)
			j, ok := normIndex(i, int64(len(l.Elems)))
			if !ok {
				in.raise("IndexError", c.pos, c.fr.file, "pop index out of range")
			}
			x := l.Elems[j]
			l.Elems = append(l.Elems[:j], l.Elems[j+1:]...)
			return x
		},
		"index": func(in *Interp, c *callCtx, self v.Value) v.Value {
			x, _ := c.arg(0, "value")
			for i, e := range self.ListRef().Elems {
				if eq, _ := v.Equal(e, x); eq {
					return v.Int(int64(i))
				}
			}
			in.raise("ValueError", c.pos, c.fr.file, "%s is not in list", v.Repr(x))
			return v.None
		},
		"count": func(in *Interp, c *callCtx, self v.Value) v.Value {
			x, _ := c.arg(0, "value")
			n := 0
			for _, e := range self.ListRef().Elems {
				if eq, _ := v.Equal(e, x); eq {
					n++
				}
			}
			return v.Int(int64(n))
		},
		"sort": func(in *Interp, c *callCtx, self v.Value) v.Value { return in.sortList(c, self) },
		"reverse": func(in *Interp, c *callCtx, self v.Value) v.Value {
			e := self.ListRef().Elems
			for i, j := 0, len(e)-1; i < j; i, j = i+1, j-1 {
				e[i], e[j] = e[j], e[i]
			}
			return v.None
		},
		"copy": func(in *Interp, c *callCtx, self v.Value) v.Value {
			return v.NewList(append([]v.Value(nil), self.ListRef().Elems...))
		},
		"clear": func(in *Interp, c *callCtx, self v.Value) v.Value {
			self.ListRef().Elems = nil
			return v.None
		},
	}
}

var tupleMethods map[string]methodFn

func init() {
	tupleMethods = map[string]methodFn{
		"index": listMethods["index"],
		"count": listMethods["count"],
	}
}

var dictMethods map[string]methodFn

func init() {
	dictMethods = map[string]methodFn{
		"get": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			k, _ := c.arg(0, "key")
			val, ok, hashable := d.Get(k)
			if !hashable {
				return v.Unknown("dict lookup with an unhashable key")
			}
			if !ok {
				return c.argOr(1, "default", v.None)
			}
			return val
		},
		"setdefault": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			k, _ := c.arg(0, "key")
			val, ok, _ := d.Get(k)
			if ok {
				return val
			}
			def := c.argOr(1, "default", v.None)
			d.Set(k, def.WithEnv(c.fr.taint))
			return def
		},
		"update": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			if x, ok := c.arg(0, ""); ok && len(c.args) > 0 {
				if !in.dictUpdate(c.fr, d, x, c.pos) {
					return v.None
				}
			}
			for _, k := range c.kwargs {
				d.Set(v.Str(k.name), k.val.WithEnv(c.fr.taint))
			}
			return v.None
		},
		"pop": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			k, _ := c.arg(0, "key")
			val, ok, _ := d.Get(k)
			if !ok {
				if def, has := c.arg(1, "default"); has {
					return def
				}
				in.raise("KeyError", c.pos, c.fr.file, "%s", v.Repr(k))
			}
			d.Delete(k)
			return val
		},
		"keys": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			return v.NewTuple(append([]v.Value(nil), d.Keys()...))
		},
		"values": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			return v.NewTuple(append([]v.Value(nil), d.Values()...))
		},
		"items": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			out := make([]v.Value, d.Len())
			for i, k := range d.Keys() {
				out[i] = v.NewTuple([]v.Value{k, d.Values()[i]})
			}
			return v.NewTuple(out)
		},
		"copy": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			return v.NewDict(d.Copy())
		},
		"clear": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			*d = *v.NewDictStore()
			return v.None
		},
		"popitem": func(in *Interp, c *callCtx, self v.Value) v.Value {
			d, _ := self.AsDict()
			if d.Len() == 0 {
				in.raise("KeyError", c.pos, c.fr.file, "popitem(): dictionary is empty")
			}
			k := d.Keys()[d.Len()-1]
			val := d.Values()[d.Len()-1]
			d.Delete(k)
			return v.NewTuple([]v.Value{k, val})
		},
	}
}

var setMethods map[string]methodFn

func init() {
	setMethods = map[string]methodFn{
		"add": func(in *Interp, c *callCtx, self v.Value) v.Value {
			s, _ := self.AsSet()
			x, _ := c.arg(0, "elem")
			s.Add(x)
			return v.None
		},
		"update": func(in *Interp, c *callCtx, self v.Value) v.Value {
			s, _ := self.AsSet()
			for _, a := range c.args {
				items, ok := in.iterate(c.fr, a, c.pos)
				if !ok {
					return v.None
				}
				for _, it := range items {
					s.Add(it)
				}
			}
			return v.None
		},
		"discard": func(in *Interp, c *callCtx, self v.Value) v.Value {
			s, _ := self.AsSet()
			x, _ := c.arg(0, "elem")
			s.Remove(x)
			return v.None
		},
		"remove": func(in *Interp, c *callCtx, self v.Value) v.Value {
			s, _ := self.AsSet()
			x, _ := c.arg(0, "elem")
			if !s.Remove(x) {
				in.raise("KeyError", c.pos, c.fr.file, "%s", v.Repr(x))
			}
			return v.None
		},
		"union":        setBinary(0),
		"intersection": setBinary(1),
		"difference":   setBinary(2),
		"issubset": func(in *Interp, c *callCtx, self v.Value) v.Value {
			s, _ := self.AsSet()
			x, _ := c.arg(0, "other")
			items, ok := in.iterate(c.fr, x, c.pos)
			if !ok {
				return v.Unknown("issubset() of a value that could not be evaluated")
			}
			other := v.NewSetStore()
			for _, it := range items {
				other.Add(it)
			}
			for _, e := range s.Elems() {
				if has, _ := other.Has(e); !has {
					return v.False
				}
			}
			return v.True
		},
		"copy": func(in *Interp, c *callCtx, self v.Value) v.Value {
			s, _ := self.AsSet()
			return v.NewSet(s.Copy(), self.Kind() == v.KindFrozenSet)
		},
	}
}

func setBinary(kind int) methodFn {
	return func(in *Interp, c *callCtx, self v.Value) v.Value {
		s, _ := self.AsSet()
		out := s.Copy()
		for _, a := range c.args {
			items, ok := in.iterate(c.fr, a, c.pos)
			if !ok {
				return unknownOf("set operation with a value that could not be evaluated", a)
			}
			other := v.NewSetStore()
			for _, it := range items {
				other.Add(it)
			}
			switch kind {
			case 0:
				for _, it := range items {
					out.Add(it)
				}
			case 1:
				for _, e := range append([]v.Value(nil), out.Elems()...) {
					if has, _ := other.Has(e); !has {
						out.Remove(e)
					}
				}
			case 2:
				for _, it := range items {
					out.Remove(it)
				}
			}
		}
		return v.NewSet(out, self.Kind() == v.KindFrozenSet)
	}
}

var numMethods map[string]methodFn

func init() {
	numMethods = map[string]methodFn{
		"is_integer": func(in *Interp, c *callCtx, self v.Value) v.Value {
			f := toF(self)
			return v.Bool(f == float64(int64(f)))
		},
		"bit_length": func(in *Interp, c *callCtx, self v.Value) v.Value {
			b, ok := self.AsBigInt()
			if !ok {
				return v.Unknown("bit_length of a float")
			}
			return v.Int(int64(b.BitLen()))
		},
	}
}
