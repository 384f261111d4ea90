package pod

import (
	"fmt"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// DirectoryRecords is the consent-filtered Directory: a member appears only
// when they ticked at least one field and have not left, and each cell is
// filled only when they ticked that field.
func directoryRecords(members []matching.Member) []sheets.Record {
	var out []sheets.Record
	for i := range members {
		m := &members[i]
		if m.Share == 0 || m.Active == matching.Left {
			continue
		}
		rec := sheets.Record{sheets.ColEntry: fmt.Sprint(len(out) + 1)}
		put := func(f matching.ShareField, col, v string) {
			if m.Share.Has(f) {
				rec[col] = v
			}
		}
		put(matching.ShareName, sheets.ColName, m.Name)
		put(matching.SharePhone, sheets.ColPhone, m.Phone)
		put(matching.ShareEmail, sheets.ColEmail, m.Email)
		put(matching.ShareZone, sheets.ColZone, m.Zone)
		put(matching.ShareInterests, sheets.ColInterests, m.Interests)
		put(matching.ShareOffers, sheets.ColCanOffer, joinCats(m.Offers, m.OfferOther))
		put(matching.ShareNeeds, sheets.ColNeeds, joinCats(m.Needs, m.NeedOther))
		out = append(out, rec)
	}
	return out
}
