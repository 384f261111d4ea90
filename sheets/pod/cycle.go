package pod

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/matching/propose"
	"github.com/podsync/podsync/matching/rotation"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
)

// Cycle is one sync: read the pod, ingest responses, rebuild the roster,
// plan pairing rounds, match needs to offers, and write what changed in one
// Apply. It is safe to repeat: a cycle killed half-way is simply redone.
type Cycle struct {
	Store sheets.Store
	// Source is where responses come from: the Forms API, a downloaded
	// export (ingest.File), or nil for the linked tab ("Form Responses 1"
	// or "Form responses 1") when the pod's spreadsheet has one.
	Source ingest.Source
	Now    time.Time
	DryRun bool
	Log    *slog.Logger

	forget *forgetting // the member a Forget erases (forget.go); nil in a sync
}

// Report is what a cycle did. Its counts are what gets logged; Plan, Pod
// and Warnings hold what members and organizers wrote, so a Report is
// logged only through LogValue, which keeps to the counts.
type Report struct {
	Responses     int // responses the source returned
	NewResponses  int // rows added to Responses
	Members       int
	Skipped       int // responses with no name, email or phone
	MatchesNew    int
	MatchesKept   int
	OpenNeeds     int
	RoundsPlanned int // future rounds on the Pairings tab
	Plan          *sheets.Plan
	Warnings      []string
	// Changes is what the cycle changed, by name (also appended to the
	// Changes tab). Like Warnings it names people: never logged.
	Changes        []Change
	Pod            *matching.Pod
	Cursor         time.Time
	CellsWritten   int
	NothingChanged bool
}

// LogValue makes a logged Report its counts only: never names, answers or
// the cells of the plan. Its keys are the one schema of a cycle's log line,
// from the command line and the daemon alike; logged under an empty key
// (slog.Any("", rep)) they stand beside the line's other keys.
func (r *Report) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("responses", r.Responses), slog.Int("new_responses", r.NewResponses),
		slog.Int("members", r.Members), slog.Int("skipped", r.Skipped),
		slog.Int("matches_new", r.MatchesNew), slog.Int("matches_kept", r.MatchesKept),
		slog.Int("open_needs", r.OpenNeeds), slog.Int("rounds_planned", r.RoundsPlanned),
		slog.Int("cells_written", r.CellsWritten), slog.Int("warnings", len(r.Warnings)),
		slog.Int("changes", len(r.Changes)))
}

// Run runs the cycle: each step below reads what the steps before it
// found, and only the last one writes.
func (c *Cycle) Run(ctx context.Context) (*Report, error) {
	r, err := c.readPod(ctx)
	if err != nil {
		return nil, err
	}
	for _, step := range []func(context.Context) error{
		r.ingestResponses, // Responses: new and edited responses from the source
		r.buildRoster,     // Members: one person per linked set of responses
		r.planRounds,      // Pairings: the coming rounds
		r.matchNeeds,      // Matches and Unmet: needs to offers
		r.listChanges,     // Changes: what this cycle changes, by name
		r.planWrites,      // every tab's rows, diffed into one plan
	} {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return r.apply(ctx)
}

// run is one cycle's working state, filled in step by step.
type run struct {
	c     *Cycle
	log   *slog.Logger
	tabs  map[string]*sheets.Table
	set   matching.Settings
	state map[string]string
	now   time.Time // the cycle's time (Cycle.Now, else the clock)
	today time.Time // the pod's local date, at midnight UTC
	rep   *Report

	// ingestResponses
	batch *ingest.Batch
	opts  mergeOpts
	resp  merged
	hm    ingest.HeaderMap
	// buildRoster
	members   []matching.Member
	res       *resolver
	dnp       []matching.DoNotPair
	forbidden matching.Forbidden
	// planRounds
	history, groups []matching.Group
	rawGroups       []sheets.Record
	standing        map[int]rotation.Standing // which rounds on the tab stand
	// matchNeeds
	existing   []matching.Match
	hand       map[string]bool
	rawMatches map[string]sheets.Record
	mres       matching.MatchResult

	forget forgetState // forget.go: forgotten members, and a Forget's member
	plan   sheets.Plan
}

// readPod reads every tab once, the Settings and podsync's own state.
func (c *Cycle) readPod(ctx context.Context) (*run, error) {
	r := &run{c: c, log: c.Log, rep: &Report{}}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if r.tabs, err = c.Store.Read(ctx, sheets.TabNames()...); err != nil {
		return nil, err
	}
	if err = checkTabNames(ctx, c.Store, r.tabs); err != nil {
		return nil, err
	}
	if r.set, err = ParseSettings(r.tabs[sheets.TabSettings]); err != nil {
		return nil, err
	}
	if r.state, err = readState(r.tabs[sheets.TabState]); err != nil {
		return nil, err
	}
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	r.now = now
	local := now.In(r.set.TimeZone)
	r.today = time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	r.startForgetting()
	return r, nil
}

// source is the cycle's Source, or the linked tab when it has none (nil
// when the pod has no linked tab either). Errors name the linked tab as the
// spreadsheet titles it.
func (r *run) source() ingest.Source {
	if r.c.Source != nil {
		return r.c.Source
	}
	for _, n := range sheets.LinkedTabs {
		if t := r.tabs[n]; t != nil && len(t.Header) > 0 {
			if ts, ok := r.c.Store.(interface{ TabTitle(string) string }); ok {
				t.Name = ts.TabTitle(n)
			}
			return ingest.Linked{Tab: t}
		}
	}
	return nil
}

// ingestResponses merges the source's responses into the Responses tab's
// rows and resolves which column holds which question.
func (r *run) ingestResponses(ctx context.Context) error {
	r.opts = mergeOpts{questions: questionColumns(r.state)}
	r.batch = &ingest.Batch{}
	if src := r.source(); src != nil {
		since, _ := time.Parse(time.RFC3339Nano, r.state["cursor"])
		b, err := src.Read(ctx, since, &r.set)
		if err != nil {
			return err
		}
		r.batch = b
		r.rep.Warnings = append(r.rep.Warnings, b.Warnings...)
	}
	r.rep.Responses, r.rep.Cursor = len(r.batch.Responses), r.batch.Cursor
	r.opts.complete = r.batch.Complete
	var err error
	if r.resp, err = mergeResponses(r.tabs[sheets.TabResponses], r.batch.Responses, r.set.TimeZone, r.opts); err != nil {
		return err
	}
	r.rep.NewResponses = r.resp.added
	for _, g := range r.resp.gone {
		r.warn("tab %q, row %d: the response is no longer in %s (edited or deleted there) and is left out of Members, but the row is kept because %q holds something podsync did not write; move it to the response's new row and delete this one",
			sheets.TabResponses, g.row, r.batch.Name, g.column)
	}
	if len(r.resp.rows) == 0 {
		// A new pod: nothing to read questions from yet, and nothing wrong.
		r.hm = ingest.HeaderMap{}
		r.warn("%s", noResponsesWarning(r.batch.Name))
		return nil
	}
	// ResolveHeaders skips Response ID and Submitted at itself, so its
	// column letters in errors are the tab's own.
	headers := renamedHeaders(r.set.Headers, r.c.Source, r.batch.Responses, r.opts.questions, r.resp.names)
	where := fmt.Sprintf("tab %q", sheets.TabResponses)
	if r.hm, err = ingest.ResolveHeaders(r.resp.names, headers, where); err != nil {
		return err
	}
	r.leaveOutForgotten() // before the roster: forgotten members stay out
	r.rep.Warnings = append(r.rep.Warnings, ingest.MissingQuestions(r.resp.names, r.hm, headers)...)
	return nil
}

// buildRoster links responses into members, keeping the Members tab's IDs
// and organizer columns, and resolves the Do Not Pair rules.
func (r *run) buildRoster(context.Context) error {
	if err := checkActive(r.tabs[sheets.TabMembers]); err != nil {
		return err
	}
	ch := ingest.NewChoices(r.set.Answers)
	members, skipped, err := buildMembers(r.resp.rows, r.hm, ch, r.tabs[sheets.TabMembers], r.set.TimeZone)
	if err != nil {
		return err
	}
	r.rep.Warnings = append(r.rep.Warnings, ch.Warnings()...)
	for i := range members {
		members[i].Active = members[i].ActivityOn(r.today) // a "Paused until" pause ends on its day
	}
	r.members = members
	r.rep.Members, r.rep.Skipped = len(members), skipped
	if skipped > 0 {
		r.warn("%d responses have no name, email or phone and were left out of Members", skipped)
	}
	r.res = newResolver(members)
	dnp, dnpRows, err := parseDoNotPair(r.tabs[sheets.TabDoNotPair])
	if err != nil {
		return err
	}
	r.dnp = dnp
	r.forbidden, _ = matching.ResolveDoNotPair(dnp, members)
	r.rep.Warnings = append(r.rep.Warnings, doNotPairWarnings(sheets.TabDoNotPair, dnpRows, members)...)
	return nil
}

// planRounds reads the Pairings tab's history and plans the coming rounds.
func (r *run) planRounds(context.Context) error {
	var err error
	r.history, r.rawGroups, err = ParsePairings(r.tabs[sheets.TabPairings], r.res, r.set.DateOrder == "DMY")
	if err != nil {
		return err
	}
	in := matching.RotationInput{
		Members: r.members, History: r.history, Forbidden: r.forbidden, Settings: r.set, Today: r.today,
	}
	res := rotation.Run(in)
	r.groups, r.standing = res.Groups, res.Standings
	future := map[int]bool{}
	for _, g := range r.groups {
		if !g.WeekOf.Before(r.today) {
			future[g.Round] = true
		}
	}
	r.rep.RoundsPlanned = len(future)
	return nil
}

// matchNeeds reads the Matches tab's decisions and proposes helpers for the
// needs still open.
func (r *run) matchNeeds(context.Context) error {
	var warnings []string
	var err error
	r.existing, r.hand, r.rawMatches, warnings, err = ParseMatches(r.tabs[sheets.TabMatches], r.res)
	if err != nil {
		return err
	}
	r.rep.Warnings = append(r.rep.Warnings, warnings...)
	r.mres = propose.Matches(matching.MatchInput{
		Members: r.members, Existing: r.existing, Settings: r.set, Forbidden: r.forbidden,
		Met: rotation.MetPairs(r.history, r.today), Today: r.today,
	})
	before := map[string]bool{}
	for _, m := range r.existing {
		before[m.ID] = true
	}
	for _, m := range r.mres.Matches {
		if m.Status == matching.Proposed {
			if before[m.ID] {
				r.rep.MatchesKept++
			} else {
				r.rep.MatchesNew++
			}
		}
	}
	for _, u := range r.mres.Unmet {
		if u.Category != "" {
			r.rep.OpenNeeds += u.Open
		}
	}
	return nil
}

// planWrites turns every tab's wanted rows into one plan.
func (r *run) planWrites(context.Context) error {
	respEdit, err := sheets.Diff(r.tabs[sheets.TabResponses], r.resp.spec, r.resp.recs)
	if err != nil {
		return err
	}
	removeRows(&respEdit, r.tabs[sheets.TabResponses], r.resp.removed)
	r.addEdit(respEdit)
	for _, step := range []struct {
		tab  string
		recs []sheets.Record
	}{
		{sheets.TabMembers, memberRecords(r.members, r.set.TimeZone)},
		{sheets.TabMatches, matchRecords(r.mres.Matches, r.hand, r.rawMatches, r.res, r.today, r.set.NudgeAfter)},
		{sheets.TabPairings, pairingRecords(r.groups, r.history, r.rawGroups, r.standing, r.res)},
		{sheets.TabUnmet, unmetRecords(r.mres.Unmet, r.res)},
		{sheets.TabDirectory, directoryRecords(r.members)},
	} {
		if err := r.diff(step.tab, step.recs); err != nil {
			return err
		}
	}
	if err := r.diff(sheets.TabChanges, changeRecords(r.tabs[sheets.TabChanges], r.rep.Changes, r.now.In(r.set.TimeZone).Format(changeTime))); err != nil {
		return err
	}
	if err := r.suggestGroups(); err != nil { // advice only: suggested.go
		return err
	}
	// A tab that exists but is blank (a cycle that died after creating it,
	// or an organizer who cleared it) is filled in as if it were new.
	if t := r.tabs[sheets.TabSettings]; t == nil || blankTab(t) {
		r.addEdit(settingsTab(t == nil))
	}
	if t := r.tabs[sheets.TabDoNotPair]; t == nil || blankTab(t) {
		if err := r.diff(sheets.TabDoNotPair, nil); err != nil {
			return err
		}
	}
	cursor := r.state["cursor"]
	if !r.rep.Cursor.IsZero() {
		cursor = r.rep.Cursor.UTC().Format(time.RFC3339Nano)
	}
	return r.diff(sheets.TabState, stateRecords(cursor, r.opts.questions))
}

// apply writes the plan (unless this is a dry run or nothing changed) and
// completes the report.
func (r *run) apply(ctx context.Context) (*Report, error) {
	rep := r.rep
	rep.Plan = &r.plan
	rep.CellsWritten = r.plan.CellCount()
	rep.NothingChanged = r.plan.Empty()
	rep.Pod = &matching.Pod{Settings: r.set, Members: r.members, Matches: r.mres.Matches, Groups: r.groups, DoNotPair: r.dnp,
		Resources: parseResources(r.tabs[sheets.TabResources])}
	// Debug detail for --verbose: tab names and counts, never cell text.
	for _, e := range r.plan.Tabs {
		r.log.Debug("tab planned", "tab", e.Tab, "cells", len(e.Cells), "rows_removed", len(e.DeleteRows), "create", e.Create)
	}
	r.log.Debug("cycle planned", "report", rep, "dry_run", r.c.DryRun)
	if r.c.DryRun || r.plan.Empty() {
		return rep, nil
	}
	if err := r.c.Store.Apply(ctx, &r.plan); err != nil {
		return nil, err
	}
	return rep, nil
}

// diff adds what it takes to make the tab hold recs to the plan.
func (r *run) diff(tab string, recs []sheets.Record) error {
	spec, _ := sheets.Spec(tab)
	e, err := sheets.Diff(r.tabs[tab], spec, r.forgetIn(tab, recs))
	if err != nil {
		return err
	}
	r.addEdit(e)
	return nil
}

func (r *run) addEdit(e sheets.TabEdit) {
	r.dropRows(&e) // rows of a forgotten member
	if !e.Empty() {
		r.plan.Tabs = append(r.plan.Tabs, e)
	}
}

func (r *run) warn(format string, args ...any) {
	r.rep.Warnings = append(r.rep.Warnings, fmt.Sprintf(format, args...))
}

// blankTab reports whether an existing tab holds nothing at all.
func blankTab(t *sheets.Table) bool {
	if !sheets.BlankRow(t.Header) {
		return false
	}
	for _, r := range t.Rows {
		if !sheets.BlankRow(r) {
			return false
		}
	}
	return true
}

// Check reads responses as the first sync of a new pod with default
// Settings would, and writes nothing: its warnings say what the pod's
// Settings need (a header map, an Answer row) before that first sync.
func Check(ctx context.Context, src ingest.Source, now time.Time) (*Report, error) {
	return (&Cycle{Store: noTabs{}, Source: src, Now: now, DryRun: true}).Run(ctx)
}

// noTabs is a pod with no tabs yet, for Check.
type noTabs struct{}

func (noTabs) Read(context.Context, ...string) (map[string]*sheets.Table, error) {
	return map[string]*sheets.Table{}, nil
}

func (noTabs) Apply(context.Context, *sheets.Plan) error {
	return errors.New("pod: a check writes nothing")
}
