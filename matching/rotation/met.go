package rotation

import (
	"time"

	"github.com/podsync/podsync/matching"
)

// MetPairs returns, for every pair who met in a group of a round with Week of
// before today and Status not Skipped, the last round number they met in.
// Trios count as three pairs.
func MetPairs(history []matching.Group, today time.Time) map[[2]matching.MemberID]int {
	today = dateOf(today)
	met := map[[2]matching.MemberID]int{}
	for _, g := range history {
		if g.Status == matching.Skipped || !dateOf(g.WeekOf).Before(today) {
			continue
		}
		for i, a := range g.Members {
			for _, b := range g.Members[i+1:] {
				if a == b || a == "" || b == "" {
					continue
				}
				k := matching.Key(a, b)
				if r, ok := met[k]; !ok || g.Round > r {
					met[k] = g.Round
				}
			}
		}
	}
	return met
}
