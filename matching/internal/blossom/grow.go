package blossom

// Grow grows the matching mate (mate[v] = partner or -1) of the
// graph adj to a maximum-cardinality one, trying free vertices in the given
// order (all vertices when order is nil); with stopAtFail it gives up at the
// first free vertex no augmenting path reaches: that vertex stays free in
// every maximum matching grown from this one (Edmonds' theorem), so a
// perfect matching is out of reach. perfect reports whether every vertex in
// order (or every vertex) ended matched; work counts the steps the searches
// took (vertices reset and edges scanned), for callers with a budget.
func Grow(adj [][]int32, mate []int32, order []int32, stopAtFail bool) (pairs int, perfect bool, work int) {
	n := len(adj)
	e := &edmonds{adj: adj, mate: mate,
		p: make([]int32, n), base: make([]int32, n), used: make([]bool, n),
		blossom: make([]bool, n), mark: make([]int32, n), q: make([]int32, 0, n)}
	if order == nil {
		order = make([]int32, n)
		for i := range order {
			order[i] = int32(i)
		}
	}
	perfect = true
	for _, v := range order {
		if mate[v] != -1 {
			continue
		}
		t := e.findPath(v)
		if t == -1 {
			perfect = false
			if stopAtFail {
				break
			}
			continue
		}
		for t != -1 {
			pv := e.p[t]
			ppv := mate[pv]
			mate[t], mate[pv] = pv, t
			t = ppv
		}
	}
	for v := range mate {
		if mate[v] > int32(v) {
			pairs++
		}
	}
	return pairs, perfect, e.work
}

type edmonds struct {
	adj     [][]int32
	mate    []int32
	p, base []int32
	used    []bool
	blossom []bool
	mark    []int32
	stamp   int32
	q       []int32
	work    int
}

func (e *edmonds) lca(a, b int32) int32 {
	e.stamp++
	for {
		a = e.base[a]
		e.mark[a] = e.stamp
		if e.mate[a] == -1 {
			break
		}
		a = e.p[e.mate[a]]
	}
	for {
		b = e.base[b]
		if e.mark[b] == e.stamp {
			return b
		}
		b = e.p[e.mate[b]]
	}
}

func (e *edmonds) markPath(v, b, child int32) {
	for e.base[v] != b {
		e.blossom[e.base[v]] = true
		e.blossom[e.base[e.mate[v]]] = true
		e.p[v] = child
		child = e.mate[v]
		v = e.p[e.mate[v]]
	}
}

// findPath searches for an augmenting path from the free vertex root and
// returns its other (free) end, or -1.
func (e *edmonds) findPath(root int32) int32 {
	for i := range e.p {
		e.p[i] = -1
		e.base[i] = int32(i)
		e.used[i] = false
	}
	e.used[root] = true
	e.q = append(e.q[:0], root)
	e.work += len(e.p)
	for qh := 0; qh < len(e.q); qh++ {
		v := e.q[qh]
		e.work += len(e.adj[v])
		for _, to := range e.adj[v] {
			if e.base[v] == e.base[to] || e.mate[v] == to {
				continue
			}
			if to == root || (e.mate[to] != -1 && e.p[e.mate[to]] != -1) {
				cur := e.lca(v, to)
				e.work += 2 * len(e.blossom)
				for i := range e.blossom {
					e.blossom[i] = false
				}
				e.markPath(v, cur, to)
				e.markPath(to, cur, v)
				for i := range e.base {
					if e.blossom[e.base[i]] {
						e.base[i] = cur
						if !e.used[i] {
							e.used[i] = true
							e.q = append(e.q, int32(i))
						}
					}
				}
			} else if e.p[to] == -1 {
				e.p[to] = v
				if e.mate[to] == -1 {
					return to
				}
				nx := e.mate[to]
				e.used[nx] = true
				e.q = append(e.q, nx)
			}
		}
	}
	return -1
}
