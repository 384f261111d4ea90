package ingest

import (
	"fmt"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest/lang"
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
	// Aliases are other titles for the same answer, such as the collected
	// email's "Email Address" and "Username" (and those Google writes in
	// other languages: googleTitles).
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

// Questions is the default questionnaire, in form order. Each question's
// title in every language podsync ships (package lang) is one of its
// aliases, so an export of a form built in another language needs no
// Settings row.
var Questions = []Question{
	{Key: "name", Title: "Your name", Kind: "short", Required: true, Aliases: lang.Translations("q.name")},
	{Key: "email", Title: "Email address", Kind: "short", Aliases: append(append(googleEmailTitles("Email address"), "Email"), lang.Translations("q.email")...)},
	{Key: "phone", Title: "Phone number", Kind: "short", Aliases: lang.Translations("q.phone")},
	{Key: "contact", Title: "Best way to reach you", Kind: "radio", Choices: []string{"Text", "Call", "Email"}, Aliases: lang.Translations("q.contact")},
	{Key: "zone", Title: "Your zone (building, floor or block)", Kind: "short", Aliases: lang.Translations("q.zone")},
	{Key: "languages", Title: "Languages you speak", Kind: "short", Aliases: lang.Translations("q.languages")},
	{Key: "interests", Title: "What are your hobbies and interests?", Kind: "paragraph", Aliases: lang.Translations("q.interests")},
	{Key: "checkin", Title: "How regularly do you want to check in?", Kind: "radio", Choices: []string{"Weekly", "Every two weeks", "Monthly"}, Aliases: lang.Translations("q.checkin")},
	{Key: "offers", Title: "What can you help others with?", Kind: "checkbox", Choices: CategoryLabels(), Other: true, Aliases: lang.Translations("q.offers")},
	{Key: "offer_details", Title: "What resources, skills or knowledge could you share?", Kind: "paragraph", Aliases: lang.Translations("q.offer_details")},
	{Key: "capacity", Title: "How many neighbors could you help at a time?", Kind: "radio", Choices: []string{"1", "2", "3", "4 or more"}, Aliases: lang.Translations("q.capacity")},
	{Key: "needs", Title: "What do you need help with?", Kind: "checkbox", Choices: CategoryLabels(), Other: true, Aliases: lang.Translations("q.needs")},
	{Key: "need_details", Title: "What are your needs? What are you afraid of losing?", Kind: "paragraph", Aliases: lang.Translations("q.need_details")},
	{Key: "pairing", Title: "Would you like 1-on-1 conversations with pod members?", Kind: "radio", Choices: []string{"Yes", "No"}, Aliases: lang.Translations("q.pairing")},
	{Key: "share", Title: "What may we share with the whole pod?", Kind: "checkbox", Choices: ShareLabels(), Aliases: lang.Translations("q.share")},
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

// In is the question as a form in language tag shows it: its title and
// choice labels from package lang (English, unchanged, when tag is
// English or lacks a message). Key, Kind and the rest stay.
func (q Question) In(tag string) Question {
	if tag == lang.English {
		return q
	}
	if s := lang.Message(tag, "q."+q.Key); s != "" {
		q.Title = s
	}
	if len(q.Choices) > 0 {
		choices := make([]string, len(q.Choices))
		for i, id := range choiceIDs(q) {
			choices[i] = q.Choices[i]
			if s := lang.Message(tag, id); s != "" {
				choices[i] = s
			}
		}
		q.Choices = choices
	}
	return q
}

// Help is the help text shown under the question in a form in language
// tag (English when tag lacks it; "" for a question without one).
func (q Question) Help(tag string) string {
	return lang.Message(tag, "q."+q.Key+".help")
}

// choiceIDs are the message IDs (package lang) of a choice question's
// labels, in the order of its English Choices.
func choiceIDs(q Question) []string {
	prefix := q.Key
	switch q.Key {
	case "offers", "needs":
		prefix = "category"
	}
	ids := make([]string, len(q.Choices))
	for i := range q.Choices {
		ids[i] = fmt.Sprintf("%s.%d", prefix, i+1)
	}
	return ids
}
