package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

// djangoTagLibraries maps the template tag libraries Django ships to their
// modules, per the app that provides them ("" for django.templatetags).
var djangoTagLibraries = []struct{ app, name, module string }{
	{"", "cache", "django.templatetags.cache"},
	{"", "i18n", "django.templatetags.i18n"},
	{"", "l10n", "django.templatetags.l10n"},
	{"", "static", "django.templatetags.static"},
	{"", "tz", "django.templatetags.tz"},
	{appAdmin, "admin_list", "django.contrib.admin.templatetags.admin_list"},
	{appAdmin, "admin_modify", "django.contrib.admin.templatetags.admin_modify"},
	{appAdmin, "admin_urls", "django.contrib.admin.templatetags.admin_urls"},
	{appAdmin, "log", "django.contrib.admin.templatetags.log"},
	{"django.contrib.flatpages", "flatpages", "django.contrib.flatpages.templatetags.flatpages"},
	{"django.contrib.humanize", "humanize", "django.contrib.humanize.templatetags.humanize"},
}

func templateChecks() []*Check {
	return []*Check{
		{
			ID: "templates.E001", Topic: finding.TopicSystem, Severity: finding.Error,
			Django: true,
			Doc: `A TEMPLATES entry sets APP_DIRS and also OPTIONS['loaders'] (Django up to 5.0).

The two are exclusive: with explicit loaders, add the app directories loader
to the list instead of setting APP_DIRS. Whenever the template engines are
built during the checks (the admin's checks build them; Django 5.1+ always
does) Django stops with ImproperlyConfigured instead of reporting this id,
and 5.1 removed the id.

Fix: remove APP_DIRS or remove 'loaders'.`,
			Run: func(p *Pass) {
				if p.version().AtLeast(5, 1) {
					return
				}
				confs, ok := templateConfs(p.Setting("TEMPLATES"))
				if !ok {
					return
				}
				hit := no
				for _, conf := range confs {
					appDirs, found := dictGet(conf, "APP_DIRS")
					if found == unknown {
						return
					}
					dirs := no
					if found == yes {
						dirs = truthy(appDirs)
					}
					opts, found := dictGet(conf, "OPTIONS")
					loaders := no
					switch {
					case found == unknown:
						loaders = unknown
					case found == yes:
						loaders = contains(opts, "loaders")
					}
					hit = or3(hit, and3(dirs, loaders))
				}
				if hit != yes {
					return
				}
				p.Report(finding.Finding{
					Setting: "TEMPLATES",
					Message: "A TEMPLATES entry sets APP_DIRS and also lists 'loaders' in OPTIONS; the two exclude each other.",
					Hint:    "Remove APP_DIRS, or remove 'loaders' (adding the app directories loader to it if needed).",
				})
			},
		},
		{
			ID: "templates.E002", Topic: finding.TopicSystem, Severity: finding.Error,
			Django: true,
			Doc: `OPTIONS['string_if_invalid'] of a template engine is not a string.

The value replaces invalid variables in templates and must be a str. Before
Django 5.1 every TEMPLATES entry is checked; from 5.1 each Django template
engine is.

Fix: use a string, e.g. "" (the default).`,
			Run: runStringIfInvalid,
		},
		{
			ID: "templates.W003", Topic: finding.TopicSystem, Severity: finding.Warning,
			Django: true,
			Doc: `One template tag library name maps to several modules (Django 4.1+).

A {% load name %} can only load one module. Django gathers the libraries of
django.templatetags and of every installed app's templatetags package, plus
the OPTIONS['libraries'] of the template engines, and warns about each name
that maps to more than one module. The id is templates.W003 from Django 5.1;
4.1.2 to 5.0 report the same warning under the id templates.E003 (4.1.0 and
4.1.1 made it an error). deploycheck knows the libraries Django itself ships;
names used by other apps are left undecided.

Fix: rename the custom library.`,
			Run: runTagLibraries,
		},
	}
}

func runStringIfInvalid(p *Pass) {
	confs, ok := templateConfs(p.Setting("TEMPLATES"))
	if !ok {
		return
	}
	perEngine := p.version().AtLeast(5, 1)
	for _, conf := range confs {
		if perEngine && isDjangoTemplates(conf) != yes {
			continue
		}
		v, found := templateOption(conf, "string_if_invalid")
		if found != yes || v.IsUnknown() || v.Kind() == pyvalue.KindStr || v.Kind() == pyvalue.KindObject {
			continue
		}
		p.Report(finding.Finding{
			Setting: "TEMPLATES",
			Message: fmt.Sprintf("OPTIONS['string_if_invalid'] is %s (%s); it must be a string.", pyvalue.Repr(v), v.TypeName()),
			Hint:    "Use a string such as \"\" (the default).",
		})
	}
}

// customLibraries returns OPTIONS['libraries'] of a TEMPLATES entry as
// name → module; ok is false when it cannot be read.
func customLibraries(conf pyvalue.Value) (map[string]string, bool) {
	v, found := templateOption(conf, "libraries")
	switch found {
	case no:
		return nil, true
	case unknown:
		return nil, false
	}
	keys, vals, ok := dictItems(v)
	if !ok {
		return nil, false
	}
	out := map[string]string{}
	for i, k := range keys {
		name, ok1 := k.AsStr()
		mod, ok2 := vals[i].AsStr()
		if !ok1 || !ok2 {
			return nil, false
		}
		out[name] = mod
	}
	return out, true
}

func runTagLibraries(p *Pass) {
	v := p.version()
	if !v.AtLeast(4, 1) {
		return
	}
	id, sev := "templates.W003", finding.Warning
	if !v.AtLeast(5, 1) {
		id = "templates.E003"
		if !v.AtLeastPatch(4, 1, 2) {
			sev = finding.Error
		}
	}
	confs, ok := templateConfs(p.Setting("TEMPLATES"))
	if !ok {
		return
	}
	// The libraries Django's installed apps provide.
	installed := map[string]map[string]bool{}
	for _, lib := range djangoTagLibraries {
		if lib.app != "" && p.appInstalled(lib.app) != yes {
			continue
		}
		installed[lib.name] = map[string]bool{lib.module: true}
	}
	report := func(libs map[string]map[string]bool) {
		names := make([]string, 0, len(libs))
		for n := range libs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if len(libs[n]) < 2 {
				continue
			}
			mods := make([]string, 0, len(libs[n]))
			for m := range libs[n] {
				mods = append(mods, quote(m))
			}
			sort.Strings(mods)
			p.Report(finding.Finding{
				ID: id, Severity: sev, Setting: "TEMPLATES",
				Message: fmt.Sprintf("The template tag library name %s points at several modules: %s.", quote(n), strings.Join(mods, ", ")),
				Hint:    "Give the custom library in OPTIONS['libraries'] a name no installed app uses.",
			})
		}
	}
	merge := func(dst map[string]map[string]bool, src map[string]string) {
		for n, m := range src {
			if dst[n] == nil {
				dst[n] = map[string]bool{}
			}
			dst[n][m] = true
		}
	}
	copyLibs := func() map[string]map[string]bool {
		out := map[string]map[string]bool{}
		for n, ms := range installed {
			out[n] = map[string]bool{}
			for m := range ms {
				out[n][m] = true
			}
		}
		return out
	}
	if !v.AtLeast(5, 1) {
		all := copyLibs()
		for _, conf := range confs {
			custom, ok := customLibraries(conf)
			if !ok {
				return
			}
			merge(all, custom)
		}
		report(all)
		return
	}
	for _, conf := range confs {
		if isDjangoTemplates(conf) != yes {
			continue
		}
		custom, ok := customLibraries(conf)
		if !ok {
			continue
		}
		libs := copyLibs()
		merge(libs, custom)
		report(libs)
	}
}

const cachedTemplateLoader = "django.template.loaders.cached.Loader"

// templatesChecklist returns deploycheck's own checks of this checklist topic.
func templatesChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.templates_cached_loader.not-cached", Topic: finding.TopicTemplatesCachedLoader, Severity: finding.Warning,
			Doc: `Templates are read and compiled again at every render in production.

Django wraps a template engine's loaders in the cached loader by itself
only when OPTIONS has no 'loaders': from Django 4.1 always, before 4.1 only
when the engine's debug option (DEBUG by default) is off. A TEMPLATES entry
that lists its loaders without django.template.loaders.cached.Loader, or
(before 4.1) turns OPTIONS['debug'] on, therefore loads every template from
disk and compiles it on every use, which is often the largest cost of a
page. The check runs when DEBUG is off; with DEBUG on, security.W018
applies. Loaders from other packages that might cache are left undecided.

Fix: remove 'loaders' when the default ones suffice (use APP_DIRS for the
app directories), or wrap the list in the cached loader:
    'loaders': [('django.template.loaders.cached.Loader', [
        'django.template.loaders.filesystem.Loader',
        'django.template.loaders.app_directories.Loader',
    ])]`,
			Run: runTemplatesCached,
		},
	}
}

// loadersCache tells whether a loaders list has the cached loader (or a
// subclass) at its top level, as a plain entry or a (loader, [...]) pair.
func (p *Pass) loadersCache(loaders pyvalue.Value) tri {
	elems, ok := loaders.Elems()
	if !ok {
		return unknown
	}
	out := no
	for _, e := range elems {
		if pair, ok := e.Elems(); ok {
			if len(pair) == 0 {
				return unknown
			}
			e = pair[0]
		}
		switch p.subclassOf(e, cachedTemplateLoader) {
		case yes:
			return yes
		case unknown:
			out = unknown
		}
	}
	return out
}

func runTemplatesCached(p *Pass) {
	debug := p.Setting("DEBUG")
	if truthy(debug) != no {
		return
	}
	confs, ok := templateConfs(p.Setting("TEMPLATES"))
	if !ok {
		return
	}
	for i, conf := range confs {
		if isDjangoTemplates(conf) != yes {
			continue
		}
		label := fmt.Sprintf("TEMPLATES[%d]", i)
		loaders, found := templateOption(conf, "loaders")
		switch found {
		case unknown:
			continue
		case yes:
			if p.loadersCache(loaders) != no {
				continue
			}
			p.Report(finding.Finding{
				Setting: "TEMPLATES",
				Message: fmt.Sprintf("%s lists its loaders in OPTIONS['loaders'] without the cached loader, so with "+
					"DEBUG off every render reads and compiles the template files again.", label),
				Hint: "Remove 'loaders' if the default loaders suffice, or wrap them: [('django.template.loaders.cached.Loader', " +
					"[...the current loaders...])].",
				Env: envOf(loaders),
			})
		case no:
			if p.version().AtLeast(4, 1) {
				continue
			}
			engineDebug, found := templateOption(conf, "debug")
			if found != yes || truthy(engineDebug) != yes {
				continue
			}
			p.Report(finding.Finding{
				Setting: "TEMPLATES",
				Message: fmt.Sprintf("%s turns OPTIONS['debug'] on, so before Django 4.1 its templates are not cached: "+
					"every render reads and compiles them again.", label),
				Hint: "Remove OPTIONS['debug'] (it follows DEBUG), or list the loaders wrapped in django.template.loaders.cached.Loader.",
				Env:  envOf(engineDebug),
			})
		}
	}
}
