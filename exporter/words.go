package exporter

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/podsync/podsync/matching"
)

// Words are the handout's messages in the languages a caller has them for
// (cmd/podsync passes lang.Words, backed by the message files in
// sheets/ingest/lang). The exporter takes them through this interface so
// that it depends on no translation package; nil Words is English only.
type Words interface {
	// Format is message id in language tag with its {{.Name}}
	// placeholders filled from data and, when count is not nil, in the
	// plural form the language uses for count ({{.Count}}); English when
	// tag lacks it; "" when there is no such message at all.
	Format(tag, id string, data map[string]any, count any) string
	// Lookup is the language tag with words for a language as a person
	// named it ("Spanish", "Español", "中文", "es"), ok false when there
	// are none.
	Lookup(language string) (tag string, ok bool)
}

// english is the handout's built-in English: the words written when
// Options.Words is nil. Each value is {one, other}; a message without a
// count has only other. sheets/ingest/lang's handout.en.json holds the same
// messages, and a test checks that both write the same handout.
var english = map[string][2]string{
	"handout.pod":                  {"", "Our pod"},
	"handout.doc-title":            {"", "{{.Pod}} handout"},
	"handout.page":                 {"", "Page {{.Page}} of {{.Pages}}"},
	"handout.date.long":            {"", "{{.Weekday}}, {{.Month}} {{.Day}}, {{.Year}}"},
	"handout.date.short":           {"", "{{.Wd}}, {{.Mon}} {{.Day}}, {{.Year}}"},
	"handout.readme.footer":        {"", "Read me"},
	"handout.readme.of":            {"", "Handout of {{.Date}}"},
	"handout.readme.how":           {"", "How our pod works"},
	"handout.readme.how.1":         {"", "We are neighbors who look out for each other. This handout is for neighbors who are not online; please keep it within the pod."},
	"handout.readme.how.2":         {"", "1. Introduce yourself. Everyone fills in a short questionnaire: how to reach you, what you can offer, what you need, and what you are happy to share with the pod."},
	"handout.readme.how.3":         {"", "2. Get to know each other. Every round ({{.Round}}) you are paired with one or two neighbors for a 1-on-1 conversation: a call, a walk or a cup of tea. Partners change every round, so over time you meet everyone. The Pairings tab lists the coming rounds."},
	"handout.readme.how.4":         {"", "3. Support each other. When someone needs help (food, childcare, errands, a ride to the clinic, someone to talk to) the organizers connect them with a neighbor who offered that kind of help, and check in on how it goes. The Resources tab shows what neighbors offer and where else to find help."},
	"handout.readme.how.5":         {"", "4. Respect privacy. The Directory shows only what each neighbor agreed to share, and nothing about anyone who shared nothing. Please do not pass it on outside the pod."},
	"handout.readme.agreements":    {"", "Community agreements"},
	"handout.readme.reach":         {"", "Reach the organizers"},
	"handout.readme.no-contact":    {"", "Ask the neighbor who gave you this handout to put you in touch with an organizer."},
	"handout.round.weeks":          {"a week", "{{.Count}} weeks"},
	"handout.round.days":           {"a day", "{{.Count}} days"},
	"handout.directory.footer":     {"", "Directory: only what each neighbor agreed to share. Please keep it within the pod."},
	"handout.directory.name":       {"", "Name"},
	"handout.directory.phone":      {"", "Phone"},
	"handout.directory.email":      {"", "Email"},
	"handout.directory.zone":       {"", "Zone"},
	"handout.directory.interests":  {"", "Interests"},
	"handout.directory.offers":     {"", "Can offer"},
	"handout.directory.needs":      {"", "Needs"},
	"handout.directory.empty":      {"", "Nobody has chosen to share their details yet."},
	"handout.list-separator":       {"", ", "},
	"handout.a-neighbor":           {"", "A neighbor"},
	"handout.a-neighbor.lower":     {"", "a neighbor"},
	"handout.pairings.footer":      {"", "Pairings: 1-on-1 conversations for the coming rounds."},
	"handout.pairings.round":       {"", "Round"},
	"handout.pairings.week-of":     {"", "Week of"},
	"handout.pairings.person-a":    {"", "Person A"},
	"handout.pairings.person-b":    {"", "Person B"},
	"handout.pairings.person-c":    {"", "Person C"},
	"handout.pairings.none":        {"", "No rounds are planned yet. Ask an organizer."},
	"handout.resources.footer":     {"", "Resources: what neighbors offer, and community resources."},
	"handout.resources.kind":       {"", "Kind of help"},
	"handout.resources.offering":   {"", "Neighbors offering"},
	"handout.resources.resource":   {"", "Community resource"},
	"handout.resources.contact":    {"", "Contact"},
	"handout.resources.notes":      {"", "Notes"},
	"handout.resources.other":      {"", "Other"},
	"handout.member.footer":        {"", "Private: for {{.Name}} only. It holds neighbors' contact details."},
	"handout.member.what":          {"", "What"},
	"handout.member.when":          {"", "When or what"},
	"handout.member.neighbor":      {"", "Neighbor"},
	"handout.member.reach":         {"", "How to reach"},
	"handout.member.for":           {"", "For"},
	"handout.member.printed":       {"", "Printed {{.Date}}"},
	"handout.member.one-on-one":    {"", "1-on-1 conversation"},
	"handout.member.none-planned":  {"", "None planned yet"},
	"handout.member.round":         {"", "Round {{.Round}}, week of {{.Date}}"},
	"handout.member.partner":       {"", "Your partner"},
	"handout.member.arranging":     {"", "Being arranged"},
	"handout.member.will-confirm":  {"", "An organizer will confirm who can help"},
	"handout.member.asked":         {"", "Help you asked for"},
	"handout.member.offered":       {"", "Help you offered"},
	"handout.member.organizers":    {"", "Organizers"},
	"handout.member.no-contact":    {"", "Ask the neighbor who brought this sheet"},
	"handout.member.pages-footer":  {"", "Private: each page is for the neighbor named at its top only. It holds neighbors' contact details."},
	"handout.member.looking":       {"", "Still looking"},
	"handout.member.looking-reach": {"", "We are still looking for a neighbor who can help"},
	"handout.member.own-words":     {"", "An organizer will read this and be in touch"},
	"handout.member.done":          {"", "Help given"},
	"handout.member.done-reach":    {"", "Ask an organizer if you need more"},
	"handout.member.starters":      {"", "Conversation starters"},
	"handout.member.interests":     {"", "{{.Name}} shared their interests: {{.Interests}}"},
	"handout.member.in-common":     {"", "You both mentioned: {{.Words}}."},
	"handout.member.questions":     {"", "Questions for your 1-on-1"},
	"handout.member.question.1":    {"", "What do you enjoy doing? Is there a hobby you would like to share or try?"},
	"handout.member.question.2":    {"", "How often would you like to check in: every week, every two weeks or once a month? By phone, on a walk, over tea?"},
	"handout.member.question.3":    {"", "What could each of you share with the other: a skill, a tool, some time, something you know?"},
	"handout.member.question.4":    {"", "What would help each of you right now? Is there anything you need?"},
	"handout.ask-organizer":        {"", "Ask an organizer"},
	"handout.contact.text":         {"", "{{.Contact}} (text)"},
	"handout.contact.call":         {"", "{{.Contact}} (call)"},
}

func init() {
	for i := time.Sunday; i <= time.Saturday; i++ {
		n := strconv.Itoa(int(i))
		english["handout.weekday."+n] = [2]string{"", i.String()}
		english["handout.weekday.short."+n] = [2]string{"", i.String()[:3]}
	}
	for i := time.January; i <= time.December; i++ {
		n := strconv.Itoa(int(i))
		english["handout.month."+n] = [2]string{"", i.String()}
		english["handout.month.short."+n] = [2]string{"", i.String()[:3]}
	}
	for i, c := range matching.Categories {
		english["category."+strconv.Itoa(i+1)] = [2]string{"", string(c)}
	}
}

// fill is a built-in English message with its placeholders filled.
func fill(id string, data map[string]any, count any) string {
	forms := english[id]
	s := forms[1]
	if count != nil && fmt.Sprint(count) == "1" && forms[0] != "" {
		s = forms[0]
	}
	return placeholder.ReplaceAllStringFunc(s, func(p string) string {
		k := p[3 : len(p)-2]
		if k == "Count" && count != nil {
			return fmt.Sprint(count)
		}
		return fmt.Sprint(data[k])
	})
}

// placeholder is a {{.Name}} in a message.
var placeholder = regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)

// say is message id in language tag; kv are placeholder names and values.
// A message without placeholders is looked up once per language: member
// pages say the same labels thousands of times.
func (b *builder) say(tag, id string, kv ...any) string {
	if len(kv) > 0 {
		return b.format(tag, id, nil, kv...)
	}
	k := said{tag, id}
	s, ok := b.said[k]
	if !ok {
		s = b.format(tag, id, nil)
		if b.said == nil {
			b.said = map[said]string{}
		}
		b.said[k] = s
	}
	return s
}

// said keys a message without placeholders in the builder's cache.
type said struct{ tag, id string }

// format is say with a plural count.
func (b *builder) format(tag, id string, count any, kv ...any) string {
	var data map[string]any
	if len(kv) > 0 {
		data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
	}
	if b.opt.Words != nil {
		if s := b.opt.Words.Format(tag, id, data, count); s != "" {
			return s
		}
	}
	return fill(id, data, count)
}

// category is a category's name in language tag.
func (b *builder) category(tag string, c matching.Category) string {
	for i, k := range matching.Categories {
		if k == c {
			return b.say(tag, "category."+strconv.Itoa(i+1))
		}
	}
	return string(c)
}

// dateWith prints t with the message id ("handout.date.long" or
// "handout.date.short") of language tag.
func (b *builder) dateWith(tag, id string, t time.Time) string {
	wd, mo := strconv.Itoa(int(t.Weekday())), strconv.Itoa(int(t.Month()))
	return b.say(tag, id,
		"Weekday", b.say(tag, "handout.weekday."+wd), "Wd", b.say(tag, "handout.weekday.short."+wd),
		"Month", b.say(tag, "handout.month."+mo), "Mon", b.say(tag, "handout.month.short."+mo),
		"MonthNumber", int(t.Month()), "Day", t.Day(), "Year", t.Year())
}

// longDate prints a date so that no reader can take the day for the month.
func (b *builder) longDate(tag string, t time.Time) string {
	return b.dateWith(tag, "handout.date.long", t)
}

// shortDate prints a round's date in a table.
func (b *builder) shortDate(tag string, t time.Time) string {
	return b.dateWith(tag, "handout.date.short", t)
}

// memberTag is the language of m's private page: the first language they
// listed when there are words for it, else the handout's.
func (b *builder) memberTag(m *matching.Member) string {
	if b.opt.Words != nil && len(m.Languages) > 0 {
		if t, ok := b.opt.Words.Lookup(m.Languages[0]); ok {
			return t
		}
	}
	return b.tag
}
