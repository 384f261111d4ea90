package ingest

import (
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
)

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

// alias makes theirs (a pod's own wording) read as the label ours.
func (cs *ChoiceSet) alias(theirs, ours string) {
	if l, ok := cs.label(ours); ok {
		if f := matching.Fold(theirs); f != "" {
			cs.byFold[f] = l
		}
	}
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
