package google_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

// sleeps records the waits of the retry policy instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

// now is the day the tests sync on, and sample the demo's responses.
var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const sample = "../../cmd/podsync/sample_responses.csv"

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// fakeConfig points podsync at srv without credentials, with retries that
// record their waits rather than sleeping.
func fakeConfig(srv *googlefake.Server, sl *sleeps) google.Config {
	if sl == nil {
		sl = &sleeps{}
	}
	return google.Config{
		SpreadsheetID: googlefake.SpreadsheetID,
		FormID:        googlefake.FormID,
		Endpoint:      srv.URL,
		NoAuth:        true,
		HTTPClient:    srv.Client(),
		Retry:         &google.RetryPolicy{Sleep: sl.sleep, Rand: func() float64 { return 0.5 }},
	}
}

// fakeForm makes the SPEC questionnaire on the fake (init --create-form)
// and returns a config pointing at the fake's spreadsheet and that form.
func fakeForm(t testing.TB, srv *googlefake.Server) (google.Config, string) {
	t.Helper()
	cfg := fakeConfig(srv, nil)
	id, _, err := google.CreateForm(context.Background(), cfg, "Pod")
	if err != nil {
		t.Fatal(err)
	}
	cfg.FormID = id
	return cfg, id
}

func openFake(t testing.TB, srv *googlefake.Server, sl *sleeps) *google.Store {
	t.Helper()
	s, err := google.Open(context.Background(), fakeConfig(srv, sl))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func noUnexpected(t testing.TB, srv *googlefake.Server) {
	t.Helper()
	if u := srv.Unexpected(); len(u) > 0 {
		t.Errorf("requests the fake did not expect: %q", u)
	}
}

var thingSpec = sheets.TabSpec{
	Name: "Do Not Pair's Things",
	Columns: []sheets.Column{
		{Name: "Thing ID", Required: true},
		{Name: "Name"},
		{Name: "Detail"},
		{Name: "Status", Owner: sheets.Organizer, Initial: "Proposed"},
	},
	Key:   []string{"Thing ID"},
	Stale: sheets.DeleteStale,
}

func things(ids ...string) []sheets.Record {
	var out []sheets.Record
	for _, id := range ids {
		out = append(out, sheets.Record{"Thing ID": id, "Name": "name " + id, "Detail": "detail " + id})
	}
	return out
}

// syncTab reads, diffs and applies one tab, returning the edit.
func syncTab(t testing.TB, s sheets.Store, spec sheets.TabSpec, want []sheets.Record) sheets.TabEdit {
	t.Helper()
	ctx := context.Background()
	tabs, err := s.Read(ctx, spec.Name)
	if err != nil {
		t.Fatal(err)
	}
	e, err := sheets.Diff(tabs[spec.Name], spec, want)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{e}}); err != nil {
		t.Fatal(err)
	}
	return e
}

func wantCounts(t *testing.T, srv *googlefake.Server, want map[string]int) {
	t.Helper()
	got := srv.Counts()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d requests, want %d (all: %v)", k, got[k], v, got)
		}
	}
	total := 0
	for k, v := range want {
		if !strings.Contains(k, ".") || strings.HasPrefix(k, "batchUpdate.") {
			continue
		}
		total += v
	}
	if got["total"] != total {
		t.Errorf("total: %d requests, want %d (all: %v)", got["total"], total, got)
	}
}

func cellPlan(tab string, cells ...sheets.CellEdit) *sheets.Plan {
	return &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: tab, Cells: cells}}}
}

func specNames() []string {
	var out []string
	for _, sp := range sheets.Specs {
		out = append(out, sp.Name)
	}
	return out
}

// formCycle is a cycle of the spreadsheet and form cfg names, reading
// responses through the Forms API.
func formCycle(t testing.TB, cfg google.Config) *pod.Cycle {
	t.Helper()
	store, err := google.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	src, err := google.OpenForms(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &pod.Cycle{Store: store, Source: src}
}
