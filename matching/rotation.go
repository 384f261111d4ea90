package matching

// Pair rotation: Step 5 of the Mutual Aid Toolkit, 1-on-1 conversations in
// rotating rounds.
//
// Every member who wants 1-on-1s and is available is in exactly one group in
// every planned round: pairs, plus one trio when the count is odd, so nobody
// sits out. Rounds are planned so that nobody meets the same person twice
// while that can be avoided.
//
// How a round is chosen, in order:
//
//  1. The circle method. With an even count, no Do Not Pair rule among them
//     and every pair met so far lying in a complete round of the canonical
//     circle-method schedule of the current members (sorted by ID), the next
//     unused round of that schedule is taken. A pod that starts together and
//     stays together therefore meets every pair exactly once in n−1 rounds,
//     however the weekly runs are spread, and an organizer edit or a join,
//     leave or pause simply moves the pod to step 2.
//  2. Look-ahead over the fresh graph (pairs who have never met and may be
//     grouped). A round is a perfect matching of it (plus a triangle when the
//     count is odd). Up to 11 members the search is exact: every such round
//     is listed and a depth-first search finds the most rounds that share no
//     pair (9 people, for instance, get the 6-round schedule in which every
//     pair meets once). Larger pods: while the graph is dense any such round
//     keeps the rest schedulable, so one is taken. Once its minimum degree
//     falls to about n/2, the rotPlanner plays out whole schedules:
//     randomized (seeded from the input, so deterministic) rollouts that take
//     repeat-free rounds one after another, each step checking that what is
//     left still has a perfect matching, until stuck, until the degree bound
//     is reached or until a work budget (counted in search steps) runs out.
//     The first round of the best rollout is used, and the rest of it for the
//     other rounds planned in the same run. Best means: first, nobody in the
//     trio three rounds running in the rounds this run plans; then the most
//     rounds; then the trio that rotates best.
//  3. When no repeat-free round exists, a maximum-cardinality maximum-weight
//     matching (blossom.go) over every allowed pair with weights: pairs who
//     never met far above pairs who met, and among those the longer ago the
//     better (a concave weight, so two mid-aged repeats beat one very recent
//     one). With an odd count the trio is chosen with the matching: its
//     three pairs' weights count, less a trio rotation penalty that never
//     outweighs a pair who never met; up to 41 members the choice is exact
//     (weightedOdd), above that the few who were in a trio least recently are
//     tried as its third person.
//
// The trio rotates: whoever was in the trio the round before (or after, for
// a round planned between kept ones) is a worse pick, being in it three
// rounds running much worse, and among the rest those with fewer trios so
// far come first (trioCostOf).
//
// Do Not Pair rules are never broken. If they leave no way to put everyone
// into pairs and one trio, the rotPlanner adds further trios (a leftover member
// joins a pair both may meet), and a member with nobody they may meet at all
// sits the round out: that is the only case in which someone eligible is in no
// group.

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/podsync/podsync/matching/internal/blossom"
)

// PlanRounds returns every row the Pairings tab should hold after this cycle,
// sorted by round, then by position within the round.
//
// Rounds whose Week of is before in.Today are history and come back exactly as
// given. A future round already on the tab is kept as given when any of its
// rows was edited by an organizer, or when it still groups exactly the
// eligible members without a Do Not Pair pair; otherwise it is planned again
// under its number and date. Unedited future rounds beyond Rounds ahead are
// dropped. New rounds follow until Rounds ahead rounds (default 2) have a Week
// of on or after today; each new round's Week of is the previous round's plus
// Round length days (default 7), moved on by whole round lengths if that would
// fall before today, or today when there is no history.
func PlanRounds(in RotationInput) []Group { return rotPlan(in, rotOptions{}) }

// MetPairs returns, for every pair who met in a group of a round with Week of
// before today and Status not Skipped, the last round number they met in.
// Trios count as three pairs.
func MetPairs(history []Group, today time.Time) map[[2]MemberID]int {
	today = rotDate(today)
	met := map[[2]MemberID]int{}
	for _, g := range history {
		if g.Status == Skipped || !rotDate(g.WeekOf).Before(today) {
			continue
		}
		for i, a := range g.Members {
			for _, b := range g.Members[i+1:] {
				if a == b || a == "" || b == "" {
					continue
				}
				k := Key(a, b)
				if r, ok := met[k]; !ok || g.Round > r {
					met[k] = g.Round
				}
			}
		}
	}
	return met
}

// rotOptions switch parts of the rotPlanner off, for tests and the baseline
// the benchmarks compare against.
type rotOptions struct {
	noCircle bool // skip the circle method (exercises the look-ahead)
	// step, when set, replaces the whole choice of a round (circle,
	// look-ahead and weighted matching): the benchmarks' baseline.
	step func(p *rotPlanner, round int) [][]int32
}

func rotDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// rotHistRound is one round number's rows on the Pairings tab.
type rotHistRound struct {
	num    int
	date   time.Time // the earliest Week of among its rows
	rows   []Group
	edited bool
}

func rotPlan(in RotationInput, opt rotOptions) []Group {
	today := rotDate(in.Today)
	ahead := in.Settings.RoundsAhead
	if ahead <= 0 {
		ahead = 2
	}
	length := in.Settings.RoundLength
	if length <= 0 {
		length = 7
	}

	// Rows are copied once, their members into one shared buffer, so that
	// the result never aliases the input.
	hist := slices.Clone(in.History)
	size := 0
	for _, g := range hist {
		size += len(g.Members)
	}
	buf := make([]MemberID, 0, size)
	byNum := map[int]*rotHistRound{}
	var nums []int
	for _, g := range hist {
		if g.Members != nil {
			start := len(buf)
			buf = append(buf, g.Members...)
			g.Members = buf[start:len(buf):len(buf)]
		}
		d := rotDate(g.WeekOf)
		r := byNum[g.Round]
		if r == nil {
			r = &rotHistRound{num: g.Round, date: d}
			byNum[g.Round] = r
			nums = append(nums, g.Round)
		}
		if d.Before(r.date) {
			r.date = d
		}
		r.edited = r.edited || g.Edited
		r.rows = append(r.rows, g)
	}
	sort.Ints(nums)
	var past, future []*rotHistRound
	for _, n := range nums {
		if r := byNum[n]; r.date.Before(today) {
			past = append(past, r)
		} else {
			future = append(future, r)
		}
	}
	keep := ahead
	for i, r := range future {
		if r.edited && i+1 > keep {
			keep = i + 1
		}
	}
	if len(future) > keep {
		future = future[:keep]
	}

	p := newRotPlanner(rotEligible(in.Members), in.Forbidden, opt)
	record := func(r *rotHistRound) {
		for _, g := range r.rows {
			if g.Status != Skipped {
				p.record(g.Round, g.Members)
			}
		}
	}
	out := make([]Group, 0, len(hist)+ahead*(p.n/2+1))
	for _, r := range past {
		out = append(out, r.rows...)
		record(r)
	}

	type slot struct {
		num  int
		date time.Time
		kept bool
	}
	var slots []slot
	lastNum, lastDate := 0, time.Time{}
	note := func(num int, date time.Time) {
		lastNum = max(lastNum, num)
		if date.After(lastDate) {
			lastDate = date
		}
	}
	for _, r := range past {
		note(r.num, r.date)
	}
	for _, r := range future {
		kept := r.edited || p.sameRound(r.rows)
		if kept {
			out = append(out, r.rows...)
			record(r)
		}
		slots = append(slots, slot{r.num, r.date, kept})
		note(r.num, r.date)
	}
	for len(slots) < ahead {
		date := today
		if lastNum > 0 {
			date = lastDate.AddDate(0, 0, length)
			for date.Before(today) {
				date = date.AddDate(0, 0, length)
			}
		}
		slots = append(slots, slot{num: lastNum + 1, date: date})
		note(lastNum+1, date)
	}
	for i, s := range slots {
		if s.kept {
			continue
		}
		p.pending = 0
		for _, t := range slots[i:] {
			if !t.kept {
				p.pending++
			}
		}
		groups := p.plan(s.num)
		p.commit(s.num, groups)
		for _, g := range groups {
			ms := make([]MemberID, len(g))
			for i, v := range g {
				ms[i] = p.ids[v]
			}
			out = append(out, Group{Round: s.num, WeekOf: s.date, Members: ms, Status: Planned})
		}
	}
	byRound := func(a, b Group) int { return cmp.Compare(a.Round, b.Round) }
	if !slices.IsSortedFunc(out, byRound) {
		slices.SortStableFunc(out, byRound)
	}
	return out
}

// rotEligible returns the sorted, distinct IDs of the members who want 1-on-1s
// and are available.
func rotEligible(members []Member) []MemberID {
	var ids []MemberID
	for i := range members {
		if members[i].Pairing && members[i].Available() && members[i].ID != "" {
			ids = append(ids, members[i].ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

const rotNever = math.MinInt32

// rotPlanner holds the pod's meeting history by member index (members sorted by
// ID) and plans rounds one after another.
type rotPlanner struct {
	opt     rotOptions
	ids     []MemberID
	index   map[MemberID]int32
	n       int
	forb    []bool    // n*n: a Do Not Pair pair
	anyForb bool      // some Do Not Pair pair among the eligible
	last    []int32   // n*n: the last round the pair met in, or rotNever
	trios   [][]int32 // for each member, the rounds they were in a trio, sorted
	queue   [][][]int32
	pending int // rounds still to plan in this run, this one included
}

func newRotPlanner(ids []MemberID, forbidden Forbidden, opt rotOptions) *rotPlanner {
	n := len(ids)
	p := &rotPlanner{opt: opt, ids: ids, n: n, index: make(map[MemberID]int32, n),
		forb: make([]bool, n*n), last: make([]int32, n*n), trios: make([][]int32, n)}
	for i, id := range ids {
		p.index[id] = int32(i)
	}
	for i := range p.last {
		p.last[i] = rotNever
	}
	for k, bad := range forbidden {
		if !bad {
			continue
		}
		a, okA := p.index[k[0]]
		b, okB := p.index[k[1]]
		if okA && okB && a != b {
			p.forb[int(a)*n+int(b)], p.forb[int(b)*n+int(a)] = true, true
			p.anyForb = true
		}
	}
	return p
}

func (p *rotPlanner) allowed(a, b int32) bool { return a != b && !p.forb[int(a)*p.n+int(b)] }

func (p *rotPlanner) lastMet(a, b int32) int32 { return p.last[int(a)*p.n+int(b)] }

// record notes that the eligible members among ms met in round.
func (p *rotPlanner) record(round int, ms []MemberID) {
	var idx []int32
	for _, id := range ms {
		if v, ok := p.index[id]; ok && !slices.Contains(idx, v) {
			idx = append(idx, v)
		}
	}
	p.commitGroup(round, idx)
}

func (p *rotPlanner) commit(round int, groups [][]int32) {
	for _, g := range groups {
		p.commitGroup(round, g)
	}
}

func (p *rotPlanner) commitGroup(round int, g []int32) {
	r := rotClamp(round)
	for i, a := range g {
		for _, b := range g[i+1:] {
			if p.last[int(a)*p.n+int(b)] < r {
				p.last[int(a)*p.n+int(b)], p.last[int(b)*p.n+int(a)] = r, r
			}
		}
	}
	if len(g) >= 3 {
		p.setTrio(g, r, true)
	}
}

// setTrio notes (or with on false, forgets) that g was a trio in round r.
func (p *rotPlanner) setTrio(g []int32, r int32, on bool) {
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

// lastTrioBefore is the last round before r in which v was in a trio, or
// rotNever.
func (p *rotPlanner) lastTrioBefore(v, r int32) int32 {
	i, _ := slices.BinarySearch(p.trios[v], r)
	if i == 0 {
		return rotNever
	}
	return p.trios[v][i-1]
}

func (p *rotPlanner) inTrio(v, r int32) bool {
	_, found := slices.BinarySearch(p.trios[v], r)
	return found
}

// Trio rotation costs. Being in the trio three rounds running is worst, then
// being in it the round before or after; among the rest, fewer trios so far
// is better.
const (
	rotTrioRun  = 1 << 20
	rotTrioNext = 1 << 10
)

// trioCostOf scores v joining the trio of round r.
func (p *rotPlanner) trioCostOf(v, r int32) int {
	prev, next := p.inTrio(v, r-1), p.inTrio(v, r+1)
	c := len(p.trios[v])
	if prev || next {
		c += rotTrioNext
	}
	if (prev && (next || p.inTrio(v, r-2))) || (next && p.inTrio(v, r+2)) {
		c += rotTrioRun
	}
	return c
}

// trioCost scores a whole group as the trio of round r: its members' costs,
// and two of them who were both in a trio the round before or after (the
// trio would not have moved on) as bad as three rounds running.
func (p *rotPlanner) trioCost(g []int32, r int32) int {
	c := 0
	for i, v := range g {
		c += p.trioCostOf(v, r)
		for _, u := range g[i+1:] {
			if (p.inTrio(v, r-1) && p.inTrio(u, r-1)) || (p.inTrio(v, r+1) && p.inTrio(u, r+1)) {
				c += rotTrioRun
			}
		}
	}
	return c
}

// roundTrioCost is the trio cost of every trio in a round.
func (p *rotPlanner) roundTrioCost(groups [][]int32, r int32) int {
	c := 0
	for _, g := range groups {
		if len(g) >= 3 {
			c += p.trioCost(g, r)
		}
	}
	return c
}

func rotClamp(r int) int32 {
	return int32(max(min(r, math.MaxInt32/2), -math.MaxInt32/2))
}

// sameRound reports whether a future round's rows still group exactly the
// eligible members, each once, in pairs and trios that break no Do Not Pair
// rule.
func (p *rotPlanner) sameRound(rows []Group) bool {
	if p.n < 2 {
		return false
	}
	seen := make([]bool, p.n)
	count := 0
	for _, g := range rows {
		if len(g.Members) < 2 || len(g.Members) > 3 {
			return false
		}
		var idx []int32
		for _, id := range g.Members {
			v, ok := p.index[id]
			if !ok || seen[v] {
				return false
			}
			seen[v] = true
			count++
			for _, u := range idx {
				if !p.allowed(u, v) {
					return false
				}
			}
			idx = append(idx, v)
		}
	}
	return count == p.n
}

// plan returns the groups of one new round, each sorted, sorted by first
// member.
func (p *rotPlanner) plan(round int) [][]int32 {
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

func (p *rotPlanner) allFresh(groups [][]int32) bool {
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				if !p.allowed(a, b) || p.lastMet(a, b) != rotNever {
					return false
				}
			}
		}
	}
	return true
}

// circle continues the canonical circle-method schedule of the eligible
// members (labelled 0..n-1 by ID, n-1 fixed in the centre) when everything
// they have met so far is a set of whole rounds of it. Round r pairs r with
// n-1 and r+d with r-d (mod n-1) for d = 1..n/2-1.
func (p *rotPlanner) circle() [][]int32 {
	n := p.n
	if n%2 != 0 || p.anyForb {
		return nil
	}
	k := n - 1
	inv2 := (k + 1) / 2 // 2·inv2 ≡ 1 (mod k), k odd
	cnt := make([]int, k)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if p.last[i*n+j] == rotNever {
				continue
			}
			r := i
			if j != n-1 {
				r = (i + j) * inv2 % k
			}
			cnt[r]++
		}
	}
	r := -1
	for i, c := range cnt {
		if c != 0 && c != n/2 {
			return nil
		}
		if c == 0 && r < 0 {
			r = i
		}
	}
	if r < 0 {
		return nil
	}
	groups := [][]int32{{int32(r), int32(n - 1)}}
	for d := 1; d < n/2; d++ {
		groups = append(groups, []int32{int32((r + d) % k), int32((r - d + k) % k)})
	}
	return groups
}

// Look-ahead limits: how many rollouts at most, and how much work they may
// do in all (steps of the matching searches, counted, so the cut-off is the
// same on every machine), so that large pods stay fast: about a quarter of a
// second for 1,000 members late in their schedule.
const (
	rotLookAttempts = 24
	rotLookBudget   = 20_000_000
)

func (p *rotPlanner) rng(round int) *rand.Rand {
	h := fnv.New64a()
	for _, id := range p.ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(h.Sum64(), uint64(int64(round))))
}

// fresh returns the longest sequence of repeat-free rounds the look-ahead
// found in the graph of pairs who never met (see the file comment); nil when
// not even one round is possible. Among equally long sequences it takes the
// one whose trios rotate best over the rounds this run plans.
func (p *rotPlanner) fresh(round int) [][][]int32 {
	n := p.n
	g := newRotGraph(n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if p.last[i*n+j] == rotNever && !p.forb[i*n+j] {
				g.set(int32(i), int32(j), true)
			}
		}
	}
	bound := g.roundBound()
	if bound == 0 {
		return nil
	}
	if seq, ok := p.exactFresh(g, round); ok {
		return seq
	}
	rng := p.rng(round)
	depth, attempts := 1, 1
	if bound <= n/2+2 {
		work := bound * (g.edges + n)
		attempts = min(rotLookAttempts, rotLookBudget/max(work, 1))
		if attempts >= 1 {
			depth = bound
		} else {
			attempts = 1
		}
	}
	// With an odd count the trio's rotation is worth a few more rollouts
	// even in a dense graph (they are cheap there: one round each).
	if n%2 == 1 && depth == 1 {
		attempts = max(attempts, min(8, rotLookBudget/max(g.edges+n, 1)))
	}
	use := max(p.pending, 1)
	var best [][][]int32
	bestCost := 0
	// spent counts the matching searches' steps: once over the budget no
	// rollout starts or goes on (the first one always yields a round).
	spent := 0
	// Once a rollout reaches depth, a few more may still find a better trio.
	extra := 4
	for a := 0; a < attempts && spent < rotLookBudget && (len(best) < depth || (bestCost >= rotTrioNext && extra > 0)); a++ {
		if len(best) == depth {
			extra--
		}
		h := g
		if depth > 1 {
			h = g.clone()
		}
		var seq [][][]int32
		cost := 0
		for len(seq) < depth && (len(seq) == 0 || spent+h.work < rotLookBudget) {
			rn := rotClamp(round + len(seq))
			r := p.fullRound(h, rng, len(seq)+1 < depth, rn)
			if r == nil {
				break
			}
			if len(seq) < use {
				cost += p.roundTrioCost(r, rn)
			}
			seq = append(seq, r)
			if len(seq) < depth { // h is a clone then: g stays whole for the next rollout
				h.apply(r, false)
			}
			p.pushTrios(r, rn, true)
		}
		for i, r := range seq {
			p.pushTrios(r, rotClamp(round+i), false)
		}
		spent += h.work
		h.work = 0
		if len(seq) == 0 {
			continue
		}
		// Keeping people out of a third trio running in the rounds this run
		// plans outranks more rounds ahead; then the longest; then the
		// trio that rotates best.
		run, bestRun := cost/rotTrioRun, bestCost/rotTrioRun
		if best == nil || run < bestRun || (run == bestRun && (len(seq) > len(best) || (len(seq) == len(best) && cost < bestCost))) {
			best, bestCost = seq, cost
		}
	}
	return best
}

// Exact look-ahead for small pods: every repeat-free round of the fresh
// graph is listed (a bit mask over its pairs, which fit in 64 bits up to 11
// members) and a depth-first search finds the most rounds that share no
// pair. Pods with more rounds than rotExactRounds, or a search longer than
// rotExactSteps candidate checks, go to the rollouts instead.
const (
	rotExactMaxN   = 11
	rotExactRounds = 4000
	rotExactSteps  = 3_000_000
)

// exactFresh returns a longest sequence of repeat-free rounds of g (nil when
// there is none), its trios ordered to rotate well, and ok false when g is
// too large for an exhaustive search or the search gave up.
func (p *rotPlanner) exactFresh(g *rotGraph, round int) (seq [][][]int32, ok bool) {
	n := p.n
	if n > rotExactMaxN {
		return nil, false
	}
	odd := n%2 == 1
	var bit [rotExactMaxN][rotExactMaxN]uint64
	var vmask [rotExactMaxN]uint64
	k := 0
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if g.has(int32(a), int32(b)) {
				bit[a][b], bit[b][a] = 1<<k, 1<<k
				vmask[a] |= 1 << k
				vmask[b] |= 1 << k
			}
			k++
		}
	}
	type xround struct {
		mask   uint64
		groups [][]int32
	}
	var rounds []xround
	used := make([]bool, n)
	var cur [][]int32
	var mask uint64
	overflow := false
	var gen func(trio bool)
	gen = func(trio bool) {
		i := slices.Index(used, false)
		if i < 0 {
			if trio == odd {
				gs := make([][]int32, len(cur))
				for j, c := range cur {
					gs[j] = slices.Clone(c)
				}
				rounds = append(rounds, xround{mask, gs})
				overflow = len(rounds) > rotExactRounds
			}
			return
		}
		used[i] = true
		for j := i + 1; j < n && !overflow; j++ {
			if used[j] || bit[i][j] == 0 {
				continue
			}
			used[j] = true
			cur = append(cur, []int32{int32(i), int32(j)})
			mask |= bit[i][j]
			gen(trio)
			cur, mask = cur[:len(cur)-1], mask&^bit[i][j]
			for k := j + 1; odd && !trio && k < n && !overflow; k++ {
				if used[k] || bit[i][k] == 0 || bit[j][k] == 0 {
					continue
				}
				m3 := bit[i][j] | bit[i][k] | bit[j][k]
				used[k] = true
				cur = append(cur, []int32{int32(i), int32(j), int32(k)})
				mask |= m3
				gen(true)
				cur, mask = cur[:len(cur)-1], mask&^m3
				used[k] = false
			}
			used[j] = false
		}
		used[i] = false
	}
	gen(false)
	if overflow {
		return nil, false
	}
	if len(rounds) == 0 {
		return nil, true
	}
	// Rounds whose trio rotates best come first, so that the first longest
	// sequence found tends to start well.
	r0 := rotClamp(round)
	cost := make([]int, len(rounds))
	for i, r := range rounds {
		cost[i] = p.roundTrioCost(r.groups, r0)
	}
	order := make([]int, len(rounds))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cost[order[a]] < cost[order[b]] })

	perRound := n / 2
	if odd {
		perRound = (n + 3) / 2
	}
	// ub bounds how many more rounds fit in the pairs rem among cands: each
	// takes perRound pairs, and at least one at every member.
	ub := func(rem uint64, cands int) int {
		b := min(cands, bits.OnesCount64(rem)/perRound)
		for v := 0; v < n; v++ {
			b = min(b, bits.OnesCount64(rem&vmask[v]))
		}
		return b
	}
	var all uint64
	for _, r := range rounds {
		all |= r.mask
	}
	top := ub(all, len(rounds))
	// The first round comes from those that keep everyone out of a third
	// trio running, when some do: that outranks rounds further ahead.
	first := order
	if odd {
		minRun := cost[order[0]] / rotTrioRun
		end := 0
		for end < len(order) && cost[order[end]]/rotTrioRun == minRun {
			end++
		}
		first = order[:end]
	}
	var best, path []int
	steps := 0
	var dfs func(cands []int, rem uint64)
	dfs = func(cands []int, rem uint64) {
		if len(path) > len(best) {
			best = slices.Clone(path)
		}
		for ci, r := range cands {
			if len(best) == top || steps > rotExactSteps || len(path)+ub(rem, len(cands)-ci) <= len(best) {
				return
			}
			m := rounds[r].mask
			var next []int
			for _, r2 := range cands[ci+1:] {
				if rounds[r2].mask&m == 0 {
					next = append(next, r2)
				}
			}
			steps += len(cands) - ci
			path = append(path, r)
			dfs(next, rem&^m)
			path = path[:len(path)-1]
		}
	}
	for _, r := range first {
		if len(best) == top || steps > rotExactSteps {
			break
		}
		m := rounds[r].mask
		var next []int
		for _, r2 := range order {
			if rounds[r2].mask&m == 0 {
				next = append(next, r2)
			}
		}
		steps += len(order)
		if 1+ub(all&^m, len(next)) <= len(best) {
			continue
		}
		path = append(path[:0], r)
		dfs(next, all&^m)
	}
	if steps > rotExactSteps && len(best) < top {
		return nil, false
	}
	// Order the rounds after the first: each time the one whose trio
	// rotates best after those before it (ties: found first).
	seq = append(seq, rounds[best[0]].groups)
	p.pushTrios(seq[0], r0, true)
	left := slices.Clone(best[1:])
	for len(left) > 0 {
		rn := rotClamp(round + len(seq))
		bi, bc := 0, 0
		for i, r := range left {
			if c := p.roundTrioCost(rounds[r].groups, rn); i == 0 || c < bc {
				bi, bc = i, c
			}
		}
		gs := rounds[left[bi]].groups
		seq = append(seq, gs)
		p.pushTrios(gs, rn, true)
		left = slices.Delete(left, bi, bi+1)
	}
	for i, gs := range seq {
		p.pushTrios(gs, rotClamp(round+i), false)
	}
	return seq, true
}

// pushTrios notes (or forgets) a planned round's trios in the trio history,
// so that the look-ahead's later rounds rotate the trio too.
func (p *rotPlanner) pushTrios(groups [][]int32, r int32, on bool) {
	for _, g := range groups {
		if len(g) >= 3 {
			p.setTrio(g, r, on)
		}
	}
}

// fullRound finds one round of g's edges: a perfect matching, plus a
// triangle when the count is odd. With check it prefers a round after which g
// still has a perfect matching.
func (p *rotPlanner) fullRound(g *rotGraph, rng *rand.Rand, check bool, round int32) [][]int32 {
	if p.n%2 == 0 {
		var last [][]int32
		for try := 0; try < 4; try++ {
			r := g.perfectMatching(rng, nil)
			if r == nil {
				return nil
			}
			if !check {
				return r
			}
			g.apply(r, false)
			ok := g.perfectMatching(nil, nil) != nil
			g.apply(r, true)
			if ok {
				return r
			}
			last = r
		}
		return last
	}
	return p.oddRound(g, rng, round)
}

// Trio search limits: how many members are tried as a trio's first person,
// how many of each one's partners, and how many triangles at most are
// checked for a perfect matching of the rest.
const (
	rotTrioFirst    = 12
	rotTrioPartners = 20
	rotTrioChecks   = 48
)

// oddRound finds a triangle of g and a perfect matching of the rest. It
// gathers triangles around the members who fit the trio best (by trio
// rotation cost, then most fresh pairs left) and tries them cheapest first:
// by how badly the trio would rotate, then most fresh pairs among the three
// (the trio uses two of each one's), then fewest trios so far, then at random.
func (p *rotPlanner) oddRound(g *rotGraph, rng *rand.Rand, round int32) [][]int32 {
	n := p.n
	// Per member: the trio cost, and whether in a trio the round before or
	// after (two such together would not have moved on).
	vc := make([]int32, n)
	adj := make([]uint8, n)
	tie := make([]uint32, n)
	cs := make([]int32, 0, n)
	for v := int32(0); v < int32(n); v++ {
		if g.deg[v] < 2 {
			continue
		}
		vc[v] = int32(p.trioCostOf(v, round))
		if p.inTrio(v, round-1) {
			adj[v] |= 1
		}
		if p.inTrio(v, round+1) {
			adj[v] |= 2
		}
		tie[v] = rng.Uint32()
		cs = append(cs, v)
	}
	sev := func(c int32) int32 { return c / rotTrioNext }
	better := func(a, b int32) int {
		if sa, sb := sev(vc[a]), sev(vc[b]); sa != sb {
			return cmp.Compare(sa, sb)
		}
		if g.deg[a] != g.deg[b] {
			return cmp.Compare(g.deg[b], g.deg[a])
		}
		if vc[a] != vc[b] {
			return cmp.Compare(vc[a], vc[b])
		}
		return cmp.Compare(tie[a], tie[b])
	}
	slices.SortFunc(cs, better)

	// Each triangle's rank packed into one number, smallest best: severity,
	// then fresh pairs (more first), then trio counts, then the random tie.
	key := func(c, deg int32, t uint32) uint64 {
		return uint64(min(c/rotTrioNext, 127))<<57 | uint64(0xffff-min(deg, 0xffff))<<41 |
			uint64(min(c%rotTrioNext, 0x7ff))<<30 | uint64(t&(1<<30-1))
	}
	var keys []uint64
	var tris [][3]int32
	var nb []int32
	for _, x := range cs[:min(len(cs), rotTrioFirst)] {
		// x's best partners: cs is in the same order, and holds everyone
		// who can be in a triangle.
		nb = nb[:0]
		row := g.on[int(x)*n : int(x+1)*n]
		for _, u := range cs {
			if row[u] {
				if nb = append(nb, u); len(nb) == rotTrioPartners {
					break
				}
			}
		}
		for ai, a := range nb {
			for _, b := range nb[ai+1:] {
				if !g.has(a, b) {
					continue
				}
				c := vc[x] + vc[a] + vc[b]
				if adj[x]&adj[a] != 0 || adj[x]&adj[b] != 0 || adj[a]&adj[b] != 0 {
					c += rotTrioRun
				}
				t := rotSort3(x, a, b)
				keys = append(keys, key(c, g.deg[x]+g.deg[a]+g.deg[b], tie[t[0]]^tie[t[1]]*3^tie[t[2]]*7))
				tris = append(tris, t)
			}
		}
	}
	// Best first, by repeated selection: the first triangle usually works.
	skip := make([]bool, n)
	for checks := 0; checks < rotTrioChecks; checks++ {
		bi := -1
		for i, k := range keys {
			if k != math.MaxUint64 && (bi < 0 || k < keys[bi] || (k == keys[bi] && slices.Compare(tris[i][:], tris[bi][:]) < 0)) {
				bi = i
			}
		}
		if bi < 0 {
			break
		}
		t := tris[bi]
		for i := range keys { // the same triangle found from its other corners
			if tris[i] == t {
				keys[i] = math.MaxUint64
			}
		}
		skip[t[0]], skip[t[1]], skip[t[2]] = true, true, true
		r := g.perfectMatching(rng, skip)
		skip[t[0]], skip[t[1]], skip[t[2]] = false, false, false
		if r != nil {
			return append(r, []int32{t[0], t[1], t[2]})
		}
	}
	return nil
}

func rotSort3(a, b, c int32) [3]int32 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b, c = c, b
	}
	if a > b {
		a, b = b, a
	}
	return [3]int32{a, b, c}
}

// weighted plans a round that cannot be repeat-free (or, in the baseline,
// every round): a maximum-cardinality maximum-weight matching over all
// allowed pairs, with a rotating trio when the count is odd.
func (p *rotPlanner) weighted(round int) [][]int32 {
	n := p.n
	r := int64(rotClamp(round))
	// f(age): concave in how long ago the pair met.
	f := func(age int64) int64 {
		if age < 0 {
			age = 0
		}
		age = min(age, 1<<20)
		return 1 + int64(1000*math.Sqrt(float64(age)))
	}
	var fmax int64 = 1
	for i := 0; i < n*n; i++ {
		if l := p.last[i]; l != rotNever {
			fmax = max(fmax, f(r-int64(l)))
		}
	}
	// Trio rotation in weight units: three rounds running (or the trio not
	// moving on) costs more than any set of repeats but less than one pair
	// who never met (big exceeds every penalty together); being in the trio next to one's last, a fixed amount; a
	// trio within the last few rounds, a little, the more recent the more.
	rep := (int64(n)/2+3)*fmax + 1
	window := int32(max((n+2)/3, 1))
	pen := func(g []int32) int64 {
		c := p.trioCost(g, int32(r))
		out := int64(c/rotTrioRun)*rep + int64(c%rotTrioRun/rotTrioNext)*3000
		for _, v := range g {
			if ago := int32(r) - p.lastTrioBefore(v, int32(r)); ago < window {
				out += int64(1000 * (window - ago) / window)
			}
		}
		return out
	}
	big := 7*rep + 3*3000 + 3*1000 + 1 // more than pen can ever take
	w := func(a, b int32) int64 {
		l := p.lastMet(a, b)
		if l == rotNever {
			return big
		}
		return f(r - int64(l))
	}

	if n%2 == 1 {
		if best := p.weightedOdd(r, w, pen); best != nil {
			return best
		}
	}
	mate := p.wMatch(nil, w)
	var groups [][]int32
	var left []int32
	for v := int32(0); v < int32(n); v++ {
		switch {
		case mate[v] < 0:
			left = append(left, v)
		case int32(mate[v]) > v:
			groups = append(groups, []int32{v, int32(mate[v])})
		}
	}
	// attach needs weights above zero: shift them all by the most pen takes.
	return p.attach(groups, left, func(u, a, b int32) int64 {
		return w(u, a) + w(u, b) - pen([]int32{u, a, b}) + 7*rep + 12001
	})
}

// Exact trio search limits for weightedOdd: up to this many members every
// possible trio is bounded, and at most rotExactEvals of them get a matching
// of their own.
const (
	rotExactN     = 41
	rotExactEvals = 64
)

// weightedOdd plans a round with one trio for an odd count: the trio and a
// perfect matching of the rest, maximizing the pairs' weights plus the
// trio's three pairs' weights minus its rotation penalty. For each member
// x tried as the trio's third person (all up to rotExactN members, else the
// few who were in a trio least recently) it takes the best matching of the
// others and the best pair in it for x to join. Up to rotExactN members it
// then makes that exact: the best matching without x, less one pair, bounds
// every trio through x, and the trios whose bound beats the best found so
// far get a matching of their own, best bound first.
func (p *rotPlanner) weightedOdd(r int64, w func(a, b int32) int64, pen func([]int32) int64) [][]int32 {
	n := p.n
	type cand struct {
		v     int32
		n, at int32
	}
	cs := make([]cand, n)
	for v := range cs {
		cs[v] = cand{int32(v), int32(len(p.trios[v])), p.lastTrioBefore(int32(v), int32(r))}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].at != cs[j].at {
			return cs[i].at < cs[j].at
		}
		return cs[i].n < cs[j].n
	})
	limit := n
	switch {
	case n > 200:
		limit = 3
	case n > rotExactN:
		limit = 10
	}
	// pm is the best perfect matching of everyone not in skip, as pairs.
	pm := func(skip []int32) ([][]int32, int64, bool) {
		mate := p.wMatch(skip, w)
		var groups [][]int32
		var score int64
		for v := int32(0); v < int32(n); v++ {
			if slices.Contains(skip, v) {
				continue
			}
			if mate[v] < 0 {
				return nil, 0, false
			}
			if int32(mate[v]) > v {
				groups = append(groups, []int32{v, int32(mate[v])})
				score += w(v, int32(mate[v]))
			}
		}
		return groups, score, true
	}
	var best [][]int32
	var bestScore int64
	base := make([]int64, n)
	baseOK := make([]bool, n)
	for _, c := range cs[:limit] {
		x := c.v
		groups, score, ok := pm([]int32{x})
		if !ok {
			continue
		}
		base[x], baseOK[x] = score, true
		host, hostScore := -1, int64(0)
		for i, g := range groups {
			a, b := g[0], g[1]
			if !p.allowed(x, a) || !p.allowed(x, b) {
				continue
			}
			s := w(x, a) + w(x, b) - pen([]int32{x, a, b})
			if host < 0 || s > hostScore {
				host, hostScore = i, s
			}
		}
		if host < 0 {
			continue
		}
		score += hostScore
		groups[host] = append(groups[host], x)
		if best == nil || score > bestScore {
			best, bestScore = groups, score
		}
	}
	if n > rotExactN {
		return best
	}
	// A trio {a,b,c} and a matching M of the rest: M plus the pair b–c is a
	// perfect matching without a, so weight(M) ≤ base[a] − w(b,c).
	type bound struct {
		t  [3]int32
		ub int64
	}
	var bs []bound
	for a := int32(0); a < int32(n); a++ {
		if !baseOK[a] {
			continue
		}
		for b := a + 1; b < int32(n); b++ {
			if !baseOK[b] || !p.allowed(a, b) {
				continue
			}
			for c := b + 1; c < int32(n); c++ {
				if !baseOK[c] || !p.allowed(a, c) || !p.allowed(b, c) {
					continue
				}
				ab, ac, bc := w(a, b), w(a, c), w(b, c)
				ub := min(base[a]+ab+ac, base[b]+ab+bc, base[c]+ac+bc)
				if best == nil || ub > bestScore {
					t := []int32{a, b, c}
					bs = append(bs, bound{[3]int32{a, b, c}, ub - pen(t)})
				}
			}
		}
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].ub != bs[j].ub {
			return bs[i].ub > bs[j].ub
		}
		return slices.Compare(bs[i].t[:], bs[j].t[:]) < 0
	})
	for i, b := range bs {
		if i >= rotExactEvals || (best != nil && b.ub <= bestScore) {
			break
		}
		groups, score, ok := pm(b.t[:])
		if !ok {
			continue
		}
		a, bb, c := b.t[0], b.t[1], b.t[2]
		score += w(a, bb) + w(a, c) + w(bb, c) - pen(b.t[:])
		if best == nil || score > bestScore {
			best, bestScore = append(groups, []int32{a, bb, c}), score
		}
	}
	return best
}

// wMatch is a maximum-cardinality maximum-weight matching of the allowed
// pairs among all members but those in skip. Large pods first try each
// member's 24 best pairs and fall back to every pair only when that sparse
// graph has no (near-)perfect matching.
func (p *rotPlanner) wMatch(skip []int32, w func(a, b int32) int64) []int {
	n := p.n
	skipped := make([]bool, n)
	for _, v := range skip {
		skipped[v] = true
	}
	active := n - len(skip)
	all := func() []blossom.Edge {
		var edges []blossom.Edge
		for a := int32(0); a < int32(n); a++ {
			for b := a + 1; b < int32(n); b++ {
				if !skipped[a] && !skipped[b] && p.allowed(a, b) {
					edges = append(edges, blossom.Edge{U: int(a), V: int(b), W: w(a, b)})
				}
			}
		}
		return edges
	}
	const sparseK = 24
	if n > 4*sparseK {
		keep := make(map[[2]int32]bool)
		var edges []blossom.Edge
		var row []blossom.Edge
		for a := int32(0); a < int32(n); a++ {
			if skipped[a] {
				continue
			}
			row = row[:0]
			for b := int32(0); b < int32(n); b++ {
				if b != a && !skipped[b] && p.allowed(a, b) {
					row = append(row, blossom.Edge{U: int(a), V: int(b), W: w(a, b)})
				}
			}
			sort.Slice(row, func(i, j int) bool {
				if row[i].W != row[j].W {
					return row[i].W > row[j].W
				}
				return row[i].V < row[j].V
			})
			for _, e := range row[:min(len(row), sparseK)] {
				k := [2]int32{int32(min(e.U, e.V)), int32(max(e.U, e.V))}
				if !keep[k] {
					keep[k] = true
					edges = append(edges, blossom.Edge{U: int(k[0]), V: int(k[1]), W: e.W})
				}
			}
		}
		sort.Slice(edges, func(i, j int) bool {
			if edges[i].U != edges[j].U {
				return edges[i].U < edges[j].U
			}
			return edges[i].V < edges[j].V
		})
		mate := blossom.MaxWeight(n, edges, true)
		matched := 0
		for _, m := range mate {
			if m >= 0 {
				matched++
			}
		}
		if matched >= active-active%2 {
			return mate
		}
	}
	return blossom.MaxWeight(n, all(), true)
}

// attach puts members left without a partner into existing pairs as trios,
// where both pairs are allowed; anyone who fits nowhere sits the round out.
func (p *rotPlanner) attach(groups [][]int32, left []int32, w func(u, a, b int32) int64) [][]int32 {
	if len(left) == 0 {
		return groups
	}
	// Bipartite: left members 0..L-1, pairs L..L+P-1.
	L := len(left)
	var edges []blossom.Edge
	for i, u := range left {
		for j, g := range groups {
			if len(g) == 2 && p.allowed(u, g[0]) && p.allowed(u, g[1]) {
				edges = append(edges, blossom.Edge{U: i, V: L + j, W: w(u, g[0], g[1])})
			}
		}
	}
	mate := blossom.MaxWeight(L+len(groups), edges, true)
	for i, u := range left {
		if j := mate[i]; j >= L {
			groups[j-L] = append(groups[j-L], u)
		}
	}
	return groups
}

// rotGraph is an undirected graph on 0..n-1 as an adjacency matrix, with
// adjacency lists for sparse scans. The lists are a snapshot taken the first
// time they are needed and shared by clones: edges may be removed and
// restored after that, but no new edge added.
type rotGraph struct {
	n     int
	on    []bool
	deg   []int32
	edges int
	lists [][]int32 // a superset of each vertex's neighbours
	work  int       // steps perfectMatching took on this graph (not its clones)
}

// adj returns the adjacency lists, building them on first use.
func (g *rotGraph) adj() [][]int32 {
	if g.lists == nil {
		g.lists = make([][]int32, g.n)
		buf := make([]int32, 0, 2*g.edges)
		for v := 0; v < g.n; v++ {
			start := len(buf)
			for u, on := range g.on[v*g.n : (v+1)*g.n] {
				if on {
					buf = append(buf, int32(u))
				}
			}
			g.lists[v] = buf[start:len(buf):len(buf)]
		}
	}
	return g.lists
}

func newRotGraph(n int) *rotGraph {
	return &rotGraph{n: n, on: make([]bool, n*n), deg: make([]int32, n)}
}

func (g *rotGraph) clone() *rotGraph {
	return &rotGraph{n: g.n, on: slices.Clone(g.on), deg: slices.Clone(g.deg), edges: g.edges, lists: g.adj()}
}

func (g *rotGraph) has(a, b int32) bool { return g.on[int(a)*g.n+int(b)] }

func (g *rotGraph) set(a, b int32, on bool) {
	if g.has(a, b) == on {
		return
	}
	g.on[int(a)*g.n+int(b)], g.on[int(b)*g.n+int(a)] = on, on
	d := int32(1)
	if !on {
		d = -1
	}
	g.deg[a] += d
	g.deg[b] += d
	g.edges += int(d)
}

// apply removes (or with on, restores) every pair of every group.
func (g *rotGraph) apply(groups [][]int32, on bool) {
	for _, gr := range groups {
		for i, a := range gr {
			for _, b := range gr[i+1:] {
				g.set(a, b, on)
			}
		}
	}
}

// roundBound is an upper bound on how many repeat-free rounds g holds: the
// minimum degree, and with an odd count also the edges over the (n+3)/2 pairs
// a round with a trio uses.
func (g *rotGraph) roundBound() int {
	if g.n < 2 {
		return 0
	}
	b := int(slices.Min(g.deg))
	if g.n%2 == 1 {
		b = min(b, 2*g.edges/(g.n+3))
	}
	return b
}

// perfectMatching returns a perfect matching of the vertices not in skip, as
// pairs, or nil when there is none. With rng the matching is a random one
// (random greedy start, shuffled search order).
func (g *rotGraph) perfectMatching(rng *rand.Rand, skip []bool) [][]int32 {
	n := g.n
	var order []int32
	for v := 0; v < n; v++ {
		if skip == nil || !skip[v] {
			order = append(order, int32(v))
		}
	}
	if len(order)%2 != 0 {
		return nil
	}
	// One buffer for every adjacency list: the degrees bound their lengths.
	total := 0
	for _, v := range order {
		total += int(g.deg[v])
	}
	buf := make([]int32, 0, total)
	adj := make([][]int32, n)
	lists := g.adj()
	for _, v := range order {
		row := g.on[int(v)*n : int(v+1)*n]
		start := len(buf)
		for _, u := range lists[v] {
			if row[u] && (skip == nil || !skip[u]) {
				buf = append(buf, u)
			}
		}
		if len(buf) == start {
			return nil
		}
		adj[v] = buf[start:len(buf):len(buf)]
	}
	if rng != nil {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, v := range order {
			a := adj[v]
			rng.Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
		}
	}
	mate := make([]int32, n)
	for i := range mate {
		mate[i] = -1
	}
	for _, v := range order {
		if mate[v] != -1 {
			continue
		}
		for _, u := range adj[v] {
			if mate[u] == -1 {
				mate[v], mate[u] = u, v
				break
			}
		}
	}
	_, ok, work := blossom.Grow(adj, mate, order, true)
	g.work += work + len(buf) + n
	if !ok {
		return nil
	}
	out := make([][]int32, 0, len(order)/2)
	pairs := make([]int32, 0, len(order))
	for _, v := range order {
		if mate[v] > v {
			pairs = append(pairs, v, mate[v])
			out = append(out, pairs[len(pairs)-2:len(pairs):len(pairs)])
		}
	}
	return out
}
