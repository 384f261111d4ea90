package ingest

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Google writes a response's timestamp in one of two shapes:
//
//	downloaded CSV:  2023/08/08 6:07:50 PM GMT+5:30   (12-hour, zone given)
//	linked sheet:    8/8/2023 18:07:50                (24-hour, sheet's zone)
//
// and an xlsx download of the linked sheet holds a date-time serial number.
// podsync stores every one as RFC 3339 with its offset.

var (
	// 2023/08/08 6:07:50 PM GMT+5:30; am/pm in either case (a.m. too),
	// the zone as GMT±H[:MM] or an abbreviation. A 24-hour time without
	// am/pm and a missing zone are read too (the zone is then the
	// spreadsheet's).
	downloadRE = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp])\.?\s*[Mm]\.?)?(?:\s+(\S.*))?$`)
	// 11/20/2026 9:05:12 (or 20/11/2026, or 20.11.2026 which is always
	// day first), with an optional am/pm for sheets formatted that way.
	linkedRE = regexp.MustCompile(`^(\d{1,2})([/.])(\d{1,2})[/.](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp])\.?\s*[Mm]\.?)?)?$`)
	// 2026-11-20 09:05:12: a linked sheet in an ISO-date locale.
	isoLocalRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?$`)
	gmtRE      = regexp.MustCompile(`^(?i:GMT|UTC)\s*(?:([+−-])\s*(\d{1,2})(?::?(\d{2}))?)?$`)
	serialRE   = regexp.MustCompile(`^\d{1,7}(\.\d+)?$`)
)

// zoneAbbrev gives the offset, in minutes, of the zone abbreviations Google
// writes in downloaded CSVs. Where an abbreviation is ambiguous the reading
// in the list is the one Google uses for English-language forms.
var zoneAbbrev = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
	"CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180,
	"MSK": 180, "TRT": 180, "EAT": 180, "CAT": 120, "WAT": 60, "SAST": 120,
	"GST": 240, "IRST": 210, "PKT": 300, "NPT": 345, "ICT": 420, "WIB": 420,
	"SGT": 480, "HKT": 480, "PHT": 480, "MYT": 480, "AWST": 480, "JST": 540,
	"KST": 540, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
	"NZST": 720, "NZDT": 780, "HST": -600, "AKST": -540, "AKDT": -480,
	"PST": -480, "PDT": -420, "MST": -420, "MDT": -360, "CST": -360,
	"CDT": -300, "EST": -300, "EDT": -240, "AST": -240, "ADT": -180,
	"NST": -210, "NDT": -150, "ART": -180, "BRT": -180, "CLT": -240,
	"CLST": -180, "COT": -300, "PET": -300, "VET": -240, "UYT": -180,
	"HDT": -540, "SST": -660, "CHST": 600, "WIT": 540, "WITA": 480,
	"IDT": 180, "ACWST": 525, "AWDT": 540, "LHST": 630, "NZT": 720,
	"UT": 0,
}

// TimestampKind says which of Google's shapes a timestamp has.
type TimestampKind int

const (
	UnknownTime  TimestampKind = iota
	DownloadTime               // 2026/11/20 9:05:12 AM GMT-5
	LinkedTime                 // 11/20/2026 9:05:12
	SerialTime                 // 46346.3785 (xlsx date-time number)
	RFC3339Time                // 2026-11-20T09:05:12-05:00 (podsync's own)
)

// KindOf tells the shape of a timestamp without parsing it fully.
func KindOf(s string) TimestampKind {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u202f", " "))
	if m := downloadRE.FindStringSubmatch(s); m != nil {
		// Without a zone it is a linked sheet in a year-first locale
		// (ja-JP, zh-CN write 2026/11/20 9:05:12).
		if m[9] == "" {
			return LinkedTime
		}
		return DownloadTime
	}
	switch {
	case linkedRE.MatchString(s), isoLocalRE.MatchString(s):
		return LinkedTime
	case serialRE.MatchString(s):
		return SerialTime
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return RFC3339Time
	}
	return UnknownTime
}

// TimeReader parses timestamps of one export with the pod's settings.
type TimeReader struct {
	Loc *time.Location // the spreadsheet's time zone, for linked and serial
	// DMY reads linked dates day first.
	DMY bool
}

// Parse reads one timestamp in any of the shapes. Fractions of a second
// (an xlsx date-time number has them) are kept; FormatTime drops them.
func (tr TimeReader) Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u202f", " ")) // narrow no-break space before AM/PM
	loc := tr.Loc
	if loc == nil {
		loc = time.UTC
	}
	if s == "" {
		return time.Time{}, errors.New("the timestamp is empty; every response needs the time Google wrote")
	}
	if m := downloadRE.FindStringSubmatch(s); m != nil {
		zl := loc
		if z := strings.TrimSpace(m[9]); z != "" {
			off, err := parseZone(z)
			if err != nil {
				return time.Time{}, err
			}
			zl = time.FixedZone(zoneName(off), off*60)
		}
		hour, err := clockHour(m[4], m[8])
		if err != nil {
			return time.Time{}, err
		}
		return makeTime(atoi(m[1]), atoi(m[2]), atoi(m[3]), hour, atoi(m[5]), atoi(m[6]), nanos(m[7]), zl)
	}
	if m := linkedRE.FindStringSubmatch(s); m != nil {
		a, b := atoi(m[1]), atoi(m[3])
		month, day := a, b
		if tr.DMY || m[2] == "." {
			month, day = b, a
		}
		hour, err := clockHour(m[5], m[9])
		if err != nil {
			return time.Time{}, err
		}
		t, err := makeTime(atoi(m[4]), month, day, hour, atoi(m[6]), atoi(m[7]), nanos(m[8]), loc)
		if err != nil && m[2] == "/" && (month > 12 || day > 12) {
			order := `"DMY" (day first)`
			if tr.DMY {
				order = `"MDY" (month first)`
			}
			err = fmt.Errorf(`%w; if this file's dates are the other way round, set the Settings row "Date order" to %s`, err, order)
		}
		return t, err
	}
	if m := isoLocalRE.FindStringSubmatch(s); m != nil {
		return makeTime(atoi(m[1]), atoi(m[2]), atoi(m[3]), atoi(m[4]), atoi(m[5]), atoi(m[6]), nanos(m[7]), loc)
	}
	if serialRE.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 1 || f > 2958465 {
			return time.Time{}, fmt.Errorf("%q is not a date-time number a spreadsheet writes", s)
		}
		return serialTime(f, loc), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp Google writes (like 2026/11/20 9:05:12 AM GMT-5 or 11/20/2026 9:05:12); export the responses again rather than retyping them", s)
}

// clockHour reads an hour, on the 12-hour clock when ampm is given.
func clockHour(h, ampm string) (int, error) {
	hour := atoi(h)
	if ampm == "" {
		if hour > 23 {
			return 0, fmt.Errorf("hour %d does not exist", hour)
		}
		return hour, nil
	}
	if hour < 1 || hour > 12 {
		return 0, fmt.Errorf("hour %d is not a 12-hour clock hour", hour)
	}
	hour %= 12
	if ampm == "P" || ampm == "p" {
		hour += 12
	}
	return hour, nil
}

// nanos reads the digits after a decimal point as nanoseconds.
func nanos(frac string) int {
	if frac == "" {
		return 0
	}
	return atoi((frac + "000000000")[:9])
}

// DateOrderError is returned when linked-sheet dates could be read month
// first or day first and no Settings row says which.
type DateOrderError struct {
	Index int    // the first stamp (0-based) that could be read either way
	Stamp string // that stamp
	Mixed bool   // some dates are certainly day first and others month first
}

func (e *DateOrderError) Error() string {
	if e.Mixed {
		return fmt.Sprintf(`some dates are day/month and others month/day (%q is one of them); add a Settings row "Date order" with Value MDY or DMY`, e.Stamp)
	}
	return fmt.Sprintf(`the date %q could be month/day or day/month and no date in the file settles it; add a Settings row "Date order" with Value MDY (month first) or DMY (day first)`, e.Stamp)
}

// DetectDateOrder looks at every linked-shape timestamp of an export and
// decides whether dates are day first: a first number above 12 makes it
// certain one way, a second number above 12 the other. It returns a
// *DateOrderError when the export mixes both, or when some date could be
// read either way and none settles it. Day-dotted dates (20.11.2026) are
// always day first and take no part.
func DetectDateOrder(stamps []string) (dmy bool, err error) {
	sawDMY, sawMDY := false, false
	ambiguous, firstDMY, firstMDY := -1, -1, -1
	for i, s := range stamps {
		m := linkedRE.FindStringSubmatch(strings.TrimSpace(s))
		if m == nil || m[2] == "." {
			continue
		}
		a, b := atoi(m[1]), atoi(m[3])
		switch {
		case a > 12 && b <= 12:
			if !sawDMY {
				firstDMY = i
			}
			sawDMY = true
		case b > 12 && a <= 12:
			if !sawMDY {
				firstMDY = i
			}
			sawMDY = true
		case a != b && ambiguous < 0:
			ambiguous = i
		}
	}
	switch {
	case sawDMY && sawMDY:
		i := max(firstDMY, firstMDY)
		return false, &DateOrderError{Index: i, Stamp: stamps[i], Mixed: true}
	case sawDMY:
		return true, nil
	case sawMDY:
		return false, nil
	case ambiguous >= 0:
		return false, &DateOrderError{Index: ambiguous, Stamp: stamps[ambiguous]}
	}
	return false, nil
}

// wholeSecond drops the fraction of a second of t, read from the
// timestamp s, as the sheet shows it: a date-time number (an xlsx
// download) is shown rounded to the nearest second, so that Google's CSV
// of the same sheet writes 12:02:31.994 as 12:02:32; a written time shows
// the second it names.
func wholeSecond(t time.Time, s string) time.Time {
	if KindOf(s) == SerialTime {
		return t.Round(time.Second)
	}
	return t.Truncate(time.Second)
}

func serialTime(f float64, loc *time.Location) time.Time {
	days := math.Floor(f)
	ms := math.Round((f - days) * 86400 * 1000)
	// The number is the wall clock in the sheet's zone: time.Date reads
	// the day and the clock as written, so on a day that summer time
	// shortens or lengthens 9:05 is still 9:05 (adding the time of day to
	// midnight would give 10:05 after the clocks go forward).
	return time.Date(1899, 12, 30+int(days), 0, 0, 0, int(ms)*int(time.Millisecond), loc)
}

func makeTime(y, mo, d, h, mi, s, ns int, loc *time.Location) (time.Time, error) {
	if mo < 1 || mo > 12 {
		return time.Time{}, fmt.Errorf("month %d does not exist", mo)
	}
	if d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 {
		return time.Time{}, errors.New("the date or time is out of range")
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, ns, loc)
	if t.Day() != d {
		return time.Time{}, fmt.Errorf("day %d does not exist in month %d", d, mo)
	}
	return t, nil
}

func parseZone(z string) (minutes int, err error) {
	if z == "" {
		return 0, errors.New("the timestamp has no time zone")
	}
	if m := gmtRE.FindStringSubmatch(z); m != nil {
		if m[1] == "" {
			return 0, nil
		}
		h, mi := atoi(m[2]), atoi(m[3])
		if h > 14 || mi > 59 {
			return 0, fmt.Errorf("time zone %q is out of range", z)
		}
		off := h*60 + mi
		if m[1] != "+" {
			off = -off
		}
		return off, nil
	}
	if off, ok := zoneAbbrev[strings.ToUpper(z)]; ok {
		return off, nil
	}
	return 0, fmt.Errorf("time zone %q is not one podsync knows; replace it with its GMT offset, e.g. GMT-5 or GMT+5:30 (File → Settings of the spreadsheet shows it)", z)
}

func zoneName(minutes int) string {
	if minutes == 0 {
		return "UTC"
	}
	sign := '+'
	if minutes < 0 {
		sign, minutes = '-', -minutes
	}
	return fmt.Sprintf("%c%02d%02d", sign, minutes/60, minutes%60)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// FormatTime is how podsync writes Submitted at: RFC 3339 with the offset,
// to the second, unambiguous in any locale.
func FormatTime(t time.Time) string { return t.Format(time.RFC3339) }

// LoadZone reads the Settings' Time zone: an IANA name (any case), or a
// fixed offset as Google shows it, "GMT-5", "GMT+5:30", "(GMT-05:00) …"
// (a fixed offset knows no summer time: prefer the name).
func LoadZone(val string) (*time.Location, error) {
	if loc, err := time.LoadLocation(val); err == nil && val != "Local" {
		return loc, nil
	}
	if m := zoneNameRE.FindStringSubmatch(val); m != nil {
		if loc, err := time.LoadLocation(canonicalZone(m[0])); err == nil {
			return loc, nil
		}
	}
	z := strings.TrimSpace(val)
	if strings.HasPrefix(z, "(") {
		if i := strings.Index(z, ")"); i > 0 {
			z = z[1:i]
		}
	}
	if gmtRE.MatchString(z) {
		off, err := parseZone(z)
		if err != nil {
			return nil, err
		}
		return time.FixedZone(zoneName(off), off*60), nil
	}
	return nil, fmt.Errorf("unknown time zone %q", val)
}

var zoneNameRE = regexp.MustCompile(`[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+`)

// canonicalZone fixes the case of a typed IANA name: america/new_york →
// America/New_York.
func canonicalZone(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}
