package google_test

import (
	"context"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

func checksByName(cs []google.Check) map[string]google.Check {
	m := map[string]google.Check{}
	for _, c := range cs {
		m[c.Name] = c
	}
	return m
}

func TestDoctor(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg := fakeConfig(srv, nil)
	cfg.FormID = ""

	// An empty spreadsheet: reachable, every tab missing, no responses.
	cs := checksByName(google.Doctor(ctx, cfg))
	if c := cs["credentials"]; !c.OK || c.Detail != "no auth" {
		t.Errorf("credentials %+v", c)
	}
	if c := cs["spreadsheet"]; !c.OK || !strings.Contains(c.Detail, "Fake pod") {
		t.Errorf("spreadsheet %+v", c)
	}
	if c := cs["tab Members"]; c.OK || !strings.Contains(c.Fix, "podsync init") {
		t.Errorf("tab Members %+v", c)
	}
	if c := cs["tab _podsync"]; !c.OK {
		t.Errorf("_podsync %+v", c)
	}
	if c := cs["responses"]; c.OK || !strings.Contains(c.Fix, "Link to Sheets") {
		t.Errorf("responses %+v", c)
	}

	// After init, with a linked tab and a renamed required column.
	s := openFake(t, srv, nil)
	if _, err := google.Init(ctx, s, google.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	srv.SetCells("Form Responses 1", [][]string{{"Timestamp", "Your name"}})
	book := srv.Spreadsheet()
	book.SetCell(sheets.TabMatches, "A1", "ID")
	book.SetCell(sheets.TabMatches, "A2", "X-1")
	cs = checksByName(google.Doctor(ctx, cfg))
	for _, sp := range sheets.Specs {
		c := cs["tab "+sp.Name]
		if sp.Name == sheets.TabMatches {
			if c.OK || !strings.Contains(c.Detail, "Match ID") || c.Fix == "" {
				t.Errorf("Matches %+v", c)
			}
		} else if !c.OK {
			t.Errorf("%s: %+v", sp.Name, c)
		}
	}
	if c := cs["responses"]; !c.OK || !strings.Contains(c.Detail, "Form Responses 1") {
		t.Errorf("responses %+v", c)
	}

	// A form: found, its questions fit the template, responses readable.
	srv.SetForm(podForm())
	cfg.FormID = googlefake.FormID
	cs = checksByName(google.Doctor(ctx, cfg))
	for _, name := range []string{"form", "form questions", "form responses"} {
		if c := cs[name]; !c.OK {
			t.Errorf("%s: %+v", name, c)
		}
	}
	// A form without the required name question.
	form := podForm()
	form.Items = form.Items[1:]
	srv.SetForm(form)
	cs = checksByName(google.Doctor(ctx, cfg))
	if c := cs["form questions"]; c.OK || !strings.Contains(c.Detail, "Your name") {
		t.Errorf("form questions %+v", c)
	}

	// No access.
	srv.Deny(403)
	list := google.Doctor(ctx, cfg)
	cs = checksByName(list)
	if c := cs["spreadsheet"]; c.OK || !strings.Contains(c.Fix, "as Editor") || !strings.Contains(c.Detail, "403") {
		t.Errorf("spreadsheet %+v", c)
	}
	if c := cs["form"]; c.OK || !strings.Contains(c.Fix, "form") {
		t.Errorf("form %+v", c)
	}
}

func TestDoctorServiceAccount(t *testing.T) {
	isolate(t)
	ctx := context.Background()
	ts := newTokenServer(t)
	srv := googlefake.New(t)
	cfg := authConfig(srv, writeServiceAccount(t, ts.URL+"/token", ""))
	cfg.FormID = ""
	cs := checksByName(google.Doctor(ctx, cfg))
	if c := cs["credentials"]; !c.OK || !strings.Contains(c.Detail, saEmail) {
		t.Errorf("credentials %+v", c)
	}
	if c := cs["access token"]; !c.OK {
		t.Errorf("access token %+v", c)
	}
	ts.mu.Lock()
	ts.reject = "invalid_grant"
	ts.mu.Unlock()
	cs = checksByName(google.Doctor(ctx, cfg))
	if c := cs["access token"]; c.OK || !strings.Contains(c.Detail, "invalid_grant") || !strings.Contains(c.Fix, "new key") {
		t.Errorf("access token %+v", c)
	}
	if _, ok := cs["spreadsheet"]; ok {
		t.Error("doctor went on without a token")
	}
}
