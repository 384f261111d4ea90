package propose

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/podsync/podsync/matching"
)

// checkResult checks every hard constraint from the input alone.
func checkResult(in matching.MatchInput, res matching.MatchResult) error {
	byID := map[matching.MemberID]*matching.Member{}
	for i := range in.Members {
		byID[in.Members[i].ID] = &in.Members[i]
	}
	var fixedIn, fixedOut []matching.Match
	closed := map[matching.Need]bool{}
	declined := map[string]bool{}
	load := map[matching.MemberID]int{}
	kept := map[string]matching.Match{}
	keptIn, _ := keptRows(in)
	for _, m := range keptIn {
		kept[m.ID] = m
	}
	for _, m := range in.Existing {
		if m.Status == matching.Proposed {
			continue
		}
		fixedIn = append(fixedIn, m)
		switch m.Status {
		case matching.Accepted, matching.Done:
			closed[m.Need()] = true
		case matching.Declined:
			declined[matching.MatchID(m.Need(), m.Helper)] = true
		}
		if m.Status == matching.Accepted {
			load[m.Helper]++
		}
	}
	proposedFor := map[matching.Need]int{}
	props := map[matching.MemberID]int{}
	keptOut := 0
	idUses := map[string]int{}
	for _, m := range res.Matches {
		idUses[m.ID]++
	}
	for i, m := range res.Matches {
		if i > 0 && res.Matches[i-1].ID > m.ID {
			return fmt.Errorf("matches not sorted by ID")
		}
		if m.Status != matching.Proposed {
			fixedOut = append(fixedOut, m)
			continue
		}
		mem, h := byID[m.Member], byID[m.Helper]
		switch {
		case idUses[m.ID] > 1:
			return fmt.Errorf("%v: Match ID used twice", m)
		case mem == nil || h == nil:
			return fmt.Errorf("%v: unknown member", m)
		case mem.Active != matching.Active || !mem.HasNeed(m.Category):
			return fmt.Errorf("%v: not an open need", m)
		case closed[m.Need()]:
			return fmt.Errorf("%v: need already Accepted or Done", m)
		case !h.Available() || !h.HasOffer(m.Category):
			return fmt.Errorf("%v: helper unavailable or not offering", m)
		case m.Helper == m.Member:
			return fmt.Errorf("%v: self match", m)
		case in.Forbidden.Has(m.Member, m.Helper):
			return fmt.Errorf("%v: Do Not Pair", m)
		case declined[matching.MatchID(m.Need(), m.Helper)]:
			return fmt.Errorf("%v: declined helper proposed again", m)
		}
		if old, ok := kept[m.ID]; ok {
			if old.Why == "" {
				old.Why = m.Why
			}
			if m.Why == "" || !reflect.DeepEqual(old, m) {
				return fmt.Errorf("kept row changed: %+v -> %+v", kept[m.ID], m)
			}
			keptOut++
		} else if m.ID != matching.MatchID(m.Need(), m.Helper) || !m.ProposedOn.Equal(in.Today) || m.Why == "" {
			return fmt.Errorf("new row %+v", m)
		}
		proposedFor[m.Need()]++
		if proposedFor[m.Need()] > 1 {
			return fmt.Errorf("need %v matched twice", m.Need())
		}
		props[m.Helper]++
	}
	if keptOut != len(kept) {
		return fmt.Errorf("%d of %d kept Proposed rows returned", keptOut, len(kept))
	}
	for id, x := range props {
		h := byID[id]
		c := h.Capacity
		if c == 0 {
			c = max(1, in.Settings.DefaultCapacity)
		}
		if load[id]+x > c {
			return fmt.Errorf("helper %s over capacity: %d accepted + %d proposed > %d", id, load[id], x, c)
		}
	}
	// The decided rows come back exactly, as a multiset.
	sortIDs := func(ms []matching.Match) {
		slices.SortStableFunc(ms, func(a, b matching.Match) int { return strings.Compare(fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b)) })
	}
	sortIDs(fixedIn)
	sortIDs(fixedOut)
	if len(fixedIn) != len(fixedOut) || (len(fixedIn) > 0 && !reflect.DeepEqual(fixedIn, fixedOut)) {
		return fmt.Errorf("decided rows changed")
	}
	// Unmet lists exactly the open needs left over.
	waiting := map[matching.Category][]matching.MemberID{}
	ids := make([]matching.MemberID, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		mem := byID[id]
		if mem.Active != matching.Active {
			continue
		}
		for _, c := range matching.Categories {
			n := matching.Need{Member: id, Category: c}
			if mem.HasNeed(c) && !closed[n] && proposedFor[n] == 0 {
				waiting[c] = append(waiting[c], id)
			}
		}
	}
	var got []matching.UnmetRow
	for _, u := range res.Unmet {
		if u.Category == "" {
			continue
		}
		// Why: one reason per waiting member, "nobody else offers it"
		// exactly when no other available member offers the category.
		if len(u.Why) != len(u.Waiting) {
			return fmt.Errorf("unmet %s: %d reasons for %d waiting", u.Category, len(u.Why), len(u.Waiting))
		}
		for i, id := range u.Waiting {
			others := false
			for _, o := range ids {
				if o != id && byID[o].Available() && byID[o].HasOffer(u.Category) {
					others = true
				}
			}
			if (u.Why[i] == WhyNobodyOffers) == others || !slices.Contains([]string{WhyNobodyOffers, WhyHelpersFull, WhyBlocked}, u.Why[i]) {
				return fmt.Errorf("unmet %s: %s waits because %q, but other helpers offer it: %v", u.Category, id, u.Why[i], others)
			}
		}
		u.Why = nil
		got = append(got, u)
	}
	var want []matching.UnmetRow
	for _, c := range matching.Categories {
		if w := waiting[c]; len(w) > 0 {
			n := 0
			for _, id := range ids {
				if byID[id].Available() && byID[id].HasOffer(c) {
					n++
				}
			}
			want = append(want, matching.UnmetRow{Category: c, Label: string(c), Open: len(w), Helpers: n, Waiting: w})
		}
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("unmet %+v, want %+v", got, want)
	}
	return nil
}

// keptRows applies the rule for kept Proposed rows from the input alone
// (see Kept Proposed matches in the package comment): the rows Matches must
// return as they are, a blank Why aside, and how many allowed rows it
// dropped because their need already had one or their helper was full.
func keptRows(in matching.MatchInput) ([]matching.Match, int) {
	byID := map[matching.MemberID]*matching.Member{}
	for i := range in.Members {
		byID[in.Members[i].ID] = &in.Members[i]
	}
	decided, closed, declined := map[string]bool{}, map[matching.Need]bool{}, map[string]bool{}
	slots := map[matching.MemberID]int{}
	for _, m := range in.Members {
		slots[m.ID] = m.Capacity
		if m.Capacity == 0 {
			slots[m.ID] = max(1, in.Settings.DefaultCapacity)
		}
	}
	var props []matching.Match
	for _, m := range in.Existing {
		switch m.Status {
		case matching.Proposed:
			props = append(props, m)
			continue
		case matching.Accepted:
			closed[m.Need()] = true
			slots[m.Helper]--
		case matching.Done:
			closed[m.Need()] = true
		case matching.Declined:
			declined[matching.MatchID(m.Need(), m.Helper)] = true
		}
		decided[m.ID] = true
	}
	// One row per Match ID, the first by content; then the allowed ones.
	slices.SortFunc(props, compareMatch)
	var ok []matching.Match
	for i, m := range props {
		if decided[m.ID] || (i > 0 && props[i-1].ID == m.ID) {
			continue
		}
		mem, h := byID[m.Member], byID[m.Helper]
		if mem != nil && h != nil && mem.Active == matching.Active && mem.HasNeed(m.Category) && !closed[m.Need()] &&
			h.Available() && h.HasOffer(m.Category) && m.Member != m.Helper && !in.Forbidden.Has(m.Member, m.Helper) &&
			!declined[matching.MatchID(m.Need(), m.Helper)] {
			ok = append(ok, m)
		}
	}
	// Earliest Proposed on, then lowest Match ID: one per need, up to
	// capacity.
	slices.SortFunc(ok, func(a, b matching.Match) int {
		if c := a.ProposedOn.Compare(b.ProposedOn); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	var out []matching.Match
	taken := map[matching.Need]bool{}
	for _, m := range ok {
		if !taken[m.Need()] && slots[m.Helper] > 0 {
			taken[m.Need()] = true
			slots[m.Helper]--
			out = append(out, m)
		}
	}
	return out, len(ok) - len(out)
}
