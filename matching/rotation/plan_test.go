package rotation

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/matching/internal/golden"
)

func TestPlanRoundsSmallPods(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for n := 0; n <= 3; n++ {
		ms := newMembers(r, n)
		out := Plan(matching.RotationInput{Members: ms, Today: day0})
		switch n {
		case 0, 1:
			if len(out) != 0 {
				t.Fatalf("n=%d: planned %v", n, out)
			}
		default:
			if len(out) != 2 || out[0].Round != 1 || out[1].Round != 2 ||
				!out[0].WeekOf.Equal(day0) || !out[1].WeekOf.Equal(day0.AddDate(0, 0, 7)) ||
				len(out[0].Members) != n || out[0].Status != matching.Planned {
				t.Fatalf("n=%d: %v", n, out)
			}
		}
	}
	// Two people who must not be paired: nothing to plan.
	ms := newMembers(r, 2)
	out := Plan(matching.RotationInput{Members: ms, Today: day0, Forbidden: matching.Forbidden{matching.Key(ms[0].ID, ms[1].ID): true}})
	if len(out) != 0 {
		t.Fatalf("forbidden pair planned: %v", out)
	}
	// Paused, left and opted-out members are not grouped.
	ms = newMembers(r, 6)
	ms[0].Active, ms[1].Active, ms[2].Pairing = matching.Paused, matching.Left, false
	out = Plan(matching.RotationInput{Members: ms, Today: day0, Settings: matching.Settings{RoundsAhead: 1}})
	if len(out) != 1 || len(out[0].Members) != 3 {
		t.Fatalf("want one trio of the three eligible, got %v", out)
	}
}

func TestPlanRoundsDatesAndNumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	ms := newMembers(r, 4)
	// A history that stopped long ago: numbers continue, dates keep the
	// round length's rhythm and land on or after today.
	hist := []matching.Group{{Round: 5, WeekOf: day0, Members: []matching.MemberID{ms[0].ID, ms[1].ID}, Status: matching.Met, Edited: true}}
	today := day0.AddDate(0, 0, 40) // 40 days later; round length 14
	out := Plan(matching.RotationInput{Members: ms, History: hist, Today: today.Add(15 * time.Hour),
		Settings: matching.Settings{RoundsAhead: 3, RoundLength: 14}})
	byR := byRound(out)
	want := map[int]time.Time{6: day0.AddDate(0, 0, 42), 7: day0.AddDate(0, 0, 56), 8: day0.AddDate(0, 0, 70)}
	for rn, d := range want {
		if len(byR[rn]) != 2 || !byR[rn][0].WeekOf.Equal(d) {
			t.Fatalf("round %d: %v, want week of %v", rn, byR[rn], d)
		}
	}
	if !reflect.DeepEqual(out[0], hist[0]) || len(byR) != 4 {
		t.Fatalf("history changed or extra rounds: %v", out)
	}
	// Rounds ahead lowered from 3 to 1: the unedited extra rounds go.
	out2 := Plan(matching.RotationInput{Members: ms, History: out, Today: today, Settings: matching.Settings{RoundsAhead: 1, RoundLength: 14}})
	if got := byRound(out2); len(got) != 2 || !reflect.DeepEqual(got[6], byR[6]) {
		t.Fatalf("after lowering Rounds ahead: %v", out2)
	}
	// …but an edited one is kept, with the rounds before it.
	out[len(out)-1].Notes, out[len(out)-1].Edited = "keep", true
	out3 := Plan(matching.RotationInput{Members: ms, History: out, Today: today, Settings: matching.Settings{RoundsAhead: 1, RoundLength: 14}})
	if !reflect.DeepEqual(out3, out) {
		t.Fatalf("edited last round: got %v, want %v", out3, out)
	}
}

func TestPlanRoundsKeepsAndReplans(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	ms := newMembers(r, 8)
	in := matching.RotationInput{Members: ms, Today: day0}
	out := Plan(in)
	// Same input, same output; planning again on the output changes nothing.
	if again := Plan(in); !reflect.DeepEqual(out, again) {
		t.Fatal("not deterministic")
	}
	in.History = out
	if again := Plan(in); !reflect.DeepEqual(out, again) {
		t.Fatalf("re-planning its own output changed it:\n%v\n%v", out, again)
	}
	// A member leaves: both planned rounds are re-planned without them,
	// except a round an organizer edited.
	hist := slices.Clone(out)
	for i := range hist {
		hist[i].Members = slices.Clone(hist[i].Members)
	}
	hist[len(hist)-1].Notes, hist[len(hist)-1].Edited = "call instead", true
	ms2 := slices.Clone(ms)
	ms2[3].Active = matching.Left
	in2 := matching.RotationInput{Members: ms2, History: hist, Today: day0}
	out2 := Plan(in2)
	checkPlan(t, in2, out2, true)
	for _, g := range byRound(out2)[1] {
		if slices.Contains(g.Members, ms[3].ID) {
			t.Fatalf("left member still planned in round 1: %v", out2)
		}
	}
	// Round 1 is under way (its Week of is today) and round 2 was edited:
	// both are repaired, so only the group of the member who left changes:
	// their partner joins another pair.
	for _, rn := range []int{1, 2} {
		checkOnlyGroupOf(t, byRound(hist)[rn], byRound(out2)[rn], ms[3].ID)
	}
	// A new Do Not Pair rule re-plans an unedited round that breaks it.
	g := out[0]
	in3 := matching.RotationInput{Members: ms, History: out, Today: day0, Forbidden: matching.Forbidden{matching.Key(g.Members[0], g.Members[1]): true}}
	checkPlan(t, in3, Plan(in3), true)
}

// checkOnlyGroupOf checks a repair that took gone out of a round: the rows
// without gone stay as they were, but one, which gains the partner gone
// left behind.
func checkOnlyGroupOf(t *testing.T, before, after []matching.Group, gone matching.MemberID) {
	t.Helper()
	byRow := map[int]matching.Group{}
	for _, g := range after {
		if g.Row == 0 {
			t.Fatalf("a repair added a row: %v -> %v", before, after)
		}
		byRow[g.Row] = g
	}
	var partner []matching.MemberID
	for _, g := range before {
		if slices.Contains(g.Members, gone) {
			partner = slices.DeleteFunc(slices.Clone(g.Members), func(id matching.MemberID) bool { return id == gone })
		}
	}
	grew := 0
	for i, g := range before {
		o, ok := byRow[i+1]
		switch {
		case slices.Contains(g.Members, gone):
			if ok && slices.Contains(o.Members, gone) {
				t.Fatalf("row %d still holds the member who left: %v", i+1, o.Members)
			}
		case !ok:
			t.Fatalf("row %d %v went: %v", i+1, g.Members, after)
		case slices.Equal(o.Members, g.Members):
		case len(partner) == 1 && slices.Equal(o.Members, append(slices.Clone(g.Members), partner[0])):
			grew++
		default:
			t.Fatalf("row %d changed though nobody left it: %v -> %v", i+1, g.Members, o.Members)
		}
	}
	if grew > 1 {
		t.Fatalf("%d rows grew: %v -> %v", grew, before, after)
	}
}

func TestPlanRoundsNewcomersMeetNewPeople(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	s := newSim(10, 6, options{})
	for w := 0; w < 5; w++ { // a full round robin of 6
		s.plan(t, true)
		s.week()
	}
	news := newMembers(r, 2)
	s.members = append(s.members, news...)
	s.hist = slices.DeleteFunc(s.hist, func(g matching.Group) bool { return !dateOf(g.WeekOf).Before(s.today) })
	s.plan(t, true)
	met := MetPairs(s.hist, s.today)
	for _, g := range s.hist {
		if !dateOf(g.WeekOf).Equal(s.today) {
			continue
		}
		for _, nm := range news {
			if slices.Contains(g.Members, nm.ID) {
				for _, o := range g.Members {
					if o != nm.ID && (slices.Contains([]matching.MemberID{news[0].ID, news[1].ID}, o) || met[matching.Key(o, nm.ID)] > 0) {
						t.Fatalf("newcomer %s grouped with %s: %v", nm.ID, o, g.Members)
					}
				}
			}
		}
	}
}

// TestPlanRoundsProperties simulates many pods of 2–60 people over many
// weeks with joins, leaves, pauses, Do Not Pair rules, skipped meetings and
// organizer edits, and checks the contract on every call.
func TestPlanRoundsProperties(t *testing.T) {
	pods, weeks := 60, 40
	if testing.Short() {
		pods, weeks = 16, 25
	}
	for pod := 0; pod < pods; pod++ {
		seed := uint64(1000 + pod)
		n := 2 + int(seed*7919%59)
		s := newSim(seed, n, options{})
		s.churn, s.skipP, s.editP = 0.5, 0.05, 0.15
		s.set.RoundsAhead = 1 + pod%3
		s.addForbidden(pod % 4)
		for w := 0; w < weeks; w++ {
			in := s.input()
			s.plan(t, true)
			checkNoAvoidableRepeat(t, in, s.hist, s.forb)
			if w%7 == 3 { // same day again: nothing changes
				in := s.input()
				if again := Plan(in); !reflect.DeepEqual(again, s.hist) {
					t.Fatalf("pod %d week %d: a second run the same day changed the plan", pod, w)
				}
			}
			s.week()
		}
	}
}

// checkNoAvoidableRepeat checks every round Plan planned anew: it
// repeats no pair when some grouping of the same people into pairs and at
// most one trio would not, given what the planner knew: past rows not
// Skipped, and every row of the other rounds it kept or planned before this
// one.
func checkNoAvoidableRepeat(t *testing.T, in matching.RotationInput, out []matching.Group, f matching.Forbidden) {
	t.Helper()
	today := dateOf(in.Today)
	inR, outR := byRound(in.History), byRound(out)
	st := Standings(in)
	for r, gs := range outR {
		if s, onTab := st[r]; onTab && s != Replanned || reflect.DeepEqual(inR[r], gs) {
			continue // planned anew only: a repair keeps what people hold
		}
		met := map[[2]matching.MemberID]bool{}
		for _, g := range out {
			switch {
			case g.Round == r, g.Status == matching.Skipped && dateOf(g.WeekOf).Before(today):
				continue
			case g.Round > r && !reflect.DeepEqual(inR[g.Round], outR[g.Round]):
				continue // planned after r
			}
			for i := range g.Members {
				for j := i + 1; j < len(g.Members); j++ {
					met[matching.Key(g.Members[i], g.Members[j])] = true
				}
			}
		}
		repeat := slices.ContainsFunc(gs, func(g matching.Group) bool {
			for i := range g.Members {
				for j := i + 1; j < len(g.Members); j++ {
					if met[matching.Key(g.Members[i], g.Members[j])] {
						return true
					}
				}
			}
			return false
		})
		if repeat && freeRoundExists(gs, met, f) {
			t.Fatalf("round %d repeats a pair, but a repeat-free round of the same people exists: %v", r, gs)
		}
	}
}

// TestPlanRoundsForbiddenForcesTrios: when Do Not Pair rules leave no
// pairing of everyone, a second trio is used rather than a forbidden pair.
func TestPlanRoundsForbiddenForcesTrios(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	ms := newMembers(r, 6)
	ids := eligible(ms)
	// Two camps who may not meet across: no pairing of all six exists, two
	// trios do.
	f := matching.Forbidden{}
	for _, a := range ids[:3] {
		for _, b := range ids[3:] {
			f[matching.Key(a, b)] = true
		}
	}
	in := matching.RotationInput{Members: ms, Forbidden: f, Today: day0, Settings: matching.Settings{RoundsAhead: 4}}
	out := Plan(in)
	checkPlan(t, in, out, false)
	// Someone who may meet nobody sits out; everyone else is grouped.
	for _, x := range ids[1:] {
		f[matching.Key(ids[0], x)] = true
	}
	in.Forbidden = f
	out = Plan(in)
	for _, g := range out {
		if slices.Contains(g.Members, ids[0]) {
			t.Fatalf("%s may meet nobody but is in %v", ids[0], g.Members)
		}
		for i, a := range g.Members {
			for _, b := range g.Members[i+1:] {
				if f.Has(a, b) {
					t.Fatalf("forbidden pair in %v", g.Members)
				}
			}
		}
	}
	if len(byRound(out)[1]) != 2 {
		t.Fatalf("want the other five in a pair and a trio: %v", out)
	}
}

// TestPlanRoundsGolden pins the plan of a small pod over ten weeks with a
// join, a pause, a Do Not Pair rule and a skipped meeting. Set
// PODSYNC_UPDATE_GOLDEN=1 to rewrite the file.
func TestPlanRoundsGolden(t *testing.T) {
	ids := []matching.MemberID{"M-amara", "M-bo", "M-chen", "M-dita", "M-eli", "M-fatou", "M-gus"}
	var ms []matching.Member
	for _, id := range ids {
		ms = append(ms, matching.Member{ID: id, Pairing: true})
	}
	f := matching.Forbidden{matching.Key("M-bo", "M-eli"): true}
	var hist []matching.Group
	var b strings.Builder
	today := day0
	for w := 0; w < 10; w++ {
		switch w {
		case 3:
			ms = append(ms, matching.Member{ID: "M-hana", Pairing: true})
		case 5:
			ms[2].Active = matching.Paused
		case 7:
			ms[2].Active = matching.Active
		}
		for i := range hist {
			if hist[i].WeekOf.Before(today) && hist[i].Status == matching.Planned {
				hist[i].Status, hist[i].Edited = matching.Met, true
				if hist[i].Round == 2 && i%3 == 0 {
					hist[i].Status = matching.Skipped
				}
			}
		}
		hist = Plan(matching.RotationInput{Members: ms, History: hist, Forbidden: f, Today: today})
		today = today.AddDate(0, 0, 7)
	}
	for _, g := range hist {
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\n", g.Round, g.WeekOf.Format("2006-01-02"), strings.Join(idStrings(g.Members), "\t"), g.Status)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "matching", "rotation_pod7.golden"), b.String())
}

func idStrings(ids []matching.MemberID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// checkStandings checks that Plan did with every round on the tab what
// Standings says: a round that stands comes back exactly as given, a dropped
// one is gone, a re-planned one is planned again under its number and date.
func checkStandings(t *testing.T, in matching.RotationInput, out []matching.Group) {
	t.Helper()
	st := Standings(in)
	today := dateOf(in.Today)
	inR, outR := byRound(in.History), byRound(out)
	if len(st) != len(inR) {
		t.Fatalf("%d standings for %d rounds on the tab: %v", len(st), len(inR), st)
	}
	for r, rows := range inR {
		date := dateOf(rows[0].WeekOf)
		for _, g := range rows {
			if d := dateOf(g.WeekOf); d.Before(date) {
				date = d
			}
		}
		s := st[r]
		if (s == Past) != date.Before(today) {
			t.Fatalf("round %d of %v: %v, today %v", r, date, s, today)
		}
		switch {
		case s.Stands():
			if !reflect.DeepEqual(outR[r], slices.DeleteFunc(slices.Clone(rows), func(g matching.Group) bool { return len(g.Members) == 0 })) {
				t.Fatalf("round %d is %v, but Plan changed it:\n%v\n%v", r, s, rows, outR[r])
			}
		case s == Dropped:
			if len(outR[r]) != 0 {
				t.Fatalf("round %d is Dropped, but Plan kept %v", r, outR[r])
			}
		case s == Repaired:
			for _, g := range outR[r] {
				if g.Row > 0 && rows[g.Row-1].Status != matching.Planned && !reflect.DeepEqual(g.Members, rows[g.Row-1].Members) {
					t.Fatalf("round %d is Repaired, but its %v row changed: %v", r, rows[g.Row-1].Status, outR[r])
				}
			}
		case s == Replanned:
			for _, g := range outR[r] {
				if g.Status != matching.Planned || g.Edited || g.Notes != "" || !g.WeekOf.Equal(date) {
					t.Fatalf("round %d is Replanned, but Plan gave %v", r, outR[r])
				}
			}
		default:
			t.Fatalf("round %d: standing %v", r, s)
		}
	}
}

// TestStandings: a week after four rounds were planned, round 1 is past,
// round 3 was edited and a new Do Not Pair rule breaks round 2, which is
// under way and so repaired; round 4
// stands while Rounds ahead reaches it and is dropped when it does not.
func TestStandings(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	ms := newMembers(r, 6)
	tab := Plan(matching.RotationInput{Members: ms, Today: day0, Settings: matching.Settings{RoundsAhead: 4}})
	if got := byRound(tab); len(got) != 4 {
		t.Fatalf("want 4 rounds: %v", tab)
	}
	for i := range tab {
		if tab[i].Round == 3 {
			tab[i].Notes, tab[i].Edited = "by phone", true
		}
	}
	g := byRound(tab)[2][0]
	f := matching.Forbidden{matching.Key(g.Members[0], g.Members[1]): true}
	for _, c := range []struct {
		ahead int
		want  map[int]Standing
	}{
		{1, map[int]Standing{1: Past, 2: Repaired, 3: Edited, 4: Dropped}},
		{2, map[int]Standing{1: Past, 2: Repaired, 3: Edited, 4: Dropped}},
		{3, map[int]Standing{1: Past, 2: Repaired, 3: Edited, 4: Unchanged}},
	} {
		in := matching.RotationInput{Members: ms, History: tab, Forbidden: f, Today: day0.AddDate(0, 0, 7),
			Settings: matching.Settings{RoundsAhead: c.ahead}}
		got := Standings(in)
		if !reflect.DeepEqual(got, c.want) {
			t.Fatalf("Rounds ahead %d: got %v, want %v", c.ahead, got, c.want)
		}
		checkStandings(t, in, Plan(in))
	}
	if s := Standings(matching.RotationInput{Members: ms, History: tab, Today: day0})[5]; s != 0 || s.Stands() {
		t.Fatalf("a round not on the tab: %v", s)
	}
}

// TestStandingsAgreeWithPlan checks Standings against Plan on simulated
// pods with joins, leaves, pauses, Do Not Pair rules, organizer edits and
// Rounds ahead going up and down.
func TestStandingsAgreeWithPlan(t *testing.T) {
	pods, weeks := 30, 30
	if testing.Short() {
		pods, weeks = 8, 20
	}
	seen := map[Standing]int{}
	for pod := 0; pod < pods; pod++ {
		seed := uint64(3000 + pod)
		s := newSim(seed, 2+int(seed*7919%40), options{})
		s.churn, s.skipP, s.editP = 0.5, 0.05, 0.3
		s.addForbidden(pod % 3)
		ahead := rand.New(rand.NewPCG(seed, 1))
		for w := 0; w < weeks; w++ {
			s.set.RoundsAhead = 1 + ahead.IntN(4)
			in := s.input()
			out := Plan(in)
			checkStandings(t, in, out)
			for _, st := range Standings(in) {
				seen[st]++
			}
			s.hist = out
			s.week()
		}
	}
	for _, st := range []Standing{Past, Edited, Unchanged, Replanned, Dropped, Repaired} {
		if seen[st] == 0 {
			t.Errorf("no round was %v", st)
		}
	}
	t.Logf("standings seen: %v", seen)
}
