package pod

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

// TabLister is a store that can list its tabs' titles as the spreadsheet
// shows them (Store.Read finds tabs by their exact names only). A store
// that is not one skips the near-miss check below.
type TabLister interface {
	TabTitles(ctx context.Context) ([]string, error)
}

// checkTabNames stops a cycle when one of podsync's tabs is missing and
// another tab's title is a near miss of its name: "members" or "Members "
// for Members, "Matches 2026" for Matches, "Do not pair" for Do Not Pair.
// An organizer renamed it, on purpose or by a slip; a fresh tab in its
// place would undo every decision in the old one (Paused back to Yes,
// Accepted and Declined matches forgotten, Notes on the wrong person), so
// the cycle stops before anything is written and says which tab to rename
// back, as it does for a renamed decision column.
func checkTabNames(ctx context.Context, s sheets.Store, tabs map[string]*sheets.Table) error {
	tl, ok := s.(TabLister)
	if !ok {
		return nil
	}
	titles, err := tl.TabTitles(ctx)
	if err != nil {
		return fmt.Errorf("pod: list the tabs: %w", err)
	}
	// Titles that are a tab podsync read (exactly, or as the store found
	// it: Google finds a tab in any case) or one of Google's linked tabs
	// are nobody's near miss.
	read := map[string]bool{}
	for n := range tabs {
		read[strings.ToLower(n)] = true
	}
	for _, n := range sheets.LinkedTabs {
		read[strings.ToLower(n)] = true
	}
	// Before the first sync (no _podsync tab yet) a spreadsheet's own
	// tabs are not podsync's renamed: only a name in another case or
	// spacing counts then ("members" is surely meant as Members, "Members
	// list" may be the pod's older list).
	synced := tabs[sheets.TabState] != nil
	for _, want := range nearMissTabs() {
		if tabs[want.name] != nil {
			continue
		}
		for _, title := range titles {
			if read[strings.ToLower(title)] || !nearMiss(title, want.name, want.loose && synced) {
				continue
			}
			return fmt.Errorf("tab %q looks like podsync's %q, which is missing: rename it back to %q (exactly, in that case, with no extra spaces) so that podsync keeps the decisions and notes in it instead of starting a fresh %q tab; if it is a tab of your own, add an empty tab named %q and sync again",
				title, want.name, want.name, want.name, want.name)
		}
	}
	return nil
}

// nearMissTab is a tab name the check looks for, and whether titles that
// merely start with it or are a typo away count (loose), or only the same
// name in another case or spacing.
type nearMissTab struct {
	name  string
	loose bool
}

// nearMissTabs are every tab a cycle reads: podsync's own, and Resources,
// the optional tab organizers keep. Resources and the hidden _podsync are
// matched strictly: a tab of one's own titled "Resources for seniors" or
// "Podsync help" is likely.
func nearMissTabs() []nearMissTab {
	out := make([]nearMissTab, 0, len(sheets.Specs)+1)
	for _, s := range sheets.Specs {
		out = append(out, nearMissTab{name: s.Name, loose: s.Name != sheets.TabState})
	}
	return append(out, nearMissTab{name: sheets.TabResources})
}

// nearMiss reports whether title is the tab name want typed differently:
// the same with case, spacing and punctuation ignored ("members",
// "Members ", "Do-not-pair"); with loose also a title that starts with it
// as a word ("Matches 2026", "Members (old)", not "Membership"), or one
// a small typo away ("Pairing", "Memebers", "Machtes").
func nearMiss(title, want string, loose bool) bool {
	ft, fw := matching.Fold(title), matching.Fold(want)
	st, sw := squeeze(title), squeeze(want)
	if st == "" {
		return false
	}
	if ft == fw || st == sw {
		return true
	}
	if !loose {
		return false
	}
	if rest, ok := strings.CutPrefix(ft, fw); ok {
		// "Matches 2026", "Members(old)", but not "Membership".
		if r := []rune(rest); !unicode.IsLetter(r[0]) {
			return true
		}
	}
	rt, rw := []rune(st), []rune(sw)
	limit := 1
	if len(rw) >= 7 {
		limit = 2
	}
	if len(rt) < 4 || abs(len(rt)-len(rw)) > limit {
		return false
	}
	return editDistance(rt, rw, limit) <= limit
}

// squeeze is a name's letters and digits, lower case.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// editDistance is the Damerau (optimal string alignment) distance of a
// and b, or limit+1 once it must exceed limit.
func editDistance(a, b []rune, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
