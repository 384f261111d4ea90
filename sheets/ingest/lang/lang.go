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

//go:embed form.*.json handout.*.json
var files embed.FS

// kinds are the message files of each language: form.<tag>.json for the
// questionnaire, handout.<tag>.json for the printed handout.
var kinds = []string{"form", "handout"}

// English is the language podsync is written in and falls back to.
const English = "en"

var bundle, tags = load()

// standIns are the tags go-i18n holds a shipped language's messages under
// when its CLDR data has no plural rules for the language, which go-i18n
// needs before it takes any message in it. CLDR has none for Haitian
// Creole (ht), so its messages go under a private-use tag of "art", which
// go-i18n gives English's rules: "one" for 1, "other" otherwise, as
// Haitian Creole counts ("yon semèn", "2 semèn").
var standIns = map[string]string{"ht": "art-x-ht"}

// local is the tag to ask the bundle for in place of tag: its stand-in
// when its language has one ("ht-HT" is "art-x-ht"), else tag.
func local(tag string) string {
	t, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return tag
	}
	if base, _ := t.Base(); standIns[base.String()] != "" {
		return standIns[base.String()]
	}
	return tag
}

func load() (*i18n.Bundle, []string) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	var ts []string
	for _, kind := range kinds {
		names, err := fs.Glob(files, kind+".*.json")
		if err != nil {
			panic(err)
		}
		for _, n := range names {
			t := strings.TrimSuffix(strings.TrimPrefix(n, kind+"."), ".json")
			var err error
			if in, ok := standIns[t]; ok {
				var buf []byte
				if buf, err = fs.ReadFile(files, n); err == nil {
					_, err = b.ParseMessageBytes(language.MustParse(in), buf, json.Unmarshal)
				}
			} else {
				_, err = b.LoadMessageFileFS(files, n)
			}
			if err != nil {
				panic("lang: " + n + ": " + err.Error()) // a shipped file that does not parse is a build mistake
			}
			if !slices.Contains(ts, t) {
				ts = append(ts, t)
			}
		}
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
	s, err := i18n.NewLocalizer(bundle, local(tag), English).Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		return ""
	}
	return s
}

// Format is message id in language tag (or English, as Message) with its
// {{.Name}} placeholders filled from data and, when count is not nil, the
// plural form the language uses for count; {{.Count}} is count. "" when
// English lacks the message too.
func Format(tag, id string, data map[string]any, count any) string {
	if count != nil {
		d := make(map[string]any, len(data)+1)
		for k, v := range data {
			d[k] = v
		}
		d["Count"] = count
		data = d
	}
	s, err := i18n.NewLocalizer(bundle, local(tag), English).Localize(&i18n.LocalizeConfig{
		MessageID: id, TemplateData: data, PluralCount: count,
	})
	if err != nil {
		return ""
	}
	return s
}

// Words are podsync's words as the handout (package exporter) takes them.
type Words struct{}

// Format is lang.Format.
func (Words) Format(tag, id string, data map[string]any, count any) string {
	return Format(tag, id, data, count)
}

// Lookup is the shipped language a person means by the name they gave
// their language in (English or its own name, or a BCP 47 tag: "Spanish",
// "Español", "中文", "zh-Hans"); ok is false when podsync has no words for it.
func (Words) Lookup(language string) (tag string, ok bool) { return Lookup(language) }

// languageNames maps common names of each shipped language, in English and
// in the language itself, folded to lower case, to its tag.
var languageNames = map[string]string{
	"english": "en", "inglés": "en", "ingles": "en", "英语": "en", "英文": "en",
	"spanish": "es", "español": "es", "espanol": "es", "castellano": "es", "castilian": "es", "西班牙语": "es", "西班牙文": "es",
	"chinese": "zh-Hans", "simplified chinese": "zh-Hans", "mandarin": "zh-Hans", "chino": "zh-Hans",
	"中文": "zh-Hans", "汉语": "zh-Hans", "漢語": "zh-Hans", "普通话": "zh-Hans", "國語": "zh-Hans", "简体中文": "zh-Hans", "华语": "zh-Hans",
	"bengali": "bn", "bangla": "bn", "bengalí": "bn", "বাংলা": "bn", "বাঙালি": "bn", "বাংলা ভাষা": "bn", "孟加拉语": "bn",
	"haitian creole": "ht", "haitian": "ht", "creole": "ht", "kreyòl": "ht", "kreyol": "ht", "kreyòl ayisyen": "ht", "kreyol ayisyen": "ht",
	"creole haitiano": "ht", "criollo haitiano": "ht", "créole haïtien": "ht", "creole haitien": "ht", "海地克里奥尔语": "ht",
}

// Lookup: see Words.Lookup.
func Lookup(name string) (string, bool) {
	s := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if s == "" {
		return "", false
	}
	if t, ok := languageNames[s]; ok {
		return t, slices.Contains(tags, t)
	}
	// A tag: es, es-MX, zh, zh-CN, zh-Hans-CN.
	want, err := language.Parse(s)
	if err != nil {
		return "", false
	}
	shipped := make([]language.Tag, len(tags))
	for i, t := range tags {
		shipped[i] = language.MustParse(t)
	}
	_, i, conf := language.NewMatcher(shipped).Match(want)
	if conf < language.High {
		return "", false
	}
	return tags[i], true
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
