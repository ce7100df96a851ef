package pyeval

import (
	"strings"

	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// binding is a name's value and where it was last assigned.
type binding struct {
	val  v.Value
	file string
	pos  pyast.Pos
}

// namespace is an insertion-ordered name → binding map (module globals,
// class bodies, function locals).
type namespace struct {
	order []string
	m     map[string]*binding
}

func newNamespace() *namespace { return &namespace{m: map[string]*binding{}} }

func (ns *namespace) get(name string) (*binding, bool) {
	b, ok := ns.m[name]
	return b, ok
}

func (ns *namespace) set(name string, b binding) {
	if old, ok := ns.m[name]; ok {
		*old = b
		return
	}
	nb := b
	ns.m[name] = &nb
	ns.order = append(ns.order, name)
}

func (ns *namespace) del(name string) bool {
	if _, ok := ns.m[name]; !ok {
		return false
	}
	delete(ns.m, name)
	for i, n := range ns.order {
		if n == name {
			ns.order = append(ns.order[:i], ns.order[i+1:]...)
			break
		}
	}
	return true
}

// Module is an evaluated (or modelled) Python module.
type Module struct {
	Name string
	File string
	ns   *namespace
	// attr resolves attributes of modelled modules (os, environ, ...).
	attr func(name string) (v.Value, bool)
	// opaque marks a module the interpreter does not know (third-party):
	// every attribute is Unknown.
	opaque bool
	// done is false while the module body is still running (import cycles).
	done bool
}

// TypeName implements pyvalue.Object.
func (m *Module) TypeName() string { return "module" }

// Repr implements repr().
func (m *Module) Repr() string { return "<module '" + m.Name + "'>" }

// Function is a user-defined function or lambda.
type Function struct {
	Name     string
	Def      *pyast.FunctionDef // nil for a lambda
	Lambda   *pyast.Lambda
	Args     *pyast.Arguments
	Defaults []v.Value
	KwDefs   []v.Value // one per kw-only arg; zero Value (kind None with absent flag) when missing
	KwHas    []bool
	Globals  *Module
	Closure  []*namespace // enclosing function scopes, innermost last
	File     string
}

// TypeName implements pyvalue.Object.
func (f *Function) TypeName() string { return "function" }

// Repr implements repr().
func (f *Function) Repr() string { return "<function " + f.Name + ">" }

// Builtin is a function implemented by the interpreter.
type Builtin struct {
	Name string
	Fn   func(in *Interp, c *callCtx) v.Value
	// Self is the bound receiver of a method when Bound is set.
	Self  v.Value
	Bound bool
}

type kwarg struct {
	name string
	val  v.Value
}

// callCtx is a call of a builtin: its arguments and where it happens.
type callCtx struct {
	fr     *frame
	pos    pyast.Pos
	args   []v.Value
	kwargs []kwarg
}

// arg returns argument i, or the keyword argument name.
func (c *callCtx) arg(i int, name string) (v.Value, bool) {
	if i >= 0 && i < len(c.args) {
		return c.args[i], true
	}
	for _, k := range c.kwargs {
		if k.name == name {
			return k.val, true
		}
	}
	return v.Value{}, false
}

// argOr returns an argument or a default.
func (c *callCtx) argOr(i int, name string, def v.Value) v.Value {
	if a, ok := c.arg(i, name); ok {
		return a
	}
	return def
}

// all returns every argument value (positional and keyword), for taint.
func (c *callCtx) all() []v.Value {
	out := append([]v.Value(nil), c.args...)
	for _, k := range c.kwargs {
		out = append(out, k.val)
	}
	return out
}

// anyUnknown returns the first Unknown argument.
func (c *callCtx) anyUnknown() (v.Value, bool) {
	for _, a := range c.all() {
		if a.IsUnknown() {
			return a, true
		}
	}
	return v.Value{}, false
}

// TypeName implements pyvalue.Object.
func (b *Builtin) TypeName() string { return "builtin_function_or_method" }

// Repr implements repr().
func (b *Builtin) Repr() string { return "<built-in function " + b.Name + ">" }

// Class is a class: user-defined, or a modelled builtin type (str, int,
// Exception...).
type Class struct {
	Name  string
	Bases []*Class
	// Module is the dotted module that defines the class.
	Module string
	// ExternalBases are bases imported from outside the project, by dotted
	// name; UnknownBase is set when a base could not be identified.
	ExternalBases []string
	UnknownBase   bool
	ns            *namespace
	// builtin names the Python builtin type this class stands for.
	builtin string
	// call constructs an instance of a modelled class.
	call func(in *Interp, c *callCtx) v.Value
}

// TypeName implements pyvalue.Object.
func (c *Class) TypeName() string { return "type" }

// Repr implements repr().
func (c *Class) Repr() string { return "<class '" + c.Name + "'>" }

// isSubclass reports whether c is other or derives from it.
func (c *Class) isSubclass(other *Class) bool {
	if c == other {
		return true
	}
	for _, b := range c.Bases {
		if b.isSubclass(other) {
			return true
		}
	}
	return false
}

// hasOpaqueBase reports whether the class derives, anywhere up its
// hierarchy, from a class the interpreter cannot see (imported from outside
// the project, or unidentified): its attributes are then not all known.
func (c *Class) hasOpaqueBase() bool {
	if len(c.ExternalBases) > 0 || c.UnknownBase {
		return true
	}
	for _, b := range c.Bases {
		if b.hasOpaqueBase() {
			return true
		}
	}
	return false
}

// lookup finds an attribute along the class hierarchy.
func (c *Class) lookup(name string) (*binding, bool) {
	if c.ns != nil {
		if b, ok := c.ns.get(name); ok {
			return b, true
		}
	}
	for _, base := range c.Bases {
		if b, ok := base.lookup(name); ok {
			return b, true
		}
	}
	return nil, false
}

// Instance is an instance of a user-defined class, or of an exception.
type Instance struct {
	Class *Class
	ns    *namespace
	// Args holds an exception's arguments.
	Args []v.Value
}

// TypeName implements pyvalue.Object.
func (o *Instance) TypeName() string { return o.Class.Name }

// Repr implements repr().
func (o *Instance) Repr() string {
	if len(o.Args) > 0 {
		parts := make([]string, len(o.Args))
		for i, a := range o.Args {
			parts[i] = v.Repr(a)
		}
		return o.Class.Name + "(" + strings.Join(parts, ", ") + ")"
	}
	return "<" + o.Class.Name + " object>"
}

// BoundMethod is a user function bound to an instance.
type BoundMethod struct {
	Self v.Value
	Fn   *Function
}

// TypeName implements pyvalue.Object.
func (b *BoundMethod) TypeName() string { return "method" }

// Range is a range object (iterated lazily up to the bounds).
type Range struct {
	Start, Stop, Step int64
}

// TypeName implements pyvalue.Object.
func (r *Range) TypeName() string { return "range" }

// Len is the number of items.
func (r *Range) Len() int64 {
	if r.Step > 0 && r.Start < r.Stop {
		return (r.Stop - r.Start + r.Step - 1) / r.Step
	}
	if r.Step < 0 && r.Start > r.Stop {
		return (r.Start - r.Stop - r.Step - 1) / (-r.Step)
	}
	return 0
}

// Path is a pathlib.Path (PurePosixPath semantics).
type Path struct {
	P string
}

// TypeName implements pyvalue.Object.
func (p *Path) TypeName() string { return "PosixPath" }

// Repr implements repr().
func (p *Path) Repr() string { return "PosixPath(" + v.QuoteStr(p.P) + ")" }

// HashKey makes paths usable as dict keys.
func (p *Path) HashKey() (string, bool) { return "path:" + p.P, true }

// Equal compares paths.
func (p *Path) Equal(o v.Object) (bool, bool) {
	q, ok := o.(*Path)
	return ok && q.P == p.P, true
}

// Exception carries a raised Python exception through Go code.
type Exception struct {
	Value *Instance
	Pos   pyast.Pos
	File  string
	// env names variables whose absence or value caused the exception.
	env *v.EnvSet
	// missingVar is set when the exception is a library's complaint that a
	// required environment variable is unset.
	missingVar string
}

func (e *Exception) Error() string { return e.Value.Class.Name + ": " + e.message() }

func (e *Exception) message() string {
	if len(e.Value.Args) == 0 {
		return ""
	}
	if s, ok := e.Value.Args[0].AsStr(); ok {
		return s
	}
	if e.Value.Args[0].IsUnknown() {
		return "(a message that could not be evaluated)"
	}
	return v.Repr(e.Value.Args[0])
}

// boundError stops evaluation when a resource bound is hit.
type boundError struct {
	what string
	pos  pyast.Pos
	file string
}

func (e *boundError) Error() string { return "evaluation bound reached: " + e.what }

// control-flow signals for loops and functions.
type breakSignal struct{}
type continueSignal struct{}
type returnSignal struct{ val v.Value }
