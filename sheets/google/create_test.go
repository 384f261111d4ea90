package google_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
)

func TestCreateSpreadsheet(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	id, url, err := google.CreateSpreadsheet(ctx, fakeConfig(srv, nil), "Maple Street pod")
	if err != nil {
		t.Fatal(err)
	}
	if id == googlefake.SpreadsheetID || !strings.Contains(url, id) {
		t.Fatalf("id %q url %q", id, url)
	}
	book := srv.Book(id)
	if got := book.Tabs(); !reflect.DeepEqual(got, specNames()) {
		t.Errorf("tabs %q (the blank Sheet1 should be gone)", got)
	}
	if n := srv.Count("spreadsheets.create"); n != 1 {
		t.Errorf("%d creates", n)
	}
	// The pod is named after the spreadsheet; the other defaults stay.
	settings := book.Cells(sheets.TabSettings)
	if len(settings) < 4 || settings[1][0] != "Pod name" || settings[1][1] != "Maple Street pod" || settings[2][0] != "Language" || settings[2][1] != "en" || settings[3][0] != "Zone order" {
		t.Errorf("Settings %q", settings)
	}
	s, err := google.Open(ctx, func() google.Config { c := fakeConfig(srv, nil); c.SpreadsheetID = id; return c }())
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := s.Read(ctx, sheets.TabSettings)
	if err != nil {
		t.Fatal(err)
	}
	set, err := pod.ParseSettings(tabs[sheets.TabSettings])
	if err != nil || set.PodName != "Maple Street pod" {
		t.Errorf("Pod name %q, %v", set.PodName, err)
	}
}

func TestCreateForm(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg := fakeConfig(srv, nil)
	id, url, err := google.CreateForm(ctx, cfg, "Maple Street pod")
	if err != nil {
		t.Fatal(err)
	}
	if id == "" || !strings.Contains(url, "viewform") {
		t.Fatalf("id %q url %q", id, url)
	}
	wantCounts(t, srv, map[string]int{"forms.create": 1, "forms.batchUpdate": 1, "forms.setPublishSettings": 1})
	if !srv.Published(id) {
		t.Error("form not published")
	}
	form := srv.Form(id)
	if form.Info.Title != "Maple Street pod" || form.Info.Description == "" {
		t.Errorf("info %+v", form.Info)
	}
	if len(form.Items) != len(ingest.Questions) {
		t.Fatalf("%d items, want %d", len(form.Items), len(ingest.Questions))
	}
	for i, q := range ingest.Questions {
		it := form.Items[i]
		if it.Title != q.Title {
			t.Errorf("item %d: %q, want %q", i, it.Title, q.Title)
		}
		question := it.QuestionItem.Question
		if question.Required != q.Required {
			t.Errorf("%q required = %v", q.Title, question.Required)
		}
		switch q.Kind {
		case "radio", "checkbox":
			cq := question.ChoiceQuestion
			if cq == nil || cq.Type != strings.ToUpper(q.Kind) {
				t.Fatalf("%q: %+v", q.Title, question)
			}
			var labels []string
			other := false
			for _, o := range cq.Options {
				if o.IsOther {
					other = true
				} else {
					labels = append(labels, o.Value)
				}
			}
			if !reflect.DeepEqual(labels, q.Choices) || other != q.Other {
				t.Errorf("%q: options %q other %v", q.Title, labels, other)
			}
		case "paragraph":
			if question.TextQuestion == nil || !question.TextQuestion.Paragraph {
				t.Errorf("%q is not a paragraph", q.Title)
			}
		default:
			if question.TextQuestion == nil || question.TextQuestion.Paragraph {
				t.Errorf("%q is not a short answer", q.Title)
			}
		}
	}
	// offers and needs allow "Other".
	for _, key := range []string{"offers", "needs"} {
		q, _ := ingest.QuestionByKey(key)
		if !q.Other {
			t.Errorf("%s has no Other", key)
		}
	}

	// The form reads back through FormsSource with the template's titles.
	cfg.FormID = id
	fs, err := google.OpenForms(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	titles, err := fs.Questions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range ingest.Questions {
		if titles[i] != q.Title {
			t.Errorf("question %d reads back as %q", i, titles[i])
		}
	}
}
