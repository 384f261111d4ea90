package google_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
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
