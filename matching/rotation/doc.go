// Package rotation plans pair rotation: Step 5 of the Mutual Aid Toolkit,
// 1-on-1 conversations in rotating rounds.
//
// A member who wants 1-on-1s and is available is grouped in the rounds
// their Check-in asks for (rhythm.go: Weekly every round, Every two weeks
// every second, Monthly every fourth at 7-day rounds), counted from their
// first round. Everyone due in a round is in exactly one of its groups:
// pairs, plus one trio when the count is odd, so nobody due sits out.
// Rounds are planned so that nobody meets the same person twice while that
// can be avoided, among the people each round groups.
//
// Run (plan.go) reads the Pairings tab: past rounds stay as they are; the
// round under way and rounds an organizer edited are repaired (repair.go:
// only a group that lost someone changes, newcomers join a group, every
// other group keeps its row); other future rounds are kept, planned again
// or dropped; new ones follow. Result.Standings says which, Result.Repairs
// what each repair changed. MetPairs (met.go) lists who has met. The
// planner (planner.go) holds who met whom and when (a map of the pairs who
// did, plus an n×n copy up to denseMax people) and who was in a trio; its
// roster (roster.go) is who may be grouped, with the Do Not Pair pairs as a
// map. Each round is planned for the members due in it (planner.sub). It
// chooses each new round by the first of these stages that gives one:
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
//     Above denseMax people (a whole network), the sparse search
//     (sparse.go) comes first: members in a seeded order each take a random
//     free partner they never met, the few left over swap into pairs made,
//     and the trio's third is the member the trio rotation favours; only
//     when that fails do the dense stages run.
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
// in which someone due is in no group of a round.
//
// The package imports only the standard library (and its own graph
// algorithms) and does no I/O: it reads no clock and no global random
// source, so the same input always gives the same plan.
package rotation
