package ingest_test

import (
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
)

func TestColumns(t *testing.T) {
	cases := []struct{ in, want []string }{
		{[]string{"Timestamp", "Your name"}, []string{"Timestamp", "Your name"}},
		{[]string{"Timestamp", "  Your  name ", "Your name"}, []string{"Timestamp", "  Your  name ", "Your name (2)"}},
		{[]string{"A", "a", "A", " a "}, []string{"A", "a (2)", "A (3)", "a (4)"}},
		{[]string{"", "Q", ""}, []string{"Column A", "Q", "Column C"}},
		{[]string{"Q", "Q", "Q (2)"}, []string{"Q", "Q (2)", "Q (2) (2)"}},
		{[]string{"Column B", ""}, []string{"Column B", "Column B (2)"}},
		{[]string{"Grid [Row 1]", "Grid [Row 2]"}, []string{"Grid [Row 1]", "Grid [Row 2]"}},
	}
	for _, tc := range cases {
		got := ingest.Columns(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Columns(%q) = %q, want %q", tc.in, got, tc.want)
		}
		seen := map[string]bool{}
		for _, n := range got {
			k := strings.ToLower(strings.Join(strings.Fields(n), " "))
			if seen[k] {
				t.Errorf("Columns(%q): %q twice", tc.in, n)
			}
			seen[k] = true
		}
	}
}

func TestResolveHeaders(t *testing.T) {
	cases := []struct {
		name      string
		titles    []string
		overrides map[string]string
		want      map[string]int // key → column; nil when an error is wanted
		err       []string
	}{
		{"defaults", []string{"Timestamp", "Email Address", "Your name", "Phone number"}, nil,
			map[string]int{"email": 1, "name": 2, "phone": 3}, nil},
		{"Username is the email", []string{"Timestamp", "Username", "Your name"}, nil,
			map[string]int{"email": 1, "name": 2}, nil},
		{"Email address lower case", []string{"Timestamp", "Email address", "Your name"}, nil,
			map[string]int{"email": 1, "name": 2}, nil},
		{"white space and case folded", []string{"Timestamp", "  YOUR   NAME  ", "phone NUMBER"}, nil,
			map[string]int{"name": 1, "phone": 2}, nil},
		{"case breaks a tie", []string{"Timestamp", "your name", "Your  name "}, nil,
			map[string]int{"name": 2}, nil},
		{"duplicate title is an error", []string{"Timestamp", "Email address", "Your name", "Your name"}, nil, nil,
			[]string{"column C", "column D", `"Your name"`, `"Your name (2)"`, `Header: name`}},
		{"duplicate optional title is an error", []string{"Timestamp", "Your name", "Phone number", "Phone number"}, nil, nil,
			[]string{"column C", "column D", `Header: phone`}},
		{"override picks the second", []string{"Timestamp", "Your name", "Your name"}, map[string]string{"name": "Your name (2)"},
			map[string]int{"name": 2}, nil},
		{"override renames", []string{"Timestamp", "Full name", "Mobile"}, map[string]string{"name": "full  NAME", "phone": "Mobile"},
			map[string]int{"name": 1, "phone": 2}, nil},
		{"override by column name", []string{"Timestamp", "", "Your name"}, map[string]string{"phone": "Column B"},
			map[string]int{"name": 2, "phone": 1}, nil},
		{"override names nothing", []string{"Timestamp", "Your name"}, map[string]string{"phone": "Mobile"}, nil,
			[]string{`"Mobile"`, `Header: phone`}},
		{"missing required", []string{"Timestamp", "Name"}, nil, nil,
			[]string{`required column "Your name" is missing`, `Header: name`}},
		{"one column two keys", []string{"Timestamp", "Your name", "Contact"}, map[string]string{"phone": "Contact", "email": "Contact"}, nil,
			[]string{"column C", `"email"`, `"phone"`}},
		{"timestamp is no question", []string{"Timestamp", "Your name"}, map[string]string{"interests": "Timestamp"}, nil,
			[]string{`"Timestamp"`, `Header: interests`}},
		{"empty and grid titles are kept", []string{"Timestamp", "", "Your name", "Times [Mon]", "Times [Tue]"}, nil,
			map[string]int{"name": 2}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hm, err := ingest.ResolveHeaders(ingest.Columns(tc.titles), tc.overrides, "file x.csv")
			if tc.want == nil {
				if err == nil {
					t.Fatalf("no error; map %v", hm)
				}
				for _, w := range append(tc.err, "file x.csv") {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%q does not say %s", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for k, c := range tc.want {
				if got, ok := hm[k]; !ok || got != c {
					t.Errorf("%s → %d (%v), want %d", k, got, ok, c)
				}
			}
			if len(hm) != len(tc.want) {
				t.Errorf("map %v, want %v", hm, tc.want)
			}
		})
	}
}
