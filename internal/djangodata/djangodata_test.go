package djangodata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestEmbeddedTable(t *testing.T) {
	tab := Embedded()
	if tab.Date == "" || len(tab.Series) < 10 {
		t.Fatalf("embedded table: date %q, %d series", tab.Date, len(tab.Series))
	}
	// Series are listed oldest first.
	for i := 1; i < len(tab.Series); i++ {
		a, _ := ParseVersion(tab.Series[i-1].Series)
		b, _ := ParseVersion(tab.Series[i].Series)
		if !a.Less(b) {
			t.Errorf("series %s listed before %s", tab.Series[i-1].Series, tab.Series[i].Series)
		}
	}
	for _, want := range []string{"3.2", "4.0", "4.1", "4.2", "5.0", "5.1", "5.2", "6.0", "6.1"} {
		found := false
		for _, s := range tab.Series {
			found = found || s.Series == want
		}
		if !found {
			t.Errorf("series %s missing", want)
		}
	}
}

func TestJudge(t *testing.T) {
	tab := Embedded()
	cases := []struct {
		version, today string
		status         Status
		misses         bool
	}{
		{"3.2.25", "2026-11-25", Ended, false},
		{"3.2.19", "2026-11-25", Ended, true},
		{"4.2.28", "2026-03-15", EndingSoon, false},
		{"4.2.28", "2026-04-30", EndingSoon, false}, // April is the announced month
		{"4.2.28", "2026-05-01", Ended, false},
		{"4.1.13", "2023-12-31", EndingSoon, false},
		{"4.1.13", "2024-01-01", Ended, false},
		{"5.2.18", "2026-11-25", Supported, false},
		{"5.2.3", "2026-11-25", Supported, true},
		{"5.2", "2026-11-25", Supported, true},
		{"5.2.18", "2027-12-01", EndingSoon, false},
		{"6.0", "2026-11-25", EndingSoon, false}, // no patch level recorded
		{"6.1.0", "2026-11-25", Supported, true},
		{"6.1rc1", "2026-11-25", Supported, true},
		{"1.8.19", "2026-11-25", Ended, false}, // older than the table
		{"6.2.0", "2026-11-25", Unknown, false},
		{"4.3.0", "2026-11-25", Unknown, false},
	}
	for _, c := range cases {
		v, err := tab.Judge(c.version, day(c.today))
		if err != nil {
			t.Errorf("%s: %v", c.version, err)
			continue
		}
		if v.Status != c.status || v.MissesSecurity != c.misses {
			t.Errorf("Judge(%s, %s) = status %d misses %v; want %d %v", c.version, c.today, v.Status, v.MissesSecurity, c.status, c.misses)
		}
	}
	if _, err := tab.Judge("latest", day("2026-11-25")); err == nil {
		t.Error("Judge(latest): no error")
	}
}

func TestParseVersion(t *testing.T) {
	cases := map[string]string{
		"4.2":         "4.2.0",
		"4.2.7":       "4.2.7",
		"5.0rc1":      "5.0.0 (pre-release)",
		"5.0.0b2":     "5.0.0 (pre-release)",
		"4.2.7.post1": "4.2.7",
		"4.2.7+local": "4.2.7",
		" 3.2.25 ":    "3.2.25",
	}
	for in, want := range cases {
		v, err := ParseVersion(in)
		if err != nil || v.String() != want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %s", in, v, err, want)
		}
	}
	for _, bad := range []string{"", "4", "x.y", "four.two"} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q): no error", bad)
		}
	}
}

func TestParseRejectsBadTables(t *testing.T) {
	bad := []string{
		`{}`,
		`{"date": "2026-11-25", "series": []}`,
		`{"date": "yesterday", "series": [{"series": "5.2", "released": "2025-04-02", "end_of_life": "2028-04"}]}`,
		`{"date": "2026-11-25", "series": [{"series": "5.2.1", "released": "2025-04-02", "end_of_life": "2028-04"}]}`,
		`{"date": "2026-11-25", "series": [{"series": "5.2", "released": "2025-04-02", "end_of_life": "soon"}]}`,
		`{"date": "2026-11-25", "series": [{"series": "5.2", "released": "2025-04-02", "end_of_life": "2028-04", "latest_security": "5.1.3"}]}`,
		`{"date": "2026-11-25", "series": [{"series": "5.2", "released": "2025-04-02", "end_of_life": "2028-04", "eol": "x"}]}`,
		`{"date": "2026-11-25", "series": [{"series": "5.2", "released": "2025-04-02", "end_of_life": "2028-04"}, {"series": "5.2", "released": "2025-04-02", "end_of_life": "2028-04"}]}`,
	}
	for _, b := range bad {
		if _, err := Parse([]byte(b)); err == nil {
			t.Errorf("Parse(%s): no error", b)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "django.json")
	data := `{"date": "2027-06-01", "series": [{"series": "5.2", "lts": true, "released": "2025-04-02", "end_of_life": "2028-04", "latest_security": "5.2.30"}]}`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := tab.Judge("5.2.18", day("2027-06-01"))
	if !v.MissesSecurity || tab.Date != "2027-06-01" {
		t.Errorf("loaded table: %+v", v)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "read") {
		t.Errorf("Load(missing) = %v", err)
	}
}
