// Package googlefake is an in-process stand-in for the parts of the Google
// Sheets v4 and Forms v1 REST APIs that podsync uses, for tests and for
// running podsync against an emulator (--endpoint URL --no-auth).
//
// It keeps cells per tab as plain text, answers with the JSON shapes the real
// services return (trailing empty cells and rows left out of values, Google's
// error body {"error":{"code":…,"message":…,"status":…}}), and rejects any
// path or request kind it does not know with a 400, so a test that makes an
// unexpected call fails. It counts requests by kind, records every request,
// and injects faults: a queue of errors (429 with Retry-After, 500, 503, …),
// dropped connections (before or after the request took effect), answers
// that are not the JSON expected (Fault.Body), or a seeded random mix of
// them.
//
// Request kinds, as counted by Counts and matched by Fault.Kind:
//
//	spreadsheets.get  spreadsheets.create  spreadsheets.batchUpdate
//	values.get  values.batchGet  values.batchUpdate
//	forms.get  forms.create  forms.batchUpdate  forms.setPublishSettings
//	forms.responses.list
//
// A base URL serves both APIs, the way the client libraries build paths:
// <URL>/v4/spreadsheets/… and <URL>/v1/forms/….
package googlefake

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	sheetsapi "google.golang.org/api/sheets/v4"
)

// Default IDs of the spreadsheet and form every new Server starts with.
const (
	SpreadsheetID = "fake-spreadsheet"
	FormID        = "fake-form"
)

// Fault codes that are not HTTP statuses.
const (
	// Drop closes the connection without answering, before the request
	// takes effect.
	Drop = -1
	// DropAfter applies the request, then closes the connection without
	// answering: the client cannot know its write went through.
	DropAfter = -2
	// Hang holds the request without answering until the client gives
	// up (or the server closes), before it takes effect.
	Hang = -3
)

// Fault is one injected failure.
type Fault struct {
	// Code is an HTTP status (429, 500, 503, 403, …) or Drop / DropAfter.
	Code int
	// Kind limits the fault to one request kind ("values.batchUpdate");
	// empty matches any request.
	Kind string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter time.Duration
	// Message overrides the error message.
	Message string
	// Body, when set, is the answer: the request takes effect, then the
	// server answers 200 with these bytes as they are ("null", "{}",
	// half a JSON object, an HTML page), as a broken proxy or a wrong
	// endpoint might. Code is then ignored.
	Body string
}

// Request is one request the server received.
type Request struct {
	Kind   string
	Method string
	Path   string // unescaped
	Query  url.Values
	Body   []byte
	Header http.Header
	Fault  int // the fault injected, 0 when none
}

// Server is a fake Google Sheets and Forms backend.
type Server struct {
	// URL is the base URL to pass as the client endpoint.
	URL string
	// HTTP is the underlying test server.
	HTTP *httptest.Server

	mu         sync.Mutex
	books      map[string]*Book
	forms      map[string]*formState
	counts     map[string]int
	log        []Request
	unexpected []string
	faults     []Fault
	chaos      float64
	chaosCodes []int
	rng        *rand.Rand
	nextID     int
	pageSize   int
	denied     int
	delay      time.Duration
	hooks      []hook
}

// hook is an action run before a request (see Before).
type hook struct {
	kind string
	n    int // the n-th matching request from now runs it
	fn   func()
}

// Before runs fn just before the n-th request of kind from now (1: the
// next one; kind "" matches any) is answered, faulted or not: an
// organizer's edit (a sort, an inserted row) landing between podsync's
// requests, or while it waits to retry one. fn runs without the server's
// lock, so it may call the Book's methods.
func (s *Server) Before(kind string, n int, fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks = append(s.hooks, hook{kind: kind, n: max(n, 1), fn: fn})
}

// takeHooks returns the hooks due for a request of kind. Called with s.mu
// held.
func (s *Server) takeHooks(kind string) []func() {
	var due []func()
	keep := s.hooks[:0]
	for _, h := range s.hooks {
		if h.kind == "" || h.kind == kind {
			h.n--
			if h.n == 0 {
				due = append(due, h.fn)
				continue
			}
		}
		keep = append(keep, h)
	}
	s.hooks = keep
	return due
}

// SetPageSize caps the responses per forms.responses.list page (0: the
// request's pageSize, else 5000, as the real API).
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

// Deny answers every later request with this status (401, 403, 404), as
// for a caller without access; 0 lifts it. Queued faults go first.
func (s *Server) Deny(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denied = code
}

// SetDelay makes the server wait d before answering each request.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// New starts a server that stops when the test ends. It holds one
// spreadsheet, SpreadsheetID, with one empty tab "Sheet1" as Google makes a
// new spreadsheet, and no form.
func New(t testing.TB) *Server {
	s := NewServer()
	t.Cleanup(s.Close)
	return s
}

// NewServer starts a server; Close stops it. For use outside tests (an
// emulator for the daemon or the command line).
func NewServer() *Server {
	s := &Server{
		books:  map[string]*Book{},
		forms:  map[string]*formState{},
		counts: map[string]int{},
		rng:    rand.New(rand.NewPCG(1, 2)),
	}
	b := newBook(s, SpreadsheetID, "Fake pod")
	b.add(&sheetsapi.SheetProperties{Title: "Sheet1"})
	s.books[SpreadsheetID] = b
	s.HTTP = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.HTTP.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.HTTP.Close() }

// Client is an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.HTTP.Client() }

// Counts returns the number of requests received by kind (faulted ones
// included), plus "total".
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// Count returns the number of requests of one kind ("total" for all).
func (s *Server) Count(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[kind]
}

// ResetCounts zeroes the counters and clears the request log.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
	s.log = nil
}

// Requests returns every request since the last ResetCounts.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// RequestsOf returns the requests of one kind.
func (s *Server) RequestsOf(kind string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// Unexpected lists the requests answered with 400 because the fake does not
// know them (unknown paths, unknown request kinds, malformed bodies).
func (s *Server) Unexpected() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.unexpected...)
}

// ValueInputOptions lists the valueInputOption of every values write, in
// order.
func (s *Server) ValueInputOptions() []string {
	var out []string
	for _, r := range s.RequestsOf("values.batchUpdate") {
		var body struct {
			ValueInputOption string `json:"valueInputOption"`
		}
		_ = json.Unmarshal(r.Body, &body)
		out = append(out, body.ValueInputOption)
	}
	return out
}

// Inject queues faults; each is used by the next request it matches.
func (s *Server) Inject(fs ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fs...)
}

// Fail queues n faults with the given code (an HTTP status, Drop or
// DropAfter) for any request.
func (s *Server) Fail(n, code int) {
	for range n {
		s.Inject(Fault{Code: code})
	}
}

// FailKind queues n faults for requests of one kind.
func (s *Server) FailKind(n, code int, kind string) {
	for range n {
		s.Inject(Fault{Code: code, Kind: kind})
	}
}

// Chaos makes each request fail with probability p, drawing the fault from
// codes (default: 429, 500, 503, Drop) with a random source seeded by seed.
// p = 0 turns it off.
func (s *Server) Chaos(p float64, seed uint64, codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(codes) == 0 {
		codes = []int{429, 500, 503, Drop}
	}
	s.chaos, s.chaosCodes = p, codes
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// PendingFaults is the number of queued faults not used yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

// takeFault returns the fault for a request, if any. Called with s.mu held.
func (s *Server) takeFault(kind string) (Fault, bool) {
	for i, f := range s.faults {
		if f.Kind == "" || f.Kind == kind {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f, true
		}
	}
	if s.chaos > 0 && s.rng.Float64() < s.chaos {
		f := Fault{Code: s.chaosCodes[s.rng.IntN(len(s.chaosCodes))]}
		if f.Code == 429 {
			f.RetryAfter = time.Second
		}
		return f, true
	}
	return Fault{}, false
}

// apiError is Google's error body.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Status  string `json:"status"`
}

func statusOf(code int) string {
	switch code {
	case 400:
		return "INVALID_ARGUMENT"
	case 401:
		return "UNAUTHENTICATED"
	case 403:
		return "PERMISSION_DENIED"
	case 404:
		return "NOT_FOUND"
	case 409:
		return "ALREADY_EXISTS"
	case 429:
		return "RESOURCE_EXHAUSTED"
	case 500:
		return "INTERNAL"
	case 503:
		return "UNAVAILABLE"
	case 504:
		return "DEADLINE_EXCEEDED"
	}
	return "UNKNOWN"
}

func defaultMessage(code int) string {
	switch code {
	case 401:
		return "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
	case 403:
		return "The caller does not have permission"
	case 404:
		return "Requested entity was not found."
	case 429:
		return "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'."
	case 500:
		return "Internal error encountered."
	case 503:
		return "The service is currently unavailable."
	}
	return http.StatusText(code)
}

// httpError is an error answer from a handler.
type httpError struct {
	code int
	msg  string
}

func (e *httpError) Error() string { return e.msg }

func errorf(code int, format string, args ...any) *httpError {
	return &httpError{code: code, msg: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, code int, msg string) {
	if msg == "" {
		msg = defaultMessage(code)
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]apiError{"error": {Code: code, Message: msg, Status: statusOf(code)}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}

// route is a parsed request path.
type route struct {
	kind string
	id   string // spreadsheet or form ID
	rng  string // values.get range
	run  func(s *Server, rt route, r *http.Request, body []byte) (any, error)
}

// parsePath maps a request to its kind and handler.
func parsePath(method, raw string) (route, bool) {
	seg := func(p string) string {
		u, err := url.PathUnescape(p)
		if err != nil {
			return p
		}
		return u
	}
	if id, tail, ok := resource(raw, "/v4/spreadsheets"); ok {
		id = seg(id)
		switch {
		case method == http.MethodPost && id == "" && tail == "":
			return route{kind: "spreadsheets.create", run: (*Server).sheetsCreate}, true
		case id == "":
		case method == http.MethodGet && tail == "":
			return route{kind: "spreadsheets.get", id: id, run: (*Server).sheetsGet}, true
		case method == http.MethodPost && tail == ":batchUpdate":
			return route{kind: "spreadsheets.batchUpdate", id: id, run: (*Server).sheetsBatchUpdate}, true
		case method == http.MethodGet && tail == "/values:batchGet":
			return route{kind: "values.batchGet", id: id, run: (*Server).valuesBatchGet}, true
		case method == http.MethodPost && tail == "/values:batchUpdate":
			return route{kind: "values.batchUpdate", id: id, run: (*Server).valuesBatchUpdate}, true
		case method == http.MethodGet && strings.HasPrefix(tail, "/values/") && !strings.HasSuffix(tail, ":append") && !strings.HasSuffix(tail, ":clear"):
			return route{kind: "values.get", id: id, rng: seg(tail[len("/values/"):]), run: (*Server).valuesGet}, true
		}
	}
	if id, tail, ok := resource(raw, "/v1/forms"); ok {
		id = seg(id)
		switch {
		case method == http.MethodPost && id == "" && tail == "":
			return route{kind: "forms.create", run: (*Server).formsCreate}, true
		case id == "":
		case method == http.MethodGet && tail == "":
			return route{kind: "forms.get", id: id, run: (*Server).formsGet}, true
		case method == http.MethodPost && tail == ":batchUpdate":
			return route{kind: "forms.batchUpdate", id: id, run: (*Server).formsBatchUpdate}, true
		case method == http.MethodPost && tail == ":setPublishSettings":
			return route{kind: "forms.setPublishSettings", id: id, run: (*Server).formsSetPublish}, true
		case method == http.MethodGet && tail == "/responses":
			return route{kind: "forms.responses.list", id: id, run: (*Server).formsResponsesList}, true
		}
	}
	return route{}, false
}

// resource splits a path under collection ("/v4/spreadsheets") into the
// resource ID and the rest: "/v4/spreadsheets/ID/values:batchGet" gives
// "ID" and "/values:batchGet", ".../ID:batchUpdate" gives "ID" and
// ":batchUpdate", the collection itself gives "" and "". ok is false for
// paths outside the collection.
func resource(raw, collection string) (id, tail string, ok bool) {
	rest, found := strings.CutPrefix(raw, collection)
	switch {
	case !found:
		return "", "", false
	case rest == "":
		return "", "", true
	case rest[0] != '/':
		return "", "", false
	}
	rest = rest[1:]
	if id, tail, ok := strings.Cut(rest, "/"); ok {
		return id, "/" + tail, true
	}
	if i := strings.LastIndex(rest, ":"); i >= 0 {
		return rest[:i], rest[i:], true
	}
	return rest, "", true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := r.URL.EscapedPath()
	rt, ok := parsePath(r.Method, path)
	s.mu.Lock()
	delay := s.delay
	if !ok {
		s.counts["unknown"]++
		s.counts["total"]++
		s.unexpected = append(s.unexpected, r.Method+" "+path)
		s.log = append(s.log, Request{Kind: "unknown", Method: r.Method, Path: path, Query: r.URL.Query(), Body: body})
		s.mu.Unlock()
		writeError(w, 400, fmt.Sprintf("googlefake: unknown request %s %s", r.Method, path))
		return
	}
	s.counts[rt.kind]++
	s.counts["total"]++
	f, faulted := s.takeFault(rt.kind)
	if !faulted && s.denied != 0 {
		f, faulted = Fault{Code: s.denied}, true
	}
	rec := Request{Kind: rt.kind, Method: r.Method, Path: path, Query: r.URL.Query(), Body: body, Header: r.Header.Clone()}
	if faulted {
		rec.Fault = f.Code
		s.counts["fault"]++
	}
	s.log = append(s.log, rec)
	hooks := s.takeHooks(rt.kind)
	s.mu.Unlock()

	for _, fn := range hooks {
		fn()
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if faulted && f.Code != DropAfter && f.Body == "" {
		if f.Code == Hang {
			<-r.Context().Done()
			return
		}
		if f.Code == Drop {
			hijackClose(w)
			return
		}
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", fmt.Sprint(int((f.RetryAfter+time.Second-1)/time.Second)))
		}
		writeError(w, f.Code, f.Message)
		return
	}

	s.mu.Lock()
	out, err := rt.run(s, rt, r, body)
	if err != nil {
		if he, ok := err.(*httpError); ok && he.code == 400 && strings.HasPrefix(he.msg, "googlefake:") {
			s.unexpected = append(s.unexpected, rt.kind+": "+he.msg)
		}
	}
	s.mu.Unlock()
	if faulted && f.Body != "" {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		_, _ = io.WriteString(w, f.Body)
		return
	}
	if faulted && f.Code == DropAfter {
		hijackClose(w)
		return
	}
	if err != nil {
		code, msg := 500, err.Error()
		if he, ok := err.(*httpError); ok {
			code = he.code
		}
		writeError(w, code, msg)
		return
	}
	writeJSON(w, out)
}

func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("googlefake: response writer cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

// unexpectedf is a 400 for a request the fake does not understand; it is
// listed by Unexpected.
func unexpectedf(format string, args ...any) *httpError {
	return errorf(400, "googlefake: "+format, args...)
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
