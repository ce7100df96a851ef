package pyeval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

func TestSmokeCorpus(t *testing.T) {
	dir := os.Getenv("SMOKE_CASE")
	if dir == "" {
		t.Skip()
	}
	env := map[string]string{}
	data, _ := os.ReadFile(filepath.Join(dir, "env"))
	for _, line := range strings.Split(string(data), "\n") {
		k, val, ok := strings.Cut(line, "=")
		if ok {
			env[k] = strings.Trim(val, "'")
		}
	}
	res, err := EvalModule(context.Background(), "mysite.settings", Options{Env: env, Resolver: DirResolver{Roots: []string{filepath.Join(dir, "proj")}}, Root: filepath.Join(dir, "proj")})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Globals {
		t.Logf("%s = %s  env=%v line=%d", g.Name, v.Repr(g.Value), g.Value.Env(), g.Pos.Line)
	}
	t.Logf("problems: %+v fatal=%v", res.Problems, res.Fatal)
}
