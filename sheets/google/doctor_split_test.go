package google_test

import (
	"context"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// TestDoctorSplitHint: doctor says in a line when the last sync found the
// pod over Split above, and says nothing of it otherwise.
func TestDoctorSplitHint(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg := fakeConfig(srv, nil)
	cfg.FormID = ""
	name := "tab " + sheets.TabSuggested
	if c, ok := checksByName(google.Doctor(ctx, cfg))[name]; ok {
		t.Errorf("no Suggested groups tab, yet %+v", c)
	}
	srv.SetCells(sheets.TabSuggested, [][]string{{"Group", "Zones", "Members", "Who", "Why"}, {"Group 1"}, {"Group 2"}})
	c := checksByName(google.Doctor(ctx, cfg))[name]
	if !c.OK || !strings.Contains(c.Detail, "Split above (30)") || !strings.Contains(c.Detail, "2 groups") {
		t.Errorf("%+v", c)
	}
}
