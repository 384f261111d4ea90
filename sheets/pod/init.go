package pod

import (
	"context"

	"github.com/podsync/podsync/sheets"
)

// InitPlan returns the plan that creates every pod tab the store lacks,
// with its header row (and the Settings tab with its keys and defaults).
// Existing tabs are left as they are: init is safe to run on a live pod.
func InitPlan(ctx context.Context, s sheets.Store) (*sheets.Plan, error) {
	names := make([]string, 0, len(sheets.Specs))
	for _, sp := range sheets.Specs {
		names = append(names, sp.Name)
	}
	tabs, err := s.Read(ctx, names...)
	if err != nil {
		return nil, err
	}
	var p sheets.Plan
	for _, sp := range sheets.Specs {
		t := tabs[sp.Name]
		if t != nil && !blankTab(t) {
			continue
		}
		if sp.Name == sheets.TabSettings {
			p.Tabs = append(p.Tabs, settingsTab(t == nil))
			continue
		}
		var recs []sheets.Record
		if sp.Name == sheets.TabState {
			recs = []sheets.Record{{sheets.ColKey: "schema", "Value": SchemaVersion}}
		}
		e, err := sheets.Diff(t, sp, recs)
		if err != nil {
			return nil, err
		}
		p.Tabs = append(p.Tabs, e)
	}
	return &p, nil
}
