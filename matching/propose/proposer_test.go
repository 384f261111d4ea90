package propose

import (
	"math/rand/v2"
	"testing"

	"github.com/podsync/podsync/matching"
)

func TestZoneDistanceAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	names := []string{"", "A", "a ", "B", "C", "Block  9", "block 9", "Z"}
	for iter := 0; iter < 2000; iter++ {
		s := matching.DefaultSettings()
		for i := r.IntN(6); i > 0; i-- {
			s.ZoneOrder = append(s.ZoneOrder, names[r.IntN(len(names))])
		}
		a, b := pm("a", names[r.IntN(len(names))], "", nil, nil), pm("b", names[r.IntN(len(names))], "", nil, nil)
		p := newProposer(&matching.MatchInput{Members: []matching.Member{a, b}, Settings: s})
		if got, want := p.zoneDist(0, 1), s.ZoneDistance(a.Zone, b.Zone); got != want {
			t.Fatalf("order %q, %q vs %q: %d, ZoneDistance %d", s.ZoneOrder, a.Zone, b.Zone, got, want)
		}
	}
}
