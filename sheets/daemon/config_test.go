package daemon

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testdata = "../../testdata/daemon"

func TestLoadConfig(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join(testdata, "pods.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Pods) != 3 || cfg.Concurrency != 4 || cfg.Interval != 2*time.Minute {
		t.Fatalf("%+v", cfg)
	}
	a, b, c := cfg.Pods[0], cfg.Pods[1], cfg.Pods[2]
	if a.Name != "elm-street" || a.Form != "1FoRmIdElMsTrEeT" || a.Interval != 2*time.Minute ||
		a.Credentials != "/etc/podsync/service-account.json" || a.Line != 6 {
		t.Errorf("pod 1: %+v", a)
	}
	if b.Spreadsheet != "1ToWeRbSpReAdShEeT" || b.Credentials != "/etc/podsync/tower-b.json" || b.Interval != 5*time.Minute ||
		b.Project != "tower-b-project" || b.Line != 7 {
		t.Errorf("pod 2: %+v", b)
	}
	if c.Name != "1NoNaMeSpReAdShEeT" || c.Form != "" {
		t.Errorf("pod 3: %+v", c)
	}
	if a.Identity() != "credentials:/etc/podsync/service-account.json" || c.Identity() != a.Identity() || b.Identity() == a.Identity() {
		t.Errorf("identities %q %q %q", a.Identity(), b.Identity(), c.Identity())
	}
	pods := cfg.DaemonPods(nil)
	if len(pods) != 3 || pods[1].Identity == pods[0].Identity || pods[0].Identity != pods[2].Identity || pods[1].Project != "tower-b-project" {
		t.Errorf("daemon pods %+v", pods)
	}

	em, err := LoadConfig(filepath.Join(testdata, "emulator.json"))
	if err != nil {
		t.Fatal(err)
	}
	if g := em.Pods[0].GoogleConfig(); !g.NoAuth || g.Endpoint != "http://127.0.0.1:8080/" || em.Pods[0].Identity() != "no-auth" {
		t.Errorf("emulator: %+v", g)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		file, want string
		line       int
	}{
		{"bad-interval.json", `pods[1].interval: "5 minutes" is not a duration`, 5},
		{"unknown-key.json", "pods[0].intervall: unknown key", 3},
		{"duplicate-name.json", `pods[1].name: "a" is also the name of the pod on line 3`, 4},
		{"syntax.json", "not valid JSON", 4},
		{"responder-link.json", "pods[0].form: ", 4},
	} {
		_, err := LoadConfig(filepath.Join(testdata, tc.file))
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if ce.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: line %d, %q; want line %d, %q", tc.file, ce.Line, err, tc.line, tc.want)
		}
		if !strings.HasPrefix(err.Error(), filepath.Join(testdata, tc.file)+":") {
			t.Errorf("%s: %q does not start with the file name", tc.file, err)
		}
	}
	for _, tc := range []struct{ src, want string }{
		{``, "empty"},
		{`[]`, "one JSON object"},
		{`{}`, "pods: missing"},
		{`{"pods": []}`, "empty"},
		{`{"pods": [{"name": "x"}]}`, "spreadsheet: missing"},
		{`{"pods": [{"spreadsheet": "a b"}]}`, "not a spreadsheet ID"},
		{`{"pods": [{"spreadsheet": "A"}, {"spreadsheet": "A", "name": "y"}]}`, "has this spreadsheet too"},
		{`{"interval": 60, "pods": [{"spreadsheet": "A"}]}`, "interval: should be a duration in quotes"},
		{`{"interval": "10ms", "pods": [{"spreadsheet": "A"}]}`, "too short"},
		{`{"concurrency": 0, "pods": [{"spreadsheet": "A"}]}`, "concurrency: should be a whole number from 1 to 64"},
		{`{"no_auth": true, "pods": [{"spreadsheet": "A"}]}`, "no_auth: works only with \"endpoint\""},
		{`{"pods": [{"spreadsheet": "A", "spreadsheet": "B"}]}`, "given twice"},
		{`{"pods": [{"spreadsheet": "A"}]} {}`, "more after the closing"},
		{`{"pods": [{"spreadsheet": "A"}`, "ends too soon"},
		{`{"pods": [{"spreadsheet": true}]}`, "should be a string"},
	} {
		_, err := ParseConfig("c.json", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.src, err, tc.want)
		}
	}
}

func TestLoadConfigMissing(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "none.json"))
	if err == nil || !errors.Is(err, os.ErrNotExist) && !strings.Contains(err.Error(), "no such file") {
		t.Errorf("%v", err)
	}
}
