package pyeval

import (
	"fmt"
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// ctl is how a block finished.
type ctl uint8

const (
	ctlNext ctl = iota
	ctlBreak
	ctlContinue
	ctlReturn
)

func (in *Interp) execBlock(fr *frame, body []pyast.Stmt) (ctl, v.Value) {
	for _, s := range body {
		if c, val := in.exec(fr, s); c != ctlNext {
			return c, val
		}
	}
	return ctlNext, v.None
}

// withTaint returns a frame whose control flow also depends on e.
func withTaint(fr *frame, e *v.EnvSet) *frame {
	if e == nil {
		return fr
	}
	f2 := *fr
	f2.taint = fr.taint.Union(e)
	return &f2
}

func (in *Interp) exec(fr *frame, s pyast.Stmt) (ctl, v.Value) {
	pos := s.Span()
	in.step(pos, fr.file)
	switch n := s.(type) {
	case *pyast.ExprStmt:
		in.eval(fr, n.Value)
	case *pyast.Assign:
		val := in.eval(fr, n.Value)
		for _, t := range n.Targets {
			in.assign(fr, t, val, pos)
		}
	case *pyast.AnnAssign:
		if n.Value != nil {
			val := in.eval(fr, n.Value)
			in.assign(fr, n.Target, val, pos)
		}
	case *pyast.AugAssign:
		in.augAssign(fr, n)
	case *pyast.If:
		test := in.eval(fr, n.Test)
		truth, known := test.Truthy()
		if !known {
			in.unknownBranch(fr, pos, "its value depends on a condition that could not be evaluated ("+test.UnknownReason()+")", test.EnvSet(), n.Body, n.Orelse)
			return ctlNext, v.None
		}
		f2 := withTaint(fr, test.EnvSet())
		if truth {
			return in.execBlock(f2, n.Body)
		}
		return in.execBlock(f2, n.Orelse)
	case *pyast.For:
		return in.execFor(fr, n)
	case *pyast.While:
		return in.execWhile(fr, n)
	case *pyast.Try:
		return in.execTry(fr, n)
	case *pyast.With:
		for _, it := range n.Items {
			cm := in.eval(fr, it.ContextExpr)
			if it.OptionalVars != nil {
				in.assign(fr, it.OptionalVars, v.Unknown("value of a `with` statement").WithEnvFrom(cm), pos)
			}
		}
		return in.execBlock(fr, n.Body)
	case *pyast.FunctionDef:
		in.defineFunction(fr, n)
	case *pyast.ClassDef:
		in.defineClass(fr, n)
	case *pyast.Return:
		val := v.None
		if n.Value != nil {
			val = in.eval(fr, n.Value)
		}
		return ctlReturn, val.WithEnv(fr.taint)
	case *pyast.Pass:
	case *pyast.Break:
		return ctlBreak, v.None
	case *pyast.Continue:
		return ctlContinue, v.None
	case *pyast.Global:
		if fr.locals != nil {
			if fr.globals == nil {
				fr.globals = map[string]bool{}
			}
			for _, name := range n.Names {
				fr.globals[name] = true
			}
		}
	case *pyast.Nonlocal:
		if fr.nonlocal == nil {
			fr.nonlocal = map[string]bool{}
		}
		for _, name := range n.Names {
			fr.nonlocal[name] = true
		}
	case *pyast.Delete:
		for _, t := range n.Targets {
			in.deleteTarget(fr, t)
		}
	case *pyast.Assert:
		test := in.eval(fr, n.Test)
		if truth, known := test.Truthy(); known && !truth {
			msg := ""
			if n.Msg != nil {
				msg = in.str(fr, in.eval(fr, n.Msg))
			}
			exc := in.newException("AssertionError", pos, fr.file, msg)
			exc.env = test.EnvSet()
			panic(exc)
		}
	case *pyast.Raise:
		in.execRaise(fr, n)
	case *pyast.Import:
		for _, a := range n.Names {
			m := in.importModule(a.Name, a.Pos, fr.file)
			if a.Asname != "" {
				in.store(fr, a.Asname, v.NewObject(m), a.Pos)
				continue
			}
			top := a.Name
			if i := strings.IndexByte(top, '.'); i >= 0 {
				top = top[:i]
			}
			in.store(fr, top, v.NewObject(in.modules[top]), a.Pos)
		}
	case *pyast.ImportFrom:
		in.importFrom(fr, n)
	case *pyast.Match:
		return in.execMatch(fr, n)
	case *pyast.TypeAlias:
	default:
		panic(&boundError{what: fmt.Sprintf("unsupported statement %T", s), pos: pos, file: fr.file})
	}
	return ctlNext, v.None
}

// unknownBranch handles control flow whose direction is unknown: every
// name any of the bodies assigns becomes Unknown.
func (in *Interp) unknownBranch(fr *frame, pos pyast.Pos, reason string, env *v.EnvSet, bodies ...[]pyast.Stmt) {
	names := map[string]bool{}
	for _, b := range bodies {
		collectAssigned(b, names)
	}
	for name := range names {
		in.store(withTaint(fr, env), name, v.Unknown(reason), pos)
	}
}

// collectAssigned lists the plain names a block assigns (not descending
// into functions or classes, whose names themselves are listed).
func collectAssigned(body []pyast.Stmt, out map[string]bool) {
	var target func(e pyast.Expr)
	target = func(e pyast.Expr) {
		switch t := e.(type) {
		case *pyast.Name:
			out[t.ID] = true
		case *pyast.Tuple:
			for _, x := range t.Elts {
				target(x)
			}
		case *pyast.List:
			for _, x := range t.Elts {
				target(x)
			}
		case *pyast.Starred:
			target(t.Value)
		case *pyast.Subscript:
			target(t.Value)
		case *pyast.Attribute:
			target(t.Value)
		}
	}
	for _, s := range body {
		switch n := s.(type) {
		case *pyast.Assign:
			for _, t := range n.Targets {
				target(t)
			}
		case *pyast.AugAssign:
			target(n.Target)
		case *pyast.AnnAssign:
			if n.Value != nil {
				target(n.Target)
			}
		case *pyast.For:
			target(n.Target)
			collectAssigned(n.Body, out)
			collectAssigned(n.Orelse, out)
		case *pyast.While:
			collectAssigned(n.Body, out)
			collectAssigned(n.Orelse, out)
		case *pyast.If:
			collectAssigned(n.Body, out)
			collectAssigned(n.Orelse, out)
		case *pyast.With:
			for _, it := range n.Items {
				if it.OptionalVars != nil {
					target(it.OptionalVars)
				}
			}
			collectAssigned(n.Body, out)
		case *pyast.Try:
			collectAssigned(n.Body, out)
			for _, h := range n.Handlers {
				collectAssigned(h.Body, out)
			}
			collectAssigned(n.Orelse, out)
			collectAssigned(n.Finalbody, out)
		case *pyast.FunctionDef:
			out[n.Name] = true
		case *pyast.ClassDef:
			out[n.Name] = true
		case *pyast.Import:
			for _, a := range n.Names {
				if a.Asname != "" {
					out[a.Asname] = true
				} else {
					out[strings.SplitN(a.Name, ".", 2)[0]] = true
				}
			}
		case *pyast.ImportFrom:
			for _, a := range n.Names {
				if a.Asname != "" {
					out[a.Asname] = true
				} else if a.Name != "*" {
					out[a.Name] = true
				}
			}
		case *pyast.Match:
			for _, c := range n.Cases {
				collectAssigned(c.Body, out)
			}
		case *pyast.ExprStmt:
			// Calls like MIDDLEWARE.append(...) edit a name in place.
			if c, ok := n.Value.(*pyast.Call); ok {
				if a, ok := c.Func.(*pyast.Attribute); ok {
					target(a.Value)
				}
			}
		}
	}
}

func (in *Interp) execFor(fr *frame, n *pyast.For) (ctl, v.Value) {
	pos := n.Span()
	it := in.eval(fr, n.Iter)
	items, ok := in.iterate(fr, it, pos)
	if !ok {
		in.unknownBranch(fr, pos, "assigned in a loop over a value that could not be evaluated ("+it.UnknownReason()+")", it.EnvSet(), append([]pyast.Stmt{&pyast.Assign{Targets: []pyast.Expr{n.Target}}}, n.Body...), n.Orelse)
		return ctlNext, v.None
	}
	f2 := withTaint(fr, it.EnvSet())
	for _, item := range items {
		in.step(pos, fr.file)
		in.assign(f2, n.Target, item, pos)
		c, val := in.execBlock(f2, n.Body)
		switch c {
		case ctlBreak:
			return ctlNext, v.None
		case ctlReturn:
			return c, val
		}
	}
	return in.execBlock(f2, n.Orelse)
}

func (in *Interp) execWhile(fr *frame, n *pyast.While) (ctl, v.Value) {
	pos := n.Span()
	for {
		in.step(pos, fr.file)
		test := in.eval(fr, n.Test)
		truth, known := test.Truthy()
		if !known {
			in.unknownBranch(fr, pos, "assigned in a loop whose condition could not be evaluated", test.EnvSet(), n.Body, n.Orelse)
			return ctlNext, v.None
		}
		if !truth {
			return in.execBlock(withTaint(fr, test.EnvSet()), n.Orelse)
		}
		c, val := in.execBlock(withTaint(fr, test.EnvSet()), n.Body)
		switch c {
		case ctlBreak:
			return ctlNext, v.None
		case ctlReturn:
			return c, val
		}
	}
}

// catch runs f and returns the Python exception it raised, if any.
func (in *Interp) catch(f func()) (exc *Exception) {
	depth := in.depth
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Exception)
			if !ok {
				panic(r)
			}
			in.depth = depth
			exc = e
		}
	}()
	f()
	return nil
}

func (in *Interp) execTry(fr *frame, n *pyast.Try) (c ctl, val v.Value) {
	if len(n.Finalbody) > 0 {
		defer func() {
			// finally runs whatever happened; a control transfer in it wins.
			r := recover()
			fc, fv := in.execBlock(fr, n.Finalbody)
			if fc != ctlNext {
				c, val = fc, fv
				return
			}
			if r != nil {
				panic(r)
			}
		}()
	}
	var bodyCtl ctl
	var bodyVal v.Value
	exc := in.catch(func() { bodyCtl, bodyVal = in.execBlock(fr, n.Body) })
	if exc == nil {
		if bodyCtl != ctlNext {
			return bodyCtl, bodyVal
		}
		return in.execBlock(fr, n.Orelse)
	}
	f2 := withTaint(fr, exc.env)
	for _, h := range n.Handlers {
		if h.Type != nil {
			t := in.eval(fr, h.Type)
			match, known := in.excMatches(exc, t)
			if !known {
				// An exception class we cannot see (third-party): assume
				// it does not match, as the code's author meant a
				// specific error.
				continue
			}
			if !match {
				continue
			}
		}
		if h.Name != "" {
			in.store(f2, h.Name, v.NewObject(exc.Value), h.Pos)
		}
		return in.execBlock(f2, h.Body)
	}
	panic(exc)
}

// excMatches tells whether exception exc is an instance of t (a class or
// a tuple of classes).
func (in *Interp) excMatches(exc *Exception, t v.Value) (match, known bool) {
	if elems, ok := t.Elems(); ok && t.Kind() == v.KindTuple {
		allKnown := true
		for _, e := range elems {
			m, k := in.excMatches(exc, e)
			if m {
				return true, true
			}
			allKnown = allKnown && k
		}
		return false, allKnown
	}
	o, ok := t.AsObject()
	if !ok {
		return false, false
	}
	c, ok := o.(*Class)
	if !ok {
		return false, false
	}
	return exc.Value.Class.isSubclass(c), true
}

func (in *Interp) execRaise(fr *frame, n *pyast.Raise) {
	pos := n.Span()
	if n.Exc == nil {
		in.raise("RuntimeError", pos, fr.file, "re-raise outside an except block")
	}
	val := in.eval(fr, n.Exc)
	o, ok := val.AsObject()
	if ok {
		switch x := o.(type) {
		case *Class:
			inst := in.instantiate(x, nil)
			panic(&Exception{Value: inst, Pos: pos, File: fr.file, env: fr.taint})
		case *Instance:
			panic(&Exception{Value: x, Pos: pos, File: fr.file, env: fr.taint.Union(val.EnvSet())})
		}
	}
	exc := in.newException("Exception", pos, fr.file, "an exception the model cannot identify ("+v.Repr(val)+")")
	exc.env = fr.taint
	panic(exc)
}

func (in *Interp) instantiate(c *Class, args []v.Value) *Instance {
	return &Instance{Class: c, ns: newNamespace(), Args: args}
}

// importFrom runs `from X import a, b` / `from X import *`.
func (in *Interp) importFrom(fr *frame, n *pyast.ImportFrom) {
	pos := n.Span()
	name := n.Module
	if n.Level > 0 {
		pkg := ""
		if b, ok := fr.mod.ns.get("__package__"); ok {
			pkg, _ = b.val.AsStr()
		}
		parts := strings.Split(pkg, ".")
		if pkg == "" || n.Level-1 >= len(parts) {
			in.raise("ImportError", pos, fr.file, "attempted relative import beyond top-level package")
		}
		base := strings.Join(parts[:len(parts)-(n.Level-1)], ".")
		if name != "" {
			name = base + "." + name
		} else {
			name = base
		}
	}
	m := in.importModule(name, pos, fr.file)
	for _, a := range n.Names {
		if a.Name == "*" {
			in.importStar(fr, m, a.Pos)
			continue
		}
		val, ok := in.moduleAttr(m, a.Name)
		if !ok {
			// Maybe a submodule.
			var sub *Module
			if exc := in.catch(func() { sub = in.importModule(name+"."+a.Name, a.Pos, fr.file) }); exc == nil && sub != nil {
				val, ok = v.NewObject(sub), true
			}
		}
		if !ok {
			in.raise("ImportError", a.Pos, fr.file, "cannot import name '%s' from '%s'", a.Name, name)
		}
		target := a.Name
		if a.Asname != "" {
			target = a.Asname
		}
		in.store(fr, target, val, a.Pos)
	}
}

// importStar copies a module's public names (or its __all__) into fr.
func (in *Interp) importStar(fr *frame, m *Module, pos pyast.Pos) {
	if m.opaque || m.attr != nil {
		return
	}
	if all, ok := m.ns.get("__all__"); ok {
		if elems, ok := all.val.Elems(); ok {
			for _, e := range elems {
				if name, ok := e.AsStr(); ok {
					if b, ok := m.ns.get(name); ok {
						in.storeBinding(fr, name, *b)
					} else {
						in.raise("AttributeError", pos, fr.file, "module '%s' has no attribute '%s'", m.Name, name)
					}
				}
			}
			return
		}
	}
	for _, name := range m.ns.order {
		if strings.HasPrefix(name, "_") {
			continue
		}
		in.storeBinding(fr, name, *m.ns.m[name])
	}
}

// moduleAttr reads a module attribute.
func (in *Interp) moduleAttr(m *Module, name string) (v.Value, bool) {
	if m.attr != nil {
		return m.attr(name)
	}
	if m.opaque {
		return v.UnknownFrom("attribute of module '"+m.Name+"', which is not part of the project", m.Name+"."+name), true
	}
	if b, ok := m.ns.get(name); ok {
		return b.val, true
	}
	return v.Value{}, false
}

// store binds a name in the frame's scope.
func (in *Interp) store(fr *frame, name string, val v.Value, pos pyast.Pos) {
	in.storeBinding(fr, name, binding{val: val.WithEnv(fr.taint), file: fr.file, pos: pos})
}

func (in *Interp) storeBinding(fr *frame, name string, b binding) {
	switch {
	case fr.classNS != nil:
		fr.classNS.set(name, b)
	case fr.locals != nil && fr.globals[name]:
		fr.mod.ns.set(name, b)
	case fr.locals != nil && fr.nonlocal[name]:
		for i := len(fr.closure) - 1; i >= 0; i-- {
			if _, ok := fr.closure[i].get(name); ok {
				fr.closure[i].set(name, b)
				return
			}
		}
		fr.locals.set(name, b)
	case fr.locals != nil:
		fr.locals.set(name, b)
	default:
		fr.mod.ns.set(name, b)
	}
}

// assign stores val into an assignment target.
func (in *Interp) assign(fr *frame, target pyast.Expr, val v.Value, pos pyast.Pos) {
	switch t := target.(type) {
	case *pyast.Name:
		in.store(fr, t.ID, val, pos)
	case *pyast.Tuple:
		in.unpack(fr, t.Elts, val, pos)
	case *pyast.List:
		in.unpack(fr, t.Elts, val, pos)
	case *pyast.Starred:
		in.assign(fr, t.Value, val, pos)
	case *pyast.Subscript:
		obj := in.eval(fr, t.Value)
		key := in.evalSlice(fr, t.Slice)
		in.setItem(fr, obj, key, val.WithEnv(fr.taint), t.Pos)
	case *pyast.Attribute:
		obj := in.eval(fr, t.Value)
		in.setAttr(fr, obj, t.Attr, val.WithEnv(fr.taint), t.Pos)
	default:
		in.raise("SyntaxError", pos, fr.file, "cannot assign to this expression")
	}
}

func (in *Interp) unpack(fr *frame, targets []pyast.Expr, val v.Value, pos pyast.Pos) {
	items, ok := in.iterate(fr, val, pos)
	if !ok {
		for _, t := range targets {
			in.assign(fr, t, v.Unknown("unpacked from a value that could not be evaluated").WithEnvFrom(val), pos)
		}
		return
	}
	star := -1
	for i, t := range targets {
		if _, ok := t.(*pyast.Starred); ok {
			star = i
		}
	}
	if star < 0 {
		if len(items) != len(targets) {
			in.raise("ValueError", pos, fr.file, "cannot unpack %d values into %d names", len(items), len(targets))
		}
		for i, t := range targets {
			in.assign(fr, t, items[i].WithEnvFrom(val), pos)
		}
		return
	}
	after := len(targets) - star - 1
	if len(items) < star+after {
		in.raise("ValueError", pos, fr.file, "not enough values to unpack")
	}
	for i := 0; i < star; i++ {
		in.assign(fr, targets[i], items[i].WithEnvFrom(val), pos)
	}
	rest := append([]v.Value(nil), items[star:len(items)-after]...)
	in.assign(fr, targets[star], v.NewList(rest).WithEnvFrom(val), pos)
	for i := 0; i < after; i++ {
		in.assign(fr, targets[star+1+i], items[len(items)-after+i].WithEnvFrom(val), pos)
	}
}

func (in *Interp) augAssign(fr *frame, n *pyast.AugAssign) {
	pos := n.Span()
	switch t := n.Target.(type) {
	case *pyast.Name:
		cur := in.lookupName(fr, t.ID, t.Pos)
		rhs := in.eval(fr, n.Value)
		in.store(fr, t.ID, in.inplace(fr, cur, n.Op, rhs, pos), pos)
	case *pyast.Subscript:
		obj := in.eval(fr, t.Value)
		key := in.evalSlice(fr, t.Slice)
		cur := in.getItem(fr, obj, key, t.Pos)
		rhs := in.eval(fr, n.Value)
		in.setItem(fr, obj, key, in.inplace(fr, cur, n.Op, rhs, pos).WithEnv(fr.taint), pos)
	case *pyast.Attribute:
		obj := in.eval(fr, t.Value)
		cur := in.getAttr(fr, obj, t.Attr, t.Pos)
		rhs := in.eval(fr, n.Value)
		in.setAttr(fr, obj, t.Attr, in.inplace(fr, cur, n.Op, rhs, pos).WithEnv(fr.taint), pos)
	}
}

// inplace is `a op= b`: lists, dicts and sets are edited in place.
func (in *Interp) inplace(fr *frame, a v.Value, op pyast.Operator, b v.Value, pos pyast.Pos) v.Value {
	switch {
	case a.Kind() == v.KindList && op == pyast.Add:
		items, ok := in.iterate(fr, b, pos)
		if !ok {
			return v.Unknown("list extended with a value that could not be evaluated").WithEnvFrom(a, b)
		}
		l := a.ListRef()
		in.checkSize(len(l.Elems)+len(items), pos, fr.file)
		l.Elems = append(l.Elems, items...)
		return a.WithEnvFrom(b)
	case a.Kind() == v.KindDict && op == pyast.BitOr:
		d, _ := a.AsDict()
		if bd, ok := b.AsDict(); ok {
			for i, k := range bd.Keys() {
				d.Set(k, bd.Values()[i])
			}
			return a.WithEnvFrom(b)
		}
	case a.Kind() == v.KindSet && (op == pyast.BitOr || op == pyast.Sub || op == pyast.BitAnd || op == pyast.BitXor):
		res := in.binop(fr, a, op, b, pos)
		s, _ := a.AsSet()
		if rs, ok := res.AsSet(); ok {
			*s = *rs
			return a.WithEnvFrom(b)
		}
		return res
	}
	return in.binop(fr, a, op, b, pos)
}

func (in *Interp) deleteTarget(fr *frame, t pyast.Expr) {
	switch n := t.(type) {
	case *pyast.Name:
		ns := fr.mod.ns
		if fr.classNS != nil {
			ns = fr.classNS
		} else if fr.locals != nil && !fr.globals[n.ID] {
			ns = fr.locals
		}
		if !ns.del(n.ID) {
			in.raise("NameError", n.Pos, fr.file, "name '%s' is not defined", n.ID)
		}
	case *pyast.Subscript:
		obj := in.eval(fr, n.Value)
		key := in.evalSlice(fr, n.Slice)
		in.delItem(fr, obj, key, n.Pos)
	case *pyast.Tuple:
		for _, e := range n.Elts {
			in.deleteTarget(fr, e)
		}
	case *pyast.List:
		for _, e := range n.Elts {
			in.deleteTarget(fr, e)
		}
	case *pyast.Attribute:
		obj := in.eval(fr, n.Value)
		if o, ok := obj.AsObject(); ok {
			switch x := o.(type) {
			case *Instance:
				x.ns.del(n.Attr)
			case *Module:
				if x.attr == nil && !x.opaque {
					x.ns.del(n.Attr)
				}
			}
		}
	}
}

func (in *Interp) defineFunction(fr *frame, n *pyast.FunctionDef) {
	f := in.makeFunction(fr, n.Name, n.Args)
	f.Def = n
	val := v.NewObject(f)
	for i := len(n.DecoratorList) - 1; i >= 0; i-- {
		dec := in.eval(fr, n.DecoratorList[i])
		val = in.call(fr, dec, []v.Value{val}, nil, n.Pos)
	}
	in.store(fr, n.Name, val, n.Pos)
}

func (in *Interp) makeFunction(fr *frame, name string, args *pyast.Arguments) *Function {
	f := &Function{Name: name, Args: args, Globals: fr.mod, File: fr.file}
	for _, d := range args.Defaults {
		f.Defaults = append(f.Defaults, in.eval(fr, d))
	}
	for _, d := range args.KwDefaults {
		if d == nil {
			f.KwDefs = append(f.KwDefs, v.Value{})
			f.KwHas = append(f.KwHas, false)
			continue
		}
		f.KwDefs = append(f.KwDefs, in.eval(fr, d))
		f.KwHas = append(f.KwHas, true)
	}
	if fr.locals != nil {
		f.Closure = append(append([]*namespace(nil), fr.closure...), fr.locals)
	}
	return f
}

func (in *Interp) defineClass(fr *frame, n *pyast.ClassDef) {
	c := &Class{Name: n.Name, ns: newNamespace(), Module: fr.mod.Name}
	for _, b := range n.Bases {
		bv := in.eval(fr, b)
		if o, ok := bv.AsObject(); ok {
			if bc, ok := o.(*Class); ok {
				c.Bases = append(c.Bases, bc)
				continue
			}
		}
		if origin := bv.UnknownOrigin(); origin != "" {
			c.ExternalBases = append(c.ExternalBases, origin)
			continue
		}
		c.UnknownBase = true
	}
	cf := &frame{mod: fr.mod, locals: fr.locals, closure: fr.closure, file: fr.file, taint: fr.taint, classNS: c.ns}
	in.execBlock(cf, n.Body)
	val := v.NewObject(c)
	for i := len(n.DecoratorList) - 1; i >= 0; i-- {
		dec := in.eval(fr, n.DecoratorList[i])
		val = in.call(fr, dec, []v.Value{val}, nil, n.Pos)
	}
	in.store(fr, n.Name, val, n.Pos)
}
