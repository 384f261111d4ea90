package google_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
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
