package rotation

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/podsync/podsync/matching"
)

// brute is what every way of grouping a small pod into pairs and trios
// (no Do Not Pair pair in a group) can achieve for one round.
type brute struct {
	ok       bool // some grouping puts everyone in a group
	trios    int  // the fewest trios such a grouping needs
	fresh    int  // the most pairs who never met, among groupings with that many trios
	freeRun  bool // some grouping with the most fresh pairs puts nobody in the trio three rounds running
	repeatOK bool // some such grouping has no pair who met before
}

// bruteRound enumerates every grouping of p's members.
func bruteRound(p *planner, round int32) brute {
	n := p.n
	res := brute{trios: n + 1, fresh: -1}
	used := make([]bool, n)
	fresh := func(g ...int32) int {
		c := 0
		for i, a := range g {
			for _, b := range g[i+1:] {
				if p.lastMet(a, b) == never {
					c++
				}
			}
		}
		return c
	}
	run := func(g []int32) bool { return p.trioCost(g, round) >= trioRun }
	var rec func(trios, fr, pairs int, bad bool)
	rec = func(trios, fr, pairs int, bad bool) {
		i := slices.Index(used, false)
		if i < 0 {
			res.ok = true
			if trios < res.trios {
				res.trios, res.fresh, res.freeRun, res.repeatOK = trios, -1, false, false
			}
			if trios == res.trios {
				if fr > res.fresh {
					res.fresh, res.freeRun = fr, false
				}
				if fr == res.fresh && !bad {
					res.freeRun = true
				}
			}
			if trios == res.trios && fr == pairs {
				res.repeatOK = true
			}
			return
		}
		a := int32(i)
		used[a] = true
		for j := i + 1; j < n; j++ {
			b := int32(j)
			if used[b] || !p.allowed(a, b) {
				continue
			}
			used[b] = true
			rec(trios, fr+fresh(a, b), pairs+1, bad)
			for k := j + 1; k < n && trios < n%2+2; k++ { // more trios are never needed here
				c := int32(k)
				if !used[k] && p.allowed(a, c) && p.allowed(b, c) {
					used[c] = true
					g := []int32{a, b, c}
					rec(trios+1, fr+fresh(g...), pairs+3, bad || run(g))
					used[c] = false
				}
			}
			used[b] = false
		}
		used[a] = false
	}
	rec(0, 0, 0, false)
	return res
}

// TestRotationStepBruteForce checks the matching step, one planned round, on
// small pods with random histories, trio histories and Do Not Pair rules
// against every possible grouping: everyone is grouped with the fewest trios
// whenever that is possible, the round is repeat-free whenever some round
// is, and otherwise it has as many pairs who never met as any round can.
func TestRotationStepBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	trials := 4000
	if testing.Short() {
		trials = 800
	}
	runChances := 0
	for trial := 0; trial < trials; trial++ {
		n := 2 + r.IntN(10) // 2..11
		ids := make([]matching.MemberID, n)
		for i := range ids {
			ids[i] = matching.MemberID(fmt.Sprintf("M-%02d", i))
		}
		f := matching.Forbidden{}
		pf := []float64{0, 0, 0.05, 0.2}[r.IntN(4)]
		q := r.Float64() // how much of the pod has met
		const round = 12
		p := newPlanner(ids, f, options{})
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				if r.Float64() < pf {
					f[matching.Key(ids[a], ids[b])] = true
				}
			}
		}
		p = newPlanner(ids, f, options{})
		for a := int32(0); a < int32(n); a++ {
			for b := a + 1; b < int32(n); b++ {
				if p.allowed(a, b) && r.Float64() < q {
					l := int32(1 + r.IntN(round-1))
					p.setLast(a, b, l)
				}
			}
		}
		for rn := int32(round - 3); rn < round; rn++ { // recent trios
			if n >= 3 {
				x := r.Perm(n)[:3]
				p.setTrio([]int32{int32(x[0]), int32(x[1]), int32(x[2])}, rn, true)
			}
		}
		want := bruteRound(p, round)
		p.pending = 1
		groups := p.plan(round)

		seen := make([]bool, n)
		fresh, pairs, trios, run := 0, 0, 0, false
		for _, g := range groups {
			if len(g) < 2 || len(g) > 3 {
				t.Fatalf("trial %d: group %v", trial, g)
			}
			if len(g) == 3 {
				trios++
				run = run || p.trioCost(g, round) >= trioRun
			}
			for i, a := range g {
				if seen[a] {
					t.Fatalf("trial %d: %d twice in %v", trial, a, groups)
				}
				seen[a] = true
				for _, b := range g[i+1:] {
					if !p.allowed(a, b) {
						t.Fatalf("trial %d: Do Not Pair %d–%d in %v", trial, a, b, groups)
					}
					pairs++
					if p.lastMet(a, b) == never {
						fresh++
					}
				}
			}
		}
		if !want.ok {
			continue
		}
		desc := fmt.Sprintf("trial %d n=%d forbidden=%v: got %v (%d trios, %d fresh of %d pairs), best %+v",
			trial, n, f, groups, trios, fresh, pairs, want)
		if slices.Contains(seen, false) || trios != want.trios {
			t.Fatalf("%s: not everyone grouped with the fewest trios", desc)
		}
		if want.repeatOK && fresh != pairs {
			t.Fatalf("%s: a repeat-free round exists", desc)
		}
		if fresh != want.fresh && !want.repeatOK {
			t.Fatalf("%s: fewer pairs who never met than possible", desc)
		}
		if want.freeRun && trios > 0 {
			runChances++
			if run {
				t.Fatalf("%s: someone in the trio three rounds running, avoidable", desc)
			}
		}
	}
	t.Logf("%d rounds with a trio that could keep everyone from a third trio running did", runChances)
}
