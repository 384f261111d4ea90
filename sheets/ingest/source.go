package ingest

import (
	"context"
	"time"
)

// Response is one form response as podsync ingests it, whatever it came
// from: a downloaded CSV, the linked tab ("Form Responses 1"), an xlsx
// download of it, or the Forms API.
type Response struct {
	// ID is stable: the Forms API's response ID, or for exports (which carry
	// none) a hash of the timestamp and answers.
	ID string
	// Submitted is when the response was last submitted (edits included).
	Submitted time.Time
	// Fields are the answers in question order, titled verbatim. Checkbox
	// answers are one text, joined as Google joins them (", " or ";").
	Fields []Field
}

// Field is one answered question.
type Field struct {
	Title string
	Text  string
	// QuestionID is the Forms API's question ID, set by FormsSource (empty
	// for files and the linked tab). A question's answers follow it, so a
	// question renamed in the form keeps writing to its column.
	QuestionID string
}

// A Source yields form responses for a cycle. The Forms API source is one;
// file and linked-tab responses are parsed directly by the cycle.
type Source interface {
	// Responses returns the responses submitted or edited at or after
	// since (all of them when since is zero), each once, by ID. The
	// returned cursor is the time to pass as since next cycle.
	Responses(ctx context.Context, since time.Time) (rs []Response, cursor time.Time, err error)
}
