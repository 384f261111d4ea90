// Package rotation plans pair rotation: Step 5 of the Mutual Aid Toolkit,
// 1-on-1 conversations in rotating rounds.
//
// Every member who wants 1-on-1s and is available is in exactly one group in
// every planned round: pairs, plus one trio when the count is odd, so nobody
// sits out. Rounds are planned so that nobody meets the same person twice
// while that can be avoided.
//
// Plan (plan.go) reads the Pairings tab: past rounds stay as they are, future
// ones are kept, planned again or dropped (Standings says which; decide takes
// that decision), new ones follow. MetPairs (met.go) lists who has met. The
// planner (planner.go) holds who met whom and when, and who was in a trio;
// its roster (roster.go) is who is grouped. It chooses each new round by the
// first of these stages that gives one:
//
//  1. The circle method (circle.go). With an even count, no Do Not Pair rule
//     among them and every pair met so far lying in a complete round of the
//     canonical circle-method schedule of the current members (sorted by
//     ID), the next unused round of that schedule is taken. A pod that starts
//     together and stays together therefore meets every pair exactly once in
//     n−1 rounds, however the weekly runs are spread, and an organizer edit
//     or a join, leave or pause simply moves the pod to step 2.
//  2. Look-ahead over the fresh graph (graph.go: pairs who have never met and
//     may be grouped). A round is a perfect matching of it (plus a triangle
//     when the count is odd). Up to 11 members the search is exact
//     (exact.go): every such round is listed and a depth-first search finds
//     the most rounds that share no pair (9 people, for instance, get the
//     6-round schedule in which every pair meets once). Larger pods
//     (fresh.go): while the graph is dense any such round keeps the rest
//     schedulable, so one is taken. Once its minimum degree falls to about
//     n/2, the planner plays out whole schedules: randomized (seeded from the
//     input, so deterministic) rollouts that take repeat-free rounds one
//     after another, each step checking that what is left still has a
//     perfect matching, until stuck, until the degree bound is reached or
//     until a work budget (counted in search steps) runs out. The first round
//     of the best rollout is used, and the rest of it for the other rounds
//     planned in the same run. Best means: first, nobody in the trio three
//     rounds running in the rounds this run plans; then the most rounds; then
//     the trio that rotates best.
//  3. When no repeat-free round exists, a maximum-cardinality maximum-weight
//     matching (weighted.go, with package blossom) over every allowed pair
//     with weights: pairs who never met far above pairs who met, and among
//     those the longer ago the better (a concave weight, so two mid-aged
//     repeats beat one very recent one). With an odd count the trio is
//     chosen with the matching: its three pairs' weights count, less a trio
//     rotation penalty that never outweighs a pair who never met; up to 41
//     members the choice is exact (weightedOdd), above that the few who were
//     in a trio least recently are tried as its third person.
//
// The trio rotates: whoever was in the trio the round before (or after, for
// a round planned between kept ones) is a worse pick, being in it three
// rounds running much worse, and among the rest those with fewer trios so
// far come first (trioCostOf, in planner.go).
//
// Do Not Pair rules are never broken. If they leave no way to put everyone
// into pairs and one trio, the planner adds further trios (attach, in
// weighted.go: a leftover member joins a pair both may meet), and a member
// with nobody they may meet at all sits the round out: that is the only case
// in which someone eligible is in no group.
//
// The package imports only the standard library (and its own graph
// algorithms) and does no I/O: it reads no clock and no global random
// source, so the same input always gives the same plan.
package rotation
