package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

// bigLimits never make a test wait on the limiter.
func bigLimits() Limits {
	const n = 1 << 20
	return Limits{SheetsReadPerUser: n, SheetsReadPerProject: n, SheetsWritePerUser: n, SheetsWritePerProject: n,
		FormsReadPerUser: n, FormsReadPerProject: n, FormsListPerUser: n, FormsListPerProject: n,
		FormsWritePerUser: n, FormsWritePerProject: n}
}

// faulty fails the at-th Google request (counting from 0) in one way:
// "before" drops it unsent, "after" sends it and loses the answer (the
// write took effect, the client cannot know), "500" answers an error
// without sending it.
type faulty struct {
	base http.RoundTripper
	mu   sync.Mutex
	n    int
	at   int
	mode string
	hit  string // kind of the request faulted
	log  []string
}

func (f *faulty) RoundTrip(r *http.Request) (*http.Response, error) {
	_, class, ok := google.ClassifyRequest(r)
	if !ok {
		return f.base.RoundTrip(r)
	}
	f.mu.Lock()
	k := f.n
	f.n++
	f.log = append(f.log, r.Method+" "+r.URL.Path)
	fire := k == f.at
	if fire {
		f.hit = class + " " + r.URL.Path
	}
	f.mu.Unlock()
	if !fire {
		return f.base.RoundTrip(r)
	}
	switch f.mode {
	case "before":
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, errors.New("injected: connection reset before the request was sent")
	case "after":
		resp, err := f.base.RoundTrip(r)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return nil, errors.New("injected: connection reset after the request took effect")
	default:
		if r.Body != nil {
			r.Body.Close()
		}
		body := `{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}`
		return &http.Response{StatusCode: 500, Status: "500 Internal Server Error", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)),
			ContentLength: int64(len(body)), Request: r}, nil
	}
}

// scenario builds a pod's starting state on a fresh server, the same every
// time.
type scenario struct {
	name  string
	setup func(t *testing.T, p *fakePod)
}

// syncDirect runs one clean cycle outside any daemon.
func syncDirect(t *testing.T, p *fakePod) {
	t.Helper()
	pod := p.pod("setup", &google.RetryPolicy{Sleep: noRetrySleep})
	cy, err := pod.Open(context.Background(), Env{HTTPClient: p.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	cy.Now = t0
	if _, err := cy.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

var scenarios = []scenario{
	{"fresh pod", func(t *testing.T, p *fakePod) {
		for k := range 6 {
			p.respond(k)
		}
	}},
	{"changes and deletions", func(t *testing.T, p *fakePod) {
		var ids []string
		for k := range 6 {
			ids = append(ids, p.respond(k))
		}
		syncDirect(t, p)
		p.respond(6)
		p.edit(1, ids[1])
		// Organizers mark three members as gone (the pairing rounds planned
		// ahead shrink: rows deleted), write a note, and accept a match.
		mem := p.book.Cells(sheets.TabMembers)
		rows := table(mem)
		for _, i := range []int{2, 3, 4} {
			r, col := rowOf(mem, "Member ID", rows[i]["Member ID"])
			p.book.SetCell(sheets.TabMembers, col("Active")+fmt.Sprint(r), "Left")
		}
		r, col := rowOf(mem, "Member ID", rows[0]["Member ID"])
		p.book.SetCell(sheets.TabMembers, col("Notes")+fmt.Sprint(r), "prefers evenings")
		// Matches are proposed once propose.Matches is wired into the
		// cycle; until then the tab has only its header.
		if mt := p.book.Cells(sheets.TabMatches); len(mt) >= 3 {
			r, col = rowOf(mt, "Match ID", table(mt)[len(mt)-2]["Match ID"])
			p.book.SetCell(sheets.TabMatches, col("Status")+fmt.Sprint(r), "Accepted")
		}
	}},
}

// runPodOnce runs one cycle of p through a daemon over transport.
func newTestDaemon(t *testing.T, p *fakePod, transport http.RoundTripper, retry *google.RetryPolicy) *Daemon {
	t.Helper()
	cfg := p.config()
	cfg.Retry = retry
	pod := GooglePod("pod", 0, "no-auth", "", cfg, func(c *pod.Cycle) { c.Now = t0 })
	d, err := New([]Pod{pod}, Options{Transport: transport, Limits: bigLimits(), Clock: NewFakeClock(t0)})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestFaultAtEveryRequest fails each request of a cycle in turn, in each
// way a request can fail, then runs a clean cycle (in the same process, or
// after a restart) and checks the sheet is what a never-failed run makes.
func TestFaultAtEveryRequest(t *testing.T) {
	ctx := context.Background()
	noRetry := &google.RetryPolicy{MaxAttempts: 1, Sleep: noRetrySleep}
	retry := &google.RetryPolicy{Sleep: noRetrySleep, Rand: func() float64 { return 0 }}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			// The reference: a clean cycle, counted.
			ref := newFakePod(t, googlefake.New(t), "")
			sc.setup(t, ref)
			count := &faulty{base: ref.srv.Client().Transport, at: -1}
			if ev, _ := newTestDaemon(t, ref, count, noRetry).RunOnce(ctx, "pod"); ev.Err != nil {
				t.Fatal(ev.Err)
			}
			want := snapshot(ref.book)
			n := count.n
			t.Logf("a clean cycle makes %d requests: %q", n, count.log)
			if n < 4 {
				t.Fatalf("only %d requests", n)
			}
			checkResponsesOnce(t, ref)

			for k := 0; k < n; k++ {
				for _, mode := range []string{"before", "after", "500", "after+retry"} {
					for _, restart := range []bool{false, true} {
						name := fmt.Sprintf("request %d %s restart=%v", k, mode, restart)
						p := newFakePod(t, googlefake.New(t), "")
						sc.setup(t, p)
						f := &faulty{base: p.srv.Client().Transport, at: k, mode: strings.TrimSuffix(mode, "+retry")}
						pol := noRetry
						if strings.HasSuffix(mode, "+retry") {
							pol = retry
						}
						d := newTestDaemon(t, p, f, pol)
						ev, _ := d.RunOnce(ctx, "pod")
						if pol == noRetry && ev.Err == nil && mode != "after" {
							t.Errorf("%s (%s): the cycle did not fail", name, f.hit)
						}
						if restart {
							d = newTestDaemon(t, p, p.srv.Client().Transport, noRetry)
						}
						if ev, _ := d.RunOnce(ctx, "pod"); ev.Err != nil {
							t.Errorf("%s (%s): clean cycle: %v", name, f.hit, ev.Err)
							continue
						}
						got := snapshot(p.book)
						checkChangesLogged(t, name, want, got)
						if diff := diffSnapshots(without(want, sheets.TabChanges), without(got, sheets.TabChanges)); diff != "" {
							t.Errorf("%s (%s): not converged:\n%s", name, f.hit, diff)
						}
						checkResponsesOnce(t, p)
						if u := p.srv.Unexpected(); len(u) > 0 {
							t.Errorf("%s: unexpected requests %q", name, u)
						}
					}
				}
			}
		})
	}
}

// without returns the snapshot without one tab.
func without(s map[string][][]string, tab string) map[string][][]string {
	out := maps.Clone(s)
	delete(out, tab)
	return out
}

// checkChangesLogged checks that a cycle redone after a fault logs, in the
// Changes tab, every change a never-failed cycle logs (by What and Who). The
// tab is a log, not state: a cycle whose write half landed before the
// fault, redone, may say a second time that someone left a round whose old
// rows it had not yet deleted, so the tab is not compared cell for cell.
func checkChangesLogged(t *testing.T, name string, want, got map[string][][]string) {
	t.Helper()
	have := map[string]bool{}
	for _, r := range table(got[sheets.TabChanges]) {
		have[r["What"]+"|"+r["Who"]] = true
	}
	for _, r := range table(want[sheets.TabChanges]) {
		if !have[r["What"]+"|"+r["Who"]] {
			t.Errorf("%s: the Changes tab lacks %q %q", name, r["What"], r["Who"])
		}
	}
}

// checkResponsesOnce checks every response added is on the Responses tab
// exactly once, and every member once.
func checkResponsesOnce(t *testing.T, p *fakePod) {
	t.Helper()
	seen := map[string]int{}
	for _, r := range table(p.book.Cells(sheets.TabResponses)) {
		seen[r["Response ID"]]++
	}
	for _, id := range p.ids {
		if seen[id] != 1 {
			t.Errorf("response %s is on the Responses tab %d times", id, seen[id])
		}
	}
	if len(seen) != len(p.ids) {
		t.Errorf("Responses has %d IDs, %d responses were made", len(seen), len(p.ids))
	}
	members := map[string]int{}
	for _, r := range table(p.book.Cells(sheets.TabMembers)) {
		members[r["Member ID"]]++
		if members[r["Member ID"]] > 1 {
			t.Errorf("member %s twice on Members", r["Member ID"])
		}
	}
}
