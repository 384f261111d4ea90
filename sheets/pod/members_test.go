package pod_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// answer is one fictional form response; the questions it leaves out get
// plain answers.
type answer struct {
	day                string // "11/01": submitted that day at 9 AM EST
	name, email, phone string
	share              string // "My name;My phone number", as a download writes it
	noPairing, at      string // at overrides the whole timestamp
}

func (a answer) timestamp() string {
	if a.at != "" {
		return a.at
	}
	return "2026/" + a.day + " 9:00:00 AM EST"
}

const answerHeader = `"Timestamp","Your name","Email address","Phone number","Best way to reach you","Your zone (building, floor or block)","Languages you speak","What are your hobbies and interests?","How regularly do you want to check in?","What can you help others with?","What resources, skills or knowledge could you share?","How many neighbors could you help at a time?","What do you need help with?","What are your needs? What are you afraid of losing?","Would you like 1-on-1 conversations with pod members?","What may we share with the whole pod?"`

func answerLine(a answer) string {
	pairing := "Yes"
	if a.noPairing != "" {
		pairing = "No"
	}
	cells := []string{a.timestamp(), a.name, a.email, a.phone, "Text", "Building A", "English", "", "Monthly",
		"", "", "", "", "", pairing, a.share}
	for i, c := range cells {
		cells[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
	}
	return strings.Join(cells, ",")
}

// writeAnswers writes a downloaded-CSV export of the answers, in the order
// given, and returns its path.
func writeAnswers(t *testing.T, dir, name string, as []answer) string {
	t.Helper()
	lines := []string{answerHeader}
	for _, a := range as {
		lines = append(lines, answerLine(a))
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// memberRows is the Members tab as "Name|Email|Phone|Share" lines, sorted.
func memberRows(t *testing.T, s sheets.Store) []string {
	t.Helper()
	tab := storetest.ReadTab(t, s, sheets.TabMembers)
	cols := []int{colOf(t, tab, "Name"), colOf(t, tab, "Email"), colOf(t, tab, "Phone"), colOf(t, tab, "Share")}
	var out []string
	for _, r := range tab.Rows {
		var parts []string
		for _, c := range cols {
			v := ""
			if c < len(r) {
				v = r[c]
			}
			parts = append(parts, v)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	slices.Sort(out)
	return out
}

func TestMembersLinkResponses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers []answer
		want    []string // Name|Email|Phone|Share, sorted
	}{{
		name: "phone then phone and email is one person, newest consent wins",
		answers: []answer{
			{day: "11/01", name: "Jo Jones", phone: "555-0111", share: "My name;My phone number"},
			{day: "11/10", name: "Jo Jones", phone: "555-0111", email: "jo@example.org"},
		},
		want: []string{"Jo Jones|jo@example.org|555-0111|"},
	}, {
		name: "email then phone only is one person",
		answers: []answer{
			{day: "11/01", name: "Jo Jones", phone: "555-0111", email: "jo@example.org", share: "My name"},
			{day: "11/10", name: "Jo Jones", phone: "555-0111"},
		},
		want: []string{"Jo Jones||555-0111|"},
	}, {
		name: "same email with case and spaces folded",
		answers: []answer{
			{day: "11/01", name: "Jo Jones", email: " Jo@Example.org"},
			{day: "11/02", name: "Joanna Jones", email: "jo@example.org", share: "My name"},
		},
		want: []string{"Joanna Jones|jo@example.org||My name"},
	}, {
		name: "same name, different emails: two people",
		answers: []answer{
			{day: "11/01", name: "Sam Lee", email: "sam.lee@example.org", phone: "555-0140"},
			{day: "11/02", name: "Sam Lee", email: "samuel.lee@example.org", phone: "555-0141"},
		},
		want: []string{"Sam Lee|sam.lee@example.org|555-0140|", "Sam Lee|samuel.lee@example.org|555-0141|"},
	}, {
		name: "same name, no email, different phones: two people",
		answers: []answer{
			{day: "11/01", name: "Sam Lee", phone: "555-0140"},
			{day: "11/02", name: "Sam Lee", phone: "555-0141"},
		},
		want: []string{"Sam Lee||555-0140|", "Sam Lee||555-0141|"},
	}, {
		name: "family phone with two emails: two people",
		answers: []answer{
			{day: "11/01", name: "Ann Park", email: "ann.park@example.org", phone: "555-0150"},
			{day: "11/02", name: "Bo Park", email: "bo.park@example.org", phone: "(555) 0150"},
		},
		want: []string{"Ann Park|ann.park@example.org|555-0150|", "Bo Park|bo.park@example.org|(555) 0150|"},
	}, {
		name: "family phone: an answer without email joins the one who gave that name, the rest stay apart",
		answers: []answer{
			{day: "11/01", name: "Ann Park", phone: "555-0150"},
			{day: "11/02", name: "Ann Park", email: "ann.park@example.org", phone: "555-0150"},
			{day: "11/03", name: "Bo Park", email: "bo.park@example.org", phone: "555-0150"},
			{day: "11/04", name: "Cy Park", phone: "555-0150"},
			{day: "11/05", name: "Cy  park", phone: "555 0150"},
		},
		want: []string{"Ann Park|ann.park@example.org|555-0150|", "Bo Park|bo.park@example.org|555-0150|", "Cy  park||555 0150|"},
	}, {
		name: "phone formats link",
		answers: []answer{
			{day: "11/01", name: "Jo Jones", phone: "555-0111"},
			{day: "11/02", name: "Jo J.", phone: "(555) 0111"},
			{day: "11/03", name: "Jo", phone: "+1 555 0111", share: "My name"},
		},
		want: []string{"Jo||+1 555 0111|My name"},
	}, {
		name: "eleven digits with the country code link to ten",
		answers: []answer{
			{day: "11/01", name: "Lee Ray", phone: "1 (212) 555-0199"},
			{day: "11/02", name: "Lee Ray", phone: "212.555.0199"},
			{day: "11/03", name: "Lee Ray", phone: "+1-212-555-0199", share: "My zone"},
		},
		want: []string{"Lee Ray||+1-212-555-0199|My zone"},
	}, {
		name: "another country's code is kept",
		answers: []answer{
			{day: "11/01", name: "Ines Ali", phone: "+44 555 0111"},
			{day: "11/02", name: "Jo Jones", phone: "555-0111"},
		},
		want: []string{"Ines Ali||+44 555 0111|", "Jo Jones||555-0111|"},
	}, {
		name: "name-only answers link by name",
		answers: []answer{
			{day: "11/01", name: "Kim Ng", share: "My name"},
			{day: "11/02", name: "  kim   NG "},
		},
		want: []string{"kim   NG|||"},
	}, {
		name: "a name does not join an answer with a phone or email",
		answers: []answer{
			{day: "11/01", name: "Kim Ng"},
			{day: "11/02", name: "Kim Ng", phone: "555-0160"},
			{day: "11/03", name: "Kim Ng", email: "kim.ng@example.org"},
		},
		want: []string{"Kim Ng|||", "Kim Ng||555-0160|", "Kim Ng|kim.ng@example.org||"},
	}, {
		name: "links are transitive: email to email, phone to phone",
		answers: []answer{
			{day: "11/01", name: "Rae Kahn", phone: "555-0170"},
			{day: "11/02", name: "Rae Kahn", phone: "555-0170", email: "rae@example.org"},
			{day: "11/03", name: "Rae Kahn", phone: "555-0171", email: "RAE@example.org"},
			{day: "11/04", name: "Rae K.", phone: "555-0171", share: "My name;My zone"},
		},
		want: []string{"Rae K.||555-0171|My name, My zone"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			s := storetest.NewMem()
			runCycle(t, s, writeAnswers(t, t.TempDir(), "answers.csv", tc.answers))
			got := memberRows(t, s)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("members:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// othersPairing are three more neighbors who want to be paired, so the
// planner has a pod to pair Jo in.
var othersPairing = []answer{
	{day: "11/02", name: "Ana Ruiz", email: "ana.ruiz@example.org", phone: "555-0101", share: "My name"},
	{day: "11/03", name: "Ben Okafor", email: "ben.okafor@example.org", phone: "555-0102", share: "My name"},
	{day: "11/04", name: "Cleo Marsh", phone: "555-0103", share: "My name"},
}

var (
	joFirst  = answer{day: "11/01", name: "Jo Jones", phone: "555-0111", share: "My name;My phone number"}
	joSecond = answer{day: "11/10", name: "Jo Jones", phone: "555-0111", email: "jo@example.org"}
)

func TestMembersJoSharesNothingAndIsNotPairedWithHerself(t *testing.T) {
	s := storetest.NewMem()
	rep := runCycle(t, s, writeAnswers(t, t.TempDir(), "answers.csv", append([]answer{joFirst, joSecond}, othersPairing...)))
	if rep.Members != 4 {
		t.Errorf("report says %d members, want 4", rep.Members)
	}
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	if len(members.Rows) != 4 {
		t.Errorf("Members has %d rows, want 4", len(members.Rows))
	}
	_, jo := find(t, members, "Name", "Jo Jones")
	if got := jo[colOf(t, members, "Share")]; got != "" {
		t.Errorf("Jo's Share = %q, want nothing: her newest answer ticked nothing", got)
	}
	if got := jo[colOf(t, members, "First seen")]; !strings.HasPrefix(got, "2026-11-01") {
		t.Errorf("First seen = %q, want her first answer's day", got)
	}
	if got := jo[colOf(t, members, "Last updated")]; !strings.HasPrefix(got, "2026-11-10") {
		t.Errorf("Last updated = %q, want her newest answer's day", got)
	}
	joID := jo[colOf(t, members, "Member ID")]
	if want := string(matching.NewMemberID("phone:5550111")); joID != want {
		t.Errorf("Jo's ID = %q, want %q, from her earliest answer", joID, want)
	}

	for _, r := range storetest.ReadTab(t, s, sheets.TabDirectory).Rows {
		line := strings.Join(r, "|")
		if strings.Contains(line, "555-0111") || strings.Contains(line, "Jo Jones") {
			t.Errorf("Directory shows Jo, who shares nothing now: %q", line)
		}
	}

	pairings := storetest.ReadTab(t, s, sheets.TabPairings)
	if len(pairings.Rows) == 0 {
		t.Fatal("no pairings planned")
	}
	rounds := map[string]int{}
	rc := colOf(t, pairings, "Round")
	for _, r := range pairings.Rows {
		var people []string
		for _, col := range []string{"Person A", "Person B", "Person C"} {
			if c := colOf(t, pairings, col); c < len(r) && r[c] != "" {
				people = append(people, r[c])
			}
		}
		n := 0
		for _, p := range people {
			if strings.HasPrefix(p, "Jo Jones") {
				n++
				if !strings.Contains(p, joID) {
					t.Errorf("Jo is paired under another ID: %q", p)
				}
			}
		}
		if n > 1 {
			t.Errorf("Jo is paired with herself: %q", r)
		}
		rounds[r[rc]] += n
	}
	for round, n := range rounds {
		if n > 1 {
			t.Errorf("round %s has Jo in %d groups", round, n)
		}
	}
}

func TestMembersIDStaysWhenEmailAddedLater(t *testing.T) {
	dir := t.TempDir()
	s := storetest.NewMem()
	runCycle(t, s, writeAnswers(t, dir, "first.csv", append([]answer{joFirst}, othersPairing...)))
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	i, jo := find(t, members, "Name", "Jo Jones")
	id := jo[colOf(t, members, "Member ID")]
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabMembers, Cells: []sheets.CellEdit{
		{Row: i + 1, Col: colOf(t, members, "Notes"), Value: "calls after six"},
		{Row: i + 1, Col: colOf(t, members, "Active"), Value: "Paused"},
	}}}}); err != nil {
		t.Fatal(err)
	}

	rep := runCycle(t, s, writeAnswers(t, dir, "second.csv", append([]answer{joFirst, joSecond}, othersPairing...)))
	if rep.NewResponses != 1 || rep.Members != 4 {
		t.Errorf("new responses %d, members %d; want 1 and 4", rep.NewResponses, rep.Members)
	}
	members = storetest.ReadTab(t, s, sheets.TabMembers)
	if len(members.Rows) != 4 {
		t.Errorf("Members has %d rows, want 4", len(members.Rows))
	}
	_, jo = find(t, members, "Member ID", id)
	for col, want := range map[string]string{"Name": "Jo Jones", "Email": "jo@example.org", "Share": "", "Notes": "calls after six", "Active": "Paused"} {
		if got := jo[colOf(t, members, col)]; got != want {
			t.Errorf("%s = %q, want %q", col, got, want)
		}
	}
	if rep := runCycle(t, s, writeAnswers(t, dir, "second.csv", append([]answer{joFirst, joSecond}, othersPairing...))); !rep.NothingChanged {
		t.Errorf("a third cycle of the same answers changed %d cells", rep.CellsWritten)
	}
}

// A pod synced before responses were linked has Jo twice: the row first
// seen earliest keeps its ID and organizer columns, the other is left as a
// stale row nothing reads.
func TestMembersRowsCountedTwiceBeforeKeepTheEarliest(t *testing.T) {
	dir := t.TempDir()
	s := storetest.NewMem()
	runCycle(t, s, writeAnswers(t, dir, "first.csv", append([]answer{joFirst}, othersPairing...)))
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	i, jo := find(t, members, "Name", "Jo Jones")
	keptID := jo[colOf(t, members, "Member ID")]
	staleID := string(matching.NewMemberID(matching.IdentityKey("jo@example.org", "555-0111", "Jo Jones")))
	stale := len(members.Rows) + 1
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabMembers, Cells: []sheets.CellEdit{
		{Row: i + 1, Col: colOf(t, members, "Notes"), Value: "kept note"},
		{Row: stale, Col: colOf(t, members, "Member ID"), Value: staleID},
		{Row: stale, Col: colOf(t, members, "Name"), Value: "Jo Jones"},
		{Row: stale, Col: colOf(t, members, "First seen"), Value: "2026-11-10 09:00"},
		{Row: stale, Col: colOf(t, members, "Active"), Value: "Left"},
		{Row: stale, Col: colOf(t, members, "Notes"), Value: "stale note"},
	}}}}); err != nil {
		t.Fatal(err)
	}

	rep := runCycle(t, s, writeAnswers(t, dir, "second.csv", append([]answer{joFirst, joSecond}, othersPairing...)))
	if rep.Members != 4 {
		t.Errorf("members = %d, want 4", rep.Members)
	}
	members = storetest.ReadTab(t, s, sheets.TabMembers)
	_, jo = find(t, members, "Member ID", keptID)
	for col, want := range map[string]string{"Email": "jo@example.org", "Notes": "kept note", "Active": "Yes"} {
		if got := jo[colOf(t, members, col)]; got != want {
			t.Errorf("%s = %q, want %q", col, got, want)
		}
	}
	if _, old := find(t, members, "Member ID", staleID); old[colOf(t, members, "Notes")] != "stale note" {
		t.Errorf("stale row changed: %q", old)
	}
	for _, r := range storetest.ReadTab(t, s, sheets.TabPairings).Rows {
		if strings.Contains(strings.Join(r, "|"), staleID) {
			t.Errorf("the stale ID is paired: %q", r)
		}
	}
}

// Before the country code was dropped, "+1 555 0111" keyed a member by all
// eight digits: that ID stays.
func TestMembersKeepIDFromBeforePhonesWereNormalized(t *testing.T) {
	dir := t.TempDir()
	s := storetest.NewMem()
	jo := answer{day: "11/01", name: "Jo Jones", phone: "+1 555 0111"}
	runCycle(t, s, writeAnswers(t, dir, "first.csv", []answer{jo}))
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	i, _ := find(t, members, "Name", "Jo Jones")
	oldID := string(matching.NewMemberID("phone:15550111"))
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabMembers, Cells: []sheets.CellEdit{
		{Row: i + 1, Col: colOf(t, members, "Member ID"), Value: oldID},
		{Row: i + 1, Col: colOf(t, members, "Notes"), Value: "from before"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, writeAnswers(t, dir, "second.csv", []answer{jo, {day: "11/10", name: "Jo Jones", phone: "555-0111", email: "jo@example.org"}}))
	members = storetest.ReadTab(t, s, sheets.TabMembers)
	if len(members.Rows) != 1 {
		t.Fatalf("Members has %d rows, want 1", len(members.Rows))
	}
	if _, r := find(t, members, "Member ID", oldID); r[colOf(t, members, "Notes")] != "from before" {
		t.Errorf("Notes = %q", r[colOf(t, members, "Notes")])
	}
}

func TestMembersSameWhateverTheOrder(t *testing.T) {
	answers := append([]answer{
		joFirst, joSecond,
		{day: "11/01", name: "Ann Park", phone: "555-0150"},
		{day: "11/02", name: "Ann Park", email: "ann.park@example.org", phone: "555-0150", share: "My name"},
		{day: "11/02", name: "Bo Park", email: "bo.park@example.org", phone: "555-0150", share: "My name"},
		{day: "11/04", name: "Cy Park", phone: "+1 555 0150"},
		{day: "11/04", name: "Kim Ng", share: "My name"},
		// Same-day pairs half a minute apart: two in the same second are
		// in the order the export lists them (TestSameSecondNewestWins).
		{day: "11/04", name: "kim ng", share: "My zone", at: "2026/11/04 9:00:30 AM EST"},
		{day: "11/05", name: "Sam Lee", email: "sam.lee@example.org"},
		{day: "11/05", name: "Sam Lee", email: "samuel.lee@example.org", share: "My name"},
		{day: "11/06", name: "Rae Kahn", phone: "555-0170", email: "rae@example.org"},
		{day: "11/06", name: "Rae K.", phone: "(555) 0170", share: "My name", at: "2026/11/06 9:00:30 AM EST"},
	}, othersPairing...)
	var want map[string][][]string
	r := rand.New(rand.NewSource(7))
	for n := range 6 {
		shuffled := slices.Clone(answers)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		s := storetest.NewMem()
		runCycle(t, s, writeAnswers(t, t.TempDir(), fmt.Sprintf("answers%d.csv", n), shuffled))
		got := snapshot(t, s)
		delete(got, sheets.TabResponses) // rows in the order they came
		if n == 0 {
			want = got
			if m := len(got[sheets.TabMembers]) - 1; m != 11 {
				t.Fatalf("%d members, want 11: %q", m, got[sheets.TabMembers])
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("order %d gives other tabs:\n got %q\nwant %q", n, got, want)
		}
	}
}

// TestUnknownActiveRefused (defect G): an Active value that is none of
// Yes, Paused or Left stops the sync with an error naming the Members row
// and column, instead of silently meaning Yes; case and spaces are fine.
func TestUnknownActiveRefused(t *testing.T) {
	for _, tc := range []struct {
		value string
		ok    bool
	}{
		{"Paused until Jan", false},
		{"Paused until 2027-13-01", false},
		{"paused until 2027-01-15", true},
		{"Lft", false},
		{"  paused ", true},
		{"LEFT", true},
		{"yes", true},
	} {
		t.Run(tc.value, func(t *testing.T) {
			s := storetest.NewMem()
			csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
			cycleAt(t, s, csv, now)
			setActive(t, s, "Bob Bird", tc.value)
			m := storetest.ReadTab(t, s, sheets.TabMembers)
			i, _ := find(t, m, "Name", "Bob Bird")
			before := snapshot(t, s)
			_, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: now}).Run(context.Background())
			if tc.ok {
				if err != nil {
					t.Fatalf("Active %q refused: %v", tc.value, err)
				}
				if tc.value != "yes" {
					mt := storetest.ReadTab(t, s, sheets.TabMatches)
					for j := range mt.Rows {
						if strings.HasPrefix(cell(t, mt, j, "Helper"), "Bob Bird") {
							t.Errorf("Bob, %q, is still a helper: %q", tc.value, mt.Rows[j])
						}
					}
				}
				return
			}
			if err == nil {
				t.Fatalf("Active %q accepted", tc.value)
			}
			for _, w := range []string{`tab "Members"`, "row " + strconv.Itoa(i+2), `column "Active"`, strconv.Quote(tc.value), "Yes, Paused or Left", "blank means Yes"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %s: %v", w, err)
				}
			}
			if !reflect.DeepEqual(before, snapshot(t, s)) {
				t.Error("the pod changed")
			}
		})
	}
}
