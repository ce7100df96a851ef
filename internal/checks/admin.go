package checks

import (
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

const (
	cpAuth     = "django.contrib.auth.context_processors.auth"
	cpMessages = "django.contrib.messages.context_processors.messages"
	cpRequest  = "django.template.context_processors.request"

	modelBackend = "django.contrib.auth.backends.ModelBackend"
)

// modelBackendSubclasses are Django's own subclasses of ModelBackend.
var modelBackendSubclasses = []string{
	"django.contrib.auth.backends.AllowAllUsersModelBackend",
	"django.contrib.auth.backends.RemoteUserBackend",
	"django.contrib.auth.backends.AllowAllUsersRemoteUserBackend",
}

const adminNote = ` It runs (with plain "manage.py check" too) when
django.contrib.admin is installed; apps are matched by app name, so an
AppConfig path counts, and middleware by class, so a subclass counts.
deploycheck cannot import third-party classes: an unknown class that might be
a subclass leaves the check undecided.`

func adminChecks() []*Check {
	appDep := func(id, app, what string) *Check {
		return &Check{
			ID: id, Topic: finding.TopicAdmin, Severity: finding.Error, Django: true,
			Doc: "The admin is installed without " + app + ".\n\nThe admin needs " + what + "." + adminNote +
				"\n\nFix: add '" + app + "' to INSTALLED_APPS.",
			Run: func(p *Pass) {
				if p.appInstalled(appAdmin) != yes || p.appInstalled(app) != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "INSTALLED_APPS",
					Message: "The admin is installed but '" + app + "' is not in INSTALLED_APPS.",
					Hint:    "Add '" + app + "' to INSTALLED_APPS.",
				})
			},
		}
	}
	processor := func(id, cp, what string, extra func(p *Pass) tri) *Check {
		return &Check{
			ID: id, Topic: finding.TopicAdmin, Severity: finding.Error, Django: true,
			Doc: "The admin's template engine lacks the context processor " + cp + ".\n\n" + what + adminNote +
				"\n\nFix: add '" + cp + "' to OPTIONS['context_processors'] of the first DjangoTemplates entry in TEMPLATES.",
			Run: func(p *Pass) {
				if p.appInstalled(appAdmin) != yes {
					return
				}
				conf, found := p.firstDjangoEngine()
				if found != yes {
					return
				}
				cps, has := templateOption(conf, "context_processors")
				missing := yes
				switch has {
				case unknown:
					return
				case yes:
					missing = contains(cps, cp).not()
				}
				if and3(missing, extra(p)) != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "TEMPLATES",
					Message: "The first DjangoTemplates engine in TEMPLATES lacks the '" + cp + "' context processor the admin needs.",
					Hint:    "Add '" + cp + "' to OPTIONS['context_processors'].",
				})
			},
		}
	}
	middleware := func(id, cls, hint string) *Check {
		return &Check{
			ID: id, Topic: finding.TopicAdmin, Severity: finding.Error, Django: true,
			Doc: "The admin is installed without " + cls + " in MIDDLEWARE.\n\nThe admin's login and messages rely on it." +
				adminNote + "\n\nFix: add '" + cls + "' to MIDDLEWARE.",
			Run: func(p *Pass) {
				if p.appInstalled(appAdmin) != yes || p.containsSubclass(p.Setting("MIDDLEWARE"), cls) != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "MIDDLEWARE",
					Message: "The admin is installed but '" + cls + "' (or a subclass) is not in MIDDLEWARE.",
					Hint:    hint,
				})
			},
		}
	}
	always := func(*Pass) tri { return yes }
	return []*Check{
		appDep("admin.E401", appContentTypes, "the content types framework for its change log"),
		appDep("admin.E405", appAuth, "the authentication system for its users and permissions"),
		appDep("admin.E406", appMessages, "the messages framework to confirm changes"),
		processor("admin.E402", cpAuth,
			"While AUTHENTICATION_BACKENDS holds ModelBackend or a subclass (the default does), admin templates need the user and permissions in their context.",
			func(p *Pass) tri {
				return p.containsSubclass(p.Setting("AUTHENTICATION_BACKENDS"), modelBackend, modelBackendSubclasses...)
			}),
		processor("admin.E404", cpMessages, "Admin templates show messages through it.", always),
		{
			ID: "admin.E403", Topic: finding.TopicAdmin, Severity: finding.Error, Django: true,
			Doc: "TEMPLATES has no DjangoTemplates engine while the admin is installed.\n\nThe admin's pages are Django templates." +
				adminNote + "\n\nFix: add a 'django.template.backends.django.DjangoTemplates' entry to TEMPLATES.",
			Run: func(p *Pass) {
				if p.appInstalled(appAdmin) != yes {
					return
				}
				if _, found := p.firstDjangoEngine(); found != no {
					return
				}
				p.Report(finding.Finding{
					Setting: "TEMPLATES",
					Message: "The admin is installed but TEMPLATES has no 'django.template.backends.django.DjangoTemplates' engine.",
					Hint:    "Add a DjangoTemplates entry to TEMPLATES.",
				})
			},
		},
		middleware("admin.E408", mwAuth, "Add '"+mwAuth+"' to MIDDLEWARE."),
		middleware("admin.E409", mwMessage, "Add '"+mwMessage+"' to MIDDLEWARE."),
		middleware("admin.E410", mwSession, "Add '"+mwSession+"' to MIDDLEWARE, before '"+mwAuth+"'."),
		{
			ID: "admin.W411", Topic: finding.TopicAdmin, Severity: finding.Warning, Django: true,
			Doc: "The admin's navigation sidebar lacks the request context processor.\n\n" +
				"The sidebar (on by default) needs 'django.template.context_processors.request' in the first " +
				"DjangoTemplates engine." + adminNote +
				"\n\nFix: add the request context processor, or turn the sidebar off on the AdminSite.",
			Run: func(p *Pass) {
				if p.appInstalled(appAdmin) != yes || p.adminSidebar() != yes {
					return
				}
				conf, found := p.firstDjangoEngine()
				if found != yes {
					return
				}
				cps, has := templateOption(conf, "context_processors")
				missing := yes
				switch has {
				case unknown:
					return
				case yes:
					missing = contains(cps, cpRequest).not()
				}
				if missing != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "TEMPLATES",
					Message: "The admin navigation sidebar needs '" + cpRequest + "' in the first DjangoTemplates engine.",
					Hint:    "Add '" + cpRequest + "' to OPTIONS['context_processors'].",
				})
			},
		},
		{
			ID: "auth.E013", Topic: finding.TopicAdmin, Severity: finding.Error, Django: true,
			Doc: `LoginRequiredMiddleware comes before AuthenticationMiddleware (Django 5.1+).

LoginRequiredMiddleware reads request.user, which AuthenticationMiddleware
sets, so the latter must be listed earlier in MIDDLEWARE (subclasses count
for both). It runs when django.contrib.auth is installed, with plain
"manage.py check" too. deploycheck reports it only when no unknown middleware
class could change the answer.

Fix: put AuthenticationMiddleware before LoginRequiredMiddleware.`,
			Run: runLoginRequiredOrder,
		},
	}
}

// firstDjangoEngine returns the first TEMPLATES entry whose backend is
// DjangoTemplates; found is unknown when an entry before it has an unknown
// backend.
func (p *Pass) firstDjangoEngine() (pyvalue.Value, tri) {
	confs, ok := templateConfs(p.Setting("TEMPLATES"))
	if !ok {
		return pyvalue.Value{}, unknown
	}
	for _, conf := range confs {
		switch isDjangoTemplates(conf) {
		case yes:
			return conf, yes
		case unknown:
			return pyvalue.Value{}, unknown
		}
	}
	return pyvalue.Value{}, no
}

// adminSidebar tells whether some admin site shows the navigation
// sidebar: true for the default site that AdminConfig builds.
func (p *Pass) adminSidebar() tri {
	apps, ok := p.Setting("INSTALLED_APPS").Elems()
	if !ok {
		return unknown
	}
	for _, e := range apps {
		s, _ := e.AsStr()
		if s == appAdmin || s == appAdmin+".apps.AdminConfig" {
			return yes
		}
	}
	return unknown
}

func runLoginRequiredOrder(p *Pass) {
	if !p.version().AtLeast(5, 1) || p.appInstalled(appAuth) != yes {
		return
	}
	entries, ok := p.Setting("MIDDLEWARE").Elems()
	if !ok {
		return
	}
	for _, e := range entries {
		login := p.subclassOf(e, mwLoginRequired)
		auth := p.subclassOf(e, mwAuth)
		switch {
		case login == yes:
			// No entry before could be AuthenticationMiddleware.
			p.Report(finding.Finding{
				Setting: "MIDDLEWARE",
				Message: "'" + mwLoginRequired + "' is listed before '" + mwAuth + "' (or the latter is missing), so request.user is not set when it runs.",
				Hint:    "Put '" + mwAuth + "' before '" + mwLoginRequired + "' in MIDDLEWARE.",
			})
			return
		case auth == yes, login == unknown, auth == unknown:
			return
		}
	}
}
