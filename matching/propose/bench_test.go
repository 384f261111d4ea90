package propose

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"syscall"
	"testing"

	"github.com/podsync/podsync/matching"
)

// benchPod is a synthetic pod of n people: about two needs and two offers
// each over the 14 categories (popular ones more often), one zone per
// hundred people in walking order, a few languages, capacities 1 to 4 or
// blank, a few Paused and Left, met pairs from three pairing rounds and a
// handful of Do Not Pair rules.
func benchPod(n int) matching.MatchInput {
	r := rand.New(rand.NewPCG(uint64(n), 42))
	zones := max(4, n/100)
	in := matching.MatchInput{Settings: matching.DefaultSettings(), Today: today, Forbidden: matching.Forbidden{}, Met: map[[2]matching.MemberID]int{}}
	for z := 0; z < zones; z++ {
		in.Settings.ZoneOrder = append(in.Settings.ZoneOrder, "Block "+strconv.Itoa(z))
	}
	// Category weights: needs lean to food, childcare, money and benefits;
	// offers to emotional support, tech and translation.
	needW := []int{9, 6, 5, 3, 7, 4, 3, 2, 6, 3, 3, 4, 3, 2}
	offerW := []int{5, 3, 4, 3, 2, 8, 2, 5, 3, 5, 4, 7, 3, 4}
	pick := func(w []int) matching.Category {
		t := 0
		for _, x := range w {
			t += x
		}
		k := r.IntN(t)
		for i, x := range w {
			if k < x {
				return matching.Categories[i]
			}
			k -= x
		}
		return matching.Categories[0]
	}
	for i := 0; i < n; i++ {
		m := matching.Member{ID: matching.MemberID(fmt.Sprintf("M-%08x", r.Uint32())), Capacity: r.IntN(5)}
		if r.IntN(20) > 0 {
			m.Zone = "Block " + strconv.Itoa(r.IntN(zones))
		}
		if r.IntN(10) < 8 {
			m.Languages = append(m.Languages, "English")
		}
		if r.IntN(10) < 3 {
			m.Languages = append(m.Languages, "Spanish")
		}
		if r.IntN(10) == 0 {
			m.Languages = append(m.Languages, []string{"Mandarin", "Arabic", "Haitian Creole", "Vietnamese"}[r.IntN(4)])
		}
		for k := 0; k < 2; k++ {
			if c := pick(needW); !m.HasNeed(c) {
				m.Needs = append(m.Needs, c)
			}
			if c := pick(offerW); !m.HasOffer(c) {
				m.Offers = append(m.Offers, c)
			}
		}
		switch r.IntN(40) {
		case 0:
			m.Active = matching.Paused
		case 1:
			m.Active = matching.Left
		}
		in.Members = append(in.Members, m)
	}
	for round := 1; round <= 3; round++ {
		perm := r.Perm(n)
		for i := 0; i+1 < n; i += 2 {
			in.Met[matching.Key(in.Members[perm[i]].ID, in.Members[perm[i+1]].ID)] = round
		}
	}
	for k := 0; k < n/100; k++ {
		a, b := in.Members[r.IntN(n)].ID, in.Members[r.IntN(n)].ID
		if a != b {
			in.Forbidden[matching.Key(a, b)] = true
		}
	}
	return in
}

// greedyCount is the first-come baseline organizers use by hand: needs in
// the order people signed up, each given the cheapest helper still free.
func greedyCount(in matching.MatchInput) int {
	p := newProposer(&in)
	left := append([]int(nil), p.capLeft...)
	order := make([]int, len(p.needs))
	for i := range order {
		order[i] = i
	}
	// Sign-up order: the input's order of members.
	pos := map[int]int{}
	for i := range in.Members {
		pos[p.idx[in.Members[i].ID]] = i
	}
	sortByPos := func(a, b int) int { return pos[p.needs[a].m] - pos[p.needs[b].m] }
	slices.SortFunc(order, sortByPos)
	matched := 0
	for _, i := range order {
		n := p.needs[i]
		best, bestC := -1, int64(0)
		for _, h := range p.helpers[n.c] {
			if left[h] == 0 || !p.allowed(n, h) {
				continue
			}
			if c := p.pairCost(n, h) + costLoadStep*int64(p.held[h]+p.capLeft[h]-left[h]); best < 0 || c < bestC {
				best, bestC = h, c
			}
		}
		if best >= 0 {
			left[best]--
			matched++
		}
	}
	return matched
}

func BenchmarkPropose(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		in := benchPod(n)
		greedy := greedyCount(in)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			var res matching.MatchResult
			for i := 0; i < b.N; i++ {
				res = Matches(in)
			}
			b.StopTimer()
			// CPU time of the whole process (GC threads included) per op:
			// steadier than wall time on a machine shared with others.
			b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
			matched := 0
			for _, m := range res.Matches {
				if m.Status == matching.Proposed {
					matched++
				}
			}
			open := 0
			for _, u := range res.Unmet {
				if u.Category != "" {
					open += u.Open
				}
			}
			b.ReportMetric(float64(matched), "matched")
			b.ReportMetric(float64(greedy), "greedy")
			b.ReportMetric(float64(matched+open), "needs")
		})
	}
}

// cpuTime is the process's user plus system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkProposeResync is the steady state of the sync loop: the Matches
// tab already holds the previous result, and nothing changed.
func BenchmarkProposeResync(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		in := benchPod(n)
		in.Existing = Matches(in).Matches
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				Matches(in)
			}
			b.StopTimer()
			b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
