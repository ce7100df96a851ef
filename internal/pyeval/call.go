package pyeval

import (
	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// evalCall evaluates a call expression.
func (in *Interp) evalCall(fr *frame, n *pyast.Call) v.Value {
	fn := in.eval(fr, n.Func)
	var args []v.Value
	for _, a := range n.Args {
		if st, ok := a.(*pyast.Starred); ok {
			val := in.eval(fr, st.Value)
			items, ok := in.iterate(fr, val, st.Pos)
			if !ok {
				return v.Unknown("call with *args that could not be evaluated").WithEnvFrom(val)
			}
			for _, it := range items {
				args = append(args, it.WithEnvFrom(val))
			}
			continue
		}
		args = append(args, in.eval(fr, a))
	}
	var kwargs []kwarg
	for _, k := range n.Keywords {
		val := in.eval(fr, k.Value)
		if k.Arg != "" {
			kwargs = append(kwargs, kwarg{k.Arg, val})
			continue
		}
		d, ok := val.AsDict()
		if !ok {
			return v.Unknown("call with **kwargs that could not be evaluated").WithEnvFrom(val)
		}
		for i, key := range d.Keys() {
			name, ok := key.AsStr()
			if !ok {
				in.raise("TypeError", k.Pos, fr.file, "keywords must be strings")
			}
			kwargs = append(kwargs, kwarg{name, d.Values()[i].WithEnvFrom(val)})
		}
	}
	return in.call(fr, fn, args, kwargs, n.Pos)
}

// call invokes a callable value.
func (in *Interp) call(fr *frame, fn v.Value, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	if fn.IsUnknown() {
		return v.Unknown(fn.UnknownReason()).WithEnvFrom(fn)
	}
	o, ok := fn.AsObject()
	if !ok {
		in.raise("TypeError", pos, fr.file, "'%s' object is not callable", fn.TypeName())
	}
	in.depth++
	defer func() { in.depth-- }()
	if in.depth > in.lim.CallDepth {
		exc := in.newException("RecursionError", pos, fr.file, "maximum recursion depth exceeded")
		panic(exc)
	}
	switch f := o.(type) {
	case *Function:
		return in.invoke(fr, f, nil, args, kwargs, pos)
	case *BoundMethod:
		return in.invoke(fr, f.Fn, &f.Self, args, kwargs, pos)
	case *Builtin:
		if f.Bound {
			args = append([]v.Value{f.Self}, args...)
		}
		return f.Fn(in, &callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs})
	case *Class:
		if f.call != nil {
			return f.call(in, &callCtx{fr: fr, pos: pos, args: args, kwargs: kwargs})
		}
		inst := in.instantiate(f, args)
		val := v.NewObject(inst)
		if b, ok := f.lookup("__init__"); ok {
			if fo, ok := b.val.AsObject(); ok {
				if init, ok := fo.(*Function); ok {
					in.invoke(fr, init, &val, args, kwargs, pos)
				}
			}
		}
		return val
	case callObject:
		return f.callWith(in, fr, args, kwargs, pos)
	case *Module:
		in.raise("TypeError", pos, fr.file, "'module' object is not callable")
	}
	return v.Unknown("result of calling " + o.TypeName())
}

// invoke runs a user function with bound arguments.
func (in *Interp) invoke(caller *frame, f *Function, self *v.Value, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	if self != nil {
		args = append([]v.Value{*self}, args...)
	}
	locals := newNamespace()
	fr := &frame{mod: f.Globals, locals: locals, closure: f.Closure, file: f.File, taint: caller.taint}
	a := f.Args
	bind := func(name string, val v.Value, p pyast.Pos) {
		locals.set(name, binding{val: val, file: f.File, pos: p})
	}
	positional := append(append([]*pyast.Arg(nil), a.PosOnlyArgs...), a.Args...)
	bound := map[string]bool{}
	for i, val := range args {
		if i < len(positional) {
			bind(positional[i].Arg, val, positional[i].Pos)
			bound[positional[i].Arg] = true
			continue
		}
		if a.Vararg == nil {
			in.raise("TypeError", pos, caller.file, "%s() takes %d positional arguments but %d were given", f.Name, len(positional), len(args))
		}
		break
	}
	if a.Vararg != nil {
		var rest []v.Value
		if len(args) > len(positional) {
			rest = append(rest, args[len(positional):]...)
		}
		bind(a.Vararg.Arg, v.NewTuple(rest), a.Vararg.Pos)
	}
	var extra *v.Dict
	if a.Kwarg != nil {
		extra = v.NewDictStore()
	}
	for _, kw := range kwargs {
		matched := false
		for _, p := range a.Args {
			if p.Arg == kw.name {
				matched = true
			}
		}
		for _, p := range a.KwOnlyArgs {
			if p.Arg == kw.name {
				matched = true
			}
		}
		if matched {
			if bound[kw.name] {
				in.raise("TypeError", pos, caller.file, "%s() got multiple values for argument '%s'", f.Name, kw.name)
			}
			bind(kw.name, kw.val, pos)
			bound[kw.name] = true
			continue
		}
		if extra == nil {
			in.raise("TypeError", pos, caller.file, "%s() got an unexpected keyword argument '%s'", f.Name, kw.name)
		}
		extra.Set(v.Str(kw.name), kw.val)
	}
	if extra != nil {
		bind(a.Kwarg.Arg, v.NewDict(extra), a.Kwarg.Pos)
	}
	// Defaults for the last len(Defaults) positional parameters.
	firstDefault := len(positional) - len(f.Defaults)
	for i, p := range positional {
		if bound[p.Arg] {
			continue
		}
		if i >= firstDefault {
			bind(p.Arg, f.Defaults[i-firstDefault], p.Pos)
			continue
		}
		in.raise("TypeError", pos, caller.file, "%s() missing required argument: '%s'", f.Name, p.Arg)
	}
	for i, p := range a.KwOnlyArgs {
		if bound[p.Arg] {
			continue
		}
		if f.KwHas[i] {
			bind(p.Arg, f.KwDefs[i], p.Pos)
			continue
		}
		in.raise("TypeError", pos, caller.file, "%s() missing required keyword-only argument: '%s'", f.Name, p.Arg)
	}
	if f.Lambda != nil {
		return in.eval(fr, f.Lambda.Body)
	}
	c, val := in.execBlock(fr, f.Def.Body)
	if c == ctlReturn {
		return val
	}
	return v.None.WithEnv(fr.taint)
}
