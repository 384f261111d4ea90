package propose

import (
	"slices"
	"strings"

	"github.com/podsync/podsync/matching"
)

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
	row *matching.Match
}

type proposer struct {
	in      *matching.MatchInput
	mem     []*matching.Member // sorted by ID, first of duplicate IDs
	idx     map[matching.MemberID]int
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
	fixed    []matching.Match // Accepted, Done and Declined rows

	needs   []needRef        // open needs in member-ID, category order
	helpers [][]int          // per category: member indices of usable helpers
	offers  []int            // per category: available members offering it
	special map[needRef]bool // needs with a Do Not Pair, Declined or clashing helper
	ordOf   []int            // zone ID -> index in Zone order, -1 unlisted
	clash   map[pairRef]bool // pairs whose Match ID a returned row has
	rounds  int              // flow solves
	reruns  int              // of which after a Match ID clash; tests check rounds−reruns is 1
}

var catIndex = func() map[matching.Category]int {
	m := make(map[matching.Category]int, len(matching.Categories))
	for i, c := range matching.Categories {
		m[c] = i
	}
	return m
}()

func capacityOf(m *matching.Member, s *matching.Settings) int {
	if m.Capacity > 0 {
		return m.Capacity
	}
	if s.DefaultCapacity > 0 {
		return s.DefaultCapacity
	}
	return 1
}

func newProposer(in *matching.MatchInput) *proposer {
	p := &proposer{in: in, idx: map[matching.MemberID]int{}, closed: map[needRef]bool{},
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
		zoneIdx[matching.Fold(z)] = i
	}
	p.other = costZoneStep * int64(max(1, len(in.Settings.ZoneOrder)))
	p.zone = make([]string, n)
	p.zoneOrd = make([]int, n)
	p.langs = make([][]string, n)
	for i, m := range p.mem {
		p.zone[i] = matching.Fold(m.Zone)
		p.zoneOrd[i] = -1
		if j, ok := zoneIdx[p.zone[i]]; ok && p.zone[i] != "" {
			p.zoneOrd[i] = j
		}
		for _, l := range m.Languages {
			if f := matching.Fold(l); f != "" && !slices.Contains(p.langs[i], f) {
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
		if x.Status == matching.Proposed {
			continue
		}
		p.fixed = append(p.fixed, *x)
		decidedIDs[x.ID] = true
		mi, okM := p.idx[x.Member]
		hi, okH := p.idx[x.Helper]
		ci, okC := catIndex[x.Category]
		switch x.Status {
		case matching.Accepted, matching.Done:
			if okM && okC {
				p.closed[needRef{mi, ci}] = true
			}
			if x.Status == matching.Accepted && okH {
				p.accepted[hi]++
			}
		case matching.Declined:
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
	p.helpers = make([][]int, len(matching.Categories))
	p.offers = make([]int, len(matching.Categories))
	for i, m := range p.mem {
		if m.Active == matching.Active {
			for ci, c := range matching.Categories {
				if n := (needRef{i, ci}); m.HasNeed(c) && !p.closed[n] && !p.pinned[n] {
					p.needs = append(p.needs, n)
				}
			}
		}
		if m.Available() {
			for ci, c := range matching.Categories {
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
			for c := range matching.Categories {
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
	var props []*matching.Match
	for i := range in.Existing {
		if x := &in.Existing[i]; x.Status == matching.Proposed && !decidedIDs[x.ID] {
			props = append(props, x)
		}
	}
	slices.SortStableFunc(props, func(a, b *matching.Match) int { return compareMatch(*a, *b) })
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

// compareMatch orders rows by Match ID, then by everything else, so that
// rows sharing an ID come out in the same order whatever the input order.
func compareMatch(a, b matching.Match) int {
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
	return m.Active == matching.Active && m.HasNeed(matching.Categories[n.c]) && !p.closed[n]
}

// usable reports whether member h may take a new match in category c.
func (p *proposer) usable(h, c int) bool {
	m := p.mem[h]
	return m.Available() && m.HasOffer(matching.Categories[c]) && p.capLeft[h] > 0
}

// allowed is the pairwise part of the hard constraints.
func (p *proposer) allowed(n needRef, h int) bool {
	return h != n.m && !slices.Contains(p.forb[n.m], h) && !(p.hasDecl[n.m] && p.declined[pairRef{n, h}]) &&
		!(len(p.clash) > 0 && p.clash[pairRef{n, h}])
}

// selfNeed reports whether n's member is also a usable helper for it.
func (p *proposer) selfNeed(n needRef) bool { return p.usable(n.m, n.c) }

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
