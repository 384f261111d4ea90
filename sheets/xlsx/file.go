package xlsx

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"
)

// ErrInUse is returned (wrapped) by Apply when Excel or LibreOffice has the
// workbook open: writing it then would fight the organizer's unsaved edits.
var ErrInUse = errors.New("the workbook is open in another program")

// ErrChanged is returned (wrapped) by Apply when the workbook was saved by
// someone else (an organizer in Excel) after the cycle read it. Nothing is
// written: the caller redoes the cycle from a fresh read, so the saved
// edit is kept and podsync's changes land on the rows as they now are.
var ErrChanged = errors.New("the workbook changed since podsync read it")

// ErrLocked is returned (wrapped) when another podsync still holds the
// workbook's lock after the wait.
var ErrLocked = errors.New("another podsync is syncing the workbook")

// DefaultLockWait is how long a store waits for another podsync that is
// syncing the same workbook.
const DefaultLockWait = 30 * time.Second

// Files of podsync's beside a workbook pod.xlsx: .pod.xlsx.podsync-lock,
// held while podsync reads or writes it, and .pod.xlsx.podsync-*.tmp, the
// new workbook before it replaces the old.
const (
	lockSuffix = ".podsync-lock"
	tempInfix  = ".podsync-"
	tempSuffix = ".tmp"
)

// stamp is a workbook file as read: what Apply checks is still there
// before it replaces the file.
type stamp struct {
	exists bool
	size   int64
	sum    [sha256.Size]byte
}

// same reports whether two stamps are of the same bytes: the size tells
// most saves apart, the SHA-256 of the content the rest. The modification
// time is not used: a save within the file system's time granularity would
// pass it, and a file touched but not changed holds no edit to lose.
func (a stamp) same(b stamp) bool {
	if a.exists != b.exists {
		return false
	}
	return !a.exists || a.size == b.size && a.sum == b.sum
}

// readFile reads the workbook at path (through symlinks), or nil when it
// does not exist.
func readFile(path string) ([]byte, stamp, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, stamp{}, nil
	}
	if err != nil {
		return nil, stamp{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, stamp{}, err
	}
	if st.IsDir() {
		return nil, stamp{}, fmt.Errorf("%s is a folder, not a workbook", filepath.Base(path))
	}
	var buf bytes.Buffer
	if st.Size() > 0 && st.Size() < MaxWorkbookBytes {
		buf.Grow(int(st.Size()))
	}
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, stamp{}, err
	}
	data := buf.Bytes()
	return data, stamp{exists: true, size: int64(len(data)), sum: sha256.Sum256(data)}, nil
}

// target is the file path names once symlinks are followed (a link to a
// link too), whether or not that file exists yet: the file podsync
// replaces, so that a symlinked pod.xlsx stays a symlink.
func target(path string) (string, error) {
	p := path
	for range 40 {
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", filepath.Base(path))
}

// openElsewhere reports whether Excel or LibreOffice has the workbook open:
// Excel keeps "~$pod.xlsx" beside it while it does, LibreOffice
// ".~lock.pod.xlsx#". Both are looked for beside the name given and beside
// the symlink's target.
func openElsewhere(paths ...string) error {
	for _, p := range paths {
		dir, base := filepath.Split(p)
		for _, l := range []struct{ app, name string }{{"Excel", "~$" + base}, {"LibreOffice", ".~lock." + base + "#"}} {
			if _, err := os.Lstat(filepath.Join(dir, l.name)); err == nil {
				return fmt.Errorf("%s is open in %s: save and close it, then sync again (%w; if nobody has it open, delete the file %s beside it)",
					base, l.app, ErrInUse, l.name)
			}
		}
	}
	return nil
}

// fileLock is the lock on a workbook that keeps two podsync processes (or
// two stores in one) from interleaving reads and writes of it: an advisory
// lock (flock on Unix, LockFileEx on Windows) on a file beside it, which
// the system releases when the process ends, however it ends.
type fileLock struct {
	fl   *flock.Flock
	held int
}

func lockPath(target string) string {
	dir, base := filepath.Split(target)
	return filepath.Join(dir, "."+base+lockSuffix)
}

// lock takes the workbook's lock, waiting up to wait for another podsync
// to let it go; it is re-entrant.
func (l *fileLock) lock(ctx context.Context, target string, wait time.Duration) error {
	if l.held > 0 {
		l.held++
		return nil
	}
	path := lockPath(target)
	if l.fl == nil || l.fl.Path() != path {
		l.fl = flock.New(path, flock.SetPermissions(0o600))
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	ok, err := l.fl.TryLockContext(wctx, 50*time.Millisecond)
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return describeFileErr(err, filepath.Dir(path))
	}
	if !ok {
		who := "another podsync"
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			who = "podsync " + strings.TrimSpace(string(b))
		}
		return fmt.Errorf("%w: %s has held it for more than %v; wait for it to finish (or stop it), then sync again", ErrLocked, who, wait)
	}
	l.held = 1
	// Who holds it, for the message of the next one to wait. Best effort:
	// Windows lets no other handle write a locked file.
	host, _ := os.Hostname()
	_ = os.WriteFile(path, []byte(fmt.Sprintf("(process %d on %s, since %s)\n", os.Getpid(), host, time.Now().Format("15:04:05"))), 0o600)
	return nil
}

func (l *fileLock) unlock() {
	if l.held == 0 {
		return
	}
	if l.held--; l.held == 0 {
		_ = l.fl.Unlock()
	}
}

// removeStaleTemps removes what an earlier podsync, killed while writing,
// left beside the workbook: its .tmp files (only while holding the lock,
// so never one another podsync is writing) and, from podsync versions
// before them, .podsync-N.xlsx files over ten minutes old.
func removeStaleTemps(target string) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	mine, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+tempInfix+"*"+tempSuffix))
	for _, p := range mine {
		_ = os.Remove(p)
	}
	old, _ := filepath.Glob(filepath.Join(dir, ".podsync-*.xlsx"))
	for _, p := range old {
		if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) > 10*time.Minute {
			_ = os.Remove(p)
		}
	}
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// replace writes data as the file at target: a temporary file of podsync's
// in the same folder, synced to disk, given the old file's mode (0600 for a
// new pod: it holds every member's answers), then renamed over the old one,
// so a reader (or a crash) sees the old workbook or the new, never half of
// one. Errors say what to do, and name the folder, not the temporary file.
func replace(target string, data []byte) error {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	mode := fs.FileMode(0o600)
	if st, err := os.Stat(target); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+base+tempInfix+"*"+tempSuffix)
	if err != nil {
		return describeFileErr(err, dir)
	}
	name := tmp.Name()
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return describeFileErr(err, dir)
	}
	if err := tmp.Chmod(mode); err != nil {
		return describeFileErr(err, dir)
	}
	if err := tmp.Sync(); err != nil {
		return describeFileErr(err, dir)
	}
	if err := tmp.Close(); err != nil {
		return describeFileErr(err, dir)
	}
	if err := os.Rename(name, target); err != nil {
		return describeFileErr(err, dir)
	}
	done = true
	// The rename is on disk once the folder is (best effort: Windows
	// cannot open a folder to sync it).
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// describeFileErr says what failed writing in dir and what to do, without
// the name of podsync's temporary file.
func describeFileErr(err error, dir string) error {
	var pe *fs.PathError
	inner := err
	if errors.As(err, &pe) {
		inner = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		inner = le.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the folder %s does not exist: create it, or give a workbook path in a folder that exists (%w)", dir, inner)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("podsync may not write in the folder %s: give yourself write permission there, or keep the pod in a folder of yours (%w)", dir, inner)
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("the disk of the folder %s is full: free some space, then sync again (%w)", dir, inner)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("the folder %s is on a read-only disk: copy the pod somewhere you can write (%w)", dir, inner)
	}
	return fmt.Errorf("writing in the folder %s: %w", dir, inner)
}
