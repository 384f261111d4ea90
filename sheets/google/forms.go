package google

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	formsapi "google.golang.org/api/forms/v1"
)

// FormsSource reads responses straight from a Google Form through the
// Forms v1 API: one forms.get for the questions (cached), then
// forms.responses.list pages filtered by submission time.
type FormsSource struct {
	c   *client
	svc *formsapi.Service
	id  string
	// PageSize is the responses asked for per page (default 5000, the
	// API's largest).
	PageSize int64

	mu        sync.Mutex
	questions []formQuestion // nil until loaded
	emailQ    int            // index of the question titled "Email address", or -1
	// collectsEmail: the form collects respondents' emails itself.
	collectsEmail bool
}

var _ ingest.Source = (*FormsSource)(nil)

type formQuestion struct {
	id    string
	title string // as the Responses column is named (see Columns)
}

// OpenForms returns the source for cfg.FormID. Like Open it sends
// no request until used.
func OpenForms(ctx context.Context, cfg Config) (*FormsSource, error) {
	id, err := ParseFormID(cfg.FormID)
	if err != nil {
		return nil, &sheets.OpError{Op: "open form", Err: err}
	}
	c, err := newClient(ctx, cfg, []string{ScopeFormsBodyReadonly, ScopeFormsResponsesReadonly})
	if err != nil {
		return nil, err
	}
	svc, err := formsapi.NewService(ctx, c.opts...)
	if err != nil {
		return nil, &sheets.OpError{Op: "open form", Err: c.creds.red.clean(err)}
	}
	return &FormsSource{c: c, svc: svc, id: id}, nil
}

// ID is the form's ID.
func (f *FormsSource) ID() string { return f.id }

// Invalidate forgets the cached questions (the form was edited).
func (f *FormsSource) Invalidate() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.questions = nil
}

func (f *FormsSource) target() target { return target{what: "form", id: f.id} }

// Questions returns the form's question titles in form order, named as the
// Responses tab's columns (grid rows as "Title [Row]").
func (f *FormsSource) Questions(ctx context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.load(ctx, false); err != nil {
		return nil, err
	}
	out := make([]string, len(f.questions))
	for i, q := range f.questions {
		out[i] = q.title
	}
	return out, nil
}

// QuestionFields returns the form's questions as last read (nil before
// the first read), each with its title as the Responses column is named and
// its question ID; it sends no request.
func (f *FormsSource) QuestionFields() []ingest.Field {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]ingest.Field, 0, len(f.questions))
	for _, q := range f.questions {
		out = append(out, ingest.Field{Title: q.title, QuestionID: q.id})
	}
	return out
}

// load reads the form's questions. Called with f.mu held.
func (f *FormsSource) load(ctx context.Context, force bool) error {
	if f.questions != nil && !force {
		return nil
	}
	form, err := f.svc.Forms.Get(f.id).Context(ctx).Do()
	if err != nil {
		return f.c.fail("read form", "", f.target(), err)
	}
	if form == nil || form.FormId == "" {
		return &sheets.OpError{Op: "read form", Err: notJSON("no form")}
	}
	var ids, titles []string
	for _, it := range form.Items {
		switch {
		case it == nil:
			return &sheets.OpError{Op: "read form", Err: notJSON("null for a question")}
		case it.QuestionItem != nil && it.QuestionItem.Question != nil:
			ids = append(ids, it.QuestionItem.Question.QuestionId)
			titles = append(titles, it.Title)
		case it.QuestionGroupItem != nil:
			for _, q := range it.QuestionGroupItem.Questions {
				if q == nil {
					return &sheets.OpError{Op: "read form", Err: notJSON("null for a question")}
				}
				row := ""
				if q.RowQuestion != nil {
					row = q.RowQuestion.Title
				}
				ids = append(ids, q.QuestionId)
				titles = append(titles, it.Title+" ["+row+"]")
			}
		}
	}
	names := ingest.Columns(titles)
	f.collectsEmail = form.Settings != nil && form.Settings.EmailCollectionType != "" &&
		form.Settings.EmailCollectionType != "DO_NOT_COLLECT" && form.Settings.EmailCollectionType != "EMAIL_COLLECTION_TYPE_UNSPECIFIED"
	f.questions = make([]formQuestion, len(ids))
	f.emailQ = -1
	for i := range ids {
		f.questions[i] = formQuestion{id: ids[i], title: names[i]}
		if f.emailQ < 0 && matching.Fold(titles[i]) == "email address" {
			f.emailQ = i
		}
	}
	return nil
}

// Responses implements Source: every response last submitted at or after
// since (all when since is zero), each once by ID with its latest answers.
// The cursor is the latest submission time seen, or since when none.
func (f *FormsSource) Responses(ctx context.Context, since time.Time) ([]ingest.Response, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.load(ctx, false); err != nil {
		return nil, since, err
	}
	filter := ""
	if !since.IsZero() {
		// Whole seconds, rounded down: the few extra responses are
		// dropped below, and no sub-second format question arises.
		filter = "timestamp >= " + since.UTC().Truncate(time.Second).Format(time.RFC3339)
	}
	size := f.PageSize
	if size <= 0 {
		size = 5000
	}
	latest := map[string]*formsapi.FormResponse{}
	when := map[string]time.Time{}
	token := ""
	for {
		call := f.svc.Forms.Responses.List(f.id).PageSize(size).Context(ctx)
		if filter != "" {
			call = call.Filter(filter)
		}
		if token != "" {
			call = call.PageToken(token)
		}
		page, err := call.Do()
		if err != nil {
			return nil, since, f.c.fail("read responses of form", "", f.target(), err)
		}
		if page == nil {
			return nil, since, &sheets.OpError{Op: "read responses of form", Err: notJSON("null for a page of responses")}
		}
		for _, r := range page.Responses {
			if r == nil {
				return nil, since, &sheets.OpError{Op: "read responses of form", Err: notJSON("null for a response")}
			}
			t, err := submittedAt(r)
			if err != nil {
				return nil, since, &sheets.OpError{Op: "read responses of form", Err: err}
			}
			if old, ok := when[r.ResponseId]; !ok || t.After(old) {
				latest[r.ResponseId], when[r.ResponseId] = r, t
			}
		}
		if token = page.NextPageToken; token == "" {
			break
		}
	}
	// A question added since the form was read: read it again.
	known := map[string]bool{}
	for _, q := range f.questions {
		known[q.id] = true
	}
unknown:
	for _, r := range latest {
		for qid := range r.Answers {
			if !known[qid] {
				if err := f.load(ctx, true); err != nil {
					return nil, since, err
				}
				break unknown
			}
		}
	}

	out := make([]ingest.Response, 0, len(latest))
	cursor := since
	for id, r := range latest {
		t := when[id]
		if !since.IsZero() && t.Before(since) {
			continue
		}
		if t.After(cursor) {
			cursor = t
		}
		out = append(out, f.response(r, t))
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Submitted.Equal(out[j].Submitted) {
			return out[i].Submitted.Before(out[j].Submitted)
		}
		return out[i].ID < out[j].ID
	})
	return out, cursor, nil
}

// Read implements ingest.Source. The Forms API's timestamps carry their
// zone, so the pod's settings are not needed.
func (f *FormsSource) Read(ctx context.Context, since time.Time, _ *matching.Settings) (*ingest.Batch, error) {
	rs, cursor, err := f.Responses(ctx, since)
	if err != nil {
		return nil, err
	}
	return &ingest.Batch{Responses: rs, Cursor: cursor, Name: "the form"}, nil
}

func submittedAt(r *formsapi.FormResponse) (time.Time, error) {
	for _, s := range []string{r.LastSubmittedTime, r.CreateTime} {
		if s == "" {
			continue
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("response %s has no readable submission time (%q): Google sent it without one; run again, and if it repeats, read the pod from the linked tab (leave out --form) until it is fixed", r.ResponseId, r.LastSubmittedTime)
}

// response turns an API response into a Response: every question in form
// order (unanswered ones empty), checkbox answers joined with ", " as the
// linked sheet writes them, and the collected email as "Email address".
func (f *FormsSource) response(r *formsapi.FormResponse, t time.Time) ingest.Response {
	out := ingest.Response{ID: r.ResponseId, Submitted: t, Fields: make([]ingest.Field, 0, len(f.questions)+1)}
	for _, q := range f.questions {
		out.Fields = append(out.Fields, ingest.Field{Title: q.title, Text: answerText(r.Answers[q.id]), QuestionID: q.id})
	}
	if r.RespondentEmail != "" {
		switch {
		case f.emailQ < 0:
			out.Fields = append([]ingest.Field{{Title: "Email address", Text: r.RespondentEmail}}, out.Fields...)
		case out.Fields[f.emailQ].Text == "":
			out.Fields[f.emailQ].Text = r.RespondentEmail
		}
	}
	return out
}

func answerText(a formsapi.Answer) string {
	var parts []string
	if a.TextAnswers != nil {
		for _, v := range a.TextAnswers.Answers {
			if v != nil {
				parts = append(parts, v.Value)
			}
		}
	}
	if a.FileUploadAnswers != nil {
		for _, v := range a.FileUploadAnswers.Answers {
			if v != nil {
				parts = append(parts, "https://drive.google.com/open?id="+v.FileId)
			}
		}
	}
	return strings.Join(parts, ", ")
}
