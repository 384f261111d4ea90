package matching

import (
	"fmt"
	"time"
)

// Nudge is the plain-words note a Proposed match carries once it has been
// open longer than the Settings' "Nudge after (days)": a need that waits on
// a helper who never answered should not wait quietly forever. It is "" for
// any other match, for a match with no Proposed on, and for one still
// inside its days. today and ProposedOn are dates at midnight UTC.
func Nudge(m Match, today time.Time, after int) string {
	if m.Status != Proposed || m.ProposedOn.IsZero() {
		return ""
	}
	if after < 1 {
		after = 7
	}
	days := int(today.Sub(m.ProposedOn).Hours()/24 + 0.5)
	if days <= after {
		return ""
	}
	return fmt.Sprintf("open %d days: check with the helper", days)
}
