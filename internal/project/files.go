package project

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
)

// classify returns the kind of a file from its path below the search root,
// or "" for a file discovery does not read. YAML files that may be
// Kubernetes manifests are told apart by their content later.
func classify(rel string) Kind {
	base := pathBase(rel)
	lower := strings.ToLower(base)
	dir := ""
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		dir = rel[:i]
	}
	switch {
	case base == "wsgi.py":
		return KindWSGI
	case base == "asgi.py":
		return KindASGI
	case lower == "dockerfile" || lower == "containerfile" ||
		strings.HasPrefix(lower, "dockerfile.") || strings.HasSuffix(lower, ".dockerfile"):
		return KindDockerfile
	case deployfiles.IsComposeFileName(base):
		return KindCompose
	case strings.HasSuffix(lower, ".service"):
		return KindSystemd
	case base == "Procfile" || strings.HasPrefix(base, "Procfile."):
		return KindProcfile
	case lower == "poetry.lock":
		return KindPoetryLock
	case lower == "uv.lock":
		return KindUVLock
	case lower == "pipfile.lock":
		return KindPipfileLock
	case lower == "pyproject.toml":
		return KindPyproject
	case lower == "setup.cfg":
		return KindSetupCfg
	case deployfiles.IsRequirementsFileName(rel):
		return KindRequirements
	case lower == ".env" || strings.HasPrefix(lower, ".env.") || strings.HasSuffix(lower, ".env") ||
		strings.HasPrefix(dir, ".envs/") || strings.Contains(dir, "/.envs/"):
		return KindDotenv
	case isNginxName(rel):
		return KindNginx
	}
	return ""
}

// isYAML reports whether a file name has a YAML extension.
func isYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// readDeploymentFiles classifies the walked files and parses the
// deployment files among them.
func (d *discovery) readDeploymentFiles() {
	for _, e := range d.walk.files {
		path := d.path(e.rel)
		if path == d.p.ManagePy {
			continue
		}
		kind := classify(e.rel)
		var data []byte
		if kind == "" && isYAML(e.rel) {
			kind, data = d.kubernetesKind(path)
		}
		if kind == "" || (kind == KindWSGI || kind == KindASGI) && !d.inSourceRoot(path) {
			continue
		}
		if kind == KindNginx {
			d.nginxCandidate(path)
			continue
		}
		d.addFile(path, kind)
		switch kind {
		case KindDockerfile, KindCompose, KindSystemd, KindProcfile, KindKubernetes:
		default:
			continue // read later, or only listed
		}
		if data == nil {
			var ok bool
			if data, ok = d.readFile(path); !ok {
				continue
			}
		}
		var err error
		switch kind {
		case KindDockerfile:
			var df *deployfiles.Dockerfile
			df, err = deployfiles.ParseDockerfile(path, data)
			d.p.Dockerfiles = append(d.p.Dockerfiles, df)
		case KindCompose:
			var cf *deployfiles.ComposeFile
			cf, err = deployfiles.ParseCompose(path, data)
			d.p.Compose = append(d.p.Compose, cf)
		case KindSystemd:
			var u *deployfiles.Unit
			u, err = deployfiles.ParseUnit(path, data)
			d.p.Units = append(d.p.Units, u)
		case KindProcfile:
			var pf *deployfiles.Procfile
			pf, err = deployfiles.ParseProcfile(path, data)
			d.p.Procfiles = append(d.p.Procfiles, pf)
		case KindKubernetes:
			var km *deployfiles.KubeManifest
			km, err = deployfiles.ParseKubernetes(path, data)
			d.p.Kubernetes = append(d.p.Kubernetes, km)
		}
		d.addParseProblems(path, err)
	}
	d.readNginx()
}

// kubernetesKind looks into a YAML file for a Kubernetes object and returns
// KindKubernetes and the file's content when it holds one. Helm templates
// ({{ ... }}) are not YAML until rendered and are skipped with a note.
func (d *discovery) kubernetesKind(path string) (Kind, []byte) {
	// Most YAML files are not deployment files: read them quietly.
	fi, err := os.Stat(path)
	if err != nil || fi.Size() > maxFileSize {
		return "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil || !deployfiles.LooksLikeKubernetes(data) {
		return "", nil
	}
	if bytes.Contains(data, []byte("{{")) {
		d.note("%s looks like a Helm template; it is not read", d.rel(path))
		return "", nil
	}
	return KindKubernetes, data
}

// inSourceRoot reports whether path lies inside one of the source roots.
func (d *discovery) inSourceRoot(path string) bool {
	for _, r := range d.p.SourceRoots {
		if within(r, path) {
			return true
		}
	}
	return false
}
