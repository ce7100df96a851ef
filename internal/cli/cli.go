// Package cli is deploycheck's command line: flags in, exit status out.
// Exit status: 0 nothing at or above --fail-level, 1 findings at or above
// it, 2 usage or fatal error.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/deploycheck/deploycheck/internal/audit"
	"github.com/deploycheck/deploycheck/internal/checks"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/probe"
	"github.com/deploycheck/deploycheck/internal/report"
)

// Version is deploycheck's version, set at build time with -ldflags.
var Version = "0.1.0-dev"

// Exit statuses.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// exitError carries an exit status out of a command.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Main runs the command line and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	}
	fmt.Fprintf(stderr, "deploycheck: %v\n", err)
	return ExitError
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "deploycheck",
		Short:         "Check a Django project against the deployment checklist",
		Long:          "deploycheck reads a Django project's settings (without running them), its deployment files and its history, and reports what stands between it and a safe production deployment.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newCheck(stdout, stderr), newExplain(stdout), newProbe(stdout, stderr))
	return root
}

type checkFlags struct {
	settings      string
	envFiles      []string
	env           []string
	format        string
	failLevel     string
	djangoVersion string
	djangoData    string
	color         string
	verbose       bool
}

func newCheck(stdout, stderr io.Writer) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [PATH]",
		Short: "Audit a project's settings and deployment files",
		Long: "Audit the Django project at PATH (default: the current directory). The production settings module is\n" +
			"discovered from --settings, the environment, the Dockerfile, compose, systemd, Procfile or manage.py.\n" +
			"Without --env/--env-file, verdicts that depend on an environment variable are reported as conditional.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "."
			if len(args) == 1 {
				path = args[0]
			}
			return runCheck(cmd.Context(), path, f, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.settings, "settings", "", "settings module to audit (e.g. config.settings.production)")
	fl.StringArrayVar(&f.envFiles, "env-file", nil, "dotenv file with the production environment (repeatable)")
	fl.StringArrayVar(&f.env, "env", nil, "NAME=VALUE environment variable (repeatable; overrides --env-file)")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringVar(&f.failLevel, "fail-level", "warning", "exit 1 when findings at or above this severity exist: info, warning, error, critical")
	fl.StringVar(&f.djangoVersion, "django-version", "", "Django version to reason about (default: from requirements/lock files, else 5.2)")
	fl.StringVar(&f.djangoData, "django-data", "", "JSON table of Django release series that replaces the built-in one (same schema)")
	fl.StringVar(&f.color, "color", "auto", "colour text output: auto, always or never")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "also show silenced findings and every environment read")
	return cmd
}

func runCheck(ctx context.Context, path string, f checkFlags, stdout, stderr io.Writer) error {
	level, err := finding.ParseSeverity(f.failLevel)
	if err != nil {
		return fmt.Errorf("--fail-level: %w", err)
	}
	if f.format != "text" && f.format != "json" {
		return fmt.Errorf("--format %q: want text or json", f.format)
	}
	r, err := audit.Run(ctx, audit.Options{
		Path: path, Settings: f.settings, EnvFiles: f.envFiles, Env: f.env,
		DjangoVersion: f.djangoVersion, DjangoData: f.djangoData, ToolVersion: Version,
	})
	if err != nil {
		return err
	}
	err = writeReport(stdout, r, f.format, f.color, f.verbose)
	if err != nil {
		return err
	}
	if r.AtOrAbove(level) > 0 {
		return &exitError{ExitFindings}
	}
	return nil
}

func newExplain(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "explain [ID]",
		Short: "Explain a check: what it finds, why it matters, how to fix it",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			all := explainable()
			if len(args) == 0 {
				ids := make([]string, 0, len(all))
				for _, c := range all {
					ids = append(ids, fmt.Sprintf("%-28s %-22s %s", c.id, c.topic, c.severity))
				}
				sort.Strings(ids)
				fmt.Fprintln(stdout, strings.Join(ids, "\n"))
				return nil
			}
			for _, c := range all {
				if strings.EqualFold(c.id, args[0]) {
					fmt.Fprintf(stdout, "%s (%s, topic %s, severity %s)\n\n%s\n", c.id, c.origin, c.topic, c.severity, strings.TrimSpace(c.doc))
					return nil
				}
			}
			return fmt.Errorf("no check has the id %q (run `deploycheck explain` for the list)", args[0])
		},
	}
}

// explained is one documented check, static or live.
type explained struct {
	id, origin, doc string
	topic           finding.Topic
	severity        finding.Severity
}

// explainable lists every check explain knows: the settings checks and the
// live-site probe's.
func explainable() []explained {
	var out []explained
	for _, c := range checks.All() {
		origin := "deploycheck"
		if c.Django {
			origin = "Django system check"
		}
		out = append(out, explained{id: c.ID, origin: origin, doc: c.Doc, topic: c.Topic, severity: c.Severity})
	}
	for _, c := range probe.Checks() {
		out = append(out, explained{id: c.ID, origin: "deploycheck probe, live site", doc: c.Doc, topic: c.Topic, severity: c.Severity})
	}
	return out
}

// writeReport renders a report in the chosen format; colour is "always",
// "never" or "auto" (on a terminal, unless NO_COLOR is set).
func writeReport(stdout io.Writer, r *report.Report, format, colorMode string, verbose bool) error {
	if format == "json" {
		return report.WriteJSON(stdout, r)
	}
	color := colorMode == "always"
	if colorMode == "auto" {
		if file, ok := stdout.(*os.File); ok && term.IsTerminal(int(file.Fd())) && os.Getenv("NO_COLOR") == "" {
			color = true
		}
	}
	return report.WriteText(stdout, r, report.TextOptions{Color: color, Verbose: verbose})
}
