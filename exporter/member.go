package exporter

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/podsync/podsync/matching"
	"github.com/xuri/excelize/v2"
)

// cellOf is a styled cell; a blank string leaves the cell without a value.
func cellOf(style int, v interface{}) excelize.Cell {
	if s, ok := v.(string); ok && s == "" {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: v}
}

// perMember writes one private tab per active member, in name order.
func (b *builder) perMember() error {
	var active []*matching.Member
	for i := range b.pod.Members {
		if m := &b.pod.Members[i]; m.Active == matching.Active {
			active = append(active, m)
		}
	}
	// In the order of the tab names organizers will see, then by member ID,
	// so that "(2)" goes to the same member on every export.
	key := make(map[matching.MemberID]string, len(active))
	for _, m := range active {
		key[m.ID] = tabKey(cleanTabName(m.Name))
	}
	sort.Slice(active, func(i, j int) bool {
		a, c := key[active[i].ID], key[active[j].ID]
		if a != c {
			return a < c
		}
		return active[i].ID < active[j].ID
	})

	groups := map[matching.MemberID][]*matching.Group{}
	for _, g := range b.upcoming() {
		for _, id := range g.Members {
			groups[id] = append(groups[id], g)
		}
	}
	asked := map[matching.MemberID][]*matching.Match{}   // open needs
	helping := map[matching.MemberID][]*matching.Match{} // Accepted, as helper
	for i := range b.pod.Matches {
		x := &b.pod.Matches[i]
		switch x.Status {
		case matching.Proposed, matching.Accepted:
			asked[x.Member] = append(asked[x.Member], x)
		}
		if x.Status == matching.Accepted {
			helping[x.Helper] = append(helping[x.Helper], x)
		}
	}

	names := newTabNames(tabReadMe, tabDirectory, tabPairings, tabResources, "History")
	for _, m := range active {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		if err := b.memberTab(names.take(m), m, groups[m.ID], asked[m.ID], helping[m.ID]); err != nil {
			return err
		}
	}
	return nil
}

// memberTab writes one member's private tab.
func (b *builder) memberTab(name string, m *matching.Member, groups []*matching.Group, asked, helping []*matching.Match) error {
	who := strings.TrimSpace(m.Name)
	if who == "" {
		who = string(m.ID)
	}
	tag := b.memberTag(m)
	say := func(id string, kv ...any) string { return b.say(tag, id, kv...) }
	ask := say("handout.ask-organizer")
	t, err := b.newTab(name, tag, say("handout.member.footer", "Name", who), []column{
		{say("handout.member.what"), 20}, {say("handout.member.when"), 24},
		{say("handout.member.neighbor"), 22}, {say("handout.member.reach"), 28},
	}, b.head)
	if err != nil {
		return err
	}
	if err := t.bolded(say("handout.member.for"), who, "", say("handout.member.printed", "Date", b.longDate(tag, b.today))); err != nil {
		return err
	}

	// Only a member who still takes part in 1-on-1s sees rounds, and only
	// partners who still do (Pairing Yes and Active) are named with their
	// contact: someone who opted out, paused or left since the round was
	// planned is left out, and a round with nobody left says to ask an
	// organizer.
	if b.pairs(m.ID) {
		if len(groups) == 0 {
			if err := t.add(say("handout.member.one-on-one"), say("handout.member.none-planned"), "", ask); err != nil {
				return err
			}
		}
		for _, g := range groups {
			when := say("handout.member.round", "Round", g.Round, "Date", b.shortDate(tag, dateOf(g.WeekOf)))
			partners := 0
			for _, id := range g.Members {
				if id == m.ID || !b.pairs(id) {
					continue
				}
				p := b.byID[id]
				bn := say("handout.member.partner")
				if n := strings.TrimSpace(p.Name); n != "" {
					bn = n
				}
				if err := t.add(say("handout.member.one-on-one"), when, bn, b.contactOf(tag, p)); err != nil {
					return err
				}
				partners++
			}
			if partners == 0 {
				if err := t.add(say("handout.member.one-on-one"), when, "", ask); err != nil {
					return err
				}
			}
		}
	}

	sortMatches(asked)
	for _, x := range asked {
		helper, reach := say("handout.member.arranging"), say("handout.member.will-confirm")
		if x.Status == matching.Accepted {
			helper, reach = say("handout.a-neighbor"), ask
			if h := b.byID[x.Helper]; h != nil {
				if n := strings.TrimSpace(h.Name); n != "" {
					helper = n
				}
				reach = b.contactOf(tag, h)
			}
		}
		if err := t.add(say("handout.member.asked"), b.category(tag, x.Category), helper, reach); err != nil {
			return err
		}
	}
	sortMatches(helping)
	for _, x := range helping {
		who, reach := say("handout.a-neighbor"), ask
		if p := b.byID[x.Member]; p != nil {
			if n := strings.TrimSpace(p.Name); n != "" {
				who = n
			}
			reach = b.contactOf(tag, p)
		}
		if err := t.add(say("handout.member.offered"), b.category(tag, x.Category), who, reach); err != nil {
			return err
		}
	}

	contact := strings.TrimSpace(b.pod.Settings.Contact)
	if contact == "" {
		contact = say("handout.member.no-contact")
	}
	if err := t.bolded(say("handout.member.organizers"), "", "", contact); err != nil {
		return err
	}
	return t.close()
}

// bolded writes a row whose first cell is bold.
func (t *tab) bolded(label string, vals ...string) error {
	cells := make([]interface{}, t.n)
	cells[0] = cellOf(t.b.bold, label)
	for i := 1; i < t.n; i++ {
		v := ""
		if i-1 < len(vals) {
			v = vals[i-1]
		}
		cells[i] = cellOf(t.b.body, v)
	}
	return t.put(cells)
}

// sortMatches orders matches by category (form order), then Match ID.
func sortMatches(xs []*matching.Match) {
	rank := func(c matching.Category) int {
		for i, k := range matching.Categories {
			if k == c {
				return i
			}
		}
		return len(matching.Categories)
	}
	sort.Slice(xs, func(i, j int) bool {
		a, c := rank(xs[i].Category), rank(xs[j].Category)
		if a != c {
			return a < c
		}
		return xs[i].ID < xs[j].ID
	})
}

// contactOf is a member's preferred contact, with how they like to be
// reached when that is a phone number, in language tag.
func (b *builder) contactOf(tag string, m *matching.Member) string {
	c := strings.TrimSpace(m.Contact())
	if c == "" {
		return b.say(tag, "handout.ask-organizer")
	}
	if c == strings.TrimSpace(m.Phone) {
		switch matching.Fold(m.ContactBy) {
		case "text":
			return b.say(tag, "handout.contact.text", "Contact", c)
		case "call":
			return b.say(tag, "handout.contact.call", "Contact", c)
		}
	}
	return c
}

// maxTabName is the longest sheet name Excel accepts, in UTF-16 units.
const maxTabName = 31

// tabNames hands out unique, valid sheet names. Excel compares sheet names
// without case.
type tabNames struct{ used map[string]bool }

func newTabNames(reserved ...string) *tabNames {
	n := &tabNames{used: map[string]bool{}}
	for _, r := range reserved {
		n.used[tabKey(r)] = true
	}
	return n
}

// tabKey folds case the way sheet names are compared.
func tabKey(s string) string { return strings.ToLower(strings.ToUpper(s)) }

// take returns a new sheet name for m: their name cleaned of the characters
// Excel forbids ([ ] : * ? / \), trimmed to 31 characters, or their member ID
// when no name is left, with " (2)", " (3)"… added on a clash.
func (n *tabNames) take(m *matching.Member) string {
	base := cleanTabName(m.Name)
	if base == "" {
		base = cleanTabName(string(m.ID))
	}
	if base == "" {
		base = "Member"
	}
	name := truncUTF16(base, maxTabName)
	for i := 2; n.used[tabKey(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = strings.TrimSpace(truncUTF16(base, maxTabName-len(suffix))) + suffix
	}
	n.used[tabKey(name)] = true
	return name
}

// cleanTabName replaces the characters a sheet name may not hold, folds
// white space and drops the apostrophes a name may not start or end with.
func cleanTabName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			return ' '
		}
		if r < 0x20 || r == 0x7f || r == 0xfffe || r == 0xffff {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, "' ")
}

// truncUTF16 shortens s to at most max UTF-16 code units, never splitting a
// character, and trims any apostrophe or space left at the end.
func truncUTF16(s string, max int) string {
	units := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if units+w > max {
			return strings.TrimRight(s[:i], "' ")
		}
		units += w
	}
	return s
}
