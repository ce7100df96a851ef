package deployfiles

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	pep440 "github.com/aquasecurity/go-pep440-version"
)

// DjangoRequirement is the Django version a project pins.
type DjangoRequirement struct {
	// Version is the exact version: the one a lock file records or an
	// == / === pin gives. It is "" when the project only gives a range.
	Version string
	// Specifier is the PEP 440 specifier as declared (for a lock file,
	// "==" and the locked version); "" when Django is listed without one.
	Specifier string
	// Lowest is, for a range, the lowest version the range allows ("" when
	// it has no lower bound). For an exact version it equals Version.
	Lowest string
	// Locked is set when Version comes from a lock file.
	Locked bool
	// File and Line locate the requirement.
	File string
	Line int
}

// String describes the requirement for messages: "Django 4.2.7 (locked in
// poetry.lock:120)".
func (d *DjangoRequirement) String() string {
	where := fmt.Sprintf("%s:%d", d.File, d.Line)
	switch {
	case d.Locked:
		return fmt.Sprintf("Django %s (locked in %s)", d.Version, where)
	case d.Version != "":
		return fmt.Sprintf("Django %s (pinned in %s)", d.Version, where)
	case d.Specifier != "":
		return fmt.Sprintf("Django%s (declared in %s)", d.Specifier, where)
	}
	return fmt.Sprintf("Django, no version given (%s)", where)
}

// IsRequirementsFileName reports whether a file name is one FindDjango
// reads as a pip requirements file: requirements*.txt, or any .txt file in
// a directory named requirements.
func IsRequirementsFileName(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	if !strings.HasSuffix(base, ".txt") {
		return false
	}
	return strings.HasPrefix(base, "requirements") || strings.EqualFold(filepath.Base(filepath.Dir(path)), "requirements")
}

// ReadFunc reads a file.
type ReadFunc func(path string) ([]byte, error)

// maxIncludes bounds how many files -r/-c chains may pull in.
const maxIncludes = 200

// FindDjango looks through Python dependency files for the Django version
// the project under root uses. files are paths of requirements files,
// poetry.lock, uv.lock, Pipfile.lock, pyproject.toml and setup.cfg (other
// names are ignored); -r and -c includes of requirements files are followed
// through read, whatever their names. A version from a lock file is
// preferred over an exact pin, an exact pin over a range, and, between
// equals, a file whose path below root says production over a neutral one
// over one for development; then files come in the order given.
//
// FindDjango returns nil when no file mentions Django. Problems with single
// files are returned as a joined error alongside the result.
func FindDjango(root string, files []string, read ReadFunc) (*DjangoRequirement, error) {
	type item struct {
		path     string
		included bool
	}
	var found []*DjangoRequirement
	var errs []error
	seen := map[string]bool{}
	var queue []item
	for _, f := range files {
		queue = append(queue, item{path: f})
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		path := it.path
		key := filepath.Clean(path)
		if seen[key] {
			continue
		}
		seen[key] = true
		if len(seen) > maxIncludes+len(files) {
			errs = append(errs, &ParseError{File: path, Msg: "too many included requirements files; stopped following -r/-c"})
			break
		}
		kind := "requirements"
		if !it.included {
			kind = dependencyFileKind(path)
		}
		if kind == "" {
			continue
		}
		data, err := read(path)
		if err != nil {
			errs = append(errs, &ParseError{File: path, Msg: fmt.Sprintf("cannot read: %v", err)})
			continue
		}
		switch kind {
		case "requirements":
			rf, err := ParseRequirements(path, data)
			errs = append(errs, err)
			for _, inc := range rf.Includes {
				if !strings.Contains(inc.Raw, "://") {
					queue = append(queue, item{path: inc.Path, included: true})
				}
			}
			found = append(found, djangoFromRequirements(path, rf.Requirements)...)
		case "poetry.lock", "uv.lock", "Pipfile.lock":
			parse := ParsePoetryLock
			switch kind {
			case "uv.lock":
				parse = ParseUVLock
			case "Pipfile.lock":
				parse = ParsePipfileLock
			}
			pkgs, err := parse(path, data)
			errs = append(errs, err)
			for _, p := range pkgs {
				if p.Name == "django" && p.Version != "" {
					found = append(found, &DjangoRequirement{
						Version: p.Version, Specifier: "==" + p.Version, Lowest: p.Version,
						Locked: true, File: path, Line: p.Line,
					})
				}
			}
		case "pyproject.toml":
			reqs, err := ParsePyproject(path, data)
			errs = append(errs, err)
			found = append(found, djangoFromRequirements(path, reqs)...)
		case "setup.cfg":
			reqs, err := ParseSetupCfg(path, data)
			errs = append(errs, err)
			found = append(found, djangoFromRequirements(path, reqs)...)
		}
	}
	err := errors.Join(errs...)
	if len(found) == 0 {
		return nil, err
	}
	purpose := func(path string) Purpose {
		if rel, err := filepath.Rel(root, path); err == nil {
			path = rel
		}
		return PathPurpose(path)
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if ra, rb := a.rank(), b.rank(); ra != rb {
			return ra > rb
		}
		return purpose(a.File) > purpose(b.File)
	})
	return found[0], err
}

// rank orders requirements by how much they say: lock, pin, range, bare.
func (d *DjangoRequirement) rank() int {
	switch {
	case d.Locked:
		return 3
	case d.Version != "":
		return 2
	case d.Specifier != "":
		return 1
	}
	return 0
}

// dependencyFileKind classifies a path for FindDjango, or returns "".
func dependencyFileKind(path string) string {
	base := filepath.Base(path)
	switch strings.ToLower(base) {
	case "poetry.lock":
		return "poetry.lock"
	case "uv.lock":
		return "uv.lock"
	case "pipfile.lock":
		return "Pipfile.lock"
	case "pyproject.toml":
		return "pyproject.toml"
	case "setup.cfg":
		return "setup.cfg"
	}
	if IsRequirementsFileName(path) {
		return "requirements"
	}
	return ""
}

func djangoFromRequirements(path string, reqs []Requirement) []*DjangoRequirement {
	var out []*DjangoRequirement
	for _, r := range reqs {
		if r.Name != "django" || r.URL != "" {
			continue
		}
		d := &DjangoRequirement{Specifier: r.Specifier, File: path, Line: r.Line}
		d.Version = ExactVersion(r.Specifier)
		if d.Version != "" {
			d.Lowest = d.Version
		} else {
			d.Lowest = LowestVersion(r.Specifier)
		}
		out = append(out, d)
	}
	return out
}

// ExactVersion returns the version a specifier pins exactly (== without a
// wildcard, or ===), or "".
func ExactVersion(spec string) string {
	for _, c := range strings.Split(spec, ",") {
		m := specClause.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil {
			continue
		}
		if (m[1] == "==" && !strings.HasSuffix(m[2], ".*")) || m[1] == "===" {
			return m[2]
		}
	}
	return ""
}

// LowestVersion returns the lowest version a PEP 440 specifier allows, or ""
// when it has no lower bound or allows nothing. Only the versions that the
// specifier names, and the next patch release after each, are tried; that
// is enough for the specifiers people write (>=4.2,<5.0; ~=4.2.1; ==4.2.*;
// >4.2,!=4.2.1).
func LowestVersion(spec string) string {
	if spec == "" {
		return ""
	}
	var candidates []string
	bounded, pre := false, false
	for _, c := range strings.Split(spec, ",") {
		m := specClause.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil {
			return ""
		}
		v := strings.TrimSuffix(m[2], ".*")
		switch m[1] {
		case ">=", "~=", "==", "===":
			bounded = true
			candidates = append(candidates, v)
		case ">":
			bounded = true
			candidates = append(candidates, nextPatch(v))
		case "!=":
			candidates = append(candidates, nextPatch(v))
		}
		if pv, err := pep440.Parse(v); err == nil && pv.IsPreRelease() {
			pre = true
		}
	}
	if !bounded {
		return ""
	}
	ss, err := pep440.NewSpecifiers(spec, pep440.WithPreRelease(pre))
	if err != nil {
		return ""
	}
	type cand struct {
		text string
		v    pep440.Version
	}
	var ok []cand
	for _, c := range candidates {
		v, err := pep440.Parse(c)
		if err != nil || !ss.Check(v) {
			continue
		}
		ok = append(ok, cand{c, v})
	}
	if len(ok) == 0 {
		return ""
	}
	sort.Slice(ok, func(i, j int) bool { return ok[i].v.LessThan(ok[j].v) })
	return ok[0].text
}

// nextPatch returns the release after v's, counting in its third part:
// 4.2 → 4.2.1, 4.2.7 → 4.2.8.
func nextPatch(v string) string {
	parts, err := releaseParts(v)
	if err != nil {
		return v
	}
	for len(parts) < 3 {
		parts = append(parts, 0)
	}
	parts[len(parts)-1]++
	return joinParts(parts)
}

// Purpose is what a file's path says the file is for.
type Purpose int

// Purposes, from least to most likely to describe production.
const (
	PurposeDevelopment Purpose = -1
	PurposeUnknown     Purpose = 0
	PurposeProduction  Purpose = 1
)

// PathPurpose reads the words of a path (split at anything that is not a
// letter or digit) for a sign of what the file is for: prod, production,
// live, release or deploy against local, dev, development, test, tests,
// testing, ci, debug, docs, example, sample or devcontainer. The file name counts before
// the directories.
func PathPurpose(path string) Purpose {
	parts := strings.Split(filepath.ToSlash(path), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		words := strings.FieldsFunc(strings.ToLower(parts[i]), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		})
		for _, w := range words {
			switch w {
			case "prod", "production", "live", "release", "deploy", "deployment":
				return PurposeProduction
			case "local", "dev", "develop", "development", "test", "tests", "testing", "ci",
				"debug", "docs", "example", "examples", "sample", "devcontainer":
				return PurposeDevelopment
			}
		}
	}
	return PurposeUnknown
}
