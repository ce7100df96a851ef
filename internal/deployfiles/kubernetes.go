package deployfiles

import (
	"bytes"
	"fmt"
	"strings"
)

// KubeManifest is the model of a Kubernetes manifest file: the workloads of
// all its YAML documents.
type KubeManifest struct {
	// Path is the file's path, as given to ParseKubernetes.
	Path string
	// Workloads are the documents of a workload kind, in file order.
	Workloads []*Workload
}

// Workload is one Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod.
type Workload struct {
	Kind string
	// Name is metadata.name.
	Name string
	// Line is the line of the document's kind key.
	Line int
	// Containers are the pod's init containers and containers.
	Containers []*Container
}

// Container is one container of a pod template.
type Container struct {
	Name string
	Line int
	// Init is set for an init container.
	Init  bool
	Image string
	// Env are the container's env entries. An entry with valueFrom has an
	// empty Value and says where the value comes from in From.
	Env []EnvVar
	// EnvFrom are its envFrom sources, as "configMap NAME" or "secret
	// NAME".
	EnvFrom []Setting
	// Command replaces the image's ENTRYPOINT and Args its CMD; nil when
	// not given.
	Command, Args *Command
}

// kubeWorkloadKinds maps each workload kind to the path of its pod spec.
var kubeWorkloadKinds = map[string][]string{
	"Pod":         {"spec"},
	"Deployment":  {"spec", "template", "spec"},
	"StatefulSet": {"spec", "template", "spec"},
	"DaemonSet":   {"spec", "template", "spec"},
	"ReplicaSet":  {"spec", "template", "spec"},
	"Job":         {"spec", "template", "spec"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template", "spec"},
}

// LooksLikeKubernetes reports whether YAML data seems to hold a Kubernetes
// object: a top-level apiVersion and kind. It is a cheap test for choosing
// which YAML files to parse.
func LooksLikeKubernetes(data []byte) bool {
	hasKind, hasAPI := false, false
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("kind:")) {
			hasKind = true
		}
		if bytes.HasPrefix(line, []byte("apiVersion:")) {
			hasAPI = true
		}
	}
	return hasKind && hasAPI
}

// ParseKubernetes parses a Kubernetes manifest (one or more YAML documents,
// or a List) at path whose content is data. Documents of other kinds are
// skipped.
func ParseKubernetes(path string, data []byte) (km *KubeManifest, err error) {
	errs := &errorList{file: path}
	km = &KubeManifest{Path: path}
	defer func() { err = errs.err() }()
	defer guard(errs, "YAML")

	docs, yerr := parseYAML(data)
	if yerr != nil {
		errs.add(errLine(yerr), "%v", yerr)
	}
	for _, d := range docs {
		km.addObject(d, errs, 0)
	}
	return km, nil
}

func (km *KubeManifest) addObject(d *node, errs *errorList, depth int) {
	if d == nil || d.kind != mapNode || depth > 4 {
		return
	}
	kindKey, kindVal := d.entry("kind")
	kind, _ := kindVal.text()
	if strings.HasSuffix(kind, "List") {
		for _, item := range d.get("items").list() {
			km.addObject(item, errs, depth+1)
		}
		return
	}
	specPath, ok := kubeWorkloadKinds[kind]
	if !ok {
		return
	}
	w := &Workload{Kind: kind, Line: kindKey.line}
	w.Name, _ = d.get("metadata").get("name").text()
	spec := d
	for _, key := range specPath {
		spec = spec.get(key)
	}
	if spec == nil {
		errs.add(w.Line, "%s %s has no %s", kind, w.Name, strings.Join(specPath, "."))
		km.Workloads = append(km.Workloads, w)
		return
	}
	for _, group := range []string{"initContainers", "containers"} {
		list := spec.get(group)
		if list == nil {
			continue
		}
		if list.kind != seqNode {
			errs.add(list.line, "%s of %s %s must be a list, found %s", group, kind, w.Name, list.kindName())
			continue
		}
		for _, c := range list.seq {
			if ct := kubeContainer(c, group == "initContainers", errs); ct != nil {
				w.Containers = append(w.Containers, ct)
			}
		}
	}
	km.Workloads = append(km.Workloads, w)
}

func kubeContainer(c *node, init bool, errs *errorList) *Container {
	if c.kind != mapNode {
		errs.add(c.line, "a container must be a mapping, found %s", c.kindName())
		return nil
	}
	ct := &Container{Line: c.line, Init: init}
	ct.Name, _ = c.get("name").text()
	ct.Image, _ = c.get("image").text()
	if env := c.get("env"); env != nil {
		if env.kind != seqNode {
			errs.add(env.line, "env of container %s must be a list, found %s", ct.Name, env.kindName())
		}
		for _, e := range env.list() {
			name, ok := e.get("name").text()
			if !ok {
				errs.add(e.line, "env entry of container %s has no name", ct.Name)
				continue
			}
			v := EnvVar{Name: name, Line: e.line}
			if val, ok := e.get("value").text(); ok {
				v.Value, v.Raw = val, val
			} else if from := e.get("valueFrom"); from != nil {
				v.From = kubeValueFrom(from)
			}
			ct.Env = append(ct.Env, v)
		}
	}
	for _, src := range c.get("envFrom").list() {
		for _, ref := range []struct{ key, what string }{{"configMapRef", "configMap"}, {"secretRef", "secret"}} {
			if r := src.get(ref.key); r != nil {
				name, _ := r.get("name").text()
				ct.EnvFrom = append(ct.EnvFrom, Setting{Value: ref.what + " " + name, Line: src.line})
			}
		}
	}
	ct.Command = kubeCommand(c, "command", ct.Name, errs)
	ct.Args = kubeCommand(c, "args", ct.Name, errs)
	return ct
}

// kubeValueFrom describes an env entry's valueFrom.
func kubeValueFrom(from *node) string {
	for _, ref := range []struct{ key, what, field string }{
		{"secretKeyRef", "secret", "key"},
		{"configMapKeyRef", "configMap", "key"},
		{"fieldRef", "field", "fieldPath"},
		{"resourceFieldRef", "resource", "resource"},
	} {
		r := from.get(ref.key)
		if r == nil {
			continue
		}
		f, _ := r.get(ref.field).text()
		if name, ok := r.get("name").text(); ok {
			return fmt.Sprintf("%s %s/%s", ref.what, name, f)
		}
		return ref.what + " " + f
	}
	return "valueFrom"
}

func kubeCommand(c *node, key, container string, errs *errorList) *Command {
	k, v := c.entry(key)
	if v == nil || v.kind == nullNode {
		return nil
	}
	if v.kind != seqNode {
		errs.add(v.line, "%s of container %s must be a list, found %s", key, container, v.kindName())
		return nil
	}
	cmd := &Command{Exec: []string{}, Line: k.line}
	for _, item := range v.list() {
		str, _ := item.text()
		cmd.Exec = append(cmd.Exec, str)
	}
	return cmd
}
