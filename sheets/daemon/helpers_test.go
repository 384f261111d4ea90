package daemon

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// t0 is the simulated start of every test run.
var t0 = time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)

// person is the k-th made-up neighbor's form answers.
func person(k int) map[string][]string {
	cats := []string{"Food and groceries", "Childcare", "Medicine and errands", "Tech assistance", "Emotional support", "Language translation"}
	return map[string][]string{
		"Your name":                                             {fmt.Sprintf("Neighbor %03d", k)},
		"Email address":                                         {fmt.Sprintf("n%03d@example.org", k)},
		"Your zone (building, floor or block)":                  {fmt.Sprintf("Block %d", k%3)},
		"What can you help others with?":                        {cats[k%len(cats)]},
		"What do you need help with?":                           {cats[(k+2)%len(cats)]},
		"Would you like 1-on-1 conversations with pod members?": {"Yes"},
		"What may we share with the whole pod?":                 {"My name", "My zone"},
		"How many neighbors could you help at a time?":          {"2"},
		"Best way to reach you":                                 {"Email"},
		"How regularly do you want to check in?":                {"Weekly"},
	}
}

// fakePod is a spreadsheet and form on a fake server.
type fakePod struct {
	srv    *googlefake.Server
	sheet  string
	form   string
	book   *googlefake.Book
	mu     sync.Mutex
	nextTS time.Time // submission time of the next response
	ids    []string  // responses added
	edited map[string]bool
}

func noRetrySleep(context.Context, time.Duration) error { return nil }

// newFakePod adds a spreadsheet (the default one when id is "") and a
// form built from podsync's template.
func newFakePod(t testing.TB, srv *googlefake.Server, id string) *fakePod {
	t.Helper()
	if id == "" {
		id = googlefake.SpreadsheetID
	} else {
		srv.AddSpreadsheet(id, "Pod "+id)
	}
	cfg := google.Config{Endpoint: srv.URL, NoAuth: true, HTTPClient: srv.Client(),
		Retry: &google.RetryPolicy{Sleep: noRetrySleep}}
	form, _, err := google.CreateForm(context.Background(), cfg, "Pod "+id)
	if err != nil {
		t.Fatal(err)
	}
	return &fakePod{srv: srv, sheet: id, form: form, book: srv.Book(id), nextTS: t0.Add(-72 * time.Hour)}
}

// respond adds the response of person k, submitted a second after the
// last one.
func (p *fakePod) respond(k int) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextTS = p.nextTS.Add(time.Second)
	id := fmt.Sprintf("resp-%s-%04d", p.sheet, k)
	p.srv.AddResponse(p.form, googlefake.Response{ID: id, Submitted: p.nextTS, Answers: person(k)})
	p.ids = append(p.ids, id)
	return id
}

// edit changes person k's answers (a respondent editing their response).
// It replaces the response through AddResponse rather than EditResponse:
// the fake's EditResponse changes the stored response in place, racing
// with a forms.responses.list being encoded.
func (p *fakePod) edit(k int, id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextTS = p.nextTS.Add(time.Second)
	a := person(k)
	a["Languages you speak"] = []string{"Spanish"}
	p.srv.AddResponse(p.form, googlefake.Response{ID: id, Submitted: p.nextTS, Answers: a})
	if p.edited == nil {
		p.edited = map[string]bool{}
	}
	p.edited[id] = true
}

func (p *fakePod) config() google.Config {
	return google.Config{SpreadsheetID: p.sheet, FormID: p.form, Endpoint: p.srv.URL, NoAuth: true}
}

// pod is the daemon Pod for p; retry tunes the retry policy (nil: the
// daemon's, sleeping on its clock).
func (p *fakePod) pod(name string, retry *google.RetryPolicy) Pod {
	cfg := p.config()
	cfg.Retry = retry
	return GooglePod(name, 0, "no-auth", "", cfg, nil)
}

// table finds a tab's rows by header: rows as maps.
func table(cells [][]string) []map[string]string {
	if len(cells) == 0 {
		return nil
	}
	var out []map[string]string
	for _, r := range cells[1:] {
		m := map[string]string{}
		for i, h := range cells[0] {
			if i < len(r) {
				m[h] = r[i]
			} else {
				m[h] = ""
			}
		}
		out = append(out, m)
	}
	return out
}

// rowOf returns the 1-based sheet row and the column letters of a keyed
// row, or 0.
func rowOf(cells [][]string, keyCol, key string) (row int, col func(string) string) {
	if len(cells) == 0 {
		return 0, nil
	}
	idx := map[string]int{}
	for i, h := range cells[0] {
		idx[h] = i
	}
	col = func(name string) string {
		i, ok := idx[name]
		if !ok {
			panic("no column " + name)
		}
		return sheets.ColLetter(i)
	}
	k, ok := idx[keyCol]
	if !ok {
		return 0, col
	}
	for i, r := range cells[1:] {
		if k < len(r) && r[k] == key {
			return i + 2, col
		}
	}
	return 0, col
}

// snapshot is every tab's cells.
func snapshot(b *googlefake.Book) map[string][][]string {
	out := map[string][][]string{}
	for _, tab := range b.Tabs() {
		out[tab] = b.Cells(tab)
	}
	return out
}

func diffSnapshots(a, b map[string][][]string) string {
	var out []string
	tabs := map[string]bool{}
	for k := range a {
		tabs[k] = true
	}
	for k := range b {
		tabs[k] = true
	}
	var names []string
	for k := range tabs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, tab := range names {
		x, y := a[tab], b[tab]
		if reflect.DeepEqual(x, y) {
			continue
		}
		if x == nil || y == nil {
			out = append(out, fmt.Sprintf("tab %q only on one side", tab))
			continue
		}
		for i := 0; i < max(len(x), len(y)); i++ {
			var rx, ry []string
			if i < len(x) {
				rx = x[i]
			}
			if i < len(y) {
				ry = y[i]
			}
			if !reflect.DeepEqual(rx, ry) {
				out = append(out, fmt.Sprintf("%s row %d:\n  want %q\n  got  %q", tab, i+1, rx, ry))
				if len(out) > 6 {
					return strings.Join(out, "\n")
				}
			}
		}
	}
	return strings.Join(out, "\n")
}

// simulate runs d on a fake clock until until() or the sim time limit,
// moving the clock whenever the daemon is quiet. until must not use the
// clock (a call to it looks like activity). It returns the sim time
// reached. The simulation is stuck when the clock has not moved for
// stallAfter of real time: a slow machine (go test ./... running other
// packages, -race) only makes it take longer.
func simulate(t testing.TB, d *Daemon, clk *FakeClock, limit time.Duration, until func() bool) time.Duration {
	t.Helper()
	const stallAfter = 30 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- d.Run(ctx) }()
	start := clk.Peek()
	var lastCalls uint64
	quietPolls := 0
	moved, deadline := start, time.Now().Add(stallAfter)
	for {
		if clk.Peek().Sub(start) >= limit || (until != nil && until()) {
			break
		}
		if now := clk.Peek(); now.After(moved) {
			moved, deadline = now, time.Now().Add(stallAfter)
		}
		if time.Now().After(deadline) {
			cancel()
			if os.Getenv("DAEMON_DUMP") != "" {
				pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
			}
			c1 := clk.Calls()
			time.Sleep(10 * time.Millisecond)
			t.Fatalf("simulation stuck at %v: the clock has not moved for %v (waiters %d, in flight %d, timer armed %v, clock calls in 10ms %d)", clk.Peek().Sub(start), stallAfter, clk.Waiters(), d.InFlight(), d.armed.Load(), clk.Calls()-c1)
		}
		calls := clk.Calls()
		if d.Quiet(clk.Waiters()) && calls == lastCalls {
			quietPolls++
		} else {
			quietPolls = 0
		}
		lastCalls = calls
		if quietPolls >= 2 {
			clk.AdvanceToNext()
			quietPolls = 0
			continue
		}
		time.Sleep(20 * time.Microsecond)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	return clk.Peek().Sub(start)
}

// requestLog records, under the limiter, when each Google request was sent
// by the fake clock and what quota it counts against.
type requestLog struct {
	clk  Clock
	base http.RoundTripper
	who  func(path string) string // identity of a request

	mu  sync.Mutex
	log []sent
}

type sent struct {
	at       time.Time
	class    string
	identity string
}

func (l *requestLog) RoundTrip(r *http.Request) (*http.Response, error) {
	if _, class, ok := google.ClassifyRequest(r); ok {
		id := ""
		if l.who != nil {
			id = l.who(r.URL.Path)
		}
		l.mu.Lock()
		l.log = append(l.log, sent{l.clk.Now(), class, id})
		l.mu.Unlock()
	}
	return l.base.RoundTrip(r)
}

func (l *requestLog) all() []sent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]sent(nil), l.log...)
}

// maxInWindow is the most requests matching keep in any closed window of
// length w.
func maxInWindow(log []sent, w time.Duration, keep func(sent) bool) (int, time.Time) {
	var ts []time.Time
	for _, s := range log {
		if keep(s) {
			ts = append(ts, s.at)
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best, at := 0, time.Time{}
	j := 0
	for i := range ts {
		for ts[i].Sub(ts[j]) > w {
			j++
		}
		if n := i - j + 1; n > best {
			best, at = n, ts[j]
		}
	}
	return best, at
}
