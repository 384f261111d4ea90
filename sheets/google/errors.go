package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/podsync/podsync/sheets"
	"google.golang.org/api/googleapi"
)

// Sentinels an Error matches with errors.Is, for callers that decide
// what to do by kind (the daemon stops on these rather than retrying).
var (
	// ErrAccessDenied: the credentials were rejected (401) or lack access
	// to the spreadsheet or form (403).
	ErrAccessDenied = errors.New("access denied")
	// ErrNotFound: no spreadsheet or form has the ID (404).
	ErrNotFound = errors.New("not found")
)

// Error is a failed Google request, with what to do about it. It is
// wrapped in an OpError naming the operation. Its text never holds
// credentials.
type Error struct {
	Code   int    // HTTP status; 0 when Google could not be reached
	Status string // Google's status, e.g. "PERMISSION_DENIED"
	// Message is what went wrong, in podsync's words: never Google's own
	// message, which can quote cell values (a respondent's name, phone).
	Message string
	Fix     string // what the organizer should do
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Code != 0 {
		fmt.Fprintf(&b, "Google answered %d", e.Code)
		if e.Status != "" {
			b.WriteString(" " + e.Status)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Fix != "" {
		b.WriteString("; " + e.Fix)
	}
	return b.String()
}

// Temporary reports whether trying again later may work: rate limits,
// Google's server errors and network failures (already retried).
func (e *Error) Temporary() bool {
	return e.Code == 0 || e.Code == 408 || e.Code == 429 || e.Code >= 500
}

// Is matches ErrAccessDenied and ErrNotFound.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrAccessDenied:
		return e.Code == 401 || e.Code == 403
	case ErrNotFound:
		return e.Code == 404
	}
	return false
}

// target is what a request was about, for the advice in errors.
type target struct {
	what string // "spreadsheet" or "form"
	id   string
}

// fail turns an error from the client library into an Error (or a
// context error) with advice, wrapped as an OpError naming op and tab.
func (c *client) fail(op, tab string, t target, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		var ge *googleapi.Error
		if !errors.As(err, &ge) {
			return &sheets.OpError{Op: op, Tab: tab, Err: err}
		}
	}
	return &sheets.OpError{Op: op, Tab: tab, Err: c.explain(t, err)}
}

// fixNotJSON is what to do about an answer that is not Google's JSON.
const fixNotJSON = "try again in a few minutes; if it persists, check --endpoint: leave it out for Google itself, or point it at an emulator of the Sheets v4 and Forms v1 APIs"

// notJSON is the error for an answer that is not the JSON the request
// expects: null, {} where a spreadsheet or form was expected, HTML from a
// proxy, a body cut short. detail says which, never with the body's text.
func notJSON(detail string) *Error {
	return &Error{Message: "Google answered with something that is not the expected JSON (" + detail + ")", Fix: fixNotJSON}
}

// decodeError describes an error decoding an answer's JSON, or "" when
// err is not one.
func decodeError(err error) string {
	var se *json.SyntaxError
	var ue *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("malformed JSON at byte %d", se.Offset)
	case errors.As(err, &ue):
		return fmt.Sprintf("a %s where %s was expected", ue.Value, ue.Type)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the answer ends too early"
	}
	return ""
}

// explain says what went wrong with a request about t, and what the
// organizer can do about it.
func (c *client) explain(t target, err error) *Error {
	var own *Error
	if errors.As(err, &own) {
		return own
	}
	var at *attemptTimeout
	if errors.As(err, &at) {
		return &Error{Message: "Google did not answer within " + at.d.String(),
			Fix: "Google or the connection is slow: try again in a few minutes (podsync already retried); if it persists, check the internet connection"}
	}
	if d := decodeError(err); d != "" {
		return notJSON(d)
	}
	var te *tokenError
	if errors.As(err, &te) {
		return &Error{Message: te.msg, Fix: c.fixCredentials()}
	}
	var ae *googleapi.Error
	if !errors.As(err, &ae) {
		return &Error{Message: "could not reach Google: " + c.creds.red.cleanString(err.Error()),
			Fix: "check the internet connection and try again (podsync already retried)"}
	}
	// Google's own message is read here, never shown: it can quote what
	// a request carried (a respondent's name or phone in a cell).
	reasons := errorReasons(ae)
	ge := &Error{Code: ae.Code, Status: identifier(reasons.status), Message: describe(ae.Code, t, reasons)}
	has := func(s string) bool {
		return strings.Contains(strings.ToLower(ae.Message), strings.ToLower(s)) || reasons.has(s)
	}
	switch {
	case has("SERVICE_DISABLED") || has("has not been used in project") || has("it is disabled"):
		ge.Fix = "enable the Google Sheets API and the Google Forms API for the Cloud project of these credentials (console.cloud.google.com → APIs & Services → Library), wait a few minutes, then try again"
		if link := consoleLink.FindString(ae.Message); link != "" {
			ge.Fix += " (Google names the page: " + link + ")"
		}
	case has("ACCESS_TOKEN_SCOPE_INSUFFICIENT") || has("insufficient authentication scopes") || has("insufficientPermissions"):
		ge.Fix = c.fixScopes()
	case ae.Code == 401:
		ge.Fix = c.fixCredentials()
	case ae.Code == 403:
		ge.Fix = c.fixShare(t)
	case ae.Code == 404:
		if t.what == "form" {
			ge.Fix = fmt.Sprintf("check the form ID %q: it is the part of the form's edit link between /forms/d/ and /edit (not the /forms/d/e/… link sent to neighbors), and the form must be shared with %s", t.id, c.who())
		} else {
			ge.Fix = fmt.Sprintf("check the spreadsheet ID %q: it is the long part of the spreadsheet's link between /d/ and /edit, and the spreadsheet must be shared with %s", t.id, c.who())
		}
	case ae.Code == 429:
		ge.Fix = "Google's request quota ran out even after waiting; run podsync less often (a longer --interval) or try again in a minute"
	case ae.Code >= 500:
		ge.Fix = "Google had a problem on its side; podsync retried, try again in a few minutes"
	case ae.Code == 400:
		ge.Fix = "sync again (a tab may have changed while podsync ran); if it repeats, run `podsync doctor`, and report the error if doctor finds nothing"
	}
	return ge
}

// consoleLink finds the Cloud console page an API-disabled error names.
var consoleLink = regexp.MustCompile(`https://console\.(?:developers|cloud)\.google\.com/[A-Za-z0-9/._~%-]*(?:\?[A-Za-z0-9=&._~%-]*)?`)

// describe says in podsync's words what a Google error status means,
// with Google's reasons (identifiers such as rateLimitExceeded, never free
// text).
func describe(code int, t target, r reasons) string {
	what := t.what
	if what == "" {
		what = "spreadsheet"
	}
	var s string
	switch {
	case code == 400:
		s = "Google refused the request as invalid"
	case code == 401:
		s = "Google did not accept the credentials"
	case code == 403:
		s = "Google denied access to the " + what
	case code == 404:
		s = "Google has no such " + what
	case code == 409:
		s = "Google reported a conflict with another change"
	case code == 429:
		s = "Google's request quota ran out"
	case code >= 500:
		s = "Google had an internal error"
	default:
		s = "Google refused the request"
	}
	var ids []string
	for _, x := range r.all {
		if x = identifier(x); x != "" && x != r.status && !slices.Contains(ids, x) {
			ids = append(ids, x)
		}
	}
	if len(ids) > 0 {
		s += " (" + strings.Join(ids, ", ") + ")"
	}
	return s
}

// identifier returns s when it is an identifier like Google's statuses
// and reasons (PERMISSION_DENIED, rateLimitExceeded), else "".
func identifier(s string) string {
	if len(s) == 0 || len(s) > 64 {
		return ""
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return s
}

func (c *client) who() string {
	if c.creds.email != "" {
		return c.creds.email
	}
	switch c.creds.kind {
	case "OAuth login":
		return "the Google account you signed in with"
	case "no auth":
		return "the emulator"
	}
	return "the account podsync runs as"
}

func (c *client) fixShare(t target) string {
	what := t.what
	if what == "" {
		what = "spreadsheet"
	}
	switch {
	case c.creds.email != "" && what == "form":
		return fmt.Sprintf("add %s as an editor of the form (in Google Forms: ⋮ → Add collaborators); only a form's editors can read its responses", c.creds.email)
	case c.creds.email != "":
		return fmt.Sprintf("share the spreadsheet with %s as Editor (the Share button in Google Sheets)", c.creds.email)
	case c.creds.kind == "OAuth login":
		return fmt.Sprintf("the Google account you signed in with cannot edit this %s: ask its owner to share it with you as Editor, or run `podsync login` with the right account", what)
	}
	return fmt.Sprintf("share the %s as Editor with the account podsync runs as (for a service account, the client_email in its key file)", what)
}

func (c *client) fixCredentials() string {
	switch c.creds.kind {
	case "OAuth login":
		return "the saved sign-in no longer works: run `podsync login` again"
	case "service account":
		return "the service-account key was rejected (deleted or disabled?): create a new key in the Google Cloud console (IAM → Service accounts → Keys) and pass it with --credentials"
	case "no auth":
		return "the server wants credentials: drop --no-auth, or point --endpoint at an emulator"
	}
	return "check the credentials: pass --credentials FILE, or run `gcloud auth application-default login` again"
}

func (c *client) fixScopes() string {
	scopes := strings.Join(c.creds.scopes, ",")
	switch c.creds.kind {
	case "OAuth login":
		return "the saved sign-in did not grant the access podsync needs: run `podsync login` again and allow every item on Google's consent page"
	case "Application Default Credentials", "authorized user credentials":
		return "these credentials were made without the Sheets/Forms scopes: run `gcloud auth application-default login --scopes=https://www.googleapis.com/auth/cloud-platform," + scopes + "`"
	}
	return "the credentials were not granted the scopes podsync needs (" + scopes + ")"
}

type reasons struct {
	status string
	all    []string
}

func (r reasons) has(s string) bool {
	for _, x := range r.all {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// errorReasons digs Google's status and reasons out of an error body.
func errorReasons(ae *googleapi.Error) reasons {
	var out reasons
	for _, e := range ae.Errors {
		out.all = append(out.all, e.Reason)
	}
	var body struct {
		Error struct {
			Status  string `json:"status"`
			Details []struct {
				Reason string `json:"reason"`
			} `json:"details"`
		} `json:"error"`
	}
	if json.Unmarshal([]byte(ae.Body), &body) == nil {
		out.status = body.Error.Status
		if out.status != "" {
			out.all = append(out.all, out.status)
		}
		for _, d := range body.Error.Details {
			if d.Reason != "" {
				out.all = append(out.all, d.Reason)
			}
		}
	}
	return out
}

// apiCode is the HTTP status of a client-library error, or 0.
func apiCode(err error) (int, string) {
	var ae *googleapi.Error
	if errors.As(err, &ae) {
		return ae.Code, ae.Message
	}
	return 0, ""
}
