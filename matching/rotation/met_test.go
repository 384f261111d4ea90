package rotation

import (
	"reflect"
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
)

func TestMetPairs(t *testing.T) {
	a, b, c, d := matching.MemberID("A"), matching.MemberID("B"), matching.MemberID("C"), matching.MemberID("D")
	hist := []matching.Group{
		{Round: 1, WeekOf: day0, Members: []matching.MemberID{a, b, c}, Status: matching.Met},
		{Round: 2, WeekOf: day0.AddDate(0, 0, 7), Members: []matching.MemberID{b, a}, Status: matching.Planned},
		{Round: 2, WeekOf: day0.AddDate(0, 0, 7), Members: []matching.MemberID{c, d}, Status: matching.Skipped},
		{Round: 3, WeekOf: day0.AddDate(0, 0, 14), Members: []matching.MemberID{a, d}},
	}
	got := MetPairs(hist, day0.AddDate(0, 0, 14).Add(20*time.Hour))
	want := map[[2]matching.MemberID]int{matching.Key(a, b): 2, matching.Key(a, c): 1, matching.Key(b, c): 1}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
