package pyeval

import (
	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// globalsObj models globals() (and locals() at module level): a live view
// of a module's namespace, so `globals()["DEBUG"] = True` sets a setting.
type globalsObj struct {
	mod  *Module
	file string
	pos  pyast.Pos
}

func (g *globalsObj) TypeName() string { return "dict" }

func (g *globalsObj) item(in *Interp, fr *frame, key v.Value, pos pyast.Pos) v.Value {
	name, ok := key.AsStr()
	if !ok {
		return unknownOf("globals() lookup with a name that could not be evaluated", key)
	}
	if b, ok := g.mod.ns.get(name); ok {
		return b.val
	}
	in.raise("KeyError", pos, fr.file, "'%s'", name)
	return v.Value{}
}

func (g *globalsObj) setItem(in *Interp, key, val v.Value) {
	if name, ok := key.AsStr(); ok {
		g.mod.ns.set(name, binding{val: val, file: g.file, pos: g.pos})
	}
}

func (g *globalsObj) delItem(in *Interp, key v.Value) {
	if name, ok := key.AsStr(); ok {
		g.mod.ns.del(name)
	}
}

func (g *globalsObj) has(in *Interp, key v.Value) v.Value {
	name, ok := key.AsStr()
	if !ok {
		return unknownOf("globals() lookup with a name that could not be evaluated", key)
	}
	_, found := g.mod.ns.get(name)
	return v.Bool(found)
}

func (g *globalsObj) items(in *Interp) ([]v.Value, bool) {
	out := make([]v.Value, 0, len(g.mod.ns.order))
	for _, n := range g.mod.ns.order {
		out = append(out, v.Str(n))
	}
	return out, true
}

func (g *globalsObj) attr(in *Interp, fr *frame, name string, pos pyast.Pos) (v.Value, bool) {
	switch name {
	case "get":
		return builtinFn("get", func(in *Interp, c *callCtx) v.Value {
			key, _ := c.arg(0, "key")
			if n, ok := key.AsStr(); ok {
				if b, ok := g.mod.ns.get(n); ok {
					return b.val
				}
			}
			return c.argOr(1, "default", v.None)
		}), true
	case "setdefault":
		return builtinFn("setdefault", func(in *Interp, c *callCtx) v.Value {
			key, _ := c.arg(0, "key")
			n, ok := key.AsStr()
			if !ok {
				return unknownOf("", key)
			}
			if b, ok := g.mod.ns.get(n); ok {
				return b.val
			}
			def := c.argOr(1, "default", v.None)
			g.mod.ns.set(n, binding{val: def.WithEnv(c.fr.taint), file: c.fr.file, pos: c.pos})
			return def
		}), true
	case "update":
		return builtinFn("update", func(in *Interp, c *callCtx) v.Value {
			if x, ok := c.arg(0, ""); ok && len(c.args) > 0 {
				if d, ok := x.AsDict(); ok {
					for i, k := range d.Keys() {
						if n, ok := k.AsStr(); ok {
							g.mod.ns.set(n, binding{val: d.Values()[i].WithEnv(c.fr.taint), file: c.fr.file, pos: c.pos})
						}
					}
				}
			}
			for _, k := range c.kwargs {
				g.mod.ns.set(k.name, binding{val: k.val.WithEnv(c.fr.taint), file: c.fr.file, pos: c.pos})
			}
			return v.None
		}), true
	case "keys":
		return builtinFn("keys", func(in *Interp, c *callCtx) v.Value {
			items, _ := g.items(in)
			return v.NewTuple(items)
		}), true
	}
	return v.Value{}, false
}

// globalsBuiltin returns the calling module's namespace view; inside a
// function, locals() is not modelled.
func globalsBuiltin(local bool) func(in *Interp, c *callCtx) v.Value {
	return func(in *Interp, c *callCtx) v.Value {
		if local && (c.fr.locals != nil || c.fr.classNS != nil) {
			return v.Unknown("locals() of a function or class")
		}
		return v.NewObject(&globalsObj{mod: c.fr.mod, file: c.fr.file, pos: c.pos})
	}
}
