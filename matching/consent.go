package matching

import "strings"

// Shared is what one member shares with the whole pod, field by field. It is
// podsync's one consent rule: the Directory tab and the handout's Directory
// print exactly this, and nothing else of a member reaches either.
//
// The rule, the safer reading wherever the two places once differed:
//   - a field is shared only when the member ticked it under "What may we
//     share with the whole pod?"; every other field is "";
//   - values are trimmed, so a field holding only spaces is not shared;
//   - Offers is the ticked categories and the member's own words ("Other"),
//     never the paragraph about resources and skills: "What I can offer"
//     answers the checkbox question, and the paragraph may say more than a
//     neighbor meant to put on a list for everyone;
//   - Needs is the ticked categories and the member's own words, never the
//     need details ("What are you afraid of losing?");
//   - a member who has Left shares nothing;
//   - a member whose Shared is Empty (nothing ticked, or only blank fields)
//     is not listed at all.
type Shared struct {
	Name, Phone, Email, Zone, Interests string
	Offers, Needs                       string // joined with ", "
}

// Shares returns what m shares with the whole pod.
func Shares(m *Member) Shared {
	if m == nil || m.Active == Left {
		return Shared{}
	}
	get := func(f ShareField, v string) string {
		if !m.Share.Has(f) {
			return ""
		}
		return strings.TrimSpace(v)
	}
	s := Shared{
		Name:      get(ShareName, m.Name),
		Phone:     get(SharePhone, m.Phone),
		Email:     get(ShareEmail, m.Email),
		Zone:      get(ShareZone, m.Zone),
		Interests: get(ShareInterests, m.Interests),
	}
	if m.Share.Has(ShareOffers) {
		s.Offers = JoinCategories(m.Offers, m.OfferOther)
	}
	if m.Share.Has(ShareNeeds) {
		s.Needs = JoinCategories(m.Needs, m.NeedOther)
	}
	return s
}

// Contact is how a member who prefers contactBy (Text, Call or Email) may be
// reached with what they share: their preferred one of the shared phone and
// email, else the other, else "". A neighbor's page names a 1-on-1
// partner's contact only through it, so a partner who un-ticks "My phone
// number" is reached by email or through an organizer.
func (s Shared) Contact(contactBy string) string {
	return (&Member{Phone: s.Phone, Email: s.Email, ContactBy: contactBy}).Contact()
}

// Empty reports whether nothing is shared.
func (s Shared) Empty() bool { return s == Shared{} }

// JoinCategories joins ticked categories and the member's own words (blank
// ones left out) with ", ", as the Members tab and the handout show them.
func JoinCategories(cats []Category, other []string) string {
	parts := make([]string, 0, len(cats)+len(other))
	for _, c := range cats {
		parts = append(parts, string(c))
	}
	for _, o := range other {
		if o = strings.TrimSpace(o); o != "" {
			parts = append(parts, o)
		}
	}
	return strings.Join(parts, ", ")
}
