package google_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/storetest"
	goauth "golang.org/x/oauth2/google"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// TestGoogleStoreLive runs the store suite against a real spreadsheet. It
// runs only when PODSYNC_TEST_SPREADSHEET names a spreadsheet that
// GOOGLE_APPLICATION_CREDENTIALS (a service-account key) can edit; use a
// throwaway spreadsheet: the suite creates and deletes a tab "Things".
func TestGoogleStoreLive(t *testing.T) {
	id := os.Getenv("PODSYNC_TEST_SPREADSHEET")
	creds := os.Getenv("GOOGLE_APPLICATION_CREDENTIALS")
	if id == "" || creds == "" || testing.Short() {
		t.Skip("set PODSYNC_TEST_SPREADSHEET and GOOGLE_APPLICATION_CREDENTIALS to run against a real spreadsheet")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	data, err := os.ReadFile(creds)
	if err != nil {
		t.Fatal(err)
	}
	c, err := goauth.CredentialsFromJSONWithType(ctx, data, goauth.ServiceAccount, google.ScopeSpreadsheets)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sheetsapi.NewService(ctx, option.WithTokenSource(c.TokenSource))
	if err != nil {
		t.Fatal(err)
	}
	// dropThings deletes the suite's tab so each test starts empty.
	dropThings := func(t *testing.T) {
		ss, err := admin.Spreadsheets.Get(id).Fields("sheets.properties").Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range ss.Sheets {
			if sh.Properties.Title == "Things" {
				_, err := admin.Spreadsheets.BatchUpdate(id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: []*sheetsapi.Request{
					{DeleteSheet: &sheetsapi.DeleteSheetRequest{SheetId: sh.Properties.SheetId}}}}).Context(ctx).Do()
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	storetest.Run(t, func(t *testing.T) sheets.Store {
		dropThings(t)
		t.Cleanup(func() { dropThings(t) })
		s, err := google.Open(ctx, google.Config{SpreadsheetID: id, CredentialsFile: creds})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
	checks := google.Doctor(ctx, google.Config{SpreadsheetID: id, CredentialsFile: creds})
	for _, c := range checks[:3] {
		if !c.OK {
			t.Errorf("doctor: %s: %s (%s)", c.Name, c.Detail, c.Fix)
		}
	}
}
