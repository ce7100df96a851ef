package deployfiles

import (
	"bytes"
	"errors"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// Dockerfile is the model of a Dockerfile (or Containerfile).
type Dockerfile struct {
	// Path is the file's path, as given to ParseDockerfile.
	Path string
	// MetaArgs are the ARG instructions before the first FROM.
	MetaArgs []DockerArg
	// Stages are the build stages in file order; the last one is the
	// image that runs unless a build picks another target.
	Stages []*Stage
}

// Stage is one FROM ... section of a Dockerfile.
type Stage struct {
	// Index is the stage's position, from 0.
	Index int
	// Name is the name given with AS, or "".
	Name string
	// Base is the image or earlier stage it starts from, as written.
	Base string
	// Line is the line of the FROM instruction.
	Line int
	// Args are the stage's ARG instructions.
	Args []DockerArg
	// Env are the variables its ENV instructions set, in order.
	Env []EnvVar
	// Run are its RUN commands.
	Run []Command
	// Cmd and Entrypoint are the last CMD and ENTRYPOINT of the stage, or
	// nil.
	Cmd, Entrypoint *Command
	// Copies are its COPY and ADD instructions.
	Copies []Copy
	// User is the last USER of the stage, or nil.
	User *Setting
	// Expose are the ports its EXPOSE instructions list.
	Expose []Setting
}

// DockerArg is one name of an ARG instruction.
type DockerArg struct {
	Name string
	// Default is the default value; HasDefault tells an empty default
	// (ARG X=) from none (ARG X).
	Default    string
	HasDefault bool
	Line       int
}

// Copy is a COPY or ADD instruction.
type Copy struct {
	// Instruction is "COPY" or "ADD".
	Instruction string
	// Sources are the source paths (or URLs), as written; an inline
	// here-document source is given as "<<NAME".
	Sources []string
	// Dest is the destination path, with ${VAR} references to the stage's
	// ARGs and ENVs expanded.
	Dest string
	// From is the --from stage or image, if any.
	From string
	Line int
}

// Setting is a single value read from a file, with its line.
type Setting struct {
	Value string
	Line  int
}

// Final returns the last stage, the one a plain `docker build` produces,
// or nil when the file has no stage.
func (d *Dockerfile) Final() *Stage {
	if len(d.Stages) == 0 {
		return nil
	}
	return d.Stages[len(d.Stages)-1]
}

// Stage returns the stage named name (compared without case, as Docker
// does), or nil.
func (d *Dockerfile) Stage(name string) *Stage {
	for _, s := range d.Stages {
		if s.Name != "" && strings.EqualFold(s.Name, name) {
			return s
		}
	}
	return nil
}

// Runtime is what a container started from one stage of a Dockerfile
// inherits from the stages it is built on.
type Runtime struct {
	// Stage is the stage the image is built from.
	Stage *Stage
	// Chain is the stage and the earlier stages it starts from, the
	// earliest first.
	Chain []*Stage
	// Env is the environment set by ENV along the chain; a later ENV of a
	// name replaces an earlier one.
	Env []EnvVar
	// Cmd, Entrypoint and User are the last ones set along the chain.
	Cmd, Entrypoint *Command
	User            *Setting
	// Expose lists every exposed port along the chain.
	Expose []Setting
}

// Runtime returns what a container of the given stage sees: the target
// stage's name, or "" for the final stage. It returns nil when there is no
// such stage.
func (d *Dockerfile) Runtime(target string) *Runtime {
	st := d.Final()
	if target != "" {
		st = d.Stage(target)
	}
	if st == nil {
		return nil
	}
	// Walk back through FROM <earlier stage> references.
	var chain []*Stage
	for s := st; s != nil && len(chain) <= len(d.Stages); {
		chain = append([]*Stage{s}, chain...)
		s = d.baseStage(s)
	}
	rt := &Runtime{Stage: st, Chain: chain}
	index := map[string]int{}
	for _, s := range chain {
		for _, e := range s.Env {
			if i, ok := index[e.Name]; ok {
				rt.Env[i] = e
				continue
			}
			index[e.Name] = len(rt.Env)
			rt.Env = append(rt.Env, e)
		}
		if s.Cmd != nil {
			rt.Cmd = s.Cmd
		}
		if s.Entrypoint != nil {
			rt.Entrypoint = s.Entrypoint
			// Setting ENTRYPOINT resets a CMD inherited from the base.
			if s.Cmd == nil {
				rt.Cmd = nil
			}
		}
		if s.User != nil {
			rt.User = s.User
		}
		rt.Expose = append(rt.Expose, s.Expose...)
	}
	return rt
}

// baseStage returns the earlier stage s is built FROM, or nil when it
// starts from an image.
func (d *Dockerfile) baseStage(s *Stage) *Stage {
	for _, p := range d.Stages[:s.Index] {
		if p.Name != "" && strings.EqualFold(p.Name, s.Base) {
			return p
		}
	}
	return nil
}

// envMap is a shell.EnvGetter over the variables known so far in a stage.
type envMap struct {
	keys []string
	vals map[string]string
}

func newEnvMap() *envMap { return &envMap{vals: map[string]string{}} }

// Get returns a variable's value; it makes envMap a shell.EnvGetter.
func (m *envMap) Get(k string) (string, bool) { v, ok := m.vals[k]; return v, ok }

// Keys returns the variables' names in the order they were first set.
func (m *envMap) Keys() []string { return m.keys }

func (m *envMap) set(k, v string) {
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}
func (m *envMap) clone() *envMap {
	c := newEnvMap()
	for _, k := range m.keys {
		c.set(k, m.vals[k])
	}
	return c
}

// ParseDockerfile parses the Dockerfile at path whose content is data.
//
// It reads each instruction on its own: a bad instruction is reported and
// skipped, and the rest of the file is still read. ENV values are given
// with their quotes removed and with ${VAR} references to ARG defaults and
// earlier ENVs expanded, as the builder would; references to anything else
// stay as written.
func ParseDockerfile(path string, data []byte) (df *Dockerfile, err error) {
	errs := &errorList{file: path}
	df = &Dockerfile{Path: path}
	defer func() { err = errs.err() }()
	defer guard(errs, "Dockerfile")

	res, perr := parser.Parse(bytes.NewReader(data))
	if perr != nil {
		errs.add(locationLine(perr), "%v", perr)
		return df, nil
	}
	lex := shell.NewLex(res.EscapeToken)
	lex.SkipUnsetEnv = true
	expand := func(word string, env *envMap) string {
		r, err := lex.ProcessWordWithMatches(word, env)
		if err != nil {
			return word
		}
		return r.Result
	}

	meta := newEnvMap()
	// envs[i] holds the variables stage i ends with, so that a stage built
	// FROM it starts from them.
	var envs []*envMap
	var cur *Stage
	var env *envMap
	for _, node := range res.AST.Children {
		line := node.StartLine
		inst, ierr := instructions.ParseInstruction(node)
		if ierr != nil {
			errs.add(line, "%v", ierr)
			continue
		}
		if st, ok := inst.(*instructions.Stage); ok {
			cur = &Stage{Index: len(df.Stages), Name: st.Name, Base: st.BaseName, Line: line}
			df.Stages = append(df.Stages, cur)
			// Global ARGs are visible in FROM only, not inside the
			// stage, unless redeclared; a stage based on an earlier one
			// inherits that stage's ENV.
			env = newEnvMap()
			if b := df.baseStage(cur); b != nil {
				env = envs[b.Index].clone()
			}
			envs = append(envs, env)
			cur.Base = expand(st.BaseName, meta)
			continue
		}
		if cur == nil {
			if a, ok := inst.(*instructions.ArgCommand); ok {
				for _, kv := range a.Args {
					arg := dockerArg(kv, line)
					if arg.HasDefault {
						arg.Default = expand(arg.Default, meta)
						meta.set(arg.Name, arg.Default)
					}
					df.MetaArgs = append(df.MetaArgs, arg)
				}
				continue
			}
			errs.add(line, "%s before the first FROM", strings.ToUpper(node.Value))
			continue
		}
		switch c := inst.(type) {
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				arg := dockerArg(kv, line)
				if arg.HasDefault {
					arg.Default = expand(arg.Default, env)
					env.set(arg.Name, arg.Default)
				} else if v, ok := meta.Get(arg.Name); ok {
					// ARG NAME inside a stage takes the global default.
					env.set(arg.Name, v)
				}
				cur.Args = append(cur.Args, arg)
			}
		case *instructions.EnvCommand:
			// All pairs of one ENV see the variables as they were
			// before it, as in Docker.
			before := env.clone()
			for _, kv := range c.Env {
				v := expand(kv.Value, before)
				cur.Env = append(cur.Env, EnvVar{Name: kv.Key, Value: v, Raw: kv.Value, Line: line})
				env.set(kv.Key, v)
			}
		case *instructions.RunCommand:
			cur.Run = append(cur.Run, dockerCommand(c.ShellDependantCmdLine, line))
		case *instructions.CmdCommand:
			cmd := dockerCommand(c.ShellDependantCmdLine, line)
			cur.Cmd = &cmd
		case *instructions.EntrypointCommand:
			cmd := dockerCommand(c.ShellDependantCmdLine, line)
			cur.Entrypoint = &cmd
		case *instructions.CopyCommand:
			cp := dockerCopy("COPY", c.SourcesAndDest, c.From, line)
			cp.Dest = expand(cp.Dest, env)
			cur.Copies = append(cur.Copies, cp)
		case *instructions.AddCommand:
			cp := dockerCopy("ADD", c.SourcesAndDest, "", line)
			cp.Dest = expand(cp.Dest, env)
			cur.Copies = append(cur.Copies, cp)
		case *instructions.UserCommand:
			cur.User = &Setting{Value: expand(c.User, env), Line: line}
		case *instructions.ExposeCommand:
			for _, p := range c.Ports {
				cur.Expose = append(cur.Expose, Setting{Value: expand(p, env), Line: line})
			}
		}
	}
	return df, nil
}

func dockerArg(kv instructions.KeyValuePairOptional, line int) DockerArg {
	a := DockerArg{Name: kv.Key, Line: line}
	if kv.Value != nil {
		a.Default, a.HasDefault = *kv.Value, true
	}
	return a
}

func dockerCommand(c instructions.ShellDependantCmdLine, line int) Command {
	if c.PrependShell {
		sh := strings.Join(c.CmdLine, " ")
		// A here-document's body is the script that runs.
		for _, f := range c.Files {
			sh += "\n" + strings.TrimSuffix(f.Data, "\n")
		}
		return Command{Shell: sh, Line: line}
	}
	exec := c.CmdLine
	if exec == nil {
		exec = []string{}
	}
	return Command{Exec: exec, Line: line}
}

func dockerCopy(inst string, sd instructions.SourcesAndDest, from string, line int) Copy {
	cp := Copy{Instruction: inst, Dest: sd.DestPath, From: from, Line: line}
	cp.Sources = append(cp.Sources, sd.SourcePaths...)
	for _, sc := range sd.SourceContents {
		cp.Sources = append(cp.Sources, "<<"+sc.Path)
	}
	return cp
}

// locationLine returns the first line a buildkit error points at, or 0.
func locationLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, rs := range le.Locations {
			for _, r := range rs {
				if r.Start.Line > 0 {
					return r.Start.Line
				}
			}
		}
	}
	return 0
}

// ImageName returns the repository name of a container image reference,
// without registry, namespace, tag or digest, in lower case:
// "docker.io/library/traefik:v3" gives "traefik".
func ImageName(ref string) string {
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, '/'); i >= 0 {
		ref = ref[i+1:]
	}
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		ref = ref[:i]
	}
	return strings.ToLower(ref)
}
