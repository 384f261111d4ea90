package sheets

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
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

func categoryLabels() []string {
	out := make([]string, len(matching.Categories))
	for i, c := range matching.Categories {
		out[i] = string(c)
	}
	return out
}

func shareLabels() []string {
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
	{Key: "offers", Title: "What can you help others with?", Kind: "checkbox", Choices: categoryLabels(), Other: true},
	{Key: "offer_details", Title: "What resources, skills or knowledge could you share?", Kind: "paragraph"},
	{Key: "capacity", Title: "How many neighbors could you help at a time?", Kind: "radio", Choices: []string{"1", "2", "3", "4 or more"}},
	{Key: "needs", Title: "What do you need help with?", Kind: "checkbox", Choices: categoryLabels(), Other: true},
	{Key: "need_details", Title: "What are your needs? What are you afraid of losing?", Kind: "paragraph"},
	{Key: "pairing", Title: "Would you like 1-on-1 conversations with pod members?", Kind: "radio", Choices: []string{"Yes", "No"}},
	{Key: "share", Title: "What may we share with the whole pod?", Kind: "checkbox", Choices: shareLabels()},
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
// a title that repeats (white space folded) gets " (2)", " (3)", … and an
// empty title is named after its column ("Column F"). Nothing is merged.
func Columns(titles []string) []string {
	out := make([]string, len(titles))
	count := map[string]int{}
	used := map[string]bool{}
	for i, t := range titles {
		k := wsFold(t)
		if k == "" {
			out[i] = "Column " + ColName(i)
			used[matching.Fold(out[i])] = true
			continue
		}
		count[k]++
		name := t
		if count[k] > 1 {
			name = fmt.Sprintf("%s (%d)", k, count[k])
		}
		for used[matching.Fold(name)] {
			name += "'"
		}
		used[matching.Fold(name)] = true
		out[i] = name
	}
	return out
}

var dupSuffix = regexp.MustCompile(`^(.*) \((\d+)\)$`)

// HeaderMap says which column holds each form key.
type HeaderMap map[string]int

// ResolveHeaders finds each question's column among names (as made by
// Columns), using the Settings' "Header: <key>" overrides. A question whose
// title matches two columns is an error naming both and the Settings row that
// settles it; a required question with no column is an error naming it.
// where says what is being read ("file responses.csv", "tab \"Responses\"").
func ResolveHeaders(names []string, overrides map[string]string, where string) (HeaderMap, error) {
	// Recover each column's verbatim title and how many columns share it.
	titles := make([]string, len(names))
	for i, n := range names {
		titles[i] = n
		if m := dupSuffix.FindStringSubmatch(n); m != nil {
			for j := 0; j < i; j++ {
				if wsFold(names[j]) == wsFold(m[1]) {
					titles[i] = m[1]
					break
				}
			}
		}
	}
	hm := HeaderMap{}
	taken := map[int]string{}
	for _, q := range Questions {
		want := []string{q.Title}
		want = append(want, q.Aliases...)
		override, hasOverride := overrides[q.Key]
		if hasOverride {
			want = []string{override}
			// An override may name a column exactly, including the
			// " (2)" of a repeated title.
			found := -1
			for i, n := range names {
				if matching.Fold(n) == matching.Fold(override) {
					found = i
					break
				}
			}
			if found >= 0 {
				hm[q.Key] = found
				taken[found] = q.Key
				continue
			}
		}
		col := -1
		for _, w := range want {
			var cands []int
			for i, t := range titles {
				if matching.Fold(t) == matching.Fold(w) {
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
					cands = exact
				} else {
					a, b := cands[0], cands[1]
					return nil, fmt.Errorf("%s: the question %q matches two columns, %s (%q) and %s (%q); add a Settings row \"Header: %s\" whose Value is the column to use, e.g. %q",
						where, w, ColName(a), names[a], ColName(b), names[b], q.Key, names[a])
				}
			}
			if len(cands) == 1 {
				col = cands[0]
				break
			}
		}
		if col < 0 {
			if hasOverride {
				return nil, fmt.Errorf("%s: no column is titled %q, which the Settings row \"Header: %s\" names; fix the Settings row or the column title", where, override, q.Key)
			}
			if q.Required {
				return nil, fmt.Errorf("%s: required column %q is missing; rename the column back, or add a Settings row \"Header: %s\" whose Value is your form's title for it", where, q.Title, q.Key)
			}
			continue
		}
		if other, ok := taken[col]; ok {
			return nil, fmt.Errorf("%s: column %s (%q) is used for both %q and %q; add \"Header: …\" Settings rows to tell them apart", where, ColName(col), names[col], other, q.Key)
		}
		hm[q.Key] = col
		taken[col] = q.Key
	}
	return hm, nil
}

// Get returns the answer for key in row, or "".
func (hm HeaderMap) Get(row []string, key string) string {
	c, ok := hm[key]
	if !ok || c >= len(row) {
		return ""
	}
	return row[c]
}

// SplitChoices splits a checkbox answer into the known labels it ticks and
// the member's own words. Google joins ticked labels with ", " (linked sheet)
// or ";" (downloaded CSV) and writes an "Other" answer as one more item,
// unprefixed, which may itself contain separators: so labels are taken from
// the front while they match (case and white space folded), and whatever
// follows the last one is kept whole as the member's words.
func SplitChoices(text string, labels []string) (known []string, other string) {
	rest := text
	for {
		rest = strings.TrimLeft(rest, " \t\r\n,;")
		if rest == "" {
			return known, ""
		}
		matched := ""
		for _, l := range labels {
			if n, ok := prefixFold(rest, l); ok {
				after := strings.TrimLeft(rest[n:], " \t")
				if after == "" || after[0] == ',' || after[0] == ';' || after[0] == '\n' {
					if len(l) > len(matched) {
						matched = l // the longest label wins
					}
				}
			}
		}
		if matched == "" {
			return known, strings.TrimSpace(rest)
		}
		n, _ := prefixFold(rest, matched)
		known = appendUnique(known, matched)
		rest = rest[n:]
	}
}

// prefixFold reports whether s starts with label, comparing case-blind and
// treating any run of white space as one space; n is the bytes of s used.
func prefixFold(s, label string) (n int, ok bool) {
	i := 0
	words := strings.Fields(label)
	for wi, w := range words {
		if wi > 0 {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			if j == i {
				return 0, false
			}
			i = j
		}
		if len(s)-i < len(w) || !strings.EqualFold(s[i:i+len(w)], w) {
			return 0, false
		}
		i += len(w)
	}
	return i, len(words) > 0
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
func parseCapacity(s string) int {
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
