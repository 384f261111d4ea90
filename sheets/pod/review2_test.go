package pod_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestDuplicateIDRefused: an ID pasted onto a second row of Members or
// Responses stops the sync with an error naming the tab, both rows and the
// column, before anything is written, instead of dropping the organizer's
// edit on one of the rows and appending a fresh row.
func TestDuplicateIDRefused(t *testing.T) {
	for _, tc := range []struct {
		tab, col string
		also     string // a column set on the pasted row as well ("" none)
	}{
		{sheets.TabMembers, sheets.ColMemberID, sheets.ColActive},
		{sheets.TabResponses, sheets.ColResponseID, ""},
	} {
		t.Run(tc.tab, func(t *testing.T) {
			s := storetest.NewMem()
			runCycle(t, s, sample)
			tab := storetest.ReadTab(t, s, tc.tab)
			if len(tab.Rows) < 3 {
				t.Fatalf("%s has %d rows", tc.tab, len(tab.Rows))
			}
			id := cell(t, tab, 0, tc.col)
			cells := []sheets.CellEdit{{Row: 3, Col: colOf(t, tab, tc.col), Value: id}}
			if tc.also != "" {
				cells = append(cells, sheets.CellEdit{Row: 3, Col: colOf(t, tab, tc.also), Value: "Left"})
			}
			edit(t, s, tc.tab, cells...)
			before, writes := snapshot(t, s), s.Writes

			_, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
			if err == nil {
				t.Fatal("a duplicate ID was accepted")
			}
			for _, w := range []string{`tab "` + tc.tab + `"`, `column "` + tc.col + `"`, "rows 2 and 4", id,
				"each row needs its own ID: row 2 has it too; restore the ID podsync wrote or clear it"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			var te *sheets.TabError
			if !errors.As(err, &te) || te.Row != 4 {
				t.Errorf("error %v is not a sheets.TabError on row 4", err)
			}
			if s.Writes != writes || !reflect.DeepEqual(before, snapshot(t, s)) {
				t.Error("the pod changed")
			}

			// Clearing the pasted ID lets the sync go on.
			edit(t, s, tc.tab, sheets.CellEdit{Row: 3, Col: colOf(t, tab, tc.col), Value: ""})
			runCycle(t, s, sample)
		})
	}
}

// TestCopiedMatchRowTolerated: Matches is not held to unique IDs, because
// matching reads rows sharing a Match ID by design (an organizer may copy a
// match row); a copied row does not stop the sync.
func TestCopiedMatchRowTolerated(t *testing.T) {
	s := storetest.NewMem()
	runCycle(t, s, sample)
	m := storetest.ReadTab(t, s, sheets.TabMatches)
	if len(m.Rows) == 0 {
		t.Fatal("no matches")
	}
	rec := map[string]string{}
	for _, h := range m.Header {
		rec[h] = cell(t, m, 0, h)
	}
	row := appendRow(t, s, sheets.TabMatches, rec)
	if _, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background()); err != nil {
		t.Fatalf("a copied match row (row %s) stopped the sync: %v", strconv.Itoa(row), err)
	}
}
