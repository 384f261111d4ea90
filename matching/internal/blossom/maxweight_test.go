package blossom

import (
	"math/rand/v2"
	"testing"
)

// bruteMatching returns, over every matching of the graph, the best
// (cardinality, weight) in the order the flag asks: maximum cardinality first
// then maximum weight when maxCard, else maximum weight alone (with its
// cardinality unspecified, returned as -1).
func bruteMatching(n int, edges []Edge, maxCard bool) (card int, weight int64) {
	w := make([][]int64, n)
	has := make([][]bool, n)
	for i := range w {
		w[i] = make([]int64, n)
		has[i] = make([]bool, n)
	}
	for _, e := range edges {
		// Parallel edges: only the heaviest matters.
		if !has[e.U][e.V] || e.W > w[e.U][e.V] {
			w[e.U][e.V], w[e.V][e.U] = e.W, e.W
			has[e.U][e.V], has[e.V][e.U] = true, true
		}
	}
	bestCard, bestW := 0, int64(0)
	used := make([]bool, n)
	var rec func(v, c int, sum int64)
	rec = func(v, c int, sum int64) {
		for v < n && used[v] {
			v++
		}
		if v == n {
			if maxCard {
				if c > bestCard || (c == bestCard && sum > bestW) {
					bestCard, bestW = c, sum
				}
			} else if sum > bestW {
				bestW = sum
			}
			return
		}
		used[v] = true
		rec(v+1, c, sum) // v stays single
		for u := v + 1; u < n; u++ {
			if !used[u] && has[v][u] {
				used[u] = true
				rec(v+1, c+1, sum+w[v][u])
				used[u] = false
			}
		}
		used[v] = false
	}
	rec(0, 0, 0)
	if !maxCard {
		return -1, bestW
	}
	return bestCard, bestW
}

func checkMate(t *testing.T, n int, edges []Edge, mate []int) (card int, weight int64) {
	t.Helper()
	best := map[[2]int]int64{}
	for _, e := range edges {
		k := [2]int{min(e.U, e.V), max(e.U, e.V)}
		if w, ok := best[k]; !ok || e.W > w {
			best[k] = e.W
		}
	}
	for v, u := range mate {
		if u == -1 {
			continue
		}
		if u < 0 || u >= n || u == v || mate[u] != v {
			t.Fatalf("mate is not a matching: %v", mate)
		}
		w, ok := best[[2]int{min(u, v), max(u, v)}]
		if !ok {
			t.Fatalf("mate uses a non-edge %d-%d: %v", v, u, mate)
		}
		if v < u {
			card++
			weight += w
		}
	}
	return card, weight
}

func randomGraph(r *rand.Rand, n int) []Edge {
	var edges []Edge
	p := r.Float64()
	maxW := []int64{1, 3, 10, 1000}[r.IntN(4)]
	for u := 0; u < n; u++ {
		for v := u + 1; v < n; v++ {
			if r.Float64() < p {
				e := Edge{u, v, r.Int64N(maxW) + 1}
				if r.IntN(2) == 0 {
					e.U, e.V = e.V, e.U
				}
				edges = append(edges, e)
				if r.IntN(20) == 0 { // an occasional parallel edge
					edges = append(edges, Edge{u, v, r.Int64N(maxW) + 1})
				}
			}
		}
	}
	r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	return edges
}

func TestMaxWeightMatchingBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	trials := 6000
	if testing.Short() {
		trials = 1500
	}
	for trial := 0; trial < trials; trial++ {
		n := r.IntN(11)
		edges := randomGraph(r, n)
		for _, maxCard := range []bool{true, false} {
			mate := MaxWeight(n, edges, maxCard)
			card, w := checkMate(t, n, edges, mate)
			wantCard, wantW := bruteMatching(n, edges, maxCard)
			if (maxCard && card != wantCard) || w != wantW {
				t.Fatalf("trial %d n=%d maxCard=%v edges=%v: got card %d weight %d, want card %d weight %d",
					trial, n, maxCard, edges, card, w, wantCard, wantW)
			}
		}
	}
}

func TestMaxWeightMatchingLarge(t *testing.T) {
	// A complete graph with equal weights must give a perfect matching, and a
	// path's alternate edges a known optimum.
	n := 200
	var edges []Edge
	for u := 0; u < n; u++ {
		for v := u + 1; v < n; v++ {
			edges = append(edges, Edge{u, v, 5})
		}
	}
	card, w := checkMate(t, n, edges, MaxWeight(n, edges, true))
	if card != n/2 || w != int64(5*n/2) {
		t.Fatalf("complete graph: card %d weight %d", card, w)
	}
	edges = edges[:0]
	for v := 0; v+1 < 9; v++ {
		edges = append(edges, Edge{v, v + 1, int64(1 + v%2*10)})
	}
	card, w = checkMate(t, 9, edges, MaxWeight(9, edges, false))
	if w != 44 {
		t.Fatalf("path: card %d weight %d, want weight 44", card, w)
	}
}
