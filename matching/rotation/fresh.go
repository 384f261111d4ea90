package rotation

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
)

// Look-ahead limits: how many rollouts at most, and how much work they may
// do in all (steps of the matching searches, counted, so the cut-off is the
// same on every machine), so that large pods stay fast: about a quarter of a
// second for 1,000 members late in their schedule.
const (
	lookAttempts = 24
	lookBudget   = 20_000_000
)

func (p *planner) rng(round int) *rand.Rand {
	h := fnv.New64a()
	for _, id := range p.ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(h.Sum64(), uint64(int64(round))))
}

// fresh returns the longest sequence of repeat-free rounds the look-ahead
// found in the graph of pairs who never met (see the package comment); nil when
// not even one round is possible. Among equally long sequences it takes the
// one whose trios rotate best over the rounds this run plans.
func (p *planner) fresh(round int) [][][]int32 {
	n := p.n
	g := newGraph(n)
	for i := int32(0); i < int32(n); i++ {
		for j := i + 1; j < int32(n); j++ {
			g.set(i, j, true)
		}
	}
	p.eachMet(func(a, b, _ int32) { g.set(a, b, false) })
	for k := range p.forb {
		a, b := unpair(k)
		g.set(a, b, false)
	}
	bound := g.roundBound()
	if bound == 0 {
		return nil
	}
	if seq, ok := p.exactFresh(g, round); ok {
		return seq
	}
	rng := p.rng(round)
	depth, attempts := 1, 1
	if bound <= n/2+2 {
		work := bound * (g.edges + n)
		attempts = min(lookAttempts, lookBudget/max(work, 1))
		if attempts >= 1 {
			depth = bound
		} else {
			attempts = 1
		}
	}
	// With an odd count the trio's rotation is worth a few more rollouts
	// even in a dense graph (they are cheap there: one round each).
	if n%2 == 1 && depth == 1 {
		attempts = max(attempts, min(8, lookBudget/max(g.edges+n, 1)))
	}
	use := max(p.pending, 1)
	var best [][][]int32
	bestCost := 0
	// spent counts the matching searches' steps: once over the budget no
	// rollout starts or goes on (the first one always yields a round).
	spent := 0
	// Once a rollout reaches depth, a few more may still find a better trio.
	extra := 4
	for a := 0; a < attempts && spent < lookBudget && (len(best) < depth || (bestCost >= trioNext && extra > 0)); a++ {
		if len(best) == depth {
			extra--
		}
		h := g
		if depth > 1 {
			h = g.clone()
		}
		var seq [][][]int32
		cost := 0
		for len(seq) < depth && (len(seq) == 0 || spent+h.work < lookBudget) {
			rn := clamp(round + len(seq))
			r := p.fullRound(h, rng, len(seq)+1 < depth, rn)
			if r == nil {
				break
			}
			if len(seq) < use {
				cost += p.roundTrioCost(r, rn)
			}
			seq = append(seq, r)
			if len(seq) < depth { // h is a clone then: g stays whole for the next rollout
				h.apply(r, false)
			}
			p.pushTrios(r, rn, true)
		}
		for i, r := range seq {
			p.pushTrios(r, clamp(round+i), false)
		}
		spent += h.work
		h.work = 0
		if len(seq) == 0 {
			continue
		}
		// Keeping people out of a third trio running in the rounds this run
		// plans outranks more rounds ahead; then the longest; then the
		// trio that rotates best.
		run, bestRun := cost/trioRun, bestCost/trioRun
		if best == nil || run < bestRun || (run == bestRun && (len(seq) > len(best) || (len(seq) == len(best) && cost < bestCost))) {
			best, bestCost = seq, cost
		}
	}
	return best
}

// fullRound finds one round of g's edges: a perfect matching, plus a
// triangle when the count is odd. With check it prefers a round after which g
// still has a perfect matching.
func (p *planner) fullRound(g *graph, rng *rand.Rand, check bool, round int32) [][]int32 {
	if p.n%2 == 0 {
		var last [][]int32
		for try := 0; try < 4; try++ {
			r := g.perfectMatching(rng, nil)
			if r == nil {
				return nil
			}
			if !check {
				return r
			}
			g.apply(r, false)
			ok := g.perfectMatching(nil, nil) != nil
			g.apply(r, true)
			if ok {
				return r
			}
			last = r
		}
		return last
	}
	return p.oddRound(g, rng, round)
}

// Trio search limits: how many members are tried as a trio's first person,
// how many of each one's partners, and how many triangles at most are
// checked for a perfect matching of the rest.
const (
	trioFirst    = 12
	trioPartners = 20
	trioChecks   = 48
)

// oddRound finds a triangle of g and a perfect matching of the rest. It
// gathers triangles around the members who fit the trio best (by trio
// rotation cost, then most fresh pairs left) and tries them cheapest first:
// by how badly the trio would rotate, then most fresh pairs among the three
// (the trio uses two of each one's), then fewest trios so far, then at random.
func (p *planner) oddRound(g *graph, rng *rand.Rand, round int32) [][]int32 {
	n := p.n
	// Per member: the trio cost, and whether in a trio the round before or
	// after (two such together would not have moved on).
	vc := make([]int32, n)
	adj := make([]uint8, n)
	tie := make([]uint32, n)
	cs := make([]int32, 0, n)
	for v := int32(0); v < int32(n); v++ {
		if g.deg[v] < 2 {
			continue
		}
		vc[v] = int32(p.trioCostOf(v, round))
		if p.inTrio(v, round-1) {
			adj[v] |= 1
		}
		if p.inTrio(v, round+1) {
			adj[v] |= 2
		}
		tie[v] = rng.Uint32()
		cs = append(cs, v)
	}
	sev := func(c int32) int32 { return c / trioNext }
	better := func(a, b int32) int {
		if sa, sb := sev(vc[a]), sev(vc[b]); sa != sb {
			return cmp.Compare(sa, sb)
		}
		if g.deg[a] != g.deg[b] {
			return cmp.Compare(g.deg[b], g.deg[a])
		}
		if vc[a] != vc[b] {
			return cmp.Compare(vc[a], vc[b])
		}
		return cmp.Compare(tie[a], tie[b])
	}
	slices.SortFunc(cs, better)

	// Each triangle's rank packed into one number, smallest best: severity,
	// then fresh pairs (more first), then trio counts, then the random tie.
	key := func(c, deg int32, t uint32) uint64 {
		return uint64(min(c/trioNext, 127))<<57 | uint64(0xffff-min(deg, 0xffff))<<41 |
			uint64(min(c%trioNext, 0x7ff))<<30 | uint64(t&(1<<30-1))
	}
	var keys []uint64
	var tris [][3]int32
	var nb []int32
	for _, x := range cs[:min(len(cs), trioFirst)] {
		// x's best partners: cs is in the same order, and holds everyone
		// who can be in a triangle.
		nb = nb[:0]
		row := g.on[int(x)*n : int(x+1)*n]
		for _, u := range cs {
			if row[u] {
				if nb = append(nb, u); len(nb) == trioPartners {
					break
				}
			}
		}
		for ai, a := range nb {
			for _, b := range nb[ai+1:] {
				if !g.has(a, b) {
					continue
				}
				c := vc[x] + vc[a] + vc[b]
				if adj[x]&adj[a] != 0 || adj[x]&adj[b] != 0 || adj[a]&adj[b] != 0 {
					c += trioRun
				}
				t := sort3(x, a, b)
				keys = append(keys, key(c, g.deg[x]+g.deg[a]+g.deg[b], tie[t[0]]^tie[t[1]]*3^tie[t[2]]*7))
				tris = append(tris, t)
			}
		}
	}
	// Best first, by repeated selection: the first triangle usually works.
	skip := make([]bool, n)
	for checks := 0; checks < trioChecks; checks++ {
		bi := -1
		for i, k := range keys {
			if k != math.MaxUint64 && (bi < 0 || k < keys[bi] || (k == keys[bi] && slices.Compare(tris[i][:], tris[bi][:]) < 0)) {
				bi = i
			}
		}
		if bi < 0 {
			break
		}
		t := tris[bi]
		for i := range keys { // the same triangle found from its other corners
			if tris[i] == t {
				keys[i] = math.MaxUint64
			}
		}
		skip[t[0]], skip[t[1]], skip[t[2]] = true, true, true
		r := g.perfectMatching(rng, skip)
		skip[t[0]], skip[t[1]], skip[t[2]] = false, false, false
		if r != nil {
			return append(r, []int32{t[0], t[1], t[2]})
		}
	}
	return nil
}

func sort3(a, b, c int32) [3]int32 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b, c = c, b
	}
	if a > b {
		a, b = b, a
	}
	return [3]int32{a, b, c}
}
