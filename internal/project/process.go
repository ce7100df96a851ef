package project

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
)

// AppProcess is one command a deployment file runs for the project: a
// Dockerfile's CMD/ENTRYPOINT, a compose service's command, a systemd
// ExecStart, a Procfile process, a Kubernetes container's command, or a
// line of a start script one of them runs.
type AppProcess struct {
	// Source says where the command comes from, for example "Dockerfile
	// CMD" or "compose command (service django)".
	Source string
	// Kind is the kind of deployment file that runs the command (for a
	// start script's line, the file that runs the script).
	Kind Kind
	// Script is set for a line of a start script a process runs.
	Script bool
	// File and Line locate the command.
	File string
	Line int
	// Words are the command's words (a nested sh -c script split too).
	Words []string
	// Purpose is what the file's path says it is for.
	Purpose deployfiles.Purpose
	// Compose and Service are set for a compose service's command.
	Compose *deployfiles.ComposeFile
	Service *deployfiles.Service
	// Group names the process's environment in DeployEnv (see
	// ProcessEnv).
	Group string
}

// ProcessEnv returns the environment the deployment files give a process
// (the compose service's environment, the Dockerfile's ENV, ...), as
// collected in DeployEnv.
func (p *Project) ProcessEnv(pr AppProcess) []EnvVar {
	var out []EnvVar
	for _, e := range p.DeployEnv {
		if e.Group == pr.Group {
			out = append(out, e)
		}
	}
	return out
}

// markDevServices records the compose services that are for development
// although their file does not say so: a name that says it (docs,
// django-dev), or an entrypoint or command that runs a file marked for
// development (./docker-entrypoint.dev.sh, --settings config.settings.local).
func (d *discovery) markDevServices() {
	d.p.devServices = map[*deployfiles.Service]bool{}
	for _, cf := range d.p.Compose {
		for _, s := range cf.Services {
			dev := deployfiles.PathPurpose(s.Name) == deployfiles.PurposeDevelopment
			for _, w := range append(commandWords(s.Entrypoint), commandWords(s.Command)...) {
				if strings.ContainsAny(w, "/.") && !strings.Contains(w, "=") && deployfiles.PathPurpose(w) == deployfiles.PurposeDevelopment {
					dev = true
				}
			}
			if dev {
				d.p.devServices[s] = true
			}
		}
	}
}

// gunicornConfigNames are the file names of gunicorn configuration files
// (gunicorn reads ./gunicorn.conf.py by default).
var gunicornConfigNames = map[string]bool{
	"gunicorn.conf.py": true, "gunicorn_conf.py": true, "gunicorn_config.py": true, "gunicorn.config.py": true,
}

// collectProcesses gathers the commands the deployment files run, the
// start scripts they run, the app servers' configuration files and the
// .dockerignore files.
func (d *discovery) collectProcesses() {
	add := func(pr AppProcess, cmd *deployfiles.Command) {
		if cmd == nil {
			return
		}
		pr.Words = commandWords(cmd)
		if len(pr.Words) == 0 {
			return
		}
		if pr.Line == 0 {
			pr.Line = cmd.Line
		}
		pr.Purpose = d.purpose(pr.File)
		if d.p.devServices[pr.Service] {
			pr.Purpose = deployfiles.PurposeDevelopment
		}
		d.p.Processes = append(d.p.Processes, pr)
		d.followScript(pr)
	}
	for _, df := range d.p.Dockerfiles {
		rt := df.Runtime(d.dockerTarget(df))
		if rt == nil {
			continue
		}
		add(AppProcess{Source: "Dockerfile ENTRYPOINT", Kind: KindDockerfile, File: df.Path, Group: df.Path}, rt.Entrypoint)
		add(AppProcess{Source: "Dockerfile CMD", Kind: KindDockerfile, File: df.Path, Group: df.Path}, rt.Cmd)
	}
	for _, cf := range d.p.Compose {
		for _, s := range cf.Services {
			group := serviceGroup(cf, s)
			add(AppProcess{Source: "compose entrypoint (service " + s.Name + ")", Kind: KindCompose, File: cf.Path, Compose: cf, Service: s, Group: group}, s.Entrypoint)
			add(AppProcess{Source: "compose command (service " + s.Name + ")", Kind: KindCompose, File: cf.Path, Compose: cf, Service: s, Group: group}, s.Command)
		}
	}
	for _, u := range d.p.Units {
		for i := range u.ExecStart {
			add(AppProcess{Source: "systemd ExecStart", Kind: KindSystemd, File: u.Path, Group: u.Path}, &u.ExecStart[i])
		}
	}
	for _, pf := range d.p.Procfiles {
		for i := range pf.Processes {
			proc := &pf.Processes[i]
			add(AppProcess{Source: "Procfile (process " + proc.Name + ")", Kind: KindProcfile, File: pf.Path, Group: procfileGroup(pf, proc)}, &proc.Command)
		}
	}
	for _, km := range d.p.Kubernetes {
		for _, w := range km.Workloads {
			for _, c := range w.Containers {
				src := fmt.Sprintf("Kubernetes %s %s, container %s", w.Kind, w.Name, c.Name)
				group := containerGroup(km, w, c)
				add(AppProcess{Source: src + " command", Kind: KindKubernetes, File: km.Path, Group: group}, c.Command)
				add(AppProcess{Source: src + " args", Kind: KindKubernetes, File: km.Path, Group: group}, c.Args)
			}
		}
	}
	d.findAppServerConfigs()
	d.findDockerIgnores()
	d.collectDockerContexts()
}

// shells are the programs that run a script named as their first argument.
var shells = map[string]bool{"sh": true, "bash": true, "dash": true}

// followScript adds the lines of a start script that a process runs
// (compose's command: /start, a Dockerfile ENTRYPOINT ["/entrypoint.sh"]),
// when the project holds a file of that name. Each script is followed
// once, for the first process not meant for development that runs it.
func (d *discovery) followScript(pr AppProcess) {
	if pr.Script || pr.Purpose == deployfiles.PurposeDevelopment {
		return // one level only; development processes are not checked
	}
	words := pr.Words
	for len(words) > 0 && (words[0] == "exec" || strings.HasPrefix(words[0], "-")) {
		words = words[1:]
	}
	if len(words) > 1 && shells[filepath.Base(words[0])] && words[1] != "-c" {
		words = words[1:]
	}
	if len(words) == 0 {
		return
	}
	script := words[0]
	base := filepath.Base(script)
	if !strings.Contains(script, "/") && !strings.HasSuffix(base, ".sh") {
		return // a program on PATH (gunicorn), not a script
	}
	path := d.findScript(script, pr.File)
	if path == "" || d.followed[path] {
		return
	}
	d.followed[path] = true
	data, ok := d.readFile(path)
	if !ok || !looksLikeShellScript(path, data) {
		return
	}
	d.addFile(path, KindScript)
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		n := i + 1
		line := strings.TrimSpace(strings.TrimSuffix(lines[i], "\r"))
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(strings.TrimSuffix(lines[i], "\r"))
		}
		if line == "" || line[0] == '#' {
			continue
		}
		cmd := deployfiles.Command{Shell: line, Line: n}
		w := commandWords(&cmd)
		if !mentionsApp(w) {
			continue
		}
		d.p.Processes = append(d.p.Processes, AppProcess{
			Source: "script " + d.rel(path) + " (run by " + pr.Source + ")", Kind: pr.Kind, Script: true, File: path, Line: n, Words: w,
			Purpose: worstPurpose(d.purpose(path), pr.Purpose), Compose: pr.Compose, Service: pr.Service, Group: pr.Group,
		})
	}
}

// worstPurpose returns the purpose of a script run by a process: a
// development process makes its script development too.
func worstPurpose(script, runner deployfiles.Purpose) deployfiles.Purpose {
	if runner == deployfiles.PurposeDevelopment || script == deployfiles.PurposeDevelopment {
		return deployfiles.PurposeDevelopment
	}
	if runner == deployfiles.PurposeProduction || script == deployfiles.PurposeProduction {
		return deployfiles.PurposeProduction
	}
	return deployfiles.PurposeUnknown
}

// mentionsApp reports whether a script line starts something deploycheck
// checks: a web server, manage.py or django-admin.
func mentionsApp(words []string) bool {
	for _, w := range words {
		b := filepath.Base(w)
		if webServers[b] || b == "manage.py" || b == "django-admin" || w == "runserver" {
			return true
		}
	}
	return false
}

// findScript finds the project file a command names as a script: the
// same path below the search root, else a file with that name, preferring
// one in or below the directory of the file that runs it.
func (d *discovery) findScript(script, from string) string {
	clean := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(script)), "/")
	clean = strings.TrimPrefix(clean, "./")
	base := pathBase(clean)
	var best string
	bestScore := -1
	fromDir := filepath.ToSlash(filepath.Dir(d.rel(from)))
	for _, e := range d.walk.files {
		if pathBase(e.rel) != base {
			continue
		}
		score := 0
		switch {
		case e.rel == clean || strings.HasSuffix(e.rel, "/"+clean):
			score = 3
		case fromDir != "." && strings.HasPrefix(e.rel, fromDir+"/"):
			score = 2
		case d.purpose(d.path(e.rel)) != deployfiles.PurposeDevelopment:
			score = 1
		}
		if score > bestScore {
			best, bestScore = e.rel, score
		}
	}
	if best == "" {
		return ""
	}
	return d.path(best)
}

// looksLikeShellScript tells a shell script from other files of the same
// name: a .sh name or a shell #! line.
func looksLikeShellScript(path string, data []byte) bool {
	if strings.HasSuffix(path, ".sh") {
		return true
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	return bytes.HasPrefix(first, []byte("#!")) && (bytes.Contains(first, []byte("sh")))
}

// findAppServerConfigs parses gunicorn and uWSGI configuration files:
// files with gunicorn's usual names, files a command names with -c/--config
// or --ini, and .ini files with a [uwsgi] section. gunicorn's Python files
// are only listed here; the audit evaluates them.
func (d *discovery) findAppServerConfigs() {
	named := map[string]bool{}
	for _, pr := range d.p.Processes {
		for i, w := range pr.Words {
			var arg string
			switch {
			case (w == "-c" || w == "--config" || w == "--ini") && i+1 < len(pr.Words):
				arg = pr.Words[i+1]
			case strings.HasPrefix(w, "--config="), strings.HasPrefix(w, "--ini="):
				_, arg, _ = strings.Cut(w, "=")
			}
			if arg != "" && !strings.HasPrefix(arg, "python:") {
				if p := d.findScript(arg, pr.File); p != "" {
					named[p] = true
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, e := range d.walk.files {
		path := d.path(e.rel)
		base := pathBase(e.rel)
		switch {
		case gunicornConfigNames[base] || named[path] && strings.HasSuffix(base, ".py"):
			if !seen[path] {
				seen[path] = true
				d.p.GunicornConfigs = append(d.p.GunicornConfigs, path)
				d.addFile(path, KindGunicorn)
			}
		case strings.HasSuffix(base, ".ini"):
			data, ok := d.readFile(path)
			if !ok || !bytes.Contains(data, []byte("[uwsgi]")) || seen[path] {
				continue
			}
			seen[path] = true
			cfg, err := deployfiles.ParseUWSGIIni(path, data)
			d.addFile(path, KindUWSGI)
			d.p.AppServers = append(d.p.AppServers, cfg)
			d.addParseProblems(path, err)
		}
	}
}

// findDockerIgnores reads the .dockerignore files of the project.
func (d *discovery) findDockerIgnores() {
	for _, e := range d.walk.files {
		if pathBase(e.rel) != ".dockerignore" {
			continue
		}
		path := d.path(e.rel)
		data, ok := d.readFile(path)
		if !ok {
			continue
		}
		di, err := deployfiles.ParseDockerIgnore(path, data)
		d.addFile(path, KindDockerIgnore)
		d.p.DockerIgnores = append(d.p.DockerIgnores, di)
		d.addParseProblems(path, err)
	}
}

// DockerContext is what a Dockerfile's build context holds that must not
// reach the image.
type DockerContext struct {
	// Dockerfile is the Dockerfile's path and Dir its build context.
	Dockerfile *deployfiles.Dockerfile
	Dir        string
	// Ignore is the context's .dockerignore, or nil when there is none.
	Ignore *deployfiles.DockerIgnore
	// HasGit is set when the context holds a .git directory or file.
	HasGit bool
	// EnvFiles are the .env files in the context (relative to Dir, with
	// slashes), examples and templates left out.
	EnvFiles []string
}

// collectDockerContexts pairs each Dockerfile with its build context: the
// context a compose service gives it, else the Dockerfile's directory.
func (d *discovery) collectDockerContexts() {
	for _, df := range d.p.Dockerfiles {
		dir := filepath.Dir(df.Path)
		for _, cf := range d.p.Compose {
			for _, s := range cf.Services {
				if s.Build == nil || s.Build.DockerfilePath == "" || filepath.Clean(s.Build.DockerfilePath) != filepath.Clean(df.Path) ||
					strings.Contains(s.Build.Context, "://") {
					continue
				}
				dir = filepath.Clean(filepath.Join(filepath.Dir(cf.Path), s.Build.Context))
			}
		}
		dc := &DockerContext{Dockerfile: df, Dir: dir}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			dc.HasGit = true
		}
		for _, di := range d.p.DockerIgnores {
			if filepath.Dir(di.Path) == dir {
				dc.Ignore = di
			}
		}
		for _, e := range d.walk.files {
			path := d.path(e.rel)
			rel, err := filepath.Rel(dir, path)
			if err != nil || strings.HasPrefix(rel, "..") || classify(e.rel) != KindDotenv || isEnvExample(pathBase(e.rel)) {
				continue
			}
			dc.EnvFiles = append(dc.EnvFiles, filepath.ToSlash(rel))
		}
		d.p.DockerContexts = append(d.p.DockerContexts, dc)
	}
}

// isEnvExample reports whether an env file's name marks it as an example
// or template (.env.example, .env.sample, example.env...).
func isEnvExample(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range []string{"example", "sample", "template", "dist", "tmpl", "defaults"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
