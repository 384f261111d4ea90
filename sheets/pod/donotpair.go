package pod

import (
	"errors"
	"fmt"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// dnpRow is a Do Not Pair rule with where it is and what was typed.
type dnpRow struct {
	row  int // sheet row
	a, b string
}

// parseDoNotPair reads the Do Not Pair tab: its rules, and each rule's row and cells.
func parseDoNotPair(t *sheets.Table) ([]matching.DoNotPair, []dnpRow, error) {
	if t == nil {
		return nil, nil, nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	a, err := h.Find(sheets.ColPersonA)
	if err != nil {
		return nil, nil, err
	}
	b, err := h.Find(sheets.ColPersonB)
	if err != nil {
		return nil, nil, err
	}
	reason, _ := h.Find(sheets.ColReason)
	if a < 0 || b < 0 {
		if len(t.Rows) == 0 {
			return nil, nil, nil
		}
		return nil, nil, &sheets.TabError{Tab: t.Name, Column: sheets.ColPersonA, Err: errors.New(`sheets.ColPersonA or sheets.ColPersonB column is missing`),
			Fix: `row 1 must have sheets.ColPersonA and sheets.ColPersonB columns`}
	}
	var out []matching.DoNotPair
	var rows []dnpRow
	for i, r := range t.Rows {
		pa, pb := strings.TrimSpace(sheets.CellAt(r, a)), strings.TrimSpace(sheets.CellAt(r, b))
		if pa == "" && pb == "" {
			continue
		}
		out = append(out, matching.DoNotPair{A: refKey(pa), B: refKey(pb), Reason: sheets.CellAt(r, reason)})
		rows = append(rows, dnpRow{row: i + 2, a: pa, b: pb})
	}
	return out, rows, nil
}

// doNotPairWarnings says, row by row, which Do Not Pair rules do not do
// what they say: a blank side, a side that matches no member (the rule does
// nothing), one that matches several (the rule keeps all of them apart from
// the other side), or both sides naming the same person. A side is looked
// up as matching.ResolveDoNotPair does: Member ID, then email, then name.
func doNotPairWarnings(tab string, rows []dnpRow, members []matching.Member) []string {
	lookup := func(s string) []matching.MemberID {
		k := matching.Fold(refKey(s))
		if k == "" {
			return nil
		}
		for i := range members {
			if matching.Fold(string(members[i].ID)) == k {
				return []matching.MemberID{members[i].ID}
			}
		}
		var ids []matching.MemberID
		for i := range members {
			if members[i].Email != "" && matching.Fold(members[i].Email) == k {
				ids = append(ids, members[i].ID)
			}
		}
		if len(ids) > 0 {
			return ids
		}
		for i := range members {
			if matching.Fold(members[i].Name) == k {
				ids = append(ids, members[i].ID)
			}
		}
		return ids
	}
	var out []string
	for _, r := range rows {
		at := fmt.Sprintf("tab %q, row %d: ", tab, r.row)
		var found [2][]matching.MemberID
		for i, side := range []struct{ col, cell string }{{sheets.ColPersonA, r.a}, {sheets.ColPersonB, r.b}} {
			if side.cell == "" {
				out = append(out, at+side.col+" is blank, so the row does nothing: type a Member ID, email or name")
				continue
			}
			ids := lookup(side.cell)
			found[i] = ids
			switch {
			case len(ids) == 0:
				out = append(out, fmt.Sprintf("%s%s %q matches no member, so the row does nothing: use a Member ID or email", at, side.col, side.cell))
			case len(ids) > 1:
				out = append(out, fmt.Sprintf("%s%s %q matches %d members (all of them are kept apart from the other person): use a Member ID or email", at, side.col, side.cell, len(ids)))
			}
		}
		if len(found[0]) == 1 && len(found[1]) == 1 && found[0][0] == found[1][0] {
			out = append(out, at+"Person A and Person B are the same member, so the row does nothing")
		}
	}
	return out
}
