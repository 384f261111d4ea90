package pod

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest"
)

// Run each for a short burst, e.g.
//
//	go test ./sheets/pod -run '^$' -fuzz FuzzNearMiss -fuzztime 30s

// FuzzNearMiss: any title is judged without a panic; a podsync tab's own
// name, in any case or spacing, is always a near miss of itself; the edit
// distance agrees with a plain Levenshtein where no letters swap.
func FuzzNearMiss(f *testing.F) {
	for _, s := range []string{"members", "Members ", "Matches 2026", "Memebers", "Do-not-pair", "Membership", "", " ", "ñ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		for _, w := range nearMissTabs() {
			nearMiss(title, w.name, true)
			nearMiss(title, w.name, false)
			for _, v := range []string{w.name, strings.ToUpper(w.name), " " + strings.ToLower(w.name) + " "} {
				if !nearMiss(v, w.name, false) {
					t.Fatalf("%q is not a near miss of %q", v, w.name)
				}
			}
			a, b := []rune(squeeze(title)), []rune(squeeze(w.name))
			if len(a) > 40 {
				continue
			}
			if got, want := editDistance(a, b, 100), levenshtein(a, b); got > want || got < want-(want+1)/2 {
				t.Fatalf("distance(%q, %q) = %d, Levenshtein %d", string(a), string(b), got, want)
			}
		}
	})
}

func levenshtein(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(a)][len(b)]
}

// FuzzPrepareIncoming: whatever a response's titles and answers, what the
// Responses tab gets is clean text, no question is titled like the tab's own
// columns, and titles that were apart stay apart.
func FuzzPrepareIncoming(f *testing.F) {
	f.Add("Submitted at", "Response ID", "Submitted at (question)", "a\x01b\rc")
	f.Add("submitted  AT", "Your name", "", "\u2028")
	f.Fuzz(func(t *testing.T, t1, t2, t3, text string) {
		in := []ingest.Response{{ID: "R-1", Fields: []ingest.Field{{Title: t1, Text: text}, {Title: t2, Text: text}, {Title: t3}}}}
		out := prepareIncoming(in)
		if len(out) != 1 || len(out[0].Fields) != 3 {
			t.Fatalf("%d responses", len(out))
		}
		seen := map[string]bool{}
		for i, fl := range out[0].Fields {
			if ownTitle(fl.Title) {
				t.Fatalf("field %d keeps the title %q", i, fl.Title)
			}
			if !utf8.ValidString(fl.Text) || ingest.CleanText(fl.Text) != fl.Text || ingest.CleanText(fl.Title) != fl.Title {
				t.Fatalf("field %d not clean: %q %q", i, fl.Title, fl.Text)
			}
			was := matching.Fold(ingest.CleanText(in[0].Fields[i].Title))
			if k := matching.Fold(fl.Title); was != "" && seen[k] && !sameTitle(in[0].Fields, i) {
				t.Fatalf("field %d titled %q like another", i, fl.Title)
			}
			seen[matching.Fold(fl.Title)] = true
		}
	})
}

// sameTitle reports whether field i's title was already another field's.
func sameTitle(fs []ingest.Field, i int) bool {
	for j := range i {
		if matching.Fold(ingest.CleanText(fs[j].Title)) == matching.Fold(ingest.CleanText(fs[i].Title)) {
			return true
		}
	}
	return false
}
