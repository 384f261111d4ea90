package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/ingest/ingesttest"
)

// Run with
//
//	go test ./cmd/podsync -run '^$' -bench ExportCLI5000 -benchmem -benchtime 3x

// BenchmarkExportCLI5000 is `podsync export` on a synced 5,000-member
// workbook, as an organizer runs it: the dry-run sync that reads the pod as
// a sync would leave it, then the handout, without and with --per-member.
//
// Measured with the built podsync on 2 cores shared with other work
// (wall, CPU, peak RSS): without --per-member 1.0–1.5 s, 0.8–1.0 s CPU,
// 118–127 MB; with --per-member (4,705 pages) 2.4–2.5 s, 1.5–1.8 s CPU,
// 114–126 MB. With one tab per member, as before, --per-member took
// 6.5–21 s, 6.2–8.4 s CPU, 191–211 MB. The exporter alone is
// BenchmarkExport5000 in exporter.
func BenchmarkExportCLI5000(b *testing.B) {
	dir := b.TempDir()
	csv := filepath.Join(dir, "responses.csv")
	ingesttest.WriteDownloadCSV(b, csv, 5000)
	wb := filepath.Join(dir, "pod.xlsx")
	var out, errs bytes.Buffer
	if code := run([]string{"podsync", "sync", "--workbook", wb, "--responses", csv, "--now", "2026-11-25"}, &out, &errs); code != 0 {
		b.Fatalf("sync: exit %d\n%s%s", code, out.String(), errs.String())
	}
	for _, per := range []bool{false, true} {
		b.Run(fmt.Sprintf("perMember=%v", per), func(b *testing.B) {
			args := []string{"podsync", "export", "--workbook", wb, "--out", filepath.Join(dir, "handout.xlsx"), "--now", "2026-11-25"}
			if per {
				args = append(args, "--per-member")
			}
			b.ReportAllocs()
			for b.Loop() {
				out.Reset()
				errs.Reset()
				if code := run(args, &out, &errs); code != 0 {
					b.Fatalf("export: exit %d\n%s%s", code, out.String(), errs.String())
				}
			}
		})
	}
}
