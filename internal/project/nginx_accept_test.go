package project

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	crossplane "github.com/nginxinc/nginx-go-crossplane"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/testsummary"
)

// invalidMarker marks the line of a fixture nginx file that nginx must
// refuse: the fixtures of parse problems.
const invalidMarker = "invalid-by-design"

// inCI tells whether the tests run in CI, where a missing nginx is a
// failure, not a reason to skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// TestNginxAcceptsFixtures runs real nginx (-t) on every nginx
// configuration discovery finds in the fixture projects of the
// repository: the ones deploycheck reads as valid must be accepted, the
// ones marked invalid-by-design must be refused at the marked line.
// Only what validation needs is rewritten: pid, logs and temporary paths
// go to a temporary prefix, certificates to a throwaway one, includes to
// copies of what deploycheck resolved them to (nginx's standard files
// from the Debian package beside the binary, an empty file for what the
// project does not hold), and upstream host names to 127.0.0.1 (nginx
// resolves them when it reads the configuration).
func TestNginxAcceptsFixtures(t *testing.T) {
	bin := os.Getenv("DEPLOYCHECK_NGINX")
	mime := os.Getenv("DEPLOYCHECK_NGINX_MIME_TYPES")
	if bin == "" || mime == "" {
		if inCI() {
			t.Fatal("CI: DEPLOYCHECK_NGINX and DEPLOYCHECK_NGINX_MIME_TYPES are not set (scripts/server-deps provides them)")
		}
		t.Skip("SKIP: DEPLOYCHECK_NGINX is not set (source .cache/servers/env.sh; set CI=true to make this a failure)")
	}
	stdDir := filepath.Dir(mime)
	tmp := t.TempDir()
	cert, key := throwawayCert(t, tmp)

	var dirs []string
	for _, pattern := range []string{"../audit/testdata/checklist/*/*", "../deployfiles/testdata/nginx/*", "testdata/*"} {
		m, _ := filepath.Glob(filepath.FromSlash(pattern))
		dirs = append(dirs, m...)
	}
	accepted, rejected, n := 0, 0, 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		abs, _ := filepath.Abs(dir)
		p, err := Discover(abs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, cfg := range p.Nginx {
			n++
			name := relTo(abs, cfg.Path)
			label := filepath.ToSlash(filepath.Join(dir, name))
			marked, markLine := markedFile(cfg)
			prefix := filepath.Join(tmp, strconv.Itoa(n))
			v := &nginxValidation{root: abs, prefix: prefix, stdDir: stdDir, cert: cert, key: key, cfg: cfg}
			conf, err := v.prepare(marked != "")
			if err != nil {
				t.Errorf("%s: cannot prepare the configuration for nginx -t: %v", label, err)
				continue
			}
			out, err := runNginxTest(bin, prefix, conf)
			switch {
			case marked == "" && err != nil:
				t.Errorf("%s: nginx refuses a configuration deploycheck reads as valid:\n%s", label, out)
			case marked == "":
				accepted++
				if cfg.Invalid {
					t.Errorf("%s: nginx accepts it, but deploycheck found problems in it", label)
				}
			case err == nil:
				t.Errorf("%s: marked %s, but nginx accepts it", label, invalidMarker)
			default:
				want := fmt.Sprintf("%s:%d", v.copyOf(marked), markLine)
				if !strings.Contains(out, want) && !strings.Contains(out, fmt.Sprintf("%s:%d", v.copyOf(marked), markLine+1)) {
					t.Errorf("%s: nginx refuses it, but not at the marked line %s:%d:\n%s", label, relTo(abs, marked), markLine, out)
				}
				if !cfg.Invalid {
					t.Errorf("%s: nginx refuses it, but deploycheck found no problem", label)
				}
				rejected++
			}
		}
	}
	if accepted == 0 || rejected == 0 {
		t.Fatalf("nginx -t ran on %d accepted and %d refused configurations; expected some of both", accepted, rejected)
	}
	testsummary.Record(t, "nginx -t: %d configs accepted, %d invalid-by-design rejected", accepted, rejected)
}

// markedFile returns the file of a configuration holding the
// invalid-by-design marker and the marker's line, or "".
func markedFile(cfg *deployfiles.NginxConfig) (string, int) {
	for _, f := range cfg.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, invalidMarker) {
				return f, i + 1
			}
		}
	}
	return "", 0
}

func runNginxTest(bin, prefix, conf string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-e", "stderr", "-t", "-q", "-p", prefix+"/", "-c", conf)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// throwawayCert writes a self-signed certificate and its key.
func throwawayCert(t *testing.T, dir string) (string, string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "deploycheck test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// nginxValidation builds the copy of one configuration that nginx -t
// reads.
type nginxValidation struct {
	root, prefix, stdDir, cert, key string
	cfg                             *deployfiles.NginxConfig
	// includes are the configuration's include directives by
	// "file:line pattern".
	includes map[string]*deployfiles.NginxInclude
	n        int
}

// copyOf returns where a project file's copy goes.
func (v *nginxValidation) copyOf(file string) string {
	return filepath.Join(v.prefix, "files", relTo(v.root, file))
}

// prepare writes the copy and returns the main file nginx is given. A
// configuration meant to be refused is copied unchanged (apart from the
// main file's wrapping), so that nginx sees the fault as written.
func (v *nginxValidation) prepare(raw bool) (string, error) {
	for _, d := range []string{"files", "logs", "inc", "conf", "tmp"} {
		if err := os.MkdirAll(filepath.Join(v.prefix, d), 0o755); err != nil {
			return "", err
		}
	}
	if err := copyTree(v.stdDir, filepath.Join(v.prefix, "conf")); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(v.prefix, "empty.conf"), nil, 0o644); err != nil {
		return "", err
	}
	v.includes = map[string]*deployfiles.NginxInclude{}
	for _, inc := range v.cfg.Includes {
		v.includes[fmt.Sprintf("%s:%d %s", inc.File, inc.Line, inc.Pattern)] = inc
	}
	for _, f := range v.cfg.Files {
		var data []byte
		var err error
		if raw {
			data, err = os.ReadFile(f)
			data = v.rawRewrite(data)
		} else {
			data, err = v.rewrite(f, f == v.cfg.Path && !v.cfg.Site)
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", relTo(v.root, f), err)
		}
		dst := v.copyOf(f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return "", err
		}
	}
	if !v.cfg.Site {
		if raw {
			return v.wrap("", v.copyOf(v.cfg.Path))
		}
		return v.copyOf(v.cfg.Path), nil
	}
	return v.wrap(v.copyOf(v.cfg.Path), "")
}

// wrap writes a main file around a site file (included in its http
// block) or around a raw main file's http block (given by its copy,
// which is then rewritten in place with the paths nginx needs).
func (v *nginxValidation) wrap(site, rawMain string) (string, error) {
	main := filepath.Join(v.prefix, "nginx.conf")
	if rawMain != "" {
		data, err := os.ReadFile(rawMain)
		if err != nil {
			return "", err
		}
		text := strings.Replace(string(data), "http {", "http { "+v.httpPaths(), 1)
		return rawMain, os.WriteFile(rawMain, []byte(v.mainPaths()+text), 0o644)
	}
	text := v.mainPaths() + "events {}\nhttp {\n" + v.httpPaths() + "\ninclude " + site + ";\n}\n"
	return main, os.WriteFile(main, []byte(text), 0o644)
}

// mainPaths and httpPaths are the directives that keep nginx -t inside
// the prefix. They go on one line, so the lines of a raw file stay.
func (v *nginxValidation) mainPaths() string {
	return fmt.Sprintf("pid %s; error_log %s; ", filepath.Join(v.prefix, "nginx.pid"), filepath.Join(v.prefix, "logs", "error.log"))
}

func (v *nginxValidation) httpPaths() string {
	var b strings.Builder
	for _, d := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(&b, "%s_temp_path %s; ", d, filepath.Join(v.prefix, "tmp", d))
	}
	fmt.Fprintf(&b, "access_log %s; ", filepath.Join(v.prefix, "logs", "access.log"))
	return b.String()
}

// rewrite parses one file of the configuration and writes it back with the
// changes validation needs.
func (v *nginxValidation) rewrite(file string, isMain bool) ([]byte, error) {
	payload, err := crossplane.Parse(file, &crossplane.ParseOptions{
		SingleFile:                true,
		SkipDirectiveContextCheck: true,
		SkipDirectiveArgsCheck:    true,
		LexOptions:                crossplane.LexOptions{Lexers: []crossplane.RegisterLexer{(&crossplane.Lua{}).RegisterLexer()}},
	})
	if err != nil {
		return nil, err
	}
	if len(payload.Errors) > 0 {
		return nil, payload.Errors[0].Error
	}
	conf := payload.Config[0]
	upstreams := map[string]bool{}
	for _, u := range v.cfg.Upstreams {
		upstreams[u.Name] = true
	}
	conf.Parsed = v.rewriteBlock(file, conf.Parsed, "", upstreams)
	if isMain {
		for _, d := range conf.Parsed {
			if d.Directive == "http" {
				d.Block = append(v.pathDirectives(), d.Block...)
			}
		}
		conf.Parsed = append(crossplane.Directives{
			{Directive: "pid", Args: []string{filepath.Join(v.prefix, "nginx.pid")}},
			{Directive: "error_log", Args: []string{filepath.Join(v.prefix, "logs", "error.log")}},
		}, conf.Parsed...)
	}
	var out bytes.Buffer
	err = crossplane.Build(&out, conf, &crossplane.BuildOptions{Builders: []crossplane.RegisterBuilder{(&crossplane.Lua{}).RegisterBuilder()}})
	return out.Bytes(), err
}

func (v *nginxValidation) pathDirectives() crossplane.Directives {
	var out crossplane.Directives
	for _, d := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		out = append(out, &crossplane.Directive{Directive: d + "_temp_path", Args: []string{filepath.Join(v.prefix, "tmp", d)}})
	}
	return append(out, &crossplane.Directive{Directive: "access_log", Args: []string{filepath.Join(v.prefix, "logs", "access.log")}})
}

// dropped are directives that make nginx -t read or create files outside
// the prefix, or need what this machine lacks (users, modules).
var dropped = map[string]bool{
	"pid": true, "user": true, "load_module": true, "ssl_dhparam": true, "ssl_crl": true,
	"ssl_session_ticket_key": true, "ssl_stapling_file": true, "ssl_password_file": true,
	"client_body_temp_path": true, "proxy_temp_path": true, "fastcgi_temp_path": true,
	"uwsgi_temp_path": true, "scgi_temp_path": true,
}

var hostPort = regexp.MustCompile(`^([a-z]+://)?([^/:$]+)(:\d+)?(.*)$`)

func (v *nginxValidation) rewriteBlock(file string, dirs crossplane.Directives, parent string, upstreams map[string]bool) crossplane.Directives {
	out := crossplane.Directives{}
	for _, d := range dirs {
		if d.IsComment() || dropped[d.Directive] {
			continue
		}
		switch d.Directive {
		case "include":
			if len(d.Args) > 0 {
				d.Args[0] = v.includeTarget(file, d)
			}
		case "error_log":
			d.Args = []string{filepath.Join(v.prefix, "logs", "error.log")}
		case "access_log":
			if len(d.Args) > 0 && d.Args[0] != "off" {
				d.Args[0] = filepath.Join(v.prefix, "logs", "access.log")
			}
		case "ssl_certificate", "ssl_trusted_certificate", "ssl_client_certificate":
			d.Args = []string{v.cert}
		case "ssl_certificate_key":
			d.Args = []string{v.key}
		case "proxy_cache_path", "fastcgi_cache_path", "uwsgi_cache_path", "scgi_cache_path":
			v.n++
			if len(d.Args) > 0 {
				d.Args[0] = filepath.Join(v.prefix, "cache", strconv.Itoa(v.n))
			}
		case "proxy_pass", "uwsgi_pass", "fastcgi_pass", "scgi_pass", "grpc_pass":
			if len(d.Args) > 0 {
				d.Args[0] = localHost(d.Args[0], upstreams)
			}
		case "server":
			if parent == "upstream" && len(d.Args) > 0 {
				d.Args[0] = localHost(d.Args[0], nil)
			}
		}
		if d.Block != nil {
			d.Block = v.rewriteBlock(file, d.Block, d.Directive, upstreams)
		}
		out = append(out, d)
	}
	return out
}

// localHost replaces a host name nginx would have to resolve by
// 127.0.0.1.
func localHost(target string, upstreams map[string]bool) string {
	m := hostPort.FindStringSubmatch(target)
	if m == nil || strings.Contains(target, "unix:") || strings.Contains(target, "$") {
		return target
	}
	host := m[2]
	if net.ParseIP(host) != nil || host == "localhost" || upstreams[host] && m[3] == "" {
		return target
	}
	return m[1] + "127.0.0.1" + m[3] + m[4]
}

var (
	rawDropped = regexp.MustCompile(`^\s*(pid|user|load_module|error_log|access_log|ssl_dhparam)\s`)
	rawInclude = regexp.MustCompile(`^(\s*include\s+)([^;\s]+)(\s*;.*)$`)
	rawCert    = regexp.MustCompile(`^(\s*ssl_certificate(_key)?\s+)([^;\s]+)(\s*;.*)$`)
)

// rawRewrite is rewrite for a file nginx must refuse, which crossplane
// cannot read back: line by line, so that every line keeps its number.
// Standard files are included from nginx's copy, other includes get an
// empty file.
func (v *nginxValidation) rawRewrite(data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		switch {
		case rawDropped.MatchString(line):
			lines[i] = "# " + line
		case rawInclude.MatchString(line):
			m := rawInclude.FindStringSubmatch(line)
			target := filepath.Join(v.prefix, "empty.conf")
			if _, err := os.Stat(filepath.Join(v.prefix, "conf", filepath.Base(m[2]))); err == nil {
				target = filepath.Join(v.prefix, "conf", filepath.Base(m[2]))
			}
			lines[i] = m[1] + target + m[3]
		case rawCert.MatchString(line):
			m := rawCert.FindStringSubmatch(line)
			target := v.cert
			if m[2] != "" {
				target = v.key
			}
			lines[i] = m[1] + target + m[4]
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// includeTarget returns what an include directive of the copy reads:
// the copies of the project files deploycheck resolved it to (through a
// generated file when there are several), nginx's standard file, or an
// empty file for what the project does not hold.
func (v *nginxValidation) includeTarget(file string, d *crossplane.Directive) string {
	inc := v.includes[fmt.Sprintf("%s:%d %s", file, d.Line, d.Args[0])]
	switch {
	case inc == nil || inc.Missing:
		if strings.ContainsAny(d.Args[0], "*?[") {
			return filepath.Join(v.prefix, "none", "*.conf")
		}
		return filepath.Join(v.prefix, "empty.conf")
	case inc.Std != "":
		return filepath.Join(v.prefix, "conf", inc.Std)
	case len(inc.Files) == 1 && !strings.ContainsAny(inc.Pattern, "*?["):
		return v.copyOf(inc.Files[0])
	}
	v.n++
	gen := filepath.Join(v.prefix, "inc", strconv.Itoa(v.n)+".conf")
	var b strings.Builder
	for _, f := range inc.Files {
		fmt.Fprintf(&b, "include %s;\n", v.copyOf(f))
	}
	if err := os.WriteFile(gen, []byte(b.String()), 0o644); err != nil {
		return filepath.Join(v.prefix, "empty.conf")
	}
	return gen
}

// copyTree copies the regular files of a directory tree.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
