package project

import (
	"fmt"
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/pyast"
	"github.com/deploycheck/deploycheck/internal/pyparse"
)

// settingsVar is the variable Django reads its settings module from.
const settingsVar = "DJANGO_SETTINGS_MODULE"

// The kinds of places that name a settings module, most authoritative
// first.
const (
	srcFlag = iota
	srcEnvOption
	srcDockerfile
	srcCompose
	srcSystemd
	srcKubernetes
	srcProcfile
	srcWSGI
	srcASGI
	srcManagePy
	srcFileSearch
)

var sourceNames = [...]string{
	srcFlag: "--settings", srcEnvOption: "--env", srcDockerfile: "Dockerfile", srcCompose: "compose",
	srcSystemd: "systemd", srcKubernetes: "Kubernetes", srcProcfile: "Procfile", srcWSGI: "wsgi.py",
	srcASGI: "asgi.py", srcManagePy: "manage.py", srcFileSearch: "file search",
}

// rankedCandidate is a candidate with what orders it.
type rankedCandidate struct {
	Candidate
	source int
	// purpose of the file: development files come after all others.
	purpose deployfiles.Purpose
	// sub orders candidates of one source: the compose service or
	// Procfile process that looks most like the web app first.
	sub int
	// how names the words or statement that set the module, and phrase
	// (with a %s for the location) says where they are, for Reason.
	how    string
	phrase string
	seq    int
}

// candidates collects the places naming a settings module.
type candidates struct {
	d    *discovery
	list []rankedCandidate
}

// add records a candidate, resolving its module. It returns the new
// candidate, or nil when module is empty.
func (c *candidates) add(source int, file string, line int, module, detail, how, phrase string, sub int) *rankedCandidate {
	module = strings.TrimSpace(module)
	if module == "" {
		return nil
	}
	rc := rankedCandidate{
		Candidate: Candidate{Module: module, Source: sourceNames[source], File: file, Line: line, Detail: detail},
		source:    source, sub: sub, how: how, phrase: phrase, seq: len(c.list),
	}
	if file != "" {
		rc.purpose = c.d.purpose(file)
	}
	rc.Path, rc.IsPackage, rc.Resolved = c.d.p.ModuleFile(module)
	c.list = append(c.list, rc)
	return &c.list[len(c.list)-1]
}

// fromEnv adds a candidate for each DJANGO_SETTINGS_MODULE in vars.
func (c *candidates) fromEnv(source int, file string, vars []deployfiles.EnvVar, detail, phrase string, sub int) {
	for _, v := range vars {
		if v.Name == settingsVar && v.From == "" {
			c.add(source, file, v.Line, v.Value, detail, settingsVar+"="+v.Value, phrase, sub)
		}
	}
}

// fromCommand adds a candidate when a command line names a settings module.
func (c *candidates) fromCommand(source int, file string, cmd *deployfiles.Command, detail, phrase string, sub int) {
	if cmd == nil {
		return
	}
	if module, how := settingsFromWords(commandWords(cmd)); module != "" {
		c.add(source, file, cmd.Line, module, detail, how, phrase, sub)
	}
}

// chooseSettings gathers every place that names a settings module and picks
// the most authoritative one.
func (d *discovery) chooseSettings() {
	c := &candidates{d: d}
	if d.opts.SettingsModule != "" {
		c.add(srcFlag, "", 0, d.opts.SettingsModule, "the --settings option", d.opts.SettingsModule, "given with --settings", 0)
	}
	if v := d.opts.Env[settingsVar]; v != "" {
		c.add(srcEnvOption, "", 0, v, "the environment given with --env", settingsVar+"="+v, "given with --env", 0)
	}
	d.dockerCandidates(c)
	d.composeCandidates(c)
	for _, u := range d.p.Units {
		c.fromEnv(srcSystemd, u.Path, u.Environment, "Environment=", "set by Environment= in %s", 0)
		for i := range u.ExecStart {
			c.fromCommand(srcSystemd, u.Path, &u.ExecStart[i], "ExecStart=", "in ExecStart= in %s", 0)
			d.noteServed(&u.ExecStart[i])
		}
	}
	for _, km := range d.p.Kubernetes {
		for _, w := range km.Workloads {
			for _, ct := range w.Containers {
				detail := fmt.Sprintf("container %s of %s %s", ct.Name, w.Kind, w.Name)
				sub := 0
				if ct.Init {
					sub = 1
				}
				c.fromEnv(srcKubernetes, km.Path, ct.Env, "env of "+detail, "set in the env of "+detail+" (%s)", sub)
				c.fromCommand(srcKubernetes, km.Path, ct.Command, "command of "+detail, "in the command of "+detail+" (%s)", sub)
				c.fromCommand(srcKubernetes, km.Path, ct.Args, "args of "+detail, "in the args of "+detail+" (%s)", sub)
				d.noteServed(ct.Command)
				d.noteServed(ct.Args)
			}
		}
	}
	for _, pf := range d.p.Procfiles {
		for i := range pf.Processes {
			proc := &pf.Processes[i]
			sub := 1
			if proc.Name == "web" {
				sub = 0
			}
			c.fromCommand(srcProcfile, pf.Path, &proc.Command, "process "+proc.Name, "on the "+proc.Name+" process line in %s", sub)
			d.noteServed(&proc.Command)
		}
	}
	d.pythonCandidates(c)
	if len(c.list) == 0 {
		d.searchSettingsFiles(c)
	}

	sort.SliceStable(c.list, func(i, j int) bool {
		a, b := c.list[i], c.list[j]
		if da, db := a.purpose == deployfiles.PurposeDevelopment, b.purpose == deployfiles.PurposeDevelopment; da != db {
			return !da
		}
		if a.source != b.source {
			return a.source < b.source
		}
		if a.purpose != b.purpose {
			return a.purpose > b.purpose
		}
		if a.sub != b.sub {
			return a.sub < b.sub
		}
		return a.seq < b.seq
	})
	s := &d.p.Settings
	for _, rc := range c.list {
		s.Candidates = append(s.Candidates, rc.Candidate)
	}
	if len(c.list) == 0 {
		s.Reason = "no settings module found: nothing sets " + settingsVar + " (in the deployment files, wsgi.py, asgi.py or manage.py) and no settings.py exists in the source roots; give one with --settings"
		return
	}
	best := c.list[0]
	s.Module, s.Path, s.IsPackage = best.Module, best.Path, best.IsPackage
	s.Reason = d.reason(best, c.list[1:])
}

// dockerCandidates looks at the ENV of each Dockerfile's runtime stage and
// at its CMD and ENTRYPOINT.
func (d *discovery) dockerCandidates(c *candidates) {
	for _, df := range d.p.Dockerfiles {
		rt := df.Runtime(d.dockerTarget(df))
		if rt == nil {
			continue
		}
		c.fromEnv(srcDockerfile, df.Path, rt.Env, "ENV", "set by ENV in %s", 0)
		c.fromCommand(srcDockerfile, df.Path, rt.Entrypoint, "ENTRYPOINT", "in the ENTRYPOINT in %s", 0)
		c.fromCommand(srcDockerfile, df.Path, rt.Cmd, "CMD", "in the CMD in %s", 0)
		d.noteServed(rt.Entrypoint)
		d.noteServed(rt.Cmd)
	}
}

// composeCandidates looks at each service's environment, env_file and
// command, preferring services that run a web server.
func (d *discovery) composeCandidates(c *candidates) {
	for _, cf := range d.p.Compose {
		for _, s := range cf.Services {
			words := append(commandWords(s.Entrypoint), commandWords(s.Command)...)
			if s.Command == nil && s.Entrypoint == nil {
				words = d.imageCommand(s)
			}
			class := processClass(words)
			purpose := d.purpose(cf.Path)
			for _, v := range d.serviceEnv(cf, s) {
				if v.Name != settingsVar || v.From != "" {
					continue
				}
				detail := "environment of service " + s.Name
				phrase := "set in the environment of compose service " + s.Name + " (%s)"
				if v.File != cf.Path {
					detail = "env_file of service " + s.Name
					phrase = "set in %s, an env_file of compose service " + s.Name + " (" + d.rel(cf.Path) + ")"
				}
				// An env file counts as meant for development when the
				// compose file using it is.
				if rc := c.add(srcCompose, v.File, v.Line, v.Value, detail, settingsVar+"="+v.Value, phrase, class); rc != nil && purpose < rc.purpose {
					rc.purpose = purpose
				}
			}
			c.fromCommand(srcCompose, cf.Path, s.Entrypoint, "entrypoint of service "+s.Name, "in the entrypoint of compose service "+s.Name+" (%s)", class)
			c.fromCommand(srcCompose, cf.Path, s.Command, "command of service "+s.Name, "in the command of compose service "+s.Name+" (%s)", class)
			d.noteServed(s.Entrypoint)
			d.noteServed(s.Command)
		}
	}
}

// imageCommand returns the words of the command a compose service runs when
// it does not override it: the CMD of the Dockerfile it builds, if known.
func (d *discovery) imageCommand(s *deployfiles.Service) []string {
	if s.Build == nil {
		return nil
	}
	for _, df := range d.p.Dockerfiles {
		if df.Path != s.Build.DockerfilePath {
			continue
		}
		if rt := df.Runtime(s.Build.Target); rt != nil {
			return append(commandWords(rt.Entrypoint), commandWords(rt.Cmd)...)
		}
	}
	return nil
}

// noteServed remembers the wsgi/asgi modules a command serves.
func (d *discovery) noteServed(cmd *deployfiles.Command) {
	for _, m := range servedModules(commandWords(cmd)) {
		d.wsgiRefs[m] = true
	}
}

// pythonCandidates reads os.environ.setdefault("DJANGO_SETTINGS_MODULE",
// ...) from wsgi.py, asgi.py and manage.py, wsgi modules that a deployment
// command serves first.
func (d *discovery) pythonCandidates(c *candidates) {
	type pyFile struct {
		path   string
		source int
		sub    int
	}
	var files []pyFile
	for _, f := range d.p.Files {
		source := -1
		switch f.Kind {
		case KindWSGI:
			source = srcWSGI
		case KindASGI:
			source = srcASGI
		case KindManagePy:
			source = srcManagePy
		}
		if source < 0 {
			continue
		}
		sub := 1
		if d.wsgiRefs[d.moduleName(f.Path)] {
			sub = 0
		}
		files = append(files, pyFile{f.Path, source, sub})
	}
	for _, f := range files {
		data, ok := d.readFile(f.path)
		if !ok {
			continue
		}
		mod, err := pyparse.Parse(data)
		if err != nil {
			line, msg := 0, err.Error()
			if se := pyparse.FirstError(err); se != nil {
				line, msg = se.Line, se.Msg
			}
			d.problem(f.path, line, "Python syntax error: %s", msg)
		}
		if mod == nil {
			continue
		}
		for _, a := range settingsAssignments(mod.Body) {
			c.add(f.source, f.path, a.line, a.module, a.how, settingsVar+"="+a.module, a.phrase, f.sub)
		}
	}
}

// moduleName returns the dotted module name of a .py file in the source
// roots, or "".
func (d *discovery) moduleName(path string) string {
	for _, root := range d.p.SourceRoots {
		if !within(root, path) {
			continue
		}
		rel, err := relPath(root, path)
		if err != nil {
			continue
		}
		rel = strings.TrimSuffix(rel, ".py")
		return strings.ReplaceAll(rel, "/", ".")
	}
	return ""
}

// searchSettingsFiles is the last resort when nothing names a settings
// module: settings.py files and settings packages in the source roots.
func (d *discovery) searchSettingsFiles(c *candidates) {
	for _, e := range d.walk.files {
		path := d.path(e.rel)
		if !d.inSourceRoot(path) || d.purpose(path) == deployfiles.PurposeDevelopment {
			continue
		}
		var module string
		switch {
		case pathBase(e.rel) == "settings.py":
			module = d.moduleName(path)
		case strings.HasSuffix(e.rel, "/settings/__init__.py"):
			module = strings.TrimSuffix(d.moduleName(path), ".__init__")
		}
		if module != "" {
			c.add(srcFileSearch, path, 0, module, "a settings module in the source roots", module, "", 0)
		}
	}
}

// reason explains the choice of best among the others in plain words.
func (d *discovery) reason(best rankedCandidate, others []rankedCandidate) string {
	var b strings.Builder
	where := d.rel(best.File)
	if best.Line > 0 {
		where = fmt.Sprintf("%s:%d", where, best.Line)
	}
	place := best.phrase
	if strings.Contains(place, "%s") {
		place = fmt.Sprintf(place, where)
	}
	switch best.source {
	case srcWSGI, srcASGI, srcManagePy:
		fmt.Fprintf(&b, "no deployment file sets %s; %s %s", settingsVar, best.how, place)
	case srcFileSearch:
		fmt.Fprintf(&b, "nothing sets %s; %s (%s) is the ", settingsVar, best.Module, d.rel(best.File))
		if len(others) == 0 {
			b.WriteString("only settings module in the source roots")
		} else {
			fmt.Fprintf(&b, "first of %d settings modules in the source roots", len(others)+1)
		}
	default:
		fmt.Fprintf(&b, "%s %s", best.how, place)
	}
	switch {
	case best.Resolved && best.IsPackage:
		fmt.Fprintf(&b, "; it is a package, %s", d.rel(best.Path))
	case best.source == srcFileSearch:
	case best.Resolved:
		fmt.Fprintf(&b, "; it is %s", d.rel(best.Path))
	default:
		fmt.Fprintf(&b, "; but no %s.py or %s/__init__.py exists in the source roots", moduleRel(best.Module), moduleRel(best.Module))
	}
	if best.purpose == deployfiles.PurposeDevelopment {
		b.WriteString("; only files meant for development name a settings module")
	}
	// Other modules, each with the places that name it.
	var order []string
	places := map[string][]string{}
	missing := map[string]bool{}
	for _, o := range others {
		if o.Module == best.Module || o.source == srcFileSearch {
			continue
		}
		loc := o.Source
		if o.File != "" {
			loc = d.rel(o.File)
			if o.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, o.Line)
			}
		}
		if _, ok := places[o.Module]; !ok {
			order = append(order, o.Module)
		}
		places[o.Module] = append(places[o.Module], loc)
		if !o.Resolved {
			missing[o.Module] = true
		}
	}
	if len(order) > 0 {
		alts := make([]string, len(order))
		for i, m := range order {
			if missing[m] {
				places[m] = append(places[m], "no such module")
			}
			alts[i] = fmt.Sprintf("%s (%s)", m, strings.Join(places[m], ", "))
		}
		fmt.Fprintf(&b, ". Other candidates: %s", strings.Join(alts, "; "))
	}
	return b.String()
}

// moduleRel turns a dotted module name into a slash path.
func moduleRel(module string) string { return strings.ReplaceAll(module, ".", "/") }

// settingsAssignment is a statement that sets DJANGO_SETTINGS_MODULE.
type settingsAssignment struct {
	module string
	line   int
	// how names the statement; phrase says what it does, with a %s for
	// its location.
	how    string
	phrase string
}

// settingsAssignments finds, anywhere in a module (inside functions, ifs,
// tries and withs too), the statements
//
//	os.environ.setdefault("DJANGO_SETTINGS_MODULE", "...")
//	os.environ["DJANGO_SETTINGS_MODULE"] = "..."
//
// and the same through `from os import environ`.
func settingsAssignments(body []pyast.Stmt) []settingsAssignment {
	var out []settingsAssignment
	var walk func([]pyast.Stmt, int)
	walk = func(stmts []pyast.Stmt, depth int) {
		if depth > 100 {
			return
		}
		for _, st := range stmts {
			switch s := st.(type) {
			case *pyast.ExprStmt:
				if call, ok := s.Value.(*pyast.Call); ok {
					if a, ok := setdefaultCall(call); ok {
						out = append(out, a)
					}
				}
			case *pyast.Assign:
				if v, ok := strConst(s.Value); ok {
					for _, t := range s.Targets {
						if environItem(t) {
							out = append(out, settingsAssignment{module: v, line: s.Line,
								how: `os.environ["` + settingsVar + `"] = ...`, phrase: "assigned to os.environ in %s"})
						}
					}
				}
			case *pyast.FunctionDef:
				walk(s.Body, depth+1)
			case *pyast.ClassDef:
				walk(s.Body, depth+1)
			case *pyast.If:
				walk(s.Body, depth+1)
				walk(s.Orelse, depth+1)
			case *pyast.For:
				walk(s.Body, depth+1)
				walk(s.Orelse, depth+1)
			case *pyast.While:
				walk(s.Body, depth+1)
				walk(s.Orelse, depth+1)
			case *pyast.With:
				walk(s.Body, depth+1)
			case *pyast.Try:
				walk(s.Body, depth+1)
				for _, h := range s.Handlers {
					walk(h.Body, depth+1)
				}
				walk(s.Orelse, depth+1)
				walk(s.Finalbody, depth+1)
			case *pyast.Match:
				for _, mc := range s.Cases {
					walk(mc.Body, depth+1)
				}
			}
		}
	}
	walk(body, 0)
	return out
}

// setdefaultCall recognises os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x").
func setdefaultCall(call *pyast.Call) (settingsAssignment, bool) {
	attr, ok := call.Func.(*pyast.Attribute)
	if !ok || attr.Attr != "setdefault" || !isEnviron(attr.Value) || len(call.Args) != 2 {
		return settingsAssignment{}, false
	}
	if k, ok := strConst(call.Args[0]); !ok || k != settingsVar {
		return settingsAssignment{}, false
	}
	v, ok := strConst(call.Args[1])
	if !ok {
		return settingsAssignment{}, false
	}
	return settingsAssignment{module: v, line: call.Line,
		how: "os.environ.setdefault", phrase: "as the default that os.environ.setdefault gives it in %s"}, true
}

// environItem recognises the target os.environ["DJANGO_SETTINGS_MODULE"].
func environItem(e pyast.Expr) bool {
	sub, ok := e.(*pyast.Subscript)
	if !ok || !isEnviron(sub.Value) {
		return false
	}
	k, ok := strConst(sub.Slice)
	return ok && k == settingsVar
}

// isEnviron recognises os.environ and a bare environ.
func isEnviron(e pyast.Expr) bool {
	switch v := e.(type) {
	case *pyast.Attribute:
		n, ok := v.Value.(*pyast.Name)
		return ok && n.ID == "os" && v.Attr == "environ"
	case *pyast.Name:
		return v.ID == "environ"
	}
	return false
}

func strConst(e pyast.Expr) (string, bool) {
	c, ok := e.(*pyast.Constant)
	if !ok || c.Kind != pyast.ConstStr {
		return "", false
	}
	return c.Str, true
}
