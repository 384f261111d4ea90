package google

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/pod"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// InitOptions tune Init.
type InitOptions struct {
	// Format also gives every pod tab that exists already the bold frozen
	// header, the Status dropdowns and the protections again (replacing
	// the protections podsync added before). Without it the tabs init
	// creates get them, and so do existing pod tabs that have none of
	// podsync's protections (tabs a sync created, or an organizer made).
	Format bool

	// PodName, when not blank, is the Pod name written on the Settings
	// tab init creates (instead of the default "Our pod"). An existing
	// Settings tab is the organizers' and is never written.
	PodName string

	// Language, when not blank, is the Language written on the Settings
	// tab init creates (instead of the default "en"): the form's, for a
	// pod whose form init --create-form --language builds.
	Language string

	removeSheet *int64 // CreateSpreadsheet: the blank first tab to delete
}

// InitReport is what Init did.
type InitReport struct {
	Created   []string // tabs created, with their headers
	Formatted []string // tabs given the header style, dropdowns and protections
	Existing  []string // pod tabs that were there already
}

// statusChoices are the dropdowns of organizer columns: the values the
// matching package reads them as, written as it writes them.
var statusChoices = map[[2]string][]string{
	{sheets.TabMatches, sheets.ColStatus}:  stringsOf(matching.Proposed, matching.Accepted, matching.Done, matching.Declined),
	{sheets.TabPairings, sheets.ColStatus}: stringsOf(matching.Planned, matching.Met, matching.Skipped),
	{sheets.TabMembers, sheets.ColActive}:  stringsOf(matching.Active, matching.Paused, matching.Left),
}

func stringsOf[T fmt.Stringer](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// protectPrefix starts the description of every protected range podsync
// adds, so a later init --format can find and replace them.
const protectPrefix = "podsync: "

// Init creates the pod tabs the spreadsheet lacks (InitPlan: headers,
// and the Settings tab with its keys), then in one spreadsheets:batchUpdate
// gives them a bold frozen header row, dropdowns on Matches and Pairings
// Status and Members Active (ONE_OF_LIST), and warning-only protection of
// the header row and of the podsync-owned columns, so an organizer typing
// there is warned that podsync rewrites them. Existing pod tabs that have
// no podsync protection yet (made by sync, which cannot add dropdowns or
// protections through the values API, or by hand) get the same; tabs
// formatted before are left as they are unless opts.Format, so running
// init twice adds nothing twice. Safe to run on a live pod.
func Init(ctx context.Context, s *Store, opts InitOptions) (*InitReport, error) {
	plan, err := pod.InitPlan(ctx, s)
	if err != nil {
		return nil, err
	}
	if name := strings.TrimSpace(opts.PodName); name != "" {
		pod.SetInitialSetting(plan, "Pod name", name)
	}
	if tag := strings.TrimSpace(opts.Language); tag != "" {
		pod.SetInitialSetting(plan, "Language", tag)
	}
	rep := &InitReport{}
	headers := map[string][]string{}
	creating := map[string]bool{}
	for _, e := range plan.Tabs {
		if !e.Create {
			continue
		}
		creating[e.Tab] = true
		rep.Created = append(rep.Created, e.Tab)
		var h []string
		for _, c := range e.Cells {
			if c.Row == 0 {
				for len(h) <= c.Col {
					h = append(h, "")
				}
				h[c.Col] = c.Value
			}
		}
		headers[e.Tab] = h
	}
	for _, sp := range sheets.Specs {
		if !creating[sp.Name] {
			rep.Existing = append(rep.Existing, sp.Name)
		}
	}
	if err := s.Apply(ctx, plan); err != nil {
		return rep, err
	}
	toFormat := append([]string(nil), rep.Created...)
	var oldProtections []int64
	if len(rep.Existing) > 0 {
		// A pod tab podsync did not create through init (sync creates
		// the tabs it lacks, or an organizer made one by hand) has none of
		// podsync's protections: it gets the dropdowns and protections now.
		// One that has them was formatted before and is left alone, so a
		// second init adds nothing twice. With opts.Format every pod tab
		// is formatted again and podsync's old protections are replaced.
		prot, err := s.podsyncProtections(ctx)
		if err != nil {
			return rep, err
		}
		var existing []string
		s.mu.Lock()
		for _, name := range rep.Existing {
			t := s.tab(name)
			if t == nil {
				continue
			}
			if opts.Format {
				oldProtections = append(oldProtections, prot[t.id]...)
			}
			if opts.Format || len(prot[t.id]) == 0 {
				existing = append(existing, name)
			}
		}
		s.mu.Unlock()
		if len(existing) > 0 {
			tabs, err := s.Read(ctx, existing...)
			if err != nil {
				return rep, err
			}
			for _, name := range existing {
				if t := tabs[name]; t != nil && len(t.Header) > 0 {
					headers[name] = t.Header
					toFormat = append(toFormat, name)
				}
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var reqs []*sheetsapi.Request
	for _, id := range oldProtections {
		reqs = append(reqs, &sheetsapi.Request{DeleteProtectedRange: &sheetsapi.DeleteProtectedRangeRequest{ProtectedRangeId: id}})
	}
	for _, name := range toFormat {
		t := s.tab(name)
		spec, _ := sheets.Spec(name)
		if t == nil {
			continue
		}
		r, err := formatRequests(t, spec, headers[name], !creating[name])
		if err != nil {
			return rep, err
		}
		reqs = append(reqs, r...)
		rep.Formatted = append(rep.Formatted, name)
	}
	if opts.removeSheet != nil && len(s.tabs) > 1 {
		reqs = append(reqs, &sheetsapi.Request{DeleteSheet: &sheetsapi.DeleteSheetRequest{SheetId: *opts.removeSheet}})
	}
	if len(reqs) == 0 {
		return rep, nil
	}
	if _, err := s.svc.Spreadsheets.BatchUpdate(s.id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: reqs}).
		Fields("spreadsheetId").Context(ctx).Do(); err != nil {
		return rep, s.c.fail("format tabs of", "", s.target(), err)
	}
	if opts.removeSheet != nil {
		s.tabs = nil // the list changed
	}
	return rep, nil
}

// podsyncProtections lists the IDs of the protected ranges podsync added,
// by the ID of their sheet.
func (s *Store) podsyncProtections(ctx context.Context) (map[int64][]int64, error) {
	ss, err := s.svc.Spreadsheets.Get(s.id).Fields("sheets(properties.sheetId,protectedRanges(protectedRangeId,description))").Context(ctx).Do()
	if err != nil {
		return nil, s.c.fail("read protections of", "", s.target(), err)
	}
	if ss == nil || len(ss.Sheets) == 0 {
		return nil, &sheets.OpError{Op: "read protections of", Err: notJSON("a spreadsheet without tabs")}
	}
	ids := map[int64][]int64{}
	for _, sh := range ss.Sheets {
		if sh == nil || sh.Properties == nil {
			continue
		}
		for _, pr := range sh.ProtectedRanges {
			if pr != nil && strings.HasPrefix(pr.Description, protectPrefix) {
				ids[sh.Properties.SheetId] = append(ids[sh.Properties.SheetId], pr.ProtectedRangeId)
			}
		}
	}
	return ids, nil
}

// formatRequests styles one tab. existing adds the header style that
// Apply gives tabs it creates.
func formatRequests(t *tabMeta, spec sheets.TabSpec, header []string, existing bool) ([]*sheetsapi.Request, error) {
	var reqs []*sheetsapi.Request
	if existing {
		reqs = append(reqs, &sheetsapi.Request{UpdateSheetProperties: &sheetsapi.UpdateSheetPropertiesRequest{
			Properties: &sheetsapi.SheetProperties{SheetId: t.id, GridProperties: &sheetsapi.GridProperties{FrozenRowCount: 1}},
			Fields:     "gridProperties.frozenRowCount",
		}})
		if !t.hidden {
			reqs = append(reqs, boldHeader(t.id))
		}
	}
	idx := sheets.NewHeaderIndex(spec.Name, header)
	for _, col := range spec.Columns {
		choices := statusChoices[[2]string{spec.Name, col.Name}]
		if choices == nil {
			continue
		}
		c, err := idx.Find(col.Name)
		if err != nil {
			return nil, err
		}
		if c < 0 {
			continue
		}
		cond := &sheetsapi.BooleanCondition{Type: "ONE_OF_LIST"}
		for _, v := range choices {
			cond.Values = append(cond.Values, &sheetsapi.ConditionValue{UserEnteredValue: v})
		}
		// Active also takes "Paused until YYYY-MM-DD", which no list
		// holds: its dropdown offers the three and warns on other text
		// rather than refusing it (the sync checks the value).
		strict, msg := true, "Choose one of: "+strings.Join(choices, ", ")
		if col.Name == sheets.ColActive {
			strict, msg = false, msg+", or type Paused until YYYY-MM-DD"
		}
		reqs = append(reqs, &sheetsapi.Request{SetDataValidation: &sheetsapi.SetDataValidationRequest{
			Range: &sheetsapi.GridRange{SheetId: t.id, StartRowIndex: 1, StartColumnIndex: int64(c), EndColumnIndex: int64(c) + 1},
			Rule: &sheetsapi.DataValidationRule{Condition: cond, Strict: strict, ShowCustomUi: true, InputMessage: msg,
				ForceSendFields: []string{"Strict"}},
		}})
	}

	protect := func(g *sheetsapi.GridRange, why string) {
		reqs = append(reqs, &sheetsapi.Request{AddProtectedRange: &sheetsapi.AddProtectedRangeRequest{
			ProtectedRange: &sheetsapi.ProtectedRange{Range: g, Description: protectPrefix + why, WarningOnly: true}}})
	}
	organizerCols := false
	for _, c := range spec.Columns {
		if c.Owner == sheets.Organizer {
			organizerCols = true
		}
	}
	podsyncCols := false
	for _, c := range spec.Columns {
		if c.Owner == sheets.Podsync {
			podsyncCols = true
		}
	}
	switch {
	case spec.Name == sheets.TabResponses:
		// Rows typed by hand with no Response ID are kept as they are.
		protect(&sheetsapi.GridRange{SheetId: t.id},
			"podsync writes the form's responses here; edits to a row with a Response ID will be replaced. To add a paper questionnaire, type a new row and leave Response ID empty")
	case spec.Open || (podsyncCols && !organizerCols):
		// podsync writes the whole tab (Responses gains a column per
		// new question).
		protect(&sheetsapi.GridRange{SheetId: t.id}, "podsync rewrites this tab every sync; your edits here will be replaced")
	default:
		protect(&sheetsapi.GridRange{SheetId: t.id, StartRowIndex: 0, EndRowIndex: 1, StartColumnIndex: 0, EndColumnIndex: int64(max(len(header), 1))},
			"podsync finds columns by these names; renaming one stops the sync")
		var pos []int
		for _, c := range spec.Columns {
			if c.Owner != sheets.Podsync {
				continue
			}
			p, err := idx.Find(c.Name)
			if err != nil {
				return nil, err
			}
			if p >= 0 {
				pos = append(pos, p)
			}
		}
		for _, run := range runs(pos) {
			protect(&sheetsapi.GridRange{SheetId: t.id, StartRowIndex: 1, StartColumnIndex: int64(run[0]), EndColumnIndex: int64(run[1]) + 1},
				"podsync rewrites these columns every sync; type in "+organizerNames(spec)+" instead")
		}
	}
	return reqs, nil
}

// organizerNames lists a tab's organizer columns: "Active and Notes".
func organizerNames(spec sheets.TabSpec) string {
	var names []string
	for _, c := range spec.Columns {
		if c.Owner == sheets.Organizer {
			names = append(names, c.Name)
		}
	}
	switch len(names) {
	case 0:
		return "a column of your own"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// runs groups column positions into [first, last] runs of adjacent ones.
func runs(pos []int) [][2]int {
	if len(pos) == 0 {
		return nil
	}
	ps := slices.Sorted(slices.Values(pos))
	var out [][2]int
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1][1] == p-1 {
			out[n-1][1] = p
		} else if n == 0 || out[n-1][1] != p {
			out = append(out, [2]int{p, p})
		}
	}
	return out
}
