package propose

import (
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
)

// TestWhyWaiting: the Unmet tab says why each need waits.
func TestWhyWaiting(t *testing.T) {
	food := matching.Food
	mem := func(id string, offers, needs []matching.Category) matching.Member {
		return matching.Member{ID: matching.MemberID(id), Name: id, Offers: offers, Needs: needs, Capacity: 1}
	}
	for _, tc := range []struct {
		name   string
		in     func() matching.MatchInput
		member matching.MemberID
		want   string
	}{
		{"nobody offers", func() matching.MatchInput {
			return matching.MatchInput{Members: []matching.Member{mem("M-a", nil, []matching.Category{food}), mem("M-b", nil, nil)}}
		}, "M-a", WhyNobodyOffers},
		{"only the member offers it", func() matching.MatchInput {
			return matching.MatchInput{Members: []matching.Member{mem("M-a", []matching.Category{food}, []matching.Category{food})}}
		}, "M-a", WhyNobodyOffers},
		{"helper full", func() matching.MatchInput {
			return matching.MatchInput{Members: []matching.Member{
				mem("M-a", nil, []matching.Category{food}), mem("M-b", nil, []matching.Category{food}), mem("M-h", []matching.Category{food}, nil)}}
		}, "M-b", WhyHelpersFull},
		{"Do Not Pair", func() matching.MatchInput {
			return matching.MatchInput{Members: []matching.Member{mem("M-a", nil, []matching.Category{food}), mem("M-h", []matching.Category{food}, nil)},
				Forbidden: matching.Forbidden{matching.Key("M-a", "M-h"): true}}
		}, "M-a", WhyBlocked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in()
			in.Settings = matching.DefaultSettings()
			in.Today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
			res := Matches(in)
			for _, u := range res.Unmet {
				for i, id := range u.Waiting {
					if id == tc.member {
						if u.Why[i] != tc.want {
							t.Errorf("%s waits because %q, want %q", id, u.Why[i], tc.want)
						}
						return
					}
				}
			}
			t.Fatalf("%s is not waiting: %+v", tc.member, res.Unmet)
		})
	}
}
