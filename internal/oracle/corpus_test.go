package oracle

import (
	"fmt"
	"github.com/deploycheck/deploycheck/internal/testsummary"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// corpora are the oracle corpora under testdata/corpus: Django 5.2.18, and
// Django 3.2, 4.2 and 6.1 (the version pinned in each project's
// requirements.txt).
var corpora = []string{"django-oracle", "django-oracle-versions"}

func loadCorpora(t *testing.T) []Case {
	t.Helper()
	var all []Case
	for _, name := range corpora {
		cases, err := LoadCorpus(filepath.Join(moduleRoot(t), "testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cases...)
	}
	return all
}

// TestCorpus runs deploycheck on every case of both corpora and holds it to
// what real Django reported: the same Django id set, the same silenced
// count, and fatal exactly when Django crashed.
func TestCorpus(t *testing.T) {
	cases := loadCorpora(t)
	bin := deploycheckBinary(t)

	var mu sync.Mutex
	same := 0
	failed := map[string][]string{} // "version family" -> case ids
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.ID, func(t *testing.T) {
				t.Parallel()
				got, err := RunDeploycheck(bin, c)
				diff := ""
				if err != nil {
					diff = err.Error()
				} else {
					diff = Diff(c.Expected.Result(), got)
				}
				mu.Lock()
				defer mu.Unlock()
				if diff == "" {
					same++
					return
				}
				key := c.Expected.DjangoVersion + " " + c.Family
				failed[key] = append(failed[key], c.ID)
				msg := fmt.Sprintf("%s (Django %s, %s): deploycheck differs from real Django:\n%s", c.ID, c.Expected.DjangoVersion, c.Family, diff)
				if got.DjangoVersion != "" && !sameSeries(got.DjangoVersion, c.Expected.DjangoVersion) {
					msg += fmt.Sprintf("deploycheck assumed Django %s\n", got.DjangoVersion)
				}
				if err == nil {
					msg += "--- deploycheck output\n" + tail(got.Output, 4000)
				}
				t.Error(msg)
			})
		}
	})
	testsummary.Record(t, "corpus: %d cases, %d identical", len(cases), same)
	if len(failed) > 0 {
		keys := make([]string, 0, len(failed))
		for k := range failed {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "  Django %s: %d differ: %s\n", k, len(failed[k]), strings.Join(failed[k], " "))
		}
		t.Logf("corpus mismatches by version and family:\n%s", b.String())
	}
}

// sameSeries tells whether two versions share major.minor ("5.2.18", "5.2").
func sameSeries(a, b string) bool {
	series := func(v string) string {
		parts := strings.SplitN(v, ".", 3)
		if len(parts) < 2 {
			return v
		}
		return parts[0] + "." + parts[1]
	}
	return series(a) == series(b)
}
