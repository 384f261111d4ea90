package pod

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// Change is one thing a sync changed, by name: the organizer reads these on
// the terminal and in the Changes tab, so that nobody has to diff the tabs
// by eye to learn that a paused helper's match went or that a round moved.
// They name people and say why, so they are written to the private
// spreadsheet and the terminal only, never to a log.
type Change struct {
	What    string // "new member", "match proposed", "round changed", …
	Who     string // the people concerned, by name
	Details string // what and why, in plain words
}

// maxNamed is how many people one Changes cell names; the rest are counted
// (a Google Sheets cell holds at most 50,000 characters).
const maxNamed = 50

// changeTime is how the Changes tab's When column writes a cycle's time.
const changeTime = "2006-01-02 15:04"

// listChanges compares what the tabs held when the cycle read them with
// what it is about to write, and says what changed by name. It runs after
// every step that decides something and before planWrites, which appends
// the list to the Changes tab.
func (r *run) listChanges(context.Context) error {
	names := newNamer(r.members)
	touched := map[matching.MemberID]bool{}
	var out []Change
	out = append(out, r.memberChanges(names, touched)...)
	out = append(out, r.matchChanges(names, touched)...)
	out = append(out, r.unmetChanges(names)...)
	out = append(out, r.groupChanges(names, touched)...)
	if len(touched) > 0 {
		ids := make([]matching.MemberID, 0, len(touched))
		for id := range touched {
			if names.on(id) {
				ids = append(ids, id)
			}
		}
		if len(ids) == len(r.members) && len(ids) > 1 {
			out = append(out, Change{What: "re-print", Who: fmt.Sprintf("everyone (%d members)", len(ids)),
				Details: "every handout page changed: print the handout again"})
		} else if len(ids) > 0 {
			out = append(out, Change{What: "re-print", Who: names.list(ids, maxNamed),
				Details: "their handout page changed: print it again for them"})
		}
	}
	r.rep.Changes = out
	return nil
}

// memberChanges names members who are new or whose answers changed.
func (r *run) memberChanges(names *namer, touched map[matching.MemberID]bool) []Change {
	old := map[matching.MemberID]sheets.Record{}
	if t := r.tabs[sheets.TabMembers]; t != nil {
		spec, _ := sheets.Spec(sheets.TabMembers)
		h := sheets.NewHeaderIndex(t.Name, t.Header)
		idc, _ := h.Find(sheets.ColMemberID)
		if idc >= 0 {
			for _, row := range t.Rows {
				if id := matching.MemberID(strings.TrimSpace(sheets.CellAt(row, idc))); id != "" {
					old[id] = rawRecord(h, row, spec)
				}
			}
		}
	}
	// Columns whose change is not news: the dates move with every new
	// response, and a changed answer is named by its own column.
	quiet := map[string]bool{sheets.ColMemberID: true, sheets.ColFirstSeen: true, sheets.ColLastUpdated: true}
	spec, _ := sheets.Spec(sheets.TabMembers)
	var added, updated []Change
	for i := range r.members {
		m := &r.members[i]
		rec := memberRecord(m, r.set.TimeZone)
		was, ok := old[m.ID]
		if !ok {
			d := "joined"
			if z := strings.TrimSpace(m.Zone); z != "" {
				d += " (" + z + ")"
			}
			added = append(added, Change{What: "new member", Who: names.of(m.ID), Details: d})
			touched[m.ID] = true
			continue
		}
		var cols []string
		for _, c := range spec.Columns {
			if c.Owner == sheets.Podsync && !quiet[c.Name] && strings.TrimSpace(was[c.Name]) != strings.TrimSpace(rec[c.Name]) {
				cols = append(cols, c.Name)
			}
		}
		if len(cols) > 0 {
			updated = append(updated, Change{What: "member updated", Who: names.of(m.ID), Details: "new answers: " + strings.Join(cols, ", ")})
			touched[m.ID] = true
		}
	}
	byWho := func(a, b Change) int { return strings.Compare(a.Who, b.Who) }
	slices.SortStableFunc(added, byWho)
	slices.SortStableFunc(updated, byWho)
	return append(added, updated...)
}

// matchChanges names matches proposed, removed (and why) and newly nudged.
func (r *run) matchChanges(names *namer, touched map[matching.MemberID]bool) []Change {
	before := map[string]matching.Match{}
	for _, m := range r.existing {
		before[m.ID] = m
	}
	now := map[string]bool{}
	var out []Change
	pair := func(m matching.Match) string { return names.of(m.Member) + " ← " + names.of(m.Helper) }
	for _, m := range r.mres.Matches {
		now[m.ID] = true
		if m.Status != matching.Proposed {
			continue
		}
		if _, ok := before[m.ID]; !ok {
			d := string(m.Category)
			if m.Why != "" {
				d += ": " + m.Why
			}
			out = append(out, Change{What: "match proposed", Who: pair(m), Details: d})
			touched[m.Member], touched[m.Helper] = true, true
			continue
		}
		if n := matching.Nudge(m, r.today, r.set.NudgeAfter); n != "" && strings.TrimSpace(r.rawMatches[m.ID][sheets.ColNudge]) == "" {
			out = append(out, Change{What: "nudge", Who: pair(m), Details: string(m.Category) + ": " + n})
		}
	}
	ids := make([]string, 0, len(before))
	for id := range before {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		m := before[id]
		if now[id] || m.Status != matching.Proposed || r.hand[id] || !sheets.IsGeneratedMatchID(id) {
			continue
		}
		out = append(out, Change{What: "match removed", Who: pair(m), Details: string(m.Category) + ": " + r.whyGone(m, names)})
		touched[m.Member], touched[m.Helper] = true, true
	}
	return out
}

// whyGone says why a Proposed match is no longer proposed.
func (r *run) whyGone(m matching.Match, names *namer) string {
	for _, side := range []struct {
		id   matching.MemberID
		role string
		// still says whether the member still fits their side of the match.
		still func(*matching.Member) bool
		not   string
	}{
		{m.Helper, "the helper", func(h *matching.Member) bool { return h.HasOffer(m.Category) }, " no longer offers it"},
		{m.Member, "the member", func(n *matching.Member) bool { return n.HasNeed(m.Category) }, " no longer asks for it"},
	} {
		mem := r.res.byID[side.id]
		if mem == nil {
			return side.role + " " + away(nil)
		}
		if a := away(mem); a != "" {
			return names.of(side.id) + " " + a
		}
		if !side.still(mem) {
			return names.of(side.id) + side.not
		}
	}
	if r.forbidden.Has(m.Member, m.Helper) {
		return "Do Not Pair"
	}
	for _, o := range r.mres.Matches {
		if o.Member == m.Member && o.Category == m.Category && o.Helper != m.Helper && o.Status != matching.Declined {
			return "now " + strings.ToLower(o.Status.String()) + " with " + names.of(o.Helper)
		}
	}
	return "a better-placed helper took it, or the helper's capacity changed"
}

// memberIDRE finds the member IDs in a cell ("Ana Ruiz (M-…): why; M-…").
var memberIDRE = regexp.MustCompile(`M-[0-9a-f]{10}`)

// unmetChanges names needs that wait for a helper and did not before.
func (r *run) unmetChanges(names *namer) []Change {
	was := map[string]map[string]bool{}
	if t := r.tabs[sheets.TabUnmet]; t != nil {
		h := sheets.NewHeaderIndex(t.Name, t.Header)
		cc, _ := h.Find(sheets.ColCategory)
		wc, _ := h.Find(sheets.ColWaiting)
		if cc >= 0 && wc >= 0 {
			for _, row := range t.Rows {
				set := map[string]bool{}
				for _, id := range memberIDRE.FindAllString(sheets.CellAt(row, wc), -1) {
					set[id] = true
				}
				was[matching.Fold(sheets.CellAt(row, cc))] = set
			}
		}
	}
	var out []Change
	for _, u := range r.mres.Unmet {
		label := u.Label
		if label == "" {
			label = string(u.Category)
		}
		for i, id := range u.Waiting {
			if was[matching.Fold(label)][string(id)] {
				continue
			}
			d := label
			if i < len(u.Why) && u.Why[i] != "" {
				d += ": " + u.Why[i]
			}
			out = append(out, Change{What: "need waiting", Who: names.of(id), Details: d})
		}
	}
	return out
}

// groupChanges names, round by round, who left, joined or moved in the
// rounds still to come or under way.
func (r *run) groupChanges(names *namer, touched map[matching.MemberID]bool) []Change {
	type round struct {
		week   time.Time
		groups [][]matching.MemberID
	}
	collect := func(gs []matching.Group) map[int]*round {
		out := map[int]*round{}
		for _, g := range gs {
			rd := out[g.Round]
			if rd == nil {
				rd = &round{week: g.WeekOf}
				out[g.Round] = rd
			}
			rd.groups = append(rd.groups, g.Members)
		}
		return out
	}
	old, now := collect(r.history), collect(r.groups)
	rounds := make([]int, 0, len(now))
	for n := range now {
		rounds = append(rounds, n)
	}
	sort.Ints(rounds)
	length := time.Duration(max(r.set.RoundLength, 1)) * 24 * time.Hour
	var out []Change
	for _, n := range rounds {
		nr := now[n]
		if !nr.week.Add(length).After(r.today) {
			continue // history: never rewritten, nothing to say
		}
		or := old[n]
		if or == nil {
			out = append(out, Change{What: "round planned", Details: fmt.Sprintf("round %d, week of %s: %s", n, FormatDate(nr.week), sheets.Plural(len(nr.groups), "group"))})
			continue
		}
		lines, who := describeRound(or.groups, nr.groups, r, names)
		if len(lines) == 0 {
			continue
		}
		what := "round changed"
		if !nr.week.After(r.today) {
			what = "round repaired"
		}
		for _, id := range who {
			touched[id] = true
		}
		out = append(out, Change{What: what, Who: names.list(who, maxNamed),
			Details: fmt.Sprintf("round %d: %s", n, strings.Join(lines, "; "))})
	}
	return out
}

// describeRound says how a round's groups changed: who is out of it (and
// why), who joined, and who is with whom now.
func describeRound(old, now [][]matching.MemberID, r *run, names *namer) (lines []string, who []matching.MemberID) {
	partners := func(gs [][]matching.MemberID) map[matching.MemberID]string {
		out := map[matching.MemberID]string{}
		for _, g := range gs {
			for _, id := range g {
				var o []string
				for _, p := range g {
					if p != id {
						o = append(o, string(p))
					}
				}
				sort.Strings(o)
				out[id] = strings.Join(o, " ")
			}
		}
		return out
	}
	op, np := partners(old), partners(now)
	seen := map[matching.MemberID]bool{}
	for _, g := range old {
		for _, id := range g {
			if _, ok := np[id]; !ok && !seen[id] {
				seen[id] = true
				lines = append(lines, names.of(id)+" "+r.whyOut(id))
				who = append(who, id)
			}
		}
	}
	var moves []string
	for _, g := range now {
		changed := false
		for _, id := range g {
			if op[id] != np[id] {
				changed = true
			}
		}
		if !changed {
			continue
		}
		var movers, others []matching.MemberID
		for _, id := range g {
			who = append(who, id)
			was, on := op[id]
			if !on {
				movers = append(movers, id)
				continue
			}
			kept := false
			for _, p := range g {
				if p != id && strings.Contains(" "+was+" ", " "+string(p)+" ") {
					kept = true
				}
			}
			if kept {
				others = append(others, id)
			} else {
				movers = append(movers, id)
			}
		}
		if len(others) == 0 && len(movers) > 0 {
			movers, others = movers[:1], movers[1:]
		}
		for _, m := range movers {
			verb := " now with "
			if _, on := op[m]; !on {
				verb = " joins "
			}
			moves = append(moves, names.of(m)+verb+names.and(others))
		}
	}
	if len(moves) > 6 {
		moves = []string{fmt.Sprintf("new partners for %s", sheets.Plural(len(slices.Compact(slices.Sorted(slices.Values(who)))), "person"))}
	}
	lines = append(lines, moves...)
	slices.Sort(who)
	return lines, slices.Compact(who)
}

// away says why a member (nil: gone from the roster) takes part in
// nothing: "left", "is paused", "is no longer in the pod"; "" when active.
func away(m *matching.Member) string {
	switch {
	case m == nil:
		return "is no longer in the pod"
	case m.Active == matching.Left:
		return "left"
	case m.Active == matching.Paused:
		return "is paused"
	}
	return ""
}

// whyOut says why someone is no longer in a round.
func (r *run) whyOut(id matching.MemberID) string {
	m := r.res.byID[id]
	if a := away(m); a != "" {
		return a
	}
	if !m.Pairing {
		return "no longer wants 1-on-1s"
	}
	return "is not in this round"
}

// namer names members as the Changes tab does: by name, with the member ID
// only when two members share the name.
type namer struct {
	byID  map[matching.MemberID]*matching.Member
	count map[string]int
}

func newNamer(ms []matching.Member) *namer {
	n := &namer{byID: make(map[matching.MemberID]*matching.Member, len(ms)), count: map[string]int{}}
	for i := range ms {
		n.byID[ms[i].ID] = &ms[i]
		n.count[matching.Fold(ms[i].Name)]++
	}
	return n
}

func (n *namer) on(id matching.MemberID) bool { return n.byID[id] != nil }

func (n *namer) of(id matching.MemberID) string {
	m := n.byID[id]
	if m == nil {
		return "a former member"
	}
	if strings.TrimSpace(m.Name) == "" || n.count[matching.Fold(m.Name)] > 1 {
		return Ref(m)
	}
	return strings.TrimSpace(m.Name)
}

// list names ids sorted by name, at most limit of them (0: all) and "and N
// more" for the rest.
func (n *namer) list(ids []matching.MemberID, limit int) string {
	s := make([]string, 0, len(ids))
	for _, id := range ids {
		s = append(s, n.of(id))
	}
	sort.Strings(s)
	s = slices.Compact(s)
	if limit > 0 && len(s) > limit {
		rest := len(s) - limit
		s = append(s[:limit], "and "+strconv.Itoa(rest)+" more")
	}
	return strings.Join(s, ", ")
}

func (n *namer) and(ids []matching.MemberID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = n.of(id)
	}
	switch len(s) {
	case 0:
		return "nobody"
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// changeRecords are the Changes tab's rows: the ones already there, the
// oldest dropped so that no more than sheets.MaxChanges stay, then this
// cycle's, stamped with when it ran.
func changeRecords(t *sheets.Table, changes []Change, when string) []sheets.Record {
	var recs []sheets.Record
	if t != nil {
		h := sheets.NewHeaderIndex(t.Name, t.Header)
		cols := []string{sheets.ColWhen, sheets.ColWhat, sheets.ColWho, sheets.ColDetails}
		pos := make([]int, len(cols))
		for i, c := range cols {
			pos[i], _ = h.Find(c)
		}
		for _, row := range t.Rows {
			rec := sheets.Record{}
			for i, c := range cols {
				if pos[i] >= 0 {
					rec[c] = sheets.CellAt(row, pos[i])
				}
			}
			if strings.TrimSpace(rec[sheets.ColWhen]+rec[sheets.ColWhat]) != "" {
				recs = append(recs, rec)
			}
		}
	}
	for _, c := range changes {
		recs = append(recs, sheets.Record{sheets.ColWhen: when, sheets.ColWhat: c.What, sheets.ColWho: c.Who, sheets.ColDetails: c.Details})
	}
	if len(recs) > sheets.MaxChanges {
		recs = recs[len(recs)-sheets.MaxChanges:]
	}
	return recs
}
