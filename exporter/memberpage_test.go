package exporter

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/podsync/podsync/matching"
)

// TestMemberPageEveryNeed: every need a member asked for is on their page,
// whatever became of it: matched with the helper (Accepted), being arranged
// (Proposed, no helper named), helped (Done), or still looking (no match,
// or only a Declined one, and Recreation or the member's own words, which
// are never matched).
func TestMemberPageEveryNeed(t *testing.T) {
	p := samplePod()
	a := member(p, ana)
	a.Needs = []matching.Category{matching.Food, matching.Childcare, matching.MedicineErrands, matching.Emotional, matching.Recreation}
	a.NeedOther = []string{"Rides to the clinic, Tuesdays", "  "}
	p.Matches = append(p.Matches,
		matching.Match{ID: "X-10", Member: ana, Category: matching.Food, Helper: eve, Status: matching.Proposed},
		matching.Match{ID: "X-11", Member: ana, Category: matching.MedicineErrands, Helper: cy, Status: matching.Declined},
		matching.Match{ID: "X-12", Member: ana, Category: matching.Emotional, Helper: bo, Status: matching.Done},
		// Un-ticked since and no longer open: not a need any more.
		matching.Match{ID: "X-13", Member: ana, Category: matching.Tech, Helper: cy, Status: matching.Declined},
	)
	f, raw := render(t, p, Options{Now: testNow, PerMember: true})
	var needs [][]string
	for _, r := range memberPages(t, f, raw)["Ana Ruiz"] {
		if r[0] == "Help you asked for" {
			needs = append(needs, pad(r, 4))
		}
	}
	dee := `=HYPERLINK("http://evil.example.org","Dee")`
	want := [][]string{
		{"Help you asked for", "Food and groceries", "Being arranged", "An organizer will confirm who can help"},
		{"Help you asked for", "Childcare", dee, "+1 555 0104 (text)"},
		{"Help you asked for", "Medicine and errands", "Still looking", "We are still looking for a neighbor who can help"},
		{"Help you asked for", "Emotional support", "Help given", "Ask an organizer if you need more"},
		{"Help you asked for", "Recreation", "Still looking", "We are still looking for a neighbor who can help"},
		{"Help you asked for", "Rides to the clinic, Tuesdays", "Still looking", "An organizer will read this and be in touch"},
	}
	if !reflect.DeepEqual(needs, want) {
		t.Errorf("Ana's needs:\n%s\nwant\n%s", flatten(needs), flatten(want))
	}
	// A proposed helper is not named; a declined one neither.
	anaPage := page(t, memberPages(t, f, raw), "Ana Ruiz")
	for _, s := range []string{"Eve Marchetti", "+1 555 0105", "Cy Okafor", "Tech assistance", "Bo Lindqvist"} {
		if strings.Contains(anaPage, s) {
			t.Errorf("Ana's page shows %q:\n%s", s, anaPage)
		}
	}
}

// TestConversationStarters: a member's page shows, for each coming
// partner who shared their interests, those interests and the words the
// two have in common, and the intro questions as prompts; a partner who
// did not tick "My interests" has no interests on the page.
func TestConversationStarters(t *testing.T) {
	p := samplePod()
	member(p, ana).Interests = "Birdwatching at dawn, board games"
	member(p, dee).Interests = "birdwatching and jazz; Board-games on Sundays"
	b := member(p, bo)
	b.Share = all(matching.ShareName) // his name, not his interests
	b.Interests = "birdwatching with a telescope"
	f, raw := render(t, p, Options{Now: testNow, PerMember: true})
	pages := memberPages(t, f, raw)
	dee := `=HYPERLINK("http://evil.example.org","Dee")`
	anaPage := page(t, pages, "Ana Ruiz")
	for _, s := range []string{
		"Round 2, week of Mon, Nov 30, 2026\tBo Lindqvist\tAsk an organizer",
		"Conversation starters\t" + dee + " shared their interests: birdwatching and jazz; Board-games on Sundays You both mentioned: birdwatching, board, games.",
		"Questions for your 1-on-1\tWhat do you enjoy doing?",
		"How often would you like to check in",
		"What could each of you share with the other",
		"What would help each of you right now?",
	} {
		if !strings.Contains(anaPage, s) {
			t.Errorf("Ana's page lacks %q:\n%s", s, anaPage)
		}
	}
	if strings.Contains(anaPage, "telescope") || strings.Contains(anaPage, "Bo Lindqvist shared") {
		t.Errorf("Ana's page shows the interests Bo did not share:\n%s", anaPage)
	}
	// Cy shared his interests but not his name: Dee's page says "Your
	// partner"; nothing in common with Dee.
	deePage := page(t, pages, dee)
	if !strings.Contains(deePage, "Conversation starters\tYour partner shared their interests: sourdough and jazz You both mentioned: jazz.") {
		t.Errorf("Dee's page:\n%s", deePage)
	}
	// Gus pairs with nobody: no prompts.
	if gus := page(t, pages, "Gus Private"); strings.Contains(gus, "Questions") {
		t.Errorf("Gus's page:\n%s", gus)
	}
}

func TestCommonWords(t *testing.T) {
	for _, tc := range []struct {
		partner, member string
		want            []string
	}{
		{"gardening, board games", "Games and jazz", []string{"games"}},
		{"Chess", "chess puzzles", []string{"chess"}},
		{"long walks by the river", "a walk and the river", []string{"walks", "river"}},
		{"the and with", "the and with", nil},
		{"art", "ART", []string{"art"}},
		{"", "anything", nil},
		{"jazz jazz", "jazz", []string{"jazz"}},
		{"fútbol y música", "Música", []string{"música"}},
	} {
		if got := commonWords(tc.partner, tc.member); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("commonWords(%q, %q) = %q, want %q", tc.partner, tc.member, got, tc.want)
		}
	}
}

// TestPartnerWithdrewPhone (the consent bug): Bo shared his name and phone,
// then un-ticked "My phone number" in a newer response. His phone is on no
// page and nowhere in the file: Ana, his round 2 partner, is told to ask an
// organizer, and with his email shared she gets that instead.
func TestPartnerWithdrewPhone(t *testing.T) {
	p := samplePod()
	member(p, bo).Share = all(matching.ShareName, matching.SharePhone)
	f, raw := render(t, p, Options{Now: testNow, PerMember: true})
	if s := page(t, memberPages(t, f, raw), "Ana Ruiz"); !strings.Contains(s, "Bo Lindqvist\t+1 555 0102 (call)") {
		t.Fatalf("before: Ana's page lacks Bo's phone:\n%s", s)
	}
	for _, tc := range []struct {
		share matching.Consent
		reach string
	}{
		{all(matching.ShareName), "Ask an organizer"},
		{all(matching.ShareName, matching.ShareEmail), "bo.lindqvist@example.org"},
	} {
		p := samplePod()
		member(p, bo).Share = tc.share
		f, raw := render(t, p, Options{Now: testNow, PerMember: true})
		for ref, v := range allCells(t, f) {
			if strings.Contains(v, "+1 555 0102") {
				t.Errorf("Bo withdrew his phone but it is in %s: %q", ref, v)
			}
		}
		if strings.Contains(zipText(t, raw), "+1 555 0102") {
			t.Error("Bo withdrew his phone but it is in the file's XML")
		}
		if s := page(t, memberPages(t, f, raw), "Ana Ruiz"); !strings.Contains(s, "Bo Lindqvist\t"+tc.reach) {
			t.Errorf("Ana's page does not reach Bo by %q:\n%s", tc.reach, s)
		}
	}
}

// TestMemberPagesTabs: more than membersPerTab active members' pages are
// spread over numbered tabs, each page still starting at a page break.
func TestMemberPagesTabs(t *testing.T) {
	p := samplePod()
	for i := 0; i < membersPerTab; i++ {
		p.Members = append(p.Members, matching.Member{
			ID: matching.MemberID("M-1" + strconv.Itoa(100000+i)), Name: "Zed " + strconv.Itoa(100000+i),
		})
	}
	f, raw := render(t, p, Options{Now: testNow, PerMember: true})
	want := []string{"Read me", "Directory", "Pairings", "Resources", "Member pages 1", "Member pages 2"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Fatalf("tabs = %q, want %q", got, want)
	}
	if n := len(pageBreaks(t, raw, "Member pages 1")); n != membersPerTab-1 {
		t.Errorf("Member pages 1 has %d page breaks, want %d", n, membersPerTab-1)
	}
	pages := memberPages(t, f, raw)
	if len(pages) != membersPerTab+5 {
		t.Errorf("%d member pages, want %d", len(pages), membersPerTab+5)
	}
	// In name order: the sample pod's five, then Zed 100000…100994 on the
	// first tab; the last five on the second.
	if r := rows(t, f, "Member pages 2"); len(r) == 0 || pad(r[0], 2)[1] != "Zed 100995" {
		t.Errorf("Member pages 2 starts %q", r[:min(len(r), 1)])
	}
	if n := len(pageBreaks(t, raw, "Member pages 2")); n != 4 {
		t.Errorf("Member pages 2 has %d page breaks, want 4", n)
	}
}

// FuzzCommonWords: any two texts give words of the partner's text, each
// once, and never panic.
func FuzzCommonWords(f *testing.F) {
	f.Add("gardening, board games", "Games and jazz")
	f.Add("Ünïcödé ß ﬁ", "ÜNÏCÖDÉ")
	f.Add("'''s", "s'")
	f.Fuzz(func(t *testing.T, partner, member string) {
		seen := map[string]bool{}
		for _, w := range commonWords(partner, member) {
			if seen[w] || !strings.Contains(matching.Fold(partner), w) {
				t.Fatalf("commonWords(%q, %q) gives %q", partner, member, w)
			}
			seen[w] = true
		}
	})
}
