package pod_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

// devPatel is the sample's member forgotten below, by what identifies him.
var devPatel = []string{"Dev Patel", "dev.patel@example.org", "555-0111", "Gujarati"}

// mentions lists the tabs (but podsync's own state) that still hold any of
// what identifies the person.
func mentions(t *testing.T, s sheets.Store, who []string) []string {
	t.Helper()
	var out []string
	for tab, rows := range snapshot(t, s) {
		if tab == sheets.TabState {
			continue
		}
		for _, row := range rows {
			for _, v := range row {
				for _, w := range who {
					if strings.Contains(v, w) {
						out = append(out, tab+": "+v)
					}
				}
			}
		}
	}
	return out
}

func forget(t *testing.T, s sheets.Store, responses string, day time.Time, who string, dry bool) *pod.Forgot {
	t.Helper()
	f, err := (&pod.Cycle{Store: s, Source: ingest.File(responses), Now: day, DryRun: dry}).Forget(context.Background(), who)
	if err != nil {
		t.Fatalf("forget %q: %v", who, err)
	}
	return f
}

// TestForget: a member forgotten is gone from every tab; the rounds
// already held say "a former member"; a decided match keeps its row under
// that name; syncing the same export again does not bring them back, and
// says so without a name.
func TestForget(t *testing.T) {
	s := workbook(t, t.TempDir())
	runCycle(t, s, sample)
	id := memberID(t, s, "Dev Patel")

	// An organizer accepts one of his matches and types a Do Not Pair
	// rule naming him.
	m := storetest.ReadTab(t, s, sheets.TabMatches)
	accepted := -1
	for i := range m.Rows {
		if strings.Contains(cell(t, m, i, sheets.ColMember)+cell(t, m, i, sheets.ColHelper), id) {
			accepted = i
			break
		}
	}
	if accepted < 0 {
		t.Fatalf("Dev Patel has no match to accept")
	}
	matchID := cell(t, m, accepted, sheets.ColMatchID)
	edit(t, s, sheets.TabMatches, sheets.CellEdit{Row: accepted + 1, Col: colOf(t, m, sheets.ColStatus), Value: "Accepted"},
		sheets.CellEdit{Row: accepted + 1, Col: colOf(t, m, sheets.ColNotes), Value: "Dev Patel drives on Tuesdays"})
	// and a decided match typed by hand.
	appendRow(t, s, sheets.TabMatches, map[string]string{sheets.ColMember: "Dev Patel", sheets.ColCategory: "Childcare",
		sheets.ColHelper: "Mei Chen", sheets.ColStatus: "Done"})
	appendRow(t, s, sheets.TabDoNotPair, map[string]string{sheets.ColPersonA: "dev.patel@example.org", sheets.ColPersonB: "Mei Chen", sheets.ColReason: "asked"})

	// Three weeks on, the first rounds are history.
	later := now.AddDate(0, 0, 21)
	cycleAt(t, s, sample, later)
	p := storetest.ReadTab(t, s, sheets.TabPairings)
	past := -1
	for i := range p.Rows {
		wk, _ := time.Parse("2006-01-02", cell(t, p, i, sheets.ColWeekOf))
		if wk.Before(later.AddDate(0, 0, -7)) && rowWith(t, p, cell(t, p, i, sheets.ColRound), "Dev Patel") == i {
			past = i
			break
		}
	}
	if past < 0 {
		t.Fatalf("Dev Patel is in no past round:\n%v", p.Rows)
	}

	f := forget(t, s, sample, later, "DEV.PATEL@example.org", false)
	if f.Member.Name != "Dev Patel" {
		t.Fatalf("forgot %q", f.Member.Name)
	}
	// The note is the organizer's: podsync says where it is.
	note := fmt.Sprintf("tab %q, row %d, column %q", sheets.TabMatches, accepted+2, sheets.ColNotes)
	if len(f.Mentions) != 1 || f.Mentions[0] != note {
		t.Errorf("mentions %q, want %q", f.Mentions, note)
	}
	edit(t, s, sheets.TabMatches, sheets.CellEdit{Row: accepted + 1, Col: colOf(t, m, sheets.ColNotes), Value: "drives on Tuesdays"})
	if got := mentions(t, s, devPatel); len(got) > 0 {
		t.Errorf("still there after forget:\n%s", strings.Join(got, "\n"))
	}
	m = storetest.ReadTab(t, s, sheets.TabMatches)
	hand := -1
	for i := range m.Rows {
		if cell(t, m, i, sheets.ColStatus) == "Done" && cell(t, m, i, sheets.ColMatchID) == "" {
			hand = i
		}
	}
	if got := cell(t, m, hand, sheets.ColMember); !strings.HasPrefix(got, pod.FormerMember) {
		t.Errorf("the hand-typed Done row's Member is %q", got)
	}
	if got := mentions(t, s, []string{id}); len(got) > 0 {
		t.Errorf("their Member ID is still there:\n%s", strings.Join(got, "\n"))
	}
	for tab, want := range map[string]int{sheets.TabResponses: 2, sheets.TabMembers: 1, sheets.TabDoNotPair: 1} {
		if f.Removed[tab] != want {
			t.Errorf("%s: %d rows removed, want %d", tab, f.Removed[tab], want)
		}
	}
	if f.Rewritten[sheets.TabMatches] != 2 || f.Rewritten[sheets.TabPairings] == 0 {
		t.Errorf("rewritten: %v", f.Rewritten)
	}
	if len(f.Accepted) != 1 {
		t.Errorf("Accepted rows to revisit: %v", f.Accepted)
	}
	m = storetest.ReadTab(t, s, sheets.TabMatches)
	i, _ := find(t, m, sheets.ColMatchID, matchID)
	if got := cell(t, m, i, sheets.ColMember) + " " + cell(t, m, i, sheets.ColHelper); !strings.Contains(got, pod.FormerMember+" (M-") {
		t.Errorf("the Accepted row says %q", got)
	}
	if cell(t, m, i, sheets.ColStatus) != "Accepted" {
		t.Errorf("the Accepted row's Status is now %q", cell(t, m, i, sheets.ColStatus))
	}
	p = storetest.ReadTab(t, s, sheets.TabPairings)
	if rowWith(t, p, cell(t, p, past, sheets.ColRound), pod.FormerMember) < 0 {
		t.Errorf("round %s does not show %q", cell(t, p, past, sheets.ColRound), pod.FormerMember)
	}
	state, _ := tabText(t, s, sheets.TabState)
	if !strings.Contains(state, "forgotten ") {
		t.Errorf("no fingerprint kept: %s", state)
	}
	if got := storetest.ReadTab(t, s, sheets.TabMembers); len(storetest.Normalize(got))-1 != 27 {
		t.Errorf("%d Members rows, want 27", len(storetest.Normalize(got))-1)
	}

	// The same export again, and a day later: still gone, and the sync
	// says one response was left out, never whose.
	for _, day := range []time.Time{later, later.AddDate(0, 0, 1)} {
		rep := cycleAt(t, s, sample, day)
		if got := mentions(t, s, devPatel); len(got) > 0 {
			t.Errorf("back after a sync:\n%s", strings.Join(got, "\n"))
		}
		if day.Equal(later) && !rep.NothingChanged {
			for _, e := range rep.Plan.Tabs {
				t.Errorf("the sync after forget changed %s: %s", e.Tab, e.Summary)
			}
		}
		if rep.Members != 27 || rep.NewResponses != 0 {
			t.Errorf("members %d, new responses %d", rep.Members, rep.NewResponses)
		}
		w := strings.Join(rep.Warnings, "\n")
		if !strings.Contains(w, "2 responses from a forgotten member were left out") {
			t.Errorf("no word of the response left out:\n%s", w)
		}
		for _, x := range devPatel {
			if strings.Contains(w, x) {
				t.Errorf("a warning names them (%q):\n%s", x, w)
			}
		}
	}
}

// TestForgetLaterAnswers: a forgotten member's answers come back neither
// as another export's copy nor as an edit made before they were
// forgotten; a response sent after it is someone joining again.
func TestForgetLaterAnswers(t *testing.T) {
	dir := t.TempDir()
	s := workbook(t, dir)
	first := writeCSV(t, dir, "a.csv", reviewPod...)
	cycleAt(t, s, first, now)
	forget(t, s, first, now, "Bob Bird", false)
	edited := `"2026/11/21 9:01:00 AM GMT","Bob Bird","bob@example.org","Building B","Childcare","2","","Yes"`
	back := `"2026/11/28 9:01:00 AM GMT","Bob Bird","bob@example.org","Building A","Childcare","1","","Yes"`
	// A copy of his row pasted back into Responses (without its ID, as
	// typed) is deleted by the next sync.
	appendRow(t, s, sheets.TabResponses, map[string]string{sheets.ColSubmittedAt: "2026-11-20T09:01:00Z", "Your name": "Bob Bird", "Email address": "bob@example.org"})
	rep := cycleAt(t, s, first, now.AddDate(0, 0, 1))
	if got := mentions(t, s, []string{"Bob Bird"}); len(got) > 0 {
		t.Errorf("a pasted row brought him back:\n%s", strings.Join(got, "\n"))
	}
	if w := strings.Join(rep.Warnings, "\n"); !strings.Contains(w, "1 row from a forgotten member (typed or pasted back) was deleted") {
		t.Errorf("no word of the pasted row:\n%s", w)
	}
	for _, tc := range []struct {
		name  string
		lines []string
		bob   bool
	}{
		{"an edit from before", append(append([]string(nil), reviewPod...), edited), false},
		{"answers again after", append(append([]string(nil), reviewPod...), back), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := cycleAt(t, s, writeCSV(t, dir, "b.csv", tc.lines...), now.AddDate(0, 0, 5))
			if got := len(mentions(t, s, []string{"Bob Bird"})) > 0; got != tc.bob {
				t.Errorf("Bob on the tabs: %v, want %v (members %d)", got, tc.bob, rep.Members)
			}
		})
	}
}

func TestForgetWhom(t *testing.T) {
	dir := t.TempDir()
	s := workbook(t, dir)
	csv := writeCSV(t, dir, "a.csv", append(append([]string(nil), reviewPod...),
		`"2026/11/20 9:05:00 AM GMT","Alice Ablee","alice.two@example.org","Building C","","","Recreation","Yes"`)...)
	cycleAt(t, s, csv, now)
	for _, tc := range []struct{ who, want string }{
		{"Alice Ablee", "is 2 members: Alice Ablee (M-"},
		{"Zed", `no member is "Zed"`},
		{"", "say whom"},
	} {
		_, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: now}).Forget(context.Background(), tc.who)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("forget %q: %v, want %q", tc.who, err, tc.want)
		}
	}
	id := memberID(t, s, "Carol Cruz")
	for _, who := range []string{id, "Carol Cruz (" + id + ")", "carol@example.org"} {
		f, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: now, DryRun: true}).Forget(context.Background(), who)
		if err != nil || f.Member.Name != "Carol Cruz" {
			t.Errorf("forget %q: %v", who, err)
		}
	}
}

// TestForgetDryRun writes nothing.
func TestForgetDryRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, sample)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := forget(t, s, sample, now, "555-0111", true)
	if f.Member.Name != "Dev Patel" || f.Report.NothingChanged || f.Removed[sheets.TabMembers] != 1 {
		t.Errorf("dry run: %+v", f)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Errorf("a dry run changed the workbook")
	}
}

// Run with
//
//	go test ./sheets/pod -run '^$' -bench Forget5000 -benchmem -benchtime 3x
//
// BenchmarkForget5000 forgets one member of a 5,000-person pod (each op on
// a fresh copy of the workbook); BenchmarkForget5000ThenSync is the sync
// of the same export afterwards, which leaves their answers out: compare
// it with BenchmarkIngest5000NoChange.
func BenchmarkForget5000(b *testing.B) {
	dir, csvPath, s := synced5000(b)
	data, err := os.ReadFile(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	email := firstEmail(b, s)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		p := filepath.Join(dir, fmt.Sprintf("copy%d.xlsx", i))
		i++
		if err := os.WriteFile(p, data, 0o600); err != nil {
			b.Fatal(err)
		}
		c, err := xlsx.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := (&pod.Cycle{Store: c, Source: ingest.File(csvPath), Now: now}).Forget(context.Background(), email); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForget5000ThenSync(b *testing.B) {
	_, csvPath, s := synced5000(b)
	cy := &pod.Cycle{Store: s, Source: ingest.File(csvPath), Now: now}
	if _, err := cy.Forget(context.Background(), firstEmail(b, s)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep, err := cy.Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if !rep.NothingChanged || rep.Members != 4999 {
			b.Fatalf("members %d, wrote %d cells", rep.Members, rep.CellsWritten)
		}
	}
	b.ReportMetric(5000, "responses/op")
}

// synced5000 is a workbook pod (dir/pod.xlsx) synced once from a
// 5,000-person export (csvPath).
func synced5000(b *testing.B) (dir, csvPath string, s sheets.Store) {
	b.Helper()
	return syncedPod(b, 5000, openXLSX)
}

func firstEmail(b *testing.B, s sheets.Store) string {
	b.Helper()
	tabs, err := s.Read(context.Background(), sheets.TabMembers)
	if err != nil {
		b.Fatal(err)
	}
	m := tabs[sheets.TabMembers]
	c, _ := sheets.NewHeaderIndex(m.Name, m.Header).Find(sheets.ColEmail)
	for _, r := range m.Rows {
		if e := sheets.CellAt(r, c); e != "" {
			return e
		}
	}
	b.Fatal("no member has an email")
	return ""
}

// TestForgetStaleRow: someone whose responses were deleted by hand still
// has the Members row the tab keeps; forget finds them by it and deletes
// it, and the export that holds their answers does not bring them back.
func TestForgetStaleRow(t *testing.T) {
	dir := t.TempDir()
	s := workbook(t, dir)
	csv := writeCSV(t, dir, "a.csv", reviewPod...)
	cycleAt(t, s, csv, now)
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	i, _ := find(t, resp, "Your name", "Eve Ekland")
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabResponses, DeleteRows: []int{i + 1}}}}); err != nil {
		t.Fatal(err)
	}
	if rep, err := (&pod.Cycle{Store: s, Now: now}).Run(context.Background()); err != nil || rep.Members != 4 {
		t.Fatalf("sync without her response: %v", err)
	}
	f, err := (&pod.Cycle{Store: s, Now: now}).Forget(context.Background(), "eve@example.org")
	if err != nil || f.Removed[sheets.TabMembers] != 1 {
		t.Fatalf("forget by the stale row: %v %+v", err, f)
	}
	cycleAt(t, s, csv, now)
	if got := mentions(t, s, []string{"Eve Ekland", "eve@example.org"}); len(got) > 0 {
		t.Errorf("back:\n%s", strings.Join(got, "\n"))
	}
}

// workbook is a new workbook pod, dir/pod.xlsx.
func workbook(t *testing.T, dir string) sheets.Store {
	t.Helper()
	s, err := xlsx.Open(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
