package matching

import (
	"cmp"
	"slices"
	"strings"
)

// SplitGroup is one group of a split suggestion (see SuggestSplit).
type SplitGroup struct {
	// Zones are the zones the group holds, in Zone order: each as the
	// Settings' Zone order spells it, else as most of its members typed it.
	// "" stands for the members who gave no zone.
	Zones []string
	// Members are the group's active members: by zone, then by name, then
	// by ID.
	Members []MemberID
	// Parts > 0 when the group is part Part (1-based) of a zone that has
	// more active members than Split above on its own and so cannot stay
	// whole; ZoneSize is then that zone's active members.
	Part, Parts, ZoneSize int
}

// SuggestSplit proposes how a pod with more active members (Available)
// than s.SplitAbove could become several pods of at most that many. It is
// advice for organizers: nothing else in podsync acts on it. It returns
// nil when the pod is not over Split above.
//
// Each zone stays whole and the groups follow the Settings' Zone order:
// a group is a run of zones next to each other in walking order (listed
// zones first, then the unlisted ones by name, then the members who gave
// no zone). Among such splits it takes the fewest groups, then the most
// even sizes (23+22 rather than 30+15), then the one that keeps together
// the most pairs of neighbors who already met (met, from
// rotation.MetPairs). A zone with more than SplitAbove active members on
// its own is cut into the fewest even parts, keeping those who met
// together where it can. A SplitAbove below 2 counts as the default 30.
// The result depends only on its inputs.
func SuggestSplit(members []Member, s *Settings, met map[[2]MemberID]int) []SplitGroup {
	limit := s.SplitAbove
	if limit < 2 {
		limit = DefaultSettings().SplitAbove
	}
	zones := activeZones(members, s)
	n := 0
	for _, z := range zones {
		n += len(z.members)
	}
	if n <= limit {
		return nil
	}
	w, within := zoneMet(zones, met)
	var out []SplitGroup
	for _, seg := range bestRuns(zones, w, limit) {
		if seg.end-seg.start == 1 && len(zones[seg.start].members) > limit {
			out = append(out, cutZone(zones[seg.start], within[seg.start], limit)...)
			continue
		}
		var g SplitGroup
		for _, z := range zones[seg.start:seg.end] {
			g.Zones = append(g.Zones, z.name)
			g.Members = append(g.Members, z.members...)
		}
		out = append(out, g)
	}
	return out
}

// splitZone is one zone's active members, sorted by name then ID.
type splitZone struct {
	name    string
	members []MemberID
}

// activeZones groups the active members by zone, in the order SuggestSplit
// documents.
func activeZones(members []Member, s *Settings) []splitZone {
	listed := map[string]int{}
	for i, z := range s.ZoneOrder {
		if k := Fold(z); k != "" {
			if _, dup := listed[k]; !dup {
				listed[k] = i
			}
		}
	}
	type who struct {
		name string
		id   MemberID
	}
	byZone := map[string][]who{}
	spellings := map[string]map[string]int{}
	for i := range members {
		m := &members[i]
		if !m.Available() {
			continue
		}
		k := Fold(m.Zone)
		byZone[k] = append(byZone[k], who{Fold(m.Name), m.ID})
		if spellings[k] == nil {
			spellings[k] = map[string]int{}
		}
		spellings[k][strings.Join(strings.Fields(m.Zone), " ")]++
	}
	keys := make([]string, 0, len(byZone))
	for k := range byZone {
		keys = append(keys, k)
	}
	// Listed zones in Zone order, then unlisted ones by name, blank last.
	rank := func(k string) (int, int) {
		if k == "" {
			return 2, 0
		}
		if i, ok := listed[k]; ok {
			return 0, i
		}
		return 1, 0
	}
	slices.SortFunc(keys, func(a, b string) int {
		ga, ia := rank(a)
		gb, ib := rank(b)
		return cmp.Or(cmp.Compare(ga, gb), cmp.Compare(ia, ib), strings.Compare(a, b))
	})
	out := make([]splitZone, len(keys))
	for i, k := range keys {
		ws := byZone[k]
		slices.SortFunc(ws, func(a, b who) int {
			return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(string(a.id), string(b.id)))
		})
		z := splitZone{members: make([]MemberID, len(ws))}
		for j, x := range ws {
			z.members[j] = x.id
		}
		if j, ok := listed[k]; ok {
			z.name = strings.TrimSpace(s.ZoneOrder[j])
		} else if k != "" {
			// The spelling most of its members typed; the first by
			// byte order on a tie.
			best, bestN := "", 0
			for sp, c := range spellings[k] {
				if c > bestN || c == bestN && sp < best {
					best, bestN = sp, c
				}
			}
			z.name = best
		}
		out[i] = z
	}
	return out
}

// zoneMet counts, for each pair of zones (by index, lower first), the pairs
// of their members who met, and lists the pairs who met within each zone.
func zoneMet(zones []splitZone, met map[[2]MemberID]int) (w []map[int]int, within [][][2]MemberID) {
	at := map[MemberID]int{}
	for i, z := range zones {
		for _, id := range z.members {
			at[id] = i
		}
	}
	w = make([]map[int]int, len(zones))
	within = make([][][2]MemberID, len(zones))
	for k := range met {
		a, okA := at[k[0]]
		b, okB := at[k[1]]
		if !okA || !okB {
			continue
		}
		if a == b {
			within[a] = append(within[a], k)
			continue
		}
		if a > b {
			a, b = b, a
		}
		if w[a] == nil {
			w[a] = map[int]int{}
		}
		w[a][b]++
	}
	return w, within
}

// zoneRun is zones[start:end], one group (or, for a single zone over the limit,
// the parts it is cut into).
type zoneRun struct{ start, end int }

// splitCost orders candidate splits: fewer groups, then more even sizes (a
// smaller sum of squared sizes), then fewer met pairs cut apart.
type splitCost struct{ groups, squares, cut int }

func (a splitCost) add(b splitCost) splitCost {
	return splitCost{a.groups + b.groups, a.squares + b.squares, a.cut + b.cut}
}

func (a splitCost) less(b splitCost) bool {
	return cmp.Or(cmp.Compare(a.groups, b.groups), cmp.Compare(a.squares, b.squares), cmp.Compare(a.cut, b.cut)) < 0
}

// bestRuns cuts the zones, in order, into the runs of least splitCost: a
// run is zones whose members together are at most limit, or one zone over
// the limit alone. Dynamic programming over where each run ends; a run
// holds at most limit zones, so this takes O(zones × limit) steps plus the
// met pairs.
func bestRuns(zones []splitZone, w []map[int]int, limit int) []zoneRun {
	// ext[i] is how many met pairs have one member in zone i and the other
	// in another zone; a run's cut pairs are its zones' ext minus twice the
	// pairs inside it, each cut pair being counted by both of its runs.
	ext := make([]int, len(zones))
	for a, row := range w {
		for b, c := range row {
			ext[a] += c
			ext[b] += c
		}
	}
	best := make([]splitCost, len(zones)+1)
	from := make([]int, len(zones)+1)
	for end := 1; end <= len(zones); end++ {
		found := false
		size, inside, outside := 0, 0, 0
		for start := end - 1; start >= 0; start-- {
			zn := len(zones[start].members)
			var c splitCost
			if start == end-1 && zn > limit {
				parts := (zn + limit - 1) / limit
				q, r := zn/parts, zn%parts
				c = splitCost{groups: parts, squares: r*(q+1)*(q+1) + (parts-r)*q*q, cut: ext[start]}
			} else {
				size += zn
				if size > limit {
					break
				}
				for b, k := range w[start] {
					if b < end {
						inside += k
					}
				}
				outside += ext[start]
				c = splitCost{groups: 1, squares: size * size, cut: outside - 2*inside}
			}
			if total := best[start].add(c); !found || total.less(best[end]) {
				best[end], from[end], found = total, start, true
			}
			if zn > limit {
				break
			}
		}
	}
	var runs []zoneRun
	for end := len(zones); end > 0; end = from[end] {
		runs = append(runs, zoneRun{from[end], end})
	}
	slices.Reverse(runs)
	return runs
}

// cutZone cuts a zone over the limit into the fewest parts of even size.
// Members who met stay in one part where they can: the sets of them
// linked by meetings, largest first, each go whole into the first part
// with room for it (so members who met no one fill the parts in name
// order), and one too large for any part fills the parts in turn.
func cutZone(z splitZone, met [][2]MemberID, limit int) []SplitGroup {
	n := len(z.members)
	parts := (n + limit - 1) / limit
	room := make([]int, parts)
	for i := range room {
		room[i] = n / parts
		if i < n%parts {
			room[i]++
		}
	}
	at := make(map[MemberID]int, n)
	for i, id := range z.members {
		at[id] = i
	}
	sets := newSets(n) // a set's root is its first member
	for _, k := range met {
		a, okA := at[k[0]]
		b, okB := at[k[1]]
		if okA && okB {
			sets.union(a, b)
		}
	}
	comps := map[int][]int{}
	for i := range z.members {
		r := sets.find(i)
		comps[r] = append(comps[r], i)
	}
	roots := make([]int, 0, len(comps))
	for r := range comps {
		roots = append(roots, r)
	}
	slices.SortFunc(roots, func(a, b int) int { return cmp.Or(cmp.Compare(len(comps[b]), len(comps[a])), cmp.Compare(a, b)) })
	part := make([]int, n)
	for _, r := range roots {
		rest := comps[r]
		p := slices.IndexFunc(room, func(left int) bool { return left >= len(rest) })
		if p >= 0 {
			for _, i := range rest {
				part[i] = p
			}
			room[p] -= len(rest)
			continue
		}
		for p := range room { // too large for any part: fill them in turn
			take := min(room[p], len(rest))
			for _, i := range rest[:take] {
				part[i] = p
			}
			room[p] -= take
			rest = rest[take:]
		}
	}
	out := make([]SplitGroup, parts)
	for i := range out {
		out[i] = SplitGroup{Zones: []string{z.name}, Part: i + 1, Parts: parts, ZoneSize: n}
	}
	for i, id := range z.members {
		out[part[i]].Members = append(out[part[i]].Members, id)
	}
	return out
}
