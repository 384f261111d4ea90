package google_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/lang"
	formsapi "google.golang.org/api/forms/v1"
)

// column is the cells of the column titled col on a tab read from the fake
// (header row first), one per data row.
func column(t *testing.T, rows [][]string, col string) []string {
	t.Helper()
	if len(rows) == 0 {
		t.Fatalf("no header looking for %q", col)
	}
	i := slices.Index(rows[0], col)
	if i < 0 {
		t.Fatalf("no column %q in %q", col, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		if i < len(r) {
			out = append(out, r[i])
		} else {
			out = append(out, "")
		}
	}
	return out
}

// options are the labels of a choice item, without Google's "Other".
func options(it *formsapi.Item) []string {
	var out []string
	if q := it.QuestionItem.Question.ChoiceQuestion; q != nil {
		for _, o := range q.Options {
			if !o.IsOther {
				out = append(out, o.Value)
			}
		}
	}
	return out
}

// TestCreateFormInLanguage: a form built in Spanish or Chinese has no
// English title, description, help or label left (the capacity digits
// aside), and responses in its own labels sync into members with no
// warning: categories matched, pairing read, consent honoured.
func TestCreateFormInLanguage(t *testing.T) {
	ctx := context.Background()
	for _, tag := range []string{"es", "zh-Hans"} {
		t.Run(tag, func(t *testing.T) {
			srv := googlefake.New(t)
			defer noUnexpected(t, srv)
			cfg := fakeConfig(srv, nil)
			enID, _, err := google.CreateForm(ctx, cfg, "")
			if err != nil {
				t.Fatal(err)
			}
			id, url, err := google.CreateFormIn(ctx, cfg, "", tag)
			if err != nil {
				t.Fatal(err)
			}
			if id == "" || !strings.Contains(url, "viewform") || !srv.Published(id) {
				t.Fatalf("id %q url %q published %v", id, url, srv.Published(id))
			}
			en, form := srv.Form(enID), srv.Form(id)
			if form.Info.Title != lang.Message(tag, "form.title") || form.Info.Title == en.Info.Title {
				t.Errorf("title %q (English %q)", form.Info.Title, en.Info.Title)
			}
			if form.Info.Description != lang.Message(tag, "form.description") || form.Info.Description == en.Info.Description {
				t.Errorf("description %q", form.Info.Description)
			}
			if len(form.Items) != len(ingest.Questions) || len(en.Items) != len(ingest.Questions) {
				t.Fatalf("%d items, English %d, want %d", len(form.Items), len(en.Items), len(ingest.Questions))
			}
			item := map[string]*formsapi.Item{} // form key -> this form's item
			for i, q := range ingest.Questions {
				it, eit := form.Items[i], en.Items[i]
				item[q.Key] = it
				if it.Title == eit.Title || it.Title != lang.Message(tag, "q."+q.Key) {
					t.Errorf("%s: title %q (English %q)", q.Key, it.Title, eit.Title)
				}
				if eit.Description != "" && (it.Description == eit.Description || it.Description == "") {
					t.Errorf("%s: help %q (English %q)", q.Key, it.Description, eit.Description)
				}
				got, eng := options(it), options(eit)
				if len(got) != len(q.Choices) || len(eng) != len(q.Choices) {
					t.Errorf("%s: options %q, English %q", q.Key, got, eng)
					continue
				}
				for j := range got {
					// The digits are the same in every language, and so is
					// Spanish "No".
					same := q.Key == "capacity" && len(got[j]) == 1 && strings.Contains("123", got[j]) ||
						tag == "es" && q.Key == "pairing" && got[j] == "No"
					if got[j] == eng[j] && !same {
						t.Errorf("%s: option %d is English %q", q.Key, j+1, got[j])
					}
				}
				if q.Other && it.QuestionItem.Question.ChoiceQuestion.Options[len(q.Choices)].IsOther != true {
					t.Errorf("%s: no Other", q.Key)
				}
			}

			// Two neighbors answer in the form's own words: Ana offers food
			// and needs tech help, Bo the other way round; both want 1-on-1s;
			// Ana shares her name and phone, Bo only his name.
			title := func(key string) string { return item[key].Title }
			opt := func(key string, n int) string { return options(item[key])[n] }
			t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
			for i, p := range []struct {
				name, email, phone, zone string
				offers, needs            int // category index
				share                    []string
			}{
				{"Ana", "ana@example.org", "555-0101", "A", 0, 11, []string{opt("share", 0), opt("share", 1)}},
				{"Bo", "bo@example.org", "555-0202", "B", 11, 0, []string{opt("share", 0)}},
			} {
				srv.AddResponse(id, googlefake.Response{ID: "r" + p.name, Submitted: t0.Add(time.Duration(i) * time.Minute), Answers: map[string][]string{
					title("name"): {p.name}, title("email"): {p.email}, title("phone"): {p.phone},
					title("contact"): {opt("contact", 0)}, title("zone"): {p.zone}, title("languages"): {"español"},
					title("checkin"): {opt("checkin", 1)}, title("capacity"): {opt("capacity", 3)},
					title("offers"): {opt("offers", p.offers)}, title("needs"): {opt("needs", p.needs)},
					title("pairing"): {opt("pairing", 0)}, title("share"): p.share,
				}})
			}
			cfg.FormID = id
			cycle := formCycle(t, cfg)
			cycle.Now = t0.Add(24 * time.Hour)
			rep, err := cycle.Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Members != 2 || len(rep.Warnings) > 0 {
				t.Fatalf("%d members, warnings %q", rep.Members, rep.Warnings)
			}
			members := srv.Cells(sheets.TabMembers)
			for col, want := range map[string][]string{
				sheets.ColName:      {"Ana", "Bo"},
				sheets.ColOffers:    {"Food and groceries", "Tech assistance"},
				sheets.ColNeeds:     {"Tech assistance", "Food and groceries"},
				sheets.ColPairing:   {"Yes", "Yes"},
				sheets.ColContactBy: {"Text", "Text"},
				sheets.ColCheckIn:   {"Every two weeks", "Every two weeks"},
				sheets.ColCapacity:  {"4 or more", "4 or more"},
			} {
				if got := column(t, members, col); !slices.Equal(got, want) {
					t.Errorf("Members %s: %q, want %q", col, got, want)
				}
			}
			matches := srv.Cells(sheets.TabMatches)
			cats, status := column(t, matches, sheets.ColCategory), column(t, matches, sheets.ColStatus)
			for _, c := range []string{"Food and groceries", "Tech assistance"} {
				if i := slices.Index(cats, c); i < 0 || status[i] != "Proposed" {
					t.Errorf("no Proposed match for %s: %q", c, matches)
				}
			}
			if rounds := srv.Cells(sheets.TabPairings); len(rounds) < 2 {
				t.Errorf("no pairing planned for two who said yes: %q", rounds)
			}
			dir := srv.Cells(sheets.TabDirectory)
			all := ""
			for _, r := range dir {
				all += strings.Join(r, "\t") + "\n"
			}
			for _, want := range []string{"Ana", "Bo", "555-0101"} {
				if !strings.Contains(all, want) {
					t.Errorf("Directory lacks %q, which was ticked:\n%s", want, all)
				}
			}
			for _, not := range []string{"555-0202", "ana@example.org", "bo@example.org", "Tech assistance", "Food and groceries"} {
				if strings.Contains(all, not) {
					t.Errorf("Directory shows %q, which nobody ticked:\n%s", not, all)
				}
			}
		})
	}
}

// TestCreateFormEnglishUnchanged: the English form is the template as
// written, help texts included, and an unshipped language is refused
// before anything is made.
func TestCreateFormEnglishUnchanged(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	cfg := fakeConfig(srv, nil)
	id, _, err := google.CreateFormIn(ctx, cfg, "", "en")
	if err != nil {
		t.Fatal(err)
	}
	form := srv.Form(id)
	if form.Info.Title != "Neighborhood pod sign-up" || !strings.HasPrefix(form.Info.Description, "Your answers go to the pod's organizers, who use them to match neighbors who need help with neighbors who can give it.") {
		t.Errorf("info %+v", form.Info)
	}
	help := map[string]string{"languages": "Separate them with commas.", "share": "Nothing is shared unless you tick it."}
	for i, q := range ingest.Questions {
		if it := form.Items[i]; it.Title != q.Title || it.Description != help[q.Key] || !slices.Equal(options(it), q.Choices) {
			t.Errorf("%s: %q %q %q", q.Key, it.Title, it.Description, options(it))
		}
	}
	srv.ResetCounts()
	if _, _, err := google.CreateFormIn(ctx, cfg, "", "xx"); err == nil || !strings.Contains(err.Error(), "en, bn, es, ht, zh-Hans") {
		t.Errorf("xx: %v", err)
	}
	if n := srv.Counts()["total"]; n != 0 {
		t.Errorf("%d requests for a language podsync lacks", n)
	}
}
