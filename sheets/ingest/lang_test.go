package ingest_test

import (
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/lang"
)

// TestEnglishCatalogIsTheForm: the English message file, which translators
// work from, says exactly what the form podsync ships says.
func TestEnglishCatalogIsTheForm(t *testing.T) {
	for _, q := range ingest.Questions {
		if got := lang.Message(lang.English, "q."+q.Key); got != q.Title {
			t.Errorf("q.%s = %q, the form says %q", q.Key, got, q.Title)
		}
		prefix := q.Key
		if q.Key == "offers" || q.Key == "needs" {
			prefix = "category"
		}
		for i, c := range q.Choices {
			id := prefix + "." + itoa(i+1)
			if got := lang.Message(lang.English, id); got != c {
				t.Errorf("%s = %q, the form says %q", id, got, c)
			}
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}
