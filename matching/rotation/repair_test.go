package rotation

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/podsync/podsync/matching"
)

// planned is a pod of n Weekly members and the two rounds planned for it
// on day0.
func planned(seed uint64, n int) ([]matching.Member, []matching.Group) {
	ms := newMembers(rand.New(rand.NewPCG(seed, seed)), n)
	return ms, Plan(matching.RotationInput{Members: ms, Today: day0})
}

func memberOf(hist []matching.Group, round, row int) matching.MemberID {
	return byRound(hist)[round][row].Members[0]
}

// TestRepairPauseChangesOnlyTheirGroup: pausing one member on the Tuesday
// of the round under way changes only that member's group: their partner
// joins another pair, every other row stays as it was.
func TestRepairPauseChangesOnlyTheirGroup(t *testing.T) {
	ms, hist := planned(31, 10)
	x := memberOf(hist, 1, 2)
	i := slices.IndexFunc(ms, func(m matching.Member) bool { return m.ID == x })
	ms[i].Active = matching.Paused
	in := matching.RotationInput{Members: ms, History: hist, Today: day0.AddDate(0, 0, 1)}
	res := Run(in)
	checkPlan(t, in, res.Groups, false)
	checkOnlyGroupOf(t, byRound(hist)[1], byRound(res.Groups)[1], x)
	if res.Standings[1] != Repaired || len(res.Repairs) != 1 || !slices.Equal(res.Repairs[0].Left, []matching.MemberID{x}) || res.Repairs[0].Round != 1 {
		t.Fatalf("standings %v, repairs %+v", res.Standings, res.Repairs)
	}
	// Round 2 has not begun and nobody edited it: planned again.
	if res.Standings[2] != Replanned {
		t.Fatalf("round 2: %v", res.Standings[2])
	}
	// Planning again the same day changes nothing.
	in.History = res.Groups
	if again := Run(in); !reflect.DeepEqual(stripRows(again.Groups), stripRows(res.Groups)) || len(again.Repairs) != 0 {
		t.Fatalf("a second run changed the repaired plan: %+v", again.Repairs)
	}
}

func stripRows(gs []matching.Group) []matching.Group {
	out := slices.Clone(gs)
	for i := range out {
		out[i].Row = 0
	}
	return out
}

// TestRepairNoteAndLeft: a Note on one row of a future round makes the
// round the organizer's; when someone in another group Left, only that
// group is repaired, and the note stays on its group.
func TestRepairNoteAndLeft(t *testing.T) {
	ms, hist := planned(32, 8)
	rows := byRound(hist)[2]
	noted := rows[0].Members
	for i := range hist {
		if hist[i].Round == 2 && slices.Equal(hist[i].Members, noted) {
			hist[i].Notes, hist[i].Edited = "meet at the library", true
		}
	}
	x := rows[3].Members[1]
	i := slices.IndexFunc(ms, func(m matching.Member) bool { return m.ID == x })
	ms[i].Active = matching.Left
	in := matching.RotationInput{Members: ms, History: hist, Today: day0.AddDate(0, 0, 2)}
	res := Run(in)
	checkPlan(t, in, res.Groups, false)
	after := byRound(res.Groups)[2]
	checkOnlyGroupOf(t, byRound(hist)[2], after, x)
	for _, g := range after {
		if (g.Notes != "") != (g.Row == 1) || (g.Row == 1 && !slices.Equal(g.Members[:2], noted)) {
			t.Fatalf("the note left its group: %v", after)
		}
	}
	if res.Standings[2] != Repaired {
		t.Fatalf("round 2: %v", res.Standings[2])
	}
}

// TestRepairNewcomerJoins: a newcomer joins a group of the round under way
// (here a pair, as a trio); every other row stays.
func TestRepairNewcomerJoins(t *testing.T) {
	ms, hist := planned(33, 8)
	nm := newMembers(rand.New(rand.NewPCG(1, 2)), 1)[0]
	ms = append(ms, nm)
	in := matching.RotationInput{Members: ms, History: hist, Today: day0}
	res := Run(in)
	checkPlan(t, in, res.Groups, false)
	before, after := byRound(hist)[1], byRound(res.Groups)[1]
	if len(after) != len(before) {
		t.Fatalf("round 1 went from %d to %d groups", len(before), len(after))
	}
	grew := 0
	for i, g := range before {
		o := after[i]
		switch {
		case o.Row != i+1:
			t.Fatalf("row %d moved to %d", i+1, o.Row)
		case slices.Equal(o.Members, g.Members):
		case slices.Equal(o.Members, append(slices.Clone(g.Members), nm.ID)):
			grew++
		default:
			t.Fatalf("row %d: %v -> %v", i+1, g.Members, o.Members)
		}
	}
	if grew != 1 || len(res.Repairs) != 1 || !slices.Equal(res.Repairs[0].Joined, []matching.MemberID{nm.ID}) {
		t.Fatalf("grew %d, repairs %+v", grew, res.Repairs)
	}
}

// TestRepairTwoRemaindersPair: two pairs of the round under way each lose
// one member: the two left behind pair up on the first one's row and the
// other row is emptied, the rows after it keeping their places.
func TestRepairTwoRemaindersPair(t *testing.T) {
	ms, hist := planned(34, 10)
	rows := byRound(hist)[1]
	gone := []matching.MemberID{rows[1].Members[0], rows[3].Members[1]}
	for i := range ms {
		if slices.Contains(gone, ms[i].ID) {
			ms[i].Active = matching.Left
		}
	}
	in := matching.RotationInput{Members: ms, History: hist, Today: day0}
	res := Run(in)
	checkPlan(t, in, res.Groups, false)
	after := byRound(res.Groups)[1]
	byRow := map[int][]matching.MemberID{}
	for _, g := range after {
		byRow[g.Row] = g.Members
	}
	want := map[int][]matching.MemberID{1: rows[0].Members, 2: {rows[1].Members[1], rows[3].Members[0]}, 3: rows[2].Members, 5: rows[4].Members}
	if !reflect.DeepEqual(byRow, want) {
		t.Fatalf("got %v, want %v", byRow, want)
	}
	if r := res.Repairs; len(r) != 1 || !slices.Equal(r[0].Rows, []int{1, 3}) || r[0].Added != 0 {
		t.Fatalf("repairs %+v", r)
	}
}
