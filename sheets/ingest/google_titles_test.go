package ingest_test

import (
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
)

// A tiny export per language, titled as Google titles its own columns in
// the form owner's language (see googleTitles for where each was seen):
// the timestamp column is found, and the collected email is the "email"
// question, in the linked sheet's shape and the downloaded CSV's.
func TestGoogleTitlesPerLanguage(t *testing.T) {
	const (
		download = "2026/11/20 9:05:12 AM GMT-5"
		linked   = "2026/11/20 9:05:12" // year first: no Date order needed
	)
	cases := []struct {
		lang, ts, email, stamp string
	}{
		{"en", "Timestamp", "Email Address", linked},
		{"en", "Timestamp", "Email address", linked},
		{"en", "Timestamp", "Username", download},
		{"es", "Marca temporal", "Dirección de correo electrónico", linked},
		{"fr", "Horodateur", "Adresse e-mail", linked},
		{"pt-BR", "Carimbo de data/hora", "Endereço de e-mail", linked},
		{"pt-BR", "Carimbo de data/hora", "Nome de usuário", download},
		{"pt-BR", "Indicação de data e hora", "Endereço de e-mail", linked},
		{"pt-PT", "Carimbo de data/hora", "Endereço de email", linked},
		{"de", "Zeitstempel", "E-Mail-Adresse", linked},
		{"zh-Hans", "时间戳记", "Email", linked},
		{"zh-Hant", "時間戳記", "電子郵件地址", linked},
		{"zh-Hant", "時間戳記", "使用者名稱", download},
		{"bn", "টাইমস্ট্যাম্প", "Email", linked},
		{"it", "Informazioni cronologiche", "Indirizzo email", linked},
		{"ru", "Отметка времени", "Адрес электронной почты", linked},
		{"ar", "الطابع الزمني", "Email", linked},
		{"vi", "Dấu thời gian", "Địa chỉ email", linked},
		{"ko", "타임스탬프", "이메일 주소", linked},
		{"ja", "タイムスタンプ", "メールアドレス", linked},
		// Case and white space are folded, as for every title.
		{"es", "  MARCA   temporal ", "dirección de correo ELECTRÓNICO", linked},
	}
	for _, tc := range cases {
		t.Run(tc.lang+" "+tc.email, func(t *testing.T) {
			csv := `"` + tc.ts + `","` + tc.email + `","Your name"` + "\n" +
				`"` + tc.stamp + `","ana.ruiz@example.org","Ana Ruiz"`
			ex, rs := readInline(t, csv)
			if len(rs) != 1 || rs[0].Submitted.Day() != 20 || rs[0].Submitted.Hour() != 9 {
				t.Fatalf("responses %+v", rs)
			}
			// The timestamp column is no answer: only email and name are.
			if len(rs[0].Fields) != 2 || rs[0].Fields[0].Title != tc.email {
				t.Fatalf("fields %+v", rs[0].Fields)
			}
			hm, err := ingest.ResolveHeaders(ingest.Columns(ex.Titles), nil, "file x.csv")
			if err != nil {
				t.Fatal(err)
			}
			if hm["email"] != 1 || hm["name"] != 2 {
				t.Fatalf("map %v, want email 1 and name 2", hm)
			}
		})
	}
}

// A Timestamp in the form owner's language is a meta title, like
// "Timestamp": a second column so titled (a question of the pod's own)
// keeps its answers but is no question's column, even when Settings name
// it, and the first such column is the time.
func TestLocalizedTimestampIsMeta(t *testing.T) {
	csv := "Marca temporal,Dirección de correo electrónico,Your name,Marca temporal\r\n" +
		"20/11/2026 9:05:12,ana.ruiz@example.org,Ana Ruiz,ayer\r\n"
	ex, rs := readInline(t, csv)
	if got := rs[0].Fields[2]; got.Title != "Marca temporal (2)" || got.Text != "ayer" {
		t.Fatalf("the pod's own column: %+v", got)
	}
	_, err := ingest.ResolveHeaders(ingest.Columns(ex.Titles), map[string]string{"interests": "Marca temporal"}, "file x.csv")
	if err == nil || !strings.Contains(err.Error(), `"Marca temporal"`) || !strings.Contains(err.Error(), "Header: interests") {
		t.Fatalf("got %v; want an error naming the column and the Settings row", err)
	}
}

// No timestamp column in any language is an error that says what it looks
// for.
func TestNoTimestampColumn(t *testing.T) {
	ex, err := ingest.ReadCSVExport(strings.NewReader("\"Fecha\",\"Your name\"\n\"20/11/2026\",\"Ana\""), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ex.Responses(nil)
	if err == nil || !strings.Contains(err.Error(), `no "Timestamp" column`) || !strings.Contains(err.Error(), `"Marca temporal"`) {
		t.Fatalf("got %v", err)
	}
}

// readInline reads a CSV export given as a string, and its responses with
// the default settings.
func readInline(t *testing.T, csv string) (*ingest.Export, []ingest.Response) {
	t.Helper()
	ex, err := ingest.ReadCSVExport(strings.NewReader(csv), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ex.Responses(nil)
	if err != nil {
		t.Fatal(err)
	}
	return ex, rs
}
