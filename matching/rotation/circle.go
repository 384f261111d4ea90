package rotation

// circle continues the canonical circle-method schedule of the eligible
// members (labelled 0..n-1 by ID, n-1 fixed in the centre) when everything
// they have met so far is a set of whole rounds of it. Round r pairs r with
// n-1 and r+d with r-d (mod n-1) for d = 1..n/2-1.
func (p *planner) circle() [][]int32 {
	n := p.n
	if n%2 != 0 || p.anyForb {
		return nil
	}
	k := n - 1
	inv2 := (k + 1) / 2 // 2·inv2 ≡ 1 (mod k), k odd
	cnt := make([]int, k)
	p.eachMet(func(a, b, _ int32) {
		i, j := int(a), int(b)
		r := i
		if j != n-1 {
			r = (i + j) * inv2 % k
		}
		cnt[r]++
	})
	r := -1
	for i, c := range cnt {
		if c != 0 && c != n/2 {
			return nil
		}
		if c == 0 && r < 0 {
			r = i
		}
	}
	if r < 0 {
		return nil
	}
	groups := [][]int32{{int32(r), int32(n - 1)}}
	for d := 1; d < n/2; d++ {
		groups = append(groups, []int32{int32((r + d) % k), int32((r - d + k) % k)})
	}
	return groups
}
