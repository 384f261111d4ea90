package ingest_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
)

func TestFingerprint(t *testing.T) {
	same := [][2][]string{
		{{"Ana Ruiz", "Food and groceries;Childcare", "Yes"}, {"Yes", "ana  ruiz", "Food and groceries, Childcare"}},
		{{"2026-11-20", "007"}, {"11/20/2026", "7"}},
		{{"My name;My zone", "", " "}, {"My name, My zone"}},
		{{"ana@example.org", "ana@example.org", "x"}, {"x", "ana@example.org"}}, // one answer in two columns
	}
	for _, tc := range same {
		if a, b := ingest.Fingerprint(tc[0]), ingest.Fingerprint(tc[1]); a != b || a == "" {
			t.Errorf("Fingerprint(%q) = %q, Fingerprint(%q) = %q; want equal", tc[0], a, tc[1], b)
		}
	}
	differ := [][2][]string{
		{{"Ana Ruiz", "555-0123"}, {"Ana Ruiz", "555-0132"}},
		{{"Ana", "Yes"}, {"Ana", "No"}},
		{{"2018"}, {"2018.0"}},
	}
	for _, tc := range differ {
		if a, b := ingest.Fingerprint(tc[0]), ingest.Fingerprint(tc[1]); a == b {
			t.Errorf("Fingerprint(%q) = Fingerprint(%q) = %q; want different", tc[0], tc[1], a)
		}
	}
	if fp := ingest.Fingerprint([]string{"", " ", ";,"}); fp != "" {
		t.Errorf("blank answers have fingerprint %q", fp)
	}
}

func TestChoices(t *testing.T) {
	c := ingest.NewChoices(map[string]map[string]string{
		"pairing": {"si": "Yes"}, "share": {"mi nombre": "My name"}, "offers": {"comida": "Food and groceries"},
	})
	for _, tc := range []struct {
		key, text, want string
		known           bool
	}{
		{"pairing", "Yes", "Yes", true},
		{"pairing", " yes ", "Yes", true},
		{"pairing", "Si", "Yes", true},
		{"pairing", "Sí", "Yes", true}, // the Spanish form's label
		{"pairing", "是", "是", false},
		{"pairing", "愿意", "Yes", true}, // the Chinese form's label
		{"pairing", "", "", true},
		{"capacity", "2 neighbors", "2 neighbors", true},
		{"capacity", "dos", "dos", false},
		{"checkin", "every two weeks", "Every two weeks", true},
		{"contact", "WhatsApp", "WhatsApp", false},
	} {
		got, known := c.One(tc.key, tc.text)
		if got != tc.want || known != tc.known {
			t.Errorf("One(%s, %q) = %q, %v; want %q, %v", tc.key, tc.text, got, known, tc.want, tc.known)
		}
	}
	known, other := c.Several("share", "Mi nombre;My zone", ";")
	if !reflect.DeepEqual(known, []string{"My name", "My zone"}) || other != "" {
		t.Errorf("Several(share) = %q, %q", known, other)
	}
	known, other = c.Several("offers", "Comida, Childcare, rides to the clinic", ", ")
	if !reflect.DeepEqual(known, []string{"Food and groceries", "Childcare"}) || other != "rides to the clinic" {
		t.Errorf("Several(offers) = %q, %q", known, other)
	}
	// A mapping for offers is not one for needs.
	if known, other = c.Several("needs", "Comida", ", "); len(known) != 0 || other != "Comida" {
		t.Errorf("Several(needs) = %q, %q", known, other)
	}
	w := strings.Join(c.Warnings(), "\n")
	for _, want := range []string{
		`(pairing): "是" (1 response) is not one of its choices, read as No`,
		`"Answer: pairing: 是" with Value one of: Yes, No`,
		`(capacity): "dos" (1 response) is not one of its choices, read as the Default capacity`,
		`(contact): "WhatsApp"`,
		`(offers): "rides to the clinic" (1 response)`,
		`(needs): "Comida" (1 response) is not one of its choices, read as the member's own words`,
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
	if n := len(c.Warnings()); n != 5 {
		t.Errorf("%d warnings, want one per question (5):\n%s", n, w)
	}
}

func TestMapAnswer(t *testing.T) {
	if k, l, err := ingest.MapAnswer(" Pairing ", "Sí", "yes"); err != nil || k != "pairing" || l != "Yes" {
		t.Errorf("MapAnswer = %q, %q, %v", k, l, err)
	}
	for _, tc := range [][3]string{{"zone", "Norte", "North"}, {"pairing", "Sí", "Si"}, {"pairing", " ", "Yes"}} {
		if _, _, err := ingest.MapAnswer(tc[0], tc[1], tc[2]); err == nil {
			t.Errorf("MapAnswer(%q) accepted", tc)
		}
	}
}

func TestMissingQuestions(t *testing.T) {
	names := []string{"Timestamp", "Your name", "Email address", "How can you help?", "Notes for us"}
	hm, err := ingest.ResolveHeaders(names, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	w := ingest.MissingQuestions(names, hm, map[string]string{"phone": "none"})
	all := strings.Join(w, "\n")
	if !strings.Contains(all, `question "What can you help others with?" (offers) is not in the responses; the closest title there is "How can you help?": if that is it, add a Settings row "Header: offers" with Value "How can you help?"`) {
		t.Errorf("no suggestion for offers:\n%s", all)
	}
	if strings.Contains(all, "(phone)") || strings.Contains(all, "(name)") || strings.Contains(all, "(email)") {
		t.Errorf("warned about a question that is there or not asked:\n%s", all)
	}
	if !slices.ContainsFunc(w, func(s string) bool {
		return strings.Contains(s, `(zone)`) && strings.Contains(s, `no question uses "Notes for us" there`)
	}) {
		t.Errorf("the zone warning does not list the unclaimed title:\n%s", all)
	}
}
