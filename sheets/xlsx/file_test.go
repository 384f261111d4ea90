package xlsx_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/xlsx"
)

// notes is a plan writing one Notes tab: its header, and text in A2.
func notes(create bool, text string) *sheets.Plan {
	e := sheets.TabEdit{Tab: "Notes", Create: create, Cells: []sheets.CellEdit{{Row: 1, Col: 0, Value: text}}}
	if create {
		e.Cells = append(e.Cells, sheets.CellEdit{Row: 0, Col: 0, Value: "Text"})
	}
	return &sheets.Plan{Tabs: []sheets.TabEdit{e}}
}

// newPod makes a workbook with a Notes tab at dir/name and returns its store.
func newPod(t *testing.T, dir, name string) *xlsx.Store {
	t.Helper()
	s, err := xlsx.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), notes(true, "first")); err != nil {
		t.Fatal(err)
	}
	return s
}

func cellA2(t *testing.T, s *xlsx.Store) string {
	t.Helper()
	tabs, err := s.Read(context.Background(), "Notes")
	if err != nil {
		t.Fatal(err)
	}
	return tabs["Notes"].Cell(0, 0)
}

// leftovers lists the files in dir other than the ones named.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, ".podsync-lock") && !strings.Contains(strings.Join(keep, "\x00"), n) {
			out = append(out, n)
		}
	}
	return out
}

// TestRefusesWorkbookOpenInOffice: while Excel or LibreOffice has the pod
// open (their lock file beside it), Apply writes nothing and says to save
// and close it; reading (a dry run) still works.
func TestRefusesWorkbookOpenInOffice(t *testing.T) {
	for _, tc := range []struct{ app, lock string }{
		{"Excel", "~$pod.xlsx"},
		{"LibreOffice", ".~lock.pod.xlsx#"},
	} {
		t.Run(tc.app, func(t *testing.T) {
			dir := t.TempDir()
			s := newPod(t, dir, "pod.xlsx")
			path := filepath.Join(dir, "pod.xlsx")
			if err := os.WriteFile(filepath.Join(dir, tc.lock), []byte("someone"), 0o600); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			if got := cellA2(t, s); got != "first" {
				t.Fatalf("read while open: %q", got)
			}
			err := s.Apply(context.Background(), notes(false, "second"))
			if !errors.Is(err, xlsx.ErrInUse) {
				t.Fatalf("err = %v, want ErrInUse", err)
			}
			want := "pod.xlsx is open in " + tc.app + ": save and close it, then sync again"
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the workbook's bytes changed")
			}
			if l := leftovers(t, dir, "pod.xlsx", tc.lock); len(l) > 0 {
				t.Errorf("left behind: %v", l)
			}
			// Closed: the write goes through.
			os.Remove(filepath.Join(dir, tc.lock))
			if err := s.Apply(context.Background(), notes(false, "second")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestEditSavedAfterReadIsConflict: a workbook saved by someone else
// between a cycle's Read and its Apply is not overwritten: Apply fails
// with ErrChanged and the saved bytes stay; a fresh Read then Apply works.
func TestEditSavedAfterReadIsConflict(t *testing.T) {
	dir := t.TempDir()
	s := newPod(t, dir, "pod.xlsx")
	ctx := context.Background()
	if _, err := s.Read(ctx, "Notes"); err != nil {
		t.Fatal(err)
	}
	// The organizer's Excel saves (here: another store writing).
	other, err := xlsx.Open(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Apply(ctx, notes(false, "organizer's edit")); err != nil {
		t.Fatal(err)
	}
	saved, _ := os.ReadFile(filepath.Join(dir, "pod.xlsx"))
	err = s.Apply(ctx, notes(false, "podsync"))
	if !errors.Is(err, xlsx.ErrChanged) || !strings.Contains(err.Error(), `write pod "`) {
		t.Fatalf("err = %v, want ErrChanged naming the pod", err)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "pod.xlsx")); !bytes.Equal(saved, now) {
		t.Error("the organizer's save was overwritten")
	}
	if got := cellA2(t, s); got != "organizer's edit" {
		t.Fatalf("after a fresh read: %q", got)
	}
	if err := s.Apply(ctx, notes(false, "podsync")); err != nil {
		t.Fatalf("apply after a fresh read: %v", err)
	}
	// The same bytes saved again (a touch) are no conflict.
	if _, err := s.Read(ctx, "Notes"); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "pod.xlsx"), later, later)
	if err := s.Apply(ctx, notes(false, "again")); err != nil {
		t.Errorf("after a touch: %v", err)
	}
}

// TestLockHeldByAnotherPodsync: a second podsync waits for the lock, then
// says another podsync holds it, and which process; once the first lets
// go it goes through. Stores in one process lock each other as two
// processes do.
func TestLockHeldByAnotherPodsync(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pod.xlsx")
	a := newPod(t, dir, "pod.xlsx")
	unlock, err := a.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b.SetLockWait(200 * time.Millisecond)
	start := time.Now()
	err = b.Apply(context.Background(), notes(false, "b"))
	if !errors.Is(err, xlsx.ErrLocked) || !strings.Contains(err.Error(), "process ") || !strings.Contains(err.Error(), "pod.xlsx") {
		t.Fatalf("err = %v, want ErrLocked naming the pod and the process", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("gave up after %v, want a wait", waited)
	}
	// The lock is re-entrant for its holder.
	if err := a.Apply(context.Background(), notes(false, "a")); err != nil {
		t.Fatalf("holder's own apply: %v", err)
	}
	done := make(chan error, 1)
	b.SetLockWait(5 * time.Second)
	go func() {
		if _, err := b.Read(context.Background(), "Notes"); err != nil {
			done <- err
			return
		}
		done <- b.Apply(context.Background(), notes(false, "b"))
	}()
	time.Sleep(100 * time.Millisecond)
	unlock()
	if err := <-done; err != nil {
		t.Fatalf("after the holder let go: %v", err)
	}
	if got := cellA2(t, a); got != "b" {
		t.Errorf("A2 = %q", got)
	}
}

// TestConcurrentWritersLoseNothing: stores writing one workbook at once,
// each redoing its read-modify-write when told the workbook changed (as a
// command redoes its cycle), all land: every one's row is there.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pod.xlsx")
	newPod(t, dir, "pod.xlsx")
	const writers = 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := xlsx.Open(path)
			if err != nil {
				errs <- err
				return
			}
			ctx := context.Background()
			for try := 0; try < 20; try++ {
				tabs, err := s.Read(ctx, "Notes")
				if err != nil {
					errs <- err
					return
				}
				n := len(tabs["Notes"].Rows) + 1
				p := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Cells: []sheets.CellEdit{{Row: n, Col: 0, Value: "writer " + string(rune('A'+w))}}}}}
				err = s.Apply(ctx, p)
				if errors.Is(err, xlsx.ErrChanged) {
					continue
				}
				errs <- err
				return
			}
			errs <- errors.New("never landed")
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s, _ := xlsx.Open(path)
	tabs, err := s.Read(context.Background(), "Notes")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range tabs["Notes"].Rows {
		got = append(got, r[0])
	}
	for w := range writers {
		if want := "writer " + string(rune('A'+w)); !strings.Contains(strings.Join(got, "|"), want) {
			t.Errorf("%s lost: %v", want, got)
		}
	}
}

// TestSymlinkedPodStaysASymlink: the link's target is replaced, the link
// kept, and the target's mode too.
func TestSymlinkedPodStaysASymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "data")
	os.Mkdir(real, 0o700)
	newPod(t, real, "pod.xlsx")
	os.Chmod(filepath.Join(real, "pod.xlsx"), 0o640)
	link := filepath.Join(dir, "pod.xlsx")
	if err := os.Symlink(filepath.Join("data", "pod.xlsx"), link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	s, err := xlsx.Open(link)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(context.Background(), "Notes"); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), notes(false, "through the link")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Lstat(link)
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("pod.xlsx is no longer a symlink: %v %v", st.Mode(), err)
	}
	if got := cellA2(t, newPodStore(t, filepath.Join(real, "pod.xlsx"))); got != "through the link" {
		t.Errorf("target holds %q", got)
	}
	if st, _ := os.Stat(filepath.Join(real, "pod.xlsx")); st.Mode().Perm() != 0o640 {
		t.Errorf("target mode %v, want 0640 kept", st.Mode().Perm())
	}
	if l := leftovers(t, real, "pod.xlsx"); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

func newPodStore(t *testing.T, path string) *xlsx.Store {
	t.Helper()
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStaleTempFilesRemoved: what a podsync killed mid-write left (its
// temporary file, or a 0-byte .podsync-N.xlsx of older versions) is
// removed on the next open; a fresh old-style file (another pod's write in
// flight) and other files are not.
func TestStaleTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	newPod(t, dir, "pod.xlsx")
	old := time.Now().Add(-time.Hour)
	for _, n := range []string{".pod.xlsx.podsync-123.tmp", ".podsync-230304094.xlsx", ".podsync-fresh.xlsx", "mine.txt", ".other.xlsx.podsync-1.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if n != ".podsync-fresh.xlsx" {
			os.Chtimes(filepath.Join(dir, n), old, old)
		}
	}
	newPodStore(t, filepath.Join(dir, "pod.xlsx"))
	got := leftovers(t, dir, "pod.xlsx")
	want := []string{".other.xlsx.podsync-1.tmp", ".podsync-fresh.xlsx", "mine.txt"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("left %v, want %v", got, want)
	}
}

// TestWriteErrorsNameThePod: a write that fails names the pod and says
// what to do, never podsync's temporary file.
func TestWriteErrorsNameThePod(t *testing.T) {
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o500)
	t.Cleanup(func() { os.Chmod(ro, 0o700) })
	for _, tc := range []struct {
		name, path string
		want       []string
	}{
		{"missing folder", filepath.Join(dir, "nonexistent", "dir", "pod.xlsx"), []string{
			`sheets: write pod "` + filepath.Join(dir, "nonexistent", "dir", "pod.xlsx") + `": the folder ` + filepath.Join(dir, "nonexistent", "dir") + ` does not exist: create it`}},
		{"read-only folder", filepath.Join(ro, "pod.xlsx"), []string{`write pod "` + filepath.Join(ro, "pod.xlsx") + `"`, "may not write in the folder " + ro}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "read-only folder" && os.Geteuid() == 0 {
				t.Skip("root writes anywhere")
			}
			s, err := xlsx.Open(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Read(context.Background(), "Notes"); err != nil {
				t.Fatalf("read: %v", err)
			}
			err = s.Apply(context.Background(), notes(true, "x"))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), ".tmp") || strings.Contains(err.Error(), ".podsync-") {
				t.Errorf("error names a temporary file: %v", err)
			}
		})
	}
}

// TestOpenExistingMissing: a pod that must exist (doctor) and does not is
// an error saying so.
func TestOpenExistingMissing(t *testing.T) {
	_, err := xlsx.OpenExisting(filepath.Join(t.TempDir(), "nothere.xlsx"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "nothere.xlsx") || !strings.Contains(err.Error(), "podsync init") {
		t.Errorf("err = %v", err)
	}
}
