package daemon

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStaleAfterNotLongerThanInterval: a stale_after that a pod syncing on
// time would pass (its interval plus 10% jitter) is refused at the
// stale_after line, naming the pod's interval.
func TestStaleAfterNotLongerThanInterval(t *testing.T) {
	for _, tc := range []struct {
		src, want string
		def       time.Duration
	}{
		{"{\n  \"interval\": \"5m\",\n  \"stale_after\": \"2m\",\n  \"pods\": [{\"spreadsheet\": \"A\"}]\n}", "c.json:3: stale_after: 2m0s is not longer than pod \"A\"'s interval of 5m0s (interval on line 2)", 0},
		{"{\n  \"stale_after\": \"5m\",\n  \"pods\": [\n    {\"spreadsheet\": \"A\"},\n    {\"spreadsheet\": \"B\", \"interval\": \"5m\"}\n  ]\n}", "c.json:2: stale_after: 5m0s is not longer than pod \"B\"'s interval of 5m0s (pods[1].interval on line 5)", 0},
		{"{\n  \"stale_after\": \"1m\",\n  \"pods\": [{\"spreadsheet\": \"A\"}]\n}", "c.json:2: stale_after: 1m0s is not longer than pod \"A\"'s interval of 1m0s (--interval)", time.Minute},
	} {
		cfg, err := ParseConfig("c.json", []byte(tc.src))
		if err == nil {
			err = cfg.CheckStaleAfter(tc.def)
		}
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n%v\nwant %q", tc.src, err, tc.want)
		}
	}
	// Longer than interval + 10% is fine, and so is no stale_after.
	for _, src := range []string{
		`{"interval": "1m", "stale_after": "67s", "pods": [{"spreadsheet": "A"}]}`,
		`{"interval": "5m", "pods": [{"spreadsheet": "A"}]}`,
		`{"stale_after": "10m", "pods": [{"spreadsheet": "A"}, {"spreadsheet": "B", "interval": "5m"}]}`,
	} {
		cfg, err := ParseConfig("c.json", []byte(src))
		if err == nil {
			err = cfg.CheckStaleAfter(time.Minute)
		}
		if err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
}

// TestCheckFiles: a credentials file the config names that is not there is
// reported with its line; the top's is checked only when a pod uses it.
func TestCheckFiles(t *testing.T) {
	dir := t.TempDir()
	sa := filepath.Join(dir, "sa.json")
	if err := os.WriteFile(sa, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "gone.json")
	for _, tc := range []struct {
		src, want string
	}{
		{"{\n  \"credentials\": \"" + missing + "\",\n  \"pods\": [{\"spreadsheet\": \"A\"}]\n}", "c.json:2: credentials: " + missing + " does not exist"},
		{"{\n  \"credentials\": \"" + sa + "\",\n  \"pods\": [\n    {\"spreadsheet\": \"A\"},\n    {\"spreadsheet\": \"B\",\n     \"credentials\": \"" + missing + "\"}\n  ]\n}", "c.json:6: pods[1].credentials: " + missing + " does not exist"},
		{"{\n  \"credentials\": \"" + dir + "\",\n  \"pods\": [{\"spreadsheet\": \"A\"}]\n}", "c.json:2: credentials: " + dir + " is a folder"},
		{"{\n  \"credentials\": \"" + sa + "\",\n  \"pods\": [{\"spreadsheet\": \"A\"}]\n}", ""},
		// Every pod has its own: the top's missing file is not used.
		{"{\n  \"credentials\": \"" + missing + "\",\n  \"pods\": [{\"spreadsheet\": \"A\", \"credentials\": \"" + sa + "\"}]\n}", ""},
	} {
		cfg, err := ParseConfig("c.json", []byte(tc.src))
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		err = cfg.CheckFiles()
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.src, err)
			}
			continue
		}
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Line == 0 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n%v\nwant %q", tc.src, err, tc.want)
		}
	}
}
