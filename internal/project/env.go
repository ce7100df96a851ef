package project

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/dotenv"
)

// collectDeployEnv gathers the variables the deployment files set, from
// files for production first, then neutral ones; files for development or
// tests are left out.
func (d *discovery) collectDeployEnv() {
	var prod, neutral []EnvVar
	// A variable counts as the file's that runs the process, unless the
	// file it is written in (an env_file) is marked for development.
	add := func(file string, vars ...EnvVar) {
		purpose := d.purpose(file)
		for _, v := range vars {
			if v.File != file && d.purpose(v.File) == deployfiles.PurposeDevelopment {
				continue
			}
			switch purpose {
			case deployfiles.PurposeProduction:
				v.Production = true
				prod = append(prod, v)
			case deployfiles.PurposeUnknown:
				neutral = append(neutral, v)
			}
		}
	}
	for _, df := range d.p.Dockerfiles {
		if rt := df.Runtime(d.dockerTarget(df)); rt != nil {
			add(df.Path, grouped(df.Path, false, fromDeploy(df.Path, "Dockerfile ENV", rt.Env))...)
		}
	}
	for _, cf := range d.p.Compose {
		for _, s := range cf.Services {
			if d.p.devServices[s] {
				continue
			}
			support := s.Build == nil && s.Image != nil && SupportImage(s.Image.Value)
			add(cf.Path, grouped(serviceGroup(cf, s), support, d.serviceEnv(cf, s))...)
		}
	}
	for _, u := range d.p.Units {
		add(u.Path, grouped(u.Path, false, fromDeploy(u.Path, "systemd Environment", u.Environment))...)
	}
	for _, km := range d.p.Kubernetes {
		for _, w := range km.Workloads {
			for _, c := range w.Containers {
				src := fmt.Sprintf("Kubernetes env (%s %s, container %s)", w.Kind, w.Name, c.Name)
				add(km.Path, grouped(containerGroup(km, w, c), SupportImage(c.Image), fromDeploy(km.Path, src, c.Env))...)
			}
		}
	}
	for _, pf := range d.p.Procfiles {
		for _, proc := range pf.Processes {
			src := fmt.Sprintf("Procfile (process %s)", proc.Name)
			add(pf.Path, grouped(procfileGroup(pf, &proc), false, fromDeploy(pf.Path, src, inlineEnv(proc.Command)))...)
		}
	}
	d.p.DeployEnv = append(prod, neutral...)
}

// The names of process environments (EnvVar.Group, AppProcess.Group); a
// Dockerfile's and a systemd unit's are their paths.
func serviceGroup(cf *deployfiles.ComposeFile, s *deployfiles.Service) string {
	return cf.Path + "#" + s.Name
}

func containerGroup(km *deployfiles.KubeManifest, w *deployfiles.Workload, c *deployfiles.Container) string {
	return km.Path + "#" + w.Kind + "/" + w.Name + "/" + c.Name
}

func procfileGroup(pf *deployfiles.Procfile, proc *deployfiles.Process) string {
	return pf.Path + "#" + proc.Name
}

// grouped returns copies of vars marked as one process's environment,
// and as a support service's when support is set.
func grouped(group string, support bool, vars []EnvVar) []EnvVar {
	out := make([]EnvVar, len(vars))
	for i, v := range vars {
		v.Group, v.Support = group, support
		out[i] = v
	}
	return out
}

// supportImages are the images of services that run beside a Django app
// but are not it: databases, caches, brokers, proxies, mail catchers.
var supportImages = []string{
	"postgres", "postgis", "mysql", "mariadb", "redis", "valkey", "memcached", "rabbitmq",
	"nginx", "traefik", "caddy", "haproxy", "envoy", "httpd", "varnish", "mongo",
	"elasticsearch", "opensearch", "minio", "mailhog", "mailpit", "localstack", "busybox",
}

// SupportImage reports whether a container image is a well-known support
// service (a database, cache, broker or proxy) rather than the app.
func SupportImage(image string) bool {
	name := deployfiles.ImageName(image)
	for _, s := range supportImages {
		if name == s || strings.HasPrefix(name, s+"-") {
			return true
		}
	}
	return false
}

func fromDeploy(file, source string, vars []deployfiles.EnvVar) []EnvVar {
	out := make([]EnvVar, 0, len(vars))
	for _, v := range vars {
		out = append(out, EnvVar{Name: v.Name, Value: v.Value, File: file, Line: v.Line, Source: source, From: v.From})
	}
	return out
}

// dockerTarget returns the stage a compose service builds from df, or ""
// for the final stage.
func (d *discovery) dockerTarget(df *deployfiles.Dockerfile) string {
	for _, cf := range d.p.Compose {
		if d.purpose(cf.Path) == deployfiles.PurposeDevelopment {
			continue
		}
		for _, s := range cf.Services {
			if s.Build != nil && s.Build.Target != "" && filepath.Clean(s.Build.DockerfilePath) == filepath.Clean(df.Path) && df.Stage(s.Build.Target) != nil {
				return s.Build.Target
			}
		}
	}
	return ""
}

// serviceEnv returns what a compose service's env_file and environment
// sections set, in that order (environment wins in compose). References to
// ${VAR} are filled from --env and the .env file beside the compose file.
func (d *discovery) serviceEnv(cf *deployfiles.ComposeFile, s *deployfiles.Service) []EnvVar {
	if env, ok := d.serviceEnvs[s]; ok {
		return env
	}
	out := []EnvVar{}
	defer func() { d.serviceEnvs[s] = out }()
	for _, ref := range s.EnvFiles {
		entries, ok := d.envFile(ref, cf.Path, s.Name)
		if !ok {
			continue
		}
		src := fmt.Sprintf("compose env_file (service %s)", s.Name)
		for _, e := range entries {
			out = append(out, EnvVar{Name: e.Key, Value: e.Value, File: ref.Path, Line: e.Line, Source: src})
		}
	}
	src := fmt.Sprintf("compose environment (service %s)", s.Name)
	for _, v := range s.Environment {
		ev := EnvVar{Name: v.Name, Value: v.Value, File: cf.Path, Line: v.Line, Source: src, From: v.From}
		if v.From == "" {
			ev.Value, ev.From = d.interpolate(cf.Path, v.Value)
		} else if val, ok := d.opts.Env[v.Name]; ok {
			ev.Value, ev.From = val, "host environment (given with --env)"
		}
		out = append(out, ev)
	}
	return out
}

// envFile reads an env_file of a compose service, once per file. A missing
// required file is a problem on the compose file.
func (d *discovery) envFile(ref deployfiles.EnvFileRef, composePath, service string) ([]dotenv.Entry, bool) {
	if entries, ok := d.envFiles[ref.Path]; ok {
		return entries, entries != nil
	}
	d.envFiles[ref.Path] = nil
	if _, err := os.Stat(ref.Path); err != nil {
		if ref.Required {
			// Env files with real values are rightly kept out of version
			// control: their absence is a note, not a problem.
			d.note("%s:%d: env_file %s of service %s is not in the project (%v); the variables it sets are not known",
				d.rel(composePath), ref.Line, ref.Raw, service, ioReason(err))
		}
		return nil, false
	}
	data, ok := d.readFile(ref.Path)
	if !ok {
		return nil, false
	}
	entries, err := dotenv.Parse(data)
	for _, le := range dotenv.LineErrors(err) {
		d.problem(ref.Path, le.Line, "%s", le.Msg)
	}
	if entries == nil {
		entries = []dotenv.Entry{}
	}
	d.envFiles[ref.Path] = entries
	return entries, true
}

// interpolate fills ${VAR} references in a compose value as compose would,
// from --env and the .env file beside the compose file. When the value
// uses a variable that neither sets, without a default (plain $VAR or
// ${VAR}), the value as written is kept and from says which variables it
// needs.
func (d *discovery) interpolate(composePath, value string) (result, from string) {
	if !strings.Contains(value, "$") {
		return value, ""
	}
	dotEnv := d.composeDotEnv(filepath.Dir(composePath))
	lookup := func(name string) (string, bool) {
		if v, ok := d.opts.Env[name]; ok {
			return v, true
		}
		v, ok := dotEnv[name]
		return v, ok
	}
	var missing []string
	for _, name := range plainReferences(value) {
		if _, ok := lookup(name); !ok && !contains(missing, name) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return value, "needs " + strings.Join(missing, ", ") + " from the environment compose runs in"
	}
	out, err := dotenv.Interpolate(value, lookup)
	if err != nil {
		return value, fmt.Sprintf("cannot interpolate: %v", err)
	}
	return out, ""
}

// plainReferences returns the names of the $VAR and ${VAR} references in s,
// the ones without a default or alternative; $$ is an escaped dollar.
func plainReferences(s string) []string {
	var names []string
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			continue
		}
		switch rest := s[i+1:]; {
		case rest[0] == '$':
			i++
		case rest[0] == '{':
			m := bracedName.FindStringSubmatch(rest)
			if m != nil {
				names = append(names, m[1])
			}
		default:
			if m := envNamePrefix.FindString(rest); m != "" {
				names = append(names, m)
			}
		}
	}
	return names
}

var (
	bracedName    = regexp.MustCompile(`^\{([A-Za-z_][A-Za-z0-9_]*)\}`)
	envNamePrefix = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)
)

// composeDotEnv reads the .env file compose reads for interpolation in dir.
func (d *discovery) composeDotEnv(dir string) map[string]string {
	if m, ok := d.dotEnvs[dir]; ok {
		return m
	}
	m := map[string]string{}
	d.dotEnvs[dir] = m
	path := filepath.Join(dir, ".env")
	if !isFile(path) {
		return m
	}
	data, ok := d.readFile(path)
	if !ok {
		return m
	}
	entries, err := dotenv.Parse(data)
	for _, le := range dotenv.LineErrors(err) {
		d.problem(path, le.Line, "%s", le.Msg)
	}
	if expanded, err := dotenv.Expand(entries, func(k string) (string, bool) { v, ok := d.opts.Env[k]; return v, ok }); err == nil {
		entries = expanded
	}
	for k, v := range dotenv.Map(entries) {
		m[k] = v
	}
	return m
}

// envName matches an environment variable name.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// inlineEnv returns the NAME=value words that start a shell command line
// (also after an "env" command), which set variables for the command.
func inlineEnv(c deployfiles.Command) []deployfiles.EnvVar {
	var out []deployfiles.EnvVar
	args := c.Args()
	if len(args) > 0 && args[0] == "env" {
		args = args[1:]
	}
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok || !envName.MatchString(name) {
			break
		}
		out = append(out, deployfiles.EnvVar{Name: name, Value: value, Raw: value, Line: c.Line})
	}
	return out
}

// commandWords returns a command's words, with the words of a nested
// "sh -c '...'" script split in turn.
func commandWords(c *deployfiles.Command) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, a := range c.Args() {
		if strings.ContainsAny(a, " \t\n") {
			out = append(out, deployfiles.SplitShell(a)...)
			continue
		}
		out = append(out, a)
	}
	return out
}

// settingsFromWords finds a settings module named on a command line:
// DJANGO_SETTINGS_MODULE=x (as an inline variable or gunicorn's --env), or
// --settings x / --settings=x. It returns the module and the words that
// name it.
func settingsFromWords(words []string) (module, how string) {
	for i, w := range words {
		switch {
		case strings.HasPrefix(w, "DJANGO_SETTINGS_MODULE="):
			return strings.TrimPrefix(w, "DJANGO_SETTINGS_MODULE="), w
		case strings.HasPrefix(w, "--settings="):
			return strings.TrimPrefix(w, "--settings="), w
		case w == "--settings" && i+1 < len(words):
			return words[i+1], w + " " + words[i+1]
		}
	}
	return "", ""
}

// Process classes, from most to least likely to be the web app.
const (
	processWebServer = iota
	processUnknown
	processOther
)

// webServers are programs that serve a WSGI or ASGI app.
var webServers = map[string]bool{
	"gunicorn": true, "uwsgi": true, "daphne": true, "uvicorn": true, "hypercorn": true,
	"granian": true, "waitress-serve": true, "mod_wsgi-express": true, "bjoern": true,
}

// IsWebServer reports whether a program (its base name) serves a WSGI or
// ASGI app: gunicorn, uwsgi, uvicorn, daphne...
func IsWebServer(program string) bool { return webServers[program] }

// processClass tells a web server command from a development server or a
// worker (runserver, celery, rq, huey, dramatiq) and from anything else.
func processClass(words []string) int {
	class := processUnknown
	for _, w := range words {
		base := filepath.Base(w)
		switch {
		case webServers[base]:
			return processWebServer
		case w == "runserver" || w == "runserver_plus" || base == "celery" || base == "rq" ||
			base == "dramatiq" || w == "rqworker" || w == "run_huey":
			class = processOther
		}
	}
	return class
}

// wsgiModule matches an app module a server is pointed at: config.wsgi or
// config.asgi:application.
var wsgiModule = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\.[aw]sgi)(?::[A-Za-z_][A-Za-z0-9_.()]*)?$`)

// servedModules returns the wsgi and asgi modules named in words.
func servedModules(words []string) []string {
	var out []string
	for _, w := range words {
		w = strings.TrimPrefix(w, "--module=")
		if m := wsgiModule.FindStringSubmatch(w); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// AppEnv is the environment the deployment files decide for the app.
type AppEnv struct {
	// Vars maps each decided variable to the assignment that decides it.
	Vars map[string]EnvVar
	// Conflicts lists variables that production files set to different
	// values at the same level; they are left undecided.
	Conflicts []string
}

// Values returns the decided variables as a name → value map.
func (a AppEnv) Values() map[string]string {
	out := make(map[string]string, len(a.Vars))
	for k, v := range a.Vars {
		out[k] = v.Value
	}
	return out
}

// AppEnv returns the variables the deployment files give the app's
// processes a literal value: Dockerfile ENV, compose environment and
// env_file, systemd Environment, Kubernetes env, Procfile assignments.
// Support services (databases, proxies) and processes whose environment
// names another settings module are left out, and so are values
// the files take from elsewhere (host environment, secrets). Files marked
// as for production win over neutral ones; within a kind of file, a
// runtime setting (compose, systemd, Kubernetes, Procfile) overrides a
// Dockerfile ENV, as it does when the container starts. Two different
// values at the same level leave the variable undecided.
func (p *Project) AppEnv() AppEnv {
	if p.appEnv == nil {
		a := p.appEnvOf()
		p.appEnv = &a
	}
	return *p.appEnv
}

func (p *Project) appEnvOf() AppEnv {
	type pick struct {
		v     EnvVar
		level int
		clash bool
	}
	level := func(e EnvVar) int {
		l := 0
		if e.Production {
			l = 2
		}
		if !strings.HasPrefix(e.Source, "Dockerfile") {
			l++
		}
		return l
	}
	// A process whose environment names another settings module (a
	// compose service running settings.dev) is not the app audited.
	other := map[string]bool{}
	for _, e := range p.DeployEnv {
		if e.Name == settingsVar && e.From == "" && p.Settings.Module != "" && e.Value != p.Settings.Module {
			other[e.Group] = true
		}
	}
	picks := map[string]*pick{}
	var order []string
	for _, e := range p.DeployEnv {
		if e.Support || other[e.Group] {
			continue
		}
		l := level(e)
		cur, ok := picks[e.Name]
		switch {
		case !ok:
			picks[e.Name] = &pick{v: e, level: l, clash: e.From != ""}
			order = append(order, e.Name)
		case l > cur.level:
			*cur = pick{v: e, level: l, clash: e.From != ""}
		case l == cur.level && (e.From != "" || cur.v.From != "" || e.Value != cur.v.Value):
			cur.clash = true
		}
	}
	out := AppEnv{Vars: map[string]EnvVar{}}
	for _, name := range order {
		pk := picks[name]
		switch {
		case pk.v.From != "":
			// decided elsewhere: the file does not tell
		case pk.clash:
			out.Conflicts = append(out.Conflicts, name)
		default:
			out.Vars[name] = pk.v
		}
	}
	return out
}
