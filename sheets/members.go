package sheets

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
)

// respRow is one response as the Responses tab holds it.
type respRow struct {
	id        string
	submitted time.Time
	cells     []string // aligned with the tab's column names
}

// BuildMembers turns responses into the roster: one member per person
// (email, else phone, else name, with case and white space folded), the
// newest submission winning, First seen the oldest. The Members tab supplies
// the organizer columns (Active, Notes) and keeps First seen from before.
// skipped counts responses with no name, email or phone to key them by.
func buildMembers(rows []respRow, hm HeaderMap, membersTab *Table, loc *time.Location) (members []matching.Member, skipped int, err error) {
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].submitted.Equal(rows[j].submitted) {
			return rows[i].submitted.Before(rows[j].submitted)
		}
		return rows[i].id < rows[j].id
	})
	byID := map[matching.MemberID]*matching.Member{}
	var order []matching.MemberID
	cats, shares := NewChoiceSet(categoryLabels()), NewChoiceSet(shareLabels())
	sets := []*ChoiceSet{cats, cats, shares}
	checkboxes := func(r respRow) []string {
		return []string{hm.Get(r.cells, "offers"), hm.Get(r.cells, "needs"), hm.Get(r.cells, "share")}
	}
	// The separator most responses show settles those that do not: a pod
	// fed by downloaded CSVs reads a lone "Recreation, gardening" as the
	// member's words, one fed by the linked sheet as a label and words.
	tabSep := ""
	{
		n := map[string]int{}
		for _, r := range rows {
			if sep, strong := rowSeparator(sets, checkboxes(r)); strong {
				n[sep]++
			}
		}
		switch {
		case n[DownloadSep] > n[LinkedSep]:
			tabSep = DownloadSep
		case n[LinkedSep] > n[DownloadSep]:
			tabSep = LinkedSep
		}
	}
	for _, r := range rows {
		get := func(k string) string { return strings.TrimSpace(hm.Get(r.cells, k)) }
		name, email, phone := get("name"), get("email"), get("phone")
		if name == "" && email == "" && phone == "" {
			skipped++
			continue
		}
		id := matching.NewMemberID(matching.IdentityKey(email, phone, name))
		m := byID[id]
		if m == nil {
			m = &matching.Member{ID: id, FirstSeen: r.submitted}
			byID[id] = m
			order = append(order, id)
		}
		first := m.FirstSeen
		*m = matching.Member{ID: id, FirstSeen: first, LastUpdated: r.submitted}
		m.Name, m.Email, m.Phone = name, email, phone
		m.ContactBy, m.Zone = get("contact"), get("zone")
		m.Languages = splitList(get("languages"))
		m.CheckIn, m.Interests = get("checkin"), hm.Get(r.cells, "interests")
		boxes := checkboxes(r)
		offers, needs, share := boxes[0], boxes[1], boxes[2]
		sep, strong := rowSeparator(sets, boxes)
		if !strong && tabSep != "" {
			sep = tabSep
		}
		known, other := cats.Split(offers, sep)
		for _, k := range known {
			c, _ := matching.ParseCategory(k)
			m.Offers = append(m.Offers, c)
		}
		if other != "" {
			m.OfferOther = []string{other}
		}
		known, other = cats.Split(needs, sep)
		for _, k := range known {
			c, _ := matching.ParseCategory(k)
			m.Needs = append(m.Needs, c)
		}
		if other != "" {
			m.NeedOther = []string{other}
		}
		m.OfferDetails, m.NeedDetails = hm.Get(r.cells, "offer_details"), hm.Get(r.cells, "need_details")
		m.Capacity = parseCapacity(get("capacity"))
		m.Pairing = matching.Fold(get("pairing")) == "yes"
		known, _ = shares.Split(share, sep)
		for _, k := range known {
			f, _ := matching.ParseShareLabel(k)
			m.Share |= matching.Consent(f)
		}
	}
	// Organizer columns, and First seen from earlier cycles.
	if membersTab != nil {
		h := NewHeaderIndex(membersTab.Name, membersTab.Header)
		idc, err := h.Find(ColMemberID)
		if err != nil {
			return nil, 0, err
		}
		ac, err := h.Find(ColActive)
		if err != nil {
			return nil, 0, err
		}
		nc, err := h.Find(ColNotes)
		if err != nil {
			return nil, 0, err
		}
		fc, err := h.Find("First seen")
		if err != nil {
			return nil, 0, err
		}
		if idc >= 0 {
			for _, row := range membersTab.Rows {
				m := byID[matching.MemberID(strings.TrimSpace(cellAt(row, idc)))]
				if m == nil {
					continue
				}
				m.Active = matching.ParseActivity(cellAt(row, ac))
				m.Notes = cellAt(row, nc)
				if t, err := time.ParseInLocation(memberTime, cellAt(row, fc), loc); err == nil && t.Before(m.FirstSeen) {
					m.FirstSeen = t
				}
			}
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	members = make([]matching.Member, 0, len(order))
	for _, id := range order {
		members = append(members, *byID[id])
	}
	return members, skipped, nil
}

// rowSeparator is the separator one response's checkbox answers were joined
// with, as its answers show it. They come from one export, so an answer that
// settles it (two labels joined by ";", say) settles it for the others,
// whose "Other" text could be read either way; strong says one did. "" when
// the answers disagree or none tells.
func rowSeparator(sets []*ChoiceSet, texts []string) (sep string, strong bool) {
	var strongs, weak []string
	for i, t := range texts {
		if sep, ok := sets[i].separator(t); ok {
			strongs = append(strongs, sep)
		} else if sep != "" {
			weak = append(weak, sep)
		}
	}
	if len(strongs) > 0 {
		sep = unanimous(strongs)
		return sep, sep != ""
	}
	return unanimous(weak), false
}

func unanimous(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	for _, x := range xs[1:] {
		if x != xs[0] {
			return ""
		}
	}
	return xs[0]
}

// memberTime is how First seen and Last updated are written: minutes, in
// the pod's time zone, which is what an organizer scanning the tab wants.
const memberTime = "2006-01-02 15:04"

func joinCats(cs []matching.Category, other []string) string {
	parts := make([]string, 0, len(cs)+len(other))
	for _, c := range cs {
		parts = append(parts, string(c))
	}
	parts = append(parts, other...)
	return strings.Join(parts, ", ")
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func memberRecord(m *matching.Member, loc *time.Location) Record {
	capacity := ""
	if m.Capacity > 0 {
		capacity = fmt.Sprint(m.Capacity)
		if m.Capacity >= 4 {
			capacity = "4 or more"
		}
	}
	return Record{
		ColMemberID: string(m.ID), "Name": m.Name, "Email": m.Email, "Phone": m.Phone,
		"Contact by": m.ContactBy, "Zone": m.Zone, "Languages": strings.Join(m.Languages, ", "),
		"Check-in": m.CheckIn, "Interests": m.Interests,
		"Offers": joinCats(m.Offers, m.OfferOther), "Offer details": m.OfferDetails,
		"Capacity": capacity,
		"Needs":    joinCats(m.Needs, m.NeedOther), "Need details": m.NeedDetails,
		"Pairing": yesNo(m.Pairing), "Share": strings.Join(m.Share.Labels(), ", "),
		"First seen":   m.FirstSeen.In(loc).Format(memberTime),
		"Last updated": m.LastUpdated.In(loc).Format(memberTime),
	}
}

// DirectoryRecords is the consent-filtered Directory: a member appears only
// when they ticked at least one field and have not left, and each cell is
// filled only when they ticked that field.
func directoryRecords(members []matching.Member) []Record {
	var out []Record
	for i := range members {
		m := &members[i]
		if m.Share == 0 || m.Active == matching.Left {
			continue
		}
		rec := Record{ColEntry: fmt.Sprint(len(out) + 1)}
		put := func(f matching.ShareField, col, v string) {
			if m.Share.Has(f) {
				rec[col] = v
			}
		}
		put(matching.ShareName, "Name", m.Name)
		put(matching.SharePhone, "Phone", m.Phone)
		put(matching.ShareEmail, "Email", m.Email)
		put(matching.ShareZone, "Zone", m.Zone)
		put(matching.ShareInterests, "Interests", m.Interests)
		put(matching.ShareOffers, "Can offer", joinCats(m.Offers, m.OfferOther))
		put(matching.ShareNeeds, "Needs", joinCats(m.Needs, m.NeedOther))
		out = append(out, rec)
	}
	return out
}
