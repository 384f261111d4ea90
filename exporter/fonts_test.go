package exporter

import "testing"

func TestFontFor(t *testing.T) {
	for tag, want := range map[string]string{
		"en": "", "es": "", "": "", "not a tag!": "",
		"zh-Hans": "Noto Sans CJK SC", "zh": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC",
		"bn": "Noto Sans Bengali", "ja": "Noto Sans CJK JP",
	} {
		if got := fontFor(tag); got != want {
			t.Errorf("fontFor(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestWrappedLinesWide(t *testing.T) {
	// Ten Han characters are twenty slots: two lines of ten slots.
	if n := wrappedLines("一二三四五六七八九十", 10); n != 2 {
		t.Errorf("wrappedLines of 10 Han runes at 10 slots = %d, want 2", n)
	}
	if n := wrappedLines("abcdefghij", 10); n != 1 {
		t.Errorf("wrappedLines of 10 letters at 10 slots = %d, want 1", n)
	}
}
