// Package livetest runs real sites for the live probe's tests: nginx
// (Debian's build, unpacked by scripts/server-deps) in front of gunicorn
// serving a small Django 5.2 app (internal/probe/testdata/siteapp) in
// several configurations, with certificates from a throwaway CA. Every
// process listens on 127.0.0.1 only, on ports picked free, and is started
// and stopped by its process id.
package livetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// Servers are the real programs the sites run on.
type Servers struct {
	Nginx, MimeTypes string
	// Python runs gunicorn; PythonPath holds Django and gunicorn.
	Python, PythonPath string
}

// FromEnv finds the servers from the variables scripts/oracle-deps and
// scripts/server-deps export.
func FromEnv() (Servers, error) {
	s := Servers{
		Nginx:     os.Getenv("DEPLOYCHECK_NGINX"),
		MimeTypes: os.Getenv("DEPLOYCHECK_NGINX_MIME_TYPES"),
	}
	django, gunicorn := os.Getenv("DEPLOYCHECK_DJANGO_PYTHONPATH"), os.Getenv("DEPLOYCHECK_GUNICORN_PYTHONPATH")
	var missing []string
	for name, v := range map[string]string{
		"DEPLOYCHECK_NGINX": s.Nginx, "DEPLOYCHECK_NGINX_MIME_TYPES": s.MimeTypes,
		"DEPLOYCHECK_DJANGO_PYTHONPATH": django, "DEPLOYCHECK_GUNICORN_PYTHONPATH": gunicorn,
	} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return s, fmt.Errorf("%s not set (run scripts/oracle-deps and scripts/server-deps and source their env.sh)", strings.Join(missing, ", "))
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		return s, fmt.Errorf("python3: %w", err)
	}
	s.Python, s.PythonPath = py, django+string(os.PathListSeparator)+gunicorn
	return s, nil
}

// InCI tells whether the tests run in CI, where missing servers are a
// failure rather than a reason to skip.
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// Require returns the servers, skipping the test when they are missing,
// except in CI, where that fails it.
func Require(t testing.TB) Servers {
	t.Helper()
	s, err := FromEnv()
	if err != nil {
		if InCI() {
			t.Fatalf("CI: the real servers are not available: %v", err)
		}
		t.Skipf("SKIP: the real servers are not available (set CI=true to make this a failure): %v", err)
	}
	return s
}

// AppDir is the Django test app's directory.
func AppDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "siteapp")
}

// Site is one running site.
type Site struct {
	// Name is the variant ("hardened", "debug", ...).
	Name string
	// Host is the site's main name; Names every name it serves.
	Host  string
	Names []string
	// Settings is the Django settings module the site runs.
	Settings string
	// HTTPPort and HTTPSPort are nginx's ports, AppPort gunicorn's.
	HTTPPort, HTTPSPort, AppPort int
}

// HTTPURL is http://host:port/ of the site's main name.
func (s *Site) HTTPURL() string { return fmt.Sprintf("http://%s:%d/", s.Host, s.HTTPPort) }

// HTTPSURL is https://host:port/ of the site's main name.
func (s *Site) HTTPSURL() string { return fmt.Sprintf("https://%s:%d/", s.Host, s.HTTPSPort) }

// URL is scheme://name:port/ for another of the site's names.
func (s *Site) URL(scheme, name string) string {
	port := s.HTTPPort
	if scheme == "https" {
		port = s.HTTPSPort
	}
	return fmt.Sprintf("%s://%s:%d/", scheme, name, port)
}

// Resolve lists HOST:PORT:127.0.0.1 for every name and port of the site.
func (s *Site) Resolve() []string {
	var out []string
	for _, n := range s.Names {
		out = append(out, fmt.Sprintf("%s:%d:127.0.0.1", n, s.HTTPPort), fmt.Sprintf("%s:%d:127.0.0.1", n, s.HTTPSPort))
	}
	return out
}

// Stack is a set of running sites and their CA.
type Stack struct {
	Dir   string
	CA    *CA
	Sites map[string]*Site
	procs []*process
}

// Start runs the named variants (all of them when none is named) under
// dir, in parallel, and returns once every site answers. On error, what
// was started is stopped.
func Start(ctx context.Context, dir string, srv Servers, names ...string) (*Stack, error) {
	if len(names) == 0 {
		for n := range Variants {
			names = append(names, n)
		}
		sort.Strings(names)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("livetest: %w", err)
	}
	ca, err := NewCA(dir)
	if err != nil {
		return nil, err
	}
	// Every name is checked before any site starts, so that an unknown
	// one leaves no process behind.
	for _, name := range names {
		if _, ok := Variants[name]; !ok {
			return nil, fmt.Errorf("livetest: no site variant %q", name)
		}
	}
	st := &Stack{Dir: dir, CA: ca, Sites: map[string]*Site{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	for i, name := range names {
		v := Variants[name]
		wg.Go(func() {
			site, procs, err := startSiteRetrying(ctx, filepath.Join(dir, name), srv, ca, v)
			mu.Lock()
			st.procs = append(st.procs, procs...)
			if site != nil {
				st.Sites[name] = site
			}
			mu.Unlock()
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		st.Stop()
		return nil, err
	}
	return st, nil
}

// Stop stops every process of the stack by its process id: SIGTERM, then
// SIGKILL to its process group if it has not exited after five seconds.
func (st *Stack) Stop() {
	var wg sync.WaitGroup
	for _, p := range st.procs {
		wg.Go(p.stop)
	}
	wg.Wait()
	st.procs = nil
}

// confData fills confTemplate and a variant's servers.
type confData struct {
	Name, Dir, MimeTypes   string
	Root                   bool
	HTTP, HTTPS, App       int
	Static, Media, DocRoot string
	Servers                string
	certs, keys            map[string]string
}

// Cert is the certificate file of one of the variant's certificates.
func (c confData) Cert(id string) string { return c.certs[id] }

// Key is the key file of one of the variant's certificates.
func (c confData) Key(id string) string { return c.keys[id] }

// startSiteRetrying starts a site, again on other ports when a port picked
// free was taken in the meantime (by another process or a client socket).
func startSiteRetrying(ctx context.Context, dir string, srv Servers, ca *CA, v variant) (*Site, []*process, error) {
	for attempt := 1; ; attempt++ {
		site, procs, err := startSite(ctx, dir, srv, ca, v)
		if err == nil || attempt == 3 || !strings.Contains(err.Error(), "in use") {
			return site, procs, err
		}
		for _, p := range procs {
			p.stop()
		}
	}
}

func startSite(ctx context.Context, dir string, srv Servers, ca *CA, v variant) (*Site, []*process, error) {
	for _, sub := range []string{"", "body", "proxy", "fastcgi", "uwsgi", "scgi", "docroot/.git"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, nil, fmt.Errorf("livetest %s: %w", v.name, err)
		}
	}
	ports, err := freePorts(3)
	if err != nil {
		return nil, nil, fmt.Errorf("livetest %s: %w", v.name, err)
	}
	app := AppDir()
	data := confData{
		Name: v.name, Dir: dir, MimeTypes: srv.MimeTypes, Root: os.Geteuid() == 0,
		HTTP: ports[0], HTTPS: ports[1], App: ports[2],
		Static: filepath.Join(app, "static"), Media: filepath.Join(app, "media"), DocRoot: filepath.Join(dir, "docroot"),
		certs: map[string]string{}, keys: map[string]string{},
	}
	now := time.Now()
	for _, c := range v.certs {
		cf, kf, err := ca.WriteLeaf(dir, c.id, c.names, now.Add(c.from), now.Add(c.until))
		if err != nil {
			return nil, nil, fmt.Errorf("livetest %s: %w", v.name, err)
		}
		data.certs[c.id], data.keys[c.id] = cf, kf
	}
	// A project directory served by mistake: the legacy site's root.
	for name, content := range map[string]string{
		".env":        "DJANGO_SECRET_KEY=dj-live-test-0123456789abcdefghijklmnopqrstuvwxyz\nDATABASE_URL=postgres://app:s3cret@db/app\nDEBUG=False\n",
		".git/HEAD":   "ref: refs/heads/main\n",
		".git/config": "[core]\n\trepositoryformatversion = 0\n\tbare = false\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, "docroot", name), []byte(content), 0o644); err != nil {
			return nil, nil, fmt.Errorf("livetest %s: %w", v.name, err)
		}
	}
	var servers bytes.Buffer
	if err := template.Must(template.New(v.name).Parse(v.servers)).Execute(&servers, data); err != nil {
		return nil, nil, fmt.Errorf("livetest %s: nginx servers: %w", v.name, err)
	}
	data.Servers = servers.String()
	var conf bytes.Buffer
	if err := template.Must(template.New("conf").Parse(confTemplate)).Execute(&conf, data); err != nil {
		return nil, nil, fmt.Errorf("livetest %s: nginx conf: %w", v.name, err)
	}
	confFile := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confFile, conf.Bytes(), 0o644); err != nil {
		return nil, nil, fmt.Errorf("livetest %s: %w", v.name, err)
	}

	site := &Site{
		Name: v.name, Host: v.host, Names: v.names, Settings: v.settings,
		HTTPPort: ports[0], HTTPSPort: ports[1], AppPort: ports[2],
	}
	var procs []*process
	gunicorn, err := startProcess(v.name+" gunicorn", srv.Python, []string{
		"-m", "gunicorn", "--bind", "127.0.0.1:" + strconv.Itoa(ports[2]),
		"--workers", "1", "--worker-class", "gthread", "--threads", "8",
		"--graceful-timeout", "2", "--chdir", app, "siteapp.wsgi:application",
	}, []string{
		"PYTHONPATH=" + app + string(os.PathListSeparator) + srv.PythonPath,
		"DJANGO_SETTINGS_MODULE=" + v.settings,
		"DJANGO_SECRET_KEY=live-test-" + v.name + "-not-a-real-secret-0123456789abcdef",
		"PYTHONDONTWRITEBYTECODE=1",
	})
	if err != nil {
		return nil, nil, err
	}
	procs = append(procs, gunicorn)
	nginx, err := startProcess(v.name+" nginx", srv.Nginx, []string{"-p", dir, "-c", confFile, "-e", "stderr"}, nil)
	if err != nil {
		return nil, procs, err
	}
	procs = append(procs, nginx)
	if err := waitHTTP(ctx, gunicorn, fmt.Sprintf("http://127.0.0.1:%d/", ports[2]), v.host); err != nil {
		return nil, procs, err
	}
	if err := waitTCP(ctx, nginx, fmt.Sprintf("127.0.0.1:%d", ports[1])); err != nil {
		return nil, procs, err
	}
	return site, procs, nil
}

// freePorts picks n free TCP ports on 127.0.0.1.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var out []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("free port: %w", err)
		}
		ls = append(ls, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}

// process is a server the stack started.
type process struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
}

// syncBuffer collects a process's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.b.Len() > 1<<20 {
		return len(p), nil
	}
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func startProcess(name, bin string, args, env []string) (*process, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "LANG=C.UTF-8"}, env...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group, so that workers left behind by a master that
	// had to be killed can be killed with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *process) stop() {
	pid := p.cmd.Process.Pid
	_ = syscall.Kill(pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-p.done
	}
}

func (p *process) failure(what string) error {
	return fmt.Errorf("livetest: %s %s; its output:\n%s", p.name, what, p.out.String())
}

// waitHTTP waits until url answers a request with the Host header given.
func waitHTTP(ctx context.Context, p *process, url, host string) error {
	client := &http.Client{
		Timeout:       time.Second,
		Transport:     &http.Transport{Proxy: nil},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if p.exited() {
			return p.failure("exited")
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Host = host
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return p.failure("did not answer within 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitTCP waits until addr accepts connections.
func waitTCP(ctx context.Context, p *process, addr string) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		if p.exited() {
			return p.failure("exited")
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return p.failure("did not listen within 15 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
