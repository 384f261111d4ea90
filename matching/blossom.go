package matching

// Matchings in general graphs, for pair rotation.
//
// maxWeightMatching is Edmonds' blossom algorithm for maximum-weight matching
// in a general graph with integer weights, in the O(n³) form of Galil's
// survey ("Efficient algorithms for finding maximum matching in graphs",
// 1986), following the structure of Joris van Rantwijk's public-domain
// reference implementation. Dual variables are kept doubled, so with integer
// weights every quantity stays an integer.
//
// growMatching is the unweighted blossom algorithm (Edmonds 1965) with
// breadth-first search from each free vertex: O(n·m) in the worst case and
// fast in practice when started from a greedy matching.

// wEdge is an undirected edge u–v of integer weight w.
type wEdge struct {
	u, v int
	w    int64
}

// maxWeightMatching returns mate, with mate[v] the vertex matched to v or -1,
// for a maximum-weight matching of the graph on vertices 0..n-1. With maxCard
// it returns a maximum-weight matching among those of maximum cardinality.
// Edges must join distinct vertices; parallel edges are allowed.
func maxWeightMatching(n int, edges []wEdge, maxCard bool) []int {
	m := &wmatch{n: n, edges: edges, maxCard: maxCard}
	return m.run()
}

type wmatch struct {
	n       int
	edges   []wEdge
	maxCard bool

	endpoint  []int   // endpoint[p]: the vertex at end p (edge p/2)
	neighbend [][]int // neighbend[v]: remote ends p of the edges at v
	mate      []int   // mate[v]: remote end p of v's matched edge, or -1

	label            []int // 0 free, 1 S, 2 T (5 while scanning), per vertex and top blossom
	labelend         []int
	inblossom        []int
	blossomparent    []int
	blossomchilds    [][]int
	blossombase      []int
	blossomendps     [][]int
	bestedge         []int
	blossombestedges [][]int
	hasBestEdges     []bool
	unused           []int
	dualvar          []int64
	allowedge        []bool
	queue            []int
}

func (m *wmatch) slack(k int) int64 {
	e := m.edges[k]
	return m.dualvar[e.u] + m.dualvar[e.v] - 2*e.w
}

// leaves appends the vertices inside blossom b to out.
func (m *wmatch) leaves(b int, out []int) []int {
	if b < m.n {
		return append(out, b)
	}
	for _, t := range m.blossomchilds[b] {
		out = m.leaves(t, out)
	}
	return out
}

// at indexes s with Python's wrap-around for negative j.
func wmAt(s []int, j int) int {
	if j < 0 {
		j += len(s)
	}
	return s[j]
}

func wmIndex(s []int, x int) int {
	for i, y := range s {
		if y == x {
			return i
		}
	}
	return -1
}

func (m *wmatch) assignLabel(w, t, p int) {
	b := m.inblossom[w]
	m.label[w], m.label[b] = t, t
	m.labelend[w], m.labelend[b] = p, p
	m.bestedge[w], m.bestedge[b] = -1, -1
	if t == 1 {
		m.queue = m.leaves(b, m.queue)
	} else if t == 2 {
		base := m.blossombase[b]
		m.assignLabel(m.endpoint[m.mate[base]], 1, m.mate[base]^1)
	}
}

// scanBlossom traces back from v and w to find a new blossom's base, or -1
// when the two paths reach different roots (an augmenting path).
func (m *wmatch) scanBlossom(v, w int) int {
	var path []int
	base := -1
	for v != -1 || w != -1 {
		b := m.inblossom[v]
		if m.label[b]&4 != 0 {
			base = m.blossombase[b]
			break
		}
		path = append(path, b)
		m.label[b] = 5
		if m.labelend[b] == -1 {
			v = -1
		} else {
			v = m.endpoint[m.labelend[b]]
			b = m.inblossom[v]
			v = m.endpoint[m.labelend[b]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range path {
		m.label[b] = 1
	}
	return base
}

func (m *wmatch) addBlossom(base, k int) {
	v, w := m.edges[k].u, m.edges[k].v
	bb := m.inblossom[base]
	bv := m.inblossom[v]
	bw := m.inblossom[w]
	b := m.unused[len(m.unused)-1]
	m.unused = m.unused[:len(m.unused)-1]
	m.blossombase[b] = base
	m.blossomparent[b] = -1
	m.blossomparent[bb] = b
	var path, endps []int
	for bv != bb {
		m.blossomparent[bv] = b
		path = append(path, bv)
		endps = append(endps, m.labelend[bv])
		v = m.endpoint[m.labelend[bv]]
		bv = m.inblossom[v]
	}
	path = append(path, bb)
	wmReverse(path)
	wmReverse(endps)
	endps = append(endps, 2*k)
	for bw != bb {
		m.blossomparent[bw] = b
		path = append(path, bw)
		endps = append(endps, m.labelend[bw]^1)
		w = m.endpoint[m.labelend[bw]]
		bw = m.inblossom[w]
	}
	m.blossomchilds[b] = path
	m.blossomendps[b] = endps
	m.label[b] = 1
	m.labelend[b] = m.labelend[bb]
	m.dualvar[b] = 0
	for _, x := range m.leaves(b, nil) {
		if m.label[m.inblossom[x]] == 2 {
			m.queue = append(m.queue, x)
		}
		m.inblossom[x] = b
	}
	bestedgeto := make([]int, 2*m.n)
	for i := range bestedgeto {
		bestedgeto[i] = -1
	}
	consider := func(k int) {
		i, j := m.edges[k].u, m.edges[k].v
		if m.inblossom[j] == b {
			i, j = j, i
		}
		_ = i
		bj := m.inblossom[j]
		if bj != b && m.label[bj] == 1 && (bestedgeto[bj] == -1 || m.slack(k) < m.slack(bestedgeto[bj])) {
			bestedgeto[bj] = k
		}
	}
	for _, sub := range path {
		if !m.hasBestEdges[sub] {
			for _, x := range m.leaves(sub, nil) {
				for _, p := range m.neighbend[x] {
					consider(p / 2)
				}
			}
		} else {
			for _, k := range m.blossombestedges[sub] {
				consider(k)
			}
		}
		m.blossombestedges[sub] = nil
		m.hasBestEdges[sub] = false
		m.bestedge[sub] = -1
	}
	best := make([]int, 0, 8)
	for _, k := range bestedgeto {
		if k != -1 {
			best = append(best, k)
		}
	}
	m.blossombestedges[b] = best
	m.hasBestEdges[b] = true
	m.bestedge[b] = -1
	for _, k := range best {
		if m.bestedge[b] == -1 || m.slack(k) < m.slack(m.bestedge[b]) {
			m.bestedge[b] = k
		}
	}
}

func (m *wmatch) expandBlossom(b int, endstage bool) {
	for _, s := range m.blossomchilds[b] {
		m.blossomparent[s] = -1
		if s < m.n {
			m.inblossom[s] = s
		} else if endstage && m.dualvar[s] == 0 {
			m.expandBlossom(s, endstage)
		} else {
			for _, x := range m.leaves(s, nil) {
				m.inblossom[x] = s
			}
		}
	}
	if !endstage && m.label[b] == 2 {
		childs := m.blossomchilds[b]
		endps := m.blossomendps[b]
		entrychild := m.inblossom[m.endpoint[m.labelend[b]^1]]
		j := wmIndex(childs, entrychild)
		var jstep, endptrick int
		if j&1 != 0 {
			j -= len(childs)
			jstep, endptrick = 1, 0
		} else {
			jstep, endptrick = -1, 1
		}
		p := m.labelend[b]
		for j != 0 {
			m.label[m.endpoint[p^1]] = 0
			m.label[m.endpoint[wmAt(endps, j-endptrick)^endptrick^1]] = 0
			m.assignLabel(m.endpoint[p^1], 2, p)
			m.allowedge[wmAt(endps, j-endptrick)/2] = true
			j += jstep
			p = wmAt(endps, j-endptrick) ^ endptrick
			m.allowedge[p/2] = true
			j += jstep
		}
		bv := wmAt(childs, j)
		m.label[m.endpoint[p^1]], m.label[bv] = 2, 2
		m.labelend[m.endpoint[p^1]], m.labelend[bv] = p, p
		m.bestedge[bv] = -1
		j += jstep
		for wmAt(childs, j) != entrychild {
			bv := wmAt(childs, j)
			if m.label[bv] == 1 {
				j += jstep
				continue
			}
			v := -1
			for _, x := range m.leaves(bv, nil) {
				v = x
				if m.label[x] != 0 {
					break
				}
			}
			if v >= 0 && m.label[v] != 0 {
				m.label[v] = 0
				m.label[m.endpoint[m.mate[m.blossombase[bv]]]] = 0
				m.assignLabel(v, 2, m.labelend[v])
			}
			j += jstep
		}
	}
	m.label[b], m.labelend[b] = -1, -1
	m.blossomchilds[b], m.blossomendps[b] = nil, nil
	m.blossombase[b] = -1
	m.blossombestedges[b] = nil
	m.hasBestEdges[b] = false
	m.bestedge[b] = -1
	m.unused = append(m.unused, b)
}

// augmentBlossom swaps matched and unmatched edges inside blossom b along the
// path from vertex v to the base, making v the new base.
func (m *wmatch) augmentBlossom(b, v int) {
	t := v
	for m.blossomparent[t] != b {
		t = m.blossomparent[t]
	}
	if t >= m.n {
		m.augmentBlossom(t, v)
	}
	childs := m.blossomchilds[b]
	endps := m.blossomendps[b]
	i := wmIndex(childs, t)
	j := i
	var jstep, endptrick int
	if i&1 != 0 {
		j -= len(childs)
		jstep, endptrick = 1, 0
	} else {
		jstep, endptrick = -1, 1
	}
	for j != 0 {
		j += jstep
		t = wmAt(childs, j)
		p := wmAt(endps, j-endptrick) ^ endptrick
		if t >= m.n {
			m.augmentBlossom(t, m.endpoint[p])
		}
		j += jstep
		t = wmAt(childs, j)
		if t >= m.n {
			m.augmentBlossom(t, m.endpoint[p^1])
		}
		m.mate[m.endpoint[p]] = p ^ 1
		m.mate[m.endpoint[p^1]] = p
	}
	m.blossomchilds[b] = append(append([]int(nil), childs[i:]...), childs[:i]...)
	m.blossomendps[b] = append(append([]int(nil), endps[i:]...), endps[:i]...)
	m.blossombase[b] = m.blossombase[m.blossomchilds[b][0]]
}

func (m *wmatch) augmentMatching(k int) {
	v, w := m.edges[k].u, m.edges[k].v
	for _, sp := range [2][2]int{{v, 2*k + 1}, {w, 2 * k}} {
		s, p := sp[0], sp[1]
		for {
			bs := m.inblossom[s]
			if bs >= m.n {
				m.augmentBlossom(bs, s)
			}
			m.mate[s] = p
			if m.labelend[bs] == -1 {
				break
			}
			t := m.endpoint[m.labelend[bs]]
			bt := m.inblossom[t]
			s = m.endpoint[m.labelend[bt]]
			j := m.endpoint[m.labelend[bt]^1]
			if bt >= m.n {
				m.augmentBlossom(bt, j)
			}
			m.mate[j] = m.labelend[bt]
			p = m.labelend[bt] ^ 1
		}
	}
}

func wmReverse(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func (m *wmatch) run() []int {
	n := m.n
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	if n == 0 || len(m.edges) == 0 {
		return out
	}
	var maxweight int64
	for _, e := range m.edges {
		if e.w > maxweight {
			maxweight = e.w
		}
	}
	ne := len(m.edges)
	m.endpoint = make([]int, 2*ne)
	m.neighbend = make([][]int, n)
	for k, e := range m.edges {
		m.endpoint[2*k] = e.u
		m.endpoint[2*k+1] = e.v
		m.neighbend[e.u] = append(m.neighbend[e.u], 2*k+1)
		m.neighbend[e.v] = append(m.neighbend[e.v], 2*k)
	}
	m.mate = wmFill(make([]int, n), -1)
	m.label = make([]int, 2*n)
	m.labelend = wmFill(make([]int, 2*n), -1)
	m.inblossom = make([]int, n)
	for i := range m.inblossom {
		m.inblossom[i] = i
	}
	m.blossomparent = wmFill(make([]int, 2*n), -1)
	m.blossomchilds = make([][]int, 2*n)
	m.blossombase = wmFill(make([]int, 2*n), -1)
	for i := 0; i < n; i++ {
		m.blossombase[i] = i
	}
	m.blossomendps = make([][]int, 2*n)
	m.bestedge = wmFill(make([]int, 2*n), -1)
	m.blossombestedges = make([][]int, 2*n)
	m.hasBestEdges = make([]bool, 2*n)
	for i := 2*n - 1; i >= n; i-- {
		m.unused = append(m.unused, i)
	}
	// Popped from the end, so the lowest free blossom number comes first.
	m.dualvar = make([]int64, 2*n)
	for i := 0; i < n; i++ {
		m.dualvar[i] = maxweight
	}
	m.allowedge = make([]bool, ne)

	for stage := 0; stage < n; stage++ {
		for i := range m.label {
			m.label[i] = 0
			m.bestedge[i] = -1
		}
		for i := n; i < 2*n; i++ {
			m.blossombestedges[i] = nil
			m.hasBestEdges[i] = false
		}
		for i := range m.allowedge {
			m.allowedge[i] = false
		}
		m.queue = m.queue[:0]
		for v := 0; v < n; v++ {
			if m.mate[v] == -1 && m.label[m.inblossom[v]] == 0 {
				m.assignLabel(v, 1, -1)
			}
		}
		augmented := false
		for {
			for len(m.queue) > 0 && !augmented {
				v := m.queue[len(m.queue)-1]
				m.queue = m.queue[:len(m.queue)-1]
				for _, p := range m.neighbend[v] {
					k := p / 2
					w := m.endpoint[p]
					if m.inblossom[v] == m.inblossom[w] {
						continue
					}
					var kslack int64
					if !m.allowedge[k] {
						kslack = m.slack(k)
						if kslack <= 0 {
							m.allowedge[k] = true
						}
					}
					if m.allowedge[k] {
						if m.label[m.inblossom[w]] == 0 {
							m.assignLabel(w, 2, p^1)
						} else if m.label[m.inblossom[w]] == 1 {
							base := m.scanBlossom(v, w)
							if base >= 0 {
								m.addBlossom(base, k)
							} else {
								m.augmentMatching(k)
								augmented = true
								break
							}
						} else if m.label[w] == 0 {
							m.label[w] = 2
							m.labelend[w] = p ^ 1
						}
					} else if m.label[m.inblossom[w]] == 1 {
						b := m.inblossom[v]
						if m.bestedge[b] == -1 || kslack < m.slack(m.bestedge[b]) {
							m.bestedge[b] = k
						}
					} else if m.label[w] == 0 {
						if m.bestedge[w] == -1 || kslack < m.slack(m.bestedge[w]) {
							m.bestedge[w] = k
						}
					}
				}
			}
			if augmented {
				break
			}
			deltatype := -1
			var delta int64
			deltaedge, deltablossom := -1, -1
			if !m.maxCard {
				deltatype = 1
				delta = wmMin64(m.dualvar[:n])
			}
			for v := 0; v < n; v++ {
				if m.label[m.inblossom[v]] == 0 && m.bestedge[v] != -1 {
					d := m.slack(m.bestedge[v])
					if deltatype == -1 || d < delta {
						delta, deltatype, deltaedge = d, 2, m.bestedge[v]
					}
				}
			}
			for b := 0; b < 2*n; b++ {
				if m.blossomparent[b] == -1 && m.label[b] == 1 && m.bestedge[b] != -1 {
					d := m.slack(m.bestedge[b]) / 2
					if deltatype == -1 || d < delta {
						delta, deltatype, deltaedge = d, 3, m.bestedge[b]
					}
				}
			}
			for b := n; b < 2*n; b++ {
				if m.blossombase[b] >= 0 && m.blossomparent[b] == -1 && m.label[b] == 2 &&
					(deltatype == -1 || m.dualvar[b] < delta) {
					delta, deltatype, deltablossom = m.dualvar[b], 4, b
				}
			}
			if deltatype == -1 {
				// maxCard and no further progress possible: one last
				// dual update so that the duals stay optimal.
				deltatype = 1
				delta = wmMin64(m.dualvar[:n])
				if delta < 0 {
					delta = 0
				}
			}
			for v := 0; v < n; v++ {
				switch m.label[m.inblossom[v]] {
				case 1:
					m.dualvar[v] -= delta
				case 2:
					m.dualvar[v] += delta
				}
			}
			for b := n; b < 2*n; b++ {
				if m.blossombase[b] >= 0 && m.blossomparent[b] == -1 {
					switch m.label[b] {
					case 1:
						m.dualvar[b] += delta
					case 2:
						m.dualvar[b] -= delta
					}
				}
			}
			if deltatype == 1 {
				break
			}
			switch deltatype {
			case 2:
				m.allowedge[deltaedge] = true
				i, j := m.edges[deltaedge].u, m.edges[deltaedge].v
				if m.label[m.inblossom[i]] == 0 {
					i, j = j, i
				}
				_ = j
				m.queue = append(m.queue, i)
			case 3:
				m.allowedge[deltaedge] = true
				m.queue = append(m.queue, m.edges[deltaedge].u)
			case 4:
				m.expandBlossom(deltablossom, false)
			}
		}
		if !augmented {
			break
		}
		for b := n; b < 2*n; b++ {
			if m.blossomparent[b] == -1 && m.blossombase[b] >= 0 && m.label[b] == 1 && m.dualvar[b] == 0 {
				m.expandBlossom(b, true)
			}
		}
	}
	for v := 0; v < n; v++ {
		if m.mate[v] >= 0 {
			out[v] = m.endpoint[m.mate[v]]
		}
	}
	return out
}

func wmFill(s []int, x int) []int {
	for i := range s {
		s[i] = x
	}
	return s
}

func wmMin64(s []int64) int64 {
	r := s[0]
	for _, x := range s[1:] {
		if x < r {
			r = x
		}
	}
	return r
}

// growMatching grows the matching mate (mate[v] = partner or -1) of the
// graph adj to a maximum-cardinality one, trying free vertices in the given
// order (all vertices when order is nil); with stopAtFail it gives up at the
// first free vertex no augmenting path reaches: that vertex stays free in
// every maximum matching grown from this one (Edmonds' theorem), so a
// perfect matching is out of reach. perfect reports whether every vertex in
// order (or every vertex) ended matched; work counts the steps the searches
// took (vertices reset and edges scanned), for callers with a budget.
func growMatching(adj [][]int32, mate []int32, order []int32, stopAtFail bool) (pairs int, perfect bool, work int) {
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
