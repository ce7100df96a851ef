package deployfiles

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// memNginx serves files from a map for ParseNginx, rooted at /proj, and
// records every path read.
type memNginx struct {
	files map[string]string
	read  []string
}

func newMemNginx(files map[string]string) *memNginx {
	m := &memNginx{files: map[string]string{}}
	for k, v := range files {
		m.files["/proj/"+k] = v
	}
	return m
}

func (m *memNginx) opts() NginxFiles {
	return NginxFiles{
		Root: "/proj",
		ReadFile: func(p string) ([]byte, error) {
			m.read = append(m.read, p)
			if d, ok := m.files[p]; ok {
				return []byte(d), nil
			}
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		},
		Glob: func(pattern string) ([]string, error) {
			var out []string
			for k := range m.files {
				if ok, _ := filepath.Match(pattern, k); ok {
					out = append(out, k)
				}
			}
			sort.Strings(out)
			return out, nil
		},
		IsDir: func(p string) bool {
			for k := range m.files {
				if strings.HasPrefix(k, p+"/") {
					return true
				}
			}
			return false
		},
	}
}

func parseMem(t *testing.T, main string, files map[string]string) (*NginxConfig, error, *memNginx) {
	t.Helper()
	m := newMemNginx(files)
	cfg, err := ParseNginx("/proj/"+main, m.opts())
	return cfg, err, m
}

func TestParseNginxFull(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("testdata", "nginx"))
	main := filepath.Join(root, "full", "nginx.conf")
	cfg, err := ParseNginx(main, NginxFiles{Root: root})
	if err != nil {
		t.Fatalf("errors: %v", err)
	}
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	var files []string
	for _, f := range cfg.Files {
		files = append(files, rel(f))
	}
	deepEqual(t, "Files", files, []string{"full/nginx.conf", "full/conf.d/shop.conf"})
	if cfg.Site || cfg.HTTP == nil || cfg.HTTP.Line != 10 {
		t.Fatalf("Site %v, HTTP %+v", cfg.Site, cfg.HTTP)
	}
	if v := cfg.HTTP.ServerTokens; v == nil || v.Value() != "off" || v.Line != 13 {
		t.Errorf("server_tokens = %+v", v)
	}
	if len(cfg.HTTP.Headers) != 1 || !cfg.HTTP.Headers[0].Always || cfg.HTTP.Headers[0].Value != "nosniff" {
		t.Errorf("http add_header = %+v", cfg.HTTP.Headers)
	}
	if u := cfg.Upstreams["django"]; u == nil || len(u.Servers) != 1 || u.Servers[0] != "127.0.0.1:8000" {
		t.Errorf("upstream = %+v", u)
	}
	var unresolved []string
	for _, u := range cfg.Unresolved {
		unresolved = append(unresolved, u.Pattern+"@"+rel(u.File)+":"+strconv.Itoa(u.Line))
	}
	deepEqual(t, "Unresolved", unresolved, []string{"snippets/letsencrypt.conf@full/conf.d/shop.conf:48", "/etc/nginx/sites-enabled/*@full/nginx.conf:24"})

	if len(cfg.Servers) != 3 {
		t.Fatalf("%d servers", len(cfg.Servers))
	}
	catchAll, redirect, app := cfg.Servers[0], cfg.Servers[1], cfg.Servers[2]
	if rel(catchAll.File) != "full/conf.d/shop.conf" || catchAll.Line != 1 || catchAll.Return == nil || catchAll.Return.Code != 444 {
		t.Errorf("catch-all = %+v", catchAll.NginxBlock)
	}
	if l := catchAll.Listens; len(l) != 2 || !l[0].DefaultServer || l[0].Socket() != "*:80" || l[1].Socket() != "[::]:80" {
		t.Errorf("catch-all listens = %+v", l)
	}
	if u, ok := redirect.Return.Redirect(); !ok || u != "https://$host$request_uri" || redirect.Return.Code != 301 {
		t.Errorf("redirect = %+v", redirect.Return)
	}
	if len(redirect.Names) != 2 || redirect.Names[1].Name != "www.shop.example.com" || redirect.Names[1].Line != 10 {
		t.Errorf("names = %+v", redirect.Names)
	}
	if !app.TLS() || len(app.PlainHTTP()) != 0 || app.Listens[0].Port != 443 {
		t.Errorf("app listens = %+v", app.Listens)
	}
	defaults := cfg.DefaultServers()
	if defaults["*:80"] != catchAll || defaults["[::]:80"] != catchAll || defaults["*:443"] != app {
		t.Errorf("default servers = %v", defaults)
	}
	var locs []string
	for _, l := range app.AllLocations() {
		locs = append(locs, l.Modifier+" "+l.Path)
	}
	deepEqual(t, "locations", locs, []string{" /static/", " /media/", "~* \\.(php|cgi)$", " /", "= /robots.txt", " /ws/"})
	slash := app.Locations[3]
	ph := slash.ProxyHeaders
	if len(ph) != 4 || ph[3].Name != "X-Forwarded-Proto" || ph[3].Value != "$scheme" || ph[3].Std != "proxy_params" || ph[3].Line != 36 {
		t.Errorf("proxy_params headers = %+v", ph)
	}
	if name, v := slash.Pass(); name != "proxy_pass" || v.Value() != "http://django" {
		t.Errorf("pass = %s %+v", name, v)
	}
	robots := slash.Locations[0]
	if robots.Parent != &slash.NginxBlock || len(robots.EffectiveProxyHeaders()) != 4 || robots.Root.Value() != "/srv/shop/public" {
		t.Errorf("nested location = %+v", robots.NginxBlock)
	}
	ws := app.Locations[4]
	if p := ws.EffectiveParams("uwsgi"); len(p) != 14 || p[9].Name != "HTTPS" {
		t.Errorf("uwsgi params = %+v", p)
	}
	media := app.Locations[1]
	if hs := media.EffectiveHeaders(); len(hs) != 1 || hs[0].Name != "Cache-Control" {
		t.Errorf("media headers = %+v (add_header at a level replaces the inherited ones)", hs)
	}
	if hs := app.Locations[0].EffectiveHeaders(); len(hs) != 1 || hs[0].Name != "Strict-Transport-Security" {
		t.Errorf("static headers = %+v (inherited from the server)", hs)
	}
	if st := media.Effective(func(b *NginxBlock) *NginxValue { return b.ServerTokens }); st == nil || st.Line != 13 {
		t.Errorf("server_tokens is inherited from http: %+v", st)
	}
	if len(app.Opaque()) != 1 || len(media.Opaque()) != 1 || len(catchAll.Opaque()) != 0 {
		t.Errorf("opaque includes: %d %d %d", len(app.Opaque()), len(media.Opaque()), len(catchAll.Opaque()))
	}
}

func TestParseNginxSite(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("testdata", "nginx"))
	cfg, err := ParseNginx(filepath.Join(root, "site", "sites-available", "shop"), NginxFiles{Root: root})
	if err != nil {
		t.Fatalf("errors: %v", err)
	}
	if !cfg.Site || cfg.HTTP == nil || cfg.HTTP.Line != 0 || len(cfg.Servers) != 1 {
		t.Fatalf("site file: Site %v HTTP %+v servers %d", cfg.Site, cfg.HTTP, len(cfg.Servers))
	}
	s := cfg.Servers[0]
	if s.Line != 2 || s.Listens[0].Line != 3 || s.Names[0].Line != 4 {
		t.Errorf("lines: server %d listen %d name %d", s.Line, s.Listens[0].Line, s.Names[0].Line)
	}
	if len(s.Ifs) != 1 || strings.Join(s.Ifs[0].Cond, " ") != "$scheme = http" || s.Ifs[0].Return.Line != 7 {
		t.Errorf("if = %+v", s.Ifs)
	}
	if a := s.Locations[0].Autoindex; a == nil || a.Value() != "on" || a.Line != 12 {
		t.Errorf("autoindex = %+v", a)
	}
	if len(s.Locations) != 2 {
		t.Errorf("%d locations", len(s.Locations))
	}
}

func TestParseNginxErrors(t *testing.T) {
	tests := []struct {
		name, conf string
		want       []string
	}{
		{"missing semicolon", "http {\n server {\n  server_name a.com\n  location / { }\n }\n}\n",
			[]string{`3: directive "server_name" is not terminated by ";"`}},
		{"extra brace", "server {\n listen 80;\n}\n}\nserver { listen 81; }\n", []string{`4: unexpected "}"`}},
		{"unterminated block", "http {\n server {\n  listen 80;\n", []string{`4: unexpected end of file, expecting "}"`}},
		{"site file unterminated", "server {\n listen 80;\n", []string{`3: unexpected end of file, expecting "}"`}},
		{"wrong context", "http {\n proxy_pass http://a;\n}\n", []string{`2: "proxy_pass" directive is not allowed here`}},
		{"unknown directive", "http {\n more_set_headers 'Server: x';\n}\n", nil},
		{"lua", "http { server { location / { content_by_lua_block { ngx.say('}') } } } }\n", nil},
		{"lua then more", "http {\n server {\n  location / { content_by_lua_block { ngx.say(\"{\") } }\n  listen 80\n }\n}\n",
			[]string{`4: directive "listen" is not terminated by ";"`}},
		{"include cycle", "http { include a.conf; }\n", []string{" configs contain include cycle"}},
		{"bad include", "http {\n include;\n}\n", []string{`2: invalid number of arguments in "include" directive`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err, _ := parseMem(t, "nginx.conf", map[string]string{"nginx.conf": tt.conf, "a.conf": "include nginx.conf;"})
			checkErrors(t, err, tt.want)
			for _, e := range Errors(err) {
				if e.File != "/proj/nginx.conf" {
					t.Errorf("error names %q", e.File)
				}
			}
		})
	}
}

func TestParseNginxErrorInInclude(t *testing.T) {
	cfg, err, _ := parseMem(t, "nginx.conf", map[string]string{
		"nginx.conf":          "events {}\nhttp {\n include conf.d/*.conf;\n}\n",
		"conf.d/good.conf":    "server { listen 80; server_name a.com; }\n",
		"conf.d/zz-bad.conf":  "server {\n listen 81\n}\n",
		"conf.d/readme.txt":   "not included",
		"conf.d/sub/old.conf": "not included either",
	})
	got := Errors(err)
	if len(got) != 1 || got[0].File != "/proj/conf.d/zz-bad.conf" || got[0].Line != 2 {
		t.Fatalf("errors = %v", got)
	}
	if !cfg.Invalid || len(cfg.Servers) != 0 || len(cfg.Files) != 3 {
		t.Errorf("a configuration nginx refuses is not judged: Invalid %v, %d servers, files %v", cfg.Invalid, len(cfg.Servers), cfg.Files)
	}
}

func TestNginxIncludeMapping(t *testing.T) {
	cfg, err, m := parseMem(t, "deploy/nginx/conf/nginx.conf", map[string]string{
		"deploy/nginx/conf/nginx.conf": `events {}
http {
    include /etc/nginx/conf.d/*.conf;
    include /etc/nginx/mime.types;
    include ../../../../outside.conf;
    include /var/www/extra.conf;
}
`,
		"deploy/nginx/conf.d/app.conf": `server {
    listen 80;
    include snippets/headers.conf;
    location / { include uwsgi_params; uwsgi_pass 127.0.0.1:3031; }
}
`,
		"deploy/nginx/snippets/headers.conf": "add_header X-Frame-Options DENY;\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "Files", cfg.Files, []string{"/proj/deploy/nginx/conf/nginx.conf", "/proj/deploy/nginx/conf.d/app.conf", "/proj/deploy/nginx/snippets/headers.conf"})
	if len(cfg.Servers) != 1 || len(cfg.Servers[0].Headers) != 1 || cfg.Servers[0].Headers[0].File != "/proj/deploy/nginx/snippets/headers.conf" {
		t.Fatalf("servers = %+v", cfg.Servers)
	}
	var unresolved []string
	for _, u := range cfg.Unresolved {
		unresolved = append(unresolved, u.Pattern)
	}
	deepEqual(t, "Unresolved", unresolved, []string{"../../../../outside.conf", "/var/www/extra.conf"})
	for _, p := range m.read {
		if !strings.HasPrefix(p, "/proj/") {
			t.Errorf("read %s, outside the project", p)
		}
	}
	incs := cfg.HTTP.Includes
	if len(incs) != 4 || incs[1].Std != "mime.types" || incs[1].Missing || !incs[2].Missing {
		t.Errorf("includes = %+v %+v %+v", incs[0], incs[1], incs[2])
	}
}

func TestNginxMatch(t *testing.T) {
	cfg, err, _ := parseMem(t, "site.conf", map[string]string{"site.conf": `
server {
    location / { }
    location /media/ { }
    location ^~ /static/ { }
    location = /static/exact { }
    location ~ \.php$ { }
    location ~* \.JPG$ { }
    location /app/ {
        location ~ \.html$ { }
        location /app/inner/ { }
    }
    location /a/ {
        location ^~ /a/b/ { }
    }
}
`})
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Servers[0]
	tests := map[string]string{
		"/":                "/",
		"/media/x.png":     "/media/",
		"/media/x.php":     "~ \\.php$",
		"/media/x.jpg":     "~* \\.JPG$",
		"/static/x.php":    "^~ /static/",
		"/static/exact":    "= /static/exact",
		"/app/x.html":      "/app/ > ~ \\.html$",
		"/app/inner/x.css": "/app/ > /app/inner/",
		"/app/inner/x.php": "~ \\.php$",
		"/a/b/x.php":       "~ \\.php$",
		"/nomatch":         "/",
	}
	// /app/x.php: no nested location of /app/ matches, so the outer
	// level's regexes get their turn.
	tests["/app/x.php"] = "~ \\.php$"
	for uri, want := range tests {
		chain, ok := s.Match(uri)
		if !ok {
			t.Errorf("%s: not decided", uri)
			continue
		}
		var parts []string
		for _, l := range chain {
			parts = append(parts, strings.TrimSpace(l.Modifier+" "+l.Path))
		}
		if got := strings.Join(parts, " > "); got != want {
			t.Errorf("Match(%q) = %q, want %q", uri, got, want)
		}
	}
	cfg, _, _ = parseMem(t, "site.conf", map[string]string{"site.conf": `server { location ~ (?<=x)y { } }`})
	if _, ok := cfg.Servers[0].Match("/xy"); ok {
		t.Error("a regex Go cannot compile must leave the match undecided")
	}
}

func TestParseNginxSet(t *testing.T) {
	m := newMemNginx(map[string]string{
		"nginx/nginx.conf":          "events {}\nhttp { include conf.d/*.conf; }\n",
		"nginx/conf.d/app.conf":     "server { listen 80; }\n",
		"other/site.conf":           "server { listen 8080;\n",
		"sites-available/blog.conf": "server { listen 81; include ../nginx/conf.d/app.conf; }\n",
	})
	var paths []string
	for p := range m.files {
		paths = append(paths, p)
	}
	cfgs, err := ParseNginxSet(paths, m.opts())
	var mains []string
	for _, c := range cfgs {
		mains = append(mains, c.Path)
	}
	// app.conf is included by nginx.conf; blog.conf includes app.conf (in
	// the wrong context), which makes it no less a main file.
	deepEqual(t, "mains", mains, []string{"/proj/nginx/nginx.conf", "/proj/other/site.conf", "/proj/sites-available/blog.conf"})
	var got []string
	for _, e := range Errors(err) {
		got = append(got, e.Error())
	}
	sort.Strings(got)
	want := []string{
		`/proj/nginx/conf.d/app.conf:1: "server" directive is not allowed here`,
		"/proj/other/site.conf:2: unexpected end of file, expecting \"}\"",
	}
	deepEqual(t, "errors", got, want)
}

func TestParseListen(t *testing.T) {
	tests := []struct {
		args          string
		socket        string
		port          int
		def, ssl, tls bool
	}{
		{"80", "*:80", 80, false, false, false},
		{"443 ssl http2 default_server", "*:443", 443, true, true, true},
		{"[::]:443 ssl", "[::]:443", 443, false, true, true},
		{"127.0.0.1:8080 default", "127.0.0.1:8080", 8080, true, false, false},
		{"0.0.0.0:80", "*:80", 80, false, false, false},
		{"localhost", "localhost:80", 80, false, false, false},
		{"unix:/run/nginx.sock", "unix:/run/nginx.sock", 0, false, false, false},
		{"443 quic reuseport", "*:443", 443, false, false, true},
	}
	for _, tt := range tests {
		l := parseListen(strings.Fields(tt.args), NginxPos{})
		if l.Socket() != tt.socket || l.Port != tt.port || l.DefaultServer != tt.def || l.SSL != tt.ssl || l.TLS() != tt.tls {
			t.Errorf("listen %s = %+v (socket %s)", tt.args, l, l.Socket())
		}
	}
}

func TestParseNginxSize(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1024": 1024, "10k": 10 << 10, "1m": 1 << 20, "2G": 2 << 30} {
		if n, ok := ParseNginxSize(in); !ok || n != want {
			t.Errorf("ParseNginxSize(%q) = %d, %v", in, n, ok)
		}
	}
	for _, in := range []string{"", "m", "1.5m", "-1", "99999999999999999g"} {
		if _, ok := ParseNginxSize(in); ok {
			t.Errorf("ParseNginxSize(%q) accepted", in)
		}
	}
}

func TestLooksLikeNginx(t *testing.T) {
	for in, want := range map[string]bool{
		"server {\n listen 80;\n}":        true,
		"  http{":                         true,
		"[program:web]\ncommand=gunicorn": false,
		"# server { in a comment":         false,
		"upstream app { server a; }":      false,
	} {
		if LooksLikeNginx([]byte(in)) != want {
			t.Errorf("LooksLikeNginx(%q) != %v", in, want)
		}
	}
}

func TestParseNginxMaps(t *testing.T) {
	cfg, err, _ := parseMem(t, "nginx.conf", map[string]string{"nginx.conf": `http {
    map $http_x_forwarded_proto $received_proto {
        default http;
        https https;
    }
    map $request_uri $ignored { }
}
`})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "Maps", cfg.Maps, map[string]string{"received_proto": "$http_x_forwarded_proto", "ignored": "$request_uri"})
}

// TestHideHeadersByModule: each module's *_hide_header list is inherited
// on its own, as in nginx.
func TestHideHeadersByModule(t *testing.T) {
	cfg, err, _ := parseMem(t, "site.conf", map[string]string{"site.conf": `server {
    listen 80;
    proxy_hide_header X-Frame-Options;
    location /app/ { uwsgi_hide_header Server; uwsgi_pass 127.0.0.1:3031; }
    location / { proxy_hide_header X-Powered-By; proxy_pass http://127.0.0.1:8000; }
}
`})
	if err != nil {
		t.Fatal(err)
	}
	names := func(hs []NginxHeader) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.Name)
		}
		return out
	}
	s := cfg.Servers[0]
	chain, ok := s.Match("/app/x")
	if !ok {
		t.Fatal("no location for /app/x")
	}
	app := &chain[len(chain)-1].NginxBlock
	deepEqual(t, "uwsgi at /app/", names(app.EffectiveHideHeaders("uwsgi")), []string{"Server"})
	deepEqual(t, "proxy at /app/ (inherited from the server)", names(app.EffectiveHideHeaders("proxy")), []string{"X-Frame-Options"})
	chain, _ = s.Match("/")
	root := &chain[len(chain)-1].NginxBlock
	deepEqual(t, "proxy at / (its own list replaces the server's)", names(root.EffectiveHideHeaders("proxy")), []string{"X-Powered-By"})
	if got := root.EffectiveHideHeaders("uwsgi"); got != nil {
		t.Errorf("uwsgi at /: %v, want none", got)
	}
}
