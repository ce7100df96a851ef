package deployfiles

import (
	"path/filepath"
	"testing"
)

func TestParseCompose(t *testing.T) {
	path, data := readFixture(t, "compose/docker-compose.production.yml")
	cf, err := ParseCompose(path, data)
	if err != nil {
		t.Fatalf("ParseCompose: %v", err)
	}
	if len(cf.Services) != 3 {
		t.Fatalf("got %d services, want 3", len(cf.Services))
	}
	dir := filepath.Dir(path)
	django := cf.Services[0]
	if django.Name != "django" || django.Line != 6 {
		t.Errorf("service 0 = %s line %d", django.Name, django.Line)
	}
	deepEqual(t, "image", django.Image, &Setting{Value: "shop_production_django", Line: 11})
	deepEqual(t, "build", django.Build, &Build{
		Context: "..", Dockerfile: "./compose/production/django/Dockerfile", Target: "runtime", Line: 8,
		DockerfilePath: filepath.Join(dir, "..", "compose", "production", "django", "Dockerfile"),
	})
	deepEqual(t, "env files", django.EnvFiles, []EnvFileRef{
		{Path: filepath.Join(dir, ".envs", ".production", ".django"), Raw: "./.envs/.production/.django", Required: true, Line: 13},
		{Path: filepath.Join(dir, ".envs", ".production", ".optional"), Raw: "./.envs/.production/.optional", Required: false, Line: 14},
	})
	deepEqual(t, "environment", envPairs(django.Environment), []string{
		"DJANGO_SETTINGS_MODULE=config.settings.production@2",
		"DJANGO_SECURE_SSL_REDIRECT=True@3",
		"DJANGO_DEBUG=false@18",
		"WEB_CONCURRENCY=4@19",
		"SENTRY_DSN=@20<host environment",
	})
	deepEqual(t, "command", django.Command, &Command{Shell: "/start", Line: 21})
	deepEqual(t, "ports", django.Ports, []Setting{{"8000:8000", 23}, {"5001:5000/tcp", 24}})

	worker := cf.Services[1]
	if worker.Name != "celeryworker" || worker.Build == nil || len(worker.Environment) != 5 {
		t.Errorf("merged service = %+v", worker)
	}
	deepEqual(t, "worker image", worker.Image, &Setting{Value: "shop_production_celeryworker", Line: 30})
	deepEqual(t, "worker command", worker.Command, &Command{Exec: []string{"celery", "-A", "config.celery_app", "worker", "-l", "INFO"}, Line: 31})
	if len(worker.Ports) != 0 {
		t.Errorf("worker ports = %v, want none", worker.Ports)
	}

	nginx := cf.Services[2]
	deepEqual(t, "nginx env file", nginx.EnvFiles, []EnvFileRef{
		{Path: filepath.Join(dir, ".envs", ".production", ".nginx"), Raw: "./.envs/.production/.nginx", Required: true, Line: 36},
	})
	deepEqual(t, "nginx entrypoint", nginx.Entrypoint.Args(), []string{"nginx", "-g", "daemon off;"})
	deepEqual(t, "nginx environment", envPairs(nginx.Environment), []string{
		"NGINX_HOST=example.com@39",
		"PASSTHROUGH=@40<host environment",
	})
}

func TestParseComposeErrors(t *testing.T) {
	tests := []struct {
		file     string
		errs     []string
		services int
	}{
		{"compose/broken.yml", []string{"7: "}, 0},
		{"compose/wrongtypes.yml", []string{
			"3: environment of service web must be a mapping or a list, found a single value",
			"4: env_file of service web must be a path",
			"5: command of service web must be a string or a list, found a mapping",
			"6: ports of service web must be a list, found a single value",
			"7: service db must be a mapping, found a single value",
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path, data := readFixture(t, tt.file)
			cf, err := ParseCompose(path, data)
			checkErrors(t, err, tt.errs)
			if len(cf.Services) != tt.services {
				t.Errorf("got %d services, want %d", len(cf.Services), tt.services)
			}
		})
	}
}

func TestParseComposeSmallCases(t *testing.T) {
	tests := []struct {
		name, src string
		errs      []string
		env       []string
	}{
		{name: "empty", src: ""},
		{name: "no services", src: "version: '3'\n"},
		{name: "not a mapping", src: "- a\n- b\n", errs: []string{"1: a compose file must be a mapping, found a list"}},
		{name: "services list", src: "services:\n  - a\n", errs: []string{"2: services must be a mapping, found a list"}},
		{name: "unknown alias", src: "services:\n  a:\n    environment: *nope\n", errs: []string{"3: "}},
		{name: "list env with equals in value", src: "services:\n  a:\n    environment:\n      - URL=a=b\n", env: []string{"URL=a=b@4"}},
		{name: "list env without name", src: "services:\n  a:\n    environment:\n      - =x\n", errs: []string{`4: environment entry "=x" of service a has no name`}},
		{name: "quoted numbers kept", src: "services:\n  a:\n    environment:\n      A: \"007\"\n      B: 0x1F\n      C: 1.50\n", env: []string{"A=007@4", "B=0x1F@5", "C=1.50@6"}},
		{name: "flow map", src: "services: {a: {environment: {X: 1}}}\n", env: []string{"X=1@1"}},
		{name: "block scalar", src: "services:\n  a:\n    environment:\n      K: |\n        line\n", env: []string{"K=line\n@4"}},
		{name: "explicit key beats merge", src: "x: &b\n  K: base\nservices:\n  a:\n    environment:\n      K: own\n      <<: *b\n", env: []string{"K=own@6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cf, err := ParseCompose("compose.yaml", []byte(tt.src))
			checkErrors(t, err, tt.errs)
			var env []string
			if len(cf.Services) > 0 {
				env = envPairs(cf.Services[0].Environment)
			}
			deepEqual(t, "env", env, tt.env)
		})
	}
}

func TestComposeBillionLaughs(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		src += name + ": &" + name + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = name
	}
	src += "services:\n  web:\n    environment: *" + prev + "\n"
	_, err := ParseCompose("compose.yaml", []byte(src))
	checkErrors(t, err, []string{""})
}

func TestIsComposeFileName(t *testing.T) {
	for name, want := range map[string]bool{
		"compose.yaml": true, "compose.yml": true, "docker-compose.yml": true, "docker-compose.yaml": true,
		"docker-compose.production.yml": true, "compose.override.yaml": true, "docker-compose-dev.yml": true,
		"Docker-Compose.YML": true, "docker-compose.json": false, "mycompose.yml": false, "composer.yml": false,
		"values.yaml": false,
	} {
		if got := IsComposeFileName(name); got != want {
			t.Errorf("IsComposeFileName(%q) = %v, want %v", name, got, want)
		}
	}
}
