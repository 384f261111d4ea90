package exporter

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPrintWithLibreOffice converts the handout to PDF the way an organizer
// without Excel would print it, and checks the printed text: the pod name
// and the names neighbors shared are there, private values are not, and the
// formula-looking text prints as typed rather than being evaluated.
func TestPrintWithLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the LibreOffice conversion in -short mode")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH; install libreoffice-calc-nogui to run this test")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not on PATH; install poppler-utils to run this test")
	}

	dir := t.TempDir()
	pod := samplePod()
	xlsx := filepath.Join(dir, "handout.xlsx")
	if err := WriteFile(context.Background(), xlsx, pod, Options{Now: testNow, Paper: A4}); err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(dir, "profile")
	out := filepath.Join(dir, "pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation="+(&url.URL{Scheme: "file", Path: profile}).String(),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(out, "handout.pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("soffice wrote no PDF: %v", err)
	}
	var stdout, stderr bytes.Buffer
	cmd = exec.CommandContext(ctx, pdftotext, pdf, "-")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, stderr.String())
	}
	text := stdout.String()
	// Wrapped cells break lines, even inside words: compare with all white
	// space removed.
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	flat := squeeze(text)

	for _, s := range []string{
		"Maple Street Pod", "Tuesday, December 1, 2026", // title and page header
		"Ana Ruiz", "+1 555 0101", "Maple Court", // Ana shared these
		"How our pod works", "We keep what we hear to ourselves.",
		`=HYPERLINK("http://evil.example.org","Dee")`, // printed as typed
		"@SUM(1)", "-2+3",
		"Eastside Food Bank",
	} {
		if !strings.Contains(flat, squeeze(s)) {
			t.Errorf("printed handout lacks %q", s)
		}
	}
	for id, vals := range privateValues(pod) {
		for _, v := range vals {
			if strings.Contains(flat, squeeze(v)) {
				t.Errorf("printed handout shows %s's private %q", id, v)
			}
		}
	}
	if t.Failed() {
		t.Logf("pdftotext output:\n%s", text)
	}
}
