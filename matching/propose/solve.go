package propose

import "github.com/podsync/podsync/matching"

// solve returns the chosen helper (member index) per open need, -1 for none.
func (p *proposer) solve() []int {
	for {
		p.rounds++
		net := p.build()
		net.g.MinCostMaxFlow(net.s, net.t)
		assign, bad := p.decompose(net)
		if len(bad) > 0 {
			// Not reached: the network has no path from a need to a helper
			// it may not have. Kept as a safety net: such needs get direct
			// arcs.
			for _, i := range bad {
				p.special[p.needs[i]] = true
			}
			continue
		}
		clash := p.idClashes(assign)
		if len(clash) == 0 {
			return assign
		}
		// A new match would take the Match ID of a row that is returned as
		// it is (only after an organizer changed a row's Member or Helper
		// and kept its ID): that pair is not allowed, and the flow runs
		// again. Any optimum that uses no clashing pair is an optimum with
		// every clashing pair left out, so the result is still optimal.
		p.reruns++
		for _, k := range clash {
			p.clash[k] = true
			p.special[k.n] = true
		}
	}
}

// idClashes returns the chosen pairs whose Match ID is already the ID of an
// Accepted, Done, Declined or kept row (with other content: a same-pair row
// of those kinds closes the need or forbids the pair).
func (p *proposer) idClashes(assign []int) []pairRef {
	if len(p.fixed)+len(p.kept) == 0 {
		return nil
	}
	taken := make(map[string]bool, len(p.fixed)+len(p.kept))
	for _, m := range p.fixed {
		taken[m.ID] = true
	}
	for _, k := range p.kept {
		taken[k.row.ID] = true
	}
	var out []pairRef
	for i, h := range assign {
		if h < 0 {
			continue
		}
		n := p.needs[i]
		if taken[matching.MatchID(matching.Need{Member: p.mem[n.m].ID, Category: matching.Categories[n.c]}, p.mem[h].ID)] {
			out = append(out, pairRef{n, h})
		}
	}
	return out
}

// decompose splits the flow into need → helper paths by walking from each
// need along arcs that still carry flow (the flow has no cycles: every
// cycle of the network costs more than zero), and returns the helper each
// need reached, -1 for none, and the needs that reached a helper they may
// not have (none, by construction; see solve).
func (p *proposer) decompose(net *network) (assign []int, bad []int) {
	g := net.g
	isHelper := make([]int, g.Nodes()) // node -> member index + 1 for helper nodes
	for m, v := range net.helperNode {
		if v >= 0 {
			isHelper[v] = m + 1
		}
	}
	rem := make([]int32, g.Arcs())
	for k := range rem {
		rem[k] = g.Flow(k)
	}
	assign = make([]int, len(p.needs))
	for i, n := range p.needs {
		assign[i] = -1
		u := net.needBase + i
		for {
			pick, next := -1, -1
			for k, to := range g.Out(u) {
				if rem[k] > 0 {
					pick, next = k, to
					break
				}
			}
			if pick < 0 {
				break // no flow out of this need
			}
			rem[pick]--
			u = next
			if h := isHelper[u] - 1; h >= 0 {
				assign[i] = h
				if !p.allowed(n, h) {
					bad = append(bad, i)
				}
				break
			}
		}
	}
	return assign, bad
}
