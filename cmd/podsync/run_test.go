package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// lockedBuffer is a bytes.Buffer the daemon's goroutines may log to while
// the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runPod is a fake spreadsheet with a form and a few responses.
func runPod(t *testing.T) (*googlefake.Server, string) {
	t.Helper()
	srv := googlefake.New(t)
	cfg := google.Config{Endpoint: srv.URL, NoAuth: true, HTTPClient: srv.Client(),
		Retry: &google.RetryPolicy{Sleep: func(context.Context, time.Duration) error { return nil }}}
	form, _, err := google.CreateForm(context.Background(), cfg, "Pod")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	for i, n := range []string{"Ana", "Bo", "Cy", "Dee"} {
		srv.AddResponse(form, fakeResponse(n, strings.ToLower(n)+"@example.org", "Food and groceries", "Childcare", t0.Add(time.Duration(i)*time.Minute)))
	}
	srv.ResetCounts()
	return srv, form
}

func runArgs(srv *googlefake.Server, form string, more ...string) []string {
	return append([]string{"podsync", "run", "--spreadsheet", googlefake.SpreadsheetID, "--form", form,
		"--endpoint", srv.URL, "--no-auth", "--now", "2026-11-25", "--interval", "1s"}, more...)
}

// converged checks the pod's sheet after a run: every response once,
// every member once.
func converged(t *testing.T, srv *googlefake.Server, want int) {
	t.Helper()
	ids := map[string]int{}
	resp := srv.Cells(sheets.TabResponses)
	if len(resp) == 0 {
		t.Fatal("no Responses tab")
	}
	for _, r := range resp[1:] {
		ids[r[0]]++
	}
	if len(ids) != want {
		t.Errorf("%d responses on the tab, want %d", len(ids), want)
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("response %s %d times", id, n)
		}
	}
	if m := srv.Cells(sheets.TabMembers); len(m) != want+1 {
		t.Errorf("Members has %d rows, want %d", len(m)-1, want)
	}
	if u := srv.Unexpected(); len(u) > 0 {
		t.Errorf("unexpected requests %q", u)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestRunSIGTERM runs `podsync run` and sends the process SIGTERM while a
// cycle is in flight: it exits 0 within a few seconds, and the next start
// converges.
func TestRunSIGTERM(t *testing.T) {
	srv, form := runPod(t)
	srv.SetDelay(300 * time.Millisecond)
	var out, errb lockedBuffer
	codec := make(chan int, 1)
	go func() { codec <- run(runArgs(srv, form), &out, &errb) }()
	// run() has installed its signal handlers once a request has arrived.
	waitFor(t, "a cycle in flight", func() bool { return srv.Count("total") >= 2 })
	sent := time.Now()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-codec:
		took := time.Since(sent)
		if code != 0 {
			t.Fatalf("exit %d after SIGTERM\n%s", code, errb.String())
		}
		if took > 4*time.Second {
			t.Errorf("exit took %v", took)
		}
		t.Logf("exit 0 %v after SIGTERM", took.Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		t.Fatal("podsync run did not exit after SIGTERM")
	}
	logs := errb.String()
	for _, want := range []string{"signal: finishing the cycles in flight", "stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}

	// The next start converges.
	srv.SetDelay(0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var errb2 lockedBuffer
	go func() { done <- newApp(io.Discard, &errb2).RunContext(ctx, runArgs(srv, form)) }()
	waitFor(t, "a cycle", func() bool { return strings.Contains(errb2.String(), "result=ok") })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	converged(t, srv, 4)
	for _, pii := range []string{"Ana", "example.org"} {
		if strings.Contains(errb.String()+errb2.String(), pii) {
			t.Errorf("logs hold personal data %q", pii)
		}
	}
}

// TestRunCancel stops `podsync run` in process (its context canceled, as
// the first signal does) during a cycle, then during another with a
// response arriving between: each start converges.
func TestRunCancel(t *testing.T) {
	srv, form := runPod(t)
	for round, after := range []int{1, 3, 4} {
		srv.SetDelay(100 * time.Millisecond)
		srv.ResetCounts()
		if round == 1 {
			srv.AddResponse(form, fakeResponse("Eve", "eve@example.org", "Childcare", "Food and groceries", time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)))
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- newApp(io.Discard, io.Discard).RunContext(ctx, runArgs(srv, form, "--log-format", "json"))
		}()
		waitFor(t, "requests", func() bool { return srv.Count("total") >= after })
		stopped := time.Now()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("run did not return")
		}
		if took := time.Since(stopped); took > 3*time.Second {
			t.Errorf("round %d: stop took %v", round, took)
		}
	}
	srv.SetDelay(0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var errb lockedBuffer
	go func() { done <- newApp(io.Discard, &errb).RunContext(ctx, runArgs(srv, form, "--log-format", "json")) }()
	waitFor(t, "a cycle", func() bool { return strings.Contains(errb.String(), `"result":"ok"`) })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	converged(t, srv, 5)
}

// TestRunConfig runs two pods from a --config file and reads /healthz and
// /metrics while they run.
func TestRunConfig(t *testing.T) {
	srv, form := runPod(t)
	srv.AddSpreadsheet("second-sheet", "Second pod")
	form2, _, err := google.CreateForm(context.Background(), google.Config{Endpoint: srv.URL, NoAuth: true}, "Second")
	if err != nil {
		t.Fatal(err)
	}
	srv.AddResponse(form2, fakeResponse("Fay", "fay@example.org", "Childcare", "Food and groceries", time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "pods.json")
	body := fmt.Sprintf(`{
  "interval": "1s",
  "pods": [
    {"name": "first", "spreadsheet": %q, "form": %q},
    {"name": "second", "spreadsheet": "second-sheet", "form": %q}
  ]
}`, googlefake.SpreadsheetID, form, form2)
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errb lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- newApp(io.Discard, &errb).RunContext(ctx, []string{"podsync", "run", "--config", cfg,
			"--endpoint", srv.URL, "--no-auth", "--now", "2026-11-25", "--listen", "127.0.0.1:0"})
	}()
	addrRE := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	var addr string
	waitFor(t, "the listener", func() bool {
		m := addrRE.FindStringSubmatch(errb.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	})
	deadline := time.Now().Add(10 * time.Second)
	for s := errb.String(); !strings.Contains(s, "pod=first result=ok") || !strings.Contains(s, "pod=second result=ok"); s = errb.String() {
		if time.Now().After(deadline) {
			t.Fatalf("no cycle of both pods:\n%s", s)
		}
		time.Sleep(2 * time.Millisecond)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Status string
		Pods   []struct{ Name, Status string }
	}
	err = json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || h.Status != "ok" || len(h.Pods) != 2 {
		t.Errorf("/healthz %d %+v %v", resp.StatusCode, h, err)
	}
	resp, err = http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`podsync_cycles_total{pod="first",result="ok"}`, `podsync_requests_total{pod="second",api="sheets",code="200"}`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	converged(t, srv, 4)
}

func TestRunUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"pods\": [\n    {\"spreadsheet\": \"A\", \"interval\": \"soon\"}\n  ]\n}\n"), 0o600)
	stale := filepath.Join(dir, "stale.json")
	os.WriteFile(stale, []byte("{\n  \"interval\": \"5m\",\n  \"stale_after\": \"1m\",\n  \"pods\": [{\"spreadsheet\": \"A\"}]\n}\n"), 0o600)
	short := filepath.Join(dir, "short.json") // shorter than --interval
	os.WriteFile(short, []byte("{\n  \"stale_after\": \"90s\",\n  \"pods\": [{\"spreadsheet\": \"A\"}]\n}\n"), 0o600)
	nocreds := filepath.Join(dir, "nocreds.json")
	os.WriteFile(nocreds, []byte("{\n  \"pods\": [\n    {\"spreadsheet\": \"A\", \"credentials\": \""+filepath.Join(dir, "nope.json")+"\"}\n  ]\n}\n"), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run"}, "give --workbook FILE"},
		{[]string{"run", "--spreadsheet", "A", "--interval", "10ms"}, "use at least 1s"},
		{[]string{"run", "--spreadsheet", "A", "--log-format", "xml"}, "use text or json"},
		{[]string{"run", "--config", bad}, "bad.json:3: pods[0].interval:"},
		{[]string{"run", "--config", bad, "--spreadsheet", "A"}, "give --spreadsheet in the file"},
		{[]string{"run", "--spreadsheet", "a b"}, "not a spreadsheet ID"},
		{[]string{"run", "--config", stale}, "stale.json:3: stale_after: 1m0s is not longer than"},
		{[]string{"run", "--config", short, "--interval", "2m"}, "short.json:2: stale_after: 1m30s is not longer than"},
		{[]string{"run", "--config", nocreds}, "nocreds.json:3: pods[0].credentials: " + filepath.Join(dir, "nope.json") + " does not exist"},
		{[]string{"run", "--spreadsheet", "A", "--listen", "localhost"}, "--listen"},
		{[]string{"run", "--spreadsheet", "A", "--listen", "127.0.0.1:http-ish"}, "is not a port"},
		{[]string{"run", "--spreadsheet", "A", "--listen", "127.0.0.1:99999"}, "is not a port"},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

// TestRunSecondSignal: a second SIGTERM while the first stop waits for the
// cycle in flight exits at once, with status 1.
func TestRunSecondSignal(t *testing.T) {
	srv, form := runPod(t)
	srv.SetDelay(2 * time.Second) // a cycle outlasts the stop's grace
	exited := make(chan int, 1)
	exitNow = func(code int) { exited <- code }
	defer func() { exitNow = os.Exit }()
	var errb lockedBuffer
	codec := make(chan int, 1)
	go func() { codec <- run(runArgs(srv, form), io.Discard, &errb) }()
	waitFor(t, "a cycle in flight", func() bool { return srv.Count("total") >= 1 })
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first stop", func() bool { return strings.Contains(errb.String(), "signal: finishing") })
	sent := time.Now()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exited:
		if code != 1 || time.Since(sent) > time.Second {
			t.Errorf("exit %d after %v", code, time.Since(sent))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second signal did not exit")
	}
	// With exitNow replaced, run goes on to its clean stop.
	if code := <-codec; code != 0 {
		t.Errorf("run returned %d", code)
	}
}

// TestRunConfigSIGTERMLogOrder: with --config, SIGTERM logs "signal:
// finishing…" before "stopped", which is the last line.
func TestRunConfigSIGTERMLogOrder(t *testing.T) {
	srv, form := runPod(t)
	cfg := filepath.Join(t.TempDir(), "pods.json")
	body := fmt.Sprintf(`{"interval": "1s", "pods": [{"name": "first", "spreadsheet": %q, "form": %q}]}`, googlefake.SpreadsheetID, form)
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var errb lockedBuffer
	codec := make(chan int, 1)
	go func() {
		codec <- run([]string{"podsync", "run", "--config", cfg, "--endpoint", srv.URL, "--no-auth", "--now", "2026-11-25"}, io.Discard, &errb)
	}()
	waitFor(t, "a cycle", func() bool { return strings.Contains(errb.String(), "result=ok") })
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-codec:
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("podsync run did not exit after SIGTERM")
	}
	logs := strings.TrimSpace(errb.String())
	sig, stop := strings.Index(logs, "signal: finishing the cycles in flight"), strings.LastIndex(logs, "stopped")
	if sig < 0 || stop < 0 || sig > stop {
		t.Errorf("want the signal line before \"stopped\":\n%s", logs)
	}
	if lines := strings.Split(logs, "\n"); !strings.Contains(lines[len(lines)-1], "stopped") {
		t.Errorf("\"stopped\" is not the last line:\n%s", logs)
	}
}
