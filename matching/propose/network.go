package propose

import (
	"slices"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/matching/internal/flow"
)

// The aggregated network.
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

// flowNet is one build of the aggregated network.
type network struct {
	g          *flow.Graph
	s, t       int
	needBase   int
	helperNode []int // member index -> node, -1
}

func (p *proposer) build() *network {
	g := flow.New(2)
	net := &network{g: g, s: 0, t: 1}
	net.needBase = g.Nodes()
	for range p.needs {
		g.AddNode()
	}
	net.helperNode = make([]int, len(p.mem))
	for i := range net.helperNode {
		net.helperNode[i] = -1
	}
	for c := range matching.Categories {
		for _, h := range p.helpers[c] {
			if net.helperNode[h] < 0 {
				net.helperNode[h] = g.AddNode()
			}
		}
	}

	// Source arcs, then each need's direct arcs.
	byCat := make([][]int, len(matching.Categories)) // non-special need indices
	for i, n := range p.needs {
		g.AddArc(net.s, net.needBase+i, 1, 0)
		byCat[n.c] = append(byCat[n.c], i)
	}
	direct := p.directPairs()
	// Usable helpers by category and zone, for self needs' same-zone arcs.
	byZone := make([]map[int32][]int, len(matching.Categories))
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
	needsIn := make([]int, len(matching.Categories))
	for _, n := range p.needs {
		needsIn[n.c]++
	}
	for m, v := range net.helperNode {
		if v >= 0 {
			useful := 0
			for c := range matching.Categories {
				if p.mem[m].HasOffer(matching.Categories[c]) {
					useful += needsIn[c]
				}
			}
			for k := p.held[m]; k < p.held[m]+min(p.capLeft[m], useful); k++ {
				g.AddArc(v, net.t, 1, costLoadStep*int64(k))
			}
		}
	}

	// Hubs, category by category.
	for c := range matching.Categories {
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
// anyone may use. See the comment at the top of this file for the
// construction.
func (p *proposer) buildLayer(net *network, lang string, ns, hs []int) {
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
			for c := range matching.Categories {
				if p.mem[x[0]].HasNeed(matching.Categories[c]) {
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
