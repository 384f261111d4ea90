package matching

// sets is a union-find over 0..n-1 in which a set's root is always its
// smallest element, so roots do not depend on the order of the unions.
type sets []int

func newSets(n int) sets {
	s := make(sets, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// find returns the root of i's set.
func (s sets) find(i int) int {
	for s[i] != i {
		s[i] = s[s[i]]
		i = s[i]
	}
	return i
}

// union joins a's and b's sets.
func (s sets) union(a, b int) {
	a, b = s.find(a), s.find(b)
	if a > b {
		a, b = b, a
	}
	if a != b {
		s[b] = a
	}
}
