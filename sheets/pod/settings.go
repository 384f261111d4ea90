package pod

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	_ "time/tzdata" // Time zone names work on machines without a zone database

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/lang"
	"golang.org/x/text/language"
)

// SettingKeys are the Settings tab's keys, in the order init writes them,
// with their default values.
var SettingKeys = []struct{ Key, Default, Help string }{
	{"Pod name", "Our pod", "shown on handouts"},
	{"Language", "en", "language of the form and the handout: en, bn, es, ht, zh-Hans"},
	{"Zone order", "", "zones in walking order, separated by commas"},
	{"Default capacity", "1", "matches per helper when they left capacity blank"},
	{"Rounds ahead", "2", "pairing rounds planned ahead"},
	{"Round length (days)", "7", "days between pairing rounds"},
	{"Nudge after (days)", "7", "days a Proposed match may stay open before its Nudge says to check with the helper"},
	{"Split above", "30", "suggest splitting the pod into groups of at most this many once it has more active members"},
	{"Time zone", "UTC", "the spreadsheet's time zone, e.g. America/New_York"},
	{"Date order", "", "MDY or DMY, for linked-sheet timestamps; blank to detect"},
	{"Community agreements", "", "printed on the handout"},
	{"Organizer contact", "", "printed on the handout"},
}

// ParseSettings reads the Settings tab (nil: defaults).
func ParseSettings(t *sheets.Table) (matching.Settings, error) {
	set := matching.DefaultSettings()
	if t == nil {
		return set, nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	kc, err := h.Find(sheets.ColSetting)
	if err != nil {
		return set, err
	}
	vc, err := h.Find(sheets.ColValue)
	if err != nil {
		return set, err
	}
	if kc < 0 || vc < 0 {
		if len(t.Rows) == 0 && len(t.Header) == 0 {
			return set, nil
		}
		missing := sheets.ColSetting
		if kc >= 0 {
			missing = sheets.ColValue
		}
		return set, &sheets.TabError{Tab: t.Name, Column: missing, Err: errors.New("column is missing"),
			Fix: `row 1 must have a "Setting" and a "Value" column`}
	}
	seen := map[string]int{} // canonical key -> sheet row of its first row
	for i, r := range t.Rows {
		key, val := strings.TrimSpace(sheets.CellAt(r, kc)), strings.TrimSpace(sheets.CellAt(r, vc))
		if key == "" {
			continue
		}
		bad := func(err error, fix string) error {
			return &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColValue, Err: fmt.Errorf("%s: %w", key, err), Fix: fix}
		}
		k := matching.Fold(key)
		// A setting given twice would silently take the last row's value.
		if ck, known := settingKey(k); known {
			if first, dup := seen[ck]; dup {
				return set, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColSetting,
					Err: fmt.Errorf("%q is set in both row %d and row %d", key, first, i+2),
					Fix: fmt.Sprintf("delete row %d or row %d", first, i+2)}
			}
			seen[ck] = i + 2
		}
		if strings.HasPrefix(k, "header:") {
			q := strings.TrimSpace(key[strings.Index(key, ":")+1:])
			if _, ok := ingest.QuestionByKey(matching.Fold(q)); !ok {
				return set, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: sheets.ColSetting, Err: fmt.Errorf("%q is not a form key", q),
					Fix: "use one of " + questionKeys()}
			}
			if val != "" {
				set.Headers[matching.Fold(q)] = val
			}
			continue
		}
		if strings.HasPrefix(k, "answer:") {
			rest := key[strings.Index(key, ":")+1:]
			q, theirs, _ := strings.Cut(rest, ":")
			qk, ours, err := ingest.MapAnswer(q, theirs, val)
			if err != nil {
				col := sheets.ColValue
				if !slices.Contains(ingest.ChoiceKeys(), matching.Fold(q)) || strings.TrimSpace(theirs) == "" {
					col = sheets.ColSetting // the row's Setting is what to fix
				}
				return set, &sheets.TabError{Tab: t.Name, Row: i + 2, Column: col, Err: fmt.Errorf("%s: %w", key, err),
					Fix: `type the pod's own label after the key ("Answer: pairing: Sí") and podsync's label in Value ("Yes")`}
			}
			if set.Answers[qk] == nil {
				set.Answers[qk] = map[string]string{}
			}
			set.Answers[qk][matching.Fold(theirs)] = ours
			continue
		}
		switch k {
		case "pod name":
			if val != "" {
				set.PodName = val
			}
		case "language":
			if val == "" {
				continue
			}
			tag, err := language.Parse(val)
			if err != nil {
				return set, bad(errors.New("not a language tag"), "type a BCP 47 language tag such as "+shippedTags())
			}
			set.Language = tag.String()
		case "zone order":
			set.ZoneOrder = splitList(val)
			at := map[string]bool{}
			for _, z := range set.ZoneOrder {
				if at[matching.Fold(z)] {
					return set, bad(fmt.Errorf("%q is listed twice", z), "list each zone once, in walking order")
				}
				at[matching.Fold(z)] = true
			}
		case "split above":
			if val == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSuffix(val, ".0"))
			if err != nil || n < 2 || n > 1000000 {
				return set, bad(errors.New("not a whole number of at least 2"), "type the largest pod size you want, such as 30")
			}
			set.SplitAbove = n
		case "default capacity", "rounds ahead", "round length (days)", "round length", "nudge after (days)", "nudge after":
			if val == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSuffix(val, ".0"))
			if err != nil || n < 1 || n > 365 {
				return set, bad(errors.New("not a whole number from 1 to 365"), "type a number such as 2")
			}
			switch k {
			case "default capacity":
				set.DefaultCapacity = n
			case "rounds ahead":
				if n > 52 {
					return set, bad(errors.New("more than 52 rounds ahead"), "plan at most a year ahead")
				}
				set.RoundsAhead = n
			case "nudge after (days)", "nudge after":
				set.NudgeAfter = n
			default:
				set.RoundLength = n
			}
		case "time zone":
			if val == "" {
				continue
			}
			loc, err := ingest.LoadZone(val)
			if err != nil {
				return set, bad(errors.New("not a time zone name"), "use a name like America/New_York, Europe/Berlin or UTC (the spreadsheet's File → Settings shows its zone)")
			}
			set.TimeZone = loc
		case "date order":
			switch v := dateOrder(val); v {
			case "", "MDY", "DMY":
				set.DateOrder = v
			default:
				return set, bad(errors.New("must be MDY or DMY"), "type MDY (month first) or DMY (day first)")
			}
		case "community agreements":
			set.Agreements = val
		case "organizer contact", "organizers":
			set.Contact = val
		default:
			set.Extra[key] = val
		}
	}
	return set, nil
}

// settingKey is the canonical form of a folded Settings key podsync reads
// (aliases are one key; a header key is per form key), and whether it is
// one: other rows are the organizers' own.
func settingKey(k string) (string, bool) {
	if strings.HasPrefix(k, "header:") {
		return "header:" + matching.Fold(k[len("header:"):]), true
	}
	if strings.HasPrefix(k, "answer:") {
		q, theirs, _ := strings.Cut(k[len("answer:"):], ":")
		return "answer:" + matching.Fold(q) + ":" + matching.Fold(theirs), true
	}
	switch k {
	case "round length":
		return "round length (days)", true
	case "nudge after":
		return "nudge after (days)", true
	case "organizers":
		return "organizer contact", true
	}
	for _, sk := range SettingKeys {
		if matching.Fold(sk.Key) == k {
			return k, true
		}
	}
	return "", false
}

// dateOrder reads the Settings' Date order: MDY or DMY, however it is
// written ("D/M/Y", "dd/mm/yyyy", "day first").
func dateOrder(val string) string {
	f := matching.Fold(val)
	switch f {
	case "":
		return ""
	case "day first", "day/month", "day month":
		return "DMY"
	case "month first", "month/day", "month day":
		return "MDY"
	}
	var b strings.Builder
	for _, c := range strings.ToUpper(val) {
		if c == 'D' || c == 'M' || c == 'Y' {
			if n := b.Len(); n == 0 || b.String()[n-1] != byte(c) {
				b.WriteRune(c)
			}
		}
	}
	switch b.String() {
	case "MDY", "MD":
		return "MDY"
	case "DMY", "DM":
		return "DMY"
	}
	return strings.ToUpper(val)
}

// shippedTags lists the languages podsync ships: "en, bn, es, ht or zh-Hans".
func shippedTags() string {
	ts := lang.Tags()
	if len(ts) == 1 {
		return ts[0]
	}
	return strings.Join(ts[:len(ts)-1], ", ") + " or " + ts[len(ts)-1]
}

func questionKeys() string {
	var ks []string
	for _, q := range ingest.Questions {
		ks = append(ks, q.Key)
	}
	return strings.Join(ks, ", ")
}

// splitList splits an organizer-typed list on commas, semicolons or new
// lines.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// settingsTab creates the Settings tab with every key and its default, so
// organizers see what they can set.
func settingsTab(create bool) sheets.TabEdit {
	e := sheets.TabEdit{Tab: sheets.TabSettings, Create: create, Initial: true, Summary: "new tab"}
	if !create {
		e.Summary = "filled in the blank tab"
	}
	e.Cells = append(e.Cells, sheets.CellEdit{Row: 0, Col: 0, Value: sheets.ColSetting}, sheets.CellEdit{Row: 0, Col: 1, Value: sheets.ColValue}, sheets.CellEdit{Row: 0, Col: 2, Value: sheets.ColAbout})
	for i, k := range SettingKeys {
		e.Cells = append(e.Cells, sheets.CellEdit{Row: i + 1, Col: 0, Value: k.Key}, sheets.CellEdit{Row: i + 1, Col: 2, Value: k.Help})
		if k.Default != "" {
			e.Cells = append(e.Cells, sheets.CellEdit{Row: i + 1, Col: 1, Value: k.Default})
		}
	}
	return e
}

// SetInitialSetting makes the Settings tab plan creates say value for key (such
// as "Pod name"): the initial value of a row podsync writes, like every
// default there.
func SetInitialSetting(plan *sheets.Plan, key, value string) {
	for ti := range plan.Tabs {
		e := &plan.Tabs[ti]
		if e.Tab != sheets.TabSettings {
			continue
		}
		row := -1
		for _, c := range e.Cells {
			if c.Row > 0 && c.Col == 0 && c.Value == key {
				row = c.Row
			}
		}
		if row < 0 {
			return
		}
		for i := range e.Cells {
			if c := &e.Cells[i]; c.Row == row && c.Col == 1 {
				c.Value = value
				return
			}
		}
		e.Cells = append(e.Cells, sheets.CellEdit{Row: row, Col: 1, Value: value})
	}
}
