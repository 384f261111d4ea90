package pod

import (
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// unmetRecords are the Unmet tab's rows: one per category with open needs,
// then one per need in a member's own words ("Other").
//
// Waiting names each member who waits, with their ID, and why: "Ana Ruiz
// (M-…): every helper who offers it is full".
func unmetRecords(unmet []matching.UnmetRow, r *resolver) []sheets.Record {
	recs := make([]sheets.Record, 0, len(unmet))
	for _, u := range unmet {
		ids := make([]string, len(u.Waiting))
		for i, id := range u.Waiting {
			ids[i] = string(id)
			if m := r.byID[id]; m != nil {
				ids[i] = Ref(m)
			}
			if i < len(u.Why) && u.Why[i] != "" {
				ids[i] += ": " + u.Why[i]
			}
		}
		label := u.Label
		if label == "" {
			label = string(u.Category)
		}
		recs = append(recs, sheets.Record{sheets.ColCategory: label, sheets.ColOpenNeeds: strconv.Itoa(u.Open),
			sheets.ColHelpersOffering: strconv.Itoa(u.Helpers), sheets.ColWaiting: strings.Join(ids, "; ")})
	}
	return recs
}
