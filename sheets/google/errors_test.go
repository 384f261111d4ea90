package google_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/daemon"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

func TestGoogleStoreErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("404", func(t *testing.T) {
		srv := googlefake.New(t)
		cfg := fakeConfig(srv, nil)
		cfg.SpreadsheetID = "https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit#gid=0"
		s, err := google.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if s.ID() != "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms" {
			t.Errorf("ID from link = %q", s.ID())
		}
		_, err = s.Read(ctx, "Members")
		if !errors.Is(err, google.ErrNotFound) || !strings.Contains(err.Error(), "check the spreadsheet ID") ||
			!strings.Contains(err.Error(), "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms") {
			t.Fatalf("err = %v", err)
		}
		var oe *sheets.OpError
		if !errors.As(err, &oe) {
			t.Errorf("not an OpError: %T", err)
		}
	})
	t.Run("403", func(t *testing.T) {
		srv := googlefake.New(t)
		srv.Deny(403)
		s := openFake(t, srv, nil)
		_, err := s.Read(ctx, "Members")
		if !errors.Is(err, google.ErrAccessDenied) || !strings.Contains(err.Error(), "as Editor") {
			t.Fatalf("err = %v", err)
		}
		if n := srv.Count("total"); n != 1 {
			t.Errorf("403 was retried: %d requests", n)
		}
	})
	t.Run("API disabled", func(t *testing.T) {
		srv := googlefake.New(t)
		srv.Inject(googlefake.Fault{Code: 403, Message: "Google Sheets API has not been used in project 123 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123 then retry."})
		_, err := openFake(t, srv, nil).Read(ctx, "Members")
		if err == nil || !strings.Contains(err.Error(), "enable the Google Sheets API") || !strings.Contains(err.Error(), "project=123") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("bad IDs", func(t *testing.T) {
		for _, id := range []string{"", "not an id!", "https://example.org/x"} {
			cfg := google.Config{SpreadsheetID: id, NoAuth: true}
			if _, err := google.Open(ctx, cfg); err == nil {
				t.Errorf("OpenGoogle(%q): no error", id)
			}
		}
		if _, err := google.ParseFormID("https://docs.google.com/forms/d/e/1FAIpQLSf/viewform"); err == nil || !strings.Contains(err.Error(), "edit link") {
			t.Errorf("responder link: %v", err)
		}
		if id, err := google.ParseFormID("https://docs.google.com/forms/d/1AbC_d-e/edit"); err != nil || id != "1AbC_d-e" {
			t.Errorf("edit link: %q %v", id, err)
		}
	})
}

// TestGoogleErrorsKeepCellValues: Google's error message can quote what a
// request carried, a respondent's name and phone among it. The error
// podsync returns, what the daemon reports of it and the cycle's log keep
// the status, the operation and tab and what to do, and never the message.
func TestGoogleErrorsKeepCellValues(t *testing.T) {
	ctx := context.Background()
	const msg = `Invalid value at 'data[3].values[0]' (TYPE_STRING), "Jane Roe 555-0142"`
	for _, tc := range []struct {
		code int
		kind string
		want string // in the error, with the operation
	}{
		{400, "values.batchUpdate", "Google answered 400 INVALID_ARGUMENT: Google refused the request as invalid"},
		{403, "spreadsheets.get", "Google answered 403 PERMISSION_DENIED: Google denied access to the spreadsheet"},
		{500, "values.batchUpdate", "Google answered 500 INTERNAL: Google had an internal error"},
		{429, "forms.responses.list", "Google answered 429 RESOURCE_EXHAUSTED: Google's request quota ran out"},
	} {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			srv := googlefake.New(t)
			cfg, id := fakeForm(t, srv)
			srv.AddResponse(id, googlefake.Response{ID: "r1", Answers: map[string][]string{
				"Your name": {"Jane Roe"}, "Email address": {"jane@example.org"}, "Phone number": {"555-0142"}}})
			var log bytes.Buffer
			cy := formCycle(t, cfg)
			cy.Now = now
			cy.Log = slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
			for range 6 { // outlasts the retries
				srv.Inject(googlefake.Fault{Code: tc.code, Kind: tc.kind, Message: msg})
			}
			_, err := cy.Run(ctx)
			if err == nil {
				t.Fatal("no error")
			}
			safe, _ := daemon.SafeError(err)
			for _, s := range []string{err.Error(), safe, log.String()} {
				for _, pii := range []string{"Jane", "555-0142", "TYPE_STRING"} {
					if strings.Contains(s, pii) {
						t.Errorf("%q is in %q", pii, s)
					}
				}
			}
			var ge *google.Error
			if !errors.As(err, &ge) || ge.Code != tc.code || ge.Fix == "" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q and what to do", err, tc.want)
			}
			var oe *sheets.OpError
			if !errors.As(err, &oe) || oe.Op == "" {
				t.Errorf("err = %v: want the operation", err)
			}
		})
	}
}
