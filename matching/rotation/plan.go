package rotation

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/podsync/podsync/matching"
)

// Plan returns every row the Pairings tab should hold after this cycle,
// sorted by round, then by position within the round: Run's Groups.
func Plan(in matching.RotationInput) []matching.Group { return plan(in, options{}).Groups }

// Run plans the Pairings tab and says what it did.
//
// A round is past once the next round's Week of has come or its own Week of
// is Round length days (default 7) before today; past rounds are history
// and come back exactly as given. The round under way (its Week of has
// come, and it is not past) and every round an organizer edited are
// repaired, never planned again: a group that lost someone (Left, Paused,
// no 1-on-1s any more, a Do Not Pair rule, a person twice) changes and the
// rest of the round stays as it is (see repair.go); members due in the
// round and in no group join one. Any other future round on the tab is kept
// as given when it still groups exactly the members due in it, without a
// Do Not Pair pair, and otherwise planned again under its number and date.
// Unedited future rounds beyond Rounds ahead are dropped. New rounds follow
// until Rounds ahead rounds (default 2) have a Week of on or after today;
// each new round's Week of is the previous round's plus Round length days,
// moved on by whole round lengths if that would fall before today, or today
// when there is no history.
//
// A member is grouped only in the rounds their Check-in asks for
// (EveryRounds), counted from their first round: the first round on the tab
// that groups them, or, for a member in none, the first round that is not
// past (the round under way, else the next one), so that a newcomer joins
// at once. Repaired rounds keep a member who is no longer due in the group
// they hold.
func Run(in matching.RotationInput) Result { return plan(in, options{}) }

// Result is what Run found.
type Result struct {
	// Groups is every row the Pairings tab should hold, as Plan returns
	// them. The groups of a repaired round are in the order of its rows,
	// each with Row set.
	Groups []matching.Group
	// Standings says, for every round number in the input's History, what
	// became of that round.
	Standings map[int]Standing
	// Repairs lists the rounds repaired, in round order.
	Repairs []Repair
}

// Repair is what a repair changed in one round.
type Repair struct {
	Round  int
	Left   []matching.MemberID // in a group of the round before, in none now
	Joined []matching.MemberID // in a group now, in none before
	// Rows are the indexes, among the round's rows in History (in order),
	// of the rows whose group changed or went; Added is how many groups
	// got a row of their own after them.
	Rows  []int
	Added int
}

// Standing is what Plan does with a round already on the Pairings tab.
type Standing int

const (
	// Past: the round is over (see Run). It is history, returned exactly
	// as given.
	Past Standing = iota + 1
	// Edited: a round an organizer edited that needed no repair. It is
	// returned exactly as given, wherever it lies.
	Edited
	// Unchanged: a round nobody edited that still groups the members it
	// should (the round under way: that needed no repair). It is returned
	// as given.
	Unchanged
	// Replanned: a future round nobody edited that no longer groups exactly
	// the members due in it without a Do Not Pair pair. It is planned
	// again under its number and date.
	Replanned
	// Dropped: a future round nobody edited beyond Rounds ahead (and beyond
	// the last edited one). It is left out.
	Dropped
	// Repaired: the round under way, or a round an organizer edited, in
	// which some groups changed and the others stand as given.
	Repaired
)

// Stands reports whether Plan returns the round's rows exactly as given:
// Past, Edited and Unchanged rounds.
func (s Standing) Stands() bool { return s == Past || s == Edited || s == Unchanged }

func (s Standing) String() string {
	switch s {
	case Past:
		return "Past"
	case Edited:
		return "Edited"
	case Unchanged:
		return "Unchanged"
	case Replanned:
		return "Replanned"
	case Dropped:
		return "Dropped"
	case Repaired:
		return "Repaired"
	}
	return "Standing(" + strconv.Itoa(int(s)) + ")"
}

// Standings returns, for every round number in in.History, what Plan(in)
// does with that round (Run's Standings). Round numbers not in in.History
// are not in the map.
func Standings(in matching.RotationInput) map[int]Standing { return plan(in, options{}).Standings }

// options switch parts of the planner off, for tests and the baseline
// the benchmarks compare against.
type options struct {
	noCircle bool // skip the circle method (exercises the look-ahead)
	// step, when set, replaces the whole choice of a round (circle,
	// look-ahead and weighted matching): the benchmarks' baseline.
	step func(p *planner, round int) [][]int32
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// roundsAhead is Settings' Rounds ahead, 2 when unset.
func roundsAhead(s *matching.Settings) int {
	if s.RoundsAhead <= 0 {
		return 2
	}
	return s.RoundsAhead
}

// histRound is one round number's rows on the Pairings tab.
type histRound struct {
	num      int
	date     time.Time // the earliest Week of among its rows
	rows     []matching.Group
	edited   bool
	underWay bool     // its Week of has come and it is not past
	standing Standing // set by plan
}

// repairs reports whether the round is repaired rather than planned again.
func (r *histRound) repairs() bool { return r.underWay || r.edited }

// tabRounds groups rows by round number, in round order. The rounds hold
// the rows as given (their Members are not copied).
func tabRounds(rows []matching.Group) []*histRound {
	count := map[int]int{}
	for _, g := range rows {
		count[g.Round]++
	}
	byNum := make(map[int]*histRound, len(count))
	nums := make([]int, 0, len(count))
	for _, g := range rows {
		d := dateOf(g.WeekOf)
		r := byNum[g.Round]
		if r == nil {
			r = &histRound{num: g.Round, date: d, rows: make([]matching.Group, 0, count[g.Round])}
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
	out := make([]*histRound, len(nums))
	for i, n := range nums {
		out[i] = byNum[n]
	}
	return out
}

// slot is a round this run returns other than a past one.
type slot struct {
	num  int
	date time.Time
	r    *histRound // the round on the tab, nil for a new one
}

// schedule sets the standing of every round on the tab that is past or
// dropped, and returns the slots: the other rounds on the tab, then the new
// ones.
func schedule(rounds []*histRound, today time.Time, ahead, length int) []slot {
	came := false // a later round's Week of has come
	for i := len(rounds) - 1; i >= 0; i-- {
		r := rounds[i]
		if came || !r.date.AddDate(0, 0, length).After(today) {
			r.standing = Past
		} else if !r.date.After(today) {
			r.underWay = true
		}
		came = came || !r.date.After(today)
	}
	var future []*histRound // open rounds whose Week of is today or later
	for _, r := range rounds {
		if r.standing != Past && !r.date.Before(today) {
			future = append(future, r)
		}
	}
	keep := ahead
	for i, r := range future {
		if r.edited && i+1 > keep {
			keep = i + 1
		}
	}
	for i, r := range future {
		if i >= keep && !r.underWay {
			r.standing = Dropped
		}
	}
	var slots []slot
	lastNum, lastDate := 0, time.Time{}
	note := func(num int, date time.Time) {
		lastNum = max(lastNum, num)
		if date.After(lastDate) {
			lastDate = date
		}
	}
	counted := 0
	for _, r := range rounds {
		if r.standing == Dropped {
			continue
		}
		note(r.num, r.date)
		if r.standing != Past {
			slots = append(slots, slot{r.num, r.date, r})
			if !r.date.Before(today) {
				counted++
			}
		}
	}
	for ; counted < ahead; counted++ {
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
	return slots
}

// rhythm is each eligible member's Check-in rhythm: grouped every
// every[v] rounds, counted from round first[v].
type rhythm struct {
	first, every []int
}

func (rh *rhythm) due(v int32, num int) bool { return Due(num, rh.first[v], rh.every[v]) }

// dueIn returns, for round num, which members are due.
func (rh *rhythm) dueIn(num int) []bool {
	out := make([]bool, len(rh.every))
	for v := range out {
		out[v] = rh.due(int32(v), num)
	}
	return out
}

// newRhythm reads every eligible member's Check-in and first round: the
// first round among rows that groups them, else start.
func newRhythm(rs *roster, members []matching.Member, rows []*histRound, start, length int) rhythm {
	rh := rhythm{first: make([]int, rs.n), every: make([]int, rs.n)}
	done := make([]bool, rs.n)
	for i := range members {
		if v, ok := rs.index[members[i].ID]; ok && !done[v] && members[i].Pairing && members[i].Available() {
			done[v] = true
			rh.every[v] = EveryRounds(members[i].CheckIn, length)
		}
	}
	some := false // someone not grouped every round: first rounds matter
	for v := range rh.first {
		rh.first[v] = start
		some = some || rh.every[v] > 1
	}
	if !some {
		return rh
	}
	for _, r := range rows {
		for _, g := range r.rows {
			for _, id := range g.Members {
				if v, ok := rs.index[id]; ok && r.num < rh.first[v] {
					rh.first[v] = r.num
				}
			}
		}
	}
	return rh
}

func plan(in matching.RotationInput, opt options) Result {
	today := dateOf(in.Today)
	ahead := roundsAhead(&in.Settings)
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
	buf := make([]matching.MemberID, 0, size)
	for i := range hist {
		if ms := hist[i].Members; ms != nil {
			start := len(buf)
			buf = append(buf, ms...)
			hist[i].Members = buf[start:len(buf):len(buf)]
		}
	}
	rounds := tabRounds(hist)
	slots := schedule(rounds, today, ahead, length)

	rs := newRoster(eligible(in.Members), in.Forbidden)
	var kept []*histRound // past and dropped rounds aside, the ones on the tab
	for _, r := range rounds {
		if r.standing != Dropped {
			kept = append(kept, r)
		}
	}
	rh := newRhythm(&rs, in.Members, kept, slots[0].num, length)

	// What stands without planning: rounds that need no repair, and future
	// rounds that still group the members due in them.
	work := false
	for _, s := range slots {
		switch r := s.r; {
		case r == nil:
			work = true
		case r.repairs():
			r.standing = Edited
			if !r.edited {
				r.standing = Unchanged
			}
			if a := analyze(&rs, r, rh.dueIn(r.num)); a.needed() {
				r.standing = Repaired // if the repair changes anything
				work = true
			}
		case rs.sameRound(r.rows, rh.dueIn(r.num)):
			r.standing = Unchanged
		default:
			r.standing = Replanned
			work = true
		}
	}
	res := Result{Standings: make(map[int]Standing, len(rounds))}
	out := make([]matching.Group, 0, len(hist)+ahead*(rs.n/2+1))
	emit := func(gs ...matching.Group) {
		for _, g := range gs {
			if len(g.Members) > 0 {
				out = append(out, g)
			}
		}
	}
	for _, r := range rounds {
		if r.standing.Stands() {
			emit(r.rows...)
		}
	}
	if work {
		p := withRoster(rs, opt)
		record := func(rows []matching.Group) {
			for _, g := range rows {
				if g.Status != matching.Skipped {
					p.record(g.Round, g.Members)
				}
			}
		}
		for _, r := range rounds {
			if r.standing.Stands() {
				record(r.rows)
			}
		}
		for _, s := range slots {
			r := s.r
			if r == nil || r.standing != Repaired {
				continue
			}
			groups, rep, changed := p.repair(r, rh.dueIn(r.num))
			if !changed {
				r.standing = Edited
				if !r.edited {
					r.standing = Unchanged
				}
				groups = r.rows
			} else {
				res.Repairs = append(res.Repairs, rep)
			}
			emit(groups...)
			record(groups)
		}
		todo := 0
		for _, s := range slots {
			if s.r == nil || s.r.standing == Replanned {
				todo++
			}
		}
		for _, s := range slots {
			if s.r != nil && s.r.standing != Replanned {
				continue
			}
			p.pending = todo
			todo--
			var due []int32
			for v := int32(0); v < int32(rs.n); v++ {
				if rh.due(v, s.num) {
					due = append(due, v)
				}
			}
			sp := p.sub(due)
			if sp != p {
				p.queue = nil
			}
			groups := sp.plan(s.num)
			if sp != p {
				for _, g := range groups {
					for i, v := range g {
						g[i] = due[v]
					}
				}
			}
			p.commit(s.num, groups)
			for _, g := range groups {
				ms := make([]matching.MemberID, len(g))
				for i, v := range g {
					ms[i] = p.ids[v]
				}
				emit(matching.Group{Round: s.num, WeekOf: s.date, Members: ms, Status: matching.Planned})
			}
		}
	}
	for _, r := range rounds {
		res.Standings[r.num] = r.standing
	}
	byRound := func(a, b matching.Group) int { return cmp.Compare(a.Round, b.Round) }
	if !slices.IsSortedFunc(out, byRound) {
		slices.SortStableFunc(out, byRound)
	}
	res.Groups = out
	return res
}

// eligible returns the sorted, distinct IDs of the members who want 1-on-1s
// and are available.
func eligible(members []matching.Member) []matching.MemberID {
	var ids []matching.MemberID
	for i := range members {
		if members[i].Pairing && members[i].Available() && members[i].ID != "" {
			ids = append(ids, members[i].ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
