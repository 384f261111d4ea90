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
// A helper's open matches (Accepted ones, which are fixed, plus the Proposed
// ones chosen here) never exceed their capacity: the Capacity answer
// ("4 or more" is 4), else Settings.DefaultCapacity, else 1.
//
// # Objective
//
// First the number of matched needs is as large as possible; then the total
// cost (see pairCost and loadCost) is as small as possible. The cost of a
// match is the sum of
//
//   - keep: 0 when the match is an existing Proposed row, else K, where K
//     exceeds every possible sum of the other terms over the whole pod. So
//     among maximum matchings, the fewest existing Proposed matches move; a
//     Proposed match moves only when that lets more needs be matched, and two
//     syncs of the same input give the same rows;
//   - zone: 0 for the same zone, costZoneStep per step of walking distance in
//     Settings' Zone order, and costZoneStep × len(Zone order) (more than any
//     listed distance) when either zone is blank or not listed;
//   - language: costNoLanguage unless both list a common language;
//   - met: costNotMet unless the two met in a pairing round;
//
// plus, per helper, loadCost: the k-th open match of a helper (k = 0, 1, …,
// Accepted ones first) costs costLoadStep × k, a convex cost that spreads
// matches across helpers.
//
// # Construction
//
// The optimum is a min-cost max-flow on source → needs → helpers → sink,
// with one unit arc from the source to each open need and, per helper, one
// unit arc to the sink per free capacity slot, the k-th costing
// costLoadStep × k. A dense need × helper bipartite graph has about 28
// million arcs for 10,000 people; instead the network is aggregated so that
// every allowed pair has a path of exactly its cost and no path is cheaper:
//
//   - Per category c and "layer" ℓ there is one hub node per zone and one
//     "far" node. Layers are "*" (anyone) and one per language that some
//     need and some helper of c both speak. Need n enters layer ℓ at the hub
//     of its zone (blank zone: at far) for ℓ = "*" (cost keep + met +
//     costNoLanguage) and for each of its languages (cost keep + met); a
//     helper leaves layer ℓ from the hub of its zone (blank: from far) at
//     cost 0 if it speaks ℓ, or ℓ = "*".
//   - The hubs of listed zones form a path in Zone order, with arcs both ways
//     costing costZoneStep × the gap; every hub has an arc to far costing the
//     "other" zone cost, and far an arc back to every hub costing 0. The
//     cheapest hub-to-hub route is then exactly the zone cost.
//   - Met and kept pairs, which are sparse, get a direct need → helper arc
//     at their exact (discounted) cost.
//
// So the network's cheapest path between need n and helper h costs exactly
// pairCost(n, h), for every allowed pair. It also has paths for pairs that
// are not allowed (a member's own offer, Do Not Pair, Declined): it is a
// relaxation, whose optimum is at least as good as the true optimum in count
// and cost. The flow is split into need → helper paths; a path that ends at
// a helper the need may not have is repaired by exchanging path tails with
// another path through a shared hub, which leaves every arc's flow, and so
// the cost, unchanged. A need that cannot be repaired is made "special": it
// loses its hub arcs and gets direct arcs to exactly its allowed helpers, and
// the flow is solved again. When every path is allowed, the assignment is
// feasible and as good as the relaxation's optimum, so it is optimal for the
// true problem, in count and then in cost. Each round makes at least one need
// special, so this ends; in practice the first or second round does.
//
// Everything is built in member-ID and category order and the flow code
// breaks ties by node and arc order, so equal-cost optima are decided by
// stable IDs and the same pod always gives the same matches.

import (
	"slices"
	"strconv"
	"strings"
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
	capLeft  []int // free capacity slots per member as helper

	closed   map[needRef]bool
	declined map[pairRef]bool
	keep     map[pairRef]*Match // valid existing Proposed rows by pair
	fixed    []Match            // Accepted, Done and Declined rows

	needs   []needRef // open needs in member-ID, category order
	helpers [][]int   // per category: member indices of usable helpers
	offers  []int     // per category: available members offering it
	K       int64     // the keep term
	special map[needRef]bool
	cand    map[needRef][]int // a special need's direct-arc helpers
}

// candidates is how many of a special need's cheapest allowed helpers get a
// direct arc up front; the optimality check adds any other that matters.
const candidates = 24

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
		declined: map[pairRef]bool{}, keep: map[pairRef]*Match{}, special: map[needRef]bool{},
		cand: map[needRef][]int{}}
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
	p.zoneID = make([]int32, n)
	p.langID = make([][]int32, n)
	for i := range p.mem {
		id, ok := zoneIDs[p.zone[i]]
		if !ok {
			id = int32(len(zoneIDs))
			zoneIDs[p.zone[i]] = id
		}
		p.zoneID[i] = id
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
	p.capLeft = make([]int, n)
	for i, m := range p.mem {
		p.capLeft[i] = capacityOf(m, &in.Settings) - p.accepted[i]
	}

	// Open needs and usable helpers.
	p.helpers = make([][]int, len(Categories))
	p.offers = make([]int, len(Categories))
	for i, m := range p.mem {
		if m.Active == Active {
			for ci, c := range Categories {
				if m.HasNeed(c) && !p.closed[needRef{i, ci}] {
					p.needs = append(p.needs, needRef{i, ci})
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

	// Existing Proposed rows that may stay.
	for i := range in.Existing {
		x := &in.Existing[i]
		if x.Status != Proposed || decidedIDs[x.ID] {
			continue
		}
		mi, okM := p.idx[x.Member]
		hi, okH := p.idx[x.Helper]
		ci, okC := catIndex[x.Category]
		if !okM || !okH || !okC {
			continue
		}
		n := needRef{mi, ci}
		if !p.isOpen(n) || !p.usable(hi, ci) || !p.allowed(n, hi) {
			continue
		}
		k := pairRef{n, hi}
		if old := p.keep[k]; old == nil || x.ID < old.ID {
			p.keep[k] = x
		}
	}
	if len(p.keep) > 0 {
		maxSlot := 0
		for i := range p.mem {
			maxSlot = max(maxSlot, p.accepted[i]+p.capLeft[i])
		}
		perNeed := p.other + costNoLanguage + costNotMet + costLoadStep*int64(maxSlot)
		p.K = 1 + int64(len(p.needs))*perNeed
	}

	// Needs with a helper they may not have (their own offer, Do Not Pair,
	// Declined) are special: see solve.
	needAt := make(map[needRef]bool, len(p.needs))
	for _, n := range p.needs {
		needAt[n] = true
	}
	mark := func(n needRef, h int) {
		if needAt[n] && p.usable(h, n.c) {
			p.special[n] = true
		}
	}
	for _, n := range p.needs {
		mark(n, n.m)
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
	for _, n := range p.needs {
		if p.special[n] {
			p.cand[n] = p.cheapest(n, candidates)
		}
	}
	return p
}

// cheapest returns up to k allowed helpers of n with the lowest pairCost,
// ties by member order, sorted by member order.
func (p *proposer) cheapest(n needRef, k int) []int {
	type hc struct {
		h int
		c int64
	}
	best := make([]hc, 0, min(k, len(p.helpers[n.c]))+1) // the k best so far, by cost then member
	for _, h := range p.helpers[n.c] {
		if !p.allowed(n, h) {
			continue
		}
		c := p.pairCost(n, h)
		if len(best) == k && c >= best[k-1].c {
			continue // helpers come in member order: a tie loses
		}
		i := len(best)
		for i > 0 && best[i-1].c > c {
			i--
		}
		best = slices.Insert(best, i, hc{h, c})
		if len(best) > k {
			best = best[:k]
		}
	}
	out := make([]int, len(best))
	for i, x := range best {
		out[i] = x.h
	}
	slices.Sort(out)
	return out
}

func (p *proposer) isOpen(n needRef) bool {
	m := p.mem[n.m]
	return m.Active == Active && m.HasNeed(Categories[n.c]) && !p.closed[n]
}

// usable reports whether member h may take a new or kept match in category c.
func (p *proposer) usable(h, c int) bool {
	m := p.mem[h]
	return m.Available() && m.HasOffer(Categories[c]) && p.capLeft[h] > 0
}

// allowed is the pairwise part of the hard constraints.
func (p *proposer) allowed(n needRef, h int) bool {
	return h != n.m && !slices.Contains(p.forb[n.m], h) && !(p.hasDecl[n.m] && p.declined[pairRef{n, h}])
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
	if p.K != 0 && p.keep[pairRef{n, h}] == nil {
		c += p.K
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

// matchCost is the objective's cost of the Proposed matches in ms (the other
// rows are fixed): the sum of pairCost plus every helper's loadCost. The
// matches must be allowed and their members known.
func matchCost(in MatchInput, ms []Match) int64 {
	p := newProposer(&in)
	var c int64
	load := map[int]int{}
	for _, m := range ms {
		if m.Status != Proposed {
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

// flowNet is one build of the aggregated network.
type flowNet struct {
	g          *flowGraph
	s, t       int
	needBase   int
	helperNode []int // member index -> node, -1
	nodeMember []int // node -> member index for helper nodes, else -1
	hubBase    int   // nodes from hubBase on are hubs
}

// solve returns the chosen helper (member index) per open need, -1 for none.
func (p *proposer) solve() []int {
	for {
		net := p.build()
		net.g.minCostMaxFlow(net.s, net.t)
		if p.widen(net) > 0 {
			continue
		}
		assign, bad := p.decompose(net)
		if len(bad) == 0 {
			return assign
		}
		// Not reached: only special needs have helpers they may not have,
		// and they have no hub arcs. Kept as a safety net.
		for _, i := range bad {
			n := p.needs[i]
			p.special[n] = true
			p.cand[n] = p.cheapest(n, candidates)
		}
	}
}

// widen checks the solved network against the special needs' allowed
// helpers that have no arc yet, and adds the arcs that could change the
// answer; it returns how many it added. An arc n → h could change the
// answer only if it closes an augmenting path (n reachable from the source
// and h reaching the sink in the residual graph: the count would grow) or
// has a negative reduced cost under the flow's potentials (the cost could
// fall). When no missing arc does either, the flow is a min-cost max-flow of
// the full network too: the potentials are a dual certificate and the cut
// between the reachable nodes and the rest stays a minimum cut.
func (p *proposer) widen(net *flowNet) int {
	g := net.g
	reach := make([]bool, g.n)
	coreach := make([]bool, g.n)
	queue := []int32{int32(net.s)}
	reach[net.s] = true
	for qi := 0; qi < len(queue); qi++ {
		u := queue[qi]
		for x := g.start[u]; x < g.start[u+1]; x++ {
			if v := g.to[x]; g.cap[x] > 0 && !reach[v] {
				reach[v] = true
				queue = append(queue, v)
			}
		}
	}
	queue = append(queue[:0], int32(net.t))
	coreach[net.t] = true
	for qi := 0; qi < len(queue); qi++ {
		v := queue[qi]
		for x := g.start[v]; x < g.start[v+1]; x++ {
			if u := g.to[x]; g.cap[g.rev[x]] > 0 && !coreach[u] {
				coreach[u] = true
				queue = append(queue, u)
			}
		}
	}
	added := 0
	for i, n := range p.needs {
		if !p.special[n] {
			continue
		}
		vn := net.needBase + i
		have := p.cand[n]
		var more []int
		for _, h := range p.helpers[n.c] {
			if _, found := slices.BinarySearch(have, h); found || !p.allowed(n, h) {
				continue
			}
			vh := net.helperNode[h]
			if reach[vn] && coreach[vh] {
				more = append(more, h)
				continue
			}
			// pairCost ≥ zone cost + K for a pair that is not kept.
			slack := g.pot[vn] - g.pot[vh]
			if lb := p.zoneCost(n.m, h) + p.K; p.keep[pairRef{n, h}] == nil && lb+slack >= 0 {
				continue
			}
			if p.pairCost(n, h)+slack >= 0 {
				continue
			}
			more = append(more, h)
		}
		if len(more) > 0 {
			added += len(more)
			p.cand[n] = append(have, more...)
			slices.Sort(p.cand[n])
		}
	}
	return added
}

type hubKey struct {
	layer int
	zone  string
}

func (p *proposer) build() *flowNet {
	g := newFlowGraph(2)
	net := &flowNet{g: g, s: 0, t: 1}
	net.needBase = g.n
	for range p.needs {
		g.addNode()
	}
	net.helperNode = make([]int, len(p.mem))
	for i := range net.helperNode {
		net.helperNode[i] = -1
	}
	for c := range Categories {
		for _, h := range p.helpers[c] {
			if net.helperNode[h] < 0 {
				net.helperNode[h] = g.addNode()
			}
		}
	}
	net.hubBase = g.n

	// Source arcs, then each need's direct arcs.
	byCat := make([][]int, len(Categories)) // non-special need indices
	for i, n := range p.needs {
		g.addArc(net.s, net.needBase+i, 1, 0)
		byCat[n.c] = append(byCat[n.c], i)
	}
	direct := p.directPairs()
	for i, n := range p.needs {
		if p.special[n] {
			for _, h := range p.cand[n] {
				g.addArc(net.needBase+i, net.helperNode[h], 1, p.pairCost(n, h))
			}
			continue
		}
		for _, h := range direct[i] {
			g.addArc(net.needBase+i, net.helperNode[h], 1, p.pairCost(n, h))
		}
	}

	// Capacity slots: the k-th open match of a helper costs costLoadStep × k.
	for m, v := range net.helperNode {
		if v >= 0 {
			for k := p.accepted[m]; k < p.accepted[m]+p.capLeft[m]; k++ {
				g.addArc(v, net.t, 1, costLoadStep*int64(k))
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
	g.finish()
	return net
}

// buildLayer adds one (category, language) layer: zone hubs, far, and the
// arcs in and out. lang "" is the layer anyone may use.
func (p *proposer) buildLayer(net *flowNet, lang string, ns, hs []int) {
	g := net.g
	speaks := func(m int) bool { return lang == "" || slices.Contains(p.langs[m], lang) }
	var in, out []int
	zones := map[string]int{} // folded zone -> Zone order index or -1
	for _, i := range ns {
		if m := p.needs[i].m; speaks(m) {
			in = append(in, i)
			if p.zone[m] != "" {
				zones[p.zone[m]] = p.zoneOrd[m]
			}
		}
	}
	for _, h := range hs {
		if speaks(h) {
			out = append(out, h)
			if p.zone[h] != "" {
				zones[p.zone[h]] = p.zoneOrd[h]
			}
		}
	}
	if len(in) == 0 || len(out) == 0 {
		return
	}
	keys := make([]string, 0, len(zones))
	for z := range zones {
		keys = append(keys, z)
	}
	// Listed zones in walking order, then the others by name.
	slices.SortFunc(keys, func(a, b string) int {
		ia, ib := zones[a], zones[b]
		switch {
		case ia >= 0 && ib >= 0:
			return ia - ib
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		}
		return strings.Compare(a, b)
	})
	far := g.addNode()
	hub := make(map[string]int, len(keys))
	prev := "" // the previous listed zone
	for _, z := range keys {
		v := g.addNode()
		hub[z] = v
		g.addArc(v, far, flowInf, p.other)
		g.addArc(far, v, flowInf, 0)
		if zones[z] >= 0 {
			if prev != "" {
				gap := costZoneStep * int64(zones[z]-zones[prev])
				g.addArc(hub[prev], v, flowInf, gap)
				g.addArc(v, hub[prev], flowInf, gap)
			}
			prev = z
		}
	}
	at := func(m int) int {
		if p.zone[m] == "" {
			return far
		}
		return hub[p.zone[m]]
	}
	for _, i := range in {
		n := p.needs[i]
		c := p.K + costNotMet
		if lang == "" {
			c += costNoLanguage
		}
		if p.zone[n.m] == "" {
			c += p.other
		}
		g.addArc(net.needBase+i, at(n.m), 1, c)
	}
	for _, h := range out {
		g.addArc(at(h), net.helperNode[h], flowInf, 0)
	}
}

// directPairs lists, per open need, the helpers with a sparse discount: met
// in a pairing round, or an existing Proposed match that may stay.
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
	for k := range p.keep {
		add(k.n, k.h)
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

type flowPath struct {
	need   int   // index in p.needs
	helper int   // member index
	hubs   []int // hub nodes, in order
}

// decompose splits the flow into need → helper paths, repairs paths that end
// at a helper the need may not have, and returns the assignment and the
// needs it could not repair.
func (p *proposer) decompose(net *flowNet) (assign []int, bad []int) {
	g := net.g
	net.nodeMember = make([]int, g.n)
	for i := range net.nodeMember {
		net.nodeMember[i] = -1
	}
	for m, v := range net.helperNode {
		if v >= 0 {
			net.nodeMember[v] = m
		}
	}
	rem := make([]int32, g.arcs())
	for k := range rem {
		rem[k] = g.flow(k)
	}
	var paths []flowPath
	for i, n := range p.needs {
		u := net.needBase + i
		var hubs []int
		for {
			// Prefer an allowed helper, then another hub, then anything.
			pick := -1
			for pass := 0; pass < 3 && pick < 0; pass++ {
				for x := g.start[u]; x < g.start[u+1]; x++ {
					o := g.orig[x]
					if o&1 != 0 || rem[o>>1] == 0 {
						continue
					}
					v := int(g.to[x])
					if v == net.s {
						continue
					}
					h := -1
					if v < net.hubBase && v >= net.needBase+len(p.needs) {
						h = net.nodeMember[v]
					}
					ok := false
					switch pass {
					case 0:
						ok = h >= 0 && p.allowed(n, h)
					case 1:
						ok = v >= net.hubBase
					default:
						ok = true
					}
					if ok {
						pick = int(x)
						break
					}
				}
			}
			if pick < 0 {
				break // no flow out of this need
			}
			rem[g.orig[pick]>>1]--
			v := int(g.to[pick])
			if v >= net.hubBase {
				hubs = append(hubs, v)
				u = v
				continue
			}
			paths = append(paths, flowPath{need: i, helper: net.nodeMember[v], hubs: hubs})
			break
		}
	}

	for _, P := range paths {
		if !p.allowed(p.needs[P.need], P.helper) {
			bad = append(bad, P.need)
		}
	}
	assign = make([]int, len(p.needs))
	for i := range assign {
		assign[i] = -1
	}
	for _, P := range paths {
		assign[P.need] = P.helper
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
	matched := map[needRef]bool{}
	for i, h := range assign {
		if h < 0 {
			continue
		}
		n := p.needs[i]
		matched[n] = true
		if k := p.keep[pairRef{n, h}]; k != nil {
			m := *k
			if m.Why == "" {
				m.Why = p.why(n, h)
			}
			res.Matches = append(res.Matches, m)
			continue
		}
		need := Need{p.mem[n.m].ID, Categories[n.c]}
		res.Matches = append(res.Matches, Match{
			ID: MatchID(need, p.mem[h].ID), Member: need.Member, Category: need.Category,
			Helper: p.mem[h].ID, Status: Proposed, Why: p.why(n, h), ProposedOn: p.in.Today,
		})
	}
	slices.SortStableFunc(res.Matches, func(a, b Match) int { return strings.Compare(a.ID, b.ID) })

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
