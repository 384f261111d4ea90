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
// fall before today, or today when there is no history. Standings tells,
// round by round, which of these Plan does.
func Plan(in matching.RotationInput) []matching.Group { return plan(in, options{}) }

// Standing is what Plan does with a round already on the Pairings tab.
type Standing int

const (
	// Past: the round's Week of is before today. It is history, returned
	// exactly as given.
	Past Standing = iota + 1
	// Edited: a future round an organizer edited. It is returned exactly as
	// given, wherever it lies.
	Edited
	// Unchanged: a future round nobody edited that still groups exactly the
	// eligible members, without a Do Not Pair pair. It is returned exactly as
	// given.
	Unchanged
	// Replanned: a future round nobody edited that no longer groups exactly
	// the eligible members without a Do Not Pair pair. It is planned again
	// under its number and date.
	Replanned
	// Dropped: a future round nobody edited beyond Rounds ahead (and beyond
	// the last edited one). It is left out.
	Dropped
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
	}
	return "Standing(" + strconv.Itoa(int(s)) + ")"
}

// Standings returns, for every round number in in.History, what Plan(in)
// does with that round: the decision Plan takes, without planning anything.
// Round numbers not in in.History are not in the map.
func Standings(in matching.RotationInput) map[int]Standing {
	rs := newRoster(eligible(in.Members), in.Forbidden)
	rounds := tabRounds(in.History)
	decide(rounds, &rs, dateOf(in.Today), roundsAhead(&in.Settings))
	out := make(map[int]Standing, len(rounds))
	for _, r := range rounds {
		out[r.num] = r.standing
	}
	return out
}

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
	standing Standing // set by decide
}

// tabRounds groups rows by round number, in round order. The rounds hold
// the rows as given (their Members are not copied).
func tabRounds(rows []matching.Group) []*histRound {
	byNum := map[int]*histRound{}
	var nums []int
	for _, g := range rows {
		d := dateOf(g.WeekOf)
		r := byNum[g.Round]
		if r == nil {
			r = &histRound{num: g.Round, date: d}
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

// decide sets every round's standing: which rounds Plan keeps as given,
// plans again or drops. rounds are in round order; ahead is Rounds ahead.
func decide(rounds []*histRound, rs *roster, today time.Time, ahead int) {
	var future []*histRound
	for _, r := range rounds {
		if r.date.Before(today) {
			r.standing = Past
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
	for i, r := range future {
		switch {
		case i >= keep:
			r.standing = Dropped
		case r.edited:
			r.standing = Edited
		case rs.sameRound(r.rows):
			r.standing = Unchanged
		default:
			r.standing = Replanned
		}
	}
}

func plan(in matching.RotationInput, opt options) []matching.Group {
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

	p := newPlanner(eligible(in.Members), in.Forbidden, opt)
	decide(rounds, &p.roster, today, ahead)
	record := func(r *histRound) {
		for _, g := range r.rows {
			if g.Status != matching.Skipped {
				p.record(g.Round, g.Members)
			}
		}
	}
	out := make([]matching.Group, 0, len(hist)+ahead*(p.n/2+1))
	for _, r := range rounds {
		if r.standing == Past {
			out = append(out, r.rows...)
			record(r)
		}
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
	for _, r := range rounds {
		if r.standing == Past {
			note(r.num, r.date)
		}
	}
	for _, r := range rounds {
		if r.standing == Past || r.standing == Dropped {
			continue
		}
		kept := r.standing.Stands()
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
			ms := make([]matching.MemberID, len(g))
			for i, v := range g {
				ms[i] = p.ids[v]
			}
			out = append(out, matching.Group{Round: s.num, WeekOf: s.date, Members: ms, Status: matching.Planned})
		}
	}
	byRound := func(a, b matching.Group) int { return cmp.Compare(a.Round, b.Round) }
	if !slices.IsSortedFunc(out, byRound) {
		slices.SortStableFunc(out, byRound)
	}
	return out
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
