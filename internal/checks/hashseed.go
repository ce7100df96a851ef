package checks

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/dotenv"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/project"
)

// hashSeedChecklist returns deploycheck's own checks of this checklist topic.
func hashSeedChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.python_hashseed.fixed", Topic: finding.TopicPythonHashSeed, Severity: finding.Warning, FilesOnly: true,
			Doc: `A deployment file sets PYTHONHASHSEED to a fixed number for the app.

Python salts the hashes of str and bytes with a random value at every start,
so that nobody can predict which keys collide in a dict or set. With
PYTHONHASHSEED set to a number the salt is fixed (0 turns the salting off),
and a client that sends many colliding keys (form fields, query parameters,
JSON object keys, headers) makes each request cost quadratic time and can
tie up the workers: a hash-flooding denial of service. Setting the variable
to "random", leaving it unset, or starting the interpreter with python -R
keeps hashes random. deploycheck reads the environment the deployment files
give the app (Dockerfile ENV, compose environment and env files, systemd
Environment= and EnvironmentFile=, Procfile, Kubernetes env) and .env files
that are not marked as for development.

Fix: remove PYTHONHASHSEED from the app's environment, or set it to random.
Fix the seed only for one-off jobs that need reproducible hashing, such as
a test run.`,
			Run: runHashSeed(false),
		},
		{
			ID: "dc.python_hashseed.invalid", Topic: finding.TopicPythonHashSeed, Severity: finding.Error, FilesOnly: true,
			Doc: `A deployment file sets PYTHONHASHSEED to a value Python rejects.

Python accepts only "random" or a decimal integer from 0 to 4294967295; any
other value stops the interpreter at start-up with "Fatal Python error:
PYTHONHASHSEED must be "random" or an integer in range [0; 4294967295]", so
the app never starts.

Fix: remove the variable (hashes are random by default) or set it to
random.`,
			Run: runHashSeed(true),
		},
	}
}

// hashSeedVar is one PYTHONHASHSEED assignment found in a deployment file.
type hashSeedVar struct {
	value, source string
	// file is the absolute path, rel the path for findings.
	file, rel string
	line      int
}

// runHashSeed reports fixed seeds (invalid false) or invalid ones.
func runHashSeed(invalid bool) func(*Pass) {
	return func(p *Pass) {
		if p.Project == nil {
			return
		}
		randomized := p.hashRandomizingFiles()
		for _, v := range p.hashSeedVars() {
			seed, bad := parseHashSeed(v.value)
			if bad != invalid || (!bad && seed < 0) {
				continue
			}
			if bad {
				p.Report(finding.Finding{
					File: v.rel, Line: v.line,
					Message: fmt.Sprintf("PYTHONHASHSEED=%s (%s) is neither \"random\" nor an integer from 0 to 4294967295: Python refuses to start with it.", strconv.Quote(v.value), v.source),
					Hint:    "Remove PYTHONHASHSEED (hashes are random by default) or set it to random.",
				})
				continue
			}
			if randomized[v.file] || randomized[v.file+":"+strconv.Itoa(v.line)] {
				continue // python -R wins over the variable
			}
			effect := fmt.Sprintf("fixes the salt of str and bytes hashes to %d", seed)
			if seed == 0 {
				effect = "turns off the salting of str and bytes hashes"
			}
			p.Report(finding.Finding{
				File: v.rel, Line: v.line,
				Message: fmt.Sprintf("PYTHONHASHSEED=%s (%s) %s, so clients can send keys that all collide and make requests take quadratic time (hash flooding).", v.value, v.source, effect),
				Hint:    "Remove PYTHONHASHSEED from the app's environment or set it to random; fix it only for one-off jobs such as tests.",
			})
		}
	}
}

// parseHashSeed reads a PYTHONHASHSEED value as Python does: seed -1 for
// random (unset, empty or "random"), bad for a value Python rejects.
func parseHashSeed(value string) (seed int64, bad bool) {
	if value == "" || value == "random" {
		return -1, false
	}
	// C's strtoul: leading blanks and a plus sign are allowed.
	v := strings.TrimPrefix(strings.TrimLeft(value, " \t\n\r\f\v"), "+")
	if v == "" || strings.Trim(v, "0123456789") != "" {
		return 0, true
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n > 4294967295 {
		return 0, true
	}
	return int64(n), false
}

// hashSeedVars lists the PYTHONHASHSEED assignments of the deployment
// environment and of the env files the deployment files or the project
// tree hold, each once.
func (p *Pass) hashSeedVars() []hashSeedVar {
	var out []hashSeedVar
	seen := map[string]bool{}
	add := func(v hashSeedVar) {
		key := v.file + ":" + strconv.Itoa(v.line)
		if seen[key] {
			return
		}
		seen[key] = true
		v.rel = p.deployFileRel(v.file)
		out = append(out, v)
	}
	for _, e := range p.Project.DeployEnv {
		if e.Name != "PYTHONHASHSEED" || e.From != "" || strings.Contains(e.Value, "$") {
			continue
		}
		add(hashSeedVar{value: e.Value, source: e.Source, file: e.File, line: e.Line})
	}
	readEnvFile := func(file, source string) {
		rel := p.deployFileRel(file)
		if p.FS == nil || filepath.IsAbs(rel) || strings.HasPrefix(rel, "..") {
			return
		}
		data, err := fs.ReadFile(p.FS, rel)
		if err != nil || len(data) > 4<<20 {
			return
		}
		entries, _ := dotenv.Parse(data)
		for _, e := range entries {
			if e.Key == "PYTHONHASHSEED" && !strings.Contains(e.Value, "$") {
				add(hashSeedVar{value: e.Value, source: source, file: file, line: e.Line})
			}
		}
	}
	for _, u := range p.Project.Units {
		if p.devFile(u.Path) {
			continue
		}
		for _, ref := range u.EnvironmentFiles {
			readEnvFile(ref.Path, "systemd EnvironmentFile of "+filepath.Base(u.Path))
		}
	}
	for _, f := range p.Project.Files {
		if f.Kind != project.KindDotenv || p.devFile(f.Path) {
			continue
		}
		readEnvFile(f.Path, "env file")
	}
	return out
}

// deployFileRel returns an absolute path relative to the project root (with
// slashes; "../deploy/x" for a file beside the root inside the directory
// searched), or the path unchanged when it lies elsewhere.
func (p *Pass) deployFileRel(abs string) string {
	if abs == "" || p.Root == "" || !filepath.IsAbs(abs) {
		return filepath.ToSlash(abs)
	}
	rel, err := filepath.Rel(p.Root, abs)
	if err != nil {
		return abs
	}
	if strings.HasPrefix(rel, "..") {
		// Above the project root (a deploy/ folder beside app/): relative
		// to the root still, when both lie in the directory searched.
		if p.Project == nil || p.Project.SearchRoot == "" {
			return abs
		}
		if up, err := filepath.Rel(p.Project.SearchRoot, abs); err != nil || strings.HasPrefix(up, "..") {
			return abs
		}
	}
	return filepath.ToSlash(rel)
}

// hashRandomizingFiles returns the deployment files (absolute paths; for
// Procfiles "path:line" of a process) whose app command starts Python with
// -R, which randomizes hashes whatever PYTHONHASHSEED says. The files that
// give a process its environment (compose and systemd env files) count with
// the process.
func (p *Pass) hashRandomizingFiles() map[string]bool {
	out := map[string]bool{}
	dockerR := map[string]bool{}
	for _, df := range p.Project.Dockerfiles {
		if rt := df.Runtime(""); rt != nil && (pythonDashR(rt.Entrypoint) || pythonDashR(rt.Cmd)) {
			out[df.Path] = true
			dockerR[filepath.Clean(df.Path)] = true
		}
	}
	for _, cf := range p.Project.Compose {
		for _, s := range cf.Services {
			r := pythonDashR(s.Entrypoint) || pythonDashR(s.Command)
			if s.Command == nil && s.Entrypoint == nil && s.Build != nil && s.Build.DockerfilePath != "" {
				r = dockerR[filepath.Clean(s.Build.DockerfilePath)]
			}
			if !r {
				continue
			}
			out[cf.Path] = true
			for _, ref := range s.EnvFiles {
				out[ref.Path] = true
			}
		}
	}
	for _, u := range p.Project.Units {
		for i := range u.ExecStart {
			if pythonDashR(&u.ExecStart[i]) {
				out[u.Path] = true
				for _, ref := range u.EnvironmentFiles {
					out[ref.Path] = true
				}
			}
		}
	}
	for _, pf := range p.Project.Procfiles {
		for _, proc := range pf.Processes {
			c := proc.Command
			if pythonDashR(&c) {
				out[pf.Path+":"+strconv.Itoa(c.Line)] = true
			}
		}
	}
	for _, km := range p.Project.Kubernetes {
		for _, w := range km.Workloads {
			for _, c := range w.Containers {
				if pythonDashR(c.Command) || pythonDashR(c.Args) {
					out[km.Path] = true
				}
			}
		}
	}
	return out
}

// pythonName matches a Python interpreter's program name.
var pythonName = regexp.MustCompile(`^python(\d+(\.\d+)?)?$`)

// pythonDashR tells whether a command runs the Python interpreter with the
// -R option (also inside an sh -c script).
func pythonDashR(c *deployfiles.Command) bool {
	if c == nil {
		return false
	}
	var words []string
	for _, a := range c.Args() {
		if strings.ContainsAny(a, " \t\n") {
			words = append(words, deployfiles.SplitShell(a)...)
			continue
		}
		words = append(words, a)
	}
	for i, w := range words {
		if !pythonName.MatchString(filepath.Base(w)) {
			continue
		}
	options:
		for j := i + 1; j < len(words); j++ {
			o := words[j]
			if !strings.HasPrefix(o, "-") || o == "-" || strings.HasPrefix(o, "--") {
				break
			}
			for k := 1; k < len(o); k++ {
				switch o[k] {
				case 'R':
					return true
				case 'm', 'c':
					break options // the rest are the module's or script's arguments
				case 'W', 'X':
					if k == len(o)-1 {
						j++ // the option's argument is the next word
					}
					continue options
				}
			}
		}
	}
	return false
}
