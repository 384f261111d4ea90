package flow

import (
	"math/rand/v2"
	"testing"
)

type testArc struct {
	u, v int
	cap  int32
	cost int64
}

func buildFlow(n int, arcs []testArc) (*Graph, []int) {
	g := New(n)
	ids := make([]int, len(arcs))
	for i, a := range arcs {
		ids[i] = g.AddArc(a.u, a.v, a.cap, a.cost)
	}
	g.Finish()
	return g, ids
}

func TestFlowSmall(t *testing.T) {
	// Two units from 0 to 3: the cheap path 0-1-3 carries one (capacity 1),
	// the second takes 0-2-3.
	g, ids := buildFlow(4, []testArc{
		{0, 1, 2, 1}, {1, 3, 1, 1}, {0, 2, 1, 5}, {2, 3, 2, 1}, {1, 2, 1, 1},
	})
	f, c := g.MinCostMaxFlow(0, 3)
	if f != 3 || c != 2+3+6 {
		t.Fatalf("flow %d cost %d, want 3 and 11", f, c)
	}
	if g.Flow(ids[0]) != 2 || g.Flow(ids[4]) != 1 {
		t.Errorf("arc flows %d %d", g.Flow(ids[0]), g.Flow(ids[4]))
	}
	// The min-cost choice needs a reverse (undo) arc: a greedy first path
	// 0-1-2-3 (cost 0) must be rerouted.
	g, _ = buildFlow(4, []testArc{
		{0, 1, 1, 0}, {1, 2, 1, 0}, {2, 3, 1, 0}, {0, 2, 1, 5}, {1, 3, 1, 5},
	})
	if f, c := g.MinCostMaxFlow(0, 3); f != 2 || c != 10 {
		t.Fatalf("flow %d cost %d, want 2 and 10", f, c)
	}
	// No path.
	g, _ = buildFlow(3, []testArc{{0, 1, 1, 1}})
	if f, c := g.MinCostMaxFlow(0, 2); f != 0 || c != 0 {
		t.Fatalf("flow %d cost %d, want 0 0", f, c)
	}
	// Negative costs are a programming error.
	defer func() {
		if recover() == nil {
			t.Error("negative cost did not panic")
		}
	}()
	New(2).AddArc(0, 1, 1, -1)
}

// TestFlowRandom checks thousands of random graphs against certificates that
// do not depend on how the flow was found: capacities and conservation hold,
// the value equals the minimum s–t cut (by enumerating every cut), and the
// residual graph has no negative cycle (Bellman–Ford), which is exactly the
// condition for a flow to be of minimum cost for its value.
func TestFlowRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 4000; iter++ {
		// Small costs stay in the bucket queue's window; large ones (every
		// fourth graph) go through its overflow heap.
		maxCost := 10
		if iter%4 == 3 {
			maxCost = 1_000_000
		}
		n := 2 + r.IntN(6)
		m := r.IntN(3 * n)
		arcs := make([]testArc, m)
		for i := range arcs {
			u, v := r.IntN(n), r.IntN(n)
			for v == u {
				v = r.IntN(n)
			}
			arcs[i] = testArc{u, v, int32(r.IntN(4)), int64(r.IntN(maxCost))}
		}
		s, tt := 0, n-1
		g, ids := buildFlow(n, arcs)
		f, c := g.MinCostMaxFlow(s, tt)

		bal := make([]int, n)
		var cost int64
		for i, a := range arcs {
			x := g.Flow(ids[i])
			if x < 0 || x > a.cap {
				t.Fatalf("iter %d: arc %d flow %d of capacity %d", iter, i, x, a.cap)
			}
			bal[a.u] -= int(x)
			bal[a.v] += int(x)
			cost += int64(x) * a.cost
		}
		for v := 0; v < n; v++ {
			want := 0
			switch v {
			case s:
				want = -f
			case tt:
				want = f
			}
			if bal[v] != want {
				t.Fatalf("iter %d: node %d unbalanced", iter, v)
			}
		}
		if cost != c {
			t.Fatalf("iter %d: reported cost %d, arcs cost %d", iter, c, cost)
		}
		// Min cut by enumeration: s inside, t outside.
		best := int(1 << 30)
		for mask := 0; mask < 1<<n; mask++ {
			if mask&(1<<s) == 0 || mask&(1<<tt) != 0 {
				continue
			}
			cut := 0
			for _, a := range arcs {
				if mask&(1<<a.u) != 0 && mask&(1<<a.v) == 0 {
					cut += int(a.cap)
				}
			}
			best = min(best, cut)
		}
		if f != best {
			t.Fatalf("iter %d: flow %d, min cut %d", iter, f, best)
		}
		// No negative cycle in the residual graph.
		d := make([]int64, n)
		for round := 0; round <= n; round++ {
			changed := false
			for a, e := range g.arc {
				if e.cap > 0 {
					u, v := g.arc[g.rev[a]].to, e.to
					if d[u]+e.cost < d[v] {
						d[v] = d[u] + e.cost
						changed = true
					}
				}
			}
			if !changed {
				break
			}
			if round == n {
				t.Fatalf("iter %d: residual graph has a negative cycle: flow not of minimum cost", iter)
			}
		}
	}
}

// TestFlowAssignment compares with exhaustive search on random unit
// assignment problems (needs × helpers with capacities), the shape matching
// uses.
func TestFlowAssignment(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 3000; iter++ {
		nn, nh := 1+r.IntN(5), 1+r.IntN(4)
		capH := make([]int, nh)
		for h := range capH {
			capH[h] = r.IntN(3)
		}
		cost := make([][]int64, nn)
		for i := range cost {
			cost[i] = make([]int64, nh)
			for h := range cost[i] {
				cost[i][h] = -1
				if r.IntN(3) > 0 {
					cost[i][h] = int64(r.IntN(20))
				}
			}
		}
		// Flow.
		s, tt := 0, 1
		g := New(2 + nn + nh)
		for i := 0; i < nn; i++ {
			g.AddArc(s, 2+i, 1, 0)
			for h := 0; h < nh; h++ {
				if cost[i][h] >= 0 {
					g.AddArc(2+i, 2+nn+h, 1, cost[i][h])
				}
			}
		}
		for h := 0; h < nh; h++ {
			for k := 0; k < capH[h]; k++ {
				g.AddArc(2+nn+h, tt, 1, int64(3*k)) // convex load
			}
		}
		g.Finish()
		f, c := g.MinCostMaxFlow(s, tt)
		// Brute force.
		bestN, bestC := -1, int64(0)
		load := make([]int, nh)
		var rec func(i, got int, sum int64)
		rec = func(i, got int, sum int64) {
			if i == nn {
				total := sum
				for h := range load {
					total += int64(3 * load[h] * (load[h] - 1) / 2)
				}
				if got > bestN || (got == bestN && total < bestC) {
					bestN, bestC = got, total
				}
				return
			}
			rec(i+1, got, sum)
			for h := 0; h < nh; h++ {
				if cost[i][h] >= 0 && load[h] < capH[h] {
					load[h]++
					rec(i+1, got+1, sum+cost[i][h])
					load[h]--
				}
			}
		}
		rec(0, 0, 0)
		if f != bestN || c != bestC {
			t.Fatalf("iter %d: flow %d cost %d, brute force %d cost %d", iter, f, c, bestN, bestC)
		}
	}
}
