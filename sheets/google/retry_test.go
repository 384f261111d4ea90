package google_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/storetest"
)

func TestGoogleRetries(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*googlefake.Server, *google.Store, *sleeps) {
		srv := googlefake.New(t)
		t.Cleanup(func() { noUnexpected(t, srv) })
		srv.SetCells("T", [][]string{{"h"}, {"a"}})
		sl := &sleeps{}
		s := openFake(t, srv, sl)
		if _, err := s.Read(ctx, "T"); err != nil { // cache the tab list
			t.Fatal(err)
		}
		srv.ResetCounts()
		return srv, s, sl
	}

	t.Run("429 honors Retry-After", func(t *testing.T) {
		srv, s, sl := setup(t)
		srv.Inject(googlefake.Fault{Code: 429, RetryAfter: 7 * time.Second, Kind: "values.batchUpdate"})
		if err := s.Apply(ctx, cellPlan("T", sheets.CellEdit{Row: 1, Col: 0, Value: "b"})); err != nil {
			t.Fatal(err)
		}
		if got := sl.all(); !reflect.DeepEqual(got, []time.Duration{7 * time.Second}) {
			t.Errorf("waits %v, want [7s]", got)
		}
		wantCounts(t, srv, map[string]int{"values.batchUpdate": 2})
		if got := srv.Cells("T"); got[1][0] != "b" {
			t.Errorf("cells %q", got)
		}
	})

	t.Run("500 then 503 back off exponentially with jitter", func(t *testing.T) {
		srv, s, sl := setup(t)
		srv.FailKind(1, 500, "values.batchGet")
		srv.FailKind(1, 503, "values.batchGet")
		tabs, err := s.Read(ctx, "T")
		if err != nil || tabs["T"].Cell(0, 0) != "a" {
			t.Fatal(tabs, err)
		}
		// Rand is 0.5: half of 500ms, then half of 1s.
		if got := sl.all(); !reflect.DeepEqual(got, []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}) {
			t.Errorf("waits %v", got)
		}
		wantCounts(t, srv, map[string]int{"values.batchGet": 3})
	})

	t.Run("dropped connection", func(t *testing.T) {
		srv, s, _ := setup(t)
		srv.FailKind(1, googlefake.Drop, "values.batchGet")
		if _, err := s.Read(ctx, "T"); err != nil {
			t.Fatal(err)
		}
		if srv.PendingFaults() != 0 {
			t.Error("fault not used")
		}
	})

	t.Run("write lost after it took effect is retried harmlessly", func(t *testing.T) {
		srv, s, _ := setup(t)
		srv.FailKind(1, googlefake.DropAfter, "values.batchUpdate")
		if err := s.Apply(ctx, cellPlan("T", sheets.CellEdit{Row: 2, Col: 0, Value: "c"})); err != nil {
			t.Fatal(err)
		}
		wantCounts(t, srv, map[string]int{"values.batchUpdate": 2})
		if got := srv.Cells("T"); !reflect.DeepEqual(got, [][]string{{"h"}, {"a"}, {"c"}}) {
			t.Errorf("cells %q", got)
		}
	})

	t.Run("gives up after MaxAttempts", func(t *testing.T) {
		srv, s, sl := setup(t)
		srv.Fail(20, 503)
		_, err := s.Read(ctx, "T")
		var ge *google.Error
		if !errors.As(err, &ge) || ge.Code != 503 || !ge.Temporary() {
			t.Fatalf("err = %v", err)
		}
		if n := srv.Count("values.batchGet"); n != 6 {
			t.Errorf("%d tries, want 6", n)
		}
		if got := sl.all(); len(got) != 5 || got[4] != 4*time.Second {
			t.Errorf("waits %v", got) // 0.5 × 8s on the fifth wait
		}
		var oe *sheets.OpError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), "try again") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("400 is not retried", func(t *testing.T) {
		srv, s, sl := setup(t)
		srv.FailKind(1, 400, "values.batchUpdate")
		if err := s.Apply(ctx, cellPlan("T", sheets.CellEdit{Row: 1, Col: 0, Value: "b"})); err == nil {
			t.Fatal("no error")
		}
		if n := srv.Count("values.batchUpdate"); n != 1 || len(sl.all()) != 0 {
			t.Errorf("%d tries, waits %v", n, sl.all())
		}
	})

	t.Run("a deletion without DeleteWas is retried only on 429", func(t *testing.T) {
		srv, s, _ := setup(t)
		del := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "T", DeleteRows: []int{1}}}}
		srv.FailKind(1, googlefake.DropAfter, "spreadsheets.batchUpdate")
		if err := s.Apply(ctx, del); err == nil {
			t.Fatal("a deletion whose outcome is unknown must not be retried")
		}
		if n := srv.Count("spreadsheets.batchUpdate"); n != 1 {
			t.Errorf("%d tries", n)
		}
		// It did take effect; a second try would have deleted another row.
		if got := srv.Cells("T"); !reflect.DeepEqual(got, [][]string{{"h"}}) {
			t.Errorf("cells %q", got)
		}
		srv.SetCells("T", [][]string{{"h"}, {"a"}, {"b"}})
		srv.ResetCounts()
		srv.FailKind(1, 429, "spreadsheets.batchUpdate")
		if err := s.Apply(ctx, del); err != nil {
			t.Fatal(err)
		}
		if got := srv.Cells("T"); !reflect.DeepEqual(got, [][]string{{"h"}, {"b"}}) {
			t.Errorf("cells %q", got)
		}
	})

	t.Run("waits never outlast the context", func(t *testing.T) {
		srv, s, sl := setup(t)
		srv.Inject(googlefake.Fault{Code: 429, RetryAfter: time.Minute})
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := s.Read(cctx, "T")
		var ge *google.Error
		if !errors.As(err, &ge) || ge.Code != 429 {
			t.Fatalf("err = %v", err)
		}
		if len(sl.all()) != 0 || time.Since(start) > 2*time.Second {
			t.Errorf("waited %v (%v) for a Retry-After past the deadline", sl.all(), time.Since(start))
		}
	})

	t.Run("canceled context stops at once", func(t *testing.T) {
		_, s, _ := setup(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Read(cctx, "T"); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestGoogleStoreUnderChaos runs the store suite with a fifth of all
// requests failing (429, 500, 503 or a dropped connection).
func TestGoogleStoreUnderChaos(t *testing.T) {
	seed, faults := uint64(0), 0
	defer func() {
		if faults == 0 {
			t.Error("no fault was injected")
		}
	}()
	storetest.Run(t, func(t *testing.T) sheets.Store {
		srv := googlefake.New(t)
		seed++
		srv.Chaos(0.2, seed, 429, 500, 503, googlefake.Drop)
		t.Cleanup(func() {
			noUnexpected(t, srv)
			faults += srv.Count("fault")
		})
		cfg := fakeConfig(srv, nil)
		cfg.Retry.MaxAttempts = 12
		s, err := google.Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestRetryAfter(t *testing.T) {
	if d, ok := google.ParseRetryAfter("3", time.Now()); !ok || d != 3*time.Second {
		t.Errorf("seconds: %v %v", d, ok)
	}
	if d, ok := google.ParseRetryAfter(time.Now().Add(10*time.Second).UTC().Format(http.TimeFormat), time.Now()); !ok || d < 8*time.Second || d > 11*time.Second {
		t.Errorf("date: %v %v", d, ok)
	}
	if _, ok := google.ParseRetryAfter("soon", time.Now()); ok {
		t.Error("garbage accepted")
	}
	// A date is read against the now given (the daemon's clock), and one
	// in the past asks for no wait.
	at := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	if d, ok := google.ParseRetryAfter(at.Add(30*time.Second).Format(http.TimeFormat), at); !ok || d != 30*time.Second {
		t.Errorf("date against a given now: %v %v", d, ok)
	}
	if d, ok := google.ParseRetryAfter(at.Add(-time.Minute).Format(http.TimeFormat), at); !ok || d != 0 {
		t.Errorf("past date: %v %v", d, ok)
	}
}

// TestAttemptTimeout: a request Google holds without answering is given up
// after the try's timeout and retried like a dropped connection; when every
// try is held, the error says Google did not answer in time (a temporary
// Google error, not the caller's context ending).
func TestAttemptTimeout(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T, attempts int) (*googlefake.Server, *google.Store, *sleeps) {
		srv := googlefake.New(t)
		srv.SetCells("T", [][]string{{"h"}, {"a"}})
		sl := &sleeps{}
		cfg := fakeConfig(srv, sl)
		cfg.Retry.AttemptTimeout = 50 * time.Millisecond
		cfg.Retry.MaxAttempts = attempts
		s, err := google.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Read(ctx, "T"); err != nil {
			t.Fatal(err)
		}
		srv.ResetCounts()
		return srv, s, sl
	}
	t.Run("held once", func(t *testing.T) {
		srv, s, sl := setup(t, 0)
		srv.FailKind(1, googlefake.Hang, "values.batchGet")
		start := time.Now()
		tabs, err := s.Read(ctx, "T")
		if err != nil || tabs["T"].Cell(0, 0) != "a" {
			t.Fatalf("read %v, %v", tabs, err)
		}
		if n := srv.Count("values.batchGet"); n != 2 || len(sl.all()) != 1 {
			t.Errorf("%d tries, waits %v: want the held try retried once", n, sl.all())
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("held every time", func(t *testing.T) {
		srv, s, _ := setup(t, 3)
		srv.FailKind(3, googlefake.Hang, "values.batchGet")
		_, err := s.Read(ctx, "T")
		var ge *google.Error
		if !errors.As(err, &ge) || !ge.Temporary() || errors.Is(err, context.DeadlineExceeded) ||
			!strings.Contains(err.Error(), "did not answer within 50ms") || !strings.Contains(err.Error(), "try again") {
			t.Fatalf("err = %v", err)
		}
		if n := srv.Count("values.batchGet"); n != 3 {
			t.Errorf("%d tries, want 3", n)
		}
	})
	t.Run("a held write that adds rows is not repeated", func(t *testing.T) {
		srv, s, _ := setup(t, 0)
		srv.FailKind(1, googlefake.Hang, "values.batchUpdate")
		p := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "T", Initial: true, Cells: []sheets.CellEdit{{Row: 2, Col: 0, Value: "b"}}}}}
		if err := s.Apply(ctx, p); err == nil || !strings.Contains(err.Error(), "did not answer") {
			t.Fatalf("err = %v", err)
		}
		if n := srv.Count("values.batchUpdate"); n != 1 {
			t.Errorf("%d tries", n)
		}
	})
}
