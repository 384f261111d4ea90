package ingest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// wsFold folds runs of white space but keeps case: titles are compared with
// white space folded, and case breaks ties between near-duplicates.
func wsFold(s string) string { return strings.Join(strings.Fields(s), " ") }

// Columns names a list of titles uniquely, as the Responses tab holds them:
// the first column with a title keeps it verbatim; a title that repeats
// (white space and case folded, since the tab's headers are looked up that
// way) gets " (2)", " (3)", …; an empty title is named after its column
// ("Column F"). Nothing is merged and nothing is dropped: the answers stay
// in their positions.
func Columns(titles []string) []string {
	out := make([]string, len(titles))
	count := map[string]int{}
	used := map[string]bool{}
	for i, t := range titles {
		k := matching.Fold(t)
		var name string
		if k == "" {
			name = "Column " + sheets.ColLetter(i)
		} else {
			count[k]++
			name = t
			if count[k] > 1 {
				name = fmt.Sprintf("%s (%d)", wsFold(t), count[k])
			}
		}
		// A title that is itself "X (2)", or "Column F", may collide with
		// a generated name: number on until the name is free.
		base, n := name, max(count[k], 1)
		for used[matching.Fold(name)] {
			n++
			name = fmt.Sprintf("%s (%d)", wsFold(base), n)
		}
		used[matching.Fold(name)] = true
		out[i] = name
	}
	return out
}

var dupSuffix = regexp.MustCompile(`^(.*) \((\d+)\)$`)

// metaTitles are columns that carry no answer: the export's Timestamp (in
// any language Google writes it: googleTitles) and the Responses tab's own
// columns. They are never a question's column.
var metaTitles = func() map[string]bool {
	m := map[string]bool{"response id": true, "submitted at": true}
	for t := range timestampTitles {
		m[t] = true
	}
	return m
}()

// HeaderMap says which column holds each form key.
type HeaderMap map[string]int

// headerProblem is why a header row does not resolve, and the column it is
// about (a title, or "" when it is about the whole row).
type headerProblem struct {
	Column string
	Err    error
}

// ResolveHeaders finds each question's column among names (as made by
// Columns), using the Settings' "Header: <key>" overrides. Titles compare
// with white space folded and case ignored; when two columns fold to the
// same title, the one whose case matches exactly wins, and if that does not
// settle it the error names both columns and the Settings row that does. A
// required question with no column is an error naming it. Columns titled
// Timestamp (or Google's title for it in another language, such as "Marca
// temporal"), Response ID or Submitted at are never a question's.
// where says what is being read ("file responses.csv", "tab \"Responses\"").
func ResolveHeaders(names []string, overrides map[string]string, where string) (HeaderMap, error) {
	hm, p := resolveHeaders(names, overrides)
	if p != nil {
		return nil, fmt.Errorf("%s: %w", where, p.Err)
	}
	return hm, nil
}

// TitlesOf recovers each column's title from names made by Columns: the
// " (2)" of a repeated title is dropped, so the repeats compare equal again.
func TitlesOf(names []string) []string {
	titles := make([]string, len(names))
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		titles[i] = n
		if m := dupSuffix.FindStringSubmatch(n); m != nil && seen[matching.Fold(m[1])] {
			titles[i] = m[1]
		}
		seen[matching.Fold(titles[i])] = true
	}
	return titles
}

func resolveHeaders(names []string, overrides map[string]string) (HeaderMap, *headerProblem) {
	titles := TitlesOf(names)
	folded := make([]string, len(titles))
	for i, t := range titles {
		folded[i] = matching.Fold(t)
	}
	colDesc := func(i int) string { return fmt.Sprintf("column %s (%q)", sheets.ColLetter(i), names[i]) }
	hm := HeaderMap{}
	taken := map[int]string{}
	for _, q := range Questions {
		override, hasOverride := overrides[q.Key]
		col := -1
		if hasOverride {
			// An override names a column exactly as the tab shows it,
			// including the " (2)" of a repeated title, or by its letter
			// as "Column F".
			for i, n := range names {
				if matching.Fold(n) == matching.Fold(override) && !metaTitles[matching.Fold(n)] {
					col = i
					break
				}
			}
			if col < 0 {
				var err *headerProblem
				col, err = findTitle(names, titles, folded, override, q.Key, colDesc)
				if err != nil {
					return nil, err
				}
			}
			if col < 0 {
				return nil, &headerProblem{Column: override, Err: fmt.Errorf("no column is titled %q, which the Settings row \"Header: %s\" names; fix the Settings row or the column title", override, q.Key)}
			}
		} else {
			for _, w := range append([]string{q.Title}, q.Aliases...) {
				c, err := findTitle(names, titles, folded, w, q.Key, colDesc)
				if err != nil {
					return nil, err
				}
				if c >= 0 {
					col = c
					break
				}
			}
		}
		if col < 0 {
			if q.Required {
				return nil, &headerProblem{Column: q.Title, Err: fmt.Errorf("required column %q is missing; rename the column back, or add a Settings row \"Header: %s\" whose Value is your form's title for it", q.Title, q.Key)}
			}
			continue
		}
		if other, ok := taken[col]; ok {
			return nil, &headerProblem{Column: names[col], Err: fmt.Errorf("%s is used for both %q and %q; add \"Header: %s\" and \"Header: %s\" Settings rows to tell them apart", colDesc(col), other, q.Key, other, q.Key)}
		}
		hm[q.Key] = col
		taken[col] = q.Key
	}
	return hm, nil
}

// findTitle returns the one column titled w (white space and case folded,
// exact case breaking a tie), -1 when there is none, or a problem naming
// the two columns that both fit.
func findTitle(names, titles, folded []string, w, key string, colDesc func(int) string) (int, *headerProblem) {
	fw := matching.Fold(w)
	if fw == "" || metaTitles[fw] {
		return -1, nil
	}
	var cands []int
	for i, f := range folded {
		if f == fw {
			cands = append(cands, i)
		}
	}
	if len(cands) > 1 {
		var exact []int
		for _, i := range cands {
			if wsFold(titles[i]) == wsFold(w) {
				exact = append(exact, i)
			}
		}
		if len(exact) == 1 {
			return exact[0], nil
		}
		a, b := cands[0], cands[1]
		if len(exact) > 1 {
			a, b = exact[0], exact[1]
		}
		return -1, &headerProblem{Column: names[a], Err: fmt.Errorf("the question %q matches two columns, %s and %s; add a Settings row \"Header: %s\" whose Value is the column to use, e.g. %q or %q",
			w, colDesc(a), colDesc(b), key, names[a], names[b])}
	}
	if len(cands) == 1 {
		return cands[0], nil
	}
	return -1, nil
}

// Get returns the answer for key in row, or "".
func (hm HeaderMap) Get(row []string, key string) string {
	c, ok := hm[key]
	if !ok || c < 0 || c >= len(row) {
		return ""
	}
	return row[c]
}
