package rotation

import (
	"math/rand/v2"
	"slices"

	"github.com/podsync/podsync/matching/internal/blossom"
)

// graph is an undirected graph on 0..n-1 as an adjacency matrix, with
// adjacency lists for sparse scans. The lists are a snapshot taken the first
// time they are needed and shared by clones: edges may be removed and
// restored after that, but no new edge added.
type graph struct {
	n     int
	on    []bool
	deg   []int32
	edges int
	lists [][]int32 // a superset of each vertex's neighbours
	work  int       // steps perfectMatching took on this graph (not its clones)
}

func newGraph(n int) *graph {
	return &graph{n: n, on: make([]bool, n*n), deg: make([]int32, n)}
}

// adj returns the adjacency lists, building them on first use.
func (g *graph) adj() [][]int32 {
	if g.lists == nil {
		g.lists = make([][]int32, g.n)
		buf := make([]int32, 0, 2*g.edges)
		for v := 0; v < g.n; v++ {
			start := len(buf)
			for u, on := range g.on[v*g.n : (v+1)*g.n] {
				if on {
					buf = append(buf, int32(u))
				}
			}
			g.lists[v] = buf[start:len(buf):len(buf)]
		}
	}
	return g.lists
}

func (g *graph) clone() *graph {
	return &graph{n: g.n, on: slices.Clone(g.on), deg: slices.Clone(g.deg), edges: g.edges, lists: g.adj()}
}

func (g *graph) has(a, b int32) bool { return g.on[int(a)*g.n+int(b)] }

func (g *graph) set(a, b int32, on bool) {
	if g.has(a, b) == on {
		return
	}
	g.on[int(a)*g.n+int(b)], g.on[int(b)*g.n+int(a)] = on, on
	d := int32(1)
	if !on {
		d = -1
	}
	g.deg[a] += d
	g.deg[b] += d
	g.edges += int(d)
}

// apply removes (or with on, restores) every pair of every group.
func (g *graph) apply(groups [][]int32, on bool) {
	for _, gr := range groups {
		for i, a := range gr {
			for _, b := range gr[i+1:] {
				g.set(a, b, on)
			}
		}
	}
}

// roundBound is an upper bound on how many repeat-free rounds g holds: the
// minimum degree, and with an odd count also the edges over the (n+3)/2 pairs
// a round with a trio uses.
func (g *graph) roundBound() int {
	if g.n < 2 {
		return 0
	}
	b := int(slices.Min(g.deg))
	if g.n%2 == 1 {
		b = min(b, 2*g.edges/(g.n+3))
	}
	return b
}

// perfectMatching returns a perfect matching of the vertices not in skip, as
// pairs, or nil when there is none. With rng the matching is a random one
// (random greedy start, shuffled search order).
func (g *graph) perfectMatching(rng *rand.Rand, skip []bool) [][]int32 {
	n := g.n
	var order []int32
	for v := 0; v < n; v++ {
		if skip == nil || !skip[v] {
			order = append(order, int32(v))
		}
	}
	if len(order)%2 != 0 {
		return nil
	}
	// One buffer for every adjacency list: the degrees bound their lengths.
	total := 0
	for _, v := range order {
		total += int(g.deg[v])
	}
	buf := make([]int32, 0, total)
	adj := make([][]int32, n)
	lists := g.adj()
	for _, v := range order {
		row := g.on[int(v)*n : int(v+1)*n]
		start := len(buf)
		for _, u := range lists[v] {
			if row[u] && (skip == nil || !skip[u]) {
				buf = append(buf, u)
			}
		}
		if len(buf) == start {
			return nil
		}
		adj[v] = buf[start:len(buf):len(buf)]
	}
	if rng != nil {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, v := range order {
			a := adj[v]
			rng.Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
		}
	}
	mate := make([]int32, n)
	for i := range mate {
		mate[i] = -1
	}
	for _, v := range order {
		if mate[v] != -1 {
			continue
		}
		for _, u := range adj[v] {
			if mate[u] == -1 {
				mate[v], mate[u] = u, v
				break
			}
		}
	}
	_, ok, work := blossom.Grow(adj, mate, order, true)
	g.work += work + len(buf) + n
	if !ok {
		return nil
	}
	out := make([][]int32, 0, len(order)/2)
	pairs := make([]int32, 0, len(order))
	for _, v := range order {
		if mate[v] > v {
			pairs = append(pairs, v, mate[v])
			out = append(out, pairs[len(pairs)-2:len(pairs):len(pairs)])
		}
	}
	return out
}
