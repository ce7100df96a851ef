package pyeval

import (
	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

func constValue(c *pyast.Constant) v.Value {
	switch c.Kind {
	case pyast.ConstNone:
		return v.None
	case pyast.ConstTrue:
		return v.True
	case pyast.ConstFalse:
		return v.False
	case pyast.ConstEllipsis:
		return v.Ellipsis
	case pyast.ConstInt:
		if c.BigInt != nil {
			return v.BigInt(c.BigInt)
		}
		return v.Int(c.Int)
	case pyast.ConstFloat:
		return v.Float(c.Float)
	case pyast.ConstComplex:
		return v.Complex(c.Float)
	case pyast.ConstStr:
		return v.Str(c.Str)
	case pyast.ConstBytes:
		return v.Bytes(c.Str)
	}
	return v.Unknown("unsupported constant")
}

// eval evaluates an expression.
func (in *Interp) eval(fr *frame, e pyast.Expr) v.Value {
	pos := e.Span()
	in.step(pos, fr.file)
	switch n := e.(type) {
	case *pyast.Constant:
		return constValue(n)
	case *pyast.Name:
		return in.lookupName(fr, n.ID, n.Pos)
	case *pyast.Attribute:
		obj := in.eval(fr, n.Value)
		return in.getAttr(fr, obj, n.Attr, n.Pos)
	case *pyast.Subscript:
		obj := in.eval(fr, n.Value)
		key := in.evalSlice(fr, n.Slice)
		return in.getItem(fr, obj, key, n.Pos)
	case *pyast.Call:
		return in.evalCall(fr, n)
	case *pyast.BinOp:
		l := in.eval(fr, n.Left)
		r := in.eval(fr, n.Right)
		return in.binop(fr, l, n.Op, r, pos)
	case *pyast.UnaryOp:
		return in.unary(fr, n.Op, in.eval(fr, n.Operand), pos)
	case *pyast.BoolOp:
		var last v.Value
		var env *v.EnvSet
		for i, x := range n.Values {
			last = in.eval(fr, x)
			env = env.Union(last.EnvSet())
			if i == len(n.Values)-1 {
				break
			}
			truth, known := last.Truthy()
			if !known {
				return v.Unknown("boolean operation on a value that could not be evaluated").WithEnv(env)
			}
			if n.Op == pyast.And && !truth || n.Op == pyast.Or && truth {
				break
			}
		}
		return last.WithEnv(env)
	case *pyast.Compare:
		left := in.eval(fr, n.Left)
		result := v.True
		var env *v.EnvSet
		for i, op := range n.Ops {
			right := in.eval(fr, n.Comparators[i])
			r := in.compare(fr, left, op, right, pos)
			env = env.Union(r.EnvSet())
			truth, known := r.Truthy()
			if !known {
				return r.WithEnv(env)
			}
			result = r
			if !truth {
				break
			}
			left = right
		}
		return result.WithEnv(env)
	case *pyast.IfExp:
		test := in.eval(fr, n.Test)
		truth, known := test.Truthy()
		if !known {
			return v.Unknown("conditional expression on a value that could not be evaluated").WithEnvFrom(test)
		}
		if truth {
			return in.eval(fr, n.Body).WithEnvFrom(test)
		}
		return in.eval(fr, n.Orelse).WithEnvFrom(test)
	case *pyast.List:
		return v.NewList(in.evalElems(fr, n.Elts, pos))
	case *pyast.Tuple:
		return v.NewTuple(in.evalElems(fr, n.Elts, pos))
	case *pyast.Set:
		s := v.NewSetStore()
		for _, x := range in.evalElems(fr, n.Elts, pos) {
			if !s.Add(x) {
				return in.unhashable(fr, x, pos)
			}
		}
		return v.NewSet(s, false)
	case *pyast.Dict:
		d := v.NewDictStore()
		for i, k := range n.Keys {
			if k == nil {
				other := in.eval(fr, n.Values[i])
				od, ok := other.AsDict()
				if !ok {
					return v.Unknown("dict unpacking of a value that is not a known dict").WithEnvFrom(other)
				}
				for j, kk := range od.Keys() {
					d.Set(kk, od.Values()[j].WithEnvFrom(other))
				}
				continue
			}
			kv := in.eval(fr, k)
			vv := in.eval(fr, n.Values[i])
			if !d.Set(kv, vv) {
				return in.unhashable(fr, kv, pos)
			}
			in.checkSize(d.Len(), pos, fr.file)
		}
		return v.NewDict(d)
	case *pyast.ListComp:
		return v.NewList(in.comprehension(fr, n.Generators, pos, func(cf *frame) []v.Value {
			return []v.Value{in.eval(cf, n.Elt)}
		}))
	case *pyast.GeneratorExp:
		// Generators are evaluated eagerly; settings use them in calls
		// like any(), tuple(), ",".join().
		return v.NewTuple(in.comprehension(fr, n.Generators, pos, func(cf *frame) []v.Value {
			return []v.Value{in.eval(cf, n.Elt)}
		}))
	case *pyast.SetComp:
		s := v.NewSetStore()
		for _, x := range in.comprehension(fr, n.Generators, pos, func(cf *frame) []v.Value {
			return []v.Value{in.eval(cf, n.Elt)}
		}) {
			if !s.Add(x) {
				return in.unhashable(fr, x, pos)
			}
		}
		return v.NewSet(s, false)
	case *pyast.DictComp:
		d := v.NewDictStore()
		pairs := in.comprehension(fr, n.Generators, pos, func(cf *frame) []v.Value {
			return []v.Value{in.eval(cf, n.Key), in.eval(cf, n.Value)}
		})
		for i := 0; i+1 < len(pairs); i += 2 {
			if !d.Set(pairs[i], pairs[i+1]) {
				return in.unhashable(fr, pairs[i], pos)
			}
		}
		return v.NewDict(d)
	case *pyast.JoinedStr:
		return in.joinedStr(fr, n)
	case *pyast.FormattedValue:
		return in.formattedValue(fr, n)
	case *pyast.Lambda:
		f := in.makeFunction(fr, "<lambda>", n.Args)
		f.Lambda = n
		return v.NewObject(f)
	case *pyast.NamedExpr:
		val := in.eval(fr, n.Value)
		in.assign(fr, n.Target, val, pos)
		return val
	case *pyast.Starred:
		in.raise("SyntaxError", pos, fr.file, "can't use starred expression here")
	case *pyast.Await, *pyast.Yield, *pyast.YieldFrom:
		return v.Unknown("await/yield expression")
	case *pyast.Slice:
		return in.evalSlice(fr, n)
	}
	return v.Unknown("unsupported expression")
}

func (in *Interp) unhashable(fr *frame, x v.Value, pos pyast.Pos) v.Value {
	if x.IsUnknown() {
		return v.Unknown("container with a key that could not be evaluated").WithEnvFrom(x)
	}
	in.raise("TypeError", pos, fr.file, "unhashable type: '%s'", x.TypeName())
	return v.Value{}
}

// evalElems evaluates display elements, expanding *starred ones.
func (in *Interp) evalElems(fr *frame, elts []pyast.Expr, pos pyast.Pos) []v.Value {
	out := make([]v.Value, 0, len(elts))
	for _, x := range elts {
		if st, ok := x.(*pyast.Starred); ok {
			val := in.eval(fr, st.Value)
			items, ok := in.iterate(fr, val, pos)
			if !ok {
				out = append(out, v.Unknown("unpacked from a value that could not be evaluated").WithEnvFrom(val))
				continue
			}
			for _, it := range items {
				out = append(out, it.WithEnvFrom(val))
			}
			in.checkSize(len(out), pos, fr.file)
			continue
		}
		out = append(out, in.eval(fr, x))
	}
	return out
}

// comprehension runs generators in a fresh scope and collects what body
// returns for each iteration.
func (in *Interp) comprehension(fr *frame, gens []*pyast.Comprehension, pos pyast.Pos, body func(*frame) []v.Value) []v.Value {
	cf := &frame{mod: fr.mod, locals: newNamespace(), file: fr.file, taint: fr.taint}
	cf.closure = append([]*namespace(nil), fr.closure...)
	if fr.locals != nil {
		cf.closure = append(cf.closure, fr.locals)
	}
	// Class bodies are not visible from comprehensions, except the first
	// iterable, which is evaluated in the enclosing scope below.
	var out []v.Value
	var loop func(i int, f *frame)
	loop = func(i int, f *frame) {
		if i == len(gens) {
			out = append(out, body(f)...)
			in.checkSize(len(out), pos, fr.file)
			return
		}
		g := gens[i]
		var it v.Value
		if i == 0 {
			it = in.eval(fr, g.Iter)
		} else {
			it = in.eval(f, g.Iter)
		}
		items, ok := in.iterate(f, it, pos)
		if !ok {
			out = append(out, v.Unknown("comprehension over a value that could not be evaluated").WithEnvFrom(it))
			return
		}
		f2 := withTaint(f, it.EnvSet())
		for _, item := range items {
			in.step(pos, fr.file)
			in.assign(f2, g.Target, item, pos)
			keep := true
			for _, cond := range g.Ifs {
				c := in.eval(f2, cond)
				truth, known := c.Truthy()
				if !known {
					out = append(out, v.Unknown("comprehension filter could not be evaluated").WithEnvFrom(c))
					keep = false
					break
				}
				if !truth {
					keep = false
					break
				}
			}
			if keep {
				loop(i+1, f2)
			}
		}
	}
	loop(0, cf)
	return out
}

// lookupName resolves a name: locals, enclosing functions, globals,
// builtins.
func (in *Interp) lookupName(fr *frame, name string, pos pyast.Pos) v.Value {
	if fr.classNS != nil {
		if b, ok := fr.classNS.get(name); ok {
			return b.val
		}
	}
	if fr.locals != nil && !fr.globals[name] {
		if b, ok := fr.locals.get(name); ok {
			return b.val
		}
		for i := len(fr.closure) - 1; i >= 0; i-- {
			if b, ok := fr.closure[i].get(name); ok {
				return b.val
			}
		}
	}
	if b, ok := fr.mod.ns.get(name); ok {
		return b.val
	}
	if val, ok := in.builtins[name]; ok {
		return val
	}
	exc := in.newException("NameError", pos, fr.file, "name '"+name+"' is not defined")
	exc.env = fr.taint
	panic(exc)
}

// evalSlice evaluates a subscript's index (a Slice becomes a slice
// object).
func (in *Interp) evalSlice(fr *frame, e pyast.Expr) v.Value {
	s, ok := e.(*pyast.Slice)
	if !ok {
		return in.eval(fr, e)
	}
	part := func(x pyast.Expr) v.Value {
		if x == nil {
			return v.None
		}
		return in.eval(fr, x)
	}
	return v.NewObject(&sliceObj{lower: part(s.Lower), upper: part(s.Upper), step: part(s.Step)})
}

type sliceObj struct {
	lower, upper, step v.Value
}

func (s *sliceObj) TypeName() string { return "slice" }
