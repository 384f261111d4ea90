package rotation

import (
	"cmp"
	"slices"
	"sort"
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
// fall before today, or today when there is no history.
func Plan(in matching.RotationInput) []matching.Group { return plan(in, options{}) }

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

// histRound is one round number's rows on the Pairings tab.
type histRound struct {
	num    int
	date   time.Time // the earliest Week of among its rows
	rows   []matching.Group
	edited bool
}

func plan(in matching.RotationInput, opt options) []matching.Group {
	today := dateOf(in.Today)
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
	buf := make([]matching.MemberID, 0, size)
	byNum := map[int]*histRound{}
	var nums []int
	for _, g := range hist {
		if g.Members != nil {
			start := len(buf)
			buf = append(buf, g.Members...)
			g.Members = buf[start:len(buf):len(buf)]
		}
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
	var past, future []*histRound
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

	p := newPlanner(eligible(in.Members), in.Forbidden, opt)
	record := func(r *histRound) {
		for _, g := range r.rows {
			if g.Status != matching.Skipped {
				p.record(g.Round, g.Members)
			}
		}
	}
	out := make([]matching.Group, 0, len(hist)+ahead*(p.n/2+1))
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
