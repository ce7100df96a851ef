package checks

import (
	"fmt"
	"io/fs"
	"net"
	"net/url"
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
tree; relative paths are resolved against the project root, where
manage.py check --deploy runs.

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
			// Django resolves relative paths against the working directory;
			// `manage.py check --deploy` runs where manage.py is, so W002
			// compares them as resolved against the project root.
			rel, known := relation(cachePaths[i].absolute(), absolutes(paths))
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

// absolute forgets that a path was relative, for comparisons that take the
// project root as the working directory.
func (r resolvedPath) absolute() resolvedPath { r.relative = false; return r }

func absolutes(ps []resolvedPath) []resolvedPath {
	out := make([]resolvedPath, len(ps))
	for i, q := range ps {
		out[i] = q.absolute()
	}
	return out
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

// Cache backends the checklist checks know by name.
const (
	locMemCache = "django.core.cache.backends.locmem.LocMemCache"
	dummyCache  = "django.core.cache.backends.dummy.DummyCache"
)

// cachesChecklist returns deploycheck's own checks of this checklist topic.
func cachesChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.caches.unauthenticated", Topic: finding.TopicCaches, Severity: finding.Warning,
			Doc: `A cache server on a remote host is used without authentication.

Redis reached over plain redis:// with no credentials (none in the URL,
no password in OPTIONS) accepts commands from anyone who can reach it
(a rediss:// URL or credentials pass the check); Memcached has no
authentication at all, unless SASL credentials are given in OPTIONS. Whoever can talk to the cache can read cached pages and
sessions, or plant entries, and Django unpickles what it reads from the
cache. The check looks at Redis and Memcached LOCATIONs whose host is a DNS
name not known to be private; loopback, Unix sockets, private addresses,
single-label names (docker compose and Kubernetes services) and internal
suffixes (.internal, .local, .svc...) are not reported. Literal public IP
addresses are dc.caches.public-address. The database cache is protected by
the database's own credentials (see the databases checks).

Fix: keep the cache on a private network that only the application servers
reach, and for Redis set a password (redis://:PASSWORD@host) or use TLS
(rediss://) with credentials.`,
			Run: runCacheUnauthenticated,
		},
		{
			ID: "dc.caches.public-address", Topic: finding.TopicCaches, Severity: finding.Warning,
			Doc: `A cache server is addressed by a public IP address.

A Redis or Memcached LOCATION names a literal IP address outside the
private, loopback and link-local ranges, so the cache listens where the
whole internet may reach it. Cache servers are a frequent target: open
Memcached has been abused for amplification attacks, and Redis answers
brute-force password guessing at high speed.

Fix: put the cache on a private network (or the same machine) and firewall
its port so only the application servers can connect.`,
			Run: runCachePublic,
		},
		{
			ID: "dc.caches.local-memory", Topic: finding.TopicCaches, Severity: finding.Info,
			Doc: `The default cache lives in each process's memory.

LocMemCache is Django's default when CACHES is not set. Every worker
process has its own copy: with several gunicorn or uWSGI workers, a value
cached by one is invisible to the others, invalidation only reaches one of
them, and memory use grows with the number of workers. When sessions are
stored in that cache (SESSION_ENGINE 'cache' or 'cached_db') the finding is
a warning: users are logged out at random, and a session deleted at logout
may stay valid in the other workers' caches.

Fix: for a multi-process deployment use a shared cache (Redis or
Memcached); keep sessions in the database or a shared cache.`,
			Run: runCacheLocalMemory,
		},
		{
			ID: "dc.caches.dummy", Topic: finding.TopicCaches, Severity: finding.Warning,
			Doc: `The default cache is DummyCache, which caches nothing.

DummyCache implements the cache interface without storing anything: every
read misses. That is meant for development; in production the cache
middleware, cached template fragments and rate limiters that rely on the
cache silently do nothing, and cached sessions cannot be kept at all.

Fix: configure a real cache backend (Redis, Memcached, or the database
cache) for production.`,
			Run: runCacheDummy,
		},
		{
			ID: "dc.caches.shared-tmp", Topic: finding.TopicCaches, Severity: finding.Warning,
			Doc: `A file-based cache is kept in a shared temporary directory.

FileBasedCache stores pickled values. In /tmp, /var/tmp or /dev/shm, which
every local user and process can write to, another process on the machine
can create or replace cache files, and Django runs whatever the pickles
contain when it reads them. Such directories may also be cleaned by the
system while the site runs. (A cache inside MEDIA_ROOT, STATIC_ROOT or
STATICFILES_DIRS is Django's own caches.W002.)

Fix: give the cache a directory of its own, writable only by the
application's user, or use Redis or Memcached.`,
			Run: runCacheSharedTmp,
		},
		{
			ID: "dc.caches.cached-sessions", Topic: finding.TopicCaches, Severity: finding.Info,
			Doc: `Sessions hit the database although a cache server is configured.

With Redis or Memcached as the default cache, SESSION_ENGINE is still
Django's default database engine, so every request with a session reads
(and often writes) the django_session table. The deployment checklist
suggests cached sessions.

Fix: set SESSION_ENGINE = 'django.contrib.sessions.backends.cached_db'
(cache in front of the database: fast and persistent) or
'django.contrib.sessions.backends.cache' (cache only: sessions are lost
when the cache is flushed or evicts them).`,
			Run: runCacheSessions,
		},
	}
}

// cacheAlias is one entry of CACHES with a str BACKEND.
type cacheAlias struct {
	name    string
	conf    pyvalue.Value
	backend string
	// backendV is the BACKEND value, for its environment.
	backendV pyvalue.Value
}

// cacheAliases returns the CACHES entries that are dicts with a str
// BACKEND (the others cannot be judged).
func (p *Pass) cacheAliases() []cacheAlias {
	keys, vals, ok := dictItems(p.Setting("CACHES"))
	if !ok {
		return nil
	}
	var out []cacheAlias
	for i, k := range keys {
		name, ok := k.AsStr()
		if !ok || vals[i].Kind() != pyvalue.KindDict {
			continue
		}
		b, found := dictGet(vals[i], "BACKEND")
		if found != yes {
			continue
		}
		backend, ok := b.AsStr()
		if !ok {
			continue
		}
		out = append(out, cacheAlias{name: name, conf: vals[i], backend: backend, backendV: b})
	}
	return out
}

// cacheKind is "redis", "memcached" or "" for other backends.
func cacheKind(backend string) string {
	b := strings.ToLower(backend)
	switch {
	case strings.Contains(b, "redis") || strings.Contains(b, "valkey"):
		return "redis"
	case strings.Contains(b, "memcached") || strings.Contains(b, "pylibmc") || strings.Contains(b, "pymemcache"):
		return "memcached"
	}
	return ""
}

// cacheServer is one server of a Redis or Memcached LOCATION.
type cacheServer struct {
	text string
	host string
	// creds is set when the URL carries credentials, tls when it uses
	// TLS (rediss://).
	creds, tls bool
}

// cacheServers splits a LOCATION (a str, possibly separated by ';' or ',',
// or a list of them) into servers; ok is false when it cannot be read.
func cacheServers(loc pyvalue.Value) (servers []cacheServer, ok bool) {
	var texts []string
	if s, isStr := loc.AsStr(); isStr {
		texts = []string{s}
	} else if elems, isList := loc.Elems(); isList {
		for _, e := range elems {
			s, isStr := e.AsStr()
			if !isStr {
				return nil, false
			}
			texts = append(texts, s)
		}
	} else {
		return nil, false
	}
	for _, t := range texts {
		for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == ';' || r == ',' }) {
			if part = strings.TrimSpace(part); part != "" {
				servers = append(servers, parseCacheServer(part))
			}
		}
	}
	return servers, true
}

// parseCacheServer reads one server: a URL (redis://, rediss://, unix://)
// or a memcached-style host[:port], unix:path or /path.
func parseCacheServer(s string) cacheServer {
	out := cacheServer{text: s}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			out.host = "/" // unreadable: treated as local, never reported
			return out
		}
		switch strings.ToLower(u.Scheme) {
		case "unix":
			out.host = "/"
			return out
		case "rediss", "valkeys":
			out.tls = true
		}
		out.creds = u.User != nil
		out.host = u.Hostname()
		return out
	}
	if strings.HasPrefix(s, "unix:") || strings.HasPrefix(s, "/") {
		out.host = "/"
		return out
	}
	out.host = s
	if h, _, err := net.SplitHostPort(s); err == nil {
		out.host = h
	}
	return out
}

// cachePassword tells whether an alias's OPTIONS give credentials
// (django-redis' PASSWORD, redis-py's password, pylibmc's SASL username).
func cachePassword(conf pyvalue.Value) tri {
	opts, found := dictGet(conf, "OPTIONS")
	if found != yes {
		return found
	}
	out := no
	for _, k := range []string{"PASSWORD", "password", "username"} {
		v, found := dictGet(opts, k)
		switch {
		case found == unknown:
			out = unknown
		case found == yes:
			switch truthy(v) {
			case yes:
				return yes
			case unknown:
				out = unknown
			}
		}
	}
	return out
}

// eachCacheServer calls visit for each server of each Redis or Memcached
// alias.
func (p *Pass) eachCacheServer(visit func(a cacheAlias, kind string, srv cacheServer, loc pyvalue.Value)) {
	for _, a := range p.cacheAliases() {
		kind := cacheKind(a.backend)
		if kind == "" {
			continue
		}
		loc, found := dictGet(a.conf, "LOCATION")
		if found != yes {
			continue
		}
		servers, ok := cacheServers(loc)
		if !ok {
			continue
		}
		for _, srv := range servers {
			visit(a, kind, srv, loc)
		}
	}
}

// cacheProtected tells whether a cache server is guarded: Redis with
// credentials or TLS, either with credentials in OPTIONS.
func cacheProtected(a cacheAlias, kind string, srv cacheServer) tri {
	if kind == "redis" && (srv.creds || srv.tls) {
		return yes
	}
	return cachePassword(a.conf)
}

func runCacheUnauthenticated(p *Pass) {
	p.eachCacheServer(func(a cacheAlias, kind string, srv cacheServer, loc pyvalue.Value) {
		if hostReach(srv.host) != reachRemote || cacheProtected(a, kind, srv) != no {
			return
		}
		what := "Redis accepts commands from anyone who reaches it when no password is set"
		hint := "Keep the cache on a private network and set a password (redis://:PASSWORD@host, read from the environment) or use rediss:// with credentials."
		if kind == "memcached" {
			what = "Memcached has no authentication"
			hint = "Keep Memcached on a private network or the same machine, firewalled to the application servers (or use Redis with a password)."
		}
		opts, _ := dictGet(a.conf, "OPTIONS")
		p.reportRedacting(finding.Finding{
			Setting: "CACHES",
			Message: fmt.Sprintf("The %s cache's server %s is on a remote host and %s: whoever can connect reads and "+
				"plants cached data, which Django unpickles.", quote(a.name), quote(srv.host), what),
			Hint: hint,
			Env:  envOf(loc, a.backendV, opts),
		})
	})
}

func runCachePublic(p *Pass) {
	p.eachCacheServer(func(a cacheAlias, kind string, srv cacheServer, loc pyvalue.Value) {
		if hostReach(srv.host) != reachPublic {
			return
		}
		extra := ""
		if cacheProtected(a, kind, srv) == no {
			extra = ", with no authentication"
		}
		p.reportRedacting(finding.Finding{
			Setting: "CACHES",
			Message: fmt.Sprintf("The %s cache's server is the public IP address %s%s: the cache listens where the "+
				"internet can reach it.", quote(a.name), quote(srv.host), extra),
			Hint: "Move the cache to a private address or the same machine and firewall its port to the application servers.",
			Env:  envOf(loc, a.backendV),
		})
	})
}

// sessionCache returns the cache alias sessions are stored in, and
// whether that is the only store ('cache') or one in front of the
// database ('cached_db'); alias is "" when sessions use no cache.
func (p *Pass) sessionCache() (alias string, only bool, env []string, ok bool) {
	engine := p.Setting("SESSION_ENGINE")
	s, isStr := engine.AsStr()
	if !isStr {
		return "", false, nil, false
	}
	switch s {
	case "django.contrib.sessions.backends.cache":
		only = true
	case "django.contrib.sessions.backends.cached_db":
	default:
		return "", false, nil, true
	}
	aliasV := p.Setting("SESSION_CACHE_ALIAS")
	alias, isStr = aliasV.AsStr()
	if !isStr {
		return "", false, nil, false
	}
	return alias, only, envOf(engine, aliasV), true
}

func runCacheLocalMemory(p *Pass) {
	sessAlias, sessOnly, sessEnv, sessOK := p.sessionCache()
	for _, a := range p.cacheAliases() {
		if a.backend != locMemCache {
			continue
		}
		forSessions := sessOK && sessAlias == a.name
		if a.name != "default" && !forSessions {
			continue
		}
		f := finding.Finding{
			Setting: "CACHES",
			Message: fmt.Sprintf("The %s cache is LocMemCache: each worker process keeps its own copy, so with several "+
				"workers cached values and invalidations are not shared.", quote(a.name)),
			Hint: "Use a shared cache such as Redis or Memcached when more than one process serves the site.",
			Env:  envOf(a.backendV),
		}
		if !p.Settings.IsOverridden("CACHES") {
			f.Message = "CACHES is not set, so Django's default LocMemCache applies: each worker process keeps its own " +
				"copy, so with several workers cached values and invalidations are not shared."
		}
		if forSessions {
			f.Severity = finding.Warning
			f.Env = append(f.Env, sessEnv...)
			if sessOnly {
				f.Message += " Sessions are stored only in this cache, so users are logged out whenever a request reaches " +
					"another worker, and all sessions vanish at each restart."
			} else {
				f.Message += " Sessions are cached there in front of the database, so a session deleted at logout can " +
					"stay valid in the other workers' caches."
			}
			f.Hint = "Store sessions in a shared cache (Redis, Memcached) or in the database ('django.contrib.sessions.backends.db')."
		}
		p.reportRedacting(f)
	}
}

func runCacheDummy(p *Pass) {
	sessAlias, sessOnly, sessEnv, sessOK := p.sessionCache()
	for _, a := range p.cacheAliases() {
		if a.backend != dummyCache {
			continue
		}
		forSessions := sessOK && sessAlias == a.name
		if a.name != "default" && !forSessions {
			continue
		}
		f := finding.Finding{
			Setting: "CACHES",
			Message: fmt.Sprintf("The %s cache is DummyCache, which stores nothing: every cache read misses, so cached "+
				"pages, fragments and anything relying on the cache do nothing.", quote(a.name)),
			Hint: "Configure a real cache backend (Redis, Memcached or the database cache) in the production settings.",
			Env:  envOf(a.backendV),
		}
		if forSessions {
			f.Env = append(f.Env, sessEnv...)
			if sessOnly {
				f.Message += " Sessions are stored only in this cache, so no one can stay logged in."
			} else {
				f.Message += " Sessions fall back to the database on every request."
			}
		}
		p.reportRedacting(f)
	}
}

// sharedTmpDirs are directories every local user may write to.
var sharedTmpDirs = []string{"/tmp", "/var/tmp", "/dev/shm"}

func runCacheSharedTmp(p *Pass) {
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
		if !ok || !strings.HasPrefix(text, "/") {
			continue
		}
		clean := path.Clean(text)
		for _, dir := range sharedTmpDirs {
			if _, inside := within(dir, clean); !inside {
				continue
			}
			p.reportRedacting(finding.Finding{
				Setting: "CACHES",
				Message: fmt.Sprintf("The %s cache keeps its pickled files in %s, under %s, which every local user and "+
					"process can write to: a planted cache file runs code when Django reads it.", quote(alias), quote(text), dir),
				Hint: "Give FileBasedCache a directory of its own, writable only by the application's user (or use Redis or Memcached).",
				Env:  envOf(loc),
			})
			break
		}
	}
}

func runCacheSessions(p *Pass) {
	engine := p.Setting("SESSION_ENGINE")
	if equalsStr(engine, "django.contrib.sessions.backends.db") != yes {
		return
	}
	if or3(p.appLiteral("django.contrib.sessions"),
		p.middlewareLiteral("django.contrib.sessions.middleware.SessionMiddleware")) != yes {
		return
	}
	for _, a := range p.cacheAliases() {
		if a.name != "default" {
			continue
		}
		kind := cacheKind(a.backend)
		if kind == "" {
			return
		}
		name := "Redis"
		if kind == "memcached" {
			name = "Memcached"
		}
		f := finding.Finding{
			Setting: "SESSION_ENGINE",
			Message: fmt.Sprintf("The default cache is %s, but sessions are still read from the database on every "+
				"request that carries one.", name),
			Hint: "Set SESSION_ENGINE = 'django.contrib.sessions.backends.cached_db' (cached and persistent), or " +
				"'django.contrib.sessions.backends.cache' if losing sessions on a cache flush is acceptable.",
			Env: envOf(a.backendV),
		}
		if st := p.SettingInfo("SESSION_ENGINE"); st != nil && st.Default {
			// Point at the cache configuration, which is what invites the change.
			if c := p.SettingInfo("CACHES"); c != nil && !c.Default {
				f.File, f.Line, f.Column = c.File, c.Line, c.Col+1
			}
		}
		p.reportRedacting(f)
	}
}
