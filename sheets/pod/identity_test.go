package pod_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// The same three responses as Google writes them in a downloaded CSV and in
// the linked sheet's CSV (other titles for the timestamp and email, another
// checkbox separator, another timestamp shape).
const (
	identityDownload = `"Timestamp","Username","Your name","What can you help others with?","What do you need help with?","Would you like 1-on-1 conversations with pod members?","What may we share with the whole pod?"
"2026/11/20 9:05:12 AM GMT-5","ana@example.org","Ana Ruiz","Food and groceries;Childcare","Tech assistance","Yes","My name;My zone"
"2026/11/20 9:06:40 AM GMT-5","bo@example.org","Bo Chen","Recreation;Fixing bikes, scooters","","No",""
"2026/11/20 9:07:02 AM GMT-5","","Cy Okafor","","Food and groceries","Yes","My name"`
	identityLinked = "Timestamp,Email Address,Your name,What can you help others with?,What do you need help with?,Would you like 1-on-1 conversations with pod members?,What may we share with the whole pod?\r\n" +
		"11/20/2026 9:05:12,ana@example.org,Ana Ruiz,\"Food and groceries, Childcare\",Tech assistance,Yes,\"My name, My zone\"\r\n" +
		"11/20/2026 9:06:40,bo@example.org,Bo Chen,\"Recreation, Fixing bikes, scooters\",,No,\r\n" +
		"11/20/2026 9:07:02,,Cy Okafor,,Food and groceries,Yes,My name\r\n"
)

// TestOneResponseOneRowWhateverTheExport: syncing the downloaded CSV, then
// the linked sheet's CSV, then the linked tab itself, then the CSV again,
// into one pod keeps one Responses row per response.
func TestOneResponseOneRowWhateverTheExport(t *testing.T) {
	dir := t.TempDir()
	download, linked := filepath.Join(dir, "download.csv"), filepath.Join(dir, "linked.csv")
	for p, body := range map[string]string{download: identityDownload, linked: identityLinked} {
		if err := writeFile(p, body); err != nil {
			t.Fatal(err)
		}
	}
	s := storetest.NewMem()
	putTab(t, s, sheets.TabSettings, true, [][]string{{sheets.ColSetting, sheets.ColValue}, {"Time zone", "America/New_York"}})
	first := cycleAt(t, s, download, now)
	if first.NewResponses != 3 {
		t.Fatalf("first sync: %d new responses, want 3", first.NewResponses)
	}
	before := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabResponses))
	for _, step := range []string{linked, "linked tab", download} {
		var rep *pod.Report
		if step == "linked tab" {
			grid, err := csv.NewReader(strings.NewReader(identityLinked)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			putTab(t, s, "Form Responses 1", true, grid)
			if rep, err = (&pod.Cycle{Store: s, Now: now}).Run(context.Background()); err != nil {
				t.Fatal(err)
			}
		} else {
			rep = cycleAt(t, s, step, now)
		}
		resp := storetest.ReadTab(t, s, sheets.TabResponses)
		if rep.NewResponses != 0 || len(resp.Rows) != 3 {
			t.Errorf("after %s: %d new responses, %d rows; want 0 and 3:\n%s", filepath.Base(step), rep.NewResponses, len(resp.Rows), storetest.Normalize(resp))
		}
		if rep.Members != 3 {
			t.Errorf("after %s: %d members, want 3", filepath.Base(step), rep.Members)
		}
	}
	// The rows keep the IDs and times they were first written with.
	after := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabResponses))
	for i := range before {
		if i > 0 && (before[i][0] != after[i][0] || before[i][1] != after[i][1]) {
			t.Errorf("row %d: ID and time %q, %q became %q, %q", i+1, before[i][0], before[i][1], after[i][0], after[i][1])
		}
	}
}

// TestHeaderMapChangeAddsNothing: a pod whose form words a question its own
// way syncs, then the organizer maps the question in Settings: the next
// sync reads the answers and adds no response again.
func TestHeaderMapChangeAddsNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "responses.csv")
	if err := writeFile(p, strings.Replace(identityDownload, "What can you help others with?", "How can you help?", 1)); err != nil {
		t.Fatal(err)
	}
	s := storetest.NewMem()
	rep := cycleAt(t, s, p, now)
	want := `question "What can you help others with?" (offers) is not in the responses; the closest title there is "How can you help?": if that is it, add a Settings row "Header: offers" with Value "How can you help?"`
	if !strings.Contains(strings.Join(rep.Warnings, "\n"), want) {
		t.Errorf("no warning %q in:\n%s", want, strings.Join(rep.Warnings, "\n"))
	}
	appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "Header: offers", sheets.ColValue: "How can you help?"})
	rep = cycleAt(t, s, p, now)
	if rep.NewResponses != 0 || len(storetest.ReadTab(t, s, sheets.TabResponses).Rows) != 3 {
		t.Errorf("after mapping the header: %d new responses, want 0", rep.NewResponses)
	}
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	if _, r := find(t, members, sheets.ColName, "Ana Ruiz"); r[colOf(t, members, sheets.ColOffers)] != "Food and groceries, Childcare" {
		t.Errorf("Ana's offers = %q after mapping the header", r[colOf(t, members, sheets.ColOffers)])
	}
}

// TestOlderIDsRecognised: a pod whose Responses rows carry IDs an older
// podsync derived (another formula) is synced again, from the same file and
// from the linked tab: nothing is added, nothing removed, and the rows keep
// their IDs.
func TestOlderIDsRecognised(t *testing.T) {
	s := storetest.NewMem()
	runCycle(t, s, sample)
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	idc := colOf(t, resp, sheets.ColResponseID)
	var cells []sheets.CellEdit
	for i := range resp.Rows {
		cells = append(cells, sheets.CellEdit{Row: i + 1, Col: idc, Value: fmt.Sprintf("R-%012x", 0xabc000+i)})
	}
	edit(t, s, sheets.TabResponses, cells...)
	before := snapshot(t, s)
	rep, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.NewResponses != 0 {
		t.Errorf("the same file again: %d new responses, want 0", rep.NewResponses)
	}
	for _, e := range rep.Plan.Tabs {
		if e.Tab == sheets.TabResponses {
			t.Errorf("Responses rewritten: %d cells, %d rows removed", len(e.Cells), len(e.DeleteRows))
		}
	}
	if got := snapshot(t, s)[sheets.TabResponses]; fmt.Sprint(got) != fmt.Sprint(before[sheets.TabResponses]) {
		t.Error("the Responses tab changed")
	}
}
