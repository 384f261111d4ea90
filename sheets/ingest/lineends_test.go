package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/ingest"
)

// fourteen is a downloaded CSV of 14 responses, its lines joined by sep;
// the last answer of every row holds a line break typed as cellBreak
// (quoted, as Google quotes a cell with a line break).
func fourteen(sep, cellBreak string) string {
	lines := []string{`"Timestamp","Your name","Email address","What are your needs? What are you afraid of losing?"`}
	for i := range 14 {
		lines = append(lines, fmt.Sprintf(`"2026/11/20 9:%02d:00 AM GMT","Person %d","p%d@example.org","rent%sheat"`, i, i, i, cellBreak))
	}
	return strings.Join(lines, sep)
}

// TestLineEnds: an export's lines split at LF, CRLF, a lone CR, or U+2028
// or U+2029 when those end its lines; a line break inside an answer,
// however typed, is stored as "\n"; and all 14 responses are read each way,
// with the same IDs and answers.
func TestLineEnds(t *testing.T) {
	want, err := ingest.ReadCSVExport(strings.NewReader(fourteen("\n", "\n")), "responses.csv")
	if err != nil {
		t.Fatal(err)
	}
	wantRs, err := want.Responses(nil)
	if err != nil || len(wantRs) != 14 {
		t.Fatalf("%d responses, %v", len(wantRs), err)
	}
	for _, c := range []struct{ name, sep, cellBreak string }{
		{"CRLF", "\r\n", "\r\n"},
		{"CR", "\r", "\r"},
		{"CR lines, LF in cells", "\r", "\n"},
		{"U+2028", "\u2028", "\u2028"},
		{"U+2029", "\u2029", "\n"},
		{"LF lines, U+2028 in cells", "\n", "\u2028"},
		{"LF lines, CR in cells", "\n", "\r"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ex, err := ingest.ReadCSVExport(strings.NewReader(fourteen(c.sep, c.cellBreak)), "responses.csv")
			if err != nil {
				t.Fatal(err)
			}
			// (A U+2028 inside a cell is no line of the file.)
			if c.cellBreak != "\u2028" && !reflect.DeepEqual(ex.Lines, want.Lines) {
				t.Errorf("lines %v, want %v", ex.Lines, want.Lines)
			}
			rs, err := ex.Responses(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rs, wantRs) {
				t.Errorf("responses differ from the LF file's:\n%v\n%v", rs, wantRs)
			}
		})
	}
	// A U+2028 in an unquoted answer of a file with LF line ends (the
	// linked sheet's CSV quotes only what needs it) is a line break in
	// the answer, not a new line.
	ex, err := ingest.ReadCSVExport(strings.NewReader("Timestamp,Your name,Comments\n11/20/2026 9:05:12,Ana,rent\u2028heat\n"), "linked.csv")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ex.Responses(nil)
	if err != nil || len(rs) != 1 || rs[0].Fields[1].Text != "rent\nheat" {
		t.Fatalf("unquoted U+2028: %v, %v", rs, err)
	}
}

// TestHeaderOnlyExportWarns: a file whose header reads but that has no
// rows under it is a warning, never 0 responses without a word.
func TestHeaderOnlyExportWarns(t *testing.T) {
	p := filepath.Join(t.TempDir(), "responses.csv")
	if err := os.WriteFile(p, []byte(`"Timestamp","Your name","Email address"`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ingest.File(p).Read(context.Background(), time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Responses) != 0 || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "file responses.csv has a header row but no responses under it") ||
		!strings.Contains(b.Warnings[0], "download them from Google again") {
		t.Fatalf("responses %d, warnings %q", len(b.Responses), b.Warnings)
	}
	if err := os.WriteFile(p, []byte(fourteen("\r", "\r")), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err = ingest.File(p).Read(context.Background(), time.Time{}, nil); err != nil || len(b.Responses) != 14 || len(b.Warnings) != 0 {
		t.Fatalf("CR-only file: %d responses, warnings %q, %v", len(b.Responses), b.Warnings, err)
	}
}

// TestControlCharactersCleaned: answers and titles come out of an export
// as the stores keep them: no control characters but tab and newline.
func TestControlCharactersCleaned(t *testing.T) {
	data := "\"Timestamp\",\"Your name\",\"Comm\x01ents\"\n\"2026/11/20 9:05:12 AM GMT\",\"An\x00a\x7f\",\"a\x1bb\tc\u0085d\x0be\""
	ex, err := ingest.ReadCSVExport(bytes.NewReader([]byte(data)), "responses.csv")
	if err == nil {
		t.Fatalf("NUL bytes read: %v", ex)
	}
	ex, err = ingest.ReadCSVExport(strings.NewReader(strings.ReplaceAll(data, "\x00", "\x02")), "responses.csv")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ex.Responses(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%q", rs[0].Fields)
	if want := `[{"Your name" "Ana" ""} {"Comments" "ab\tcde" ""}]`; got != want {
		t.Fatalf("fields %s, want %s", got, want)
	}
}
