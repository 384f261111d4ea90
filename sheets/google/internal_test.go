package google

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
)

func TestCellBlocks(t *testing.T) {
	c := func(r, col int, v string) sheets.CellEdit { return sheets.CellEdit{Row: r, Col: col, Value: v} }
	got := cellBlocks([]sheets.CellEdit{
		// a full rectangle B2:C3
		c(1, 1, "b2"), c(1, 2, "c2"), c(2, 1, "b3"), c(2, 2, "c3"),
		// a lone cell, then a run that does not line up with it
		c(5, 0, "a6"), c(6, 0, "a7"), c(6, 1, "b7"),
		// the same cell twice: the later edit wins
		c(9, 4, "first"), c(9, 4, "second"),
		// row 4 is not adjacent to row 2: a block of its own
		c(3, 1, "b4"), c(3, 2, "c4"),
	})
	want := []block{
		{r0: 1, c0: 1, vals: [][]any{{"b2", "c2"}, {"b3", "c3"}, {"b4", "c4"}}},
		{r0: 5, c0: 0, vals: [][]any{{"a6"}}},
		{r0: 6, c0: 0, vals: [][]any{{"a7", "b7"}}},
		{r0: 9, c0: 4, vals: [][]any{{"second"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if cellBlocks(nil) != nil {
		t.Error("blocks of nothing")
	}
}

func TestA1Range(t *testing.T) {
	for _, tc := range []struct {
		tab            string
		r0, c0, r1, c1 int
		want           string
	}{
		{"Members", 0, 0, 0, 0, "'Members'!A1"},
		{"Do Not Pair", 1, 0, 3, 2, "'Do Not Pair'!A2:C4"},
		{"Bob's", 0, 26, 0, 27, "'Bob''s'!AA1:AB1"},
	} {
		if got := a1Range(tc.tab, tc.r0, tc.c0, tc.r1, tc.c1); got != tc.want {
			t.Errorf("a1Range = %q, want %q", got, tc.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	if d, ok := ParseRetryAfter("3", time.Now()); !ok || d != 3*time.Second {
		t.Errorf("seconds: %v %v", d, ok)
	}
	if d, ok := ParseRetryAfter(time.Now().Add(10*time.Second).UTC().Format(http.TimeFormat), time.Now()); !ok || d < 8*time.Second || d > 11*time.Second {
		t.Errorf("date: %v %v", d, ok)
	}
	if _, ok := ParseRetryAfter("soon", time.Now()); ok {
		t.Error("garbage accepted")
	}
	// A date is read against the now given (the daemon's clock), and one
	// in the past asks for no wait.
	at := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	if d, ok := ParseRetryAfter(at.Add(30*time.Second).Format(http.TimeFormat), at); !ok || d != 30*time.Second {
		t.Errorf("date against a given now: %v %v", d, ok)
	}
	if d, ok := ParseRetryAfter(at.Add(-time.Minute).Format(http.TimeFormat), at); !ok || d != 0 {
		t.Errorf("past date: %v %v", d, ok)
	}
}

func TestBackoffFullJitter(t *testing.T) {
	p := RetryPolicy{Rand: func() float64 { return 0.999999 }}.withDefaults()
	prev := time.Duration(0)
	for attempt := 0; attempt < 12; attempt++ {
		d := p.backoff(attempt)
		if d < prev || d >= p.MaxDelay {
			t.Errorf("attempt %d: %v", attempt, d)
		}
		prev = d
	}
	p.Rand = func() float64 { return 0 }
	if d := p.backoff(5); d != 0 {
		t.Errorf("full jitter reaches 0: %v", d)
	}
	if err := Sleep(canceled(), time.Hour); err == nil {
		t.Error("sleep ignored a canceled context")
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
