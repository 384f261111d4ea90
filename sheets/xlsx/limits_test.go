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
	"github.com/podsync/podsync/sheets/xlsx"
)

// TestHostileWorkbooks: small workbooks that unpack to far more than a
// pod holds are refused, as a pod (Open, Read, Apply) and as a download
// (Read, ReadShown), with an error naming the tab and what to do; the pod's
// bytes stay as they were. One that only declares a huge dimension reads.
func TestHostileWorkbooks(t *testing.T) {
	for _, tc := range []struct {
		name            string
		dimension, data string
		sst             string
		want            string // "" reads fine
	}{
		{"cells at XFD", "A1", farCells(50, "XFD", false), "", "cell XFD2 is past what podsync reads"},
		{"empty cells at XFD", "A1", farCells(50, "XFD", true), "", "cell XFD2 is past what podsync reads"},
		{"a cell at the last row", "A1", `<row r="1"><c r="A1" t="inlineStr"><is><t>Member ID</t></is></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>`, "", "cell A1048576"},
		{"cells without references", "A1", `<row><c t="inlineStr"><is><t>Member ID</t></is></c>` + strings.Repeat(`<c t="inlineStr"><is><t>x</t></is></c>`, 1200) + `</row>`, "", "cell ALM1"},
		{"a thousand columns", "A1", farCells(100, "ALL", false), "", ""},
		{"huge shared strings", "A1", `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, bigSST(3_000_000), "unpacks to"},
		{"huge dimension, few cells", "A1:XFD1048576", farCells(3, "B", false), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := hostile(t, "Members", tc.dimension, tc.data, tc.sst)
			check := func(what string, err error) {
				t.Helper()
				if tc.want == "" {
					if err != nil {
						t.Errorf("%s: %v", what, err)
					}
					return
				}
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: err = %v, want %q", what, err, tc.want)
				} else if strings.Contains(tc.want, "cell") && !strings.Contains(err.Error(), `tab "Members"`) {
					t.Errorf("%s: %v does not name the tab", what, err)
				}
			}
			path := filepath.Join(t.TempDir(), "pod.xlsx")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := xlsx.Open(path)
			if err == nil {
				_, err = s.Read(context.Background(), "Members")
			}
			check("pod read", err)
			if s != nil {
				s2, _ := xlsx.Open(path) // never read: Apply checks itself
				if s2 != nil {
					err := s2.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Members", Cells: []sheets.CellEdit{{Row: 1, Col: 1, Value: "x"}}}}})
					check("pod apply", err)
					if after, _ := os.ReadFile(path); tc.want != "" && !bytes.Equal(after, data) {
						t.Error("the pod's bytes changed")
					}
				}
			}
			d, err := xlsx.ReadDownload(bytes.NewReader(data))
			if err == nil {
				_, err = d.Read("Members")
				check("download read", err)
				_, err = d.ReadShown("Members")
				d.Close()
			}
			check("download read shown", err)
		})
	}
}

// TestTooManyCells: a tab within the row and column limits whose rows,
// each counted to its last cell, hold more cells than podsync reads.
func TestTooManyCells(t *testing.T) {
	data := hostile(t, "Members", "A1", farCells(xlsx.MaxCells/xlsx.MaxColumns+2, "ALL", true), "")
	d, err := xlsx.ReadDownload(bytes.NewReader(data))
	if err == nil {
		_, err = d.Read("Members")
	}
	var te *sheets.TabError
	if !errors.As(err, &te) || te.Tab != "Members" || !strings.Contains(err.Error(), "cells") {
		t.Errorf("err = %v", err)
	}
}
