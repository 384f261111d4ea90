// Package flow is min-cost max-flow, for needs-to-offers matching.
//
// Graph is a directed graph with integer capacities and integer
// non-negative costs. MinCostMaxFlow finds a maximum s–t flow and, among
// maximum flows, one of minimum cost, by successive shortest paths in the
// primal-dual form:
//
//   - Node potentials π keep every residual arc's reduced cost
//     c(u,v) + π(u) − π(v) non-negative, so shortest paths are found with
//     Dijkstra. Dijkstra stops as soon as the sink is settled; nodes it did
//     not settle get the sink's distance added to their potential, which
//     keeps reduced costs non-negative (Goldberg's early-termination rule).
//   - After each Dijkstra every shortest s–t path consists of arcs of
//     reduced cost zero. Instead of augmenting one path, depth-first search
//     augments along as many paths of that admissible subgraph as it finds,
//     with current-arc pointers and nodes marked dead once they fail to
//     reach the sink, so one Dijkstra serves many augmenting paths. These
//     marks may hide a path that opened later in the sweep, so sweeps with
//     fresh marks repeat until one finds nothing (correctness never depends
//     on it: a missed path would be found by the next Dijkstra at the same
//     distance).
//   - Dijkstra uses Dial's bucket queue (reduced costs are small integers)
//     and touches only the nodes it reaches: potentials of the rest are left
//     as they are, which differs from the textbook update by a constant.
//
// Each augmentation is along a shortest path of the residual graph, so the
// flow stays of minimum cost for its value (the classic SSP invariant), and
// the loop ends when the sink is unreachable: the flow is then maximum. All
// arithmetic is on integers, so there are no rounding ties; the order in
// which arcs were added fixes the result, which makes it deterministic.
package flow

import "iter"

// Inf is a capacity no flow reaches: arcs that need no limit.
const Inf = int32(1 << 30)

// Graph is built with AddArc and then frozen by Finish into a
// compressed adjacency layout (arcs of a node contiguous, in the order they
// were added), which keeps the scans cache-friendly.
type Graph struct {
	n int
	// Construction: arcs as added.
	eFrom, eTo []int32
	eCap       []int32
	eCost      []int64

	// After Finish: arcs of node u are start[u]..start[u+1]-1. Arc 2k and
	// 2k+1 of the construction (arc k and its residual twin) sit at pos[2k]
	// and pos[2k+1]; rev[x] is the twin of position x.
	start []int32
	arc   []residual
	rev   []int32
	orig  []int32 // construction index (2k forward, 2k+1 twin) of position x
	pos   []int32

	pot []int64 // potentials after MinCostMaxFlow: reduced costs ≥ 0
}

// residual is one residual arc, packed so that a scan reads one cache line.
type residual struct {
	to   int32
	cap  int32 // residual capacity
	cost int64
}

// New returns a graph of n nodes, 0..n-1, and no arcs.
func New(n int) *Graph { return &Graph{n: n} }

// Nodes returns the number of nodes.
func (g *Graph) Nodes() int { return g.n }

// AddNode appends a node and returns its index.
func (g *Graph) AddNode() int {
	g.n++
	return g.n - 1
}

// AddArc adds an arc u→v with the given capacity and cost (cost ≥ 0) and
// returns its index k for Flow(k).
func (g *Graph) AddArc(u, v int, capacity int32, cost int64) int {
	if cost < 0 {
		panic("flow: negative arc cost")
	}
	g.eFrom = append(g.eFrom, int32(u))
	g.eTo = append(g.eTo, int32(v))
	g.eCap = append(g.eCap, capacity)
	g.eCost = append(g.eCost, cost)
	return len(g.eTo) - 1
}

// Finish lays the arcs out for the solver. Call once, after the last AddArc.
func (g *Graph) Finish() {
	m := len(g.eTo)
	g.start = make([]int32, g.n+1)
	for k := 0; k < m; k++ {
		g.start[g.eFrom[k]+1]++
		g.start[g.eTo[k]+1]++
	}
	for u := 0; u < g.n; u++ {
		g.start[u+1] += g.start[u]
	}
	fill := append([]int32(nil), g.start[:g.n]...)
	g.arc = make([]residual, 2*m)
	g.rev = make([]int32, 2*m)
	g.orig = make([]int32, 2*m)
	g.pos = make([]int32, 2*m)
	for k := 0; k < m; k++ {
		u, v := g.eFrom[k], g.eTo[k]
		a := fill[u]
		fill[u]++
		b := fill[v]
		fill[v]++
		g.arc[a], g.orig[a] = residual{v, g.eCap[k], g.eCost[k]}, int32(2*k)
		g.arc[b], g.orig[b] = residual{u, 0, -g.eCost[k]}, int32(2*k+1)
		g.rev[a], g.rev[b] = b, a
		g.pos[2*k], g.pos[2*k+1] = a, b
	}
	g.eFrom, g.eTo, g.eCap, g.eCost = nil, nil, nil, nil
}

// Arcs returns the number of arcs added.
func (g *Graph) Arcs() int { return len(g.pos) / 2 }

// Flow returns the flow on arc k (an index returned by AddArc).
func (g *Graph) Flow(k int) int32 { return g.arc[g.rev[g.pos[2*k]]].cap }

// Out yields the arcs added from u, in the order they were added: each
// arc's index k (as AddArc returned it) and its head. Finish must have been
// called.
func (g *Graph) Out(u int) iter.Seq2[int, int] {
	return func(yield func(k, to int) bool) {
		for x := g.start[u]; x < g.start[u+1]; x++ {
			if o := g.orig[x]; o&1 == 0 && !yield(int(o>>1), int(g.arc[x].to)) {
				return
			}
		}
	}
}

// MinCostMaxFlow pushes a maximum flow from s to t of minimum cost and
// returns its value and cost. Finish must have been called.
func (g *Graph) MinCostMaxFlow(s, t int) (flow int, cost int64) {
	n := g.n
	pot := make([]int64, n)
	g.pot = pot
	dist := make([]int64, n)
	done := make([]bool, n)
	iter := make([]int32, n)
	iterPhase := make([]int32, n) // iter[v] is valid when iterPhase[v] == phase
	seen := make([]int32, n)      // DFS stamp
	dead := make([]int32, n)      // phase stamp
	stamp, phase := int32(0), int32(0)
	var touched []int32 // nodes given a tentative distance this round
	var q bucketQueue
	const inf = int64(1) << 62
	for i := range dist {
		dist[i] = inf
	}
	for {
		// Dijkstra on reduced costs, stopping when t is settled.
		for _, v := range touched {
			dist[v] = inf
			done[v] = false
		}
		touched = append(touched[:0], int32(s))
		dist[s] = 0
		q.reset()
		q.push(distItem{0, int32(s)})
		for {
			it, ok := q.pop()
			if !ok {
				break
			}
			u := int(it.v)
			if done[u] || it.d > dist[u] {
				continue
			}
			done[u] = true
			if u == t {
				break
			}
			pu := pot[u]
			for _, e := range g.arc[g.start[u]:g.start[u+1]] {
				if e.cap <= 0 {
					continue
				}
				v := e.to
				if done[v] {
					continue
				}
				nd := it.d + e.cost + pu - pot[v]
				if nd < dist[v] {
					if dist[v] == inf {
						touched = append(touched, v)
					}
					dist[v] = nd
					q.push(distItem{nd, v})
				}
			}
		}
		if !done[t] {
			return flow, cost
		}
		// New potentials: settled nodes get dist[v] - dt, the others 0.
		// (Adding dist[v], and dt to the others, would be the textbook
		// rule; subtracting dt from every node changes no reduced cost and
		// leaves the unsettled majority untouched.)
		dt := dist[t]
		for _, v := range touched {
			if done[v] {
				pot[v] += dist[v] - dt
			}
		}
		// Augment along admissible paths (reduced cost 0) until a sweep
		// with fresh marks finds none.
		for {
			phase++
			found := 0
			for {
				stamp++
				f := g.augment(int32(s), int32(t), Inf, iter, iterPhase, seen, dead, stamp, phase)
				if f == 0 {
					break
				}
				found += int(f)
				flow += int(f)
				cost += int64(f) * (pot[t] - pot[s])
			}
			if found == 0 {
				break
			}
		}
	}
}

// augment is a depth-first search for one admissible path from u to t.
// Arcs that fail are skipped for the rest of the phase (iter), as are nodes
// whose search failed (dead); seen avoids cycles within one search.
func (g *Graph) augment(u, t int32, limit int32, iter, iterPhase, seen, dead []int32, stamp, phase int32) int32 {
	if u == t {
		return limit
	}
	if iterPhase[u] != phase {
		iterPhase[u], iter[u] = phase, g.start[u]
	}
	seen[u] = stamp
	pot := g.pot
	end := g.start[u+1]
	for a := iter[u]; a < end; a++ {
		e := &g.arc[a]
		v := e.to
		if e.cap <= 0 || dead[v] == phase || e.cost+pot[u]-pot[v] != 0 {
			if a == iter[u] {
				iter[u]++
			}
			continue
		}
		if seen[v] == stamp {
			continue // on this search's path: may serve a later search
		}
		if f := g.augment(v, t, min(limit, e.cap), iter, iterPhase, seen, dead, stamp, phase); f > 0 {
			e.cap -= f
			g.arc[g.rev[a]].cap += f
			return f
		}
		if a == iter[u] {
			iter[u]++
		}
	}
	dead[u] = phase
	return 0
}
