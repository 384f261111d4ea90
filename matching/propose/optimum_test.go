package propose

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
)

// randomPod is a small pod with every kind of input: zones listed, unlisted
// and blank, languages, capacities, paused and left members, Do Not Pair,
// met pairs and Matches rows of every status.
func randomPod(r *rand.Rand, members, cats int) matching.MatchInput {
	zones := []string{"A", "B", "C", "Z", ""}
	langs := []string{"English", "Spanish", "Mandarin"}
	in := matching.MatchInput{Settings: matching.DefaultSettings(), Today: today, Forbidden: matching.Forbidden{}, Met: map[[2]matching.MemberID]int{}}
	for _, z := range []string{"A", "B", "C", "D"} {
		if r.IntN(4) > 0 {
			in.Settings.ZoneOrder = append(in.Settings.ZoneOrder, z)
		}
	}
	in.Settings.DefaultCapacity = 1 + r.IntN(2)
	for i := 0; i < members; i++ {
		m := matching.Member{ID: matching.MemberID(fmt.Sprintf("M-%02d", i)), Zone: zones[r.IntN(len(zones))], Capacity: r.IntN(4)}
		for _, l := range langs {
			if r.IntN(3) == 0 {
				m.Languages = append(m.Languages, l)
			}
		}
		for c := 0; c < cats; c++ {
			if r.IntN(3) == 0 {
				m.Needs = append(m.Needs, matching.Categories[c])
			}
			if r.IntN(3) == 0 {
				m.Offers = append(m.Offers, matching.Categories[c])
			}
		}
		switch r.IntN(8) {
		case 0:
			m.Active = matching.Paused
		case 1:
			m.Active = matching.Left
		}
		in.Members = append(in.Members, m)
	}
	id := func() matching.MemberID { return matching.MemberID(fmt.Sprintf("M-%02d", r.IntN(members))) }
	for i := r.IntN(3); i > 0; i-- {
		if a, b := id(), id(); a != b {
			in.Forbidden[matching.Key(a, b)] = true
		}
	}
	for i := r.IntN(4); i > 0; i-- {
		if a, b := id(), id(); a != b {
			in.Met[matching.Key(a, b)] = 1 + r.IntN(3)
		}
	}
	// Proposed rows on a few dates (blank included), some with a blank Why
	// and a few sharing another row's Match ID.
	dates := []time.Time{{}, today.AddDate(0, 0, -14), today.AddDate(0, 0, -7), today.AddDate(0, 0, -7), today}
	for i := r.IntN(7); i > 0; i-- {
		m := matching.Match{Member: id(), Category: matching.Categories[r.IntN(cats)], Helper: id(), Status: matching.MatchStatus(r.IntN(4))}
		if r.IntN(2) == 0 {
			m.Status = matching.Proposed
		}
		if m.Status == matching.Proposed && r.IntN(4) > 0 {
			// Mostly a row that may well still be allowed: a need someone
			// ticked and a helper offering it.
			a := in.Members[r.IntN(members)]
			if len(a.Needs) > 0 {
				m.Member, m.Category = a.ID, a.Needs[r.IntN(len(a.Needs))]
				var hs []matching.MemberID
				for _, h := range in.Members {
					if h.HasOffer(m.Category) {
						hs = append(hs, h.ID)
					}
				}
				if len(hs) > 0 {
					m.Helper = hs[r.IntN(len(hs))]
				}
			}
		}
		m.ID = matching.MatchID(m.Need(), m.Helper)
		m.Why = "earlier"
		if m.Status == matching.Proposed {
			m.ProposedOn = dates[r.IntN(len(dates))]
			if r.IntN(4) == 0 {
				m.Why = ""
			}
			if len(in.Existing) > 0 && r.IntN(8) == 0 {
				m.ID = in.Existing[r.IntN(len(in.Existing))].ID
			}
		}
		in.Existing = append(in.Existing, m)
	}
	return in
}

// bruteForce returns the largest number of matched needs and, among those,
// the lowest matchCost, by trying every assignment of the needs that have no
// kept Proposed row (keptRows) to the slots the kept rows leave. Open needs
// and allowed helpers are found here from the input alone.
func bruteForce(in matching.MatchInput) (int, int64) {
	p := newProposer(&in)
	byID := map[matching.MemberID]*matching.Member{}
	for i := range in.Members {
		byID[in.Members[i].ID] = &in.Members[i]
	}
	closed, declined := map[matching.Need]bool{}, map[[2]string]bool{}
	capLeft, accepted := map[matching.MemberID]int{}, map[matching.MemberID]int{}
	for _, m := range in.Members {
		c := m.Capacity
		if c == 0 {
			c = max(1, in.Settings.DefaultCapacity)
		}
		capLeft[m.ID] = c
	}
	for _, m := range in.Existing {
		switch m.Status {
		case matching.Accepted:
			closed[m.Need()] = true
			capLeft[m.Helper]--
			accepted[m.Helper]++
		case matching.Done:
			closed[m.Need()] = true
		case matching.Declined:
			declined[[2]string{string(m.Member) + string(m.Category), string(m.Helper)}] = true
		}
	}
	kept, _ := keptRows(in)
	keptLoad := map[matching.MemberID]int{}
	var keptSum int64
	// Match IDs a new match may not take: those of the rows returned as
	// they are.
	taken := map[string]bool{}
	for _, m := range in.Existing {
		if m.Status != matching.Proposed {
			taken[m.ID] = true
		}
	}
	for _, m := range kept {
		taken[m.ID] = true
	}
	for _, m := range kept {
		closed[m.Need()] = true // matched already: not in the search
		capLeft[m.Helper]--
		keptLoad[m.Helper]++
		keptSum += p.pairCost(needRef{p.idx[m.Member], catIndex[m.Category]}, p.idx[m.Helper])
	}
	type cand struct {
		need matching.Need
		hs   []matching.MemberID
	}
	var needs []cand
	for _, m := range in.Members {
		if m.Active != matching.Active {
			continue
		}
		for _, c := range m.Needs {
			n := matching.Need{Member: m.ID, Category: c}
			if closed[n] {
				continue
			}
			var hs []matching.MemberID
			for _, h := range in.Members {
				if h.ID != m.ID && h.Available() && h.HasOffer(c) && !in.Forbidden.Has(m.ID, h.ID) &&
					!declined[[2]string{string(m.ID) + string(c), string(h.ID)}] && !taken[matching.MatchID(n, h.ID)] {
					hs = append(hs, h.ID)
				}
			}
			needs = append(needs, cand{n, hs})
		}
	}
	bestN, bestC := -1, int64(0)
	used := map[matching.MemberID]int{}
	var rec func(i, got int, sum int64)
	rec = func(i, got int, sum int64) {
		if got+len(needs)-i < bestN {
			return
		}
		if i == len(needs) {
			total := sum + keptSum
			for h, x := range used {
				total += loadCost(accepted[h], x+keptLoad[h])
			}
			for h, x := range keptLoad {
				if used[h] == 0 {
					total += loadCost(accepted[h], x)
				}
			}
			if got > bestN || (got == bestN && total < bestC) {
				bestN, bestC = got, total
			}
			return
		}
		rec(i+1, got, sum)
		n := needs[i].need
		for _, h := range needs[i].hs {
			if used[h] < capLeft[h] {
				used[h]++
				rec(i+1, got+1, sum+p.pairCost(needRef{p.idx[n.Member], catIndex[n.Category]}, p.idx[h]))
				used[h]--
				if used[h] == 0 {
					delete(used, h)
				}
			}
		}
	}
	rec(0, 0, 0)
	return bestN + len(kept), bestC
}

// TestProposeMatchesBruteForce runs thousands of random small pods and checks
// every hard constraint, and that the matched count and the cost equal the
// exhaustive optimum.
func TestProposeMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	pods := 3000
	if testing.Short() {
		pods = 300
	}
	special, self, kept, over, reruns := 0, 0, 0, 0, 0
	for iter := 0; iter < pods; iter++ {
		in := randomPod(r, 3+r.IntN(5), 1+r.IntN(3))
		k, o := keptRows(in)
		kept += len(k)
		over += o
		res := Matches(in)
		if err := checkResult(in, res); err != nil {
			t.Fatalf("pod %d: %v\n%+v", iter, err, in)
		}
		n := 0
		for _, m := range res.Matches {
			if m.Status == matching.Proposed {
				n++
			}
		}
		c := matchCost(in, res.Matches)
		bn, bc := bruteForce(in)
		if n != bn || c != bc {
			t.Fatalf("pod %d: matched %d cost %d; brute force %d cost %d\n%+v\n%+v", iter, n, c, bn, bc, in, res.Matches)
		}
		p := newProposer(&in)
		special += len(p.special)
		if p.solve(); p.rounds-p.reruns != 1 {
			t.Fatalf("pod %d: %d flow solves: the network let a need reach a helper it may not have", iter, p.rounds)
		}
		reruns += p.reruns
		for _, n := range p.needs {
			if p.selfNeed(n) && !p.special[n] {
				self++
			}
		}
	}
	t.Logf("%d pods; %d needs with a Do Not Pair or Declined helper, %d whose member offers the same", pods, special, self)
	t.Logf("%d kept Proposed rows; %d allowed ones dropped (need already kept, or helper full); %d re-runs after a Match ID clash", kept, over, reruns)
}

// TestProposeVsDense checks pods larger than brute force can take against
// the dense network (every need with a direct arc to each allowed helper),
// with many members offering what they need, Do Not Pair rules, and zone
// orders that are empty, partial or full, so every route of the aggregated
// network is exercised.
func TestProposeVsDense(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for iter := 0; iter < 300; iter++ {
		in := randomPod(r, 10+r.IntN(30), 1+r.IntN(4))
		switch iter % 3 {
		case 0:
			in.Settings.ZoneOrder = nil
		case 1:
			in.Settings.ZoneOrder = []string{"D", "C", "B", "A", "Z"}
		}
		for i := range in.Members {
			if r.IntN(2) == 0 {
				in.Members[i].Offers = append(in.Members[i].Offers, in.Members[i].Needs...)
			}
		}
		for i := 0; i < 10; i++ {
			a, b := in.Members[r.IntN(len(in.Members))].ID, in.Members[r.IntN(len(in.Members))].ID
			if a != b {
				in.Forbidden[matching.Key(a, b)] = true
			}
		}
		res := Matches(in)
		if err := checkResult(in, res); err != nil {
			t.Fatalf("pod %d: %v", iter, err)
		}
		if p := newProposer(&in); p.solve() != nil && p.rounds-p.reruns != 1 {
			t.Fatalf("pod %d: %d flow solves: the network let a need reach a helper it may not have", iter, p.rounds)
		}
		dense := newProposer(&in)
		for _, n := range dense.needs {
			dense.special[n] = true
		}
		net := dense.build()
		f, c := net.g.MinCostMaxFlow(net.s, net.t)
		// Kept rows are outside the network: add their count and cost.
		keptLoad := map[int]int{}
		for _, k := range dense.kept {
			f++
			c += dense.pairCost(k.n, k.h)
			keptLoad[k.h]++
		}
		for h, x := range keptLoad {
			c += loadCost(dense.accepted[h], x)
		}
		n := 0
		for _, m := range res.Matches {
			if m.Status == matching.Proposed {
				n++
			}
		}
		// The dense network's cost includes the load arcs, as matchCost does.
		if got := matchCost(in, res.Matches); n != f || got != c {
			t.Fatalf("pod %d: matched %d cost %d; dense network %d cost %d", iter, n, got, f, c)
		}
	}
}

// bruteForceCount is the maximum number of matched needs, kept Proposed rows
// included, by augmenting paths on the explicit need × helper graph
// (Ford–Fulkerson with unit needs) for the needs without a kept row.
func bruteForceCount(in matching.MatchInput) (int, error) {
	p := newProposer(&in)
	capLeft := slices.Clone(p.capLeft)
	owner := map[int][]int{} // helper -> needs
	var try func(i int, seen map[int]bool) bool
	try = func(i int, seen map[int]bool) bool {
		n := p.needs[i]
		for _, h := range p.helpers[n.c] {
			if !p.allowed(n, h) || seen[h] {
				continue
			}
			seen[h] = true
			if capLeft[h] > 0 {
				capLeft[h]--
				owner[h] = append(owner[h], i)
				return true
			}
			for k, j := range owner[h] {
				if try(j, seen) {
					owner[h][k] = i
					return true
				}
			}
		}
		return false
	}
	n := len(p.kept)
	for i := range p.needs {
		if try(i, map[int]bool{}) {
			n++
		}
	}
	return n, nil
}

// matchCost is the objective's cost of the Proposed matches in ms, kept ones
// included (the other rows are fixed): the sum of pairCost plus every
// helper's loadCost on top of their Accepted matches. The matches must be
// allowed and their members known.
func matchCost(in matching.MatchInput, ms []matching.Match) int64 {
	p := newProposer(&in)
	var c int64
	load := map[int]int{}
	for _, m := range ms {
		if m.Status != matching.Proposed {
			continue
		}
		n := needRef{p.idx[m.Member], catIndex[m.Category]}
		h := p.idx[m.Helper]
		c += p.pairCost(n, h)
		load[h]++
	}
	for h, x := range load {
		c += loadCost(p.accepted[h], x)
	}
	return c
}
