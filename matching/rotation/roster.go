package rotation

import "github.com/podsync/podsync/matching"

// roster is who may be grouped: the eligible members by index (sorted by
// ID) and the Do Not Pair pairs among them. The pairs are kept sparse (one
// map entry each), so that a whole network costs memory in its rules, not
// in the square of its size.
type roster struct {
	ids     []matching.MemberID
	index   map[matching.MemberID]int32
	n       int
	forb    map[uint64]struct{} // pairKey of each Do Not Pair pair
	anyForb bool                // some Do Not Pair pair among the eligible
}

// pairKey is one key for the pair a–b in either order.
func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(uint32(a))<<32 | uint64(uint32(b))
}

// unpair is pairKey's inverse: the pair, smaller index first.
func unpair(k uint64) (int32, int32) { return int32(uint32(k >> 32)), int32(uint32(k)) }

func newRoster(ids []matching.MemberID, forbidden matching.Forbidden) roster {
	n := len(ids)
	rs := roster{ids: ids, n: n, index: make(map[matching.MemberID]int32, n)}
	for i, id := range ids {
		rs.index[id] = int32(i)
	}
	for k, bad := range forbidden {
		if !bad {
			continue
		}
		a, okA := rs.index[k[0]]
		b, okB := rs.index[k[1]]
		if okA && okB && a != b {
			if rs.forb == nil {
				rs.forb = map[uint64]struct{}{}
			}
			rs.forb[pairKey(a, b)] = struct{}{}
			rs.anyForb = true
		}
	}
	return rs
}

func (rs *roster) allowed(a, b int32) bool {
	if a == b {
		return false
	}
	if !rs.anyForb {
		return true
	}
	_, bad := rs.forb[pairKey(a, b)]
	return !bad
}

// sameRound reports whether a round's rows still group exactly the members
// due in it (due[v]), each once, in pairs and trios that break no Do Not
// Pair rule. Rows without members (a group a repair took apart) are
// skipped.
func (rs *roster) sameRound(rows []matching.Group, due []bool) bool {
	want := 0
	for _, d := range due {
		if d {
			want++
		}
	}
	if want < 2 {
		return false
	}
	seen := make([]bool, rs.n)
	count := 0
	for _, g := range rows {
		if len(g.Members) == 0 {
			continue
		}
		if len(g.Members) < 2 || len(g.Members) > 3 {
			return false
		}
		var idx []int32
		for _, id := range g.Members {
			v, ok := rs.index[id]
			if !ok || seen[v] || !due[v] {
				return false
			}
			seen[v] = true
			count++
			for _, u := range idx {
				if !rs.allowed(u, v) {
					return false
				}
			}
			idx = append(idx, v)
		}
	}
	return count == want
}
