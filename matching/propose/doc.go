// Package propose matches needs to offers: Matches computes the Matches and
// Unmet tabs for one sync cycle. It reads only its input: no clock, no
// randomness, no I/O.
//
// Matches (propose.go) runs four stages:
//
//  1. The proposer (proposer.go) reads the input, members in ID order, and
//     the rows already on the Matches tab; it pins the Proposed rows that
//     stay (pin) and lists the open needs and the helpers with a slot left.
//  2. The network (network.go) is a min-cost flow network over those: a
//     layer per category and language, zone hubs within each layer, and
//     direct arcs for met pairs and the few needs the layers cannot serve
//     (see the comment there for its construction).
//  3. Solving (solve.go) finds one min-cost max-flow (package flow) and
//     splits it into need → helper paths (decompose).
//  4. The result (explain.go) is every row the tab should hold, each new one
//     with a Why in plain words, and the Unmet rows.
//
// The objective's costs, pairCost and loadCost, are in propose.go.
//
// # Rules
//
// A need is a (member, category) the member ticked; an offer likewise. The
// member's own words ("Other") are never matched: they are listed in Unmet.
// A match of need n = (m, c) with helper h is allowed when h offers c, h is
// not m, h is Available (Active: neither Paused nor Left), the pair is not in
// Do Not Pair, and h was never Declined for n. A need is open when its member
// is Active, still ticks the category, and has no Accepted or Done match for
// it. Paused members are on hold both ways: their needs are not matched (and
// a Proposed match for them is dropped, freeing the helper) until an
// organizer sets them back to Yes; Left members' needs are never matched.
// Paused and Left members' needs are not listed in Unmet either.
//
// A helper's open matches (Accepted ones and kept Proposed ones, which are
// fixed, plus the Proposed ones chosen here) never exceed their capacity:
// the Capacity answer ("4 or more" is 4), else Settings.DefaultCapacity,
// else 1.
//
// # Kept Proposed matches
//
// A Proposed match stays as it is on later cycles while its need and helper
// still exist (no churn): organizers may already be arranging it, so it is
// never moved, not even to let more needs be matched. An existing Proposed
// row is kept when its need is open and its pairing is still allowed: the
// helper still offers the category, is Available, is not in Do Not Pair with
// the member and was not Declined for the need. A kept row is returned as
// given (a blank Why is filled in) and pinned before anything else is
// decided: its need leaves the matching, and it takes one of its helper's
// capacity slots, like an Accepted match, both for capacity and for the
// load term below. Every other Proposed row is dropped, which frees its need
// and its helper's slot for this cycle: the need was closed, or its member
// is no longer Active or no longer ticks the category; the helper is Paused
// or Left, stopped offering the category, was put in Do Not Pair with the
// member or was Declined for the need; or the row's Match ID also has an
// Accepted, Done or Declined row. Of rows sharing a Match ID only the first
// by content is looked at.
//
// Rows are pinned in order of Proposed on (earliest first; a blank date,
// such as a row typed by hand, counts as earliest), then Match ID: a row is
// pinned unless its need already has a pinned row (only one match per need
// is open) or its helper has no free slot left. So when a helper has more
// allowed Proposed rows than capacity (their Capacity answer went down, or
// an Accepted match took a slot), the earliest ones are kept up to capacity
// and the newest are dropped; and of several rows for one need, the
// earliest stays.
//
// Match IDs stay unique: a new match never takes the Match ID of a returned
// row (Accepted, Done, Declined or kept). That can only happen when an
// organizer changed a row's Member or Helper and kept its ID; such a pair is
// then not allowed (found after the flow, which then runs again).
//
// # Objective
//
// With the kept matches fixed, first the number of matched needs is as
// large as possible; then the total cost (see pairCost and loadCost) is as
// small as possible. The cost of a match is the sum of
//
//   - zone: 0 for the same zone, costZoneStep per step of walking distance in
//     Settings' Zone order, and costZoneStep × max(1, len(Zone order)) (more
//     than any listed distance) when either zone is blank or not listed;
//   - language: costNoLanguage unless both list a common language;
//   - met: costNotMet unless the two met in a pairing round;
//
// plus, per helper, loadCost: the k-th open match of a helper (k = 0, 1, …,
// Accepted and kept ones first) costs costLoadStep × k, a convex cost that
// spreads matches across helpers.
//
// Pinning replaces an earlier soft "keep" term (a cost large enough to
// outweigh all others), under which a Proposed match could still move when
// that let one more need be matched. Pinned before the flow, kept matches
// need no term and no arcs: the network (network.go) carries only the needs and
// slots that are still free. Two syncs of the same input give the same rows:
// the first sync's matches are all kept by the second, which finds nothing
// more to match.
//
// Everything is built in member-ID and category order and the flow code
// breaks ties by node and arc order, so equal-cost optima are decided by
// stable IDs and the same pod always gives the same matches.
package propose
