package oracle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout bounds one run of Django or deploycheck.
const DefaultTimeout = 30 * time.Second

// Django runs real Django's `manage.py check --deploy`.
type Django struct {
	// Python is the interpreter (an absolute path is best: a pyenv shim
	// costs a noticeable fraction of a run).
	Python string
	// PythonPath holds Django and its libraries
	// ($DEPLOYCHECK_DJANGO_PYTHONPATH); the project folder is appended.
	PythonPath string
	// PycachePrefix, when set, is where Python keeps bytecode
	// (-X pycache_prefix); otherwise Python runs with -B. Either way no
	// __pycache__ folder appears inside a project.
	PycachePrefix string
	// Timeout bounds one run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// DjangoFromEnv configures a Django runner from the environment that
// scripts/oracle-deps prepares: DEPLOYCHECK_DJANGO_PYTHONPATH (required) and
// DEPLOYCHECK_PYTHON (optional, default python3 on PATH, resolved to the
// real executable behind any shim).
func DjangoFromEnv() (Django, error) {
	pp := os.Getenv("DEPLOYCHECK_DJANGO_PYTHONPATH")
	if pp == "" {
		return Django{}, errors.New("DEPLOYCHECK_DJANGO_PYTHONPATH is not set (source .cache/deps/env.sh, written by scripts/oracle-deps)")
	}
	py := os.Getenv("DEPLOYCHECK_PYTHON")
	if py == "" {
		py = "python3"
	}
	exe, err := resolvePython(py)
	if err != nil {
		return Django{}, err
	}
	return Django{Python: exe, PythonPath: pp}, nil
}

// resolvePython returns the real executable of a Python interpreter, so that
// runs skip wrappers such as pyenv shims.
func resolvePython(py string) (string, error) {
	path, err := exec.LookPath(py)
	if err != nil {
		return "", fmt.Errorf("python: %w", err)
	}
	cmd := exec.Command(path, "-c", "import sys; print(sys.executable)")
	cmd.Dir = "/"
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("python: %s does not run: %w", path, err)
	}
	exe := strings.TrimSpace(string(out))
	if exe == "" {
		return path, nil
	}
	return exe, nil
}

var defaultDjango = sync.OnceValues(DjangoFromEnv)

// RunDjango runs real Django on a case with DjangoFromEnv's configuration and
// DefaultTimeout.
func RunDjango(c Case) (Result, error) {
	return RunDjangoContext(context.Background(), c)
}

// RunDjangoContext is RunDjango with a context.
func RunDjangoContext(ctx context.Context, c Case) (Result, error) {
	d, err := defaultDjango()
	if err != nil {
		return Result{}, err
	}
	return d.Run(ctx, c)
}

// Run runs `python3 manage.py check --deploy` in the case's project folder.
// Its environment is the case's env file and nothing else but PATH, HOME,
// LANG=C.UTF-8, PYTHONPATH (Django's, then the project folder) and
// DJANGO_SETTINGS_MODULE.
func (d Django) Run(ctx context.Context, c Case) (Result, error) {
	vars, err := ReadEnvFile(c.EnvFile)
	if err != nil {
		return Result{}, fmt.Errorf("django %s: %w", c.ID, err)
	}
	env := make([]string, 0, len(vars)+5)
	for _, v := range vars {
		env = append(env, v.Name+"="+v.Value)
	}
	env = append(env,
		"PATH="+os.Getenv("PATH"),
		"HOME="+os.Getenv("HOME"),
		"LANG=C.UTF-8",
		"PYTHONPATH="+d.PythonPath+":"+c.ProjectDir,
		"DJANGO_SETTINGS_MODULE="+c.SettingsModule,
	)
	args := []string{"-B"}
	if d.PycachePrefix != "" {
		args = []string{"-X", "pycache_prefix=" + d.PycachePrefix}
	}
	args = append(args, "manage.py", "check", "--deploy")
	stdout, stderr, exit, err := run(ctx, d.Timeout, c.ProjectDir, env, d.Python, args...)
	if err != nil {
		return Result{}, fmt.Errorf("django %s: %w", c.ID, err)
	}
	r, err := ParseDjangoOutput(stdout, stderr, exit)
	if err != nil {
		return r, fmt.Errorf("django %s: %w\n%s", c.ID, err, r.Output)
	}
	return r, nil
}

// run runs a command with a timeout and returns its output and exit status.
// Only a failure to start, a signal or the timeout is an error.
func run(ctx context.Context, timeout time.Duration, dir string, env []string, name string, args ...string) (stdout, stderr string, exit int, err error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	stdout, stderr = o.String(), e.String()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return stdout, stderr, -1, fmt.Errorf("%s timed out after %s\nstderr:\n%s", name, timeout, tail(stderr, 2000))
		}
		return stdout, stderr, -1, fmt.Errorf("%s: %w", name, ctx.Err())
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return stdout, stderr, 0, nil
	case errors.As(err, &ee) && ee.Exited():
		return stdout, stderr, ee.ExitCode(), nil
	default:
		return stdout, stderr, -1, fmt.Errorf("%s: %w\nstderr:\n%s", name, err, tail(stderr, 2000))
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

var (
	footerRE = regexp.MustCompile(`^System check identified (?:no issues|1 issue|(\d+) issues) \((\d+) silenced\)\.$`)
	groupRE  = regexp.MustCompile(`^(?:CRITICALS|ERRORS|WARNINGS|INFOS|DEBUGS):$`)
	// A message line is "<obj>: (<id>) <msg>"; obj is "?", "app.Model" or
	// an object repr such as "<...DjangoTemplates object at 0x...>".
	messageIDRE = regexp.MustCompile(`^(?:\?|<[^>]*>|\S[^:]*): \(([^()\s]+)\) `)
)

// ParseDjangoOutput reads the output of `manage.py check --deploy`.
//
// When the checks ran, Django prints (to stdout with no visible issue, else
// to stderr) the messages grouped by level, each "obj: (id) msg" with an
// optional tab-indented "HINT:" line, and the footer
// "System check identified N issues (M silenced)."; the ids of those
// messages and M make the result. With no footer and a non-zero exit,
// Django crashed: the result is Fatal and Error is the last line of stderr
// (a traceback's last line).
func ParseDjangoOutput(stdout, stderr string, exit int) (Result, error) {
	r := Result{Exit: exit, Output: "stdout:\n" + stdout + "stderr:\n" + stderr}
	lines := strings.Split(strings.ReplaceAll(stdout+"\n"+stderr, "\r\n", "\n"), "\n")
	footer := -1
	for i, l := range lines {
		if footerRE.MatchString(l) {
			footer = i
		}
	}
	if footer < 0 {
		if exit == 0 {
			return r, errors.New("exit status 0 but no \"System check identified\" line")
		}
		r.Fatal = true
		r.Error = lastLine(stderr)
		if r.Error == "" {
			r.Error = lastLine(stdout)
		}
		if r.Error == "" {
			return r, fmt.Errorf("exit status %d with no output", exit)
		}
		return r, nil
	}
	m := footerRE.FindStringSubmatch(lines[footer])
	visible := 0
	switch {
	case m[1] != "":
		visible, _ = strconv.Atoi(m[1])
	case strings.Contains(lines[footer], "1 issue"):
		visible = 1
	}
	r.Silenced, _ = strconv.Atoi(m[2])

	// Messages sit between the group headers and the footer.
	var ids []string
	messages := 0
	inGroup := false
	for _, l := range lines[:footer] {
		switch {
		case groupRE.MatchString(l):
			inGroup = true
		case !inGroup || l == "" || l[0] == '\t' || l[0] == ' ':
			// header, blank line, hint or other continuation
		default:
			messages++
			if mm := messageIDRE.FindStringSubmatch(l); mm != nil {
				ids = append(ids, mm[1])
			}
		}
	}
	if messages != visible {
		return r, fmt.Errorf("found %d messages but the footer says %d", messages, visible)
	}
	r.IDs = NormalizeIDs(ids)
	return r, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n\r\t "), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
