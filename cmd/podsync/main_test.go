package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	notXLSX := filepath.Join(dir, "pod.xlsx")
	if err := os.WriteFile(notXLSX, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command flags", []string{"sync"}, 2, "--workbook"},
		{"unknown flag", []string{"sync", "--wrokbook", "x.xlsx"}, 2, "wrokbook"},
		{"both sources", []string{"sync", "--workbook", "a.xlsx", "--spreadsheet", "x"}, 2, "not both"},
		{"bad --now", []string{"sync", "--workbook", filepath.Join(dir, "a.xlsx"), "--now", "tomorrow"}, 2, "--now"},
		{"not an xlsx", []string{"sync", "--workbook", notXLSX}, 1, "xlsx"},
		{"missing responses file", []string{"sync", "--workbook", filepath.Join(dir, "b.xlsx"), "--responses", filepath.Join(dir, "nope.csv")}, 1, "nope.csv"},
		{"unknown command", []string{"frobnicate"}, 2, "frobnicate"},
		{"no command", nil, 2, "USAGE"},
		{"mistyped command", []string{"synk"}, 2, "did you mean sync?"},
		{"mistyped command, two edits", []string{"exprot"}, 2, "did you mean export?"},
		{"doctor of no pod", []string{"doctor", "--workbook", filepath.Join(dir, "nothere.xlsx")}, 1, "no pod at " + filepath.Join(dir, "nothere.xlsx") + ": run podsync init --workbook"},
		{"forget without --member", []string{"forget", "--workbook", notXLSX}, 2, "member"},
		{"forget in no pod", []string{"forget", "--workbook", filepath.Join(dir, "none.xlsx"), "--member", "ana@example.org"}, 1, "no pod at"},
		{"missing required flag", []string{"export", "--workbook", notXLSX}, 2, "out"},
		{"bad log format", []string{"sync", "--workbook", filepath.Join(dir, "a.xlsx"), "--log-format", "xml"}, 2, "--log-format"},
		{"handout over the pod", []string{"export", "--workbook", notXLSX, "--out", notXLSX}, 2, "the pod itself"},
		{"export of no pod", []string{"export", "--workbook", filepath.Join(dir, "none.xlsx"), "--out", filepath.Join(dir, "h.xlsx")}, 1, "no pod at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, errs)
			}
		})
	}
}

// TestBadEnvironmentValue: a PODSYNC_ variable that does not parse is bad
// usage, like the flag it stands for.
func TestBadEnvironmentValue(t *testing.T) {
	t.Setenv("PODSYNC_DRY_RUN", "maybe")
	if code, _, errs := runCLI(t, "sync", "--workbook", filepath.Join(t.TempDir(), "p.xlsx")); code != 2 || !strings.Contains(errs, "PODSYNC_DRY_RUN") {
		t.Errorf("exit %d\n%s", code, errs)
	}
}

// TestNoSuggestionFarOff: a name nothing like a command gets no guess.
func TestNoSuggestionFarOff(t *testing.T) {
	if code, _, errs := runCLI(t, "frobnicate"); code != 2 || strings.Contains(errs, "did you mean") {
		t.Errorf("exit %d\n%s", code, errs)
	}
}

func TestVersion(t *testing.T) {
	code, out, errs := runCLI(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "podsync version ") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}}
	cases := []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"go install @version", "v1.2.0", nil, "v1.2.0"},
		{"pseudo-version", "v0.0.0-20261130100000-0123456789ab", rev, "v0.0.0-20261130100000-0123456789ab"},
		{"checkout", "(devel)", rev, "devel (0123456789ab, 2026-11-30)"},
		{"checkout with edits", "(devel)", append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "devel (0123456789ab, 2026-11-30, with local changes)"},
		{"no VCS", "(devel)", nil, "devel"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Version: tc.version}, Settings: tc.settings}
			if got := versionOf(bi); got != tc.want {
				t.Errorf("versionOf = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestQuietSync: a sync's summary stands alone on the terminal; the
// cycle's INFO line comes with --verbose.
func TestQuietSync(t *testing.T) {
	pod := filepath.Join(t.TempDir(), "pod.xlsx")
	for _, tc := range []struct {
		verbose bool
		info    bool
	}{{false, false}, {true, true}} {
		args := []string{"sync", "--workbook", pod, "--responses", sample, "--now", "2026-11-30"}
		if tc.verbose {
			args = append(args, "--verbose")
		}
		code, out, errs := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, "members:") {
			t.Fatalf("exit %d\n%s%s", code, out, errs)
		}
		if got := strings.Contains(errs, "level=INFO"); got != tc.info {
			t.Errorf("--verbose %v: INFO line %v, want %v:\n%s", tc.verbose, got, tc.info, errs)
		}
	}
}
