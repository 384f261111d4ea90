package exporter

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/podsync/podsync/matching"
)

// commonWords lists the words of a partner's interests that a member's
// interests hold too, folded (case and white space), in the partner's
// order, each once: "gardening, board games" and "Games and jazz" share
// "games". Words of fewer than three letters and a few common ones ("and",
// "the", "with"…) do not count; a plural "s" is ignored when comparing.
func commonWords(partner, member string) []string {
	mine := map[string]bool{}
	for _, w := range interestWords(member) {
		mine[stem(w)] = true
	}
	var out []string
	said := map[string]bool{}
	for _, w := range interestWords(partner) {
		k := stem(w)
		if mine[k] && !said[k] {
			said[k] = true
			out = append(out, w)
		}
	}
	return out
}

// interestWords splits folded text into its words that may say an interest.
func interestWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(matching.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '\''
	}) {
		w = strings.Trim(w, "'")
		if utf8.RuneCountInString(w) < 3 || commonWord[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// stem drops a plural "s" from a word of more than three letters.
func stem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// commonWord holds words that say nothing about an interest, in the
// languages podsync ships words for that separate words with spaces.
var commonWord = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		and the for with from into about like likes love loves enjoy enjoys
		very also some other things thing stuff much more most all any our
		your their them they you are was were have has being doing lot lots
		but not too just really good new old can time when what who how
		con los las del para por una uno unos unas que mis sus muy
		ak pou nan yon ki sou epi mwen yo
	`) {
		m[w] = true
	}
	return m
}()
