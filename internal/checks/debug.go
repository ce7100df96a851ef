package checks

import (
	"fmt"
	"path"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/settings"
)

func debugChecks() []*Check {
	return []*Check{{
		ID: "security.W018", Topic: finding.TopicDebug, Severity: finding.Warning,
		Django: true, DeployOnly: true,
		Doc: `DEBUG is on.

With DEBUG on, every error page shows a traceback with local variables and
settings, and Django keeps a record of every SQL query in memory. The test
is Python truthiness, so a string such as "False" or "0" read from the
environment without conversion counts as on.

Fix: set DEBUG = False in production, converting environment strings to a
real boolean.`,
		Run: func(p *Pass) {
			v := p.Setting("DEBUG")
			if truthy(v) != yes {
				return
			}
			msg := "DEBUG is on in the deployment settings."
			if _, isStr := v.AsStr(); isStr {
				msg = "DEBUG is a non-empty string, which Python treats as on."
			}
			p.Report(finding.Finding{
				Setting: "DEBUG",
				Message: msg + " Error pages would show code, settings and local variables to anyone.",
				Hint:    "Set DEBUG = False for production (convert environment strings to a real boolean).",
			})
		},
	}}
}

// Why DEBUG is on, as the checklist's DEBUG checks tell it. Each DEBUG
// that is on gets at most one cause, the first that applies in this order.
const (
	debugCauseNone = iota
	debugCauseDevModule
	debugCauseString
	debugCauseEnvDefault
)

// debugChecklist returns deploycheck's own checks of this checklist topic.
func debugChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.debug.dev-module", Topic: finding.TopicDebug, Severity: finding.Error,
			Doc: `DEBUG is turned on by a development module that the production
settings import.

A production module often starts with "from .base import *" and ends with
"from .local import *" (or imports dev.py, test.py...) so that a machine
can override things. When such a module sets DEBUG = True, it wins over
the production module's own DEBUG = False simply by being imported last.
Django's security.W018 says DEBUG is on; this check says which file turns
it on. A module counts as a development one when its file name says local,
dev, development, test and the like.

Fix: do not import development modules from the production settings, or
keep DEBUG out of them; if the production module must allow local
overrides, set DEBUG = False after the import.`,
			Run: func(p *Pass) { runDebugCause(p, debugCauseDevModule) },
		},
		{
			ID: "dc.debug.string", Topic: finding.TopicDebug, Severity: finding.Error,
			Doc: `DEBUG is a string, such as "False" read from the environment.

os.environ.get("DEBUG", "False") returns the str "False", and Python treats
every non-empty string as true, so DEBUG is on. Whatever the variable holds
("False", "0", "no"), only an empty value would turn debugging off.
Django's security.W018 reports DEBUG on; this check explains that the
cause is a missing conversion. A literal DEBUG = "True" is left to W018.

Fix: convert the text to a boolean: env.bool("DEBUG", default=False)
with django-environ, config("DEBUG", default=False, cast=bool) with
python-decouple, or os.environ.get("DEBUG", "").lower() in ("1", "true",
"yes").`,
			Run: func(p *Pass) { runDebugCause(p, debugCauseString) },
		},
		{
			ID: "dc.debug.env-default", Topic: finding.TopicDebug, Severity: finding.Error,
			Doc: `DEBUG is on because its environment variable is unset and the
default written in the settings turns it on.

env.bool("DEBUG", default=True) and os.environ.get("DEBUG", "True") ==
"True" are convenient on a laptop, but a production process that starts
without the variable (a new server, a cron job, a one-off container) then
runs with DEBUG on and shows tracebacks, settings and local variables to
anyone. When no environment is given the finding is conditional on the
variable being unset.

Fix: make the safe value the default: env.bool("DEBUG", default=False),
and set DEBUG=True only in development environments.`,
			Run: func(p *Pass) { runDebugCause(p, debugCauseEnvDefault) },
		},
		{
			ID: "dc.debug.deploy-file", Topic: finding.TopicDebug, Severity: finding.Error,
			Doc: `A deployment file sets the variable that turns DEBUG on.

The settings read DEBUG from the environment, and a file that starts the
app in production gives that variable a value that makes DEBUG true: a
Dockerfile ENV DJANGO_DEBUG=1, a compose environment entry or env_file, a
systemd Environment= line, a Kubernetes env entry. deploycheck feeds the
literal values these files set into the settings it evaluates, so the
verdict is definite, and this finding points at the line in the deployment
file (Django's security.W018 points at the settings).

Fix: remove the variable from the production deployment file, or set it to
a false value; keep DEBUG=True for development files (docker-compose.dev.yml,
.envs/.local/) only.`,
			Run: runDebugDeployFile,
		},
	}
}

// runDebugDeployFile reports the deployment-file lines whose variables turn
// DEBUG on.
func runDebugDeployFile(p *Pass) {
	st := p.SettingInfo("DEBUG")
	if p.Project == nil || st == nil || st.Default || truthy(st.Value) != yes || len(p.Settings.EnvFixed) == 0 {
		return
	}
	app := p.Project.AppEnv()
	for _, name := range st.Value.Env() {
		if _, fixed := p.Settings.EnvFixed[name]; !fixed {
			continue
		}
		v, ok := app.Vars[name]
		if !ok {
			continue
		}
		p.Report(finding.Finding{
			Setting: "DEBUG", File: p.deployFileRel(v.File), Line: v.Line,
			Message: fmt.Sprintf("%s sets %s=%q for the app, and the settings (%s:%d) turn that into DEBUG on: every error page shows tracebacks, settings and local variables.",
				v.Source, name, v.Value, st.File, st.Line),
			Hint: fmt.Sprintf("Remove %s from this production file or set it to a false value; turn debugging on only in development files.", name),
		})
	}
}

// falseWords are texts that a developer means as off but that Python's
// truthiness takes as on.
var falseWords = map[string]bool{"false": true, "0": true, "no": true, "off": true, "n": true, "f": true, "none": true}

// debugCause says why DEBUG is on, with the setting's record and, for an
// environment default, the read whose default applied.
func debugCause(p *Pass) (int, *settings.Setting, settings.EnvRead) {
	st := p.SettingInfo("DEBUG")
	if st == nil || st.Default || truthy(st.Value) != yes {
		return debugCauseNone, nil, settings.EnvRead{}
	}
	if st.File != p.Settings.File && isDevSettingsFile(st.File) {
		return debugCauseDevModule, st, settings.EnvRead{}
	}
	if s, ok := st.Value.AsStr(); ok && (len(st.Value.Env()) > 0 || falseWords[strings.ToLower(strings.TrimSpace(s))]) {
		r, _ := defaultApplied(p.Settings, st, func(settings.EnvRead) bool { return true })
		return debugCauseString, st, r
	}
	if r, ok := defaultApplied(p.Settings, st, func(settings.EnvRead) bool { return true }); ok {
		return debugCauseEnvDefault, st, r
	}
	return debugCauseNone, nil, settings.EnvRead{}
}

// isDevSettingsFile reports whether a settings file's own name (not its
// directories) marks it for development or tests: local.py, dev.py,
// settings_test.py...
func isDevSettingsFile(file string) bool {
	return deployfiles.PathPurpose(path.Base(file)) == deployfiles.PurposeDevelopment
}

func runDebugCause(p *Pass, want int) {
	cause, st, r := debugCause(p)
	if cause != want {
		return
	}
	const exposure = " Every error page would show tracebacks, settings and local variables to anyone."
	f := finding.Finding{Setting: "DEBUG"}
	switch cause {
	case debugCauseDevModule:
		f.Message = fmt.Sprintf("DEBUG is on because %s (line %d), a module meant for development, sets it and the "+
			"production settings %s import it.", st.File, st.Line, p.Settings.File) + exposure
		f.Hint = fmt.Sprintf("Stop importing %s from the production settings, or set DEBUG = False after the import.", path.Base(st.File))
	case debugCauseString:
		s, _ := st.Value.AsStr()
		f.Message = fmt.Sprintf("DEBUG is the string %s, not a boolean, and Python treats every non-empty string as true, "+
			"so Django runs with DEBUG on", pyvalue.Repr(pyvalue.Str(s)))
		switch {
		case r.Name != "":
			f.Message += fmt.Sprintf(" (%s is unset, so the default %s applies; any value the variable could hold but an empty one would do the same).",
				r.Name, pyvalue.Repr(pyvalue.Str(r.Default)))
		case len(st.Value.Env()) > 0:
			f.Message += fmt.Sprintf(" (read from %s: any value but an empty one does the same).", strings.Join(st.Value.Env(), ", "))
		default:
			f.Message += "."
		}
		f.Message += exposure
		name := "DJANGO_DEBUG"
		if env := st.Value.Env(); len(env) > 0 {
			name = env[0]
		}
		f.Hint = fmt.Sprintf("Convert the text to a boolean: env.bool(%q, default=False), config(%q, default=False, cast=bool), "+
			"or os.environ.get(%q, \"\").lower() in (\"1\", \"true\", \"yes\").", name, name, name)
	case debugCauseEnvDefault:
		f.Message = fmt.Sprintf("DEBUG is on because %s is unset and its default %q turns it on%s.",
			r.Name, r.Default, elsewhere(st, r)) + exposure
		f.Hint = fmt.Sprintf("Make False the default (e.g. env.bool(%q, default=False)) and set %s=True only in development.", r.Name, r.Name)
	}
	p.Report(f)
}

// elsewhere names where an environment variable was read when that is not
// the line the setting was assigned on ("" when it is).
func elsewhere(st *settings.Setting, r settings.EnvRead) string {
	if r.File == st.File && r.Line == st.Line {
		return ""
	}
	return fmt.Sprintf(" (read at %s:%d)", r.File, r.Line)
}
