package deployfiles

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	pep440 "github.com/aquasecurity/go-pep440-version"
)

// Requirement is one dependency a Python requirements file or project file
// declares.
type Requirement struct {
	// Name is the project name, normalized as PEP 503 says (lower case,
	// runs of -, _ and . turned into one -).
	Name string
	// Specifier is the PEP 440 version specifier ("" for any version),
	// with blanks removed: ">=4.2,<5.0".
	Specifier string
	// Markers is the PEP 508 environment marker after ';', if any.
	Markers string
	// URL is set for a direct reference (name @ url).
	URL string
	// Line is the 1-based line of the requirement.
	Line int
}

// RequirementsFile is the model of a pip requirements file.
type RequirementsFile struct {
	// Path is the file's path, as given to ParseRequirements.
	Path string
	// Requirements are the file's requirements in file order.
	Requirements []Requirement
	// Includes are the files its -r and -c options name.
	Includes []Include
}

// Include is a -r (requirements) or -c (constraints) option.
type Include struct {
	// Path is the named file resolved against the including file's
	// directory; Raw is as written.
	Path, Raw string
	// Constraint is set for -c.
	Constraint bool
	Line       int
}

// NormalizeName normalizes a Python project name as PEP 503 says.
func NormalizeName(name string) string {
	return strings.ToLower(nameSeparators.ReplaceAllString(name, "-"))
}

var nameSeparators = regexp.MustCompile(`[-_.]+`)

// pep508 matches the start of a PEP 508 requirement: the name, optional
// extras, then the rest (version specifier, URL, markers).
var pep508 = regexp.MustCompile(`^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$`)

// ParseRequirement parses one PEP 508 requirement ("Django[argon2]>=4.2,<5
// ; python_version>='3.10'"). The line is left 0.
func ParseRequirement(s string) (Requirement, error) {
	s = strings.TrimSpace(s)
	m := pep508.FindStringSubmatch(s)
	if m == nil {
		return Requirement{}, fmt.Errorf("%q is not a valid requirement", s)
	}
	r := Requirement{Name: NormalizeName(m[1])}
	rest := m[3]
	if spec, markers, ok := strings.Cut(rest, ";"); ok {
		rest, r.Markers = spec, strings.TrimSpace(markers)
	}
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "@") {
		r.URL = strings.TrimSpace(rest[1:])
		if r.URL == "" {
			return Requirement{}, fmt.Errorf("requirement %s has '@' but no URL", m[1])
		}
		return r, nil
	}
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		rest = rest[1 : len(rest)-1]
	}
	spec := strings.Join(strings.Fields(rest), "")
	if spec != "" {
		if err := checkSpecifier(spec); err != nil {
			return Requirement{}, fmt.Errorf("requirement %s: %w", m[1], err)
		}
	}
	r.Specifier = spec
	return r, nil
}

// specClause matches one clause of a specifier.
var specClause = regexp.MustCompile(`^(===|==|!=|~=|<=|>=|<|>)(.+)$`)

// checkSpecifier validates a PEP 440 specifier such as ">=4.2,<5.0".
func checkSpecifier(spec string) error {
	for _, c := range strings.Split(spec, ",") {
		m := specClause.FindStringSubmatch(c)
		if m == nil {
			return fmt.Errorf("invalid version specifier %q", c)
		}
		if m[1] == "===" {
			continue
		}
		if _, err := pep440.NewSpecifiers(c); err != nil {
			return fmt.Errorf("invalid version specifier %q", c)
		}
	}
	return nil
}

// ParseRequirements parses the pip requirements file at path whose content
// is data. It understands comments, line continuations, -r/--requirement
// and -c/--constraint (as Includes, not followed here), and skips the other
// options (-e, --index-url, --hash, ...) and plain URL or path lines.
func ParseRequirements(path string, data []byte) (*RequirementsFile, error) {
	errs := &errorList{file: path}
	rf := &RequirementsFile{Path: path}
	dir := filepath.Dir(path)
	lines := strings.Split(strings.TrimPrefix(string(data), "\xef\xbb\xbf"), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		line := strings.TrimSuffix(lines[i], "\r")
		// A backslash at the very end joins the next line.
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			line = line[:len(line)-1] + strings.TrimSuffix(lines[i], "\r")
		}
		line = strings.TrimSpace(stripRequirementComment(line))
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "-") {
			if inc, ok := requirementInclude(line); ok {
				if inc.Raw == "" {
					errs.add(start, "%s needs a file name", strings.Fields(line)[0])
					continue
				}
				inc.Line = start
				inc.Path = inc.Raw
				if !filepath.IsAbs(inc.Path) && !strings.Contains(inc.Raw, "://") {
					inc.Path = filepath.Join(dir, filepath.FromSlash(inc.Raw))
				}
				rf.Includes = append(rf.Includes, inc)
			}
			continue
		}
		if isPathOrURL(line) {
			continue
		}
		// Per-requirement options (--hash, --config-settings) follow the
		// requirement after a blank.
		if i := strings.Index(line, " --"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		r, err := ParseRequirement(line)
		if err != nil {
			errs.add(start, "%v", err)
			continue
		}
		r.Line = start
		rf.Requirements = append(rf.Requirements, r)
	}
	return rf, errs.err()
}

// stripRequirementComment removes a comment: a # at the start of the line or
// after a blank, as pip does.
func stripRequirementComment(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

// requirementInclude reads a -r or -c option line.
func requirementInclude(line string) (Include, bool) {
	for _, o := range []struct {
		short, long string
		constraint  bool
	}{{"-r", "--requirement", false}, {"-c", "--constraint", true}} {
		for _, flag := range []string{o.long, o.short} {
			if !strings.HasPrefix(line, flag) {
				continue
			}
			rest := line[len(flag):]
			switch {
			case rest == "":
			case rest[0] == '=' && flag == o.long:
				rest = rest[1:]
			case rest[0] == ' ' || rest[0] == '\t':
			case flag == o.short:
				// -rfile.txt
			default:
				continue
			}
			return Include{Raw: strings.TrimSpace(rest), Constraint: o.constraint}, true
		}
	}
	return Include{}, false
}

// isPathOrURL reports whether a requirements line names a local path or an
// archive URL instead of a project.
func isPathOrURL(line string) bool {
	if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "/") || strings.HasPrefix(line, "~") {
		return true
	}
	return strings.Contains(line, "://") && !directReference.MatchString(line)
}

// directReference matches the start of "name[extras] @ url".
var directReference = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@`)
