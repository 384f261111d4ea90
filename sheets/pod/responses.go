package pod

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
)

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
// to come from (a Batch's Name; "" when there was no source at all).
func noResponsesWarning(source string) string {
	if source == "" {
		return "no responses yet: pass --responses FILE (a Google Forms export), --form ID, or link the form to this spreadsheet"
	}
	return source + " has no responses yet"
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
	incoming = prepareIncoming(incoming)
	// colOf is the column a field's answer goes to.
	colOf := func(f ingest.Field) string {
		if f.QuestionID != "" {
			if c, ok := opts.questions[f.QuestionID]; ok && have[matching.Fold(c)] && !ownTitle(c) {
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
		// One look-up per column, not a scan of the header: an export
		// of thousands of questions into a tab made by init would
		// otherwise take seconds.
		inTab := make(map[string]bool, len(names)+len(spec.Columns))
		for _, n := range names {
			inTab[matching.Fold(n)] = true
		}
		for _, c := range spec.Columns {
			if k := matching.Fold(c.Name); !inTab[k] {
				inTab[k] = true
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
	// A row already on the tab is the same response as an incoming one
	// when their answers have the same ingest.Fingerprint, whatever export
	// carried each and whatever ID it was given (an older podsync's, or
	// another export's), so no copy of a response is ever added twice. A
	// row's answers are read twice: in every column of the tab (the same
	// answer may sit under another export's title, "Username" for "Email
	// Address"), and in the columns the incoming responses write (an
	// organizer may have typed in a column of their own).
	var allCols []int
	for c, n := range names {
		if c != idc && c != sc && strings.TrimSpace(n) != "" {
			allCols = append(allCols, c)
		}
	}
	// fieldCol is the tab column of a field's answer, found once per
	// question: every response carries the same ones.
	type fieldKey struct{ id, title string }
	fieldCols := map[fieldKey]int{}
	fieldCol := func(f ingest.Field) int {
		k := fieldKey{f.QuestionID, f.Title}
		c, ok := fieldCols[k]
		if !ok {
			c, _ = h.Find(colOf(f))
			fieldCols[k] = c
		}
		return c
	}
	var fpCols []int
	seenCol := map[int]bool{}
	for _, r := range incoming {
		for _, f := range r.Fields {
			if c := fieldCol(f); c >= 0 && !seenCol[c] {
				seenCol[c] = true
				fpCols = append(fpCols, c)
			}
		}
	}
	fingerprintIn := func(cells []string, cols []int) string {
		vals := make([]string, len(cols))
		for i, c := range cols {
			vals[i] = sheets.CellAt(cells, c)
		}
		return ingest.Fingerprint(vals)
	}
	fingerprint := func(cells []string) string { return fingerprintIn(cells, fpCols) }
	incomingCells := make([][]string, len(incoming))
	incomingPresent := make([][]bool, len(incoming))
	incomingFP := make([]string, len(incoming))
	current := map[string]bool{}   // incoming IDs
	currentFP := map[string]bool{} // incoming fingerprints
	for k, r := range incoming {
		cells := make([]string, len(names))
		present := make([]bool, len(names))
		cells[idc] = r.ID
		cells[sc] = ingest.FormatTime(r.Submitted)
		present[idc], present[sc] = true, true
		for _, f := range r.Fields {
			if c := fieldCol(f); c >= 0 {
				cells[c] = f.Text
				present[c] = true
			}
		}
		incomingCells[k], incomingPresent[k] = cells, present
		current[r.ID] = true
		if incomingFP[k] = fingerprint(cells); incomingFP[k] != "" {
			currentFP[incomingFP[k]] = true
		}
	}
	ours := map[string]bool{matching.Fold(sheets.ColResponseID): true, matching.Fold(sheets.ColSubmittedAt): true}
	if opts.complete {
		for _, r := range incoming {
			for _, f := range r.Fields {
				ours[matching.Fold(colOf(f))] = true
			}
		}
	}
	var rows []respRow
	var removed []int
	var gone []goneRow
	index := map[string]int{} // Response ID -> index in rows
	byFP := map[string]int{}  // fingerprint -> index in rows
	if t != nil {
		for i, r := range t.Rows {
			if sheets.BlankRow(r) {
				continue
			}
			cells := make([]string, len(names))
			copy(cells, r)
			id := strings.TrimSpace(sheets.CellAt(r, idc))
			var fps []string // the row's fingerprints, as read both ways
			if id != "" {
				for _, fp := range []string{fingerprint(cells), fingerprintIn(cells, allCols)} {
					if fp != "" {
						fps = append(fps, fp)
					}
				}
			}
			held := current[id]
			for _, fp := range fps {
				held = held || currentFP[fp]
			}
			if opts.complete && len(incoming) > 0 && hashIDRE.MatchString(id) && !held {
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
			for _, fp := range fps {
				if _, ok := byFP[fp]; !ok {
					byFP[fp] = len(rows)
				}
			}
			rows = append(rows, respRow{id: id, submitted: sub, cells: cells})
		}
	}
	added := 0
	for k, r := range incoming {
		cells, present, fp := incomingCells[k], incomingPresent[k], incomingFP[k]
		i, ok := index[r.ID]
		if !ok && fp != "" {
			if i, ok = byFP[fp]; ok {
				// Another copy of a response the tab has: it keeps the
				// row's ID.
				cells[idc] = rows[i].id
				index[r.ID] = i
			}
		}
		// The response's place in the source says which of two given in
		// the same second is the newer (buildMembers).
		order := k + 1
		if ok {
			rows[i].order = order
			if r.Submitted.Before(rows[i].submitted) {
				continue // an older copy of a response we have
			}
			rows[i] = respRow{id: rows[i].id, submitted: r.Submitted, cells: mergeCells(rows[i].cells, cells, present), order: order}
			continue
		}
		index[r.ID] = len(rows)
		if fp != "" {
			byFP[fp] = len(rows)
		}
		rows = append(rows, respRow{id: r.ID, submitted: r.Submitted, cells: cells, order: order})
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
			return "column " + sheets.ColLetter(c)
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

// ownTitle reports whether a title is one of the Responses tab's own
// columns, Response ID or Submitted at (case and spacing folded).
func ownTitle(title string) bool {
	f := matching.Fold(title)
	return f == foldedResponseID || f == foldedSubmittedAt
}

var foldedResponseID, foldedSubmittedAt = matching.Fold(sheets.ColResponseID), matching.Fold(sheets.ColSubmittedAt)

// questionSuffix is added to the title of a form question titled like one
// of the Responses tab's own columns ("Submitted at", "Response ID"), so
// that its answers get a column of their own: under the tab's own title
// they would overwrite the response's time or its ID.
const questionSuffix = " (question)"

// prepareIncoming returns incoming as the Responses tab stores it: every
// title and answer cleaned (ingest.CleanText: control characters dropped,
// line ends made "\n"), so that what podsync writes reads back the same and
// a second sync writes nothing; and every field titled like one of the
// tab's own columns retitled "<title> (question)" (numbered on, "(question
// 2)", while another field of the response has that title). Responses that
// need no change are shared, not copied.
func prepareIncoming(incoming []ingest.Response) []ingest.Response {
	var out []ingest.Response
	for k, r := range incoming {
		change := false
		for _, f := range r.Fields {
			change = change || ownTitle(f.Title) || ingest.CleanText(f.Title) != f.Title || ingest.CleanText(f.Text) != f.Text
		}
		if !change {
			if out != nil {
				out = append(out, r)
			}
			continue
		}
		if out == nil {
			out = append(make([]ingest.Response, 0, len(incoming)), incoming[:k]...)
		}
		fields := slices.Clone(r.Fields)
		used := map[string]bool{}
		for i, f := range fields {
			fields[i].Title, fields[i].Text = ingest.CleanText(f.Title), ingest.CleanText(f.Text)
			used[matching.Fold(fields[i].Title)] = true
		}
		for i, f := range fields {
			if !ownTitle(f.Title) {
				continue
			}
			base := strings.Join(strings.Fields(f.Title), " ")
			title := base + questionSuffix
			for n := 2; used[matching.Fold(title)]; n++ {
				title = fmt.Sprintf("%s (question %d)", base, n)
			}
			used[matching.Fold(title)] = true
			fields[i].Title = title
		}
		r.Fields = fields
		out = append(out, r)
	}
	if out == nil {
		return incoming
	}
	return out
}
