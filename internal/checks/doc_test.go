package checks

import (
	"reflect"
	"strings"
	"testing"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/settings"
)

func TestChecksAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range DjangoChecks() {
		if strings.TrimSpace(c.Doc) == "" {
			t.Errorf("%s has no Doc", c.ID)
		}
		if c.ID == "" || seen[c.ID] {
			t.Errorf("check id %q is empty or repeated", c.ID)
		}
		seen[c.ID] = true
		if c.Run == nil || c.Topic == "" || !c.Django {
			t.Errorf("%s: missing Run, Topic or Django flag", c.ID)
		}
	}
}

// TestLevelsAndDeployOnly checks each id's level letter against its
// severity, and the deploy-only set against Django's.
func TestLevelsAndDeployOnly(t *testing.T) {
	deployOnly := map[string]bool{"caches.W002": true, "mail.E001": true, "async.E001": true}
	for _, n := range strings.Fields("W001 W002 W003 W004 W005 W006 W008 W009 W010 W011 W012 W013 W014 W015 W016 W018 W019 W020 W021 W022 E023 E024 W025") {
		deployOnly["security."+n] = true
	}
	for _, c := range DjangoChecks() {
		letter := c.ID[strings.IndexByte(c.ID, '.')+1]
		want := map[byte]finding.Severity{'W': finding.Warning, 'E': finding.Error, 'C': finding.Critical}[letter]
		if c.Severity != want {
			t.Errorf("%s: severity %v", c.ID, c.Severity)
		}
		if c.DeployOnly != deployOnly[c.ID] {
			t.Errorf("%s: DeployOnly = %v", c.ID, c.DeployOnly)
		}
	}
}

func TestDjangoIDs(t *testing.T) {
	fs := []finding.Finding{
		{ID: "urls.E006", Django: true}, {ID: "security.W018", Django: true, Silenced: true},
		{ID: "urls.E006", Django: true}, {ID: "dc.secret_key.literal"}, {ID: "security.W025", Django: true, Silenced: true},
		{ID: "security.W025", Django: true, Silenced: true}, {ID: "admin.E410", Django: true},
	}
	ids, silenced := DjangoIDs(fs)
	if want := []string{"admin.E410", "urls.E006"}; !reflect.DeepEqual(ids, want) || silenced != 3 {
		t.Errorf("DjangoIDs = %v, %d", ids, silenced)
	}
}

func TestSilenced(t *testing.T) {
	cases := []struct {
		list, id string
		want     bool
	}{
		{`['security.W018']`, "security.W018", true},
		{`[' security.W018']`, "security.W018", false},
		{`['security.W01']`, "security.W018", false},
		{`'security.W018,security.W004'`, "security.W004", true},
		{`('security.W018',)`, "security.W018", true},
		{`{'security.W018'}`, "security.W018", true},
		{`?`, "security.W018", false},
		{`[]`, "security.W018", false},
	}
	for _, c := range cases {
		if got := Silenced(settings.MustLiteral(c.list), c.id); got != c.want {
			t.Errorf("Silenced(%s, %s) = %v", c.list, c.id, got)
		}
	}
}

// TestFindingsNameTheirSetting checks that each finding says which
// setting it is about and where it was set.
func TestFindingsNameTheirSetting(t *testing.T) {
	s := build(t, "5.2.18", hardened, map[string]string{"DEBUG": `True`, "SECURE_HSTS_SECONDS": `0`}, nil)
	for _, f := range Run(DjangoChecks(), s, nil, "", nil) {
		if f.Setting == "" || f.Message == "" || f.Hint == "" {
			t.Errorf("%s: setting %q, message %q, hint %q", f.ID, f.Setting, f.Message, f.Hint)
		}
		if f.File != "mysite/settings.py" || f.Certainty != finding.Definite {
			t.Errorf("%s: file %q certainty %q", f.ID, f.File, f.Certainty)
		}
	}
}
