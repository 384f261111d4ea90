package pod_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/lang"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestShippedLanguagesUnderstood: an export of podsync's form built in each
// shipped language (its titles and labels, from the message files) syncs
// with no Settings row and no warning about a question or an answer: the
// categories are matched as in English, consent and pairing honoured. A
// pod mixing two languages' responses works too.
func TestShippedLanguagesUnderstood(t *testing.T) {
	m := func(tag, id string) string { return lang.Message(tag, id) }
	var csv []string
	keys := []string{"name", "email", "offers", "needs", "capacity", "pairing", "share", "checkin", "contact"}
	for _, tag := range lang.Tags() {
		if len(csv) == 0 {
			titles := []string{`"Timestamp"`}
			for _, k := range keys {
				titles = append(titles, fmt.Sprintf("%q", m(tag, "q."+k)))
			}
			csv = append(csv, strings.Join(titles, ","))
		}
	}
	for i, tag := range lang.Tags() {
		// Ana (in each language) needs Childcare; Bo offers it, shares his
		// name and email, and wants 1-on-1s.
		ana := []string{fmt.Sprintf("Ana %s", tag), fmt.Sprintf("ana.%d@example.org", i), "", m(tag, "category.2"), "", m(tag, "pairing.1"), m(tag, "share.1"), m(tag, "checkin.3"), m(tag, "contact.2")}
		bo := []string{fmt.Sprintf("Bo %s", tag), fmt.Sprintf("bo.%d@example.org", i), m(tag, "category.2") + ";" + m(tag, "category.1"), "", m(tag, "capacity.2"), m(tag, "pairing.1"), m(tag, "share.1") + ";" + m(tag, "share.3"), m(tag, "checkin.1"), m(tag, "contact.1")}
		for j, r := range [][]string{ana, bo} {
			q := make([]string, len(r))
			for k, v := range r {
				q[k] = fmt.Sprintf("%q", v)
			}
			csv = append(csv, fmt.Sprintf("\"2026/11/20 9:%02d:%02d AM GMT-5\",%s", i, j, strings.Join(q, ",")))
		}
	}
	p := filepath.Join(t.TempDir(), "responses.csv")
	if err := writeFile(p, strings.Join(csv, "\n")); err != nil {
		t.Fatal(err)
	}
	// The titles are English (the first row); each response's answers are
	// in its own language.
	s := storetest.NewMem()
	putTab(t, s, sheets.TabSettings, true, [][]string{{sheets.ColSetting, sheets.ColValue}})
	for _, k := range []string{"phone", "zone", "languages", "interests", "offer_details", "need_details"} {
		appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "Header: " + k, sheets.ColValue: "none"})
	}
	rep := cycleAt(t, s, p, now)
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings:\n%s", strings.Join(rep.Warnings, "\n"))
	}
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	matches := storetest.ReadTab(t, s, sheets.TabMatches)
	for _, tag := range lang.Tags() {
		_, bo := find(t, members, sheets.ColName, "Bo "+tag)
		for col, want := range map[string]string{
			sheets.ColOffers: "Childcare, Food and groceries", sheets.ColPairing: "Yes", sheets.ColShare: "My name, My email",
			sheets.ColCheckIn: "Weekly", sheets.ColContactBy: "Text", sheets.ColCapacity: "2",
		} {
			if got := bo[colOf(t, members, col)]; got != want {
				t.Errorf("%s: Bo's %s = %q, want %q", tag, col, got, want)
			}
		}
		found := false
		for _, r := range matches.Rows {
			if strings.HasPrefix(r[colOf(t, matches, sheets.ColMember)], "Ana "+tag) && r[colOf(t, matches, sheets.ColCategory)] == "Childcare" {
				found = r[colOf(t, matches, sheets.ColHelper)] != ""
			}
		}
		if !found {
			t.Errorf("%s: Ana's Childcare need is not matched", tag)
		}
	}
	// The same export with each language's own titles as the header.
	for _, tag := range lang.Tags()[1:] {
		titles := []string{`"Timestamp"`}
		for _, k := range keys {
			titles = append(titles, fmt.Sprintf("%q", m(tag, "q."+k)))
		}
		p := filepath.Join(t.TempDir(), tag+".csv")
		if err := writeFile(p, strings.Join(append([]string{strings.Join(titles, ",")}, csv[1:]...), "\n")); err != nil {
			t.Fatal(err)
		}
		rep, err := pod.Check(context.Background(), ingest.File(p), now)
		if err != nil {
			t.Fatalf("%s titles: %v", tag, err)
		}
		for _, w := range rep.Warnings {
			if !strings.Contains(w, "is not in the responses") || !strings.Contains(w, "(phone)") && !strings.Contains(w, "(zone)") && !strings.Contains(w, "(languages)") && !strings.Contains(w, "(interests)") && !strings.Contains(w, "details)") {
				t.Errorf("%s titles: %s", tag, w)
			}
		}
	}
}
