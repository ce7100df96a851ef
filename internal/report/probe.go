package report

import (
	"fmt"
	"strings"
	"time"
)

// Probe is what a live-site probe (deploycheck probe) adds to a report.
type Probe struct {
	// Targets are the URLs probed: those given and those derived from them.
	Targets []ProbeTarget `json:"targets"`
	// Grades grade each checklist topic the probe covers, and the whole.
	Grades ProbeGrades `json:"grades"`
	// Requests counts the HTTP requests and TLS handshakes made.
	Requests int `json:"requests"`
	// DurationMS is how long the probe took, in milliseconds.
	DurationMS int64 `json:"duration_ms"`
	// Insecure is set when certificates were not required to verify.
	Insecure bool `json:"insecure"`
}

// ProbeTarget is one URL the probe visited.
type ProbeTarget struct {
	URL string `json:"url"`
	// Given is set for URLs from the command line; the others were derived
	// (the http:// form of an https:// URL, the target of a redirect).
	Given bool `json:"given"`
	// Address is where --resolve sent the connection, when it did.
	Address string `json:"address,omitempty"`
	// Status is the HTTP status of the first answer (0 when none came).
	Status int `json:"status,omitempty"`
	// Location is that answer's redirect target, if any.
	Location string `json:"location,omitempty"`
	// Error says why no answer came.
	Error string `json:"error,omitempty"`
	// TLS describes the TLS endpoint of an https:// URL.
	TLS *ProbeTLS `json:"tls,omitempty"`
}

// ProbeTLS describes what a TLS endpoint negotiated and presented.
type ProbeTLS struct {
	// Version and Cipher are what a handshake offering everything got.
	Version string `json:"version"`
	Cipher  string `json:"cipher"`
	// Legacy lists the old versions (TLS 1.0, TLS 1.1) the server accepted
	// when offered alone.
	Legacy      []string          `json:"legacy_versions,omitempty"`
	Certificate *ProbeCertificate `json:"certificate,omitempty"`
}

// ProbeCertificate describes the leaf certificate a server presented.
type ProbeCertificate struct {
	Subject   string    `json:"subject"`
	Issuer    string    `json:"issuer"`
	Names     []string  `json:"names"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	// DaysLeft is the number of whole days until NotAfter (negative once
	// expired).
	DaysLeft int `json:"days_left"`
	// Verified is set when the chain and the host name verified.
	Verified bool `json:"verified"`
	// Error is why verification failed.
	Error string `json:"error,omitempty"`
}

// ProbeGrades are the live site's grades (scoring in docs/probe.md).
type ProbeGrades struct {
	Overall ProbeGrade   `json:"overall"`
	Topics  []ProbeGrade `json:"topics"`
}

// ProbeGrade is one grade.
type ProbeGrade struct {
	// Topic is the checklist topic graded (empty for the overall grade).
	Topic string `json:"topic,omitempty"`
	// Grade is A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D- or F; "n/a" when
	// the probe could not check the topic.
	Grade string `json:"grade"`
	// Score is 0 to 100 (0 with "n/a").
	Score int `json:"score"`
	// Findings counts the probe's findings of the topic.
	Findings int `json:"findings"`
	// Verified is set when the probe could check the topic.
	Verified bool `json:"verified"`
}

// writeProbeHeader writes the probe's targets and counts.
func writeProbeHeader(b *strings.Builder, r *Report, title string) {
	p := r.Probe
	fmt.Fprintf(b, "%s\n", title)
	for _, t := range p.Targets {
		line := "  " + t.URL
		if !t.Given {
			line += " (derived)"
		}
		if t.Address != "" {
			line += " via " + t.Address
		}
		switch {
		case t.Error != "":
			line += ": " + t.Error
		case t.Status != 0:
			line += fmt.Sprintf(": %d", t.Status)
			if t.Location != "" {
				line += " → " + t.Location
			}
		}
		b.WriteString(line + "\n")
		if t.TLS != nil {
			tl := fmt.Sprintf("    %s, %s", t.TLS.Version, t.TLS.Cipher)
			if len(t.TLS.Legacy) > 0 {
				tl += "; also accepts " + strings.Join(t.TLS.Legacy, ", ")
			}
			b.WriteString(tl + "\n")
			if c := t.TLS.Certificate; c != nil {
				state := "verified"
				if !c.Verified {
					state = "NOT verified: " + c.Error
				}
				fmt.Fprintf(b, "    certificate for %s, until %s (%d days), %s\n",
					strings.Join(c.Names, ", "), c.NotAfter.Format(time.DateOnly), c.DaysLeft, state)
			}
		}
	}
	insecure := ""
	if p.Insecure {
		insecure = ", certificates not required to verify (--insecure)"
	}
	fmt.Fprintf(b, "  %d requests in %.2f s%s\n", p.Requests, float64(p.DurationMS)/1000, insecure)
}

// writeGrades writes the grade table.
func writeGrades(b *strings.Builder, g ProbeGrades, title string) {
	fmt.Fprintf(b, "\n%s (live site; scoring in docs/probe.md)\n", title)
	row := func(name string, pg ProbeGrade) {
		if !pg.Verified {
			fmt.Fprintf(b, "  %-23s %-3s not checked\n", name, pg.Grade)
			return
		}
		fmt.Fprintf(b, "  %-23s %-3s %3d  (%d findings)\n", name, pg.Grade, pg.Score, pg.Findings)
	}
	row("overall", g.Overall)
	for _, t := range g.Topics {
		row(t.Topic, t)
	}
}
