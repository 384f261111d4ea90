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

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest/lang"
)

// TestPrintWithLibreOffice converts the handout to PDF the way an organizer
// without Excel would print it, and checks the printed text: the pod name
// and the names neighbors shared are there, private values are not, and the
// formula-looking text prints as typed rather than being evaluated.
func TestPrintWithLibreOffice(t *testing.T) {
	soffice, pdftotext := printTools(t)

	pod := samplePod()
	text := printHandout(t, soffice, pdftotext, pod, Options{Now: testNow, Paper: A4}, "")
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

// printHandout writes pod's handout with opt, converts it to PDF with
// LibreOffice and returns the PDF's text. When png is not "", the first
// page is rendered to png as well (with pdftoppm, when it is on PATH).
func printHandout(t *testing.T, soffice, pdftotext string, pod *matching.Pod, opt Options, png string) string {
	t.Helper()
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "handout.xlsx")
	if err := WriteFile(context.Background(), xlsx, pod, opt); err != nil {
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
	if png != "" {
		if pdftoppm, err := exec.LookPath("pdftoppm"); err == nil {
			if b, err := exec.CommandContext(ctx, pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, strings.TrimSuffix(png, ".png")).CombinedOutput(); err != nil {
				t.Errorf("pdftoppm: %v\n%s", err, b)
			}
		}
	}
	if pdffonts, err := exec.LookPath("pdffonts"); err == nil {
		if b, err := exec.CommandContext(ctx, pdffonts, pdf).Output(); err == nil {
			fonts = string(b)
		}
	}
	return stdout.String()
}

// fonts is pdffonts' list of the fonts in the last PDF printHandout made,
// "" when pdffonts is not on PATH.
var fonts string

// TestPrintNonLatinWithLibreOffice prints a Simplified Chinese and a
// Bengali handout and checks that their words are in the PDF: with no font
// for them, LibreOffice prints boxes or drops the characters. Set
// PODSYNC_HANDOUT_PNG to a path to get the first page of the Chinese one as
// a PNG image to look at.
func TestPrintNonLatinWithLibreOffice(t *testing.T) {
	soffice, pdftotext := printTools(t)
	for _, tc := range []struct{ tag, pkg, png string }{
		{"zh-Hans", "fonts-noto-cjk", os.Getenv("PODSYNC_HANDOUT_PNG")},
		{"bn", "fonts-noto-core", ""},
	} {
		t.Run(tc.tag, func(t *testing.T) {
			font := fontFor(tc.tag)
			if font == "" {
				t.Fatalf("no font for %s", tc.tag)
			}
			if b, err := exec.Command("fc-list", ":family="+font, "family").Output(); err != nil || !strings.Contains(string(b), font) {
				t.Skipf("font %q is not installed (fc-list); install %s to run this test", font, tc.pkg)
			}
			text := printHandout(t, soffice, pdftotext, samplePod(), Options{Now: testNow, Paper: A4, Language: tc.tag, Words: lang.Words{}}, tc.png)
			squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
			flat := squeeze(text)
			for _, id := range []string{
				"handout.directory.name", "handout.directory.phone", "handout.directory.offers", // the Directory's header
				"handout.readme.how", "handout.pairings.round",
			} {
				want := lang.Message(tc.tag, id)
				if want == "" || want == lang.Message("en", id) {
					t.Fatalf("%s has no %s translation", tc.tag, id)
				}
				if !strings.Contains(flat, squeeze(want)) {
					t.Errorf("printed %s handout lacks %s %q", tc.tag, id, want)
				}
			}
			// Debian's fonts-noto-cjk is one collection for all regions,
			// whose fonts are named NotoSansCJKjp-… in the PDF: look for
			// NotoSansCJK.
			embedded := strings.ToLower(strings.ReplaceAll(strings.TrimSuffix(font, " SC"), " ", ""))
			if fonts != "" && !strings.Contains(strings.ToLower(fonts), embedded) {
				t.Errorf("the PDF does not use %s; pdffonts:\n%s", font, fonts)
			}
			if t.Failed() {
				t.Logf("pdftotext output:\n%s", text)
			}
		})
	}
}

// printTools finds LibreOffice and pdftotext, skipping the test with what
// to install when either is missing (or in -short mode).
func printTools(t *testing.T) (soffice, pdftotext string) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the LibreOffice conversion in -short mode")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH; install libreoffice-calc-nogui to run this test")
	}
	pdftotext, err = exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not on PATH; install poppler-utils to run this test")
	}
	return soffice, pdftotext
}

// TestPrintMemberPagesWithLibreOffice prints a handout with per-member
// pages and checks that each member starts a new printed page: every PDF
// page holds at most one member's page heading ("For … Printed …"), and
// each active member's heading and private note are on one page of their
// own.
func TestPrintMemberPagesWithLibreOffice(t *testing.T) {
	soffice, pdftotext := printTools(t)
	pod := samplePod()
	text := printHandout(t, soffice, pdftotext, pod, Options{Now: testNow, PerMember: true}, "")
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	printed := squeeze("Printed Tuesday, December 1, 2026")
	pageOf := map[string]int{}
	for i, pg := range strings.Split(text, "\f") {
		flat := squeeze(pg)
		switch n := strings.Count(flat, printed); {
		case n > 1:
			t.Errorf("PDF page %d holds %d members' pages:\n%s", i+1, n, pg)
		case n == 1:
			for _, m := range pod.Members {
				if strings.Contains(flat, squeeze("Private: for "+m.Name+" only")) {
					if _, dup := pageOf[m.Name]; dup {
						t.Errorf("%s's page is printed twice", m.Name)
					}
					pageOf[m.Name] = i + 1
				}
			}
		}
	}
	for _, m := range pod.Members {
		_, ok := pageOf[m.Name]
		if want := m.Active == matching.Active; ok != want {
			t.Errorf("%s (%v): printed on a page of their own %v, want %v", m.Name, m.Active, ok, want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext output:\n%s", text)
	}
}
