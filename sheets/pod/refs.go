package pod

import (
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest"
)

var refRE = regexp.MustCompile(`\((M-[0-9a-f]{10})\)\s*$`)

// Ref is how podsync names a member in the organizer tabs: "Ana Ruiz
// (M-3f9a1c2b10)", readable and still exact when two people share a name.
func Ref(m *matching.Member) string {
	if m.Name == "" {
		return "(" + string(m.ID) + ")"
	}
	return m.Name + " (" + string(m.ID) + ")"
}

// refKey turns a cell naming a member into what ResolveDoNotPair looks up:
// the ID inside "Name (M-…)", else the text as typed.
func refKey(s string) string {
	if m := refRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return s
}

// resolver finds members by the cells organizers see.
type resolver struct {
	byID    map[matching.MemberID]*matching.Member
	members []matching.Member
}

func newResolver(ms []matching.Member) *resolver {
	r := &resolver{byID: make(map[matching.MemberID]*matching.Member, len(ms)), members: ms}
	for i := range ms {
		r.byID[ms[i].ID] = &ms[i]
	}
	return r
}

// find resolves a cell: an embedded or bare member ID, else a unique email
// or name. ok is false when nobody (or more than one person) fits.
func (r *resolver) find(cell string) (matching.MemberID, bool) {
	k := refKey(strings.TrimSpace(cell))
	if k == "" {
		return "", false
	}
	if _, ok := r.byID[matching.MemberID(k)]; ok {
		return matching.MemberID(k), true
	}
	var hits []matching.MemberID
	fk := matching.Fold(k)
	for i := range r.members {
		if matching.Fold(r.members[i].Email) == fk && fk != "" {
			hits = append(hits, r.members[i].ID)
		}
	}
	if len(hits) == 0 {
		for i := range r.members {
			if matching.Fold(r.members[i].Name) == fk {
				hits = append(hits, r.members[i].ID)
			}
		}
	}
	if len(hits) == 1 {
		return hits[0], true
	}
	if strings.HasPrefix(k, "M-") {
		return matching.MemberID(k), true // someone no longer in the roster
	}
	return "", false
}

// parseDate reads a date cell: 2006-01-02 (what podsync writes), an xlsx
// serial number, or M/D/YYYY (D/M/YYYY with dmy) as typed in a sheet.
func parseDate(s string, dmy bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if len(s) > 10 {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	t, err := ingest.TimeReader{Loc: time.UTC, DMY: dmy}.Parse(s)
	if err != nil {
		return time.Time{}, errors.New("not a date like 2026-11-30")
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// FormatDate is how podsync writes dates: 2026-11-30.
func FormatDate(t time.Time) string { return t.Format("2006-01-02") }
