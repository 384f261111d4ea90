package rotation

import (
	"math/bits"
	"slices"
	"sort"
)

// Exact look-ahead for small pods: every repeat-free round of the fresh
// graph is listed (a bit mask over its pairs, which fit in 64 bits up to 11
// members) and a depth-first search finds the most rounds that share no
// pair. Pods with more rounds than exactRounds, or a search longer than
// exactSteps candidate checks, go to the rollouts instead.
const (
	exactMaxN   = 11
	exactRounds = 4000
	exactSteps  = 3_000_000
)

// exactFresh returns a longest sequence of repeat-free rounds of g (nil when
// there is none), its trios ordered to rotate well, and ok false when g is
// too large for an exhaustive search or the search gave up.
func (p *planner) exactFresh(g *graph, round int) (seq [][][]int32, ok bool) {
	n := p.n
	if n > exactMaxN {
		return nil, false
	}
	odd := n%2 == 1
	var bit [exactMaxN][exactMaxN]uint64
	var vmask [exactMaxN]uint64
	k := 0
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if g.has(int32(a), int32(b)) {
				bit[a][b], bit[b][a] = 1<<k, 1<<k
				vmask[a] |= 1 << k
				vmask[b] |= 1 << k
			}
			k++
		}
	}
	type xround struct {
		mask   uint64
		groups [][]int32
	}
	var rounds []xround
	used := make([]bool, n)
	var cur [][]int32
	var mask uint64
	overflow := false
	var gen func(trio bool)
	gen = func(trio bool) {
		i := slices.Index(used, false)
		if i < 0 {
			if trio == odd {
				gs := make([][]int32, len(cur))
				for j, c := range cur {
					gs[j] = slices.Clone(c)
				}
				rounds = append(rounds, xround{mask, gs})
				overflow = len(rounds) > exactRounds
			}
			return
		}
		used[i] = true
		for j := i + 1; j < n && !overflow; j++ {
			if used[j] || bit[i][j] == 0 {
				continue
			}
			used[j] = true
			cur = append(cur, []int32{int32(i), int32(j)})
			mask |= bit[i][j]
			gen(trio)
			cur, mask = cur[:len(cur)-1], mask&^bit[i][j]
			for k := j + 1; odd && !trio && k < n && !overflow; k++ {
				if used[k] || bit[i][k] == 0 || bit[j][k] == 0 {
					continue
				}
				m3 := bit[i][j] | bit[i][k] | bit[j][k]
				used[k] = true
				cur = append(cur, []int32{int32(i), int32(j), int32(k)})
				mask |= m3
				gen(true)
				cur, mask = cur[:len(cur)-1], mask&^m3
				used[k] = false
			}
			used[j] = false
		}
		used[i] = false
	}
	gen(false)
	if overflow {
		return nil, false
	}
	if len(rounds) == 0 {
		return nil, true
	}
	// Rounds whose trio rotates best come first, so that the first longest
	// sequence found tends to start well.
	r0 := clamp(round)
	cost := make([]int, len(rounds))
	for i, r := range rounds {
		cost[i] = p.roundTrioCost(r.groups, r0)
	}
	order := make([]int, len(rounds))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cost[order[a]] < cost[order[b]] })

	perRound := n / 2
	if odd {
		perRound = (n + 3) / 2
	}
	// ub bounds how many more rounds fit in the pairs rem among cands: each
	// takes perRound pairs, and at least one at every member.
	ub := func(rem uint64, cands int) int {
		b := min(cands, bits.OnesCount64(rem)/perRound)
		for v := 0; v < n; v++ {
			b = min(b, bits.OnesCount64(rem&vmask[v]))
		}
		return b
	}
	var all uint64
	for _, r := range rounds {
		all |= r.mask
	}
	top := ub(all, len(rounds))
	// The first round comes from those that keep everyone out of a third
	// trio running, when some do: that outranks rounds further ahead.
	first := order
	if odd {
		minRun := cost[order[0]] / trioRun
		end := 0
		for end < len(order) && cost[order[end]]/trioRun == minRun {
			end++
		}
		first = order[:end]
	}
	var best, path []int
	steps := 0
	var dfs func(cands []int, rem uint64)
	dfs = func(cands []int, rem uint64) {
		if len(path) > len(best) {
			best = slices.Clone(path)
		}
		for ci, r := range cands {
			if len(best) == top || steps > exactSteps || len(path)+ub(rem, len(cands)-ci) <= len(best) {
				return
			}
			m := rounds[r].mask
			var next []int
			for _, r2 := range cands[ci+1:] {
				if rounds[r2].mask&m == 0 {
					next = append(next, r2)
				}
			}
			steps += len(cands) - ci
			path = append(path, r)
			dfs(next, rem&^m)
			path = path[:len(path)-1]
		}
	}
	for _, r := range first {
		if len(best) == top || steps > exactSteps {
			break
		}
		m := rounds[r].mask
		var next []int
		for _, r2 := range order {
			if rounds[r2].mask&m == 0 {
				next = append(next, r2)
			}
		}
		steps += len(order)
		if 1+ub(all&^m, len(next)) <= len(best) {
			continue
		}
		path = append(path[:0], r)
		dfs(next, all&^m)
	}
	if steps > exactSteps && len(best) < top {
		return nil, false
	}
	// Order the rounds after the first: each time the one whose trio
	// rotates best after those before it (ties: found first).
	seq = append(seq, rounds[best[0]].groups)
	p.pushTrios(seq[0], r0, true)
	left := slices.Clone(best[1:])
	for len(left) > 0 {
		rn := clamp(round + len(seq))
		bi, bc := 0, 0
		for i, r := range left {
			if c := p.roundTrioCost(rounds[r].groups, rn); i == 0 || c < bc {
				bi, bc = i, c
			}
		}
		gs := rounds[left[bi]].groups
		seq = append(seq, gs)
		p.pushTrios(gs, rn, true)
		left = slices.Delete(left, bi, bi+1)
	}
	for i, gs := range seq {
		p.pushTrios(gs, clamp(round+i), false)
	}
	return seq, true
}
