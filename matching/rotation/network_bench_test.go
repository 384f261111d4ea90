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

// rhythmStats simulates pods of 6–60 people, a third each Weekly, Every
// two weeks and Monthly, planning weekly for a year with churn (joins,
// leaves, pauses, opt-outs), and counts, in the round of each week: members
// due (eligible, and their Check-in asks for the round) and those of them
// grouped, members grouped though not due, and rounds repeating a pair
// (all, and those where a repeat-free round of the same people existed).
type rhythmStats struct {
	asked, attended, extra   int
	rounds, clean, avoidable int
}

func rhythmRun(pods, weeks int, churn float64) rhythmStats {
	var st rhythmStats
	checkin := []string{"Weekly", "Every two weeks", "Monthly"}
	for pod := 0; pod < pods; pod++ {
		seed := uint64(7000 + pod)
		s := newSim(seed, 6+int(seed*7919%55), options{})
		for i := range s.members {
			s.members[i].CheckIn = checkin[i%3]
		}
		s.churn, s.skipP = churn, 0.05
		for w := 0; w < weeks; w++ {
			s.plan(nil, false)
			first := map[matching.MemberID]int{}
			grouped := map[matching.MemberID]bool{}
			round := 0
			for _, g := range s.hist {
				for _, id := range g.Members {
					if f, ok := first[id]; !ok || g.Round < f {
						first[id] = g.Round
					}
					if g.WeekOf.Equal(s.today) {
						grouped[id], round = true, g.Round
					}
				}
			}
			for _, m := range s.members {
				if !m.Pairing || !m.Available() || round == 0 {
					continue
				}
				f, ok := first[m.ID]
				due := !ok || Due(round, f, EveryRounds(m.CheckIn, 7))
				switch {
				case due:
					st.asked++
					if grouped[m.ID] {
						st.attended++
					}
				case grouped[m.ID]:
					st.extra++
				}
			}
			s.week()
		}
		st.rounds += s.rounds
		st.clean += s.clean
		st.avoidable += s.avoidable
	}
	return st
}

// BenchmarkRhythm reports, under low and high churn, the share of due
// members grouped in their rounds (%attended, 100 is the goal), members
// grouped outside their rhythm per 100 due (extra, from repairs keeping
// someone whose rhythm changed), the share of rounds repeating no pair
// (%free) and the same among rounds where a repeat-free grouping of the
// same people existed (%free-possible: the bound).
func BenchmarkRhythm(b *testing.B) {
	for _, churn := range []float64{0.2, 0.9} {
		b.Run(fmt.Sprintf("churn=%.1f", churn), func(b *testing.B) {
			var st rhythmStats
			for b.Loop() {
				st = rhythmRun(12, 52, churn)
			}
			b.ReportMetric(100*float64(st.attended)/float64(st.asked), "%attended")
			b.ReportMetric(100*float64(st.extra)/float64(st.asked), "extra/100-due")
			b.ReportMetric(100*float64(st.clean)/float64(st.rounds), "%free")
			b.ReportMetric(100*float64(st.clean)/float64(st.clean+st.avoidable), "%free-possible")
		})
	}
}
