package propose

import "github.com/podsync/podsync/matching"

// Matches computes the Matches and Unmet tabs for one sync cycle. It reads
// only its input: no clock, no randomness, no I/O.
func Matches(in matching.MatchInput) matching.MatchResult {
	p := newProposer(&in)
	assign := p.solve()
	return p.result(assign)
}

// Cost weights. They are small integers so the flow's shortest-path phases
// are few.
const (
	costZoneStep   = 5 // per zone of walking distance in Zone order
	costNoLanguage = 3 // no common language
	costNotMet     = 1 // never met in a pairing round
	costLoadStep   = 2 // per open match the helper already has
)

// pairCost is the cost of matching need n with helper h, load aside.
func (p *proposer) pairCost(n needRef, h int) int64 {
	c := p.zoneCost(n.m, h)
	if !p.speaksCommon(n.m, h) {
		c += costNoLanguage
	}
	if _, ok := p.metRound(n.m, h); !ok {
		c += costNotMet
	}
	return c
}

func (p *proposer) zoneCost(a, b int) int64 {
	if d := p.zoneDist(a, b); d >= 0 {
		return costZoneStep * int64(d)
	}
	return p.other
}

// loadCost is the cost of a helper holding x Proposed matches on top of a
// Accepted ones.
func loadCost(a, x int) int64 {
	var c int64
	for k := a; k < a+x; k++ {
		c += costLoadStep * int64(k)
	}
	return c
}
