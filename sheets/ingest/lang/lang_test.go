package lang

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

// TestCatalogsComplete: every shipped message file (form.*.json and
// handout.*.json) has every message of the English one, with the same
// placeholders, and none the English one lacks. A message with plural forms
// ({"one": …, "other": …}) has an "other" form in every language, and
// its forms together have the English placeholders.
func TestCatalogsComplete(t *testing.T) {
	// read gives each message's text, its plural forms joined.
	read := func(name string) (map[string]string, map[string]bool) {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m, plural := map[string]string{}, map[string]bool{}
		for id, v := range raw {
			switch v := v.(type) {
			case string:
				m[id] = v
			case map[string]any:
				plural[id] = true
				other, _ := v["other"].(string)
				if strings.TrimSpace(other) == "" {
					t.Errorf("%s: %s has no \"other\" form", name, id)
				}
				var forms []string
				for _, f := range v {
					s, _ := f.(string)
					forms = append(forms, s)
				}
				m[id] = strings.Join(forms, "\n")
			default:
				t.Errorf("%s: %s is neither a text nor plural forms", name, id)
			}
		}
		return m, plural
	}
	unique := func(s string) []string {
		a := placeholder.FindAllString(s, -1)
		slices.Sort(a)
		return slices.Compact(a)
	}
	if len(Tags()) < 3 || Tags()[0] != English {
		t.Fatalf("Tags() = %v: want English first and at least two more", Tags())
	}
	for _, kind := range kinds {
		en, _ := read(kind + ".en.json")
		for _, tag := range Tags()[1:] {
			file := kind + "." + tag + ".json"
			m, plural := read(file)
			for id, src := range en {
				got, ok := m[id]
				if !ok || strings.TrimSpace(got) == "" {
					t.Errorf("%s: %s is missing", file, id)
					continue
				}
				if a, b := unique(src), unique(got); !slices.Equal(a, b) {
					t.Errorf("%s: %s has placeholders %v, English %v", file, id, b, a)
				}
				if !plural[id] && len(unique(got)) == 0 && Message(tag, id) != got {
					t.Errorf("%s: %s reads as %q, the file says %q", file, id, Message(tag, id), got)
				}
			}
			for id := range m {
				if _, ok := en[id]; !ok {
					t.Errorf("%s: %s is not an English message", file, id)
				}
			}
		}
	}
	if Message("xx", "q.name") != "Your name" || Message("es-MX", "q.name") != "Tu nombre" {
		t.Error("an unshipped language does not fall back to English, or es-MX not to es")
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		tag, id string
		data    map[string]any
		count   any
		want    string
	}{
		{"en", "handout.round.weeks", nil, 1, "a week"},
		{"en", "handout.round.weeks", nil, 3, "3 weeks"},
		{"es", "handout.round.days", nil, 1, "un día"},
		{"es", "handout.round.days", nil, 10, "10 días"},
		{"zh-Hans", "handout.round.weeks", nil, 2, "2 周"},
		{"bn", "handout.round.weeks", nil, 1, "1 সপ্তাহ"},
		{"bn", "handout.round.days", nil, 3, "3 দিন"},
		{"ht", "handout.round.weeks", nil, 1, "yon semèn"},
		{"ht", "handout.round.weeks", nil, 2, "2 semèn"},
		{"ht-HT", "handout.member.for", nil, nil, "Pou"},
		{"es", "handout.member.printed", map[string]any{"Date": "1 de diciembre"}, nil, "Impreso el 1 de diciembre"},
		{"xx", "handout.member.for", nil, nil, "For"},
		{"es", "no.such.message", nil, nil, ""},
	} {
		if got := Format(c.tag, c.id, c.data, c.count); got != c.want {
			t.Errorf("Format(%s, %s, %v, %v) = %q, want %q", c.tag, c.id, c.data, c.count, got, c.want)
		}
	}
}

func TestLookup(t *testing.T) {
	for name, want := range map[string]string{
		"Spanish": "es", "Español": "es", " español ": "es", "es": "es", "es-MX": "es",
		"中文": "zh-Hans", "Chinese": "zh-Hans", "zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-Hans": "zh-Hans",
		"Bengali": "bn", "Bangla": "bn", "বাংলা": "bn", "bn": "bn", "bn-BD": "bn",
		"Haitian Creole": "ht", "Kreyòl": "ht", "kreyol ayisyen": "ht", "ht": "ht", "ht-HT": "ht",
		"English": "en", "en-GB": "en", "Tagalog": "", "": "", "fr": "", "Klingon!": "",
	} {
		got, ok := Lookup(name)
		if got != want || ok != (want != "") {
			t.Errorf("Lookup(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestShipped(t *testing.T) {
	for tag, want := range map[string]string{"en": "en", "ES": "es", "bn": "bn", "HT": "ht", "zh-hans": "zh-Hans", " zh_Hans ": "zh-Hans"} {
		if got, ok := Shipped(tag); !ok || got != want {
			t.Errorf("Shipped(%q) = %q, %v; want %q", tag, got, ok, want)
		}
	}
	for _, tag := range []string{"xx", "es-MX", "zh", "", "Spanish!"} {
		if _, ok := Shipped(tag); ok {
			t.Errorf("Shipped(%q): want not shipped", tag)
		}
	}
}
