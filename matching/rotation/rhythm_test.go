package rotation

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/podsync/podsync/matching"
)

func TestEveryRounds(t *testing.T) {
	for _, c := range []struct {
		in     string
		length int
		want   int
	}{
		{"Weekly", 7, 1}, {"", 7, 1}, {"something else", 7, 1},
		{"Every two weeks", 7, 2}, {" every  TWO weeks ", 7, 2}, {"every-two-weeks", 7, 2}, {"Biweekly", 0, 2},
		{"Monthly", 7, 4}, {"MONTHLY", 7, 4}, {"Monthly", 14, 2}, {"Monthly", 10, 3}, {"Monthly", 31, 1},
		{"Every two weeks", 14, 1}, {"Weekly", 14, 1}, {"Weekly", 3, 2}, {"Every two weeks", 5, 3},
	} {
		if got := EveryRounds(c.in, c.length); got != c.want {
			t.Errorf("EveryRounds(%q, %d) = %d, want %d", c.in, c.length, got, c.want)
		}
	}
}

// rhythmPod is 4 Weekly, 2 Every two weeks and 2 Monthly members.
func rhythmPod(r *rand.Rand) []matching.Member {
	ms := newMembers(r, 8)
	for i, c := range []string{"Weekly", "", "weekly", "Weekly", "Every two weeks", "Every two weeks", "Monthly", "monthly"} {
		ms[i].CheckIn = c
	}
	return ms
}

// TestRhythmTwelveRounds syncs a pod of 4 Weekly, 2 Every two weeks and 2
// Monthly members weekly for 12 rounds: each is in exactly the rounds
// their Check-in asks for (all start in round 1), nobody due sits out, and
// every group is a pair or a trio.
func TestRhythmTwelveRounds(t *testing.T) {
	s := newSim(21, 0, options{})
	s.members = rhythmPod(s.r)
	for w := 0; w < 12; w++ {
		s.plan(nil, false)
		s.week()
	}
	rounds := byRound(s.hist)
	for rn := 1; rn <= 12; rn++ {
		seen := map[matching.MemberID]int{}
		for _, g := range rounds[rn] {
			if len(g.Members) < 2 || len(g.Members) > 3 {
				t.Fatalf("round %d: group %v", rn, g.Members)
			}
			for _, id := range g.Members {
				seen[id]++
			}
		}
		for _, m := range s.members {
			due := Due(rn, 1, EveryRounds(m.CheckIn, 7))
			if (seen[m.ID] == 1) != due || seen[m.ID] > 1 {
				t.Errorf("round %d: %s (%q) in %d groups, due %v", rn, m.ID, m.CheckIn, seen[m.ID], due)
			}
		}
	}
}

// TestRhythmNewcomerAndComeback: a Monthly member who joins later counts
// from the round they first join (the round under way), and one back from
// a pause keeps the rhythm of their first round.
func TestRhythmNewcomerAndComeback(t *testing.T) {
	s := newSim(22, 0, options{})
	s.members = rhythmPod(s.r)
	for w := 0; w < 3; w++ {
		s.plan(nil, false)
		s.week()
	}
	late := newMembers(s.r, 1)[0]
	late.CheckIn = "Monthly"
	s.members = append(s.members, late)
	for w := 3; w < 12; w++ {
		s.plan(nil, false)
		s.week()
	}
	var in []int
	for _, g := range s.hist {
		if slices.Contains(g.Members, late.ID) {
			in = append(in, g.Round)
		}
	}
	if want := []int{4, 8, 12}; !slices.Equal(in, want) {
		t.Fatalf("the Monthly newcomer of round 4 is in rounds %v, want %v", in, want)
	}
}

// FuzzEveryRounds: any Check-in answer and round length give a step of at
// least one round, and a member is always due in their first round.
func FuzzEveryRounds(f *testing.F) {
	for _, s := range []string{"Weekly", "Every two weeks", "Monthly", "", "每月", "every-2-weeks"} {
		f.Add(s, 7, 3)
	}
	f.Fuzz(func(t *testing.T, checkIn string, length, first int) {
		k := EveryRounds(checkIn, length)
		if k < 1 {
			t.Fatalf("EveryRounds(%q, %d) = %d", checkIn, length, k)
		}
		if first > -1<<20 && first < 1<<20 && (!Due(first, first, k) || (k > 1 && Due(first+1, first, k))) {
			t.Fatalf("Due wrong for first %d, every %d", first, k)
		}
	})
}
