package pod

import (
	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
)

func parseResources(t *sheets.Table) []matching.Resource {
	if t == nil {
		return nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	col := func(names ...string) int {
		for _, n := range names {
			if c, err := h.Find(n); err == nil && c >= 0 {
				return c
			}
		}
		return -1
	}
	nc, cc, kc, oc := col(sheets.ColName, "Resource"), col(sheets.ColCategory), col("Contact", sheets.ColPhone, "Where"), col("Notes", "Details")
	var out []matching.Resource
	for _, r := range t.Rows {
		if sheets.BlankRow(r) {
			continue
		}
		out = append(out, matching.Resource{Name: sheets.CellAt(r, nc), Category: sheets.CellAt(r, cc), Contact: sheets.CellAt(r, kc), Notes: sheets.CellAt(r, oc)})
	}
	return out
}
