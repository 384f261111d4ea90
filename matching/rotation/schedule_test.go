package rotation

import (
	"maps"
	"slices"
	"testing"

	"github.com/podsync/podsync/matching"
)

// TestRoundRobinEven: a stable pod with an even count, planning weekly with
// two rounds ahead, meets every pair exactly once in its first n−1 rounds —
// through the circle method, and also through the look-ahead alone.
func TestRoundRobinEven(t *testing.T) {
	top := 60
	for _, opt := range []options{{}, {noCircle: true}} {
		for n := 2; n <= top; n += 2 {
			if opt.noCircle && testing.Short() && n > 30 {
				break
			}
			s := newSim(uint64(n), n, opt)
			for w := 0; w < n-1; w++ {
				s.plan(t, true)
				s.week()
			}
			cnt := pairCounts(s.hist, n-1)
			if len(cnt) != n*(n-1)/2 {
				t.Fatalf("%+v n=%d: %d distinct pairs in %d rounds, want %d", opt, n, len(cnt), n-1, n*(n-1)/2)
			}
			for k, c := range cnt {
				if c != 1 {
					t.Fatalf("%+v n=%d: %v met %d times", opt, n, k, c)
				}
			}
		}
	}
}

// TestRoundRobinOdd: with an odd count nobody sits out, pairs repeat only in
// the last round or two before everyone has met (a round with a trio covers
// (n+3)/2 pairs, so ⌈n(n−1)/(n+3)⌉ rounds is the least possible), and the
// trio moves on: two trios in a row share at most one person (sharing one is
// sometimes forced: with 9 people the repeat-free schedule is a perfect
// design whose trios cannot all be ordered apart), nobody is in it three
// rounds running, and trio counts differ by at most three.
func TestRoundRobinOdd(t *testing.T) {
	top := 45
	if testing.Short() {
		top = 25
	}
	for n := 3; n <= top; n += 2 {
		s := newSim(uint64(n), n, options{})
		m := (n - 1) / 2
		pairs := m * (2*m + 1)
		lower := (pairs + m + 1) / (m + 2) // least rounds to cover every pair
		cover, firstRepeat := 0, 0
		for w := 0; w < lower+4 && cover == 0; w++ {
			s.plan(t, true)
			s.week()
			cnt := pairCounts(s.hist, w+1)
			if len(cnt) == pairs {
				cover = w + 1
			}
			for _, c := range cnt {
				if c > 1 && firstRepeat == 0 {
					firstRepeat = w + 1
				}
			}
		}
		if cover == 0 || cover > lower+1 {
			t.Fatalf("n=%d: every pair met only by round %d, least possible %d", n, cover, lower)
		}
		// Repeat-free rounds hold (n+3)/2 new pairs each.
		if free := pairs / (m + 2); n > 5 && firstRepeat != 0 && firstRepeat < free-1 {
			t.Fatalf("n=%d: first repeat in round %d, %d repeat-free rounds fit", n, firstRepeat, free)
		}
		trio := map[matching.MemberID]int{}
		var prev, prev2 []matching.MemberID
		for r := 1; r <= cover; r++ {
			for _, g := range byRound(s.hist)[r] {
				if len(g.Members) != 3 {
					continue
				}
				shared := 0
				for _, x := range g.Members {
					trio[x]++
					if slices.Contains(prev, x) {
						shared++
						if n > 5 && slices.Contains(prev2, x) {
							t.Fatalf("n=%d: %s in the trio three rounds running (to %d)", n, x, r)
						}
					}
				}
				if n > 5 && shared > 1 {
					t.Fatalf("n=%d: trios of rounds %d and %d share %d people", n, r-1, r, shared)
				}
				prev, prev2 = g.Members, prev
			}
		}
		lo, hi := cover, 0
		for _, mb := range s.members {
			lo, hi = min(lo, trio[mb.ID]), max(hi, trio[mb.ID])
		}
		if hi-lo > 3 {
			t.Fatalf("n=%d: trio counts range %d..%d over %d rounds", n, lo, hi, cover)
		}
	}
}

// bruteMaxFree is the most rounds of pairs and one trio that a pod of n
// (odd) people can hold without a pair meeting twice, by exhaustive search.
// The first round is fixed: every round is alike up to renaming people.
func bruteMaxFree(n int) int {
	var rounds []uint64
	bit := func(a, b int) uint64 { return 1 << (a*(2*n-a-1)/2 + b - a - 1) } // a < b; n ≤ 11
	used := make([]bool, n)
	var gen func(trio bool, mask uint64)
	gen = func(trio bool, mask uint64) {
		i := slices.Index(used, false)
		if i < 0 {
			if trio {
				rounds = append(rounds, mask)
			}
			return
		}
		used[i] = true
		for j := i + 1; j < n; j++ {
			if used[j] {
				continue
			}
			used[j] = true
			gen(trio, mask|bit(i, j))
			for k := j + 1; !trio && k < n; k++ {
				if !used[k] {
					used[k] = true
					gen(true, mask|bit(i, j)|bit(i, k)|bit(j, k))
					used[k] = false
				}
			}
			used[j] = false
		}
		used[i] = false
	}
	gen(false, 0)
	best := 0
	var dfs func(start, depth int, usedPairs uint64)
	dfs = func(start, depth int, usedPairs uint64) {
		best = max(best, depth)
		for r := start; r < len(rounds); r++ {
			if rounds[r]&usedPairs == 0 {
				dfs(r+1, depth+1, usedPairs|rounds[r])
			}
		}
	}
	dfs(1, 1, rounds[0])
	return best
}

// TestRoundRobinOddExact: in small odd pods the planner's first repeat comes
// only after as many repeat-free rounds as any schedule holds (exhaustive
// search: 1 for 5 people, 3 for 7, and for 9 a perfect design of 6 rounds
// in which every pair meets exactly once).
func TestRoundRobinOddExact(t *testing.T) {
	for _, n := range []int{5, 7, 9} {
		want := bruteMaxFree(n)
		for seed := uint64(0); seed < 3; seed++ {
			s := newSim(seed*100+uint64(n), n, options{})
			free := 0
			for w := 0; w < want+1; w++ {
				s.plan(t, true)
				s.week()
				if cnt := pairCounts(s.hist, w+1); !slices.ContainsFunc(slices.Collect(maps.Values(cnt)), func(c int) bool { return c > 1 }) {
					free = w + 1
				}
			}
			if free < want {
				t.Fatalf("n=%d seed %d: %d repeat-free rounds, %d possible", n, seed, free, want)
			}
		}
		t.Logf("n=%d: %d repeat-free rounds, the most possible", n, want)
	}
}
