// Package report renders an audit's findings: text grouped by checklist
// topic for people, and JSON (the stable contract) for machines. Reports
// never decide severity; they only show what the checks found.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/settings"
)

// SchemaVersion is the version of the JSON output's schema (docs/json-schema.md).
const SchemaVersion = 1

// Report is everything one run found.
type Report struct {
	Tool     string `json:"tool"`
	Version  string `json:"version"`
	Root     string `json:"root"`
	Settings struct {
		Module string `json:"module"`
		File   string `json:"file,omitempty"`
		Reason string `json:"reason"`
	} `json:"settings"`
	Django struct {
		Version string `json:"version"`
		Source  string `json:"source"`
	} `json:"django"`
	// EnvGiven tells whether an environment was given (--env/--env-file).
	EnvGiven bool `json:"env_given"`
	// EnvFromFiles maps each variable the deployment files decide for the
	// app (and the environment given does not override) to where it is set.
	EnvFromFiles map[string]string `json:"env_from_files,omitempty"`
	// Fatal is set when the settings cannot be imported: Django would not
	// start, and none of its checks would run.
	Fatal    bool               `json:"fatal"`
	Findings []finding.Finding  `json:"findings"`
	EnvReads []settings.EnvRead `json:"-"`
	Files    []string           `json:"files,omitempty"`
	// Notes are remarks about the run itself (module choice, defaults).
	Notes []string `json:"notes,omitempty"`
	// Probe is set by deploycheck probe: the URLs probed and the grades.
	Probe *Probe `json:"probe,omitempty"`
}

// Sort orders the report's findings (see SortFindings).
func (r *Report) Sort() { SortFindings(r.Findings) }

// SortFindings orders findings by topic (checklist order), then severity
// (highest first), id, location (file and line, or URL) and message, so
// output is stable whatever order the checks or concurrent probes
// produced them in.
func SortFindings(fs []finding.Finding) {
	rank := map[finding.Topic]int{}
	for i, t := range finding.Topics {
		rank[t] = i
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		switch {
		case rank[a.Topic] != rank[b.Topic]:
			return rank[a.Topic] < rank[b.Topic]
		case a.Severity != b.Severity:
			return a.Severity > b.Severity
		case a.ID != b.ID:
			return a.ID < b.ID
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.URL != b.URL:
			return a.URL < b.URL
		}
		return a.Message < b.Message
	})
}

// Counts returns how many active (not silenced) findings have each
// severity.
func (r *Report) Counts() map[finding.Severity]int {
	c := map[finding.Severity]int{}
	for _, f := range r.Findings {
		if !f.Silenced {
			c[f.Severity]++
		}
	}
	return c
}

// AtOrAbove counts active findings at or above a severity.
func (r *Report) AtOrAbove(s finding.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if !f.Silenced && f.Severity >= s {
			n++
		}
	}
	return n
}

type jsonEnvRead struct {
	Name       string `json:"name"`
	Default    string `json:"default,omitempty"`
	HasDefault bool   `json:"has_default"`
	Found      bool   `json:"found"`
	Via        string `json:"via"`
	File       string `json:"file"`
	Line       int    `json:"line"`
}

// WriteJSON writes the report as one JSON object.
func WriteJSON(w io.Writer, r *Report) error {
	counts := r.Counts()
	out := struct {
		SchemaVersion int `json:"schema_version"`
		*Report
		Summary struct {
			Total    int            `json:"total"`
			Silenced int            `json:"silenced"`
			Severity map[string]int `json:"by_severity"`
		} `json:"summary"`
		EnvReads []jsonEnvRead `json:"env_reads"`
	}{SchemaVersion: SchemaVersion, Report: r}
	out.Summary.Severity = map[string]int{}
	for s, n := range counts {
		out.Summary.Severity[s.String()] = n
		out.Summary.Total += n
	}
	for _, f := range r.Findings {
		if f.Silenced {
			out.Summary.Silenced++
		}
	}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	out.EnvReads = []jsonEnvRead{}
	for _, e := range r.EnvReads {
		out.EnvReads = append(out.EnvReads, jsonEnvRead(e))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// TextOptions control the text output.
type TextOptions struct {
	Color bool
	// Verbose also lists silenced findings and the environment reads.
	Verbose bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiMag    = "\x1b[35m"
)

// WriteText writes the human-readable report, grouped by topic.
func WriteText(w io.Writer, r *Report, opt TextOptions) error {
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + ansiReset
	}
	var b strings.Builder
	if r.Probe != nil {
		writeProbeHeader(&b, r, paint(ansiBold, "deploycheck probe"))
	}
	if r.Probe == nil || r.Root != "" {
		if r.Probe == nil {
			fmt.Fprintf(&b, "%s %s\n", paint(ansiBold, "deploycheck"), r.Root)
		} else {
			fmt.Fprintf(&b, "  project: %s\n", r.Root)
		}
		fmt.Fprintf(&b, "  settings: %s (%s)\n", r.Settings.Module, r.Settings.Reason)
		fmt.Fprintf(&b, "  django:   %s (%s)\n", r.Django.Version, r.Django.Source)
		if r.EnvGiven {
			b.WriteString("  environment: given; environment-dependent verdicts are definite\n")
		} else {
			b.WriteString("  environment: none given; verdicts that depend on a variable are marked conditional\n")
		}
	}
	if n := len(r.EnvFromFiles); n > 0 {
		names := make([]string, 0, n)
		for k := range r.EnvFromFiles {
			names = append(names, k)
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "  deployment files set: %s (their values decide the verdicts that depend on them)\n", strings.Join(names, ", "))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	var topic finding.Topic
	shown := 0
	for _, f := range r.Findings {
		if f.Silenced && !opt.Verbose {
			continue
		}
		if f.Topic != topic {
			topic = f.Topic
			fmt.Fprintf(&b, "\n%s\n", paint(ansiBold, string(topic)))
		}
		shown++
		sev := f.Severity.String()
		switch f.Severity {
		case finding.Critical, finding.Error:
			sev = paint(ansiRed, sev)
		case finding.Warning:
			sev = paint(ansiYellow, sev)
		default:
			sev = paint(ansiBlue, sev)
		}
		cert := ""
		if f.Certainty == finding.Conditional {
			cert = " " + paint(ansiMag, "[conditional: "+strings.Join(f.Env, ", ")+"]")
		}
		silenced := ""
		if f.Silenced {
			silenced = " (silenced)"
		}
		fmt.Fprintf(&b, "  %s %s%s%s\n", sev, paint(ansiBold, f.ID), cert, silenced)
		if loc := f.Location(); loc != "" {
			fmt.Fprintf(&b, "    %s\n", paint(ansiDim, loc))
		}
		fmt.Fprintf(&b, "    %s\n", f.Message)
		if f.Trigger != "" {
			fmt.Fprintf(&b, "    when: %s\n", f.Trigger)
		}
		if f.Hint != "" {
			fmt.Fprintf(&b, "    fix: %s\n", f.Hint)
		}
		for _, e := range f.Evidence {
			fmt.Fprintf(&b, "    | %s\n", e)
		}
	}
	counts := r.Counts()
	if shown == 0 {
		b.WriteString("\nNo findings.\n")
	} else {
		fmt.Fprintf(&b, "\n%d critical, %d error, %d warning, %d info\n",
			counts[finding.Critical], counts[finding.Error], counts[finding.Warning], counts[finding.Info])
	}
	if r.Probe != nil {
		writeGrades(&b, r.Probe.Grades, paint(ansiBold, "grades"))
	}
	if opt.Verbose && len(r.EnvReads) > 0 {
		b.WriteString("\nenvironment reads:\n")
		for _, e := range r.EnvReads {
			state := "unset"
			if e.Found {
				state = "set"
			}
			def := ""
			if e.HasDefault {
				def = " default " + fmt.Sprintf("%q", e.Default)
			}
			fmt.Fprintf(&b, "  %s (%s, %s%s) at %s:%d\n", e.Name, e.Via, state, def, e.File, e.Line)
		}
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}
