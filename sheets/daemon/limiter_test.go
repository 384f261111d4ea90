package daemon

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/google"
)

// TestLimiterWindows: however requests arrive, no closed 60 s window holds
// more than the budget, and the sustained rate reaches it.
func TestLimiterWindows(t *testing.T) {
	clk := NewFakeClock(t0)
	l := NewLimiter(Limits{}, clk)
	var log []sent
	// 1000 requests as fast as allowed by one user, with the clock moved
	// only when the caller must wait.
	for range 1000 {
		at := l.reserve(keys(google.QuotaSheetsRead, "u", "p"))
		if at.After(clk.Peek()) {
			clk.Advance(at.Sub(clk.Peek()))
		}
		log = append(log, sent{at: clk.Peek(), class: google.QuotaSheetsRead, identity: "u"})
	}
	n, _ := maxInWindow(log, time.Minute, func(sent) bool { return true })
	if n > 54 {
		t.Errorf("%d requests in a minute, budget 54 (60 × 0.9)", n)
	}
	elapsed := log[len(log)-1].at.Sub(t0)
	rate := float64(len(log)) / elapsed.Minutes()
	if rate < 48 || rate > 54 {
		t.Errorf("sustained %.1f requests a minute, want 49", rate)
	}
	t.Logf("1000 reads as one user: at most %d in any minute, %.1f a minute sustained", n, rate)

	// Six users share a project: the project's 270 bind, each user's 54 do not.
	clk = NewFakeClock(t0)
	l = NewLimiter(Limits{}, clk)
	log = nil
	for i := range 2000 {
		u := string(rune('a' + i%6))
		at := l.reserve(keys(google.QuotaSheetsRead, u, "p"))
		if at.After(clk.Peek()) {
			clk.Advance(at.Sub(clk.Peek()))
		}
		log = append(log, sent{at: clk.Peek(), identity: u})
	}
	if n, _ := maxInWindow(log, time.Minute, func(sent) bool { return true }); n > 270 {
		t.Errorf("project: %d in a minute", n)
	}
	for _, u := range "abcdef" {
		if n, _ := maxInWindow(log, time.Minute, func(s sent) bool { return s.identity == string(u) }); n > 54 {
			t.Errorf("user %c: %d in a minute", u, n)
		}
	}
}

// TestLimiterFIFO: waiters are served in the order they asked.
func TestLimiterFIFO(t *testing.T) {
	clk := NewFakeClock(t0)
	l := NewLimiter(Limits{}, clk)
	var last time.Time
	for i := range 200 {
		at := l.reserve(keys(google.QuotaFormsList, "u", "p"))
		if at.Before(last) {
			t.Fatalf("request %d got %v, before %v", i, at, last)
		}
		last = at
	}
	// A 429 with Retry-After holds the user's bucket.
	clk2 := NewFakeClock(t0)
	l2 := NewLimiter(Limits{}, clk2)
	l2.Hold(google.QuotaSheetsWrite, "u", t0.Add(30*time.Second))
	done := make(chan time.Duration)
	go func() {
		d, _ := l2.Wait(context.Background(), google.QuotaSheetsWrite, "u", "p")
		done <- d
	}()
	for clk2.Waiters() == 0 {
		time.Sleep(time.Millisecond)
	}
	// Another user of the project is not held up.
	if d, err := l2.Wait(context.Background(), google.QuotaSheetsWrite, "v", "p"); d != 0 || err != nil {
		t.Errorf("another user waits %v (%v)", d, err)
	}
	clk2.Advance(30 * time.Second)
	if d := <-done; d != 30*time.Second {
		t.Errorf("after Hold: waited %v, want 30s", d)
	}
}

// TestLimiterWaitCancel: a wait ends when its context does.
func TestLimiterWaitCancel(t *testing.T) {
	clk := NewFakeClock(t0)
	l := NewLimiter(Limits{SheetsReadPerUser: 2}, clk)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var errs []error
	var mu sync.Mutex
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := l.Wait(ctx, google.QuotaSheetsRead, "u", "p")
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}()
	}
	for clk.Waiters() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	wg.Wait()
	canceled := 0
	for _, err := range errs {
		if err != nil {
			canceled++
		}
	}
	if canceled != 2 {
		t.Errorf("%d of 3 waits canceled, want 2 (budget 1 burst)", canceled)
	}
}
