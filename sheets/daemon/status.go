package daemon

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/ingest"
)

// Pod states, as /healthz reports them.
const (
	StateStarting = "starting" // no cycle finished yet
	StateOK       = "ok"       // the last cycle succeeded
	StateFailing  = "failing"  // the last cycle failed; retried with backoff
	StateDenied   = "denied"   // no access (401, 403, 404); retried with backoff
	StateStale    = "stale"    // the last success is older than StaleAfter
)

// Error kinds, for logs and /healthz.
const (
	KindAccess    = "access"    // credentials rejected, no access, or no such spreadsheet or form
	KindTemporary = "temporary" // Google's 429/5xx or the network, after retries
	KindGoogle    = "google"    // another refusal from Google (400, …)
	KindSheet     = "sheet"     // something in the sheet to fix (a header, a setting)
	KindCanceled  = "canceled"
	KindOther     = "other"
)

// PodStatus is a pod's health, without personal data.
type PodStatus struct {
	Name                string
	State               string
	Interval            time.Duration
	LastCycle           time.Time // start of the last finished cycle
	LastSuccess         time.Time // end of the last successful cycle
	NextDue             time.Time
	LastDuration        time.Duration
	LastRequests        int64
	ConsecutiveFailures int
	LastError           string // SafeError text
	ErrorKind           string
	Cycles              map[string]int64 // by result
	Responses           int64            // responses ingested (new rows), in all
	MatchesProposed     int64            // new proposed matches, in all
	CellsWritten        int64
	RoundsPlanned       int // at the last success
	Members             int // at the last success

	durCount   int64
	durSum     float64
	durBuckets []int64
}

// durationBuckets are the upper bounds of the cycle duration histogram.
var durationBuckets = []float64{0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}

func (s *PodStatus) observe(d time.Duration) {
	if s.durBuckets == nil {
		s.durBuckets = make([]int64, len(durationBuckets))
	}
	v := d.Seconds()
	s.durCount++
	s.durSum += v
	for i, b := range durationBuckets {
		if v <= b {
			s.durBuckets[i]++
		}
	}
}

func (ps *podState) setStatus(f func(*PodStatus)) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.status.Cycles == nil {
		ps.status.Cycles = map[string]int64{}
	}
	f(&ps.status)
}

func (ps *podState) snapshot() PodStatus {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	s := ps.status
	s.Cycles = make(map[string]int64, len(ps.status.Cycles))
	for k, v := range ps.status.Cycles {
		s.Cycles[k] = v
	}
	s.durBuckets = append([]int64(nil), ps.status.durBuckets...)
	return s
}

// Status returns every pod's status, with State as /healthz judges it now.
func (d *Daemon) Status() []PodStatus {
	now := d.clock.Now()
	out := make([]PodStatus, len(d.pods))
	for i, ps := range d.pods {
		s := ps.snapshot()
		stale := d.staleAfter(s.Interval)
		switch {
		case s.State == StateOK && now.Sub(s.LastSuccess) > stale:
			s.State = StateStale
		case s.State == StateStarting && !d.started.IsZero() && now.Sub(d.started) > stale:
			s.State = StateStale
		}
		out[i] = s
	}
	return out
}

// Healthy reports whether every pod's last cycle succeeded recently.
func (s PodStatus) Healthy() bool { return s.State == StateOK || s.State == StateStarting }

// podCounters count a pod's requests, by API and answer.
type podCounters struct {
	total     atomic.Int64
	waitNanos atomic.Int64
	mu        sync.Mutex
	byKey     map[[2]string]int64 // {api, code}
}

func newPodCounters() *podCounters { return &podCounters{byKey: map[[2]string]int64{}} }

func (c *podCounters) request(api, code string) {
	c.total.Add(1)
	c.mu.Lock()
	c.byKey[[2]string{api, code}]++
	c.mu.Unlock()
}

type requestCount struct {
	api, code string
	n         int64
}

func (c *podCounters) counts() []requestCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]requestCount, 0, len(c.byKey))
	for k, n := range c.byKey {
		out = append(out, requestCount{k[0], k[1], n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].api != out[j].api {
			return out[i].api < out[j].api
		}
		return out[i].code < out[j].code
	})
	return out
}

// SafeError describes err for logs and /healthz without personal data:
// Google's answers and what to do are kept (they name IDs and accounts
// podsync runs as, never a member), a tab problem keeps its tab, row,
// column and fix but not the cell's text. kind is one of the Kind
// constants.
func SafeError(err error) (msg, kind string) {
	if err == nil {
		return "", ""
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return "canceled", KindCanceled
	}
	prefix := ""
	var oe *sheets.OpError
	if errors.As(err, &oe) {
		prefix = oe.Op
		if oe.Tab != "" {
			prefix += fmt.Sprintf(" tab %q", oe.Tab)
		}
		prefix += ": "
	}
	var ge *google.Error
	if errors.As(err, &ge) {
		kind = KindGoogle
		switch {
		case errors.Is(ge, google.ErrAccessDenied) || errors.Is(ge, google.ErrNotFound):
			kind = KindAccess
		case ge.Temporary():
			kind = KindTemporary
		}
		return prefix + ge.Error(), kind
	}
	var te *sheets.TabError
	if errors.As(err, &te) {
		s := fmt.Sprintf("tab %q", te.Tab)
		if te.Row > 0 {
			s += fmt.Sprintf(", row %d", te.Row)
		}
		if te.Column != "" {
			s += fmt.Sprintf(", column %q", te.Column)
		}
		if te.Fix != "" {
			s += ": " + te.Fix
		} else {
			s += ": cannot be read (run podsync doctor for details)"
		}
		return prefix + s, KindSheet
	}
	var pe *ingest.ParseError
	if errors.As(err, &pe) {
		s := pe.File
		if pe.Line > 0 {
			unit := "row" // a tab
			if strings.HasPrefix(pe.File, "file ") {
				unit = "line"
			}
			s += fmt.Sprintf(", %s %d", unit, pe.Line)
		}
		if pe.Column != "" {
			s += fmt.Sprintf(", column %q", pe.Column)
		}
		return prefix + s + ": cannot be read (run podsync sync once for the details)", KindSheet
	}
	// What is left is worded by podsync itself (a tab deleted mid-cycle, a
	// bad ID, a credentials file that cannot be read): no cell text.
	return err.Error(), KindOther
}
