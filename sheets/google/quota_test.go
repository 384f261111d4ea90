package google_test

import (
	"net/http"
	"testing"

	"github.com/podsync/podsync/sheets/google"
)

func TestClassifyRequest(t *testing.T) {
	for _, tc := range []struct{ method, url, class string }{
		{"GET", "https://sheets.googleapis.com/v4/spreadsheets/x/values:batchGet", google.QuotaSheetsRead},
		{"GET", "https://sheets.googleapis.com/v4/spreadsheets/x", google.QuotaSheetsRead},
		{"POST", "https://sheets.googleapis.com/v4/spreadsheets/x/values:batchUpdate", google.QuotaSheetsWrite},
		{"POST", "http://127.0.0.1:1/v4/spreadsheets", google.QuotaSheetsWrite},
		{"GET", "https://forms.googleapis.com/v1/forms/f/responses", google.QuotaFormsList},
		{"GET", "https://forms.googleapis.com/v1/forms/f", google.QuotaFormsRead},
		{"POST", "https://forms.googleapis.com/v1/forms/f:batchUpdate", google.QuotaFormsWrite},
		{"POST", "https://oauth2.googleapis.com/token", ""},
	} {
		r, _ := http.NewRequest(tc.method, tc.url, nil)
		_, class, _ := google.ClassifyRequest(r)
		if class != tc.class {
			t.Errorf("%s %s: %q, want %q", tc.method, tc.url, class, tc.class)
		}
	}
}
