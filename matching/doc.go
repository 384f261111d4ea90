// Package matching holds podsync's domain types — members, needs, offers,
// matches, pairing rounds, settings and Do Not Pair rules — and the inputs
// and results of the pure algorithms that work on them, which live in its
// subpackages:
//
//	matching           pod.go: the domain types; id.go: identity keys and
//	                   Member IDs; api.go: the algorithms' inputs and results;
//	                   split.go: SuggestSplit, the Suggested groups advice
//	matching/propose   needs-to-offers matching: propose.Matches
//	matching/rotation  pair rotation: rotation.Plan, rotation.Standings,
//	                   rotation.MetPairs
//	matching/internal  blossom (maximum-weight matching) and flow (min-cost
//	                   max-flow), the generic graph algorithms; golden, the
//	                   tests' golden-file check
//
// These packages import only the standard library and (but for golden,
// which only tests import) do no I/O: they read no clock and no global
// random source, so the same pod always gives the same result and golden
// files work. Everything that talks to a spreadsheet
// lives in package sheets; everything that prints lives in package exporter.
package matching
