package google_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// brokenAnswerCycle runs a cycle of a pod that exists (its Unmet tab
// deleted, so the cycle creates a tab) with a fresh store and form source,
// so that it makes every kind of request a cycle makes, while the n-th
// request of kind is answered 200 with body.
func brokenAnswerCycle(t *testing.T, kind string, n int, body string) error {
	t.Helper()
	ctx := context.Background()
	srv := googlefake.New(t)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	add := func(i int) {
		srv.AddResponse(id, googlefake.Response{ID: fmt.Sprintf("r%d", i), Submitted: t0.Add(time.Duration(i) * time.Minute), Answers: map[string][]string{
			"Your name": {fmt.Sprintf("Neighbor %d", i)}, "Email address": {fmt.Sprintf("n%d@example.org", i)},
			"Phone number": {fmt.Sprintf("555-010%d", i)}, "What can you help others with?": {"Childcare"},
			"What do you need help with?": {"Tech assistance"},
		}})
	}
	add(0)
	add(1)
	first := formCycle(t, cfg)
	first.Now = t0.Add(time.Hour)
	if _, err := first.Run(ctx); err != nil {
		t.Fatal(err)
	}
	add(2)
	srv.Spreadsheet().DeleteTab(sheets.TabUnmet)
	fault := googlefake.Fault{Kind: kind, Body: body}
	if n <= 1 {
		srv.Inject(fault)
	} else {
		srv.Before(kind, n-1, func() { srv.Inject(fault) })
	}
	srv.ResetCounts()
	cy := formCycle(t, cfg)
	cy.Now = t0.Add(2 * time.Hour)
	_, err := cy.Run(ctx)
	if srv.PendingFaults() > 0 {
		t.Errorf("no %d-th %s request: the fault was not used (requests: %v)", n, kind, srv.Counts())
	}
	return err
}

// TestBrokenAnswers: Google (or whatever --endpoint points at) answering a
// request with null, {}, a list holding null, half a JSON object or an
// HTML page never panics; where the answer cannot be used, the error says
// it is not the JSON expected and what to do, never to check the internet
// connection.
func TestBrokenAnswers(t *testing.T) {
	requests := []struct {
		kind string
		n    int
	}{
		{"spreadsheets.get", 1}, {"values.batchGet", 1}, {"values.batchGet", 2},
		{"spreadsheets.batchUpdate", 1}, {"values.batchUpdate", 1},
		{"forms.get", 1}, {"forms.responses.list", 1},
	}
	all := func(string) bool { return true }
	reads := func(k string) bool { return k == "spreadsheets.get" || k == "values.batchGet" || k == "forms.get" }
	bodies := []struct {
		body string
		fail func(kind string) bool // the answer cannot be used
	}{
		{"null", all}, {" \n", all}, {"[]", all}, {"<html><body>Sign in to continue</body></html>", all},
		{`{"sheets": [`, all},
		{`{"valueRanges": 7}`, func(k string) bool { return k == "values.batchGet" }},
		{"{}", reads},
		{`{"sheets": [null], "valueRanges": [null], "responses": [null], "items": [null], "replies": [null]}`,
			func(k string) bool { return reads(k) || k == "forms.responses.list" }},
	}
	for _, rq := range requests {
		for _, b := range bodies {
			t.Run(fmt.Sprintf("%s#%d/%q", rq.kind, rq.n, b.body), func(t *testing.T) {
				err := brokenAnswerCycle(t, rq.kind, rq.n, b.body)
				if err == nil {
					if b.fail(rq.kind) {
						t.Fatal("no error")
					}
					return
				}
				msg := err.Error()
				if !strings.Contains(msg, "not the expected JSON") || !strings.Contains(msg, "--endpoint") || strings.Contains(msg, "internet") {
					t.Errorf("error %q: want it to say Google's answer is not the expected JSON, and to check --endpoint", msg)
				}
				var ge *google.Error
				if !errors.As(err, &ge) || !ge.Temporary() {
					t.Errorf("%v: want a temporary *google.Error", err)
				}
				if strings.Contains(msg, "Sign in") {
					t.Errorf("error %q echoes the answer", msg)
				}
			})
		}
	}
}

// TestCreateBrokenAnswers: creating the spreadsheet or the form answered
// with null or {} fails with an error saying so, and no panic.
func TestCreateBrokenAnswers(t *testing.T) {
	ctx := context.Background()
	for _, body := range []string{"null", "{}"} {
		for _, kind := range []string{"spreadsheets.create", "forms.create"} {
			t.Run(kind+"/"+body, func(t *testing.T) {
				srv := googlefake.New(t)
				srv.Inject(googlefake.Fault{Kind: kind, Body: body})
				var err error
				if kind == "forms.create" {
					_, _, err = google.CreateForm(ctx, fakeConfig(srv, nil), "Pod")
				} else {
					_, _, err = google.CreateSpreadsheet(ctx, fakeConfig(srv, nil), "Pod")
				}
				if err == nil || !strings.Contains(err.Error(), "not the expected JSON") {
					t.Errorf("err = %v", err)
				}
			})
		}
	}
}
