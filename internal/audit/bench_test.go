package audit

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkAuditCorpusCase audits one oracle-corpus project (split
// settings, environment file) end to end, as `deploycheck check` does.
func BenchmarkAuditCorpusCase(b *testing.B) {
	dir := filepath.Join("..", "..", "testdata", "corpus", "django-oracle", "s-split-003")
	opts := Options{Path: filepath.Join(dir, "proj"), EnvFiles: []string{filepath.Join(dir, "env")}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}
