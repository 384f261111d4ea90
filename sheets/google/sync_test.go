package google_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestGoogleCycle runs sync cycles against the fake spreadsheet and form:
// the first fills the pod, a repeat reads once and writes nothing, and an
// edited response is picked up.
func TestGoogleCycle(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	people := []struct{ name, email, offers, needs string }{
		{"Ana", "ana@example.org", "Food and groceries", "Tech assistance"},
		{"Bo", "bo@example.org", "Tech assistance", "Childcare"},
		{"Cy", "cy@example.org", "Childcare", "Food and groceries"},
	}
	for i, p := range people {
		srv.AddResponse(id, googlefake.Response{ID: "r" + p.name, Submitted: t0.Add(time.Duration(i) * time.Minute), Answers: map[string][]string{
			"Your name": {p.name}, "Email address": {p.email},
			"What can you help others with?": {p.offers}, "What do you need help with?": {p.needs},
			"Would you like 1-on-1 conversations with pod members?": {"Yes"},
			"What may we share with the whole pod?":                 {"My name"},
		}})
	}
	cycle := formCycle(t, cfg)
	cycle.Now = t0.Add(24 * time.Hour)
	rep, err := cycle.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Responses != 3 || rep.Members != 3 {
		t.Errorf("first cycle: %d responses, %d members", rep.Responses, rep.Members)
	}
	if got := srv.Cells(sheets.TabMembers); len(got) != 4 {
		t.Errorf("Members: %q", got)
	}

	srv.ResetCounts()
	rep, err = cycle.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.NothingChanged {
		t.Errorf("second cycle changed %d cells: %+v", rep.CellsWritten, rep.Plan)
	}
	wantCounts(t, srv, map[string]int{"values.batchGet": 1, "forms.responses.list": 1})

	srv.EditResponse(id, "rBo", t0.Add(48*time.Hour), map[string][]string{"Your name": {"Bo Builder"}, "Email address": {"bo@example.org"}})
	srv.ResetCounts()
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count("values.batchUpdate"); n != 1 {
		t.Errorf("%d writes for an edited response", n)
	}
	found := false
	for _, row := range srv.Cells(sheets.TabMembers) {
		for _, c := range row {
			if c == "Bo Builder" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("edited name not on Members: %q", srv.Cells(sheets.TabMembers))
	}
}

// TestEditedResponseWithdraws: a respondent who edits their response to
// untick what they shared, or to clear an answer, has withdrawn it: the
// newer copy wins blanks included, and the Directory drops it.
func TestEditedResponseWithdraws(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	srv.AddResponse(id, googlefake.Response{ID: "rAna", Submitted: t0, Answers: map[string][]string{
		"Your name": {"Ana"}, "Email address": {"ana@example.org"}, "Phone number": {"555-0101"},
		"What can you help others with?":        {"Childcare"},
		"What may we share with the whole pod?": {"My name", "My phone number"},
	}})
	cycle := formCycle(t, cfg)
	cycle.Now = t0.Add(24 * time.Hour)
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fmt.Sprint(srv.Cells(sheets.TabDirectory)), "555-0101") {
		t.Fatalf("Directory before the edit: %q", srv.Cells(sheets.TabDirectory))
	}
	srv.EditResponse(id, "rAna", t0.Add(2*time.Hour), map[string][]string{"Your name": {"Ana"}, "Email address": {"ana@example.org"}})
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tab := range []string{sheets.TabDirectory, sheets.TabMembers, sheets.TabResponses} {
		text := fmt.Sprint(srv.Cells(tab))
		if strings.Contains(text, "555-0101") || strings.Contains(text, "Childcare") || (tab == sheets.TabDirectory && strings.Contains(text, "Ana")) {
			t.Errorf("%s still holds withdrawn answers: %q", tab, srv.Cells(tab))
		}
	}
}

// TestFormQuestionRenamed: answers follow the Forms question ID. After
// "Your name" is renamed "Name" in the form, a new response's name still
// lands in the "Your name" column, old members keep theirs, and the
// Settings row doctor suggests ("Header: name = Name") names that column.
func TestFormQuestionRenamed(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	add := func(rid, name, email string, at time.Time) {
		srv.AddResponse(id, googlefake.Response{ID: rid, Submitted: at, Answers: map[string][]string{
			"Email address": {email}, "What may we share with the whole pod?": {"My name"},
			"Would you like 1-on-1 conversations with pod members?": {"Yes"},
			nameQuestion(t, srv, id):                                {name},
		}})
	}
	add("rAna", "Ana", "ana@example.org", t0)
	add("rBo", "Bo", "bo@example.org", t0.Add(time.Minute))
	cycle := formCycle(t, cfg)
	cycle.Now = t0.Add(24 * time.Hour)
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}

	// Rename the question in the form (its ID stays), and a neighbor
	// answers the renamed form.
	f := srv.Form(id)
	for _, it := range f.Items {
		if it.Title == "Your name" {
			it.Title = "Name"
		}
	}
	srv.SetForm(f)
	cycle.Source.(*google.FormsSource).Invalidate()
	add("rCy", "Cy", "cy@example.org", t0.Add(time.Hour))
	cycle.Now = t0.Add(48 * time.Hour)
	check := func(when string) {
		t.Helper()
		rep, err := cycle.Run(ctx)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if rep.Members != 3 {
			t.Errorf("%s: %d members", when, rep.Members)
		}
		resp := srv.Cells(sheets.TabResponses)
		for _, h := range resp[0] {
			if h == "Name" {
				t.Errorf("%s: a new %q column: %q", when, h, resp[0])
			}
		}
		names := map[string]bool{}
		mem := srv.Cells(sheets.TabMembers)
		col := -1
		for i, h := range mem[0] {
			if h == "Name" {
				col = i
			}
		}
		for _, r := range mem[1:] {
			if col < len(r) {
				names[r[col]] = true
			}
		}
		for _, n := range []string{"Ana", "Bo", "Cy"} {
			if !names[n] {
				t.Errorf("%s: %s has no name on Members: %q", when, n, mem)
			}
		}
	}
	check("after the rename")
	// The Settings row doctor advises for a renamed question.
	set := srv.Cells(sheets.TabSettings)
	srv.SetCells(sheets.TabSettings, append(set, []string{"Header: name", "Name"}))
	check("with Header: name = Name")
	// A fresh source (a restarted daemon) reads the renamed form.
	cycle.Source = formCycle(t, cfg).Source
	add("rDee", "Dee", "dee@example.org", t0.Add(2*time.Hour))
	rep, err := cycle.Run(ctx)
	if err != nil || rep.Members != 4 {
		t.Fatalf("after a restart: %v, %+v", err, rep)
	}
	if !strings.Contains(fmt.Sprint(srv.Cells(sheets.TabMembers)), "Dee") {
		t.Errorf("Members: %q", srv.Cells(sheets.TabMembers))
	}
}

// TestLinkedTabTitle: errors name the linked tab as the spreadsheet titles
// it, "Form responses 1" in newer spreadsheets.
func TestLinkedTabTitle(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	srv.SetCells("Form responses 1", [][]string{
		{"Timestamp", "Email address", "Your name"},
		{"11/20/2026 9:05:12", "ana@example.org", "Ana"},
		{"yesterday", "bo@example.org", "Bo"},
	})
	c := &pod.Cycle{Store: openFake(t, srv, nil), Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}
	_, err := c.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), `tab "Form responses 1", row 3`) {
		t.Errorf("error: %v", err)
	}
	srv.SetCells("Form responses 1", [][]string{{"Timestamp", "Email address", "Your name"}})
	rep, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w := fmt.Sprint(rep.Warnings); !strings.Contains(w, `linked tab "Form responses 1" has no responses yet`) {
		t.Errorf("warnings: %s", w)
	}
}

// TestNoResponsesWarning: the warning says why there are none, by source.
func TestNoResponsesWarning(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	cfg, _ := fakeForm(t, srv)
	src, err := google.OpenForms(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		c          *pod.Cycle
		want, dont string
	}{
		{&pod.Cycle{Store: openFake(t, srv, nil), Source: src, Now: now, DryRun: true}, "the form has no responses yet", "--form"},
		{&pod.Cycle{Store: storetest.NewMem(), Now: now}, "--form ID, or link the form", ""},
	} {
		rep, err := tc.c.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		w := fmt.Sprint(rep.Warnings)
		if !strings.Contains(w, tc.want) || (tc.dont != "" && strings.Contains(w, tc.dont)) {
			t.Errorf("warnings: %s", w)
		}
	}
}

// nameQuestion is the ID of the form's name question, whatever its title.
func nameQuestion(t *testing.T, srv *googlefake.Server, formID string) string {
	t.Helper()
	for _, it := range srv.Form(formID).Items {
		if (it.Title == "Your name" || it.Title == "Name") && it.QuestionItem != nil {
			return it.QuestionItem.Question.QuestionId
		}
	}
	t.Fatal("the form has no name question")
	return ""
}

// TestLinkedTabThenFormsAPI: a pod that read its responses from the linked
// tab, then from the Forms API (--form), then from the linked tab again,
// keeps one Responses row per response: the Forms API's response IDs and
// the linked tab's derived ones are recognised as the same responses.
func TestLinkedTabThenFormsAPI(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg, formID := fakeForm(t, srv)
	at := []time.Time{
		time.Date(2026, 11, 20, 14, 5, 12, 345e6, time.UTC),
		time.Date(2026, 11, 20, 14, 6, 40, 994e6, time.UTC),
	}
	answers := []map[string][]string{
		{"Your name": {"Ana Ruiz"}, "Phone number": {"555-0101"}, "What can you help others with?": {"Food and groceries", "Childcare"},
			"Would you like 1-on-1 conversations with pod members?": {"Yes"}, "What may we share with the whole pod?": {"My name", "My zone"}},
		{"Your name": {"Bo Chen"}, "Phone number": {"555-0102"}, "What do you need help with?": {"Recreation", "fixing bikes, scooters"},
			"Would you like 1-on-1 conversations with pod members?": {"No"}},
	}
	for i := range at {
		srv.AddResponse(formID, googlefake.Response{Submitted: at[i], Answers: answers[i]})
	}
	// The linked tab as Google writes it: the timestamp to the second, in
	// the spreadsheet's zone; checkbox labels joined with ", ".
	form := srv.Form(formID)
	header := []string{"Timestamp"}
	for _, it := range form.Items {
		if it.QuestionItem != nil {
			header = append(header, it.Title)
		}
	}
	grid := [][]string{header}
	for i, a := range answers {
		row := []string{at[i].Round(time.Second).Format("1/2/2006 15:04:05")}
		for _, title := range header[1:] {
			v := ""
			for j, s := range a[title] {
				if j > 0 {
					v += ", "
				}
				v += s
			}
			row = append(row, v)
		}
		grid = append(grid, row)
	}
	srv.SetCells("Form Responses 1", grid)
	store := openFake(t, srv, nil)
	forms, err := google.OpenForms(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for i, c := range []*pod.Cycle{
		{Store: store, Now: now},
		{Store: store, Source: forms, Now: now},
		{Store: store, Now: now},
	} {
		rep, err := c.Run(ctx)
		if err != nil {
			t.Fatalf("sync %d: %v", i+1, err)
		}
		want := 0
		if i == 0 {
			want = 2
		}
		if got := len(srv.Cells(sheets.TabResponses)) - 1; rep.NewResponses != want || got != 2 {
			t.Errorf("sync %d: %d new responses, %d rows; want %d and 2", i+1, rep.NewResponses, got, want)
		}
		if rep.Members != 2 {
			t.Errorf("sync %d: %d members, want 2", i+1, rep.Members)
		}
	}
}

// TestLostWriteKeepsOrganizerEdit: a values:batchUpdate that adds a member
// with Active "Yes" goes through but its response is lost. The organizer
// sets the new row's Active to "Left" before podsync would retry; the
// write must not be repeated over it (the cycle is redone from a fresh
// read instead), and the organizer's value survives the next cycle.
func TestLostWriteKeepsOrganizerEdit(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg, id := fakeForm(t, srv)
	t0 := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	answers := func(name string) map[string][]string {
		return map[string][]string{"Your name": {name}, "Email address": {strings.ToLower(name) + "@example.org"}}
	}
	// bo finds Bo's Active cell: its A1 reference ("" when his row is not
	// there yet) and value.
	bo := func() (ref, value string) {
		cells := srv.Cells(sheets.TabMembers)
		if len(cells) == 0 {
			return "", ""
		}
		name, active := slices.Index(cells[0], "Name"), slices.Index(cells[0], sheets.ColActive)
		for i, r := range cells[1:] {
			if name >= 0 && active >= 0 && name < len(r) && r[name] == "Bo" {
				if active < len(r) {
					value = r[active]
				}
				return sheets.ColLetter(active) + fmt.Sprint(i+2), value
			}
		}
		return "", ""
	}
	edited := false
	organizer := func() {
		if ref, _ := bo(); ref != "" && !edited {
			srv.Spreadsheet().SetCell(sheets.TabMembers, ref, "Left")
			edited = true
		}
	}
	// The organizer types while podsync waits to retry.
	cfg.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { organizer(); return ctx.Err() }
	cycle := formCycle(t, cfg)
	cycle.Now = t0.Add(24 * time.Hour)
	srv.AddResponse(id, googlefake.Response{ID: "rAna", Submitted: t0, Answers: answers("Ana")})
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}

	srv.AddResponse(id, googlefake.Response{ID: "rBo", Submitted: t0.Add(time.Minute), Answers: answers("Bo")})
	srv.FailKind(1, googlefake.DropAfter, "values.batchUpdate")
	srv.ResetCounts()
	if _, err := cycle.Run(ctx); err == nil {
		t.Error("a write that adds rows was retried after its response was lost")
	}
	if n := srv.Count("values.batchUpdate"); n != 1 {
		t.Errorf("the lost write was sent %d times, want once", n)
	}
	if ref, v := bo(); ref == "" || (v != "Yes" && !edited) {
		t.Fatalf("the lost write did not take effect: Bo at %q, Active %q", ref, v)
	}
	organizer() // podsync did not wait to retry: the organizer types now
	if _, err := cycle.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, v := bo(); v != "Left" {
		t.Errorf("Bo's Active is %q, the organizer wrote \"Left\"", v)
	}
}
