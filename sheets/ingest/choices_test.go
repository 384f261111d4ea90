package ingest_test

import (
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
)

var cats = []string{"Food and groceries", "Childcare", "Medicine and errands", "Emotional support", "Recreation", "Tech assistance", "Internet access"}

func TestSplitChoices(t *testing.T) {
	cases := []struct {
		name, in, sep string // sep "" detects
		known         string // joined with "|"
		other         string
	}{
		{"download", "Food and groceries;Childcare", ";", "Food and groceries|Childcare", ""},
		{"linked", "Food and groceries, Childcare", ", ", "Food and groceries|Childcare", ""},
		{"detected download", "Food and groceries;Childcare", "", "Food and groceries|Childcare", ""},
		{"detected linked", "Food and groceries, Childcare", "", "Food and groceries|Childcare", ""},
		{"one label", "Recreation", "", "Recreation", ""},
		{"blank", "", "", "", ""},
		{"spaces only", "   ", ";", "", ""},
		{"case and space folded", "food and GROCERIES;  childcare ", ";", "Food and groceries|Childcare", ""},
		{"tab and newline folded", "Food\tand\ngroceries, Childcare", ", ", "Food and groceries|Childcare", ""},
		{"repeat kept once", "Childcare;childcare", ";", "Childcare", ""},

		// Other text: no prefix, after the labels, kept whole.
		{"other after labels", "Recreation;Tech assistance;Fixing bikes", ";", "Recreation|Tech assistance", "Fixing bikes"},
		{"other with both separators (download)", "Recreation;Fixing bikes; scooters, and prams", ";", "Recreation", "Fixing bikes; scooters, and prams"},
		{"other with both separators (linked)", "Childcare, Tutoring; maths, reading", ", ", "Childcare", "Tutoring; maths, reading"},
		{"other naming labels (linked)", "Recreation, Tech assistance, help with my router, modem", ", ", "Recreation|Tech assistance", "help with my router, modem"},
		{"other only", "Other things entirely", "", "", "Other things entirely"},
		{"other only, with a separator", "my kids; and theirs", "", "", "my kids; and theirs"},
		{"other starting with a label (download)", "Recreation, gardening", ";", "", "Recreation, gardening"},
		{"other starting with a label (linked)", "Recreation;gardening", ", ", "", "Recreation;gardening"},
		{"label after other stays other", "Food and groceries;Someone to talk to;Childcare", ";", "Food and groceries", "Someone to talk to;Childcare"},
		{"label inside other", "Childcare;Childcare for my neighbours", ";", "Childcare", "Childcare for my neighbours"},
		{"other keeps inner spacing", "Childcare;  two  spaces ", ";", "Childcare", "two  spaces"},
		{"Other: prefix is just words", "Childcare, Other: dog walking", ", ", "Childcare", "Other: dog walking"},
		{"other with emoji and RTL", "Recreation;🌻 حديقة, garden", ";", "Recreation", "🌻 حديقة, garden"},

		// A list that mixes both separators still reads.
		{"mixed in download", "Food and groceries, Childcare;Recreation", ";", "Food and groceries|Childcare|Recreation", ""},
		{"mixed in linked", "Tech assistance;Recreation, Internet access", ", ", "Tech assistance|Recreation|Internet access", ""},
		{"mixed detected", "Tech assistance;Recreation, Internet access", "", "Tech assistance|Recreation|Internet access", ""},
		{"mixed then other", "Food and groceries, Childcare;Recreation;my words, mine", ";", "Food and groceries|Childcare|Recreation", "my words, mine"},
		{"empty items skipped", "Childcare;;Recreation;", ";", "Childcare|Recreation", ""},

		// Detection from the text: two labels joined settle it.
		{"detect: labels joined by ;", "Recreation;Tech assistance;fixing bikes, scooters", "", "Recreation|Tech assistance", "fixing bikes, scooters"},
		{"detect: labels joined by ,", "Recreation, Tech assistance, fixing; bikes", "", "Recreation|Tech assistance", "fixing; bikes"},
		{"detect: separator after first label", "Emotional support;Someone to talk to, weekly", "", "Emotional support", "Someone to talk to, weekly"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := ingest.NewChoiceSet(cats)
			known, other := cs.Split(tc.in, tc.sep)
			if strings.Join(known, "|") != tc.known || other != tc.other {
				t.Fatalf("Split(%q, %q) = %q, %q; want %q, %q", tc.in, tc.sep, known, other, tc.known, tc.other)
			}
			if tc.sep == "" {
				k2, o2 := ingest.SplitChoices(tc.in, cats)
				if strings.Join(k2, "|") != tc.known || o2 != tc.other {
					t.Fatalf("SplitChoices = %q, %q", k2, o2)
				}
			}
		})
	}
}

func TestChoiceSeparator(t *testing.T) {
	cs := ingest.NewChoiceSet(cats)
	for in, want := range map[string]string{
		"Food and groceries;Childcare":          ";",
		"Food and groceries, Childcare":         ", ",
		"Recreation;gardening, hiking":          ";",
		"Recreation, gardening; hiking":         ", ",
		"gardening; hiking":                     "",
		"Recreation":                            "",
		"":                                      "",
		"Childcare;Recreation, Tech assistance": ";", // mixed: the first one
	} {
		if got := cs.Separator(in); got != want {
			t.Errorf("Separator(%q) = %q, want %q", in, got, want)
		}
	}
}
