package pyparse

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// benchCorpus loads the 3.13 standard library (or whatever stdlib is found)
// once for the benchmarks.
func benchCorpus(b *testing.B) [][]byte {
	home, _ := os.UserHomeDir()
	dirs, _ := filepath.Glob(filepath.Join(home, ".pyenv/versions/3.13*/lib/python3.13"))
	if len(dirs) == 0 {
		dirs, _ = filepath.Glob("/usr/lib/python3.1[123]")
	}
	if len(dirs) == 0 {
		b.Skip("no standard library found")
	}
	sort.Strings(dirs)
	var files [][]byte
	_ = filepath.Walk(dirs[len(dirs)-1], func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || filepath.Ext(path) != ".py" {
			return nil
		}
		if data, err := os.ReadFile(path); err == nil {
			files = append(files, data)
		}
		return nil
	})
	return files
}

// BenchmarkParseStdlib parses the whole standard library once per
// iteration; the MB/s figure is the parser's throughput on one core.
func BenchmarkParseStdlib(b *testing.B) {
	files := benchCorpus(b)
	total := 0
	for _, f := range files {
		total += len(f)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			_, _ = Parse(f)
		}
	}
}

// BenchmarkParseStdlibParallel is the same work spread over all cores.
func BenchmarkParseStdlibParallel(b *testing.B) {
	files := benchCorpus(b)
	total := 0
	for _, f := range files {
		total += len(f)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, f := range files {
				_, _ = Parse(f)
			}
		}
	})
}

// BenchmarkTokenizeStdlib measures the tokenizer alone.
func BenchmarkTokenizeStdlib(b *testing.B) {
	files := benchCorpus(b)
	texts := make([]string, 0, len(files))
	total := 0
	for _, f := range files {
		t, err := decodeSource(f)
		if err != nil {
			continue
		}
		texts = append(texts, t)
		total += len(t)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			newLexer(t).tokenize()
		}
	}
}
