package google_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

// TestGoogleCycle runs sync cycles against the fake spreadsheet and form:
// the first fills the pod, a repeat reads once and writes nothing, and an
// edited response is picked up.
func TestGoogleCycle(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	people := []struct{ name, email, offers, needs string }{
		{"Ana", "ana@example.org", "Food and groceries", "Tech assistance"},
		{"Bo", "bo@example.org", "Tech assistance", "Childcare"},
		{"Cy", "cy@example.org", "Childcare", "Food and groceries"},
	}
	for i, p := range people {
		srv.AddResponse(id, googlefake.Response{ID: "r" + p.name, Submitted: t0.Add(time.Duration(i) * time.Minute), Answers: map[string][]string{
			"Your name": {p.name}, "Email address": {p.email},
			"What can you help others with?": {p.offers}, "What do you need help with?": {p.needs},
			"Would you like 1-on-1 conversations with pod members?": {"Yes"},
			"What may we share with the whole pod?":                 {"My name"},
		}})
	}
	store, err := google.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	src, err := google.OpenForms(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cycle := &pod.Cycle{Store: store, Source: src, Now: t0.Add(24 * time.Hour)}
	rep, err := cycle.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Responses != 3 || rep.Members != 3 {
		t.Errorf("first cycle: %d responses, %d members", rep.Responses, rep.Members)
	}
	if got := srv.Cells(sheets.TabMembers); len(got) != 4 {
		t.Errorf("Members: %q", got)
	}

	srv.ResetCounts()
	rep, err = cycle.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.NothingChanged {
		t.Errorf("second cycle changed %d cells: %+v", rep.CellsWritten, rep.Plan)
	}
	wantCounts(t, srv, map[string]int{"values.batchGet": 1, "forms.responses.list": 1})

	srv.EditResponse(id, "rBo", t0.Add(48*time.Hour), map[string][]string{"Your name": {"Bo Builder"}, "Email address": {"bo@example.org"}})
	srv.ResetCounts()
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count("values.batchUpdate"); n != 1 {
		t.Errorf("%d writes for an edited response", n)
	}
	found := false
	for _, row := range srv.Cells(sheets.TabMembers) {
		for _, c := range row {
			if c == "Bo Builder" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("edited name not on Members: %q", srv.Cells(sheets.TabMembers))
	}
}

// TestEditedResponseWithdraws: a respondent who edits their response to
// untick what they shared, or to clear an answer, has withdrawn it: the
// newer copy wins blanks included, and the Directory drops it.
func TestEditedResponseWithdraws(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	srv.AddResponse(id, googlefake.Response{ID: "rAna", Submitted: t0, Answers: map[string][]string{
		"Your name": {"Ana"}, "Email address": {"ana@example.org"}, "Phone number": {"555-0101"},
		"What can you help others with?":        {"Childcare"},
		"What may we share with the whole pod?": {"My name", "My phone number"},
	}})
	store, err := google.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	src, err := google.OpenForms(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cycle := &pod.Cycle{Store: store, Source: src, Now: t0.Add(24 * time.Hour)}
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fmt.Sprint(srv.Cells(sheets.TabDirectory)), "555-0101") {
		t.Fatalf("Directory before the edit: %q", srv.Cells(sheets.TabDirectory))
	}
	srv.EditResponse(id, "rAna", t0.Add(2*time.Hour), map[string][]string{"Your name": {"Ana"}, "Email address": {"ana@example.org"}})
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tab := range []string{sheets.TabDirectory, sheets.TabMembers, sheets.TabResponses} {
		text := fmt.Sprint(srv.Cells(tab))
		if strings.Contains(text, "555-0101") || strings.Contains(text, "Childcare") || (tab == sheets.TabDirectory && strings.Contains(text, "Ana")) {
			t.Errorf("%s still holds withdrawn answers: %q", tab, srv.Cells(tab))
		}
	}
}
