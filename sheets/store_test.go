package sheets_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
)

func TestXLSXStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sheets.Store {
		s, err := sheets.OpenXLSX(filepath.Join(t.TempDir(), "pod.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestMemStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sheets.Store { return storetest.NewMem() })
}

func TestOpenXLSXNotAWorkbook(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pod.xlsx")
	if err := os.WriteFile(p, []byte("Name,Email\nAna,ana@example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := sheets.OpenXLSX(p)
	if err == nil {
		t.Fatal("want an error for a CSV saved as .xlsx")
	}
	for _, want := range []string{"pod.xlsx", "Excel, LibreOffice or Google Sheets"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
