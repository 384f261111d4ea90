// Package lang holds podsync's words in its neighbors' languages. Each
// language is one message file, form.<BCP 47 tag>.json, embedded in the
// binary and read with go-i18n, so a translator edits data, not Go:
// copy form.en.json to form.<tag>.json, translate every value, keep every
// key. The test checks that every file has every message of the English
// one, with the same placeholders, and no other.
//
// Message IDs: form.title and form.description; q.<key> for each
// question's title and q.<key>.help for the help text under it (only the
// questions that have one); <key>.<n> for the n-th choice (from 1) of the one-choice
// questions (contact, checkin, capacity, pairing); share.<n> for the share
// options and category.<n> for the fourteen categories, in the order of
// the English form. go-i18n was chosen over golang.org/x/text's catalogs
// because its message files are plain data a translator can edit without
// a generator step, and it still has plural forms (CLDR rules) where a
// message needs them.
package lang

import (
	"embed"
	"encoding/json"
	"io/fs"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed form.*.json
var files embed.FS

// English is the language podsync is written in and falls back to.
const English = "en"

var bundle, tags = load()

func load() (*i18n.Bundle, []string) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(files, "form.*.json")
	if err != nil {
		panic(err)
	}
	var ts []string
	for _, n := range names {
		if _, err := b.LoadMessageFileFS(files, n); err != nil {
			panic("lang: " + n + ": " + err.Error()) // a shipped file that does not parse is a build mistake
		}
		ts = append(ts, strings.TrimSuffix(strings.TrimPrefix(n, "form."), ".json"))
	}
	slices.SortFunc(ts, func(a, b string) int {
		switch {
		case a == English:
			return -1
		case b == English:
			return 1
		}
		return strings.Compare(a, b)
	})
	return b, ts
}

// Tags lists the shipped languages, English first.
func Tags() []string { return slices.Clone(tags) }

// Message is message id in language tag, or in English when tag is not
// shipped or lacks it; "" when English lacks it too.
func Message(tag, id string) string {
	s, err := i18n.NewLocalizer(bundle, tag, English).Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		return ""
	}
	return s
}

// Translations are message id in every shipped language but English,
// each once.
func Translations(id string) []string {
	var out []string
	for _, t := range tags[1:] {
		if s := Message(t, id); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Shipped is tag in its canonical form ("zh-hans" is "zh-Hans") and
// whether podsync ships that language: an exact match, so "es-MX" is not
// shipped though its messages fall back to "es".
func Shipped(tag string) (string, bool) {
	t, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return tag, false
	}
	s := t.String()
	return s, slices.Contains(tags, s)
}
