package daemon

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// organizer makes the edits organizers make in the sheet while podsync
// runs, and remembers what each organizer cell should end up holding.
type organizer struct {
	mu    sync.Mutex
	want  map[[3]string]string // {tab, key, column} -> value
	n     int
	byTab map[string]int
}

func (o *organizer) edit(b *googlefake.Book, tab, keyCol, column string, pick func(rows []map[string]string) int, value string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	cells := b.Cells(tab)
	rows := table(cells)
	if len(rows) == 0 {
		return false
	}
	i := pick(rows)
	if i < 0 {
		return false
	}
	key := rows[i][keyCol]
	r, col := rowOf(cells, keyCol, key)
	if r == 0 {
		return false
	}
	b.SetCell(tab, col(column)+fmt.Sprint(r), value)
	o.want[[3]string{tab, key, column}] = value
	o.n++
	if o.byTab == nil {
		o.byTab = map[string]int{}
	}
	o.byTab[tab]++
	return true
}

func (o *organizer) check(t *testing.T, b *googlefake.Book) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, v := range o.want {
		tab, key, column := k[0], k[1], k[2]
		found := false
		for _, r := range table(b.Cells(tab)) {
			keyCol := sheets.ColMemberID
			if tab == sheets.TabMatches {
				keyCol = sheets.ColMatchID
			}
			if r[keyCol] != key {
				continue
			}
			if found {
				t.Errorf("%s: %s is on two rows", tab, key)
			}
			found = true
			if r[column] != v {
				t.Errorf("%s %s %s = %q, the organizer wrote %q", tab, key, column, r[column], v)
			}
		}
		if !found {
			t.Errorf("%s: the row %s the organizer edited is gone", tab, key)
		}
	}
}

// TestSoak runs pods for many cycles against a fake Google that fails a
// third of all requests (20% 500/503, 5% 429 with Retry-After, 5% dropped
// before and 5% after taking effect) while responses arrive, respondents
// edit them, and organizers edit Members (Active, Notes) during cycles and
// Matches (Status, Notes) between them. At the end every response is on the
// Responses tab exactly once and every organizer edit is intact.
func TestSoak(t *testing.T) {
	cyclesPerPod, maxResponses := 80, 150
	if testing.Short() {
		cyclesPerPod, maxResponses = 25, 50
	}
	srv := googlefake.New(t)
	clk := NewFakeClock(t0)
	var pods []*fakePod
	var dpods []Pod
	orgs := map[string]*organizer{}
	byName := map[string]*fakePod{}
	for i := range 2 {
		p := newFakePod(t, srv, fmt.Sprintf("soak-%d", i))
		pods = append(pods, p)
		name := fmt.Sprintf("pod-%d", i)
		dpods = append(dpods, p.pod(name, nil))
		orgs[name] = &organizer{want: map[[3]string]string{}}
		byName[name] = p
	}
	var okCycles, failedCycles atomic.Int64
	var mu sync.Mutex
	counts := map[string]int{}
	okByPod := map[string]int{}
	rng := rand.New(rand.NewPCG(7, 11))
	d, err := New(dpods, Options{Clock: clk, Transport: srv.Client().Transport, StopGrace: 10 * time.Millisecond,
		Rand: func() float64 { mu.Lock(); defer mu.Unlock(); return rng.Float64() },
		OnCycle: func(ev CycleEvent) {
			if ev.Result == ResultOK {
				okCycles.Add(1)
			} else {
				failedCycles.Add(1)
			}
			mu.Lock()
			if ev.Result == ResultOK {
				okByPod[ev.Pod]++
			}
			counts[ev.Pod]++
			n := counts[ev.Pod]
			mu.Unlock()
			// Between this pod's cycles: accept a proposed match.
			if n%3 == 0 {
				orgs[ev.Pod].edit(byName[ev.Pod].book, sheets.TabMatches, sheets.ColMatchID, "Status", func(rows []map[string]string) int {
					for i, r := range rows {
						if r["Status"] == "Proposed" {
							return i
						}
					}
					return -1
				}, "Accepted")
				orgs[ev.Pod].edit(byName[ev.Pod].book, sheets.TabMatches, sheets.ColMatchID, "Notes", func(rows []map[string]string) int {
					for i, r := range rows {
						if r["Status"] == "Accepted" {
							return i
						}
					}
					return -1
				}, fmt.Sprintf("called on cycle %d", n))
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Chaos(0.35, 42, 500, 503, 500, 503, 429, googlefake.Drop, googlefake.DropAfter)

	// Neighbors and organizers, in real time, while cycles run.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var responses, edits atomic.Int64
	for i, p := range pods {
		org := orgs[fmt.Sprintf("pod-%d", i)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 99))
			var ids []string
			k := 0
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(r.IntN(3000)) * time.Microsecond):
				}
				switch x := r.IntN(10); {
				case x < 4:
					if k < maxResponses {
						ids = append(ids, p.respond(k))
						k++
						responses.Add(1)
					}
				case x < 5 && len(ids) > 0:
					j := r.IntN(len(ids))
					p.edit(j, ids[j])
					edits.Add(1)
				case x < 8:
					col, val := "Notes", fmt.Sprintf("note %d", r.IntN(1000))
					if x == 7 {
						col, val = "Active", []string{"Yes", "Paused", "Left"}[r.IntN(3)]
					}
					org.edit(p.book, sheets.TabMembers, sheets.ColMemberID, col, func(rows []map[string]string) int { return r.IntN(len(rows)) }, val)
				}
			}
		}()
	}
	simulated := simulate(t, d, clk, 24*time.Hour, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range dpods {
			if okByPod[p.Name] < cyclesPerPod {
				return false
			}
		}
		return true
	})
	close(stop)
	wg.Wait()

	// Google recovers; a restarted daemon runs a clean cycle of each pod.
	srv.Chaos(0, 1)
	faults := srv.Count("fault")
	total := srv.Count("total")
	final, err := New(dpods, Options{Clock: NewFakeClock(clk.Peek()), Transport: srv.Client().Transport, Limits: bigLimits()})
	if err != nil {
		t.Fatal(err)
	}
	for _, dp := range dpods {
		if ev, _ := final.RunOnce(context.Background(), dp.Name); ev.Err != nil {
			t.Fatalf("%s: final cycle: %v", dp.Name, ev.Err)
		}
	}
	orgEdits, matchEdits := 0, 0
	for i, p := range pods {
		checkResponsesOnce(t, p)
		org := orgs[fmt.Sprintf("pod-%d", i)]
		org.check(t, p.book)
		orgEdits += org.n
		matchEdits += org.byTab[sheets.TabMatches]
		// Edited responses carry their latest answers.
		for _, r := range table(p.book.Cells(sheets.TabResponses)) {
			want := ""
			if p.edited[r["Response ID"]] {
				want = "Spanish"
			}
			if r["Languages you speak"] != want {
				t.Errorf("response %s: languages %q, want %q", r["Response ID"], r["Languages you speak"], want)
			}
		}
	}
	if u := srv.Unexpected(); len(u) > 0 {
		t.Errorf("requests the fake did not expect: %q", u)
	}
	t.Logf("soak: %v simulated, %d cycles ok, %d failed (then redone), %d requests of which %d faulted, %d responses, %d respondent edits, %d organizer edits (%d on Matches)",
		simulated.Round(time.Second), okCycles.Load(), failedCycles.Load(), total, faults, responses.Load(), edits.Load(), orgEdits, matchEdits)
	if faults == 0 || responses.Load() == 0 || orgEdits == 0 {
		t.Error("the soak exercised nothing")
	}
}
