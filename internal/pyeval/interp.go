// Package pyeval evaluates Django settings modules statically: a small,
// bounded Python interpreter that runs the module's statements with
// Python's semantics for what settings use, under a given environment,
// without ever executing anything outside the model (no exec, no
// subprocess, no file writes, no network).
//
// Imports inside the project are followed; os, os.path, sys, pathlib,
// django-environ, python-decouple, dj-database-url and django-split-settings
// are modelled; anything else is an Unknown value carrying its reason.
// Every environment read is recorded, and every value carries the set of
// variables it depends on.
package pyeval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/deploycheck/deploycheck/internal/pyast"
	"github.com/deploycheck/deploycheck/internal/pyparse"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// Resolver finds the source file of a project module.
type Resolver interface {
	// ModuleFile resolves a dotted module name to its file; isPackage is
	// set for a package's __init__.py.
	ModuleFile(dotted string) (path string, isPackage bool, ok bool)
}

// Limits bound an evaluation.
type Limits struct {
	Steps      int           // statements and expressions evaluated
	CallDepth  int           // nested calls and imports
	Container  int           // elements in one container
	StrLen     int           // bytes in one str/bytes value
	IntBits    int           // bits in one int
	Time       time.Duration // wall-clock time
	FileSize   int64         // bytes of one source file
	ModuleRefs int           // modules imported
}

// DefaultLimits are generous for real settings and small enough to stop
// hostile input quickly.
var DefaultLimits = Limits{
	Steps:      5_000_000,
	CallDepth:  150,
	Container:  1_000_000,
	StrLen:     16 << 20,
	IntBits:    64 << 10,
	Time:       10 * time.Second,
	FileSize:   8 << 20,
	ModuleRefs: 500,
}

// Options configure an evaluation.
type Options struct {
	// Env is the process environment the settings see. Nil means none was
	// given: variables are treated as unset and verdicts become
	// conditional.
	Env map[string]string
	// Base holds variables known from elsewhere (the deployment files)
	// when Env is nil: reads see their values, and every other variable
	// stays unset with conditional verdicts. Env, when given, is used
	// alone: the caller merges Base into it.
	Base map[string]string
	// Resolver finds project modules. Required.
	Resolver Resolver
	// Root is the project directory: files outside it are never read.
	Root   string
	Limits Limits
}

// Result is the outcome of evaluating a settings module.
type Result struct {
	// Globals are the module's final names in assignment order.
	Globals []Global
	// EnvReads lists every environment read.
	EnvReads []settings.EnvRead
	// Problems are errors Django would hit importing the module.
	Problems []settings.Problem
	// Fatal is set when importing the module would fail (Django would not
	// start).
	Fatal bool
	// Files lists the source files evaluated.
	Files []string
}

// Global is one module-level name.
type Global struct {
	Name  string
	Value v.Value
	File  string
	Pos   pyast.Pos
}

// Interp is one evaluation's state.
type Interp struct {
	ctx      context.Context
	opts     Options
	lim      Limits
	deadline time.Time
	steps    int
	depth    int
	modules  map[string]*Module
	env      map[string]string
	envSet   map[string]bool // variables set by the settings themselves
	reads    []settings.EnvRead
	problems []settings.Problem
	files    []string
	builtins map[string]v.Value
	classes  *builtinClasses
}

// EvalModule evaluates the dotted module and returns its globals.
func EvalModule(ctx context.Context, module string, opts Options) (*Result, error) {
	if opts.Resolver == nil {
		return nil, errors.New("pyeval: no module resolver")
	}
	lim := opts.Limits
	if lim.Steps == 0 {
		lim = DefaultLimits
	}
	in := &Interp{
		ctx:     ctx,
		opts:    opts,
		lim:     lim,
		modules: map[string]*Module{},
		env:     map[string]string{},
		envSet:  map[string]bool{},
	}
	if opts.Env == nil {
		for k, val := range opts.Base {
			in.env[k] = val
		}
	}
	for k, val := range opts.Env {
		in.env[k] = val
	}
	in.deadline = time.Now().Add(lim.Time)
	if d, ok := ctx.Deadline(); ok && d.Before(in.deadline) {
		in.deadline = d
	}
	in.classes = newBuiltinClasses()
	in.builtins = in.makeBuiltins()

	res := &Result{}
	mod, err := in.runTop(module)
	res.EnvReads = in.reads
	res.Problems = in.problems
	res.Files = in.files
	if err != nil {
		res.Fatal = true
	}
	if mod != nil {
		for _, name := range mod.ns.order {
			b := mod.ns.m[name]
			res.Globals = append(res.Globals, Global{Name: name, Value: b.val, File: b.file, Pos: b.pos})
		}
	}
	return res, nil
}

// runTop imports the settings module, turning what escapes into problems.
func (in *Interp) runTop(module string) (mod *Module, err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch e := r.(type) {
		case *Exception:
			in.problems = append(in.problems, settings.Problem{
				Kind: problemKind(e), Message: e.Error(), File: in.rel(e.File), Line: e.Pos.Line, Col: e.Pos.Col + 1,
				Env: e.env.Names(),
			})
			err = e
		case *boundError:
			in.problems = append(in.problems, settings.Problem{
				Kind: "bound", Message: e.Error(), File: in.rel(e.file), Line: e.pos.Line, Col: e.pos.Col + 1,
			})
			err = e
		default:
			panic(r)
		}
		mod = in.modules[module]
	}()
	mod = in.importModule(module, pyast.Pos{}, "")
	return mod, nil
}

func problemKind(e *Exception) string {
	switch e.Value.Class.Name {
	case "SyntaxError", "IndentationError", "TabError":
		return "syntax"
	case "ModuleNotFoundError", "ImportError":
		return "import"
	case "NameError":
		return "name"
	}
	if e.missingVar != "" {
		return "env"
	}
	return "exception"
}

// rel makes a path relative to the project root for display.
func (in *Interp) rel(path string) string {
	if path == "" || in.opts.Root == "" {
		return path
	}
	if r, err := filepath.Rel(in.opts.Root, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

// step counts work and enforces the step and time bounds.
func (in *Interp) step(pos pyast.Pos, file string) {
	in.steps++
	if in.steps > in.lim.Steps {
		panic(&boundError{what: fmt.Sprintf("more than %d evaluation steps", in.lim.Steps), pos: pos, file: file})
	}
	if in.steps&1023 == 0 {
		if time.Now().After(in.deadline) {
			panic(&boundError{what: fmt.Sprintf("evaluation took longer than %s", in.lim.Time), pos: pos, file: file})
		}
		if err := in.ctx.Err(); err != nil {
			panic(&boundError{what: "evaluation cancelled: " + err.Error(), pos: pos, file: file})
		}
	}
}

// importModule imports a project module by dotted name (running it once)
// or returns a modelled module. A project module that does not exist
// raises ModuleNotFoundError.
func (in *Interp) importModule(name string, pos pyast.Pos, file string) *Module {
	if m, ok := in.modules[name]; ok {
		return m
	}
	if m := in.modelModule(name); m != nil {
		in.modules[name] = m
		return m
	}
	path, isPkg, ok := in.opts.Resolver.ModuleFile(name)
	if !ok {
		top := name
		if i := strings.IndexByte(name, '.'); i >= 0 {
			top = name[:i]
		}
		if _, _, topOK := in.opts.Resolver.ModuleFile(top); topOK || top != name && in.isProjectPackage(top) {
			exc := in.newException("ModuleNotFoundError", pos, file, fmt.Sprintf("No module named '%s'", name))
			exc.Value.ns.set("name", binding{val: v.Str(name)})
			panic(exc)
		}
		// Not part of the project: a third-party module we cannot see.
		m := &Module{Name: name, opaque: true, done: true, ns: newNamespace()}
		in.modules[name] = m
		return m
	}
	if len(in.modules) > in.lim.ModuleRefs {
		panic(&boundError{what: "too many modules imported", pos: pos, file: file})
	}
	// Import parent packages first, as Python does.
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		in.importModule(name[:i], pos, file)
	}
	if m, ok := in.modules[name]; ok {
		return m
	}
	m := &Module{Name: name, File: path, ns: newNamespace()}
	in.modules[name] = m
	m.ns.set("__name__", binding{val: v.Str(name)})
	m.ns.set("__file__", binding{val: v.Str(path)})
	pkg := name
	if !isPkg {
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			pkg = name[:i]
		} else {
			pkg = ""
		}
	}
	m.ns.set("__package__", binding{val: v.Str(pkg)})
	in.runFile(m, path, pos, file)
	m.done = true
	// Bind the submodule as an attribute of its parent package.
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if parent, ok := in.modules[name[:i]]; ok && !parent.opaque && parent.attr == nil {
			if _, exists := parent.ns.get(name[i+1:]); !exists {
				parent.ns.set(name[i+1:], binding{val: v.NewObject(m), file: path})
			}
		}
	}
	return m
}

func (in *Interp) isProjectPackage(top string) bool {
	_, isPkg, ok := in.opts.Resolver.ModuleFile(top)
	return ok && isPkg
}

// runFile parses and executes a source file in module m.
func (in *Interp) runFile(m *Module, path string, pos pyast.Pos, file string) {
	if in.depth > in.lim.CallDepth {
		panic(&boundError{what: "imports nested too deeply", pos: pos, file: file})
	}
	st, err := os.Stat(path)
	if err != nil {
		panic(in.newException("ImportError", pos, file, fmt.Sprintf("cannot read %s: %v", in.rel(path), err)))
	}
	if st.Size() > in.lim.FileSize {
		panic(&boundError{what: fmt.Sprintf("%s is larger than %d bytes", in.rel(path), in.lim.FileSize), pos: pos, file: file})
	}
	src, err := os.ReadFile(path)
	if err != nil {
		panic(in.newException("ImportError", pos, file, fmt.Sprintf("cannot read %s: %v", in.rel(path), err)))
	}
	in.files = append(in.files, path)
	tree, perr := pyparse.Parse(src)
	if perr != nil {
		se := pyparse.FirstError(perr)
		exc := in.newException(se.Kind(), pyast.Pos{Line: se.Line, Col: max(0, se.Col-1)}, path, se.Msg)
		panic(exc)
	}
	in.depth++
	defer func() { in.depth-- }()
	fr := &frame{mod: m, file: path}
	in.execBlock(fr, tree.Body)
}

// frame is the scope statements run in.
type frame struct {
	mod    *Module
	locals *namespace // nil at module level
	// closure holds the enclosing functions' scopes, innermost last.
	closure  []*namespace
	globals  map[string]bool // names declared global in a function
	nonlocal map[string]bool
	file     string
	// taint is the environment the current control flow depends on: a
	// branch taken because of an env var taints what it assigns.
	taint *v.EnvSet
	// classNS is set while running a class body.
	classNS *namespace
}

// newException makes a Python exception of a builtin class.
func (in *Interp) newException(class string, pos pyast.Pos, file, msg string) *Exception {
	c := in.classes.get(class)
	inst := &Instance{Class: c, ns: newNamespace(), Args: []v.Value{v.Str(msg)}}
	return &Exception{Value: inst, Pos: pos, File: file}
}

// raise panics with a Python exception.
func (in *Interp) raise(class string, pos pyast.Pos, file, format string, args ...any) {
	panic(in.newException(class, pos, file, fmt.Sprintf(format, args...)))
}
