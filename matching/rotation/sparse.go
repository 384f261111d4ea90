package rotation

// Sparse search limits: random tries for a partner before a scan of
// everyone still free, and how many pairs a member left over may look
// through for a swap.
const (
	sparseTries = 32
	sparseSwaps = 4096
)

// sparse finds one repeat-free round for a pod too large for dense tables
// (over denseMax people), where most pairs have never met: members, in an
// order drawn from the input (so deterministic), each take a random free
// partner they never met and may meet; the few left over swap into pairs
// already made. With an odd count the trio's third person is the one the
// trio rotation favours most, joining the pair that suits them best. nil
// when that finds no round: the dense stages then take over.
func (p *planner) sparse(round int) [][]int32 {
	n := p.n
	if n < 2 {
		return nil
	}
	rng := p.rng(round)
	fresh := func(a, b int32) bool { return p.allowed(a, b) && p.lastMet(a, b) == never }
	r32 := clamp(round)
	third := int32(-1)
	if n%2 == 1 {
		best := 0
		for v := int32(0); v < int32(n); v++ {
			if c := p.trioCostOf(v, r32); third < 0 || c < best {
				third, best = v, c
			}
		}
	}
	free := make([]int32, 0, n)
	for _, v := range rng.Perm(n) {
		if int32(v) != third {
			free = append(free, int32(v))
		}
	}
	pos := make([]int32, n)
	for i, v := range free {
		pos[v] = int32(i)
	}
	take := func(v int32) {
		i, last := pos[v], free[len(free)-1]
		free[i], pos[last] = last, i
		free = free[:len(free)-1]
	}
	var groups [][]int32
	var left []int32
	for len(free) > 0 {
		v := free[len(free)-1]
		take(v)
		u := int32(-1)
		for t := 0; t < sparseTries && t < len(free) && u < 0; t++ {
			if c := free[rng.IntN(len(free))]; fresh(v, c) {
				u = c
			}
		}
		for i := 0; u < 0 && i < len(free); i++ {
			if fresh(v, free[i]) {
				u = free[i]
			}
		}
		if u < 0 {
			left = append(left, v)
			continue
		}
		take(u)
		groups = append(groups, []int32{v, u})
	}
	// Each one left over takes a partner from a pair whose other member
	// can pair with another one left over.
	for len(left) >= 2 {
		v, w := left[0], left[1]
		done := false
		for i := 0; i < len(groups) && i < sparseSwaps && !done; i++ {
			a, b := groups[i][0], groups[i][1]
			switch {
			case fresh(v, a) && fresh(w, b):
				groups[i], done = []int32{v, a}, true
				groups = append(groups, []int32{w, b})
			case fresh(v, b) && fresh(w, a):
				groups[i], done = []int32{v, b}, true
				groups = append(groups, []int32{w, a})
			}
		}
		if !done {
			return nil
		}
		left = left[2:]
	}
	if len(left) > 0 {
		return nil
	}
	if third >= 0 {
		host, cost := -1, 0
		for i, g := range groups {
			if !fresh(third, g[0]) || !fresh(third, g[1]) {
				continue
			}
			if c := p.trioCost([]int32{third, g[0], g[1]}, r32); host < 0 || c < cost {
				host, cost = i, c
			}
		}
		if host < 0 {
			return nil
		}
		groups[host] = append(groups[host], third)
	}
	return groups
}
