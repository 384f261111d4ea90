package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

// syncBuffer is a bytes.Buffer safe for a logger shared by goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDeniedPodBacksOff: a pod whose access is refused (403) is retried
// after 2, 4, 8, 16 … intervals and reported on /healthz and /metrics,
// while the other pod goes on every interval; once access is back it
// recovers. Logs hold counts, never a neighbor's name or email.
func TestDeniedPodBacksOff(t *testing.T) {
	good := newFakePod(t, googlefake.New(t), "")
	bad := newFakePod(t, googlefake.New(t), "")
	for k := range 5 {
		good.respond(k)
		bad.respond(k)
	}
	bad.srv.Deny(403)
	clk := NewFakeClock(t0)
	logs := &syncBuffer{}
	var mu sync.Mutex
	var badStarts []time.Duration
	d, err := New([]Pod{good.pod("good", nil), bad.pod("bad", nil)}, Options{
		Clock: clk, Transport: good.srv.Client().Transport, StopGrace: 10 * time.Millisecond, Jitter: -1,
		Log: slog.New(slog.NewJSONHandler(logs, nil)),
		OnCycle: func(ev CycleEvent) {
			if ev.Pod == "bad" {
				mu.Lock()
				badStarts = append(badStarts, ev.Start.Sub(t0))
				mu.Unlock()
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	simulate(t, d, clk, 40*time.Minute, nil)

	mu.Lock()
	starts := append([]time.Duration(nil), badStarts...)
	mu.Unlock()
	// 0, then waits of 2m, 4m, 8m, 16m (a few seconds of cycle time each).
	wantGaps := []time.Duration{2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute}
	if len(starts) != 5 {
		t.Fatalf("denied pod tried at %v", starts)
	}
	for i, g := range wantGaps {
		if gap := starts[i+1] - starts[i]; gap < g || gap > g+10*time.Second {
			t.Errorf("wait %d: %v, want %v", i+1, gap, g)
		}
	}
	st := d.Status()
	if st[0].State != StateOK || st[0].Cycles[ResultOK] < 35 {
		t.Errorf("good pod: %+v", st[0])
	}
	if st[1].State != StateDenied || st[1].ConsecutiveFailures != 5 || st[1].ErrorKind != KindAccess ||
		!strings.Contains(st[1].LastError, "403") {
		t.Errorf("bad pod: %+v", st[1])
	}

	// /healthz: 503, with the per-pod JSON.
	rec := httptest.NewRecorder()
	d.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/healthz %d", rec.Code)
	}
	var h struct {
		Status string
		Pods   []struct {
			Name, Status, Error_Kind string
			Consecutive_Failures     int
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &h); err != nil || h.Status != "unhealthy" || len(h.Pods) != 2 ||
		h.Pods[0].Status != "ok" || h.Pods[1].Status != "denied" {
		t.Errorf("/healthz body %s (%v)", rec.Body, err)
	}

	// /metrics: the text format, with the families and labels asked for.
	rec = httptest.NewRecorder()
	d.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	checkExposition(t, body)
	for _, want := range []string{
		`podsync_cycles_total{pod="bad",result="error"} 5`,
		`podsync_cycles_total{pod="good",result="ok"} `,
		`podsync_requests_total{pod="bad",api="sheets",code="403"} `,
		`podsync_last_success_timestamp_seconds{pod="bad"} 0`,
		`podsync_cycle_duration_seconds_bucket{pod="good",le="+Inf"} `,
		`podsync_pod_healthy{pod="bad",status="denied"} 0`,
		`podsync_quota_per_minute{class="sheets.read",scope="user",key="no-auth"} 60`,
		`podsync_quota_budget_per_minute{class="sheets.read",scope="project",key="default"} 270`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// Access comes back: the pod recovers at its next try.
	bad.srv.Deny(0)
	simulate(t, d, clk, 40*time.Minute, nil)
	if st := d.Status()[1]; st.State != StateOK || st.Members != 5 {
		t.Errorf("after access came back: %+v", st)
	}
	rec = httptest.NewRecorder()
	d.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("/healthz %d: %s", rec.Code, rec.Body)
	}

	// Logs: one line per cycle, counts only.
	out := logs.String()
	for _, pii := range []string{"Neighbor", "example.org", "Block "} {
		if strings.Contains(out, pii) {
			t.Errorf("logs hold personal data (%q)", pii)
		}
	}
	lines := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] != "cycle" {
			continue
		}
		lines++
		if m["result"] == "ok" {
			for _, k := range []string{"new_responses", "matches_new", "rounds_planned", "requests", "duration"} {
				if _, ok := m[k]; !ok {
					t.Errorf("log line lacks %s: %s", k, l)
				}
			}
		}
	}
	var total int64
	for _, s := range d.Status() {
		for _, n := range s.Cycles {
			total += n
		}
	}
	if int64(lines) != total {
		t.Errorf("%d cycle log lines for %d cycles", lines, total)
	}
}

var (
	metricLine = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? [-+0-9.eEInfNa]+$`)
	helpLine   = regexp.MustCompile(`^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$`)
)

// checkExposition checks every line of a /metrics body against the
// Prometheus text format.
func checkExposition(t *testing.T, body string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(body))
	types := map[string]bool{}
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "# TYPE "):
			f := strings.Fields(l)
			if types[f[2]] {
				t.Errorf("TYPE twice for %s", f[2])
			}
			types[f[2]] = true
			fallthrough
		case strings.HasPrefix(l, "#"):
			if !helpLine.MatchString(l) {
				t.Errorf("bad comment line %q", l)
			}
		default:
			if !metricLine.MatchString(l) {
				t.Errorf("bad sample line %q", l)
			}
		}
	}
}

func TestLabelEscaping(t *testing.T) {
	got := labels("pod", "a\"b\\c\nd")
	if want := `{pod="a\"b\\c\nd"}`; got != want {
		t.Errorf("%s, want %s", got, want)
	}
}

type panicStore struct{ sheets.Store }

func (panicStore) Read(context.Context, ...string) (map[string]*sheets.Table, error) {
	var m map[string]int
	m["x"]++ // a bug: assignment to a nil map
	return nil, nil
}

// TestPanicIsOnePodsFailure: a cycle that panics fails its pod only.
func TestPanicIsOnePodsFailure(t *testing.T) {
	good := newFakePod(t, googlefake.New(t), "")
	good.respond(1)
	broken := Pod{Name: "broken", Open: func(context.Context, Env) (*pod.Cycle, error) {
		return &pod.Cycle{Store: panicStore{}}, nil
	}}
	logs := &syncBuffer{}
	d, err := New([]Pod{broken, good.pod("good", nil)}, Options{Transport: good.srv.Client().Transport, Limits: bigLimits(),
		Clock: NewFakeClock(t0), Log: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := d.RunOnce(context.Background(), "broken")
	if ev.Result != ResultError || !strings.Contains(ev.Err.Error(), "nil map") {
		t.Errorf("broken: %s %v", ev.Result, ev.Err)
	}
	if ev, _ := d.RunOnce(context.Background(), "good"); ev.Result != ResultOK {
		t.Errorf("good: %s %v", ev.Result, ev.Err)
	}
	if !strings.Contains(logs.String(), "panic in a cycle") {
		t.Errorf("logs:\n%s", logs)
	}
}
