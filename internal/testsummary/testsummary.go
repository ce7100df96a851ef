// Package testsummary lets long-running tests leave a one-line summary of
// their measurements (files compared, cases identical) where the test
// script prints it after `go test ./...`, which hides passing tests' logs.
package testsummary

import (
	"fmt"
	"os"
	"testing"
)

// Record logs the line with t.Logf and, when DEPLOYCHECK_SUMMARY_FILE is
// set, appends it to that file.
func Record(t testing.TB, format string, args ...any) {
	t.Helper()
	line := fmt.Sprintf(format, args...)
	t.Log(line)
	path := os.Getenv("DEPLOYCHECK_SUMMARY_FILE")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Logf("summary file: %v", err)
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s: %s\n", t.Name(), line)
}
