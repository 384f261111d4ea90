package sheets

import "context"

// InitPlan returns the plan that creates every pod tab the store lacks,
// with its header row (and the Settings tab with its keys and defaults).
// Existing tabs are left as they are: init is safe to run on a live pod.
func InitPlan(ctx context.Context, s Store) (*Plan, error) {
	names := make([]string, 0, len(Specs))
	for _, sp := range Specs {
		names = append(names, sp.Name)
	}
	tabs, err := s.Read(ctx, names...)
	if err != nil {
		return nil, err
	}
	var p Plan
	for _, sp := range Specs {
		t := tabs[sp.Name]
		if t != nil && !blankTab(t) {
			continue
		}
		if sp.Name == TabSettings {
			p.Tabs = append(p.Tabs, settingsTab(t == nil))
			continue
		}
		var recs []Record
		if sp.Name == TabState {
			recs = []Record{{"Key": "schema", "Value": SchemaVersion}}
		}
		e, err := Diff(t, sp, recs)
		if err != nil {
			return nil, err
		}
		p.Tabs = append(p.Tabs, e)
	}
	return &p, nil
}
