package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/pod"
)

// Config is a `podsync run --config FILE` file: JSON, one object, with the
// pods to run and defaults for them. Example:
//
//	{
//	  "interval": "1m",
//	  "credentials": "/etc/podsync/service-account.json",
//	  "pods": [
//	    {"name": "elm-street", "spreadsheet": "1AbC…", "form": "1XyZ…"},
//	    {"name": "tower-b", "spreadsheet": "https://docs.google.com/spreadsheets/d/…/edit",
//	     "credentials": "/etc/podsync/tower-b.json", "interval": "5m"}
//	  ]
//	}
//
// Keys at the top: interval, credentials, token, endpoint, no_auth,
// project, concurrency, stale_after, pods. Keys of a pod: name,
// spreadsheet (required), form, credentials, token, project, interval.
// A pod's keys override the top's; durations are strings like "90s" or
// "2m". Unknown keys are errors, so a typo does not pass silently.
type Config struct {
	File        string
	Interval    time.Duration
	Credentials string
	Token       string
	Endpoint    string
	NoAuth      bool
	Project     string
	Concurrency int
	StaleAfter  time.Duration
	Pods        []PodConfig

	staleLine, credLine, intervalLine int // where the top's keys are
}

// PodConfig is one pod of a Config, with the top's defaults applied.
type PodConfig struct {
	Name        string
	Spreadsheet string // the ID (a link is reduced to its ID)
	Form        string // the form ID, or "" for the linked tab
	Credentials string
	Token       string
	Endpoint    string
	NoAuth      bool
	Project     string
	Interval    time.Duration // 0: the daemon's default
	Line        int           // where the pod is in the file

	credLine, intervalLine int // where the pod's own keys are; 0: not given
}

// ConfigError is a problem in a config file, at a line and field.
type ConfigError struct {
	File  string
	Line  int    // 1-based; 0 when not known
	Field string // e.g. pods[2].interval; "" for the whole file
	Msg   string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// LoadConfig reads and checks a config file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ConfigError{File: path, Msg: err.Error()}
	}
	return ParseConfig(path, data)
}

// node is a parsed JSON value with where it starts.
type node struct {
	line int
	val  any // string, json.Number, bool, nil, []*node, *object
}

type object struct {
	keys  []string
	vals  map[string]*node
	kline map[string]int
}

type parser struct {
	dec  *json.Decoder
	data []byte
	file string
}

func (p *parser) lineAt(off int64) int {
	// Skip the separators between the previous token and this one.
	for off < int64(len(p.data)) && strings.IndexByte(" \t\r\n:,", p.data[off]) >= 0 {
		off++
	}
	return bytes.Count(p.data[:min(off, int64(len(p.data)))], []byte("\n")) + 1
}

func (p *parser) syntax(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &ConfigError{File: p.file, Line: bytes.Count(p.data[:min(se.Offset, int64(len(p.data)))], []byte("\n")) + 1,
			Msg: "not valid JSON: " + se.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &ConfigError{File: p.file, Line: bytes.Count(p.data, []byte("\n")) + 1, Msg: "not valid JSON: the file ends too soon (a missing } or ]?)"}
	}
	return &ConfigError{File: p.file, Msg: "not valid JSON: " + err.Error()}
}

func (p *parser) value() (*node, error) {
	line := p.lineAt(p.dec.InputOffset())
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err)
	}
	n := &node{line: line}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{vals: map[string]*node{}, kline: map[string]int{}}
			for p.dec.More() {
				kl := p.lineAt(p.dec.InputOffset())
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.syntax(err)
				}
				k, _ := kt.(string)
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				if _, dup := o.vals[k]; dup {
					return nil, &ConfigError{File: p.file, Line: kl, Field: k, Msg: fmt.Sprintf("%q is given twice (also on line %d)", k, o.kline[k])}
				}
				o.keys = append(o.keys, k)
				o.vals[k], o.kline[k] = v, kl
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.syntax(err)
			}
			n.val = o
		case '[':
			var arr []*node
			for p.dec.More() {
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.syntax(err)
			}
			n.val = arr
		}
	default:
		n.val = tok
	}
	return n, nil
}

var (
	topKeys = []string{"interval", "credentials", "token", "endpoint", "no_auth", "project", "concurrency", "stale_after", "pods"}
	podKeys = []string{"name", "spreadsheet", "form", "credentials", "token", "project", "interval"}
)

// ParseConfig parses and checks a config file's contents; name is used in
// messages.
func ParseConfig(name string, data []byte) (*Config, error) {
	p := &parser{dec: json.NewDecoder(bytes.NewReader(data)), data: data, file: name}
	p.dec.UseNumber()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ConfigError{File: name, Line: 1, Msg: `the file is empty; it should hold {"pods": [{"name": "…", "spreadsheet": "…"}]}`}
	}
	root, err := p.value()
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, &ConfigError{File: name, Line: p.lineAt(p.dec.InputOffset()), Msg: "more after the closing }: the file holds one JSON object"}
	}
	top, ok := root.val.(*object)
	if !ok {
		return nil, &ConfigError{File: name, Line: root.line, Msg: `the file should hold one JSON object, {"pods": [ … ]}`}
	}
	errf := func(line int, field, format string, a ...any) error {
		return &ConfigError{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, a...)}
	}
	if err := checkKeys(top, "", topKeys, errf); err != nil {
		return nil, err
	}
	cfg := &Config{File: name}
	get := func(o *object, prefix string) fieldGetter {
		return fieldGetter{o: o, prefix: prefix, errf: errf}
	}
	g := get(top, "")
	if cfg.Interval, err = g.duration("interval"); err != nil {
		return nil, err
	}
	if cfg.StaleAfter, err = g.duration("stale_after"); err != nil {
		return nil, err
	}
	cfg.staleLine, cfg.credLine, cfg.intervalLine = top.kline["stale_after"], top.kline["credentials"], top.kline["interval"]
	for _, f := range []struct {
		key string
		dst *string
	}{{"credentials", &cfg.Credentials}, {"token", &cfg.Token}, {"endpoint", &cfg.Endpoint}, {"project", &cfg.Project}} {
		if *f.dst, err = g.str(f.key); err != nil {
			return nil, err
		}
	}
	if cfg.NoAuth, err = g.boolean("no_auth"); err != nil {
		return nil, err
	}
	if cfg.Concurrency, err = g.integer("concurrency", 1, 64); err != nil {
		return nil, err
	}
	if cfg.NoAuth && cfg.Endpoint == "" {
		return nil, errf(top.kline["no_auth"], "no_auth", "works only with \"endpoint\" (an emulator); Google itself needs credentials")
	}
	podsNode, ok := top.vals["pods"]
	if !ok {
		return nil, errf(root.line, "pods", `missing: list the pods, e.g. "pods": [{"name": "elm-street", "spreadsheet": "ID"}]`)
	}
	arr, ok := podsNode.val.([]*node)
	if !ok {
		return nil, errf(podsNode.line, "pods", "should be a list [ … ] of pods")
	}
	if len(arr) == 0 {
		return nil, errf(podsNode.line, "pods", "the list is empty: give at least one pod")
	}
	names := map[string]int{}
	sheetsSeen := map[string]int{}
	for i, pn := range arr {
		field := fmt.Sprintf("pods[%d]", i)
		o, ok := pn.val.(*object)
		if !ok {
			return nil, errf(pn.line, field, `should be an object like {"name": "…", "spreadsheet": "…"}`)
		}
		if err := checkKeys(o, field+".", podKeys, errf); err != nil {
			return nil, err
		}
		pg := get(o, field+".")
		pc := PodConfig{Line: pn.line, Credentials: cfg.Credentials, Token: cfg.Token, Endpoint: cfg.Endpoint,
			NoAuth: cfg.NoAuth, Project: cfg.Project, Interval: cfg.Interval}
		ss, err := pg.str("spreadsheet")
		if err != nil {
			return nil, err
		}
		if ss == "" {
			return nil, errf(pn.line, field+".spreadsheet", "missing: the spreadsheet's ID or link")
		}
		if pc.Spreadsheet, err = google.ParseSpreadsheetID(ss); err != nil {
			return nil, errf(o.kline["spreadsheet"], field+".spreadsheet", "%v", err)
		}
		if fm, err := pg.str("form"); err != nil {
			return nil, err
		} else if fm != "" {
			if pc.Form, err = google.ParseFormID(fm); err != nil {
				return nil, errf(o.kline["form"], field+".form", "%v", err)
			}
		}
		if pc.Name, err = pg.str("name"); err != nil {
			return nil, err
		}
		if pc.Name == "" {
			pc.Name = pc.Spreadsheet
		}
		if strings.ContainsAny(pc.Name, "\n\r\t") || len(pc.Name) > 100 {
			return nil, errf(o.kline["name"], field+".name", "use a short one-line label")
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"credentials", &pc.Credentials}, {"token", &pc.Token}, {"project", &pc.Project}} {
			if v, err := pg.str(f.key); err != nil {
				return nil, err
			} else if _, set := o.vals[f.key]; set {
				*f.dst = v
			}
		}
		if iv, err := pg.duration("interval"); err != nil {
			return nil, err
		} else if iv > 0 {
			pc.Interval, pc.intervalLine = iv, o.kline["interval"]
		}
		if _, set := o.vals["credentials"]; set {
			pc.credLine = o.kline["credentials"]
		}
		if prev, dup := names[pc.Name]; dup {
			return nil, errf(pn.line, field+".name", "%q is also the name of the pod on line %d; give each pod its own name", pc.Name, prev)
		}
		names[pc.Name] = pn.line
		if prev, dup := sheetsSeen[pc.Spreadsheet]; dup {
			return nil, errf(o.kline["spreadsheet"], field+".spreadsheet", "the pod on line %d has this spreadsheet too; two daemons' pods on one spreadsheet would fight over it", prev)
		}
		sheetsSeen[pc.Spreadsheet] = pn.line
		if pc.NoAuth && pc.Credentials != "" {
			return nil, errf(pn.line, field+".credentials", "give credentials or no_auth, not both")
		}
		cfg.Pods = append(cfg.Pods, pc)
	}
	if err := cfg.CheckStaleAfter(0); err != nil {
		return nil, err
	}
	return cfg, nil
}

// CheckStaleAfter reports a stale_after that is not longer than a pod's
// interval with its jitter (up to +10%): /healthz would then call a pod
// that syncs on time stale. defaultInterval is the interval of pods that
// give none (the command line's --interval); 0 skips them.
func (c *Config) CheckStaleAfter(defaultInterval time.Duration) error {
	if c.StaleAfter <= 0 {
		return nil
	}
	for i, pc := range c.Pods {
		iv, field, line := pc.Interval, fmt.Sprintf("pods[%d].interval", i), pc.intervalLine
		if line == 0 {
			field, line = "interval", c.intervalLine
		}
		if iv <= 0 {
			iv, field = defaultInterval, "--interval"
		}
		if iv <= 0 || c.StaleAfter > iv+iv/10 {
			continue
		}
		where := field
		if line > 0 {
			where = fmt.Sprintf("%s on line %d", field, line)
		}
		return &ConfigError{File: c.File, Line: c.staleLine, Field: "stale_after",
			Msg: fmt.Sprintf("%v is not longer than pod %q's interval of %v (%s) plus its 10%% jitter, so /healthz would report the pod stale while it syncs on time; use at least %v, e.g. %v",
				c.StaleAfter, pc.Name, iv, where, (iv + iv/10 + time.Second).Truncate(time.Second), 3*iv)}
	}
	return nil
}

// CheckFiles reports a credentials file the config names that cannot be
// read (missing, a directory, no permission), at the line that names it,
// so the daemon does not start with a pod that can never sync.
func (c *Config) CheckFiles() error {
	check := func(path string, line int, field string) error {
		if path == "" || line == 0 {
			return nil
		}
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return &ConfigError{File: c.File, Line: line, Field: field, Msg: fmt.Sprintf("%s does not exist; give the path of the service account or OAuth client JSON file", path)}
		case err != nil:
			return &ConfigError{File: c.File, Line: line, Field: field, Msg: fmt.Sprintf("cannot read %s: %v", path, errors.Unwrap(err))}
		case fi.IsDir():
			return &ConfigError{File: c.File, Line: line, Field: field, Msg: fmt.Sprintf("%s is a folder; give the credentials JSON file in it", path)}
		}
		f, err := os.Open(path)
		if err != nil {
			return &ConfigError{File: c.File, Line: line, Field: field, Msg: fmt.Sprintf("cannot read %s: %v", path, errors.Unwrap(err))}
		}
		f.Close()
		return nil
	}
	topChecked := false
	for i, pc := range c.Pods {
		if pc.credLine == 0 {
			// The pod uses the top's credentials (if any).
			if !topChecked {
				topChecked = true
				if err := check(c.Credentials, c.credLine, "credentials"); err != nil {
					return err
				}
			}
			continue
		}
		if err := check(pc.Credentials, pc.credLine, fmt.Sprintf("pods[%d].credentials", i)); err != nil {
			return err
		}
	}
	return nil
}

func checkKeys(o *object, prefix string, allowed []string, errf func(int, string, string, ...any) error) error {
	for _, k := range o.keys {
		found := false
		for _, a := range allowed {
			if k == a {
				found = true
			}
		}
		if !found {
			sorted := append([]string(nil), allowed...)
			sort.Strings(sorted)
			return errf(o.kline[k], prefix+k, "unknown key; the keys are %s", strings.Join(sorted, ", "))
		}
	}
	return nil
}

type fieldGetter struct {
	o      *object
	prefix string
	errf   func(int, string, string, ...any) error
}

func (g fieldGetter) str(key string) (string, error) {
	n, ok := g.o.vals[key]
	if !ok || n.val == nil {
		return "", nil
	}
	s, ok := n.val.(string)
	if !ok {
		return "", g.errf(n.line, g.prefix+key, "should be a string in double quotes")
	}
	return strings.TrimSpace(s), nil
}

func (g fieldGetter) boolean(key string) (bool, error) {
	n, ok := g.o.vals[key]
	if !ok || n.val == nil {
		return false, nil
	}
	b, ok := n.val.(bool)
	if !ok {
		return false, g.errf(n.line, g.prefix+key, "should be true or false")
	}
	return b, nil
}

func (g fieldGetter) integer(key string, lo, hi int) (int, error) {
	n, ok := g.o.vals[key]
	if !ok || n.val == nil {
		return 0, nil
	}
	num, ok := n.val.(json.Number)
	v, err := num.Int64()
	if !ok || err != nil || v < int64(lo) || v > int64(hi) {
		return 0, g.errf(n.line, g.prefix+key, "should be a whole number from %d to %d", lo, hi)
	}
	return int(v), nil
}

func (g fieldGetter) duration(key string) (time.Duration, error) {
	n, ok := g.o.vals[key]
	if !ok || n.val == nil {
		return 0, nil
	}
	s, ok := n.val.(string)
	if !ok {
		return 0, g.errf(n.line, g.prefix+key, `should be a duration in quotes, like "90s" or "2m"`)
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, g.errf(n.line, g.prefix+key, `%q is not a duration like "90s", "2m" or "1h"`, s)
	}
	if d < time.Second {
		return 0, g.errf(n.line, g.prefix+key, "%q is too short: use at least 1s", s)
	}
	return d, nil
}

// Identity is the quota key of the credentials a pod uses.
func (pc PodConfig) Identity() string {
	switch {
	case pc.NoAuth:
		return "no-auth"
	case pc.Credentials != "":
		if abs, err := filepath.Abs(pc.Credentials); err == nil {
			return "credentials:" + abs
		}
		return "credentials:" + pc.Credentials
	case pc.Token != "":
		return "login:" + pc.Token
	}
	return "default"
}

// GoogleConfig is the pod's google.Config, without an HTTP client.
func (pc PodConfig) GoogleConfig() google.Config {
	return google.Config{SpreadsheetID: pc.Spreadsheet, FormID: pc.Form, CredentialsFile: pc.Credentials,
		TokenFile: pc.Token, Endpoint: pc.Endpoint, NoAuth: pc.NoAuth}
}

// GooglePod makes a daemon Pod for a Google pod: its Open points cfg at
// the daemon's limited HTTP client and clock-driven retries (unless cfg
// sets its own Retry), opens the spreadsheet, and the form when cfg names
// one. No request is sent until the cycle reads.
func GooglePod(name string, interval time.Duration, identity, project string, cfg google.Config, setup func(*pod.Cycle)) Pod {
	return Pod{Name: name, Interval: interval, Identity: identity, Project: project,
		Open: func(ctx context.Context, env Env) (*pod.Cycle, error) {
			c := cfg
			c.HTTPClient = env.HTTPClient
			if c.Retry == nil {
				c.Retry = env.Retry
			}
			store, err := google.Open(ctx, c)
			if err != nil {
				return nil, err
			}
			cy := &pod.Cycle{Store: store}
			if c.FormID != "" {
				src, err := google.OpenForms(ctx, c)
				if err != nil {
					return nil, err
				}
				cy.Source = src
			}
			if setup != nil {
				setup(cy)
			}
			return cy, nil
		}}
}

// DaemonPods makes the daemon's pods from the config; setup, when set,
// adjusts each opened cycle (--dry-run, --now).
func (c *Config) DaemonPods(setup func(*pod.Cycle)) []Pod {
	out := make([]Pod, len(c.Pods))
	for i, pc := range c.Pods {
		out[i] = GooglePod(pc.Name, pc.Interval, pc.Identity(), pc.Project, pc.GoogleConfig(), setup)
	}
	return out
}
