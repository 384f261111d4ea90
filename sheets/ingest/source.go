package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
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

// A Source yields a cycle's form responses. There are three: the Forms API
// (google.FormsSource), an export someone downloaded (File), and the tab
// Google Forms writes into the pod's own spreadsheet (Linked). The cycle
// reads every one the same way.
type Source interface {
	// Read returns the responses submitted or edited at or after since
	// (all of them when since is zero), each once, by ID. set holds the
	// pod's Time zone and Date order, which an export's timestamps need.
	Read(ctx context.Context, since time.Time, set *matching.Settings) (*Batch, error)
}

// Batch is what a Source read.
type Batch struct {
	Responses []Response
	// Cursor is the since of the next cycle; zero for a source that keeps
	// none (an export is read whole every time).
	Cursor time.Time
	// Complete is true when the source holds every response there is, as
	// the linked tab does: a response it lacks was edited or deleted
	// there. A downloaded file may be old or partial, so it is not.
	Complete bool
	// Name says where the responses came from, for messages: "the form",
	// "the responses file", `the linked tab "Form responses 1"`.
	Name string
	// Warnings are what the source found wrong but could read past, each
	// naming what to do.
	Warnings []string
}

// File is a response export downloaded from Google: the downloaded CSV, or
// the linked sheet downloaded as CSV or as .xlsx.
type File string

var _ Source = File("")

// Read implements Source: the whole file, every time.
func (f File) Read(_ context.Context, _ time.Time, set *matching.Settings) (*Batch, error) {
	rs, err := ReadResponsesFile(string(f), set)
	if err != nil {
		return nil, err
	}
	b := &Batch{Responses: rs, Name: "the responses file"}
	if len(rs) == 0 {
		// Never 0 responses without a word: a file that should hold some
		// but whose lines did not split is read as a header alone.
		b.Warnings = append(b.Warnings, fmt.Sprintf("file %s has a header row but no responses under it, so none were read; if the form has responses, download them from Google again (Responses → Download responses) and pass that file without opening it in another program first", filepath.Base(string(f))))
	}
	return b, nil
}

// Linked is the tab Google Forms writes responses to in the pod's own
// spreadsheet, as the cycle read it. Errors name it by its Name.
type Linked struct{ Tab *sheets.Table }

var _ Source = Linked{}

// Read implements Source: the whole tab, which Google keeps complete.
func (l Linked) Read(_ context.Context, _ time.Time, set *matching.Settings) (*Batch, error) {
	rs, err := ExportFromTable(l.Tab).Responses(set)
	if err != nil {
		return nil, err
	}
	return &Batch{Responses: rs, Complete: true, Name: fmt.Sprintf("the linked tab %q", l.Tab.Name)}, nil
}
