package ingest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest/lang"
)

// Choices reads the answers to the form's choice questions — contact,
// checkin, capacity and pairing (one choice each), offers, needs and share
// (checkboxes) — with podsync's labels in every language it ships (package
// lang), and the pod's own wording (Settings rows "Answer: <key>: <their
// label>"), which wins; it keeps every answer it could not
// read, so that none is taken for No, or for nothing shared, without a
// word (Warnings).
type Choices struct {
	sets    map[string]*ChoiceSet
	unknown map[string]map[string]int // key -> answer as typed -> responses
	order   map[string][]string       // key -> unknown answers, first seen first
}

// ChoiceKeys are the form's choice questions, in form order.
func ChoiceKeys() []string {
	var out []string
	for _, q := range Questions {
		if q.Kind == "radio" || q.Kind == "checkbox" {
			out = append(out, q.Key)
		}
	}
	return out
}

// NewChoices builds the reader from the Settings' Answers (form key ->
// folded label of the pod's -> podsync's label).
func NewChoices(answers map[string]map[string]string) *Choices {
	c := &Choices{sets: map[string]*ChoiceSet{}, unknown: map[string]map[string]int{}, order: map[string][]string{}}
	for _, key := range ChoiceKeys() {
		q, _ := QuestionByKey(key)
		cs := NewChoiceSet(q.Choices)
		// The labels of the form in every language podsync ships.
		for i, id := range choiceIDs(q) {
			for _, l := range lang.Translations(id) {
				cs.alias(l, q.Choices[i])
			}
		}
		for theirs, ours := range answers[key] {
			cs.alias(theirs, ours)
		}
		c.sets[key] = cs
	}
	return c
}

// Set is the choice set of a checkbox question, for RowSeparator.
func (c *Choices) Set(key string) *ChoiceSet { return c.sets[key] }

// One reads a one-choice answer: podsync's label, or "" for a blank
// answer. An answer that is no label is returned trimmed, as typed, with
// known false, and noted for Warnings. Capacity also takes a number ("2
// neighbors").
func (c *Choices) One(key, text string) (label string, known bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", true
	}
	if l, ok := c.sets[key].label(text); ok {
		return l, true
	}
	if key == "capacity" && ParseCapacity(text) > 0 {
		return text, true
	}
	c.note(key, text)
	return text, false
}

// Several splits a checkbox answer into podsync's labels and the rest (the
// member's own words, or a choice of the pod's own that no Settings row
// maps), which is noted for Warnings.
func (c *Choices) Several(key, text, sep string) (known []string, other string) {
	known, other = c.sets[key].Split(text, sep)
	if other != "" {
		c.note(key, other)
	}
	return known, other
}

func (c *Choices) note(key, answer string) {
	m := c.unknown[key]
	if m == nil {
		m = map[string]int{}
		c.unknown[key] = m
	}
	if m[answer] == 0 {
		c.order[key] = append(c.order[key], answer)
	}
	m[answer]++
}

// readAs says what an unknown answer is taken for, by question.
var readAs = map[string]string{
	"contact":  "no preferred way to be reached",
	"checkin":  "written to Members as typed, and planned as Weekly",
	"capacity": "the Default capacity",
	"pairing":  "No: the member is left out of every 1-on-1 round",
	"share":    "not ticked: nothing is shared for it",
	"offers":   "the member's own words: kept for organizers, never matched",
	"needs":    "the member's own words: kept for organizers, never matched",
}

// Warnings are one line per choice question with answers that are not its
// labels: the question, the answers (with how many responses gave each),
// what they are read as, and the Settings row that would map one.
func (c *Choices) Warnings() []string {
	var out []string
	for _, key := range ChoiceKeys() {
		answers := c.order[key]
		if len(answers) == 0 {
			continue
		}
		q, _ := QuestionByKey(key)
		const most = 5
		quoted := make([]string, 0, most)
		for _, a := range answers[:min(len(answers), most)] {
			quoted = append(quoted, fmt.Sprintf("%s (%s)", strconv.Quote(trimTo(a, 60)), sheets.Plural(c.unknown[key][a], "response")))
		}
		if len(answers) > most {
			quoted = append(quoted, fmt.Sprintf("and %d more", len(answers)-most))
		}
		values := "one of: " + strings.Join(q.Choices, ", ")
		if key == "offers" || key == "needs" {
			values = "a category, e.g. " + q.Choices[0]
		}
		out = append(out, fmt.Sprintf("question %q (%s): %s %s not one of its choices, read as %s; if one is a choice on your form, add a Settings row \"Answer: %s: %s\" with Value %s",
			q.Title, key, strings.Join(quoted, ", "), isAre(len(answers)), readAs[key], key, trimTo(answers[0], 60), values))
	}
	return out
}

// MapAnswer checks one Settings "Answer: <key>: <their label>" row: the key
// must be a choice question and ours one of its labels. It returns the
// folded key and podsync's label as spelled in the form.
func MapAnswer(key, theirs, ours string) (k, label string, err error) {
	k = matching.Fold(key)
	if !slices.Contains(ChoiceKeys(), k) {
		return "", "", fmt.Errorf("%q is not a choice question; use one of %s", strings.TrimSpace(key), strings.Join(ChoiceKeys(), ", "))
	}
	if strings.TrimSpace(theirs) == "" {
		return "", "", fmt.Errorf("name the answer after the key, as in \"Answer: %s: Sí\"", k)
	}
	q, _ := QuestionByKey(k)
	if l, ok := NewChoiceSet(q.Choices).label(ours); ok {
		return k, l, nil
	}
	return "", "", fmt.Errorf("%q is not a choice of %s; use one of: %s", ours, k, strings.Join(q.Choices, ", "))
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// trimTo shortens s to at most n runes for a message.
func trimTo(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
