package rotation

import "github.com/podsync/podsync/matching"

// roster is who is grouped: the eligible members by index (sorted by ID)
// and the Do Not Pair pairs among them.
type roster struct {
	ids     []matching.MemberID
	index   map[matching.MemberID]int32
	n       int
	forb    []bool // n*n: a Do Not Pair pair
	anyForb bool   // some Do Not Pair pair among the eligible
}

func newRoster(ids []matching.MemberID, forbidden matching.Forbidden) roster {
	n := len(ids)
	rs := roster{ids: ids, n: n, index: make(map[matching.MemberID]int32, n), forb: make([]bool, n*n)}
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
			rs.forb[int(a)*n+int(b)], rs.forb[int(b)*n+int(a)] = true, true
			rs.anyForb = true
		}
	}
	return rs
}

func (rs *roster) allowed(a, b int32) bool { return a != b && !rs.forb[int(a)*rs.n+int(b)] }

// sameRound reports whether a future round's rows still group exactly the
// eligible members, each once, in pairs and trios that break no Do Not Pair
// rule.
func (rs *roster) sameRound(rows []matching.Group) bool {
	if rs.n < 2 {
		return false
	}
	seen := make([]bool, rs.n)
	count := 0
	for _, g := range rows {
		if len(g.Members) < 2 || len(g.Members) > 3 {
			return false
		}
		var idx []int32
		for _, id := range g.Members {
			v, ok := rs.index[id]
			if !ok || seen[v] {
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
	return count == rs.n
}
