package google_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
	formsapi "google.golang.org/api/forms/v1"
)

// TestRenamedTabRefusedInGoogle: a spreadsheet whose Members tab was given
// a trailing space, or whose Matches tab a year, stops the sync before it
// writes: the store lists its tabs' titles for the cycle to check.
func TestRenamedTabRefusedInGoogle(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ from, to string }{
		{sheets.TabMembers, "Members "},
		{sheets.TabMatches, "Matches 2026"},
	} {
		srv := googlefake.New(t)
		srv.SetCells("Form Responses 1", [][]string{
			{"Timestamp", "Email address", "Your name"},
			{"11/20/2026 9:05:12", "ana@example.org", "Ana"},
		})
		if _, err := (&pod.Cycle{Store: openFake(t, srv, nil), Now: now}).Run(ctx); err != nil {
			t.Fatal(err)
		}
		srv.Spreadsheet().RenameTab(c.from, c.to)
		before := fmt.Sprint(srv.Spreadsheet().Tabs(), srv.Cells(c.to))
		_, err := (&pod.Cycle{Store: openFake(t, srv, nil), Now: now}).Run(ctx)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("tab %q looks like podsync's %q", c.to, c.from)) {
			t.Errorf("%q renamed %q: %v", c.from, c.to, err)
		}
		if after := fmt.Sprint(srv.Spreadsheet().Tabs(), srv.Cells(c.to)); after != before {
			t.Errorf("%q renamed %q: the refused sync changed the spreadsheet", c.from, c.to)
		}
	}
}

// TestFormsQuestionTitledSubmittedAt: a Forms question titled "Submitted
// at" gets the Responses column "Submitted at (question)"; the tab's own
// Submitted at keeps each response's time, and every response is kept.
func TestFormsQuestionTitledSubmittedAt(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	cfg := fakeConfig(srv, nil)
	cfg.FormID = srv.SetForm(&formsapi.Form{Info: &formsapi.Info{Title: "Pod"}, Items: []*formsapi.Item{
		googlefake.TextItem("Your name", false), googlefake.TextItem("Submitted at", false),
	}})
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for i, name := range []string{"Ana", "Bo", "Cy", "Di"} {
		srv.AddResponse(cfg.FormID, googlefake.Response{Submitted: t0.Add(time.Duration(i) * time.Minute),
			Answers: map[string][]string{"Your name": {name}, "Submitted at": {"yesterday"}}})
	}
	c := formCycle(t, cfg)
	c.Now = t0
	rep, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.NewResponses != 4 || rep.Members != 4 {
		t.Fatalf("%d new responses, %d members", rep.NewResponses, rep.Members)
	}
	cells := srv.Cells(sheets.TabResponses)
	head := cells[0]
	sc, qc := slices.Index(head, sheets.ColSubmittedAt), slices.Index(head, "Submitted at (question)")
	if sc < 0 || qc < 0 {
		t.Fatalf("header %q", head)
	}
	for _, r := range cells[1:] {
		if !strings.HasPrefix(r[sc], "2026-11-20T09:0") || r[qc] != "yesterday" {
			t.Errorf("row %q", r)
		}
	}
	if rep, err := c.Run(ctx); err != nil || !rep.NothingChanged {
		t.Errorf("second sync: %v, %+v", err, rep)
	}
}
