package pod

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/matching/rotation"
	"github.com/podsync/podsync/sheets"
)

// noZone is how the Zones column names the members who gave no zone.
const noZone = "(no zone given)"

// suggestGroups plans the Suggested groups tab: the split advice while the
// pod has more active members than Settings "Split above", with a one-line
// hint among the warnings, and the tab's removal once it has not. It is
// advice only: no other tab changes because of it.
func (r *run) suggestGroups() error {
	groups := matching.SuggestSplit(r.members, &r.set, rotation.MetPairs(r.history, r.today))
	if len(groups) == 0 {
		if r.tabs[sheets.TabSuggested] != nil {
			r.addEdit(sheets.TabEdit{Tab: sheets.TabSuggested, Remove: true,
				Summary: "removed: the pod is no longer over Split above"})
		}
		return nil
	}
	active := 0
	for _, g := range groups {
		active += len(g.Members)
	}
	r.warn("%d active members is more than Settings \"Split above\" (%d): tab %q suggests %d pods that keep each zone whole (advice only: podsync splits nothing)",
		active, r.set.SplitAbove, sheets.TabSuggested, len(groups))
	return r.diff(sheets.TabSuggested, suggestedRecords(groups, r.set.SplitAbove, r.res))
}

// suggestedRecords are the Suggested groups tab's rows, one per group:
// Group 1, 2, …, its zones, its size, its members named as on the other
// organizer tabs, and why, in plain words.
func suggestedRecords(groups []matching.SplitGroup, limit int, res *resolver) []sheets.Record {
	active := 0
	for _, g := range groups {
		active += len(g.Members)
	}
	sizes := fmt.Sprintf("pods of 5–%d", limit)
	if limit <= 5 {
		sizes = fmt.Sprintf("pods of at most %d", limit)
	}
	reason := fmt.Sprintf("%d active members is more than Split above (%d): the toolkit suggests %s.", active, limit, sizes)
	recs := make([]sheets.Record, len(groups))
	for i, g := range groups {
		zones := make([]string, len(g.Zones))
		var named []string
		unzoned := false
		for j, z := range g.Zones {
			if z == "" {
				zones[j], unzoned = noZone, true
			} else {
				zones[j] = z
				named = append(named, z)
			}
		}
		who := make([]string, len(g.Members))
		for j, id := range g.Members {
			if m := res.byID[id]; m != nil {
				who[j] = Ref(m)
			} else {
				who[j] = "(" + string(id) + ")"
			}
		}
		var why string
		switch {
		case g.Parts > 0 && unzoned:
			why = fmt.Sprintf("%d active members gave no zone, more than Split above on their own: ask them where they live, or split them by hand (part %d of %d).",
				g.ZoneSize, g.Part, g.Parts)
		case g.Parts > 0:
			why = fmt.Sprintf("%s has %d active members, more than Split above on its own: split it by floor or street (part %d of %d).",
				g.Zones[0], g.ZoneSize, g.Part, g.Parts)
		case unzoned && len(named) == 0:
			why = "These members gave no zone: place them by hand, or ask them where they live."
		case unzoned:
			why = "This group keeps " + andList(named) + " whole, with the members who gave no zone."
		default:
			why = "This group keeps " + andList(named) + " whole."
		}
		recs[i] = sheets.Record{
			sheets.ColGroup:        "Group " + strconv.Itoa(i+1),
			sheets.ColZones:        cellList(zones),
			sheets.ColGroupMembers: strconv.Itoa(len(g.Members)),
			sheets.ColWho:          cellList(who),
			sheets.ColWhy:          reason + " " + why,
		}
	}
	return recs
}

// maxListRunes bounds a list cell: 15,000 characters are at most 30,000
// UTF-16 units, inside both an .xlsx cell (32,767) and a Google one
// (50,000), however large Split above is.
const maxListRunes = 15000

// cellList joins xs with ", ", ending with "and N more" rather than
// passing maxListRunes.
func cellList(xs []string) string {
	var b strings.Builder
	n := 0
	for i, x := range xs {
		sep := ""
		if i > 0 {
			sep = ", "
		}
		k := utf8.RuneCountInString(sep + x)
		if n+k > maxListRunes-20 {
			fmt.Fprintf(&b, "%sand %d more", sep, len(xs)-i)
			break
		}
		n += k
		b.WriteString(sep + x)
	}
	return b.String()
}

// andList joins "A", "B" and "C" as "A, B and C".
func andList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
