package google_test

import (
	"context"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

// TestLinkedTabThenFormsAPI: a pod that read its responses from the linked
// tab, then from the Forms API (--form), then from the linked tab again,
// keeps one Responses row per response: the Forms API's response IDs and
// the linked tab's derived ones are recognised as the same responses.
func TestLinkedTabThenFormsAPI(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg, formID := fakeForm(t, srv)
	at := []time.Time{
		time.Date(2026, 11, 20, 14, 5, 12, 345e6, time.UTC),
		time.Date(2026, 11, 20, 14, 6, 40, 994e6, time.UTC),
	}
	answers := []map[string][]string{
		{"Your name": {"Ana Ruiz"}, "Phone number": {"555-0101"}, "What can you help others with?": {"Food and groceries", "Childcare"},
			"Would you like 1-on-1 conversations with pod members?": {"Yes"}, "What may we share with the whole pod?": {"My name", "My zone"}},
		{"Your name": {"Bo Chen"}, "Phone number": {"555-0102"}, "What do you need help with?": {"Recreation", "fixing bikes, scooters"},
			"Would you like 1-on-1 conversations with pod members?": {"No"}},
	}
	for i := range at {
		srv.AddResponse(formID, googlefake.Response{Submitted: at[i], Answers: answers[i]})
	}
	// The linked tab as Google writes it: the timestamp to the second, in
	// the spreadsheet's zone; checkbox labels joined with ", ".
	form := srv.Form(formID)
	header := []string{"Timestamp"}
	for _, it := range form.Items {
		if it.QuestionItem != nil {
			header = append(header, it.Title)
		}
	}
	grid := [][]string{header}
	for i, a := range answers {
		row := []string{at[i].Round(time.Second).Format("1/2/2006 15:04:05")}
		for _, title := range header[1:] {
			v := ""
			for j, s := range a[title] {
				if j > 0 {
					v += ", "
				}
				v += s
			}
			row = append(row, v)
		}
		grid = append(grid, row)
	}
	srv.SetCells("Form Responses 1", grid)
	store := openFake(t, srv, nil)
	forms, err := google.OpenForms(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for i, c := range []*pod.Cycle{
		{Store: store, Now: now},
		{Store: store, Source: forms, Now: now},
		{Store: store, Now: now},
	} {
		rep, err := c.Run(ctx)
		if err != nil {
			t.Fatalf("sync %d: %v", i+1, err)
		}
		want := 0
		if i == 0 {
			want = 2
		}
		if got := len(srv.Cells(sheets.TabResponses)) - 1; rep.NewResponses != want || got != 2 {
			t.Errorf("sync %d: %d new responses, %d rows; want %d and 2", i+1, rep.NewResponses, got, want)
		}
		if rep.Members != 2 {
			t.Errorf("sync %d: %d members, want 2", i+1, rep.Members)
		}
	}
}
