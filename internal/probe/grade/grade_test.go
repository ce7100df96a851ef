package grade

import (
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
)

func TestLetter(t *testing.T) {
	for _, c := range []struct {
		score int
		clean bool
		want  string
	}{
		{100, true, "A+"}, {100, false, "A"}, {95, false, "A"}, {90, false, "A"}, {89, false, "A-"},
		{85, false, "A-"}, {80, false, "B+"}, {75, false, "B"}, {70, false, "B"}, {65, false, "B-"},
		{60, false, "C+"}, {55, false, "C"}, {50, false, "C"}, {45, false, "C-"}, {40, false, "D+"},
		{35, false, "D"}, {30, false, "D"}, {25, false, "D-"}, {24, false, "F"}, {0, false, "F"},
	} {
		if got := Letter(c.score, c.clean); got != c.want {
			t.Errorf("Letter(%d, %v) = %s, want %s", c.score, c.clean, got, c.want)
		}
	}
}

func f(id string, topic finding.Topic, sev finding.Severity) finding.Finding {
	return finding.Finding{ID: id, Topic: topic, Severity: sev}
}

func TestCompute(t *testing.T) {
	fs := []finding.Finding{
		f("dc.probe.https.hsts-missing", finding.TopicHTTPS, finding.Warning),
		f("dc.probe.https.no-redirect", finding.TopicHTTPS, finding.Error),
		f("dc.probe.admin.default-path", finding.TopicAdmin, finding.Info),
		f("dc.probe.web_server.dotenv", finding.TopicWebServer, finding.Critical),
		// Static findings of --project do not count.
		f("security.W004", finding.TopicHTTPS, finding.Warning),
	}
	verified := map[finding.Topic]bool{finding.TopicHTTPS: true, finding.TopicDebug: true, finding.TopicAdmin: true, finding.TopicWebServer: true}
	g := Compute(fs, verified)
	want := map[string]string{"https": "C", "admin": "A", "web_server": "F", "debug": "A+", "allowed_hosts": NotApplicable}
	for _, tg := range g.Topics {
		if w, ok := want[tg.Topic]; ok && tg.Grade != w {
			t.Errorf("%s: %s (score %d), want %s", tg.Topic, tg.Grade, tg.Score, w)
		}
	}
	if g.Overall.Grade != "F" || g.Overall.Findings != 4 {
		t.Errorf("overall %+v", g.Overall)
	}
	clean := Compute(nil, map[finding.Topic]bool{finding.TopicHTTPS: true})
	if clean.Overall.Grade != "A+" || clean.Overall.Score != 100 {
		t.Errorf("clean: %+v", clean.Overall)
	}
	if none := Compute(nil, nil); none.Overall.Grade != NotApplicable || none.Overall.Verified {
		t.Errorf("nothing verified: %+v", none.Overall)
	}
}

func TestScoreFloor(t *testing.T) {
	var fs []finding.Finding
	for range 10 {
		fs = append(fs, f("dc.probe.https.x", finding.TopicHTTPS, finding.Error))
	}
	if s, _ := Score(fs); s != 0 {
		t.Errorf("ten errors: score %d, want 0", s)
	}
}

// TestUncheckedTopicIsNotGraded: a topic the probe did not check is n/a
// even when a finding names it (the probe does not count reachability
// findings as checks, see probe's TestUnreachable); a checked one with a
// critical finding fails.
func TestUncheckedTopicIsNotGraded(t *testing.T) {
	fs := []finding.Finding{f("dc.probe.web_server.unreachable", finding.TopicWebServer, finding.Error)}
	if g := Compute(fs, map[finding.Topic]bool{}); g.Overall.Grade != NotApplicable {
		t.Errorf("overall = %s, want n/a", g.Overall.Grade)
	}
	fs = append(fs, f("dc.probe.web_server.git", finding.TopicWebServer, finding.Critical))
	if g := Compute(fs, map[finding.Topic]bool{finding.TopicWebServer: true}); g.Overall.Grade != "F" {
		t.Errorf("overall with a served .git = %s, want F", g.Overall.Grade)
	}
}
