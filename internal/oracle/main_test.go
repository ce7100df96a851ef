package oracle

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testTmp is a folder for the whole test binary run: the deploycheck binary
// and Python's bytecode cache live there.
var testTmp string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "deploycheck-oracle-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle tests:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	testTmp = dir
	return m.Run()
}

// inCI tells whether the tests run in CI, where a missing oracle or binary
// is a failure, not a reason to skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// moduleRoot is the module's root folder.
func moduleRoot(t testing.TB) string {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

var buildOnce = sync.OnceValues(func() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(testTmp, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return "", err
	}
	return BuildDeploycheck(context.Background(), root, bin)
})

// deploycheckBinary builds the CLI once per test binary run. When it cannot
// be built the test is skipped, except in CI, where it fails.
func deploycheckBinary(t testing.TB) string {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		if inCI() {
			t.Fatalf("CI: cannot build the deploycheck binary: %v", err)
		}
		t.Skipf("SKIP: the deploycheck binary cannot be built yet (set CI=true to make this a failure): %v", err)
	}
	return bin
}

var djangoOnce = sync.OnceValues(func() (Django, error) {
	d, err := DjangoFromEnv()
	if err != nil {
		return d, err
	}
	d.PycachePrefix = filepath.Join(testTmp, "pycache")
	return d, nil
})

// djangoRunner returns the real-Django runner. Without Django (no
// DEPLOYCHECK_DJANGO_PYTHONPATH) the test is skipped, except in CI.
func djangoRunner(t testing.TB) Django {
	t.Helper()
	d, err := djangoOnce()
	if err != nil {
		if inCI() {
			t.Fatalf("CI: real Django is not available: %v", err)
		}
		t.Skipf("SKIP: real Django is not available (run scripts/oracle-deps and source .cache/deps/env.sh): %v", err)
	}
	return d
}
