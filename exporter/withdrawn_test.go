package exporter

import (
	"strings"
	"testing"

	"github.com/podsync/podsync/matching"
)

// member returns the sample pod's member id.
func member(p *matching.Pod, id matching.MemberID) *matching.Member {
	for i := range p.Members {
		if p.Members[i].ID == id {
			return &p.Members[i]
		}
	}
	return nil
}

// TestPartnerOptedOut: a round planned with Ana and Bo, then Bo answers No
// to 1-on-1s. Ana's tab must not carry Bo's phone anywhere, nor name him;
// it says to ask an organizer. The Pairings tab drops Bo from the group.
func TestPartnerOptedOut(t *testing.T) {
	p := samplePod()
	member(p, bo).Pairing = false
	f, raw := render(t, p, Options{Now: testNow, PerMember: true})
	pages := memberPages(t, f, raw)

	for ref, v := range allCells(t, f) {
		if strings.Contains(v, "+1 555 0102") {
			t.Errorf("Bo opted out but his phone is in %s: %q", ref, v)
		}
	}
	if strings.Contains(zipText(t, raw), "+1 555 0102") {
		t.Error("Bo opted out but his phone is in the file's XML")
	}
	anaTab := page(t, pages, "Ana Ruiz")
	if strings.Contains(anaTab, "Bo Lindqvist") {
		t.Errorf("Ana's tab names Bo, who opted out:\n%s", anaTab)
	}
	if !strings.Contains(anaTab, "1-on-1 conversation\tRound 2, week of Mon, Nov 30, 2026\t\tAsk an organizer") {
		t.Errorf("Ana's tab lacks the ask-an-organizer round:\n%s", anaTab)
	}
	// Bo's own tab has no 1-on-1 rows: he no longer takes part.
	boTab := page(t, pages, "Bo Lindqvist")
	if strings.Contains(boTab, "1-on-1") || strings.Contains(boTab, "+1 555 0101") {
		t.Errorf("Bo's tab still lists rounds:\n%s", boTab)
	}
	// Pairings: round 2 shows Ana alone; Bo, who would be "a neighbor",
	// is not there.
	pr := rows(t, f, "Pairings")
	r := pad(rowWith(pr, 2, "Ana Ruiz"), 5)
	if r[0] != "2" || r[3] != "" {
		t.Errorf("Pairings round 2 with Ana = %q:\n%s", r, flatten(pr))
	}
}

// TestPartnerLeft: Dee is set to Left (and, separately, Paused) after
// round 3 paired her with Ana. Nobody sees Dee's contact or name in a
// round, and the public Pairings tab no longer names her (a Paused member
// who shared her phone is still in the Directory, as before).
func TestPartnerLeft(t *testing.T) {
	deeName := `=HYPERLINK("http://evil.example.org","Dee")`
	for _, act := range []matching.Activity{matching.Left, matching.Paused} {
		p := samplePod()
		member(p, dee).Active = act
		// Dee's accepted match with Ana would print her contact for a
		// reason other than pairing; take it out of this test.
		p.Matches = p.Matches[1:]
		f, raw := render(t, p, Options{Now: testNow, PerMember: true})
		pages := memberPages(t, f, raw)
		for ref, v := range allCells(t, f) {
			// A Paused member who shared her phone stays in the Directory.
			if strings.Contains(v, "+1 555 0104") && (act == matching.Left || !strings.HasPrefix(ref, "Directory!")) {
				t.Errorf("%v: Dee's phone is in %s: %q", act, ref, v)
			}
			if strings.HasPrefix(ref, "Pairings!") && strings.Contains(v, deeName) {
				t.Errorf("%v: Pairings names Dee in %s", act, ref)
			}
		}
		if act == matching.Left && strings.Contains(zipText(t, raw), "+1 555 0104") {
			t.Errorf("%v: Dee's phone is in the file's XML", act)
		}
		anaTab := page(t, pages, "Ana Ruiz")
		if strings.Contains(anaTab, deeName) ||
			!strings.Contains(anaTab, "Round 3, week of Mon, Dec 7, 2026\t\tAsk an organizer") {
			t.Errorf("%v: Ana's tab:\n%s", act, anaTab)
		}
		// Cy's round 2 partner was Dee: Cy is shown alone in Pairings.
		pr := rows(t, f, "Pairings")
		var round2 [][]string
		for _, r := range pr[1:] {
			if r[0] == "2" {
				round2 = append(round2, pad(r, 5))
			}
		}
		if len(round2) != 2 || round2[1][2] != "a neighbor" || round2[1][3] != "" {
			t.Errorf("%v: round 2 = %q", act, round2)
		}
	}
}
