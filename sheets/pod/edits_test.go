package pod_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// putTab writes a whole tab (creating it) into a store.
func putTab(t *testing.T, s sheets.Store, tab string, create bool, grid [][]string) {
	t.Helper()
	e := sheets.TabEdit{Tab: tab, Create: create}
	for r, row := range grid {
		for c, v := range row {
			e.Cells = append(e.Cells, sheets.CellEdit{Row: r, Col: c, Value: v})
		}
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{e}}); err != nil {
		t.Fatal(err)
	}
}

// tabText reads a tab back as one string, for "holds / does not hold".
func tabText(t *testing.T, s sheets.Store, tab string) (string, *sheets.Table) {
	t.Helper()
	got, err := s.Read(context.Background(), tab)
	if err != nil {
		t.Fatal(err)
	}
	tb := got[tab]
	if tb == nil {
		return "", nil
	}
	return fmt.Sprint(tb.Header, tb.Rows), tb
}

var linkedHeader = []string{"Timestamp", "Email address", "Your name",
	"Would you like 1-on-1 conversations with pod members?", "What may we share with the whole pod?"}

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

func writeFile(p, body string) error { return os.WriteFile(p, []byte(body), 0o600) }

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
