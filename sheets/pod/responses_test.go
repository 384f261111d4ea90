package pod_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestDuplicateIDRefused: an ID pasted onto a second row of Members or
// Responses stops the sync with an error naming the tab, both rows and the
// column, before anything is written, instead of dropping the organizer's
// edit on one of the rows and appending a fresh row.
func TestDuplicateIDRefused(t *testing.T) {
	for _, tc := range []struct {
		tab, col string
		also     string // a column set on the pasted row as well ("" none)
	}{
		{sheets.TabMembers, sheets.ColMemberID, sheets.ColActive},
		{sheets.TabResponses, sheets.ColResponseID, ""},
	} {
		t.Run(tc.tab, func(t *testing.T) {
			s := storetest.NewMem()
			runCycle(t, s, sample)
			tab := storetest.ReadTab(t, s, tc.tab)
			if len(tab.Rows) < 3 {
				t.Fatalf("%s has %d rows", tc.tab, len(tab.Rows))
			}
			id := cell(t, tab, 0, tc.col)
			cells := []sheets.CellEdit{{Row: 3, Col: colOf(t, tab, tc.col), Value: id}}
			if tc.also != "" {
				cells = append(cells, sheets.CellEdit{Row: 3, Col: colOf(t, tab, tc.also), Value: "Left"})
			}
			edit(t, s, tc.tab, cells...)
			before, writes := snapshot(t, s), s.Writes

			_, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
			if err == nil {
				t.Fatal("a duplicate ID was accepted")
			}
			for _, w := range []string{`tab "` + tc.tab + `"`, `column "` + tc.col + `"`, "rows 2 and 4", id,
				"each row needs its own ID: row 2 has it too; restore the ID podsync wrote or clear it"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			var te *sheets.TabError
			if !errors.As(err, &te) || te.Row != 4 {
				t.Errorf("error %v is not a sheets.TabError on row 4", err)
			}
			if s.Writes != writes || !reflect.DeepEqual(before, snapshot(t, s)) {
				t.Error("the pod changed")
			}

			// Clearing the pasted ID lets the sync go on.
			edit(t, s, tc.tab, sheets.CellEdit{Row: 3, Col: colOf(t, tab, tc.col), Value: ""})
			runCycle(t, s, sample)
		})
	}
}

// TestLinkedTabEditInPlace: Google rewrites a response edited in the form
// in place in the linked tab, with a new timestamp, so its derived ID
// changes. The old Responses row goes, and the respondent whose email was
// corrected is one member, not a ghost paired with the real one.
func TestLinkedTabEditInPlace(t *testing.T) {
	ctx := context.Background()
	s := storetest.NewMem()
	putTab(t, s, "Form Responses 1", true, [][]string{
		linkedHeader,
		{"11/20/2026 9:05:12", "ana@example.org", "Ana", "Yes", "My name, My email"},
		{"11/20/2026 9:06:40", "bo@exmaple.org", "Bo", "Yes", "My name, My email"},
		{"11/20/2026 9:07:02", "cy@example.org", "Cy", "Yes", "My name, My email"},
	})
	// A row an organizer typed on the Responses tab by hand, and one with
	// an ID of another kind, are kept whatever the linked tab says.
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	c := &pod.Cycle{Store: s, Now: now}
	rep, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Members != 3 {
		t.Fatalf("first cycle: %d members", rep.Members)
	}
	_, resp := tabText(t, s, sheets.TabResponses)
	n := len(resp.Rows)
	putTab(t, s, sheets.TabResponses, false, [][]string{nil,
		nil, nil, nil,
		{"", "2026-11-20T10:00:00Z", "dee@example.org", "Dee", "No"},
		{"ACYDBNjkept", "2026-11-20T10:01:00Z", "eve@example.org", "Eve", "No"},
	})
	if n != 3 {
		t.Fatalf("Responses has %d rows", n)
	}

	// Bo corrects the email; Google rewrites the row in place.
	putTab(t, s, "Form Responses 1", false, [][]string{nil, nil,
		{"11/22/2026 8:00:00", "bo@example.org", "Bo", "Yes", "My name, My email"}})
	c.Now = now.Add(48 * time.Hour)
	if rep, err = c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if rep.Members != 5 {
		t.Errorf("second cycle: %d members, want 5 (Ana, Bo, Cy, and the two kept rows)", rep.Members)
	}
	text, resp := tabText(t, s, sheets.TabResponses)
	if len(resp.Rows) != 5 || strings.Contains(text, "exmaple") || !strings.Contains(text, "bo@example.org") ||
		!strings.Contains(text, "Dee") || !strings.Contains(text, "ACYDBNjkept") {
		t.Errorf("Responses: %q", resp.Rows)
	}
	for _, tab := range []string{sheets.TabDirectory, sheets.TabPairings} {
		if text, _ := tabText(t, s, tab); strings.Contains(text, "exmaple") {
			t.Errorf("%s still holds the ghost: %s", tab, text)
		}
	}
	if text, _ := tabText(t, s, sheets.TabDirectory); strings.Count(text, "Bo") != 1 {
		t.Errorf("Directory: %s", text)
	}

	// A repeat changes nothing; a linked tab emptied by mistake removes
	// nothing.
	if rep, err = c.Run(ctx); err != nil || !rep.NothingChanged {
		t.Errorf("repeat: %v, %+v", err, rep.Plan)
	}

	// An organizer wrote a note on Cy's row, in a column of their own;
	// then Cy edits the response. The row is kept for the note (with a
	// warning) but Cy is one member.
	_, resp = tabText(t, s, sheets.TabResponses)
	note := len(resp.Header)
	cyRow := -1
	for i, r := range resp.Rows {
		if strings.Contains(fmt.Sprint(r), "Cy") {
			cyRow = i + 1
		}
	}
	e := sheets.TabEdit{Tab: sheets.TabResponses, Cells: []sheets.CellEdit{{Row: 0, Col: note, Value: "Called?"}, {Row: cyRow, Col: note, Value: "left a message"}}}
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{e}}); err != nil {
		t.Fatal(err)
	}
	putTab(t, s, "Form Responses 1", false, [][]string{nil, nil, nil,
		{"11/22/2026 9:00:00", "cy@example.org", "Cy Young", "Yes", "My name, My email"}})
	if rep, err = c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if rep.Members != 5 || !strings.Contains(fmt.Sprint(rep.Warnings), fmt.Sprintf(`row %d: the response is no longer in the linked tab`, cyRow+1)) {
		t.Errorf("after Cy's edit: %d members, warnings %q", rep.Members, rep.Warnings)
	}
	if text, resp := tabText(t, s, sheets.TabResponses); len(resp.Rows) != 6 || !strings.Contains(text, "left a message") || !strings.Contains(text, "Cy Young") {
		t.Errorf("Responses: %q", resp.Rows)
	}
	if text, _ := tabText(t, s, sheets.TabDirectory); strings.Count(text, "Cy") != 1 {
		t.Errorf("Directory: %s", text)
	}

	putTab(t, s, "Form Responses 1", false, [][]string{nil,
		{"", "", "", "", ""}, {"", "", "", "", ""}, {"", "", "", "", ""}})
	if _, err = c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, resp := tabText(t, s, sheets.TabResponses); len(resp.Rows) != 6 {
		t.Errorf("an empty linked tab removed responses: %q", resp.Rows)
	}
}

// TestResponsesFileKeepsMissing: a --responses file may be an older or
// partial download; responses it lacks are kept.
func TestResponsesFileKeepsMissing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, rows ...string) string {
		p := dir + "/" + name
		body := "Timestamp,Email address,Your name\r\n" + strings.Join(rows, "\r\n") + "\r\n"
		if err := writeFile(p, body); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := write("all.csv", "11/20/2026 9:05:12,ana@example.org,Ana", "11/20/2026 9:06:40,bo@example.org,Bo")
	part := write("part.csv", "11/20/2026 9:05:12,ana@example.org,Ana")
	s := storetest.NewMem()
	c := &pod.Cycle{Store: s, Source: ingest.File(all), Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}
	if _, err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	c.Source = ingest.File(part)
	rep, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, resp := tabText(t, s, sheets.TabResponses); len(resp.Rows) != 2 || rep.Members != 2 {
		t.Errorf("Responses after a partial file: %q", resp.Rows)
	}
}

// TestLinkedTabExtraCells: a linked-tab row with more cells than the header
// (a note typed beside the responses, or a column whose title was deleted)
// loses nothing: the cell is kept under a generated "Column X" title, as
// an untitled question is. (A downloaded CSV with such a line is an error
// instead: there it means a comma lost its quotes and answers shifted.)
func TestLinkedTabExtraCells(t *testing.T) {
	ctx := context.Background()
	s := storetest.NewMem()
	putTab(t, s, "Form Responses 1", true, [][]string{
		{"Timestamp", "Email address", "Your name"},
		{"11/20/2026 9:05:12", "ana@example.org", "Ana", "call after 6"},
		{"11/20/2026 9:06:40", "bo@example.org", "Bo"},
	})
	c := &pod.Cycle{Store: s, Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}
	if _, err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	_, resp := tabText(t, s, sheets.TabResponses)
	col := -1
	for i, h := range resp.Header {
		if h == "Column D" {
			col = i
		}
	}
	if col < 0 || len(resp.Rows) != 2 || resp.Rows[0][col] != "call after 6" {
		t.Errorf("Responses: %q %q", resp.Header, resp.Rows)
	}
}
