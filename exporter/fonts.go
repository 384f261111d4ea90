package exporter

import (
	"golang.org/x/text/language"
	"golang.org/x/text/width"
)

// scriptFonts are the font families the handout's cells are set in for a
// language written in a script the workbook's default font (Calibri, which
// LibreOffice replaces with a metric-compatible Latin font) has no glyphs
// for. Without them a printed handout can show boxes or drop characters.
// The families are the Noto fonts Debian ships: fonts-noto-cjk for Chinese,
// Japanese and Korean, fonts-noto-core for the others (.ci/run installs
// both). A script not listed here keeps the default font.
var scriptFonts = map[string]string{
	"Hans": "Noto Sans CJK SC",
	"Hant": "Noto Sans CJK TC",
	"Jpan": "Noto Sans CJK JP",
	"Kore": "Noto Sans CJK KR",
	"Beng": "Noto Sans Bengali",
	"Deva": "Noto Sans Devanagari",
}

// fontFor is the font family of the cells of a tab in language tag: ""
// (the workbook's default font, as before fonts were chosen per language)
// for Latin-script languages and any tag it cannot read.
func fontFor(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	script, conf := t.Script()
	if conf == language.No {
		return ""
	}
	return scriptFonts[script.String()]
}

// textWidth is s's width in character slots: East Asian wide and fullwidth
// runes (Han, kana, Hangul, fullwidth punctuation) take two slots, as they
// print about twice as wide as a Latin letter; every other rune takes one.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x1100 { // no wide runes below the Hangul Jamo block
			n++
			continue
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
