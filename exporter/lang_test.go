package exporter

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest/lang"
	"github.com/xuri/excelize/v2"
)

// visibleCells is every visible cell of every tab, with the tab's page header
// and footer, tab by tab.
func visibleCells(t *testing.T, f *excelize.File) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, s := range f.GetSheetList() {
		for _, r := range rows(t, f, s) {
			for _, c := range r {
				if c != "" {
					out[s] = append(out[s], c)
				}
			}
		}
		hf, err := f.GetHeaderFooter(s)
		if err != nil {
			t.Fatal(err)
		}
		out[s] = append(out[s], hf.OddHeader, hf.OddFooter)
	}
	return out
}

// TestWordsEnglishAsBuiltIn: lang's handout.en.json writes the handout the
// built-in English writes, byte for byte.
func TestWordsEnglishAsBuiltIn(t *testing.T) {
	for _, per := range []bool{false, true} {
		a, _ := render(t, samplePod(), Options{Now: testNow, PerMember: per})
		b, _ := render(t, samplePod(), Options{Now: testNow, PerMember: per, Words: lang.Words{}, Language: "en"})
		ca, cb := visibleCells(t, a), visibleCells(t, b)
		if len(ca) != len(cb) {
			t.Fatalf("tabs %d and %d", len(ca), len(cb))
		}
		for s, want := range ca {
			if got := cb[s]; strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s with lang's English:\n%q\nbuilt-in:\n%q", s, got, want)
			}
		}
	}
}

// theirWords are the members' and organizers' own words in p, which the
// handout prints as written in every language, longest first; and the
// handout's tab names, which stay English (the contract).
func theirWords(p *matching.Pod) []string {
	w := []string{tabReadMe, tabDirectory, tabPairings, tabResources, p.Settings.PodName, p.Settings.Contact}
	w = append(w, lines(p.Settings.Agreements)...)
	for _, m := range p.Members {
		w = append(w, m.Name, m.Email, m.Phone, m.Zone, m.Interests)
		w = append(w, m.OfferOther...)
		w = append(w, m.NeedOther...)
		w = append(w, m.Languages...)
	}
	for _, r := range p.Resources {
		w = append(w, r.Name, r.Contact, r.Notes, r.Category)
	}
	sort.Slice(w, func(i, j int) bool { return len(w[i]) > len(w[j]) })
	return w
}

var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// englishWords are the words of the English handout of p that are not
// p's own words.
func englishWords(t *testing.T, p *matching.Pod) map[string]bool {
	f, _ := render(t, p, Options{Now: testNow, PerMember: true})
	out := map[string]bool{}
	for _, cells := range visibleCells(t, f) {
		for _, c := range cells {
			for _, w := range latinWord.FindAllString(strip(c, theirWords(p)), -1) {
				out[strings.ToLower(w)] = true
			}
		}
	}
	return out
}

// strip removes own words and header/footer codes from a cell.
func strip(c string, own []string) string {
	for _, w := range own {
		if w != "" {
			c = strings.ReplaceAll(c, w, " ")
		}
	}
	return strings.NewReplacer(`&"-,Bold"`, " ", "&L", " ", "&R", " ", "&P", " ", "&N", " ").Replace(c)
}

// TestHandoutInLanguage: a Spanish and a Chinese handout has no English
// word in its cells, page headers and footers, apart from the members' and
// organizers' own words and the tab names; its dates are written the
// language's way.
func TestHandoutInLanguage(t *testing.T) {
	p := samplePod()
	en := englishWords(t, p)
	if !en["neighbor"] || !en["december"] || !en["round"] {
		t.Fatalf("English words of the handout look wrong: %v", en)
	}
	for _, c := range []struct {
		tag, date, round, cat string
		same                  []string // words the language writes as English does
	}{
		{"es", "martes, 1 de diciembre de 2026", "lun, 30 nov 2026", "Comida y víveres", []string{"mental", "internet", "nov"}},
		{"zh-Hans", "2026年12月1日星期二", "2026年11月30日（周一）", "食物和日用品", nil},
		{"bn", "মঙ্গলবার, 1 ডিসেম্বর 2026", "সোম, 30 নভে 2026", "খাবার ও বাজারসদাই", nil},
		{"ht", "madi 1 desanm 2026", "len 30 nov 2026", "Manje ak pwovizyon", []string{"nov"}},
	} {
		t.Run(c.tag, func(t *testing.T) {
			f, _ := render(t, samplePod(), Options{Now: testNow, PerMember: true, Language: c.tag, Words: lang.Words{}})
			var all []string
			for tab, cells := range visibleCells(t, f) {
				for _, cell := range cells {
					all = append(all, cell)
					for _, w := range latinWord.FindAllString(strip(cell, theirWords(p)), -1) {
						if w = strings.ToLower(w); en[w] && !slices.Contains(c.same, w) {
							t.Errorf("%s: %q has the English word %q", tab, cell, w)
						}
					}
				}
			}
			flat := strings.Join(all, "\n")
			for _, want := range []string{c.date, c.round} {
				if !strings.Contains(flat, want) {
					t.Errorf("no date written as %q", want)
				}
			}
			if lang.Message(c.tag, "category.1") != c.cat {
				t.Errorf("category.1 in %s is %q", c.tag, lang.Message(c.tag, "category.1"))
			}
			if r := rowWith(rows(t, f, tabResources), 0, c.cat); r == nil || pad(r, 3)[2] != "Eastside Food Bank" {
				t.Errorf("Resources has no row %q with the food bank: %v", c.cat, r)
			}
		})
	}
}

// TestMemberPagesInTheirLanguage: in a bilingual pod each member's private
// tab follows the first language they listed, whatever its name; the
// shared tabs stay in the pod's language.
func TestMemberPagesInTheirLanguage(t *testing.T) {
	p := samplePod()
	langs := map[matching.MemberID][]string{
		ana: {"Español", "English"}, bo: {"中文"}, cy: {"English", "Spanish"}, dee: {"Quechua", "Spanish"},
	}
	for i := range p.Members {
		if l, ok := langs[p.Members[i].ID]; ok {
			p.Members[i].Languages = l
		}
	}
	f, raw := render(t, p, Options{Now: testNow, PerMember: true, Language: "es", Words: lang.Words{}})
	pages := memberPages(t, f, raw)
	for who, want := range map[string]string{
		"Ana Ruiz":     "Para", // Español
		"Bo Lindqvist": "致",    // 中文
		"Cy Okafor":    "For",  // English
		`=HYPERLINK("http://evil.example.org","Dee")`: "Para", // Quechua: no words, the pod's Spanish
	} {
		pg := pages[who]
		if len(pg) < 2 || pg[0][0] != want {
			t.Errorf("%s's page starts %q, want %q", who, pg, want)
		}
	}
	for tab, want := range map[string]string{tabDirectory: "Nombre", tabPairings: "Ronda", tabResources: "Tipo de ayuda"} {
		if got := cell(t, f, tab, "A1"); got != want {
			t.Errorf("%s: A1 = %q, want %q", tab, got, want)
		}
	}
	if got := pad(pages["Bo Lindqvist"][0], 4)[3]; got != "打印于2026年12月1日星期二" {
		t.Errorf("Bo's page is printed %q", got)
	}
	if got := pad(pages["Cy Okafor"][0], 4)[3]; got != "Printed Tuesday, December 1, 2026" {
		t.Errorf("Cy's page is printed %q", got)
	}
	// Bo's page is set in the Chinese font, the others in the handout's.
	if got := pageFont(t, f, "Bo Lindqvist"); got != fontFor("zh-Hans") {
		t.Errorf("Bo's page is in font %q", got)
	}
	if got := pageFont(t, f, "Cy Okafor"); got != fontFor("es") {
		t.Errorf("Cy's page is in font %q", got)
	}
}

// pageFont is the font family of the name cell of who's page.
func pageFont(t *testing.T, f *excelize.File, who string) string {
	t.Helper()
	for i, r := range rows(t, f, tabMemberPages) {
		if len(r) > 1 && r[1] == who {
			id, err := f.GetCellStyle(tabMemberPages, "B"+strconv.Itoa(i+1))
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil || st.Font == nil {
				t.Fatalf("style %d: %v", id, err)
			}
			return st.Font.Family
		}
	}
	t.Fatalf("no page for %s", who)
	return ""
}
