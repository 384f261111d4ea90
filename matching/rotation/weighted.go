package rotation

import (
	"math"
	"slices"
	"sort"

	"github.com/podsync/podsync/matching/internal/blossom"
)

// weighted plans a round that cannot be repeat-free (or, in the baseline,
// every round): a maximum-cardinality maximum-weight matching over all
// allowed pairs, with a rotating trio when the count is odd.
func (p *planner) weighted(round int) [][]int32 {
	n := p.n
	r := int64(clamp(round))
	// f(age): concave in how long ago the pair met.
	f := func(age int64) int64 {
		if age < 0 {
			age = 0
		}
		age = min(age, 1<<20)
		return 1 + int64(1000*math.Sqrt(float64(age)))
	}
	var fmax int64 = 1
	p.eachMet(func(_, _, l int32) { fmax = max(fmax, f(r-int64(l))) })
	// Trio rotation in weight units: three rounds running (or the trio not
	// moving on) costs more than any set of repeats but less than one pair
	// who never met (big exceeds every penalty together); being in the trio next to one's last, a fixed amount; a
	// trio within the last few rounds, a little, the more recent the more.
	rep := (int64(n)/2+3)*fmax + 1
	window := int32(max((n+2)/3, 1))
	pen := func(g []int32) int64 {
		c := p.trioCost(g, int32(r))
		out := int64(c/trioRun)*rep + int64(c%trioRun/trioNext)*3000
		for _, v := range g {
			if ago := int32(r) - p.lastTrioBefore(v, int32(r)); ago < window {
				out += int64(1000 * (window - ago) / window)
			}
		}
		return out
	}
	big := 7*rep + 3*3000 + 3*1000 + 1 // more than pen can ever take
	w := func(a, b int32) int64 {
		l := p.lastMet(a, b)
		if l == never {
			return big
		}
		return f(r - int64(l))
	}

	if n%2 == 1 {
		if best := p.weightedOdd(r, w, pen); best != nil {
			return best
		}
	}
	mate := p.wMatch(nil, w)
	var groups [][]int32
	var left []int32
	for v := int32(0); v < int32(n); v++ {
		switch {
		case mate[v] < 0:
			left = append(left, v)
		case int32(mate[v]) > v:
			groups = append(groups, []int32{v, int32(mate[v])})
		}
	}
	// attach needs weights above zero: shift them all by the most pen takes.
	return p.attach(groups, left, func(u, a, b int32) int64 {
		return w(u, a) + w(u, b) - pen([]int32{u, a, b}) + 7*rep + 12001
	})
}

// Exact trio search limits for weightedOdd: up to this many members every
// possible trio is bounded, and at most weightedExactEvals of them get a matching
// of their own.
const (
	weightedExactN     = 41
	weightedExactEvals = 64
)

// weightedOdd plans a round with one trio for an odd count: the trio and a
// perfect matching of the rest, maximizing the pairs' weights plus the
// trio's three pairs' weights minus its rotation penalty. For each member
// x tried as the trio's third person (all up to weightedExactN members, else the
// few who were in a trio least recently) it takes the best matching of the
// others and the best pair in it for x to join. Up to weightedExactN members it
// then makes that exact: the best matching without x, less one pair, bounds
// every trio through x, and the trios whose bound beats the best found so
// far get a matching of their own, best bound first.
func (p *planner) weightedOdd(r int64, w func(a, b int32) int64, pen func([]int32) int64) [][]int32 {
	n := p.n
	type cand struct {
		v     int32
		n, at int32
	}
	cs := make([]cand, n)
	for v := range cs {
		cs[v] = cand{int32(v), int32(len(p.trios[v])), p.lastTrioBefore(int32(v), int32(r))}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].at != cs[j].at {
			return cs[i].at < cs[j].at
		}
		return cs[i].n < cs[j].n
	})
	limit := n
	switch {
	case n > 200:
		limit = 3
	case n > weightedExactN:
		limit = 10
	}
	// pm is the best perfect matching of everyone not in skip, as pairs.
	pm := func(skip []int32) ([][]int32, int64, bool) {
		mate := p.wMatch(skip, w)
		var groups [][]int32
		var score int64
		for v := int32(0); v < int32(n); v++ {
			if slices.Contains(skip, v) {
				continue
			}
			if mate[v] < 0 {
				return nil, 0, false
			}
			if int32(mate[v]) > v {
				groups = append(groups, []int32{v, int32(mate[v])})
				score += w(v, int32(mate[v]))
			}
		}
		return groups, score, true
	}
	var best [][]int32
	var bestScore int64
	base := make([]int64, n)
	baseOK := make([]bool, n)
	for _, c := range cs[:limit] {
		x := c.v
		groups, score, ok := pm([]int32{x})
		if !ok {
			continue
		}
		base[x], baseOK[x] = score, true
		host, hostScore := -1, int64(0)
		for i, g := range groups {
			a, b := g[0], g[1]
			if !p.allowed(x, a) || !p.allowed(x, b) {
				continue
			}
			s := w(x, a) + w(x, b) - pen([]int32{x, a, b})
			if host < 0 || s > hostScore {
				host, hostScore = i, s
			}
		}
		if host < 0 {
			continue
		}
		score += hostScore
		groups[host] = append(groups[host], x)
		if best == nil || score > bestScore {
			best, bestScore = groups, score
		}
	}
	if n > weightedExactN {
		return best
	}
	// A trio {a,b,c} and a matching M of the rest: M plus the pair b–c is a
	// perfect matching without a, so weight(M) ≤ base[a] − w(b,c).
	type bound struct {
		t  [3]int32
		ub int64
	}
	var bs []bound
	for a := int32(0); a < int32(n); a++ {
		if !baseOK[a] {
			continue
		}
		for b := a + 1; b < int32(n); b++ {
			if !baseOK[b] || !p.allowed(a, b) {
				continue
			}
			for c := b + 1; c < int32(n); c++ {
				if !baseOK[c] || !p.allowed(a, c) || !p.allowed(b, c) {
					continue
				}
				ab, ac, bc := w(a, b), w(a, c), w(b, c)
				ub := min(base[a]+ab+ac, base[b]+ab+bc, base[c]+ac+bc)
				if best == nil || ub > bestScore {
					t := []int32{a, b, c}
					bs = append(bs, bound{[3]int32{a, b, c}, ub - pen(t)})
				}
			}
		}
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].ub != bs[j].ub {
			return bs[i].ub > bs[j].ub
		}
		return slices.Compare(bs[i].t[:], bs[j].t[:]) < 0
	})
	for i, b := range bs {
		if i >= weightedExactEvals || (best != nil && b.ub <= bestScore) {
			break
		}
		groups, score, ok := pm(b.t[:])
		if !ok {
			continue
		}
		a, bb, c := b.t[0], b.t[1], b.t[2]
		score += w(a, bb) + w(a, c) + w(bb, c) - pen(b.t[:])
		if best == nil || score > bestScore {
			best, bestScore = append(groups, []int32{a, bb, c}), score
		}
	}
	return best
}

// wMatch is a maximum-cardinality maximum-weight matching of the allowed
// pairs among all members but those in skip. Large pods first try each
// member's 24 best pairs and fall back to every pair only when that sparse
// graph has no (near-)perfect matching.
func (p *planner) wMatch(skip []int32, w func(a, b int32) int64) []int {
	n := p.n
	skipped := make([]bool, n)
	for _, v := range skip {
		skipped[v] = true
	}
	active := n - len(skip)
	all := func() []blossom.Edge {
		var edges []blossom.Edge
		for a := int32(0); a < int32(n); a++ {
			for b := a + 1; b < int32(n); b++ {
				if !skipped[a] && !skipped[b] && p.allowed(a, b) {
					edges = append(edges, blossom.Edge{U: int(a), V: int(b), W: w(a, b)})
				}
			}
		}
		return edges
	}
	const sparseK = 24
	if n > 4*sparseK {
		keep := make(map[[2]int32]bool)
		var edges []blossom.Edge
		var row []blossom.Edge
		for a := int32(0); a < int32(n); a++ {
			if skipped[a] {
				continue
			}
			row = row[:0]
			for b := int32(0); b < int32(n); b++ {
				if b != a && !skipped[b] && p.allowed(a, b) {
					row = append(row, blossom.Edge{U: int(a), V: int(b), W: w(a, b)})
				}
			}
			sort.Slice(row, func(i, j int) bool {
				if row[i].W != row[j].W {
					return row[i].W > row[j].W
				}
				return row[i].V < row[j].V
			})
			for _, e := range row[:min(len(row), sparseK)] {
				k := [2]int32{int32(min(e.U, e.V)), int32(max(e.U, e.V))}
				if !keep[k] {
					keep[k] = true
					edges = append(edges, blossom.Edge{U: int(k[0]), V: int(k[1]), W: e.W})
				}
			}
		}
		sort.Slice(edges, func(i, j int) bool {
			if edges[i].U != edges[j].U {
				return edges[i].U < edges[j].U
			}
			return edges[i].V < edges[j].V
		})
		mate := blossom.MaxWeight(n, edges, true)
		matched := 0
		for _, m := range mate {
			if m >= 0 {
				matched++
			}
		}
		if matched >= active-active%2 {
			return mate
		}
	}
	return blossom.MaxWeight(n, all(), true)
}

// attach puts members left without a partner into existing pairs as trios,
// where both pairs are allowed; anyone who fits nowhere sits the round out.
func (p *planner) attach(groups [][]int32, left []int32, w func(u, a, b int32) int64) [][]int32 {
	if len(left) == 0 {
		return groups
	}
	// Bipartite: left members 0..L-1, pairs L..L+P-1.
	L := len(left)
	var edges []blossom.Edge
	for i, u := range left {
		for j, g := range groups {
			if len(g) == 2 && p.allowed(u, g[0]) && p.allowed(u, g[1]) {
				edges = append(edges, blossom.Edge{U: i, V: L + j, W: w(u, g[0], g[1])})
			}
		}
	}
	mate := blossom.MaxWeight(L+len(groups), edges, true)
	for i, u := range left {
		if j := mate[i]; j >= L {
			groups[j-L] = append(groups[j-L], u)
		}
	}
	return groups
}
