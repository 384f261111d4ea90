package rotation

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
)

var day0 = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// newMembers makes n members who want 1-on-1s, with IDs drawn from r so that
// ID order is not creation order.
func newMembers(r *rand.Rand, n int) []matching.Member {
	ms := make([]matching.Member, 0, n)
	seen := map[matching.MemberID]bool{}
	for len(ms) < n {
		id := matching.MemberID(fmt.Sprintf("M-%010x", r.Uint64()>>24))
		if !seen[id] {
			seen[id] = true
			ms = append(ms, matching.Member{ID: id, Name: string(id), Pairing: true})
		}
	}
	return ms
}

// pairCounts counts how often each pair met in rounds 1..upTo (all statuses).
func pairCounts(hist []matching.Group, upTo int) map[[2]matching.MemberID]int {
	cnt := map[[2]matching.MemberID]int{}
	for _, g := range hist {
		if g.Round > upTo || g.Status == matching.Skipped {
			continue
		}
		for i := range g.Members {
			for j := i + 1; j < len(g.Members); j++ {
				cnt[matching.Key(g.Members[i], g.Members[j])]++
			}
		}
	}
	return cnt
}

func byRound(gs []matching.Group) map[int][]matching.Group {
	m := map[int][]matching.Group{}
	for _, g := range gs {
		m[g.Round] = append(m[g.Round], g)
	}
	return m
}

// checkPlan checks Plan's contract on one call. strictTrios asks for at
// most one trio per planned round (the Do Not Pair rules in the test leave
// room for that). Every member here is Weekly (rhythm_test.go checks the
// others).
func checkPlan(t *testing.T, in matching.RotationInput, out []matching.Group, strictTrios bool) {
	t.Helper()
	today := dateOf(in.Today)
	ahead := in.Settings.RoundsAhead
	if ahead <= 0 {
		ahead = 2
	}
	for i := 1; i < len(out); i++ {
		if out[i].Round < out[i-1].Round {
			t.Fatalf("rows not sorted by round: %d after %d", out[i].Round, out[i-1].Round)
		}
	}
	st := Standings(in)
	inR, outR := byRound(in.History), byRound(out)
	elig := eligible(in.Members)
	isElig := map[matching.MemberID]bool{}
	for _, id := range elig {
		isElig[id] = true
	}
	for r, gs := range inR {
		switch st[r] {
		case Past, Edited, Unchanged:
			if !reflect.DeepEqual(slices.DeleteFunc(slices.Clone(gs), func(g matching.Group) bool { return len(g.Members) == 0 }), outR[r]) {
				t.Fatalf("round %d (%v) changed:\n in %v\nout %v", r, st[r], gs, outR[r])
			}
		case Repaired:
			checkRepair(t, in, r, gs, outR[r], isElig)
		}
	}
	future := 0
	for r, gs := range outR {
		if st[r] == Past {
			continue
		}
		if !dateOf(gs[0].WeekOf).Before(today) {
			future++
		}
		if _, onTab := st[r]; onTab && st[r] != Replanned {
			continue
		}
		seen := map[matching.MemberID]bool{}
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
			if g.Status != matching.Planned || !dateOf(g.WeekOf).Equal(dateOf(gs[0].WeekOf)) || g.Row != 0 {
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
		if len(seen) != len(elig) && partitionExists(elig, in.Forbidden, len(elig)) {
			t.Fatalf("round %d: %d of %d eligible members grouped", r, len(seen), len(elig))
		}
		if strictTrios && trios > len(elig)%2 && partitionExists(elig, in.Forbidden, len(elig)%2) {
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

// checkRepair checks a repaired round: every row that lost nobody is
// returned as it was on its row; a Met or Skipped row is never touched;
// every other group is a pair or trio of eligible members without a Do
// Not Pair pair; nobody is in two groups; and every eligible (Weekly)
// member is in one, unless the rules leave no way.
func checkRepair(t *testing.T, in matching.RotationInput, r int, rows, out []matching.Group, isElig map[matching.MemberID]bool) {
	t.Helper()
	byRow := map[int]matching.Group{}
	seen := map[matching.MemberID]int{}
	for _, g := range out {
		if g.Row > 0 {
			if g.Row > len(rows) {
				t.Fatalf("round %d: row %d of %d", r, g.Row, len(rows))
			}
			if _, dup := byRow[g.Row]; dup {
				t.Fatalf("round %d: two groups on row %d", r, g.Row)
			}
			byRow[g.Row] = g
		}
		for _, id := range g.Members {
			seen[id]++
		}
		fixed := g.Row > 0 && rows[g.Row-1].Status != matching.Planned
		if fixed {
			if !reflect.DeepEqual(g.Members, rows[g.Row-1].Members) {
				t.Fatalf("round %d: a %v row changed: %v -> %v", r, g.Status, rows[g.Row-1].Members, g.Members)
			}
			continue
		}
		if len(g.Members) < 2 || len(g.Members) > 3 {
			t.Fatalf("round %d: repaired group of %d: %v", r, len(g.Members), g.Members)
		}
		for j, a := range g.Members {
			if !isElig[a] {
				t.Fatalf("round %d: %s not eligible, in repaired %v", r, a, g.Members)
			}
			for _, b := range g.Members[j+1:] {
				if in.Forbidden.Has(a, b) {
					t.Fatalf("round %d: Do Not Pair %s–%s in repaired %v", r, a, b, g.Members)
				}
			}
		}
	}
	inRound := map[matching.MemberID]int{}
	for _, g := range rows {
		for _, id := range g.Members {
			inRound[id]++
		}
	}
	for i, g := range rows {
		intact := len(g.Members) >= 2
		for j, a := range g.Members {
			intact = intact && isElig[a] && inRound[a] == 1
			for _, b := range g.Members[j+1:] {
				intact = intact && !in.Forbidden.Has(a, b)
			}
		}
		if intact || g.Status != matching.Planned {
			// It stays, or gains the one person left over, or (a trio,
			// when nothing else works) gives one to them.
			o, ok := byRow[i+1]
			same := ok && o.Notes == g.Notes && o.Status == g.Status
			switch {
			case !same:
			case slices.Equal(o.Members, g.Members):
			case g.Status != matching.Planned:
				same = false
			case len(o.Members) == len(g.Members)+1:
				same = slices.Equal(o.Members[:len(g.Members)], g.Members)
			case len(g.Members) == 3 && len(o.Members) == 2:
				same = !slices.ContainsFunc(o.Members, func(id matching.MemberID) bool { return !slices.Contains(g.Members, id) })
			default:
				same = false
			}
			if !same {
				t.Fatalf("round %d: row %d %v lost nobody, but became %v", r, i+1, g.Members, byRow[i+1])
			}
		}
	}
	var elig []matching.MemberID
	for id := range isElig {
		elig = append(elig, id)
	}
	slices.Sort(elig)
	for _, id := range elig {
		if seen[id] > 1 {
			t.Fatalf("round %d: %s in %d groups", r, id, seen[id])
		}
		if seen[id] == 0 && partitionExists(elig, in.Forbidden, len(elig)) {
			t.Fatalf("round %d: eligible %s in no group: %v", r, id, out)
		}
	}
}

// partitionExists reports whether ids can be split into pairs and at most
// maxTrios trios without a forbidden pair. Pods over 14 are assumed to have
// one (the tests' rules are sparse).
func partitionExists(ids []matching.MemberID, f matching.Forbidden, maxTrios int) bool {
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

// sim simulates a pod planning weekly: past rows are marked Met (some
// Skipped), members join, leave, pause and come back, organizers edit some
// planned rounds, and every call's output is the next call's history.
type sim struct {
	r       *rand.Rand
	members []matching.Member
	forb    matching.Forbidden
	hist    []matching.Group
	today   time.Time
	set     matching.Settings
	opt     options
	paused  map[matching.MemberID]int

	churn, skipP, editP float64

	rounds, clean int // past rounds scored, and those without a repeat
	avoidable     int // scored rounds with a repeat that a repeat-free round of the same people avoided
	scored        map[int]bool
}

func newSim(seed uint64, n int, opt options) *sim {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	return &sim{r: r, members: newMembers(r, n), forb: matching.Forbidden{}, today: day0,
		set: matching.Settings{RoundsAhead: 2}, opt: opt, paused: map[matching.MemberID]int{}, scored: map[int]bool{}}
}

func (s *sim) input() matching.RotationInput {
	return matching.RotationInput{Members: s.members, History: s.hist, Forbidden: s.forb, Settings: s.set, Today: s.today}
}

// addForbidden adds k random Do Not Pair rules, at most one per member.
func (s *sim) addForbidden(k int) {
	used := map[matching.MemberID]bool{}
	for tries := 0; k > 0 && tries < 100; tries++ {
		a := s.members[s.r.IntN(len(s.members))].ID
		b := s.members[s.r.IntN(len(s.members))].ID
		if a == b || used[a] || used[b] {
			continue
		}
		used[a], used[b] = true, true
		s.forb[matching.Key(a, b)] = true
		k--
	}
}

func (s *sim) active() []int {
	var idx []int
	for i := range s.members {
		if s.members[i].Active == matching.Active {
			idx = append(idx, i)
		}
	}
	return idx
}

// week moves to the next week: marks rows, applies churn and edits.
func (s *sim) week() {
	s.today = s.today.AddDate(0, 0, 7)
	for i := range s.hist {
		g := &s.hist[i]
		if dateOf(g.WeekOf).Before(s.today) && g.Status == matching.Planned && !g.Edited {
			g.Status, g.Edited = matching.Met, true
			if s.r.Float64() < s.skipP {
				g.Status = matching.Skipped
			}
		}
	}
	s.score()
	for i := range s.members {
		m := &s.members[i]
		if w, ok := s.paused[m.ID]; ok {
			if w <= 1 {
				delete(s.paused, m.ID)
				m.Active = matching.Active
			} else {
				s.paused[m.ID] = w - 1
			}
		}
	}
	if s.r.Float64() < s.churn {
		act := s.active()
		switch k := s.r.IntN(4); {
		case k == 0 || len(act) < 3:
			s.members = append(s.members, newMembers(s.r, 1)...)
		case k == 1:
			s.members[act[s.r.IntN(len(act))]].Active = matching.Left
		case k == 2:
			m := &s.members[act[s.r.IntN(len(act))]]
			m.Active = matching.Paused
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
			if !dateOf(g.WeekOf).Before(s.today) {
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
func (s *sim) score() {
	byR := byRound(s.hist)
	var rs []int
	for r := range byR {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	met := map[[2]matching.MemberID]bool{}
	for _, r := range rs {
		gs := byR[r]
		past := dateOf(gs[0].WeekOf).Before(s.today)
		if !past {
			break
		}
		repeat := false
		for _, g := range gs {
			if g.Status != matching.Met {
				continue
			}
			for i := range g.Members {
				for j := i + 1; j < len(g.Members); j++ {
					if met[matching.Key(g.Members[i], g.Members[j])] {
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
			} else if freeRoundExists(gs, met, s.forb) {
				s.avoidable++
			}
		}
		for _, g := range gs {
			if g.Status == matching.Met {
				for i := range g.Members {
					for j := i + 1; j < len(g.Members); j++ {
						met[matching.Key(g.Members[i], g.Members[j])] = true
					}
				}
			}
		}
	}
}

// freeRoundExists reports whether the people of a round's rows could have
// been put in pairs and at most one trio without a pair who met before or a
// Do Not Pair pair.
func freeRoundExists(gs []matching.Group, met map[[2]matching.MemberID]bool, f matching.Forbidden) bool {
	var ids []matching.MemberID
	for _, g := range gs {
		ids = append(ids, g.Members...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	n := len(ids)
	g := newGraph(n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if !met[matching.Key(ids[i], ids[j])] && !f.Has(ids[i], ids[j]) {
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

func (s *sim) plan(t *testing.T, strict bool) {
	in := s.input()
	out := plan(in, s.opt).Groups
	if t != nil {
		checkPlan(t, in, out, strict)
	}
	s.hist = out
}
