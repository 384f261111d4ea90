package exporter

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/podsync/podsync/matching"
	"github.com/xuri/excelize/v2"
)

// render writes the handout into memory and opens it with excelize.
func render(t *testing.T, pod *matching.Pod, opt Options) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, pod, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("open handout: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("GetRows(%q): %v", sheet, err)
	}
	return rs
}

func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatalf("GetCellValue(%q, %s): %v", sheet, ref, err)
	}
	return v
}

// rowWith returns the first row whose first cell is first, or nil.
func rowWith(rs [][]string, col int, value string) []string {
	for _, r := range rs {
		if col < len(r) && r[col] == value {
			return r
		}
	}
	return nil
}

func pad(r []string, n int) []string {
	for len(r) < n {
		r = append(r, "")
	}
	return r
}

func TestTabs(t *testing.T) {
	f, _ := render(t, samplePod(), Options{Now: testNow})
	want := []string{"Read me", "Directory", "Pairings", "Resources"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Fatalf("tabs = %q, want %q", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active tab = %d, want Read me", f.GetActiveSheetIndex())
	}
}

func TestReadMe(t *testing.T) {
	f, _ := render(t, samplePod(), Options{Now: testNow})
	rs := rows(t, f, "Read me")
	if rs[0][0] != "Maple Street Pod" || rs[0][1] != "Handout of Tuesday, December 1, 2026" {
		t.Errorf("header row = %q", rs[0])
	}
	text := flatten(rs)
	for _, s := range []string{
		"How our pod works", "questionnaire", "1-on-1 conversation", "Every round (a week)", "Support each other",
		"Community agreements", "We keep what we hear to ourselves.", "We show up when we say we will.",
		"Reach the organizers", "Call Rosa at +1 555 0199 or write to organizers@example.org",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("Read me lacks %q", s)
		}
	}

	// No name, no agreements, no contact.
	p := samplePod()
	p.Settings.PodName, p.Settings.Agreements, p.Settings.Contact = "  ", "", ""
	f, _ = render(t, p, Options{Now: testNow})
	rs = rows(t, f, "Read me")
	if rs[0][0] != "Our pod" {
		t.Errorf("unnamed pod's title = %q, want Our pod", rs[0][0])
	}
	text = flatten(rs)
	if strings.Contains(text, "Community agreements") {
		t.Errorf("Read me shows agreements the pod does not have")
	}
	if !strings.Contains(text, "Reach the organizers") || !strings.Contains(text, "Ask the neighbor who gave you this handout") {
		t.Errorf("Read me has no way to reach organizers:\n%s", text)
	}
}

func flatten(rs [][]string) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDirectory(t *testing.T) {
	f, _ := render(t, samplePod(), Options{Now: testNow})
	rs := rows(t, f, "Directory")
	want := [][]string{
		{"Name", "Phone", "Email", "Zone", "Interests", "Can offer", "Needs"},
		{`=HYPERLINK("http://evil.example.org","Dee")`, "+1 555 0104", "", "-2+3", "@SUM(1)", "", ""},
		{"Ana Ruiz", "+1 555 0101", "", "Maple Court", "", "", ""},
		{"Eve Marchetti", "+1 555 0105", "eve.marchetti@example.org", "Elm Row", "quilting", "Food and groceries", ""},
		{"A neighbor", "", "cy.okafor@example.org", "", "sourdough and jazz",
			"Tech assistance", "Food and groceries, help with forms"},
	}
	if len(rs) != len(want) {
		t.Fatalf("Directory has %d rows, want %d:\n%s", len(rs), len(want), flatten(rs))
	}
	for i := range want {
		if got := pad(rs[i], 7); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("Directory row %d = %q, want %q", i+1, got, want[i])
		}
	}
	// Offer details are not part of "What I can offer" (matching.Shares).
	if strings.Contains(flatten(rs), "can fix old laptops") {
		t.Error("the Directory prints Cy's offer details, which the share question does not cover")
	}
	// Bo (shared nothing), Finn (left) and Gus (shared only a blank phone)
	// are not listed at all.
	for _, name := range []string{"Bo Lindqvist", "Finn Gallagher", "Gus Private"} {
		if strings.Contains(flatten(rs), name) {
			t.Errorf("Directory lists %s", name)
		}
	}

	// Nobody shared anything.
	p := samplePod()
	for i := range p.Members {
		p.Members[i].Share = 0
	}
	f, _ = render(t, p, Options{Now: testNow})
	rs = rows(t, f, "Directory")
	if len(rs) != 2 || !strings.Contains(rs[1][0], "Nobody") {
		t.Errorf("empty Directory = %q", rs)
	}
}

func TestPairings(t *testing.T) {
	f, _ := render(t, samplePod(), Options{Now: testNow})
	rs := rows(t, f, "Pairings")
	dee := `=HYPERLINK("http://evil.example.org","Dee")`
	want := [][]string{
		{"Round", "Week of", "Person A", "Person B", "Person C"},
		// Round 1 is over; round 2 is in progress on December 1; round 3's
		// Skipped group is left out. Bo and Cy did not share their names.
		{"2", "Mon, Nov 30, 2026", "Ana Ruiz", "a neighbor", ""},
		{"2", "Mon, Nov 30, 2026", "a neighbor", dee, ""},
		{"3", "Mon, Dec 7, 2026", "Ana Ruiz", dee, ""},
	}
	if len(rs) != len(want) {
		t.Fatalf("Pairings has %d rows, want %d:\n%s", len(rs), len(want), flatten(rs))
	}
	for i := range want {
		if got := pad(rs[i], 5); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("Pairings row %d = %q, want %q", i+1, got, want[i])
		}
	}

	// A week later round 2 is over too; with no rounds at all, the tab says so.
	f, _ = render(t, samplePod(), Options{Now: testNow.AddDate(0, 0, 6)})
	if rs := rows(t, f, "Pairings"); len(rs) != 2 || rs[1][0] != "3" {
		t.Errorf("Pairings on Dec 7 = %q", rs)
	}
	p := samplePod()
	p.Groups = nil
	f, _ = render(t, p, Options{Now: testNow})
	if rs := rows(t, f, "Pairings"); len(rs) != 2 || !strings.Contains(flatten(rs), "No rounds are planned yet") {
		t.Errorf("Pairings without rounds = %q", rs)
	}
}

func TestResources(t *testing.T) {
	f, _ := render(t, samplePod(), Options{Now: testNow})
	rs := rows(t, f, "Resources")
	if got := rs[0]; !reflect.DeepEqual(got, []string{"Kind of help", "Neighbors offering", "Community resource", "Contact", "Notes"}) {
		t.Errorf("header = %q", got)
	}
	// Every category once, in form order, then organizer categories.
	var cats []string
	for _, r := range rs[1:] {
		if r[0] != "" {
			cats = append(cats, r[0])
		}
	}
	var want []string
	for _, c := range matching.Categories {
		want = append(want, string(c))
	}
	want = append(want, "Housing")
	if !reflect.DeepEqual(cats, want) {
		t.Errorf("categories = %q, want %q", cats, want)
	}
	// Counts: available members only (Eve is paused, Finn has left).
	for cat, n := range map[string]string{"Food and groceries": "1", "Tech assistance": "2", "Childcare": "1", "Recreation": "0"} {
		if r := rowWith(rs, 0, cat); r == nil || r[1] != n {
			t.Errorf("%s row = %q, want %s neighbors", cat, r, n)
		}
	}
	if r := rowWith(rs, 0, "Food and groceries"); !reflect.DeepEqual(pad(r, 5),
		[]string{"Food and groceries", "1", "Eastside Food Bank", "+1 555 0150", "Open Saturdays"}) {
		t.Errorf("food row = %q", r)
	}
	if r := rowWith(rs, 2, "Tenant union"); r == nil || r[0] != "Housing" {
		t.Errorf("tenant union row = %q", r)
	}
	// Counts are numbers, not text.
	if typ, _ := f.GetCellType("Resources", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("count cell type = %v", typ)
	}
}

// TestConsent checks that, without per-member tabs, no value a member did
// not share appears anywhere: not in any cell of any tab and not anywhere in
// the zip's XML.
func TestConsent(t *testing.T) {
	for _, paper := range []Paper{Letter, A4} {
		pod := samplePod()
		f, raw := render(t, pod, Options{Now: testNow, Paper: paper})
		cells := allCells(t, f)
		xmlText := zipText(t, raw)
		for id, vals := range privateValues(pod) {
			for _, v := range vals {
				for ref, got := range cells {
					if strings.Contains(got, v) {
						t.Errorf("%s's private %q is in %s: %q", id, v, ref, got)
					}
				}
				esc := xmlEscape(v)
				if strings.Contains(xmlText, v) || strings.Contains(xmlText, esc) {
					t.Errorf("%s's private %q is in the file's XML", id, v)
				}
			}
		}
	}
}

// TestConsentPerMember checks what the private pages show: each active
// member on their own printed page, partners with only what they share
// with the pod (matching.Shares), and a helper only once Accepted.
func TestConsentPerMember(t *testing.T) {
	pod := samplePod()
	f, raw := render(t, pod, Options{Now: testNow, PerMember: true})
	dee := `=HYPERLINK("http://evil.example.org","Dee")`
	want := []string{"Read me", "Directory", "Pairings", "Resources", "Member pages"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Fatalf("tabs = %q\nwant %q", got, want)
	}
	pages := memberPages(t, f, raw)
	// Active members only (Eve paused, Finn left), in name order, each on
	// their own page.
	var order []string
	for _, r := range rows(t, f, tabMemberPages) {
		if len(r) > 1 && r[0] == "For" {
			order = append(order, r[1])
		}
	}
	if w := []string{dee, "Ana Ruiz", "Bo Lindqvist", "Cy Okafor", "Gus Private"}; !reflect.DeepEqual(order, w) || len(pages) != len(w) {
		t.Fatalf("pages for %q (%d pages), want %q", order, len(pages), w)
	}

	ana := page(t, pages, "Ana Ruiz")
	for _, s := range []string{
		// Bo shares nothing with the pod: not his name, not his phone.
		"Round 2, week of Mon, Nov 30, 2026\tYour partner\tAsk an organizer",
		"Round 3, week of Mon, Dec 7, 2026\t" + dee + "\t+1 555 0104 (text)",
		"Help you asked for\tChildcare\t" + dee + "\t+1 555 0104 (text)",
		"Organizers\t\t\tCall Rosa",
		"\tPrivate: for Ana Ruiz only.",
	} {
		if !strings.Contains(ana, s) {
			t.Errorf("Ana's page lacks %q:\n%s", s, ana)
		}
	}
	// Ana is Cy's proposed helper: neither side sees the other yet.
	for _, s := range []string{"Bo Lindqvist", "+1 555 0102", "Cy Okafor", "cy.okafor@example.org", "Help you offered", "Round 1"} {
		if strings.Contains(ana, s) {
			t.Errorf("Ana's page shows %q:\n%s", s, ana)
		}
	}
	cyPage := page(t, pages, "Cy Okafor")
	if !strings.Contains(cyPage, "Help you asked for\tFood and groceries\tBeing arranged") {
		t.Errorf("Cy's page lacks the open food match:\n%s", cyPage)
	}
	for _, s := range []string{"Ana Ruiz", "+1 555 0101", "Bo Lindqvist", "Declined", "Tech assistance"} {
		if strings.Contains(cyPage, s) {
			t.Errorf("Cy's page shows %q:\n%s", s, cyPage)
		}
	}
	// Dee helps Ana, Accepted: Dee sees Ana and how to reach her. Her
	// round 2 partner Cy shares his email but not his name.
	deePage := page(t, pages, dee)
	for _, s := range []string{
		"Help you offered\tChildcare\tAna Ruiz\t+1 555 0101 (text)",
		"Round 2, week of Mon, Nov 30, 2026\tYour partner\tcy.okafor@example.org",
	} {
		if !strings.Contains(deePage, s) {
			t.Errorf("Dee's page lacks %q:\n%s", s, deePage)
		}
	}
	if strings.Contains(deePage, "Cy Okafor") {
		t.Errorf("Dee's page names Cy, who did not share his name:\n%s", deePage)
	}
	// Bo's only upcoming round is with Ana (round 3's group was skipped);
	// his Emotional support need was helped (Done), his own words wait.
	boPage := page(t, pages, "Bo Lindqvist")
	for _, s := range []string{"Ana Ruiz\t+1 555 0101 (text)", "Emotional support\tHelp given", "a wheelchair ramp\tStill looking"} {
		if !strings.Contains(boPage, s) {
			t.Errorf("Bo's page lacks %q:\n%s", s, boPage)
		}
	}
	if strings.Contains(boPage, "Cy Okafor") || strings.Contains(boPage, "Tech assistance") {
		t.Errorf("Bo's page:\n%s", boPage)
	}
	// Gus did not ask for 1-on-1s and has no plans: just the organizers.
	if gus := pages["Gus Private"]; len(gus) != 4 {
		t.Errorf("Gus's page:\n%s", flatten(gus))
	}
	// The pages' footer says they are private.
	hf, err := f.GetHeaderFooter(tabMemberPages)
	if err != nil || !strings.Contains(hf.OddFooter, "Private: each page is for the neighbor named at its top only") {
		t.Errorf("footer = %+v, %v", hf, err)
	}
}

// TestNoFormulas checks that respondent text that looks like a formula is
// stored as text: no cell has a formula and no sheet has an <f> element.
func TestNoFormulas(t *testing.T) {
	f, raw := render(t, samplePod(), Options{Now: testNow, PerMember: true})
	cells := allCells(t, f)
	if len(cells) < 50 {
		t.Fatalf("only %d cells read back", len(cells))
	}
	for ref := range cells {
		sheet, c, _ := strings.Cut(ref, "!")
		if _, _, err := excelize.CellNameToCoordinates(c); err != nil {
			continue // a header, footer or defined name
		}
		if fm, err := f.GetCellFormula(sheet, c); err != nil || fm != "" {
			t.Errorf("%s has formula %q (%v)", ref, fm, err)
		}
	}
	for _, s := range []struct{ sheet, ref, want string }{
		{"Directory", "A2", `=HYPERLINK("http://evil.example.org","Dee")`},
		{"Directory", "D2", "-2+3"},
		{"Directory", "E2", "@SUM(1)"},
		{"Directory", "B2", "+1 555 0104"},
	} {
		if got := cell(t, f, s.sheet, s.ref); got != s.want {
			t.Errorf("%s!%s = %q, want %q", s.sheet, s.ref, got, s.want)
		}
		if typ, _ := f.GetCellType(s.sheet, s.ref); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s!%s is of type %v, want a string", s.sheet, s.ref, typ)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	formula := regexp.MustCompile(`<(\w+:)?f[ >/]`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		b := readZip(t, zf)
		if loc := formula.FindIndex(b); loc != nil {
			t.Errorf("%s has a formula element: %s", zf.Name, b[loc[0]:min(len(b), loc[0]+80)])
		}
		if bytes.Contains(b, []byte(`t="str"`)) {
			t.Errorf("%s has a formula-result string cell", zf.Name)
		}
	}
}

func TestPageSetup(t *testing.T) {
	for _, tc := range []struct {
		paper Paper
		size  int
	}{{Letter, 1}, {A4, 9}} {
		f, _ := render(t, samplePod(), Options{Now: testNow, Paper: tc.paper, PerMember: true})
		names, err := func() ([]excelize.DefinedName, error) { return f.GetDefinedName(), nil }()
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]string{}
		for _, d := range names {
			if d.Name == "_xlnm.Print_Titles" {
				titles[d.Scope] = d.RefersTo
			}
		}
		for _, sheet := range f.GetSheetList() {
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Size == nil || *pl.Size != tc.size {
				t.Errorf("%s %s: paper size %v, want %d", tc.paper, sheet, pl.Size, tc.size)
			}
			if pl.Orientation == nil || *pl.Orientation != "portrait" {
				t.Errorf("%s: orientation %v", sheet, pl.Orientation)
			}
			if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("%s: fit to %v wide by %v tall, want 1 by 0", sheet, pl.FitToWidth, pl.FitToHeight)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil || props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s: fit to page not enabled (%v)", sheet, err)
			}
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil || hf == nil {
				t.Fatalf("%s: no header/footer (%v)", sheet, err)
			}
			if !strings.Contains(hf.OddHeader, "Maple Street Pod") || !strings.Contains(hf.OddHeader, "Tuesday, December 1, 2026") {
				t.Errorf("%s: header %q lacks pod name or date", sheet, hf.OddHeader)
			}
			if !strings.Contains(hf.OddFooter, "&P of &N") {
				t.Errorf("%s: footer %q has no page numbers", sheet, hf.OddFooter)
			}
			if sheet == tabMemberPages {
				// Each member's page has its own header row, in the
				// member's language: no print titles, nothing frozen.
				if titles[sheet] != "" {
					t.Errorf("%s: print titles %q", sheet, titles[sheet])
				}
				checkStyle(t, f, sheet, "A2", true)
				continue
			}
			if got, want := titles[sheet], quoteSheet(sheet)+"!$1:$1"; got != want {
				t.Errorf("%s: print titles %q, want %q", sheet, got, want)
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("%s: panes %+v (%v), want row 1 frozen", sheet, panes, err)
			}
			// Header row bold, body 11pt or more, wrapped, columns sized.
			checkStyle(t, f, sheet, "A1", true)
			checkStyle(t, f, sheet, "B2", false)
			if w, err := f.GetColWidth(sheet, "B"); err != nil || w < 8 {
				t.Errorf("%s: column B width %v (%v)", sheet, w, err)
			}
		}
	}
}

func checkStyle(t *testing.T, f *excelize.File, sheet, ref string, bold bool) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil {
		t.Fatalf("%s!%s: style %d: %v", sheet, ref, id, err)
	}
	if st.Font.Size < 11 {
		t.Errorf("%s!%s: font size %v, want 11pt or more", sheet, ref, st.Font.Size)
	}
	if bold && !st.Font.Bold {
		t.Errorf("%s!%s: header not bold", sheet, ref)
	}
	if st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("%s!%s: text not wrapped", sheet, ref)
	}
}

func TestPaperDiffers(t *testing.T) {
	_, letter := render(t, samplePod(), Options{Now: testNow})
	_, a4 := render(t, samplePod(), Options{Now: testNow, Paper: A4})
	lx, ax := zipText(t, letter), zipText(t, a4)
	if !strings.Contains(lx, `paperSize="1"`) || !strings.Contains(ax, `paperSize="9"`) {
		t.Errorf("paper sizes not written: letter %v, a4 %v", strings.Contains(lx, `paperSize="1"`), strings.Contains(ax, `paperSize="9"`))
	}
}

func TestDeterministic(t *testing.T) {
	_, a := render(t, samplePod(), Options{Now: testNow, PerMember: true})
	p := samplePod()
	// Member order in the input does not matter.
	for i, j := 0, len(p.Members)-1; i < j; i, j = i+1, j-1 {
		p.Members[i], p.Members[j] = p.Members[j], p.Members[i]
	}
	_, b := render(t, p, Options{Now: testNow, PerMember: true})
	if x, y := zipText(t, a), zipText(t, b); x != y {
		i := 0
		for i < len(x) && i < len(y) && x[i] == y[i] {
			i++
		}
		t.Errorf("two exports of the same pod differ at %q", x[max(0, i-200):min(len(x), i+80)])
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "handout.xlsx")
	if err := WriteFile(context.Background(), path, samplePod(), Options{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("written handout does not open: %v", err)
	}
	f.Close()
	good, _ := os.ReadFile(path)

	// A failed export leaves the old handout as it was and no temporary file.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteFile(ctx, path, samplePod(), Options{Now: testNow}); err == nil {
		t.Fatal("WriteFile with a cancelled context succeeded")
	}
	if err := WriteFile(context.Background(), path, nil, Options{}); err == nil {
		t.Fatal("WriteFile without a pod succeeded")
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, good) {
		t.Errorf("failed export changed the existing handout")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %q, want only handout.xlsx", names)
	}

	// A failure with no earlier handout leaves nothing at all.
	fresh := filepath.Join(dir, "new.xlsx")
	if err := WriteFile(ctx, fresh, samplePod(), Options{Now: testNow}); err == nil {
		t.Fatal("WriteFile with a cancelled context succeeded")
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("failed export left %s behind", fresh)
	}
	// A missing directory is an error, not a panic.
	if err := WriteFile(context.Background(), filepath.Join(dir, "no", "such", "h.xlsx"), samplePod(), Options{}); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
	// Per-member handouts hold contact details: owner-only.
	pm := filepath.Join(dir, "private.xlsx")
	if err := WriteFile(context.Background(), pm, samplePod(), Options{Now: testNow, PerMember: true}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(pm); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("per-member handout mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

// allCells reads every non-blank cell of every sheet, keyed "Sheet!A1".
func allCells(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		for r, row := range rows(t, f, sheet) {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				out[sheet+"!"+ref] = v
			}
		}
		// Page headers and footers print too.
		if hf, err := f.GetHeaderFooter(sheet); err == nil && hf != nil {
			out[sheet+"!header"] = hf.OddHeader
			out[sheet+"!footer"] = hf.OddFooter
		}
	}
	for _, d := range f.GetDefinedName() {
		out["name:"+d.Name+"@"+d.Scope] = d.RefersTo
	}
	if props, err := f.GetDocProps(); err == nil {
		out["docProps"] = props.Title + "\t" + props.Subject + "\t" + props.Description + "\t" + props.Keywords
	}
	return out
}

// zipText concatenates every part of the xlsx package, by part name
// (excelize writes the parts in no fixed order).
func zipText(t *testing.T, raw []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var b strings.Builder
	for _, zf := range files {
		b.WriteString("\n--- " + zf.Name + "\n")
		b.Write(readZip(t, zf))
	}
	return b.String()
}

func readZip(t *testing.T, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func TestWrappedLines(t *testing.T) {
	for _, tc := range []struct {
		s       string
		perLine int
		want    int
	}{
		{"", 10, 1},
		{"short", 10, 1},
		{"two words", 9, 1},
		{"two words", 8, 2},
		{"one two three four", 9, 3},
		{"one two three four", 10, 2},
		{"averyveryverylongword", 10, 3},
		{"first line\nsecond", 20, 2},
		{"a b", 0, 2},
	} {
		if got := wrappedLines(tc.s, tc.perLine); got != tc.want {
			t.Errorf("wrappedLines(%q, %d) = %d, want %d", tc.s, tc.perLine, got, tc.want)
		}
	}
}

// TestRowHeights checks that rows with wrapped text are made tall enough,
// since LibreOffice does not grow them when it opens the file.
func TestRowHeights(t *testing.T) {
	f, _ := render(t, samplePod(), Options{Now: testNow})
	one, err := f.GetRowHeight("Directory", 3) // Ana: one line per cell
	if err != nil {
		t.Fatal(err)
	}
	four, err := f.GetRowHeight("Directory", 5) // Cy: offers wrap over 3+ lines
	if err != nil {
		t.Fatal(err)
	}
	if one < bodySize*1.2 || four < 3*bodySize*1.2 || four <= one {
		t.Errorf("row heights: one-line row %.1fpt, four-line row %.1fpt", one, four)
	}
}

// TestPerMemberSameNames checks that members with the same name, or a
// name that is a tab's, each get their own page.
func TestPerMemberSameNames(t *testing.T) {
	p := samplePod()
	p.Members = append(p.Members,
		matching.Member{ID: "M-0000000020", Name: "Ana Ruiz", Phone: "+1 555 0120", Pairing: true},
		matching.Member{ID: "M-0000000021", Name: "Resources", Phone: "+1 555 0121"},
		matching.Member{ID: "M-0000000022", Name: "[Ana: Ruiz]", Phone: "+1 555 0122"},
	)
	f, raw := render(t, p, Options{Now: testNow, PerMember: true})
	pages := memberPages(t, f, raw)
	for _, want := range []string{"Ana Ruiz", "Ana Ruiz #2", "[Ana: Ruiz]", "Resources"} {
		if _, ok := pages[want]; !ok {
			t.Errorf("no page %q", want)
		}
	}
	if rs := rows(t, f, "Resources"); rs[0][0] != "Kind of help" {
		t.Errorf("the Resources tab was overwritten: %q", rs[0])
	}
}
