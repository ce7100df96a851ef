package project

import (
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
)

// nginxDirs are directory names whose files are nginx configuration by
// convention.
var nginxDirs = map[string]bool{"nginx": true, "sites-available": true, "sites-enabled": true, "conf.d": true}

// isNginxName reports whether a file's path below the search root may name
// an nginx configuration: nginx.conf, a *.conf, *.conf.template, *.nginx
// or *.vhost file, or a file without extension (or with one of those) in an
// nginx, sites-available, sites-enabled or conf.d directory. Whether it
// is one is decided by its content.
func isNginxName(rel string) bool {
	base := strings.ToLower(pathBase(rel))
	ext := path.Ext(base)
	switch {
	case base == "nginx.conf", ext == ".conf", ext == ".nginx", ext == ".vhost",
		strings.HasSuffix(base, ".conf.template"):
		return true
	case ext != "" && ext != ".template":
		return false
	}
	parts := strings.Split(strings.ToLower(rel), "/")
	for _, dir := range parts[:len(parts)-1] {
		if nginxDirs[dir] {
			return true
		}
	}
	return false
}

// nginxCandidate reads a file whose name may be an nginx configuration
// quietly and remembers it when its content has a server or http block.
func (d *discovery) nginxCandidate(p string) {
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxFileSize {
		return
	}
	data, err := os.ReadFile(p)
	if err != nil || !deployfiles.LooksLikeNginx(data) {
		return
	}
	d.nginxData[p] = data // the parser reads it from here
	d.addFile(p, KindNginx)
	d.nginxFiles = append(d.nginxFiles, p)
}

// readNginx parses the nginx configurations among the candidates: the
// main files and what they include (see deployfiles.ParseNginxSet).
func (d *discovery) readNginx() {
	if len(d.nginxFiles) == 0 {
		return
	}
	configs, err := deployfiles.ParseNginxSet(d.nginxFiles, deployfiles.NginxFiles{Root: d.p.SearchRoot, ReadFile: d.readNginxFile})
	d.addParseProblems("", err)
	listed := map[string]bool{}
	for _, f := range d.p.Files {
		listed[f.Path] = true
	}
	for _, c := range configs {
		for _, f := range c.Files {
			if !listed[f] {
				listed[f] = true
				d.addFile(f, KindNginx)
			}
		}
		if len(c.Unresolved) > 0 {
			var what []string
			for _, inc := range c.Unresolved {
				what = append(what, fmt.Sprintf("%s (%s:%d)", inc.Pattern, d.rel(inc.File), inc.Line))
			}
			d.note("the nginx configuration %s includes files that are not in the project: %s; what they set is not known",
				d.rel(c.Path), strings.Join(what, ", "))
		}
	}
	d.p.Nginx = configs
}

// readNginxFile reads a file for the nginx parser, once: the candidates
// were read when they were found, and a file several configurations
// include is read for the first.
func (d *discovery) readNginxFile(p string) ([]byte, error) {
	if data, ok := d.nginxData[p]; ok {
		return data, nil
	}
	data, err := deployfiles.ReadBounded(p)
	if err == nil {
		d.nginxData[p] = data
	}
	return data, err
}
