package google_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// racePod is a pod of 12 neighbors with matches, two of them Accepted by
// an organizer, after which every helper's phone changes: the next cycle
// rewrites Phone on Members and Helper contact on the Proposed matches.
// organizer (nil for the control pod) moves rows at the moment it is
// given, between that cycle's read and its write. When that cycle fails it
// is run again, as a daemon would. It returns the raced cycle's error, the
// Members, Matches and Directory tabs after it, and the Accepted rows as
// they were.
func racePod(t *testing.T, organizer func(srv *googlefake.Server)) (raced error, members, matches, dir [][]string, accepted map[string][]string) {
	t.Helper()
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	cats := []string{"Food and groceries", "Childcare", "Tech assistance", "Internet access"}
	answers := func(i int, phone string) map[string][]string {
		return map[string][]string{
			"Your name": {fmt.Sprintf("Neighbor %02d", i)}, "Email address": {fmt.Sprintf("n%02d@example.org", i)},
			"Phone number": {phone}, "Best way to reach you": {"Text"},
			"Your zone (building, floor or block)": {"Building A"},
			"What can you help others with?":       {cats[i%4]}, "What do you need help with?": {cats[(i+1)%4]},
			"Would you like 1-on-1 conversations with pod members?": {"No"},
			"What may we share with the whole pod?":                 {"My name", "My phone number"},
		}
	}
	for i := range 12 {
		srv.AddResponse(id, googlefake.Response{ID: fmt.Sprintf("r%02d", i), Submitted: t0.Add(time.Duration(i) * time.Minute),
			Answers: answers(i, fmt.Sprintf("555-01%02d", i))})
	}
	cycle := formCycle(t, cfg)
	cycle.Now = t0.Add(24 * time.Hour)
	for range 2 {
		if _, err := cycle.Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// The organizer accepts two matches.
	m := srv.Cells(sheets.TabMatches)
	status, idCol := slices.Index(m[0], sheets.ColStatus), slices.Index(m[0], sheets.ColMatchID)
	if len(m) < 6 || status < 0 {
		t.Fatalf("too few matches to race: %q", m)
	}
	accepted = map[string][]string{}
	for _, r := range []int{2, 4} {
		srv.Spreadsheet().SetCell(sheets.TabMatches, sheets.ColLetter(status)+fmt.Sprint(r+1), "Accepted")
	}
	for _, row := range srv.Cells(sheets.TabMatches)[1:] {
		if sheets.CellAt(row, status) == "Accepted" {
			accepted[row[idCol]] = row
		}
	}
	for i := range 12 {
		srv.EditResponse(id, fmt.Sprintf("r%02d", i), t0.Add(2*time.Hour+time.Duration(i)*time.Minute), answers(i, fmt.Sprintf("555-02%02d", i)))
	}
	if organizer != nil {
		organizer(srv)
	}
	if _, raced = cycle.Run(ctx); raced != nil {
		if _, err := cycle.Run(ctx); err != nil {
			t.Fatalf("the cycle after the raced one: %v", err)
		}
	}
	return raced, srv.Cells(sheets.TabMembers), srv.Cells(sheets.TabMatches), srv.Cells(sheets.TabDirectory), accepted
}

// keyed maps each non-blank row of a tab to its key column's value.
func keyed(t *testing.T, cells [][]string, key string) map[string]string {
	t.Helper()
	k := slices.Index(cells[0], key)
	out := map[string]string{}
	for _, row := range cells[1:] {
		if sheets.BlankRow(row) {
			continue
		}
		out[sheets.CellAt(row, k)] = strings.Join(row, "|")
	}
	return out
}

// TestRowsMovedWhileWriting: an organizer sorts Matches and Members, or
// inserts rows above podsync's, after the cycle read the tabs and before
// its write lands (between its requests, or while it waits to retry a
// 429). Every row ends as in a pod nobody touched: each phone on its own
// member's and helper's rows, and the Accepted matches exactly as the
// organizer left them.
func TestRowsMovedWhileWriting(t *testing.T) {
	_, ctrlMembers, ctrlMatches, ctrlDir, _ := racePod(t, nil)
	wantMembers, wantMatches := keyed(t, ctrlMembers, sheets.ColMemberID), keyed(t, ctrlMatches, sheets.ColMatchID)
	sortBoth := func(srv *googlefake.Server) func() {
		return func() {
			b := srv.Spreadsheet()
			b.SortRows(sheets.TabMatches, 5, true) // by Helper contact, descending
			b.SortRows(sheets.TabMembers, 1, true) // by Name, descending
		}
	}
	insertBoth := func(srv *googlefake.Server) func() {
		return func() {
			b := srv.Spreadsheet()
			b.InsertRows(sheets.TabMatches, 2, 1)
			b.InsertRows(sheets.TabMembers, 1, 2)
		}
	}
	for _, tc := range []struct {
		name      string
		organizer func(srv *googlefake.Server)
		redone    bool // the raced cycle fails, writing nothing, and is redone
	}{
		{"sort between read and write", func(srv *googlefake.Server) {
			srv.Before("forms.responses.list", 1, sortBoth(srv))
		}, false},
		{"insert between read and write", func(srv *googlefake.Server) {
			srv.Before("forms.responses.list", 1, insertBoth(srv))
		}, false},
		{"sort while a 429 is retried", func(srv *googlefake.Server) {
			srv.Inject(googlefake.Fault{Code: 429, Kind: "values.batchUpdate", RetryAfter: time.Second})
			srv.Before("values.batchUpdate", 1, sortBoth(srv))
		}, false},
		{"insert while a 503 is retried", func(srv *googlefake.Server) {
			srv.Inject(googlefake.Fault{Code: 503, Kind: "values.batchUpdate"})
			srv.Before("values.batchUpdate", 1, insertBoth(srv))
		}, false},
		// The Directory is numbered by position: sorted rows cannot be
		// followed, so nothing is written and the cycle is redone.
		{"Directory sorted too", func(srv *googlefake.Server) {
			srv.Before("forms.responses.list", 1, func() {
				sortBoth(srv)()
				srv.Spreadsheet().SortRows(sheets.TabDirectory, 2, true)
			})
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raced, members, matches, dir, accepted := racePod(t, tc.organizer)
			if tc.redone != (raced != nil) || (raced != nil && !errors.Is(raced, sheets.ErrRowsMoved)) {
				t.Errorf("the raced cycle: %v", raced)
			}
			if !reflect.DeepEqual(dir, ctrlDir) {
				t.Errorf("Directory %q\nwant %q", dir, ctrlDir)
			}
			for _, d := range []struct {
				tab       string
				got, want map[string]string
			}{
				{sheets.TabMembers, keyed(t, members, sheets.ColMemberID), wantMembers},
				{sheets.TabMatches, keyed(t, matches, sheets.ColMatchID), wantMatches},
			} {
				bad := 0
				for k, w := range d.want {
					if g := d.got[k]; g != w {
						bad++
						t.Errorf("%s %s:\n got %s\nwant %s", d.tab, k, g, w)
					}
				}
				if len(d.got) != len(d.want) {
					t.Errorf("%s: %d rows, want %d", d.tab, len(d.got), len(d.want))
				}
				if bad > 0 {
					t.Errorf("%s: %d of %d rows wrong", d.tab, bad, len(d.want))
				}
			}
			got := keyed(t, matches, sheets.ColMatchID)
			for id, row := range accepted {
				if got[id] != strings.Join(row, "|") {
					t.Errorf("Accepted match %s changed:\n got %s\nwant %s", id, got[id], strings.Join(row, "|"))
				}
			}
		})
	}
}
