package matching

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// zonePod returns active members named "<zone letter><n>" (M-<zone><n>),
// count[i] of them in zones[i].
func zonePod(zones []string, count []int) []Member {
	var ms []Member
	for i, z := range zones {
		for j := 1; j <= count[i]; j++ {
			name := fmt.Sprintf("%s%02d", letter(z), j)
			ms = append(ms, Member{ID: MemberID("M-" + name), Name: name, Zone: z, Active: Active})
		}
	}
	return ms
}

func letter(z string) string {
	if z == "" {
		return "_"
	}
	return z[len(z)-1:]
}

// shape is a SplitGroup in brief: its zones, its size, and its part.
type shape struct {
	Zones        string
	Size         int
	Part, Parts  int
	FirstMembers string
}

func shapes(gs []SplitGroup) []shape {
	out := make([]shape, len(gs))
	for i, g := range gs {
		first := ""
		if len(g.Members) > 0 {
			first = string(g.Members[0])
		}
		out[i] = shape{fmt.Sprint(g.Zones), len(g.Members), g.Part, g.Parts, first}
	}
	return out
}

func TestSuggestSplit(t *testing.T) {
	set := func(limit int, order ...string) *Settings {
		s := DefaultSettings()
		s.SplitAbove, s.ZoneOrder = limit, order
		return &s
	}
	five := []string{"Building A", "Building B", "Building C", "Building D", "Building E"}
	cases := []struct {
		name    string
		members []Member
		set     *Settings
		met     map[[2]MemberID]int
		want    []shape
	}{
		{
			name:    "45 in five zones: two even pods, zones whole, in Zone order",
			members: zonePod(five, []int{12, 11, 10, 7, 5}),
			set:     set(30, five...),
			want: []shape{
				{"[Building A Building B]", 23, 0, 0, "M-A01"},
				{"[Building C Building D Building E]", 22, 0, 0, "M-C01"},
			},
		},
		{
			name:    "Zone order, not the members' order, decides",
			members: zonePod(five, []int{5, 7, 10, 11, 12}),
			set:     set(30, "Building E", "Building D", "Building C", "Building B", "Building A"),
			want: []shape{
				{"[Building E Building D]", 23, 0, 0, "M-E01"},
				{"[Building C Building B Building A]", 22, 0, 0, "M-C01"},
			},
		},
		{
			name:    "exactly Split above: no suggestion",
			members: zonePod(five, []int{10, 10, 10, 0, 0}),
			set:     set(30, five...),
		},
		{
			name:    "a paused or left member does not count",
			members: append(zonePod(five[:3], []int{10, 10, 10}), Member{ID: "M-p", Name: "p", Active: Paused}, Member{ID: "M-l", Name: "l", Active: Left}),
			set:     set(30, five...),
		},
		{
			name:    "a zone over Split above on its own is cut into even parts",
			members: zonePod([]string{"Building A", "Building B"}, []int{34, 11}),
			set:     set(30, "Building A", "Building B"),
			want: []shape{
				{"[Building A]", 17, 1, 2, "M-A01"},
				{"[Building A]", 17, 2, 2, "M-A18"},
				{"[Building B]", 11, 0, 0, "M-B01"},
			},
		},
		{
			name: "unlisted zones after listed ones, by name; no zone last",
			members: append(append(zonePod([]string{"Building A", "Annex Z", "Building B"}, []int{4, 4, 4}),
				zonePod([]string{"annex Y"}, []int{4})...), zonePod([]string{""}, []int{4})...),
			set: set(8, "Building B", "Building A"),
			want: []shape{
				{"[Building B Building A]", 8, 0, 0, "M-B01"},
				{"[annex Y Annex Z]", 8, 0, 0, "M-Y01"},
				{"[]", 4, 0, 0, "M-_01"},
			},
		},
		{
			name:    "Split above 10 on a demo-sized pod: one pod per zone",
			members: zonePod([]string{"Building A", "Building B", "Building C", "Corner houses"}, []int{7, 8, 7, 6}),
			set:     set(10, "Building A", "Building B", "Building C", "Corner houses"),
			want: []shape{
				{"[Building A]", 7, 0, 0, "M-A01"},
				{"[Building B]", 8, 0, 0, "M-B01"},
				{"[Building C]", 7, 0, 0, "M-C01"},
				{"[Corner houses]", 6, 0, 0, "M-s01"},
			},
		},
		{
			name:    "even sizes tie: neighbors who met stay together (B with C)",
			members: zonePod([]string{"A", "B", "C"}, []int{8, 7, 8}),
			set:     set(15, "A", "B", "C"),
			met:     map[[2]MemberID]int{Key("M-B01", "M-C01"): 1},
			want:    []shape{{"[A]", 8, 0, 0, "M-A01"}, {"[B C]", 15, 0, 0, "M-B01"}},
		},
		{
			name:    "even sizes tie: neighbors who met stay together (A with B)",
			members: zonePod([]string{"A", "B", "C"}, []int{8, 7, 8}),
			set:     set(15, "A", "B", "C"),
			met:     map[[2]MemberID]int{Key("M-B01", "M-A03"): 2},
			want:    []shape{{"[A B]", 15, 0, 0, "M-A01"}, {"[C]", 8, 0, 0, "M-C01"}},
		},
		{
			name:    "met is only a tie-breaker: even sizes come first",
			members: zonePod([]string{"A", "B", "C", "D"}, []int{8, 6, 6, 4}),
			set:     set(16, "A", "B", "C", "D"),
			met:     map[[2]MemberID]int{Key("M-B01", "M-C01"): 1, Key("M-B02", "M-C02"): 1, Key("M-B03", "M-C03"): 1},
			want:    []shape{{"[A B]", 14, 0, 0, "M-A01"}, {"[C D]", 10, 0, 0, "M-C01"}},
		},
		{
			name:    "a Split above below 2 counts as 30",
			members: zonePod([]string{"A"}, []int{31}),
			set:     set(0),
			want:    []shape{{"[A]", 16, 1, 2, "M-A01"}, {"[A]", 15, 2, 2, "M-A17"}},
		},
	}
	for _, tc := range cases {
		got := SuggestSplit(tc.members, tc.set, tc.met)
		if g := shapes(got); !reflect.DeepEqual(g, tc.want) && len(g)+len(tc.want) > 0 {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, g, tc.want)
		}
		limit := max(tc.set.SplitAbove, 2)
		if tc.set.SplitAbove < 2 {
			limit = 30
		}
		for _, g := range got {
			if len(g.Members) > limit {
				t.Errorf("%s: a group of %d, over %d", tc.name, len(g.Members), limit)
			}
		}
		// The same pod in another order gives the same suggestion.
		rev := slices.Clone(tc.members)
		slices.Reverse(rev)
		if again := SuggestSplit(rev, tc.set, tc.met); !reflect.DeepEqual(again, got) {
			t.Errorf("%s: depends on the members' order:\n%v\n%v", tc.name, got, again)
		}
	}
}

func TestSuggestSplitZoneSpelling(t *testing.T) {
	ms := []Member{
		{ID: "M-1", Name: "a", Zone: "north  block", Active: Active},
		{ID: "M-2", Name: "b", Zone: "North Block", Active: Active},
		{ID: "M-3", Name: "c", Zone: "North Block", Active: Active},
		{ID: "M-4", Name: "d", Zone: " garden ", Active: Active},
	}
	s := DefaultSettings()
	s.SplitAbove, s.ZoneOrder = 3, []string{"Garden"}
	got := SuggestSplit(ms, &s, nil)
	want := []SplitGroup{
		{Zones: []string{"Garden"}, Members: []MemberID{"M-4"}},
		{Zones: []string{"North Block"}, Members: []MemberID{"M-1", "M-2", "M-3"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestSuggestSplitKeepsMetTogetherInACutZone(t *testing.T) {
	ms := zonePod([]string{"A"}, []int{6})
	s := DefaultSettings()
	s.SplitAbove = 3
	met := map[[2]MemberID]int{Key("M-A01", "M-A04"): 1, Key("M-A04", "M-A06"): 2, Key("M-A02", "M-A03"): 3}
	got := SuggestSplit(ms, &s, met)
	want := []SplitGroup{
		{Zones: []string{"A"}, Members: []MemberID{"M-A01", "M-A04", "M-A06"}, Part: 1, Parts: 2, ZoneSize: 6},
		{Zones: []string{"A"}, Members: []MemberID{"M-A02", "M-A03", "M-A05"}, Part: 2, Parts: 2, ZoneSize: 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// BenchmarkSuggestSplit is a 20,000-member network in 400 zones.
func BenchmarkSuggestSplit(b *testing.B) {
	var zones []string
	var counts []int
	for z := range 400 {
		zones = append(zones, fmt.Sprintf("Block %03d", z))
		counts = append(counts, 20+z%60)
	}
	ms := zonePod(zones, counts)
	s := DefaultSettings()
	s.ZoneOrder = zones
	met := map[[2]MemberID]int{}
	for i := 0; i+1 < len(ms); i += 2 {
		met[Key(ms[i].ID, ms[i+1].ID)] = 1
	}
	b.ReportAllocs()
	for b.Loop() {
		SuggestSplit(ms, &s, met)
	}
	b.ReportMetric(float64(len(ms)), "members")
}
