// Package djangodata holds a dated table of Django release series: when
// each was released, when its security support ends, and the newest
// security release of each that the table knows. deploycheck embeds one
// table (releases.json); a file in the same JSON schema can replace it
// (--django-data), so the table can be refreshed without a new build.
//
// The table is data, not a verdict: Judge turns a pinned version and a
// date into one.
package djangodata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

//go:embed releases.json
var embedded []byte

// Table is the release history of Django as known on Date.
type Table struct {
	// Date is when the table was written (YYYY-MM-DD). Findings name it:
	// releases after it are unknown to the table.
	Date string `json:"date"`
	// Source says where the data comes from.
	Source string `json:"source,omitempty"`
	// Series lists the release series, oldest first.
	Series []Series `json:"series"`
}

// Series is one Django release series (4.2, 5.2, ...).
type Series struct {
	// Series is MAJOR.MINOR.
	Series string `json:"series"`
	// LTS marks a long-term support series.
	LTS bool `json:"lts,omitempty"`
	// Released is the date of the series' first final release (YYYY-MM-DD,
	// or YYYY-MM when only the month is known).
	Released string `json:"released"`
	// EndOfLife is when security support ends: YYYY-MM-DD for a known day,
	// or YYYY-MM for the month Django announces. A month-only date counts
	// as ended from the first day of the following month.
	EndOfLife string `json:"end_of_life"`
	// LatestSecurity is the newest release of the series that fixed a
	// security issue, as far as the table knows; "" when it does not know.
	LatestSecurity string `json:"latest_security,omitempty"`
	// Note explains anything uncertain about the entry.
	Note string `json:"note,omitempty"`
}

// Embedded returns the table built into deploycheck.
func Embedded() *Table {
	t, err := Parse(embedded)
	if err != nil {
		// The embedded table is checked by the package's tests.
		panic("djangodata: embedded table: " + err.Error())
	}
	return t
}

// Load reads a table from a JSON file in the schema of the embedded one.
func Load(path string) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read Django release table: %w", err)
	}
	t, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("Django release table %s: %w", path, err)
	}
	return t, nil
}

// Parse reads and validates a table.
func Parse(data []byte) (*Table, error) {
	var t Table
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if _, err := parseDate(t.Date, false); err != nil {
		return nil, fmt.Errorf("date: %w", err)
	}
	if len(t.Series) == 0 {
		return nil, fmt.Errorf("no series")
	}
	seen := map[string]bool{}
	for i, s := range t.Series {
		v, err := ParseVersion(s.Series)
		if err != nil || v.Patch != 0 || strings.Count(s.Series, ".") != 1 {
			return nil, fmt.Errorf("series %d: %q is not MAJOR.MINOR", i+1, s.Series)
		}
		if seen[s.Series] {
			return nil, fmt.Errorf("series %s is listed twice", s.Series)
		}
		seen[s.Series] = true
		if _, err := parseDate(s.Released, true); err != nil {
			return nil, fmt.Errorf("series %s: released: %w", s.Series, err)
		}
		if _, err := parseDate(s.EndOfLife, true); err != nil {
			return nil, fmt.Errorf("series %s: end_of_life: %w", s.Series, err)
		}
		if s.LatestSecurity != "" {
			lv, err := ParseVersion(s.LatestSecurity)
			if err != nil || lv.Series() != s.Series {
				return nil, fmt.Errorf("series %s: latest_security %q is not a release of the series", s.Series, s.LatestSecurity)
			}
		}
	}
	return &t, nil
}

// parseDate reads YYYY-MM-DD, or YYYY-MM when month is allowed. For a month
// it returns the first day of the month after: the first day the date has
// surely passed.
func parseDate(s string, month bool) (time.Time, error) {
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d, nil
	}
	if month {
		if d, err := time.Parse("2006-01", s); err == nil {
			return d.AddDate(0, 1, 0), nil
		}
		return time.Time{}, fmt.Errorf("%q: want YYYY-MM-DD or YYYY-MM", s)
	}
	return time.Time{}, fmt.Errorf("%q: want YYYY-MM-DD", s)
}

// Version is a Django release number; Pre marks a pre-release (alpha, beta
// or release candidate), which comes before the final release.
type Version struct {
	Major, Minor, Patch int
	Pre                 bool
}

// ParseVersion reads a PEP 440 release such as "4.2", "4.2.7", "5.0rc1" or
// "4.2.7.post1" (post and local parts are ignored).
func ParseVersion(s string) (Version, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.ToLower(s), "v")
	if i := strings.IndexByte(s, '+'); i >= 0 {
		s = s[:i]
	}
	var nums []int
	rest := s
	for len(nums) < 4 {
		end := 0
		for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
			end++
		}
		if end == 0 {
			break
		}
		n, err := strconv.Atoi(rest[:end])
		if err != nil {
			return Version{}, fmt.Errorf("version %q: %w", s, err)
		}
		nums = append(nums, n)
		rest = rest[end:]
		if !strings.HasPrefix(rest, ".") || len(rest) < 2 || rest[1] < '0' || rest[1] > '9' {
			break
		}
		rest = rest[1:]
	}
	if len(nums) < 2 {
		return Version{}, fmt.Errorf("version %q: want MAJOR.MINOR[.PATCH]", s)
	}
	v := Version{Major: nums[0], Minor: nums[1]}
	if len(nums) > 2 {
		v.Patch = nums[2]
	}
	rest = strings.TrimLeft(rest, ".-_")
	for _, p := range []string{"a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "dev"} {
		if strings.HasPrefix(rest, p) {
			v.Pre = true
		}
	}
	return v, nil
}

// String renders MAJOR.MINOR.PATCH (with "(pre-release)" for one).
func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre {
		s += " (pre-release)"
	}
	return s
}

// Series renders MAJOR.MINOR.
func (v Version) Series() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Less orders versions; a pre-release comes before its final release.
func (v Version) Less(w Version) bool {
	switch {
	case v.Major != w.Major:
		return v.Major < w.Major
	case v.Minor != w.Minor:
		return v.Minor < w.Minor
	case v.Patch != w.Patch:
		return v.Patch < w.Patch
	}
	return v.Pre && !w.Pre
}

// Status is what the table says about a version on a given day.
type Status int

// Statuses.
const (
	// Unknown: the table does not list the version's series (newer than
	// the table, or no such series).
	Unknown Status = iota
	// Supported: the series still receives security fixes.
	Supported
	// EndingSoon: security support ends within SoonWindow.
	EndingSoon
	// Ended: the series no longer receives security fixes.
	Ended
)

// SoonWindow is how far ahead an end of support is called soon.
const SoonWindow = 183 * 24 * time.Hour

// Verdict is the table's judgement of one version on one day.
type Verdict struct {
	Version Version
	Status  Status
	// Series is the version's entry, or nil for a series the table does not
	// list (older than its oldest series: Ended; otherwise Unknown).
	Series *Series
	// Ends is the first day without security support (zero when the
	// series is not listed).
	Ends time.Time
	// MissesSecurity is set when the version is older than the series'
	// newest security release the table knows.
	MissesSecurity bool
}

// Judge says what the table knows about version on the day today.
func (t *Table) Judge(version string, today time.Time) (Verdict, error) {
	v, err := ParseVersion(version)
	if err != nil {
		return Verdict{}, err
	}
	out := Verdict{Version: v}
	oldest := true
	for i := range t.Series {
		s := &t.Series[i]
		sv, _ := ParseVersion(s.Series)
		if v.Major > sv.Major || v.Major == sv.Major && v.Minor >= sv.Minor {
			oldest = false
		}
		if s.Series != v.Series() {
			continue
		}
		out.Series = s
		out.Ends, _ = parseDate(s.EndOfLife, true)
		switch {
		case !today.Before(out.Ends):
			out.Status = Ended
		case out.Ends.Sub(today) <= SoonWindow:
			out.Status = EndingSoon
		default:
			out.Status = Supported
		}
		if s.LatestSecurity != "" {
			lv, _ := ParseVersion(s.LatestSecurity)
			out.MissesSecurity = v.Less(lv)
		}
		return out, nil
	}
	if oldest {
		out.Status = Ended
	}
	return out, nil
}

// Supported lists the series still supported on the day today, oldest
// first.
func (t *Table) Supported(today time.Time) []*Series {
	var out []*Series
	for i := range t.Series {
		s := &t.Series[i]
		if end, err := parseDate(s.EndOfLife, true); err == nil && today.Before(end) {
			out = append(out, s)
		}
	}
	return out
}
