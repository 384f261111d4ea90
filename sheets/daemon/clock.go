package daemon

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/podsync/podsync/sheets/google"
)

// Clock is the daemon's time source. Tests pass a FakeClock so hours of
// scheduling and rate limiting run in milliseconds.
type Clock interface {
	Now() time.Time
	// Timer fires once after d on the channel; stop cancels it (a stopped
	// timer never fires).
	Timer(d time.Duration) (c <-chan time.Time, stop func())
	// Sleep waits d or until ctx is done, whichever is first.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now implements Clock.
func (RealClock) Now() time.Time { return time.Now() }

// Timer implements Clock.
func (RealClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// Sleep implements Clock: it is google.Sleep, the sleep the retry policy
// uses by default.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error { return google.Sleep(ctx, d) }

// FakeClock is a Clock that moves only when told to: Advance, or
// AdvanceToNext, which jumps to the earliest pending timer. Waiters counts
// the goroutines blocked on it, so a test can move time only once every
// goroutine it drives is waiting (see the daemon's InFlight).
type FakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []*fakeWaiter
	seq     int
	calls   uint64
}

type fakeWaiter struct {
	at  time.Time
	seq int
	ch  chan time.Time
}

// NewFakeClock returns a fake clock showing t.
func NewFakeClock(t time.Time) *FakeClock { return &FakeClock{now: t} }

// Now implements Clock.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	return c.now
}

// Peek is Now without counting as a call (see Calls): for the code that
// drives the clock.
func (c *FakeClock) Peek() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Timer implements Clock.
func (c *FakeClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch, func() {}
	}
	c.seq++
	w := &fakeWaiter{at: c.now.Add(d), seq: c.seq, ch: ch}
	c.waiters = append(c.waiters, w)
	return ch, func() { c.remove(w) }
}

func (c *FakeClock) remove(w *fakeWaiter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.waiters {
		if x == w {
			c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
			return
		}
	}
}

// Sleep implements Clock.
func (c *FakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	ch, stop := c.Timer(d)
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		stop()
		return ctx.Err()
	}
}

// Advance moves the clock forward by d, firing every timer due by then in
// order.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// AdvanceToNext moves the clock to the earliest pending timer and fires
// every timer due then. It reports false when no timer is pending.
func (c *FakeClock) AdvanceToNext() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waiters) == 0 {
		return false
	}
	next := c.waiters[0].at
	for _, w := range c.waiters[1:] {
		if w.at.Before(next) {
			next = w.at
		}
	}
	if next.Before(c.now) {
		next = c.now
	}
	c.setLocked(next)
	return true
}

func (c *FakeClock) setLocked(t time.Time) {
	c.calls++
	c.now = t
	sort.Slice(c.waiters, func(i, j int) bool {
		if !c.waiters[i].at.Equal(c.waiters[j].at) {
			return c.waiters[i].at.Before(c.waiters[j].at)
		}
		return c.waiters[i].seq < c.waiters[j].seq
	})
	keep := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(t) {
			w.ch <- t
			continue
		}
		keep = append(keep, w)
	}
	c.waiters = keep
}

// Waiters is the number of pending timers (goroutines asleep on the clock,
// plus the scheduler's timer).
func (c *FakeClock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// Calls counts calls to the clock; a test driving time compares it across
// polls to tell a quiet process from a busy one.
func (c *FakeClock) Calls() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls
}
