package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/djangodata"
	"github.com/deploycheck/deploycheck/internal/finding"
)

// djangoVersionChecklist returns deploycheck's own checks of this checklist topic.
func djangoVersionChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.django_version.eol", Topic: finding.TopicDjangoVersion, Severity: finding.Error, FilesOnly: true,
			Doc: `The pinned Django belongs to a release series that no longer gets security fixes.

Django fixes security issues only in its supported series: a feature
release for about 16 months, a long-term support (LTS) release for about
three years. After that, vulnerabilities found in the series stay open, and
advisory databases often stop listing the old series as affected at all, so
a vulnerability scanner can report nothing. deploycheck reads the version
from the requirements and lock files and judges it with a dated table of
Django series (built in; --django-data FILE replaces it). Django announces
the month support ends; the table counts a series as ended from the first
day of the following month. A range (django>=4.2) is judged at the lowest
version it allows.

Fix: upgrade to a supported series, preferably the newest LTS, following
Django's release notes for each series in between.`,
			Run: runDjangoVersion("eol"),
		},
		{
			ID: "dc.django_version.security", Topic: finding.TopicDjangoVersion, Severity: finding.Warning, FilesOnly: true,
			Doc: `The pinned Django is older than the newest security release of its series.

Django publishes security fixes as patch releases of each supported series
(4.2.16, 5.1.1, ...); a patch release changes nothing else, so staying on an
older one only keeps known vulnerabilities open. deploycheck compares the
pinned version with the newest security release of the series in its dated
table (built in; --django-data FILE replaces it). Releases after the
table's date are unknown to it. A range is judged at the lowest version it
allows.

Fix: pin the newest patch release of the series (pip install -U
"django~=X.Y.0", then update the lock file).`,
			Run: runDjangoVersion("security"),
		},
		{
			ID: "dc.django_version.eol-soon", Topic: finding.TopicDjangoVersion, Severity: finding.Info, FilesOnly: true,
			Doc: `The pinned Django series stops receiving security fixes within six months.

An upgrade across series needs reading release notes and testing; starting
it before support ends avoids running an unpatched Django afterwards.

Fix: plan the upgrade to a supported series, preferably the newest LTS.`,
			Run: runDjangoVersion("eol-soon"),
		},
	}
}

// releaseTable is the table the version checks use.
func (p *Pass) releaseTable() *djangodata.Table {
	if p.DjangoData != nil {
		return p.DjangoData
	}
	return djangodata.Embedded()
}

// judgeDay is the day support dates are judged on.
func (p *Pass) judgeDay() time.Time {
	if !p.today.IsZero() {
		return p.today
	}
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// runDjangoVersion reports one kind of verdict: "eol", "eol-soon" or
// "security".
func runDjangoVersion(kind string) func(*Pass) {
	return func(p *Pass) {
		if p.Project == nil || p.Project.Django.Requirement == nil {
			return
		}
		req := p.Project.Django.Requirement
		version := req.Version
		if version == "" {
			version = req.Lowest
		}
		if version == "" {
			return // no lower bound: nothing to judge
		}
		table := p.releaseTable()
		today := p.judgeDay()
		v, err := table.Judge(version, today)
		if err != nil {
			return
		}
		subject := describePin(req, v.Version)
		tableNote := fmt.Sprintf("Django release table of %s", table.Date)
		f := finding.Finding{File: p.deployFileRel(req.File), Line: req.Line}
		switch kind {
		case "eol":
			if v.Status != djangodata.Ended {
				return
			}
			if v.Series == nil {
				oldest := table.Series[0]
				f.Message = fmt.Sprintf("%s is older than every series in the %s (the oldest, %s, lost support in %s): it gets no security fixes.", subject, tableNote, oldest.Series, releaseMonth(oldest.EndOfLife))
			} else {
				last := ""
				if v.Series.LatestSecurity != "" {
					last = fmt.Sprintf("; its last security release known is %s", v.Series.LatestSecurity)
				}
				f.Message = fmt.Sprintf("%s belongs to Django %s, whose security support ended in %s (%s%s): vulnerabilities found since then are not fixed in it.", subject, releaseSeriesName(v.Series), releaseMonth(v.Series.EndOfLife), tableNote, last)
			}
			f.Hint = "Upgrade to a supported series: " + supportedList(table, today) + "."
		case "eol-soon":
			if v.Status != djangodata.EndingSoon {
				return
			}
			f.Message = fmt.Sprintf("%s belongs to Django %s, whose security support ends in %s (%s).", subject, releaseSeriesName(v.Series), releaseMonth(v.Series.EndOfLife), tableNote)
			f.Hint = "Plan the upgrade to a supported series before then: " + supportedList(table, today) + "."
		case "security":
			if !v.MissesSecurity || v.Status == djangodata.Ended {
				return
			}
			f.Message = fmt.Sprintf("%s is older than %s, the newest security release of Django %s in the %s: it lacks fixes for published vulnerabilities.", subject, v.Series.LatestSecurity, v.Series.Series, tableNote)
			f.Hint = fmt.Sprintf("Pin Django %s or later (a patch release changes nothing but fixes), and update the lock file.", v.Series.LatestSecurity)
		}
		p.Report(f)
	}
}

// describePin names the version judged and where it comes from; for a
// range it says that the lowest allowed version is judged.
func describePin(req *deployfiles.DjangoRequirement, v djangodata.Version) string {
	switch {
	case req.Locked:
		return "Django " + req.Version + " (locked)"
	case req.Version != "":
		return "Django " + req.Version
	}
	return fmt.Sprintf("Django%s, judged at the lowest version it allows (%s),", req.Specifier, strings.TrimSuffix(v.String(), ".0"))
}

// releaseSeriesName is "4.2 LTS" or "5.1".
func releaseSeriesName(s *djangodata.Series) string {
	if s.LTS {
		return s.Series + " LTS"
	}
	return s.Series
}

// releaseMonth renders a table date for messages: "April 2024", or "2 April
// 2024" for a full date.
func releaseMonth(date string) string {
	if d, err := time.Parse("2006-01-02", date); err == nil {
		return d.Format("2 January 2006")
	}
	if d, err := time.Parse("2006-01", date); err == nil {
		return d.Format("January 2006")
	}
	return date
}

// supportedList names the series still supported on today, newest LTS
// first: "5.2 LTS (until April 2028), 6.0 (until April 2027)".
func supportedList(t *djangodata.Table, today time.Time) string {
	list := t.Supported(today)
	if len(list) == 0 {
		return "see Django's supported versions page (the release table knows no supported series on this date)"
	}
	var lts, rest []string
	for _, s := range list {
		item := fmt.Sprintf("%s (until %s)", releaseSeriesName(s), releaseMonth(s.EndOfLife))
		if s.LTS {
			lts = append([]string{item}, lts...)
		} else {
			rest = append(rest, item)
		}
	}
	return strings.Join(append(lts, rest...), ", ")
}
