package checks

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyast"
	"github.com/deploycheck/deploycheck/internal/pyparse"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// adminEmailHandler is Django's handler that mails log records to ADMINS.
const adminEmailHandler = "django.utils.log.AdminEmailHandler"

// loggingChecklist returns deploycheck's own checks of this checklist topic.
func loggingChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.logging.none", Topic: finding.TopicLogging, Severity: finding.Info,
			Doc: `The settings configure no logging and no error tracker.

Without LOGGING, Django applies only its default configuration: its console
handler is filtered to DEBUG = True, so in production nothing Django logs
reaches the server's output, and server errors are only mailed to ADMINS
(the mail_admins handler). With ADMINS empty or mail not delivered, a 500
error leaves no trace anywhere. deploycheck counts a settings module that
calls sentry_sdk.init() as error reporting and then stays quiet.

Fix: add a LOGGING dict that sends the 'django' logger (at least ERROR
records of django.request) to a handler whose output is kept: stderr
collected by the container runtime or systemd's journal, a file, syslog. Or
set up an error tracker such as Sentry.`,
			Run: runLoggingNone,
		},
		{
			ID: "dc.logging.mail-admins-no-admins", Topic: finding.TopicLogging, Severity: finding.Warning,
			Doc: `LOGGING routes records to Django's AdminEmailHandler while ADMINS is empty.

The AdminEmailHandler (usually named mail_admins) sends each record to the
addresses in ADMINS. With ADMINS empty it sends nothing, so every error that
is routed only to that handler is lost while the configuration looks as if
errors were being mailed.

Fix: list the people who should receive error mails in ADMINS (and make sure
the email settings deliver mail), or send the records to a handler whose
output is read, or to an error tracker such as Sentry.`,
			Run: runLoggingMailNoAdmins,
		},
		{
			ID: "dc.logging.django-loggers-disabled", Topic: finding.TopicLogging, Severity: finding.Warning,
			Doc: `LOGGING disables the loggers Django has already created.

Django first applies its default logging configuration, then passes LOGGING
to logging.config.dictConfig. dictConfig disables every existing logger the
new configuration does not name unless 'disable_existing_loggers' is False,
and it defaults to True. A LOGGING dict that omits the key (or sets it to
True) and configures neither the 'django' nor the 'django.request' logger
therefore switches off django.request, the logger that records every
unhandled exception (500 error): those records are dropped before any
handler, the root logger's included, sees them.

With sentry_sdk.init() in the settings the check stays quiet: Sentry's
Django integration receives unhandled exceptions through a signal, not
through logging, so they are still reported.

Fix: set 'disable_existing_loggers': False in LOGGING, or configure the
'django' logger (which keeps its children such as django.request enabled).`,
			Run: runLoggingDisablesDjango,
		},
	}
}

func runLoggingNone(p *Pass) {
	if truthy(p.Setting("LOGGING_CONFIG")) != yes {
		return // no configuration call at all, or unknown
	}
	if truthy(p.Setting("LOGGING")) != no {
		return
	}
	if _, _, found := p.sentryInit(); found {
		return
	}
	p.Report(finding.Finding{
		Setting: "LOGGING",
		Message: "No LOGGING and no error tracker: with DEBUG off, Django's default console handler is silent, so server errors are only mailed to ADMINS and otherwise leave no trace.",
		Hint:    "Add a LOGGING dict that sends the 'django' logger to stderr, a file or syslog, or set up an error tracker such as Sentry (sentry_sdk.init in the settings).",
	})
}

func runLoggingMailNoAdmins(p *Pass) {
	if !p.dictConfigLogging() {
		return
	}
	conf := p.Setting("LOGGING")
	names, known := mailAdminsHandlersUsed(conf)
	if !known || len(names) == 0 {
		return
	}
	if truthy(p.Setting("ADMINS")) != no {
		return
	}
	p.Report(finding.Finding{
		Setting: "LOGGING",
		Message: fmt.Sprintf("LOGGING sends records to the AdminEmailHandler %s, but ADMINS is empty: Django mails them to nobody, so errors routed only there are lost.", quotedNames(names)),
		Hint:    "Put the addresses that should receive error reports in ADMINS, or route errors to a handler whose output is read (stderr, a file) or to an error tracker such as Sentry.",
	})
}

func runLoggingDisablesDjango(p *Pass) {
	if !p.dictConfigLogging() {
		return
	}
	conf := p.Setting("LOGGING")
	if truthy(conf) != yes || conf.Kind() != pyvalue.KindDict {
		return
	}
	if inc, found := dictGet(conf, "incremental"); found != no {
		if found == unknown || truthy(inc) != no {
			return // incremental configurations do not disable loggers
		}
	}
	disable := yes // dictConfig's default
	if v, found := dictGet(conf, "disable_existing_loggers"); found == unknown {
		return
	} else if found == yes {
		disable = truthy(v)
	}
	if disable != yes {
		return
	}
	loggers, found := dictGet(conf, "loggers")
	if found == unknown {
		return
	}
	if found == yes {
		if loggers.Kind() != pyvalue.KindDict {
			return
		}
		for _, name := range []string{"django", "django.request"} {
			if _, has := dictGet(loggers, name); has != no {
				return
			}
		}
	}
	if _, _, found := p.sentryInit(); found {
		return
	}
	p.Report(finding.Finding{
		Setting: "LOGGING",
		Message: "LOGGING leaves 'disable_existing_loggers' at True and configures neither the 'django' nor the 'django.request' logger, so applying it disables django.request: unhandled exceptions (500 errors) are no longer logged anywhere.",
		Hint:    "Add 'disable_existing_loggers': False to LOGGING, or configure the 'django' logger explicitly.",
	})
}

// dictConfigLogging tells whether LOGGING is applied with
// logging.config.dictConfig (Django's default LOGGING_CONFIG), the only
// configuration function whose meaning the logging checks know.
func (p *Pass) dictConfigLogging() bool {
	return equalsStr(p.Setting("LOGGING_CONFIG"), "logging.config.dictConfig") == yes
}

// loggingHandlerClasses returns LOGGING['handlers'] as name → class path
// ("" for a handler built by a '()' factory or with an unreadable class);
// known is false when the handlers cannot be read.
func loggingHandlerClasses(conf pyvalue.Value) (map[string]string, bool) {
	out := map[string]string{}
	if conf.Kind() != pyvalue.KindDict {
		return out, truthy(conf) == no
	}
	handlers, found := dictGet(conf, "handlers")
	switch found {
	case no:
		return out, true
	case unknown:
		return nil, false
	}
	keys, vals, ok := dictItems(handlers)
	if !ok {
		return nil, false
	}
	for i, k := range keys {
		name, ok := k.AsStr()
		if !ok {
			return nil, false
		}
		cls := ""
		if c, found := dictGet(vals[i], "class"); found == yes {
			cls, _ = c.AsStr()
		} else if found == unknown {
			return nil, false
		}
		out[name] = cls
	}
	return out, true
}

// loggingHandlersInUse returns the handler names that some logger of
// LOGGING (root included) lists; known is false when they cannot be read.
func loggingHandlersInUse(conf pyvalue.Value) (map[string]bool, bool) {
	used := map[string]bool{}
	if conf.Kind() != pyvalue.KindDict {
		return used, truthy(conf) == no
	}
	addFrom := func(logger pyvalue.Value) bool {
		hs, found := dictGet(logger, "handlers")
		switch found {
		case no:
			return true
		case unknown:
			return false
		}
		elems, ok := hs.Elems()
		if !ok {
			return false
		}
		for _, e := range elems {
			s, ok := e.AsStr()
			if !ok {
				return false
			}
			used[s] = true
		}
		return true
	}
	if root, found := dictGet(conf, "root"); found == unknown {
		return nil, false
	} else if found == yes && !addFrom(root) {
		return nil, false
	}
	loggers, found := dictGet(conf, "loggers")
	switch found {
	case unknown:
		return nil, false
	case yes:
		_, vals, ok := dictItems(loggers)
		if !ok {
			return nil, false
		}
		for _, l := range vals {
			if !addFrom(l) {
				return nil, false
			}
		}
	}
	return used, true
}

// mailAdminsHandlersUsed returns the names of LOGGING's AdminEmailHandler
// handlers that some logger uses, sorted.
func mailAdminsHandlersUsed(conf pyvalue.Value) ([]string, bool) {
	classes, ok := loggingHandlerClasses(conf)
	if !ok {
		return nil, false
	}
	used, ok := loggingHandlersInUse(conf)
	if !ok {
		return nil, false
	}
	var out []string
	for name, cls := range classes {
		if cls == adminEmailHandler && used[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, true
}

// quotedNames renders names as 'a', 'b'.
func quotedNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	return strings.Join(q, ", ")
}

// sentryInit looks through the source of the settings files for a call of
// sentry_sdk.init(...) and returns where it is. The files are read through
// the project's file system; a file that cannot be read or parsed is
// skipped.
func (p *Pass) sentryInit() (file string, line int, found bool) {
	if p.FS == nil || p.Settings == nil {
		return "", 0, false
	}
	files := append([]string{p.Settings.File}, p.Settings.Files...)
	seen := map[string]bool{}
	for _, f := range files {
		name := path.Clean(strings.ReplaceAll(f, "\\", "/"))
		if f == "" || seen[name] || strings.HasPrefix(name, "/") || strings.HasPrefix(name, "../") || !strings.HasSuffix(name, ".py") {
			continue
		}
		seen[name] = true
		data, err := fs.ReadFile(p.FS, name)
		if err != nil || len(data) > 4<<20 {
			continue
		}
		mod, err := pyparse.Parse(data)
		if err != nil || mod == nil {
			continue
		}
		if l := sentryInitLine(mod.Body); l > 0 {
			return name, l, true
		}
	}
	return "", 0, false
}

// sentryInitLine returns the line of the first sentry_sdk.init(...) call in
// a module (0 when there is none): through `import sentry_sdk [as x]` or
// `from sentry_sdk import init [as x]`, at any statement nesting.
func sentryInitLine(body []pyast.Stmt) int {
	modules := map[string]bool{}
	inits := map[string]bool{}
	walkPyStmts(body, func(s pyast.Stmt) {
		switch s := s.(type) {
		case *pyast.Import:
			for _, a := range s.Names {
				if a.Name == "sentry_sdk" {
					name := a.Name
					if a.Asname != "" {
						name = a.Asname
					}
					modules[name] = true
				}
			}
		case *pyast.ImportFrom:
			if s.Module == "sentry_sdk" && s.Level == 0 {
				for _, a := range s.Names {
					if a.Name == "init" {
						name := a.Name
						if a.Asname != "" {
							name = a.Asname
						}
						inits[name] = true
					}
				}
			}
		}
	})
	line := 0
	walkPyStmts(body, func(s pyast.Stmt) {
		if line > 0 {
			return
		}
		var e pyast.Expr
		switch s := s.(type) {
		case *pyast.ExprStmt:
			e = s.Value
		case *pyast.Assign:
			e = s.Value
		case *pyast.AnnAssign:
			e = s.Value
		}
		call, ok := e.(*pyast.Call)
		if !ok {
			return
		}
		switch f := call.Func.(type) {
		case *pyast.Attribute:
			if n, ok := f.Value.(*pyast.Name); ok && f.Attr == "init" && modules[n.ID] {
				line = call.Line
			}
		case *pyast.Name:
			if inits[f.ID] {
				line = call.Line
			}
		}
	})
	return line
}

// walkPyStmts calls visit on every statement of body and of the blocks
// nested in it (if, try, with, loops, match, function and class bodies).
func walkPyStmts(body []pyast.Stmt, visit func(pyast.Stmt)) {
	for _, s := range body {
		visit(s)
		switch s := s.(type) {
		case *pyast.If:
			walkPyStmts(s.Body, visit)
			walkPyStmts(s.Orelse, visit)
		case *pyast.Try:
			walkPyStmts(s.Body, visit)
			for _, h := range s.Handlers {
				walkPyStmts(h.Body, visit)
			}
			walkPyStmts(s.Orelse, visit)
			walkPyStmts(s.Finalbody, visit)
		case *pyast.With:
			walkPyStmts(s.Body, visit)
		case *pyast.For:
			walkPyStmts(s.Body, visit)
			walkPyStmts(s.Orelse, visit)
		case *pyast.While:
			walkPyStmts(s.Body, visit)
			walkPyStmts(s.Orelse, visit)
		case *pyast.Match:
			for _, c := range s.Cases {
				walkPyStmts(c.Body, visit)
			}
		case *pyast.FunctionDef:
			walkPyStmts(s.Body, visit)
		case *pyast.ClassDef:
			walkPyStmts(s.Body, visit)
		}
	}
}
