package propose

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/matching/internal/golden"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// pm builds a member: needs and offers are category indices into Categories.
func pm(id, zone, langs string, needs, offers []int) matching.Member {
	m := matching.Member{ID: matching.MemberID(id), Name: id, Zone: zone}
	if langs != "" {
		m.Languages = strings.Split(langs, ",")
	}
	for _, c := range needs {
		m.Needs = append(m.Needs, matching.Categories[c])
	}
	for _, c := range offers {
		m.Offers = append(m.Offers, matching.Categories[c])
	}
	return m
}

func pin(ms ...matching.Member) matching.MatchInput {
	s := matching.DefaultSettings()
	s.ZoneOrder = []string{"A", "B", "C", "D"}
	return matching.MatchInput{Members: ms, Settings: s, Today: today}
}

func proposed(res matching.MatchResult) map[string]string {
	out := map[string]string{}
	for _, m := range res.Matches {
		if m.Status == matching.Proposed {
			out[string(m.Member)+"/"+string(m.Category)] = string(m.Helper)
		}
	}
	return out
}

func key(member string, c int) string { return member + "/" + string(matching.Categories[c]) }

func TestProposeRules(t *testing.T) {
	const F, C, T = 0, 1, 11 // Food, Childcare, Tech
	tests := []struct {
		name  string
		in    func() matching.MatchInput
		want  map[string]string // need -> helper among Proposed rows
		check func(t *testing.T, res matching.MatchResult)
	}{
		{"same category only", func() matching.MatchInput {
			return pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{C}))
		}, map[string]string{}, nil},
		{"never the member themselves", func() matching.MatchInput {
			return pin(pm("m1", "A", "", []int{F}, []int{F}), pm("h1", "D", "", nil, []int{F}))
		}, map[string]string{key("m1", F): "h1"}, nil},
		{"paused and left helpers are not used", func() matching.MatchInput {
			a, b := pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F})
			a.Active, b.Active = matching.Paused, matching.Left
			return pin(pm("m1", "A", "", []int{F}, nil), a, b)
		}, map[string]string{}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Unmet) != 1 || res.Unmet[0].Helpers != 0 || res.Unmet[0].Open != 1 {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"paused and left members' needs wait off the list", func() matching.MatchInput {
			a, b := pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil)
			a.Active, b.Active = matching.Paused, matching.Left
			return pin(a, b, pm("h1", "A", "", nil, []int{F}))
		}, map[string]string{}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Unmet) != 0 {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"capacity: default, blank and explicit", func() matching.MatchInput {
			h := pm("h1", "A", "", nil, []int{F, C})
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{C}, nil), pm("m3", "A", "", []int{F}, nil), h)
			in.Settings.DefaultCapacity = 2
			return in
		}, map[string]string{key("m1", F): "h1", key("m2", C): "h1"}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Unmet) != 1 || !reflect.DeepEqual(res.Unmet[0].Waiting, []matching.MemberID{"m3"}) {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"capacity answer beats the default; Accepted matches count", func() matching.MatchInput {
			h := pm("h1", "A", "", nil, []int{F, C})
			h.Capacity = 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{C}, nil), pm("m3", "A", "", []int{F}, nil), h)
			in.Existing = []matching.Match{{ID: "X-acc", Member: "m3", Category: matching.Categories[F], Helper: "h1", Status: matching.Accepted}}
			return in
		}, map[string]string{key("m1", F): "h1"}, nil},
		{"do not pair", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Forbidden = matching.Forbidden{matching.Key("h1", "m1"): true}
			return in
		}, map[string]string{key("m1", F): "h2"}, nil},
		{"a declined helper is never proposed again", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Existing = []matching.Match{{ID: "X-dec", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Declined, Notes: "no car"}}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res matching.MatchResult) {
			i := slices.IndexFunc(res.Matches, func(m matching.Match) bool { return m.ID == "X-dec" })
			if i < 0 || res.Matches[i].Notes != "no car" || res.Matches[i].Status != matching.Declined {
				t.Errorf("declined row changed: %+v", res.Matches)
			}
		}},
		{"accepted and done needs are not matched again", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F, C}, nil), pm("h1", "A", "", nil, []int{F, C}), pm("h2", "A", "", nil, []int{F, C}))
			in.Existing = []matching.Match{
				{ID: "X-1", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Accepted, Why: "typed"},
				{ID: "X-2", Member: "m1", Category: matching.Categories[C], Helper: "h1", Status: matching.Done},
			}
			return in
		}, map[string]string{}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Matches) != 2 || res.Matches[0].Why != "typed" {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a proposed match stays though a closer helper joins", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Existing = []matching.Match{{ID: "X-old", Member: "m1", Category: matching.Categories[F], Helper: "h2", Status: matching.Proposed, Why: "old why", ProposedOn: today.AddDate(0, 0, -7)}}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res matching.MatchResult) {
			if m := res.Matches[0]; m.ID != "X-old" || m.Why != "old why" || !m.ProposedOn.Equal(today.AddDate(0, 0, -7)) {
				t.Errorf("kept row changed: %+v", m)
			}
		}},
		{"a proposed match whose helper paused is replaced", func() matching.MatchInput {
			h2 := pm("h2", "D", "", nil, []int{F})
			h2.Active = matching.Paused
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "B", "", nil, []int{F}), h2)
			in.Existing = []matching.Match{{ID: "X-old", Member: "m1", Category: matching.Categories[F], Helper: "h2", Status: matching.Proposed}}
			return in
		}, map[string]string{key("m1", F): "h1"}, nil},
		{"a proposed match stays even when moving it would match one more need", func() matching.MatchInput {
			// m2 can only use h1; m1 was proposed h1 and could use h2, but
			// organizers may already be arranging m1 with h1.
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil),
				pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Forbidden = matching.Forbidden{matching.Key("m2", "h2"): true}
			in.Existing = []matching.Match{{ID: "X-old", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed,
				Why: "same zone (A)", ProposedOn: today.AddDate(0, 0, -7)}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Matches) != 1 || res.Matches[0].ID != "X-old" {
				t.Errorf("rows %+v", res.Matches)
			}
			if len(res.Unmet) != 1 || !reflect.DeepEqual(res.Unmet[0].Waiting, []matching.MemberID{"m2"}) {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"a proposed match whose helper left is dropped and re-matched", func() matching.MatchInput {
			h2 := pm("h2", "A", "", nil, []int{F})
			h2.Active = matching.Left
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "C", "", nil, []int{F}), h2)
			in.Existing = []matching.Match{{ID: "X-old", Member: "m1", Category: matching.Categories[F], Helper: "h2", Status: matching.Proposed, Why: "same zone (A)"}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Matches) != 1 || res.Matches[0].ID != matching.MatchID(matching.Need{Member: "m1", Category: matching.Categories[F]}, "h1") || !res.Matches[0].ProposedOn.Equal(today) {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a proposed match put in Do Not Pair is dropped and re-matched", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "C", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F}))
			in.Forbidden = matching.Forbidden{matching.Key("m1", "h2"): true}
			in.Existing = []matching.Match{{ID: "X-old", Member: "m1", Category: matching.Categories[F], Helper: "h2", Status: matching.Proposed, Why: "same zone (A)"}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Matches) != 1 || res.Matches[0].ID == "X-old" {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a proposed match whose helper stopped offering, or whose member stopped needing, is dropped", func() matching.MatchInput {
			// h1 no longer offers Food (m1's row goes); m2 no longer needs
			// Childcare (its row goes and frees h2, who now takes m3).
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", nil, nil), pm("m3", "A", "", []int{C}, nil),
				pm("h1", "A", "", nil, []int{C}), pm("h2", "B", "", nil, []int{F, C}))
			in.Existing = []matching.Match{
				{ID: "X-1", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w"},
				{ID: "X-2", Member: "m2", Category: matching.Categories[C], Helper: "h2", Status: matching.Proposed, Why: "w"},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m3", C): "h1"}, nil},
		{"a lower capacity drops the newest proposed matches", func() matching.MatchInput {
			h1 := pm("h1", "A", "", nil, []int{F})
			h1.Capacity = 2 // was 3
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), pm("m3", "A", "", []int{F}, nil),
				h1, pm("h2", "D", "", nil, []int{F}))
			in.Existing = []matching.Match{
				{ID: "X-a", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w", ProposedOn: today.AddDate(0, 0, -7)},
				{ID: "X-b", Member: "m2", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w", ProposedOn: today.AddDate(0, 0, -21)},
				{ID: "X-c", Member: "m3", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w", ProposedOn: today.AddDate(0, 0, -14)},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1", key("m3", F): "h1"}, func(t *testing.T, res matching.MatchResult) {
			var ids []string
			for _, m := range res.Matches {
				ids = append(ids, m.ID)
			}
			want := []string{"X-b", "X-c", matching.MatchID(matching.Need{Member: "m1", Category: matching.Categories[F]}, "h2")}
			slices.Sort(want)
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("rows %v, want %v", ids, want)
			}
		}},
		{"an accepted match takes the newest proposed match's slot; same date, lowest Match ID first", func() matching.MatchInput {
			h1 := pm("h1", "A", "", nil, []int{F})
			h1.Capacity = 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), pm("m3", "A", "", []int{F}, nil),
				h1, pm("h2", "D", "", nil, []int{F}))
			on := today.AddDate(0, 0, -7)
			in.Existing = []matching.Match{
				{ID: "X-acc", Member: "m3", Category: matching.Categories[F], Helper: "h1", Status: matching.Accepted},
				{ID: "X-b", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w", ProposedOn: on},
				{ID: "X-a", Member: "m2", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w", ProposedOn: on},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1"}, nil},
		{"two proposed rows for one need: the earliest stays", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil),
				pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Forbidden = matching.Forbidden{matching.Key("m2", "h2"): true}
			in.Existing = []matching.Match{
				{ID: "X-a", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w", ProposedOn: today.AddDate(0, 0, -7)},
				{ID: "X-b", Member: "m1", Category: matching.Categories[F], Helper: "h2", Status: matching.Proposed, Why: "w", ProposedOn: today.AddDate(0, 0, -14)},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1"}, func(t *testing.T, res matching.MatchResult) {
			if i := slices.IndexFunc(res.Matches, func(m matching.Match) bool { return m.ID == "X-b" }); i < 0 {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a new match never takes a kept row's Match ID", func() matching.MatchInput {
			// An organizer copied m1's row and changed its Member to m2:
			// m2's row keeps m1/h1's Match ID, so m1 cannot have h1 anew.
			h1 := pm("h1", "A", "", nil, []int{F})
			h1.Capacity = 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), h1, pm("h2", "D", "", nil, []int{F}))
			in.Existing = []matching.Match{{ID: matching.MatchID(matching.Need{Member: "m1", Category: matching.Categories[F]}, "h1"), Member: "m2", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w"}}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1"}, nil},
		{"a kept match holds its helper's first slot", func() matching.MatchInput {
			h1, h2 := pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F})
			h1.Capacity, h2.Capacity = 2, 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), h1, h2)
			in.Existing = []matching.Match{{ID: "X-a", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed, Why: "w"}}
			return in
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h2"}, nil},
		{"a kept row with a blank Why gets one", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "B", "", nil, []int{F}))
			in.Existing = []matching.Match{{ID: "X-hand", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res matching.MatchResult) {
			if m := res.Matches[0]; m.ID != "X-hand" || m.Why != "next zone over (B)" || !m.ProposedOn.IsZero() {
				t.Errorf("kept row %+v", m)
			}
		}},
		{"a proposed row also decided, or for a member who left, is dropped", func() matching.MatchInput {
			gone := pm("m2", "A", "", []int{F}, nil)
			gone.Active = matching.Left
			in := pin(pm("m1", "A", "", []int{F}, nil), gone, pm("h1", "A", "", nil, []int{F}), pm("h2", "B", "", nil, []int{F}))
			in.Existing = []matching.Match{
				{ID: "X-1", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed},
				{ID: "X-1", Member: "m1", Category: matching.Categories[F], Helper: "h1", Status: matching.Declined},
				{ID: "X-2", Member: "m2", Category: matching.Categories[F], Helper: "h1", Status: matching.Proposed},
				{ID: "X-3", Member: "m-unknown", Category: matching.Categories[F], Helper: "h-unknown", Status: matching.Accepted},
			}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res matching.MatchResult) {
			var ids []string
			for _, m := range res.Matches {
				ids = append(ids, m.ID+" "+m.Status.String())
			}
			want := []string{"X-1 Declined", "X-3 Accepted", matching.MatchID(matching.Need{Member: "m1", Category: matching.Categories[F]}, "h2") + " Proposed"}
			slices.Sort(want)
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("rows %v, want %v", ids, want)
			}
		}},
		{"a large default capacity", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), pm("m3", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}))
			in.Settings.DefaultCapacity = 50
			return in
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h1", key("m3", F): "h1"}, nil},
		{"same zone, then the next zone, then others", func() matching.MatchInput {
			return pin(pm("m1", "B", "", []int{F, C, T}, nil),
				pm("h1", "B", "", nil, []int{F}), pm("h2", "C", "", nil, []int{F, C}), pm("h3", "Z", "", nil, []int{F, C, T}), pm("h4", "D", "", nil, []int{C, T}))
		}, map[string]string{key("m1", F): "h1", key("m1", C): "h2", key("m1", T): "h4"}, nil},
		{"a shared language", func() matching.MatchInput {
			return pin(pm("m1", "A", "Spanish", []int{F}, nil), pm("h1", "A", "English", nil, []int{F}), pm("h2", "A", "English, spanish", nil, []int{F}))
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res matching.MatchResult) {
			if w := res.Matches[0].Why; w != "same zone (A) · both speak Spanish" {
				t.Errorf("why %q", w)
			}
		}},
		{"met in a pairing round", func() matching.MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F}))
			in.Met = map[[2]matching.MemberID]int{matching.Key("m1", "h2"): 2}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res matching.MatchResult) {
			if w := res.Matches[0].Why; w != "same zone (A) · met in round 2" {
				t.Errorf("why %q", w)
			}
		}},
		{"load spreads across helpers", func() matching.MatchInput {
			h1, h2 := pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F})
			h1.Capacity, h2.Capacity = 2, 2
			return pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), h1, h2)
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h2"}, nil},
		{"most needs matched before distance", func() matching.MatchInput {
			// m1 would rather have h1 (same zone), but only h1 can take m2.
			return pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F, C}, nil),
				pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h2"}, func(t *testing.T, res matching.MatchResult) {
			if len(res.Unmet) != 1 || res.Unmet[0].Category != matching.Categories[C] || res.Unmet[0].Helpers != 0 {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"the members' own words are listed, never matched", func() matching.MatchInput {
			m1, m2, h := pm("m1", "A", "", nil, nil), pm("m2", "A", "", nil, nil), pm("h1", "A", "", nil, nil)
			m1.NeedOther = []string{"Dog  walking"}
			m2.NeedOther = []string{"dog walking", "A ride"}
			h.OfferOther = []string{"Dog walking"}
			return pin(m1, m2, h)
		}, map[string]string{}, func(t *testing.T, res matching.MatchResult) {
			want := []matching.UnmetRow{
				{Label: "Other: A ride", Open: 1, Waiting: []matching.MemberID{"m2"}, Why: []string{WhyOwnWords}},
				{Label: "Other: Dog walking", Open: 2, Helpers: 1, Waiting: []matching.MemberID{"m1", "m2"}, Why: []string{WhyOwnWords, WhyOwnWords}},
			}
			if !reflect.DeepEqual(res.Unmet, want) {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in()
			res := Matches(in)
			if got := proposed(res); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("proposed %v, want %v", got, tc.want)
			}
			if err := checkResult(in, res); err != nil {
				t.Error(err)
			}
			if tc.check != nil {
				tc.check(t, res)
			}
		})
	}
}

func TestProposeNewRows(t *testing.T) {
	in := pin(pm("m1", "A", "", []int{0}, nil), pm("h1", "B", "", nil, []int{0}))
	res := Matches(in)
	want := matching.Match{ID: matching.MatchID(matching.Need{Member: "m1", Category: matching.Categories[0]}, "h1"), Member: "m1", Category: matching.Categories[0], Helper: "h1",
		Status: matching.Proposed, Why: "next zone over (B)", ProposedOn: today}
	if len(res.Matches) != 1 || !reflect.DeepEqual(res.Matches[0], want) {
		t.Fatalf("got %+v", res.Matches)
	}
	// The next sync keeps it as it is.
	in.Existing = res.Matches
	in.Today = today.AddDate(0, 0, 7)
	if again := Matches(in); !reflect.DeepEqual(again, res) {
		t.Fatalf("second sync changed the result:\n%+v\n%+v", again, res)
	}
}

func TestProposeDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for iter := 0; iter < 300; iter++ {
		in := randomPod(r, 5+r.IntN(40), 1+r.IntN(6))
		want := Matches(in)
		for k := 0; k < 3; k++ {
			sh := in
			sh.Members = slices.Clone(in.Members)
			sh.Existing = slices.Clone(in.Existing)
			r.Shuffle(len(sh.Members), func(i, j int) { sh.Members[i], sh.Members[j] = sh.Members[j], sh.Members[i] })
			r.Shuffle(len(sh.Existing), func(i, j int) { sh.Existing[i], sh.Existing[j] = sh.Existing[j], sh.Existing[i] })
			if got := Matches(sh); !reflect.DeepEqual(got, want) {
				t.Fatalf("pod %d: shuffled input gave a different result", iter)
			}
		}
		// Feeding the result back changes nothing (two syncs, no new input).
		again := in
		again.Existing = want.Matches
		if got := Matches(again); !reflect.DeepEqual(got, want) {
			t.Fatalf("pod %d: second sync changed the result", iter)
		}
	}
}

// goldenPod is a hand-built pod of 25 neighbors in four buildings.
func goldenPod() matching.MatchInput {
	const (
		F, C, ME, CS, FI, EM, MH, RE, BE, TR, CR, TE, IN, PH = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
	)
	ms := []matching.Member{
		pm("M-ana", "Building A", "English,Spanish", []int{C, TR}, []int{F, EM}),
		pm("M-ben", "Building A", "English", []int{TE}, []int{ME, CS}),
		pm("M-cho", "Building B", "Korean,English", []int{F}, []int{TE, IN}),
		pm("M-dev", "Building B", "English,Hindi", []int{FI, BE}, []int{TE, CR}),
		pm("M-eli", "Building C", "Spanish", []int{F, ME, TR}, nil),
		pm("M-fay", "Building C", "English", nil, []int{C, RE, EM}),
		pm("M-gus", "Building D", "Spanish,English", []int{IN}, []int{TR, BE}),
		pm("M-hal", "Building D", "English", []int{EM}, []int{F, ME}),
		pm("M-ivy", "Building A", "Mandarin,English", []int{C}, []int{TR, PH}),
		pm("M-jon", "", "English", []int{F, TE}, []int{CS}),
		pm("M-kim", "Building B", "Korean", []int{ME, TR}, []int{F}),
		pm("M-lou", "Building C", "English", []int{MH}, []int{EM, RE}),
		pm("M-mia", "Building A", "Spanish", []int{F, BE}, []int{C}),
		pm("M-ned", "Building D", "English", []int{CS, IN}, []int{TE}),
		pm("M-oli", "Building B", "English,French", []int{RE}, []int{FI, BE}),
		pm("M-pat", "Building C", "English", []int{TE, F}, []int{ME}),
		pm("M-qin", "Building A", "Mandarin", []int{TR, PH}, []int{CS}),
		pm("M-ray", "Annex", "English", []int{EM}, []int{C, F}),
		pm("M-sol", "Building D", "Spanish", []int{C, FI}, []int{TR}),
		pm("M-tia", "Building B", "English,Spanish", nil, []int{EM, MH, C}),
		pm("M-uma", "Building C", "English,Hindi", []int{BE, ME}, []int{IN}),
		pm("M-vic", "Building A", "English", []int{F}, []int{TE, ME}),
		pm("M-wes", "Building D", "English", []int{CR, F}, []int{F}),
		pm("M-xia", "Building B", "Mandarin,English", []int{TE}, []int{TR, C}),
		pm("M-yui", "Building C", "English", []int{IN, EM}, []int{IN, EM}),
	}
	ms[0].Capacity, ms[5].Capacity, ms[7].Capacity, ms[18].Capacity, ms[19].Capacity = 2, 3, 2, 2, 4
	ms[4].NeedOther = []string{"Rides to the clinic"}
	ms[13].NeedOther = []string{"rides to the  clinic"}
	ms[21].OfferOther = []string{"Bike repair"}
	ms[11].Active = matching.Paused
	ms[17].Active = matching.Left
	in := matching.MatchInput{Members: ms, Settings: matching.DefaultSettings(), Today: today}
	in.Settings.ZoneOrder = []string{"Building A", "Building B", "Building C", "Building D"}
	in.Forbidden = matching.Forbidden{matching.Key("M-eli", "M-hal"): true}
	in.Met = map[[2]matching.MemberID]int{matching.Key("M-cho", "M-kim"): 1, matching.Key("M-jon", "M-wes"): 2, matching.Key("M-pat", "M-vic"): 2}
	need := func(m matching.MemberID, c int) matching.Need {
		return matching.Need{Member: m, Category: matching.Categories[c]}
	}
	in.Existing = []matching.Match{
		{ID: matching.MatchID(need("M-ana", C), "M-mia"), Member: "M-ana", Category: matching.Categories[C], Helper: "M-mia", Status: matching.Accepted, Notes: "Tuesdays"},
		{ID: matching.MatchID(need("M-eli", F), "M-wes"), Member: "M-eli", Category: matching.Categories[F], Helper: "M-wes", Status: matching.Declined},
		{ID: matching.MatchID(need("M-dev", FI), "M-oli"), Member: "M-dev", Category: matching.Categories[FI], Helper: "M-oli", Status: matching.Proposed, Why: "next zone over (Building B)", ProposedOn: today.AddDate(0, 0, -7)},
		{ID: matching.MatchID(need("M-ned", CS), "M-jon"), Member: "M-ned", Category: matching.Categories[CS], Helper: "M-jon", Status: matching.Done},
	}
	return in
}

func TestProposeGolden(t *testing.T) {
	in := goldenPod()
	res := Matches(in)
	if err := checkResult(in, res); err != nil {
		t.Fatal(err)
	}
	bn, _ := bruteForceCount(in)
	n := 0
	var b strings.Builder
	fmt.Fprintf(&b, "# Matches: Match ID, Member, Category, Helper, Status, Proposed on, Why\n")
	for _, m := range res.Matches {
		if m.Status == matching.Proposed {
			n++
		}
		on := ""
		if !m.ProposedOn.IsZero() {
			on = m.ProposedOn.Format("2006-01-02")
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.Member, m.Category, m.Helper, m.Status, on, m.Why)
	}
	fmt.Fprintf(&b, "# Unmet: Category, Open needs, Helpers offering, Waiting\n")
	for _, u := range res.Unmet {
		fmt.Fprintf(&b, "%s\t%d\t%d\t%s\n", u.Label, u.Open, u.Helpers, strings.Join(idStrings(u.Waiting), ", "))
	}
	fmt.Fprintf(&b, "# %d needs matched of at most %d; cost %d\n", n, bn, matchCost(in, res.Matches))
	if n != bn {
		t.Errorf("matched %d, maximum %d", n, bn)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "matching", "propose_pod25.golden"), b.String())
}

func idStrings(ids []matching.MemberID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}
