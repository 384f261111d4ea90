package pod

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Time zone names work on machines without a zone database

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
)

// This file reads the organizer-facing tabs back into domain values. Every
// error is a *TabError naming the tab, row and column, and what to type.

// SettingKeys are the Settings tab's keys, in the order init writes them,
// with their default values.
var SettingKeys = []struct{ Key, Default, Help string }{
	{"Pod name", "Our pod", "shown on handouts"},
	{"Zone order", "", "zones in walking order, separated by commas"},
	{"Default capacity", "1", "matches per helper when they left capacity blank"},
	{"Rounds ahead", "2", "pairing rounds planned ahead"},
	{"Round length (days)", "7", "days between pairing rounds"},
	{"Time zone", "UTC", "the spreadsheet's time zone, e.g. America/New_York"},
	{"Date order", "", "MDY or DMY, for linked-sheet timestamps; blank to detect"},
	{"Community agreements", "", "printed on the handout"},
	{"Organizer contact", "", "printed on the handout"},
}

// ParseSettings reads the Settings tab (nil: defaults).
func ParseSettings(t *sheets.Table) (matching.Settings, error) {
	set := matching.DefaultSettings()
	if t == nil {
		return set, nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	kc, err := h.Find(sheets.ColSetting)
	if err != nil {
		return set, err
	}
	vc, err := h.Find(sheets.ColValue)
	if err != nil {
		return set, err
	}
	if kc < 0 || vc < 0 {
		if len(t.Rows) == 0 && len(t.Header) == 0 {
			return set, nil
		}
		missing := sheets.ColSetting
		if kc >= 0 {
			missing = sheets.ColValue
		}
		return set, &sheets.TabError{Tab: t.Name, Column: missing, Err: errors.New("column is missing"),
			Fix: `row 1 must have a "Setting" and a "Value" column`}
	}
	seen := map[string]int{} // canonical key -> sheet row of its first row
	for i, r := range t.Rows {
		key, val := strings.TrimSpace(sheets.CellAt(r, kc)), strings.TrimSpace(sheets.CellAt(r, vc))
		if key == "" {
			continue
		}
		bad := func(err error, fix string) error {
			return &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColValue, Err: fmt.Errorf("%s: %w", key, err), Fix: fix}
		}
		k := matching.Fold(key)
		// A setting given twice would silently take the last row's value.
		if ck, known := settingKey(k); known {
			if first, dup := seen[ck]; dup {
				return set, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColSetting,
					Err: fmt.Errorf("%q is set in both row %d and row %d", key, first, i+2),
					Fix: fmt.Sprintf("delete row %d or row %d", first, i+2)}
			}
			seen[ck] = i + 2
		}
		if strings.HasPrefix(k, "header:") {
			q := strings.TrimSpace(key[strings.Index(key, ":")+1:])
			if _, ok := ingest.QuestionByKey(matching.Fold(q)); !ok {
				return set, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColSetting, Err: fmt.Errorf("%q is not a form key", q),
					Fix: "use one of " + questionKeys()}
			}
			if val != "" {
				set.Headers[matching.Fold(q)] = val
			}
			continue
		}
		switch k {
		case "pod name":
			if val != "" {
				set.PodName = val
			}
		case "zone order":
			set.ZoneOrder = splitList(val)
			at := map[string]bool{}
			for _, z := range set.ZoneOrder {
				if at[matching.Fold(z)] {
					return set, bad(fmt.Errorf("%q is listed twice", z), "list each zone once, in walking order")
				}
				at[matching.Fold(z)] = true
			}
		case "default capacity", "rounds ahead", "round length (days)", "round length":
			if val == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSuffix(val, ".0"))
			if err != nil || n < 1 || n > 365 {
				return set, bad(errors.New("not a whole number from 1 to 365"), "type a number such as 2")
			}
			switch k {
			case "default capacity":
				set.DefaultCapacity = n
			case "rounds ahead":
				if n > 52 {
					return set, bad(errors.New("more than 52 rounds ahead"), "plan at most a year ahead")
				}
				set.RoundsAhead = n
			default:
				set.RoundLength = n
			}
		case "time zone":
			if val == "" {
				continue
			}
			loc, err := ingest.LoadZone(val)
			if err != nil {
				return set, bad(errors.New("not a time zone name"), "use a name like America/New_York, Europe/Berlin or UTC (the spreadsheet's File → Settings shows its zone)")
			}
			set.TimeZone = loc
		case "date order":
			switch v := dateOrder(val); v {
			case "", "MDY", "DMY":
				set.DateOrder = v
			default:
				return set, bad(errors.New("must be MDY or DMY"), "type MDY (month first) or DMY (day first)")
			}
		case "community agreements":
			set.Agreements = val
		case "organizer contact", "organizers":
			set.Contact = val
		default:
			set.Extra[key] = val
		}
	}
	return set, nil
}

// settingKey is the canonical form of a folded Settings key podsync reads
// (aliases are one key; a header key is per form key), and whether it is
// one: other rows are the organizers' own.
func settingKey(k string) (string, bool) {
	if strings.HasPrefix(k, "header:") {
		return "header:" + matching.Fold(k[len("header:"):]), true
	}
	switch k {
	case "round length":
		return "round length (days)", true
	case "organizers":
		return "organizer contact", true
	}
	for _, sk := range SettingKeys {
		if matching.Fold(sk.Key) == k {
			return k, true
		}
	}
	return "", false
}

// dateOrder reads the Settings' Date order: MDY or DMY, however it is
// written ("D/M/Y", "dd/mm/yyyy", "day first").
func dateOrder(val string) string {
	f := matching.Fold(val)
	switch f {
	case "":
		return ""
	case "day first", "day/month", "day month":
		return "DMY"
	case "month first", "month/day", "month day":
		return "MDY"
	}
	var b strings.Builder
	for _, c := range strings.ToUpper(val) {
		if c == 'D' || c == 'M' || c == 'Y' {
			if n := b.Len(); n == 0 || b.String()[n-1] != byte(c) {
				b.WriteRune(c)
			}
		}
	}
	switch b.String() {
	case "MDY", "MD":
		return "MDY"
	case "DMY", "DM":
		return "DMY"
	}
	return strings.ToUpper(val)
}

func questionKeys() string {
	var ks []string
	for _, q := range ingest.Questions {
		ks = append(ks, q.Key)
	}
	return strings.Join(ks, ", ")
}

// splitList splits an organizer-typed list on commas, semicolons or new
// lines.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseDoNotPair reads the Do Not Pair tab.
func ParseDoNotPair(t *sheets.Table) ([]matching.DoNotPair, error) {
	rules, _, err := parseDoNotPair(t)
	return rules, err
}

// dnpRow is a Do Not Pair rule with where it is and what was typed.
type dnpRow struct {
	row  int // sheet row
	a, b string
}

// parseDoNotPair is ParseDoNotPair, with each rule's row and cells.
func parseDoNotPair(t *sheets.Table) ([]matching.DoNotPair, []dnpRow, error) {
	if t == nil {
		return nil, nil, nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	a, err := h.Find("Person A")
	if err != nil {
		return nil, nil, err
	}
	b, err := h.Find("Person B")
	if err != nil {
		return nil, nil, err
	}
	reason, _ := h.Find("Reason")
	if a < 0 || b < 0 {
		if len(t.Rows) == 0 {
			return nil, nil, nil
		}
		return nil, nil, &sheets.TabError{Tab: t.Name, Column: "Person A", Err: errors.New(`"Person A" or "Person B" column is missing`),
			Fix: `row 1 must have "Person A" and "Person B" columns`}
	}
	var out []matching.DoNotPair
	var rows []dnpRow
	for i, r := range t.Rows {
		pa, pb := strings.TrimSpace(sheets.CellAt(r, a)), strings.TrimSpace(sheets.CellAt(r, b))
		if pa == "" && pb == "" {
			continue
		}
		out = append(out, matching.DoNotPair{A: refKey(pa), B: refKey(pb), Reason: sheets.CellAt(r, reason)})
		rows = append(rows, dnpRow{row: i + 2, a: pa, b: pb})
	}
	return out, rows, nil
}

// doNotPairWarnings says, row by row, which Do Not Pair rules do not do
// what they say: a blank side, a side that matches no member (the rule does
// nothing), one that matches several (the rule keeps all of them apart from
// the other side), or both sides naming the same person. A side is looked
// up as matching.ResolveDoNotPair does: Member ID, then email, then name.
func doNotPairWarnings(tab string, rows []dnpRow, members []matching.Member) []string {
	lookup := func(s string) []matching.MemberID {
		k := matching.Fold(refKey(s))
		if k == "" {
			return nil
		}
		for i := range members {
			if matching.Fold(string(members[i].ID)) == k {
				return []matching.MemberID{members[i].ID}
			}
		}
		var ids []matching.MemberID
		for i := range members {
			if members[i].Email != "" && matching.Fold(members[i].Email) == k {
				ids = append(ids, members[i].ID)
			}
		}
		if len(ids) > 0 {
			return ids
		}
		for i := range members {
			if matching.Fold(members[i].Name) == k {
				ids = append(ids, members[i].ID)
			}
		}
		return ids
	}
	var out []string
	for _, r := range rows {
		at := fmt.Sprintf("tab %q, row %d: ", tab, r.row)
		var found [2][]matching.MemberID
		for i, side := range []struct{ col, cell string }{{"Person A", r.a}, {"Person B", r.b}} {
			if side.cell == "" {
				out = append(out, at+side.col+" is blank, so the row does nothing: type a Member ID, email or name")
				continue
			}
			ids := lookup(side.cell)
			found[i] = ids
			switch {
			case len(ids) == 0:
				out = append(out, fmt.Sprintf("%s%s %q matches no member, so the row does nothing: use a Member ID or email", at, side.col, side.cell))
			case len(ids) > 1:
				out = append(out, fmt.Sprintf("%s%s %q matches %d members (all of them are kept apart from the other person): use a Member ID or email", at, side.col, side.cell, len(ids)))
			}
		}
		if len(found[0]) == 1 && len(found[1]) == 1 && found[0][0] == found[1][0] {
			out = append(out, at+"Person A and Person B are the same member, so the row does nothing")
		}
	}
	return out
}

var refRE = regexp.MustCompile(`\((M-[0-9a-f]{10})\)\s*$`)

// Ref is how podsync names a member in the organizer tabs: "Ana Ruiz
// (M-3f9a1c2b10)", readable and still exact when two people share a name.
func Ref(m *matching.Member) string {
	if m.Name == "" {
		return "(" + string(m.ID) + ")"
	}
	return m.Name + " (" + string(m.ID) + ")"
}

// refKey turns a cell naming a member into what ResolveDoNotPair looks up:
// the ID inside "Name (M-…)", else the text as typed.
func refKey(s string) string {
	if m := refRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return s
}

// resolver finds members by the cells organizers see.
type resolver struct {
	byID    map[matching.MemberID]*matching.Member
	members []matching.Member
}

func newResolver(ms []matching.Member) *resolver {
	r := &resolver{byID: make(map[matching.MemberID]*matching.Member, len(ms)), members: ms}
	for i := range ms {
		r.byID[ms[i].ID] = &ms[i]
	}
	return r
}

// find resolves a cell: an embedded or bare member ID, else a unique email
// or name. ok is false when nobody (or more than one person) fits.
func (r *resolver) find(cell string) (matching.MemberID, bool) {
	k := refKey(strings.TrimSpace(cell))
	if k == "" {
		return "", false
	}
	if _, ok := r.byID[matching.MemberID(k)]; ok {
		return matching.MemberID(k), true
	}
	var hits []matching.MemberID
	fk := matching.Fold(k)
	for i := range r.members {
		if matching.Fold(r.members[i].Email) == fk && fk != "" {
			hits = append(hits, r.members[i].ID)
		}
	}
	if len(hits) == 0 {
		for i := range r.members {
			if matching.Fold(r.members[i].Name) == fk {
				hits = append(hits, r.members[i].ID)
			}
		}
	}
	if len(hits) == 1 {
		return hits[0], true
	}
	if strings.HasPrefix(k, "M-") {
		return matching.MemberID(k), true // someone no longer in the roster
	}
	return "", false
}

// parseDate reads a date cell: 2006-01-02 (what podsync writes), an xlsx
// serial number, or M/D/YYYY (D/M/YYYY with dmy) as typed in a sheet.
func parseDate(s string, dmy bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if len(s) > 10 {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	t, err := ingest.TimeReader{Loc: time.UTC, DMY: dmy}.Parse(s)
	if err != nil {
		return time.Time{}, errors.New("not a date like 2026-11-30")
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// FormatDate is how podsync writes dates: 2026-11-30.
func FormatDate(t time.Time) string { return t.Format("2006-01-02") }

// ParseMatches reads the Matches tab. Rows organizers typed by hand (no
// Match ID, or one podsync does not generate) are returned too, with hand
// set, so matching respects them; podsync never rewrites or deletes them.
// A hand row naming no known member or category is not a match podsync can
// use: it is left out, with a warning naming its row when it has an ID of
// its own (a row with no ID at all may be any note).
//
// raw holds each row's podsync cells exactly as they are on the sheet, by
// Match ID, so rows podsync must not touch are written back unchanged.
func ParseMatches(t *sheets.Table, r *resolver) (ms []matching.Match, hand map[string]bool, raw map[string]sheets.Record, warnings []string, err error) {
	hand = map[string]bool{}
	raw = map[string]sheets.Record{}
	if t == nil {
		return nil, hand, raw, nil, nil
	}
	spec, _ := sheets.Spec(sheets.TabMatches)
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	col := map[string]int{}
	for _, n := range []string{sheets.ColMatchID, "Member", "Category", "Helper", "Why", "Proposed on", sheets.ColStatus, sheets.ColNotes} {
		c, err := h.Find(n)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		col[n] = c
	}
	for i, row := range t.Rows {
		if sheets.BlankRow(row) {
			continue
		}
		get := func(n string) string { return strings.TrimSpace(sheets.CellAt(row, col[n])) }
		st, ok := matching.ParseMatchStatus(get(sheets.ColStatus))
		if !ok {
			return nil, nil, nil, nil, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColStatus, Err: fmt.Errorf("%q is not a status", get(sheets.ColStatus)),
				Fix: "use Proposed, Accepted, Done or Declined"}
		}
		m := matching.Match{ID: get(sheets.ColMatchID), Status: st, Why: sheets.CellAt(row, col["Why"]), Notes: sheets.CellAt(row, col[sheets.ColNotes])}
		byHand := m.ID == "" || !sheets.IsGeneratedMatchID(m.ID)
		if st == matching.Proposed && !byHand && strings.TrimSpace(m.Why) == sheets.MatchStaleNote {
			// A row podsync stopped proposing, kept for the organizer's
			// notes: not a match. It neither holds its helper's capacity
			// nor keeps its need from being matched; proposing the same
			// pair again rewrites it as a live row.
			continue
		}
		cat, okCat := matching.ParseCategory(get("Category"))
		mem, okMem := r.find(get("Member"))
		hel, okHel := r.find(get("Helper"))
		if !okCat || !okMem || !okHel {
			what, val := "Category", get("Category")
			switch {
			case !okMem:
				what, val = "Member", get("Member")
			case !okHel:
				what, val = "Helper", get("Helper")
			}
			if m.ID == "" {
				continue // a note typed by hand that is not a match: leave it be
			}
			if byHand {
				// The cell's text is not repeated: warnings are logged.
				fix := "type the name as on the Members tab, or a Member ID"
				if what == "Category" {
					fix = "type one of the form's categories"
				}
				warnings = append(warnings, fmt.Sprintf("tab %q, row %d, column %q: not a known %s, so this row typed by hand (Match ID %q) is kept as it is but not used for matching; %s",
					t.Name, i+2, what, strings.ToLower(what), m.ID, fix))
				continue
			}
			return nil, nil, nil, nil, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: what, Err: fmt.Errorf("%q is not a known %s", val, strings.ToLower(what)),
				Fix: "restore the cell, or clear the row's Match ID to make it a hand-written row"}
		}
		m.Member, m.Category, m.Helper = mem, cat, hel
		if d, err := parseDate(get("Proposed on"), false); err == nil {
			m.ProposedOn = d
		}
		switch {
		case m.ID == "":
			m.ID = matching.MatchID(m.Need(), m.Helper)
			hand[m.ID] = true
		case byHand:
			hand[m.ID] = true
		default:
			if _, dup := raw[m.ID]; !dup {
				raw[m.ID] = rawRecord(h, row, spec)
			}
		}
		ms = append(ms, m)
	}
	return ms, hand, raw, warnings, nil
}

// rawRecord is a row's podsync cells as they are on the sheet.
func rawRecord(h *sheets.HeaderIndex, row []string, spec sheets.TabSpec) sheets.Record {
	rec := sheets.Record{}
	for _, c := range spec.Columns {
		if c.Owner != sheets.Podsync {
			continue
		}
		if i, err := h.Find(c.Name); err == nil && i >= 0 {
			rec[c.Name] = sheets.CellAt(row, i)
		}
	}
	return rec
}

// ParsePairings reads the Pairings tab. A row marks its group Edited when an
// organizer changed it: a Status other than Planned, a note, anything in a
// column of their own (one that is not the spec's), or a person cell that is
// not what podsync writes ("Name (M-…)" naming a member on the roster; the
// name part may be outdated, since what counts is the member ID).
//
// raw[i] holds the podsync cells of the row behind groups[i] as they are on
// the sheet: history is written back exactly as it stands.
func ParsePairings(t *sheets.Table, r *resolver, dmy bool) (groups []matching.Group, raw []sheets.Record, err error) {
	if t == nil {
		return nil, nil, nil
	}
	spec, _ := sheets.Spec(sheets.TabPairings)
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	col := map[string]int{}
	for _, n := range []string{sheets.ColRound, "Week of", "Person A", "Person B", "Person C", sheets.ColStatus, sheets.ColNotes} {
		c, err := h.Find(n)
		if err != nil {
			return nil, nil, err
		}
		col[n] = c
	}
	// The spec's columns by position; every other column is an organizer's
	// own, and anything typed in it is an edit of its row.
	specCol := map[int]sheets.Column{}
	for _, c := range spec.Columns {
		if i, err := h.Find(c.Name); err == nil && i >= 0 {
			specCol[i] = c
		}
	}
	for i, row := range t.Rows {
		if sheets.BlankRow(row) {
			continue
		}
		get := func(n string) string { return strings.TrimSpace(sheets.CellAt(row, col[n])) }
		bad := func(c string, err error, fix string) error {
			return &sheets.TabError{Tab: t.Name, Row: i + 2, Column: c, Err: err, Fix: fix}
		}
		rs := strings.TrimSuffix(get(sheets.ColRound), ".0")
		if rs == "" {
			continue // a row typed by hand without a round: not podsync's
		}
		round, err := strconv.Atoi(rs)
		if err != nil || round < 1 {
			return nil, nil, bad(sheets.ColRound, fmt.Errorf("%q is not a round number", get(sheets.ColRound)), "type a whole number such as 3")
		}
		week, err := parseDate(get("Week of"), dmy)
		if err != nil {
			return nil, nil, bad("Week of", fmt.Errorf("%q: %v", get("Week of"), err), "type the date as YYYY-MM-DD")
		}
		st, ok := matching.ParseGroupStatus(get(sheets.ColStatus))
		if !ok {
			return nil, nil, bad(sheets.ColStatus, fmt.Errorf("%q is not a status", get(sheets.ColStatus)), "use Planned, Met or Skipped")
		}
		g := matching.Group{Round: round, WeekOf: week, Status: st, Notes: sheets.CellAt(row, col[sheets.ColNotes])}
		g.Edited = st != matching.Planned || strings.TrimSpace(g.Notes) != ""
		for c, v := range row {
			if strings.TrimSpace(v) == "" {
				continue
			}
			sc, ok := specCol[c]
			if !ok && matching.Fold(v) == "false" {
				continue // an unticked checkbox in a column of their own
			}
			if !ok || (sc.Owner == sheets.Organizer && matching.Fold(v) != matching.Fold(sc.Initial)) {
				g.Edited = true // the organizer's own column, or their value
			}
		}
		for _, p := range []string{"Person A", "Person B", "Person C"} {
			cell := get(p)
			if cell == "" {
				continue
			}
			id, ok := r.find(cell)
			if !ok {
				return nil, nil, bad(p, fmt.Errorf("%q is not a member", cell), "use the member's name as on the Members tab, or their Member ID")
			}
			g.Members = append(g.Members, id)
			// podsync writes "Name (M-…)" of a member on the roster; a
			// member's new name does not make it an edit, the ID does.
			if m := r.byID[id]; m == nil || !refRE.MatchString(cell) {
				g.Edited = true
			}
		}
		groups = append(groups, g)
		raw = append(raw, rawRecord(h, row, spec))
	}
	return groups, raw, nil
}
