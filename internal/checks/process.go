package checks

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/project"
	"github.com/deploycheck/deploycheck/internal/secret"
)

// processChecklist returns the checks of how the app's processes are
// started and built: the server, its flags and the container image.
func processChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.process.runserver", Topic: finding.TopicProcess, Severity: finding.Error, FilesOnly: true,
			Doc: `A production deployment file starts Django's development server.

manage.py runserver (and django-admin runserver, runserver_plus) is built
for a developer's machine: it reloads code, serves static files without
caching headers, has had no security review as an internet-facing server,
and handles load poorly. Django's documentation says plainly not to use it
in production. deploycheck looks at Dockerfile CMD and ENTRYPOINT, compose
command and entrypoint, systemd ExecStart, Procfile processes, Kubernetes
container commands and the start scripts they run; files whose names mark
them as for development (docker-compose.local.yml, .envs/.local/) are left
alone.

Fix: run a WSGI or ASGI server such as gunicorn, uWSGI, uvicorn or daphne
(gunicorn mysite.wsgi --bind 0.0.0.0:8000) behind a reverse proxy.`,
			Run: runRunserver,
		},
		{
			ID: "dc.process.reload", Topic: finding.TopicProcess, Severity: finding.Warning, FilesOnly: true,
			Doc: `The app server watches the code and restarts on change.

gunicorn --reload (or reload = True in gunicorn.conf.py), uvicorn,
hypercorn and granian --reload, and uWSGI's py-autoreload are development
aids: a thread polls every source file, each change restarts workers
mid-request, and a file written on the server (an upload into the code
tree, say) becomes running code at once. gunicorn's old --debug flag did
the same. Production deploys ship code by restarting the service.

Fix: remove the reload flag or option from the production command and
configuration; restart the service when new code is deployed.`,
			Run: runReload,
		},
		{
			ID: "dc.process.forwarded-allow-ips", Topic: finding.TopicProcess, Severity: finding.Warning, FilesOnly: true,
			Doc: `The app server trusts forwarding headers from any address.

gunicorn (forwarded_allow_ips, --forwarded-allow-ips or the
FORWARDED_ALLOW_IPS variable) and uvicorn (--forwarded-allow-ips) only
believe X-Forwarded-Proto and similar headers from the addresses listed.
With '*' any client that reaches the server directly can claim that its
plain-HTTP request came over HTTPS: Django then treats the request as
secure (request.is_secure(), secure redirects, CSRF referer checks).
'*' is acceptable only when nothing but the proxy can connect to the app
server; deploycheck lowers the finding to info when a proxy service runs
beside the app and the app's port is not published.

Fix: list the proxy's address (forwarded_allow_ips = "10.0.0.2"), or make
sure the app server's port is reachable by the proxy alone.`,
			Run: runForwardedAllowIPs,
		},
		{
			ID: "dc.process.app-published", Topic: finding.TopicProcess, Severity: finding.Warning, FilesOnly: true,
			Doc: `The app server's port is open on every interface beside a reverse
proxy.

In a compose file that runs nginx, Traefik, Caddy or HAProxy in front of
the app, the app service also publishes its own port ("8000:8000"). Docker
opens published ports on all of the host's interfaces (and around host
firewalls such as ufw), so clients can reach gunicorn directly and skip
everything the proxy does: TLS, Host-header filtering, request size limits,
rate limits, security headers.

The same holds on a server without containers: a systemd unit that starts
gunicorn --bind 0.0.0.0:8000 while nginx proxies to 127.0.0.1:8000 leaves
port 8000 open to everyone.

Fix: remove the ports entry from the app service (the proxy reaches it
over the compose network by service name), or bind it to the loopback
interface: "127.0.0.1:8000:8000"; on a host, bind the app server to
127.0.0.1 or a Unix socket.`,
			Run: func(p *Pass) { runAppPublished(p); runHostAppPublished(p) },
		},
		{
			ID: "dc.process.dockerfile-secret", Topic: finding.TopicProcess, Severity: finding.Error, FilesOnly: true,
			Doc: `A Dockerfile writes a secret into the image or its build arguments.

ENV DJANGO_SECRET_KEY=... or ENV DATABASE_PASSWORD=... puts the value in
the Dockerfile, so in version control, and in every image built from it,
where docker inspect and docker history show it to anyone who can pull
the image. An ARG named like a secret fares little better: values given
with --build-arg are recorded in the image's history and build cache. A
placeholder key set only for collectstatic is still a key Django uses if
the runtime forgets to override it. The finding is an error when the value
reaches the final image and a warning for a build-only stage or an ARG.

Fix: pass secrets at run time (compose env_file or secrets, Kubernetes
Secrets, systemd credentials), and for build steps that need one use a
BuildKit secret mount: RUN --mount=type=secret,id=key ...`,
			Run: runDockerfileSecrets,
		},
		{
			ID: "dc.process.dockerignore", Topic: finding.TopicProcess, Severity: finding.Warning, FilesOnly: true,
			Doc: `The image copies the whole build context, and the context holds
.env files or the .git directory that no .dockerignore leaves out.

COPY . . takes everything in the build context. Without a .dockerignore
that excludes them, local .env files (with their passwords and keys) and
the .git directory (the whole history, including anything ever committed
and later removed) end up in the image, readable by anyone who can pull it.
deploycheck matches the .dockerignore with Docker's own pattern rules. An
.env file is an error; .git alone a warning.

Fix: add a .dockerignore beside the build context with at least
".git", ".env" and ".env.*" (and "!.env.example" if the example is
needed), or copy only the folders the image needs.`,
			Run: runDockerIgnore,
		},
	}
}

// prodProcesses returns the processes that discovery does not take as
// for development (see project.Project.Purpose).
func prodProcesses(p *Pass) []project.AppProcess {
	if p.Project == nil {
		return nil
	}
	var out []project.AppProcess
	for _, pr := range p.Project.Processes {
		if pr.Purpose != deployfiles.PurposeDevelopment {
			out = append(out, pr)
		}
	}
	return out
}

// devFile reports whether discovery takes a deployment file as for
// development.
func (p *Pass) devFile(path string) bool {
	return p.Project != nil && p.Project.Purpose(path) == deployfiles.PurposeDevelopment
}

// commandText renders words for a message, shortened.
func commandText(words []string) string {
	s := strings.Join(words, " ")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func runRunserver(p *Pass) {
	for _, pr := range prodProcesses(p) {
		for i, w := range pr.Words {
			if w != "runserver" && w != "runserver_plus" {
				continue
			}
			// manage.py runserver, django-admin runserver: the word before
			// (after options) names the program.
			prog := false
			for _, b := range pr.Words[:i] {
				base := filepath.Base(b)
				if base == "manage.py" || base == "django-admin" || base == "django-admin.py" {
					prog = true
				}
			}
			if !prog {
				continue
			}
			p.Report(finding.Finding{
				File: p.deployFileRel(pr.File), Line: pr.Line,
				Message: fmt.Sprintf("%s starts Django's development server (%s), which is not built to serve production traffic.", pr.Source, commandText(pr.Words)),
				Hint:    "Run gunicorn, uWSGI, uvicorn or daphne instead, e.g. gunicorn mysite.wsgi --bind 0.0.0.0:8000, behind a reverse proxy.",
			})
			break
		}
	}
}

// valuedFlags are the app servers' options that take a value as the next
// word; flagAliases their short forms.
var (
	valuedFlags = map[string]bool{
		"-b": true, "--bind": true, "-c": true, "--config": true, "--forwarded-allow-ips": true,
		"--py-autoreload": true, "--ini": true, "--http": true, "--http-socket": true, "--socket": true,
		"--host": true, "--port": true, "-w": true, "--workers": true,
	}
	flagAliases = map[string]string{"-b": "--bind", "-c": "--config", "-w": "--workers"}
)

// serverFlags finds the options given to a web server on a command line:
// the server's program name and each option (with its value when it takes
// one), as "--name" or "--name=value".
func serverFlags(words []string) (server string, flags map[string][]string) {
	start := -1
	for i, w := range words {
		base := filepath.Base(w)
		if project.IsWebServer(base) {
			server, start = base, i
			break
		}
		// python -m gunicorn
		if w == "-m" && i+1 < len(words) && project.IsWebServer(words[i+1]) {
			server, start = words[i+1], i+1
			break
		}
	}
	if start < 0 {
		return "", nil
	}
	flags = map[string][]string{}
	for i := start + 1; i < len(words); i++ {
		w := words[i]
		if w == "&&" || w == ";" || w == "|" || w == "||" {
			break
		}
		if !strings.HasPrefix(w, "-") {
			continue
		}
		name, value, hasValue := strings.Cut(w, "=")
		if !hasValue && valuedFlags[name] && i+1 < len(words) {
			value = words[i+1]
			i++
		}
		if a, ok := flagAliases[name]; ok {
			name = a
		}
		flags[name] = append(flags[name], value)
	}
	return server, flags
}

// gunicornCmdArgs returns the words of GUNICORN_CMD_ARGS in a process's
// environment (gunicorn reads extra flags from it), with where it is set.
func (p *Pass) gunicornCmdArgs(pr project.AppProcess) ([]string, *project.EnvVar) {
	env := p.Project.ProcessEnv(pr)
	for i := range env {
		if env[i].Name == "GUNICORN_CMD_ARGS" && env[i].From == "" {
			return append([]string{"gunicorn"}, deployfiles.SplitShell(env[i].Value)...), &env[i]
		}
	}
	return nil, nil
}

func runReload(p *Pass) {
	for _, pr := range prodProcesses(p) {
		server, flags := serverFlags(pr.Words)
		file, line, where := pr.File, pr.Line, pr.Source
		if server == "" {
			continue
		}
		if args, ev := p.gunicornCmdArgs(pr); server == "gunicorn" && ev != nil {
			_, extra := serverFlags(args)
			for k, v := range extra {
				if _, ok := flags[k]; !ok && (k == "--reload" || k == "--debug") {
					flags[k] = v
					file, line, where = ev.File, ev.Line, "GUNICORN_CMD_ARGS ("+ev.Source+")"
				}
			}
		}
		var flag string
		switch {
		case flags["--reload"] != nil && server != "uwsgi":
			flag = "--reload"
		case server == "gunicorn" && flags["--debug"] != nil:
			flag = "--debug"
		case server == "uwsgi" && flags["--py-autoreload"] != nil && flags["--py-autoreload"][0] != "0":
			flag = "--py-autoreload " + flags["--py-autoreload"][0]
		default:
			continue
		}
		p.Report(finding.Finding{
			File: p.deployFileRel(file), Line: line,
			Message: fmt.Sprintf("%s runs %s with %s: the server watches the code and restarts workers whenever a file changes.", where, server, flag),
			Hint:    "Remove " + flag + " from the production command; restart the service when you deploy.",
		})
	}
	for _, cfg := range prodServerConfigs(p) {
		var opt *deployfiles.ServerOption
		switch cfg.Server {
		case "gunicorn":
			if o := cfg.Option("reload"); o != nil && len(o.Values) == 1 && truthyText(o.Values[0]) {
				opt = o
			}
		case "uwsgi":
			for _, name := range []string{"py-autoreload", "python-autoreload", "py-auto-reload"} {
				if o := cfg.Option(name); o != nil && len(o.Values) > 0 && o.Values[len(o.Values)-1] != "0" && o.Values[len(o.Values)-1] != "" {
					opt = o
				}
			}
		}
		if opt == nil {
			continue
		}
		p.Report(finding.Finding{
			File: p.deployFileRel(cfg.Path), Line: opt.Line,
			Message: fmt.Sprintf("The %s configuration sets %s = %s: the server restarts workers whenever a source file changes.", cfg.Server, opt.Name, strings.Join(opt.Values, ",")),
			Hint:    "Remove " + opt.Name + " from the production configuration; restart the service when you deploy.",
		})
	}
}

// truthyText reports whether an option's text means on.
func truthyText(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on", "y", "t":
		return true
	}
	return false
}

// prodServerConfigs returns the app server configuration files not marked
// as for development.
func prodServerConfigs(p *Pass) []*deployfiles.AppServerConfig {
	if p.Project == nil {
		return nil
	}
	var out []*deployfiles.AppServerConfig
	for _, c := range p.Project.AppServers {
		if !p.devFile(c.Path) {
			out = append(out, c)
		}
	}
	return out
}

// proxyService returns the first compose service that runs a reverse proxy
// (by its image, or the base image of the Dockerfile it builds).
func proxyService(p *Pass, cf *deployfiles.ComposeFile) *deployfiles.Service {
	for _, s := range cf.Services {
		for _, image := range p.serviceImages(s) {
			if proxyImages[deployfiles.ImageName(image)] {
				return s
			}
		}
	}
	return nil
}

// serviceImages returns the images a compose service runs: its image, and
// the base image of the final stage of the Dockerfile it builds.
func (p *Pass) serviceImages(s *deployfiles.Service) []string {
	var images []string
	if s.Image != nil {
		images = append(images, s.Image.Value)
	}
	if s.Build != nil && s.Build.DockerfilePath != "" {
		for _, df := range p.Project.Dockerfiles {
			if filepath.Clean(df.Path) == filepath.Clean(s.Build.DockerfilePath) {
				if st := df.Final(); st != nil {
					images = append(images, st.Base)
				}
			}
		}
	}
	return images
}

// proxyImages are the images of reverse proxies.
var proxyImages = map[string]bool{
	"nginx": true, "nginx-unprivileged": true, "traefik": true, "caddy": true, "haproxy": true,
	"envoy": true, "openresty": true, "httpd": true, "varnish": true,
}

// publishedPort returns the first port a compose service publishes on
// every interface of the host, or nil.
func publishedPort(s *deployfiles.Service) *deployfiles.Setting {
	for i := range s.Ports {
		spec := s.Ports[i].Value
		spec, _, _ = strings.Cut(spec, "/")
		host := ""
		switch {
		case strings.HasPrefix(spec, "["):
			if end := strings.Index(spec, "]"); end > 0 {
				host = spec[1:end]
			}
		case strings.Count(spec, ":") == 2:
			host = spec[:strings.IndexByte(spec, ':')]
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			return &s.Ports[i]
		}
	}
	return nil
}

func runAppPublished(p *Pass) {
	seen := map[*deployfiles.Service]bool{}
	for _, pr := range prodProcesses(p) {
		if pr.Service == nil || seen[pr.Service] {
			continue
		}
		if server, _ := serverFlags(pr.Words); server == "" {
			continue
		}
		seen[pr.Service] = true
		proxy := proxyService(p, pr.Compose)
		port := publishedPort(pr.Service)
		if proxy == nil || port == nil || proxy == pr.Service {
			continue
		}
		p.Report(finding.Finding{
			File: p.deployFileRel(pr.Compose.Path), Line: port.Line,
			Message: fmt.Sprintf("Service %s publishes the app server's port (%s) on every host interface, although service %s is the reverse proxy in front of it: clients can reach the app directly and bypass the proxy.",
				pr.Service.Name, port.Value, proxy.Name),
			Hint: fmt.Sprintf("Remove the ports entry of service %s (the proxy reaches it over the compose network), or publish it on loopback only: \"127.0.0.1:%s\".", pr.Service.Name, strings.TrimPrefix(port.Value, "0.0.0.0:")),
		})
	}
}

// loopbackTargets returns the loopback ports nginx passes requests to
// (proxy_pass http://127.0.0.1:8000, uwsgi_pass localhost:3031, or an
// upstream of such servers), each with where it is written.
func (p *Pass) loopbackTargets() map[string]string {
	out := map[string]string{}
	addAddr := func(addr, where string) {
		addr = strings.TrimPrefix(strings.TrimPrefix(addr, "http://"), "https://")
		addr = strings.TrimPrefix(addr, "uwsgi://")
		addr, _, _ = strings.Cut(addr, "/")
		host, port, ok := strings.Cut(addr, ":")
		if !ok || port == "" {
			return
		}
		if host == "127.0.0.1" || host == "localhost" || host == "[::1]" {
			if _, seen := out[port]; !seen {
				out[port] = where
			}
		}
	}
	for _, c := range p.nginxConfigs() {
		for _, s := range c.Servers {
			for _, l := range s.AllLocations() {
				_, v := l.Pass()
				if v == nil || len(v.Args) == 0 {
					continue
				}
				target := v.Args[0]
				name := strings.TrimPrefix(strings.TrimPrefix(target, "http://"), "https://")
				name, _, _ = strings.Cut(name, "/")
				if up, ok := c.Upstreams[name]; ok {
					for _, srv := range up.Servers {
						addAddr(srv, p.at(up.NginxPos))
					}
					continue
				}
				addAddr(target, p.at(v.NginxPos))
			}
		}
	}
	return out
}

// wildcardPort returns the port of a bind address that listens on every
// interface ("0.0.0.0:8000", ":8000", "[::]:8000"), or "".
func wildcardPort(addr string) string {
	addr = strings.Trim(addr, `'"`)
	for _, prefix := range []string{"0.0.0.0:", "[::]:", ":", "*:"} {
		if strings.HasPrefix(addr, prefix) {
			port := strings.TrimPrefix(addr, prefix)
			if _, err := strconv.Atoi(port); err == nil {
				return port
			}
		}
	}
	return ""
}

// runHostAppPublished reports app servers started outside containers
// (systemd units) that listen on every interface at a port nginx reaches
// on loopback: nginx is meant to be the only way in.
func runHostAppPublished(p *Pass) {
	targets := p.loopbackTargets()
	if len(targets) == 0 {
		return
	}
	for _, pr := range prodProcesses(p) {
		if pr.Kind != project.KindSystemd {
			continue
		}
		server, flags := serverFlags(pr.Words)
		if server == "" {
			continue
		}
		var binds []string
		for _, name := range []string{"--bind", "--http", "--http-socket", "--socket"} {
			binds = append(binds, flags[name]...)
		}
		if h := flags["--host"]; len(h) > 0 && (h[0] == "0.0.0.0" || h[0] == "::") && len(flags["--port"]) > 0 {
			binds = append(binds, ":"+flags["--port"][0])
		}
		for _, b := range binds {
			port := wildcardPort(b)
			where, ok := targets[port]
			if port == "" || !ok {
				continue
			}
			p.Report(finding.Finding{
				File: p.deployFileRel(pr.File), Line: pr.Line,
				Message: fmt.Sprintf("%s binds %s to %s, every interface of the host, while nginx reaches it on loopback (%s): clients can connect to port %s directly and bypass nginx.",
					pr.Source, server, b, where, port),
				Hint: fmt.Sprintf("Bind the app server to 127.0.0.1:%s (or a Unix socket) so that only nginx can reach it.", port),
			})
			break
		}
	}
}

func runForwardedAllowIPs(p *Pass) {
	type hit struct {
		file, where string
		line        int
		pr          *project.AppProcess
		cfg         *deployfiles.AppServerConfig
	}
	var hits []hit
	processes := prodProcesses(p)
	for i := range processes {
		pr := &processes[i]
		server, flags := serverFlags(pr.Words)
		if server != "gunicorn" && server != "uvicorn" {
			continue
		}
		if v := flags["--forwarded-allow-ips"]; v != nil && allowsAll(v[len(v)-1]) {
			hits = append(hits, hit{pr.File, pr.Source + " (" + server + " --forwarded-allow-ips)", pr.Line, pr, nil})
			continue
		}
		if args, ev := p.gunicornCmdArgs(*pr); server == "gunicorn" && ev != nil {
			if _, extra := serverFlags(args); extra["--forwarded-allow-ips"] != nil && allowsAll(extra["--forwarded-allow-ips"][0]) {
				hits = append(hits, hit{ev.File, "GUNICORN_CMD_ARGS (" + ev.Source + ")", ev.Line, pr, nil})
				continue
			}
		}
		for _, e := range p.Project.ProcessEnv(*pr) {
			if e.Name == "FORWARDED_ALLOW_IPS" && e.From == "" && allowsAll(e.Value) {
				hits = append(hits, hit{e.File, "FORWARDED_ALLOW_IPS (" + e.Source + ")", e.Line, pr, nil})
			}
		}
	}
	for _, cfg := range prodServerConfigs(p) {
		if cfg.Server != "gunicorn" {
			continue
		}
		if o := cfg.Option("forwarded_allow_ips"); o != nil && len(o.Values) > 0 && allowsAll(strings.Join(o.Values, ",")) {
			hits = append(hits, hit{cfg.Path, "gunicorn configuration (forwarded_allow_ips)", o.Line, nil, cfg})
		}
	}
	for _, h := range hits {
		f := finding.Finding{
			File: p.deployFileRel(h.file), Line: h.line,
			Message: h.where + " trusts X-Forwarded-Proto and the other forwarding headers from any address ('*'): a client that reaches the app server directly can make a plain-HTTP request look secure to Django.",
			Hint:    "List the proxy's address instead of '*', or make sure only the proxy can connect to the app server.",
		}
		if h.pr != nil && h.pr.Service != nil {
			if proxy := proxyService(p, h.pr.Compose); proxy != nil && publishedPort(h.pr.Service) == nil {
				f.Severity = finding.Info
				f.Evidence = append(f.Evidence, fmt.Sprintf("service %s publishes no port and service %s proxies in front of it, so only containers on the compose network can send these headers", h.pr.Service.Name, proxy.Name))
			}
		} else if bind, where, ok := p.loopbackOnly(h.pr, h.cfg); ok {
			f.Severity = finding.Info
			f.Evidence = append(f.Evidence, fmt.Sprintf("the app server listens on %s only and nginx reaches it there (%s), so only local processes can send these headers", bind, where))
		}
		p.Report(f)
	}
}

// loopbackOnly reports whether an app server outside containers (a
// command line, or a gunicorn configuration file) binds only to loopback
// or a Unix socket, and nginx reaches it: then only local processes can
// connect to it. It returns the bind address and where nginx passes to it.
func (p *Pass) loopbackOnly(pr *project.AppProcess, cfg *deployfiles.AppServerConfig) (bind, where string, ok bool) {
	var binds []string
	if pr != nil {
		_, flags := serverFlags(pr.Words)
		binds = flags["--bind"]
	}
	if cfg != nil {
		if o := cfg.Option("bind"); o != nil {
			binds = o.Values
		}
	}
	if len(binds) == 0 {
		return "", "", false
	}
	targets := p.loopbackTargets()
	for _, b := range binds {
		b = strings.Trim(b, `'"`)
		switch {
		case strings.HasPrefix(b, "unix:"):
			if !p.nginxServesApp() {
				return "", "", false
			}
			where = "a Unix socket"
		case strings.HasPrefix(b, "127.0.0.1:") || strings.HasPrefix(b, "localhost:") || strings.HasPrefix(b, "[::1]:"):
			port := b[strings.LastIndexByte(b, ':')+1:]
			w, found := targets[port]
			if !found {
				return "", "", false
			}
			where = w
		default:
			return "", "", false
		}
	}
	return strings.Join(binds, ", "), where, true
}

// allowsAll reports whether a forwarded_allow_ips value trusts every
// address.
func allowsAll(v string) bool {
	for _, part := range strings.Split(v, ",") {
		if strings.Trim(strings.TrimSpace(part), `'"`) == "*" {
			return true
		}
	}
	return false
}

// envReference matches a value that only refers to another variable.
var envReference = regexp.MustCompile(`^\$\{?[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}?$`)

// dockerSecretValue reports whether an ENV or ARG value written in a
// Dockerfile is a literal secret (not empty, not a reference to a build
// argument, and for URLs only when they carry a password).
func dockerSecretValue(name, value string) bool {
	if value == "" || envReference.MatchString(value) || strings.HasPrefix(value, "/") || strings.HasPrefix(value, "./") {
		return false // empty, a reference to another variable, or a path to a secret file
	}
	if _, err := strconv.ParseFloat(value, 64); err == nil {
		return false // a number: a timeout or a length, not a secret
	}
	switch strings.ToLower(value) {
	case "true", "false", "yes", "no", "on", "off", "none":
		return false
	}
	up := strings.ToUpper(name)
	for _, suffix := range []string{"_FILE", "_PATH", "_DIR", "_TIMEOUT", "_AGE", "_SECONDS", "_LENGTH", "_BACKEND",
		"_CLASS", "_MODULE", "_ENABLED", "_HOST", "_PORT", "_USER", "_USERNAME", "_NAME", "_ID", "_NAMES", "_HEADER"} {
		if strings.HasSuffix(up, suffix) {
			return false
		}
	}
	if u, err := url.Parse(value); err == nil && u.Scheme != "" && u.Host != "" {
		_, hasPass := u.User.Password()
		return hasPass
	}
	if strings.Contains(up, "DSN") || strings.HasSuffix(up, "_URL") {
		return false // a URL-ish name whose value is not a URL with a password
	}
	return true
}

func runDockerfileSecrets(p *Pass) {
	if p.Project == nil {
		return
	}
	for _, df := range p.Project.Dockerfiles {
		rel := p.deployFileRel(df.Path)
		if p.devFile(df.Path) {
			continue
		}
		runtime := map[*deployfiles.Stage]bool{}
		if rt := df.Runtime(""); rt != nil {
			for _, s := range rt.Chain {
				runtime[s] = true
			}
		}
		reportArg := func(a deployfiles.DockerArg) {
			if !secret.IsSecretName(a.Name) {
				return
			}
			msg := fmt.Sprintf("ARG %s is a build argument named like a secret: values given with --build-arg are kept in the image's history and build cache.", a.Name)
			if a.HasDefault && dockerSecretValue(a.Name, a.Default) {
				msg = fmt.Sprintf("ARG %s has the default %s written in the Dockerfile (so in version control), and build arguments are kept in the image's history.", a.Name, secret.Redact(a.Default))
			}
			p.Report(finding.Finding{File: rel, Line: a.Line, Severity: finding.Warning, Message: msg,
				Hint: "Use a BuildKit secret mount (RUN --mount=type=secret,id=" + strings.ToLower(a.Name) + " ...) for build steps, and pass runtime secrets when the container starts."})
		}
		for _, a := range df.MetaArgs {
			reportArg(a)
		}
		for _, st := range df.Stages {
			for _, a := range st.Args {
				reportArg(a)
			}
			for _, e := range st.Env {
				if !secret.IsSecretName(e.Name) || !dockerSecretValue(e.Name, e.Raw) {
					continue
				}
				f := finding.Finding{File: rel, Line: e.Line,
					Message: fmt.Sprintf("ENV %s=%s writes a secret into the Dockerfile and into every image built from it (docker inspect shows it).", e.Name, secret.Redact(e.Value)),
					Hint:    "Remove the value from the Dockerfile and give it to the container at run time (env_file, secrets); for build steps use RUN --mount=type=secret.",
				}
				if !runtime[st] {
					f.Severity = finding.Warning
					f.Message = fmt.Sprintf("ENV %s=%s writes a secret into the Dockerfile (stage %q, used only while building: the value is in version control and the build cache, not the final image).", e.Name, secret.Redact(e.Value), stageName(st))
				}
				p.Report(f)
			}
		}
	}
}

func stageName(st *deployfiles.Stage) string {
	if st.Name != "" {
		return st.Name
	}
	return fmt.Sprint(st.Index)
}

// copiesWholeContext reports whether a COPY/ADD takes the build context's
// root ("COPY . .", "COPY ./ /app", "ADD . /srv").
func copiesWholeContext(c deployfiles.Copy) bool {
	if c.From != "" {
		return false
	}
	for _, s := range c.Sources {
		switch strings.TrimSuffix(s, "/") {
		case ".", "", "./.", "*":
			return true
		}
	}
	return false
}

func runDockerIgnore(p *Pass) {
	if p.Project == nil {
		return
	}
	for _, dc := range p.Project.DockerContexts {
		df := dc.Dockerfile
		rel := p.deployFileRel(df.Path)
		if p.devFile(df.Path) {
			continue
		}
		rt := df.Runtime("")
		if rt == nil {
			continue
		}
		var copyLine int
		for _, st := range rt.Chain {
			for _, c := range st.Copies {
				if copyLine == 0 && copiesWholeContext(c) {
					copyLine = c.Line
				}
			}
		}
		if copyLine == 0 {
			continue
		}
		var leaked []string
		if dc.HasGit && !dc.Ignore.Excludes(".git") {
			leaked = append(leaked, ".git")
		}
		envLeak := false
		for _, e := range dc.EnvFiles {
			if !dc.Ignore.Excludes(e) {
				leaked = append(leaked, e)
				envLeak = true
			}
		}
		if len(leaked) == 0 {
			continue
		}
		why := "there is no .dockerignore in the build context"
		if dc.Ignore != nil {
			why = p.deployFileRel(dc.Ignore.Path) + " does not exclude them"
		}
		f := finding.Finding{File: rel, Line: copyLine, Severity: finding.Warning,
			Message: fmt.Sprintf("This COPY takes the whole build context into the image, including %s: %s.", strings.Join(leaked, ", "), why),
			Hint:    "Add a .dockerignore to the build context that lists .git, .env and .env.* (keeping !.env.example if needed), or copy only what the image needs.",
		}
		if envLeak {
			f.Severity = finding.Error
		}
		p.Report(f)
	}
}
