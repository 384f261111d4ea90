package rotation

import (
	"math"
	"slices"
	"sort"

	"github.com/podsync/podsync/matching"
)

const never = math.MinInt32

// denseMax is the largest count of people the planner keeps dense tables
// for (the last round each pair met as an n×n array, the look-ahead's graph
// of pairs who never met): about 16 MB at most. Above it, who met whom is
// only the map of pairs who did, and a round is found by the sparse
// search (sparse.go) first.
const denseMax = 2000

// planner holds the pod's meeting history by member index (members sorted by
// ID) and plans rounds one after another.
type planner struct {
	roster
	opt options
	// Who met whom: the last round each pair met in, as an n×n array up to
	// denseMax people (last), else as a map of the pairs who met (met).
	last  []int32
	met   map[uint64]int32
	trios [][]int32 // for each member, the rounds they were in a trio, sorted
	queue [][][]int32
	// pending is the count of rounds still to plan in this run, this one
	// included.
	pending int
}

func newPlanner(ids []matching.MemberID, forbidden matching.Forbidden, opt options) *planner {
	return withRoster(newRoster(ids, forbidden), opt)
}

func withRoster(rs roster, opt options) *planner {
	n := rs.n
	p := &planner{roster: rs, opt: opt, trios: make([][]int32, n)}
	if n <= denseMax {
		p.last = make([]int32, n*n)
		for i := range p.last {
			p.last[i] = never
		}
	} else {
		p.met = map[uint64]int32{}
	}
	return p
}

func (p *planner) lastMet(a, b int32) int32 {
	if p.last != nil {
		return p.last[int(a)*p.n+int(b)]
	}
	if l, ok := p.met[pairKey(a, b)]; ok {
		return l
	}
	return never
}

// setLast notes that a and b last met in round r.
func (p *planner) setLast(a, b, r int32) {
	if p.last != nil {
		p.last[int(a)*p.n+int(b)], p.last[int(b)*p.n+int(a)] = r, r
		return
	}
	p.met[pairKey(a, b)] = r
}

// eachMet calls f for every pair who met (a < b), with the last round.
func (p *planner) eachMet(f func(a, b, r int32)) {
	if p.last == nil {
		for k, r := range p.met {
			a, b := unpair(k)
			f(a, b, r)
		}
		return
	}
	n := p.n
	for a := 0; a < n; a++ {
		row := p.last[a*n : (a+1)*n]
		for b := a + 1; b < n; b++ {
			if r := row[b]; r != never {
				f(int32(a), int32(b), r)
			}
		}
	}
}

// sub is a planner for the members vs (indexes of p, ascending) only: the
// people due in one round. Its history is theirs among themselves; p is
// left as it is. With every member in vs it is p itself.
func (p *planner) sub(vs []int32) *planner {
	if len(vs) == p.n {
		return p
	}
	ids := make([]matching.MemberID, len(vs))
	local := make(map[int32]int32, len(vs))
	for i, v := range vs {
		ids[i] = p.ids[v]
		local[v] = int32(i)
	}
	rs := roster{ids: ids, n: len(vs), index: make(map[matching.MemberID]int32, len(vs))}
	for i, id := range ids {
		rs.index[id] = int32(i)
	}
	for k := range p.forb {
		a, b := unpair(k)
		la, okA := local[a]
		lb, okB := local[b]
		if okA && okB {
			if rs.forb == nil {
				rs.forb = map[uint64]struct{}{}
			}
			rs.forb[pairKey(la, lb)] = struct{}{}
			rs.anyForb = true
		}
	}
	s := withRoster(rs, p.opt)
	p.eachMet(func(a, b, r int32) {
		if la, ok := local[a]; ok {
			if lb, ok := local[b]; ok {
				s.setLast(la, lb, r)
			}
		}
	})
	for i, v := range vs {
		s.trios[i] = slices.Clone(p.trios[v])
	}
	s.pending = p.pending
	return s
}

// record notes that the eligible members among ms met in round.
func (p *planner) record(round int, ms []matching.MemberID) {
	var idx []int32
	for _, id := range ms {
		if v, ok := p.index[id]; ok && !slices.Contains(idx, v) {
			idx = append(idx, v)
		}
	}
	p.commitGroup(round, idx)
}

func (p *planner) commit(round int, groups [][]int32) {
	for _, g := range groups {
		p.commitGroup(round, g)
	}
}

func (p *planner) commitGroup(round int, g []int32) {
	r := clamp(round)
	for i, a := range g {
		for _, b := range g[i+1:] {
			if p.lastMet(a, b) < r {
				p.setLast(a, b, r)
			}
		}
	}
	if len(g) >= 3 {
		p.setTrio(g, r, true)
	}
}

// setTrio notes (or with on false, forgets) that g was a trio in round r.
func (p *planner) setTrio(g []int32, r int32, on bool) {
	for _, v := range g {
		i, found := slices.BinarySearch(p.trios[v], r)
		switch {
		case on && !found:
			p.trios[v] = slices.Insert(p.trios[v], i, r)
		case !on && found:
			p.trios[v] = slices.Delete(p.trios[v], i, i+1)
		}
	}
}

// pushTrios notes (or forgets) a planned round's trios in the trio history,
// so that the look-ahead's later rounds rotate the trio too.
func (p *planner) pushTrios(groups [][]int32, r int32, on bool) {
	for _, g := range groups {
		if len(g) >= 3 {
			p.setTrio(g, r, on)
		}
	}
}

// lastTrioBefore is the last round before r in which v was in a trio, or
// never.
func (p *planner) lastTrioBefore(v, r int32) int32 {
	i, _ := slices.BinarySearch(p.trios[v], r)
	if i == 0 {
		return never
	}
	return p.trios[v][i-1]
}

func (p *planner) inTrio(v, r int32) bool {
	_, found := slices.BinarySearch(p.trios[v], r)
	return found
}

// Trio rotation costs. Being in the trio three rounds running is worst, then
// being in it the round before or after; among the rest, fewer trios so far
// is better.
const (
	trioRun  = 1 << 20
	trioNext = 1 << 10
)

// trioCostOf scores v joining the trio of round r.
func (p *planner) trioCostOf(v, r int32) int {
	prev, next := p.inTrio(v, r-1), p.inTrio(v, r+1)
	c := len(p.trios[v])
	if prev || next {
		c += trioNext
	}
	if (prev && (next || p.inTrio(v, r-2))) || (next && p.inTrio(v, r+2)) {
		c += trioRun
	}
	return c
}

// trioCost scores a whole group as the trio of round r: its members' costs,
// and two of them who were both in a trio the round before or after (the
// trio would not have moved on) as bad as three rounds running.
func (p *planner) trioCost(g []int32, r int32) int {
	c := 0
	for i, v := range g {
		c += p.trioCostOf(v, r)
		for _, u := range g[i+1:] {
			if (p.inTrio(v, r-1) && p.inTrio(u, r-1)) || (p.inTrio(v, r+1) && p.inTrio(u, r+1)) {
				c += trioRun
			}
		}
	}
	return c
}

// roundTrioCost is the trio cost of every trio in a round.
func (p *planner) roundTrioCost(groups [][]int32, r int32) int {
	c := 0
	for _, g := range groups {
		if len(g) >= 3 {
			c += p.trioCost(g, r)
		}
	}
	return c
}

func clamp(r int) int32 {
	return int32(max(min(r, math.MaxInt32/2), -math.MaxInt32/2))
}

// plan returns the groups of one new round, each sorted, sorted by first
// member.
func (p *planner) plan(round int) [][]int32 {
	if p.n < 2 {
		return nil
	}
	var groups [][]int32
	if len(p.queue) > 0 {
		groups, p.queue = p.queue[0], p.queue[1:]
		if !p.allFresh(groups) {
			groups, p.queue = nil, nil
		}
	}
	switch {
	case groups != nil:
	case p.opt.step != nil:
		groups = p.opt.step(p, round)
	default:
		if !p.opt.noCircle {
			groups = p.circle()
		}
		if groups == nil && p.last == nil {
			groups = p.sparse(round)
		}
		if groups == nil {
			if seq := p.fresh(round); len(seq) > 0 {
				groups, p.queue = seq[0], seq[1:]
			}
		}
		if groups == nil {
			groups = p.weighted(round)
		}
	}
	for _, g := range groups {
		slices.Sort(g)
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i][0] < groups[j][0] })
	return groups
}

func (p *planner) allFresh(groups [][]int32) bool {
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				if !p.allowed(a, b) || p.lastMet(a, b) != never {
					return false
				}
			}
		}
	}
	return true
}
