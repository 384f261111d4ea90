package sheets

import (
	"github.com/podsync/podsync/matching"
)

// Placeholder until matching.Propose lands; replaced by a direct call.
var (
	planRounds = matching.PlanRounds
	propose    = func(in matching.MatchInput) matching.MatchResult { return matching.MatchResult{Matches: in.Existing} }
	metPairs   = matching.MetPairs
)
