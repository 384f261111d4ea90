package matching

import "testing"

func TestShares(t *testing.T) {
	all := Consent(0)
	for _, l := range ShareLabels {
		all |= Consent(l.Field)
	}
	full := Member{Name: " Ana Ruiz ", Phone: "+1 555 0101", Email: "ana@example.org", Zone: "Maple Court",
		Interests: "gardening", Offers: []Category{Food, Tech}, OfferOther: []string{"bike repair", "  "},
		OfferDetails: "I have a van", Needs: []Category{Childcare}, NeedOther: []string{"rides"},
		NeedDetails: "afraid of losing my flat", Share: all}
	cases := []struct {
		name string
		m    Member
		want Shared
	}{
		{"everything ticked", full, Shared{Name: "Ana Ruiz", Phone: "+1 555 0101", Email: "ana@example.org", Zone: "Maple Court",
			Interests: "gardening", Offers: "Food and groceries, Tech assistance, bike repair", Needs: "Childcare, rides"}},
		{"nothing ticked", func() Member { m := full; m.Share = 0; return m }(), Shared{}},
		{"left", func() Member { m := full; m.Active = Left; return m }(), Shared{}},
		{"paused still listed", func() Member { m := full; m.Active = Paused; m.Share = Consent(ShareName); return m }(), Shared{Name: "Ana Ruiz"}},
		{"only a blank phone", Member{Name: "Gus", Phone: "   ", Share: Consent(SharePhone)}, Shared{}},
		{"offers ticked, none given", Member{Name: "Bo", OfferDetails: "lots", Share: Consent(ShareOffers)}, Shared{}},
		{"email only", func() Member { m := full; m.Share = Consent(ShareEmail); return m }(), Shared{Email: "ana@example.org"}},
	}
	for _, tc := range cases {
		got := Shares(&tc.m)
		if got != tc.want {
			t.Errorf("%s: Shares = %+v, want %+v", tc.name, got, tc.want)
		}
		if got.Empty() != (tc.want == Shared{}) {
			t.Errorf("%s: Empty = %v", tc.name, got.Empty())
		}
	}
	if !Shares(nil).Empty() {
		t.Error("a nil member shares something")
	}
}

func TestSharedContact(t *testing.T) {
	for _, tc := range []struct {
		name      string
		share     Consent
		contactBy string
		want      string
	}{
		{"phone preferred and shared", Consent(SharePhone) | Consent(ShareEmail), "Text", "+1 555 0101"},
		{"email preferred and shared", Consent(SharePhone) | Consent(ShareEmail), "Email", "ana@example.org"},
		{"phone preferred, only email shared", Consent(ShareEmail), "Call", "ana@example.org"},
		{"email preferred, only phone shared", Consent(SharePhone), "Email", "+1 555 0101"},
		{"neither shared", Consent(ShareName), "Text", ""},
	} {
		m := Member{Name: "Ana", Phone: "+1 555 0101", Email: "ana@example.org", ContactBy: tc.contactBy, Share: tc.share}
		if got := Shares(&m).Contact(m.ContactBy); got != tc.want {
			t.Errorf("%s: Contact = %q, want %q", tc.name, got, tc.want)
		}
	}
}
