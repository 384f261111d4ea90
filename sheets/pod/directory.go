package pod

import (
	"fmt"

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
			sheets.ColEntry: fmt.Sprint(len(out) + 1),
			sheets.ColName:  s.Name, sheets.ColPhone: s.Phone, sheets.ColEmail: s.Email, sheets.ColZone: s.Zone,
			sheets.ColInterests: s.Interests, sheets.ColCanOffer: s.Offers, sheets.ColNeeds: s.Needs,
		})
	}
	return out
}
