package cli

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/deploycheck/deploycheck/internal/audit"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/probe"
	"github.com/deploycheck/deploycheck/internal/probe/grade"
	"github.com/deploycheck/deploycheck/internal/report"
)

type probeFlags struct {
	resolve      []string
	caFile       string
	insecure     bool
	timeout      time.Duration
	totalTimeout time.Duration
	maxRequests  int
	concurrency  int
	format       string
	failLevel    string
	color        string
	project      string
	settings     string
	envFiles     []string
	env          []string
}

func newProbe(stdout, stderr io.Writer) *cobra.Command {
	var f probeFlags
	cmd := &cobra.Command{
		Use:   "probe [flags] URL...",
		Short: "Audit a running deployment over HTTP and TLS",
		Long: "Probe the live site at the URLs given (several URLs of one site, such as its http:// and https://\n" +
			"forms, make one report): the redirect to HTTPS, TLS versions and certificate, HSTS, cookie flags,\n" +
			"forged Host headers, DEBUG pages, stock error pages, security headers, exposed files and the admin.\n" +
			"Only GET requests and TLS handshakes are sent, within a request budget and timeouts.\n" +
			"With --project, the project's settings are audited too and compared with what the site does.",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("probe needs at least one URL (e.g. deploycheck probe https://example.com/)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProbe(cmd.Context(), args, f, stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.resolve, "resolve", nil, "HOST:PORT:ADDR: connect to ADDR for HOST:PORT, still sending HOST as Host and SNI (repeatable; like curl)")
	fl.StringVar(&f.caFile, "ca-file", "", "PEM file of CA certificates to verify the site with instead of the system's")
	fl.BoolVar(&f.insecure, "insecure", false, "probe HTTPS even when the certificate does not verify (reported)")
	fl.DurationVar(&f.timeout, "timeout", probe.DefaultTimeout, "per-request timeout: connection, TLS handshake, headers and body")
	fl.DurationVar(&f.totalTimeout, "total-timeout", probe.DefaultTotalTimeout, "timeout of the whole probe")
	fl.IntVar(&f.maxRequests, "max-requests", probe.DefaultMaxRequests, "most requests (and TLS handshakes) per site")
	fl.IntVar(&f.concurrency, "concurrency", probe.DefaultConcurrency, "most requests in flight at once")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringVar(&f.failLevel, "fail-level", "warning", "exit 1 when findings at or above this severity exist: info, warning, error, critical")
	fl.StringVar(&f.color, "color", "auto", "colour text output: auto, always or never")
	fl.StringVar(&f.project, "project", "", "the Django project behind the site: audit it and compare its settings with the live site")
	fl.StringVar(&f.settings, "settings", "", "with --project: the settings module (default: discovered as by check)")
	fl.StringArrayVar(&f.envFiles, "env-file", nil, "with --project: dotenv file with the production environment (repeatable)")
	fl.StringArrayVar(&f.env, "env", nil, "with --project: NAME=VALUE environment variable (repeatable)")
	return cmd
}

// probeOptions checks the flags and URLs and turns them into the probe's
// options; every error is a usage error.
func probeOptions(urls []string, f probeFlags) (probe.Options, error) {
	opts := probe.Options{
		URLs: urls, Insecure: f.insecure, Timeout: f.timeout, TotalTimeout: f.totalTimeout,
		MaxRequests: f.maxRequests, Concurrency: f.concurrency, UserAgent: "deploycheck-probe/" + Version,
	}
	for _, u := range urls {
		if _, err := probe.ParseURL(u); err != nil {
			return opts, err
		}
	}
	for _, spec := range f.resolve {
		r, err := probe.ParseResolve(spec)
		if err != nil {
			return opts, err
		}
		opts.Resolve = append(opts.Resolve, r)
	}
	switch {
	case f.timeout <= 0:
		return opts, fmt.Errorf("--timeout %s: want a positive duration", f.timeout)
	case f.totalTimeout <= 0:
		return opts, fmt.Errorf("--total-timeout %s: want a positive duration", f.totalTimeout)
	case f.maxRequests < 1:
		return opts, fmt.Errorf("--max-requests %d: want at least 1", f.maxRequests)
	case f.concurrency < 1:
		return opts, fmt.Errorf("--concurrency %d: want at least 1", f.concurrency)
	case f.format != "text" && f.format != "json":
		return opts, fmt.Errorf("--format %q: want text or json", f.format)
	case f.project == "" && (f.settings != "" || len(f.envFiles) > 0 || len(f.env) > 0):
		return opts, errors.New("--settings, --env-file and --env describe the project: they need --project")
	}
	if f.caFile != "" {
		data, err := os.ReadFile(f.caFile)
		if err != nil {
			return opts, fmt.Errorf("--ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(data) {
			return opts, fmt.Errorf("--ca-file %s: no PEM certificate in it", f.caFile)
		}
		opts.RootCAs = pool
	}
	return opts, nil
}

func runProbe(ctx context.Context, urls []string, f probeFlags, stdout io.Writer) error {
	level, err := finding.ParseSeverity(f.failLevel)
	if err != nil {
		return fmt.Errorf("--fail-level: %w", err)
	}
	opts, err := probeOptions(urls, f)
	if err != nil {
		return err
	}
	r := &report.Report{Tool: "deploycheck", Version: Version}
	if f.project != "" {
		static, s, err := audit.Evaluate(ctx, audit.Options{
			Path: f.project, Settings: f.settings, EnvFiles: f.envFiles, Env: f.env, ToolVersion: Version,
		})
		if err != nil {
			return err
		}
		r = static
		if s != nil && !s.Fatal {
			opts.Expect = probe.ExpectFromSettings(s, static.Root)
		} else {
			r.Notes = append(r.Notes, "the project's settings could not be evaluated, so the live site is not compared with them")
		}
	}
	res, err := probe.Run(ctx, opts)
	if err != nil {
		return err
	}
	if opts.Expect != nil {
		probe.Reconcile(r.Findings, res)
	}
	r.Findings = append(r.Findings, res.Findings...)
	r.Notes = append(r.Notes, res.Notes...)
	r.Probe = &report.Probe{
		Targets: res.Targets, Grades: grade.Compute(res.Findings, res.Verified),
		Requests: res.Requests, DurationMS: res.Duration.Milliseconds(), Insecure: f.insecure,
	}
	r.Sort()
	err = writeReport(stdout, r, f.format, f.color, false)
	if err != nil {
		return err
	}
	if r.AtOrAbove(level) > 0 {
		return &exitError{ExitFindings}
	}
	return nil
}
