// Package grade turns a live-site probe's findings into a grade per
// checklist topic and an overall grade, A+ to F.
//
// Scoring (documented in docs/probe.md): a grade starts at 100 and loses
// 15 points per warning and 30 per error; a critical finding makes it 0.
// Info findings cost nothing, but only a score of 100 without any finding
// is an A+ (100 with info findings is an A). The score, floored at 0 and
// rounded down to a multiple of 5, gives the letter: 100 A+, 90–95 A,
// 85 A−, 80 B+, 70–75 B, 65 B−, 60 C+, 50–55 C, 45 C−, 40 D+, 30–35 D,
// 25 D−, below 25 F. A topic the probe could not check and that has no
// finding is "n/a"; the overall grade counts every probe finding.
package grade

import (
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/report"
)

// Penalties per finding, by severity.
const (
	WarningPenalty = 15
	ErrorPenalty   = 30
)

// Topics are the checklist topics the probe grades, in report order.
var Topics = []finding.Topic{
	finding.TopicHTTPS, finding.TopicSessionCookieSecure, finding.TopicCSRFCookieSecure,
	finding.TopicAllowedHosts, finding.TopicDebug, finding.TopicErrorTemplates,
	finding.TopicSecurityHeaders, finding.TopicWebServer, finding.TopicAdmin,
}

// NotApplicable is the grade of a topic the probe could not check.
const NotApplicable = "n/a"

// Score is the score of a set of findings (0–100) and whether any of them
// was an info finding or worse.
func Score(fs []finding.Finding) (score int, any bool) {
	score = 100
	for _, f := range fs {
		any = true
		switch f.Severity {
		case finding.Critical:
			return 0, true
		case finding.Error:
			score -= ErrorPenalty
		case finding.Warning:
			score -= WarningPenalty
		}
	}
	return max(score, 0), any
}

// Letter is the letter of a score; clean says no finding at all (the only
// way to an A+).
func Letter(score int, clean bool) string {
	s := score - score%5
	switch {
	case s >= 100 && clean:
		return "A+"
	case s >= 90:
		return "A"
	case s >= 85:
		return "A-"
	case s >= 80:
		return "B+"
	case s >= 70:
		return "B"
	case s >= 65:
		return "B-"
	case s >= 60:
		return "C+"
	case s >= 50:
		return "C"
	case s >= 45:
		return "C-"
	case s >= 40:
		return "D+"
	case s >= 30:
		return "D"
	case s >= 25:
		return "D-"
	}
	return "F"
}

// IsProbe tells whether a finding comes from the live-site probe (its id
// starts with "dc.probe.").
func IsProbe(f finding.Finding) bool { return strings.HasPrefix(f.ID, "dc.probe.") }

// Compute grades the probe's findings (others are ignored) per topic and
// overall. verified lists the topics the probe checked (probe's
// Result.Verified: the topics of its probes that ran and of every finding
// that judges the site); the others are n/a.
func Compute(fs []finding.Finding, verified map[finding.Topic]bool) report.ProbeGrades {
	byTopic := map[finding.Topic][]finding.Finding{}
	var all []finding.Finding
	for _, f := range fs {
		if !IsProbe(f) {
			continue
		}
		byTopic[f.Topic] = append(byTopic[f.Topic], f)
		all = append(all, f)
	}
	var out report.ProbeGrades
	anyVerified := false
	for _, t := range Topics {
		g := report.ProbeGrade{Topic: string(t), Findings: len(byTopic[t]), Verified: verified[t]}
		if g.Verified {
			anyVerified = true
			score, any := Score(byTopic[t])
			g.Score, g.Grade = score, Letter(score, !any)
		} else {
			g.Grade = NotApplicable
		}
		out.Topics = append(out.Topics, g)
	}
	out.Overall = report.ProbeGrade{Findings: len(all), Verified: anyVerified, Grade: NotApplicable}
	if anyVerified {
		score, any := Score(all)
		out.Overall.Score, out.Overall.Grade = score, Letter(score, !any)
	}
	return out
}
