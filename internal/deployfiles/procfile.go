package deployfiles

import (
	"strings"
)

// Procfile is the model of a Procfile (Heroku, Dokku, foreman, honcho).
type Procfile struct {
	// Path is the file's path, as given to ParseProcfile.
	Path string
	// Processes are the file's process types, in file order.
	Processes []Process
}

// Process is one "name: command" line of a Procfile.
type Process struct {
	// Name is the process type (web, worker, release, ...).
	Name string
	// Command is the command line, run by a shell.
	Command Command
}

// Process returns the process named name, or nil.
func (p *Procfile) Process(name string) *Process {
	for i := range p.Processes {
		if p.Processes[i].Name == name {
			return &p.Processes[i]
		}
	}
	return nil
}

// ParseProcfile parses the Procfile at path whose content is data. Blank
// lines and lines starting with # are skipped; any other line must be
// "name: command", where name is made of letters, digits, '_' and '-'.
func ParseProcfile(path string, data []byte) (*Procfile, error) {
	errs := &errorList{file: path}
	pf := &Procfile{Path: path}
	text := strings.TrimPrefix(string(data), "\xef\xbb\xbf")
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		name, cmd, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		switch {
		case !ok:
			errs.add(n, "expected \"name: command\", found %q", line)
			continue
		case !isProcessName(name):
			errs.add(n, "process name %q may only hold letters, digits, '_' and '-'", name)
			continue
		}
		cmd = strings.TrimSpace(cmd)
		if cmd == "" {
			errs.add(n, "process %s has no command", name)
			continue
		}
		pf.Processes = append(pf.Processes, Process{Name: name, Command: Command{Shell: cmd, Line: n}})
	}
	return pf, errs.err()
}

func isProcessName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
