package daemon

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Handler serves /healthz and /metrics.
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", d.serveHealth)
	mux.HandleFunc("/metrics", d.serveMetrics)
	return mux
}

type healthPod struct {
	Name                string           `json:"name"`
	Status              string           `json:"status"`
	LastCycle           *time.Time       `json:"last_cycle,omitempty"`
	LastSuccess         *time.Time       `json:"last_success,omitempty"`
	NextDue             *time.Time       `json:"next_due,omitempty"`
	LastDurationSeconds float64          `json:"last_duration_seconds"`
	LastRequests        int64            `json:"last_requests"`
	ConsecutiveFailures int              `json:"consecutive_failures"`
	ErrorKind           string           `json:"error_kind,omitempty"`
	LastError           string           `json:"last_error,omitempty"`
	Cycles              map[string]int64 `json:"cycles"`
	Members             int              `json:"members"`
	RoundsPlanned       int              `json:"rounds_planned"`
}

type health struct {
	Status string      `json:"status"`
	Time   time.Time   `json:"time"`
	Pods   []healthPod `json:"pods"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// serveHealth answers 200 when every pod's last cycle succeeded within
// StaleAfter (or its first cycle is not due to have finished yet), else
// 503; the body is JSON with each pod's status, counts and safe error text.
func (d *Daemon) serveHealth(w http.ResponseWriter, r *http.Request) {
	h := health{Status: "ok", Time: d.clock.Now().UTC()}
	code := http.StatusOK
	for _, s := range d.Status() {
		if !s.Healthy() {
			h.Status = "unhealthy"
			code = http.StatusServiceUnavailable
		}
		h.Pods = append(h.Pods, healthPod{
			Name: s.Name, Status: s.State,
			LastCycle: timePtr(s.LastCycle), LastSuccess: timePtr(s.LastSuccess), NextDue: timePtr(s.NextDue),
			LastDurationSeconds: s.LastDuration.Seconds(), LastRequests: s.LastRequests,
			ConsecutiveFailures: s.ConsecutiveFailures, ErrorKind: s.ErrorKind, LastError: s.LastError,
			Cycles: s.Cycles, Members: s.Members, RoundsPlanned: s.RoundsPlanned,
		})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	if r.Method == http.MethodHead {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(h)
}

// serveMetrics writes the Prometheus text exposition format (version
// 0.0.4) by hand.
func (d *Daemon) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	d.WriteMetrics(w)
}

// WriteMetrics writes every metric in the Prometheus text format.
func (d *Daemon) WriteMetrics(w io.Writer) {
	m := &metricWriter{w: w}
	st := d.Status()

	m.family("podsync_cycles_total", "counter", "Sync cycles finished, by pod and result (ok, error, canceled).")
	for _, s := range st {
		for _, res := range []string{ResultOK, ResultError, ResultCanceled} {
			m.sample("podsync_cycles_total", labels("pod", s.Name, "result", res), float64(s.Cycles[res]))
		}
	}
	m.family("podsync_requests_total", "counter", "Google API requests sent (every try), by pod, API and HTTP status (error: no answer).")
	for i, s := range st {
		for _, c := range d.pods[i].counters.counts() {
			m.sample("podsync_requests_total", labels("pod", s.Name, "api", c.api, "code", c.code), float64(c.n))
		}
	}
	m.family("podsync_rate_limit_wait_seconds_total", "counter", "Time a pod's requests waited on the shared rate limiter.")
	for i, s := range st {
		m.sample("podsync_rate_limit_wait_seconds_total", labels("pod", s.Name), time.Duration(d.pods[i].counters.waitNanos.Load()).Seconds())
	}
	for _, g := range podGauges {
		m.family(g.name, g.typ, g.help)
		for _, ps := range st {
			m.sample(g.name, labels("pod", ps.Name), g.value(ps))
		}
	}
	m.family("podsync_cycle_duration_seconds", "histogram", "Duration of finished cycles (not canceled ones).")
	for _, s := range st {
		var cum int64
		for j, b := range durationBuckets {
			if s.durBuckets != nil {
				cum = s.durBuckets[j]
			}
			m.sample("podsync_cycle_duration_seconds_bucket", labels("pod", s.Name, "le", strconv.FormatFloat(b, 'g', -1, 64)), float64(cum))
		}
		m.sample("podsync_cycle_duration_seconds_bucket", labels("pod", s.Name, "le", "+Inf"), float64(s.durCount))
		m.sample("podsync_cycle_duration_seconds_sum", labels("pod", s.Name), s.durSum)
		m.sample("podsync_cycle_duration_seconds_count", labels("pod", s.Name), float64(s.durCount))
	}
	m.family("podsync_pod_healthy", "gauge", "1 when the pod's last cycle succeeded recently, as /healthz judges it.")
	for _, s := range st {
		v := 0.0
		if s.Healthy() {
			v = 1
		}
		m.sample("podsync_pod_healthy", labels("pod", s.Name, "status", s.State), v)
	}
	m.family("podsync_rate_limiter_requests_total", "counter", "Requests the shared rate limiter let through.")
	m.sample("podsync_rate_limiter_requests_total", "", float64(d.lim.granted.Load()))
	m.family("podsync_rate_limiter_wait_seconds_total", "counter", "Time requests waited on the shared rate limiter, all pods together.")
	m.sample("podsync_rate_limiter_wait_seconds_total", "", time.Duration(d.lim.waitNanos.Load()).Seconds())
	m.family("podsync_cycles_in_flight", "gauge", "Cycles running now.")
	m.sample("podsync_cycles_in_flight", "", float64(d.InFlight()))
	m.family("podsync_quota_per_minute", "gauge", "Google's per-minute quota of each limiter bucket in use, by class, scope and quota key.")
	bs := d.lim.Buckets()
	for _, b := range bs {
		m.sample("podsync_quota_per_minute", labels("class", b.Class, "scope", b.Scope, "key", b.ID), float64(b.Quota))
	}
	m.family("podsync_quota_budget_per_minute", "gauge", "The most requests podsync sends in any minute, per limiter bucket (quota × headroom).")
	for _, b := range bs {
		m.sample("podsync_quota_budget_per_minute", labels("class", b.Class, "scope", b.Scope, "key", b.ID), float64(b.Budget))
	}
}

// podGauges are the metrics that are one number per pod, read off its
// status.
var podGauges = []struct {
	name, typ, help string
	value           func(PodStatus) float64
}{
	{"podsync_last_success_timestamp_seconds", "gauge", "Unix time the pod's last successful cycle ended (0: none yet).", func(s PodStatus) float64 { return unix(s.LastSuccess) }},
	{"podsync_last_cycle_timestamp_seconds", "gauge", "Unix time the pod's last finished cycle started (0: none yet).", func(s PodStatus) float64 { return unix(s.LastCycle) }},
	{"podsync_next_cycle_timestamp_seconds", "gauge", "Unix time the pod's next cycle is due.", func(s PodStatus) float64 { return unix(s.NextDue) }},
	{"podsync_cycle_requests", "gauge", "Requests the pod's last finished cycle made.", func(s PodStatus) float64 { return float64(s.LastRequests) }},
	{"podsync_responses_ingested_total", "counter", "Form responses added to the Responses tab.", func(s PodStatus) float64 { return float64(s.Responses) }},
	{"podsync_matches_proposed_total", "counter", "New matches proposed on the Matches tab.", func(s PodStatus) float64 { return float64(s.MatchesProposed) }},
	{"podsync_cells_written_total", "counter", "Cells written to the spreadsheet.", func(s PodStatus) float64 { return float64(s.CellsWritten) }},
	{"podsync_members", "gauge", "Members on the Members tab at the last successful cycle.", func(s PodStatus) float64 { return float64(s.Members) }},
	{"podsync_rounds_planned", "gauge", "Future pairing rounds on the Pairings tab at the last successful cycle.", func(s PodStatus) float64 { return float64(s.RoundsPlanned) }},
	{"podsync_consecutive_failures", "gauge", "Failed cycles in a row (0 after a success).", func(s PodStatus) float64 { return float64(s.ConsecutiveFailures) }},
}

func unix(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixNano()) / 1e9
}

type metricWriter struct{ w io.Writer }

func (m *metricWriter) family(name, typ, help string) {
	fmt.Fprintf(m.w, "# HELP %s %s\n# TYPE %s %s\n", name, escapeHelp(help), name, typ)
}

func (m *metricWriter) sample(name, labels string, v float64) {
	fmt.Fprintf(m.w, "%s%s %s\n", name, labels, strconv.FormatFloat(v, 'g', -1, 64))
}

// labels renders {k="v",…} with values escaped as the format requires.
func labels(kv ...string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(kv[i])
		b.WriteString(`="`)
		b.WriteString(escapeLabel(kv[i+1]))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
var helpEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }
func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
