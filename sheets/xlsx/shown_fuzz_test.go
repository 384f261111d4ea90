package xlsx

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// FuzzFormat: formatting any stored value by any number format code
// returns (never panics, even where excelize's formatter would); a value
// that is not a number comes back as it is; and General shows a number
// that reads back as the same number to its shown precision, integers
// below 10^15 in full.
func FuzzFormat(f *testing.F) {
	for _, raw := range []string{"2018.0", "7.0", "0.5", "1234567.89", "1.0E-5", "5.550123456E9", "9.99999999999999E14",
		"1.234567890123456E15", "0.30000000000000004", "-0.0", "46346.37861516204", "46346.999999", "1.0E308", "-1.0E-308", "abc", ""} {
		for _, code := range []string{"", "General", "@", "m/d/yyyy", "M/d/yyyy H:mm:ss", "h:mm am/pm", `"am/pm" h:mm am/pm`, "[h]:mm:ss",
			"0%", "0.00%", `"$"#,##0.00`, `[$€-2] #,##0.00;[Red]-#,##0.00`, "0.00E+00", "# ?/?", `[>100]0;"small"`, `;;;`, `"`, `[`, `\`, "yyyy-mm-dd hh:mm:ss.000"} {
			f.Add(raw, code)
		}
	}
	// One formatter for many inputs (a new one is slow to make), as for a
	// workbook's cells; a fresh one now and then keeps it small.
	fm := newFormatter()
	f.Fuzz(func(t *testing.T, raw, code string) {
		if len(fm.styles) > 200 {
			fm.Close()
			fm = newFormatter()
		}
		got := fm.format(raw, code)
		x, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if !numberRE.MatchString(strings.TrimSpace(raw)) || err != nil || math.IsInf(x, 0) {
			if got != strings.TrimSpace(raw) {
				t.Fatalf("%q (not a number) by %q shows %q", raw, code, got)
			}
			return
		}
		if c := strings.TrimSpace(code); c != "" && !strings.EqualFold(c, "general") && c != "@" {
			return
		}
		checkGeneral(t, x, got)
	})
}

// FuzzGeneral checks General over every float64.
func FuzzGeneral(f *testing.F) {
	for _, x := range []float64{0, 2018, 0.5, 1e-5, 5550123456, 999999999999999, 1e15, 0.1 + 0.2, math.Pi, 1e-9, 9.999999999e-10, 99999.999995, -12345678901.5, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		checkGeneral(t, x, general(x))
	})
}

func checkGeneral(t *testing.T, x float64, got string) {
	t.Helper()
	back, err := strconv.ParseFloat(got, 64)
	if err != nil {
		t.Fatalf("%v shows %q, not a number", x, got)
	}
	a := math.Abs(x)
	switch {
	case a == math.Trunc(a) && a < 1e15:
		if back != x || strings.ContainsAny(got, "E.") {
			t.Fatalf("integer %v shows %q", x, got)
		}
	case strings.Contains(got, "E"):
		if a < 1e15 && a >= 1e-9 {
			t.Fatalf("%v shows %q in scientific notation", x, got)
		}
		if math.Abs(back-x) > 5e-6*a {
			t.Fatalf("%v shows %q", x, got)
		}
	default:
		// 10 significant digits, or the whole integer part when it is
		// longer: off by at most half the last digit shown.
		tol := 5e-10 * a
		if a >= 1e9 {
			tol = max(tol, 0.5)
		}
		if math.Abs(back-x) > tol*1.000001+1e-14*a {
			t.Fatalf("%v shows %q", x, got)
		}
		if strings.HasSuffix(got, "0") && strings.Contains(got, ".") || strings.HasSuffix(got, ".") || got == "-0" {
			t.Fatalf("%v shows %q with trailing zeros", x, got)
		}
	}
	if (x < 0) != strings.HasPrefix(got, "-") && got != "0" {
		t.Fatalf("%v shows %q with the wrong sign", x, got)
	}
}
