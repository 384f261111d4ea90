package pod_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

func TestTimeSettings(t *testing.T) {
	cases := []struct {
		zone, order string
		wantZone    string // a time in the zone, formatted
		wantOrder   string
		err         string
	}{
		{"America/New_York", "DMY", "2026-11-20T09:00:00-05:00", "DMY", ""},
		{"america/new_york", "mdy", "2026-11-20T09:00:00-05:00", "MDY", ""},
		{"Asia/Kolkata", "D/M/Y", "2026-11-20T09:00:00+05:30", "DMY", ""},
		{"GMT-4", "dd/mm/yyyy", "2026-11-20T09:00:00-04:00", "DMY", ""},
		{"(GMT+05:30) India Standard Time", "M/D/YYYY", "2026-11-20T09:00:00+05:30", "MDY", ""},
		{"", "", "2026-11-20T09:00:00Z", "", ""},
		{"UTC", "day first", "2026-11-20T09:00:00Z", "DMY", ""},
		{"Mars/Olympus", "", "", "", "Time zone: not a time zone name"},
		{"UTC", "YMD", "", "", "MDY or DMY"},
	}
	for _, tc := range cases {
		tab := &sheets.Table{Name: sheets.TabSettings, Header: []string{"Setting", "Value"},
			Rows: [][]string{{"Time zone", tc.zone}, {"Date order", tc.order}}}
		set, err := pod.ParseSettings(tab)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `"Settings"`) {
				t.Errorf("%q/%q: got %v, want an error saying %s", tc.zone, tc.order, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q/%q: %v", tc.zone, tc.order, err)
			continue
		}
		got := ingest.FormatTime(time.Date(2026, 11, 20, 9, 0, 0, 0, set.TimeZone))
		if got != tc.wantZone || set.DateOrder != tc.wantOrder {
			t.Errorf("%q/%q: %s %q, want %s %q", tc.zone, tc.order, got, set.DateOrder, tc.wantZone, tc.wantOrder)
		}
	}
}

// TestDuplicateSettingsRefused (defect F): a zone listed twice in Zone
// order, or a setting given in two rows, stops the sync with an error
// naming the Settings rows, before anything is written.
func TestDuplicateSettingsRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s sheets.Store) []string // what the error must say
	}{
		{"zone listed twice", func(t *testing.T, s sheets.Store) []string {
			st := storetest.ReadTab(t, s, sheets.TabSettings)
			i, _ := find(t, st, sheets.ColSetting, "Zone order")
			edit(t, s, sheets.TabSettings, sheets.CellEdit{Row: i + 1, Col: colOf(t, st, sheets.ColValue),
				Value: "Building A, Building B, Building C, building  a"})
			return []string{`tab "Settings"`, "row " + strconv.Itoa(i+2), `column "Value"`, `"building  a" is listed twice`}
		}},
		{"setting in two rows", func(t *testing.T, s sheets.Store) []string {
			st := storetest.ReadTab(t, s, sheets.TabSettings)
			i, _ := find(t, st, sheets.ColSetting, "Rounds ahead")
			row := appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "rounds  ahead", sheets.ColValue: "4"})
			return []string{`tab "Settings"`, "row " + strconv.Itoa(row), `column "Setting"`,
				"row " + strconv.Itoa(i+2) + " and row " + strconv.Itoa(row), "delete row " + strconv.Itoa(i+2) + " or row " + strconv.Itoa(row)}
		}},
		{"header mapped twice", func(t *testing.T, s sheets.Store) []string {
			a := appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "Header: name", sheets.ColValue: "Your name"})
			b := appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "header:Name", sheets.ColValue: "Name"})
			return []string{`tab "Settings"`, "row " + strconv.Itoa(a) + " and row " + strconv.Itoa(b)}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storetest.NewMem()
			csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
			cycleAt(t, s, csv, now)
			want := tc.setup(t, s)
			before := snapshot(t, s)
			_, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: now}).Run(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			if !reflect.DeepEqual(before, snapshot(t, s)) {
				t.Error("the pod changed")
			}
		})
	}
}

// TestLanguageSetting: Settings "Language" is a BCP 47 tag, written in its
// canonical case; blank or absent is English; a tag that does not parse
// is an error naming the row and saying what to type.
func TestLanguageSetting(t *testing.T) {
	for _, tc := range []struct{ val, want, err string }{
		{"es", "es", ""},
		{"zh-hans", "zh-Hans", ""},
		{"zh_Hans", "zh-Hans", ""},
		{"EN", "en", ""},
		{"fr", "fr", ""}, // a real tag podsync has no words for: the handout falls back to English
		{"", "en", ""},
		{"Spanish!", "", "en, bn, es, ht or zh-Hans"},
		{"x", "", "row 3"},
	} {
		tab := &sheets.Table{Name: sheets.TabSettings, Header: []string{"Setting", "Value"},
			Rows: [][]string{{"Pod name", "Elm Row"}, {"Language", tc.val}}}
		set, err := pod.ParseSettings(tab)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "Language") {
				t.Errorf("%q: got %v, want an error saying %s", tc.val, err, tc.err)
			}
			continue
		}
		if err != nil || set.Language != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.val, set.Language, err, tc.want)
		}
	}
	if set, err := pod.ParseSettings(nil); err != nil || set.Language != "en" {
		t.Errorf("no Settings tab: %q, %v", set.Language, err)
	}
}
