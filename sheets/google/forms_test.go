package google_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/ingest"
	formsapi "google.golang.org/api/forms/v1"
)

// podForm is a form like the SPEC template, with a grid and a page break.
func podForm() *formsapi.Form {
	return &formsapi.Form{
		Info:     &formsapi.Info{Title: "Pod sign-up"},
		Settings: &formsapi.FormSettings{EmailCollectionType: "RESPONDER_INPUT"},
		Items: []*formsapi.Item{
			googlefake.TextItem("Your name", false),
			googlefake.ChoiceItem("Best way to reach you", "RADIO", false, "Text", "Call", "Email"),
			{Title: "About you", PageBreakItem: &formsapi.PageBreakItem{}},
			googlefake.ChoiceItem("What can you help others with?", "CHECKBOX", true, "Food and groceries", "Childcare", "Tech assistance"),
			googlefake.GridItem("Availability", true, []string{"Mornings", "Evenings"}, "Weekdays", "Weekends"),
			googlefake.TextItem("What are your needs? What are you afraid of losing?", true),
		},
	}
}

func openForms(t *testing.T, srv *googlefake.Server) *google.FormsSource {
	t.Helper()
	f, err := google.OpenForms(context.Background(), fakeConfig(srv, nil))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func fieldMap(r ingest.Response) map[string]string {
	m := map[string]string{}
	for _, f := range r.Fields {
		m[f.Title] = f.Text
	}
	return m
}

func TestFormsSource(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	srv.SetForm(podForm())
	srv.SetPageSize(2)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	for i, name := range []string{"Ana", "Bo", "Cy", "Di", "Ed"} {
		srv.AddResponse(googlefake.FormID, googlefake.Response{
			ID: "r" + name, Submitted: t0.Add(time.Duration(i) * time.Minute), Email: strings.ToLower(name) + "@example.org",
			Answers: map[string][]string{
				"Your name":                      {name},
				"What can you help others with?": {"Food and groceries", "Tech assistance", "fixing bikes, and sewing"},
				"Availability [Evenings]":        {"Weekdays", "Weekends"},
			},
		})
	}
	f := openForms(t, srv)

	titles, err := f.Questions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantTitles := []string{"Your name", "Best way to reach you", "What can you help others with?",
		"Availability [Mornings]", "Availability [Evenings]", "What are your needs? What are you afraid of losing?"}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Fatalf("questions %q", titles)
	}

	srv.ResetCounts()
	rs, cursor, err := f.Responses(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// Five responses in pages of two: three list calls, the form cached.
	wantCounts(t, srv, map[string]int{"forms.responses.list": 3})
	for _, r := range srv.RequestsOf("forms.responses.list") {
		if r.Query.Get("filter") != "" {
			t.Errorf("filter %q with a zero cursor", r.Query.Get("filter"))
		}
	}
	if len(rs) != 5 || rs[0].ID != "rAna" || rs[4].ID != "rEd" {
		t.Fatalf("responses %+v", rs)
	}
	if !cursor.Equal(t0.Add(4 * time.Minute)) {
		t.Errorf("cursor %v", cursor)
	}
	first := rs[0]
	if !first.Submitted.Equal(t0) {
		t.Errorf("submitted %v", first.Submitted)
	}
	var order []string
	for _, fl := range first.Fields {
		order = append(order, fl.Title)
	}
	if want := append([]string{"Email address"}, wantTitles...); !reflect.DeepEqual(order, want) {
		t.Errorf("field order %q, want %q", order, want)
	}
	m := fieldMap(first)
	if m["Email address"] != "ana@example.org" || m["Your name"] != "Ana" ||
		m["What can you help others with?"] != "Food and groceries, Tech assistance, fixing bikes, and sewing" ||
		m["Availability [Evenings]"] != "Weekdays, Weekends" || m["Availability [Mornings]"] != "" {
		t.Errorf("fields %q", m)
	}

	// Next cycle: nothing new but the response at the cursor itself.
	srv.ResetCounts()
	rs, cursor2, err := f.Responses(ctx, cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].ID != "rEd" || !cursor2.Equal(cursor) {
		t.Errorf("at the cursor: %+v %v", rs, cursor2)
	}
	if got := srv.RequestsOf("forms.responses.list")[0].Query.Get("filter"); got != "timestamp >= 2026-05-03T12:04:00Z" {
		t.Errorf("filter %q", got)
	}

	// A new response and an edit of an old one both come back.
	srv.AddResponse(googlefake.FormID, googlefake.Response{ID: "rFay", Submitted: t0.Add(time.Hour),
		Answers: map[string][]string{"Your name": {"Fay"}}})
	srv.EditResponse(googlefake.FormID, "rBo", t0.Add(2*time.Hour), map[string][]string{"Your name": {"Bo B."}})
	rs, cursor3, err := f.Responses(ctx, cursor)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	if !reflect.DeepEqual(ids, []string{"rEd", "rFay", "rBo"}) || !cursor3.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("ids %q cursor %v", ids, cursor3)
	}
	if got := fieldMap(rs[2])["Your name"]; got != "Bo B." {
		t.Errorf("edited answer %q", got)
	}
	if _, ok := fieldMap(rs[1])["Email address"]; ok {
		t.Errorf("no email collected for Fay, but the field is there")
	}
}

func TestFormsSourceDedupes(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	srv.SetForm(podForm())
	srv.SetPageSize(1)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	srv.AddResponse(googlefake.FormID, googlefake.Response{ID: "r1", Submitted: t0, Answers: map[string][]string{"Your name": {"old"}}})
	// The same response again, edited between two pages.
	srv.AppendRawResponse(googlefake.FormID, &formsapi.FormResponse{ResponseId: "r1",
		CreateTime: t0.Format(time.RFC3339Nano), LastSubmittedTime: t0.Add(time.Minute).Format(time.RFC3339Nano),
		Answers: map[string]formsapi.Answer{}})
	f := openForms(t, srv)
	rs, cursor, err := f.Responses(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || !rs[0].Submitted.Equal(t0.Add(time.Minute)) || !cursor.Equal(t0.Add(time.Minute)) {
		t.Fatalf("%+v %v", rs, cursor)
	}
	if srv.Count("forms.responses.list") != 2 {
		t.Errorf("pages: %v", srv.Counts())
	}
}

func TestFormsSourceNewQuestion(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	srv.SetForm(podForm())
	f := openForms(t, srv)
	if _, _, err := f.Responses(ctx, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The organizer adds a question; a response answers it.
	form := podForm()
	form.Items = append(form.Items, googlefake.TextItem("Pets?", false))
	srv.SetForm(form)
	srv.AddResponse(googlefake.FormID, googlefake.Response{ID: "r1", Submitted: time.Now(), Answers: map[string][]string{"Pets?": {"a cat"}}})
	rs, _, err := f.Responses(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || fieldMap(rs[0])["Pets?"] != "a cat" {
		t.Fatalf("%+v", rs)
	}
	if n := srv.Count("forms.get"); n != 2 {
		t.Errorf("forms.get %d times, want 2 (once more for the new question)", n)
	}
}

func TestFormsSourceErrors(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	f := openForms(t, srv) // no form on the server
	_, _, err := f.Responses(ctx, time.Time{})
	if !errors.Is(err, google.ErrNotFound) || !strings.Contains(err.Error(), "check the form ID") {
		t.Fatalf("err = %v", err)
	}
	srv.SetForm(podForm())
	srv.Deny(403)
	_, _, err = f.Responses(ctx, time.Time{})
	if !errors.Is(err, google.ErrAccessDenied) {
		t.Fatalf("err = %v", err)
	}
}
