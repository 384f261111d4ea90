package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"
)

// Fingerprint is what makes two copies of one response the same response,
// whichever export carried them: the downloaded CSV, the linked tab, its CSV
// or xlsx download, or the Forms API. It is built from the answers alone:
//   - each answer's words and numbers (runs of letters and digits), case
//     folded, leading zeros dropped, in any order: the separators, spacing
//     and punctuation that each export writes its own way (";" or ", "
//     between checkbox labels, "11/20/2026" or "2026-11-20") do not count;
//   - the set of answers, in any order, blank ones left out and one answer
//     given in two columns counted once, so neither the column order nor
//     the column titles count ("Username" in one export is "Email Address"
//     in another), and a header map in Settings, before or after it
//     changes, changes nothing;
//   - never the timestamp, which one export rounds to the second and another
//     carries with its fraction.
//
// Two people never give every answer alike (a name, an email or a phone
// differs), and one person who sends the same answers twice has said one
// thing, so equal fingerprints are one response. "" when every answer is
// blank.
func Fingerprint(answers []string) string {
	var parts []string
	for _, a := range answers {
		if c := canonical(a); c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	slices.Sort(parts)
	parts = slices.Compact(parts)
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		for i := range n {
			n[i] = byte(len(p) >> (8 * i))
		}
		h.Write(n[:])
		h.Write([]byte(p))
	}
	// 12 hex digits: short enough to read, collision-free in practice for
	// the responses of even a large network.
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// canonical is one answer's words and numbers, folded and sorted.
func canonical(s string) string {
	toks := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
	for i, t := range toks {
		if t[0] == '0' {
			if u := strings.TrimLeft(t, "0"); u != "" && isDigits(u) {
				toks[i] = u
			}
		}
	}
	slices.Sort(toks)
	return strings.Join(toks, " ")
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
