// Package blossom finds matchings in general graphs, for pair rotation.
//
// MaxWeight (maxweight.go) is Edmonds' blossom algorithm for maximum-weight
// matching in a general graph with integer weights, in the O(n³) form of
// Galil's survey ("Efficient algorithms for finding maximum matching in
// graphs", 1986), following the structure of Joris van Rantwijk's
// public-domain reference implementation. Dual variables are kept doubled, so
// with integer weights every quantity stays an integer.
//
// Grow (grow.go) is the unweighted blossom algorithm (Edmonds 1965) with
// breadth-first search from each free vertex: O(n·m) in the worst case and
// fast in practice when started from a greedy matching.
package blossom
