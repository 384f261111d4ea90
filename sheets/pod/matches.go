package pod

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// ParseMatches reads the Matches tab. Rows organizers typed by hand (no
// Match ID, or one podsync does not generate) are returned too, with hand
// set, so matching respects them; podsync never rewrites or deletes them.
// A hand row naming no known member or category is not a match podsync can
// use: it is left out, with a warning naming its row when it has an ID of
// its own (a row with no ID at all may be any note).
//
// raw holds each row's podsync cells exactly as they are on the sheet, by
// Match ID, so rows podsync must not touch are written back unchanged.
func ParseMatches(t *sheets.Table, r *resolver) (ms []matching.Match, hand map[string]bool, raw map[string]sheets.Record, warnings []string, err error) {
	hand = map[string]bool{}
	raw = map[string]sheets.Record{}
	if t == nil {
		return nil, hand, raw, nil, nil
	}
	spec, _ := sheets.Spec(sheets.TabMatches)
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	col := map[string]int{}
	for _, n := range []string{sheets.ColMatchID, sheets.ColMember, sheets.ColCategory, sheets.ColHelper, sheets.ColWhy, sheets.ColProposedOn, sheets.ColStatus, sheets.ColNotes} {
		c, err := h.Find(n)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		col[n] = c
	}
	for i, row := range t.Rows {
		if sheets.BlankRow(row) {
			continue
		}
		get := func(n string) string { return strings.TrimSpace(sheets.CellAt(row, col[n])) }
		st, ok := matching.ParseMatchStatus(get(sheets.ColStatus))
		if !ok {
			return nil, nil, nil, nil, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColStatus, Err: fmt.Errorf("%q is not a status", get(sheets.ColStatus)),
				Fix: "use Proposed, Accepted, Done or Declined"}
		}
		m := matching.Match{ID: get(sheets.ColMatchID), Status: st, Why: sheets.CellAt(row, col[sheets.ColWhy]), Notes: sheets.CellAt(row, col[sheets.ColNotes])}
		byHand := m.ID == "" || !sheets.IsGeneratedMatchID(m.ID)
		if st == matching.Proposed && !byHand && strings.TrimSpace(m.Why) == sheets.MatchStaleNote {
			// A row podsync stopped proposing, kept for the organizer's
			// notes: not a match. It neither holds its helper's capacity
			// nor keeps its need from being matched; proposing the same
			// pair again rewrites it as a live row.
			continue
		}
		cat, okCat := matching.ParseCategory(get(sheets.ColCategory))
		mem, okMem := r.find(get(sheets.ColMember))
		hel, okHel := r.find(get(sheets.ColHelper))
		if !okCat || !okMem || !okHel {
			what, val := sheets.ColCategory, get(sheets.ColCategory)
			switch {
			case !okMem:
				what, val = sheets.ColMember, get(sheets.ColMember)
			case !okHel:
				what, val = sheets.ColHelper, get(sheets.ColHelper)
			}
			if m.ID == "" {
				continue // a note typed by hand that is not a match: leave it be
			}
			if byHand {
				// The cell's text is not repeated: warnings are logged.
				fix := "type the name as on the Members tab, or a Member ID"
				if what == sheets.ColCategory {
					fix = "type one of the form's categories"
				}
				warnings = append(warnings, fmt.Sprintf("tab %q, row %d, column %q: not a known %s, so this row typed by hand (Match ID %q) is kept as it is but not used for matching; %s",
					t.Name, i+2, what, strings.ToLower(what), m.ID, fix))
				continue
			}
			return nil, nil, nil, nil, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: what, Err: fmt.Errorf("%q is not a known %s", val, strings.ToLower(what)),
				Fix: "restore the cell, or clear the row's Match ID to make it a hand-written row"}
		}
		m.Member, m.Category, m.Helper = mem, cat, hel
		if d, err := parseDate(get(sheets.ColProposedOn), false); err == nil {
			m.ProposedOn = d
		}
		switch {
		case m.ID == "":
			m.ID = matching.MatchID(m.Need(), m.Helper)
			hand[m.ID] = true
		case byHand:
			hand[m.ID] = true
		default:
			if _, dup := raw[m.ID]; !dup {
				raw[m.ID] = rawRecord(h, row, spec)
			}
		}
		ms = append(ms, m)
	}
	return ms, hand, raw, warnings, nil
}

// rawRecord is a row's podsync cells as they are on the sheet.
func rawRecord(h *sheets.HeaderIndex, row []string, spec sheets.TabSpec) sheets.Record {
	rec := sheets.Record{}
	for _, c := range spec.Columns {
		if c.Owner != sheets.Podsync {
			continue
		}
		if i, err := h.Find(c.Name); err == nil && i >= 0 {
			rec[c.Name] = sheets.CellAt(row, i)
		}
	}
	return rec
}

// matchRecords are the Matches tab's rows: hand-keyed rows are left out
// (they stay where the organizer typed them), decided rows are written back
// exactly as read, and Proposed rows are podsync's.
func matchRecords(matches []matching.Match, hand map[string]bool, raw map[string]sheets.Record, r *resolver, today time.Time, nudgeAfter int) []sheets.Record {
	recs := make([]sheets.Record, 0, len(matches))
	for _, m := range matches {
		if hand[m.ID] {
			continue // the organizer's own row stays where they typed it
		}
		if row, ok := raw[m.ID]; ok && m.Status != matching.Proposed {
			// Accepted, Done and Declined rows are the organizers': not
			// one cell of them is rewritten.
			recs = append(recs, row)
			continue
		}
		rec := matchRecord(m, r)
		rec[sheets.ColNudge] = matching.Nudge(m, today, nudgeAfter)
		recs = append(recs, rec)
	}
	// New rows go in by member, then category: a member's needs together.
	slices.SortStableFunc(recs, byColumns(sheets.ColMember, sheets.ColCategory, sheets.ColHelper, sheets.ColMatchID))
	return recs
}

func matchRecord(m matching.Match, r *resolver) sheets.Record {
	rec := sheets.Record{sheets.ColMatchID: m.ID, sheets.ColCategory: string(m.Category), sheets.ColWhy: m.Why, sheets.ColProposedOn: FormatDate(m.ProposedOn)}
	if m.ProposedOn.IsZero() {
		rec[sheets.ColProposedOn] = ""
	}
	if mem := r.byID[m.Member]; mem != nil {
		rec[sheets.ColMember] = Ref(mem)
		rec[sheets.ColNeedDetails] = mem.NeedDetails
		rec[sheets.ColZone] = mem.Zone
	} else {
		rec[sheets.ColMember] = "(" + string(m.Member) + ")"
	}
	if h := r.byID[m.Helper]; h != nil {
		rec[sheets.ColHelper] = Ref(h)
		rec[sheets.ColHelperContact] = h.Contact()
	} else {
		rec[sheets.ColHelper] = "(" + string(m.Helper) + ")"
	}
	if m.Status != matching.Proposed {
		// Never written (organizer column); carried so a new row for a
		// hand-made decision keeps it.
		rec[sheets.ColStatus] = m.Status.String()
	}
	return rec
}
