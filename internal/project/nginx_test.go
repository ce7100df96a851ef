package project

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
)

func TestIsNginxName(t *testing.T) {
	for rel, want := range map[string]bool{
		"nginx.conf":                         true,
		"deploy/site.conf":                   true,
		"docker/nginx/default.conf.template": true,
		"deploy/shop.nginx":                  true,
		"etc/nginx/sites-available/shop":     true,
		"etc/nginx/sites-enabled/shop":       true,
		"nginx/app":                          true,
		"conf.d/app.template":                true,
		"nginx/README.md":                    false,
		"nginx/Dockerfile.sh":                false,
		"gunicorn.conf.py":                   false,
		"deploy/shop":                        false,
	} {
		if got := isNginxName(rel); got != want {
			t.Errorf("isNginxName(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestDiscoverNginx(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("testdata", "nginx"))
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mains []string
	for _, c := range p.Nginx {
		mains = append(mains, relTo(root, c.Path)+" "+purposeName(p.Purpose(c.Path)))
	}
	// conf.d/app.conf is part of deploy/nginx/nginx.conf, which includes it
	// by its /etc/nginx path; supervisord.conf and the README are not nginx.
	want := []string{"deploy/nginx/nginx.conf production", "docker/local/nginx/default.conf development",
		"sites-available/blog unknown", "sites-available/shop unknown"}
	if !reflect.DeepEqual(mains, want) {
		t.Errorf("configurations = %q, want %q", mains, want)
	}
	var files []string
	for _, f := range p.Files {
		if f.Kind == KindNginx {
			files = append(files, relTo(root, f.Path))
		}
	}
	sort.Strings(files)
	wantFiles := []string{"deploy/nginx/conf.d/app.conf", "deploy/nginx/nginx.conf", "deploy/nginx/snippets/proxy.conf", "docker/local/nginx/default.conf",
		"sites-available/blog", "sites-available/shop"}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("nginx files = %q, want %q", files, wantFiles)
	}
	prod := p.Nginx[0]
	if len(prod.Servers) != 1 || len(prod.Servers[0].Locations) != 1 || len(prod.Servers[0].Locations[0].ProxyHeaders) != 2 {
		t.Fatalf("production configuration = %+v", prod.Servers)
	}
	var problems []string
	for _, pr := range p.Problems {
		problems = append(problems, relTo(root, pr.File)+":"+strconv.Itoa(pr.Line)+": "+pr.Message)
	}
	wantProblems := []string{`sites-available/blog:5: directive "proxy_pass" is not terminated by ";"`}
	if !reflect.DeepEqual(problems, wantProblems) {
		t.Errorf("problems = %q, want %q", problems, wantProblems)
	}
	if !p.Nginx[2].Invalid || p.Nginx[3].Invalid {
		t.Error("sites-available/blog is not valid nginx, sites-available/shop is")
	}
	notes := strings.Join(p.Notes, "\n")
	if !strings.Contains(notes, "snippets/missing.conf (sites-available/shop:4)") {
		t.Errorf("notes do not name the missing include: %s", notes)
	}
}

func purposeName(p deployfiles.Purpose) string {
	switch p {
	case deployfiles.PurposeProduction:
		return "production"
	case deployfiles.PurposeDevelopment:
		return "development"
	}
	return "unknown"
}

// TestNginxFilesReadOnce: the parser gets a file from discovery's cache
// after its first read (a file several configurations include, or a
// candidate read when it was found), not from the disk again.
func TestNginxFilesReadOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.conf")
	if err := os.WriteFile(path, []byte("server { listen 80; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := &discovery{nginxData: map[string][]byte{}}
	first, err := d.readNginxFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	again, err := d.readNginxFile(path)
	if err != nil || string(again) != string(first) {
		t.Errorf("second read went to the disk: %q, %v", again, err)
	}
	if _, err := d.readNginxFile(path + ".missing"); err == nil {
		t.Error("a missing file read without error")
	}
}
