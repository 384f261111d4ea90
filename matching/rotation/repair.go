package rotation

import (
	"slices"

	"github.com/podsync/podsync/matching"
)

// A repair mends the round under way, or a round an organizer edited,
// without planning it again: people may already hold its printed groups.
//
//   - A row whose Status is Met or Skipped is what happened: it stays.
//   - Everyone else in a row who is no longer eligible (Left, Paused, no
//     1-on-1s) leaves it, and so does a second appearance of one person in
//     the round, or someone a Do Not Pair rule now keeps from the others.
//   - A row left with two or three people keeps them (a trio that lost one
//     is a pair).
//   - Whoever is left alone in a row, took no part for a Do Not Pair rule,
//     or is due in the round and in no group (a newcomer, someone back from
//     a pause) is placed: they are grouped among themselves as a round is
//     planned (pairs, a trio when odd, fresh pairs first), and someone who
//     is then still alone joins a pair, one that already changed first,
//     else the pair they would best make a trio with, else takes a member
//     of a trio.
//   - A new group with someone left alone in a row takes that row (the
//     remaining person stays Person A); other new groups take rows that
//     emptied, in order, then rows of their own after the round's rows.
//
// Every other row stays exactly as it was, on its row of the tab, so that
// organizers' Status and Notes stay with the groups they were written for.

// rowState is one row of a round being repaired.
type rowState struct {
	orig    matching.Group
	members []int32 // who stays in it, in row order
	fixed   bool    // Met or Skipped: kept as it is
	lost    bool    // someone left it, or it was a row of one
}

// analysis is what a round needs repairing.
type analysis struct {
	rows   []rowState
	place  []int32       // people to place, ascending
	alone  map[int32]int // someone left alone -> their row
	left   []matching.MemberID
	joined []int32
}

func (a *analysis) needed() bool {
	if len(a.place) > 0 {
		return true
	}
	for _, r := range a.rows {
		if r.lost {
			return true
		}
	}
	return false
}

// analyze finds what a round's rows lost and who must be placed, due[v]
// saying who is due in the round.
func analyze(rs *roster, r *histRound, due []bool) analysis {
	a := analysis{rows: make([]rowState, len(r.rows)), alone: map[int32]int{}}
	seen := make([]bool, rs.n)
	for i, g := range r.rows {
		st := &a.rows[i]
		st.orig = g
		if len(g.Members) == 0 {
			continue
		}
		if g.Status != matching.Planned {
			st.fixed = true
			for _, id := range g.Members {
				if v, ok := rs.index[id]; ok {
					seen[v] = true
				}
			}
		}
	}
	for i := range a.rows {
		st := &a.rows[i]
		if st.fixed {
			continue
		}
		for _, id := range st.orig.Members {
			v, ok := rs.index[id]
			switch {
			case !ok:
				st.lost = true
				a.left = append(a.left, id)
			case seen[v]:
				st.lost = true
			default:
				seen[v] = true
				if !slices.ContainsFunc(st.members, func(u int32) bool { return !rs.allowed(u, v) }) {
					st.members = append(st.members, v)
				} else {
					st.lost = true
					a.place = append(a.place, v)
				}
			}
		}
		if len(st.members) == 1 {
			st.lost = true
			a.alone[st.members[0]] = i
			a.place = append(a.place, st.members[0])
		}
	}
	for v := int32(0); v < int32(rs.n); v++ {
		if !seen[v] && due[v] {
			a.place = append(a.place, v)
			a.joined = append(a.joined, v)
		}
	}
	slices.Sort(a.place)
	slices.Sort(a.left)
	a.left = slices.Compact(a.left)
	return a
}

// repair returns a round's rows repaired (see above), what changed, and
// whether anything did.
func (p *planner) repair(r *histRound, due []bool) ([]matching.Group, Repair, bool) {
	a := analyze(&p.roster, r, due)
	rows := a.rows
	for i := range rows {
		if _, ok := a.alone[firstOr(rows[i].members)]; ok && len(rows[i].members) == 1 {
			rows[i].members = nil // their new group decides where they go
		}
	}
	// Group the people to place among themselves, as a round is planned.
	var groups [][]int32
	if len(a.place) >= 2 {
		sp := p.sub(a.place)
		pending := sp.pending
		sp.pending = 1
		groups = sp.plan(r.num)
		sp.pending = pending
		if sp != p {
			for _, g := range groups {
				for i, v := range g {
					g[i] = a.place[v]
				}
			}
		} else {
			p.queue = nil
		}
	}
	grouped := map[int32]bool{}
	for _, g := range groups {
		for _, v := range g {
			grouped[v] = true
		}
	}
	rn := clamp(r.num)
	for _, x := range a.place {
		if !grouped[x] && p.join(x, rows, &groups, rn) {
			grouped[x] = true
		}
	}

	// New groups with someone left alone take their rows.
	taken := make([]bool, len(rows))
	for i := range rows {
		taken[i] = len(rows[i].members) > 0 || rows[i].fixed
	}
	var rest [][]int32
	for _, g := range groups {
		at := -1
		for _, v := range g {
			if i, ok := a.alone[v]; ok && !taken[i] && (at < 0 || i < at) {
				at = i
			}
		}
		if at < 0 {
			rest = append(rest, g)
			continue
		}
		first := rows[at].orig.Members
		ms := []int32{}
		for _, v := range g {
			if slices.Contains(first, p.ids[v]) {
				ms = append(ms, v)
			}
		}
		for _, v := range g {
			if !slices.Contains(ms, v) {
				ms = append(ms, v)
			}
		}
		rows[at].members, taken[at] = ms, true
	}
	var added [][]int32
	for _, g := range rest {
		at := slices.Index(taken, false)
		if at < 0 {
			added = append(added, g)
			continue
		}
		rows[at].members, taken[at] = g, true
	}

	rep := Repair{Round: r.num, Left: a.left}
	for _, v := range a.joined {
		if grouped[v] {
			rep.Joined = append(rep.Joined, p.ids[v])
		}
	}
	var out []matching.Group
	changed := false
	for i := range rows {
		st := &rows[i]
		ids := st.orig.Members
		if !st.fixed {
			ids = make([]matching.MemberID, len(st.members))
			for j, v := range st.members {
				ids[j] = p.ids[v]
			}
		}
		if !slices.Equal(ids, st.orig.Members) {
			changed = true
			rep.Rows = append(rep.Rows, i)
		}
		if len(ids) == 0 {
			continue
		}
		g := st.orig
		if !slices.Equal(ids, g.Members) {
			g.Members = ids
		}
		g.Row = i + 1
		out = append(out, g)
	}
	for _, g := range added {
		changed = true
		rep.Added++
		ms := make([]matching.MemberID, len(g))
		for j, v := range g {
			ms[j] = p.ids[v]
		}
		slices.Sort(ms)
		out = append(out, matching.Group{Round: r.num, WeekOf: r.date, Members: ms, Status: matching.Planned})
	}
	return out, rep, changed
}

func firstOr(vs []int32) int32 {
	if len(vs) == 0 {
		return -1
	}
	return vs[0]
}

// join puts x, still alone, into a pair: a pair that changed in this repair
// (a new group, or a row that lost someone) first, then the one whose pairs
// with x met least recently and that would make the best trio; failing
// that, x and a member of a trio who may meet become a new pair. It reports
// whether x found a group.
func (p *planner) join(x int32, rows []rowState, groups *[][]int32, rn int32) bool {
	type target struct {
		g       *[]int32
		changed bool
	}
	var ts []target
	for i := range *groups {
		ts = append(ts, target{&(*groups)[i], true})
	}
	for i := range rows {
		if !rows[i].fixed {
			ts = append(ts, target{&rows[i].members, rows[i].lost})
		}
	}
	score := func(t target) (int, int32, int) {
		g := *t.g
		ch := 0
		if t.changed {
			ch = 1
		}
		return ch, min(p.lastMet(x, g[0]), p.lastMet(x, g[1])), p.trioCost([]int32{x, g[0], g[1]}, rn)
	}
	best := -1
	var bc, bt int
	var bl int32
	for i, t := range ts {
		g := *t.g
		if len(g) != 2 || !p.allowed(x, g[0]) || !p.allowed(x, g[1]) {
			continue
		}
		c, l, tc := score(t)
		// A pair already changed first; then the older their last meeting
		// with x (never is oldest); then the better trio.
		if best < 0 || c > bc || (c == bc && (l < bl || (l == bl && tc < bt))) {
			best, bc, bl, bt = i, c, l, tc
		}
	}
	if best >= 0 {
		*ts[best].g = append(*ts[best].g, x)
		return true
	}
	for _, t := range ts {
		g := *t.g
		if len(g) != 3 {
			continue
		}
		for j := len(g) - 1; j >= 0; j-- {
			if p.allowed(x, g[j]) {
				u := g[j]
				*t.g = slices.Delete(slices.Clone(g), j, j+1)
				*groups = append(*groups, []int32{u, x})
				return true
			}
		}
	}
	return false
}
