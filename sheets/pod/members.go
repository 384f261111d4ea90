package pod

import (
	"fmt"
	"maps"
	"math/bits"
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
	// order is the response's place in the source's batch this cycle
	// (1 is the first), or 0 when the source did not carry it.
	order int
}

// buildMembers turns responses into the roster, one member per person; the
// Members tab supplies the organizer columns (Active, Notes), First seen from
// before, and the Member IDs people already have. skipped counts responses
// with no name, email or phone to key them by.
//
// Who is the same person is matching.Link's to say (same email; same phone,
// unless several emails share it; same name only without either), over the
// responses in submission order (ties: see the sort below).
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
func buildMembers(rows []respRow, hm ingest.HeaderMap, ch *ingest.Choices, membersTab *sheets.Table, loc *time.Location) (members []matching.Member, skipped int, err error) {
	sets := []*ingest.ChoiceSet{ch.Set("offers"), ch.Set("needs"), ch.Set("share")}
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
	// Responses in submission order. Two given in the same second (an
	// export's times are to the second) are in the order the source lists
	// them, which is the order they came in: the later one is the newer,
	// and its answers and consent win. Where the source did not carry both
	// this cycle (a row only on the tab), which came last cannot be told,
	// and the one that shares less wins: its consent is the one to keep
	// when in doubt. The Response ID settles the rest.
	consent := map[string]int{} // Response ID -> fields shared, for ties
	shares := func(r respRow) int {
		if n, ok := consent[r.id]; ok {
			return n
		}
		boxes := checkboxes(r)
		sep, strong := ingest.RowSeparator(sets, boxes)
		if !strong && tabSep != "" {
			sep = tabSep
		}
		known, _ := sets[2].Split(boxes[2], sep)
		var c matching.Consent
		for _, k := range known {
			f, _ := matching.ParseShareLabel(k)
			c |= matching.Consent(f)
		}
		consent[r.id] = bits.OnesCount8(uint8(c))
		return consent[r.id]
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if !a.submitted.Equal(b.submitted) {
			return a.submitted.Before(b.submitted)
		}
		if (a.order > 0) != (b.order > 0) {
			return a.order == 0 // a row the source carries is the newer
		}
		if a.order != b.order {
			return a.order < b.order
		}
		if sa, sb := shares(a), shares(b); sa != sb {
			return sa > sb
		}
		return a.id < b.id
	})
	fill := func(m *matching.Member, r respRow) {
		get := func(k string) string { return strings.TrimSpace(hm.Get(r.cells, k)) }
		m.Name, m.Email, m.Phone = get("name"), get("email"), get("phone")
		m.ContactBy, _ = ch.One("contact", get("contact"))
		m.Zone = get("zone")
		m.Languages = splitList(get("languages"))
		m.CheckIn, _ = ch.One("checkin", get("checkin"))
		m.Interests = hm.Get(r.cells, "interests")
		boxes := checkboxes(r)
		offers, needs, share := boxes[0], boxes[1], boxes[2]
		sep, strong := ingest.RowSeparator(sets, boxes)
		if !strong && tabSep != "" {
			sep = tabSep
		}
		known, other := ch.Several("offers", offers, sep)
		for _, k := range known {
			c, _ := matching.ParseCategory(k)
			m.Offers = append(m.Offers, c)
		}
		if other != "" {
			m.OfferOther = []string{other}
		}
		known, other = ch.Several("needs", needs, sep)
		for _, k := range known {
			c, _ := matching.ParseCategory(k)
			m.Needs = append(m.Needs, c)
		}
		if other != "" {
			m.NeedOther = []string{other}
		}
		m.OfferDetails, m.NeedDetails = hm.Get(r.cells, "offer_details"), hm.Get(r.cells, "need_details")
		capacity, _ := ch.One("capacity", get("capacity"))
		m.Capacity = ingest.ParseCapacity(capacity)
		pairing, _ := ch.One("pairing", get("pairing"))
		m.Pairing = pairing == "Yes"
		known, _ = ch.Several("share", share, sep)
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
		as = append(as, answer{row: r, who: matching.IdentityOf(email, phone, name), keys: matching.IdentityKeys(email, phone, name)})
	}
	who := make([]matching.Identity, len(as))
	for i, a := range as {
		who[i] = a.who
	}
	people := matching.Link(who)

	existing, err := readMemberRows(membersTab, loc)
	if err != nil {
		return nil, 0, err
	}
	// shared counts the people who gave each phone and each name, folded.
	shared := map[string]int{}
	for _, p := range people {
		seen := map[string]bool{}
		for _, i := range p {
			for _, k := range []string{"phone:" + as[i].who.Phone, "name:" + as[i].who.Name} {
				if !seen[k] {
					seen[k] = true
					shared[k]++
				}
			}
		}
	}
	shown := indexRows(existing)
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
		if len(had) == 0 {
			if er := rowByAnswers(as, p, shown, used, shared); er != nil {
				had = append(had, er)
			}
		}
		if len(had) > 0 {
			kept := had[0]
			for _, er := range had[1:] {
				if er.before(kept) {
					kept = er
				}
			}
			m.ID, m.Active, m.PausedUntil, m.Notes = kept.id, kept.active, kept.until, kept.notes
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
	row  respRow
	who  matching.Identity
	keys []string
}

// rowByAnswers is the Members row of a person whose answers' keys name
// none, found by what the row itself shows: the row with their email; else
// the row with their phone and no email; else the row with their name and
// neither, each only while nobody else now gives that phone or name. That
// is a person whose Member ID was derived from a weaker answer (their
// email or phone column found only later, by a header map) or who has
// added an email since: they keep their row, with its Active and Notes,
// instead of becoming a new member beside it.
func rowByAnswers(as []answer, p []int, rows *rowIndex, used map[matching.MemberID]bool, shared map[string]int) *memberRow {
	free := func(rs []*memberRow) *memberRow {
		for _, er := range rs {
			if !used[er.id] {
				return er
			}
		}
		return nil
	}
	for _, i := range slices.Backward(p) {
		w := as[i].who
		if er := free(rows.byEmail[w.Email]); w.Email != "" && er != nil {
			return er
		}
		if er := free(rows.byPhone[w.Phone]); w.Phone != "" && er != nil && shared["phone:"+w.Phone] == 1 {
			return er
		}
		if er := free(rows.byName[w.Name]); w.Name != "" && er != nil && shared["name:"+w.Name] == 1 {
			return er
		}
	}
	return nil
}

// rowIndex finds Members rows by what they show: by email; by phone, among
// rows with no email; by name, among rows with neither. Each list is in
// row order.
type rowIndex struct{ byEmail, byPhone, byName map[string][]*memberRow }

func indexRows(existing map[matching.MemberID]*memberRow) *rowIndex {
	ix := &rowIndex{byEmail: map[string][]*memberRow{}, byPhone: map[string][]*memberRow{}, byName: map[string][]*memberRow{}}
	rows := slices.Collect(maps.Values(existing))
	slices.SortFunc(rows, func(a, b *memberRow) int { return a.pos - b.pos })
	for _, er := range rows {
		switch w := er.who; {
		case w.Email != "":
			ix.byEmail[w.Email] = append(ix.byEmail[w.Email], er)
		case w.Phone != "":
			ix.byPhone[w.Phone] = append(ix.byPhone[w.Phone], er)
		case w.Name != "":
			ix.byName[w.Name] = append(ix.byName[w.Name], er)
		}
	}
	return ix
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
	until    time.Time // "Paused until" date
	notes    string
	first    time.Time
	hasFirst bool
	// who is the row's Email, Phone and Name as Link compares them.
	who matching.Identity
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
	ec, _ := h.Find(sheets.ColEmail)
	pc, _ := h.Find(sheets.ColPhone)
	namec, _ := h.Find(sheets.ColName)
	if idc < 0 {
		return out, nil
	}
	for i, row := range t.Rows {
		id := matching.MemberID(strings.TrimSpace(sheets.CellAt(row, idc)))
		if id == "" || out[id] != nil {
			continue
		}
		r := &memberRow{pos: i, id: id, active: matching.ParseActivity(sheets.CellAt(row, ac)), notes: sheets.CellAt(row, nc),
			who: matching.IdentityOf(sheets.CellAt(row, ec), sheets.CellAt(row, pc), sheets.CellAt(row, namec))}
		r.until, _, _ = matching.ParsePausedUntil(sheets.CellAt(row, ac)) // checkActive has reported a bad date
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

// memberRecords are the Members tab's rows, one per member, by name: rows
// already on the tab stay where they are, and new ones are added in the
// order an organizer looks people up.
func memberRecords(members []matching.Member, loc *time.Location) []sheets.Record {
	recs := make([]sheets.Record, len(members))
	for i := range members {
		recs[i] = memberRecord(&members[i], loc)
	}
	slices.SortStableFunc(recs, byColumns(sheets.ColName, sheets.ColMemberID))
	return recs
}

// byColumns orders records by the named columns' values, case and spacing
// folded, blanks last.
func byColumns(cols ...string) func(a, b sheets.Record) int {
	return func(a, b sheets.Record) int {
		for _, c := range cols {
			x, y := matching.Fold(a[c]), matching.Fold(b[c])
			if (x == "") != (y == "") {
				if x == "" {
					return 1
				}
				return -1
			}
			if n := strings.Compare(x, y); n != 0 {
				return n
			}
		}
		return 0
	}
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

// checkActive stops the sync on an Active value that is none of Yes, Paused,
// Paused until YYYY-MM-DD or Left (in any case and spacing): read as Yes, a
// typo such as "Lft" or "Paused until Jan" would silently keep matching and
// pairing someone an organizer meant to take out.
func checkActive(t *sheets.Table) error {
	if t == nil {
		return nil
	}
	c, err := sheets.NewHeaderIndex(t.Name, t.Header).Find(sheets.ColActive)
	if err != nil || c < 0 {
		return err // a missing Active column is Diff's error to report
	}
	for i, r := range t.Rows {
		v := sheets.CellAt(r, c)
		if _, ok, err := matching.ParsePausedUntil(v); ok {
			if err != nil {
				return &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColActive, Err: err,
					Fix: "type the day the pause ends as YYYY-MM-DD (Paused until 2027-01-15), or use Yes, Paused or Left (blank means Yes)"}
			}
			continue
		}
		if !activeValues[matching.Fold(v)] {
			return &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColActive, Err: fmt.Errorf("%q is not a value of Active", strings.TrimSpace(v)),
				Fix: "use Yes, Paused or Left (blank means Yes), or Paused until YYYY-MM-DD"}
		}
	}
	return nil
}
