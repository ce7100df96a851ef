package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/project"
	"github.com/deploycheck/deploycheck/internal/pyeval"
)

// discovered is what discovery tells the pipeline.
type discovered struct {
	root          string
	module        string
	reason        string
	resolver      pyeval.Resolver
	djangoVersion string
	djangoSource  string
	findings      []finding.Finding
	notes         []string
	project       *project.Project
}

// discover finds the project, its production settings module and the
// Django version, turning discovery problems into findings.
func discover(path, settingsModule string, env map[string]string) (*discovered, error) {
	p, err := project.Discover(path, project.Options{SettingsModule: settingsModule, Env: env})
	if err != nil {
		return nil, &UsageError{fmt.Errorf("discover project in %s: %w", path, err)}
	}
	d := &discovered{
		root:     p.Root,
		module:   p.Settings.Module,
		reason:   p.Settings.Reason,
		resolver: p,
		notes:    p.Notes,
		project:  p,
	}
	if p.Django.Requirement != nil {
		d.djangoVersion = p.Django.Version
		r := p.Django.Requirement
		d.djangoSource = fmt.Sprintf("%s:%d", rel(p.Root, r.File), r.Line)
		if p.Django.Note != "" {
			d.djangoSource += " (" + p.Django.Note + ")"
		}
	}
	for _, pr := range p.Problems {
		d.findings = append(d.findings, finding.Finding{
			ID: "dc.files.parse", Topic: finding.TopicSettings, Severity: finding.Warning, Certainty: finding.Definite,
			Message: "a project file could not be read: " + pr.Message,
			Hint:    "fix the file; deploycheck checked everything else",
			File:    rel(p.Root, pr.File), Line: pr.Line,
		})
	}
	for _, c := range p.Settings.Candidates {
		if c.Module == d.module && !c.Resolved {
			d.findings = append(d.findings, finding.Finding{
				ID: "dc.settings.missing-module", Topic: finding.TopicSettings, Severity: finding.Critical, Certainty: finding.Definite,
				Message: fmt.Sprintf("the settings module %s (from %s) does not exist in the project", c.Module, c.Source),
				Hint:    "point DJANGO_SETTINGS_MODULE at an existing module",
				File:    rel(p.Root, c.File), Line: c.Line,
			})
			d.module = ""
		}
	}
	return d, nil
}

// otherModules lists the project's other settings modules: the other
// discovery candidates and the siblings of the chosen module in its
// settings package (base.py, local.py, test.py ...), at most ten.
func (d *discovered) otherModules() []string {
	seen := map[string]bool{d.module: true}
	var out []string
	add := func(m string) {
		if m != "" && !seen[m] && len(out) < 10 {
			if _, _, ok := d.resolver.ModuleFile(m); ok {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	if d.project != nil {
		for _, c := range d.project.Settings.Candidates {
			add(c.Module)
		}
	}
	// Siblings count only inside a package made for settings
	// (config/settings/production.py), not in an app package holding
	// settings.py beside urls.py and views.py.
	if i := strings.LastIndexByte(d.module, '.'); i > 0 && strings.HasSuffix(d.module[:i], "settings") {
		pkg := d.module[:i]
		if file, isPkg, ok := d.resolver.ModuleFile(pkg); ok && isPkg {
			entries, _ := os.ReadDir(filepath.Dir(file))
			for _, e := range entries {
				name := e.Name()
				if !e.IsDir() && strings.HasSuffix(name, ".py") && name != "__init__.py" {
					add(pkg + "." + strings.TrimSuffix(name, ".py"))
				}
			}
		}
	}
	return out
}
