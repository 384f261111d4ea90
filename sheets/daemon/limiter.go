package daemon

import (
	"context"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podsync/podsync/sheets/google"
)

// Limits are the per-minute request quotas the process keeps inside, one
// pair per quota class of sheets/google. Defaults are Google's documented
// quotas (google.PublishedQuota).
type Limits struct {
	SheetsReadPerUser, SheetsReadPerProject   int
	SheetsWritePerUser, SheetsWritePerProject int
	FormsReadPerUser, FormsReadPerProject     int
	FormsListPerUser, FormsListPerProject     int
	FormsWritePerUser, FormsWritePerProject   int
	// Headroom is the share of each quota podsync allows itself (default
	// 0.9), leaving room for an organizer's own scripts and for clock skew
	// between podsync and Google's counters.
	Headroom float64
}

// DefaultLimits are Google's documented quotas with 10% headroom.
func DefaultLimits() Limits {
	sr, sw := google.PublishedQuota(google.QuotaSheetsRead), google.PublishedQuota(google.QuotaSheetsWrite)
	fr, fl, fw := google.PublishedQuota(google.QuotaFormsRead), google.PublishedQuota(google.QuotaFormsList), google.PublishedQuota(google.QuotaFormsWrite)
	return Limits{
		SheetsReadPerUser: sr.PerUser, SheetsReadPerProject: sr.PerProject,
		SheetsWritePerUser: sw.PerUser, SheetsWritePerProject: sw.PerProject,
		FormsReadPerUser: fr.PerUser, FormsReadPerProject: fr.PerProject,
		FormsListPerUser: fl.PerUser, FormsListPerProject: fl.PerProject,
		FormsWritePerUser: fw.PerUser, FormsWritePerProject: fw.PerProject,
		Headroom: 0.9,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	fill := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	fill(&l.SheetsReadPerUser, d.SheetsReadPerUser)
	fill(&l.SheetsReadPerProject, d.SheetsReadPerProject)
	fill(&l.SheetsWritePerUser, d.SheetsWritePerUser)
	fill(&l.SheetsWritePerProject, d.SheetsWritePerProject)
	fill(&l.FormsReadPerUser, d.FormsReadPerUser)
	fill(&l.FormsReadPerProject, d.FormsReadPerProject)
	fill(&l.FormsListPerUser, d.FormsListPerUser)
	fill(&l.FormsListPerProject, d.FormsListPerProject)
	fill(&l.FormsWritePerUser, d.FormsWritePerUser)
	fill(&l.FormsWritePerProject, d.FormsWritePerProject)
	if l.Headroom <= 0 || l.Headroom > 1 {
		l.Headroom = d.Headroom
	}
	return l
}

// perMinute is the quota of a class (google.Quota…) at a scope ("user" or
// "project").
func (l Limits) perMinute(class, scope string) int {
	user := scope == "user"
	pick := func(u, p int) int {
		if user {
			return u
		}
		return p
	}
	switch class {
	case google.QuotaSheetsRead:
		return pick(l.SheetsReadPerUser, l.SheetsReadPerProject)
	case google.QuotaSheetsWrite:
		return pick(l.SheetsWritePerUser, l.SheetsWritePerProject)
	case google.QuotaFormsRead:
		return pick(l.FormsReadPerUser, l.FormsReadPerProject)
	case google.QuotaFormsList:
		return pick(l.FormsListPerUser, l.FormsListPerProject)
	case google.QuotaFormsWrite:
		return pick(l.FormsWritePerUser, l.FormsWritePerProject)
	}
	return 0
}

// Budget is what podsync allows itself of a quota of n per minute: the
// sustained rate and the burst, with rate + burst ≤ n × Headroom, so no
// window of 60 seconds ever holds more than n × Headroom requests.
func (l Limits) budget(n int) (perMinute, burst int) {
	total := int(math.Floor(float64(n) * l.Headroom))
	if total < 2 {
		total = 2
	}
	burst = max(1, total/10)
	return total - burst, burst
}

// Limiter is a shared rate limiter over many buckets, one per quota (class
// × user, class × project). Each bucket is a token bucket run as GCRA
// (virtual scheduling): a request reserves a slot in every bucket it
// counts against at once, and slots are granted in the order requested, so
// waiting requests are served first come first served and none starves.
type Limiter struct {
	clock  Clock
	limits Limits

	mu      sync.Mutex
	buckets map[string]*bucket
	holds   map[string]time.Time // user bucket -> no request before

	waitNanos atomic.Int64
	granted   atomic.Int64
}

type bucket struct {
	limit int           // the quota, per minute
	every time.Duration // emission interval: one request per every
	tau   time.Duration // burst tolerance: (burst-1) × every
	tat   time.Time     // theoretical arrival time of the next request
}

// NewLimiter returns a limiter keeping to limits (zero fields: defaults)
// by clock (nil: the wall clock).
func NewLimiter(limits Limits, clock Clock) *Limiter {
	if clock == nil {
		clock = RealClock{}
	}
	return &Limiter{clock: clock, limits: limits.withDefaults(), buckets: map[string]*bucket{}, holds: map[string]time.Time{}}
}

// Limits returns the limits in force.
func (l *Limiter) Limits() Limits { return l.limits }

func bucketKey(class, scope, id string) string { return class + "/" + scope + "/" + id }

// keys lists the buckets a request of class counts against: the user's
// and the project's, of every class it is charged to.
func keys(class, identity, project string) []string {
	classes := google.ChargedQuotas(class)
	out := make([]string, 0, 2*len(classes))
	for _, c := range classes {
		out = append(out, bucketKey(c, "user", identity), bucketKey(c, "project", project))
	}
	return out
}

func (l *Limiter) bucket(key string) *bucket {
	b := l.buckets[key]
	if b == nil {
		parts := strings.SplitN(key, "/", 3)
		n := l.limits.perMinute(parts[0], parts[1])
		rate, burst := l.limits.budget(n)
		every := time.Minute / time.Duration(rate)
		b = &bucket{limit: n, every: every, tau: time.Duration(burst-1) * every}
		l.buckets[key] = b
	}
	return b
}

// reserve books the earliest slot every bucket allows and returns it.
func (l *Limiter) reserve(keys []string) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	at := now
	bs := make([]*bucket, len(keys))
	for i, k := range keys {
		b := l.bucket(k)
		bs[i] = b
		if t := b.tat.Add(-b.tau); t.After(at) {
			at = t
		}
	}
	for _, b := range bs {
		if b.tat.Before(at) {
			b.tat = at
		}
		b.tat = b.tat.Add(b.every)
	}
	return at
}

// Wait blocks until a request of class, made as identity in project, may
// be sent. It returns the time waited.
func (l *Limiter) Wait(ctx context.Context, class, identity, project string) (time.Duration, error) {
	var waited time.Duration
	// A hold (Google said 429) is waited out before a slot is booked, so it
	// delays this user's requests only, not the project's other users.
	for {
		l.mu.Lock()
		until := l.holds[bucketKey(class, "user", identity)]
		l.mu.Unlock()
		d := until.Sub(l.clock.Now())
		if d <= 0 {
			break
		}
		waited += d
		l.waitNanos.Add(int64(d))
		if err := l.clock.Sleep(ctx, d); err != nil {
			return waited, err
		}
	}
	at := l.reserve(keys(class, identity, project))
	d := at.Sub(l.clock.Now())
	l.granted.Add(1)
	if d <= 0 {
		return waited, ctx.Err()
	}
	l.waitNanos.Add(int64(d))
	return waited + d, l.clock.Sleep(ctx, d)
}

// Hold makes requests of class as identity wait until t: Google answered
// 429 with Retry-After, so the user's quota is spent whatever podsync
// counted.
func (l *Limiter) Hold(class, identity string, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := bucketKey(class, "user", identity)
	if until.After(l.holds[k]) {
		l.holds[k] = until
	}
}

// BucketStat is one bucket's quota and budget, for /metrics.
type BucketStat struct {
	Class, Scope, ID string
	Quota            int // per minute, as Google documents it
	Budget           int // per minute, what podsync allows itself
}

// Buckets lists the buckets in use.
func (l *Limiter) Buckets() []BucketStat {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]BucketStat, 0, len(l.buckets))
	for k, b := range l.buckets {
		parts := strings.SplitN(k, "/", 3)
		rate, burst := l.limits.budget(b.limit)
		out = append(out, BucketStat{Class: parts[0], Scope: parts[1], ID: parts[2], Quota: b.limit, Budget: rate + burst})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Class != out[j].Class {
			return out[i].Class < out[j].Class
		}
		if out[i].Scope != out[j].Scope {
			return out[i].Scope < out[j].Scope
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// podTransport is a pod's HTTP transport: it waits on the shared limiter
// before each Google request and counts what it sent. It sits under
// sheets/google's retry transport, so every try is limited and counted.
type podTransport struct {
	l                 *Limiter
	base              http.RoundTripper
	identity, project string
	st                *podCounters
}

func (t *podTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	api, class, ok := google.ClassifyRequest(req)
	if !ok {
		return t.base.RoundTrip(req)
	}
	waited, err := t.l.Wait(req.Context(), class, t.identity, t.project)
	t.st.waitNanos.Add(int64(waited))
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.base.RoundTrip(req)
	code := "error"
	if err == nil {
		code = strconv.Itoa(resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			if d, ok := google.ParseRetryAfter(resp.Header.Get("Retry-After"), t.l.clock.Now()); ok && d > 0 {
				t.l.Hold(class, t.identity, t.l.clock.Now().Add(d))
			}
		}
	}
	t.st.request(api, code)
	return resp, err
}
