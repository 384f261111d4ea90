package matching

import "time"

// MatchInput is everything needs-to-offers matching looks at.
type MatchInput struct {
	Members   []Member  // the whole roster, any order; Active/Paused/Left set
	Existing  []Match   // rows already on the Matches tab, with their Status
	Settings  Settings  // ZoneOrder, DefaultCapacity
	Forbidden Forbidden // resolved Do Not Pair rules
	// Met holds, for each pair of members who have met in a pairing round
	// (Status not Skipped, Week of before Today), the last round they met in.
	Met   map[[2]MemberID]int
	Today time.Time // ProposedOn for new matches
}

// UnmetRow is one line of the Unmet tab.
type UnmetRow struct {
	Category Category // "" for the member's own words (Other)
	Label    string   // the category label, or "Other: <text>"
	Open     int      // open needs nobody could take
	Helpers  int      // available members offering the category
	Waiting  []MemberID
	// Why says, for each of Waiting, why the need waits: nobody offers
	// it, the helpers are full, Do Not Pair or Declined rows rule them out,
	// or it is in the member's own words.
	Why []string
}

// MatchResult is what matching proposes.
type MatchResult struct {
	// Matches is every row the Matches tab should hold after this cycle:
	// Accepted, Done and Declined rows exactly as given, Proposed rows that
	// are kept, and new Proposed rows, sorted by Match ID.
	Matches []Match
	Unmet   []UnmetRow // in Categories order, then Other rows by text
}

// RotationInput is everything pair rotation looks at.
type RotationInput struct {
	Members   []Member // the whole roster; only Pairing && Available() are grouped
	History   []Group  // every row on the Pairings tab, organizer edits included
	Forbidden Forbidden
	Settings  Settings // RoundsAhead (default 2), RoundLength in days (default 7)
	Today     time.Time
}
