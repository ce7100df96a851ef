package deployfiles

import (
	"testing"
)

func TestParseDockerfileMultiStage(t *testing.T) {
	path, data := readFixture(t, "dockerfile/multistage.Dockerfile")
	df, err := ParseDockerfile(path, data)
	if err != nil {
		t.Fatalf("ParseDockerfile: %v", err)
	}
	deepEqual(t, "meta args", df.MetaArgs, []DockerArg{
		{Name: "PYTHON_VERSION", Default: "3.12", HasDefault: true, Line: 2},
		{Name: "APP_HOME", Default: "/app", HasDefault: true, Line: 3},
	})
	if len(df.Stages) != 3 {
		t.Fatalf("got %d stages, want 3", len(df.Stages))
	}
	if s := df.Stages[0]; s.Name != "python" || s.Base != "python:3.12-slim" || s.Line != 5 {
		t.Errorf("stage 0 = %s FROM %s line %d", s.Name, s.Base, s.Line)
	}
	final := df.Final()
	if final.Name != "runtime" || final.Base != "python" || final.Line != 12 {
		t.Errorf("final stage = %s FROM %s line %d", final.Name, final.Base, final.Line)
	}
	deepEqual(t, "final stage args", final.Args, []DockerArg{
		{Name: "APP_HOME", Line: 13},
		{Name: "BUILD_ENVIRONMENT", Default: "production", HasDefault: true, Line: 14},
	})
	deepEqual(t, "final stage env", envPairs(final.Env), []string{
		"PYTHONUNBUFFERED=1@15",
		"PYTHONDONTWRITEBYTECODE=1@15",
		"BUILD_ENV=production@15",
		"DJANGO_SETTINGS_MODULE=config.settings.production@18",
		"HOME_DIR=/app@18",
		"LEGACY_FORM=a value with spaces@19",
	})
	if raw := final.Env[3].Raw; raw != `"config.settings.production"` {
		t.Errorf("raw DJANGO_SETTINGS_MODULE = %q", raw)
	}
	deepEqual(t, "entrypoint", final.Entrypoint, &Command{Exec: []string{"/entrypoint"}, Line: 30})
	deepEqual(t, "cmd", final.Cmd, &Command{Exec: []string{"gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"}, Line: 31})
	deepEqual(t, "run", final.Run, []Command{{Shell: "<<EOT\nset -e\npip install --no-index --find-links=/wheels/ /wheels/*", Line: 24}})
	deepEqual(t, "copies", final.Copies, []Copy{
		{Instruction: "COPY", Sources: []string{"/wheels"}, Dest: "/wheels/", From: "build", Line: 21},
		{Instruction: "COPY", Sources: []string{"."}, Dest: "/app", Line: 22},
		{Instruction: "ADD", Sources: []string{"https://example.com/file.tar.gz"}, Dest: "/tmp/", Line: 23},
	})
	deepEqual(t, "user", final.User, &Setting{Value: "django", Line: 28})
	deepEqual(t, "expose", final.Expose, []Setting{{"8000", 29}, {"9000/udp", 29}})

	build := df.Stage("BUILD")
	if build == nil || build.Index != 1 {
		t.Fatalf("Stage(BUILD) = %+v", build)
	}
	deepEqual(t, "build run", build.Run, []Command{{Shell: "pip wheel --wheel-dir /wheels -r /requirements/production.txt", Line: 10}})
}

func TestDockerfileRuntimeInherits(t *testing.T) {
	path, data := readFixture(t, "dockerfile/inherit.Dockerfile")
	df, err := ParseDockerfile(path, data)
	if err != nil {
		t.Fatalf("ParseDockerfile: %v", err)
	}
	tests := []struct {
		target     string
		chain      []string
		env        []string
		cmd, entry string
		user       string
	}{
		{"", []string{"base", "final"}, []string{"A=1@2", "B=base@2"}, "", "/entry.sh", "app"},
		{"web", []string{"base", "web"}, []string{"A=1@2", "B=web@7"}, "python app.py", "", "app"},
		{"assets", []string{"assets"}, []string{"NODE_ENV=production@11"}, "", "", ""},
		{"base", []string{"base"}, []string{"A=1@2", "B=base@2"}, "python app.py", "", "app"},
	}
	for _, tt := range tests {
		rt := df.Runtime(tt.target)
		if rt == nil {
			t.Fatalf("Runtime(%q) = nil", tt.target)
		}
		var chain []string
		for _, s := range rt.Chain {
			chain = append(chain, s.Name)
		}
		deepEqual(t, "chain of "+tt.target, chain, tt.chain)
		deepEqual(t, "env of "+tt.target, envPairs(rt.Env), tt.env)
		cmd, entry, user := "", "", ""
		if rt.Cmd != nil {
			cmd = rt.Cmd.String()
		}
		if rt.Entrypoint != nil {
			entry = rt.Entrypoint.String()
		}
		if rt.User != nil {
			user = rt.User.Value
		}
		if cmd != tt.cmd || entry != tt.entry || user != tt.user {
			t.Errorf("Runtime(%q): cmd %q entrypoint %q user %q, want %q %q %q", tt.target, cmd, entry, user, tt.cmd, tt.entry, tt.user)
		}
	}
	if df.Runtime("nope") != nil {
		t.Error("Runtime of a missing stage is not nil")
	}
	// ENV values in a stage see the variables of the stage it is built on.
	if got := df.Stage("web").Env; len(got) != 1 || got[0].Value != "web" {
		t.Errorf("web env = %+v", got)
	}
}

func TestParseDockerfileErrors(t *testing.T) {
	path, data := readFixture(t, "dockerfile/broken.Dockerfile")
	df, err := ParseDockerfile(path, data)
	checkErrors(t, err, []string{
		"1: ENV before the first FROM",
		"3: ENV requires at least one argument",
		"4: unknown instruction: BOGUS",
		"6: FROM requires either one or three arguments",
		"7: EXPOSE requires at least one argument",
	})
	final := df.Final()
	if final == nil {
		t.Fatal("no stage read from the broken file")
	}
	deepEqual(t, "env", envPairs(final.Env), []string{"GOOD=1@5"})
	deepEqual(t, "cmd", final.Cmd, &Command{Shell: "python manage.py runserver 0.0.0.0:8000", Line: 8})
}

func TestParseDockerfileSmallCases(t *testing.T) {
	tests := []struct {
		name, src string
		env       []string
		cmd       *Command
		errs      []string
	}{
		{name: "empty file", src: "", errs: []string{" file with no instructions"}},
		{name: "escape directive", src: "# escape=`\nFROM c:\\x\nENV A=a`\nb P=c:\\dir\n", env: []string{"A=ab@3", "P=c:\\dir@3"}},
		{name: "unset reference kept", src: "FROM x\nENV A=${NOPE}/x B=${NOPE:-dflt}\n", env: []string{"A=${NOPE}/x@2", "B=${NOPE:-dflt}@2"}},
		{name: "same instruction sees old values", src: "FROM x\nENV A=1\nENV A=2 B=$A\n", env: []string{"A=1@2", "A=2@3", "B=1@3"}},
		{name: "empty exec form", src: "FROM x\nCMD []\n", cmd: &Command{Exec: []string{}, Line: 2}},
		{name: "json-ish shell form", src: "FROM x\nCMD [\"a\", \n", cmd: &Command{Shell: `["a",`, Line: 2}},
		{name: "global arg in stage", src: "ARG V=1\nFROM x\nARG V\nENV W=$V\n", env: []string{"W=1@4"}},
		{name: "global arg not redeclared", src: "ARG V=1\nFROM x\nENV W=$V\n", env: []string{"W=$V@3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df, err := ParseDockerfile("Dockerfile", []byte(tt.src))
			checkErrors(t, err, tt.errs)
			var env []string
			var cmd *Command
			if f := df.Final(); f != nil {
				env, cmd = envPairs(f.Env), f.Cmd
			}
			deepEqual(t, "env", env, tt.env)
			deepEqual(t, "cmd", cmd, tt.cmd)
		})
	}
}
