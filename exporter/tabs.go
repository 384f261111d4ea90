package exporter

import (
	"sort"
	"strings"

	"github.com/podsync/podsync/matching"
)

// Tab names of the shared handout.
const (
	tabReadMe    = "Read me"
	tabDirectory = "Directory"
	tabPairings  = "Pairings"
	tabResources = "Resources"
)

// readMe writes the "Read me" tab: what the pod is, how it works, its
// agreements and how to reach the organizers.
func (b *builder) readMe() error {
	tag := b.tag
	t, err := b.newTab(tabReadMe, tag, b.say(tag, "handout.readme.footer"), []column{{b.podName, 28}, {b.say(tag, "handout.readme.of", "Date", b.dateText), 70}}, b.title)
	if err != nil {
		return err
	}
	how := []string{
		b.say(tag, "handout.readme.how.1"),
		b.say(tag, "handout.readme.how.2"),
		b.say(tag, "handout.readme.how.3", "Round", b.roundText()),
		b.say(tag, "handout.readme.how.4"),
		b.say(tag, "handout.readme.how.5"),
	}
	for i, s := range how {
		label := ""
		if i == 0 {
			label = b.say(tag, "handout.readme.how")
		}
		if err := t.styledPair(label, s); err != nil {
			return err
		}
	}
	if agreements := lines(b.pod.Settings.Agreements); len(agreements) > 0 {
		for i, s := range agreements {
			label := ""
			if i == 0 {
				label = b.say(tag, "handout.readme.agreements")
			}
			if err := t.styledPair(label, s); err != nil {
				return err
			}
		}
	}
	contact := strings.TrimSpace(b.pod.Settings.Contact)
	if contact == "" {
		contact = b.say(tag, "handout.readme.no-contact")
	}
	for i, s := range lines(contact) {
		label := ""
		if i == 0 {
			label = b.say(tag, "handout.readme.reach")
		}
		if err := t.styledPair(label, s); err != nil {
			return err
		}
	}
	return t.close()
}

// roundText says how long a round lasts.
func (b *builder) roundText() string {
	switch n := b.pod.Settings.RoundLength; {
	case n <= 0:
		return b.format(b.tag, "handout.round.weeks", 1)
	case n%7 == 0:
		return b.format(b.tag, "handout.round.weeks", n/7)
	default:
		return b.format(b.tag, "handout.round.days", n)
	}
}

// styledPair writes a bold label and a body text.
func (t *tab) styledPair(label, text string) error {
	return t.put([]interface{}{cellOf(t.b.bold, label), cellOf(t.b.body, text)})
}

// lines splits an organizer's text into its non-blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// directory writes the consent-filtered member directory.
func (b *builder) directory() error {
	tag := b.tag
	t, err := b.newTab(tabDirectory, tag, b.say(tag, "handout.directory.footer"), []column{
		{b.say(tag, "handout.directory.name"), 16}, {b.say(tag, "handout.directory.phone"), 13},
		{b.say(tag, "handout.directory.email"), 26}, {b.say(tag, "handout.directory.zone"), 12},
		{b.say(tag, "handout.directory.interests"), 14}, {b.say(tag, "handout.directory.offers"), 16},
		{b.say(tag, "handout.directory.needs"), 16},
	}, b.head)
	if err != nil {
		return err
	}
	type entry struct {
		m    *matching.Member
		key  string // folded name; "" for anonymous rows, which sort last
		vals [7]string
	}
	var rows []entry
	for i := range b.pod.Members {
		m := &b.pod.Members[i]
		v, ok := b.directoryRow(m)
		if !ok {
			continue
		}
		e := entry{m: m, vals: v}
		if v[0] != "" {
			e.key = matching.Fold(v[0])
		} else {
			e.vals[0] = b.say(tag, "handout.a-neighbor")
		}
		rows = append(rows, e)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, c := rows[i], rows[j]
		if (a.key == "") != (c.key == "") {
			return a.key != ""
		}
		if a.key != c.key {
			return a.key < c.key
		}
		return a.m.ID < c.m.ID
	})
	for _, e := range rows {
		if err := t.add(e.vals[:]...); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		if err := t.add(b.say(tag, "handout.directory.empty")); err != nil {
			return err
		}
	}
	return t.close()
}

// directoryRow is what m shares with the whole pod (matching.Shares, the
// one consent rule), column by column. ok is false when m shares nothing:
// such members are left out entirely. The name is "" when not shared.
// Ticked categories are named in the handout's language.
func (b *builder) directoryRow(m *matching.Member) (v [7]string, ok bool) {
	s := matching.Shares(m)
	if s.Offers != "" {
		s.Offers = b.joinCategories(b.tag, m.Offers, m.OfferOther)
	}
	if s.Needs != "" {
		s.Needs = b.joinCategories(b.tag, m.Needs, m.NeedOther)
	}
	return [7]string{s.Name, s.Phone, s.Email, s.Zone, s.Interests, s.Offers, s.Needs}, !s.Empty()
}

// joinCategories is matching.JoinCategories with the categories named in
// language tag.
func (b *builder) joinCategories(tag string, cats []matching.Category, other []string) string {
	parts := make([]string, 0, len(cats)+len(other))
	for _, c := range cats {
		parts = append(parts, b.category(tag, c))
	}
	for _, o := range other {
		if o = strings.TrimSpace(o); o != "" {
			parts = append(parts, o)
		}
	}
	return strings.Join(parts, b.say(tag, "handout.list-separator"))
}

// upcoming lists the groups of the rounds still ahead: the round in progress
// on the handout's date and every later one, Skipped groups left out, in
// date, round and plan order.
func (b *builder) upcoming() []*matching.Group {
	length := b.pod.Settings.RoundLength
	if length <= 0 {
		length = 7
	}
	var out []*matching.Group
	for i := range b.pod.Groups {
		g := &b.pod.Groups[i]
		if g.Status == matching.Skipped || g.WeekOf.IsZero() {
			continue
		}
		if !dateOf(g.WeekOf).AddDate(0, 0, length).After(b.today) {
			continue
		}
		out = append(out, g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if !a.WeekOf.Equal(c.WeekOf) {
			return a.WeekOf.Before(c.WeekOf)
		}
		return a.Round < c.Round
	})
	return out
}

// sharedName is a member's name if they shared it, else "a neighbor".
func (b *builder) sharedName(id matching.MemberID) string {
	m := b.byID[id]
	if m != nil && m.Share.Has(matching.ShareName) {
		if n := strings.TrimSpace(m.Name); n != "" {
			return n
		}
	}
	return b.say(b.tag, "handout.a-neighbor.lower")
}

// pairs reports whether a member still takes part in 1-on-1 conversations:
// they answered Yes and are Active (not Paused, not Left). A round planned
// before a member opted out or left still lists them; the handout does not.
func (b *builder) pairs(id matching.MemberID) bool {
	m := b.byID[id]
	return m != nil && m.Pairing && m.Available()
}

// pairings writes the coming rounds' 1-on-1 groups.
func (b *builder) pairings() error {
	tag := b.tag
	t, err := b.newTab(tabPairings, tag, b.say(tag, "handout.pairings.footer"), []column{
		{b.say(tag, "handout.pairings.round"), 8}, {b.say(tag, "handout.pairings.week-of"), 18},
		{b.say(tag, "handout.pairings.person-a"), 22}, {b.say(tag, "handout.pairings.person-b"), 22},
		{b.say(tag, "handout.pairings.person-c"), 22},
	}, b.head)
	if err != nil {
		return err
	}
	written := 0
	for _, g := range b.upcoming() {
		// Members who no longer pair (opted out, Paused, Left) are left
		// out of the group; a group with nobody left is not printed.
		var names []string
		for _, id := range g.Members {
			if b.pairs(id) {
				names = append(names, b.sharedName(id))
			}
		}
		if len(names) == 0 {
			continue
		}
		cells := make([]interface{}, 5)
		cells[0] = cellOf(b.body, g.Round)
		cells[1] = cellOf(b.body, b.shortDate(tag, dateOf(g.WeekOf)))
		for k := 0; k < 3; k++ {
			name := ""
			if k < len(names) {
				name = names[k]
			}
			cells[2+k] = cellOf(b.body, name)
		}
		if err := t.put(cells); err != nil {
			return err
		}
		written++
	}
	if written == 0 {
		if err := t.add("", b.say(tag, "handout.pairings.none")); err != nil {
			return err
		}
	}
	return t.close()
}

// resources writes what neighbors offer, by category, and the organizers'
// list of community resources.
func (b *builder) resources() error {
	tag := b.tag
	t, err := b.newTab(tabResources, tag, b.say(tag, "handout.resources.footer"), []column{
		{b.say(tag, "handout.resources.kind"), 22}, {b.say(tag, "handout.resources.offering"), 12},
		{b.say(tag, "handout.resources.resource"), 22}, {b.say(tag, "handout.resources.contact"), 20},
		{b.say(tag, "handout.resources.notes"), 18},
	}, b.head)
	if err != nil {
		return err
	}
	count := make(map[matching.Category]int, len(matching.Categories))
	for i := range b.pod.Members {
		m := &b.pod.Members[i]
		if !m.Available() {
			continue
		}
		for _, c := range m.Offers {
			count[c]++
		}
	}
	byCat := map[matching.Category][]matching.Resource{}
	otherCats := map[string][]matching.Resource{}
	var otherOrder []string
	for _, r := range b.pod.Resources {
		if c, ok := matching.ParseCategory(r.Category); ok {
			byCat[c] = append(byCat[c], r)
			continue
		}
		label := strings.TrimSpace(r.Category)
		if label == "" {
			label = "Other" // grouped as before; printed in tag below
		}
		k := matching.Fold(label)
		if _, seen := otherCats[k]; !seen {
			otherOrder = append(otherOrder, k)
		}
		otherCats[k] = append(otherCats[k], r)
	}
	write := func(label string, n interface{}, rs []matching.Resource) error {
		sort.SliceStable(rs, func(i, j int) bool { return matching.Fold(rs[i].Name) < matching.Fold(rs[j].Name) })
		if len(rs) == 0 {
			rs = []matching.Resource{{}}
		}
		for i, r := range rs {
			cells := []interface{}{cellOf(b.bold, ""), cellOf(b.body, ""),
				cellOf(b.body, r.Name), cellOf(b.body, r.Contact), cellOf(b.body, r.Notes)}
			if i == 0 {
				cells[0], cells[1] = cellOf(b.bold, label), cellOf(b.body, n)
			}
			if err := t.put(cells); err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range matching.Categories {
		if err := write(b.category(tag, c), count[c], byCat[c]); err != nil {
			return err
		}
	}
	sort.Strings(otherOrder)
	for _, k := range otherOrder {
		rs := otherCats[k]
		label := strings.TrimSpace(rs[0].Category)
		if label == "" {
			label = b.say(tag, "handout.resources.other")
		}
		if err := write(label, "", rs); err != nil {
			return err
		}
	}
	return t.close()
}
