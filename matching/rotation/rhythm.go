package rotation

import (
	"math"
	"strings"

	"github.com/podsync/podsync/matching"
)

// How many days apart each Check-in answer asks to be grouped. A month is
// a twelfth of a year, so that Monthly is every fourth round of 7 days and
// every second of 14.
const (
	weekDays    = 7.0
	twoWeekDays = 14.0
	monthDays   = 365.25 / 12
)

// checkInDays reads a Check-in answer: the form's labels (which ingest
// gives for every language podsync ships and for the pod's own Answer rows)
// and a few common spellings, with case, spaces and hyphens folded. Blank
// or anything else is Weekly, so that no typo takes someone out of rounds.
func checkInDays(s string) float64 {
	switch matching.Fold(strings.NewReplacer("-", " ", "_", " ").Replace(s)) {
	case "every two weeks", "every 2 weeks", "every other week", "biweekly", "bi weekly", "fortnightly":
		return twoWeekDays
	case "monthly", "every month", "once a month", "every four weeks", "every 4 weeks":
		return monthDays
	}
	return weekDays
}

// EveryRounds is how many rounds apart a member whose Check-in answer is
// checkIn is grouped, with rounds roundLength days long (7 when not
// positive): the nearest whole number of rounds to the rhythm's days, at
// least 1. At 7 days: Weekly 1, Every two weeks 2, Monthly 4.
func EveryRounds(checkIn string, roundLength int) int {
	if roundLength <= 0 {
		roundLength = 7
	}
	return max(1, int(math.Round(checkInDays(checkIn)/float64(roundLength))))
}

// Due reports whether a member grouped every `every` rounds, counted from
// round first, is grouped in round num. Rounds before first keep the same
// step.
func Due(num, first, every int) bool {
	if every <= 1 {
		return true
	}
	d := (num - first) % every
	return d == 0
}
