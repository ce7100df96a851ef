package checks

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

const fileBasedCache = "django.core.cache.backends.filebased.FileBasedCache"

func cacheChecks() []*Check {
	return []*Check{
		{
			ID: "caches.E001", Topic: finding.TopicCaches, Severity: finding.Error,
			Django: true,
			Doc: `CACHES has no 'default' alias.

Django's cache framework, the cached session engine and the cache
middleware all use the 'default' cache. This check runs with plain
"manage.py check" too.

Fix: define CACHES['default'].`,
			Run: func(p *Pass) {
				if contains(p.Setting("CACHES"), "default") != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "CACHES",
					Message: "CACHES defines no 'default' cache, which Django's cache framework requires.",
					Hint:    "Add a 'default' entry to CACHES.",
				})
			},
		},
		{
			ID: "caches.W002", Topic: finding.TopicCaches, Severity: finding.Warning,
			Django: true, DeployOnly: true,
			Doc: `A file-based cache lives inside (or around) a public directory.

For every FileBasedCache alias, Django compares the cache directory with
MEDIA_ROOT, STATIC_ROOT and each STATICFILES_DIRS path (after resolving
symlinks): when they are the same directory, or one contains the other, the
cache files may be served to the world or mixed with user files. One warning
is given per alias and setting. deploycheck resolves paths inside the project
tree; paths relative to the working directory are compared only with other
relative paths.

Fix: keep the cache in its own directory outside every served directory.`,
			Run: runCacheExposed,
		},
		{
			ID: "caches.W003", Topic: finding.TopicCaches, Severity: finding.Warning,
			Django: true,
			Doc: `A file-based cache uses a relative LOCATION (Django 3.2+).

A relative path is resolved against whatever directory the server process
happens to start in, so the cache moves (or splits) between processes.
This check runs with plain "manage.py check" too.

Fix: give FileBasedCache an absolute LOCATION.`,
			Run: runCacheRelative,
		},
	}
}

// fileCaches returns the aliases and configs of CACHES whose backend is
// FileBasedCache; ok is false when that cannot be told.
func fileCaches(p *Pass) (aliases []string, confs []pyvalue.Value, ok bool) {
	keys, vals, isDict := dictItems(p.Setting("CACHES"))
	if !isDict {
		return nil, nil, false
	}
	for i, k := range keys {
		alias, isStr := k.AsStr()
		if !isStr || vals[i].Kind() != pyvalue.KindDict {
			return nil, nil, false
		}
		b, found := dictGet(vals[i], "BACKEND")
		if found != yes {
			return nil, nil, false
		}
		switch p.subclassOf(b, fileBasedCache) {
		case unknown:
			return nil, nil, false
		case yes:
			aliases = append(aliases, alias)
			confs = append(confs, vals[i])
		}
	}
	return aliases, confs, true
}

func runCacheRelative(p *Pass) {
	if !p.version().AtLeast(3, 2) {
		return
	}
	aliases, confs, ok := fileCaches(p)
	if !ok {
		return
	}
	for i, alias := range aliases {
		loc, found := dictGet(confs[i], "LOCATION")
		if found != yes {
			continue
		}
		text, ok := pathText(loc)
		if !ok || strings.HasPrefix(text, "/") {
			continue
		}
		p.Report(finding.Finding{
			Setting: "CACHES",
			Message: fmt.Sprintf("The %s cache's LOCATION %s is a relative path; it depends on the directory the server starts in.", quote(alias), quote(text)),
			Hint:    "Use an absolute path for the FileBasedCache LOCATION.",
		})
	}
}

func runCacheExposed(p *Pass) {
	if !p.version().AtLeast(3, 1) || p.FS == nil {
		return
	}
	aliases, confs, ok := fileCaches(p)
	if !ok || len(aliases) == 0 {
		return
	}
	cachePaths := make([]resolvedPath, len(aliases))
	for i := range aliases {
		loc, found := dictGet(confs[i], "LOCATION")
		if found != yes {
			return
		}
		text, ok := pathText(loc)
		if !ok {
			return
		}
		cachePaths[i] = p.resolve(text)
	}
	for _, name := range []string{"MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"} {
		v, defined := p.lookup(name)
		if !defined {
			continue
		}
		t := truthy(v)
		if t == unknown {
			return
		}
		if t == no {
			continue
		}
		var paths []resolvedPath
		if name == "STATICFILES_DIRS" {
			entries, ok := v.Elems()
			if !ok {
				return
			}
			for _, e := range entries {
				dir, ok := staticDirPath(e)
				if !ok {
					return
				}
				paths = append(paths, p.resolve(dir))
			}
		} else {
			text, ok := pathText(v)
			if !ok {
				return
			}
			paths = []resolvedPath{p.resolve(text)}
		}
		for i, alias := range aliases {
			rel, known := relation(cachePaths[i], paths)
			if !known || rel == "" {
				continue
			}
			p.Report(finding.Finding{
				Setting: "CACHES",
				Message: fmt.Sprintf("The %s cache's LOCATION %s %s: cached data could be served publicly or mixed with those files.", quote(alias), rel, name),
				Hint:    "Move the FileBasedCache LOCATION to a directory of its own, outside MEDIA_ROOT, STATIC_ROOT and STATICFILES_DIRS.",
			})
		}
	}
}

// staticDirPath returns the directory of a STATICFILES_DIRS entry (a path,
// or a (prefix, path) pair).
func staticDirPath(e pyvalue.Value) (string, bool) {
	if pair, ok := e.Elems(); ok {
		if len(pair) != 2 {
			return "", false
		}
		e = pair[1]
	}
	return pathText(e)
}

// resolvedPath is an absolute, symlink-resolved path; relative tells that
// it was relative to the (unknown) working directory, assumed to be the
// project root for symlink resolution only.
type resolvedPath struct {
	path     string
	relative bool
}

// resolve is pathlib's Path(text).resolve() under the assumption that the
// working directory is the project root, following symlinks inside it.
func (p *Pass) resolve(text string) resolvedPath {
	rel := !strings.HasPrefix(text, "/")
	abs := text
	if rel {
		abs = path.Join(p.rootDir(), text)
	}
	return resolvedPath{path: p.followLinks(path.Clean(abs)), relative: rel}
}

// rootDir is the project root as an absolute path ("/" when unknown).
func (p *Pass) rootDir() string {
	if p.Root == "" {
		return "/"
	}
	return path.Clean(p.Root)
}

// followLinks resolves the symlinks of an absolute path's components that
// lie inside the project tree.
func (p *Pass) followLinks(abs string) string {
	root := p.rootDir()
	for hops := 0; hops < 40; hops++ {
		rel, inside := within(root, abs)
		if !inside || rel == "." {
			return abs
		}
		parts := strings.Split(rel, "/")
		changed := false
		for i := range parts {
			sub := strings.Join(parts[:i+1], "/")
			target, err := fs.ReadLink(p.FS, sub)
			if err != nil {
				continue
			}
			base := path.Join(root, path.Dir(sub))
			if strings.HasPrefix(target, "/") {
				base = ""
			}
			abs = path.Clean(path.Join(base, target, strings.Join(parts[i+1:], "/")))
			changed = true
			break
		}
		if !changed {
			return abs
		}
	}
	return abs
}

// within returns abs relative to root when it lies inside it.
func within(root, abs string) (string, bool) {
	if abs == root {
		return ".", true
	}
	prefix := root
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	if strings.HasPrefix(abs, prefix) {
		return abs[len(prefix):], true
	}
	return "", false
}

// relation is Django's comparison of a cache directory with a setting's
// paths: "matches", "is inside", "contains" or "" for none. known is false
// when a relative path meets an absolute one (the working directory
// decides).
func relation(cache resolvedPath, paths []resolvedPath) (string, bool) {
	for _, q := range paths {
		if q.relative != cache.relative {
			return "", false
		}
	}
	for _, q := range paths {
		if q.path == cache.path {
			return "matches", true
		}
	}
	for _, q := range paths {
		if _, inside := within(q.path, cache.path); inside {
			return "is inside", true
		}
	}
	for _, q := range paths {
		if _, inside := within(cache.path, q.path); inside {
			return "contains", true
		}
	}
	return "", true
}

// cachesChecklist returns deploycheck's own checks of this checklist topic.
func cachesChecklist() []*Check {
	return nil
}
