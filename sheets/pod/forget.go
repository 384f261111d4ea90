package pod

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
)

// FormerMember is what the tabs say where a forgotten member's name was:
// in past Pairings rounds and in decided Matches rows, followed by an ID
// of its own ("a former member (M-…)") that is not the member's.
const FormerMember = "a former member"

// holds reports whether a response is a forgotten member's: one submitted
// by the time they were forgotten that is a copy of one of theirs (its ID
// or its answers' fingerprint), or that the same person sent (the same
// email; without an email the same phone; without either the same name, as
// matching.Link tells people apart), such as an edit the pod had not seen.
// A response they send after that is someone asking to join again, and
// comes in.
//
// prints are the response's own (responsePrints), so that each is hashed
// once however many members were forgotten.
func (f *forgotten) holds(prints []string, submitted time.Time) bool {
	if submitted.After(f.at) {
		return false
	}
	for _, p := range prints {
		if f.prints[p] {
			return true
		}
	}
	return false
}

// responsePrints are the one-way fingerprints a response is recognised by:
// its ID and the key matching.Link knows its sender by (email, else phone,
// else name). An export's copy of a response has the ID "R-" and its
// answers' ingest.Fingerprint, which a Forget records for each of their
// responses whatever its ID on the tab, so its answers need not be
// fingerprinted again here.
func responsePrints(id string, who matching.Identity) []string {
	var out []string
	if id != "" {
		out = append(out, oneWay("id", id))
	}
	switch {
	case who.Email != "":
		out = append(out, oneWay("email", who.Email))
	case who.Phone != "":
		out = append(out, oneWay("phone", who.Phone))
	case who.Name != "":
		out = append(out, oneWay("name", who.Name))
	}
	return out
}

// forgetState is a cycle's part in forgetting: the forgotten members, the
// rows to delete because they were theirs, and (in a Forget) the member
// being erased.
type forgetState struct {
	req   *forgetting
	known []forgotten
	// drop holds, by tab, the sheet rows (1 = first data row) to delete
	// and their cells as read.
	drop    map[string]map[int][]string
	leftOut int // responses from the source left out
}

// forgetting is one Forget's member and what it found of them.
type forgetting struct {
	member matching.Member
	ids    map[matching.MemberID]bool // their Member IDs (a stale second row too)
	former string                     // "a former member (M-…)"
	entry  forgotten
	// drop is the cycle's forgetState.drop: what is left of it after the
	// plan is made are rows on tabs the sync did not edit.
	drop map[string]map[int][]string
	// cells rewrites decided Matches rows typed by hand, which the sync
	// leaves as they are.
	cells    []sheets.CellEdit
	accepted []int // Matches rows (sheet rows) still Accepted with them
	// mentions are where typed text still names them (findMentions).
	mentions []string
	redactRE *regexp.Regexp // redact's, made on first use
	// What was done, by tab, for the report.
	removed, rewritten map[string]int
	leftOut            int
}

func (s *forgetState) dropRow(tab string, row int, cells []string) {
	if s.drop == nil {
		s.drop = map[string]map[int][]string{}
	}
	if s.drop[tab] == nil {
		s.drop[tab] = map[int][]string{}
	}
	s.drop[tab][row] = slices.Clone(cells)
}

// startForgetting reads the forgotten members from the state and, in a
// Forget, takes the member's rows out of the tabs as read, so that no step
// of the cycle sees them: their Members rows, their open Matches and the
// Do Not Pair rules that name them. The rows are deleted when the plan is
// made (dropRows).
func (r *run) startForgetting() {
	r.forget = forgetState{known: readForgotten(r.state), req: r.c.forget}
	f := r.forget.req
	if f == nil {
		return
	}
	r.forget.known = append(r.forget.known, f.entry)
	f.removed, f.rewritten, f.drop = map[string]int{}, map[string]int{}, map[string]map[int][]string{}
	r.forget.drop = f.drop
	mine := func(cell string) bool { return f.ids[matching.MemberID(refKey(strings.TrimSpace(cell)))] }
	blank := func(tab string, doomed func(row []string) bool) {
		t := r.tabs[tab]
		if t == nil {
			return
		}
		c := &sheets.Table{Name: t.Name, Header: t.Header, Rows: slices.Clone(t.Rows)}
		for i, row := range t.Rows {
			if !sheets.BlankRow(row) && doomed(row) {
				r.forget.dropRow(tab, i+1, row)
				c.Rows[i] = nil
				f.removed[tab]++
			}
		}
		r.tabs[tab] = c
	}
	col := func(tab, name string) int {
		if t := r.tabs[tab]; t != nil {
			c, _ := sheets.NewHeaderIndex(t.Name, t.Header).Find(name)
			return c
		}
		return -1
	}
	idc := col(sheets.TabMembers, sheets.ColMemberID)
	blank(sheets.TabMembers, func(row []string) bool { return mine(sheets.CellAt(row, idc)) })
	m := f.member
	// names is a cell that names them as organizers type people: a Member
	// ID, an email, a name or a phone.
	names := func(cell string) bool {
		k := matching.Fold(refKey(strings.TrimSpace(cell)))
		return k != "" && (mine(cell) || k == matching.Fold(m.Email) || k == matching.Fold(m.Name) ||
			(m.Phone != "" && matching.NormalizePhone(k) == matching.NormalizePhone(m.Phone)))
	}
	mc, hc, sc := col(sheets.TabMatches, sheets.ColMember), col(sheets.TabMatches, sheets.ColHelper), col(sheets.TabMatches, sheets.ColStatus)
	if t := r.tabs[sheets.TabMatches]; t != nil {
		for i, row := range t.Rows {
			st, _ := matching.ParseMatchStatus(strings.TrimSpace(sheets.CellAt(row, sc)))
			if st == matching.Accepted && (names(sheets.CellAt(row, mc)) || names(sheets.CellAt(row, hc))) {
				f.accepted = append(f.accepted, i+2)
			}
		}
	}
	blank(sheets.TabMatches, func(row []string) bool {
		st, _ := matching.ParseMatchStatus(strings.TrimSpace(sheets.CellAt(row, sc)))
		return st == matching.Proposed && (names(sheets.CellAt(row, mc)) || names(sheets.CellAt(row, hc)))
	})
	// A decided row an organizer typed (no Match ID podsync made) is not
	// one the sync writes: its cells naming them are rewritten here.
	if t := r.tabs[sheets.TabMatches]; t != nil {
		xc := col(sheets.TabMatches, sheets.ColMatchID)
		for i, row := range t.Rows {
			if sheets.BlankRow(row) || sheets.IsGeneratedMatchID(sheets.CellAt(row, xc)) {
				continue
			}
			n := len(f.cells)
			for _, side := range []struct {
				who   int
				clear []string
			}{{mc, []string{sheets.ColNeedDetails, sheets.ColZone}}, {hc, []string{sheets.ColHelperContact}}} {
				if side.who < 0 || !names(sheets.CellAt(row, side.who)) {
					continue
				}
				f.cells = append(f.cells, sheets.CellEdit{Row: i + 1, Col: side.who, Value: f.former})
				for _, c := range side.clear {
					if cc := col(sheets.TabMatches, c); cc >= 0 && sheets.CellAt(row, cc) != "" {
						f.cells = append(f.cells, sheets.CellEdit{Row: i + 1, Col: cc, Value: ""})
					}
				}
			}
			if len(f.cells) > n {
				f.rewritten[sheets.TabMatches]++
			}
		}
	}
	ac, bc := col(sheets.TabDoNotPair, sheets.ColPersonA), col(sheets.TabDoNotPair, sheets.ColPersonB)
	blank(sheets.TabDoNotPair, func(row []string) bool { return names(sheets.CellAt(row, ac)) || names(sheets.CellAt(row, bc)) })
	r.findMentions()
}

// findMentions lists the cells that still name the member in what
// organizers typed (Notes, a column of their own, the Changes log), which
// podsync does not rewrite: the organizer is told where they are.
func (r *run) findMentions() {
	f := r.forget.req
	m := f.member
	var needles []string
	for _, v := range []string{m.Email, m.Phone, string(m.ID)} {
		if v = matching.Fold(v); v != "" {
			needles = append(needles, v)
		}
	}
	name := matching.Fold(m.Name)
	mentions := func(cell string) bool {
		c := matching.Fold(cell)
		if c == "" {
			return false
		}
		for _, n := range needles {
			if strings.Contains(c, n) {
				return true
			}
		}
		if name == "" {
			return false
		}
		for i := strings.Index(c, name); i >= 0; {
			end := i + len(name)
			before := i == 0 || !isWordByte(c[i-1])
			after := end == len(c) || !isWordByte(c[end])
			if before && after {
				return true
			}
			j := strings.Index(c[i+1:], name)
			if j < 0 {
				break
			}
			i += 1 + j
		}
		return false
	}
	for _, tab := range []string{sheets.TabMembers, sheets.TabMatches, sheets.TabPairings, sheets.TabDoNotPair, sheets.TabChanges} {
		t := r.tabs[tab]
		if t == nil {
			continue
		}
		spec, known := sheets.Spec(tab)
		ours := map[int]bool{} // podsync's columns: the sync rewrites them
		for c, n := range t.Header {
			for _, sc := range spec.Columns {
				if sc.Owner == sheets.Podsync && matching.Fold(sc.Name) == matching.Fold(n) {
					ours[c] = true
				}
			}
		}
		for i, row := range t.Rows {
			for c, v := range row {
				if (known && ours[c]) || !mentions(v) {
					continue
				}
				where := fmt.Sprintf("tab %q, row %d", t.Name, i+2)
				if c < len(t.Header) && strings.TrimSpace(t.Header[c]) != "" {
					where += fmt.Sprintf(", column %q", t.Header[c])
				} else {
					where += ", column " + sheets.ColLetter(c)
				}
				f.mentions = append(f.mentions, where)
			}
		}
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// leaveOutForgotten takes forgotten members' responses out of the merged
// Responses rows, before the roster is built from them: those from the
// source are not added (and the sync says how many, never whose), and
// any on the tab are deleted.
func (r *run) leaveOutForgotten() {
	if len(r.forget.known) == 0 {
		return
	}
	t := r.tabs[sheets.TabResponses]
	h := sheets.NewHeaderIndex(sheets.TabResponses, r.resp.names)
	onTab := map[string]int{} // Response ID -> index in t.Rows
	if t != nil {
		idc, _ := h.Find(sheets.ColResponseID)
		for i, row := range t.Rows {
			if id := strings.TrimSpace(sheets.CellAt(row, idc)); id != "" {
				if _, dup := onTab[id]; !dup {
					onTab[id] = i
				}
			}
		}
	}
	gone := map[string]bool{}
	keep := r.resp.rows[:0]
	for _, row := range r.resp.rows {
		who := rowIdentity(row, r.hm)
		id := row.id
		if strings.HasPrefix(id, "hand-") {
			id = ""
		}
		held := false
		var prints []string
		for i := range r.forget.known {
			if k := &r.forget.known[i]; !row.submitted.After(k.at) {
				if prints == nil {
					prints = responsePrints(id, who)
				}
				if k.holds(prints, row.submitted) {
					held = true
					break
				}
			}
		}
		if !held {
			keep = append(keep, row)
			continue
		}
		var i int
		var ok bool
		if id == "" {
			_, err := fmt.Sscanf(row.id, "hand-%d", &i)
			ok = err == nil && t != nil && i < len(t.Rows)
		} else {
			i, ok = onTab[id]
			gone[id] = true
		}
		if ok {
			r.forget.dropRow(sheets.TabResponses, i+1, t.Rows[i])
			if r.forget.req != nil {
				r.forget.req.removed[sheets.TabResponses]++
			}
		} else {
			r.forget.leftOut++
			r.resp.added--
			if r.forget.req != nil {
				r.forget.req.leftOut++
			}
		}
	}
	r.resp.rows = keep
	recs := r.resp.recs[:0]
	for _, rec := range r.resp.recs {
		if !gone[strings.TrimSpace(rec[sheets.ColResponseID])] {
			recs = append(recs, rec)
		}
	}
	r.resp.recs = recs
	r.rep.NewResponses = r.resp.added
	if n := r.forget.leftOut; n > 0 && r.forget.req == nil {
		r.warn("%s from a forgotten member %s left out (podsync forget); %s still holds %s",
			sheets.Plural(n, "response"), wasWere(n), r.batch.Name, itThem(n))
	}
	if n := len(r.forget.drop[sheets.TabResponses]); n > 0 && r.forget.req == nil {
		r.warn("tab %q: %s from a forgotten member (typed or pasted back) %s deleted", sheets.TabResponses, sheets.Plural(n, "row"), wasWere(n))
	}
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// answersPrint returns the fingerprint of a Responses row's answers: every
// column but Response ID and Submitted at, as mergeResponses reads a row.
func answersPrint(h *sheets.HeaderIndex, names []string) func(cells []string) string {
	idc, _ := h.Find(sheets.ColResponseID)
	sc, _ := h.Find(sheets.ColSubmittedAt)
	var cols []int
	for c, n := range names {
		if c != idc && c != sc && strings.TrimSpace(n) != "" {
			cols = append(cols, c)
		}
	}
	return func(cells []string) string {
		vals := make([]string, len(cols))
		for i, c := range cols {
			vals[i] = sheets.CellAt(cells, c)
		}
		return ingest.Fingerprint(vals)
	}
}

func rowIdentity(row respRow, hm ingest.HeaderMap) matching.Identity {
	get := func(k string) string { return strings.TrimSpace(hm.Get(row.cells, k)) }
	return matching.IdentityOf(get("email"), get("phone"), get("name"))
}

// forgetIn is what a Forget changes in the records a tab is diffed with:
// the member's name and contact in the decided Matches rows and the
// Pairings rounds that keep them (the past) become "a former member", and
// the _podsync tab records the one-way fingerprints.
func (r *run) forgetIn(tab string, recs []sheets.Record) []sheets.Record {
	f := r.forget.req
	if f == nil {
		return recs
	}
	mine := func(cell string) bool { return f.ids[matching.MemberID(refKey(strings.TrimSpace(cell)))] }
	scrub := func(rec sheets.Record, col string, clear ...string) (sheets.Record, bool) {
		if !mine(rec[col]) {
			return rec, false
		}
		rec = maps.Clone(rec)
		rec[col] = f.former
		for _, c := range clear {
			rec[c] = ""
		}
		return rec, true
	}
	switch tab {
	case sheets.TabMatches:
		for i, rec := range recs {
			var a, b bool
			rec, a = scrub(rec, sheets.ColMember, sheets.ColNeedDetails, sheets.ColZone)
			rec, b = scrub(rec, sheets.ColHelper, sheets.ColHelperContact)
			if a || b {
				recs[i] = rec
				f.rewritten[tab]++
			}
		}
	case sheets.TabPairings:
		for i, rec := range recs {
			changed := false
			for _, p := range []string{sheets.ColPersonA, sheets.ColPersonB, sheets.ColPersonC} {
				var ok bool
				if rec, ok = scrub(rec, p); ok {
					changed = true
				}
			}
			if changed {
				recs[i] = rec
				f.rewritten[tab]++
			}
		}
	case sheets.TabChanges:
		// The Changes log is podsync's own: what it said of the member
		// is rewritten in place to "a former member".
		for i, rec := range recs {
			changed := false
			for _, col := range []string{sheets.ColWho, sheets.ColDetails} {
				if v := f.redact(rec[col]); v != rec[col] {
					if !changed {
						rec = maps.Clone(rec)
					}
					rec[col], changed = v, true
				}
			}
			if changed {
				recs[i] = rec
				f.rewritten[tab]++
			}
		}
	case sheets.TabState:
		recs = append(recs, sheets.Record{sheets.ColKey: forgottenKey + f.entry.key, "Value": f.entry.value()})
	}
	return recs
}

// redact replaces, in text podsync wrote, every mention of the member (as
// "Name (M-…)", by email, phone or Member ID, or by name as a whole word)
// with "a former member".
func (f *forgetting) redact(text string) string {
	if strings.TrimSpace(text) == "" {
		return text
	}
	if f.redactRE == nil {
		var alts []string
		if n := strings.TrimSpace(f.member.Name); n != "" {
			words := strings.Fields(regexp.QuoteMeta(n))
			name := strings.Join(words, `\s+`)
			for id := range f.ids {
				alts = append(alts, name+`\s*\(`+regexp.QuoteMeta(string(id))+`\)`)
			}
			alts = append(alts, `(?:^|[^\pL\pN])`+name+`(?:$|[^\pL\pN])`)
		}
		for id := range f.ids {
			alts = append(alts, regexp.QuoteMeta(string(id)))
		}
		for _, v := range []string{f.member.Email, f.member.Phone} {
			if v = strings.TrimSpace(v); v != "" {
				alts = append(alts, regexp.QuoteMeta(v))
			}
		}
		sort.SliceStable(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
		f.redactRE = regexp.MustCompile(`(?i)` + strings.Join(alts, "|"))
	}
	return f.redactRE.ReplaceAllStringFunc(text, func(m string) string {
		// Keep the character a whole-word match took on either side.
		lead, trail := "", ""
		if r := []rune(m); len(r) > 0 && !isLetterOrDigit(r[0]) && r[0] != '(' {
			lead = string(r[0])
		}
		if r := []rune(m); len(r) > 1 && !isLetterOrDigit(r[len(r)-1]) && r[len(r)-1] != ')' {
			trail = string(r[len(r)-1])
		}
		return lead + FormerMember + trail
	})
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// dropRows adds the rows forgetting deletes from the edit's tab.
func (r *run) dropRows(e *sheets.TabEdit) {
	rows := r.forget.drop[e.Tab]
	if len(rows) == 0 {
		return
	}
	delete(r.forget.drop, e.Tab)
	addDrops(e, rows)
}

// addDrops adds rows (sheet row → cells as read) to the edit's deletions.
func addDrops(e *sheets.TabEdit, rows map[int][]string) {
	if e.DeleteWas == nil {
		e.DeleteWas = map[int][]string{}
	}
	n := 0
	for _, row := range slices.Sorted(maps.Keys(rows)) {
		if _, dup := e.DeleteWas[row]; dup {
			continue
		}
		e.DeleteRows = append(e.DeleteRows, row)
		e.DeleteWas[row] = rows[row]
		n++
	}
	slices.Sort(e.DeleteRows)
	s := sheets.Plural(n, "row") + " of a forgotten member removed"
	if e.Summary != "" {
		s = e.Summary + ", " + s
	}
	e.Summary = s
}

// Forgot is what a Forget did, or with DryRun would do.
type Forgot struct {
	Member matching.Member // who was forgotten: for the organizer's terminal only
	// Removed and Rewritten count, by tab, the rows deleted and the rows
	// whose cells now say "a former member".
	Removed, Rewritten map[string]int
	// Accepted are the Matches rows (sheet rows) still Accepted with the
	// member: their need is not matched again until an organizer sets
	// them Done or Declined.
	Accepted []int
	// Mentions are the cells of text organizers typed (a note, a column of
	// their own) that still name the member: podsync does not rewrite
	// them; the organizer should.
	Mentions []string
	// LeftOut counts the member's responses the source still holds (the
	// form, the linked tab, the responses file): podsync leaves them out
	// of every sync but cannot delete them there.
	LeftOut int
	Report  *Report // the cycle that wrote it: its plan and warnings
}

// Forget erases one member, named by Member ID, email, phone or name, from
// the pod in one write: their Responses rows, Members row, Directory entry,
// open (Proposed) Matches rows and the Do Not Pair rules naming them go;
// the rounds to come are planned again without them; past rounds and
// decided Matches rows say "a former member" where their name was. The
// _podsync tab keeps one-way fingerprints of their email, phone and
// responses, so a later sync of an export that still holds their answers
// leaves those out. Everything else is the sync the Cycle would run.
//
// A who that names nobody, or several people, is an error that says whom.
func (c *Cycle) Forget(ctx context.Context, who string) (*Forgot, error) {
	// First, who it is and which responses are theirs, as a sync reads
	// them.
	r, err := c.readPod(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.ingestResponses(ctx); err != nil {
		return nil, err
	}
	if err := r.buildRoster(ctx); err != nil {
		return nil, err
	}
	m, err := findMember(r.members, who)
	if err != nil {
		// Someone whose responses are gone but whose Members row is
		// still there (kept as it was) is forgotten by that row.
		var e2 error
		if m, e2 = findMember(staleMembers(r.tabs[sheets.TabMembers], r.members), who); e2 != nil {
			return nil, err
		}
	}
	f := &forgetting{member: *m, ids: map[matching.MemberID]bool{m.ID: true},
		former: FormerMember + " (" + string(matching.NewMemberID("former member:"+string(m.ID))) + ")"}
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	at := now.UTC().Truncate(time.Second)
	// A key of its own for each Forget: one who joins again and is
	// forgotten again adds a row, and the first one's fingerprints stay.
	key := strings.TrimPrefix(string(matching.NewMemberID("forgotten:"+string(m.ID)+at.Format(time.RFC3339))), "M-")
	f.entry = forgotten{key: key, at: at, prints: map[string]bool{}}
	fp := answersPrint(sheets.NewHeaderIndex(sheets.TabResponses, r.resp.names), r.resp.names)
	// who they were as their responses say, and as the Members tab does
	// (all there is of someone whose responses are gone).
	identity := func(w matching.Identity) {
		switch {
		case w.Email != "":
			f.entry.prints[oneWay("email", w.Email)] = true
		case w.Phone != "":
			f.entry.prints[oneWay("phone", w.Phone)] = true
		case w.Name != "":
			f.entry.prints[oneWay("name", w.Name)] = true
		}
		if w.Email != "" && w.Phone != "" {
			f.entry.prints[oneWay("phone", w.Phone)] = true
		}
		for _, k := range matching.IdentityKeys(w.Email, w.Phone, w.Name) {
			f.ids[matching.NewMemberID(k)] = true // a stale second Members row of theirs
		}
	}
	identity(matching.IdentityOf(m.Email, m.Phone, m.Name))
	for _, row := range memberRows(r.resp.rows, r.hm, m) {
		if !strings.HasPrefix(row.id, "hand-") {
			f.entry.prints[oneWay("id", row.id)] = true
		}
		if p := fp(row.cells); p != "" {
			f.entry.prints[oneWay("id", "R-"+p)] = true // as an export would carry it
		}
		identity(rowIdentity(row, r.hm))
	}

	// Then the sync without them, planned but not yet written, so that
	// the rows only forgetting deletes join its plan.
	cy := *c
	cy.DryRun, cy.forget = true, f
	rep, err := cy.Run(ctx)
	if err != nil {
		return nil, err
	}
	out := &Forgot{Member: *m, Removed: f.removed, Rewritten: f.rewritten, Accepted: f.accepted, Report: rep}
	// Rows on tabs the sync itself leaves alone (Do Not Pair), and hand-typed
	// Matches rows.
	for _, tab := range slices.Sorted(maps.Keys(f.drop)) {
		e := sheets.TabEdit{Tab: tab}
		addDrops(&e, f.drop[tab])
		rep.Plan.Tabs = append(rep.Plan.Tabs, e)
	}
	if len(f.cells) > 0 {
		i := slices.IndexFunc(rep.Plan.Tabs, func(e sheets.TabEdit) bool { return e.Tab == sheets.TabMatches })
		if i < 0 {
			rep.Plan.Tabs = append(rep.Plan.Tabs, sheets.TabEdit{Tab: sheets.TabMatches})
			i = len(rep.Plan.Tabs) - 1
		}
		rep.Plan.Tabs[i].Cells = append(rep.Plan.Tabs[i].Cells, f.cells...)
	}
	out.LeftOut, out.Mentions = f.leftOut, f.mentions
	rep.CellsWritten, rep.NothingChanged = rep.Plan.CellCount(), rep.Plan.Empty()
	if !c.DryRun && !rep.NothingChanged {
		if err := c.Store.Apply(ctx, rep.Plan); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findMember finds the one member who names: their Member ID (or a cell
// "Name (M-…)"), email, phone or name. No one, or more than one, is an
// error naming what matched.
func findMember(members []matching.Member, who string) (*matching.Member, error) {
	w := strings.TrimSpace(who)
	if w == "" {
		return nil, fmt.Errorf("forget: say whom: a Member ID, email or phone as on the Members tab")
	}
	k := refKey(w)
	var hits []*matching.Member
	pick := func(ok func(m *matching.Member) bool) {
		if len(hits) > 0 {
			return
		}
		for i := range members {
			if ok(&members[i]) {
				hits = append(hits, &members[i])
			}
		}
	}
	pick(func(m *matching.Member) bool { return string(m.ID) == k })
	pick(func(m *matching.Member) bool { return m.Email != "" && matching.Fold(m.Email) == matching.Fold(w) })
	if p := matching.NormalizePhone(w); len(p) >= 7 && !strings.ContainsFunc(w, isLetter) {
		pick(func(m *matching.Member) bool { return m.Phone != "" && matching.NormalizePhone(m.Phone) == p })
	}
	pick(func(m *matching.Member) bool { return m.Name != "" && matching.Fold(m.Name) == matching.Fold(w) })
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return nil, fmt.Errorf("forget: no member is %q: give their Member ID, email or phone as on the %q tab", w, sheets.TabMembers)
	}
	refs := make([]string, len(hits))
	for i, m := range hits {
		refs[i] = Ref(m)
	}
	return nil, fmt.Errorf("forget: %q is %d members: %s; give the Member ID of the one to forget", w, len(hits), strings.Join(refs, ", "))
}

func isLetter(r rune) bool { return unicode.IsLetter(r) }

// staleMembers are the people on the Members tab who are not among
// members (the roster): rows the tab keeps as they were.
func staleMembers(t *sheets.Table, members []matching.Member) []matching.Member {
	if t == nil {
		return nil
	}
	have := map[matching.MemberID]bool{}
	for _, m := range members {
		have[m.ID] = true
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	col := func(n string) int { c, _ := h.Find(n); return c }
	idc, nc, ec, pc := col(sheets.ColMemberID), col(sheets.ColName), col(sheets.ColEmail), col(sheets.ColPhone)
	var out []matching.Member
	for _, row := range t.Rows {
		id := matching.MemberID(strings.TrimSpace(sheets.CellAt(row, idc)))
		if id == "" || have[id] {
			continue
		}
		have[id] = true
		out = append(out, matching.Member{ID: id, Name: strings.TrimSpace(sheets.CellAt(row, nc)),
			Email: strings.TrimSpace(sheets.CellAt(row, ec)), Phone: strings.TrimSpace(sheets.CellAt(row, pc))})
	}
	return out
}

// memberRows are m's responses among rows (in the order buildMembers
// sorted them), linked as buildMembers links them: the person whose
// newest response gives m's email, phone and name.
func memberRows(rows []respRow, hm ingest.HeaderMap, m *matching.Member) []respRow {
	var idx []int
	var who []matching.Identity
	for i, row := range rows {
		w := rowIdentity(row, hm)
		if w == (matching.Identity{}) {
			continue
		}
		idx = append(idx, i)
		who = append(who, w)
	}
	want := matching.IdentityOf(m.Email, m.Phone, m.Name)
	for _, p := range matching.Link(who) {
		if who[p[len(p)-1]] != want {
			continue
		}
		out := make([]respRow, len(p))
		for j, i := range p {
			out[j] = rows[idx[i]]
		}
		return out
	}
	return nil
}
