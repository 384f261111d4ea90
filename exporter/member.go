package exporter

import (
	"sort"
	"strconv"
	"strings"

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

// tabMemberPages names the tabs of per-member pages: "Member pages", or
// "Member pages 1", "Member pages 2"… when there are more than
// membersPerTab active members.
const tabMemberPages = "Member pages"

// membersPerTab is how many members' pages one tab holds. Excel keeps at
// most 1,026 manual page breaks in a sheet; a tab per member instead would
// make excelize walk every sheet for each new one, which grows with the
// square of the pod.
const membersPerTab = 1000

// memberColumns are the columns of a member's page, in language tag.
func (b *builder) memberColumns(tag string) []column {
	return []column{
		{b.say(tag, "handout.member.what"), 20}, {b.say(tag, "handout.member.when"), 24},
		{b.say(tag, "handout.member.neighbor"), 22}, {b.say(tag, "handout.member.reach"), 28},
	}
}

// perMember writes one private page per active member, in name order, each
// starting on a new printed page: up to membersPerTab pages a tab, separated
// by manual page breaks.
func (b *builder) perMember() error {
	var active []*matching.Member
	for i := range b.pod.Members {
		if m := &b.pod.Members[i]; m.Active == matching.Active {
			active = append(active, m)
		}
	}
	if len(active) == 0 {
		return nil
	}
	// By name as printed, then by member ID, so that the order is the same
	// on every export.
	key := make(map[matching.MemberID]string, len(active))
	for _, m := range active {
		key[m.ID] = matching.Fold(m.Name)
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
	asked := map[matching.MemberID][]*matching.Match{}   // every match of the member's needs
	helping := map[matching.MemberID][]*matching.Match{} // Accepted, as helper
	for i := range b.pod.Matches {
		x := &b.pod.Matches[i]
		asked[x.Member] = append(asked[x.Member], x)
		if x.Status == matching.Accepted {
			helping[x.Helper] = append(helping[x.Helper], x)
		}
	}

	tabs := (len(active) + membersPerTab - 1) / membersPerTab
	for k := 0; k < tabs; k++ {
		name := tabMemberPages
		if tabs > 1 {
			name += " " + strconv.Itoa(k+1)
		}
		t, err := b.newSheet(name, b.tag, b.say(b.tag, "handout.member.pages-footer"), b.memberColumns(b.tag))
		if err != nil {
			return err
		}
		for i, m := range active[k*membersPerTab : min(len(active), (k+1)*membersPerTab)] {
			if err := b.ctx.Err(); err != nil {
				return err
			}
			if i > 0 {
				// The break goes above the page's first row.
				if err := t.sw.InsertPageBreak("A" + strconv.Itoa(t.row+1)); err != nil {
					return err
				}
			}
			if err := b.memberPage(t, m, groups[m.ID], asked[m.ID], helping[m.ID]); err != nil {
				return err
			}
		}
		if err := t.close(); err != nil {
			return err
		}
	}
	return nil
}

// setLanguage makes the rows written next be in language tag's font.
func (t *tab) setLanguage(tag string) error {
	style, err := t.b.restyle(fontFor(tag))
	if err != nil {
		return err
	}
	t.tag, t.style = tag, style
	return nil
}

// memberPage writes one member's private page into t.
func (b *builder) memberPage(t *tab, m *matching.Member, groups []*matching.Group, asked, helping []*matching.Match) error {
	who := strings.TrimSpace(m.Name)
	if who == "" {
		who = string(m.ID)
	}
	tag := b.memberTag(m)
	if err := t.setLanguage(tag); err != nil {
		return err
	}
	say := func(id string, kv ...any) string { return b.say(tag, id, kv...) }
	ask := say("handout.ask-organizer")
	if err := t.bolded(say("handout.member.for"), who, "", say("handout.member.printed", "Date", b.longDate(tag, b.today))); err != nil {
		return err
	}
	heads := make([]string, 0, t.n)
	for _, c := range b.memberColumns(tag) {
		heads = append(heads, c.head)
	}
	if err := t.styled(b.head, heads...); err != nil {
		return err
	}
	if err := b.memberRounds(t, m, groups); err != nil {
		return err
	}
	if err := b.memberNeeds(t, m, asked); err != nil {
		return err
	}
	sortMatches(helping)
	for _, x := range helping {
		who, reach := say("handout.a-neighbor"), ask
		if p := b.byID[x.Member]; p != nil {
			if n := strings.TrimSpace(p.Name); n != "" {
				who = n
			}
			reach = b.reach(tag, p.Contact(), p)
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
	return t.wide("", say("handout.member.footer", "Name", who))
}

// memberRounds writes m's coming 1-on-1 rounds and, for the partners who
// shared their interests, conversation starters. Only a member who still
// takes part in 1-on-1s sees rounds, and only partners who still do
// (Pairing Yes and Active) are shown, with what they share with the pod
// (matching.Shares): their name if they shared it, else "Your partner", and
// their preferred shared contact, else "Ask an organizer". A round with
// nobody left says to ask an organizer.
func (b *builder) memberRounds(t *tab, m *matching.Member, groups []*matching.Group) error {
	if !b.pairs(m.ID) {
		return nil
	}
	tag := t.tag
	say := func(id string, kv ...any) string { return b.say(tag, id, kv...) }
	ask := say("handout.ask-organizer")
	if len(groups) == 0 {
		return t.add(say("handout.member.one-on-one"), say("handout.member.none-planned"), "", ask)
	}
	var starters []string
	seen := map[matching.MemberID]bool{}
	for _, g := range groups {
		when := say("handout.member.round", "Round", g.Round, "Date", b.shortDate(tag, dateOf(g.WeekOf)))
		partners := 0
		for _, id := range g.Members {
			if id == m.ID || !b.pairs(id) {
				continue
			}
			p := b.byID[id]
			s := matching.Shares(p)
			name := s.Name
			if name == "" {
				name = say("handout.member.partner")
			}
			if err := t.add(say("handout.member.one-on-one"), when, name, b.reach(tag, s.Contact(p.ContactBy), p)); err != nil {
				return err
			}
			partners++
			if s.Interests != "" && !seen[id] {
				seen[id] = true
				line := say("handout.member.interests", "Name", name, "Interests", s.Interests)
				if common := commonWords(s.Interests, m.Interests); len(common) > 0 {
					line += " " + say("handout.member.in-common", "Words", strings.Join(common, say("handout.list-separator")))
				}
				starters = append(starters, line)
			}
		}
		if partners == 0 {
			if err := t.add(say("handout.member.one-on-one"), when, "", ask); err != nil {
				return err
			}
		}
	}
	for i, s := range starters {
		label := ""
		if i == 0 {
			label = say("handout.member.starters")
		}
		if err := t.wide(label, s); err != nil {
			return err
		}
	}
	for i := 1; i <= 4; i++ {
		label := ""
		if i == 1 {
			label = say("handout.member.questions")
		}
		if err := t.wide(label, say("handout.member.question."+strconv.Itoa(i))); err != nil {
			return err
		}
	}
	return nil
}

// memberNeeds writes every need m asked for: each ticked category, then any
// other category an open match is for, then m's own words ("Other"). A need
// is matched (Accepted: the helper's name and contact, which the helper
// agreed to share with the member they help), being arranged (Proposed: no
// helper named yet), helped (Done) or still looking (no match, or only
// Declined ones). Own words are never matched: an organizer reads them.
func (b *builder) memberNeeds(t *tab, m *matching.Member, matches []*matching.Match) error {
	tag := t.tag
	say := func(id string, kv ...any) string { return b.say(tag, id, kv...) }
	ask := say("handout.ask-organizer")
	sortMatches(matches)
	byCat := map[matching.Category][]*matching.Match{}
	var cats []matching.Category
	for _, c := range m.Needs {
		if _, dup := byCat[c]; !dup {
			byCat[c] = nil
			cats = append(cats, c)
		}
	}
	for _, x := range matches {
		open := x.Status == matching.Proposed || x.Status == matching.Accepted
		if _, ticked := byCat[x.Category]; !ticked {
			if !open {
				continue // un-ticked since, and no longer open
			}
			cats = append(cats, x.Category)
		}
		byCat[x.Category] = append(byCat[x.Category], x)
	}
	sortCategories(cats)
	for _, c := range cats {
		rows, done := 0, false
		for _, x := range byCat[c] {
			var helper, reach string
			switch x.Status {
			case matching.Proposed:
				helper, reach = say("handout.member.arranging"), say("handout.member.will-confirm")
			case matching.Accepted:
				helper, reach = say("handout.a-neighbor"), ask
				if h := b.byID[x.Helper]; h != nil {
					if n := strings.TrimSpace(h.Name); n != "" {
						helper = n
					}
					reach = b.reach(tag, h.Contact(), h)
				}
			case matching.Done:
				done = true
				continue
			default:
				continue
			}
			if err := t.add(say("handout.member.asked"), b.category(tag, c), helper, reach); err != nil {
				return err
			}
			rows++
		}
		if rows > 0 {
			continue
		}
		helper, reach := say("handout.member.looking"), say("handout.member.looking-reach")
		if done {
			helper, reach = say("handout.member.done"), say("handout.member.done-reach")
		}
		if err := t.add(say("handout.member.asked"), b.category(tag, c), helper, reach); err != nil {
			return err
		}
	}
	for _, o := range m.NeedOther {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if err := t.add(say("handout.member.asked"), o, say("handout.member.looking"), say("handout.member.own-words")); err != nil {
			return err
		}
	}
	return nil
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

// categoryRank is c's place in the form; unknown categories come last.
func categoryRank(c matching.Category) int {
	for i, k := range matching.Categories {
		if k == c {
			return i
		}
	}
	return len(matching.Categories)
}

// sortMatches orders matches by category (form order), then Match ID.
func sortMatches(xs []*matching.Match) {
	sort.SliceStable(xs, func(i, j int) bool {
		a, c := categoryRank(xs[i].Category), categoryRank(xs[j].Category)
		if a != c {
			return a < c
		}
		return xs[i].ID < xs[j].ID
	})
}

// sortCategories orders categories as the form lists them.
func sortCategories(cs []matching.Category) {
	sort.SliceStable(cs, func(i, j int) bool { return categoryRank(cs[i]) < categoryRank(cs[j]) })
}

// reach is contact c of member m as printed in language tag: with how m
// likes to be reached when c is their phone number; "Ask an organizer" when
// c is blank.
func (b *builder) reach(tag, c string, m *matching.Member) string {
	c = strings.TrimSpace(c)
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
