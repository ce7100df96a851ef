package deployfiles

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// LockedPackage is one package pinned by a lock file.
type LockedPackage struct {
	// Name is the normalized project name.
	Name string
	// Version is the locked version.
	Version string
	// Line is the line that names the package (or, where that cannot be
	// found, 0).
	Line int
}

// ParsePoetryLock reads the packages of a poetry.lock file.
func ParsePoetryLock(path string, data []byte) ([]LockedPackage, error) {
	return parseTOMLLock(path, data)
}

// ParseUVLock reads the packages of a uv.lock file.
func ParseUVLock(path string, data []byte) ([]LockedPackage, error) {
	return parseTOMLLock(path, data)
}

// parseTOMLLock reads the [[package]] tables that poetry.lock and uv.lock
// share: name and version keys.
func parseTOMLLock(path string, data []byte) (pkgs []LockedPackage, err error) {
	errs := &errorList{file: path}
	defer func() { err = errs.err() }()
	defer guard(errs, "TOML")
	var lock struct {
		Package []struct {
			Name    string `toml:"name"`
			Version string `toml:"version"`
		} `toml:"package"`
	}
	if _, terr := toml.Decode(string(data), &lock); terr != nil {
		errs.add(tomlErrorLine(terr), "%s", tomlErrorText(terr))
		return nil, nil
	}
	for _, p := range lock.Package {
		if p.Name == "" {
			continue
		}
		pkgs = append(pkgs, LockedPackage{
			Name:    NormalizeName(p.Name),
			Version: p.Version,
			Line:    findTOMLKeyLine(data, "name", p.Name),
		})
	}
	return pkgs, nil
}

// ParsePipfileLock reads the packages of a Pipfile.lock's "default"
// section (the ones installed for production).
func ParsePipfileLock(path string, data []byte) ([]LockedPackage, error) {
	errs := &errorList{file: path}
	var lock struct {
		Default map[string]struct {
			Version string `json:"version"`
		} `json:"default"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = lineOf(data, int(se.Offset))
		}
		errs.add(line, "%v", err)
		return nil, errs.err()
	}
	var pkgs []LockedPackage
	for name, p := range lock.Default {
		pkgs = append(pkgs, LockedPackage{
			Name:    NormalizeName(name),
			Version: strings.TrimPrefix(strings.TrimSpace(p.Version), "=="),
			Line:    findLine(data, strconv.Quote(name)+":", strconv.Quote(name)+" :"),
		})
	}
	sortByLine(pkgs, func(p LockedPackage) (int, string) { return p.Line, p.Name })
	return pkgs, nil
}

// ParsePyproject reads the dependencies a pyproject.toml declares:
// PEP 621 [project] dependencies and [tool.poetry.dependencies]. Poetry's
// constraints (^4.2, ~4.2, 4.2.*, bare versions) are turned into PEP 440
// specifiers.
func ParsePyproject(path string, data []byte) (reqs []Requirement, err error) {
	errs := &errorList{file: path}
	defer func() { err = errs.err() }()
	defer guard(errs, "TOML")
	var doc struct {
		Project struct {
			Dependencies []string `toml:"dependencies"`
		} `toml:"project"`
		Tool struct {
			Poetry struct {
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"poetry"`
		} `toml:"tool"`
	}
	if _, terr := toml.Decode(string(data), &doc); terr != nil {
		errs.add(tomlErrorLine(terr), "%s", tomlErrorText(terr))
		return nil, nil
	}
	for _, dep := range doc.Project.Dependencies {
		line := findLine(data, strconv.Quote(dep), "'"+dep+"'")
		r, perr := ParseRequirement(dep)
		if perr != nil {
			errs.add(line, "%v", perr)
			continue
		}
		r.Line = line
		reqs = append(reqs, r)
	}
	for name, v := range doc.Tool.Poetry.Dependencies {
		if NormalizeName(name) == "python" {
			continue
		}
		line := findTOMLKeyLine(data, "", name)
		var constraint string
		switch c := v.(type) {
		case string:
			constraint = c
		case map[string]any:
			constraint, _ = c["version"].(string)
		case []any:
			// Several constraints with markers; take the first.
			if len(c) > 0 {
				if m, ok := c[0].(map[string]any); ok {
					constraint, _ = m["version"].(string)
				}
			}
		}
		spec, perr := poetryToPEP440(constraint)
		if perr != nil {
			errs.add(line, "dependency %s: %v", name, perr)
			continue
		}
		reqs = append(reqs, Requirement{Name: NormalizeName(name), Specifier: spec, Line: line})
	}
	sortByLine(reqs, func(r Requirement) (int, string) { return r.Line, r.Name })
	return reqs, nil
}

// ParseSetupCfg reads the install_requires of a setup.cfg's [options]
// section.
func ParseSetupCfg(path string, data []byte) ([]Requirement, error) {
	errs := &errorList{file: path}
	var reqs []Requirement
	section := ""
	inValue := false
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, " \t\r")
		t := strings.TrimSpace(line)
		if inValue && line != "" && (line[0] == ' ' || line[0] == '\t') {
			addSetupRequirement(&reqs, errs, t, i+1)
			continue
		}
		inValue = false
		switch {
		case t == "" || t[0] == '#' || t[0] == ';':
		case t[0] == '[':
			section = strings.TrimSpace(strings.Trim(t, "[]"))
		case section == "options":
			key, value, ok := strings.Cut(t, "=")
			if !ok {
				key, value, ok = strings.Cut(t, ":")
			}
			if ok && strings.TrimSpace(key) == "install_requires" {
				inValue = true
				for _, part := range strings.Split(value, ";") {
					addSetupRequirement(&reqs, errs, strings.TrimSpace(part), i+1)
				}
			}
		}
	}
	return reqs, errs.err()
}

func addSetupRequirement(reqs *[]Requirement, errs *errorList, text string, line int) {
	text = strings.TrimSpace(stripRequirementComment(text))
	if text == "" {
		return
	}
	r, err := ParseRequirement(text)
	if err != nil {
		errs.add(line, "%v", err)
		return
	}
	r.Line = line
	*reqs = append(*reqs, r)
}

// poetryToPEP440 turns a Poetry version constraint into a PEP 440
// specifier.
func poetryToPEP440(c string) (string, error) {
	c = strings.TrimSpace(c)
	if c == "" || c == "*" {
		return "", nil
	}
	if strings.Contains(c, "||") {
		return "", fmt.Errorf("constraint %q has alternatives (||), which deploycheck does not read", c)
	}
	var clauses []string
	for _, part := range strings.Split(c, ",") {
		part = strings.Join(strings.Fields(part), "")
		switch {
		case part == "":
			continue
		case strings.HasPrefix(part, "^"):
			lo, hi, err := caretBounds(part[1:])
			if err != nil {
				return "", err
			}
			clauses = append(clauses, ">="+lo, "<"+hi)
		case strings.HasPrefix(part, "~") && !strings.HasPrefix(part, "~="):
			lo, hi, err := tildeBounds(part[1:])
			if err != nil {
				return "", err
			}
			clauses = append(clauses, ">="+lo, "<"+hi)
		case specClause.MatchString(part):
			clauses = append(clauses, part)
		default:
			clauses = append(clauses, "=="+part)
		}
	}
	spec := strings.Join(clauses, ",")
	if spec != "" {
		if err := checkSpecifier(spec); err != nil {
			return "", err
		}
	}
	return spec, nil
}

var releaseNumbers = regexp.MustCompile(`^\d+(\.\d+)*`)

// releaseParts returns the numeric release parts at the start of v.
func releaseParts(v string) ([]int, error) {
	m := releaseNumbers.FindString(v)
	if m == "" {
		return nil, fmt.Errorf("invalid version %q", v)
	}
	var parts []int
	for _, p := range strings.Split(m, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("invalid version %q", v)
		}
		parts = append(parts, n)
	}
	return parts, nil
}

func joinParts(parts []int) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ".")
}

// caretBounds gives Poetry's ^v range: up to the next change of the left-most
// non-zero part.
func caretBounds(v string) (string, string, error) {
	parts, err := releaseParts(v)
	if err != nil {
		return "", "", err
	}
	i := 0
	for i < len(parts)-1 && parts[i] == 0 {
		i++
	}
	hi := append([]int(nil), parts[:i+1]...)
	hi[i]++
	return v, joinParts(hi), nil
}

// tildeBounds gives Poetry's ~v range: the next minor version, or the next
// major when only a major is given.
func tildeBounds(v string) (string, string, error) {
	parts, err := releaseParts(v)
	if err != nil {
		return "", "", err
	}
	i := 1
	if len(parts) == 1 {
		i = 0
	}
	hi := append([]int(nil), parts[:i+1]...)
	hi[i]++
	return v, joinParts(hi), nil
}

// tomlErrorLine returns the line of a TOML decoding error, or 0.
func tomlErrorLine(err error) int {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.Position.Line
	}
	return 0
}

// tomlErrorText is a TOML error's message without the library's position
// prefix (the line is reported separately).
func tomlErrorText(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return "TOML: " + pe.Message
	}
	return err.Error()
}

// findTOMLKeyLine returns the line of the first `key = "value"` line (or,
// with key empty, of the first line whose key is value), compared without
// case; 0 if none.
func findTOMLKeyLine(data []byte, key, value string) int {
	for i, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		if key == "" {
			if NormalizeName(k) == NormalizeName(value) {
				return i + 1
			}
		} else if strings.EqualFold(k, key) && NormalizeName(v) == NormalizeName(value) {
			return i + 1
		}
	}
	return 0
}

// sortByLine puts items read from a map into file order.
func sortByLine[T any](items []T, key func(T) (int, string)) {
	sort.SliceStable(items, func(i, j int) bool {
		li, ni := key(items[i])
		lj, nj := key(items[j])
		if li != lj {
			return li < lj
		}
		return ni < nj
	})
}

// findLine returns the line of the first occurrence of any of the needles,
// or 0.
func findLine(data []byte, needles ...string) int {
	s := string(data)
	best := -1
	for _, n := range needles {
		if i := strings.Index(s, n); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return 0
	}
	return lineOf(data, best)
}
