package project

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestAppEnv(t *testing.T) {
	p := &Project{DeployEnv: []EnvVar{
		{Name: "DEBUG", Value: "1", Source: "Dockerfile ENV", Production: true},
		{Name: "DEBUG", Value: "0", Source: "compose environment (service web)", Production: true}, // runtime wins
		{Name: "HOSTS", Value: "a.example", Source: "compose environment (service web)", Production: true},
		{Name: "HOSTS", Value: "b.example", Source: "compose environment (service worker)", Production: true}, // clash
		{Name: "POSTGRES_PASSWORD", Value: "pw", Source: "compose environment (service db)", Production: true, Support: true},
		{Name: "SENTRY_DSN", Source: "compose environment (service web)", From: "host environment", Production: true},
		{Name: "LOG_LEVEL", Value: "info", Source: "Procfile (process web)"},
		{Name: "LOG_LEVEL", Value: "debug", Source: "Dockerfile ENV", Production: true}, // production file wins over neutral
		{Name: "TZ", Value: "UTC", Source: "systemd Environment"},
	}}
	got := p.AppEnv()
	want := map[string]string{"DEBUG": "0", "LOG_LEVEL": "debug", "TZ": "UTC"}
	if !reflect.DeepEqual(got.Values(), want) {
		t.Errorf("AppEnv values = %v, want %v", got.Values(), want)
	}
	sort.Strings(got.Conflicts)
	if !reflect.DeepEqual(got.Conflicts, []string{"HOSTS"}) {
		t.Errorf("Conflicts = %v, want [HOSTS]", got.Conflicts)
	}
}

// TestAppEnvOtherSettings checks that a process running another settings
// module (a compose service with settings.dev) does not decide the app's
// environment.
func TestAppEnvOtherSettings(t *testing.T) {
	p := &Project{Settings: Settings{Module: "shop.settings.production"}, DeployEnv: []EnvVar{
		{Name: "DJANGO_SETTINGS_MODULE", Value: "shop.settings.production", Source: "Dockerfile ENV", Group: "Dockerfile"},
		{Name: "DJANGO_DEBUG", Value: "off", Source: "Dockerfile ENV", Group: "Dockerfile"},
		{Name: "DJANGO_SETTINGS_MODULE", Value: "shop.settings.dev", Source: "compose environment (service app)", Group: "compose#app"},
		{Name: "DJANGO_SECRET_KEY", Value: "changeme", Source: "compose environment (service app)", Group: "compose#app"},
		{Name: "DJANGO_DEBUG", Value: "on", Source: "compose environment (service app)", Group: "compose#app"},
	}}
	want := map[string]string{"DJANGO_SETTINGS_MODULE": "shop.settings.production", "DJANGO_DEBUG": "off"}
	if got := p.AppEnv().Values(); !reflect.DeepEqual(got, want) {
		t.Errorf("AppEnv = %v, want %v", got, want)
	}
}

func TestSupportImage(t *testing.T) {
	for img, want := range map[string]bool{
		"postgres:16": true, "docker.io/library/redis:7-alpine": true, "nginx": true, "traefik:v3.1": true,
		"postgis/postgis:16-3.4": true, "ghcr.io/acme/shop:1.2": false, "python:3.12-slim": false, "": false,
		"nginx-unprivileged": true, "acme/nginxish": false,
	} {
		if got := SupportImage(img); got != want {
			t.Errorf("SupportImage(%q) = %v, want %v", img, got, want)
		}
	}
}

// TestProcessKinds: each process names the kind of file that runs it, and
// a start script's lines carry their runner's kind.
func TestProcessKinds(t *testing.T) {
	root := filepath.Join("..", "audit", "testdata", "checklist", "process", "runserver_script")
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range p.Processes {
		got = append(got, fmt.Sprintf("%s %v %s", pr.Kind, pr.Script, pr.Source))
	}
	want := []string{
		"compose false compose command (service django)",
		"compose true script compose/production/django/start (run by compose command (service django))",
		"compose true script compose/production/django/start (run by compose command (service django))",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("processes =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
