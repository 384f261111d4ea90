package ingest_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest"
)

// Run each for a short burst, e.g.
//
//	go test ./sheets/ingest -run '^$' -fuzz FuzzReadCSVExport -fuzztime 30s
//
// Crashers go to testdata/fuzz/<Target>/ and are replayed by go test.

func addFixtureSeeds(f *testing.F) {
	paths, err := filepath.Glob(fixtures + "*.csv")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	// Both shapes, small.
	f.Add([]byte("\"Timestamp\",\"Username\",\"Your name\",\"What can you help others with?\"\n\"2026/11/20 9:05:12 AM GMT-5\",\"a@example.org\",\"Ana\",\"Childcare;Recreation;x, y\""), false)
	f.Add([]byte("Timestamp,Email Address,Your name,What do you need help with?\r\n11/20/2026 9:05:12,a@example.org,Ana,\"Childcare, x; y\nz\"\r\n"), false)
	f.Add([]byte("\ufeffTimestamp,Your name,Your name,\r\n3/4/2026 9:00:00,A,B,C\r\n"), true)
	// Google's titles in other languages, and locale date shapes.
	f.Add([]byte("\"Marca temporal\",\"Nombre de usuario\",\"Your name\"\n\"2022/02/13 10:26:52 p. m. GMT-3\",\"a@example.org\",\"Ana\""), false)
	f.Add([]byte("Zeitstempel,E-Mail-Adresse,Your name\r\n07.02.2025 00:13:31,a@example.org,Ana\r\n20.11.2026 9:05,b@example.org,Ben\r\n"), false)
	f.Add([]byte("Horodateur,Adresse e-mail,Your name\r\n01/10/2026 18:12:05,a@example.org,Ana\r\n"), true)
	f.Add([]byte("Informazioni cronologiche,Indirizzo email,Your name\r\n08/07/2026 13.49.22,a@example.org,Ana\r\n"), false)
	f.Add([]byte("時間戳記,電子郵件地址,Your name\r\n2026/3/25 下午 1:00:05,a@example.org,Ana\r\n"), false)
	f.Add([]byte("\"时间戳记\",\"Your name\"\n\"2017/06/14 1:34:49 下午 GMT+8\",\"Ana\""), false)
	f.Add([]byte("타임스탬프,이메일 주소,Your name\r\n2025. 12. 10 오후 8:32:38,a@example.org,Ana\r\n"), false)
	f.Add([]byte("Отметка времени,Адрес электронной почты,Your name\r\n12/15/2025 10:18:29 GMT+7,a@example.org,Ana\r\n"), true)
}

// FuzzReadCSVExport reads arbitrary bytes as a response export in either CSV
// shape. It must never panic; every error is a *ParseError naming the file;
// every response read has a fresh ID, one field per non-timestamp column,
// and a Submitted at that reads back to the same second.
func FuzzReadCSVExport(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, dmy bool) {
		ex, err := ingest.ReadCSVExport(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			checkParseError(t, err)
			return
		}
		if len(ex.Rows) != len(ex.Lines) {
			t.Fatalf("%d rows, %d lines", len(ex.Rows), len(ex.Lines))
		}
		for _, r := range ex.Rows {
			for _, v := range r {
				if !utf8.ValidString(v) {
					t.Fatalf("invalid UTF-8 passed: %q", v)
				}
			}
		}
		set := matching.DefaultSettings()
		if dmy {
			set.DateOrder = "DMY"
		}
		rs, err := ex.Responses(&set)
		if err != nil {
			checkParseError(t, err)
			return
		}
		if len(rs) > len(ex.Rows) {
			t.Fatalf("%d responses from %d rows", len(rs), len(ex.Rows))
		}
		ids := map[string]bool{}
		for _, r := range rs {
			if ids[r.ID] || len(r.ID) != 14 || !strings.HasPrefix(r.ID, "R-") {
				t.Fatalf("ID %q repeated or malformed", r.ID)
			}
			ids[r.ID] = true
			if len(r.Fields) != len(ex.Titles)-1 {
				t.Fatalf("%d fields for %d titles", len(r.Fields), len(ex.Titles))
			}
			s := ingest.FormatTime(r.Submitted)
			back, err := ingest.SubmittedIn(s, time.UTC)
			if err != nil || !back.Equal(r.Submitted) {
				t.Fatalf("Submitted at %q reads back as %v, %v (was %v)", s, back, err, r.Submitted)
			}
			for _, fl := range r.Fields {
				if ingest.CleanText(fl.Text) != fl.Text || ingest.CleanText(fl.Title) != fl.Title {
					t.Fatalf("field %q: %q is not as stored", fl.Title, fl.Text)
				}
				cs := ingest.NewChoiceSet(CategoryLabels())
				cs.Split(fl.Text, cs.Separator(fl.Text))
			}
		}
	})
}

func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *ingest.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T is not a *ParseError: %v", err, err)
	}
	if !strings.HasPrefix(err.Error(), "file fuzz.csv") || pe.Err == nil {
		t.Fatalf("error does not name the file: %v", err)
	}
}

func CategoryLabels() []string {
	out := make([]string, len(matching.Categories))
	for i, c := range matching.Categories {
		out[i] = string(c)
	}
	return out
}

// FuzzSplitChoices: labels come out as known labels that the answer holds,
// and the member's words are the answer's tail, whole.
func FuzzSplitChoices(f *testing.F) {
	for _, s := range []string{
		"Food and groceries;Childcare", "Food and groceries, Childcare", "Recreation;Fixing bikes; scooters, and prams",
		"Childcare, Tutoring; maths, reading", "Recreation, gardening", "food and GROCERIES;  childcare ",
		"Tech assistance;Recreation, Internet access", ";;,", "", "Other: x", "🌻 حديقة;Childcare",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
		f.Add(s, uint8(2))
	}
	labels := CategoryLabels()
	cs := ingest.NewChoiceSet(labels)
	f.Fuzz(func(t *testing.T, text string, mode uint8) {
		sep := []string{"", ingest.DownloadSep, ingest.LinkedSep}[int(mode)%3]
		known, other := cs.Split(text, sep)
		folded := matching.Fold(text)
		seen := map[string]bool{}
		for _, k := range known {
			c, ok := matching.ParseCategory(k)
			if !ok || string(c) != k {
				t.Fatalf("%q is not a label", k)
			}
			if seen[k] {
				t.Fatalf("%q twice", k)
			}
			seen[k] = true
			if !strings.Contains(folded, matching.Fold(k)) {
				t.Fatalf("%q is not in %q", k, text)
			}
		}
		if other != strings.TrimSpace(other) || !strings.HasSuffix(strings.TrimSpace(text), other) {
			t.Fatalf("other %q is not the answer's tail, whole", other)
		}
		if !strings.ContainsAny(text, ",;") {
			if c, ok := matching.ParseCategory(text); ok {
				if len(known) != 1 || known[0] != string(c) || other != "" {
					t.Fatalf("%q: %q, %q", text, known, other)
				}
			} else if strings.TrimSpace(text) != "" && (len(known) != 0 || other != strings.TrimSpace(text)) {
				t.Fatalf("%q: %q, %q", text, known, other)
			}
		}
		if got := cs.Separator(text); got != "" && got != ingest.DownloadSep && got != ingest.LinkedSep {
			t.Fatalf("separator %q", got)
		}
		// Splitting the labels again, joined either way, gives them back.
		for _, j := range []string{ingest.DownloadSep, ingest.LinkedSep} {
			again, rest := cs.Split(strings.Join(known, j), j)
			if strings.Join(again, "|") != strings.Join(known, "|") || rest != "" {
				t.Fatalf("labels %q rejoined with %q read as %q, %q", known, j, again, rest)
			}
		}
	})
}

// FuzzTimestamp: any text either parses to a time whose Submitted at reads
// back to the same second, or is an error; nothing panics.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{
		"2023/08/08 6:07:50 PM GMT+5:30", "2026/05/03 12:56:56 pm CET", "2020/06/29 8:29:38 PM AST",
		"2026/11/20 9:05:12 AM GMT-5", "11/20/2026 9:05:12", "20/11/2026 9:05:12", "20.11.2026 09:05:12",
		"2026-11-20 09:05:12", "46346.378611111", "2026-11-20T09:05:12-05:00", "2026/11/20 9:05:12 a.m. gmt-04:00",
		"11/20/2026 9:05:12.999999999999", "2958465.99999999", "1", "",
		// Locale shapes (timestamp.go).
		"2026/11/20 9:05", "2026-11-20 09:05", "2026-11-20T09:05:12", "2026.11.20 9:05:12",
		"2025. 12. 10 오후 8:32:38", "2025. 12. 10. 오전 8:32", "2026/3/25 下午 1:00:05", "2026/11/20 午後 9:05:12",
		"2017/06/14 1:34:49 下午 GMT+8", "2022/02/13 10:26:52 p.\u00a0m. GMT-3", "2026/04/08 10:04:06 AM UTC+2",
		"2023/04/04 11:54:34 AM OEZ", "12/15/2025 10:18:29 GMT+7", "07.02.2025 00:13:31", "20.11.2026, 09:05:12",
		"20/11/2026, 9:05:12", "08/07/2026 13.49.22", "29/08/2026 09:40", "20.11.2026", "2026/3/25 下午 1:00:05 PM",
	} {
		f.Add(s, false, int16(0))
		f.Add(s, true, int16(330))
	}
	f.Fuzz(func(t *testing.T, s string, dmy bool, offset int16) {
		loc := time.FixedZone("fuzz", int(offset%(15*60))*60)
		tr := ingest.TimeReader{Loc: loc, DMY: dmy}
		got, err := tr.Parse(s)
		kind := ingest.KindOf(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if kind == ingest.UnknownTime {
			t.Fatalf("%q parsed but has no kind", s)
		}
		out := ingest.FormatTime(got)
		back, err := tr.Parse(out)
		if err != nil || !back.Equal(got.Truncate(time.Second)) {
			t.Fatalf("%q → %s → %v, %v", s, out, back, err)
		}
		if ingest.KindOf(out) != ingest.RFC3339Time {
			t.Fatalf("%s is not RFC 3339", out)
		}
	})
}

// FuzzResolveHeaders: Columns names every title uniquely (case and white
// space folded), and ResolveHeaders either maps keys to distinct answer
// columns or says which header is wrong.
func FuzzResolveHeaders(f *testing.F) {
	f.Add("Timestamp\x00Username\x00Your name\x00Phone number", "", "")
	f.Add("Timestamp\x00Your name\x00Your name\x00\x00 your  NAME ", "name", "Your name (2)")
	f.Add("Timestamp\x00\x00Column B\x00Q\x00Q (2)\x00Q", "phone", "Column B")
	f.Add("Timestamp\x00Email Address\x00Email address\x00Your name", "email", "Email Address")
	f.Add("Timestamp\x00Times [Mon]\x00Times [Tue]\x00Your name", "interests", "Timestamp")
	f.Add("Marca temporal\x00Dirección de correo electrónico\x00Your name\x00Marca temporal", "interests", "Marca temporal (2)")
	f.Add("時間戳記\x00使用者名稱\x00Email Address\x00Your name", "", "")
	f.Fuzz(func(t *testing.T, header, key, value string) {
		titles := strings.Split(header, "\x00")
		names := ingest.Columns(titles)
		if len(names) != len(titles) {
			t.Fatalf("%d names for %d titles", len(names), len(titles))
		}
		seen := map[string]bool{}
		for i, n := range names {
			k := matching.Fold(n)
			if k == "" || seen[k] {
				t.Fatalf("name %d %q is empty or repeated: %q", i, n, names)
			}
			seen[k] = true
		}
		over := map[string]string{}
		if key != "" {
			over[key] = value
		}
		hm, err := ingest.ResolveHeaders(names, over, "file fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "file fuzz.csv: ") || !strings.ContainsAny(err.Error(), `"`) {
				t.Fatalf("error does not say which header: %v", err)
			}
			return
		}
		if _, ok := hm["name"]; !ok {
			t.Fatal("no error, and no name column")
		}
		used := map[int]string{}
		for k, c := range hm {
			if c < 0 || c >= len(names) {
				t.Fatalf("%s → column %d of %d", k, c, len(names))
			}
			if o, dup := used[c]; dup {
				t.Fatalf("column %d is both %s and %s", c, o, k)
			}
			used[c] = k
			if f := matching.Fold(ingest.TitlesOf(names)[c]); f == "timestamp" || f == "response id" || f == "submitted at" {
				t.Fatalf("%s → the %q column", k, names[c])
			}
		}
	})
}

// FuzzFingerprint: no input panics, and neither the order of the answers
// nor the separator Google joins checkbox labels with changes a
// fingerprint.
func FuzzFingerprint(f *testing.F) {
	f.Add("Ana Ruiz\x00Food and groceries;Childcare\x00Yes")
	f.Add("2026-11-20\x00007\x00\x00 ")
	f.Add("ß\x00İ\x00\u0301a")
	f.Fuzz(func(t *testing.T, s string) {
		answers := strings.Split(s, "\x00")
		fp := ingest.Fingerprint(answers)
		rev := slices.Clone(answers)
		slices.Reverse(rev)
		if got := ingest.Fingerprint(rev); got != fp {
			t.Fatalf("order changes the fingerprint: %q vs %q", fp, got)
		}
		linked := make([]string, len(answers))
		for i, a := range answers {
			linked[i] = strings.ReplaceAll(a, ";", ", ")
		}
		if got := ingest.Fingerprint(linked); got != fp {
			t.Fatalf("the separator changes the fingerprint of %q", answers)
		}
	})
}

// FuzzChoices: any answer to any choice question reads without a panic,
// known labels are podsync's, and every answer not read is warned about.
func FuzzChoices(f *testing.F) {
	f.Add("pairing", "Sí", "si")
	f.Add("offers", "Comida, Childcare;x", "comida")
	f.Add("share", "My name;;My zone,", "")
	f.Add("capacity", "4 or more", "cuatro")
	f.Fuzz(func(t *testing.T, key, text, theirs string) {
		keys := ingest.ChoiceKeys()
		key = keys[len(key)%len(keys)]
		q, _ := ingest.QuestionByKey(key)
		c := ingest.NewChoices(map[string]map[string]string{key: {theirs: q.Choices[0]}})
		if q.Kind == "radio" {
			if _, known := c.One(key, text); !known && len(c.Warnings()) != 1 {
				t.Fatalf("an unknown answer %q is not warned about", text)
			}
			return
		}
		for _, sep := range []string{"", ingest.DownloadSep, ingest.LinkedSep} {
			known, other := c.Several(key, text, sep)
			for _, l := range known {
				if !slices.Contains(q.Choices, l) {
					t.Fatalf("Several(%q) gave %q, not a label", text, l)
				}
			}
			if other != "" && len(c.Warnings()) != 1 {
				t.Fatalf("%q left unread without a warning", other)
			}
		}
	})
}

// FuzzLineEnds: a file reads the same with LF, CR LF or lone CR line ends
// (inside quoted cells too): the same rows, on the same lines, or the same
// error.
func FuzzLineEnds(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, _ bool) {
		if bytes.IndexByte(data, '\r') >= 0 {
			return
		}
		lf, errLF := ingest.ReadCSVExport(bytes.NewReader(data), "fuzz.csv")
		for _, sep := range []string{"\r", "\r\n"} {
			other, err := ingest.ReadCSVExport(bytes.NewReader(bytes.ReplaceAll(data, []byte("\n"), []byte(sep))), "fuzz.csv")
			if (err == nil) != (errLF == nil) || err != nil && err.Error() != errLF.Error() {
				t.Fatalf("%q line ends: error %v, with LF %v", sep, err, errLF)
			}
			if err == nil && (!reflect.DeepEqual(other.Rows, lf.Rows) || !reflect.DeepEqual(other.Lines, lf.Lines) || !reflect.DeepEqual(other.Titles, lf.Titles)) {
				t.Fatalf("%q line ends read differently:\n%q\n%q", sep, other.Rows, lf.Rows)
			}
		}
	})
}

// FuzzCleanText: cleaned text is valid UTF-8, holds no control character
// but tab and newline, and is clean already (a second pass changes nothing).
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"plain", "a\r\nb\rc", "x\u2028y", "\x00\x07\x1b\x7f\u0085", "bad \xff", "\ufffe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ingest.CleanText(s)
		if !utf8.ValidString(c) || ingest.CleanText(c) != c {
			t.Fatalf("CleanText(%q) = %q, not clean", s, c)
		}
		for _, r := range c {
			if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f || r == '\u2028' || r == '\u2029' {
				t.Fatalf("CleanText(%q) = %q keeps %U", s, c, r)
			}
		}
		if utf8.ValidString(s) && strings.ContainsFunc(s, func(r rune) bool {
			return r >= 0x20 && r != 0x7f && (r < 0x80 || r > 0x9f) && r != '\u2028' && r != '\u2029' && r != 0xfffe && r != 0xffff && r != '\r'
		}) && c == "" {
			t.Fatalf("CleanText(%q) dropped everything", s)
		}
	})
}
