package matching

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Category is one of the toolkit's support categories (Step 6), spelled as the
// form's checkbox label.
type Category string

// The toolkit's categories, in the order the form lists them.
const (
	Food             Category = "Food and groceries"
	Childcare        Category = "Childcare"
	MedicineErrands  Category = "Medicine and errands"
	CleaningSupplies Category = "Cleaning supplies"
	Financial        Category = "Financial support"
	Emotional        Category = "Emotional support"
	MentalHealth     Category = "Mental health services"
	Recreation       Category = "Recreation"
	Benefits         Category = "Navigating benefits"
	Translation      Category = "Language translation"
	CommunityRes     Category = "Community resources"
	Tech             Category = "Tech assistance"
	Internet         Category = "Internet access"
	PublicHealth     Category = "Public health information"
)

// Categories lists every category in form order. Callers must not modify it.
var Categories = []Category{
	Food, Childcare, MedicineErrands, CleaningSupplies, Financial, Emotional,
	MentalHealth, Recreation, Benefits, Translation, CommunityRes, Tech,
	Internet, PublicHealth,
}

// Fold folds case and runs of white space so that labels and titles typed by
// people compare equal when they read the same.
func Fold(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

var categoryByFold = func() map[string]Category {
	m := make(map[string]Category, len(Categories))
	for _, c := range Categories {
		m[Fold(string(c))] = c
	}
	return m
}()

// ParseCategory returns the category whose label matches s with case and
// white space folded.
func ParseCategory(s string) (Category, bool) {
	c, ok := categoryByFold[Fold(s)]
	return c, ok
}

// MemberID is a member's stable identifier, e.g. "M-3f9a1c2b". It is derived
// from the member's identity key (email, else phone, else name) so that it
// survives resubmissions and re-imports.
type MemberID string

// Activity is the organizer's Active column on the Members tab.
type Activity int

const (
	// Active is the default: blank or "Yes".
	Active Activity = iota
	// Paused members are neither matched as helpers nor paired.
	Paused
	// Left members have left the pod.
	Left
)

// ParseActivity reads the Active column; anything unknown counts as Active so
// that a typo never silently drops someone.
func ParseActivity(s string) Activity {
	f := Fold(s)
	switch {
	case f == "paused" || f == "pause" || strings.HasPrefix(f, "paused until"):
		return Paused
	case f == "left" || f == "no" || f == "inactive":
		return Left
	}
	return Active
}

// ParsePausedUntil reads an Active value of the form "Paused until
// 2027-01-15" (case and spacing folded). ok is false for any other value;
// err is set when the value says "Paused until" but no date follows that
// is a real YYYY-MM-DD day.
func ParsePausedUntil(s string) (until time.Time, ok bool, err error) {
	f := Fold(s)
	rest, found := strings.CutPrefix(f, "paused until")
	if !found {
		return time.Time{}, false, nil
	}
	rest = strings.TrimSpace(rest)
	d, err := time.Parse("2006-01-02", rest)
	if err != nil {
		return time.Time{}, true, fmt.Errorf("%q: the date is not YYYY-MM-DD", strings.TrimSpace(s))
	}
	return d, true, nil
}

// ActivityOn is the member's activity on day today: a "Paused until" pause
// holds until the day before its date and ends on it, with no one touching
// the cell.
func (m *Member) ActivityOn(today time.Time) Activity {
	if !m.PausedUntil.IsZero() {
		if today.Before(m.PausedUntil) {
			return Paused
		}
		return Active
	}
	return m.Active
}

func (a Activity) String() string {
	switch a {
	case Paused:
		return "Paused"
	case Left:
		return "Left"
	}
	return "Yes"
}

// ShareField is one thing a member may agree to share with the whole pod.
type ShareField uint8

// The share checkbox's options, in form order.
const (
	ShareName ShareField = 1 << iota
	SharePhone
	ShareEmail
	ShareZone
	ShareInterests
	ShareOffers
	ShareNeeds
)

// ShareLabels maps each ShareField to its checkbox label, in form order.
var ShareLabels = []struct {
	Field ShareField
	Label string
}{
	{ShareName, "My name"},
	{SharePhone, "My phone number"},
	{ShareEmail, "My email"},
	{ShareZone, "My zone"},
	{ShareInterests, "My interests"},
	{ShareOffers, "What I can offer"},
	{ShareNeeds, "What I need"},
}

// Consent is the set of fields a member ticked under "What may we share with
// the whole pod?". The zero value shares nothing, which is the default.
type Consent uint8

// Has reports whether the member agreed to share f.
func (c Consent) Has(f ShareField) bool { return c&Consent(f) != 0 }

// ParseShareLabel returns the field for a share checkbox label.
func ParseShareLabel(s string) (ShareField, bool) {
	f := Fold(s)
	for _, l := range ShareLabels {
		if Fold(l.Label) == f {
			return l.Field, true
		}
	}
	return 0, false
}

// Labels returns the ticked labels in form order.
func (c Consent) Labels() []string {
	var out []string
	for _, l := range ShareLabels {
		if c.Has(l.Field) {
			out = append(out, l.Label)
		}
	}
	return out
}

// Member is one person in the pod, built from their newest form response
// plus the organizer's columns on the Members tab.
type Member struct {
	ID        MemberID
	Name      string
	Email     string
	Phone     string
	ContactBy string // Text, Call or Email
	Zone      string
	Languages []string
	CheckIn   string
	Interests string

	Offers       []Category // ticked known categories, form order
	OfferOther   []string   // the member's own words ("Other"); never matched
	OfferDetails string
	Capacity     int // 0 when blank: Settings.DefaultCapacity applies
	Needs        []Category
	NeedOther    []string
	NeedDetails  string

	Pairing bool
	Share   Consent

	FirstSeen   time.Time
	LastUpdated time.Time

	// Organizer columns.
	Active Activity
	// PausedUntil is the date of an Active "Paused until YYYY-MM-DD" (at
	// midnight UTC), zero otherwise; see ActivityOn.
	PausedUntil time.Time
	Notes       string
}

// Available reports whether the member may be proposed as a helper or paired.
func (m *Member) Available() bool { return m.Active == Active }

// Contact returns the member's preferred way to be reached, falling back to
// whatever they gave.
func (m *Member) Contact() string {
	switch Fold(m.ContactBy) {
	case "email":
		if m.Email != "" {
			return m.Email
		}
	case "text", "call":
		if m.Phone != "" {
			return m.Phone
		}
	}
	if m.Phone != "" {
		return m.Phone
	}
	return m.Email
}

// HasOffer reports whether m ticked c under offers.
func (m *Member) HasOffer(c Category) bool { return containsCat(m.Offers, c) }

// HasNeed reports whether m ticked c under needs.
func (m *Member) HasNeed(c Category) bool { return containsCat(m.Needs, c) }

func containsCat(cs []Category, c Category) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// MatchStatus is the organizer's Status column on the Matches tab.
type MatchStatus int

const (
	// Proposed is podsync's suggestion; it is the default for a blank cell.
	Proposed MatchStatus = iota
	Accepted
	Done
	Declined
)

// ParseMatchStatus reads the Status column; blank is Proposed.
func ParseMatchStatus(s string) (MatchStatus, bool) {
	switch Fold(s) {
	case "", "proposed":
		return Proposed, true
	case "accepted":
		return Accepted, true
	case "done":
		return Done, true
	case "declined":
		return Declined, true
	}
	return Proposed, false
}

func (s MatchStatus) String() string {
	return [...]string{"Proposed", "Accepted", "Done", "Declined"}[s]
}

// Need is one (member, category) the member ticked under needs.
type Need struct {
	Member   MemberID
	Category Category
}

// Match pairs a need with a helper who offers the same category.
type Match struct {
	ID         string // stable: derived from need and helper
	Member     MemberID
	Category   Category
	Helper     MemberID
	Status     MatchStatus
	Why        string
	ProposedOn time.Time
	Notes      string // organizer column, carried for exporters
}

// Need returns the need this match serves.
func (m Match) Need() Need { return Need{m.Member, m.Category} }

// MatchID is the stable ID of the match of need n with helper h: the same
// pair always gets the same ID, so rewrites are idempotent.
func MatchID(n Need, h MemberID) string {
	return "X-" + shortHash(string(n.Member)+"\x00"+string(n.Category)+"\x00"+string(h))
}

// GroupStatus is the organizer's Status column on the Pairings tab.
type GroupStatus int

const (
	Planned GroupStatus = iota
	Met
	Skipped
)

// ParseGroupStatus reads the Status column; blank is Planned.
func ParseGroupStatus(s string) (GroupStatus, bool) {
	switch Fold(s) {
	case "", "planned":
		return Planned, true
	case "met":
		return Met, true
	case "skipped":
		return Skipped, true
	}
	return Planned, false
}

func (s GroupStatus) String() string { return [...]string{"Planned", "Met", "Skipped"}[s] }

// Group is a pair or trio meeting in one round.
type Group struct {
	Round   int
	WeekOf  time.Time  // the round's start date (a date, UTC midnight)
	Members []MemberID // 2 or 3, in the order Person A, B, C
	Status  GroupStatus
	Notes   string
	// Edited is set by the reader when an organizer column holds anything or
	// the row differs from what podsync wrote; such a future round is never
	// re-planned.
	Edited bool
	// Row is set by rotation on the groups of a round it repaired: 1 + the
	// index, among that round's rows in the History it was given (in
	// order), of the row the group stays on; 0 for a group that needs a row
	// of its own after them.
	Row int
}

// Settings are the Settings tab's rows, with defaults filled in.
type Settings struct {
	PodName string
	// Language is the BCP 47 tag of the form's and the handout's
	// language ("en" when unset).
	Language        string
	ZoneOrder       []string // zones in walking order
	DefaultCapacity int      // 1 when unset
	RoundsAhead     int      // 2 when unset
	RoundLength     int      // days; 7 when unset
	// NudgeAfter is how many days a Proposed match may stay open before
	// its Nudge says to check with the helper; 7 when unset.
	NudgeAfter int
	// SplitAbove is the pod size past which podsync suggests splitting
	// (the toolkit's 30); advice only.
	SplitAbove int
	TimeZone   *time.Location
	DateOrder  string            // "MDY", "DMY", or "" to detect
	Headers    map[string]string // form key -> column title
	// Answers maps a pod's own wording of a choice to podsync's label:
	// form key -> the pod's label, folded -> podsync's label ("Answer:
	// pairing: Sí" = Yes).
	Answers    map[string]map[string]string
	Agreements string            // "Community agreements", for handouts
	Contact    string            // "Organizer contact", for handouts
	Extra      map[string]string // every other Setting row, verbatim
}

// DefaultSettings returns the settings a pod has before anyone edits them.
func DefaultSettings() Settings {
	return Settings{
		PodName:         "Our pod",
		Language:        "en",
		DefaultCapacity: 1,
		RoundsAhead:     2,
		RoundLength:     7,
		NudgeAfter:      7,
		SplitAbove:      30,
		TimeZone:        time.UTC,
		Headers:         map[string]string{},
		Answers:         map[string]map[string]string{},
		Extra:           map[string]string{},
	}
}

// ZoneDistance is how far apart two zones are in the Settings' Zone order:
// 0 for the same zone (case and spaces folded), |i-j| for listed zones, and
// -1 when either is blank or unlisted (unknown).
func (s *Settings) ZoneDistance(a, b string) int {
	fa, fb := Fold(a), Fold(b)
	if fa == "" || fb == "" {
		return -1
	}
	if fa == fb {
		return 0
	}
	ia, ib := -1, -1
	for i, z := range s.ZoneOrder {
		switch Fold(z) {
		case fa:
			ia = i
		case fb:
			ib = i
		}
	}
	if ia < 0 || ib < 0 {
		return -1
	}
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

// DoNotPair says two people must never be grouped or matched. A and B are
// each a member ID, an email or a name, as organizers type them.
type DoNotPair struct {
	A, B   string
	Reason string
}

// Forbidden is a resolved set of Do Not Pair rules, by member ID.
type Forbidden map[[2]MemberID]bool

// Key orders a pair so that (a, b) and (b, a) are the same key.
func Key(a, b MemberID) [2]MemberID {
	if a > b {
		a, b = b, a
	}
	return [2]MemberID{a, b}
}

// Has reports whether a and b must not be paired or matched.
func (f Forbidden) Has(a, b MemberID) bool { return f[Key(a, b)] }

// ResolveDoNotPair turns organizer-typed rules into member-ID pairs. A side
// matches a member by ID, then email, then name (case and spaces folded).
// Rules naming nobody are returned in unknown so the caller can warn.
func ResolveDoNotPair(rules []DoNotPair, members []Member) (f Forbidden, unknown []DoNotPair) {
	f = Forbidden{}
	lookup := func(s string) []MemberID {
		k := Fold(s)
		if k == "" {
			return nil
		}
		var ids []MemberID
		for i := range members {
			if Fold(string(members[i].ID)) == k {
				return []MemberID{members[i].ID}
			}
		}
		for i := range members {
			if members[i].Email != "" && Fold(members[i].Email) == k {
				ids = append(ids, members[i].ID)
			}
		}
		if len(ids) > 0 {
			return ids
		}
		for i := range members {
			if Fold(members[i].Name) == k {
				ids = append(ids, members[i].ID)
			}
		}
		return ids
	}
	for _, r := range rules {
		as, bs := lookup(r.A), lookup(r.B)
		if len(as) == 0 || len(bs) == 0 {
			unknown = append(unknown, r)
			continue
		}
		for _, a := range as {
			for _, b := range bs {
				if a != b {
					f[Key(a, b)] = true
				}
			}
		}
	}
	return f, unknown
}

// Pod is everything podsync knows about a pod at one moment: what the sync
// computes from and what exporters print.
type Pod struct {
	Settings  Settings
	Members   []Member // sorted by ID
	Matches   []Match
	Groups    []Group // every round, past and planned, by round then position
	DoNotPair []DoNotPair
	Resources []Resource
}

// Resource is a row of the optional organizer tab "Resources".
type Resource struct {
	Name, Category, Contact, Notes string
}

// MemberByID returns the member with the given ID, or nil.
func (p *Pod) MemberByID(id MemberID) *Member {
	i := sort.Search(len(p.Members), func(i int) bool { return p.Members[i].ID >= id })
	if i < len(p.Members) && p.Members[i].ID == id {
		return &p.Members[i]
	}
	for i := range p.Members { // not sorted: fall back to a scan
		if p.Members[i].ID == id {
			return &p.Members[i]
		}
	}
	return nil
}
