package pod

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
)

// respRow is one response as the Responses tab holds it.
type respRow struct {
	id        string
	submitted time.Time
	cells     []string // aligned with the tab's column names
}

// BuildMembers turns responses into the roster, one member per person; the
// Members tab supplies the organizer columns (Active, Notes), First seen from
// before, and the Member IDs people already have. skipped counts responses
// with no name, email or phone to key them by.
//
// Who is the same person. Responses are linked, transitively (union-find,
// in submission order, ties by Response ID), when they share
//   - an email, with case and white space folded;
//   - a phone number, as matching.NormalizePhone reads it (digits only, no
//     leading country code 1), so "555-0111" and "+1 555 0111" are one;
//   - a name, folded, but only between responses that give neither an email
//     nor a phone: a name alone is too weak to join anything else.
//
// Email is the stronger key: two different emails are two people even when
// they share a phone (a family's landline, a shared mobile), so two people
// with different emails are never merged. A response that gives that shared
// phone and no email joins the one person behind the phone who answered
// under the same name; if there is no such person, or more than one, it
// stays apart with the other email-less responses for that phone rather
// than guessing.
//
// The newest response of a person wins for every answer, consent included
// (a Share ticked nowhere replaces an older one); First seen is the earliest
// response, Last updated the newest.
//
// The Member ID stays what the Members tab already says: a person whose
// responses' identity keys (matching.IdentityKeys, so the keys of earlier
// versions count too) name one or more existing rows keeps the ID of the
// row first seen earliest, with that row's Active and Notes. Any other row
// they name (the same person counted twice before responses were linked) is
// stale: the Members tab keeps stale rows as they are, but nothing reads
// them, and its Active and Notes are not carried over. A new person's ID is
// derived from the identity key of their earliest response, so an email
// added later does not change it.
func buildMembers(rows []respRow, hm ingest.HeaderMap, membersTab *sheets.Table, loc *time.Location) (members []matching.Member, skipped int, err error) {
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].submitted.Equal(rows[j].submitted) {
			return rows[i].submitted.Before(rows[j].submitted)
		}
		return rows[i].id < rows[j].id
	})
	cats, shares := ingest.NewChoiceSet(ingest.CategoryLabels()), ingest.NewChoiceSet(ingest.ShareLabels())
	sets := []*ingest.ChoiceSet{cats, cats, shares}
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
			if sep, strong := ingest.RowSeparator(sets, checkboxes(r)); strong {
				n[sep]++
			}
		}
		switch {
		case n[ingest.DownloadSep] > n[ingest.LinkedSep]:
			tabSep = ingest.DownloadSep
		case n[ingest.LinkedSep] > n[ingest.DownloadSep]:
			tabSep = ingest.LinkedSep
		}
	}
	fill := func(m *matching.Member, r respRow) {
		get := func(k string) string { return strings.TrimSpace(hm.Get(r.cells, k)) }
		m.Name, m.Email, m.Phone = get("name"), get("email"), get("phone")
		m.ContactBy, m.Zone = get("contact"), get("zone")
		m.Languages = splitList(get("languages"))
		m.CheckIn, m.Interests = get("checkin"), hm.Get(r.cells, "interests")
		boxes := checkboxes(r)
		offers, needs, share := boxes[0], boxes[1], boxes[2]
		sep, strong := ingest.RowSeparator(sets, boxes)
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
		m.Capacity = ingest.ParseCapacity(get("capacity"))
		m.Pairing = matching.Fold(get("pairing")) == "yes"
		known, _ = shares.Split(share, sep)
		for _, k := range known {
			f, _ := matching.ParseShareLabel(k)
			m.Share |= matching.Consent(f)
		}
	}

	var as []answer
	for _, r := range rows {
		get := func(k string) string { return strings.TrimSpace(hm.Get(r.cells, k)) }
		name, email, phone := get("name"), get("email"), get("phone")
		if name == "" && email == "" && phone == "" {
			skipped++
			continue
		}
		as = append(as, answer{row: r, email: matching.Fold(email), phone: matching.NormalizePhone(phone),
			name: matching.Fold(name), keys: matching.IdentityKeys(email, phone, name)})
	}
	people := linkPeople(as)

	existing, err := readMemberRows(membersTab, loc)
	if err != nil {
		return nil, 0, err
	}
	used := map[matching.MemberID]bool{}
	members = make([]matching.Member, 0, len(people))
	for _, p := range people {
		first, last := as[p[0]].row, as[p[len(p)-1]].row
		m := matching.Member{FirstSeen: first.submitted, LastUpdated: last.submitted}
		fill(&m, last)
		// The rows on the Members tab this person already has.
		var had []*memberRow
		for _, i := range p {
			for _, k := range as[i].keys {
				id := matching.NewMemberID(k)
				if er := existing[id]; er != nil && !used[id] && !slices.Contains(had, er) {
					had = append(had, er)
				}
			}
		}
		if len(had) > 0 {
			kept := had[0]
			for _, er := range had[1:] {
				if er.before(kept) {
					kept = er
				}
			}
			m.ID, m.Active, m.Notes = kept.id, kept.active, kept.notes
			for _, er := range had {
				if er.hasFirst && er.first.Before(m.FirstSeen) {
					m.FirstSeen = er.first
				}
			}
		} else {
			m.ID = newID(as, p, used)
		}
		used[m.ID] = true
		members = append(members, m)
	}
	sort.Slice(members, func(i, j int) bool { return members[i].ID < members[j].ID })
	return members, skipped, nil
}

// answer is one response as buildMembers links it: its folded email, its
// normalized phone, its folded name, and its identity keys.
type answer struct {
	row                respRow
	email, phone, name string
	keys               []string
}

// linkPeople groups answers (sorted by submission) into people, as
// buildMembers describes: each person is the indexes of their answers,
// ascending, and people come in the order of their earliest answer.
func linkPeople(as []answer) [][]int {
	parent := make([]int, len(as))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// The earlier answer is always the root, so a person's root is their
	// earliest answer.
	union := func(a, b int) {
		a, b = find(a), find(b)
		if a > b {
			a, b = b, a
		}
		if a != b {
			parent[b] = a
		}
	}

	// 1. The same email.
	byEmail := map[string]int{}
	for i, a := range as {
		if a.email == "" {
			continue
		}
		if j, ok := byEmail[a.email]; ok {
			union(j, i)
		} else {
			byEmail[a.email] = i
		}
	}
	// 2. The same name, between answers with no email and no phone.
	byName := map[string]int{}
	for i, a := range as {
		if a.email != "" || a.phone != "" {
			continue
		}
		if j, ok := byName[a.name]; ok {
			union(j, i)
		} else {
			byName[a.name] = i
		}
	}
	// 3. The same phone. Step 1 made the people with an email, and this
	// step never joins two of them, so each answer without an email (it
	// has one phone) is settled by the people with an email behind its
	// phone as step 1 left them: the order phones are taken in does not
	// matter.
	names := map[int]map[string]bool{} // person with an email -> names they answered under
	for i, a := range as {
		if a.email == "" || a.name == "" {
			continue
		}
		r := find(i)
		if names[r] == nil {
			names[r] = map[string]bool{}
		}
		names[r][a.name] = true
	}
	type phoneUse struct {
		withEmail []int // roots of the people with an email who gave the phone, in order
		without   []int // answers with no email that gave it
	}
	uses := map[string]*phoneUse{}
	var phones []string
	for i, a := range as {
		if a.phone == "" {
			continue
		}
		u := uses[a.phone]
		if u == nil {
			u = &phoneUse{}
			uses[a.phone] = u
			phones = append(phones, a.phone)
		}
		if a.email == "" {
			u.without = append(u.without, i)
		} else if r := find(i); !slices.Contains(u.withEmail, r) {
			u.withEmail = append(u.withEmail, r)
		}
	}
	for _, ph := range phones {
		u := uses[ph]
		if len(u.withEmail) <= 1 {
			for _, i := range u.without {
				union(u.without[0], i)
			}
			if len(u.withEmail) == 1 && len(u.without) > 0 {
				union(u.withEmail[0], u.without[0])
			}
			continue
		}
		// A shared phone: several people with different emails gave it.
		apart := -1
		for _, i := range u.without {
			owner := -1
			for _, r := range u.withEmail {
				if as[i].name != "" && names[r][as[i].name] {
					if owner >= 0 {
						owner = -1
						break
					}
					owner = r
				}
			}
			switch {
			case owner >= 0:
				union(owner, i)
			case apart < 0:
				apart = i
			default:
				union(apart, i)
			}
		}
	}

	byRoot := map[int]int{} // root -> index in people
	var people [][]int
	for i := range as {
		r := find(i)
		k, ok := byRoot[r]
		if !ok {
			k = len(people)
			byRoot[r] = k
			people = append(people, nil)
		}
		people[k] = append(people[k], i)
	}
	return people
}

// newID is the Member ID of a person the Members tab does not know yet: from
// the identity key of their earliest answer, or, if another person already
// has that ID (two people can share a phone key only when a shared phone's
// email-less answers were told apart by name), of their next answer, and so
// on; failing all, from the earliest key and that answer's Response ID.
func newID(as []answer, p []int, used map[matching.MemberID]bool) matching.MemberID {
	for _, i := range p {
		if id := matching.NewMemberID(as[i].keys[0]); !used[id] {
			return id
		}
	}
	first := as[p[0]]
	key := first.keys[0] + "\x00" + first.row.id
	for {
		if id := matching.NewMemberID(key); !used[id] {
			return id
		}
		key += "'"
	}
}

// memberRow is a row already on the Members tab.
type memberRow struct {
	pos      int // row index on the tab
	id       matching.MemberID
	active   matching.Activity
	notes    string
	first    time.Time
	hasFirst bool
}

// before reports whether r was first seen before o: rows with a First seen
// come before rows without, ties go to the row higher on the tab.
func (r *memberRow) before(o *memberRow) bool {
	if r.hasFirst != o.hasFirst {
		return r.hasFirst
	}
	if r.hasFirst && !r.first.Equal(o.first) {
		return r.first.Before(o.first)
	}
	return r.pos < o.pos
}

// readMemberRows reads the Members tab by Member ID; the first row with an
// ID wins, as it does when the tab is rewritten.
func readMemberRows(t *sheets.Table, loc *time.Location) (map[matching.MemberID]*memberRow, error) {
	out := map[matching.MemberID]*memberRow{}
	if t == nil {
		return out, nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	idc, err := h.Find(sheets.ColMemberID)
	if err != nil {
		return nil, err
	}
	ac, err := h.Find(sheets.ColActive)
	if err != nil {
		return nil, err
	}
	nc, err := h.Find(sheets.ColNotes)
	if err != nil {
		return nil, err
	}
	fc, err := h.Find(sheets.ColFirstSeen)
	if err != nil {
		return nil, err
	}
	if idc < 0 {
		return out, nil
	}
	for i, row := range t.Rows {
		id := matching.MemberID(strings.TrimSpace(sheets.CellAt(row, idc)))
		if id == "" || out[id] != nil {
			continue
		}
		r := &memberRow{pos: i, id: id, active: matching.ParseActivity(sheets.CellAt(row, ac)), notes: sheets.CellAt(row, nc)}
		if first, err := time.ParseInLocation(memberTime, sheets.CellAt(row, fc), loc); err == nil {
			r.first, r.hasFirst = first, true
		}
		out[id] = r
	}
	return out, nil
}

// memberTime is how First seen and Last updated are written: minutes, in
// the pod's time zone, which is what an organizer scanning the tab wants.
const memberTime = "2006-01-02 15:04"

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// memberRecords are the Members tab's rows, one per member.
func memberRecords(members []matching.Member, loc *time.Location) []sheets.Record {
	recs := make([]sheets.Record, len(members))
	for i := range members {
		recs[i] = memberRecord(&members[i], loc)
	}
	return recs
}

func memberRecord(m *matching.Member, loc *time.Location) sheets.Record {
	capacity := ""
	if m.Capacity > 0 {
		capacity = fmt.Sprint(m.Capacity)
		if m.Capacity >= 4 {
			capacity = "4 or more"
		}
	}
	return sheets.Record{
		sheets.ColMemberID: string(m.ID), sheets.ColName: m.Name, sheets.ColEmail: m.Email, sheets.ColPhone: m.Phone,
		sheets.ColContactBy: m.ContactBy, sheets.ColZone: m.Zone, sheets.ColLanguages: strings.Join(m.Languages, ", "),
		sheets.ColCheckIn: m.CheckIn, sheets.ColInterests: m.Interests,
		sheets.ColOffers: matching.JoinCategories(m.Offers, m.OfferOther), sheets.ColOfferDetails: m.OfferDetails,
		sheets.ColCapacity: capacity,
		sheets.ColNeeds:    matching.JoinCategories(m.Needs, m.NeedOther), sheets.ColNeedDetails: m.NeedDetails,
		sheets.ColPairing: yesNo(m.Pairing), sheets.ColShare: strings.Join(m.Share.Labels(), ", "),
		sheets.ColFirstSeen:   m.FirstSeen.In(loc).Format(memberTime),
		sheets.ColLastUpdated: m.LastUpdated.In(loc).Format(memberTime),
	}
}

// activeValues are what the Members tab's Active column may hold, folded
// (matching.ParseActivity reads them; blank means Yes).
var activeValues = map[string]bool{"": true, "yes": true, "active": true,
	"paused": true, "pause": true, "left": true, "no": true, "inactive": true}

// checkActive stops the sync on an Active value that is none of Yes, Paused
// or Left (in any case and spacing): read as Yes, a typo such as "Lft" or
// "Paused until Jan" would silently keep matching and pairing someone an
// organizer meant to take out.
func checkActive(t *sheets.Table) error {
	if t == nil {
		return nil
	}
	c, err := sheets.NewHeaderIndex(t.Name, t.Header).Find(sheets.ColActive)
	if err != nil || c < 0 {
		return err // a missing Active column is Diff's error to report
	}
	for i, r := range t.Rows {
		if v := sheets.CellAt(r, c); !activeValues[matching.Fold(v)] {
			return &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColActive, Err: fmt.Errorf("%q is not a value of Active", strings.TrimSpace(v)),
				Fix: "use Yes, Paused or Left (blank means Yes)"}
		}
	}
	return nil
}
