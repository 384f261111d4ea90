package rotation

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/podsync/podsync/matching"
)

// networkMembers makes n members who want 1-on-1s, a third of them each
// Weekly, Every two weeks and Monthly (as ingesttest's responses do).
func networkMembers(n int) []matching.Member {
	ms := newMembers(rand.New(rand.NewPCG(uint64(n), 7)), n)
	checkin := []string{"Weekly", "Every two weeks", "Monthly"}
	for i := range ms {
		ms[i].CheckIn = checkin[i%3]
	}
	return ms
}

// BenchmarkNetwork plans Rounds ahead (2) rounds for a whole network of
// 20,000 members: first for a new pod, then again the next day with the
// first plan as its history and nothing new (every planned round stands).
// Run with
//
//	go test ./matching/rotation -run '^$' -bench Network -benchtime 1x
func BenchmarkNetwork(b *testing.B) {
	const n = 20000
	ms := networkMembers(n)
	in := matching.RotationInput{Members: ms, Today: day0}
	b.Run(fmt.Sprintf("n=%d/first", n), func(b *testing.B) {
		b.ReportAllocs()
		var peak uint64
		for b.Loop() {
			peak = max(peak, heapAfter(func() { Plan(in) }))
		}
		b.ReportMetric(float64(peak)/(1<<20), "MB-heap")
	})
	first := Plan(in)
	again := matching.RotationInput{Members: ms, History: first, Today: day0.AddDate(0, 0, 1)}
	b.Run(fmt.Sprintf("n=%d/nothing-new", n), func(b *testing.B) {
		b.ReportAllocs()
		var peak uint64
		for b.Loop() {
			peak = max(peak, heapAfter(func() { Plan(again) }))
		}
		b.ReportMetric(float64(peak)/(1<<20), "MB-heap")
	})
}

// heapAfter runs f and returns the bytes f allocated in all (a bound on
// the peak heap it needs beyond what was live before).
func heapAfter(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
