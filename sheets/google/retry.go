package google

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RetryPolicy says how Google requests are retried: 429, 5xx and dropped
// connections are retried with exponential backoff and full jitter, a
// Retry-After header is honored, and no wait outlasts the request's context.
// The zero value is the default policy.
type RetryPolicy struct {
	// MaxAttempts is the number of tries in all (default 6).
	MaxAttempts int
	// BaseDelay is the first backoff ceiling (default 500ms); the ceiling
	// doubles each try up to MaxDelay (default 32s), and each wait is drawn
	// uniformly from [0, ceiling).
	BaseDelay, MaxDelay time.Duration
	// AttemptTimeout bounds one try (default 60s, negative: none), so a
	// stalled connection or a request Google holds is retried rather than
	// waited on: a try that times out counts as a dropped connection.
	AttemptTimeout time.Duration
	// Sleep waits d or until ctx is done (default: Sleep, a timer). It is a
	// function rather than a clock so this package needs no clock of its
	// own: tests inject one that records the waits and returns at once, and
	// the daemon passes its Clock's Sleep, so retries wait on its simulated
	// time in tests and on Sleep in production.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for the jitter (default: math/rand/v2).
	Rand func() float64
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 6
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 32 * time.Second
	}
	if p.AttemptTimeout == 0 {
		p.AttemptTimeout = 60 * time.Second
	}
	if p.Sleep == nil {
		p.Sleep = Sleep
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	return p
}

// Sleep waits d, or until ctx is done and then returns ctx's error; with
// d <= 0 it returns ctx's error at once. It is RetryPolicy's default and
// the daemon's RealClock.Sleep.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff is the wait before try attempt+1 (attempt counts from 0).
func (p RetryPolicy) backoff(attempt int) time.Duration {
	ceil := p.BaseDelay
	for i := 0; i < attempt && ceil < p.MaxDelay; i++ {
		ceil *= 2
	}
	ceil = min(ceil, p.MaxDelay)
	return time.Duration(p.Rand() * float64(ceil))
}

type unsafeKey struct{}

// notIdempotent marks requests that must not be repeated when it is unclear
// whether they took effect (creating a spreadsheet or form, deleting rows by
// position): they are retried only on 429, which Google sends before doing
// anything. A failed cycle is redone from a fresh read instead.
func notIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, unsafeKey{}, true)
}

func isNotIdempotent(ctx context.Context) bool {
	v, _ := ctx.Value(unsafeKey{}).(bool)
	return v
}

type rebuildKey struct{}

// withRebuild makes every retry of a request send the body rebuild returns
// then, rather than the first try's: a write addressed by row is located
// again (Store.locate), because the rows may have moved while podsync
// waited. An error from rebuild ends the request with it (see
// rebuildFailed).
func withRebuild(ctx context.Context, rebuild func() ([]byte, error)) context.Context {
	return context.WithValue(ctx, rebuildKey{}, rebuild)
}

// rebuildError carries a rebuild's error out of the client library.
type rebuildError struct{ err error }

func (e *rebuildError) Error() string { return e.err.Error() }
func (e *rebuildError) Unwrap() error { return e.err }

// rebuildFailed returns the rebuild's own error when err is one.
func rebuildFailed(err error) (error, bool) {
	var rb *rebuildError
	if errors.As(err, &rb) {
		return rb.err, true
	}
	return nil, false
}

// retryTransport retries requests as RetryPolicy says. The request body is
// buffered so every try sends it whole.
type retryTransport struct {
	base http.RoundTripper
	p    RetryPolicy
	mu   sync.Mutex // guards p.Rand, which need not be safe for concurrent use
}

func newRetryTransport(base http.RoundTripper, p *RetryPolicy) *retryTransport {
	var pol RetryPolicy
	if p != nil {
		pol = *p
	}
	if base == nil {
		base = http.DefaultTransport
	}
	return &retryTransport{base: base, p: pol.withDefaults()}
}

func (rt *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	ctx := req.Context()
	unsafe := isNotIdempotent(ctx)
	for attempt := 0; ; attempt++ {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if rt.p.AttemptTimeout > 0 {
			actx, cancel = context.WithTimeout(ctx, rt.p.AttemptTimeout)
		}
		r := req.Clone(actx)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
			r.ContentLength = int64(len(body))
		}
		resp, err := rt.base.RoundTrip(r)
		if err == nil {
			resp, err = expectJSON(resp)
		}
		if err != nil && actx.Err() != nil && ctx.Err() == nil {
			err = &attemptTimeout{rt.p.AttemptTimeout}
		}
		if ctx.Err() != nil {
			cancel()
			if resp != nil {
				resp.Body.Close()
			}
			return nil, ctx.Err()
		}
		wait, retry := rt.decide(resp, err, unsafe, attempt)
		if retry && attempt+1 < rt.p.MaxAttempts {
			if deadline, ok := ctx.Deadline(); !ok || time.Until(deadline) > wait {
				if resp != nil {
					io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
					resp.Body.Close()
				}
				cancel()
				if err := rt.p.Sleep(ctx, wait); err != nil {
					return nil, err
				}
				if rebuild, ok := ctx.Value(rebuildKey{}).(func() ([]byte, error)); ok {
					b, err := rebuild()
					if err != nil {
						return nil, &rebuildError{err}
					}
					body = b
				}
				continue
			}
		}
		if resp != nil {
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel, try: actx, req: ctx, d: rt.p.AttemptTimeout}
		} else {
			cancel()
		}
		return resp, err
	}
}

// decide says whether to retry and how long to wait first.
func (rt *retryTransport) decide(resp *http.Response, err error, unsafe bool, attempt int) (time.Duration, bool) {
	rt.mu.Lock()
	wait := rt.p.backoff(attempt)
	rt.mu.Unlock()
	if err != nil {
		if unsafe || !transientNetErr(err) {
			return 0, false
		}
		return wait, true
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable,
		http.StatusGatewayTimeout, http.StatusRequestTimeout:
		if unsafe {
			return 0, false
		}
	default:
		return 0, false
	}
	if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		wait = d
	}
	return wait, true
}

// ParseRetryAfter parses a Retry-After header, seconds or an HTTP date,
// into the wait it asks for as seen at now (never negative: a date in the
// past is 0). ok is false when v is empty or neither. The retry transport
// and the daemon's limiter (which holds a user's quota after a 429) both
// read Google's header through it.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// transientNetErr reports whether a transport error may go away on retry:
// dropped connections, resets and timeouts do; certificate problems,
// credentials that cannot make a token and answers that are not JSON do
// not.
func transientNetErr(err error) bool {
	var ge *Error
	if errors.As(err, &ge) {
		return false
	}
	var te *tokenError
	if errors.As(err, &te) {
		return te.transient
	}
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce x509.CertificateInvalidError
	var ve *tls.CertificateVerificationError
	if errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ce) || errors.As(err, &ve) {
		return false
	}
	return !errors.Is(err, context.Canceled)
}

// expectJSON checks that a successful answer's body starts as a JSON
// object, which every Sheets and Forms answer is: Google (or a proxy, or
// a wrong --endpoint) answering null, [], an empty body or an HTML page
// would otherwise reach the client library as a nil result or a decoding
// error. Failing answers and their bodies are the library's to read.
func expectJSON(resp *http.Response) (*http.Response, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 || resp.StatusCode == http.StatusNoContent {
		return resp, nil
	}
	br := bufio.NewReader(resp.Body)
	for {
		b, err := br.ReadByte()
		switch {
		case err == io.EOF:
			resp.Body.Close()
			return nil, notJSON("an empty answer")
		case err != nil:
			resp.Body.Close()
			return nil, err // a dropped connection: retried
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
			continue
		case b != '{':
			resp.Body.Close()
			what := "not a JSON object"
			if b == 'n' {
				what = "null"
			}
			return nil, notJSON(what)
		}
		_ = br.UnreadByte()
		resp.Body = struct {
			io.Reader
			io.Closer
		}{br, resp.Body}
		return resp, nil
	}
}

// attemptTimeout is a try that outlasted RetryPolicy.AttemptTimeout
// (Google held the request, or the connection stalled). It is retried as a
// dropped connection is; it is not the caller's context ending.
type attemptTimeout struct{ d time.Duration }

func (e *attemptTimeout) Error() string { return "no answer within " + e.d.String() }

// cancelBody ends a try's context when its response body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel   context.CancelFunc
	try, req context.Context // the try's context and the request's
	d        time.Duration   // the try's timeout
}

// Read reports a body that stalled past the try's timeout as such.
func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.try != nil && b.try.Err() != nil && b.req.Err() == nil {
		err = &attemptTimeout{b.d}
	}
	return n, err
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
