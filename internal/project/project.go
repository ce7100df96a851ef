// Package project discovers what deploycheck audits: where a Django project
// lives, which Python source roots resolve its modules, which deployment
// files describe how it runs, which settings module production uses (and
// why that one), the environment the deployment gives the app, and the
// Django version it pins.
//
// Discovery reads files but never imports or runs project code: Python
// files are parsed with pyparse, deployment files with the parsers of
// deployfiles. A file that cannot be read or parsed becomes a Problem and
// discovery goes on with the others.
package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/dotenv"
)

// Options are the user's choices that steer discovery.
type Options struct {
	// SettingsModule is the dotted settings module given with --settings;
	// it wins over everything the files say.
	SettingsModule string
	// Env is the environment given with --env and --env-file. Its
	// DJANGO_SETTINGS_MODULE comes second only to SettingsModule, and its
	// values fill ${VAR} references in compose files.
	Env map[string]string
}

// Project is what Discover found.
type Project struct {
	// SearchRoot is the directory Discover was given.
	SearchRoot string
	// Root is the directory holding manage.py, or SearchRoot when there
	// is none.
	Root string
	// ManagePy is the path of manage.py, or "".
	ManagePy string
	// SourceRoots are the directories dotted module names are resolved
	// against, in order.
	SourceRoots []string
	// Settings is the chosen settings module and the evidence for it.
	Settings Settings
	// DeployEnv lists every environment variable the deployment files set
	// for the app's processes, production files first. Files whose path
	// marks them as for development or tests are left out.
	DeployEnv []EnvVar
	// Files are the files discovery looked at, in path order.
	Files []File
	// Problems are the files, or parts of files, that could not be read.
	Problems []Problem
	// Notes are remarks on how discovery decided things.
	Notes []string
	// Django is the Django version the checks should assume.
	Django Django

	// The deployment files' models, in path order.
	Dockerfiles []*deployfiles.Dockerfile
	Compose     []*deployfiles.ComposeFile
	Units       []*deployfiles.Unit
	Procfiles   []*deployfiles.Procfile
	Kubernetes  []*deployfiles.KubeManifest

	// Processes are the commands the deployment files run (and the app
	// lines of the start scripts they run).
	Processes []AppProcess
	// GunicornConfigs are gunicorn's Python configuration files; the audit
	// evaluates them into AppServers.
	GunicornConfigs []string
	// AppServers are the app servers' configuration files read so far
	// (uWSGI ini files; gunicorn's once evaluated).
	AppServers []*deployfiles.AppServerConfig
	// DockerIgnores are the .dockerignore files and DockerContexts each
	// Dockerfile's build context.
	DockerIgnores  []*deployfiles.DockerIgnore
	DockerContexts []*DockerContext
	// Nginx are the nginx configurations: one per main file, with the
	// files it includes.
	Nginx []*deployfiles.NginxConfig

	// shadowed are the compose files and Dockerfiles taken as development
	// (see Purpose); devServices the compose services taken so.
	shadowed    map[string]bool
	devServices map[*deployfiles.Service]bool
	// appEnv caches AppEnv.
	appEnv *AppEnv
}

// Settings is the settings module chosen for production.
type Settings struct {
	// Module is the dotted module name, or "" when nothing names one.
	Module string
	// Path is the module's file (a .py file or a package's __init__.py),
	// or "" when it does not resolve.
	Path string
	// IsPackage is set when the module is a package (settings/__init__.py).
	IsPackage bool
	// Reason says in plain words why this module was chosen.
	Reason string
	// Candidates are all the settings modules found, most authoritative
	// first; the chosen one is the first.
	Candidates []Candidate
}

// Candidate is one place that names a settings module.
type Candidate struct {
	// Module is the dotted module name.
	Module string
	// Source is the kind of place that names it: "--settings", "--env",
	// "Dockerfile", "compose", "systemd", "Kubernetes", "Procfile",
	// "wsgi.py", "asgi.py", "manage.py" or "file search".
	Source string
	// File and Line locate it (empty for the command line).
	File string
	Line int
	// Detail says how the place names it, for example "ENV" or
	// "environment of service django".
	Detail string
	// Resolved is set when the module is a file in the source roots; Path
	// and IsPackage then say which.
	Resolved  bool
	Path      string
	IsPackage bool
}

// EnvVar is one environment variable a deployment file sets.
type EnvVar struct {
	Name  string
	Value string
	// File and Line locate the assignment.
	File string
	Line int
	// Source says which kind of assignment it is, for example
	// "Dockerfile ENV" or "compose environment (service django)".
	Source string
	// From is set when the file does not give the value itself, and says
	// where it comes from (for example "host environment").
	From string
	// Support is set for the environment of a support service (a
	// database, cache or proxy container), which the app does not see.
	Support bool
	// Production is set when the file is marked as for production (by
	// its name or folder).
	Production bool
	// Group names the process whose environment this is (a file, and a
	// compose service, Kubernetes container or Procfile process in it).
	Group string
}

// File is a file discovery looked at.
type File struct {
	Path string
	Kind Kind
}

// Kind is the kind of a discovered file.
type Kind string

// The kinds of files discovery reports.
const (
	KindManagePy     Kind = "manage.py"
	KindWSGI         Kind = "wsgi"
	KindASGI         Kind = "asgi"
	KindDockerfile   Kind = "dockerfile"
	KindCompose      Kind = "compose"
	KindSystemd      Kind = "systemd"
	KindProcfile     Kind = "procfile"
	KindKubernetes   Kind = "kubernetes"
	KindRequirements Kind = "requirements"
	KindPoetryLock   Kind = "poetry.lock"
	KindUVLock       Kind = "uv.lock"
	KindPipfileLock  Kind = "Pipfile.lock"
	KindPyproject    Kind = "pyproject.toml"
	KindSetupCfg     Kind = "setup.cfg"
	KindDotenv       Kind = "dotenv"
	KindScript       Kind = "script"
	KindGunicorn     Kind = "gunicorn"
	KindUWSGI        Kind = "uwsgi"
	KindDockerIgnore Kind = "dockerignore"
	KindNginx        Kind = "nginx"
)

// Problem is a file, or a part of one, that could not be read.
type Problem struct {
	File    string
	Line    int
	Message string
}

// Django is the Django version the checks assume.
type Django struct {
	// Version is the version to assume, such as "4.2.16" or "5.2".
	Version string
	// Requirement is the pin it comes from, or nil when defaulted.
	Requirement *deployfiles.DjangoRequirement
	// Note explains a defaulted or approximated version; "" for an exact
	// pin.
	Note string
}

// DefaultDjangoVersion is assumed when the project pins no Django version:
// the newest long-term support release.
const DefaultDjangoVersion = "5.2"

// maxFileSize bounds the files discovery reads.
const maxFileSize = 4 << 20

// Discover looks for a Django project in root (or its subdirectories) and
// everything discovery reports about it. It fails only when root cannot be
// searched at all; anything wrong with single files is in Problems.
func Discover(root string, opts Options) (*Project, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("discover project in %s: %w", root, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("discover project in %s: not a directory", root)
	}
	w, err := walkTree(root)
	if err != nil {
		return nil, fmt.Errorf("discover project in %s: %w", root, err)
	}
	d := &discovery{
		p:    &Project{SearchRoot: root, Root: root},
		opts: opts,
		walk: w,

		wsgiRefs: map[string]bool{},
		envFiles: map[string][]dotenv.Entry{},
		dotEnvs:  map[string]map[string]string{},

		serviceEnvs: map[*deployfiles.Service][]EnvVar{},
		followed:    map[string]bool{},
		nginxData:   map[string][]byte{},
	}
	if w.truncated {
		d.note("stopped listing files after %d entries; some deployment files may have been missed", maxEntries)
	}
	d.findManagePy()
	d.findSourceRoots()
	d.readDeploymentFiles()
	d.markShadowed()
	d.markDevServices()
	d.collectDeployEnv()
	d.collectProcesses()
	d.chooseSettings()
	d.findDjangoVersion()
	sort.SliceStable(d.p.Files, func(i, j int) bool { return d.p.Files[i].Path < d.p.Files[j].Path })
	sort.SliceStable(d.p.Problems, func(i, j int) bool {
		a, b := d.p.Problems[i], d.p.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return d.p, nil
}

// discovery holds the state of one Discover call.
type discovery struct {
	p    *Project
	opts Options
	walk *walker
	// wsgiRefs are the module names commands serve (config.wsgi).
	wsgiRefs map[string]bool
	// envFiles caches the env files compose services read, by path (nil
	// entries for files that could not be read).
	envFiles map[string][]dotenv.Entry
	// dotEnvs caches the .env files compose reads for interpolation, by
	// directory.
	dotEnvs map[string]map[string]string
	// serviceEnvs caches what each compose service's environment and
	// env_file sections set.
	serviceEnvs map[*deployfiles.Service][]EnvVar
	// followed are the start scripts already read (see followScript).
	followed map[string]bool
	// nginxData holds the nginx files read so far, by path.
	nginxData map[string][]byte
	// nginxFiles are the files whose name and content make them nginx
	// configuration candidates.
	nginxFiles []string
}

func (d *discovery) note(format string, args ...any) {
	d.p.Notes = append(d.p.Notes, fmt.Sprintf(format, args...))
}

func (d *discovery) problem(file string, line int, format string, args ...any) {
	d.p.Problems = append(d.p.Problems, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// addParseProblems records the problems a deployfiles parser returned.
func (d *discovery) addParseProblems(path string, err error) {
	for _, e := range deployfiles.Errors(err) {
		file := e.File
		if file == "" {
			file = path
		}
		d.p.Problems = append(d.p.Problems, Problem{File: file, Line: e.Line, Message: e.Msg})
	}
}

// path turns a walk entry's relative path into a path under SearchRoot.
func (d *discovery) path(rel string) string {
	return filepath.Join(d.p.SearchRoot, filepath.FromSlash(rel))
}

// rel returns path relative to SearchRoot for messages.
func (d *discovery) rel(path string) string {
	if r, err := filepath.Rel(d.p.SearchRoot, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}

// purpose is what a file is for; see Project.Purpose.
func (d *discovery) purpose(path string) deployfiles.Purpose {
	return d.p.Purpose(path)
}

// Purpose says what a file is for: what its path below SearchRoot says
// (docker-compose.prod.yml, .envs/.local/), and for a compose file or
// Dockerfile whose path says nothing, development when the project also
// has one of that kind marked for production (docker-compose.yml beside
// docker-compose.prod.yml, Dockerfile beside Dockerfile.prod).
func (p *Project) Purpose(path string) deployfiles.Purpose {
	rel := path
	if r, err := filepath.Rel(p.SearchRoot, path); err == nil && !strings.HasPrefix(r, "..") {
		rel = filepath.ToSlash(r)
	}
	purpose := deployfiles.PathPurpose(rel)
	if purpose == deployfiles.PurposeUnknown && p.shadowed[path] {
		return deployfiles.PurposeDevelopment
	}
	return purpose
}

// markShadowed records the compose files and Dockerfiles that Purpose
// takes as development because a sibling of their kind is marked for
// production.
func (d *discovery) markShadowed() {
	d.p.shadowed = map[string]bool{}
	shadow := func(paths []string) {
		prod := false
		for _, path := range paths {
			prod = prod || d.purpose(path) == deployfiles.PurposeProduction
		}
		for _, path := range paths {
			if prod && d.purpose(path) == deployfiles.PurposeUnknown {
				d.p.shadowed[path] = true
			}
		}
	}
	var compose, docker []string
	for _, cf := range d.p.Compose {
		compose = append(compose, cf.Path)
	}
	for _, df := range d.p.Dockerfiles {
		docker = append(docker, df.Path)
	}
	shadow(compose)
	shadow(docker)
}

// readFile reads a file of at most maxFileSize bytes, recording a problem
// when it cannot.
func (d *discovery) readFile(path string) ([]byte, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		d.problem(path, 0, "cannot read: %v", ioReason(err))
		return nil, false
	}
	if fi.Size() > maxFileSize {
		d.problem(path, 0, "not read: the file is larger than %d MiB", maxFileSize>>20)
		return nil, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		d.problem(path, 0, "cannot read: %v", ioReason(err))
		return nil, false
	}
	return data, true
}

// ioReason is an I/O error's cause without the path, which the problem
// already names.
func ioReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (d *discovery) addFile(path string, kind Kind) {
	d.p.Files = append(d.p.Files, File{Path: path, Kind: kind})
}

// findManagePy picks the shallowest manage.py within maxManageDepth levels.
func (d *discovery) findManagePy() {
	var found []string
	for _, e := range d.walk.files {
		if e.depth <= maxManageDepth && pathBase(e.rel) == "manage.py" {
			found = append(found, e.rel)
		}
	}
	if len(found) == 0 {
		d.note("no manage.py within %d levels of %s; treating %s as the project root", maxManageDepth, d.p.SearchRoot, d.p.SearchRoot)
		return
	}
	sort.SliceStable(found, func(i, j int) bool {
		di, dj := strings.Count(found[i], "/"), strings.Count(found[j], "/")
		if di != dj {
			return di < dj
		}
		return found[i] < found[j]
	})
	d.p.ManagePy = d.path(found[0])
	d.p.Root = filepath.Dir(d.p.ManagePy)
	d.addFile(d.p.ManagePy, KindManagePy)
	if len(found) > 1 {
		d.note("found %d manage.py files; using %s (others: %s)", len(found), found[0], strings.Join(found[1:], ", "))
	}
}

// findSourceRoots sets the directories modules resolve against: the
// project root (manage.py's directory, which Python puts on sys.path), then
// a src/ directory in it or in the search root (the src layout), then, for
// a manage.py that itself lives in src/, the directory above.
func (d *discovery) findSourceRoots() {
	roots := []string{d.p.Root}
	for _, dir := range []string{d.p.Root, d.p.SearchRoot} {
		src := filepath.Join(dir, "src")
		if fi, err := os.Stat(src); err == nil && fi.IsDir() && !contains(roots, src) {
			roots = append(roots, src)
		}
	}
	if parent := filepath.Dir(d.p.Root); filepath.Base(d.p.Root) == "src" && within(d.p.SearchRoot, parent) && !contains(roots, parent) {
		roots = append(roots, parent)
	}
	d.p.SourceRoots = roots
}

// ModuleFile resolves a dotted module name against the source roots, to
// pkg/mod.py or pkg/mod/__init__.py. It reports ok false for a name that is
// not a valid dotted name or is not found.
func (p *Project) ModuleFile(dotted string) (path string, isPackage bool, ok bool) {
	parts := strings.Split(dotted, ".")
	for _, part := range parts {
		if !isIdentifier(part) {
			return "", false, false
		}
	}
	for _, root := range p.SourceRoots {
		base := filepath.Join(append([]string{root}, parts...)...)
		if isFile(base + ".py") {
			return base + ".py", false, true
		}
		if init := filepath.Join(base, "__init__.py"); isFile(init) {
			return init, true, true
		}
	}
	return "", false, false
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// isIdentifier reports whether s is a Python identifier (ASCII letters,
// digits and '_', or any non-ASCII letter, not starting with a digit).
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9':
			if i == 0 {
				return false
			}
		case r > 0x7f:
		default:
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// relPath is filepath.Rel with slashes.
func relPath(base, path string) (string, error) {
	rel, err := filepath.Rel(base, path)
	return filepath.ToSlash(rel), err
}

func pathBase(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[i+1:]
	}
	return rel
}

// findDjangoVersion reads the dependency files for the Django pin.
func (d *discovery) findDjangoVersion() {
	var files []string
	for _, f := range d.p.Files {
		switch f.Kind {
		case KindRequirements, KindPoetryLock, KindUVLock, KindPipfileLock, KindPyproject, KindSetupCfg:
			files = append(files, f.Path)
		}
	}
	// Files nearest the project root first.
	sort.SliceStable(files, func(i, j int) bool {
		return strings.Count(d.rel(files[i]), "/") < strings.Count(d.rel(files[j]), "/")
	})
	req, err := deployfiles.FindDjango(d.p.SearchRoot, files, d.readDependencyFile)
	d.addParseProblems("", err)
	dj := &d.p.Django
	dj.Requirement = req
	switch {
	case req == nil:
		dj.Version = DefaultDjangoVersion
		dj.Note = fmt.Sprintf("no Django requirement found in the requirements or lock files; assuming Django %s, the newest LTS", DefaultDjangoVersion)
	case req.Version != "":
		dj.Version = req.Version
	case req.Lowest != "":
		dj.Version = req.Lowest
		dj.Note = fmt.Sprintf("Django%s in %s:%d allows a range of versions; assuming the lowest, %s", req.Specifier, d.rel(req.File), req.Line, req.Lowest)
	default:
		dj.Version = DefaultDjangoVersion
		what := "Django without a version"
		if req.Specifier != "" {
			what = "Django" + req.Specifier + ", which has no lower bound,"
		}
		dj.Note = fmt.Sprintf("%s is required in %s:%d; assuming Django %s, the newest LTS", what, d.rel(req.File), req.Line, DefaultDjangoVersion)
	}
}

// readDependencyFile reads a file for FindDjango within the size bound.
func (d *discovery) readDependencyFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxFileSize {
		return nil, fmt.Errorf("larger than %d MiB", maxFileSize>>20)
	}
	return os.ReadFile(path)
}
