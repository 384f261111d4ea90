// Package daemon runs podsync's sync cycle for one pod or many, for ever:
// a cycle at start, then one per interval (with jitter), earliest due first,
// under a shared rate limiter that keeps the whole process inside the
// Google Sheets and Forms quotas. A pod whose access fails is backed off
// exponentially and reported while the others go on. It serves /healthz
// and Prometheus /metrics, and logs one line of counts per cycle.
//
// The daemon keeps no state of its own: the cursor and schema version live
// in the spreadsheet's hidden _podsync tab, and cycles are idempotent, so a
// cycle abandoned at any point is simply redone by the next one.
package daemon

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/pod"
)

// Pod is one pod the daemon keeps in sync.
type Pod struct {
	// Name labels the pod in logs, /healthz and /metrics (not personal
	// data: an organizer's label, or the spreadsheet ID).
	Name string
	// Interval between cycles; 0: Options.Interval.
	Interval time.Duration
	// Identity is who the pod's requests are made as (the credentials), for
	// the per-user quotas; Project is the Cloud project, for the
	// per-project ones. Pods with the same values share those quotas; an
	// empty Project is "default", shared by every pod that leaves it out.
	Identity, Project string
	// Open returns the pod's cycle. It is called before the first cycle
	// and again after an access failure (so replaced credentials are read
	// again); env carries the HTTP client to use, whose transport waits on
	// the shared limiter.
	Open func(ctx context.Context, env Env) (*pod.Cycle, error)
}

// Env is what the daemon gives a pod's Open.
type Env struct {
	// HTTPClient goes through the shared limiter: pass it as
	// google.Config.HTTPClient.
	HTTPClient *http.Client
	// Retry waits on the daemon's clock: pass it as GoogleConfig.Retry.
	Retry *google.RetryPolicy
	// Log is the pod's logger.
	Log *slog.Logger
}

// Options tune the daemon. The zero value is the production setting.
type Options struct {
	// Clock drives scheduling and the limiter (default: the wall clock).
	Clock Clock
	// Limits are the quotas (zero fields: DefaultLimits).
	Limits Limits
	// Transport is the base HTTP transport under the limiter (default
	// http.DefaultTransport).
	Transport http.RoundTripper
	// Concurrency is the number of cycles run at once (default 4).
	Concurrency int
	// Interval is the default time between a pod's cycles (default 1m).
	Interval time.Duration
	// Jitter spreads each interval by ± this fraction (default 0.1;
	// negative: none).
	Jitter float64
	// MaxBackoff caps the wait after failures (default 1h).
	MaxBackoff time.Duration
	// StaleAfter is how old a pod's last success may be before /healthz
	// reports it (default 3 × interval + 2m, at least 5m).
	StaleAfter time.Duration
	// StopGrace is how long cycles in flight may go on after Run's context
	// is canceled before they are abandoned (default 2s).
	StopGrace time.Duration
	// RefreshEvery re-reads the tab list and form questions every so many
	// cycles (default 10; they are also re-read after a failure).
	RefreshEvery int
	// Log receives one line per cycle (default: discarded).
	Log *slog.Logger
	// Rand returns numbers in [0, 1) for the jitter (default math/rand/v2).
	Rand func() float64
	// OnCycle, when set, is called after every cycle (tests, benchmarks).
	OnCycle func(CycleEvent)
}

// CycleEvent is what a cycle did, for Options.OnCycle.
type CycleEvent struct {
	Pod      string
	Start    time.Time
	Duration time.Duration
	Result   string // "ok", "error", "canceled"
	Requests int64
	Report   *pod.Report // nil unless ok
	Err      error
	Next     time.Time
}

// Cycle results.
const (
	ResultOK       = "ok"
	ResultError    = "error"
	ResultCanceled = "canceled"
)

// Daemon schedules the pods' cycles.
type Daemon struct {
	opts    Options
	clock   Clock
	lim     *Limiter
	log     *slog.Logger
	pods    []*podState
	started time.Time

	inflight atomic.Int32
	armed    atomic.Bool // the scheduler waits on a clock timer
	randMu   sync.Mutex
}

type podState struct {
	pod      Pod
	idx      int
	interval time.Duration
	client   *http.Client
	counters *podCounters

	// Owned by the scheduler, or by the one worker running the pod.
	cycle      *pod.Cycle
	sinceFresh int
	due        time.Time
	heapIdx    int

	mu     sync.Mutex // guards status
	status PodStatus
}

// New returns a daemon for pods.
func New(pods []Pod, opts Options) (*Daemon, error) {
	if len(pods) == 0 {
		return nil, errors.New("no pods to run")
	}
	if opts.Clock == nil {
		opts.Clock = RealClock{}
	}
	if opts.Transport == nil {
		opts.Transport = http.DefaultTransport
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Interval <= 0 {
		opts.Interval = time.Minute
	}
	if opts.Jitter == 0 {
		opts.Jitter = 0.1
	}
	if opts.Jitter < 0 {
		opts.Jitter = 0
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Hour
	}
	if opts.StopGrace <= 0 {
		opts.StopGrace = 2 * time.Second
	}
	if opts.RefreshEvery <= 0 {
		opts.RefreshEvery = 10
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Rand == nil {
		opts.Rand = rand.Float64
	}
	d := &Daemon{opts: opts, clock: opts.Clock, log: opts.Log}
	d.lim = NewLimiter(opts.Limits, opts.Clock)
	seen := map[string]bool{}
	for i, p := range pods {
		if p.Name == "" {
			return nil, fmt.Errorf("pod %d has no name", i+1)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("two pods are named %q", p.Name)
		}
		seen[p.Name] = true
		if p.Open == nil {
			return nil, fmt.Errorf("pod %q: no Open", p.Name)
		}
		if p.Project == "" {
			p.Project = "default"
		}
		ps := &podState{pod: p, idx: i, interval: p.Interval, counters: newPodCounters()}
		if ps.interval <= 0 {
			ps.interval = opts.Interval
		}
		ps.client = &http.Client{Transport: &podTransport{l: d.lim, base: opts.Transport,
			identity: p.Identity, project: p.Project, st: ps.counters}}
		ps.status = PodStatus{Name: p.Name, State: StateStarting, Interval: ps.interval}
		d.pods = append(d.pods, ps)
	}
	return d, nil
}

// Limiter is the shared limiter.
func (d *Daemon) Limiter() *Limiter { return d.lim }

// InFlight is the number of cycles running.
func (d *Daemon) InFlight() int { return int(d.inflight.Load()) }

// Quiet reports whether, with waiters goroutines asleep on a FakeClock,
// the whole daemon is waiting for time to pass: every cycle in flight is
// asleep (on the limiter or a retry) and so is the scheduler. Simulations
// move the fake clock only then.
func (d *Daemon) Quiet(waiters int) bool {
	want := int(d.inflight.Load())
	if d.armed.Load() {
		want++
	}
	return want > 0 && waiters == want
}

func (d *Daemon) staleAfter(interval time.Duration) time.Duration {
	if d.opts.StaleAfter > 0 {
		return d.opts.StaleAfter
	}
	return max(3*interval+2*time.Minute, 5*time.Minute)
}

func (d *Daemon) jitter(interval time.Duration) time.Duration {
	if d.opts.Jitter == 0 {
		return interval
	}
	d.randMu.Lock()
	r := d.opts.Rand()
	d.randMu.Unlock()
	f := 1 + d.opts.Jitter*(2*r-1)
	return time.Duration(float64(interval) * f)
}

// Run runs cycles until ctx is canceled, then lets the cycles in flight
// finish for up to StopGrace, abandons the rest (cycles are idempotent: the
// next start redoes them) and returns nil. It runs a cycle of every pod at
// start, earliest due first.
func (d *Daemon) Run(ctx context.Context) error {
	now := d.clock.Now()
	d.started = now
	q := &dueQueue{}
	for _, ps := range d.pods {
		ps.due = now
		ps.setStatus(func(s *PodStatus) { s.NextDue = now })
		heap.Push(q, ps)
	}
	// Cycles run on their own context, so a stop can give them a grace
	// period before abandoning them.
	cctx, abandon := context.WithCancel(context.WithoutCancel(ctx))
	defer abandon()
	done := make(chan *podState, len(d.pods))
	running := 0
	for {
		now := d.clock.Now()
		for running < d.opts.Concurrency && q.Len() > 0 && !(*q)[0].due.After(now) {
			ps := heap.Pop(q).(*podState)
			running++
			d.inflight.Add(1)
			go func() {
				d.runCycle(cctx, ps)
				done <- ps
			}()
		}
		var tick <-chan time.Time
		stop := func() {}
		if running < d.opts.Concurrency && q.Len() > 0 {
			tick, stop = d.clock.Timer((*q)[0].due.Sub(now))
			d.armed.Store(true)
		}
		select {
		case <-ctx.Done():
			stop()
			d.armed.Store(false)
			d.log.Info("stopping", "cycles_in_flight", running)
			grace := time.NewTimer(d.opts.StopGrace)
			defer grace.Stop()
			for running > 0 {
				select {
				case <-done:
					running--
					d.inflight.Add(-1)
				case <-grace.C:
					abandon()
				}
			}
			return nil
		case ps := <-done:
			stop()
			d.armed.Store(false)
			running--
			d.inflight.Add(-1)
			heap.Push(q, ps)
		case <-tick:
			d.armed.Store(false)
		}
	}
}

// RunOnce runs one cycle of the named pod now (tests, and a first check at
// start-up) and returns what happened.
func (d *Daemon) RunOnce(ctx context.Context, name string) (CycleEvent, error) {
	for _, ps := range d.pods {
		if ps.pod.Name == name {
			return d.runCycle(ctx, ps), nil
		}
	}
	return CycleEvent{}, fmt.Errorf("no pod named %q", name)
}

// runCycle runs one cycle of ps and sets ps.due for the next.
func (d *Daemon) runCycle(ctx context.Context, ps *podState) CycleEvent {
	start := d.clock.Now()
	before := ps.counters.total.Load()
	log := d.log.With("pod", ps.pod.Name)
	ev := CycleEvent{Pod: ps.pod.Name, Start: start}

	var rep *pod.Report
	err := ctx.Err()
	if err == nil && ps.cycle == nil {
		env := Env{HTTPClient: ps.client, Retry: &google.RetryPolicy{Sleep: d.clock.Sleep}, Log: log}
		ps.cycle, err = ps.pod.Open(ctx, env)
		if err == nil && ps.cycle == nil {
			err = errors.New("Open returned no cycle")
		}
		ps.sinceFresh = 0
	}
	if err == nil {
		if ps.sinceFresh >= d.opts.RefreshEvery {
			refresh(ps.cycle)
			ps.sinceFresh = 0
		}
		ps.sinceFresh++
		c := *ps.cycle
		if c.Now.IsZero() {
			c.Now = start
		}
		c.Log = log
		rep, err = runSafely(ctx, &c, log)
	}
	end := d.clock.Now()
	ev.Duration = end.Sub(start)
	ev.Requests = ps.counters.total.Load() - before
	ev.Report, ev.Err = rep, err

	var failures int
	var next time.Time
	switch {
	case err == nil:
		ev.Result = ResultOK
		next = start.Add(d.jitter(ps.interval))
	case ctx.Err() != nil:
		ev.Result = ResultCanceled
		next = end
	default:
		ev.Result = ResultError
		// Re-read tabs and questions next time: the failure may be an
		// organizer's rename.
		if ps.cycle != nil {
			refresh(ps.cycle)
			ps.sinceFresh = 1
		}
		failures = ps.snapshot().ConsecutiveFailures + 1
		access := errors.Is(err, google.ErrAccessDenied) || errors.Is(err, google.ErrNotFound)
		if access {
			ps.cycle = nil // open again: the credentials may be replaced
		}
		next = end.Add(d.jitter(d.backoff(ps.interval, failures, access)))
	}
	ps.due = next
	ev.Next = next

	ps.setStatus(func(s *PodStatus) {
		s.NextDue = next
		s.Cycles[ev.Result]++
		if ev.Result == ResultCanceled {
			return
		}
		s.LastCycle = start
		s.LastDuration = ev.Duration
		s.LastRequests = ev.Requests
		s.observe(ev.Duration)
		if err == nil {
			s.State = StateOK
			s.LastSuccess = end
			s.ConsecutiveFailures = 0
			s.LastError, s.ErrorKind = "", ""
			s.Responses += int64(rep.NewResponses)
			s.MatchesProposed += int64(rep.MatchesNew)
			s.RoundsPlanned = rep.RoundsPlanned
			s.Members = rep.Members
			s.CellsWritten += int64(rep.CellsWritten)
			return
		}
		s.ConsecutiveFailures = failures
		s.LastError, s.ErrorKind = SafeError(err)
		s.State = StateFailing
		if s.ErrorKind == KindAccess {
			s.State = StateDenied
		}
	})

	switch ev.Result {
	case ResultOK:
		log.Info("cycle", "result", ev.Result, slog.Any("", rep), // the report's counts (pod.Report.LogValue)
			"requests", ev.Requests, "duration", ev.Duration.Round(time.Millisecond))
	case ResultCanceled:
		log.Info("cycle", "result", ev.Result, "requests", ev.Requests,
			"duration", ev.Duration.Round(time.Millisecond))
	default:
		msg, kind := SafeError(err)
		log.Error("cycle", "result", ev.Result, "error_kind", kind, "error", msg,
			"consecutive_failures", failures, "retry_in", next.Sub(end).Round(time.Second),
			"requests", ev.Requests, "duration", ev.Duration.Round(time.Millisecond))
	}
	if d.opts.OnCycle != nil {
		d.opts.OnCycle(ev)
	}
	return ev
}

// runSafely runs the cycle, turning a panic (a bug, perhaps on one pod's
// data) into a failed cycle of that pod, so the other pods go on.
func runSafely(ctx context.Context, c *pod.Cycle, log *slog.Logger) (rep *pod.Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("%T", r)
			if re, ok := r.(runtime.Error); ok {
				msg = re.Error()
			}
			// The stack names functions and files, never data.
			log.Error("panic in a cycle (a podsync bug: please report it)", "panic", msg, "stack", string(debug.Stack()))
			rep, err = nil, fmt.Errorf("podsync bug: the cycle panicked (%s); see the log", msg)
		}
	}()
	return c.Run(ctx)
}

// backoff is the wait after the failures-th failure in a row: an access
// failure (401, 403, 404) doubles from 2 × interval, other failures (Google
// errors that outlasted the retries, a broken tab) retry at the interval
// once, then double. Both are capped at MaxBackoff.
func (d *Daemon) backoff(interval time.Duration, failures int, access bool) time.Duration {
	exp := failures - 1
	if access {
		exp = failures
	}
	wait := interval
	for i := 0; i < exp && wait < d.opts.MaxBackoff; i++ {
		wait *= 2
	}
	return min(wait, d.opts.MaxBackoff)
}

// refresh forgets the cached tab list and form questions.
func refresh(c *pod.Cycle) {
	if inv, ok := c.Store.(interface{ Invalidate() }); ok {
		inv.Invalidate()
	}
	if c.Source != nil {
		if inv, ok := c.Source.(interface{ Invalidate() }); ok {
			inv.Invalidate()
		}
	}
}

// dueQueue orders pods by due time, then by their order in the config.
type dueQueue []*podState

func (q dueQueue) Len() int { return len(q) }
func (q dueQueue) Less(i, j int) bool {
	if !q[i].due.Equal(q[j].due) {
		return q[i].due.Before(q[j].due)
	}
	return q[i].idx < q[j].idx
}
func (q dueQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].heapIdx, q[j].heapIdx = i, j
}
func (q *dueQueue) Push(x any) {
	ps := x.(*podState)
	ps.heapIdx = len(*q)
	*q = append(*q, ps)
}
func (q *dueQueue) Pop() any {
	old := *q
	ps := old[len(old)-1]
	*q = old[:len(old)-1]
	return ps
}
