package googlefake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	formsapi "google.golang.org/api/forms/v1"
)

type formState struct {
	form      *formsapi.Form
	responses []*formsapi.FormResponse
	nextID    int
}

// Response is a form response to add with AddResponse.
type Response struct {
	// ID is the response ID; empty picks one.
	ID string
	// Submitted is the submission time (createTime and lastSubmittedTime).
	Submitted time.Time
	// Email is the respondentEmail, when the form collects it.
	Email string
	// Answers are keyed by question title (a grid row is "Title [Row]") or
	// question ID; a checkbox question takes several values, and an
	// "Other" answer is just one more value.
	Answers map[string][]string
}

// TextItem is a short-answer (or paragraph) question.
func TextItem(title string, paragraph bool) *formsapi.Item {
	return &formsapi.Item{Title: title, QuestionItem: &formsapi.QuestionItem{Question: &formsapi.Question{
		TextQuestion: &formsapi.TextQuestion{Paragraph: paragraph}}}}
}

// ChoiceItem is a RADIO, CHECKBOX or DROP_DOWN question; other adds the
// "Other" option.
func ChoiceItem(title, kind string, other bool, options ...string) *formsapi.Item {
	cq := &formsapi.ChoiceQuestion{Type: kind}
	for _, o := range options {
		cq.Options = append(cq.Options, &formsapi.Option{Value: o})
	}
	if other {
		cq.Options = append(cq.Options, &formsapi.Option{IsOther: true})
	}
	return &formsapi.Item{Title: title, QuestionItem: &formsapi.QuestionItem{Question: &formsapi.Question{ChoiceQuestion: cq}}}
}

// GridItem is a multiple-choice (or checkbox) grid: one question per row.
func GridItem(title string, checkbox bool, rows []string, cols ...string) *formsapi.Item {
	kind := "RADIO"
	if checkbox {
		kind = "CHECKBOX"
	}
	g := &formsapi.Grid{Columns: &formsapi.ChoiceQuestion{Type: kind}}
	for _, c := range cols {
		g.Columns.Options = append(g.Columns.Options, &formsapi.Option{Value: c})
	}
	qg := &formsapi.QuestionGroupItem{Grid: g}
	for _, r := range rows {
		qg.Questions = append(qg.Questions, &formsapi.Question{RowQuestion: &formsapi.RowQuestion{Title: r}})
	}
	return &formsapi.Item{Title: title, QuestionGroupItem: qg}
}

// SetForm adds or replaces a form, giving it FormID when it has no ID and
// IDs to items and questions that have none. It returns the form's ID.
func (s *Server) SetForm(f *formsapi.Form) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	f = copyForm(f)
	if f.FormId == "" {
		f.FormId = FormID
	}
	if f.Info == nil {
		f.Info = &formsapi.Info{Title: "Form"}
	}
	if f.ResponderUri == "" {
		f.ResponderUri = "https://docs.google.com/forms/d/e/" + f.FormId + "-responder/viewform"
	}
	if f.RevisionId == "" {
		f.RevisionId = "00000001"
	}
	st := s.forms[f.FormId]
	if st == nil {
		st = &formState{}
		s.forms[f.FormId] = st
	}
	st.form = f
	for _, it := range f.Items {
		st.assignIDs(it)
	}
	return f.FormId
}

// Form returns a copy of a form, or nil.
func (s *Server) Form(id string) *formsapi.Form {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.forms[id]; st != nil {
		return copyForm(st.form)
	}
	return nil
}

// Forms lists the form IDs.
func (s *Server) Forms() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedKeys(s.forms)
}

// AddResponse adds a response to a form and returns its ID. It panics when
// an answer names no question of the form (a mistake in the test).
func (s *Server) AddResponse(formID string, r Response) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.forms[formID]
	if st == nil {
		panic("googlefake: AddResponse: no form " + formID)
	}
	if r.ID == "" {
		st.nextID++
		r.ID = fmt.Sprintf("ACYDBN%04d", st.nextID)
	}
	if r.Submitted.IsZero() {
		r.Submitted = time.Now()
	}
	ts := r.Submitted.UTC().Format(time.RFC3339Nano)
	fr := &formsapi.FormResponse{FormId: formID, ResponseId: r.ID, CreateTime: ts, LastSubmittedTime: ts,
		RespondentEmail: r.Email, Answers: st.answers(r.Answers)}
	for i, old := range st.responses {
		if old.ResponseId == r.ID {
			st.responses[i] = fr
			return r.ID
		}
	}
	st.responses = append(st.responses, fr)
	return r.ID
}

// AppendRawResponse adds a response as given, even one whose ID is
// already there: the real API may list a response twice when it is edited
// while a client pages through the list.
func (s *Server) AppendRawResponse(formID string, r *formsapi.FormResponse) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.forms[formID]
	if st == nil {
		panic("googlefake: AppendRawResponse: no form " + formID)
	}
	st.responses = append(st.responses, r)
}

// EditResponse replaces the answers of a response, as a respondent editing
// it does, and moves its lastSubmittedTime to submitted.
func (s *Server) EditResponse(formID, id string, submitted time.Time, answers map[string][]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.forms[formID]
	if st == nil {
		panic("googlefake: EditResponse: no form " + formID)
	}
	for i, fr := range st.responses {
		if fr.ResponseId == id {
			// A copy, not an edit in place: a responses.list answer being
			// encoded outside the lock may still hold the old one.
			c := *fr
			c.LastSubmittedTime = submitted.UTC().Format(time.RFC3339Nano)
			c.Answers = st.answers(answers)
			st.responses[i] = &c
			return
		}
	}
	panic("googlefake: EditResponse: no response " + id)
}

// Responses returns a form's responses in the order they were added.
func (s *Server) Responses(formID string) []*formsapi.FormResponse {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.forms[formID]; st != nil {
		return append([]*formsapi.FormResponse(nil), st.responses...)
	}
	return nil
}

// Published reports whether the form is published and accepting responses.
func (s *Server) Published(formID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.forms[formID]
	if st == nil || st.form.PublishSettings == nil || st.form.PublishSettings.PublishState == nil {
		return false
	}
	ps := st.form.PublishSettings.PublishState
	return ps.IsPublished && ps.IsAcceptingResponses
}

func (st *formState) answers(in map[string][]string) map[string]formsapi.Answer {
	out := map[string]formsapi.Answer{}
	for key, vals := range in {
		qid := st.questionID(key)
		if qid == "" {
			panic(fmt.Sprintf("googlefake: form %s has no question %q", st.form.FormId, key))
		}
		ta := &formsapi.TextAnswers{}
		for _, v := range vals {
			ta.Answers = append(ta.Answers, &formsapi.TextAnswer{Value: v})
		}
		out[qid] = formsapi.Answer{QuestionId: qid, TextAnswers: ta}
	}
	return out
}

// questionID finds a question by ID or title ("Title [Row]" for grids).
func (st *formState) questionID(key string) string {
	for _, it := range st.form.Items {
		switch {
		case it.QuestionItem != nil && it.QuestionItem.Question != nil:
			q := it.QuestionItem.Question
			if q.QuestionId == key || it.Title == key {
				return q.QuestionId
			}
		case it.QuestionGroupItem != nil:
			for _, q := range it.QuestionGroupItem.Questions {
				if q.QuestionId == key || (q.RowQuestion != nil && it.Title+" ["+q.RowQuestion.Title+"]" == key) {
					return q.QuestionId
				}
			}
		}
	}
	return ""
}

// assignIDs gives an item and its questions IDs, returning the question IDs.
func (st *formState) assignIDs(it *formsapi.Item) []string {
	st.nextID++
	if it.ItemId == "" {
		it.ItemId = fmt.Sprintf("%08x", 0x1000+st.nextID)
	}
	var qids []string
	assign := func(q *formsapi.Question) {
		st.nextID++
		if q.QuestionId == "" {
			q.QuestionId = fmt.Sprintf("%08x", 0x2000+st.nextID)
		}
		qids = append(qids, q.QuestionId)
	}
	if it.QuestionItem != nil && it.QuestionItem.Question != nil {
		assign(it.QuestionItem.Question)
	}
	if it.QuestionGroupItem != nil {
		for _, q := range it.QuestionGroupItem.Questions {
			assign(q)
		}
	}
	return qids
}

func copyForm(f *formsapi.Form) *formsapi.Form {
	b, err := json.Marshal(f)
	if err != nil {
		panic(err)
	}
	var out formsapi.Form
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return &out
}

func (s *Server) form(id string) (*formState, error) {
	st := s.forms[id]
	if st == nil {
		return nil, errorf(404, "Requested entity was not found.")
	}
	return st, nil
}

func (s *Server) formsGet(rt route, _ *http.Request, _ []byte) (any, error) {
	st, err := s.form(rt.id)
	if err != nil {
		return nil, err
	}
	return st.form, nil
}

func (s *Server) formsCreate(_ route, _ *http.Request, body []byte) (any, error) {
	var f formsapi.Form
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, unexpectedf("bad form: %v", err)
	}
	if len(f.Items) > 0 || f.Settings != nil || (f.Info != nil && f.Info.Description != "") {
		return nil, errorf(400, "Only info.title and info.document_title may be set when creating a form; add items with batchUpdate")
	}
	if f.Info == nil || f.Info.Title == "" {
		return nil, errorf(400, "info.title is required")
	}
	s.nextID++
	f.FormId = fmt.Sprintf("%s-%d", FormID, s.nextID)
	if f.Info.DocumentTitle == "" {
		f.Info.DocumentTitle = f.Info.Title
	}
	f.ResponderUri = "https://docs.google.com/forms/d/e/" + f.FormId + "-responder/viewform"
	f.RevisionId = "00000001"
	f.PublishSettings = &formsapi.PublishSettings{PublishState: &formsapi.PublishState{}}
	s.forms[f.FormId] = &formState{form: &f}
	return &f, nil
}

func (s *Server) formsBatchUpdate(rt route, _ *http.Request, body []byte) (any, error) {
	st, err := s.form(rt.id)
	if err != nil {
		return nil, err
	}
	var req struct {
		IncludeFormInResponse bool                         `json:"includeFormInResponse"`
		Requests              []map[string]json.RawMessage `json:"requests"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, unexpectedf("bad forms batchUpdate: %v", err)
	}
	saved, savedNext := copyForm(st.form), st.nextID
	out := &formsapi.BatchUpdateFormResponse{}
	fail := func(i int, kind string, err error) (any, error) {
		st.form, st.nextID = saved, savedNext
		if he, ok := err.(*httpError); ok && !strings.HasPrefix(he.msg, "googlefake:") {
			return nil, errorf(he.code, "Invalid requests[%d].%s: %s", i, kind, he.msg)
		}
		return nil, err
	}
	for i, r := range req.Requests {
		if len(r) != 1 {
			return fail(i, "", unexpectedf("request %d has %d kinds", i, len(r)))
		}
		for kind, raw := range r {
			s.counts["forms.batchUpdate."+kind]++
			reply, err := st.apply(kind, raw)
			if err != nil {
				return fail(i, kind, err)
			}
			out.Replies = append(out.Replies, reply)
		}
	}
	if len(req.Requests) > 0 {
		n, _ := strconv.Atoi(st.form.RevisionId)
		st.form.RevisionId = fmt.Sprintf("%08d", n+1)
	}
	if req.IncludeFormInResponse {
		out.Form = st.form
	}
	out.WriteControl = &formsapi.WriteControl{RequiredRevisionId: st.form.RevisionId}
	return out, nil
}

var choiceTypes = map[string]bool{"RADIO": true, "CHECKBOX": true, "DROP_DOWN": true}

func checkItem(it *formsapi.Item) error {
	kinds := 0
	for _, k := range []bool{it.QuestionItem != nil, it.QuestionGroupItem != nil, it.PageBreakItem != nil,
		it.TextItem != nil, it.ImageItem != nil, it.VideoItem != nil} {
		if k {
			kinds++
		}
	}
	if kinds != 1 {
		return errorf(400, "an item must have exactly one kind")
	}
	if qi := it.QuestionItem; qi != nil {
		q := qi.Question
		if q == nil {
			return errorf(400, "questionItem.question is required")
		}
		n := 0
		if q.TextQuestion != nil {
			n++
		}
		if cq := q.ChoiceQuestion; cq != nil {
			n++
			if !choiceTypes[cq.Type] {
				return errorf(400, "choiceQuestion.type must be RADIO, CHECKBOX or DROP_DOWN")
			}
			if len(cq.Options) == 0 {
				return errorf(400, "choiceQuestion needs options")
			}
			for _, o := range cq.Options {
				if o.IsOther && cq.Type == "DROP_DOWN" {
					return errorf(400, "isOther is not allowed on a DROP_DOWN question")
				}
				if !o.IsOther && o.Value == "" {
					return errorf(400, "an option needs a value")
				}
			}
		}
		for _, other := range []bool{q.ScaleQuestion != nil, q.DateQuestion != nil, q.TimeQuestion != nil,
			q.FileUploadQuestion != nil, q.RatingQuestion != nil, q.RowQuestion != nil} {
			if other {
				n++
			}
		}
		if n != 1 {
			return errorf(400, "a question must have exactly one kind")
		}
		if q.QuestionId != "" {
			return errorf(400, "questionId is output only on create")
		}
	}
	return nil
}

func (st *formState) apply(kind string, raw json.RawMessage) (*formsapi.Response, error) {
	switch kind {
	case "createItem":
		var r formsapi.CreateItemRequest
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, unexpectedf("bad createItem: %v", err)
		}
		if r.Item == nil || r.Location == nil {
			return nil, errorf(400, "item and location are required")
		}
		if err := checkItem(r.Item); err != nil {
			return nil, err
		}
		idx := int(r.Location.Index)
		if idx < 0 || idx > len(st.form.Items) {
			return nil, errorf(400, "location.index %d is out of range (the form has %d items)", idx, len(st.form.Items))
		}
		it := r.Item
		qids := st.assignIDs(it)
		st.form.Items = append(st.form.Items, nil)
		copy(st.form.Items[idx+1:], st.form.Items[idx:])
		st.form.Items[idx] = it
		return &formsapi.Response{CreateItem: &formsapi.CreateItemResponse{ItemId: it.ItemId, QuestionId: qids}}, nil
	case "updateFormInfo":
		var r formsapi.UpdateFormInfoRequest
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, unexpectedf("bad updateFormInfo: %v", err)
		}
		if r.Info == nil || r.UpdateMask == "" {
			return nil, errorf(400, "info and updateMask are required")
		}
		for _, f := range strings.Split(r.UpdateMask, ",") {
			switch strings.TrimSpace(f) {
			case "title":
				st.form.Info.Title = r.Info.Title
			case "description":
				st.form.Info.Description = r.Info.Description
			case "*":
				st.form.Info.Title, st.form.Info.Description = r.Info.Title, r.Info.Description
			default:
				return nil, unexpectedf("updateFormInfo mask %q is not supported", f)
			}
		}
	case "updateSettings":
		var r formsapi.UpdateSettingsRequest
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, unexpectedf("bad updateSettings: %v", err)
		}
		if r.Settings == nil || r.UpdateMask == "" {
			return nil, errorf(400, "settings and updateMask are required")
		}
		if st.form.Settings == nil {
			st.form.Settings = &formsapi.FormSettings{}
		}
		for _, f := range strings.Split(r.UpdateMask, ",") {
			switch strings.TrimSpace(f) {
			case "emailCollectionType", "email_collection_type":
				st.form.Settings.EmailCollectionType = r.Settings.EmailCollectionType
			default:
				return nil, unexpectedf("updateSettings mask %q is not supported", f)
			}
		}
	case "deleteItem":
		var r formsapi.DeleteItemRequest
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, unexpectedf("bad deleteItem: %v", err)
		}
		if r.Location == nil || int(r.Location.Index) >= len(st.form.Items) || r.Location.Index < 0 {
			return nil, errorf(400, "location.index is out of range")
		}
		i := int(r.Location.Index)
		st.form.Items = append(st.form.Items[:i], st.form.Items[i+1:]...)
	default:
		return nil, unexpectedf("forms request kind %q is not supported", kind)
	}
	return &formsapi.Response{}, nil
}

func (s *Server) formsSetPublish(rt route, _ *http.Request, body []byte) (any, error) {
	st, err := s.form(rt.id)
	if err != nil {
		return nil, err
	}
	var req formsapi.SetPublishSettingsRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, unexpectedf("bad setPublishSettings: %v", err)
	}
	if st.form.PublishSettings == nil {
		return nil, errorf(400, "Legacy forms have no publish settings.")
	}
	if req.PublishSettings == nil || req.PublishSettings.PublishState == nil {
		return nil, errorf(400, "publishSettings.publishState is required")
	}
	ps := req.PublishSettings.PublishState
	if ps.IsAcceptingResponses && !ps.IsPublished {
		return nil, errorf(400, "A form cannot accept responses without being published.")
	}
	switch req.UpdateMask {
	case "", "*", "publish_state", "publishState":
	default:
		return nil, unexpectedf("setPublishSettings mask %q is not supported", req.UpdateMask)
	}
	state := *ps
	st.form.PublishSettings = &formsapi.PublishSettings{PublishState: &state}
	return &formsapi.SetPublishSettingsResponse{FormId: st.form.FormId, PublishSettings: st.form.PublishSettings}, nil
}

var filterRE = regexp.MustCompile(`^\s*timestamp\s*(>=|>)\s*(\S+)\s*$`)

func (s *Server) formsResponsesList(rt route, r *http.Request, _ []byte) (any, error) {
	st, err := s.form(rt.id)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	filter := q.Get("filter")
	var cmp string
	var since time.Time
	if filter != "" {
		m := filterRE.FindStringSubmatch(filter)
		if m == nil {
			return nil, errorf(400, "Invalid filter: %s", filter)
		}
		if since, err = time.Parse(time.RFC3339Nano, m[2]); err != nil {
			return nil, errorf(400, "Invalid filter timestamp: %s", m[2])
		}
		cmp = m[1]
	}
	size := 5000
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, errorf(400, "Invalid pageSize: %s", v)
		}
		if n > 0 && n < size {
			size = n
		}
	}
	if s.pageSize > 0 && s.pageSize < size {
		size = s.pageSize
	}
	var matched []*formsapi.FormResponse
	for _, fr := range st.responses {
		t, _ := time.Parse(time.RFC3339Nano, fr.LastSubmittedTime)
		if cmp == ">=" && t.Before(since) || cmp == ">" && !t.After(since) {
			continue
		}
		matched = append(matched, fr)
	}
	sort.SliceStable(matched, func(i, j int) bool { return matched[i].CreateTime < matched[j].CreateTime })
	start := 0
	if tok := q.Get("pageToken"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		off, f, ok := strings.Cut(string(raw), "|")
		n, err2 := strconv.Atoi(off)
		if err != nil || !ok || err2 != nil || f != filter || n < 0 || n > len(matched) {
			return nil, errorf(400, "Invalid page token.")
		}
		start = n
	}
	end := min(start+size, len(matched))
	out := &formsapi.ListFormResponsesResponse{Responses: matched[start:end]}
	if end < len(matched) {
		out.NextPageToken = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end) + "|" + filter))
	}
	return out, nil
}
