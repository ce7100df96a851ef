package pyparse

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/deploycheck/deploycheck/internal/testsummary"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/deploycheck/deploycheck/internal/pyast"
)

// cpython finds the newest CPython on the machine: $DEPLOYCHECK_CPYTHON,
// then pyenv's 3.13, then python3.13 and python3 on PATH.
func cpython() string {
	if p := os.Getenv("DEPLOYCHECK_CPYTHON"); p != "" {
		return p
	}
	home, _ := os.UserHomeDir()
	if m, _ := filepath.Glob(filepath.Join(home, ".pyenv/versions/3.13*/bin/python3")); len(m) > 0 {
		sort.Strings(m)
		return m[len(m)-1]
	}
	for _, name := range []string{"python3.13", "python3"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// oracleFiles lists every .py file of the standard libraries (3.11, 3.12,
// 3.13) on the machine and of Django's source when it is installed.
func oracleFiles(t *testing.T) []string {
	home, _ := os.UserHomeDir()
	var roots []string
	for _, pat := range []string{
		filepath.Join(home, ".pyenv/versions/3.1[123]*/lib/python3.1[123]"),
		"/usr/lib/python3.1[123]",
		"/usr/local/lib/python3.1[123]",
	} {
		m, _ := filepath.Glob(pat)
		roots = append(roots, m...)
	}
	if pp := os.Getenv("DEPLOYCHECK_DJANGO_PYTHONPATH"); pp != "" {
		for _, dir := range filepath.SplitList(pp) {
			if st, err := os.Stat(filepath.Join(dir, "django")); err == nil && st.IsDir() {
				roots = append(roots, filepath.Join(dir, "django"))
			}
		}
	}
	var files []string
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				switch d.Name() {
				case "site-packages", "dist-packages", "__pycache__":
					if path != root {
						return filepath.SkipDir
					}
				}
				return nil
			}
			if strings.HasSuffix(path, ".py") && d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
	}
	sort.Strings(files)
	return files
}

// oracleDump runs testdata/astdump.py over files, caching the result by the
// files' names, sizes and modification times.
func oracleDump(t *testing.T, py string, files []string) map[string]string {
	script, err := os.ReadFile("testdata/astdump.py")
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	h.Write(script)
	h.Write([]byte(py))
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", f, st.Size(), st.ModTime().UnixNano())
	}
	cacheDir := filepath.Join(os.TempDir(), "deploycheck-astdump")
	_ = os.MkdirAll(cacheDir, 0o755)
	out := filepath.Join(cacheDir, hex.EncodeToString(h.Sum(nil))[:24]+".txt")
	if _, err := os.Stat(out); err != nil {
		list := filepath.Join(cacheDir, "files.txt")
		if err := os.WriteFile(list, []byte(strings.Join(files, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := out + ".tmp"
		cmd := exec.Command(py, "testdata/astdump.py", tmp, "@"+list)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("astdump.py: %v", err)
		}
		if err := os.Rename(tmp, out); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res := make(map[string]string, len(files))
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var cur string
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "=== ") {
			cur = line[4:]
			continue
		}
		res[cur] = line
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return res
}

var posRE = regexp.MustCompile(`@\d+:\d+-\d+:\d+`)

// TestCPythonOracle parses every standard library and Django source file
// with this parser and with CPython's ast.parse and compares the trees.
func TestCPythonOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("differential test against CPython skipped in -short mode")
	}
	py := cpython()
	if py == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no CPython found: the parser oracle cannot run")
		}
		t.Skip("no CPython on this machine")
	}
	files := oracleFiles(t)
	if len(files) < 1000 {
		if os.Getenv("CI") != "" {
			t.Fatalf("found only %d standard library files", len(files))
		}
		t.Skipf("found only %d standard library files", len(files))
	}
	want := oracleDump(t, py, files)

	results := make([]compareResult, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = compareFile(files[i], want[files[i]])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var accepted, sameTree, samePos, rejected, sameErr int
	var failures []string
	for _, r := range results {
		if r.accepted {
			accepted++
			if r.sameTree {
				sameTree++
			}
			if r.samePs {
				samePos++
			}
		}
		if r.rejected {
			rejected++
			if r.sameErr {
				sameErr++
			}
		}
		if r.diff != "" {
			failures = append(failures, r.file+": "+r.diff)
		}
	}
	testsummary.Record(t, "CPython oracle %s: %d files; %d accepted by CPython: %d identical trees, %d identical positions; %d rejected: %d rejected at the same line",
		py, len(files), accepted, sameTree, samePos, rejected, sameErr)
	if len(failures) > 0 {
		for i, f := range failures {
			if i == 25 {
				t.Errorf("... and %d more", len(failures)-25)
				break
			}
			t.Error(f)
		}
	}
}

type compareResult struct {
	file                       string
	accepted, sameTree, samePs bool
	rejected, sameErr          bool
	diff                       string
}

func compareFile(path, want string) (r compareResult) {
	r.file = path
	defer func() {
		if v := recover(); v != nil {
			r.diff = fmt.Sprintf("panic: %v", v)
		}
	}()
	src, err := os.ReadFile(path)
	if err != nil {
		r.diff = err.Error()
		return r
	}
	mod, perr := Parse(src)
	if strings.HasPrefix(want, "ERROR ") {
		r.rejected = true
		fields := strings.SplitN(want, " ", 3)
		line, _ := strconv.Atoi(fields[1])
		se := FirstError(perr)
		switch {
		case se == nil:
			r.diff = fmt.Sprintf("CPython rejects it (line %d: %s), we accept it", line, fields[2])
		case se.Line != line:
			r.diff = fmt.Sprintf("CPython rejects it at line %d (%s), we at line %d (%s)", line, fields[2], se.Line, se.Msg)
		default:
			r.sameErr = true
		}
		return r
	}
	r.accepted = true
	if perr != nil {
		r.diff = fmt.Sprintf("CPython accepts it, we reject it: %v", perr)
		return r
	}
	got := pyast.Dump(mod)
	if got == want {
		r.sameTree, r.samePs = true, true
		return r
	}
	if posRE.ReplaceAllString(got, "") == posRE.ReplaceAllString(want, "") {
		r.sameTree = true
		r.diff = "positions differ: " + firstDiff(got, want)
		return r
	}
	r.diff = "trees differ: " + firstDiff(got, want)
	return r
}

// firstDiff shows where two dumps first differ.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-150)
	return fmt.Sprintf("\n   got: …%s\n  want: …%s", clip(got, from, i+150), clip(want, from, i+150))
}

func clip(s string, from, to int) string {
	if to > len(s) {
		to = len(s)
	}
	if from > to {
		return ""
	}
	return s[from:to]
}
