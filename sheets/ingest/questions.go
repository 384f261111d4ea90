package ingest

import (
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

// Questions is the default questionnaire, in form order.
var Questions = []Question{
	{Key: "name", Title: "Your name", Kind: "short", Required: true},
	{Key: "email", Title: "Email address", Kind: "short", Aliases: append(googleEmailTitles("Email address"), "Email")},
	{Key: "phone", Title: "Phone number", Kind: "short"},
	{Key: "contact", Title: "Best way to reach you", Kind: "radio", Choices: []string{"Text", "Call", "Email"}},
	{Key: "zone", Title: "Your zone (building, floor or block)", Kind: "short"},
	{Key: "languages", Title: "Languages you speak", Kind: "short"},
	{Key: "interests", Title: "What are your hobbies and interests?", Kind: "paragraph"},
	{Key: "checkin", Title: "How regularly do you want to check in?", Kind: "radio", Choices: []string{"Weekly", "Every two weeks", "Monthly"}},
	{Key: "offers", Title: "What can you help others with?", Kind: "checkbox", Choices: CategoryLabels(), Other: true},
	{Key: "offer_details", Title: "What resources, skills or knowledge could you share?", Kind: "paragraph"},
	{Key: "capacity", Title: "How many neighbors could you help at a time?", Kind: "radio", Choices: []string{"1", "2", "3", "4 or more"}},
	{Key: "needs", Title: "What do you need help with?", Kind: "checkbox", Choices: CategoryLabels(), Other: true},
	{Key: "need_details", Title: "What are your needs? What are you afraid of losing?", Kind: "paragraph"},
	{Key: "pairing", Title: "Would you like 1-on-1 conversations with pod members?", Kind: "radio", Choices: []string{"Yes", "No"}},
	{Key: "share", Title: "What may we share with the whole pod?", Kind: "checkbox", Choices: ShareLabels()},
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
