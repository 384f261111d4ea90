package pod

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/matching/rotation"
	"github.com/podsync/podsync/sheets"
)

// ParsePairings reads the Pairings tab. A row marks its group Edited when an
// organizer changed it: a Status other than Planned, a note, anything in a
// column of their own (one that is not the spec's), or a person cell that is
// not what podsync writes ("Name (M-…)" naming a member on the roster; the
// name part may be outdated, since what counts is the member ID).
//
// raw[i] holds the podsync cells of the row behind groups[i] as they are on
// the sheet: history is written back exactly as it stands.
func ParsePairings(t *sheets.Table, r *resolver, dmy bool) (groups []matching.Group, raw []sheets.Record, err error) {
	if t == nil {
		return nil, nil, nil
	}
	spec, _ := sheets.Spec(sheets.TabPairings)
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	col := map[string]int{}
	for _, n := range []string{sheets.ColRound, sheets.ColWeekOf, sheets.ColPersonA, sheets.ColPersonB, sheets.ColPersonC, sheets.ColStatus, sheets.ColNotes} {
		c, err := h.Find(n)
		if err != nil {
			return nil, nil, err
		}
		col[n] = c
	}
	// The spec's columns by position; every other column is an organizer's
	// own, and anything typed in it is an edit of its row.
	specCol := map[int]sheets.Column{}
	for _, c := range spec.Columns {
		if i, err := h.Find(c.Name); err == nil && i >= 0 {
			specCol[i] = c
		}
	}
	for i, row := range t.Rows {
		if sheets.BlankRow(row) {
			continue
		}
		get := func(n string) string { return strings.TrimSpace(sheets.CellAt(row, col[n])) }
		bad := func(c string, err error, fix string) error {
			return &sheets.TabError{Tab: t.Name, Row: i + 2, Column: c, Err: err, Fix: fix}
		}
		rs := strings.TrimSuffix(get(sheets.ColRound), ".0")
		if rs == "" {
			continue // a row typed by hand without a round: not podsync's
		}
		round, err := strconv.Atoi(rs)
		if err != nil || round < 1 {
			return nil, nil, bad(sheets.ColRound, fmt.Errorf("%q is not a round number", get(sheets.ColRound)), "type a whole number such as 3")
		}
		week, err := parseDate(get(sheets.ColWeekOf), dmy)
		if err != nil {
			return nil, nil, bad(sheets.ColWeekOf, fmt.Errorf("%q: %v", get(sheets.ColWeekOf), err), "type the date as YYYY-MM-DD")
		}
		st, ok := matching.ParseGroupStatus(get(sheets.ColStatus))
		if !ok {
			return nil, nil, bad(sheets.ColStatus, fmt.Errorf("%q is not a status", get(sheets.ColStatus)), "use Planned, Met or Skipped")
		}
		g := matching.Group{Round: round, WeekOf: week, Status: st, Notes: sheets.CellAt(row, col[sheets.ColNotes])}
		g.Edited = st != matching.Planned || strings.TrimSpace(g.Notes) != ""
		for c, v := range row {
			if strings.TrimSpace(v) == "" {
				continue
			}
			sc, ok := specCol[c]
			if !ok && matching.Fold(v) == "false" {
				continue // an unticked checkbox in a column of their own
			}
			if !ok || (sc.Owner == sheets.Organizer && matching.Fold(v) != matching.Fold(sc.Initial)) {
				g.Edited = true // the organizer's own column, or their value
			}
		}
		for _, p := range []string{sheets.ColPersonA, sheets.ColPersonB, sheets.ColPersonC} {
			cell := get(p)
			if cell == "" {
				continue
			}
			id, ok := r.find(cell)
			if !ok {
				return nil, nil, bad(p, fmt.Errorf("%q is not a member", cell), "use the member's name as on the Members tab, or their Member ID")
			}
			g.Members = append(g.Members, id)
			// podsync writes "Name (M-…)" of a member on the roster; a
			// member's new name does not make it an edit, the ID does.
			if m := r.byID[id]; m == nil || !refRE.MatchString(cell) {
				g.Edited = true
			}
		}
		groups = append(groups, g)
		raw = append(raw, rawRecord(h, row, spec))
	}
	return groups, raw, nil
}

// pairingRecords are the Pairings tab's rows. Which rounds on the tab stand
// is rotation's to say (standing, for the input the groups were planned
// from), so the tab and the planner never disagree: past and edited rounds
// are written back exactly as read; a future round kept as planned keeps
// its rows, its person cells following the members' current names; a
// repaired round keeps every row whose group stayed as it was, rewrites
// the person cells of a row whose group changed (its Status and Notes stay
// on it: a repair keeps each group on its row), clears them on a row whose
// group went (dropped when no row after it in the round is kept and nobody
// wrote on it), and adds rows for new groups; a re-planned or new round
// gets the planned groups.
func pairingRecords(groups, history []matching.Group, raw []sheets.Record, standing map[int]rotation.Standing, r *resolver) []sheets.Record {
	type round struct {
		groups []matching.Group
		raw    []sheets.Record
	}
	hist := map[int]*round{}
	var histOrder []int
	for i, g := range history {
		h := hist[g.Round]
		if h == nil {
			h = &round{}
			hist[g.Round] = h
			histOrder = append(histOrder, g.Round)
		}
		h.groups = append(h.groups, g)
		h.raw = append(h.raw, raw[i])
	}
	planned := map[int][]matching.Group{}
	var order []int
	for _, g := range groups {
		if _, ok := planned[g.Round]; !ok {
			order = append(order, g.Round)
		}
		planned[g.Round] = append(planned[g.Round], g)
	}
	for _, rd := range histOrder {
		if _, ok := planned[rd]; ok {
			continue
		}
		switch standing[rd] {
		case rotation.Past, rotation.Edited, rotation.Unchanged, rotation.Repaired:
			order = append(order, rd) // rows the planner returns no group for stay
		}
	}
	sort.Ints(order)
	// kept is a row's record with person cells following the members'
	// current names, unless an organizer edited the row.
	kept := func(g matching.Group, rec sheets.Record) sheets.Record {
		if g.Edited {
			return rec
		}
		rec = maps.Clone(rec)
		fresh := groupRecord(g, r)
		for _, p := range personCols {
			rec[p] = fresh[p]
		}
		return rec
	}
	var out []sheets.Record
	for _, rd := range order {
		h := hist[rd]
		st := standing[rd]
		if st == rotation.Replanned && sameGroups(h.groups, planned[rd]) {
			st = rotation.Unchanged // re-planned to the same groups: the rows stay
		}
		switch st {
		case rotation.Past, rotation.Edited:
			out = append(out, h.raw...)
		case rotation.Unchanged:
			// A round nobody edited, kept as planned.
			for i, g := range h.groups {
				out = append(out, kept(g, h.raw[i]))
			}
		case rotation.Repaired:
			out = append(out, repairedRecords(h.groups, h.raw, planned[rd], kept, r)...)
		default: // re-planned, or a new round
			for _, g := range planned[rd] {
				out = append(out, groupRecord(g, r))
			}
		}
	}
	return out
}

var personCols = []string{sheets.ColPersonA, sheets.ColPersonB, sheets.ColPersonC}

// repairedRecords are a repaired round's rows: rows are the round's groups
// as read (raw their cells), planned the repaired groups (Row says which
// row each stays on). Every row keeps its place, so that Diff, which keys
// Pairings rows by round and position, leaves organizer cells on the
// groups they were written for.
func repairedRecords(rows []matching.Group, raw []sheets.Record, planned []matching.Group, kept func(matching.Group, sheets.Record) sheets.Record, r *resolver) []sheets.Record {
	onRow := map[int]matching.Group{}
	var added []matching.Group
	for _, g := range planned {
		if g.Row > 0 && g.Row <= len(rows) {
			onRow[g.Row-1] = g
		} else {
			added = append(added, g)
		}
	}
	// Rows from last on hold no group and nothing an organizer wrote: they
	// go, rather than stay blank at the end of the round.
	last := len(rows)
	for last > 0 {
		if _, ok := onRow[last-1]; ok || rows[last-1].Edited {
			break
		}
		last--
	}
	var out []sheets.Record
	for i, g := range rows {
		ng, ok := onRow[i]
		switch {
		case ok && slices.Equal(ng.Members, g.Members):
			out = append(out, kept(g, raw[i]))
		case ok:
			rec := maps.Clone(raw[i])
			fresh := groupRecord(ng, r)
			for _, p := range personCols {
				rec[p] = fresh[p]
			}
			out = append(out, rec)
		case i < last:
			// The group went: the row stays, without people, so that the
			// rows after it keep their places.
			rec := maps.Clone(raw[i])
			for _, p := range personCols {
				rec[p] = ""
			}
			out = append(out, rec)
		}
	}
	for _, g := range added {
		out = append(out, groupRecord(g, r))
	}
	return out
}

// sameGroups reports whether two rounds hold the same groups, in any order.
func sameGroups(a, b []matching.Group) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(g matching.Group) string {
		ids := make([]string, len(g.Members))
		for i, id := range g.Members {
			ids[i] = string(id)
		}
		sort.Strings(ids)
		return strings.Join(ids, " ")
	}
	count := map[string]int{}
	for _, g := range a {
		count[key(g)]++
	}
	for _, g := range b {
		if count[key(g)]--; count[key(g)] < 0 {
			return false
		}
	}
	return true
}

func groupRecord(g matching.Group, r *resolver) sheets.Record {
	rec := sheets.Record{sheets.ColRound: strconv.Itoa(g.Round), sheets.ColWeekOf: FormatDate(g.WeekOf)}
	for i, p := range []string{sheets.ColPersonA, sheets.ColPersonB, sheets.ColPersonC} {
		if i < len(g.Members) {
			if m := r.byID[g.Members[i]]; m != nil {
				rec[p] = Ref(m)
			} else {
				rec[p] = "(" + string(g.Members[i]) + ")"
			}
		} else {
			rec[p] = ""
		}
	}
	return rec
}
