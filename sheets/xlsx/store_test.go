package xlsx_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/xuri/excelize/v2"
)

// TestXLSXRefusesOverlongText: a text longer than an .xlsx cell holds is
// an error naming the tab and cell, and the workbook keeps its bytes,
// rather than a silently cut answer that the next sync would rewrite.
func TestXLSXRefusesOverlongText(t *testing.T) {
	path := t.TempDir() + "/pod.xlsx"
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Create: true, Cells: []sheets.CellEdit{{Row: 0, Col: 0, Value: "Text"}}}}}
	if err := s.Apply(ctx, first); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	long := strings.Repeat("ab😀", excelize.TotalCellChars/4+1)
	err = s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Cells: []sheets.CellEdit{{Row: 1, Col: 0, Value: long}}}}})
	var te *sheets.TabError
	if !errors.As(err, &te) || te.Tab != "Notes" || te.Row != 2 || !strings.Contains(err.Error(), "A2") {
		t.Fatalf("err = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the workbook changed")
	}
	ok := strings.Repeat("x", excelize.TotalCellChars)
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Cells: []sheets.CellEdit{{Row: 1, Col: 0, Value: ok}}}}}); err != nil {
		t.Fatalf("a text of exactly the limit: %v", err)
	}
}

// TestNewWorkbookIsPrivate: a new pod holds personal data, so only its
// owner may read it; a mode the owner chose later is kept.
func TestNewWorkbookIsPrivate(t *testing.T) {
	path := t.TempDir() + "/pod.xlsx"
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	plan := func(v string) *sheets.Plan {
		return &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Create: v == "a", Cells: []sheets.CellEdit{{Row: 0, Col: 0, Value: v}}}}}
	}
	if err := s.Apply(context.Background(), plan("a")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("new pod mode %v, want 0600", st.Mode().Perm())
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), plan("b")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode after a sync %v, want the owner's 0640", st.Mode().Perm())
	}
}

func TestXLSXStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sheets.Store {
		s, err := xlsx.Open(filepath.Join(t.TempDir(), "pod.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestOpenXLSXNotAWorkbook(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pod.xlsx")
	if err := os.WriteFile(p, []byte("Name,Email\nAna,ana@example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := xlsx.Open(p)
	if err == nil {
		t.Fatal("want an error for a CSV saved as .xlsx")
	}
	for _, want := range []string{"pod.xlsx", "Excel, LibreOffice or Google Sheets"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
