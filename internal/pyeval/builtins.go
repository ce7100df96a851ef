package pyeval

import (
	"math"
	"sort"

	"github.com/deploycheck/deploycheck/internal/pyast"
	"math/big"
	"strconv"
	"strings"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// builtinClasses holds the modelled builtin types and exceptions.
type builtinClasses struct {
	m map[string]*Class
}

func newBuiltinClasses() *builtinClasses {
	bc := &builtinClasses{m: map[string]*Class{}}
	def := func(name string, bases ...string) {
		c := &Class{Name: name, ns: newNamespace()}
		for _, b := range bases {
			c.Bases = append(c.Bases, bc.m[b])
		}
		bc.m[name] = c
	}
	def("object")
	def("BaseException", "object")
	def("Exception", "BaseException")
	def("SystemExit", "BaseException")
	def("KeyboardInterrupt", "BaseException")
	def("ArithmeticError", "Exception")
	def("ZeroDivisionError", "ArithmeticError")
	def("OverflowError", "ArithmeticError")
	def("AssertionError", "Exception")
	def("AttributeError", "Exception")
	def("ImportError", "Exception")
	def("ModuleNotFoundError", "ImportError")
	def("LookupError", "Exception")
	def("IndexError", "LookupError")
	def("KeyError", "LookupError")
	def("NameError", "Exception")
	def("OSError", "Exception")
	def("FileNotFoundError", "OSError")
	def("PermissionError", "OSError")
	def("IsADirectoryError", "OSError")
	def("RuntimeError", "Exception")
	def("RecursionError", "RuntimeError")
	def("NotImplementedError", "RuntimeError")
	def("SyntaxError", "Exception")
	def("IndentationError", "SyntaxError")
	def("TabError", "IndentationError")
	def("TypeError", "Exception")
	def("ValueError", "Exception")
	def("UnicodeError", "ValueError")
	def("StopIteration", "Exception")
	def("Warning", "Exception")
	def("DeprecationWarning", "Warning")
	def("UserWarning", "Warning")
	// django.core.exceptions.ImproperlyConfigured (django-environ raises it)
	def("ImproperlyConfigured", "Exception")
	// decouple.UndefinedValueError
	def("UndefinedValueError", "Exception")
	return bc
}

// isBuiltinException reports whether c is (or derives from) one of the
// modelled exception classes, whose instances carry attributes (name,
// path, errno...) the model does not all know.
func (bc *builtinClasses) isBuiltinException(c *Class) bool {
	return c.isSubclass(bc.m["BaseException"])
}

func (bc *builtinClasses) get(name string) *Class {
	if c, ok := bc.m[name]; ok {
		return c
	}
	return bc.m["Exception"]
}

func exceptionNames() []string {
	return []string{"BaseException", "Exception", "SystemExit", "KeyboardInterrupt", "ArithmeticError",
		"ZeroDivisionError", "OverflowError", "AssertionError", "AttributeError", "ImportError",
		"ModuleNotFoundError", "LookupError", "IndexError", "KeyError", "NameError", "OSError",
		"FileNotFoundError", "PermissionError", "IsADirectoryError", "RuntimeError", "RecursionError",
		"NotImplementedError", "SyntaxError", "IndentationError", "TabError", "TypeError", "ValueError",
		"UnicodeError", "StopIteration", "Warning", "DeprecationWarning", "UserWarning"}
}

func builtinFn(name string, fn func(in *Interp, c *callCtx) v.Value) v.Value {
	return v.NewObject(&Builtin{Name: name, Fn: fn})
}

// typeClass makes the class standing for a builtin type.
func typeClass(name string, call func(in *Interp, c *callCtx) v.Value) *Class {
	return &Class{Name: name, builtin: name, call: call, ns: newNamespace()}
}

func (in *Interp) makeBuiltins() map[string]v.Value {
	b := map[string]v.Value{}
	for _, name := range exceptionNames() {
		c := in.classes.get(name)
		b[name] = v.NewObject(c)
	}
	b["None"] = v.None
	b["True"] = v.True
	b["False"] = v.False
	b["Ellipsis"] = v.Ellipsis
	b["NotImplemented"] = v.Unknown("NotImplemented")
	b["__name__"] = v.Str("builtins")

	types := map[string]*Class{
		"str":       typeClass("str", bStr),
		"int":       typeClass("int", bInt),
		"float":     typeClass("float", bFloat),
		"bool":      typeClass("bool", bBool),
		"list":      typeClass("list", bList),
		"tuple":     typeClass("tuple", bTuple),
		"dict":      typeClass("dict", bDict),
		"set":       typeClass("set", bSet),
		"frozenset": typeClass("frozenset", bFrozenSet),
		"bytes":     typeClass("bytes", bBytes),
		"object":    in.classes.get("object"),
		"type":      typeClass("type", bType),
	}
	for name, c := range types {
		b[name] = v.NewObject(c)
	}
	b["len"] = builtinFn("len", bLen)
	b["repr"] = builtinFn("repr", func(in *Interp, c *callCtx) v.Value {
		x := c.argOr(0, "obj", v.None)
		if x.IsUnknown() {
			return x
		}
		return v.Str(v.Repr(x)).WithEnvFrom(x)
	})
	b["print"] = builtinFn("print", func(in *Interp, c *callCtx) v.Value { return v.None })
	b["isinstance"] = builtinFn("isinstance", bIsInstance)
	b["issubclass"] = builtinFn("issubclass", func(in *Interp, c *callCtx) v.Value {
		a, _ := c.arg(0, "")
		bb, _ := c.arg(1, "")
		ac, ok1 := classOf(a)
		bc, ok2 := classOf(bb)
		if !ok1 || !ok2 {
			return v.Unknown("issubclass with classes the model does not know")
		}
		return v.Bool(ac.isSubclass(bc))
	})
	b["getattr"] = builtinFn("getattr", func(in *Interp, c *callCtx) v.Value {
		obj, _ := c.arg(0, "")
		name, _ := c.arg(1, "")
		s, ok := name.AsStr()
		if !ok {
			return v.Unknown("getattr with a name that could not be evaluated").WithEnvFrom(name)
		}
		if def, has := c.arg(2, "default"); has {
			var res v.Value
			if exc := in.catch(func() { res = in.getAttr(c.fr, obj, s, c.pos) }); exc != nil {
				if exc.Value.Class.Name == "AttributeError" {
					return def
				}
				panic(exc)
			}
			return res
		}
		return in.getAttr(c.fr, obj, s, c.pos)
	})
	b["hasattr"] = builtinFn("hasattr", func(in *Interp, c *callCtx) v.Value {
		obj, _ := c.arg(0, "")
		name, _ := c.arg(1, "")
		s, ok := name.AsStr()
		if !ok || obj.IsUnknown() {
			return v.Unknown("hasattr on a value that could not be evaluated")
		}
		var res v.Value
		if exc := in.catch(func() { res = in.getAttr(c.fr, obj, s, c.pos) }); exc != nil {
			return v.False
		}
		if res.IsUnknown() {
			return v.Unknown("hasattr on an object the model does not know")
		}
		return v.True
	})
	b["setattr"] = builtinFn("setattr", func(in *Interp, c *callCtx) v.Value {
		obj, _ := c.arg(0, "")
		name, _ := c.arg(1, "")
		val, _ := c.arg(2, "")
		if s, ok := name.AsStr(); ok {
			in.setAttr(c.fr, obj, s, val, c.pos)
		}
		return v.None
	})
	b["sorted"] = builtinFn("sorted", bSorted)
	b["reversed"] = builtinFn("reversed", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "")
		items, ok := in.iterate(c.fr, x, c.pos)
		if !ok {
			return unknownOf("reversed() of a value that could not be evaluated", x)
		}
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
		return v.NewTuple(items).WithEnvFrom(x)
	})
	b["enumerate"] = builtinFn("enumerate", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "iterable")
		start, _ := c.argOr(1, "start", v.Int(0)).AsInt()
		items, ok := in.iterate(c.fr, x, c.pos)
		if !ok {
			return unknownOf("enumerate() of a value that could not be evaluated", x)
		}
		out := make([]v.Value, len(items))
		for i, it := range items {
			out[i] = v.NewTuple([]v.Value{v.Int(start + int64(i)), it})
		}
		return v.NewTuple(out).WithEnvFrom(x)
	})
	b["zip"] = builtinFn("zip", func(in *Interp, c *callCtx) v.Value {
		var lists [][]v.Value
		n := -1
		for _, a := range c.args {
			items, ok := in.iterate(c.fr, a, c.pos)
			if !ok {
				return unknownOf("zip() of a value that could not be evaluated", c.args...)
			}
			lists = append(lists, items)
			if n < 0 || len(items) < n {
				n = len(items)
			}
		}
		out := make([]v.Value, max(n, 0))
		for i := range out {
			t := make([]v.Value, len(lists))
			for j := range lists {
				t[j] = lists[j][i]
			}
			out[i] = v.NewTuple(t)
		}
		return v.NewTuple(out).WithEnvFrom(c.args...)
	})
	b["range"] = builtinFn("range", func(in *Interp, c *callCtx) v.Value {
		var nums []int64
		for _, a := range c.args {
			n, ok := a.AsInt()
			if !ok {
				return unknownOf("range() with bounds that could not be evaluated", c.args...)
			}
			nums = append(nums, n)
		}
		r := &Range{Step: 1}
		switch len(nums) {
		case 1:
			r.Stop = nums[0]
		case 2:
			r.Start, r.Stop = nums[0], nums[1]
		case 3:
			r.Start, r.Stop, r.Step = nums[0], nums[1], nums[2]
			if r.Step == 0 {
				in.raise("ValueError", c.pos, c.fr.file, "range() arg 3 must not be zero")
			}
		default:
			in.raise("TypeError", c.pos, c.fr.file, "range expected 1 to 3 arguments")
		}
		return v.NewObject(r)
	})
	b["min"] = builtinFn("min", func(in *Interp, c *callCtx) v.Value { return in.minmax(c, -1) })
	b["max"] = builtinFn("max", func(in *Interp, c *callCtx) v.Value { return in.minmax(c, 1) })
	b["sum"] = builtinFn("sum", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "iterable")
		items, ok := in.iterate(c.fr, x, c.pos)
		if !ok {
			return unknownOf("sum() of a value that could not be evaluated", x)
		}
		acc := c.argOr(1, "start", v.Int(0))
		for _, it := range items {
			acc = in.binop(c.fr, acc, 0, it, c.pos)
		}
		return acc.WithEnvFrom(x)
	})
	b["any"] = builtinFn("any", func(in *Interp, c *callCtx) v.Value { return in.anyAll(c, true) })
	b["all"] = builtinFn("all", func(in *Interp, c *callCtx) v.Value { return in.anyAll(c, false) })
	b["abs"] = builtinFn("abs", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "")
		if f, ok := x.AsFloat(); ok {
			return v.Float(math.Abs(f)).WithEnvFrom(x)
		}
		if bi, ok := x.AsBigInt(); ok {
			return v.BigInt(new(big.Int).Abs(bi)).WithEnvFrom(x)
		}
		return unknownOf("abs() of a value that could not be evaluated", x)
	})
	b["round"] = builtinFn("round", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "number")
		if f, ok := x.AsFloat(); ok {
			if nd, has := c.arg(1, "ndigits"); has && !nd.IsNone() {
				n, _ := nd.AsInt()
				p := math.Pow(10, float64(n))
				return v.Float(math.RoundToEven(f*p) / p).WithEnvFrom(x)
			}
			return v.Int(int64(math.RoundToEven(f))).WithEnvFrom(x)
		}
		if isInt(x) {
			return x
		}
		return unknownOf("round() of a value that could not be evaluated", x)
	})
	b["map"] = builtinFn("map", func(in *Interp, c *callCtx) v.Value {
		fn, _ := c.arg(0, "")
		x, _ := c.arg(1, "")
		items, ok := in.iterate(c.fr, x, c.pos)
		if !ok || len(c.args) > 2 {
			return unknownOf("map() over a value that could not be evaluated", x)
		}
		out := make([]v.Value, len(items))
		for i, it := range items {
			out[i] = in.call(c.fr, fn, []v.Value{it}, nil, c.pos)
		}
		return v.NewTuple(out).WithEnvFrom(x)
	})
	b["filter"] = builtinFn("filter", func(in *Interp, c *callCtx) v.Value {
		fn, _ := c.arg(0, "")
		x, _ := c.arg(1, "")
		items, ok := in.iterate(c.fr, x, c.pos)
		if !ok {
			return unknownOf("filter() over a value that could not be evaluated", x)
		}
		var out []v.Value
		for _, it := range items {
			keep := it
			if !fn.IsNone() {
				keep = in.call(c.fr, fn, []v.Value{it}, nil, c.pos)
			}
			t, known := keep.Truthy()
			if !known {
				return unknownOf("filter() with a predicate that could not be evaluated", x)
			}
			if t {
				out = append(out, it)
			}
		}
		return v.NewTuple(out).WithEnvFrom(x)
	})
	b["iter"] = builtinFn("iter", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "")
		items, ok := in.iterate(c.fr, x, c.pos)
		if !ok {
			return unknownOf("iter() of a value that could not be evaluated", x)
		}
		return v.NewTuple(items).WithEnvFrom(x)
	})
	b["next"] = builtinFn("next", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "")
		items, ok := in.iterate(c.fr, x, c.pos)
		if !ok {
			return unknownOf("next() of a value that could not be evaluated", x)
		}
		if len(items) == 0 {
			if def, has := c.arg(1, "default"); has {
				return def
			}
			in.raise("StopIteration", c.pos, c.fr.file, "")
		}
		return items[0].WithEnvFrom(x)
	})
	b["callable"] = builtinFn("callable", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "")
		if x.IsUnknown() {
			return x
		}
		o, ok := x.AsObject()
		if !ok {
			return v.False
		}
		switch o.(type) {
		case *Function, *Builtin, *Class, *BoundMethod, callObject:
			return v.True
		}
		return v.False
	})
	b["chr"] = builtinFn("chr", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "")
		n, ok := x.AsInt()
		if !ok {
			return unknownOf("chr() of a value that could not be evaluated", x)
		}
		return v.Str(string(rune(n))).WithEnvFrom(x)
	})
	b["ord"] = builtinFn("ord", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "")
		s, ok := x.AsStr()
		if !ok || len([]rune(s)) != 1 {
			return unknownOf("ord() of a value that could not be evaluated", x)
		}
		return v.Int(int64([]rune(s)[0])).WithEnvFrom(x)
	})
	b["format"] = builtinFn("format", func(in *Interp, c *callCtx) v.Value {
		x, _ := c.arg(0, "value")
		spec, _ := c.argOr(1, "format_spec", v.Str("")).AsStr()
		return in.formatSpec(c.fr, x, spec, c.pos)
	})
	b["hash"] = builtinFn("hash", func(in *Interp, c *callCtx) v.Value { return v.Unknown("hash() value") })
	b["id"] = builtinFn("id", func(in *Interp, c *callCtx) v.Value { return v.Unknown("id() value") })
	for _, name := range []string{"open", "exec", "eval", "compile", "input", "__import__", "vars", "dir", "breakpoint", "help", "memoryview", "bytearray", "super"} {
		n := name
		b[n] = builtinFn(n, func(in *Interp, c *callCtx) v.Value {
			return v.Unknown(n + "() is not evaluated (deploycheck never runs or reads outside the settings)")
		})
	}
	b["globals"] = builtinFn("globals", globalsBuiltin(false))
	b["locals"] = builtinFn("locals", globalsBuiltin(true))
	for _, name := range []string{"staticmethod", "classmethod", "property"} {
		b[name] = builtinFn(name, func(in *Interp, c *callCtx) v.Value { return c.argOr(0, "", v.None) })
	}
	return b
}

func classOf(x v.Value) (*Class, bool) {
	o, ok := x.AsObject()
	if !ok {
		return nil, false
	}
	c, ok := o.(*Class)
	return c, ok
}

func bLen(in *Interp, c *callCtx) v.Value {
	x, _ := c.arg(0, "obj")
	switch x.Kind() {
	case v.KindStr:
		s, _ := x.AsStr()
		return v.Int(int64(len([]rune(s)))).WithEnvFrom(x)
	case v.KindBytes:
		return v.Int(int64(len(rawStr(x)))).WithEnvFrom(x)
	case v.KindList, v.KindTuple:
		e, _ := x.Elems()
		return v.Int(int64(len(e))).WithEnvFrom(x)
	case v.KindDict:
		d, _ := x.AsDict()
		return v.Int(int64(d.Len())).WithEnvFrom(x)
	case v.KindSet, v.KindFrozenSet:
		s, _ := x.AsSet()
		return v.Int(int64(s.Len())).WithEnvFrom(x)
	case v.KindObject:
		o, _ := x.AsObject()
		if r, ok := o.(*Range); ok {
			return v.Int(r.Len())
		}
		if it, ok := o.(iterObject); ok {
			if items, ok := it.items(in); ok {
				return v.Int(int64(len(items))).WithEnvFrom(x)
			}
		}
		return unknownOf("len() of an object the model does not know", x)
	case v.KindUnknown:
		return x
	}
	in.raise("TypeError", c.pos, c.fr.file, "object of type '%s' has no len()", x.TypeName())
	return v.Value{}
}

// str converts a value with str(); the result is a Str or an Unknown.
func (in *Interp) toStr(fr *frame, x v.Value) v.Value {
	switch x.Kind() {
	case v.KindStr:
		return x
	case v.KindUnknown:
		return x
	case v.KindObject:
		o, _ := x.AsObject()
		switch p := o.(type) {
		case *Path:
			return v.Str(p.P).WithEnvFrom(x)
		case *Instance:
			if len(p.Args) == 1 {
				return in.toStr(fr, p.Args[0])
			}
			if len(p.Args) == 0 {
				return v.Str("")
			}
		case interface{ str() (string, bool) }:
			if s, ok := p.str(); ok {
				return v.Str(s).WithEnvFrom(x)
			}
			return v.Unknown("str() of " + o.TypeName()).WithEnvFrom(x)
		case *Module, *Function, *Class, *Builtin:
			return v.Str(v.Repr(x))
		}
		return v.Unknown("str() of " + o.TypeName()).WithEnvFrom(x)
	}
	return v.Str(v.Repr(x)).WithEnvFrom(x)
}

// str returns a value's str() as Go text, or "" when unknown.
func (in *Interp) str(fr *frame, x v.Value) string {
	s, _ := in.toStr(fr, x).AsStr()
	return s
}

func bStr(in *Interp, c *callCtx) v.Value {
	x, ok := c.arg(0, "object")
	if !ok {
		return v.Str("")
	}
	if enc, has := c.arg(1, "encoding"); has && x.Kind() == v.KindBytes {
		_ = enc
		return v.Str(rawStr(x)).WithEnvFrom(x)
	}
	return in.toStr(c.fr, x)
}

func bInt(in *Interp, c *callCtx) v.Value {
	x, ok := c.arg(0, "x")
	if !ok {
		return v.Int(0)
	}
	switch x.Kind() {
	case v.KindBool, v.KindInt:
		b, _ := x.AsBigInt()
		return v.BigInt(b).WithEnvFrom(x)
	case v.KindFloat:
		f, _ := x.AsFloat()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			in.raise("ValueError", c.pos, c.fr.file, "cannot convert float to integer")
		}
		bf := new(big.Float).SetFloat64(math.Trunc(f))
		bi, _ := bf.Int(nil)
		return v.BigInt(bi).WithEnvFrom(x)
	case v.KindStr, v.KindBytes:
		base := int64(10)
		if bv, has := c.arg(1, "base"); has {
			base, _ = bv.AsInt()
		}
		s := strings.TrimSpace(rawStr(x))
		s = strings.ReplaceAll(s, "_", "")
		n, ok := new(big.Int).SetString(s, int(base))
		if !ok || s == "" {
			exc := in.newException("ValueError", c.pos, c.fr.file, "invalid literal for int() with base "+strconv.FormatInt(base, 10)+": "+v.Repr(x))
			exc.env = x.EnvSet()
			panic(exc)
		}
		return v.BigInt(n).WithEnvFrom(x)
	case v.KindUnknown:
		return x
	}
	return unknownOf("int() of "+x.TypeName(), x)
}

func bFloat(in *Interp, c *callCtx) v.Value {
	x, ok := c.arg(0, "x")
	if !ok {
		return v.Float(0)
	}
	switch x.Kind() {
	case v.KindBool, v.KindInt, v.KindFloat:
		return v.Float(toF(x)).WithEnvFrom(x)
	case v.KindStr:
		s, _ := x.AsStr()
		t := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "_", "")))
		switch t {
		case "inf", "+inf", "infinity":
			return v.Float(math.Inf(1)).WithEnvFrom(x)
		case "-inf", "-infinity":
			return v.Float(math.Inf(-1)).WithEnvFrom(x)
		case "nan":
			return v.Float(math.NaN()).WithEnvFrom(x)
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			exc := in.newException("ValueError", c.pos, c.fr.file, "could not convert string to float: "+v.Repr(x))
			exc.env = x.EnvSet()
			panic(exc)
		}
		return v.Float(f).WithEnvFrom(x)
	case v.KindUnknown:
		return x
	}
	return unknownOf("float() of "+x.TypeName(), x)
}

func bBool(in *Interp, c *callCtx) v.Value {
	x, ok := c.arg(0, "x")
	if !ok {
		return v.False
	}
	t, known := x.Truthy()
	if !known {
		return unknownOf("bool() of a value that could not be evaluated", x)
	}
	return v.Bool(t).WithEnvFrom(x)
}

func bList(in *Interp, c *callCtx) v.Value {
	x, ok := c.arg(0, "iterable")
	if !ok {
		return v.NewList(nil)
	}
	items, ok := in.iterate(c.fr, x, c.pos)
	if !ok {
		return unknownOf("list() of a value that could not be evaluated", x)
	}
	return v.NewList(items).WithEnvFrom(x)
}

func bTuple(in *Interp, c *callCtx) v.Value {
	x, ok := c.arg(0, "iterable")
	if !ok {
		return v.NewTuple(nil)
	}
	items, ok := in.iterate(c.fr, x, c.pos)
	if !ok {
		return unknownOf("tuple() of a value that could not be evaluated", x)
	}
	return v.NewTuple(items).WithEnvFrom(x)
}

func bBytes(in *Interp, c *callCtx) v.Value {
	x, ok := c.arg(0, "source")
	if !ok {
		return v.Bytes("")
	}
	if s, ok := x.AsStr(); ok {
		return v.Bytes(s).WithEnvFrom(x)
	}
	if x.Kind() == v.KindBytes {
		return x
	}
	return unknownOf("bytes() of "+x.TypeName(), x)
}

func bDict(in *Interp, c *callCtx) v.Value {
	d := v.NewDictStore()
	var env []v.Value
	if x, ok := c.arg(0, "mapping"); ok && len(c.args) > 0 {
		env = append(env, x)
		if !in.dictUpdate(c.fr, d, x, c.pos) {
			return unknownOf("dict() of a value that could not be evaluated", x)
		}
	}
	for _, k := range c.kwargs {
		d.Set(v.Str(k.name), k.val)
	}
	return v.NewDict(d).WithEnvFrom(env...)
}

// dictUpdate merges a mapping or an iterable of pairs into d.
func (in *Interp) dictUpdate(fr *frame, d *v.Dict, x v.Value, pos pyast.Pos) bool {
	if od, ok := x.AsDict(); ok {
		for i, k := range od.Keys() {
			d.Set(k, od.Values()[i])
		}
		return true
	}
	items, ok := in.iterate(fr, x, pos)
	if !ok {
		return false
	}
	for _, it := range items {
		pair, ok := it.Elems()
		if !ok || len(pair) != 2 {
			return false
		}
		d.Set(pair[0], pair[1])
	}
	return true
}

func bSet(in *Interp, c *callCtx) v.Value       { return in.makeSet(c, false) }
func bFrozenSet(in *Interp, c *callCtx) v.Value { return in.makeSet(c, true) }

// bType is type(x) for one argument: the class of a plain value or of an
// instance; other objects' types are unknown.
func bType(in *Interp, c *callCtx) v.Value {
	if len(c.args) != 1 {
		return v.Unknown("type() with three arguments")
	}
	x := c.args[0]
	if x.IsUnknown() {
		return x
	}
	if o, ok := x.AsObject(); ok {
		if inst, ok := o.(*Instance); ok {
			return v.NewObject(inst.Class)
		}
		return v.Unknown("type of " + o.TypeName())
	}
	if cls, ok := in.builtins[x.TypeName()]; ok {
		return cls
	}
	return v.Unknown("type " + x.TypeName())
}
func (in *Interp) makeSet(c *callCtx, frozen bool) v.Value {
	s := v.NewSetStore()
	x, ok := c.arg(0, "iterable")
	if !ok {
		return v.NewSet(s, frozen)
	}
	items, ok := in.iterate(c.fr, x, c.pos)
	if !ok {
		return unknownOf("set() of a value that could not be evaluated", x)
	}
	for _, it := range items {
		if !s.Add(it) {
			return in.unhashable(c.fr, it, c.pos)
		}
	}
	return v.NewSet(s, frozen).WithEnvFrom(x)
}

func bIsInstance(in *Interp, c *callCtx) v.Value {
	x, _ := c.arg(0, "")
	t, _ := c.arg(1, "")
	if x.IsUnknown() || t.IsUnknown() {
		return unknownOf("isinstance() of a value that could not be evaluated", x, t)
	}
	var classes []v.Value
	if elems, ok := t.Elems(); ok && t.Kind() == v.KindTuple {
		classes = elems
	} else {
		classes = []v.Value{t}
	}
	for _, cv := range classes {
		cl, ok := classOf(cv)
		if !ok {
			return v.Unknown("isinstance() with a class the model does not know")
		}
		if cl.builtin != "" {
			tn := x.TypeName()
			if tn == cl.builtin || cl.builtin == "int" && tn == "bool" {
				return v.True.WithEnvFrom(x)
			}
			continue
		}
		if cl.Name == "object" {
			return v.True
		}
		if o, ok := x.AsObject(); ok {
			if inst, ok := o.(*Instance); ok && inst.Class.isSubclass(cl) {
				return v.True.WithEnvFrom(x)
			}
			if _, ok := o.(*Instance); !ok {
				return v.Unknown("isinstance() of an object the model does not know")
			}
		}
	}
	return v.False.WithEnvFrom(x)
}

func bSorted(in *Interp, c *callCtx) v.Value {
	x, _ := c.arg(0, "iterable")
	items, ok := in.iterate(c.fr, x, c.pos)
	if !ok {
		return unknownOf("sorted() of a value that could not be evaluated", x)
	}
	res := v.NewList(items)
	in.sortList(c, res)
	return res.WithEnvFrom(x)
}

// sortList sorts a list value in place honouring key= and reverse=.
func (in *Interp) sortList(c *callCtx, list v.Value) v.Value {
	l := list.ListRef()
	keyFn, hasKey := c.arg(-1, "key")
	rev := false
	if r, ok := c.arg(-1, "reverse"); ok {
		rev, _ = r.Truthy()
	}
	keys := make([]v.Value, len(l.Elems))
	for i, e := range l.Elems {
		if hasKey && !keyFn.IsNone() {
			keys[i] = in.call(c.fr, keyFn, []v.Value{e}, nil, c.pos)
		} else {
			keys[i] = e
		}
		if keys[i].IsUnknown() {
			return v.Unknown("sort of values that could not be evaluated")
		}
	}
	idx := make([]int, len(l.Elems))
	for i := range idx {
		idx[i] = i
	}
	failed := false
	sort.SliceStable(idx, func(a, b int) bool {
		cmp, ok := in.order(keys[idx[a]], keys[idx[b]])
		if !ok {
			failed = true
		}
		if rev {
			return cmp > 0
		}
		return cmp < 0
	})
	if failed {
		in.raise("TypeError", c.pos, c.fr.file, "'<' not supported between these values")
	}
	out := make([]v.Value, len(idx))
	for i, j := range idx {
		out[i] = l.Elems[j]
	}
	l.Elems = out
	return v.None
}

func (in *Interp) minmax(c *callCtx, sign int) v.Value {
	items := c.args
	if len(c.args) == 1 {
		var ok bool
		items, ok = in.iterate(c.fr, c.args[0], c.pos)
		if !ok {
			return unknownOf("min()/max() of a value that could not be evaluated", c.args...)
		}
	}
	if len(items) == 0 {
		if def, ok := c.arg(-1, "default"); ok {
			return def
		}
		in.raise("ValueError", c.pos, c.fr.file, "min()/max() arg is an empty sequence")
	}
	best := items[0]
	for _, it := range items[1:] {
		if it.IsUnknown() || best.IsUnknown() {
			return unknownOf("", it, best)
		}
		cmp, ok := in.order(it, best)
		if !ok {
			in.raise("TypeError", c.pos, c.fr.file, "values cannot be compared")
		}
		if cmp*sign > 0 {
			best = it
		}
	}
	return best.WithEnvFrom(c.args...)
}

func (in *Interp) anyAll(c *callCtx, isAny bool) v.Value {
	x, _ := c.arg(0, "iterable")
	items, ok := in.iterate(c.fr, x, c.pos)
	if !ok {
		return unknownOf("any()/all() of a value that could not be evaluated", x)
	}
	for _, it := range items {
		t, known := it.Truthy()
		if !known {
			return unknownOf("any()/all() of values that could not be evaluated", it)
		}
		if t == isAny {
			return v.Bool(isAny).WithEnvFrom(x, it)
		}
	}
	return v.Bool(!isAny).WithEnvFrom(x)
}

// classMethod returns methods called on builtin types (str.join,
// dict.fromkeys...).
func (in *Interp) classMethod(c *Class, name string) (v.Value, bool) {
	switch c.builtin + "." + name {
	case "dict.fromkeys":
		return builtinFn("fromkeys", func(in *Interp, cc *callCtx) v.Value {
			keys, _ := cc.arg(0, "iterable")
			val := cc.argOr(1, "value", v.None)
			items, ok := in.iterate(cc.fr, keys, cc.pos)
			if !ok {
				return unknownOf("dict.fromkeys() of a value that could not be evaluated", keys)
			}
			d := v.NewDictStore()
			for _, k := range items {
				d.Set(k, val)
			}
			return v.NewDict(d).WithEnvFrom(keys)
		}), true
	}
	// Unbound methods like str.lower(x): bind to the first argument.
	return builtinFn(c.builtin+"."+name, func(in *Interp, cc *callCtx) v.Value {
		if len(cc.args) == 0 {
			return v.Unknown("unbound method call without a receiver")
		}
		m := in.getAttr(cc.fr, cc.args[0], name, cc.pos)
		return in.call(cc.fr, m, cc.args[1:], cc.kwargs, cc.pos)
	}), true
}
