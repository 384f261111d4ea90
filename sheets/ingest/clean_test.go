package ingest_test

import (
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
)

func TestCleanText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain, ñ and 中文", "plain, ñ and 中文"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"line\u2028sep\u2029para", "line\nsep\npara"},
		{"bell\x07null\x00esc\x1bdel\x7f", "bellnullescdel"},
		{"c1\u0085\u009f here", "c1 here"},
		{"non\ufffechar\uffff", "nonchar"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"", ""},
	} {
		got := ingest.CleanText(c.in)
		if got != c.want {
			t.Errorf("CleanText(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := ingest.CleanText(got); again != got {
			t.Errorf("CleanText is not idempotent on %q: %q", got, again)
		}
	}
}
