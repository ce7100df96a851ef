package deployfiles

import (
	"path"
	"path/filepath"
	"strings"
)

// ComposeFile is the model of a docker compose file.
type ComposeFile struct {
	// Path is the file's path, as given to ParseCompose.
	Path string
	// Services are the file's services, in file order.
	Services []*Service
}

// Service is one service of a compose file.
type Service struct {
	Name string
	Line int
	// Image is the image the service runs, or nil.
	Image *Setting
	// Build is the service's build section, or nil.
	Build *Build
	// Environment are the variables of its environment section. A
	// variable given without a value takes it from the environment
	// compose runs in; its From says so.
	Environment []EnvVar
	// EnvFiles are the files of its env_file section.
	EnvFiles []EnvFileRef
	// Command and Entrypoint are the service's overrides, or nil.
	Command, Entrypoint *Command
	// Ports are its published ports, as written (short syntax) or as
	// "published:target/protocol" (long syntax).
	Ports []Setting
}

// Build is a compose service's build section.
type Build struct {
	// Context is the build context as written ("." when only a
	// dockerfile is given).
	Context string
	// Dockerfile is the Dockerfile's path as written; "" means
	// "Dockerfile" in the context.
	Dockerfile string
	// DockerfilePath is the Dockerfile's path resolved against the
	// compose file's directory (empty for a remote context).
	DockerfilePath string
	// Target is the stage to build, or "" for the last one.
	Target string
	Line   int
}

// EnvFileRef is a file that a deployment file reads variables from.
type EnvFileRef struct {
	// Path is the file's path, resolved against the directory of the file
	// that refers to it when it is relative.
	Path string
	// Raw is the path as written.
	Raw string
	// Required is false when a missing file is ignored (compose's
	// required: false, systemd's "-" prefix).
	Required bool
	Line     int
}

// IsComposeFileName reports whether a file name is one docker compose reads
// by default or by convention: compose.yaml, compose.yml,
// docker-compose.yml, docker-compose.yaml, and their .<name>. variants
// (docker-compose.production.yml, compose.override.yaml).
func IsComposeFileName(name string) bool {
	name = strings.ToLower(name)
	ext := path.Ext(name)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	base := strings.TrimSuffix(name, ext)
	for _, prefix := range []string{"docker-compose", "compose"} {
		if base == prefix || strings.HasPrefix(base, prefix+".") || strings.HasPrefix(base, prefix+"-") {
			return true
		}
	}
	return false
}

// ParseCompose parses the compose file at path whose content is data.
// Values are kept as written: ${VAR} references are not interpolated.
// Relative env_file and Dockerfile paths are resolved against the
// directory of path.
func ParseCompose(path string, data []byte) (cf *ComposeFile, err error) {
	errs := &errorList{file: path}
	cf = &ComposeFile{Path: path}
	defer func() { err = errs.err() }()
	defer guard(errs, "YAML")

	docs, yerr := parseYAML(data)
	if yerr != nil {
		errs.add(errLine(yerr), "%v", yerr)
	}
	if len(docs) == 0 {
		return cf, nil
	}
	root := docs[0]
	if root.kind != mapNode {
		errs.add(root.line, "a compose file must be a mapping, found %s", root.kindName())
		return cf, nil
	}
	services := root.get("services")
	if services == nil || services.kind == nullNode {
		return cf, nil
	}
	if services.kind != mapNode {
		errs.add(services.line, "services must be a mapping, found %s", services.kindName())
		return cf, nil
	}
	dir := filepath.Dir(path)
	for i, k := range services.keys {
		cf.Services = append(cf.Services, parseService(k.str, k.line, services.vals[i], dir, errs))
	}
	return cf, nil
}

func parseService(name string, line int, n *node, dir string, errs *errorList) *Service {
	s := &Service{Name: name, Line: line}
	if n.kind == nullNode {
		return s
	}
	if n.kind != mapNode {
		errs.add(n.line, "service %s must be a mapping, found %s", name, n.kindName())
		return s
	}
	if v := n.get("image"); v != nil {
		if str, ok := v.text(); ok {
			s.Image = &Setting{Value: str, Line: v.line}
		}
	}
	if v := n.get("build"); v != nil {
		s.Build = composeBuild(v, dir)
	}
	s.Environment = composeEnvironment(n.get("environment"), name, errs)
	s.EnvFiles = composeEnvFiles(n.get("env_file"), name, dir, errs)
	s.Command = composeCommand(n, name, "command", errs)
	s.Entrypoint = composeCommand(n, name, "entrypoint", errs)
	if v := n.get("ports"); v != nil {
		if v.kind != seqNode {
			errs.add(v.line, "ports of service %s must be a list, found %s", name, v.kindName())
		}
		for _, p := range v.seq {
			if str, ok := p.text(); ok {
				s.Ports = append(s.Ports, Setting{Value: str, Line: p.line})
				continue
			}
			if p.kind == mapNode {
				spec, _ := p.get("target").text()
				if pub, ok := p.get("published").text(); ok {
					spec = pub + ":" + spec
					if ip, ok := p.get("host_ip").text(); ok {
						spec = ip + ":" + spec
					}
				}
				if proto, ok := p.get("protocol").text(); ok {
					spec += "/" + proto
				}
				s.Ports = append(s.Ports, Setting{Value: spec, Line: p.line})
			}
		}
	}
	return s
}

func composeBuild(v *node, dir string) *Build {
	b := &Build{Line: v.line}
	if str, ok := v.text(); ok {
		b.Context = str
	} else {
		b.Context, _ = v.get("context").text()
		b.Dockerfile, _ = v.get("dockerfile").text()
		b.Target, _ = v.get("target").text()
	}
	if b.Context == "" {
		b.Context = "."
	}
	if strings.Contains(b.Context, "://") || strings.HasPrefix(b.Context, "git@") {
		return b
	}
	df := b.Dockerfile
	if df == "" {
		df = "Dockerfile"
	}
	// Compose reads dockerfile relative to the context.
	if !filepath.IsAbs(df) {
		ctx := b.Context
		if !filepath.IsAbs(ctx) {
			ctx = filepath.Join(dir, filepath.FromSlash(ctx))
		}
		df = filepath.Join(ctx, filepath.FromSlash(df))
	}
	b.DockerfilePath = df
	return b
}

func composeEnvironment(v *node, service string, errs *errorList) []EnvVar {
	if v == nil || v.kind == nullNode {
		return nil
	}
	var out []EnvVar
	switch v.kind {
	case mapNode:
		for i, k := range v.keys {
			val := v.vals[i]
			e := EnvVar{Name: k.str, Line: k.line}
			switch val.kind {
			case nullNode:
				e.From = "host environment"
			case scalarNode:
				e.Value, e.Raw = val.str, val.str
			default:
				errs.add(val.line, "environment variable %s of service %s must be a single value, found %s", k.str, service, val.kindName())
				continue
			}
			out = append(out, e)
		}
	case seqNode:
		for _, item := range v.seq {
			str, ok := item.text()
			if !ok {
				errs.add(item.line, "environment entries of service %s must be NAME=value strings, found %s", service, item.kindName())
				continue
			}
			name, val, hasValue := strings.Cut(str, "=")
			if name == "" {
				errs.add(item.line, "environment entry %q of service %s has no name", str, service)
				continue
			}
			e := EnvVar{Name: name, Value: val, Raw: val, Line: item.line}
			if !hasValue {
				e.From = "host environment"
			}
			out = append(out, e)
		}
	default:
		errs.add(v.line, "environment of service %s must be a mapping or a list, found %s", service, v.kindName())
	}
	return out
}

func composeEnvFiles(v *node, service, dir string, errs *errorList) []EnvFileRef {
	if v == nil || v.kind == nullNode {
		return nil
	}
	items := []*node{v}
	if v.kind == seqNode {
		items = v.seq
	}
	var out []EnvFileRef
	for _, item := range items {
		ref := EnvFileRef{Required: true, Line: item.line}
		switch item.kind {
		case scalarNode:
			ref.Raw = item.str
		case mapNode:
			ref.Raw, _ = item.get("path").text()
			if req, ok := item.get("required").text(); ok && strings.EqualFold(req, "false") {
				ref.Required = false
			}
		}
		if ref.Raw == "" {
			errs.add(item.line, "env_file of service %s must be a path, a list of paths or a list of {path, required}", service)
			continue
		}
		ref.Path = ref.Raw
		if !filepath.IsAbs(ref.Path) {
			ref.Path = filepath.Join(dir, filepath.FromSlash(ref.Raw))
		}
		out = append(out, ref)
	}
	return out
}

// composeCommand reads the command or entrypoint key of service map n. Its
// line is the key's.
func composeCommand(n *node, service, key string, errs *errorList) *Command {
	k, v := n.entry(key)
	if v == nil || v.kind == nullNode {
		return nil
	}
	if str, ok := v.text(); ok {
		return &Command{Shell: str, Line: k.line}
	}
	if v.kind != seqNode {
		errs.add(v.line, "%s of service %s must be a string or a list, found %s", key, service, v.kindName())
		return nil
	}
	cmd := &Command{Exec: []string{}, Line: k.line}
	for _, item := range v.seq {
		str, ok := item.text()
		if !ok {
			errs.add(item.line, "%s of service %s: list items must be strings, found %s", key, service, item.kindName())
			continue
		}
		cmd.Exec = append(cmd.Exec, str)
	}
	return cmd
}
