package matching

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/matching/internal/golden"
)

var rotDay0 = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// rotMembers makes n members who want 1-on-1s, with IDs drawn from r so that
// ID order is not creation order.
func rotMembers(r *rand.Rand, n int) []Member {
	ms := make([]Member, 0, n)
	seen := map[MemberID]bool{}
	for len(ms) < n {
		id := MemberID(fmt.Sprintf("M-%010x", r.Uint64()>>24))
		if !seen[id] {
			seen[id] = true
			ms = append(ms, Member{ID: id, Name: string(id), Pairing: true})
		}
	}
	return ms
}

// rotPairs counts how often each pair met in rounds 1..upTo (all statuses).
func rotPairs(hist []Group, upTo int) map[[2]MemberID]int {
	cnt := map[[2]MemberID]int{}
	for _, g := range hist {
		if g.Round > upTo || g.Status == Skipped {
			continue
		}
		for i := range g.Members {
			for j := i + 1; j < len(g.Members); j++ {
				cnt[Key(g.Members[i], g.Members[j])]++
			}
		}
	}
	return cnt
}

func rotByRound(gs []Group) map[int][]Group {
	m := map[int][]Group{}
	for _, g := range gs {
		m[g.Round] = append(m[g.Round], g)
	}
	return m
}

// rotCheck checks PlanRounds' contract on one call. strictTrios asks for at
// most one trio per planned round (the Do Not Pair rules in the test leave
// room for that).
func rotCheck(t *testing.T, in RotationInput, out []Group, strictTrios bool) {
	t.Helper()
	today := rotDate(in.Today)
	ahead := in.Settings.RoundsAhead
	if ahead <= 0 {
		ahead = 2
	}
	for i := 1; i < len(out); i++ {
		if out[i].Round < out[i-1].Round {
			t.Fatalf("rows not sorted by round: %d after %d", out[i].Round, out[i-1].Round)
		}
	}
	inR, outR := rotByRound(in.History), rotByRound(out)
	roundDate := func(gs []Group) time.Time {
		d := rotDate(gs[0].WeekOf)
		for _, g := range gs {
			if gd := rotDate(g.WeekOf); gd.Before(d) {
				d = gd
			}
		}
		return d
	}
	// Past rounds and edited future rounds come back exactly as given.
	for r, gs := range inR {
		edited := slices.ContainsFunc(gs, func(g Group) bool { return g.Edited })
		if roundDate(gs).Before(today) || edited {
			if !reflect.DeepEqual(gs, outR[r]) {
				t.Fatalf("round %d (past or edited) changed:\n in %v\nout %v", r, gs, outR[r])
			}
		}
	}
	elig := rotEligible(in.Members)
	isElig := map[MemberID]bool{}
	for _, id := range elig {
		isElig[id] = true
	}
	future := 0
	for r, gs := range outR {
		if roundDate(gs).Before(today) {
			continue
		}
		future++
		if slices.ContainsFunc(gs, func(g Group) bool { return g.Edited }) {
			continue
		}
		seen := map[MemberID]bool{}
		trios := 0
		for i, g := range gs {
			if len(g.Members) < 2 || len(g.Members) > 3 {
				t.Fatalf("round %d: group of %d: %v", r, len(g.Members), g.Members)
			}
			if len(g.Members) == 3 {
				trios++
			}
			if !slices.IsSorted(g.Members) {
				t.Fatalf("round %d: members not sorted: %v", r, g.Members)
			}
			if i > 0 && gs[i-1].Members[0] >= g.Members[0] {
				t.Fatalf("round %d: groups not sorted by first member", r)
			}
			if g.Status != Planned || !rotDate(g.WeekOf).Equal(rotDate(gs[0].WeekOf)) {
				t.Fatalf("round %d: bad planned row %+v", r, g)
			}
			for j, a := range g.Members {
				if !isElig[a] || seen[a] {
					t.Fatalf("round %d: %s not eligible or twice", r, a)
				}
				seen[a] = true
				for _, b := range g.Members[j+1:] {
					if in.Forbidden.Has(a, b) {
						t.Fatalf("round %d: Do Not Pair %s–%s grouped", r, a, b)
					}
				}
			}
		}
		if len(seen) != len(elig) && rotPartitionExists(elig, in.Forbidden, len(elig)) {
			t.Fatalf("round %d: %d of %d eligible members grouped", r, len(seen), len(elig))
		}
		if strictTrios && trios > len(elig)%2 && rotPartitionExists(elig, in.Forbidden, len(elig)%2) {
			t.Fatalf("round %d: %d trios for %d members", r, trios, len(elig))
		}
	}
	canPair := false
	for i, a := range elig {
		for _, b := range elig[i+1:] {
			canPair = canPair || !in.Forbidden.Has(a, b)
		}
	}
	if canPair && future < ahead {
		t.Fatalf("%d future rounds, want at least %d (eligible %v, forbidden %v)", future, ahead, elig, in.Forbidden)
	}
}

// rotPartitionExists reports whether ids can be split into pairs and at most
// maxTrios trios without a forbidden pair. Pods over 14 are assumed to have
// one (the tests' rules are sparse).
func rotPartitionExists(ids []MemberID, f Forbidden, maxTrios int) bool {
	if len(ids) > 14 {
		return true
	}
	used := make([]bool, len(ids))
	var rec func(trios int) bool
	rec = func(trios int) bool {
		i := slices.Index(used, false)
		if i < 0 {
			return true
		}
		used[i] = true
		defer func() { used[i] = false }()
		for j := i + 1; j < len(ids); j++ {
			if used[j] || f.Has(ids[i], ids[j]) {
				continue
			}
			used[j] = true
			if rec(trios) {
				used[j] = false
				return true
			}
			if trios < maxTrios {
				for k := j + 1; k < len(ids); k++ {
					if !used[k] && !f.Has(ids[i], ids[k]) && !f.Has(ids[j], ids[k]) {
						used[k] = true
						ok := rec(trios + 1)
						used[k] = false
						if ok {
							used[j] = false
							return true
						}
					}
				}
			}
			used[j] = false
		}
		return false
	}
	return rec(0)
}

// rotSim simulates a pod planning weekly: past rows are marked Met (some
// Skipped), members join, leave, pause and come back, organizers edit some
// planned rounds, and every call's output is the next call's history.
type rotSim struct {
	r       *rand.Rand
	members []Member
	forb    Forbidden
	hist    []Group
	today   time.Time
	set     Settings
	opt     rotOptions
	paused  map[MemberID]int

	churn, skipP, editP float64

	rounds, clean int // past rounds scored, and those without a repeat
	avoidable     int // scored rounds with a repeat that a repeat-free round of the same people avoided
	scored        map[int]bool
}

func newRotSim(seed uint64, n int, opt rotOptions) *rotSim {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	return &rotSim{r: r, members: rotMembers(r, n), forb: Forbidden{}, today: rotDay0,
		set: Settings{RoundsAhead: 2}, opt: opt, paused: map[MemberID]int{}, scored: map[int]bool{}}
}

func (s *rotSim) input() RotationInput {
	return RotationInput{Members: s.members, History: s.hist, Forbidden: s.forb, Settings: s.set, Today: s.today}
}

// addForbidden adds k random Do Not Pair rules, at most one per member.
func (s *rotSim) addForbidden(k int) {
	used := map[MemberID]bool{}
	for tries := 0; k > 0 && tries < 100; tries++ {
		a := s.members[s.r.IntN(len(s.members))].ID
		b := s.members[s.r.IntN(len(s.members))].ID
		if a == b || used[a] || used[b] {
			continue
		}
		used[a], used[b] = true, true
		s.forb[Key(a, b)] = true
		k--
	}
}

func (s *rotSim) active() []int {
	var idx []int
	for i := range s.members {
		if s.members[i].Active == Active {
			idx = append(idx, i)
		}
	}
	return idx
}

// week moves to the next week: marks rows, applies churn and edits.
func (s *rotSim) week() {
	s.today = s.today.AddDate(0, 0, 7)
	for i := range s.hist {
		g := &s.hist[i]
		if rotDate(g.WeekOf).Before(s.today) && g.Status == Planned && !g.Edited {
			g.Status, g.Edited = Met, true
			if s.r.Float64() < s.skipP {
				g.Status = Skipped
			}
		}
	}
	s.score()
	for i := range s.members {
		m := &s.members[i]
		if w, ok := s.paused[m.ID]; ok {
			if w <= 1 {
				delete(s.paused, m.ID)
				m.Active = Active
			} else {
				s.paused[m.ID] = w - 1
			}
		}
	}
	if s.r.Float64() < s.churn {
		act := s.active()
		switch k := s.r.IntN(4); {
		case k == 0 || len(act) < 3:
			s.members = append(s.members, rotMembers(s.r, 1)...)
		case k == 1:
			s.members[act[s.r.IntN(len(act))]].Active = Left
		case k == 2:
			m := &s.members[act[s.r.IntN(len(act))]]
			m.Active = Paused
			s.paused[m.ID] = 1 + s.r.IntN(3)
		default:
			m := &s.members[s.r.IntN(len(s.members))]
			m.Pairing = !m.Pairing
		}
	}
	if s.r.Float64() < s.editP {
		// An organizer edits a planned round: a note, or two people swapped.
		var fut []int
		for i, g := range s.hist {
			if !rotDate(g.WeekOf).Before(s.today) {
				fut = append(fut, i)
			}
		}
		if len(fut) > 0 {
			g := &s.hist[fut[s.r.IntN(len(fut))]]
			g.Edited = true
			if s.r.IntN(2) == 0 {
				g.Notes = "moved to Thursday"
			} else if o := &s.hist[fut[s.r.IntN(len(fut))]]; o.Round == g.Round && o != g {
				g.Members[0], o.Members[0] = o.Members[0], g.Members[0]
				o.Edited = true
			}
		}
	}
}

// score counts, for each round that has become past, whether a Met group in
// it repeats a pair who met in an earlier Met row.
func (s *rotSim) score() {
	byR := rotByRound(s.hist)
	var rs []int
	for r := range byR {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	met := map[[2]MemberID]bool{}
	for _, r := range rs {
		gs := byR[r]
		past := rotDate(gs[0].WeekOf).Before(s.today)
		if !past {
			break
		}
		repeat := false
		for _, g := range gs {
			if g.Status != Met {
				continue
			}
			for i := range g.Members {
				for j := i + 1; j < len(g.Members); j++ {
					if met[Key(g.Members[i], g.Members[j])] {
						repeat = true
					}
				}
			}
		}
		if !s.scored[r] {
			s.scored[r] = true
			s.rounds++
			if !repeat {
				s.clean++
			} else if rotFreeRoundExists(gs, met, s.forb) {
				s.avoidable++
			}
		}
		for _, g := range gs {
			if g.Status == Met {
				for i := range g.Members {
					for j := i + 1; j < len(g.Members); j++ {
						met[Key(g.Members[i], g.Members[j])] = true
					}
				}
			}
		}
	}
}

// rotFreeRoundExists reports whether the people of a round's rows could have
// been put in pairs and at most one trio without a pair who met before or a
// Do Not Pair pair.
func rotFreeRoundExists(gs []Group, met map[[2]MemberID]bool, f Forbidden) bool {
	var ids []MemberID
	for _, g := range gs {
		ids = append(ids, g.Members...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	n := len(ids)
	g := newRotGraph(n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if !met[Key(ids[i], ids[j])] && !f.Has(ids[i], ids[j]) {
				g.set(int32(i), int32(j), true)
			}
		}
	}
	if n%2 == 0 {
		return g.perfectMatching(nil, nil) != nil
	}
	skip := make([]bool, n)
	for a := int32(0); a < int32(n); a++ {
		for b := a + 1; b < int32(n); b++ {
			if !g.has(a, b) {
				continue
			}
			for c := b + 1; c < int32(n); c++ {
				if g.has(a, c) && g.has(b, c) {
					skip[a], skip[b], skip[c] = true, true, true
					ok := g.perfectMatching(nil, skip) != nil
					skip[a], skip[b], skip[c] = false, false, false
					if ok {
						return true
					}
				}
			}
		}
	}
	return false
}

func (s *rotSim) plan(t *testing.T, strict bool) {
	in := s.input()
	out := rotPlan(in, s.opt)
	if t != nil {
		rotCheck(t, in, out, strict)
	}
	s.hist = out
}

func TestPlanRoundsSmallPods(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for n := 0; n <= 3; n++ {
		ms := rotMembers(r, n)
		out := PlanRounds(RotationInput{Members: ms, Today: rotDay0})
		switch n {
		case 0, 1:
			if len(out) != 0 {
				t.Fatalf("n=%d: planned %v", n, out)
			}
		default:
			if len(out) != 2 || out[0].Round != 1 || out[1].Round != 2 ||
				!out[0].WeekOf.Equal(rotDay0) || !out[1].WeekOf.Equal(rotDay0.AddDate(0, 0, 7)) ||
				len(out[0].Members) != n || out[0].Status != Planned {
				t.Fatalf("n=%d: %v", n, out)
			}
		}
	}
	// Two people who must not be paired: nothing to plan.
	ms := rotMembers(r, 2)
	out := PlanRounds(RotationInput{Members: ms, Today: rotDay0, Forbidden: Forbidden{Key(ms[0].ID, ms[1].ID): true}})
	if len(out) != 0 {
		t.Fatalf("forbidden pair planned: %v", out)
	}
	// Paused, left and opted-out members are not grouped.
	ms = rotMembers(r, 6)
	ms[0].Active, ms[1].Active, ms[2].Pairing = Paused, Left, false
	out = PlanRounds(RotationInput{Members: ms, Today: rotDay0, Settings: Settings{RoundsAhead: 1}})
	if len(out) != 1 || len(out[0].Members) != 3 {
		t.Fatalf("want one trio of the three eligible, got %v", out)
	}
}

func TestPlanRoundsDatesAndNumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	ms := rotMembers(r, 4)
	// A history that stopped long ago: numbers continue, dates keep the
	// round length's rhythm and land on or after today.
	hist := []Group{{Round: 5, WeekOf: rotDay0, Members: []MemberID{ms[0].ID, ms[1].ID}, Status: Met, Edited: true}}
	today := rotDay0.AddDate(0, 0, 40) // 40 days later; round length 14
	out := PlanRounds(RotationInput{Members: ms, History: hist, Today: today.Add(15 * time.Hour),
		Settings: Settings{RoundsAhead: 3, RoundLength: 14}})
	byR := rotByRound(out)
	want := map[int]time.Time{6: rotDay0.AddDate(0, 0, 42), 7: rotDay0.AddDate(0, 0, 56), 8: rotDay0.AddDate(0, 0, 70)}
	for rn, d := range want {
		if len(byR[rn]) != 2 || !byR[rn][0].WeekOf.Equal(d) {
			t.Fatalf("round %d: %v, want week of %v", rn, byR[rn], d)
		}
	}
	if !reflect.DeepEqual(out[0], hist[0]) || len(byR) != 4 {
		t.Fatalf("history changed or extra rounds: %v", out)
	}
	// Rounds ahead lowered from 3 to 1: the unedited extra rounds go.
	out2 := PlanRounds(RotationInput{Members: ms, History: out, Today: today, Settings: Settings{RoundsAhead: 1, RoundLength: 14}})
	if got := rotByRound(out2); len(got) != 2 || !reflect.DeepEqual(got[6], byR[6]) {
		t.Fatalf("after lowering Rounds ahead: %v", out2)
	}
	// …but an edited one is kept, with the rounds before it.
	out[len(out)-1].Notes, out[len(out)-1].Edited = "keep", true
	out3 := PlanRounds(RotationInput{Members: ms, History: out, Today: today, Settings: Settings{RoundsAhead: 1, RoundLength: 14}})
	if !reflect.DeepEqual(out3, out) {
		t.Fatalf("edited last round: got %v, want %v", out3, out)
	}
}

func TestPlanRoundsKeepsAndReplans(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	ms := rotMembers(r, 8)
	in := RotationInput{Members: ms, Today: rotDay0}
	out := PlanRounds(in)
	// Same input, same output; planning again on the output changes nothing.
	if again := PlanRounds(in); !reflect.DeepEqual(out, again) {
		t.Fatal("not deterministic")
	}
	in.History = out
	if again := PlanRounds(in); !reflect.DeepEqual(out, again) {
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
	ms2[3].Active = Left
	in2 := RotationInput{Members: ms2, History: hist, Today: rotDay0}
	out2 := PlanRounds(in2)
	rotCheck(t, in2, out2, true)
	for _, g := range rotByRound(out2)[1] {
		if slices.Contains(g.Members, ms[3].ID) {
			t.Fatalf("left member still planned in round 1: %v", out2)
		}
	}
	if !reflect.DeepEqual(rotByRound(out2)[2], rotByRound(hist)[2]) {
		t.Fatal("edited round 2 was re-planned")
	}
	// A new Do Not Pair rule re-plans an unedited round that breaks it.
	g := out[0]
	in3 := RotationInput{Members: ms, History: out, Today: rotDay0, Forbidden: Forbidden{Key(g.Members[0], g.Members[1]): true}}
	rotCheck(t, in3, PlanRounds(in3), true)
}

func TestPlanRoundsNewcomersMeetNewPeople(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	s := newRotSim(10, 6, rotOptions{})
	for w := 0; w < 5; w++ { // a full round robin of 6
		s.plan(t, true)
		s.week()
	}
	news := rotMembers(r, 2)
	s.members = append(s.members, news...)
	s.hist = slices.DeleteFunc(s.hist, func(g Group) bool { return !rotDate(g.WeekOf).Before(s.today) })
	s.plan(t, true)
	met := MetPairs(s.hist, s.today)
	for _, g := range s.hist {
		if !rotDate(g.WeekOf).Equal(s.today) {
			continue
		}
		for _, nm := range news {
			if slices.Contains(g.Members, nm.ID) {
				for _, o := range g.Members {
					if o != nm.ID && (slices.Contains([]MemberID{news[0].ID, news[1].ID}, o) || met[Key(o, nm.ID)] > 0) {
						t.Fatalf("newcomer %s grouped with %s: %v", nm.ID, o, g.Members)
					}
				}
			}
		}
	}
}

func TestMetPairs(t *testing.T) {
	a, b, c, d := MemberID("A"), MemberID("B"), MemberID("C"), MemberID("D")
	hist := []Group{
		{Round: 1, WeekOf: rotDay0, Members: []MemberID{a, b, c}, Status: Met},
		{Round: 2, WeekOf: rotDay0.AddDate(0, 0, 7), Members: []MemberID{b, a}, Status: Planned},
		{Round: 2, WeekOf: rotDay0.AddDate(0, 0, 7), Members: []MemberID{c, d}, Status: Skipped},
		{Round: 3, WeekOf: rotDay0.AddDate(0, 0, 14), Members: []MemberID{a, d}},
	}
	got := MetPairs(hist, rotDay0.AddDate(0, 0, 14).Add(20*time.Hour))
	want := map[[2]MemberID]int{Key(a, b): 2, Key(a, c): 1, Key(b, c): 1}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestRoundRobinEven: a stable pod with an even count, planning weekly with
// two rounds ahead, meets every pair exactly once in its first n−1 rounds —
// through the circle method, and also through the look-ahead alone.
func TestRoundRobinEven(t *testing.T) {
	top := 60
	for _, opt := range []rotOptions{{}, {noCircle: true}} {
		for n := 2; n <= top; n += 2 {
			if opt.noCircle && testing.Short() && n > 30 {
				break
			}
			s := newRotSim(uint64(n), n, opt)
			for w := 0; w < n-1; w++ {
				s.plan(t, true)
				s.week()
			}
			cnt := rotPairs(s.hist, n-1)
			if len(cnt) != n*(n-1)/2 {
				t.Fatalf("%+v n=%d: %d distinct pairs in %d rounds, want %d", opt, n, len(cnt), n-1, n*(n-1)/2)
			}
			for k, c := range cnt {
				if c != 1 {
					t.Fatalf("%+v n=%d: %v met %d times", opt, n, k, c)
				}
			}
		}
	}
}

// TestRoundRobinOdd: with an odd count nobody sits out, pairs repeat only in
// the last round or two before everyone has met (a round with a trio covers
// (n+3)/2 pairs, so ⌈n(n−1)/(n+3)⌉ rounds is the least possible), and the
// trio moves on: two trios in a row share at most one person (sharing one is
// sometimes forced: with 9 people the repeat-free schedule is a perfect
// design whose trios cannot all be ordered apart), nobody is in it three
// rounds running, and trio counts differ by at most three.
func TestRoundRobinOdd(t *testing.T) {
	top := 45
	if testing.Short() {
		top = 25
	}
	for n := 3; n <= top; n += 2 {
		s := newRotSim(uint64(n), n, rotOptions{})
		m := (n - 1) / 2
		pairs := m * (2*m + 1)
		lower := (pairs + m + 1) / (m + 2) // least rounds to cover every pair
		cover, firstRepeat := 0, 0
		for w := 0; w < lower+4 && cover == 0; w++ {
			s.plan(t, true)
			s.week()
			cnt := rotPairs(s.hist, w+1)
			if len(cnt) == pairs {
				cover = w + 1
			}
			for _, c := range cnt {
				if c > 1 && firstRepeat == 0 {
					firstRepeat = w + 1
				}
			}
		}
		if cover == 0 || cover > lower+1 {
			t.Fatalf("n=%d: every pair met only by round %d, least possible %d", n, cover, lower)
		}
		// Repeat-free rounds hold (n+3)/2 new pairs each.
		if free := pairs / (m + 2); n > 5 && firstRepeat != 0 && firstRepeat < free-1 {
			t.Fatalf("n=%d: first repeat in round %d, %d repeat-free rounds fit", n, firstRepeat, free)
		}
		trio := map[MemberID]int{}
		var prev, prev2 []MemberID
		for r := 1; r <= cover; r++ {
			for _, g := range rotByRound(s.hist)[r] {
				if len(g.Members) != 3 {
					continue
				}
				shared := 0
				for _, x := range g.Members {
					trio[x]++
					if slices.Contains(prev, x) {
						shared++
						if n > 5 && slices.Contains(prev2, x) {
							t.Fatalf("n=%d: %s in the trio three rounds running (to %d)", n, x, r)
						}
					}
				}
				if n > 5 && shared > 1 {
					t.Fatalf("n=%d: trios of rounds %d and %d share %d people", n, r-1, r, shared)
				}
				prev, prev2 = g.Members, prev
			}
		}
		lo, hi := cover, 0
		for _, mb := range s.members {
			lo, hi = min(lo, trio[mb.ID]), max(hi, trio[mb.ID])
		}
		if hi-lo > 3 {
			t.Fatalf("n=%d: trio counts range %d..%d over %d rounds", n, lo, hi, cover)
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
		s := newRotSim(seed, n, rotOptions{})
		s.churn, s.skipP, s.editP = 0.5, 0.05, 0.15
		s.set.RoundsAhead = 1 + pod%3
		s.addForbidden(pod % 4)
		for w := 0; w < weeks; w++ {
			in := s.input()
			s.plan(t, true)
			rotCheckNoAvoidableRepeat(t, in, s.hist, s.forb)
			if w%7 == 3 { // same day again: nothing changes
				in := s.input()
				if again := PlanRounds(in); !reflect.DeepEqual(again, s.hist) {
					t.Fatalf("pod %d week %d: a second run the same day changed the plan", pod, w)
				}
			}
			s.week()
		}
	}
}

// rotCheckNoAvoidableRepeat checks every round PlanRounds planned anew: it
// repeats no pair when some grouping of the same people into pairs and at
// most one trio would not, given what the planner knew: past rows not
// Skipped, and every row of the other rounds it kept or planned before this
// one.
func rotCheckNoAvoidableRepeat(t *testing.T, in RotationInput, out []Group, f Forbidden) {
	t.Helper()
	today := rotDate(in.Today)
	inR, outR := rotByRound(in.History), rotByRound(out)
	for r, gs := range outR {
		if rotDate(gs[0].WeekOf).Before(today) || reflect.DeepEqual(inR[r], gs) {
			continue
		}
		met := map[[2]MemberID]bool{}
		for _, g := range out {
			switch {
			case g.Round == r, g.Status == Skipped && rotDate(g.WeekOf).Before(today):
				continue
			case g.Round > r && !reflect.DeepEqual(inR[g.Round], outR[g.Round]):
				continue // planned after r
			}
			for i := range g.Members {
				for j := i + 1; j < len(g.Members); j++ {
					met[Key(g.Members[i], g.Members[j])] = true
				}
			}
		}
		repeat := slices.ContainsFunc(gs, func(g Group) bool {
			for i := range g.Members {
				for j := i + 1; j < len(g.Members); j++ {
					if met[Key(g.Members[i], g.Members[j])] {
						return true
					}
				}
			}
			return false
		})
		if repeat && rotFreeRoundExists(gs, met, f) {
			t.Fatalf("round %d repeats a pair, but a repeat-free round of the same people exists: %v", r, gs)
		}
	}
}

// TestPlanRoundsForbiddenForcesTrios: when Do Not Pair rules leave no
// pairing of everyone, a second trio is used rather than a forbidden pair.
func TestPlanRoundsForbiddenForcesTrios(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	ms := rotMembers(r, 6)
	ids := rotEligible(ms)
	// Two camps who may not meet across: no pairing of all six exists, two
	// trios do.
	f := Forbidden{}
	for _, a := range ids[:3] {
		for _, b := range ids[3:] {
			f[Key(a, b)] = true
		}
	}
	in := RotationInput{Members: ms, Forbidden: f, Today: rotDay0, Settings: Settings{RoundsAhead: 4}}
	out := PlanRounds(in)
	rotCheck(t, in, out, false)
	// Someone who may meet nobody sits out; everyone else is grouped.
	for _, x := range ids[1:] {
		f[Key(ids[0], x)] = true
	}
	in.Forbidden = f
	out = PlanRounds(in)
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
	if len(rotByRound(out)[1]) != 2 {
		t.Fatalf("want the other five in a pair and a trio: %v", out)
	}
}

// TestPlanRoundsGolden pins the plan of a small pod over ten weeks with a
// join, a pause, a Do Not Pair rule and a skipped meeting. Set
// PODSYNC_UPDATE_GOLDEN=1 to rewrite the file.
func TestPlanRoundsGolden(t *testing.T) {
	ids := []MemberID{"M-amara", "M-bo", "M-chen", "M-dita", "M-eli", "M-fatou", "M-gus"}
	var ms []Member
	for _, id := range ids {
		ms = append(ms, Member{ID: id, Pairing: true})
	}
	f := Forbidden{Key("M-bo", "M-eli"): true}
	var hist []Group
	var b strings.Builder
	today := rotDay0
	for w := 0; w < 10; w++ {
		switch w {
		case 3:
			ms = append(ms, Member{ID: "M-hana", Pairing: true})
		case 5:
			ms[2].Active = Paused
		case 7:
			ms[2].Active = Active
		}
		for i := range hist {
			if hist[i].WeekOf.Before(today) && hist[i].Status == Planned {
				hist[i].Status, hist[i].Edited = Met, true
				if hist[i].Round == 2 && i%3 == 0 {
					hist[i].Status = Skipped
				}
			}
		}
		hist = PlanRounds(RotationInput{Members: ms, History: hist, Forbidden: f, Today: today})
		today = today.AddDate(0, 0, 7)
	}
	for _, g := range hist {
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\n", g.Round, g.WeekOf.Format("2006-01-02"), strings.Join(rotStrings(g.Members), "\t"), g.Status)
	}
	golden.Check(t, filepath.Join("..", "testdata", "matching", "rotation_pod7.golden"), b.String())
}

func rotStrings(ids []MemberID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// rotBrute is what every way of grouping a small pod into pairs and trios
// (no Do Not Pair pair in a group) can achieve for one round.
type rotBrute struct {
	ok       bool // some grouping puts everyone in a group
	trios    int  // the fewest trios such a grouping needs
	fresh    int  // the most pairs who never met, among groupings with that many trios
	freeRun  bool // some grouping with the most fresh pairs puts nobody in the trio three rounds running
	repeatOK bool // some such grouping has no pair who met before
}

// rotBruteRound enumerates every grouping of p's members.
func rotBruteRound(p *rotPlanner, round int32) rotBrute {
	n := p.n
	res := rotBrute{trios: n + 1, fresh: -1}
	used := make([]bool, n)
	fresh := func(g ...int32) int {
		c := 0
		for i, a := range g {
			for _, b := range g[i+1:] {
				if p.lastMet(a, b) == rotNever {
					c++
				}
			}
		}
		return c
	}
	run := func(g []int32) bool { return p.trioCost(g, round) >= rotTrioRun }
	var rec func(trios, fr, pairs int, bad bool)
	rec = func(trios, fr, pairs int, bad bool) {
		i := slices.Index(used, false)
		if i < 0 {
			res.ok = true
			if trios < res.trios {
				res.trios, res.fresh, res.freeRun, res.repeatOK = trios, -1, false, false
			}
			if trios == res.trios {
				if fr > res.fresh {
					res.fresh, res.freeRun = fr, false
				}
				if fr == res.fresh && !bad {
					res.freeRun = true
				}
			}
			if trios == res.trios && fr == pairs {
				res.repeatOK = true
			}
			return
		}
		a := int32(i)
		used[a] = true
		for j := i + 1; j < n; j++ {
			b := int32(j)
			if used[b] || !p.allowed(a, b) {
				continue
			}
			used[b] = true
			rec(trios, fr+fresh(a, b), pairs+1, bad)
			for k := j + 1; k < n && trios < n%2+2; k++ { // more trios are never needed here
				c := int32(k)
				if !used[k] && p.allowed(a, c) && p.allowed(b, c) {
					used[c] = true
					g := []int32{a, b, c}
					rec(trios+1, fr+fresh(g...), pairs+3, bad || run(g))
					used[c] = false
				}
			}
			used[b] = false
		}
		used[a] = false
	}
	rec(0, 0, 0, false)
	return res
}

// TestRotationStepBruteForce checks the matching step, one planned round, on
// small pods with random histories, trio histories and Do Not Pair rules
// against every possible grouping: everyone is grouped with the fewest trios
// whenever that is possible, the round is repeat-free whenever some round
// is, and otherwise it has as many pairs who never met as any round can.
func TestRotationStepBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	trials := 4000
	if testing.Short() {
		trials = 800
	}
	runChances := 0
	for trial := 0; trial < trials; trial++ {
		n := 2 + r.IntN(10) // 2..11
		ids := make([]MemberID, n)
		for i := range ids {
			ids[i] = MemberID(fmt.Sprintf("M-%02d", i))
		}
		f := Forbidden{}
		pf := []float64{0, 0, 0.05, 0.2}[r.IntN(4)]
		q := r.Float64() // how much of the pod has met
		const round = 12
		p := newRotPlanner(ids, f, rotOptions{})
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				if r.Float64() < pf {
					f[Key(ids[a], ids[b])] = true
				}
			}
		}
		p = newRotPlanner(ids, f, rotOptions{})
		for a := int32(0); a < int32(n); a++ {
			for b := a + 1; b < int32(n); b++ {
				if p.allowed(a, b) && r.Float64() < q {
					l := int32(1 + r.IntN(round-1))
					p.last[int(a)*n+int(b)], p.last[int(b)*n+int(a)] = l, l
				}
			}
		}
		for rn := int32(round - 3); rn < round; rn++ { // recent trios
			if n >= 3 {
				x := r.Perm(n)[:3]
				p.setTrio([]int32{int32(x[0]), int32(x[1]), int32(x[2])}, rn, true)
			}
		}
		want := rotBruteRound(p, round)
		p.pending = 1
		groups := p.plan(round)

		seen := make([]bool, n)
		fresh, pairs, trios, run := 0, 0, 0, false
		for _, g := range groups {
			if len(g) < 2 || len(g) > 3 {
				t.Fatalf("trial %d: group %v", trial, g)
			}
			if len(g) == 3 {
				trios++
				run = run || p.trioCost(g, round) >= rotTrioRun
			}
			for i, a := range g {
				if seen[a] {
					t.Fatalf("trial %d: %d twice in %v", trial, a, groups)
				}
				seen[a] = true
				for _, b := range g[i+1:] {
					if !p.allowed(a, b) {
						t.Fatalf("trial %d: Do Not Pair %d–%d in %v", trial, a, b, groups)
					}
					pairs++
					if p.lastMet(a, b) == rotNever {
						fresh++
					}
				}
			}
		}
		if !want.ok {
			continue
		}
		desc := fmt.Sprintf("trial %d n=%d forbidden=%v: got %v (%d trios, %d fresh of %d pairs), best %+v",
			trial, n, f, groups, trios, fresh, pairs, want)
		if slices.Contains(seen, false) || trios != want.trios {
			t.Fatalf("%s: not everyone grouped with the fewest trios", desc)
		}
		if want.repeatOK && fresh != pairs {
			t.Fatalf("%s: a repeat-free round exists", desc)
		}
		if fresh != want.fresh && !want.repeatOK {
			t.Fatalf("%s: fewer pairs who never met than possible", desc)
		}
		if want.freeRun && trios > 0 {
			runChances++
			if run {
				t.Fatalf("%s: someone in the trio three rounds running, avoidable", desc)
			}
		}
	}
	t.Logf("%d rounds with a trio that could keep everyone from a third trio running did", runChances)
}

// rotBruteMaxFree is the most rounds of pairs and one trio that a pod of n
// (odd) people can hold without a pair meeting twice, by exhaustive search.
// The first round is fixed: every round is alike up to renaming people.
func rotBruteMaxFree(n int) int {
	var rounds []uint64
	bit := func(a, b int) uint64 { return 1 << (a*(2*n-a-1)/2 + b - a - 1) } // a < b; n ≤ 11
	used := make([]bool, n)
	var gen func(trio bool, mask uint64)
	gen = func(trio bool, mask uint64) {
		i := slices.Index(used, false)
		if i < 0 {
			if trio {
				rounds = append(rounds, mask)
			}
			return
		}
		used[i] = true
		for j := i + 1; j < n; j++ {
			if used[j] {
				continue
			}
			used[j] = true
			gen(trio, mask|bit(i, j))
			for k := j + 1; !trio && k < n; k++ {
				if !used[k] {
					used[k] = true
					gen(true, mask|bit(i, j)|bit(i, k)|bit(j, k))
					used[k] = false
				}
			}
			used[j] = false
		}
		used[i] = false
	}
	gen(false, 0)
	best := 0
	var dfs func(start, depth int, usedPairs uint64)
	dfs = func(start, depth int, usedPairs uint64) {
		best = max(best, depth)
		for r := start; r < len(rounds); r++ {
			if rounds[r]&usedPairs == 0 {
				dfs(r+1, depth+1, usedPairs|rounds[r])
			}
		}
	}
	dfs(1, 1, rounds[0])
	return best
}

// TestRoundRobinOddExact: in small odd pods the planner's first repeat comes
// only after as many repeat-free rounds as any schedule holds (exhaustive
// search: 1 for 5 people, 3 for 7, and for 9 a perfect design of 6 rounds
// in which every pair meets exactly once).
func TestRoundRobinOddExact(t *testing.T) {
	for _, n := range []int{5, 7, 9} {
		want := rotBruteMaxFree(n)
		for seed := uint64(0); seed < 3; seed++ {
			s := newRotSim(seed*100+uint64(n), n, rotOptions{})
			free := 0
			for w := 0; w < want+1; w++ {
				s.plan(t, true)
				s.week()
				if cnt := rotPairs(s.hist, w+1); !slices.ContainsFunc(slices.Collect(maps.Values(cnt)), func(c int) bool { return c > 1 }) {
					free = w + 1
				}
			}
			if free < want {
				t.Fatalf("n=%d seed %d: %d repeat-free rounds, %d possible", n, seed, free, want)
			}
		}
		t.Logf("n=%d: %d repeat-free rounds, the most possible", n, want)
	}
}
