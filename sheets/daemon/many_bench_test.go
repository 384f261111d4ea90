package daemon

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkManyPods simulates 100 pods for 30 minutes under the quota
// limiter on a fake clock and reports the request rate reached and the
// freshness: how long until every pod had its first cycle, and the longest
// and mean time between a pod's successive cycles after that.
//
//	go test ./sheets/daemon -run '^$' -bench ManyPods -benchtime 1x
func BenchmarkManyPods(b *testing.B) {
	for _, tc := range []struct {
		name     string
		identity func(int) string
	}{
		{"one-identity", func(int) string { return "sa-shared" }},
		{"ten-identities", func(i int) string { return fmt.Sprintf("sa-%d", i%10) }},
		{"per-pod-identity", func(i int) string { return fmt.Sprintf("sa-%d", i) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var st fleetStats
			var reqs int
			var sim time.Duration
			for range b.N {
				f := newFleet(b, 100, tc.identity, Options{})
				sim = simulate(b, f.d, f.clk, 30*time.Minute, nil)
				st = f.stats(t0.Add(sim))
				reqs = len(f.reqs.all())
				f.checkQuotas(b)
			}
			b.ReportMetric(float64(reqs)/sim.Minutes(), "req/min")
			b.ReportMetric(st.firstSync.Seconds(), "first-sync-s")
			b.ReportMetric(st.steady.Seconds(), "freshness-max-s")
			b.ReportMetric(st.mean.Seconds(), "freshness-mean-s")
			b.ReportMetric(float64(st.total)/sim.Minutes(), "cycles/min")
		})
	}
}
