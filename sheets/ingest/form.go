package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// Question is one question of the default form template (SPEC "The form").
type Question struct {
	Key     string
	Title   string
	Kind    string   // short, paragraph, radio, checkbox
	Choices []string // radio and checkbox options
	// Other adds Google's "Other" option to a checkbox.
	Other    bool
	Required bool
	// Aliases are other titles Google writes for the same answer, such as
	// the collected email's "Email Address" and "Username".
	Aliases []string
}

func CategoryLabels() []string {
	out := make([]string, len(matching.Categories))
	for i, c := range matching.Categories {
		out[i] = string(c)
	}
	return out
}

func ShareLabels() []string {
	out := make([]string, len(matching.ShareLabels))
	for i, l := range matching.ShareLabels {
		out[i] = l.Label
	}
	return out
}

// Questions is the default questionnaire, in form order.
var Questions = []Question{
	{Key: "name", Title: "Your name", Kind: "short", Required: true},
	{Key: "email", Title: "Email address", Kind: "short", Aliases: []string{"Email Address", "Username", "Email"}},
	{Key: "phone", Title: "Phone number", Kind: "short"},
	{Key: "contact", Title: "Best way to reach you", Kind: "radio", Choices: []string{"Text", "Call", "Email"}},
	{Key: "zone", Title: "Your zone (building, floor or block)", Kind: "short"},
	{Key: "languages", Title: "Languages you speak", Kind: "short"},
	{Key: "interests", Title: "What are your hobbies and interests?", Kind: "paragraph"},
	{Key: "checkin", Title: "How regularly do you want to check in?", Kind: "radio", Choices: []string{"Weekly", "Every two weeks", "Monthly"}},
	{Key: "offers", Title: "What can you help others with?", Kind: "checkbox", Choices: CategoryLabels(), Other: true},
	{Key: "offer_details", Title: "What resources, skills or knowledge could you share?", Kind: "paragraph"},
	{Key: "capacity", Title: "How many neighbors could you help at a time?", Kind: "radio", Choices: []string{"1", "2", "3", "4 or more"}},
	{Key: "needs", Title: "What do you need help with?", Kind: "checkbox", Choices: CategoryLabels(), Other: true},
	{Key: "need_details", Title: "What are your needs? What are you afraid of losing?", Kind: "paragraph"},
	{Key: "pairing", Title: "Would you like 1-on-1 conversations with pod members?", Kind: "radio", Choices: []string{"Yes", "No"}},
	{Key: "share", Title: "What may we share with the whole pod?", Kind: "checkbox", Choices: ShareLabels()},
}

// QuestionByKey returns the question with the given key.
func QuestionByKey(key string) (Question, bool) {
	for _, q := range Questions {
		if q.Key == key {
			return q, true
		}
	}
	return Question{}, false
}

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

// metaTitles are columns that carry no answer: the export's Timestamp and
// the Responses tab's own columns. They are never a question's column.
var metaTitles = map[string]bool{"timestamp": true, "response id": true, "submitted at": true}

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
// Timestamp, Response ID or Submitted at are never a question's.
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

// The separators Google joins a checkbox's ticked labels with.
const (
	// LinkedSep joins them in the linked sheet, its CSV download and the
	// Forms API.
	LinkedSep = ", "
	// DownloadSep joins them in a downloaded CSV (Responses → Download
	// responses), with no space.
	DownloadSep = ";"
)

// ChoiceSet is a checkbox's labels, looked up with case and white space
// folded.
type ChoiceSet struct {
	byFold map[string]string
}

// NewChoiceSet indexes a checkbox's labels.
func NewChoiceSet(labels []string) *ChoiceSet {
	cs := &ChoiceSet{byFold: make(map[string]string, len(labels))}
	for _, l := range labels {
		if f := matching.Fold(l); f != "" {
			if _, dup := cs.byFold[f]; !dup {
				cs.byFold[f] = l
			}
		}
	}
	return cs
}

func (cs *ChoiceSet) label(s string) (string, bool) {
	l, ok := cs.byFold[matching.Fold(s)]
	return l, ok
}

// SplitChoices splits a checkbox answer into the known labels it ticks and
// the member's own words, finding the separator from the text itself (see
// ChoiceSet.Separator).
func SplitChoices(text string, labels []string) (known []string, other string) {
	return NewChoiceSet(labels).Split(text, "")
}

// Separator says which separator a checkbox answer was joined with, as far
// as the text alone tells: ";" or ", " between two known labels, else the
// separator right after a leading known label, else "" (the answer has no
// known label followed by a separator, so either reading gives the same).
func (cs *ChoiceSet) Separator(text string) string {
	sep, _ := cs.separator(text)
	return sep
}

// separator is Separator, and whether two labels joined by it settle it.
func (cs *ChoiceSet) separator(text string) (sep string, strong bool) {
	semi, comma := false, false
	prevLabel, first := false, true
	var prevSep byte
	firstSep := ""
	i := 0
	for {
		j := strings.IndexAny(text[i:], ",;")
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		tok := text[i:end]
		if strings.TrimSpace(tok) != "" {
			_, isLabel := cs.label(tok)
			if isLabel && prevLabel {
				if prevSep == ';' {
					semi = true
				} else {
					comma = true
				}
			}
			if first && isLabel && j >= 0 {
				firstSep = sepOf(text[end])
			}
			first = false
			prevLabel = isLabel
		}
		if j < 0 {
			break
		}
		prevSep = text[end]
		i = end + 1
	}
	switch {
	case semi && !comma:
		return DownloadSep, true
	case comma && !semi:
		return LinkedSep, true
	}
	return firstSep, false
}

func sepOf(b byte) string {
	if b == ';' {
		return DownloadSep
	}
	return LinkedSep
}

// Split splits a checkbox answer joined with sep (DownloadSep or LinkedSep;
// "" finds it with Separator) into the known labels it ticks, in the
// order written, and the member's own words.
//
// Google writes a checkbox's "Other" text as one more item after the ticked
// labels, with no prefix, and the text may itself contain either
// separator. So items are taken from the front while each is a known label
// (case and white space folded); an item joined with the other separator
// counts only when every part of it is a known label (a list that mixes
// both separators); from the first item that is not, the rest of the
// answer is the member's words, kept whole.
func (cs *ChoiceSet) Split(text, sep string) (known []string, other string) {
	if sep == "" {
		sep = cs.Separator(text)
	}
	p, q := byte(','), byte(';')
	if sep == DownloadSep {
		p, q = ';', ','
	}
	i := 0
	for i < len(text) {
		end := len(text)
		if j := strings.IndexByte(text[i:], p); j >= 0 {
			end = i + j
		}
		item := text[i:end]
		if strings.TrimSpace(item) != "" {
			labels, ok := cs.allLabels(item, q)
			if !ok {
				return known, strings.TrimSpace(text[i:])
			}
			for _, l := range labels {
				known = appendUnique(known, l)
			}
		}
		i = end + 1
	}
	return known, ""
}

// allLabels reports whether every non-blank part of item, split on sep, is
// a known label, and returns them.
func (cs *ChoiceSet) allLabels(item string, sep byte) ([]string, bool) {
	var out []string
	for _, part := range strings.Split(item, string(sep)) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		l, ok := cs.label(part)
		if !ok {
			return nil, false
		}
		out = append(out, l)
	}
	return out, len(out) > 0
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// parseCapacity reads "1", "2", "3", "4 or more" (and any leading number).
func ParseCapacity(s string) int {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(s[:end])
	if err != nil || n < 0 {
		return 0
	}
	if n > 4 {
		n = 4 // the form's top answer is "4 or more"
	}
	return n
}

// RowSeparator is the separator one response's checkbox answers were joined
// with, as its answers show it. They come from one export, so an answer that
// settles it (two labels joined by ";", say) settles it for the others,
// whose "Other" text could be read either way; strong says one did. "" when
// the answers disagree or none tells.
func RowSeparator(sets []*ChoiceSet, texts []string) (sep string, strong bool) {
	var strongs, weak []string
	for i, t := range texts {
		if sep, ok := sets[i].separator(t); ok {
			strongs = append(strongs, sep)
		} else if sep != "" {
			weak = append(weak, sep)
		}
	}
	if len(strongs) > 0 {
		sep = unanimous(strongs)
		return sep, sep != ""
	}
	return unanimous(weak), false
}

func unanimous(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	for _, x := range xs[1:] {
		if x != xs[0] {
			return ""
		}
	}
	return xs[0]
}
