package daemon

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

func stopDaemon(t *testing.T, p *fakePod, grace time.Duration, events chan<- CycleEvent) *Daemon {
	t.Helper()
	pod := GooglePod("pod", 0, "no-auth", "", p.config(), func(c *pod.Cycle) { c.Now = t0 })
	d, err := New([]Pod{pod}, Options{Transport: p.srv.Client().Transport, Limits: bigLimits(), Clock: NewFakeClock(t0),
		StopGrace: grace, OnCycle: func(ev CycleEvent) {
			if events != nil {
				events <- ev
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestCancelDuringCycle stops the daemon while a cycle is in flight, after
// each of its requests in turn: Run returns at once (the cycle is
// abandoned), and the next start converges to the sheet of a run that was
// never stopped.
func TestCancelDuringCycle(t *testing.T) {
	ref := newFakePod(t, googlefake.New(t), "")
	scenarios[1].setup(t, ref)
	if ev, _ := stopDaemon(t, ref, time.Millisecond, nil).RunOnce(context.Background(), "pod"); ev.Err != nil {
		t.Fatal(ev.Err)
	}
	want := snapshot(ref.book)
	for after := 1; after <= 5; after++ {
		t.Run(fmt.Sprintf("after %d requests", after), func(t *testing.T) {
			p := newFakePod(t, googlefake.New(t), "")
			scenarios[1].setup(t, p)
			p.srv.ResetCounts()
			p.srv.SetDelay(30 * time.Millisecond)
			events := make(chan CycleEvent, 4)
			d := stopDaemon(t, p, 20*time.Millisecond, events)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- d.Run(ctx) }()
			for p.srv.Count("total") < after {
				time.Sleep(time.Millisecond)
			}
			stopped := time.Now()
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(3 * time.Second):
				t.Fatal("Run did not return within 3s of the stop")
			}
			took := time.Since(stopped)
			ev := <-events
			t.Logf("Run returned %v after the stop; the cycle: %s after %d requests", took.Round(time.Millisecond), ev.Result, ev.Requests)
			if took > time.Second {
				t.Errorf("Run took %v to return", took)
			}
			// The next start.
			p.srv.SetDelay(0)
			if ev, _ := stopDaemon(t, p, time.Millisecond, nil).RunOnce(context.Background(), "pod"); ev.Err != nil {
				t.Fatal(ev.Err)
			}
			got := snapshot(p.book)
			if diff := diffSnapshots(want, got); diff != "" {
				t.Errorf("not converged:\n%s", diff)
			}
			checkResponsesOnce(t, p)
		})
	}
}

// TestStopLetsCycleFinish: with a grace period longer than the cycle, a
// stop lets the cycle in flight finish, and the sheet is complete.
func TestStopLetsCycleFinish(t *testing.T) {
	ref := newFakePod(t, googlefake.New(t), "")
	scenarios[1].setup(t, ref)
	if ev, _ := stopDaemon(t, ref, time.Millisecond, nil).RunOnce(context.Background(), "pod"); ev.Err != nil {
		t.Fatal(ev.Err)
	}
	p := newFakePod(t, googlefake.New(t), "")
	scenarios[1].setup(t, p)
	p.srv.ResetCounts()
	p.srv.SetDelay(20 * time.Millisecond)
	events := make(chan CycleEvent, 4)
	d := stopDaemon(t, p, 5*time.Second, events)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	for p.srv.Count("total") < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
	if ev := <-events; ev.Result != ResultOK {
		t.Fatalf("the cycle in flight: %s %v", ev.Result, ev.Err)
	}
	if diff := diffSnapshots(snapshot(ref.book), snapshot(p.book)); diff != "" {
		t.Errorf("the finished cycle left:\n%s", diff)
	}
	if n := len(events); n != 0 {
		t.Errorf("%d more cycles after the stop", n)
	}
}
