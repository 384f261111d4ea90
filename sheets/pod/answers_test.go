package pod_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// A pod's own form, in Portuguese-ish Spanish except for the name question: its own
// titles and its own choice labels.
const ownForm = `"Timestamp","Your name","Correo","¿Con qué puedes ayudar?","¿Qué necesitas?","¿Quieres conversaciones 1 a 1?","¿Qué podemos compartir con el grupo?"
"2026/11/20 9:05:12 AM GMT-5","Ana Ruiz","ana@example.org","Comida","Creche","Sim","Meu nome"
"2026/11/20 9:06:40 AM GMT-5","Bo Chen","bo@example.org","Creche","Comida","Sim","Meu nome;Meu e-mail"
"2026/11/20 9:07:02 AM GMT-5","Cy Okafor","cy@example.org","","Comida","No","Meu nome"`

// TestOwnFormWordingWarnsThenMaps: a form worded its own way syncs with a
// warning for each question podsync cannot find (naming the closest title
// and the Settings row) and for each answer it cannot read (naming the
// answer, what it is read as, and the Settings row); once the organizer
// adds those rows, the answers are read, and nothing warns or is added
// again.
func TestOwnFormWordingWarnsThenMaps(t *testing.T) {
	p := filepath.Join(t.TempDir(), "responses.csv")
	if err := writeFile(p, ownForm); err != nil {
		t.Fatal(err)
	}
	s := storetest.NewMem()
	rep := cycleAt(t, s, p, now)
	all := strings.Join(rep.Warnings, "\n")
	for _, want := range []string{
		// The Spanish titles of podsync's own form bring the closest ones.
		`question "What can you help others with?" (offers) is not in the responses; the closest title there is "¿Con qué puedes ayudar?": if that is it, add a Settings row "Header: offers" with Value "¿Con qué puedes ayudar?"`,
		`question "What do you need help with?" (needs) is not in the responses; the closest title there is "¿Qué necesitas?"`,
		`question "Best way to reach you" (contact) is not in the responses`,
		// Google's Spanish title for the email is "Dirección de correo electrónico".
		`question "Email address" (email) is not in the responses; the closest title there is "Correo": if that is it, add a Settings row "Header: email" with Value "Correo"`,
		`if your form does not ask it, give that row the Value none`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning saying %q in:\n%s", want, all)
		}
	}
	for _, row := range [][2]string{
		{"Header: email", "Correo"},
		{"Header: offers", "¿Con qué puedes ayudar?"},
		{"Header: needs", "¿Qué necesitas?"},
		{"Header: pairing", "¿Quieres conversaciones 1 a 1?"},
		{"Header: share", "¿Qué podemos compartir con el grupo?"},
	} {
		appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: row[0], sheets.ColValue: row[1]})
	}
	rep = cycleAt(t, s, p, now)
	all = strings.Join(rep.Warnings, "\n")
	if rep.NewResponses != 0 {
		t.Errorf("mapping the headers added %d responses again", rep.NewResponses)
	}
	for _, want := range []string{
		`question "Would you like 1-on-1 conversations with pod members?" (pairing): "Sim" (2 responses) is not one of its choices, read as No: the member is left out of every 1-on-1 round; if one is a choice on your form, add a Settings row "Answer: pairing: Sim" with Value one of: Yes, No`,
		`(share): "Meu nome" (2 responses), "Meu nome;Meu e-mail" (1 response) are not one of its choices, read as not ticked: nothing is shared for it; if one is a choice on your form, add a Settings row "Answer: share: Meu nome" with Value one of: My name, My phone number`,
		`(offers): "Comida" (1 response), "Creche" (1 response) are not one of its choices, read as the member's own words`,
		`"Answer: offers: Comida" with Value a category, e.g. Food and groceries`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning saying %q in:\n%s", want, all)
		}
	}
	for _, row := range [][2]string{
		{"Answer: pairing: Sim", "Yes"},
		{"Answer: share: Meu nome", "My name"},
		{"Answer: share: Meu e-mail", "My email"},
		{"Answer: offers: Comida", "Food and groceries"},
		{"Answer: offers: Creche", "Childcare"},
		{"Answer: needs: Comida", "Food and groceries"},
		{"Answer: needs: Creche", "Childcare"},
		{"Header: contact", "none"}, {"Header: phone", "none"}, {"Header: zone", "none"},
		{"Header: languages", "none"}, {"Header: interests", "none"}, {"Header: checkin", "none"},
		{"Header: offer_details", "none"}, {"Header: capacity", "none"}, {"Header: need_details", "none"},
	} {
		appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: row[0], sheets.ColValue: row[1]})
	}
	rep = cycleAt(t, s, p, now)
	if len(rep.Warnings) != 0 || rep.NewResponses != 0 {
		t.Errorf("with every row mapped: %d new responses, warnings:\n%s", rep.NewResponses, strings.Join(rep.Warnings, "\n"))
	}
	m := storetest.ReadTab(t, s, sheets.TabMembers)
	_, ana := find(t, m, sheets.ColName, "Ana Ruiz")
	_, bo := find(t, m, sheets.ColName, "Bo Chen")
	for _, c := range []struct{ who, col, got, want string }{
		{"Ana", sheets.ColPairing, ana[colOf(t, m, sheets.ColPairing)], "Yes"},
		{"Ana", sheets.ColOffers, ana[colOf(t, m, sheets.ColOffers)], "Food and groceries"},
		{"Ana", sheets.ColNeeds, ana[colOf(t, m, sheets.ColNeeds)], "Childcare"},
		{"Bo", sheets.ColShare, bo[colOf(t, m, sheets.ColShare)], "My name, My email"},
	} {
		if c.got != c.want {
			t.Errorf("%s's %s = %q, want %q", c.who, c.col, c.got, c.want)
		}
	}
	// Ana's need of Childcare is matched with Bo, who offers it.
	matches := storetest.ReadTab(t, s, sheets.TabMatches)
	if _, r := find(t, matches, sheets.ColCategory, "Childcare"); !strings.HasPrefix(r[colOf(t, matches, sheets.ColHelper)], "Bo Chen") {
		t.Errorf("Childcare helper = %q, want Bo Chen", r[colOf(t, matches, sheets.ColHelper)])
	}
	// The Directory shows what the mapped share answers allow.
	dir := storetest.ReadTab(t, s, sheets.TabDirectory)
	if _, r := find(t, dir, sheets.ColName, "Bo Chen"); r[colOf(t, dir, sheets.ColEmail)] != "bo@example.org" {
		t.Errorf("Bo's Directory email = %q", r[colOf(t, dir, sheets.ColEmail)])
	}
}

// TestBadAnswerRowRefused: an Answer row whose Value is not one of
// podsync's labels, or whose key is no choice question, stops the sync
// with the Settings row named.
func TestBadAnswerRowRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "responses.csv")
	if err := writeFile(p, ownForm); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ key, val, want string }{
		{"Answer: pairing: Sim", "Si", `column "Value": Answer: pairing: Sim: "Si" is not a choice of pairing; use one of: Yes, No`},
		{"Answer: zone: Norte", "North", `column "Setting": Answer: zone: Norte: "zone" is not a choice question`},
		{"Answer: pairing", "Yes", `column "Setting": Answer: pairing: name the answer after the key`},
	} {
		s := storetest.NewMem()
		cycleAt(t, s, p, now)
		row := appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: tc.key, sheets.ColValue: tc.val})
		before := snapshot(t, s)
		_, err := (&pod.Cycle{Store: s, Source: ingest.File(p), Now: now}).Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), fmt.Sprintf("row %d", row)) {
			t.Errorf("%s = %s: err = %v, want one naming row %d and saying %q", tc.key, tc.val, err, row, tc.want)
		}
		if got := snapshot(t, s); !reflect.DeepEqual(got, before) {
			t.Errorf("%s: the pod changed", tc.key)
		}
	}
}
