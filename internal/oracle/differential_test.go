package oracle

import (
	"context"
	"fmt"
	"github.com/deploycheck/deploycheck/internal/testsummary"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// diffWorkers is how many cases run at once (the CI machine has 2 cores).
const diffWorkers = 2

// maxDetailed is how many failures are reported with their projects and
// outputs; later ones get a line each.
const maxDetailed = 25

// diffConfig reads the differential test's knobs:
//
//	DEPLOYCHECK_DIFF_SEED         seed (default: the current time)
//	DEPLOYCHECK_DIFF_CASES        number of cases (default 300 in CI, 40 otherwise)
//	DEPLOYCHECK_DIFF_ONLY         run only these case numbers ("17" or "3,17,250")
//	DEPLOYCHECK_DIFF_KEEP         write the projects into this folder and keep them
//	DEPLOYCHECK_DIFF_DJANGO_ONLY  1: run only real Django and report what
//	                              the generated projects make it say
func diffConfig(t *testing.T) (seed uint64, n int, djangoOnly bool) {
	t.Helper()
	seed = uint64(time.Now().UnixNano())
	if s := os.Getenv("DEPLOYCHECK_DIFF_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("DEPLOYCHECK_DIFF_SEED=%q: %v", s, err)
		}
		seed = v
	}
	n = 40
	if inCI() {
		n = 300
	}
	if s := os.Getenv("DEPLOYCHECK_DIFF_CASES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			t.Fatalf("DEPLOYCHECK_DIFF_CASES=%q: want a positive number", s)
		}
		n = v
	}
	djangoOnly = os.Getenv("DEPLOYCHECK_DIFF_DJANGO_ONLY") == "1"
	return seed, n, djangoOnly
}

// TestDifferential generates fresh settings projects, runs real Django's
// `check --deploy` and deploycheck on each with the same environment, and
// fails on any difference in the Django ids, the silenced count or whether
// the settings can be imported at all.
func TestDifferential(t *testing.T) {
	seed, n, djangoOnly := diffConfig(t)
	d := djangoRunner(t)
	var bin string
	if !djangoOnly {
		bin = deploycheckBinary(t)
	}
	version := os.Getenv("DEPLOYCHECK_DJANGO_VERSION")
	if version == "" {
		version = "5.2.18"
	}
	root := t.TempDir()
	if keep := os.Getenv("DEPLOYCHECK_DIFF_KEEP"); keep != "" {
		root = keep
		t.Logf("differential: projects are kept in %s", root)
	}
	indexes := make([]int, n)
	for i := range indexes {
		indexes[i] = i
	}
	if only := os.Getenv("DEPLOYCHECK_DIFF_ONLY"); only != "" {
		indexes = nil
		for _, f := range strings.Split(only, ",") {
			i, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || i < 0 {
				t.Fatalf("DEPLOYCHECK_DIFF_ONLY=%q: want case numbers", only)
			}
			indexes = append(indexes, i)
		}
		n = len(indexes)
		t.Logf("differential: seed %d, cases %s", seed, only)
	} else {
		t.Logf("differential: seed %d, %d cases (reproduce: scripts/differential -seed %d -cases %d)", seed, n, seed, n)
	}

	type outcome struct {
		p            Project
		django, dc   Result
		err          error
		diff         string
		tDjango      time.Duration
		tDeploycheck time.Duration
	}
	outcomes := make([]outcome, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	ctx := context.Background()
	start := time.Now()
	for w := 0; w < diffWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				i := indexes[k]
				o := &outcomes[k]
				o.p = Generate(seed, i, version)
				c, err := o.p.Write(filepath.Join(root, o.p.ID()))
				if err != nil {
					o.err = err
					continue
				}
				// deploycheck runs first: Django's run can change the
				// project (a file-based cache creates its directory), and
				// both must judge the project as it was written.
				if !djangoOnly {
					t0 := time.Now()
					o.dc, o.err = RunDeploycheckContext(ctx, bin, c)
					o.tDeploycheck = time.Since(t0)
					if o.err != nil {
						continue
					}
				}
				t0 := time.Now()
				o.django, o.err = d.Run(ctx, c)
				o.tDjango = time.Since(t0)
				if o.err != nil || djangoOnly {
					continue
				}
				o.diff = Diff(o.django, o.dc)
			}
		}()
	}
	// Stop handing out cases when the test binary's deadline is near, so
	// that what ran is still reported.
	deadline, hasDeadline := t.Deadline()
	ran := n
	for k := 0; k < n; k++ {
		if hasDeadline && time.Until(deadline) < 2*time.Minute {
			ran = k
			break
		}
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	if ran < n {
		msg := fmt.Sprintf("differential: stopped after %d of %d cases: the test deadline is near (go test -timeout)", ran, n)
		if inCI() {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
		outcomes, indexes, n = outcomes[:ran], indexes[:ran], ran
		if n == 0 {
			return
		}
	}

	var tDjango, tDC time.Duration
	same, failed := 0, 0
	var brief []string
	report := func(i int, msg string, details string) {
		failed++
		if failed > maxDetailed {
			brief = append(brief, fmt.Sprintf("case %d: %s", i, head(strings.ReplaceAll(strings.TrimSpace(msg), "\n", "; "), 300)))
			return
		}
		t.Errorf("seed %d case %d: %s\nreproduce: scripts/differential -seed %d -case %d -keep DIR\n%s", seed, i, msg, seed, i, details)
	}
	for k := range outcomes {
		o := &outcomes[k]
		i := indexes[k]
		tDjango += o.tDjango
		tDC += o.tDeploycheck
		switch {
		case o.err != nil:
			report(i, o.err.Error(), o.p.Describe())
		case djangoOnly:
		case o.diff != "":
			report(i, fmt.Sprintf("(%s) deploycheck differs from Django:\n%s", o.p.Family, o.diff),
				o.p.Describe()+"--- Django output\n"+o.django.Output+"--- deploycheck output\n"+tail(o.dc.Output, 6000))
		default:
			same++
		}
	}
	if len(brief) > 0 {
		t.Errorf("seed %d: %d more failures (details above for the first %d):\n%s", seed, len(brief), maxDetailed, strings.Join(brief, "\n"))
	}
	t.Logf("differential: %d cases in %s (Django %s/case, deploycheck %s/case, %d workers)",
		n, elapsed.Round(time.Millisecond), (tDjango / time.Duration(n)).Round(time.Millisecond),
		(tDC / time.Duration(n)).Round(time.Millisecond), diffWorkers)
	gs := make([]generated, 0, n)
	for _, o := range outcomes {
		if o.err == nil {
			gs = append(gs, generated{o.p, o.django})
		}
	}
	t.Log(distribution(gs))
	if !djangoOnly {
		testsummary.Record(t, "differential: %d of %d identical, %d differ or failed (seed %d)", same, n, failed, seed)
	}
}

type generated struct {
	p Project
	r Result
}

// distribution summarises what real Django said about generated projects:
// how often each id appears, crashes by their error, and cases per family.
func distribution(gs []generated) string {
	ids := map[string]int{}
	crashes := map[string]int{}
	crashCases := map[string][]string{}
	families := map[string]int{}
	silenced := 0
	for _, g := range gs {
		families[g.p.Family]++
		if g.r.Fatal {
			e := g.r.Error
			if len(e) > 90 {
				e = e[:90] + "…"
			}
			crashes[e]++
			if len(crashCases[e]) < 4 {
				crashCases[e] = append(crashCases[e], strconv.Itoa(g.p.Index))
			}
			continue
		}
		if g.r.Silenced > 0 {
			silenced++
		}
		for _, id := range g.r.IDs {
			ids[id]++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Django ids over %d generated cases (cases reporting each):\n", len(gs))
	b.WriteString(countLines(ids))
	fatal := 0
	named := map[string]int{}
	for e, n := range crashes {
		fatal += n
		named[e+" (case "+strings.Join(crashCases[e], ", ")+")"] = n
	}
	fmt.Fprintf(&b, "crashes (fatal): %d\n%s", fatal, countLines(named))
	fmt.Fprintf(&b, "cases with silenced messages: %d\nfamilies:\n%s", silenced, countLines(families))
	return b.String()
}

func countLines(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "  %5d  %s\n", m[k], k)
	}
	return b.String()
}
