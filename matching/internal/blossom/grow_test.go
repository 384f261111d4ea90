package blossom

import (
	"math/rand/v2"
	"testing"
)

func TestMaxCardMatchingBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 3000; trial++ {
		n := r.IntN(13)
		edges := randomGraph(r, n)
		adj := make([][]int32, n)
		for _, e := range edges {
			adj[e.U] = append(adj[e.U], int32(e.V))
			adj[e.V] = append(adj[e.V], int32(e.U))
		}
		mate := make([]int32, n)
		for i := range mate {
			mate[i] = -1
		}
		// Start from a random greedy matching, as the planner does.
		for _, e := range edges {
			if r.IntN(2) == 0 && mate[e.U] == -1 && mate[e.V] == -1 {
				mate[e.U], mate[e.V] = int32(e.V), int32(e.U)
			}
		}
		got := maxCardMatching(adj, mate, nil)
		im := make([]int, n)
		for i, x := range mate {
			im[i] = int(x)
		}
		unit := make([]Edge, len(edges))
		for i, e := range edges {
			unit[i] = Edge{e.U, e.V, 1}
		}
		card, _ := checkMate(t, n, unit, im)
		want, _ := bruteMatching(n, unit, true)
		if card != want || got != want {
			t.Fatalf("trial %d n=%d edges=%v: got %d (counted %d), want %d", trial, n, edges, got, card, want)
		}
	}
}

// maxCardMatching grows the matching mate (mate[v] = partner or -1) of the
// graph adj to a maximum-cardinality one, trying free vertices in the given
// order (all vertices when order is nil). It returns the number of matched
// pairs. adj lists each neighbour of v; order of the lists steers which
// maximum matching is found.
func maxCardMatching(adj [][]int32, mate []int32, order []int32) int {
	pairs, _, _ := Grow(adj, mate, order, false)
	return pairs
}
