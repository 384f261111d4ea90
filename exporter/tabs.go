package exporter

import (
	"sort"
	"strconv"
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

// aNeighbor stands in for anyone who did not share their name.
const aNeighbor = "a neighbor"

// readMe writes the "Read me" tab: what the pod is, how it works, its
// agreements and how to reach the organizers.
func (b *builder) readMe() error {
	t, err := b.newTab(tabReadMe, "Read me", []column{{b.podName, 28}, {"Handout of " + b.dateText, 70}}, b.title)
	if err != nil {
		return err
	}
	how := []string{
		"We are neighbors who look out for each other. This handout is for neighbors who are not online; please keep it within the pod.",
		"1. Introduce yourself. Everyone fills in a short questionnaire: how to reach you, what you can offer, what you need, and what you are happy to share with the pod.",
		"2. Get to know each other. Every round (" + b.roundText() + ") you are paired with one or two neighbors for a 1-on-1 conversation: a call, a walk or a cup of tea. Partners change every round, so over time you meet everyone. The Pairings tab lists the coming rounds.",
		"3. Support each other. When someone needs help (food, childcare, errands, a ride to the clinic, someone to talk to) the organizers connect them with a neighbor who offered that kind of help, and check in on how it goes. The Resources tab shows what neighbors offer and where else to find help.",
		"4. Respect privacy. The Directory shows only what each neighbor agreed to share, and nothing about anyone who shared nothing. Please do not pass it on outside the pod.",
	}
	for i, s := range how {
		label := ""
		if i == 0 {
			label = "How our pod works"
		}
		if err := t.styledPair(label, s); err != nil {
			return err
		}
	}
	if agreements := lines(b.pod.Settings.Agreements); len(agreements) > 0 {
		for i, s := range agreements {
			label := ""
			if i == 0 {
				label = "Community agreements"
			}
			if err := t.styledPair(label, s); err != nil {
				return err
			}
		}
	}
	contact := strings.TrimSpace(b.pod.Settings.Contact)
	if contact == "" {
		contact = "Ask the neighbor who gave you this handout to put you in touch with an organizer."
	}
	for i, s := range lines(contact) {
		label := ""
		if i == 0 {
			label = "Reach the organizers"
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
	case n <= 0 || n == 7:
		return "a week"
	case n == 1:
		return "a day"
	case n%7 == 0:
		return strconv.Itoa(n/7) + " weeks"
	default:
		return strconv.Itoa(n) + " days"
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
	t, err := b.newTab(tabDirectory, "Directory: only what each neighbor agreed to share. Please keep it within the pod.", []column{
		{"Name", 16}, {"Phone", 13}, {"Email", 26}, {"Zone", 12},
		{"Interests", 14}, {"Can offer", 16}, {"Needs", 16},
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
		v, ok := directoryRow(m)
		if !ok {
			continue
		}
		e := entry{m: m, vals: v}
		if v[0] != "" {
			e.key = matching.Fold(v[0])
		} else {
			e.vals[0] = "A neighbor"
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
		if err := t.add("Nobody has chosen to share their details yet."); err != nil {
			return err
		}
	}
	return t.close()
}

// directoryRow is what m shares with the whole pod (matching.Shares, the
// one consent rule), column by column. ok is false when m shares nothing:
// such members are left out entirely. The name is "" when not shared.
func directoryRow(m *matching.Member) (v [7]string, ok bool) {
	s := matching.Shares(m)
	return [7]string{s.Name, s.Phone, s.Email, s.Zone, s.Interests, s.Offers, s.Needs}, !s.Empty()
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
	if m == nil || !m.Share.Has(matching.ShareName) {
		return aNeighbor
	}
	if n := strings.TrimSpace(m.Name); n != "" {
		return n
	}
	return aNeighbor
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
	t, err := b.newTab(tabPairings, "Pairings: 1-on-1 conversations for the coming rounds.", []column{
		{"Round", 8}, {"Week of", 18}, {"Person A", 22}, {"Person B", 22}, {"Person C", 22},
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
		cells[1] = cellOf(b.body, shortDate(dateOf(g.WeekOf)))
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
		if err := t.add("", "No rounds are planned yet. Ask an organizer."); err != nil {
			return err
		}
	}
	return t.close()
}

// resources writes what neighbors offer, by category, and the organizers'
// list of community resources.
func (b *builder) resources() error {
	t, err := b.newTab(tabResources, "Resources: what neighbors offer, and community resources.", []column{
		{"Kind of help", 22}, {"Neighbors offering", 12}, {"Community resource", 22}, {"Contact", 20}, {"Notes", 18},
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
			label = "Other"
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
		if err := write(string(c), count[c], byCat[c]); err != nil {
			return err
		}
	}
	sort.Strings(otherOrder)
	for _, k := range otherOrder {
		rs := otherCats[k]
		label := strings.TrimSpace(rs[0].Category)
		if label == "" {
			label = "Other"
		}
		if err := write(label, "", rs); err != nil {
			return err
		}
	}
	return t.close()
}
