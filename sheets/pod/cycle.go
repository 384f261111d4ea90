package pod

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
)

// SchemaVersion is the layout version recorded in the _podsync tab.
const SchemaVersion = "1"

// Cycle is one sync: read the pod, ingest responses, rebuild the roster,
// match needs to offers, plan pairing rounds, and write what changed in one
// Apply. It is safe to repeat: a cycle killed half-way is simply redone.
type Cycle struct {
	Store sheets.Store
	// Source is the Forms API; nil reads ResponsesFile, else the linked
	// tab ("Form Responses 1" or "Form responses 1") when the pod has one.
	Source        ingest.Source
	ResponsesFile string
	Now           time.Time
	DryRun        bool
	Log           *slog.Logger
}

// Report is what a cycle did. Its counts are what gets logged; Plan, Pod
// and Warnings hold what members and organizers wrote, so a Report is
// logged only through LogValue, which keeps to the counts.
type Report struct {
	Responses      int // responses the source returned
	NewResponses   int // rows added to Responses
	Members        int
	Skipped        int // responses with no name, email or phone
	MatchesNew     int
	MatchesKept    int
	OpenNeeds      int
	RoundsPlanned  int // future rounds on the Pairings tab
	Plan           *sheets.Plan
	Warnings       []string
	Pod            *matching.Pod
	Cursor         time.Time
	CellsWritten   int
	NothingChanged bool
}

// LogValue makes a logged Report its counts only: never names, answers or
// the cells of the plan.
func (r *Report) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("responses", r.Responses), slog.Int("new_responses", r.NewResponses),
		slog.Int("members", r.Members), slog.Int("skipped", r.Skipped),
		slog.Int("matches_new", r.MatchesNew), slog.Int("matches_kept", r.MatchesKept),
		slog.Int("open_needs", r.OpenNeeds), slog.Int("rounds_planned", r.RoundsPlanned),
		slog.Int("cells", r.CellsWritten), slog.Int("warnings", len(r.Warnings)))
}

// Run runs the cycle.
func (c *Cycle) Run(ctx context.Context) (*Report, error) {
	log := c.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tabs, err := c.Store.Read(ctx, sheets.TabNames()...)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	set, err := ParseSettings(tabs[sheets.TabSettings])
	if err != nil {
		return nil, err
	}
	state := readState(tabs[sheets.TabState])
	if v, err := strconv.Atoi(state["schema"]); err == nil && v > schemaVersion() {
		// A newer podsync laid this pod out; writing it with the old
		// layout could undo what the newer one keeps.
		return nil, &sheets.TabError{Tab: sheets.TabState, Column: "Value", Err: fmt.Errorf("the pod was written by a newer podsync (layout %d; this one knows %s)", v, SchemaVersion),
			Fix: "upgrade podsync on this machine to the version the pod's other syncs use"}
	}

	// 1. Responses: from the Forms API, a file, or the linked tab.
	var incoming []ingest.Response
	opts := mergeOpts{questions: questionColumns(state)}
	linked := "" // the linked tab's title, when the responses come from it
	switch {
	case c.Source != nil:
		since, _ := time.Parse(time.RFC3339Nano, state["cursor"])
		rs, cursor, err := c.Source.Responses(ctx, since)
		if err != nil {
			return nil, err
		}
		incoming, rep.Cursor = rs, cursor
	case c.ResponsesFile != "":
		// A file may be an older or partial download: what it lacks is
		// not gone, so nothing is removed.
		if incoming, err = ingest.ReadResponsesFile(c.ResponsesFile, &set); err != nil {
			return nil, err
		}
	default:
		for _, n := range sheets.LinkedTabs {
			if t := tabs[n]; t != nil && len(t.Header) > 0 {
				// Errors name the tab as the spreadsheet titles it.
				if ts, ok := c.Store.(interface{ TabTitle(string) string }); ok {
					t.Name = ts.TabTitle(n)
				}
				linked = t.Name
				if incoming, err = ingest.ExportFromTable(t).Responses(&set); err != nil {
					return nil, err
				}
				// Google keeps the linked tab whole: a response edited
				// there is rewritten in place, with a new derived ID.
				opts.complete = true
				break
			}
		}
	}
	rep.Responses = len(incoming)

	mr, err := mergeResponses(tabs[sheets.TabResponses], incoming, set.TimeZone, opts)
	if err != nil {
		return nil, err
	}
	rows, names := mr.rows, mr.names
	rep.NewResponses = mr.added
	for _, g := range mr.gone {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("tab %q, row %d: the response is no longer in the linked tab %q (edited or deleted there) and is left out of Members, but the row is kept because %q holds something podsync did not write; move it to the response's new row and delete this one",
			sheets.TabResponses, g.row, linked, g.column))
	}
	// ResolveHeaders skips Response ID and Submitted at itself, so its
	// column letters in errors are the tab's own.
	var hm ingest.HeaderMap
	if len(rows) == 0 {
		// A new pod: nothing to read questions from yet, and nothing wrong.
		hm = ingest.HeaderMap{}
		rep.Warnings = append(rep.Warnings, noResponsesWarning(c, linked))
	} else if hm, err = ingest.ResolveHeaders(names, renamedHeaders(set.Headers, c.Source, incoming, opts.questions, names), fmt.Sprintf("tab %q", sheets.TabResponses)); err != nil {
		return nil, err
	}

	// 2. Members.
	if err := checkActive(tabs[sheets.TabMembers]); err != nil {
		return nil, err
	}
	members, skipped, err := buildMembers(rows, hm, tabs[sheets.TabMembers], set.TimeZone)
	if err != nil {
		return nil, err
	}
	rep.Members, rep.Skipped = len(members), skipped
	if skipped > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d responses have no name, email or phone and were left out of Members", skipped))
	}
	res := newResolver(members)
	dnp, dnpRows, err := parseDoNotPair(tabs[sheets.TabDoNotPair])
	if err != nil {
		return nil, err
	}
	forbidden, _ := matching.ResolveDoNotPair(dnp, members)
	rep.Warnings = append(rep.Warnings, doNotPairWarnings(sheets.TabDoNotPair, dnpRows, members)...)

	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	local := now.In(set.TimeZone)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)

	// 3. Pairing rounds.
	history, rawGroups, err := ParsePairings(tabs[sheets.TabPairings], res, set.DateOrder == "DMY")
	if err != nil {
		return nil, err
	}
	groups := planRounds(matching.RotationInput{
		Members: members, History: history, Forbidden: forbidden, Settings: set, Today: today,
	})
	future := map[int]bool{}
	for _, g := range groups {
		if !g.WeekOf.Before(today) {
			future[g.Round] = true
		}
	}
	rep.RoundsPlanned = len(future)

	// 4. Matches.
	existing, hand, rawMatches, matchWarnings, err := ParseMatches(tabs[sheets.TabMatches], res)
	if err != nil {
		return nil, err
	}
	rep.Warnings = append(rep.Warnings, matchWarnings...)
	mres := propose(matching.MatchInput{
		Members: members, Existing: existing, Settings: set, Forbidden: forbidden,
		Met: metPairs(history, today), Today: today,
	})
	before := map[string]bool{}
	for _, m := range existing {
		before[m.ID] = true
	}
	for _, m := range mres.Matches {
		if m.Status == matching.Proposed {
			if before[m.ID] {
				rep.MatchesKept++
			} else {
				rep.MatchesNew++
			}
		}
	}
	for _, u := range mres.Unmet {
		if u.Category != "" {
			rep.OpenNeeds += u.Open
		}
	}

	// 5. Records for every tab, then one plan.
	var plan sheets.Plan
	add := func(t *sheets.Table, spec sheets.TabSpec, recs []sheets.Record) error {
		e, err := sheets.Diff(t, spec, recs)
		if err != nil {
			return err
		}
		if !e.Empty() {
			plan.Tabs = append(plan.Tabs, e)
		}
		return nil
	}
	respEdit, err := sheets.Diff(tabs[sheets.TabResponses], mr.spec, mr.recs)
	if err != nil {
		return nil, err
	}
	removeRows(&respEdit, tabs[sheets.TabResponses], mr.removed)
	if !respEdit.Empty() {
		plan.Tabs = append(plan.Tabs, respEdit)
	}
	memRecs := make([]sheets.Record, len(members))
	for i := range members {
		memRecs[i] = memberRecord(&members[i], set.TimeZone)
	}
	matchRecs := make([]sheets.Record, 0, len(mres.Matches))
	for _, m := range mres.Matches {
		if hand[m.ID] {
			continue // the organizer's own row stays where they typed it
		}
		if raw, ok := rawMatches[m.ID]; ok && m.Status != matching.Proposed {
			// Accepted, Done and Declined rows are the organizers': not
			// one cell of them is rewritten.
			matchRecs = append(matchRecs, raw)
			continue
		}
		matchRecs = append(matchRecs, matchRecord(m, res))
	}
	groupRecs := pairingRecords(groups, history, rawGroups, today, res)
	unmetRecs := make([]sheets.Record, 0, len(mres.Unmet))
	for _, u := range mres.Unmet {
		ids := make([]string, len(u.Waiting))
		for i, id := range u.Waiting {
			ids[i] = string(id)
		}
		label := u.Label
		if label == "" {
			label = string(u.Category)
		}
		unmetRecs = append(unmetRecs, sheets.Record{"Category": label, "Open needs": strconv.Itoa(u.Open),
			"Helpers offering": strconv.Itoa(u.Helpers), "Waiting (member IDs)": strings.Join(ids, ", ")})
	}
	for _, step := range []struct {
		tab  string
		recs []sheets.Record
	}{
		{sheets.TabMembers, memRecs},
		{sheets.TabMatches, matchRecs},
		{sheets.TabPairings, groupRecs},
		{sheets.TabUnmet, unmetRecs},
		{sheets.TabDirectory, directoryRecords(members)},
	} {
		spec, _ := sheets.Spec(step.tab)
		if err := add(tabs[step.tab], spec, step.recs); err != nil {
			return nil, err
		}
	}
	// A tab that exists but is blank (a cycle that died after creating it,
	// or an organizer who cleared it) is filled in as if it were new.
	if t := tabs[sheets.TabSettings]; t == nil || blankTab(t) {
		plan.Tabs = append(plan.Tabs, settingsTab(t == nil))
	}
	if t := tabs[sheets.TabDoNotPair]; t == nil || blankTab(t) {
		spec, _ := sheets.Spec(sheets.TabDoNotPair)
		if err := add(t, spec, nil); err != nil {
			return nil, err
		}
	}
	stateRecs := []sheets.Record{{"Key": "schema", "Value": SchemaVersion}}
	cursor := state["cursor"]
	if c.Source != nil && !rep.Cursor.IsZero() {
		cursor = rep.Cursor.UTC().Format(time.RFC3339Nano)
	}
	if cursor != "" {
		stateRecs = append(stateRecs, sheets.Record{"Key": "cursor", "Value": cursor})
	}
	for _, id := range slices.Sorted(maps.Keys(opts.questions)) {
		stateRecs = append(stateRecs, sheets.Record{"Key": questionKey + id, "Value": opts.questions[id]})
	}
	stateSpec, _ := sheets.Spec(sheets.TabState)
	if err := add(tabs[sheets.TabState], stateSpec, stateRecs); err != nil {
		return nil, err
	}

	rep.Plan = &plan
	rep.CellsWritten = plan.CellCount()
	rep.NothingChanged = plan.Empty()
	rep.Pod = &matching.Pod{Settings: set, Members: members, Matches: mres.Matches, Groups: groups, DoNotPair: dnp,
		Resources: parseResources(tabs[sheets.TabResources])}
	// Debug detail for --verbose: tab names and counts, never cell text.
	for _, e := range plan.Tabs {
		if !e.Empty() {
			log.Debug("tab planned", "tab", e.Tab, "cells", len(e.Cells), "rows_removed", len(e.DeleteRows), "create", e.Create)
		}
	}
	log.Debug("cycle planned", "report", rep, "dry_run", c.DryRun)
	if c.DryRun || plan.Empty() {
		return rep, nil
	}
	if err := c.Store.Apply(ctx, &plan); err != nil {
		return nil, err
	}
	return rep, nil
}

// questionKey prefixes a _podsync key that records a Forms question's
// Responses column: "question <question ID>".
const questionKey = "question "

// questionColumns reads the question columns recorded in the _podsync tab.
func questionColumns(state map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range state {
		if id, ok := strings.CutPrefix(k, questionKey); ok && strings.TrimSpace(id) != "" && strings.TrimSpace(v) != "" {
			out[strings.TrimSpace(id)] = v
		}
	}
	return out
}

// renamedHeaders returns the Settings' header map with every title that is
// a Forms question's current title, when that question's answers go to a
// column of another title (it was renamed in the form), replaced by that
// column: "Header: name = Name" for a question renamed from "Your name"
// names the column the answers are in. A title that is itself a column of
// the tab is left as it is.
func renamedHeaders(headers map[string]string, src ingest.Source, incoming []ingest.Response, questions map[string]string, names []string) map[string]string {
	if len(headers) == 0 || len(questions) == 0 {
		return headers
	}
	current := map[string]string{} // folded current title -> question ID
	note := func(f ingest.Field) {
		if f.QuestionID != "" {
			current[matching.Fold(f.Title)] = f.QuestionID
		}
	}
	if ql, ok := src.(interface{ QuestionFields() []ingest.Field }); ok {
		for _, f := range ql.QuestionFields() {
			note(f)
		}
	}
	for _, r := range incoming {
		for _, f := range r.Fields {
			note(f)
		}
	}
	out := make(map[string]string, len(headers))
	for k, title := range headers {
		out[k] = title
		if containsFold(names, title) {
			continue
		}
		if id, ok := current[matching.Fold(title)]; ok {
			if col, ok := questions[id]; ok && containsFold(names, col) {
				out[k] = col
			}
		}
	}
	return out
}

// noResponsesWarning says why there are no responses, by where they were
// to come from.
func noResponsesWarning(c *Cycle, linked string) string {
	switch {
	case c.Source != nil:
		return "the form has no responses yet"
	case c.ResponsesFile != "":
		return "the responses file has no responses yet"
	case linked != "":
		return fmt.Sprintf("the linked tab %q has no responses yet", linked)
	}
	return "no responses yet: pass --responses FILE (a Google Forms export), --form ID, or link the form to this spreadsheet"
}

// removeRows adds the tab's rows at the given indexes (in t.Rows,
// ascending) to the edit's deletions, with their cells as read, so a store
// people edit keeps a row that changed in between.
func removeRows(e *sheets.TabEdit, t *sheets.Table, idx []int) {
	if len(idx) == 0 || t == nil {
		return
	}
	if e.DeleteWas == nil {
		e.DeleteWas = map[int][]string{}
	}
	for _, i := range idx {
		if _, dup := e.DeleteWas[i+1]; dup {
			continue
		}
		e.DeleteRows = append(e.DeleteRows, i+1)
		e.DeleteWas[i+1] = slices.Clone(t.Rows[i])
	}
	slices.Sort(e.DeleteRows)
	n := sheets.Plural(len(idx), "removed row") + " (responses edited or deleted in the linked tab)"
	if e.Summary == "" {
		e.Summary = n
	} else {
		e.Summary += ", " + n
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

func schemaVersion() int {
	v, _ := strconv.Atoi(SchemaVersion)
	return v
}

// blankTab reports whether an existing tab holds nothing at all.
func blankTab(t *sheets.Table) bool {
	if !sheets.BlankRow(t.Header) {
		return false
	}
	for _, r := range t.Rows {
		if !sheets.BlankRow(r) {
			return false
		}
	}
	return true
}

func readState(t *sheets.Table) map[string]string {
	out := map[string]string{}
	if t == nil {
		return out
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	k, _ := h.Find("Key")
	v, _ := h.Find("Value")
	for _, r := range t.Rows {
		if key := sheets.CellAt(r, k); key != "" {
			out[key] = sheets.CellAt(r, v)
		}
	}
	return out
}

// settingsTab creates the Settings tab with every key and its default, so
// organizers see what they can set.
func settingsTab(create bool) sheets.TabEdit {
	e := sheets.TabEdit{Tab: sheets.TabSettings, Create: create, Summary: "new tab"}
	if !create {
		e.Summary = "filled in the blank tab"
	}
	e.Cells = append(e.Cells, sheets.CellEdit{Row: 0, Col: 0, Value: sheets.ColSetting}, sheets.CellEdit{Row: 0, Col: 1, Value: sheets.ColValue}, sheets.CellEdit{Row: 0, Col: 2, Value: "About"})
	for i, k := range SettingKeys {
		e.Cells = append(e.Cells, sheets.CellEdit{Row: i + 1, Col: 0, Value: k.Key}, sheets.CellEdit{Row: i + 1, Col: 2, Value: k.Help})
		if k.Default != "" {
			e.Cells = append(e.Cells, sheets.CellEdit{Row: i + 1, Col: 1, Value: k.Default})
		}
	}
	return e
}

// hashIDRE is the form of the Response IDs podsync derives for exports,
// which carry none (see Export.Responses).
var hashIDRE = regexp.MustCompile(`^R-[0-9a-f]{12}$`)

// mergeOpts says how mergeResponses treats the rows it is given.
type mergeOpts struct {
	// complete says incoming is every response there is (the linked tab,
	// which Google keeps whole): a row whose ID podsync derived from a
	// response's time and answers and that is not among incoming was
	// edited in place (so its ID changed) or deleted, and is removed.
	complete bool
	// questions maps a Forms question ID to the Responses column its
	// answers go to. A question it does not name is added, under the
	// column its answers were written to.
	questions map[string]string
}

// merged is the Responses tab after mergeResponses.
type merged struct {
	spec    sheets.TabSpec
	recs    []sheets.Record
	rows    []respRow
	names   []string
	added   int
	removed []int // indexes in the tab's Rows of rows to delete, ascending
	// gone are rows no longer among the responses (as removed) that are
	// kept on the tab, but not in rows, because something podsync did not
	// write is in them: an organizer's note in a column of their own.
	gone []goneRow
}

// goneRow is a Responses row kept for what an organizer wrote on it.
type goneRow struct {
	row    int    // sheet row
	column string // a column with the organizer's content
}

// mergeResponses folds incoming responses into the Responses tab's rows,
// keyed by Response ID: a new ID is a new row, a known ID submitted later
// (an edited response) updates its row in place. Rows typed by hand (no
// Response ID) take part in the roster but are never written.
//
// A Forms answer goes to the column its question ID was first written
// under (opts.questions), so renaming a question in the form keeps its
// answers in their column, where Settings and the header map find them.
func mergeResponses(t *sheets.Table, incoming []ingest.Response, loc *time.Location, opts mergeOpts) (m merged, err error) {
	spec, _ := sheets.Spec(sheets.TabResponses)
	var names []string
	if t != nil {
		names = append(names, t.Header...)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[matching.Fold(n)] = true
	}
	// colOf is the column a field's answer goes to.
	colOf := func(f ingest.Field) string {
		if f.QuestionID != "" {
			if c, ok := opts.questions[f.QuestionID]; ok && have[matching.Fold(c)] {
				return c
			}
		}
		return f.Title
	}
	var newCols []string
	for _, r := range incoming {
		for _, f := range r.Fields {
			col := colOf(f)
			if k := matching.Fold(col); !have[k] {
				have[k] = true
				newCols = append(newCols, col)
			}
			if f.QuestionID != "" && opts.questions != nil {
				if c, ok := opts.questions[f.QuestionID]; !ok || matching.Fold(c) != matching.Fold(col) {
					opts.questions[f.QuestionID] = col
				}
			}
		}
	}
	spec = spec.WithColumns(newCols...)
	if t == nil {
		// A new tab starts with the podsync columns, then the questions.
		for _, c := range spec.Columns {
			names = append(names, c.Name)
		}
	} else {
		for _, c := range spec.Columns {
			if !containsFold(names, c.Name) {
				names = append(names, c.Name)
			}
		}
	}
	h := sheets.NewHeaderIndex(sheets.TabResponses, names)
	idc, err := h.Find(sheets.ColResponseID)
	if err != nil {
		return m, err
	}
	sc, err := h.Find(sheets.ColSubmittedAt)
	if err != nil {
		return m, err
	}
	current := map[string]bool{}
	ours := map[string]bool{matching.Fold(sheets.ColResponseID): true, matching.Fold(sheets.ColSubmittedAt): true}
	if opts.complete {
		for _, r := range incoming {
			current[r.ID] = true
			for _, f := range r.Fields {
				ours[matching.Fold(colOf(f))] = true
			}
		}
	}
	var rows []respRow
	var removed []int
	var gone []goneRow
	index := map[string]int{}
	if t != nil {
		for i, r := range t.Rows {
			if sheets.BlankRow(r) {
				continue
			}
			cells := make([]string, len(names))
			copy(cells, r)
			id := strings.TrimSpace(sheets.CellAt(r, idc))
			if opts.complete && len(incoming) > 0 && hashIDRE.MatchString(id) && !current[id] {
				// Edited in the linked tab (Google rewrites the row, so
				// its derived ID changed) or deleted from it. An empty
				// linked tab removes nothing: it is more likely cleared
				// by mistake than every response withdrawn. A row an
				// organizer wrote on, in a column of their own, stays on
				// the tab but out of the roster.
				if c := foreignCell(r, names, ours); c != "" {
					gone = append(gone, goneRow{row: i + 2, column: c})
				} else {
					removed = append(removed, i)
				}
				continue
			}
			var sub time.Time
			if s := strings.TrimSpace(sheets.CellAt(r, sc)); s != "" {
				if sub, err = ingest.SubmittedIn(s, loc); err != nil {
					return m, &sheets.TabError{Tab: sheets.TabResponses, Row: i + 2, Column: sheets.ColSubmittedAt, Err: err, Fix: "type the time as 2026-11-20T09:05:12-05:00"}
				}
			}
			if id == "" {
				rows = append(rows, respRow{id: fmt.Sprintf("hand-%06d", i), submitted: sub, cells: cells})
				continue
			}
			if _, dup := index[id]; dup {
				continue
			}
			index[id] = len(rows)
			rows = append(rows, respRow{id: id, submitted: sub, cells: cells})
		}
	}
	added := 0
	for _, r := range incoming {
		cells := make([]string, len(names))
		present := make([]bool, len(names))
		cells[idc] = r.ID
		cells[sc] = ingest.FormatTime(r.Submitted)
		present[idc], present[sc] = true, true
		for _, f := range r.Fields {
			if c, _ := h.Find(colOf(f)); c >= 0 {
				cells[c] = f.Text
				present[c] = true
			}
		}
		if i, ok := index[r.ID]; ok {
			if r.Submitted.Before(rows[i].submitted) {
				continue // an older copy of a response we have
			}
			rows[i] = respRow{id: r.ID, submitted: r.Submitted, cells: mergeCells(rows[i].cells, cells, present)}
			continue
		}
		index[r.ID] = len(rows)
		rows = append(rows, respRow{id: r.ID, submitted: r.Submitted, cells: cells})
		added++
	}
	var recs []sheets.Record
	for _, r := range rows {
		if strings.HasPrefix(r.id, "hand-") {
			continue
		}
		rec := make(sheets.Record, len(names))
		for i, n := range names {
			rec[n] = r.cells[i]
		}
		recs = append(recs, rec)
	}
	// Every column the tab has is podsync's to keep as it was: declare the
	// tab's existing question columns so Diff rewrites them only to the
	// value they already hold, or the edited response's new answer.
	spec = spec.WithColumns(names...)
	return merged{spec: spec, recs: recs, rows: rows, names: names, added: added, removed: removed, gone: gone}, nil
}

// foreignCell returns the header of the first non-blank cell of r in a
// column podsync does not fill from the responses (ours, folded), or "".
func foreignCell(r, names []string, ours map[string]bool) string {
	for c, v := range r {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if c >= len(names) || !ours[matching.Fold(names[c])] {
			if c < len(names) && strings.TrimSpace(names[c]) != "" {
				return names[c]
			}
			return "column " + sheets.ColName(c)
		}
	}
	return ""
}

// mergeCells updates a response's cells with an edited copy. Every
// question the copy carries takes its answer, blank included: a respondent
// who unticks "My phone number" or clears an answer has withdrawn it. Only
// the cells of questions the copy does not carry at all (a question since
// removed from the form) keep what they held.
func mergeCells(old, upd []string, present []bool) []string {
	out := append([]string(nil), old...)
	for i, v := range upd {
		if present[i] {
			out[i] = v
		}
	}
	return out
}

func containsFold(xs []string, x string) bool {
	for _, y := range xs {
		if matching.Fold(y) == matching.Fold(x) {
			return true
		}
	}
	return false
}

func matchRecord(m matching.Match, r *resolver) sheets.Record {
	rec := sheets.Record{sheets.ColMatchID: m.ID, "Category": string(m.Category), "Why": m.Why, "Proposed on": FormatDate(m.ProposedOn)}
	if m.ProposedOn.IsZero() {
		rec["Proposed on"] = ""
	}
	if mem := r.byID[m.Member]; mem != nil {
		rec["Member"] = Ref(mem)
		rec["Need details"] = mem.NeedDetails
		rec["Zone"] = mem.Zone
	} else {
		rec["Member"] = "(" + string(m.Member) + ")"
	}
	if h := r.byID[m.Helper]; h != nil {
		rec["Helper"] = Ref(h)
		rec["Helper contact"] = h.Contact()
	} else {
		rec["Helper"] = "(" + string(m.Helper) + ")"
	}
	if m.Status != matching.Proposed {
		// Never written (organizer column); carried so a new row for a
		// hand-made decision keeps it.
		rec[sheets.ColStatus] = m.Status.String()
	}
	return rec
}

// pairingRecords lays out the Pairings tab. A round that is past, or a
// future one an organizer edited, is written back cell for cell as the sheet
// has it (history and organizer edits are never rewritten, not even to tidy
// a name); a future round nobody edited that planning kept gets only its
// person cells rewritten, so a member's new name shows; re-planned and new
// rounds get fresh rows.
func pairingRecords(groups, history []matching.Group, raw []sheets.Record, today time.Time, r *resolver) []sheets.Record {
	type round struct {
		groups []matching.Group
		raw    []sheets.Record
		past   bool
	}
	hist := map[int]*round{}
	var histOrder []int
	for i, g := range history {
		h := hist[g.Round]
		if h == nil {
			h = &round{}
			hist[g.Round] = h
			histOrder = append(histOrder, g.Round)
		}
		h.groups = append(h.groups, g)
		h.raw = append(h.raw, raw[i])
		if g.WeekOf.Before(today) {
			h.past = true
		}
	}
	planned := map[int][]matching.Group{}
	var order []int
	for _, g := range groups {
		if _, ok := planned[g.Round]; !ok {
			order = append(order, g.Round)
		}
		planned[g.Round] = append(planned[g.Round], g)
	}
	for _, rd := range histOrder {
		if _, ok := planned[rd]; !ok && hist[rd].past {
			order = append(order, rd) // history the planner left out stays
		}
	}
	sort.Ints(order)
	var out []sheets.Record
	for _, rd := range order {
		h := hist[rd]
		if h != nil && (h.past || sameGroups(h.groups, planned[rd])) {
			if h.past || edited(h.groups) {
				out = append(out, h.raw...)
				continue
			}
			// A future round nobody edited, kept as planned: its person
			// cells follow the members' current names.
			for i, g := range h.groups {
				rec := maps.Clone(h.raw[i])
				fresh := groupRecord(g, r)
				for _, p := range []string{"Person A", "Person B", "Person C"} {
					rec[p] = fresh[p]
				}
				out = append(out, rec)
			}
			continue
		}
		for _, g := range planned[rd] {
			out = append(out, groupRecord(g, r))
		}
	}
	return out
}

// edited reports whether an organizer edited any group of a round.
func edited(gs []matching.Group) bool {
	for _, g := range gs {
		if g.Edited {
			return true
		}
	}
	return false
}

// sameGroups reports whether two rounds hold the same groups, in any order.
func sameGroups(a, b []matching.Group) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(g matching.Group) string {
		ids := make([]string, len(g.Members))
		for i, id := range g.Members {
			ids[i] = string(id)
		}
		sort.Strings(ids)
		return strings.Join(ids, " ")
	}
	count := map[string]int{}
	for _, g := range a {
		count[key(g)]++
	}
	for _, g := range b {
		if count[key(g)]--; count[key(g)] < 0 {
			return false
		}
	}
	return true
}

func groupRecord(g matching.Group, r *resolver) sheets.Record {
	rec := sheets.Record{sheets.ColRound: strconv.Itoa(g.Round), "Week of": FormatDate(g.WeekOf)}
	for i, p := range []string{"Person A", "Person B", "Person C"} {
		if i < len(g.Members) {
			if m := r.byID[g.Members[i]]; m != nil {
				rec[p] = Ref(m)
			} else {
				rec[p] = "(" + string(g.Members[i]) + ")"
			}
		} else {
			rec[p] = ""
		}
	}
	return rec
}

func parseResources(t *sheets.Table) []matching.Resource {
	if t == nil {
		return nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	col := func(names ...string) int {
		for _, n := range names {
			if c, err := h.Find(n); err == nil && c >= 0 {
				return c
			}
		}
		return -1
	}
	nc, cc, kc, oc := col("Name", "Resource"), col("Category"), col("Contact", "Phone", "Where"), col("Notes", "Details")
	var out []matching.Resource
	for _, r := range t.Rows {
		if sheets.BlankRow(r) {
			continue
		}
		out = append(out, matching.Resource{Name: sheets.CellAt(r, nc), Category: sheets.CellAt(r, cc), Contact: sheets.CellAt(r, kc), Notes: sheets.CellAt(r, oc)})
	}
	return out
}
