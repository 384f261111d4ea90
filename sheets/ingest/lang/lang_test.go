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

// TestCatalogsComplete: every shipped message file has every message of the
// English one, with the same placeholders, and none the English one lacks.
func TestCatalogsComplete(t *testing.T) {
	read := func(name string) map[string]string {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	en := read("form.en.json")
	if len(Tags()) < 3 || Tags()[0] != English {
		t.Fatalf("Tags() = %v: want English first and at least two more", Tags())
	}
	for _, tag := range Tags()[1:] {
		m := read("form." + tag + ".json")
		for id, src := range en {
			got, ok := m[id]
			if !ok || strings.TrimSpace(got) == "" {
				t.Errorf("%s: %s is missing", tag, id)
				continue
			}
			a, b := placeholder.FindAllString(src, -1), placeholder.FindAllString(got, -1)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) {
				t.Errorf("%s: %s has placeholders %v, English %v", tag, id, b, a)
			}
			if Message(tag, id) != got {
				t.Errorf("%s: %s reads as %q, the file says %q", tag, id, Message(tag, id), got)
			}
		}
		for id := range m {
			if _, ok := en[id]; !ok {
				t.Errorf("%s: %s is not an English message", tag, id)
			}
		}
	}
	if Message("xx", "q.name") != en["q.name"] || Message("es-MX", "q.name") != "Tu nombre" {
		t.Error("an unshipped language does not fall back to English, or es-MX not to es")
	}
}

func TestShipped(t *testing.T) {
	for tag, want := range map[string]string{"en": "en", "ES": "es", "zh-hans": "zh-Hans", " zh_Hans ": "zh-Hans"} {
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
