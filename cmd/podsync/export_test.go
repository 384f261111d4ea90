package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/xlsx"
)

func TestExport(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	if code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", sample, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	before, _ := os.ReadFile(wb)
	out := filepath.Join(dir, "handout.xlsx")
	if code, o, errs := runCLI(t, "export", "--workbook", wb, "--out", out, "--per-member", "--paper", "a4", "--now", "2026-11-25"); code != 0 {
		t.Fatalf("exit %d: %s %s", code, o, errs)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(wb); !bytes.Equal(before, after) {
		t.Error("export changed the pod")
	}
	if code, _, _ := runCLI(t, "export", "--workbook", wb, "--out", filepath.Join(dir, "x.pdf")); code != 2 {
		t.Errorf("--out x.pdf: exit %d, want 2", code)
	}
}

// TestExportLanguage: --language picks the handout's language; a language
// podsync has no words for is bad usage, naming the ones it has.
func TestExportLanguage(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	wb := filepath.Join(dir, "pod.xlsx")
	if code, out, errs := runCLI(t, "export", "--workbook", wb, "--out", filepath.Join(dir, "es.xlsx"), "--language", "Español", "--now", "2026-11-25"); code != 0 {
		t.Fatalf("export --language Español: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs := runCLI(t, "export", "--workbook", wb, "--out", filepath.Join(dir, "xx.xlsx"), "--language", "xx")
	if code != 2 || !strings.Contains(errs, "en, bn, es, ht, zh-Hans") {
		t.Errorf("export --language xx: exit %d, %q; want 2 naming the shipped languages", code, errs)
	}
}

// TestExportFollowsSettingsLanguage: without --language the handout is in
// the pod's Settings Language.
func TestExportFollowsSettingsLanguage(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	wb := filepath.Join(dir, "pod.xlsx")
	s, err := xlsx.Open(wb)
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := s.Read(context.Background(), sheets.TabSettings)
	if err != nil {
		t.Fatal(err)
	}
	row := -1
	for i, r := range tabs[sheets.TabSettings].Rows {
		if len(r) > 0 && r[0] == "Language" {
			row = i + 1
		}
	}
	if row < 0 {
		t.Fatal("the demo's Settings tab has no Language row")
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Cells: []sheets.CellEdit{{Row: row, Col: 1, Value: "es"}}}}}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "handout.xlsx")
	if code, o, errs := runCLI(t, "export", "--workbook", wb, "--out", out, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, o, errs)
	}
	if d := handoutTab(t, out, "Directory"); d == nil || len(d.Header) == 0 || d.Header[0] != "Nombre" {
		t.Errorf("the Directory's first column is not in Spanish: %v", d)
	}
}

// TestExportPartnerWithdrewPhone (the consent bug): Dev Patel shares his
// phone, so his 1-on-1 partners' pages print it; then a newer response of
// his un-ticks "My phone number". After the next sync his phone is on no
// page of the per-member handout, nor anywhere else in it.
func TestExportPartnerWithdrewPhone(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	export := func(responses string) string {
		t.Helper()
		if code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", responses, "--now", "2026-11-25"); code != 0 {
			t.Fatalf("sync: exit %d: %s %s", code, out, errs)
		}
		out := filepath.Join(dir, "handout.xlsx")
		if code, o, errs := runCLI(t, "export", "--workbook", wb, "--out", out, "--per-member", "--now", "2026-11-25"); code != 0 {
			t.Fatalf("export: exit %d: %s %s", code, o, errs)
		}
		return xlsxText(t, out)
	}
	const phone = "555-0111"
	if text := export(sample); !strings.Contains(text, "Dev Patel") || !strings.Contains(text, phone+" (text)") {
		t.Fatalf("before: no partner's page reaches Dev Patel by phone")
	}
	csv, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	newer := strings.TrimRight(string(csv), "\n") + "\n" +
		`"2026/11/24 9:00:00 AM EST","Dev Patel","dev.patel@example.org","555-0111","Text","Building B","English, Gujarati, Hindi","cricket, cooking dal","Every two weeks","Medicine and errands;Mental health services","Happy to help where I can","4 or more","Childcare;Financial support;Language translation","Since my hours were cut it's hard to keep up","Yes","My name;My email;My zone;My interests;What I can offer;What I need"` + "\n"
	withdrawn := filepath.Join(dir, "withdrawn.csv")
	if err := os.WriteFile(withdrawn, []byte(newer), 0o600); err != nil {
		t.Fatal(err)
	}
	text := export(withdrawn)
	if strings.Contains(text, phone) {
		t.Errorf("Dev Patel withdrew his phone, but the handout still holds it")
	}
	if !strings.Contains(text, "dev.patel@example.org") {
		t.Errorf("Dev Patel's partners are not given the email he still shares")
	}
}

// xlsxText is every XML part of the xlsx file at path, one after another.
func xlsxText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&b, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	return b.String()
}
