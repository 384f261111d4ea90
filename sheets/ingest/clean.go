package ingest

import (
	"strings"
	"unicode/utf8"
)

// CleanText is an answer or a title as podsync stores it: line ends made
// "\n" (a CR, CR LF, and the Unicode line and paragraph separators U+2028
// and U+2029), and the control characters that a sheet does not keep as
// written dropped: C0 controls but tab and newline, DEL, C1 controls, the
// non-characters U+FFFE and U+FFFF; text that is not UTF-8 has each bad
// byte replaced by U+FFFD. Stored as received, such an answer reads back
// different from what podsync wrote (an xlsx file cannot hold a U+0001,
// for one), so every sync would write it again. Text that needs none of
// this is returned as it is.
func CleanText(s string) string {
	if clean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case dropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean reports whether s needs nothing done by CleanText.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' || c == '\r' || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' || dropped(r) {
				return false
			}
			i += n - 1
		}
	}
	return true
}

// dropped is a character CleanText removes.
func dropped(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n'
	case r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}
