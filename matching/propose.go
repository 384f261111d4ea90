package matching

// Needs-to-offers matching.
//
// # Rules
//
// A need is a (member, category) the member ticked; an offer likewise. The
// member's own words ("Other") are never matched: they are listed in Unmet.
// A match of need n = (m, c) with helper h is allowed when h offers c, h is
// not m, h is Available (Active: neither Paused nor Left), the pair is not in
// Do Not Pair, and h was never Declined for n. A need is open when its member
// is Active, still ticks the category, and has no Accepted or Done match for
// it. Paused members are on hold both ways: their needs are not matched (and
// a Proposed match for them is dropped, freeing the helper) until an
// organizer sets them back to Yes; Left members' needs are never matched.
// Paused and Left members' needs are not listed in Unmet either.
//
// A helper's open matches (Accepted ones and kept Proposed ones, which are
// fixed, plus the Proposed ones chosen here) never exceed their capacity:
// the Capacity answer ("4 or more" is 4), else Settings.DefaultCapacity,
// else 1.
//
// # Kept Proposed matches
//
// A Proposed match stays as it is on later cycles while its need and helper
// still exist (no churn): organizers may already be arranging it, so it is
// never moved, not even to let more needs be matched. An existing Proposed
// row is kept when its need is open and its pairing is still allowed: the
// helper still offers the category, is Available, is not in Do Not Pair with
// the member and was not Declined for the need. A kept row is returned as
// given (a blank Why is filled in) and pinned before anything else is
// decided: its need leaves the matching, and it takes one of its helper's
// capacity slots, like an Accepted match, both for capacity and for the
// load term below. Every other Proposed row is dropped, which frees its need
// and its helper's slot for this cycle: the need was closed, or its member
// is no longer Active or no longer ticks the category; the helper is Paused
// or Left, stopped offering the category, was put in Do Not Pair with the
// member or was Declined for the need; or the row's Match ID also has an
// Accepted, Done or Declined row. Of rows sharing a Match ID only the first
// by content is looked at.
//
// Rows are pinned in order of Proposed on (earliest first; a blank date,
// such as a row typed by hand, counts as earliest), then Match ID: a row is
// pinned unless its need already has a pinned row (only one match per need
// is open) or its helper has no free slot left. So when a helper has more
// allowed Proposed rows than capacity (their Capacity answer went down, or
// an Accepted match took a slot), the earliest ones are kept up to capacity
// and the newest are dropped; and of several rows for one need, the
// earliest stays.
//
// Match IDs stay unique: a new match never takes the Match ID of a returned
// row (Accepted, Done, Declined or kept). That can only happen when an
// organizer changed a row's Member or Helper and kept its ID; such a pair is
// then not allowed (found after the flow, which then runs again).
//
// # Objective
//
// With the kept matches fixed, first the number of matched needs is as
// large as possible; then the total cost (see pairCost and loadCost) is as
// small as possible. The cost of a match is the sum of
//
//   - zone: 0 for the same zone, costZoneStep per step of walking distance in
//     Settings' Zone order, and costZoneStep × max(1, len(Zone order)) (more
//     than any listed distance) when either zone is blank or not listed;
//   - language: costNoLanguage unless both list a common language;
//   - met: costNotMet unless the two met in a pairing round;
//
// plus, per helper, loadCost: the k-th open match of a helper (k = 0, 1, …,
// Accepted and kept ones first) costs costLoadStep × k, a convex cost that
// spreads matches across helpers.
//
// Pinning replaces an earlier soft "keep" term (a cost large enough to
// outweigh all others), under which a Proposed match could still move when
// that let one more need be matched. Pinned before the flow, kept matches
// need no term and no arcs: the network below carries only the needs and
// slots that are still free. Two syncs of the same input give the same rows:
// the first sync's matches are all kept by the second, which finds nothing
// more to match.
//
// # Construction
//
// The optimum is a min-cost max-flow on source → needs → helpers → sink,
// with one unit arc from the source to each open need without a kept match
// and, per helper, one unit arc to the sink per capacity slot left after
// Accepted and kept matches, the k-th costing costLoadStep × k (parallel
// arcs of increasing cost make the load term convex, so a flow uses a
// helper's cheap slots first). A dense need × helper graph has about 28
// million arcs for 10,000 people; instead the middle of the network is
// aggregated so that, for every need n and helper h,
//
//	(a) if n may have h, some n → h path costs exactly pairCost(n, h), and
//	(b) every n → h path costs at least pairCost(n, h), and there is no
//	    n → h path at all when n may not have h.
//
// (a) and (b) make the network's optimal flows, split into paths, exactly
// the optimal assignments: max flow = max matched needs, min cost = min
// total cost. A flow is split into paths by walking from each need along
// arcs that carry flow; by (b) any such walk ends at an allowed helper at no
// less than its pair cost, and the flow's cost is the sum of the walks'.
//
// Per category c there are "layers": "*" (anyone; entering costs
// costNoLanguage) and one per language that some need and some helper of c
// both speak (entering is free). A need enters every layer it speaks, a
// helper is reached from every layer it speaks, so the cheapest layer
// charges the language term exactly. Entering also charges costNotMet.
// Within a layer, zones are nodes and the zone term is charged by walking
// between them:
//
//   - Exits: X(z) leads (cost 0) to the layer's helpers in zone z. A helper
//     with a blank zone is a zone of its own (blank is "unknown" even to
//     another blank), so it is its own exit.
//   - Needs whose member does not help in c ("normal" needs) enter C(z) of
//     their zone. The C nodes of listed zones form a path in Zone order with
//     arcs both ways costing costZoneStep × the gap; C(z) → X(z) costs 0;
//     every C(z) → FA costs the "other" zone cost and FA leads to every
//     exit at 0. A blank-zone need enters FA at the "other" cost. The
//     cheapest C(z) → X(z') route is then exactly the zone cost, and no
//     route is cheaper.
//   - A need whose member also helps in c ("self" need) must never reach
//     the member's own exit; every other helper is allowed. Its same-zone
//     helpers get direct arcs. For other zones it uses routes that never
//     lead back into its own zone: two one-way chains over the listed exits,
//     L walking down the Zone order and R walking up (a need at listed zone
//     i enters L at the nearest listed exit below i and R at the nearest
//     above, at the gap's cost), FU leading to the exits of unlisted zones
//     and blank-zone helpers, and FL leading to the listed exits (both at
//     the "other" cost). A need in an unlisted or blank zone must reach every
//     unlisted/blank exit but its own: the E such exits are numbered, bit
//     nodes F[b][s] lead to the exits whose number has bit b = s, and the
//     need enters F[b][1 − its own bit b] for every b, which reaches exactly
//     the exits whose number differs from its own (⌈log₂ E⌉ arcs per need).
//   - Needs with a Do Not Pair or Declined helper (rare), or with a pair
//     left out for its Match ID (rarer; see solve), take no layer: they get
//     a direct arc to each allowed helper, at its exact cost.
//   - Met pairs, which are sparse, get a direct need → helper arc at their
//     exact, discounted cost; the layers charge the undiscounted cost, which
//     is no lower, so (b) holds.
//
// For 10,000 people that is about 52,000 nodes and 320,000 arcs, and one
// flow solve (package flow). Tests compare the result with exhaustive search on
// thousands of small pods, and with the dense network on larger ones.
//
// Everything is built in member-ID and category order and the flow code
// breaks ties by node and arc order, so equal-cost optima are decided by
// stable IDs and the same pod always gives the same matches.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching/internal/flow"
)

// Cost weights. They are small integers so the flow's shortest-path phases
// are few.
const (
	costZoneStep   = 5 // per zone of walking distance in Zone order
	costNoLanguage = 3 // no common language
	costNotMet     = 1 // never met in a pairing round
	costLoadStep   = 2 // per open match the helper already has
)

// Propose computes the Matches and Unmet tabs for one sync cycle. It reads
// only its input: no clock, no randomness, no I/O.
func Propose(in MatchInput) MatchResult {
	p := newProposer(&in)
	assign := p.solve()
	return p.result(assign)
}

type metRef struct {
	other, round int
}

type needRef struct {
	m, c int // member index, category index
}

type pairRef struct {
	n needRef
	h int
}

// keptRow is an existing Proposed row that stays (see Kept Proposed
// matches in the package comment).
type keptRow struct {
	pairRef
	row *Match
}

type proposer struct {
	in      *MatchInput
	mem     []*Member // sorted by ID, first of duplicate IDs
	idx     map[MemberID]int
	zone    []string // folded zone
	zoneID  []int32  // interned folded zone, 0 for blank
	zoneOrd []int    // index in Zone order (last occurrence), -1 unlisted or blank
	langs   [][]string
	langID  [][]int32  // interned folded languages
	met     [][]metRef // per member: who they met, by member index
	forb    [][]int    // per member: Do Not Pair partners, by member index
	hasDecl []bool     // per member: some need of theirs has a Declined row
	other   int64      // zone cost for blank or unlisted zones

	accepted []int // Accepted matches per member as helper
	held     []int // Accepted plus kept Proposed matches per member as helper
	capLeft  []int // free capacity slots per member as helper, after held

	closed   map[needRef]bool
	declined map[pairRef]bool
	pinned   map[needRef]bool // needs with a kept Proposed row
	kept     []keptRow        // kept Proposed rows, in pinning order
	fixed    []Match          // Accepted, Done and Declined rows

	needs   []needRef        // open needs in member-ID, category order
	helpers [][]int          // per category: member indices of usable helpers
	offers  []int            // per category: available members offering it
	special map[needRef]bool // needs with a Do Not Pair, Declined or clashing helper
	ordOf   []int            // zone ID -> index in Zone order, -1 unlisted
	clash   map[pairRef]bool // pairs whose Match ID a returned row has
	rounds  int              // flow solves
	reruns  int              // of which after a Match ID clash; tests check rounds−reruns is 1
}

var catIndex = func() map[Category]int {
	m := make(map[Category]int, len(Categories))
	for i, c := range Categories {
		m[c] = i
	}
	return m
}()

func capacityOf(m *Member, s *Settings) int {
	if m.Capacity > 0 {
		return m.Capacity
	}
	if s.DefaultCapacity > 0 {
		return s.DefaultCapacity
	}
	return 1
}

func newProposer(in *MatchInput) *proposer {
	p := &proposer{in: in, idx: map[MemberID]int{}, closed: map[needRef]bool{},
		declined: map[pairRef]bool{}, pinned: map[needRef]bool{}, special: map[needRef]bool{}, clash: map[pairRef]bool{}}
	order := make([]int, len(in.Members))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(string(in.Members[a].ID), string(in.Members[b].ID)) })
	for _, i := range order {
		m := &in.Members[i]
		if _, dup := p.idx[m.ID]; dup {
			continue
		}
		p.idx[m.ID] = len(p.mem)
		p.mem = append(p.mem, m)
	}
	n := len(p.mem)
	zoneIdx := map[string]int{}
	for i, z := range in.Settings.ZoneOrder {
		zoneIdx[Fold(z)] = i
	}
	p.other = costZoneStep * int64(max(1, len(in.Settings.ZoneOrder)))
	p.zone = make([]string, n)
	p.zoneOrd = make([]int, n)
	p.langs = make([][]string, n)
	for i, m := range p.mem {
		p.zone[i] = Fold(m.Zone)
		p.zoneOrd[i] = -1
		if j, ok := zoneIdx[p.zone[i]]; ok && p.zone[i] != "" {
			p.zoneOrd[i] = j
		}
		for _, l := range m.Languages {
			if f := Fold(l); f != "" && !slices.Contains(p.langs[i], f) {
				p.langs[i] = append(p.langs[i], f)
			}
		}
	}
	zoneIDs, langIDs := map[string]int32{"": 0}, map[string]int32{}
	p.ordOf = []int{-1}
	p.zoneID = make([]int32, n)
	p.langID = make([][]int32, n)
	for i := range p.mem {
		id, ok := zoneIDs[p.zone[i]]
		if !ok {
			id = int32(len(zoneIDs))
			zoneIDs[p.zone[i]] = id
		}
		p.zoneID[i] = id
		if int(id) == len(p.ordOf) {
			p.ordOf = append(p.ordOf, p.zoneOrd[i])
		}
		for _, l := range p.langs[i] {
			id, ok := langIDs[l]
			if !ok {
				id = int32(len(langIDs))
				langIDs[l] = id
			}
			p.langID[i] = append(p.langID[i], id)
		}
	}
	p.forb = make([][]int, n)
	for k, bad := range in.Forbidden {
		a, okA := p.idx[k[0]]
		b, okB := p.idx[k[1]]
		if bad && okA && okB && a != b {
			p.forb[a] = append(p.forb[a], b)
			p.forb[b] = append(p.forb[b], a)
		}
	}
	p.met = make([][]metRef, n)
	for k, r := range in.Met {
		a, okA := p.idx[k[0]]
		b, okB := p.idx[k[1]]
		if okA && okB && a != b {
			p.met[a] = append(p.met[a], metRef{b, r})
			p.met[b] = append(p.met[b], metRef{a, r})
		}
	}

	// Existing rows.
	p.accepted = make([]int, n)
	p.hasDecl = make([]bool, n)
	decidedIDs := map[string]bool{}
	for i := range in.Existing {
		x := &in.Existing[i]
		if x.Status == Proposed {
			continue
		}
		p.fixed = append(p.fixed, *x)
		decidedIDs[x.ID] = true
		mi, okM := p.idx[x.Member]
		hi, okH := p.idx[x.Helper]
		ci, okC := catIndex[x.Category]
		switch x.Status {
		case Accepted, Done:
			if okM && okC {
				p.closed[needRef{mi, ci}] = true
			}
			if x.Status == Accepted && okH {
				p.accepted[hi]++
			}
		case Declined:
			if okM && okC && okH {
				p.declined[pairRef{needRef{mi, ci}, hi}] = true
				p.hasDecl[mi] = true
			}
		}
	}
	p.held = slices.Clone(p.accepted)
	p.capLeft = make([]int, n)
	for i, m := range p.mem {
		p.capLeft[i] = capacityOf(m, &in.Settings) - p.accepted[i]
	}
	p.pin(decidedIDs)

	// Open needs without a kept match, and helpers with a slot left.
	p.helpers = make([][]int, len(Categories))
	p.offers = make([]int, len(Categories))
	for i, m := range p.mem {
		if m.Active == Active {
			for ci, c := range Categories {
				if n := (needRef{i, ci}); m.HasNeed(c) && !p.closed[n] && !p.pinned[n] {
					p.needs = append(p.needs, n)
				}
			}
		}
		if m.Available() {
			for ci, c := range Categories {
				if m.HasOffer(c) {
					p.offers[ci]++
					if p.capLeft[i] > 0 {
						p.helpers[ci] = append(p.helpers[ci], i)
					}
				}
			}
		}
	}
	slices.SortFunc(p.needs, func(a, b needRef) int {
		if a.m != b.m {
			return a.m - b.m
		}
		return a.c - b.c
	})

	// Needs with a Do Not Pair or Declined helper are special: see build.
	needAt := make(map[needRef]bool, len(p.needs))
	for _, n := range p.needs {
		needAt[n] = true
	}
	mark := func(n needRef, h int) {
		if needAt[n] && p.usable(h, n.c) {
			p.special[n] = true
		}
	}
	for a, bs := range p.forb {
		for _, b := range bs {
			for c := range Categories {
				mark(needRef{a, c}, b)
			}
		}
	}
	for k := range p.declined {
		mark(k.n, k.h)
	}
	return p
}

// pin keeps the existing Proposed rows that stay and takes their needs and
// helper slots out of the matching; see Kept Proposed matches in the
// package comment. decidedIDs are the Match IDs of Accepted, Done and
// Declined rows.
func (p *proposer) pin(decidedIDs map[string]bool) {
	in := p.in
	// One row per Match ID, the first by content, so input order does not
	// matter.
	var props []*Match
	for i := range in.Existing {
		if x := &in.Existing[i]; x.Status == Proposed && !decidedIDs[x.ID] {
			props = append(props, x)
		}
	}
	slices.SortStableFunc(props, func(a, b *Match) int { return compareMatch(*a, *b) })
	var cands []keptRow
	seenID := map[string]bool{}
	for _, x := range props {
		if seenID[x.ID] {
			continue
		}
		seenID[x.ID] = true
		mi, okM := p.idx[x.Member]
		hi, okH := p.idx[x.Helper]
		ci, okC := catIndex[x.Category]
		if !okM || !okH || !okC {
			continue
		}
		n := needRef{mi, ci}
		if h := p.mem[hi]; p.isOpen(n) && h.Available() && h.HasOffer(x.Category) && p.allowed(n, hi) {
			cands = append(cands, keptRow{pairRef{n, hi}, x})
		}
	}
	// Earliest Proposed on, then lowest Match ID (then content, for rows
	// sharing nothing else) first: one row per need, up to capacity.
	slices.SortStableFunc(cands, func(a, b keptRow) int {
		if c := a.row.ProposedOn.Compare(b.row.ProposedOn); c != 0 {
			return c
		}
		return compareMatch(*a.row, *b.row)
	})
	for _, k := range cands {
		if p.pinned[k.n] || p.capLeft[k.h] <= 0 {
			continue
		}
		p.pinned[k.n] = true
		p.held[k.h]++
		p.capLeft[k.h]--
		p.kept = append(p.kept, k)
	}
}

// selfNeed reports whether n's member is also a usable helper for it.
func (p *proposer) selfNeed(n needRef) bool { return p.usable(n.m, n.c) }

// compareMatch orders rows by Match ID, then by everything else, so that
// rows sharing an ID come out in the same order whatever the input order.
func compareMatch(a, b Match) int {
	for _, c := range [...]int{
		strings.Compare(a.ID, b.ID), int(a.Status) - int(b.Status), strings.Compare(string(a.Member), string(b.Member)),
		strings.Compare(string(a.Category), string(b.Category)), strings.Compare(string(a.Helper), string(b.Helper)),
		strings.Compare(a.Why, b.Why), strings.Compare(a.Notes, b.Notes), a.ProposedOn.Compare(b.ProposedOn),
	} {
		if c != 0 {
			return c
		}
	}
	return 0
}

func (p *proposer) isOpen(n needRef) bool {
	m := p.mem[n.m]
	return m.Active == Active && m.HasNeed(Categories[n.c]) && !p.closed[n]
}

// usable reports whether member h may take a new match in category c.
func (p *proposer) usable(h, c int) bool {
	m := p.mem[h]
	return m.Available() && m.HasOffer(Categories[c]) && p.capLeft[h] > 0
}

// allowed is the pairwise part of the hard constraints.
func (p *proposer) allowed(n needRef, h int) bool {
	return h != n.m && !slices.Contains(p.forb[n.m], h) && !(p.hasDecl[n.m] && p.declined[pairRef{n, h}]) &&
		!(len(p.clash) > 0 && p.clash[pairRef{n, h}])
}

func (p *proposer) zoneDist(a, b int) int {
	za, zb := p.zoneID[a], p.zoneID[b]
	if za == 0 || zb == 0 {
		return -1
	}
	if za == zb {
		return 0
	}
	ia, ib := p.zoneOrd[a], p.zoneOrd[b]
	if ia < 0 || ib < 0 {
		return -1
	}
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

func (p *proposer) zoneCost(a, b int) int64 {
	if d := p.zoneDist(a, b); d >= 0 {
		return costZoneStep * int64(d)
	}
	return p.other
}

// sharedLanguage returns the first language of a's that b also speaks, as a
// wrote it, or "".
func (p *proposer) sharedLanguage(a, b int) string {
	for _, l := range p.mem[a].Languages {
		if f := Fold(l); f != "" && slices.Contains(p.langs[b], f) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func (p *proposer) speaksCommon(a, b int) bool {
	for _, l := range p.langID[a] {
		if slices.Contains(p.langID[b], l) {
			return true
		}
	}
	return false
}

// metRound returns the last round a and b met in. Met keys that are not
// ordered with Key are read as well; a pair listed twice keeps the later
// round.
func (p *proposer) metRound(a, b int) (int, bool) {
	r, ok := 0, false
	for _, x := range p.met[a] {
		if x.other == b && (!ok || x.round > r) {
			r, ok = x.round, true
		}
	}
	return r, ok
}

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

// loadCost is the cost of a helper holding x Proposed matches on top of a
// Accepted ones.
func loadCost(a, x int) int64 {
	var c int64
	for k := a; k < a+x; k++ {
		c += costLoadStep * int64(k)
	}
	return c
}

// flowNet is one build of the aggregated network.
type flowNet struct {
	g          *flow.Graph
	s, t       int
	needBase   int
	helperNode []int // member index -> node, -1
}

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
		if taken[MatchID(Need{p.mem[n.m].ID, Categories[n.c]}, p.mem[h].ID)] {
			out = append(out, pairRef{n, h})
		}
	}
	return out
}

func (p *proposer) build() *flowNet {
	g := flow.New(2)
	net := &flowNet{g: g, s: 0, t: 1}
	net.needBase = g.Nodes()
	for range p.needs {
		g.AddNode()
	}
	net.helperNode = make([]int, len(p.mem))
	for i := range net.helperNode {
		net.helperNode[i] = -1
	}
	for c := range Categories {
		for _, h := range p.helpers[c] {
			if net.helperNode[h] < 0 {
				net.helperNode[h] = g.AddNode()
			}
		}
	}

	// Source arcs, then each need's direct arcs.
	byCat := make([][]int, len(Categories)) // non-special need indices
	for i, n := range p.needs {
		g.AddArc(net.s, net.needBase+i, 1, 0)
		byCat[n.c] = append(byCat[n.c], i)
	}
	direct := p.directPairs()
	// Usable helpers by category and zone, for self needs' same-zone arcs.
	byZone := make([]map[int32][]int, len(Categories))
	for c, hs := range p.helpers {
		byZone[c] = map[int32][]int{}
		for _, h := range hs {
			if z := p.zoneID[h]; z != 0 {
				byZone[c][z] = append(byZone[c][z], h)
			}
		}
	}
	for i, n := range p.needs {
		if p.special[n] {
			for _, h := range p.helpers[n.c] {
				if p.allowed(n, h) {
					g.AddArc(net.needBase+i, net.helperNode[h], 1, p.pairCost(n, h))
				}
			}
			continue
		}
		hs := direct[i]
		if z := p.zoneID[n.m]; z != 0 && p.selfNeed(n) {
			// Same-zone helpers other than the member: direct arcs (the
			// layers below give a self need no route into its own zone).
			for _, h := range byZone[n.c][z] {
				if p.allowed(n, h) {
					hs = append(hs, h)
				}
			}
			slices.Sort(hs)
			hs = slices.Compact(hs)
		}
		for _, h := range hs {
			g.AddArc(net.needBase+i, net.helperNode[h], 1, p.pairCost(n, h))
		}
	}

	// Capacity slots: the k-th open match of a helper costs costLoadStep × k,
	// Accepted and kept matches taking the first slots.
	// A helper never takes more matches than there are open needs in the
	// categories they offer, so slots beyond that are left out.
	needsIn := make([]int, len(Categories))
	for _, n := range p.needs {
		needsIn[n.c]++
	}
	for m, v := range net.helperNode {
		if v >= 0 {
			useful := 0
			for c := range Categories {
				if p.mem[m].HasOffer(Categories[c]) {
					useful += needsIn[c]
				}
			}
			for k := p.held[m]; k < p.held[m]+min(p.capLeft[m], useful); k++ {
				g.AddArc(v, net.t, 1, costLoadStep*int64(k))
			}
		}
	}

	// Hubs, category by category.
	for c := range Categories {
		var ns []int
		for _, i := range byCat[c] {
			if !p.special[p.needs[i]] {
				ns = append(ns, i)
			}
		}
		hs := p.helpers[c]
		if len(ns) == 0 || len(hs) == 0 {
			continue
		}
		needLang, helpLang := map[string]bool{}, map[string]bool{}
		for _, i := range ns {
			for _, l := range p.langs[p.needs[i].m] {
				needLang[l] = true
			}
		}
		for _, h := range hs {
			for _, l := range p.langs[h] {
				helpLang[l] = true
			}
		}
		layers := []string{""} // "" is the "*" layer
		for l := range needLang {
			if helpLang[l] {
				layers = append(layers, l)
			}
		}
		slices.Sort(layers[1:])
		for _, l := range layers {
			p.buildLayer(net, l, ns, hs)
		}
	}
	g.Finish()
	return net
}

// buildLayer adds one (category, language) layer; lang "" is the layer
// anyone may use. See the package comment for the construction.
func (p *proposer) buildLayer(net *flowNet, lang string, ns, hs []int) {
	g := net.g
	speaks := func(m int) bool { return lang == "" || slices.Contains(p.langs[m], lang) }
	var normal, self, out []int
	for _, i := range ns {
		if m := p.needs[i].m; speaks(m) {
			if p.selfNeed(p.needs[i]) {
				self = append(self, i)
			} else {
				normal = append(normal, i)
			}
		}
	}
	for _, h := range hs {
		if speaks(h) {
			out = append(out, h)
		}
	}
	if len(out) == 0 || len(normal)+len(self) == 0 {
		return
	}
	entry := int64(costNotMet)
	if lang == "" {
		entry += costNoLanguage
	}
	// zoneLess orders zone IDs: listed ones in walking order, then the rest.
	zoneLess := func(a, b int32) int {
		oa, ob := p.ordOf[a], p.ordOf[b]
		switch {
		case oa >= 0 && ob >= 0:
			return oa - ob
		case oa >= 0:
			return -1
		case ob >= 0:
			return 1
		}
		return int(a - b)
	}

	// Exit nodes: X(z) leads to the layer's helpers in zone z; a helper
	// with a blank zone is a zone of its own and is its own exit.
	exit := map[int32]int{}
	var zonesX []int32
	for _, h := range out {
		if z := p.zoneID[h]; z != 0 {
			if _, ok := exit[z]; !ok {
				exit[z] = -1
				zonesX = append(zonesX, z)
			}
		}
	}
	slices.SortFunc(zonesX, zoneLess)
	for _, z := range zonesX {
		exit[z] = g.AddNode()
	}
	var blank []int // helpers with a blank zone
	for _, h := range out {
		if z := p.zoneID[h]; z != 0 {
			g.AddArc(exit[z], net.helperNode[h], flow.Inf, 0)
		} else {
			blank = append(blank, h)
		}
	}

	// Needs that may have any helper: chain hubs C(z), listed ones linked
	// both ways in walking order, each with an arc to far (FA) at the
	// "other" cost; FA leads to every exit.
	if len(normal) > 0 {
		var zonesC []int32
		chain := map[int32]int{}
		for _, z := range zonesX {
			chain[z] = -1
			zonesC = append(zonesC, z)
		}
		for _, i := range normal {
			if z := p.zoneID[p.needs[i].m]; z != 0 {
				if _, ok := chain[z]; !ok {
					chain[z] = -1
					zonesC = append(zonesC, z)
				}
			}
		}
		slices.SortFunc(zonesC, zoneLess)
		fa := g.AddNode()
		prev := int32(-1)
		for _, z := range zonesC {
			c := g.AddNode()
			chain[z] = c
			if x, ok := exit[z]; ok {
				g.AddArc(c, x, flow.Inf, 0)
			}
			g.AddArc(c, fa, flow.Inf, p.other)
			if p.ordOf[z] >= 0 {
				if prev >= 0 {
					gap := costZoneStep * int64(p.ordOf[z]-p.ordOf[prev])
					g.AddArc(chain[prev], c, flow.Inf, gap)
					g.AddArc(c, chain[prev], flow.Inf, gap)
				}
				prev = z
			}
		}
		for _, z := range zonesX {
			g.AddArc(fa, exit[z], flow.Inf, 0)
		}
		for _, h := range blank {
			g.AddArc(fa, net.helperNode[h], flow.Inf, 0)
		}
		for _, i := range normal {
			if z := p.zoneID[p.needs[i].m]; z != 0 {
				g.AddArc(net.needBase+i, chain[z], 1, entry)
			} else {
				g.AddArc(net.needBase+i, fa, 1, entry+p.other)
			}
		}
	}
	if len(self) == 0 {
		return
	}

	// Needs whose member also helps in this category must never reach
	// that member's own exit. Their same-zone helpers get direct arcs (see
	// build); the routes below never lead back into their own zone.
	//
	// Listed zones: a left chain L and a right chain R over the listed
	// exits, each only walking away, so a need at listed zone i enters L
	// just left of i and R just right of i.
	var listed []int32 // listed exit zones, in walking order
	var others []int   // exits of unlisted zones and blank helpers
	for _, z := range zonesX {
		if p.ordOf[z] >= 0 {
			listed = append(listed, z)
		} else {
			others = append(others, exit[z])
		}
	}
	for _, h := range blank {
		others = append(others, net.helperNode[h])
	}
	entOf := make(map[int]int, len(others)) // exit node -> index in others
	for e, v := range others {
		entOf[v] = e
	}
	L := make([]int, len(listed))
	R := make([]int, len(listed))
	for k, z := range listed {
		L[k], R[k] = g.AddNode(), g.AddNode()
		g.AddArc(L[k], exit[z], flow.Inf, 0)
		g.AddArc(R[k], exit[z], flow.Inf, 0)
		if k > 0 {
			gap := costZoneStep * int64(p.ordOf[z]-p.ordOf[listed[k-1]])
			g.AddArc(L[k], L[k-1], flow.Inf, gap)
			g.AddArc(R[k-1], R[k], flow.Inf, gap)
		}
	}
	// FL leads to every listed exit, FU to every other exit. For a need
	// whose own exit is among the others, bit nodes F[b][s] lead to the
	// others whose index has bit b equal to s, and the need enters
	// F[b][1-(bit b of its own index)] for every b: every other index
	// differs from its own in some bit, its own in none.
	fl, fu := -1, -1
	var F [][2]int
	bits := 0
	for n := len(others) - 1; n > 0; n >>= 1 {
		bits++
	}
	toFU := func(v int) {
		if len(others) == 0 {
			return
		}
		if fu < 0 {
			fu = g.AddNode()
			for _, x := range others {
				g.AddArc(fu, x, flow.Inf, 0)
			}
		}
		g.AddArc(v, fu, 1, entry+p.other)
	}
	for _, i := range self {
		m := p.needs[i].m
		v := net.needBase + i
		if o := p.zoneOrd[m]; o >= 0 {
			k, _ := slices.BinarySearchFunc(listed, o, func(z int32, o int) int { return p.ordOf[z] - o })
			if k > 0 {
				g.AddArc(v, L[k-1], 1, entry+costZoneStep*int64(o-p.ordOf[listed[k-1]]))
			}
			if k < len(listed) && p.ordOf[listed[k]] == o {
				k++
			}
			if k < len(listed) {
				g.AddArc(v, R[k], 1, entry+costZoneStep*int64(p.ordOf[listed[k]]-o))
			}
			toFU(v)
			continue
		}
		if len(listed) > 0 {
			if fl < 0 {
				fl = g.AddNode()
				for _, z := range listed {
					g.AddArc(fl, exit[z], flow.Inf, 0)
				}
			}
			g.AddArc(v, fl, 1, entry+p.other)
		}
		ownExit := -1
		if z := p.zoneID[m]; z != 0 {
			if x, ok := exit[z]; ok {
				ownExit = x
			}
		} else if speaks(m) {
			ownExit = net.helperNode[m]
		}
		e, ok := entOf[ownExit]
		if !ok {
			toFU(v)
			continue
		}
		if F == nil && bits > 0 {
			F = make([][2]int, bits)
			for b := range F {
				F[b] = [2]int{g.AddNode(), g.AddNode()}
			}
			for e2, x := range others {
				for b := range F {
					g.AddArc(F[b][e2>>b&1], x, flow.Inf, 0)
				}
			}
		}
		for b := range F {
			g.AddArc(v, F[b][1-(e>>b&1)], 1, entry+p.other)
		}
	}
}

// directPairs lists, per open need, the helpers with a sparse discount: met
// in a pairing round.
func (p *proposer) directPairs() [][]int {
	out := make([][]int, len(p.needs))
	needAt := make(map[needRef]int, len(p.needs))
	for i, n := range p.needs {
		needAt[n] = i
	}
	add := func(n needRef, h int) {
		i, ok := needAt[n]
		if !ok || p.special[n] || !p.usable(h, n.c) || !p.allowed(n, h) {
			return
		}
		out[i] = append(out[i], h)
	}
	for k := range p.in.Met {
		a, okA := p.idx[k[0]]
		b, okB := p.idx[k[1]]
		if !okA || !okB || a == b {
			continue
		}
		for _, x := range [2][2]int{{a, b}, {b, a}} {
			for c := range Categories {
				if p.mem[x[0]].HasNeed(Categories[c]) {
					add(needRef{x[0], c}, x[1])
				}
			}
		}
	}
	for i := range out {
		slices.Sort(out[i])
		out[i] = slices.Compact(out[i])
	}
	return out
}

// decompose splits the flow into need → helper paths by walking from each
// need along arcs that still carry flow (the flow has no cycles: every
// cycle of the network costs more than zero), and returns the helper each
// need reached, -1 for none, and the needs that reached a helper they may
// not have (none, by construction; see solve).
func (p *proposer) decompose(net *flowNet) (assign []int, bad []int) {
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
		return "offers " + string(Categories[n.c])
	}
	return strings.Join(parts, " · ")
}

func (p *proposer) result(assign []int) MatchResult {
	var res MatchResult
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
		need := Need{p.mem[n.m].ID, Categories[n.c]}
		res.Matches = append(res.Matches, Match{
			ID: MatchID(need, p.mem[h].ID), Member: need.Member, Category: need.Category,
			Helper: p.mem[h].ID, Status: Proposed, Why: p.why(n, h), ProposedOn: p.in.Today,
		})
	}
	slices.SortStableFunc(res.Matches, compareMatch)

	// Unmet: open needs left over, per category, then the members' own words.
	waiting := make([][]MemberID, len(Categories))
	for _, n := range p.needs {
		if !matched[n] {
			waiting[n.c] = append(waiting[n.c], p.mem[n.m].ID)
		}
	}
	for c, w := range waiting {
		if len(w) > 0 {
			res.Unmet = append(res.Unmet, UnmetRow{Category: Categories[c], Label: string(Categories[c]),
				Open: len(w), Helpers: p.offers[c], Waiting: w})
		}
	}
	type other struct {
		label   string
		waiting []MemberID
		helpers int
	}
	others := map[string]*other{}
	for i, m := range p.mem {
		if m.Active != Active {
			continue
		}
		for _, t := range m.NeedOther {
			k := Fold(t)
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
			if o := others[Fold(t)]; o != nil && !seen[Fold(t)] {
				seen[Fold(t)] = true
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
		res.Unmet = append(res.Unmet, UnmetRow{Label: o.label, Open: len(o.waiting), Helpers: o.helpers, Waiting: o.waiting})
	}
	return res
}
