// Package pod is the sync cycle: it reads a pod's tabs through a
// sheets.Store and its responses through an ingest.Source, rebuilds the
// roster, plans pairing rounds and matches with package matching, and
// writes what changed in one Plan.
//
// cycle.go holds Cycle.Run and its named steps; every other file is one
// tab, its reading and its writing together: responses.go, members.go,
// matches.go, pairings.go, unmet.go, directory.go, settings.go,
// donotpair.go, resources.go, suggested.go (the split advice, there only
// while the pod is over Split above) and state.go (podsync's own _podsync
// tab).
// refs.go reads the member names organizers type into Matches, Pairings and
// Do Not Pair; init.go is the plan that creates a new pod's tabs.
package pod
