package propose

import (
	"slices"
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
)

// why explains a match in plain words.
func (p *proposer) why(n needRef, h int) string {
	var parts []string
	switch d := p.zoneDist(n.m, h); {
	case d == 0:
		parts = append(parts, "same zone ("+strings.TrimSpace(p.mem[h].Zone)+")")
	case d == 1:
		parts = append(parts, "next zone over ("+strings.TrimSpace(p.mem[h].Zone)+")")
	case d > 1:
		parts = append(parts, strconv.Itoa(d)+" zones away ("+strings.TrimSpace(p.mem[h].Zone)+")")
	}
	if l := p.sharedLanguage(n.m, h); l != "" {
		parts = append(parts, "both speak "+l)
	}
	if r, ok := p.metRound(n.m, h); ok {
		parts = append(parts, "met in round "+strconv.Itoa(r))
	}
	if len(parts) == 0 {
		return "offers " + string(matching.Categories[n.c])
	}
	return strings.Join(parts, " · ")
}

// sharedLanguage returns the first language of a's that b also speaks, as a
// wrote it, or "".
func (p *proposer) sharedLanguage(a, b int) string {
	for _, l := range p.mem[a].Languages {
		if f := matching.Fold(l); f != "" && slices.Contains(p.langs[b], f) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func (p *proposer) result(assign []int) matching.MatchResult {
	var res matching.MatchResult
	res.Matches = append(res.Matches, p.fixed...)
	for _, k := range p.kept {
		m := *k.row
		if m.Why == "" {
			m.Why = p.why(k.n, k.h)
		}
		res.Matches = append(res.Matches, m)
	}
	matched := map[needRef]bool{}
	for i, h := range assign {
		if h < 0 {
			continue
		}
		n := p.needs[i]
		matched[n] = true
		need := matching.Need{Member: p.mem[n.m].ID, Category: matching.Categories[n.c]}
		res.Matches = append(res.Matches, matching.Match{
			ID: matching.MatchID(need, p.mem[h].ID), Member: need.Member, Category: need.Category,
			Helper: p.mem[h].ID, Status: matching.Proposed, Why: p.why(n, h), ProposedOn: p.in.Today,
		})
	}
	slices.SortStableFunc(res.Matches, compareMatch)

	// Unmet: open needs left over, per category, then the members' own words.
	waiting := make([][]matching.MemberID, len(matching.Categories))
	whys := make([][]string, len(matching.Categories))
	for _, n := range p.needs {
		if !matched[n] {
			waiting[n.c] = append(waiting[n.c], p.mem[n.m].ID)
			whys[n.c] = append(whys[n.c], p.whyWaiting(n))
		}
	}
	for c, w := range waiting {
		if len(w) > 0 {
			res.Unmet = append(res.Unmet, matching.UnmetRow{Category: matching.Categories[c], Label: string(matching.Categories[c]),
				Open: len(w), Helpers: p.offers[c], Waiting: w, Why: whys[c]})
		}
	}
	type other struct {
		label   string
		waiting []matching.MemberID
		helpers int
	}
	others := map[string]*other{}
	for i, m := range p.mem {
		if m.Active != matching.Active {
			continue
		}
		for _, t := range m.NeedOther {
			k := matching.Fold(t)
			if k == "" {
				continue
			}
			o := others[k]
			if o == nil {
				o = &other{label: "Other: " + strings.Join(strings.Fields(t), " ")}
				others[k] = o
			}
			if !slices.Contains(o.waiting, p.mem[i].ID) {
				o.waiting = append(o.waiting, p.mem[i].ID)
			}
		}
	}
	for _, m := range p.mem {
		if !m.Available() {
			continue
		}
		seen := map[string]bool{}
		for _, t := range m.OfferOther {
			if o := others[matching.Fold(t)]; o != nil && !seen[matching.Fold(t)] {
				seen[matching.Fold(t)] = true
				o.helpers++
			}
		}
	}
	keys := make([]string, 0, len(others))
	for k := range others {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		o := others[k]
		why := make([]string, len(o.waiting))
		for i := range why {
			why[i] = WhyOwnWords
		}
		res.Unmet = append(res.Unmet, matching.UnmetRow{Label: o.label, Open: len(o.waiting), Helpers: o.helpers, Waiting: o.waiting, Why: why})
	}
	return res
}

// The reasons an open need waits, as the Unmet tab and the change list say
// them.
const (
	WhyNobodyOffers = "nobody else offers it"
	WhyHelpersFull  = "every helper who offers it is full"
	WhyBlocked      = "Do Not Pair or a Declined match with every helper who offers it"
	WhyOwnWords     = "in the member's own words: an organizer arranges it"
)

// whyWaiting says why open need n got no helper: nobody (else) offers its
// category, every helper who could take it is full, or Do Not Pair and
// Declined rows rule out everyone who offers it.
func (p *proposer) whyWaiting(n needRef) string {
	c := matching.Categories[n.c]
	offered := false
	for h, m := range p.mem {
		if h == n.m || !m.Available() || !m.HasOffer(c) {
			continue
		}
		offered = true
		if p.allowed(n, h) {
			return WhyHelpersFull
		}
	}
	if !offered {
		return WhyNobodyOffers
	}
	return WhyBlocked
}
