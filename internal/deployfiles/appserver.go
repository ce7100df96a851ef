package deployfiles

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// ServerOption is one option of an app server's configuration file
// (gunicorn.conf.py, a uWSGI ini file).
type ServerOption struct {
	// Name is the option's name as the server spells it in its file
	// (gunicorn: reload, bind; uWSGI: py-autoreload, http).
	Name string
	// Values are the option's values as text: one for most options,
	// several for a list (gunicorn bind = [...]) or a repeated ini key.
	// A boolean is "true" or "false".
	Values []string
	// Line is the 1-based line that sets it.
	Line int
	// Unknown is set when the value could not be decided statically; it
	// then says why, and Values is empty.
	Unknown string
}

// AppServerConfig is the configuration file of a WSGI/ASGI server.
type AppServerConfig struct {
	// Path is the file's path.
	Path string
	// Server is "gunicorn" or "uwsgi".
	Server string
	// Options are the options the file sets, in file order (for an ini
	// file, those of its [uwsgi] section).
	Options []ServerOption
}

// Option returns the last setting of the named option, or nil.
func (c *AppServerConfig) Option(name string) *ServerOption {
	var out *ServerOption
	for i := range c.Options {
		if c.Options[i].Name == name {
			out = &c.Options[i]
		}
	}
	return out
}

// ParseUWSGIIni parses a uWSGI ini file: its [uwsgi] section (the one
// uWSGI reads unless told otherwise), "key = value" lines, # and ; comments.
// A key given several times keeps every value, as uWSGI does for options
// that take many (socket, env).
func ParseUWSGIIni(path string, data []byte) (*AppServerConfig, error) {
	errs := &errorList{file: path}
	cfg := &AppServerConfig{Path: path, Server: "uwsgi"}
	defer guard(errs, "uWSGI ini")
	section := ""
	sawSection := false
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				errs.add(n, "section header %q has no closing ]", line)
				continue
			}
			section = strings.TrimSpace(line[1:end])
			sawSection = true
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			errs.add(n, "expected \"key = value\", found %q", line)
			continue
		}
		if section != "uwsgi" {
			continue
		}
		key = strings.TrimSpace(key)
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' && value[len(value)-1] == '"' || value[0] == '\'' && value[len(value)-1] == '\'') {
			value = value[1 : len(value)-1]
		}
		// uWSGI spells options with - or _ alike.
		key = strings.ReplaceAll(key, "_", "-")
		// A repeated key adds a value: the last setting holds them all.
		values := []string{value}
		if prev := cfg.Option(key); prev != nil {
			values = append(append([]string{}, prev.Values...), value)
		}
		cfg.Options = append(cfg.Options, ServerOption{Name: key, Values: values, Line: n})
	}
	if err := sc.Err(); err != nil {
		errs.add(0, "cannot read the file: %v", err)
	}
	if !sawSection {
		errs.add(0, "no [uwsgi] section: uWSGI would read nothing from this file")
	}
	return cfg, errs.err()
}

// DockerIgnore is a parsed .dockerignore file.
type DockerIgnore struct {
	// Path is the file's path.
	Path string
	// Patterns are the file's patterns, as Docker reads them.
	Patterns []string
	matcher  *patternmatcher.PatternMatcher
}

// ParseDockerIgnore parses a .dockerignore file with Docker's own reader
// and matcher.
func ParseDockerIgnore(path string, data []byte) (*DockerIgnore, error) {
	errs := &errorList{file: path}
	di := &DockerIgnore{Path: path}
	defer guard(errs, ".dockerignore")
	pats, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		errs.add(0, "%v", err)
		return di, errs.err()
	}
	di.Patterns = pats
	m, err := patternmatcher.New(pats)
	if err != nil {
		errs.add(0, "%v", err)
		return di, errs.err()
	}
	di.matcher = m
	return di, errs.err()
}

// Excludes reports whether the file at rel (relative to the build context,
// with slashes) is left out of the build context.
func (d *DockerIgnore) Excludes(rel string) bool {
	if d == nil || d.matcher == nil {
		return false
	}
	ok, err := d.matcher.MatchesOrParentMatches(rel)
	return err == nil && ok
}
