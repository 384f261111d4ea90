package sheets

import (
	"time"

	"github.com/podsync/podsync/matching"
)

// Placeholders until matching's algorithms land; replaced by direct calls.
var (
	planRounds = func(in matching.RotationInput) []matching.Group { return in.History }
	propose    = func(in matching.MatchInput) matching.MatchResult { return matching.MatchResult{Matches: in.Existing} }
	metPairs   = func(h []matching.Group, today time.Time) map[[2]matching.MemberID]int { return nil }
)
