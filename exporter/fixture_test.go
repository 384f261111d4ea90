package exporter

import (
	"time"

	"github.com/podsync/podsync/matching"
)

// The handout's date in the tests: Tuesday, December 1, 2026.
var testNow = time.Date(2026, 12, 1, 15, 30, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

const (
	ana  matching.MemberID = "M-000000000a"
	bo   matching.MemberID = "M-000000000b"
	cy   matching.MemberID = "M-000000000c"
	dee  matching.MemberID = "M-000000000d"
	eve  matching.MemberID = "M-000000000e"
	finn matching.MemberID = "M-000000000f"
	gus  matching.MemberID = "M-0000000010"
)

func all(fs ...matching.ShareField) matching.Consent {
	var c matching.Consent
	for _, f := range fs {
		c |= matching.Consent(f)
	}
	return c
}

// samplePod is a small fictional pod. Every private value is a distinct
// string so that a test can look for it anywhere in the file.
func samplePod() *matching.Pod {
	s := matching.DefaultSettings()
	s.PodName = "Maple Street Pod"
	s.Agreements = "We keep what we hear to ourselves.\nWe show up when we say we will."
	s.Contact = "Call Rosa at +1 555 0199 or write to organizers@example.org"
	return &matching.Pod{
		Settings: s,
		Members: []matching.Member{
			{
				ID: ana, Name: "Ana Ruiz", Email: "ana.ruiz@example.org", Phone: "+1 555 0101", ContactBy: "Text",
				Zone: "Maple Court", Languages: []string{"Quechua"}, Interests: "birdwatching at dawn",
				Offers: []matching.Category{matching.Food}, OfferDetails: "a hatchback for grocery runs",
				Needs: []matching.Category{matching.Childcare}, NeedDetails: "afraid of losing the night shift",
				Pairing: true, Share: all(matching.ShareName, matching.SharePhone, matching.ShareZone),
				Notes: "organizer note about Ana",
			},
			{
				ID: bo, Name: "Bo Lindqvist", Email: "bo.lindqvist@example.org", Phone: "+1 555 0102", ContactBy: "Call",
				Zone: "Birch Tower", Interests: "endgame chess puzzles",
				Offers: []matching.Category{matching.Tech}, OfferOther: []string{"accordion lessons"},
				Needs: []matching.Category{matching.Emotional}, NeedOther: []string{"a wheelchair ramp"},
				NeedDetails: "the lease renewal",
				Pairing:     true,
			},
			{
				ID: cy, Name: "Cy Okafor", Email: "cy.okafor@example.org", Phone: "+1 555 0103", ContactBy: "Email",
				Zone: "Cedar Annex", Interests: "sourdough and jazz",
				Offers: []matching.Category{matching.Tech}, OfferDetails: "can fix old laptops",
				Needs: []matching.Category{matching.Food}, NeedOther: []string{"help with forms"},
				NeedDetails: "losing my apartment",
				Pairing:     true, Share: all(matching.ShareEmail, matching.ShareInterests, matching.ShareOffers, matching.ShareNeeds),
			},
			{
				ID: dee, Name: `=HYPERLINK("http://evil.example.org","Dee")`, Email: "dee@example.org", Phone: "+1 555 0104",
				ContactBy: "Text", Zone: "-2+3", Interests: "@SUM(1)",
				Offers: []matching.Category{matching.Childcare}, Pairing: true,
				Share: all(matching.ShareName, matching.SharePhone, matching.ShareZone, matching.ShareInterests),
			},
			{
				ID: eve, Name: "Eve Marchetti", Email: "eve.marchetti@example.org", Phone: "+1 555 0105",
				Zone: "Elm Row", Interests: "quilting", Offers: []matching.Category{matching.Food},
				Pairing: true, Share: 0x7f, Active: matching.Paused,
			},
			{
				ID: finn, Name: "Finn Gallagher", Email: "finn.gallagher@example.org", Phone: "+1 555 0106",
				Zone: "Fir Lane", Interests: "model trains", Offers: []matching.Category{matching.Recreation},
				Share: 0x7f, Active: matching.Left,
			},
			{
				ID: gus, Name: "Gus Private", Email: "gus.private@example.org", Zone: "Gorse Yard",
				Interests: "rare cacti", Share: all(matching.SharePhone), // ticked phone but gave none
			},
		},
		Matches: []matching.Match{
			{ID: "X-1", Member: ana, Category: matching.Childcare, Helper: dee, Status: matching.Accepted},
			{ID: "X-2", Member: cy, Category: matching.Food, Helper: ana, Status: matching.Proposed},
			{ID: "X-3", Member: bo, Category: matching.Emotional, Helper: eve, Status: matching.Done},
			{ID: "X-4", Member: bo, Category: matching.Tech, Helper: cy, Status: matching.Declined},
		},
		Groups: []matching.Group{
			{Round: 1, WeekOf: day(2026, 11, 16), Members: []matching.MemberID{ana, eve}, Status: matching.Met},
			{Round: 1, WeekOf: day(2026, 11, 16), Members: []matching.MemberID{bo, cy, dee}, Status: matching.Met},
			{Round: 2, WeekOf: day(2026, 11, 30), Members: []matching.MemberID{ana, bo}},
			{Round: 2, WeekOf: day(2026, 11, 30), Members: []matching.MemberID{cy, dee}},
			{Round: 3, WeekOf: day(2026, 12, 7), Members: []matching.MemberID{ana, dee}},
			{Round: 3, WeekOf: day(2026, 12, 7), Members: []matching.MemberID{bo, cy}, Status: matching.Skipped},
		},
		Resources: []matching.Resource{
			{Name: "Eastside Food Bank", Category: "food and groceries", Contact: "+1 555 0150", Notes: "Open Saturdays"},
			{Name: "Library computer lab", Category: "Tech assistance", Contact: "library@example.org"},
			{Name: "Tenant union", Category: "Housing", Contact: "+1 555 0160"},
		},
	}
}

// privateValues lists, per member, every value the shared handout must never
// hold: what they did not tick, what is never shared, and everything of a
// member who has left.
func privateValues(p *matching.Pod) map[matching.MemberID][]string {
	out := map[matching.MemberID][]string{}
	for _, m := range p.Members {
		var v []string
		hide := func(f matching.ShareField, vals ...string) {
			if !m.Share.Has(f) || m.Active == matching.Left {
				v = append(v, vals...)
			}
		}
		hide(matching.ShareName, m.Name)
		hide(matching.SharePhone, m.Phone)
		hide(matching.ShareEmail, m.Email)
		hide(matching.ShareZone, m.Zone)
		hide(matching.ShareInterests, m.Interests)
		hide(matching.ShareOffers, m.OfferDetails)
		hide(matching.ShareOffers, m.OfferOther...)
		hide(matching.ShareNeeds, m.NeedOther...)
		v = append(v, m.NeedDetails, m.Notes)
		v = append(v, m.Languages...)
		var nonBlank []string
		for _, s := range v {
			if s != "" {
				nonBlank = append(nonBlank, s)
			}
		}
		out[m.ID] = nonBlank
	}
	return out
}
