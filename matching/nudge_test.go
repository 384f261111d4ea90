package matching

import (
	"testing"
	"time"
)

func TestNudge(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	today := day("2026-06-30")
	for _, tc := range []struct {
		name     string
		status   MatchStatus
		proposed string
		after    int
		want     string
	}{
		{"stale", Proposed, "2026-03-16", 7, "open 106 days: check with the helper"},
		{"just past", Proposed, "2026-06-22", 7, "open 8 days: check with the helper"},
		{"on the day", Proposed, "2026-06-23", 7, ""},
		{"fresh", Proposed, "2026-06-29", 7, ""},
		{"own setting", Proposed, "2026-06-25", 3, "open 5 days: check with the helper"},
		{"accepted", Accepted, "2026-03-16", 7, ""},
		{"declined", Declined, "2026-03-16", 7, ""},
		{"no date", Proposed, "", 7, ""},
		{"unset setting means 7", Proposed, "2026-06-20", 0, "open 10 days: check with the helper"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Match{Status: tc.status}
			if tc.proposed != "" {
				m.ProposedOn = day(tc.proposed)
			}
			if got := Nudge(m, today, tc.after); got != tc.want {
				t.Errorf("Nudge = %q, want %q", got, tc.want)
			}
		})
	}
}
