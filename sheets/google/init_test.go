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
	sheetsapi "google.golang.org/api/sheets/v4"
)

func validationValues(v *sheetsapi.SetDataValidationRequest) []string {
	var out []string
	for _, c := range v.Rule.Condition.Values {
		out = append(out, c.UserEnteredValue)
	}
	return out
}

func TestInitGoogle(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	s := openFake(t, srv, nil)
	rep, err := google.Init(ctx, s, google.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep.Created, specNames()) || !reflect.DeepEqual(rep.Formatted, specNames()) {
		t.Errorf("report %+v", rep)
	}
	// The tab list, the tabs (one batchUpdate), their cells (one), the
	// dropdowns and protections (one).
	wantCounts(t, srv, map[string]int{"spreadsheets.get": 1, "spreadsheets.batchUpdate": 2, "values.batchUpdate": 1})
	book := srv.Spreadsheet()
	if got := book.Tabs(); !reflect.DeepEqual(got, append([]string{"Sheet1"}, specNames()...)) {
		t.Errorf("tabs %q", got)
	}
	for _, sp := range sheets.Specs {
		info, _ := book.Sheet(sp.Name)
		if info.FrozenRows != 1 || info.Hidden != (sp.Name == sheets.TabState) {
			t.Errorf("%s: %+v", sp.Name, info)
		}
		cells := book.Cells(sp.Name)
		if len(cells) == 0 || cells[0][0] != sp.Columns[0].Name {
			t.Errorf("%s header %q", sp.Name, cells)
		}
		if !info.Hidden {
			if f := book.Formats(sp.Name); len(f) == 0 || !f[0].Cell.UserEnteredFormat.TextFormat.Bold || f[0].Range.EndRowIndex != 1 {
				t.Errorf("%s: header not bold", sp.Name)
			}
		}
		prots := book.Protections(sp.Name)
		if len(prots) == 0 {
			t.Errorf("%s: no protection", sp.Name)
		}
		for _, p := range prots {
			if !p.WarningOnly || !strings.HasPrefix(p.Description, "podsync: ") {
				t.Errorf("%s: protection %+v", sp.Name, p)
			}
		}
	}
	// Dropdowns on the organizer columns.
	for tab, want := range map[string]struct {
		col    int
		name   string
		values []string
	}{
		sheets.TabMatches:  {10, "Status", []string{"Proposed", "Accepted", "Done", "Declined"}},
		sheets.TabPairings: {5, "Status", []string{"Planned", "Met", "Skipped"}},
		sheets.TabMembers:  {18, "Active", []string{"Yes", "Paused", "Left"}},
	} {
		vs := book.Validations(tab)
		if len(vs) != 1 {
			t.Fatalf("%s: %d validations", tab, len(vs))
		}
		v := vs[0]
		if book.Cells(tab)[0][want.col] != want.name {
			t.Errorf("%s: column %d is %q", tab, want.col, book.Cells(tab)[0][want.col])
		}
		if v.Rule.Condition.Type != "ONE_OF_LIST" || !reflect.DeepEqual(validationValues(v), want.values) ||
			v.Range.StartColumnIndex != int64(want.col) || v.Range.EndColumnIndex != int64(want.col+1) || v.Range.StartRowIndex != 1 || !v.Rule.ShowCustomUi {
			t.Errorf("%s validation %+v %+v", tab, v.Range, v.Rule)
		}
	}
	// Matches: the header row, and the podsync columns A:J below it.
	prots := book.Protections(sheets.TabMatches)
	if len(prots) != 2 || prots[1].Range.StartColumnIndex != 0 || prots[1].Range.EndColumnIndex != 10 || prots[1].Range.StartRowIndex != 1 {
		t.Errorf("Matches protections: %+v %+v", prots[0].Range, prots[1].Range)
	}
	// Unmet is podsync's alone: the whole tab.
	if prots := book.Protections(sheets.TabUnmet); len(prots) != 1 || prots[0].Range.EndRowIndex != 0 || prots[0].Range.EndColumnIndex != 0 {
		t.Errorf("Unmet protections: %+v", prots)
	}
	if got := book.Cells(sheets.TabSettings); len(got) < 2 || got[1][0] != "Pod name" {
		t.Errorf("Settings %q", got)
	}

	// Again: nothing to create, nothing formatted twice.
	srv.ResetCounts()
	rep, err = google.Init(ctx, s, google.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Created) != 0 || len(rep.Formatted) != 0 {
		t.Errorf("second init %+v", rep)
	}
	// The tabs, and their protections (every tab has podsync's already).
	wantCounts(t, srv, map[string]int{"values.batchGet": 1, "spreadsheets.get": 1})

	// With Format: podsync's protections are replaced, not doubled.
	before := len(book.Protections(sheets.TabMatches))
	rep, err = google.Init(ctx, s, google.InitOptions{Format: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Formatted) != len(sheets.Specs) {
		t.Errorf("formatted %q", rep.Formatted)
	}
	if after := len(book.Protections(sheets.TabMatches)); after != before {
		t.Errorf("protections %d → %d", before, after)
	}
}

func TestInitGoogleKeepsExistingTabs(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	// An organizer's Matches tab with their own column order and data.
	srv.SetCells(sheets.TabMatches, [][]string{{"Notes", "Match ID", "Member", "Helper", "Category", "Status"}, {"call", "X-1", "M-1", "M-2", "Childcare", "Accepted"}})
	s := openFake(t, srv, nil)
	rep, err := google.Init(ctx, s, google.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rep.Created {
		if n == sheets.TabMatches {
			t.Fatal("Matches recreated")
		}
	}
	if got := srv.Cells(sheets.TabMatches); got[1][0] != "call" || len(got) != 2 {
		t.Errorf("Matches changed: %q", got)
	}
	// The existing tab had no podsync protections: it gets the dropdown on
	// their Status column, wherever it is, and the protections.
	vs := srv.Spreadsheet().Validations(sheets.TabMatches)
	if len(vs) != 1 || vs[0].Range.StartColumnIndex != 5 {
		t.Errorf("validations %+v", vs)
	}
	if len(srv.Spreadsheet().Protections(sheets.TabMatches)) == 0 {
		t.Error("existing Matches tab not protected")
	}
	if got := srv.Cells(sheets.TabMatches); got[1][0] != "call" || len(got) != 2 {
		t.Errorf("Matches changed: %q", got)
	}
}

// TestInitFormatsTabsSyncCreated: a sync creates the tabs it lacks but
// cannot give them dropdowns or protections; a later init (without Format)
// adds them to every pod tab, and a third run adds nothing twice.
func TestInitFormatsTabsSyncCreated(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	s := openFake(t, srv, nil)
	if _, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	book := srv.Spreadsheet()
	if len(book.Validations(sheets.TabMembers)) != 0 || len(book.Protections(sheets.TabMembers)) != 0 {
		t.Fatal("the sync formatted Members; this test expects it not to")
	}
	rep, err := google.Init(ctx, s, google.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var created []string
	for _, sp := range sheets.Specs {
		if book.Validations(sp.Name) == nil && book.Protections(sp.Name) == nil {
			created = append(created, sp.Name)
		}
	}
	if len(created) != 0 {
		t.Errorf("tabs left unformatted: %q (report %+v)", created, rep)
	}
	if len(rep.Formatted) != len(sheets.Specs) {
		t.Errorf("formatted %q, want every pod tab", rep.Formatted)
	}
	for _, tc := range []struct{ tab, col string }{
		{sheets.TabMembers, sheets.ColActive}, {sheets.TabMatches, sheets.ColStatus}, {sheets.TabPairings, sheets.ColStatus},
	} {
		header := book.Cells(tc.tab)[0]
		col := -1
		for i, h := range header {
			if h == tc.col {
				col = i
			}
		}
		vs := book.Validations(tc.tab)
		if len(vs) != 1 || int(vs[0].Range.StartColumnIndex) != col {
			t.Errorf("%s validations %+v, want one on column %d", tc.tab, vs, col)
		}
	}
	count := func() (v, p int) {
		for _, sp := range sheets.Specs {
			v += len(book.Validations(sp.Name))
			p += len(book.Protections(sp.Name))
		}
		return v, p
	}
	v1, p1 := count()
	rep, err = google.Init(ctx, s, google.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v2, p2 := count(); len(rep.Formatted) != 0 || v2 != v1 || p2 != p1 {
		t.Errorf("second init formatted %q: validations %d → %d, protections %d → %d", rep.Formatted, v1, v2, p1, p2)
	}
}

// TestInitPodNameOnlyOnNewSettings: InitOptions.PodName names the pod on a
// Settings tab init creates, never on one that exists.
func TestInitPodNameOnlyOnNewSettings(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	srv.SetCells(sheets.TabSettings, [][]string{{"Setting", "Value"}, {"Pod name", "Elm Row"}})
	s := openFake(t, srv, nil)
	if _, err := google.Init(ctx, s, google.InitOptions{PodName: "Maple Street pod"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Cells(sheets.TabSettings); len(got) != 2 || got[1][1] != "Elm Row" {
		t.Errorf("existing Settings changed: %q", got)
	}
}

// TestProtectionTexts: each protection names the columns organizers type
// in (Members: Active and Notes), and the Responses one says that rows
// typed with no Response ID are kept.
func TestProtectionTexts(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	s := openFake(t, srv, nil)
	if _, err := google.Init(ctx, s, google.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	book := srv.Spreadsheet()
	texts := func(tab string) string {
		var out []string
		for _, p := range book.Protections(tab) {
			out = append(out, p.Description)
		}
		return strings.Join(out, "\n")
	}
	for tab, want := range map[string]string{
		sheets.TabMembers:   "type in Active and Notes instead",
		sheets.TabMatches:   "type in Status and Notes instead",
		sheets.TabPairings:  "type in Status and Notes instead",
		sheets.TabResponses: "leave Response ID empty",
	} {
		if got := texts(tab); !strings.Contains(got, want) {
			t.Errorf("%s protections %q lack %q", tab, got, want)
		}
	}
	if got := texts(sheets.TabMembers); strings.Contains(got, "Status") {
		t.Errorf("Members protections mention Status: %q", got)
	}
	if got := texts(sheets.TabResponses); strings.Contains(got, "your edits here will be replaced") {
		t.Errorf("Responses protection says every edit is replaced: %q", got)
	}
}
