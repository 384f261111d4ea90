package daemon

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// fleet is n pods on one fake server, run by one daemon on a fake clock.
type fleet struct {
	srv   *googlefake.Server
	pods  []*fakePod
	clk   *FakeClock
	d     *Daemon
	reqs  *requestLog
	ident map[string]string // spreadsheet or form ID -> identity

	mu     sync.Mutex
	cycles map[string][]CycleEvent
}

// newFleet makes n pods; identities gives pod i the identity
// identities(i) (all in one project).
func newFleet(t testing.TB, n int, identity func(i int) string, opts Options) *fleet {
	t.Helper()
	f := &fleet{srv: googlefake.New(t), ident: map[string]string{}, cycles: map[string][]CycleEvent{}}
	f.clk = NewFakeClock(t0)
	f.reqs = &requestLog{clk: f.clk, base: f.srv.Client().Transport, who: func(path string) string {
		for _, seg := range strings.Split(path, "/") {
			seg, _, _ = strings.Cut(seg, ":")
			if id, ok := f.ident[seg]; ok {
				return id
			}
		}
		return "?"
	}}
	var pods []Pod
	for i := range n {
		p := newFakePod(t, f.srv, fmt.Sprintf("sheet-%03d", i))
		for k := range 3 {
			p.respond(i*10 + k)
		}
		f.pods = append(f.pods, p)
		id := identity(i)
		f.ident[p.sheet], f.ident[p.form] = id, id
		pod := p.pod(fmt.Sprintf("pod-%03d", i), nil)
		pod.Identity = id
		pods = append(pods, pod)
	}
	opts.Clock = f.clk
	opts.Transport = f.reqs
	if opts.StopGrace == 0 {
		opts.StopGrace = 10 * time.Millisecond
	}
	user := opts.OnCycle
	opts.OnCycle = func(ev CycleEvent) {
		f.mu.Lock()
		f.cycles[ev.Pod] = append(f.cycles[ev.Pod], ev)
		f.mu.Unlock()
		if user != nil {
			user(ev)
		}
	}
	d, err := New(pods, opts)
	if err != nil {
		t.Fatal(err)
	}
	f.d = d
	return f
}

// freshness is, over all pods, the longest time between a pod's successive
// successful cycles (from the end of one to the end of the next, and from
// the start to the first), and the fewest successful cycles of a pod.
type fleetStats struct {
	worst     time.Duration // longest gap, the start included
	steady    time.Duration // longest gap between two successes
	firstSync time.Duration // when every pod had its first success
	mean      time.Duration // mean gap between two successes
	fewest    int
	total     int
}

func (f *fleet) stats(end time.Time) fleetStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := fleetStats{fewest: -1}
	var sum time.Duration
	gaps := 0
	for _, p := range f.d.pods {
		last := t0
		ok := 0
		for _, ev := range f.cycles[p.pod.Name] {
			if ev.Result != ResultOK {
				continue
			}
			fin := ev.Start.Add(ev.Duration)
			gap := fin.Sub(last)
			st.worst = max(st.worst, gap)
			if ok == 0 {
				st.firstSync = max(st.firstSync, gap)
			} else {
				st.steady = max(st.steady, gap)
				sum += gap
				gaps++
			}
			last = fin
			ok++
		}
		st.worst = max(st.worst, end.Sub(last))
		st.steady = max(st.steady, end.Sub(last))
		if st.fewest < 0 || ok < st.fewest {
			st.fewest = ok
		}
		st.total += ok
	}
	if gaps > 0 {
		st.mean = sum / time.Duration(gaps)
	}
	return st
}

// checkQuotas fails the test if any closed 60 s window holds more requests
// than a Google quota allows (per identity and for the project).
func (f *fleet) checkQuotas(t testing.TB) {
	t.Helper()
	log := f.reqs.all()
	lim := f.d.Limiter().Limits()
	idents := map[string]bool{}
	for _, s := range log {
		idents[s.identity] = true
	}
	for _, class := range []string{google.QuotaSheetsRead, google.QuotaSheetsWrite, google.QuotaFormsRead, google.QuotaFormsList, google.QuotaFormsWrite} {
		match := func(s sent) bool {
			return s.class == class || (class == google.QuotaFormsRead && s.class == google.QuotaFormsList)
		}
		n, at := maxInWindow(log, time.Minute, match)
		if q := lim.perMinute(class, "project"); n > q {
			t.Errorf("%s: %d requests in the minute from %v, project quota %d", class, n, at.Sub(t0), q)
		}
		for id := range idents {
			n, at := maxInWindow(log, time.Minute, func(s sent) bool { return s.identity == id && match(s) })
			if q := lim.perMinute(class, "user"); n > q {
				t.Errorf("%s as %s: %d requests in the minute from %v, user quota %d", class, id, n, at.Sub(t0), q)
			}
		}
	}
	if u := f.srv.Unexpected(); len(u) > 0 {
		t.Errorf("requests the fake did not expect: %q", u)
	}
}

// TestManyPods runs 100 pods in one process on a simulated clock: every
// pod gets cycles, none starves, and no quota window is exceeded.
func TestManyPods(t *testing.T) {
	simTime := 20 * time.Minute
	if testing.Short() {
		simTime = 8 * time.Minute
	}
	for _, tc := range []struct {
		name      string
		identity  func(int) string
		freshness time.Duration // the worst gap allowed
	}{
		// One service account for all: 54 Sheets reads a minute for 100
		// pods, so each pod is synced every two or three minutes.
		{"one identity", func(int) string { return "sa-shared" }, 6 * time.Minute},
		// Ten accounts in one project: the project's 270 reads a minute
		// are enough for a cycle a minute per pod.
		{"ten identities", func(i int) string { return fmt.Sprintf("sa-%d", i%10) }, 3 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFleet(t, 100, tc.identity, Options{})
			got := simulate(t, f.d, f.clk, simTime, nil)
			st := f.stats(t0.Add(got))
			worst, fewest, total := st.worst, st.fewest, st.total
			t.Logf("%v simulated: %d successful cycles, %d requests (%.0f/min); every pod synced once by %v, then at most %v (mean %v) between a pod's cycles; fewest cycles of a pod %d",
				got.Round(time.Second), total, len(f.reqs.all()), float64(len(f.reqs.all()))/got.Minutes(),
				st.firstSync.Round(time.Second), st.steady.Round(time.Second), st.mean.Round(time.Second), fewest)
			if fewest < 2 {
				t.Errorf("a pod had only %d successful cycles in %v", fewest, got)
			}
			if worst > tc.freshness {
				t.Errorf("a pod went %v without a successful cycle (allowed %v)", worst, tc.freshness)
			}
			f.checkQuotas(t)
			for _, s := range f.d.Status() {
				if s.Cycles[ResultError] > 0 {
					t.Errorf("pod %s: %d failed cycles: %s", s.Name, s.Cycles[ResultError], s.LastError)
				}
			}
		})
	}
}
