package sheets

import (
	"regexp"
	"strings"

	"github.com/podsync/podsync/matching"
)

// The pod's tab names, as organizers see them.
const (
	TabResponses = "Responses"
	TabMembers   = "Members"
	TabMatches   = "Matches"
	TabPairings  = "Pairings"
	TabUnmet     = "Unmet"
	TabDirectory = "Directory"
	TabSettings  = "Settings"
	TabDoNotPair = "Do Not Pair"
	TabResources = "Resources"
	// TabChanges is what each sync changed, by name, newest last.
	TabChanges = "Changes"
	// TabSuggested is the split advice, present only while the pod has
	// more active members than Settings "Split above".
	TabSuggested = "Suggested groups"
	// TabState is podsync's own hidden tab: the response cursor and schema
	// version, so a daemon restarted elsewhere continues where it stopped.
	TabState = "_podsync"
)

// MaxChanges is how many rows the Changes tab keeps: the newest.
const MaxChanges = 1000

// LinkedTabs are the names Google Forms gives the tab it writes responses to
// (older and newer spreadsheets). podsync only ever reads them.
var LinkedTabs = []string{"Form Responses 1", "Form responses 1"}

// Owner says who may write a column.
type Owner int

const (
	// Podsync columns are rewritten every cycle.
	Podsync Owner = iota
	// Organizer columns are never written by podsync, except an initial
	// value on a row podsync itself creates (e.g. Status "Proposed").
	Organizer
)

// Column is one column of a tab.
type Column struct {
	Name  string
	Owner Owner
	// Required columns must be present once a tab holds data; a missing one
	// means an organizer renamed or deleted it, and podsync stops rather
	// than guess.
	Required bool
	// Initial is written on rows podsync creates; never on existing rows.
	Initial string
}

// Stale says what happens to a keyed row podsync no longer wants.
type Stale int

const (
	// KeepStale leaves the row as it is (responses, members: nothing lost).
	KeepStale Stale = iota
	// DeleteStale removes the row unless an organizer column on it holds
	// something, in which case it is left as it is.
	DeleteStale
	// Regenerate makes the whole tab podsync's: every cell is rewritten
	// to hold exactly the wanted rows under the spec's header, and
	// anything else typed there (a renamed header, an added column, a
	// stray row) is cleared. It is for the Directory, the tab shared with
	// the whole pod: a cell left behind there, or one that slid onto
	// another member's row, would share what someone did not agree to.
	Regenerate
)

// TabSpec is the layout of one pod tab.
type TabSpec struct {
	Name    string
	Columns []Column
	// Key names the podsync columns whose values identify a row.
	Key []string
	// Ordinal adds the row's occurrence number among rows with the same
	// key values to the key: Pairings rows are keyed by (Round, position).
	Ordinal bool
	Stale   Stale
	// Log tabs (Changes) keep their rows in the order they were added: a
	// new row is always appended, never put in the place of a stale one.
	Log bool
	// Open is true for tabs whose podsync columns are not fixed: Responses
	// holds one column per form question. The cycle appends them to Columns.
	Open bool
	// Generated reports whether a row's key (its Key columns' values,
	// trimmed, joined by a space) is one podsync itself makes. A DeleteStale
	// tab only deletes or reuses rows whose key podsync generated: a keyed
	// row an organizer typed by hand (a Match ID of their own) is theirs and
	// kept. nil means every keyed row is podsync's.
	Generated func(key string) bool
	// StaleNote, when its Column is set, is written on a stale row that is
	// kept because an organizer wrote on it, so that the row no longer looks
	// live. Column must be a podsync column; the cell is written only when
	// it differs from Text.
	StaleNote StaleNote
}

// StaleNote is what Diff writes in a podsync column of a stale row kept for
// the organizer content on it.
type StaleNote struct{ Column, Text string }

// MatchStaleNote is the Why of a Matches row podsync no longer proposes but
// keeps because an organizer wrote on it. Such a row is not a match: it
// holds no helper's capacity and does not keep its need from being matched.
const MatchStaleNote = "no longer proposed: the need or the helper changed (paused, left, Do Not Pair, no longer offered or asked for); set Status to Declined or delete this row"

// matchIDRE is the form of the Match IDs podsync generates (see
// matching.MatchID): "X-" and 10 hex digits.
var matchIDRE = regexp.MustCompile(`^X-[0-9a-f]{10}$`)

// IsGeneratedMatchID reports whether id is a Match ID podsync makes, as
// opposed to one an organizer typed on a row of their own.
func IsGeneratedMatchID(id string) bool { return matchIDRE.MatchString(strings.TrimSpace(id)) }

// Column titles, as organizers see them. podsync finds every column by its
// title, so these are the only place a title is spelled.
const (
	// Responses
	ColResponseID  = "Response ID"
	ColSubmittedAt = "Submitted at"

	// Members (Name, Email, Phone, Zone, Interests and Needs also head the
	// Directory's columns, Zone and Need details also Matches')
	ColMemberID     = "Member ID"
	ColName         = "Name"
	ColEmail        = "Email"
	ColPhone        = "Phone"
	ColContactBy    = "Contact by"
	ColZone         = "Zone"
	ColLanguages    = "Languages"
	ColCheckIn      = "Check-in"
	ColInterests    = "Interests"
	ColOffers       = "Offers"
	ColOfferDetails = "Offer details"
	ColCapacity     = "Capacity"
	ColNeeds        = "Needs"
	ColNeedDetails  = "Need details"
	ColPairing      = "Pairing"
	ColShare        = "Share"
	ColFirstSeen    = "First seen"
	ColLastUpdated  = "Last updated"
	ColActive       = "Active"
	ColNotes        = "Notes" // also on Matches and Pairings

	// Matches
	ColMatchID       = "Match ID"
	ColMember        = "Member"
	ColCategory      = "Category" // also Unmet's and Resources'
	ColHelper        = "Helper"
	ColHelperContact = "Helper contact"
	ColWhy           = "Why" // also Suggested groups'
	ColProposedOn    = "Proposed on"
	ColNudge         = "Nudge"
	ColStatus        = "Status" // also on Pairings

	// Pairings (Person A and Person B also head Do Not Pair)
	ColRound   = "Round"
	ColWeekOf  = "Week of"
	ColPersonA = "Person A"
	ColPersonB = "Person B"
	ColPersonC = "Person C"

	// Unmet
	ColOpenNeeds       = "Open needs"
	ColHelpersOffering = "Helpers offering"
	ColWaiting         = "Waiting (member IDs)"

	// Directory
	ColEntry    = "#"
	ColCanOffer = "Can offer"

	// Settings ("About" is the help column init writes)
	ColSetting = "Setting"
	ColValue   = "Value" // also _podsync's
	ColAbout   = "About"

	// Do Not Pair
	ColReason = "Reason"

	// Changes ("Who" also heads Suggested groups)
	ColWhen    = "When"
	ColWhat    = "What"
	ColWho     = "Who"
	ColDetails = "Details"

	// Suggested groups
	ColGroup        = "Group"
	ColZones        = "Zones"
	ColGroupMembers = "Members"

	// _podsync
	ColKey = "Key"
)

func pod(names ...string) []Column {
	cs := make([]Column, len(names))
	for i, n := range names {
		cs[i] = Column{Name: n}
	}
	return cs
}

func organizer(name, initial string) Column {
	return Column{Name: name, Owner: Organizer, Initial: initial}
}

// decision is an organizer column whose values change what podsync does
// (Active, Status): renaming or deleting it would silently undo every
// decision in it, so it is required.
func decision(name, initial string) Column {
	c := organizer(name, initial)
	c.Required = true
	return c
}

func required(cs []Column, names ...string) []Column {
	for i := range cs {
		for _, n := range names {
			if cs[i].Name == n {
				cs[i].Required = true
			}
		}
	}
	return cs
}

// Specs are the pod's tabs in the order init creates them.
var Specs = []TabSpec{
	{
		Name:    TabMembers,
		Columns: append(required(pod(ColMemberID, ColName, ColEmail, ColPhone, ColContactBy, ColZone, ColLanguages, ColCheckIn, ColInterests, ColOffers, ColOfferDetails, ColCapacity, ColNeeds, ColNeedDetails, ColPairing, ColShare, ColFirstSeen, ColLastUpdated), ColMemberID), decision(ColActive, "Yes"), organizer(ColNotes, "")),
		Key:     []string{ColMemberID},
		Stale:   KeepStale,
	},
	{
		Name:      TabMatches,
		Columns:   append(required(pod(ColMatchID, ColMember, ColCategory, ColNeedDetails, ColHelper, ColHelperContact, ColZone, ColWhy, ColProposedOn, ColNudge), ColMatchID, ColMember, ColHelper, ColCategory), decision(ColStatus, "Proposed"), organizer(ColNotes, "")),
		Key:       []string{ColMatchID},
		Stale:     DeleteStale,
		Generated: IsGeneratedMatchID,
		StaleNote: StaleNote{Column: ColWhy, Text: MatchStaleNote},
	},
	{
		Name:    TabPairings,
		Columns: append(required(pod(ColRound, ColWeekOf, ColPersonA, ColPersonB, ColPersonC), ColRound, ColWeekOf, ColPersonA, ColPersonB), decision(ColStatus, "Planned"), organizer(ColNotes, "")),
		Key:     []string{ColRound},
		Ordinal: true,
		Stale:   DeleteStale,
	},
	{
		Name:    TabUnmet,
		Columns: required(pod(ColCategory, ColOpenNeeds, ColHelpersOffering, ColWaiting), ColCategory),
		Key:     []string{ColCategory},
		Stale:   DeleteStale,
	},
	{
		Name: TabDirectory,
		// Numbered, not keyed by Member ID: the Directory is the one tab
		// shared with the whole pod, and an ID derived from an email is
		// not something a member agreed to share. Regenerated whole, so
		// nothing can stay behind or slide onto another member's row.
		Columns: required(pod(ColEntry, ColName, ColPhone, ColEmail, ColZone, ColInterests, ColCanOffer, ColNeeds), ColEntry),
		Key:     []string{ColEntry},
		Stale:   Regenerate,
	},
	{
		// Changes holds what each sync changed, newest last. A row is
		// keyed by its When and What and its place among rows with the
		// same two, so the rows a cycle keeps stay where they are (a
		// forget rewrites Who and Details in place), and the oldest are
		// removed from the top once there are more than MaxChanges.
		Name:    TabChanges,
		Columns: required(pod(ColWhen, ColWhat, ColWho, ColDetails), ColWhen, ColWhat),
		Key:     []string{ColWhen, ColWhat},
		Ordinal: true,
		Stale:   DeleteStale,
		Log:     true,
	},
	{
		Name:    TabResponses,
		Columns: required(pod(ColResponseID, ColSubmittedAt), ColResponseID, ColSubmittedAt),
		Key:     []string{ColResponseID},
		Stale:   KeepStale,
		Open:    true,
	},
	{
		Name:    TabSettings,
		Columns: []Column{{Name: ColSetting, Owner: Organizer, Required: true}, {Name: ColValue, Owner: Organizer, Required: true}},
	},
	{
		Name:    TabDoNotPair,
		Columns: []Column{{Name: ColPersonA, Owner: Organizer, Required: true}, {Name: ColPersonB, Owner: Organizer, Required: true}, {Name: ColReason, Owner: Organizer}},
	},
	{
		Name:    TabState,
		Columns: required(pod(ColKey, "Value"), ColKey, "Value"),
		Key:     []string{ColKey},
		Stale:   KeepStale,
	},
}

// Occasional are the tabs podsync adds only while a pod needs them and
// removes (TabEdit.Remove) when it no longer does: init does not create
// them and doctor does not miss them.
var Occasional = []TabSpec{
	{
		// Suggested groups is advice only, regenerated whole each cycle
		// while the pod is over Split above, and removed when it is not.
		// Why says in plain words why the pod should split and what the
		// row keeps whole (or why it cuts a zone).
		Name:    TabSuggested,
		Columns: required(pod(ColGroup, ColZones, ColGroupMembers, ColWho, ColWhy), ColGroup),
		Key:     []string{ColGroup},
		Stale:   Regenerate,
	},
}

// Spec returns the spec of the named tab.
func Spec(name string) (TabSpec, bool) {
	for _, s := range append(Specs[:len(Specs):len(Specs)], Occasional...) {
		if s.Name == name {
			return s, true
		}
	}
	return TabSpec{}, false
}

// TabNames lists every tab podsync reads in a cycle.
func TabNames() []string {
	names := make([]string, 0, len(Specs)+len(Occasional)+len(LinkedTabs)+1)
	for _, s := range append(Specs[:len(Specs):len(Specs)], Occasional...) {
		names = append(names, s.Name)
	}
	names = append(names, TabResources)
	return append(names, LinkedTabs...)
}

// WithColumns returns a copy of s with podsync columns added after its own,
// skipping names it already has (folded).
func (s TabSpec) WithColumns(names ...string) TabSpec {
	have := map[string]bool{}
	for _, c := range s.Columns {
		have[matching.Fold(c.Name)] = true
	}
	cols := append([]Column(nil), s.Columns...)
	for _, n := range names {
		if k := matching.Fold(n); k != "" && !have[k] {
			have[k] = true
			cols = append(cols, Column{Name: n})
		}
	}
	s.Columns = cols
	return s
}
