package ingest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

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
		if hasOverride && NotAsked(override) && !q.Required {
			continue // the pod's form does not ask it
		}
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

// NotAsked reports whether a Settings "Header: <key>" value says the pod's
// form does not ask that question ("none"), so its absence is no warning.
func NotAsked(v string) bool { return matching.Fold(v) == "none" }

// MissingQuestions are warnings for each podsync question that names (a
// tab's or an export's column titles) has no column for and no Settings row
// maps: the question, the closest title there is, and the Settings row that
// maps it or says the form does not ask it. The name question is not among
// them: without it resolving headers is an error.
//
// The closest title is the unclaimed column sharing the most words with
// the question (each column suggested for one question at most); failing
// that, the one column left when one question is left (a question renamed
// past recognition); failing that, the unclaimed titles are listed.
func MissingQuestions(names []string, hm HeaderMap, overrides map[string]string) []string {
	taken := map[int]bool{}
	for _, c := range hm {
		taken[c] = true
	}
	var missing []int // indexes in Questions
	for qi, q := range Questions {
		if _, ok := hm[q.Key]; ok || q.Required {
			continue
		}
		if v, ok := overrides[q.Key]; ok && NotAsked(v) {
			continue
		}
		missing = append(missing, qi)
	}
	if len(missing) == 0 {
		return nil
	}
	var free []int // unclaimed columns
	for c, n := range names {
		if !taken[c] && !metaTitles[matching.Fold(n)] && strings.TrimSpace(n) != "" {
			free = append(free, c)
		}
	}
	// Word overlap, best pairs first. Each column's words are found once.
	colWords := make([][]string, len(free))
	for i, c := range free {
		colWords[i] = titleWords(names[c])
	}
	type pair struct{ q, c, score int }
	var pairs []pair
	for _, qi := range missing {
		want := map[string]bool{}
		q := Questions[qi]
		for _, t := range append([]string{q.Title}, q.Aliases...) {
			for _, w := range titleWords(t) {
				want[w] = true
			}
		}
		for i, c := range free {
			score := 0
			for _, w := range colWords[i] {
				if want[w] {
					score++
				}
			}
			if score > 0 {
				pairs = append(pairs, pair{qi, c, score})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return b.score - a.score })
	suggest := map[int]int{} // question -> column
	used := map[int]bool{}
	for _, p := range pairs {
		if _, ok := suggest[p.q]; !ok && !used[p.c] {
			suggest[p.q], used[p.c] = p.c, true
		}
	}
	var leftQ, leftC []int
	for _, qi := range missing {
		if _, ok := suggest[qi]; !ok {
			leftQ = append(leftQ, qi)
		}
	}
	for _, c := range free {
		if !used[c] {
			leftC = append(leftC, c)
		}
	}
	if len(leftQ) == 1 && len(leftC) == 1 {
		suggest[leftQ[0]] = leftC[0]
	}
	var unclaimed []string
	for _, c := range leftC[:min(len(leftC), 5)] {
		unclaimed = append(unclaimed, strconv.Quote(names[c]))
	}
	if len(leftC) > 5 {
		unclaimed = append(unclaimed, fmt.Sprintf("and %d more", len(leftC)-5))
	}
	var out []string
	for _, qi := range missing {
		q := Questions[qi]
		msg := fmt.Sprintf("question %q (%s) is not in the responses", q.Title, q.Key)
		if c, ok := suggest[qi]; ok {
			msg += fmt.Sprintf("; the closest title there is %q: if that is it, add a Settings row \"Header: %s\" with Value %q", names[c], q.Key, names[c])
		} else if len(unclaimed) > 0 {
			msg += fmt.Sprintf("; no question uses %s there: if one is it, add a Settings row \"Header: %s\" with that title as Value", strings.Join(unclaimed, ", "), q.Key)
		} else {
			msg += fmt.Sprintf("; if your form asks it under a title the responses lack, add a Settings row \"Header: %s\" with that title as Value", q.Key)
		}
		out = append(out, msg+"; if your form does not ask it, give that row the Value none")
	}
	return out
}

// titleWords are a title's words of three letters or more, folded, but for
// words such as "your" and "what" that say nothing about which question it
// is.
func titleWords(t string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) >= 3 && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

var stopWords = map[string]bool{"your": true, "you": true, "the": true, "what": true, "how": true, "with": true, "can": true, "and": true, "are": true, "for": true, "any": true}
