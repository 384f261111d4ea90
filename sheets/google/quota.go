package google

import (
	"net/http"
	"strings"
)

// Quota classes: the kinds of request Google counts against separate
// per-minute quotas. sheets/daemon keeps every pod it serves inside them.
const (
	QuotaSheetsRead  = "sheets.read"
	QuotaSheetsWrite = "sheets.write"
	QuotaFormsRead   = "forms.read"
	QuotaFormsList   = "forms.list" // forms.responses.list: an "expensive read"
	QuotaFormsWrite  = "forms.write"
)

// Quota is a per-minute request quota, per user and per Cloud project.
type Quota struct{ PerUser, PerProject int }

// PublishedQuota is Google's documented per-minute quota of a class:
// Sheets API 60 read and 60 write requests per minute per user, 300 each
// per project; Forms API 390 reads, 180 expensive reads
// (forms.responses.list) and 150 writes per minute per user, 975, 450 and
// 375 per project. It is zero for a class it does not know.
func PublishedQuota(class string) Quota {
	switch class {
	case QuotaSheetsRead, QuotaSheetsWrite:
		return Quota{PerUser: 60, PerProject: 300}
	case QuotaFormsRead:
		return Quota{PerUser: 390, PerProject: 975}
	case QuotaFormsList:
		return Quota{PerUser: 180, PerProject: 450}
	case QuotaFormsWrite:
		return Quota{PerUser: 150, PerProject: 375}
	}
	return Quota{}
}

// ClassifyRequest maps a Sheets v4 or Forms v1 request to its API
// ("sheets" or "forms") and quota class: GET and HEAD are reads, a GET of
// a form's responses is an expensive read, anything else a write. ok is
// false for requests that count against no quota podsync knows (token
// refreshes).
func ClassifyRequest(r *http.Request) (api, class string, ok bool) {
	p := r.URL.Path
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	switch {
	case strings.Contains(p, "/v4/spreadsheets"):
		if get {
			return "sheets", QuotaSheetsRead, true
		}
		return "sheets", QuotaSheetsWrite, true
	case strings.Contains(p, "/v1/forms"):
		switch {
		case get && strings.HasSuffix(p, "/responses"):
			return "forms", QuotaFormsList, true
		case get:
			return "forms", QuotaFormsRead, true
		}
		return "forms", QuotaFormsWrite, true
	}
	return "", "", false
}

// ChargedQuotas lists the classes a request of class counts against: its
// own, and for a forms.responses.list (an expensive read) forms.read too.
func ChargedQuotas(class string) []string {
	if class == QuotaFormsList {
		return []string{QuotaFormsList, QuotaFormsRead}
	}
	return []string{class}
}
