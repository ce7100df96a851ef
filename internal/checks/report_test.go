package checks

import (
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
)

// TestReportKeepsChosenSeverity checks that a finding asking for Info
// under a Warning check keeps Info, and one leaving it unset gets the
// check's.
func TestReportKeepsChosenSeverity(t *testing.T) {
	c := &Check{ID: "dc.test.x", Topic: finding.TopicDebug, Severity: finding.Warning, Run: func(p *Pass) {
		p.Report(finding.Finding{Message: "downgraded", Severity: finding.Info})
		p.Report(finding.Finding{Message: "default"})
	}}
	s := build(t, "5.2.18", hardened, nil, nil)
	fs := Run([]*Check{c}, s, nil, "", nil)
	if len(fs) != 2 || fs[0].Severity != finding.Info || fs[1].Severity != finding.Warning {
		t.Fatalf("severities %v %v, want info then warning", fs[0].Severity, fs[1].Severity)
	}
	if fs[0].Severity.String() != "info" {
		t.Errorf("Info prints as %q", fs[0].Severity.String())
	}
}
