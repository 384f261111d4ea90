package matching

// Min-cost max-flow, for needs-to-offers matching.
//
// flowGraph is a directed graph with integer capacities and integer
// non-negative costs. minCostMaxFlow finds a maximum s–t flow and, among
// maximum flows, one of minimum cost, by successive shortest paths in the
// primal-dual form:
//
//   - Node potentials π keep every residual arc's reduced cost
//     c(u,v) + π(u) − π(v) non-negative, so shortest paths are found with
//     Dijkstra. Dijkstra stops as soon as the sink is settled; nodes it did
//     not settle get the sink's distance added to their potential, which
//     keeps reduced costs non-negative (Goldberg's early-termination rule).
//   - After each Dijkstra every shortest s–t path consists of arcs of
//     reduced cost zero. Instead of augmenting one path, a blocking flow is
//     pushed through that admissible subgraph with Dinic's level graphs, so
//     one Dijkstra serves every augmenting path of the same length.
//
// Each augmentation is along a shortest path of the residual graph, so the
// flow stays of minimum cost for its value (the classic SSP invariant), and
// the loop ends when the sink is unreachable: the flow is then maximum. All
// arithmetic is on integers, so there are no rounding ties; the order in
// which arcs were added fixes the result, which makes it deterministic.

const flowInf = int32(1 << 30)

type flowGraph struct {
	n    int
	head []int32 // first arc out of each node, -1 for none
	next []int32 // next arc out of the same tail
	to   []int32
	cap  []int32 // residual capacity
	cost []int64
}

func newFlowGraph(n int) *flowGraph {
	g := &flowGraph{n: n, head: make([]int32, n)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

// addNode appends a node and returns its index.
func (g *flowGraph) addNode() int {
	g.head = append(g.head, -1)
	g.n++
	return g.n - 1
}

// addArc adds an arc u→v with the given capacity and cost (cost ≥ 0) and its
// residual twin v→u; it returns the arc's index (the twin is index^1).
// Arcs out of a node are scanned in the order they were added.
func (g *flowGraph) addArc(u, v int, capacity int32, cost int64) int {
	if cost < 0 {
		panic("matching: negative arc cost")
	}
	a := len(g.to)
	g.to = append(g.to, int32(v), int32(u))
	g.cap = append(g.cap, capacity, 0)
	g.cost = append(g.cost, cost, -cost)
	g.next = append(g.next, -1, -1)
	g.link(u, a)
	g.link(v, a+1)
	return a
}

// link puts arc a at the front of u's list; finish reverses every list once
// so that scanning follows insertion order.
func (g *flowGraph) link(u, a int) {
	g.next[a] = g.head[u]
	g.head[u] = int32(a)
}

// finish reverses every adjacency list so arcs are scanned in the order
// they were added. Call once, after the last addArc.
func (g *flowGraph) finish() {
	for u := 0; u < g.n; u++ {
		prev := int32(-1)
		for a := g.head[u]; a >= 0; {
			nx := g.next[a]
			g.next[a] = prev
			prev = a
			a = nx
		}
		g.head[u] = prev
	}
}

// flow returns the flow on arc a (an index returned by addArc).
func (g *flowGraph) flow(a int) int32 { return g.cap[a^1] }

// minCostMaxFlow pushes a maximum flow from s to t of minimum cost and
// returns its value and cost. finish must have been called.
func (g *flowGraph) minCostMaxFlow(s, t int) (flow int, cost int64) {
	n := g.n
	pot := make([]int64, n)
	dist := make([]int64, n)
	done := make([]bool, n)
	level := make([]int32, n)
	iter := make([]int32, n)
	queue := make([]int32, 0, n)
	var pq distHeap
	const inf = int64(1) << 62
	for {
		// Dijkstra on reduced costs, stopping when t is settled.
		for i := range dist {
			dist[i] = inf
			done[i] = false
		}
		dist[s] = 0
		pq = pq[:0]
		pq.push(distItem{0, int32(s)})
		for len(pq) > 0 {
			it := pq.pop()
			u := int(it.v)
			if done[u] || it.d > dist[u] {
				continue
			}
			done[u] = true
			if u == t {
				break
			}
			for a := g.head[u]; a >= 0; a = g.next[a] {
				if g.cap[a] <= 0 {
					continue
				}
				v := g.to[a]
				if done[v] {
					continue
				}
				nd := it.d + g.cost[a] + pot[u] - pot[v]
				if nd < dist[v] {
					dist[v] = nd
					pq.push(distItem{nd, v})
				}
			}
		}
		if !done[t] {
			return flow, cost
		}
		dt := dist[t]
		for v := 0; v < n; v++ {
			if done[v] {
				pot[v] += dist[v]
			} else {
				pot[v] += dt
			}
		}
		// Blocking flows on the admissible subgraph (reduced cost 0).
		for {
			for i := range level {
				level[i] = -1
			}
			level[s] = 0
			queue = append(queue[:0], int32(s))
			for qi := 0; qi < len(queue); qi++ {
				u := queue[qi]
				for a := g.head[u]; a >= 0; a = g.next[a] {
					v := g.to[a]
					if g.cap[a] > 0 && level[v] < 0 && g.cost[a]+pot[u]-pot[v] == 0 {
						level[v] = level[u] + 1
						queue = append(queue, v)
					}
				}
			}
			if level[t] < 0 {
				break
			}
			copy(iter, g.head)
			for {
				f := g.augment(int32(s), int32(t), flowInf, level, iter, pot)
				if f == 0 {
					break
				}
				flow += int(f)
				cost += int64(f) * (pot[t] - pot[s])
			}
		}
	}
}

// augment is Dinic's depth-first search along level-increasing admissible
// arcs, with current-arc pointers in iter.
func (g *flowGraph) augment(u, t int32, limit int32, level, iter []int32, pot []int64) int32 {
	if u == t {
		return limit
	}
	for ; iter[u] >= 0; iter[u] = g.next[iter[u]] {
		a := iter[u]
		v := g.to[a]
		if g.cap[a] <= 0 || level[v] != level[u]+1 || g.cost[a]+pot[u]-pot[v] != 0 {
			continue
		}
		f := g.augment(v, t, min(limit, g.cap[a]), level, iter, pot)
		if f > 0 {
			g.cap[a] -= f
			g.cap[a^1] += f
			return f
		}
	}
	return 0
}

type distItem struct {
	d int64
	v int32
}

// distHeap is a binary min-heap by distance, then node index, so pops are
// deterministic.
type distHeap []distItem

func (h distItem) less(o distItem) bool { return h.d < o.d || (h.d == o.d && h.v < o.v) }

func (h *distHeap) push(x distItem) {
	*h = append(*h, x)
	q := *h
	i := len(q) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q[i].less(q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *distHeap) pop() distItem {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(q) {
			break
		}
		c := l
		if r := l + 1; r < len(q) && q[r].less(q[l]) {
			c = r
		}
		if !q[c].less(q[i]) {
			break
		}
		q[i], q[c] = q[c], q[i]
		i = c
	}
	*h = q
	return top
}
