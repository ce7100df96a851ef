package livetest

import "time"

// variant is one site configuration: the Django settings module it runs,
// the names it serves, its certificates and its nginx server blocks.
type variant struct {
	name     string
	host     string
	names    []string // every name served, for --resolve
	settings string
	certs    []certSpec
	// servers is a text/template of nginx server blocks (see confData).
	servers string
}

// certSpec is one leaf certificate of a site, valid from now+from to
// now+until.
type certSpec struct {
	id          string
	names       []string
	from, until time.Duration
}

const day = 24 * time.Hour

// Variants are the sites the tests run, by name:
//
//   - hardened: every probed topic clean (catch-all servers answering 444,
//     TLS 1.2/1.3, HSTS two years with preload, CSP, custom error pages,
//     admin on its own path).
//   - debug: DEBUG = True; nginx redirects to HTTPS (dropping the path)
//     while Django's SECURE_SSL_REDIRECT is off, flags the cookies the
//     settings leave unflagged, replaces Django's HSTS and Referrer-Policy,
//     and shows its version.
//   - wildcard: ALLOWED_HOSTS = ["*"] with no catch-all server; the http://
//     redirects are temporary, go through www, and echo any Host; stock
//     error pages; admin at /admin/; cookies without flags; conflicting
//     X-Frame-Options; no CSP; short HSTS.
//   - legacy: plain HTTP served without a redirect, TLS 1.0/1.1 accepted,
//     a certificate expiring in 10 days (and an expired one for
//     old.legacy.test, one valid only from three days on for
//     future.legacy.test), no HSTS, the security headers off, a weak CSP,
//     .env and .git served, directory listings, a broken login page.
//   - loop: hardened settings behind a proxy that drops X-Forwarded-Proto:
//     HTTPS requests redirect to themselves and HSTS is never sent.
var Variants = map[string]variant{
	"hardened": {
		name: "hardened", host: "hardened.test", names: []string{"hardened.test", "www.hardened.test"},
		settings: "siteapp.settings.hardened",
		certs:    []certSpec{{id: "hardened", names: []string{"hardened.test", "www.hardened.test"}, from: -day, until: 200 * day}},
		servers: `
server_tokens off;
ssl_protocols TLSv1.2 TLSv1.3;
server { listen 127.0.0.1:{{.HTTP}} default_server; server_name _; return 444; }
server { listen 127.0.0.1:{{.HTTPS}} ssl default_server; server_name _; ssl_reject_handshake on; }
server {
  listen 127.0.0.1:{{.HTTP}};
  server_name hardened.test www.hardened.test;
  return 301 https://$host:{{.HTTPS}}$request_uri;
}
server {
  listen 127.0.0.1:{{.HTTPS}} ssl;
  server_name hardened.test www.hardened.test;
  ssl_certificate {{.Cert "hardened"}};
  ssl_certificate_key {{.Key "hardened"}};
  add_header Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'" always;
  location /static/ { alias {{.Static}}/; }
  location /media/ { alias {{.Media}}/; }
  location / {
    proxy_pass http://app;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-Proto $scheme;
  }
}
`,
	},
	"debug": {
		name: "debug", host: "debug.test", names: []string{"debug.test"},
		settings: "siteapp.settings.debug",
		certs:    []certSpec{{id: "debug", names: []string{"debug.test"}, from: -day, until: 200 * day}},
		servers: `
server_tokens on;
ssl_protocols TLSv1.2 TLSv1.3;
server { listen 127.0.0.1:{{.HTTP}} default_server; server_name _; return 444; }
server {
  listen 127.0.0.1:{{.HTTP}};
  server_name debug.test;
  return 301 https://debug.test:{{.HTTPS}}/;
}
server {
  listen 127.0.0.1:{{.HTTPS}} ssl default_server;
  server_name debug.test;
  ssl_certificate {{.Cert "debug"}};
  ssl_certificate_key {{.Key "debug"}};
  proxy_cookie_flags ~ secure samesite=lax;
  proxy_hide_header Strict-Transport-Security;
  add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
  proxy_hide_header Referrer-Policy;
  add_header Referrer-Policy "strict-origin-when-cross-origin" always;
  add_header Content-Security-Policy "default-src 'self'; object-src 'none'; frame-ancestors 'none'" always;
  location / {
    proxy_pass http://app;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-Proto $scheme;
  }
}
`,
	},
	"wildcard": {
		name: "wildcard", host: "wildcard.test", names: []string{"wildcard.test", "www.wildcard.test"},
		settings: "siteapp.settings.wildcard",
		certs:    []certSpec{{id: "wildcard", names: []string{"wildcard.test", "www.wildcard.test"}, from: -day, until: 200 * day}},
		servers: `
server_tokens off;
ssl_protocols TLSv1.2 TLSv1.3;
server {
  listen 127.0.0.1:{{.HTTP}} default_server;
  server_name _;
  return 302 https://$host:{{.HTTPS}}$request_uri;
}
server {
  listen 127.0.0.1:{{.HTTP}};
  server_name wildcard.test;
  return 302 http://www.wildcard.test:{{.HTTP}}$request_uri;
}
server {
  listen 127.0.0.1:{{.HTTP}};
  server_name www.wildcard.test;
  return 302 https://wildcard.test:{{.HTTPS}}$request_uri;
}
server {
  listen 127.0.0.1:{{.HTTPS}} ssl default_server;
  server_name wildcard.test www.wildcard.test;
  ssl_certificate {{.Cert "wildcard"}};
  ssl_certificate_key {{.Key "wildcard"}};
  add_header X-Frame-Options SAMEORIGIN always;
  location / {
    proxy_pass http://app;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-Proto $scheme;
  }
}
`,
	},
	"legacy": {
		name: "legacy", host: "legacy.test", names: []string{"legacy.test", "old.legacy.test", "future.legacy.test", "mismatch.legacy.test"},
		settings: "siteapp.settings.legacy",
		certs: []certSpec{
			{id: "legacy", names: []string{"legacy.test"}, from: -80 * day, until: 10 * day},
			{id: "old", names: []string{"old.legacy.test"}, from: -400 * day, until: -5 * day},
			{id: "future", names: []string{"future.legacy.test"}, from: 3 * day, until: 90 * day},
		},
		servers: `
server_tokens off;
server { listen 127.0.0.1:{{.HTTP}} default_server; server_name _; return 444; }
server {
  listen 127.0.0.1:{{.HTTP}};
  listen 127.0.0.1:{{.HTTPS}} ssl default_server;
  server_name legacy.test;
  ssl_certificate {{.Cert "legacy"}};
  ssl_certificate_key {{.Key "legacy"}};
  ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
  ssl_ciphers "DEFAULT:@SECLEVEL=0";
  root {{.DocRoot}};
  add_header Content-Security-Policy "default-src * 'unsafe-inline' 'unsafe-eval'" always;
  add_header Set-Cookie "lb=web1; Path=/" always;
  location /static/ { alias {{.Static}}/; autoindex on; }
  location /media/ { alias {{.Media}}/; autoindex on; }
  location / { try_files $uri @app; }
  location @app {
    proxy_pass http://app;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-Proto $scheme;
  }
}
server {
  listen 127.0.0.1:{{.HTTPS}} ssl;
  server_name old.legacy.test;
  ssl_certificate {{.Cert "old"}};
  ssl_certificate_key {{.Key "old"}};
  add_header Strict-Transport-Security "max-age=abc" always;
  location / { default_type text/plain; return 200 "an old site\n"; }
}
server {
  listen 127.0.0.1:{{.HTTPS}} ssl;
  server_name future.legacy.test;
  ssl_certificate {{.Cert "future"}};
  ssl_certificate_key {{.Key "future"}};
  location / { default_type text/plain; return 200 "a site whose certificate starts later\n"; }
}
`,
	},
	"loop": {
		name: "loop", host: "loop.test", names: []string{"loop.test"},
		settings: "siteapp.settings.loop",
		certs:    []certSpec{{id: "loop", names: []string{"loop.test"}, from: -day, until: 200 * day}},
		servers: `
server_tokens off;
ssl_protocols TLSv1.2 TLSv1.3;
server { listen 127.0.0.1:{{.HTTP}} default_server; server_name _; return 444; }
server { listen 127.0.0.1:{{.HTTPS}} ssl default_server; server_name _; ssl_reject_handshake on; }
server {
  listen 127.0.0.1:{{.HTTP}};
  server_name loop.test;
  return 301 https://$host:{{.HTTPS}}$request_uri;
}
server {
  listen 127.0.0.1:{{.HTTPS}} ssl;
  server_name loop.test;
  ssl_certificate {{.Cert "loop"}};
  ssl_certificate_key {{.Key "loop"}};
  add_header Content-Security-Policy "default-src 'self'; object-src 'none'; frame-ancestors 'none'" always;
  location / {
    proxy_pass http://app;
    proxy_set_header Host $http_host;
  }
}
`,
	},
}

// confTemplate is the nginx configuration around a variant's servers.
const confTemplate = `# Generated by deploycheck's livetest for the {{.Name}} site.
daemon off;
master_process on;
worker_processes 1;
{{if .Root}}user root root;
{{end}}pid {{.Dir}}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  include {{.MimeTypes}};
  default_type application/octet-stream;
  log_format probe '$request_method $request_uri $status $host';
  access_log {{.Dir}}/access.log probe;
  client_body_temp_path {{.Dir}}/body;
  proxy_temp_path {{.Dir}}/proxy;
  fastcgi_temp_path {{.Dir}}/fastcgi;
  uwsgi_temp_path {{.Dir}}/uwsgi;
  scgi_temp_path {{.Dir}}/scgi;
  upstream app { server 127.0.0.1:{{.App}}; }
{{.Servers}}
}
`
