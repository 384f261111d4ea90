package matching

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/matching/internal/golden"
)

var pToday = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// pm builds a member: needs and offers are category indices into Categories.
func pm(id, zone, langs string, needs, offers []int) Member {
	m := Member{ID: MemberID(id), Name: id, Zone: zone}
	if langs != "" {
		m.Languages = strings.Split(langs, ",")
	}
	for _, c := range needs {
		m.Needs = append(m.Needs, Categories[c])
	}
	for _, c := range offers {
		m.Offers = append(m.Offers, Categories[c])
	}
	return m
}

func pin(ms ...Member) MatchInput {
	s := DefaultSettings()
	s.ZoneOrder = []string{"A", "B", "C", "D"}
	return MatchInput{Members: ms, Settings: s, Today: pToday}
}

func proposed(res MatchResult) map[string]string {
	out := map[string]string{}
	for _, m := range res.Matches {
		if m.Status == Proposed {
			out[string(m.Member)+"/"+string(m.Category)] = string(m.Helper)
		}
	}
	return out
}

func key(member string, c int) string { return member + "/" + string(Categories[c]) }

func TestProposeRules(t *testing.T) {
	const F, C, T = 0, 1, 11 // Food, Childcare, Tech
	tests := []struct {
		name  string
		in    func() MatchInput
		want  map[string]string // need -> helper among Proposed rows
		check func(t *testing.T, res MatchResult)
	}{
		{"same category only", func() MatchInput {
			return pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{C}))
		}, map[string]string{}, nil},
		{"never the member themselves", func() MatchInput {
			return pin(pm("m1", "A", "", []int{F}, []int{F}), pm("h1", "D", "", nil, []int{F}))
		}, map[string]string{key("m1", F): "h1"}, nil},
		{"paused and left helpers are not used", func() MatchInput {
			a, b := pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F})
			a.Active, b.Active = Paused, Left
			return pin(pm("m1", "A", "", []int{F}, nil), a, b)
		}, map[string]string{}, func(t *testing.T, res MatchResult) {
			if len(res.Unmet) != 1 || res.Unmet[0].Helpers != 0 || res.Unmet[0].Open != 1 {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"paused and left members' needs wait off the list", func() MatchInput {
			a, b := pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil)
			a.Active, b.Active = Paused, Left
			return pin(a, b, pm("h1", "A", "", nil, []int{F}))
		}, map[string]string{}, func(t *testing.T, res MatchResult) {
			if len(res.Unmet) != 0 {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"capacity: default, blank and explicit", func() MatchInput {
			h := pm("h1", "A", "", nil, []int{F, C})
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{C}, nil), pm("m3", "A", "", []int{F}, nil), h)
			in.Settings.DefaultCapacity = 2
			return in
		}, map[string]string{key("m1", F): "h1", key("m2", C): "h1"}, func(t *testing.T, res MatchResult) {
			if len(res.Unmet) != 1 || !reflect.DeepEqual(res.Unmet[0].Waiting, []MemberID{"m3"}) {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"capacity answer beats the default; Accepted matches count", func() MatchInput {
			h := pm("h1", "A", "", nil, []int{F, C})
			h.Capacity = 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{C}, nil), pm("m3", "A", "", []int{F}, nil), h)
			in.Existing = []Match{{ID: "X-acc", Member: "m3", Category: Categories[F], Helper: "h1", Status: Accepted}}
			return in
		}, map[string]string{key("m1", F): "h1"}, nil},
		{"do not pair", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Forbidden = Forbidden{Key("h1", "m1"): true}
			return in
		}, map[string]string{key("m1", F): "h2"}, nil},
		{"a declined helper is never proposed again", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Existing = []Match{{ID: "X-dec", Member: "m1", Category: Categories[F], Helper: "h1", Status: Declined, Notes: "no car"}}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res MatchResult) {
			i := slices.IndexFunc(res.Matches, func(m Match) bool { return m.ID == "X-dec" })
			if i < 0 || res.Matches[i].Notes != "no car" || res.Matches[i].Status != Declined {
				t.Errorf("declined row changed: %+v", res.Matches)
			}
		}},
		{"accepted and done needs are not matched again", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F, C}, nil), pm("h1", "A", "", nil, []int{F, C}), pm("h2", "A", "", nil, []int{F, C}))
			in.Existing = []Match{
				{ID: "X-1", Member: "m1", Category: Categories[F], Helper: "h1", Status: Accepted, Why: "typed"},
				{ID: "X-2", Member: "m1", Category: Categories[C], Helper: "h1", Status: Done},
			}
			return in
		}, map[string]string{}, func(t *testing.T, res MatchResult) {
			if len(res.Matches) != 2 || res.Matches[0].Why != "typed" {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a proposed match stays though a closer helper joins", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Existing = []Match{{ID: "X-old", Member: "m1", Category: Categories[F], Helper: "h2", Status: Proposed, Why: "old why", ProposedOn: pToday.AddDate(0, 0, -7)}}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res MatchResult) {
			if m := res.Matches[0]; m.ID != "X-old" || m.Why != "old why" || !m.ProposedOn.Equal(pToday.AddDate(0, 0, -7)) {
				t.Errorf("kept row changed: %+v", m)
			}
		}},
		{"a proposed match whose helper paused is replaced", func() MatchInput {
			h2 := pm("h2", "D", "", nil, []int{F})
			h2.Active = Paused
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "B", "", nil, []int{F}), h2)
			in.Existing = []Match{{ID: "X-old", Member: "m1", Category: Categories[F], Helper: "h2", Status: Proposed}}
			return in
		}, map[string]string{key("m1", F): "h1"}, nil},
		{"a proposed match stays even when moving it would match one more need", func() MatchInput {
			// m2 can only use h1; m1 was proposed h1 and could use h2, but
			// organizers may already be arranging m1 with h1.
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil),
				pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Forbidden = Forbidden{Key("m2", "h2"): true}
			in.Existing = []Match{{ID: "X-old", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed,
				Why: "same zone (A)", ProposedOn: pToday.AddDate(0, 0, -7)}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res MatchResult) {
			if len(res.Matches) != 1 || res.Matches[0].ID != "X-old" {
				t.Errorf("rows %+v", res.Matches)
			}
			if len(res.Unmet) != 1 || !reflect.DeepEqual(res.Unmet[0].Waiting, []MemberID{"m2"}) {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"a proposed match whose helper left is dropped and re-matched", func() MatchInput {
			h2 := pm("h2", "A", "", nil, []int{F})
			h2.Active = Left
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "C", "", nil, []int{F}), h2)
			in.Existing = []Match{{ID: "X-old", Member: "m1", Category: Categories[F], Helper: "h2", Status: Proposed, Why: "same zone (A)"}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res MatchResult) {
			if len(res.Matches) != 1 || res.Matches[0].ID != MatchID(Need{"m1", Categories[F]}, "h1") || !res.Matches[0].ProposedOn.Equal(pToday) {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a proposed match put in Do Not Pair is dropped and re-matched", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "C", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F}))
			in.Forbidden = Forbidden{Key("m1", "h2"): true}
			in.Existing = []Match{{ID: "X-old", Member: "m1", Category: Categories[F], Helper: "h2", Status: Proposed, Why: "same zone (A)"}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res MatchResult) {
			if len(res.Matches) != 1 || res.Matches[0].ID == "X-old" {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a proposed match whose helper stopped offering, or whose member stopped needing, is dropped", func() MatchInput {
			// h1 no longer offers Food (m1's row goes); m2 no longer needs
			// Childcare (its row goes and frees h2, who now takes m3).
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", nil, nil), pm("m3", "A", "", []int{C}, nil),
				pm("h1", "A", "", nil, []int{C}), pm("h2", "B", "", nil, []int{F, C}))
			in.Existing = []Match{
				{ID: "X-1", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w"},
				{ID: "X-2", Member: "m2", Category: Categories[C], Helper: "h2", Status: Proposed, Why: "w"},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m3", C): "h1"}, nil},
		{"a lower capacity drops the newest proposed matches", func() MatchInput {
			h1 := pm("h1", "A", "", nil, []int{F})
			h1.Capacity = 2 // was 3
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), pm("m3", "A", "", []int{F}, nil),
				h1, pm("h2", "D", "", nil, []int{F}))
			in.Existing = []Match{
				{ID: "X-a", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w", ProposedOn: pToday.AddDate(0, 0, -7)},
				{ID: "X-b", Member: "m2", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w", ProposedOn: pToday.AddDate(0, 0, -21)},
				{ID: "X-c", Member: "m3", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w", ProposedOn: pToday.AddDate(0, 0, -14)},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1", key("m3", F): "h1"}, func(t *testing.T, res MatchResult) {
			var ids []string
			for _, m := range res.Matches {
				ids = append(ids, m.ID)
			}
			want := []string{"X-b", "X-c", MatchID(Need{"m1", Categories[F]}, "h2")}
			slices.Sort(want)
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("rows %v, want %v", ids, want)
			}
		}},
		{"an accepted match takes the newest proposed match's slot; same date, lowest Match ID first", func() MatchInput {
			h1 := pm("h1", "A", "", nil, []int{F})
			h1.Capacity = 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), pm("m3", "A", "", []int{F}, nil),
				h1, pm("h2", "D", "", nil, []int{F}))
			on := pToday.AddDate(0, 0, -7)
			in.Existing = []Match{
				{ID: "X-acc", Member: "m3", Category: Categories[F], Helper: "h1", Status: Accepted},
				{ID: "X-b", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w", ProposedOn: on},
				{ID: "X-a", Member: "m2", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w", ProposedOn: on},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1"}, nil},
		{"two proposed rows for one need: the earliest stays", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil),
				pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
			in.Forbidden = Forbidden{Key("m2", "h2"): true}
			in.Existing = []Match{
				{ID: "X-a", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w", ProposedOn: pToday.AddDate(0, 0, -7)},
				{ID: "X-b", Member: "m1", Category: Categories[F], Helper: "h2", Status: Proposed, Why: "w", ProposedOn: pToday.AddDate(0, 0, -14)},
			}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1"}, func(t *testing.T, res MatchResult) {
			if i := slices.IndexFunc(res.Matches, func(m Match) bool { return m.ID == "X-b" }); i < 0 {
				t.Errorf("rows %+v", res.Matches)
			}
		}},
		{"a new match never takes a kept row's Match ID", func() MatchInput {
			// An organizer copied m1's row and changed its Member to m2:
			// m2's row keeps m1/h1's Match ID, so m1 cannot have h1 anew.
			h1 := pm("h1", "A", "", nil, []int{F})
			h1.Capacity = 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), h1, pm("h2", "D", "", nil, []int{F}))
			in.Existing = []Match{{ID: MatchID(Need{"m1", Categories[F]}, "h1"), Member: "m2", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w"}}
			return in
		}, map[string]string{key("m1", F): "h2", key("m2", F): "h1"}, nil},
		{"a kept match holds its helper's first slot", func() MatchInput {
			h1, h2 := pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F})
			h1.Capacity, h2.Capacity = 2, 2
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), h1, h2)
			in.Existing = []Match{{ID: "X-a", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed, Why: "w"}}
			return in
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h2"}, nil},
		{"a kept row with a blank Why gets one", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "B", "", nil, []int{F}))
			in.Existing = []Match{{ID: "X-hand", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed}}
			return in
		}, map[string]string{key("m1", F): "h1"}, func(t *testing.T, res MatchResult) {
			if m := res.Matches[0]; m.ID != "X-hand" || m.Why != "next zone over (B)" || !m.ProposedOn.IsZero() {
				t.Errorf("kept row %+v", m)
			}
		}},
		{"a proposed row also decided, or for a member who left, is dropped", func() MatchInput {
			gone := pm("m2", "A", "", []int{F}, nil)
			gone.Active = Left
			in := pin(pm("m1", "A", "", []int{F}, nil), gone, pm("h1", "A", "", nil, []int{F}), pm("h2", "B", "", nil, []int{F}))
			in.Existing = []Match{
				{ID: "X-1", Member: "m1", Category: Categories[F], Helper: "h1", Status: Proposed},
				{ID: "X-1", Member: "m1", Category: Categories[F], Helper: "h1", Status: Declined},
				{ID: "X-2", Member: "m2", Category: Categories[F], Helper: "h1", Status: Proposed},
				{ID: "X-3", Member: "m-unknown", Category: Categories[F], Helper: "h-unknown", Status: Accepted},
			}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res MatchResult) {
			var ids []string
			for _, m := range res.Matches {
				ids = append(ids, m.ID+" "+m.Status.String())
			}
			want := []string{"X-1 Declined", "X-3 Accepted", MatchID(Need{"m1", Categories[F]}, "h2") + " Proposed"}
			slices.Sort(want)
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("rows %v, want %v", ids, want)
			}
		}},
		{"a large default capacity", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), pm("m3", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}))
			in.Settings.DefaultCapacity = 50
			return in
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h1", key("m3", F): "h1"}, nil},
		{"same zone, then the next zone, then others", func() MatchInput {
			return pin(pm("m1", "B", "", []int{F, C, T}, nil),
				pm("h1", "B", "", nil, []int{F}), pm("h2", "C", "", nil, []int{F, C}), pm("h3", "Z", "", nil, []int{F, C, T}), pm("h4", "D", "", nil, []int{C, T}))
		}, map[string]string{key("m1", F): "h1", key("m1", C): "h2", key("m1", T): "h4"}, nil},
		{"a shared language", func() MatchInput {
			return pin(pm("m1", "A", "Spanish", []int{F}, nil), pm("h1", "A", "English", nil, []int{F}), pm("h2", "A", "English, spanish", nil, []int{F}))
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res MatchResult) {
			if w := res.Matches[0].Why; w != "same zone (A) · both speak Spanish" {
				t.Errorf("why %q", w)
			}
		}},
		{"met in a pairing round", func() MatchInput {
			in := pin(pm("m1", "A", "", []int{F}, nil), pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F}))
			in.Met = map[[2]MemberID]int{Key("m1", "h2"): 2}
			return in
		}, map[string]string{key("m1", F): "h2"}, func(t *testing.T, res MatchResult) {
			if w := res.Matches[0].Why; w != "same zone (A) · met in round 2" {
				t.Errorf("why %q", w)
			}
		}},
		{"load spreads across helpers", func() MatchInput {
			h1, h2 := pm("h1", "A", "", nil, []int{F}), pm("h2", "A", "", nil, []int{F})
			h1.Capacity, h2.Capacity = 2, 2
			return pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F}, nil), h1, h2)
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h2"}, nil},
		{"most needs matched before distance", func() MatchInput {
			// m1 would rather have h1 (same zone), but only h1 can take m2.
			return pin(pm("m1", "A", "", []int{F}, nil), pm("m2", "A", "", []int{F, C}, nil),
				pm("h1", "A", "", nil, []int{F}), pm("h2", "D", "", nil, []int{F}))
		}, map[string]string{key("m1", F): "h1", key("m2", F): "h2"}, func(t *testing.T, res MatchResult) {
			if len(res.Unmet) != 1 || res.Unmet[0].Category != Categories[C] || res.Unmet[0].Helpers != 0 {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
		{"the members' own words are listed, never matched", func() MatchInput {
			m1, m2, h := pm("m1", "A", "", nil, nil), pm("m2", "A", "", nil, nil), pm("h1", "A", "", nil, nil)
			m1.NeedOther = []string{"Dog  walking"}
			m2.NeedOther = []string{"dog walking", "A ride"}
			h.OfferOther = []string{"Dog walking"}
			return pin(m1, m2, h)
		}, map[string]string{}, func(t *testing.T, res MatchResult) {
			want := []UnmetRow{
				{Label: "Other: A ride", Open: 1, Waiting: []MemberID{"m2"}},
				{Label: "Other: Dog walking", Open: 2, Helpers: 1, Waiting: []MemberID{"m1", "m2"}},
			}
			if !reflect.DeepEqual(res.Unmet, want) {
				t.Errorf("unmet %+v", res.Unmet)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in()
			res := Propose(in)
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
	res := Propose(in)
	want := Match{ID: MatchID(Need{"m1", Categories[0]}, "h1"), Member: "m1", Category: Categories[0], Helper: "h1",
		Status: Proposed, Why: "next zone over (B)", ProposedOn: pToday}
	if len(res.Matches) != 1 || !reflect.DeepEqual(res.Matches[0], want) {
		t.Fatalf("got %+v", res.Matches)
	}
	// The next sync keeps it as it is.
	in.Existing = res.Matches
	in.Today = pToday.AddDate(0, 0, 7)
	if again := Propose(in); !reflect.DeepEqual(again, res) {
		t.Fatalf("second sync changed the result:\n%+v\n%+v", again, res)
	}
}

func TestZoneDistanceAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	names := []string{"", "A", "a ", "B", "C", "Block  9", "block 9", "Z"}
	for iter := 0; iter < 2000; iter++ {
		s := DefaultSettings()
		for i := r.IntN(6); i > 0; i-- {
			s.ZoneOrder = append(s.ZoneOrder, names[r.IntN(len(names))])
		}
		a, b := pm("a", names[r.IntN(len(names))], "", nil, nil), pm("b", names[r.IntN(len(names))], "", nil, nil)
		p := newProposer(&MatchInput{Members: []Member{a, b}, Settings: s})
		if got, want := p.zoneDist(0, 1), s.ZoneDistance(a.Zone, b.Zone); got != want {
			t.Fatalf("order %q, %q vs %q: %d, ZoneDistance %d", s.ZoneOrder, a.Zone, b.Zone, got, want)
		}
	}
}

// checkResult checks every hard constraint from the input alone.
func checkResult(in MatchInput, res MatchResult) error {
	byID := map[MemberID]*Member{}
	for i := range in.Members {
		byID[in.Members[i].ID] = &in.Members[i]
	}
	var fixedIn, fixedOut []Match
	closed := map[Need]bool{}
	declined := map[string]bool{}
	load := map[MemberID]int{}
	kept := map[string]Match{}
	keptIn, _ := keptRows(in)
	for _, m := range keptIn {
		kept[m.ID] = m
	}
	for _, m := range in.Existing {
		if m.Status == Proposed {
			continue
		}
		fixedIn = append(fixedIn, m)
		switch m.Status {
		case Accepted, Done:
			closed[m.Need()] = true
		case Declined:
			declined[MatchID(m.Need(), m.Helper)] = true
		}
		if m.Status == Accepted {
			load[m.Helper]++
		}
	}
	proposedFor := map[Need]int{}
	props := map[MemberID]int{}
	keptOut := 0
	idUses := map[string]int{}
	for _, m := range res.Matches {
		idUses[m.ID]++
	}
	for i, m := range res.Matches {
		if i > 0 && res.Matches[i-1].ID > m.ID {
			return fmt.Errorf("matches not sorted by ID")
		}
		if m.Status != Proposed {
			fixedOut = append(fixedOut, m)
			continue
		}
		mem, h := byID[m.Member], byID[m.Helper]
		switch {
		case idUses[m.ID] > 1:
			return fmt.Errorf("%v: Match ID used twice", m)
		case mem == nil || h == nil:
			return fmt.Errorf("%v: unknown member", m)
		case mem.Active != Active || !mem.HasNeed(m.Category):
			return fmt.Errorf("%v: not an open need", m)
		case closed[m.Need()]:
			return fmt.Errorf("%v: need already Accepted or Done", m)
		case !h.Available() || !h.HasOffer(m.Category):
			return fmt.Errorf("%v: helper unavailable or not offering", m)
		case m.Helper == m.Member:
			return fmt.Errorf("%v: self match", m)
		case in.Forbidden.Has(m.Member, m.Helper):
			return fmt.Errorf("%v: Do Not Pair", m)
		case declined[MatchID(m.Need(), m.Helper)]:
			return fmt.Errorf("%v: declined helper proposed again", m)
		}
		if old, ok := kept[m.ID]; ok {
			if old.Why == "" {
				old.Why = m.Why
			}
			if m.Why == "" || !reflect.DeepEqual(old, m) {
				return fmt.Errorf("kept row changed: %+v -> %+v", kept[m.ID], m)
			}
			keptOut++
		} else if m.ID != MatchID(m.Need(), m.Helper) || !m.ProposedOn.Equal(in.Today) || m.Why == "" {
			return fmt.Errorf("new row %+v", m)
		}
		proposedFor[m.Need()]++
		if proposedFor[m.Need()] > 1 {
			return fmt.Errorf("need %v matched twice", m.Need())
		}
		props[m.Helper]++
	}
	if keptOut != len(kept) {
		return fmt.Errorf("%d of %d kept Proposed rows returned", keptOut, len(kept))
	}
	for id, x := range props {
		h := byID[id]
		c := h.Capacity
		if c == 0 {
			c = max(1, in.Settings.DefaultCapacity)
		}
		if load[id]+x > c {
			return fmt.Errorf("helper %s over capacity: %d accepted + %d proposed > %d", id, load[id], x, c)
		}
	}
	// The decided rows come back exactly, as a multiset.
	sortIDs := func(ms []Match) {
		slices.SortStableFunc(ms, func(a, b Match) int { return strings.Compare(fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b)) })
	}
	sortIDs(fixedIn)
	sortIDs(fixedOut)
	if len(fixedIn) != len(fixedOut) || (len(fixedIn) > 0 && !reflect.DeepEqual(fixedIn, fixedOut)) {
		return fmt.Errorf("decided rows changed")
	}
	// Unmet lists exactly the open needs left over.
	waiting := map[Category][]MemberID{}
	ids := make([]MemberID, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		mem := byID[id]
		if mem.Active != Active {
			continue
		}
		for _, c := range Categories {
			n := Need{id, c}
			if mem.HasNeed(c) && !closed[n] && proposedFor[n] == 0 {
				waiting[c] = append(waiting[c], id)
			}
		}
	}
	var got []UnmetRow
	for _, u := range res.Unmet {
		if u.Category != "" {
			got = append(got, u)
		}
	}
	var want []UnmetRow
	for _, c := range Categories {
		if w := waiting[c]; len(w) > 0 {
			n := 0
			for _, id := range ids {
				if byID[id].Available() && byID[id].HasOffer(c) {
					n++
				}
			}
			want = append(want, UnmetRow{Category: c, Label: string(c), Open: len(w), Helpers: n, Waiting: w})
		}
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("unmet %+v, want %+v", got, want)
	}
	return nil
}

// keptRows applies the rule for kept Proposed rows from the input alone
// (see Kept Proposed matches in propose.go): the rows Propose must return as
// they are, a blank Why aside, and how many allowed rows it dropped because
// their need already had one or their helper was full.
func keptRows(in MatchInput) ([]Match, int) {
	byID := map[MemberID]*Member{}
	for i := range in.Members {
		byID[in.Members[i].ID] = &in.Members[i]
	}
	decided, closed, declined := map[string]bool{}, map[Need]bool{}, map[string]bool{}
	slots := map[MemberID]int{}
	for _, m := range in.Members {
		slots[m.ID] = m.Capacity
		if m.Capacity == 0 {
			slots[m.ID] = max(1, in.Settings.DefaultCapacity)
		}
	}
	var props []Match
	for _, m := range in.Existing {
		switch m.Status {
		case Proposed:
			props = append(props, m)
			continue
		case Accepted:
			closed[m.Need()] = true
			slots[m.Helper]--
		case Done:
			closed[m.Need()] = true
		case Declined:
			declined[MatchID(m.Need(), m.Helper)] = true
		}
		decided[m.ID] = true
	}
	// One row per Match ID, the first by content; then the allowed ones.
	slices.SortFunc(props, compareMatch)
	var ok []Match
	for i, m := range props {
		if decided[m.ID] || (i > 0 && props[i-1].ID == m.ID) {
			continue
		}
		mem, h := byID[m.Member], byID[m.Helper]
		if mem != nil && h != nil && mem.Active == Active && mem.HasNeed(m.Category) && !closed[m.Need()] &&
			h.Available() && h.HasOffer(m.Category) && m.Member != m.Helper && !in.Forbidden.Has(m.Member, m.Helper) &&
			!declined[MatchID(m.Need(), m.Helper)] {
			ok = append(ok, m)
		}
	}
	// Earliest Proposed on, then lowest Match ID: one per need, up to
	// capacity.
	slices.SortFunc(ok, func(a, b Match) int {
		if c := a.ProposedOn.Compare(b.ProposedOn); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	var out []Match
	taken := map[Need]bool{}
	for _, m := range ok {
		if !taken[m.Need()] && slots[m.Helper] > 0 {
			taken[m.Need()] = true
			slots[m.Helper]--
			out = append(out, m)
		}
	}
	return out, len(ok) - len(out)
}

// randomPod is a small pod with every kind of input: zones listed, unlisted
// and blank, languages, capacities, paused and left members, Do Not Pair,
// met pairs and Matches rows of every status.
func randomPod(r *rand.Rand, members, cats int) MatchInput {
	zones := []string{"A", "B", "C", "Z", ""}
	langs := []string{"English", "Spanish", "Mandarin"}
	in := MatchInput{Settings: DefaultSettings(), Today: pToday, Forbidden: Forbidden{}, Met: map[[2]MemberID]int{}}
	for _, z := range []string{"A", "B", "C", "D"} {
		if r.IntN(4) > 0 {
			in.Settings.ZoneOrder = append(in.Settings.ZoneOrder, z)
		}
	}
	in.Settings.DefaultCapacity = 1 + r.IntN(2)
	for i := 0; i < members; i++ {
		m := Member{ID: MemberID(fmt.Sprintf("M-%02d", i)), Zone: zones[r.IntN(len(zones))], Capacity: r.IntN(4)}
		for _, l := range langs {
			if r.IntN(3) == 0 {
				m.Languages = append(m.Languages, l)
			}
		}
		for c := 0; c < cats; c++ {
			if r.IntN(3) == 0 {
				m.Needs = append(m.Needs, Categories[c])
			}
			if r.IntN(3) == 0 {
				m.Offers = append(m.Offers, Categories[c])
			}
		}
		switch r.IntN(8) {
		case 0:
			m.Active = Paused
		case 1:
			m.Active = Left
		}
		in.Members = append(in.Members, m)
	}
	id := func() MemberID { return MemberID(fmt.Sprintf("M-%02d", r.IntN(members))) }
	for i := r.IntN(3); i > 0; i-- {
		if a, b := id(), id(); a != b {
			in.Forbidden[Key(a, b)] = true
		}
	}
	for i := r.IntN(4); i > 0; i-- {
		if a, b := id(), id(); a != b {
			in.Met[Key(a, b)] = 1 + r.IntN(3)
		}
	}
	// Proposed rows on a few dates (blank included), some with a blank Why
	// and a few sharing another row's Match ID.
	dates := []time.Time{{}, pToday.AddDate(0, 0, -14), pToday.AddDate(0, 0, -7), pToday.AddDate(0, 0, -7), pToday}
	for i := r.IntN(7); i > 0; i-- {
		m := Match{Member: id(), Category: Categories[r.IntN(cats)], Helper: id(), Status: MatchStatus(r.IntN(4))}
		if r.IntN(2) == 0 {
			m.Status = Proposed
		}
		if m.Status == Proposed && r.IntN(4) > 0 {
			// Mostly a row that may well still be allowed: a need someone
			// ticked and a helper offering it.
			a := in.Members[r.IntN(members)]
			if len(a.Needs) > 0 {
				m.Member, m.Category = a.ID, a.Needs[r.IntN(len(a.Needs))]
				var hs []MemberID
				for _, h := range in.Members {
					if h.HasOffer(m.Category) {
						hs = append(hs, h.ID)
					}
				}
				if len(hs) > 0 {
					m.Helper = hs[r.IntN(len(hs))]
				}
			}
		}
		m.ID = MatchID(m.Need(), m.Helper)
		m.Why = "earlier"
		if m.Status == Proposed {
			m.ProposedOn = dates[r.IntN(len(dates))]
			if r.IntN(4) == 0 {
				m.Why = ""
			}
			if len(in.Existing) > 0 && r.IntN(8) == 0 {
				m.ID = in.Existing[r.IntN(len(in.Existing))].ID
			}
		}
		in.Existing = append(in.Existing, m)
	}
	return in
}

// bruteForce returns the largest number of matched needs and, among those,
// the lowest matchCost, by trying every assignment of the needs that have no
// kept Proposed row (keptRows) to the slots the kept rows leave. Open needs
// and allowed helpers are found here from the input alone.
func bruteForce(in MatchInput) (int, int64) {
	p := newProposer(&in)
	byID := map[MemberID]*Member{}
	for i := range in.Members {
		byID[in.Members[i].ID] = &in.Members[i]
	}
	closed, declined := map[Need]bool{}, map[[2]string]bool{}
	capLeft, accepted := map[MemberID]int{}, map[MemberID]int{}
	for _, m := range in.Members {
		c := m.Capacity
		if c == 0 {
			c = max(1, in.Settings.DefaultCapacity)
		}
		capLeft[m.ID] = c
	}
	for _, m := range in.Existing {
		switch m.Status {
		case Accepted:
			closed[m.Need()] = true
			capLeft[m.Helper]--
			accepted[m.Helper]++
		case Done:
			closed[m.Need()] = true
		case Declined:
			declined[[2]string{string(m.Member) + string(m.Category), string(m.Helper)}] = true
		}
	}
	kept, _ := keptRows(in)
	keptLoad := map[MemberID]int{}
	var keptSum int64
	// Match IDs a new match may not take: those of the rows returned as
	// they are.
	taken := map[string]bool{}
	for _, m := range in.Existing {
		if m.Status != Proposed {
			taken[m.ID] = true
		}
	}
	for _, m := range kept {
		taken[m.ID] = true
	}
	for _, m := range kept {
		closed[m.Need()] = true // matched already: not in the search
		capLeft[m.Helper]--
		keptLoad[m.Helper]++
		keptSum += p.pairCost(needRef{p.idx[m.Member], catIndex[m.Category]}, p.idx[m.Helper])
	}
	type cand struct {
		need Need
		hs   []MemberID
	}
	var needs []cand
	for _, m := range in.Members {
		if m.Active != Active {
			continue
		}
		for _, c := range m.Needs {
			n := Need{m.ID, c}
			if closed[n] {
				continue
			}
			var hs []MemberID
			for _, h := range in.Members {
				if h.ID != m.ID && h.Available() && h.HasOffer(c) && !in.Forbidden.Has(m.ID, h.ID) &&
					!declined[[2]string{string(m.ID) + string(c), string(h.ID)}] && !taken[MatchID(n, h.ID)] {
					hs = append(hs, h.ID)
				}
			}
			needs = append(needs, cand{n, hs})
		}
	}
	bestN, bestC := -1, int64(0)
	used := map[MemberID]int{}
	var rec func(i, got int, sum int64)
	rec = func(i, got int, sum int64) {
		if got+len(needs)-i < bestN {
			return
		}
		if i == len(needs) {
			total := sum + keptSum
			for h, x := range used {
				total += loadCost(accepted[h], x+keptLoad[h])
			}
			for h, x := range keptLoad {
				if used[h] == 0 {
					total += loadCost(accepted[h], x)
				}
			}
			if got > bestN || (got == bestN && total < bestC) {
				bestN, bestC = got, total
			}
			return
		}
		rec(i+1, got, sum)
		n := needs[i].need
		for _, h := range needs[i].hs {
			if used[h] < capLeft[h] {
				used[h]++
				rec(i+1, got+1, sum+p.pairCost(needRef{p.idx[n.Member], catIndex[n.Category]}, p.idx[h]))
				used[h]--
				if used[h] == 0 {
					delete(used, h)
				}
			}
		}
	}
	rec(0, 0, 0)
	return bestN + len(kept), bestC
}

// TestProposeMatchesBruteForce runs thousands of random small pods and checks
// every hard constraint, and that the matched count and the cost equal the
// exhaustive optimum.
func TestProposeMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	pods := 3000
	if testing.Short() {
		pods = 300
	}
	special, self, kept, over, reruns := 0, 0, 0, 0, 0
	for iter := 0; iter < pods; iter++ {
		in := randomPod(r, 3+r.IntN(5), 1+r.IntN(3))
		k, o := keptRows(in)
		kept += len(k)
		over += o
		res := Propose(in)
		if err := checkResult(in, res); err != nil {
			t.Fatalf("pod %d: %v\n%+v", iter, err, in)
		}
		n := 0
		for _, m := range res.Matches {
			if m.Status == Proposed {
				n++
			}
		}
		c := matchCost(in, res.Matches)
		bn, bc := bruteForce(in)
		if n != bn || c != bc {
			t.Fatalf("pod %d: matched %d cost %d; brute force %d cost %d\n%+v\n%+v", iter, n, c, bn, bc, in, res.Matches)
		}
		p := newProposer(&in)
		special += len(p.special)
		if p.solve(); p.rounds-p.reruns != 1 {
			t.Fatalf("pod %d: %d flow solves: the network let a need reach a helper it may not have", iter, p.rounds)
		}
		reruns += p.reruns
		for _, n := range p.needs {
			if p.selfNeed(n) && !p.special[n] {
				self++
			}
		}
	}
	t.Logf("%d pods; %d needs with a Do Not Pair or Declined helper, %d whose member offers the same", pods, special, self)
	t.Logf("%d kept Proposed rows; %d allowed ones dropped (need already kept, or helper full); %d re-runs after a Match ID clash", kept, over, reruns)
}

// TestProposeVsDense checks pods larger than brute force can take against
// the dense network (every need with a direct arc to each allowed helper),
// with many members offering what they need, Do Not Pair rules, and zone
// orders that are empty, partial or full, so every route of the aggregated
// network is exercised.
func TestProposeVsDense(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for iter := 0; iter < 300; iter++ {
		in := randomPod(r, 10+r.IntN(30), 1+r.IntN(4))
		switch iter % 3 {
		case 0:
			in.Settings.ZoneOrder = nil
		case 1:
			in.Settings.ZoneOrder = []string{"D", "C", "B", "A", "Z"}
		}
		for i := range in.Members {
			if r.IntN(2) == 0 {
				in.Members[i].Offers = append(in.Members[i].Offers, in.Members[i].Needs...)
			}
		}
		for i := 0; i < 10; i++ {
			a, b := in.Members[r.IntN(len(in.Members))].ID, in.Members[r.IntN(len(in.Members))].ID
			if a != b {
				in.Forbidden[Key(a, b)] = true
			}
		}
		res := Propose(in)
		if err := checkResult(in, res); err != nil {
			t.Fatalf("pod %d: %v", iter, err)
		}
		if p := newProposer(&in); p.solve() != nil && p.rounds-p.reruns != 1 {
			t.Fatalf("pod %d: %d flow solves: the network let a need reach a helper it may not have", iter, p.rounds)
		}
		dense := newProposer(&in)
		for _, n := range dense.needs {
			dense.special[n] = true
		}
		net := dense.build()
		f, c := net.g.MinCostMaxFlow(net.s, net.t)
		// Kept rows are outside the network: add their count and cost.
		keptLoad := map[int]int{}
		for _, k := range dense.kept {
			f++
			c += dense.pairCost(k.n, k.h)
			keptLoad[k.h]++
		}
		for h, x := range keptLoad {
			c += loadCost(dense.accepted[h], x)
		}
		n := 0
		for _, m := range res.Matches {
			if m.Status == Proposed {
				n++
			}
		}
		// The dense network's cost includes the load arcs, as matchCost does.
		if got := matchCost(in, res.Matches); n != f || got != c {
			t.Fatalf("pod %d: matched %d cost %d; dense network %d cost %d", iter, n, got, f, c)
		}
	}
}

func TestProposeDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for iter := 0; iter < 300; iter++ {
		in := randomPod(r, 5+r.IntN(40), 1+r.IntN(6))
		want := Propose(in)
		for k := 0; k < 3; k++ {
			sh := in
			sh.Members = slices.Clone(in.Members)
			sh.Existing = slices.Clone(in.Existing)
			r.Shuffle(len(sh.Members), func(i, j int) { sh.Members[i], sh.Members[j] = sh.Members[j], sh.Members[i] })
			r.Shuffle(len(sh.Existing), func(i, j int) { sh.Existing[i], sh.Existing[j] = sh.Existing[j], sh.Existing[i] })
			if got := Propose(sh); !reflect.DeepEqual(got, want) {
				t.Fatalf("pod %d: shuffled input gave a different result", iter)
			}
		}
		// Feeding the result back changes nothing (two syncs, no new input).
		again := in
		again.Existing = want.Matches
		if got := Propose(again); !reflect.DeepEqual(got, want) {
			t.Fatalf("pod %d: second sync changed the result", iter)
		}
	}
}

// goldenPod is a hand-built pod of 25 neighbors in four buildings.
func goldenPod() MatchInput {
	const (
		F, C, ME, CS, FI, EM, MH, RE, BE, TR, CR, TE, IN, PH = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
	)
	ms := []Member{
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
	ms[11].Active = Paused
	ms[17].Active = Left
	in := MatchInput{Members: ms, Settings: DefaultSettings(), Today: pToday}
	in.Settings.ZoneOrder = []string{"Building A", "Building B", "Building C", "Building D"}
	in.Forbidden = Forbidden{Key("M-eli", "M-hal"): true}
	in.Met = map[[2]MemberID]int{Key("M-cho", "M-kim"): 1, Key("M-jon", "M-wes"): 2, Key("M-pat", "M-vic"): 2}
	need := func(m MemberID, c int) Need { return Need{m, Categories[c]} }
	in.Existing = []Match{
		{ID: MatchID(need("M-ana", C), "M-mia"), Member: "M-ana", Category: Categories[C], Helper: "M-mia", Status: Accepted, Notes: "Tuesdays"},
		{ID: MatchID(need("M-eli", F), "M-wes"), Member: "M-eli", Category: Categories[F], Helper: "M-wes", Status: Declined},
		{ID: MatchID(need("M-dev", FI), "M-oli"), Member: "M-dev", Category: Categories[FI], Helper: "M-oli", Status: Proposed, Why: "next zone over (Building B)", ProposedOn: pToday.AddDate(0, 0, -7)},
		{ID: MatchID(need("M-ned", CS), "M-jon"), Member: "M-ned", Category: Categories[CS], Helper: "M-jon", Status: Done},
	}
	return in
}

func TestProposeGolden(t *testing.T) {
	in := goldenPod()
	res := Propose(in)
	if err := checkResult(in, res); err != nil {
		t.Fatal(err)
	}
	bn, _ := bruteForceCount(in)
	n := 0
	var b strings.Builder
	fmt.Fprintf(&b, "# Matches: Match ID, Member, Category, Helper, Status, Proposed on, Why\n")
	for _, m := range res.Matches {
		if m.Status == Proposed {
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
	golden.Check(t, filepath.Join("..", "testdata", "matching", "propose_pod25.golden"), b.String())
}

// bruteForceCount is the maximum number of matched needs, kept Proposed rows
// included, by augmenting paths on the explicit need × helper graph
// (Ford–Fulkerson with unit needs) for the needs without a kept row.
func bruteForceCount(in MatchInput) (int, error) {
	p := newProposer(&in)
	capLeft := slices.Clone(p.capLeft)
	owner := map[int][]int{} // helper -> needs
	var try func(i int, seen map[int]bool) bool
	try = func(i int, seen map[int]bool) bool {
		n := p.needs[i]
		for _, h := range p.helpers[n.c] {
			if !p.allowed(n, h) || seen[h] {
				continue
			}
			seen[h] = true
			if capLeft[h] > 0 {
				capLeft[h]--
				owner[h] = append(owner[h], i)
				return true
			}
			for k, j := range owner[h] {
				if try(j, seen) {
					owner[h][k] = i
					return true
				}
			}
		}
		return false
	}
	n := len(p.kept)
	for i := range p.needs {
		if try(i, map[int]bool{}) {
			n++
		}
	}
	return n, nil
}

func idStrings(ids []MemberID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// matchCost is the objective's cost of the Proposed matches in ms, kept ones
// included (the other rows are fixed): the sum of pairCost plus every
// helper's loadCost on top of their Accepted matches. The matches must be
// allowed and their members known.
func matchCost(in MatchInput, ms []Match) int64 {
	p := newProposer(&in)
	var c int64
	load := map[int]int{}
	for _, m := range ms {
		if m.Status != Proposed {
			continue
		}
		n := needRef{p.idx[m.Member], catIndex[m.Category]}
		h := p.idx[m.Helper]
		c += p.pairCost(n, h)
		load[h]++
	}
	for h, x := range load {
		c += loadCost(p.accepted[h], x)
	}
	return c
}
