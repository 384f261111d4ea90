package pod

import (
	"fmt"
	"slices"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// directoryRecords are the Directory tab's rows: what each member shares
// with the whole pod (matching.Shares, the one consent rule), numbered, and
// nobody who shares nothing.
func directoryRecords(members []matching.Member) []sheets.Record {
	var out []sheets.Record
	for i := range members {
		s := matching.Shares(&members[i])
		if s.Empty() {
			continue
		}
		out = append(out, sheets.Record{
			sheets.ColName: s.Name, sheets.ColPhone: s.Phone, sheets.ColEmail: s.Email, sheets.ColZone: s.Zone,
			sheets.ColInterests: s.Interests, sheets.ColCanOffer: s.Offers, sheets.ColNeeds: s.Needs,
		})
	}
	// By the name shared (entries without one last, by zone): the order
	// says nothing a member did not share.
	slices.SortStableFunc(out, byColumns(sheets.ColName, sheets.ColZone))
	for i := range out {
		out[i][sheets.ColEntry] = fmt.Sprint(i + 1)
	}
	return out
}
