package google

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/lang"
	formsapi "google.golang.org/api/forms/v1"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// CreateSpreadsheet makes a new spreadsheet titled title in the Drive of
// the account podsync signs in as, and sets it up as Init does (the
// blank "Sheet1" Google adds is removed), with title as the Settings tab's
// Pod name. It returns the spreadsheet's ID
// and link. A service account cannot own files in a person's Drive: with
// one, create the spreadsheet yourself, share it, and run init on it.
func CreateSpreadsheet(ctx context.Context, cfg Config, title string) (id, url string, err error) {
	return CreateSpreadsheetIn(ctx, cfg, title, "")
}

// CreateSpreadsheetIn is CreateSpreadsheet with tag as the Settings tab's
// Language (blank: the default, en), for a pod whose form is in tag.
func CreateSpreadsheetIn(ctx context.Context, cfg Config, title, tag string) (id, url string, err error) {
	podName := strings.TrimSpace(title) // blank: Settings keeps "Our pod"
	if podName == "" {
		title = "Neighborhood pod"
	}
	c, err := newClient(ctx, cfg, []string{ScopeSpreadsheets})
	if err != nil {
		return "", "", err
	}
	svc, err := sheetsapi.NewService(ctx, c.opts...)
	if err != nil {
		return "", "", &sheets.OpError{Op: "create spreadsheet", Err: c.creds.red.clean(err)}
	}
	// Creating twice would leave two spreadsheets: retried only on 429.
	ss, err := svc.Spreadsheets.Create(&sheetsapi.Spreadsheet{Properties: &sheetsapi.SpreadsheetProperties{Title: title}}).
		Fields("spreadsheetId,spreadsheetUrl,sheets.properties").Context(notIdempotent(ctx)).Do()
	if err != nil {
		err = c.fail("create spreadsheet", "", target{what: "spreadsheet"}, err)
		if errors.Is(err, ErrAccessDenied) && c.creds.kind == "service account" {
			err = fmt.Errorf("%w (a service account cannot own the pod's spreadsheet: create it yourself in Google Sheets, share it with %s as Editor, and run init with --spreadsheet ID)", err, c.creds.email)
		}
		return "", "", err
	}
	if ss == nil || ss.SpreadsheetId == "" {
		return "", "", &sheets.OpError{Op: "create spreadsheet", Err: notJSON("no spreadsheet ID: see whether Google Drive now holds a new spreadsheet before trying again")}
	}
	s := &Store{c: c, svc: svc, id: ss.SpreadsheetId}
	// The pod is named after its spreadsheet.
	opts := InitOptions{PodName: podName, Language: tag}
	if len(ss.Sheets) == 1 && ss.Sheets[0] != nil && ss.Sheets[0].Properties != nil {
		blank := ss.Sheets[0].Properties.SheetId
		opts.removeSheet = &blank
	}
	url = ss.SpreadsheetUrl
	if url == "" {
		url = s.URL()
	}
	if _, err := Init(ctx, s, opts); err != nil {
		return ss.SpreadsheetId, url, err
	}
	return ss.SpreadsheetId, url, nil
}

// CreateForm makes the SPEC questionnaire as a new Google Form: forms.create
// with the title, one forms.batchUpdate with the description and a
// createItem for every question of Questions (checkbox choices with
// "Other" for offers and needs), then forms.setPublishSettings to publish
// it and accept responses (forms made through the API start unpublished).
// It returns the form's ID and the link to send to neighbors. When the form
// was made but a later step failed, the ID is returned with the error.
func CreateForm(ctx context.Context, cfg Config, title string) (formID, responderURL string, err error) {
	return CreateFormIn(ctx, cfg, title, lang.English)
}

// CreateFormIn is CreateForm in language tag, one podsync ships
// (lang.Tags): the description, every question's title, help and choice
// labels, the categories and the share options are in that language. A
// blank title is the language's form title. Google's own "Other" option
// is labelled by Google in each responder's language.
func CreateFormIn(ctx context.Context, cfg Config, title, tag string) (formID, responderURL string, err error) {
	tag, ok := lang.Shipped(tag)
	if !ok {
		return "", "", fmt.Errorf("create form: podsync has no form in %q (it has %s)", tag, strings.Join(lang.Tags(), ", "))
	}
	description := formDescription
	if strings.TrimSpace(title) == "" {
		title = "Neighborhood pod sign-up"
		if tag != lang.English {
			title = lang.Message(tag, "form.title")
		}
	}
	if tag != lang.English {
		description = lang.Message(tag, "form.description")
	}
	c, err := newClient(ctx, cfg, []string{ScopeFormsBody})
	if err != nil {
		return "", "", err
	}
	svc, err := formsapi.NewService(ctx, c.opts...)
	if err != nil {
		return "", "", &sheets.OpError{Op: "create form", Err: c.creds.red.clean(err)}
	}
	tgt := target{what: "form"}
	// Creating twice would leave two forms: retried only on 429.
	form, err := svc.Forms.Create(&formsapi.Form{Info: &formsapi.Info{Title: title, DocumentTitle: title}}).
		Context(notIdempotent(ctx)).Do()
	if err != nil {
		return "", "", c.fail("create form", "", tgt, err)
	}
	if form == nil || form.FormId == "" {
		return "", "", &sheets.OpError{Op: "create form", Err: notJSON("no form ID: see whether Google Forms now holds a new form before trying again")}
	}
	formID, responderURL = form.FormId, form.ResponderUri
	tgt.id = formID

	reqs := []*formsapi.Request{{UpdateFormInfo: &formsapi.UpdateFormInfoRequest{
		Info: &formsapi.Info{Title: title, Description: description}, UpdateMask: "description"}}}
	for i, q := range ingest.Questions {
		reqs = append(reqs, &formsapi.Request{CreateItem: &formsapi.CreateItemRequest{
			Item:     formItem(q.In(tag), q.Help(tag)),
			Location: &formsapi.Location{Index: int64(i), ForceSendFields: []string{"Index"}},
		}})
	}
	// Not idempotent either: a second run would add every question again.
	if _, err := svc.Forms.BatchUpdate(formID, &formsapi.BatchUpdateFormRequest{Requests: reqs}).
		Context(notIdempotent(ctx)).Do(); err != nil {
		return formID, responderURL, c.fail("add questions to form", "", tgt, err)
	}
	// Publishing is idempotent. A legacy form (from before publish
	// settings existed) has none and is published already: a 400 saying so
	// is not a failure.
	_, err = svc.Forms.SetPublishSettings(formID, &formsapi.SetPublishSettingsRequest{
		PublishSettings: &formsapi.PublishSettings{PublishState: &formsapi.PublishState{IsPublished: true, IsAcceptingResponses: true}},
		UpdateMask:      "publish_state",
	}).Context(ctx).Do()
	if err != nil {
		if code, msg := apiCode(err); !(code == 400 && strings.Contains(strings.ToLower(msg), "legacy")) {
			e := c.fail("publish form", "", tgt, err)
			return formID, responderURL, fmt.Errorf("%w (the form was made: open it in Google Forms and press Publish)", e)
		}
	}
	if responderURL == "" {
		if got, err := svc.Forms.Get(formID).Fields("responderUri").Context(ctx).Do(); err == nil && got != nil {
			responderURL = got.ResponderUri
		}
	}
	return formID, responderURL, nil
}

// formDescription is shown under the form's title.
const formDescription = "Your answers go to the pod's organizers, who use them to match neighbors who need help " +
	"with neighbors who can give it. Only what you tick under \"What may we share with the whole pod?\" " +
	"is shared with other members."

// formItem is the Forms API item for one template question, with help
// under its title.
func formItem(q ingest.Question, help string) *formsapi.Item {
	question := &formsapi.Question{Required: q.Required}
	switch q.Kind {
	case "paragraph":
		question.TextQuestion = &formsapi.TextQuestion{Paragraph: true}
	case "radio", "checkbox":
		cq := &formsapi.ChoiceQuestion{Type: strings.ToUpper(q.Kind)}
		for _, c := range q.Choices {
			cq.Options = append(cq.Options, &formsapi.Option{Value: c})
		}
		if q.Other {
			cq.Options = append(cq.Options, &formsapi.Option{IsOther: true})
		}
		question.ChoiceQuestion = cq
	default:
		question.TextQuestion = &formsapi.TextQuestion{}
	}
	return &formsapi.Item{Title: q.Title, Description: help,
		QuestionItem: &formsapi.QuestionItem{Question: question}}
}
