package pod

import (
	"github.com/podsync/podsync/matching"
)

// The pure algorithms the cycle calls, named here so the cycle reads as one
// pipeline.
var (
	planRounds = matching.PlanRounds
	propose    = matching.Propose
	metPairs   = matching.MetPairs
)
