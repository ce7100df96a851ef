package probe

import (
	"context"
	"crypto/tls"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkProbeSite probes one whole site: the real hardened stack
// (nginx + gunicorn + Django) when the servers are installed, and the Go
// stand-in.
func BenchmarkProbeSite(b *testing.B) {
	b.Run("real", func(b *testing.B) {
		st := liveStack(b)
		s := st.Sites["hardened"]
		opts := liveOptions(st, s.HTTPURL(), s.HTTPSURL())
		benchProbe(b, opts, 0)
	})
	b.Run("go", func(b *testing.B) {
		st := startFake(b, "bench.test")
		benchProbe(b, st.options(b, st.urls("bench.test")...), 0)
	})
}

// BenchmarkProbe200Hosts probes 200 virtual hosts of one Go server (every
// probe on each) with bounded concurrency, and reports the peak heap.
func BenchmarkProbe200Hosts(b *testing.B) {
	const n = 200
	names := make([]string, n)
	for i := range names {
		names[i] = "site-" + itoa(i) + ".bench.test"
	}
	st := startFake(b, names...)
	st.https.TLS.Certificates = []tls.Certificate{tlsCert(b, []string{"*.bench.test"}, -time.Hour, 90*24*time.Hour)}
	var urls []string
	for _, name := range names {
		urls = append(urls, st.urls(name)...)
	}
	opts := st.options(b, urls...)
	opts.Concurrency = 32
	opts.TotalTimeout = 2 * time.Minute
	benchProbe(b, opts, n)
	b.ReportMetric(float64(st.site.peak.Load()), "peak-inflight")
}

// benchProbe runs the probe b.N times and reports requests, findings and
// the peak heap in use while it ran.
func benchProbe(b *testing.B, opts Options, sites int) {
	b.ReportAllocs()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	var requests, findings int
	for b.Loop() {
		res, err := Run(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) != 0 {
			b.Fatalf("findings on a clean site: %v", ids(res.Findings))
		}
		requests, findings = res.Requests, len(res.Findings)
	}
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(requests), "requests/op")
	b.ReportMetric(float64(findings), "findings/op")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
	if sites > 0 {
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(sites), "ms/site")
	}
}
