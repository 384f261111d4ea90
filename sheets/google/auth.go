package google

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/podsync/podsync/sheets"
	"golang.org/x/oauth2"
	goauth "golang.org/x/oauth2/google"
)

// OAuth scopes podsync asks for: the least that each command needs.
const (
	// ScopeSpreadsheets reads and writes the pod's spreadsheet (and creates
	// one for init --create).
	ScopeSpreadsheets = "https://www.googleapis.com/auth/spreadsheets"
	// ScopeFormsBodyReadonly reads the form's questions.
	ScopeFormsBodyReadonly = "https://www.googleapis.com/auth/forms.body.readonly"
	// ScopeFormsResponsesReadonly reads the form's responses.
	ScopeFormsResponsesReadonly = "https://www.googleapis.com/auth/forms.responses.readonly"
	// ScopeFormsBody creates and edits forms: only init --create-form.
	ScopeFormsBody = "https://www.googleapis.com/auth/forms.body"
)

// SyncScopes are the scopes of sync, run, export, init and doctor.
var SyncScopes = []string{ScopeSpreadsheets, ScopeFormsBodyReadonly, ScopeFormsResponsesReadonly}

// LoginScopes are the scopes `podsync login` asks for: SyncScopes, plus
// ScopeFormsBody when the login is also to create the form.
func LoginScopes(createForm bool) []string {
	s := slices.Clone(SyncScopes)
	if createForm {
		s = append(s, ScopeFormsBody)
	}
	return s
}

// DefaultTokenFile is where `podsync login` keeps its token:
// <user config dir>/podsync/token.json.
func DefaultTokenFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config directory for the login token (%v); pass a token file", err)
	}
	return filepath.Join(dir, "podsync", "token.json"), nil
}

// credentials is what podsync authenticates with.
type credentials struct {
	kind   string // "service account", "OAuth login", "Application Default Credentials", "no auth"
	email  string // the service account's client_email, when known
	source string // the file it came from, or "" for ADC found elsewhere
	ts     oauth2.TokenSource
	scopes []string
	red    *redactor
}

// describe says in a line who podsync acts as.
func (c *credentials) describe() string {
	s := c.kind
	if c.email != "" {
		s += " " + c.email
	}
	if c.source != "" {
		s += " (" + c.source + ")"
	}
	return s
}

// credFile is the part of a credentials JSON podsync looks at.
type credFile struct {
	Type         string          `json:"type"`
	ClientEmail  string          `json:"client_email"`
	PrivateKey   string          `json:"private_key"`
	PrivateKeyID string          `json:"private_key_id"`
	ClientSecret string          `json:"client_secret"`
	RefreshToken string          `json:"refresh_token"`
	Installed    json.RawMessage `json:"installed"`
	Web          json.RawMessage `json:"web"`
	ImpersonURL  string          `json:"service_account_impersonation_url"`
}

// credError is an error about a credentials file. Its text never holds the
// file's contents.
func credError(file, format string, args ...any) error {
	return &sheets.OpError{Op: "load credentials " + file, Err: fmt.Errorf(format, args...)}
}

// jsonProblem describes a JSON decoding error without quoting the input.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("it is not valid JSON (error at byte %d)", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("its field %q has the wrong type", te.Field)
	}
	return "it is not valid JSON"
}

// loadCredentials finds the credentials for cfg, in this order: no auth;
// --credentials FILE (a service-account key, an OAuth client whose login
// token is saved, or any other credentials JSON Google's libraries read);
// GOOGLE_APPLICATION_CREDENTIALS; a saved `podsync login`; then the rest of
// Application Default Credentials (gcloud's file, the metadata server).
func loadCredentials(ctx context.Context, cfg Config, scopes []string) (*credentials, error) {
	if cfg.NoAuth {
		return &credentials{kind: "no auth", red: &redactor{}}, nil
	}
	if cfg.CredentialsFile != "" {
		return credentialsFromFile(ctx, cfg, cfg.CredentialsFile, scopes)
	}
	if env := os.Getenv("GOOGLE_APPLICATION_CREDENTIALS"); env != "" {
		return credentialsFromFile(ctx, cfg, env, scopes)
	}
	tokenFile := cfg.TokenFile
	if tokenFile == "" {
		tokenFile, _ = DefaultTokenFile()
	}
	if tokenFile != "" {
		if _, err := os.Stat(tokenFile); err == nil {
			return credentialsFromLogin(ctx, nil, tokenFile, scopes)
		}
	}
	c, err := goauth.FindDefaultCredentials(ctx, scopes...)
	if err != nil {
		return nil, &sheets.OpError{Op: "find credentials", Err: errors.New("no Google credentials found: pass --credentials FILE " +
			"(a service-account key, or an OAuth client JSON and then run `podsync login`), " +
			"or run `gcloud auth application-default login --scopes=" + strings.Join(append([]string{"https://www.googleapis.com/auth/cloud-platform"}, scopes...), ",") + "`")}
	}
	out := &credentials{kind: "Application Default Credentials", scopes: scopes, red: &redactor{}}
	if len(c.JSON) > 0 {
		var f credFile
		if json.Unmarshal(c.JSON, &f) == nil {
			out.email = f.ClientEmail
			out.red.addFile(f)
		}
	}
	out.ts = &safeSource{src: c.TokenSource, red: out.red}
	return out, nil
}

func credentialsFromFile(ctx context.Context, cfg Config, file string, scopes []string) (*credentials, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, credError(file, "the file does not exist")
		}
		return nil, credError(file, "cannot read it: %v", errors.Unwrap(err))
	}
	var f credFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, credError(file, "%s; download the key (or OAuth client) JSON again from the Google Cloud console", jsonProblem(err))
	}
	red := &redactor{}
	red.addFile(f)
	switch {
	case f.Type == "service_account":
		if f.ClientEmail == "" {
			return nil, credError(file, "the service-account key has no client_email; download a new key")
		}
		if err := checkPrivateKey(f.PrivateKey); err != nil {
			return nil, credError(file, "the service-account key's private_key %v; download a new key (IAM → Service accounts → Keys)", err)
		}
		c, err := goauth.CredentialsFromJSONWithType(ctx, data, goauth.ServiceAccount, scopes...)
		if err != nil {
			return nil, credError(file, "it is not a usable service-account key: %v", red.clean(err))
		}
		return &credentials{kind: "service account", email: f.ClientEmail, source: file, scopes: scopes, red: red,
			ts: &safeSource{src: c.TokenSource, red: red}}, nil
	case len(f.Installed) > 0 || len(f.Web) > 0:
		conf, err := goauth.ConfigFromJSON(data, scopes...)
		if err != nil {
			return nil, credError(file, "it is not a usable OAuth client: %v", red.clean(err))
		}
		tokenFile := cfg.TokenFile
		if tokenFile == "" {
			if tokenFile, err = DefaultTokenFile(); err != nil {
				return nil, err
			}
		}
		c, err := credentialsFromLogin(ctx, conf, tokenFile, scopes)
		if err != nil {
			return nil, err
		}
		c.red.add(f.ClientSecret)
		return c, nil
	case f.Type == "authorized_user" || f.Type == "external_account" || f.Type == "impersonated_service_account" ||
		f.Type == "external_account_authorized_user":
		c, err := goauth.CredentialsFromJSONWithType(ctx, data, goauth.CredentialsType(f.Type), scopes...)
		if err != nil {
			return nil, credError(file, "cannot use these %s credentials: %v", f.Type, red.clean(err))
		}
		kind := strings.ReplaceAll(f.Type, "_", " ") + " credentials"
		email := f.ClientEmail
		if f.ImpersonURL != "" {
			// …/serviceAccounts/NAME@PROJECT.iam.gserviceaccount.com:generateAccessToken
			if i := strings.LastIndex(f.ImpersonURL, "/"); i >= 0 {
				email, _, _ = strings.Cut(f.ImpersonURL[i+1:], ":")
			}
		}
		return &credentials{kind: kind, email: email, source: file, scopes: scopes, red: red,
			ts: &safeSource{src: c.TokenSource, red: red}}, nil
	case f.Type == "":
		return nil, credError(file, "it is neither a service-account key nor an OAuth client JSON")
	}
	return nil, credError(file, "credentials of type %q are not supported; use a service-account key or an OAuth client (Desktop app) JSON", f.Type)
}

// checkPrivateKey parses a PEM private key so that a damaged key fails when
// podsync starts, not at the first request. Its errors never quote the key.
func checkPrivateKey(k string) error {
	if strings.TrimSpace(k) == "" {
		return errors.New("is missing")
	}
	block, _ := pem.Decode([]byte(k))
	if block == nil {
		return errors.New("is not a PEM-encoded key")
	}
	if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return nil
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return nil
	}
	return errors.New("cannot be parsed")
}

// savedLogin is the token file `podsync login` writes. It keeps the OAuth
// client with the token, so later commands need no --credentials.
type savedLogin struct {
	ClientID     string        `json:"client_id"`
	ClientSecret string        `json:"client_secret,omitempty"`
	AuthURL      string        `json:"auth_uri,omitempty"`
	TokenURL     string        `json:"token_uri"`
	Scopes       []string      `json:"scopes"`
	Token        *oauth2.Token `json:"token"`
}

func readLogin(file string) (*savedLogin, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, credError(file, "not signed in: run `podsync login --credentials CLIENT.json` first")
		}
		return nil, credError(file, "cannot read the saved login: %v", errors.Unwrap(err))
	}
	var l savedLogin
	if err := json.Unmarshal(data, &l); err != nil || l.Token == nil {
		return nil, credError(file, "the saved login is damaged; run `podsync login` again")
	}
	return &l, nil
}

// credentialsFromLogin uses a saved login. conf is the OAuth client from
// --credentials, or nil to use the client saved with the token.
func credentialsFromLogin(ctx context.Context, conf *oauth2.Config, file string, scopes []string) (*credentials, error) {
	l, err := readLogin(file)
	if err != nil {
		return nil, err
	}
	red := &redactor{}
	red.add(l.ClientSecret, l.Token.RefreshToken, l.Token.AccessToken)
	if conf == nil {
		if l.ClientID == "" || l.TokenURL == "" {
			return nil, credError(file, "the saved login has no OAuth client; run `podsync login --credentials CLIENT.json` again")
		}
		conf = &oauth2.Config{ClientID: l.ClientID, ClientSecret: l.ClientSecret,
			Endpoint: oauth2.Endpoint{AuthURL: l.AuthURL, TokenURL: l.TokenURL}}
	} else if l.ClientID != "" && l.ClientID != conf.ClientID {
		return nil, credError(file, "the saved login was made with another OAuth client; run `podsync login` again")
	}
	if len(l.Scopes) > 0 {
		var missing []string
		for _, s := range scopes {
			if !slices.Contains(l.Scopes, s) {
				missing = append(missing, strings.TrimPrefix(s, "https://www.googleapis.com/auth/"))
			}
		}
		if len(missing) > 0 {
			return nil, credError(file, "the saved login does not allow %s; run `podsync login` again so Google asks for it", strings.Join(missing, ", "))
		}
	}
	src := &savingSource{
		file:  file,
		login: *l,
		last:  l.Token.AccessToken,
		// The refresh must outlive the command's request contexts.
		src: oauth2.ReuseTokenSource(l.Token, conf.TokenSource(context.WithoutCancel(ctx), l.Token)),
	}
	return &credentials{kind: "OAuth login", source: file, scopes: scopes, red: red,
		ts: &safeSource{src: src, red: red}}, nil
}

// savingSource writes refreshed tokens back to the token file, so the next
// command starts with a fresh access token.
type savingSource struct {
	mu    sync.Mutex
	src   oauth2.TokenSource
	file  string
	login savedLogin
	last  string
}

func (s *savingSource) Token() (*oauth2.Token, error) {
	t, err := s.src.Token()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.AccessToken != s.last {
		s.last = t.AccessToken
		l := s.login
		l.Token = t
		// A failed save only costs a refresh next time: the sync goes on.
		_ = writeLogin(s.file, &l)
	}
	return t, nil
}

// writeLogin writes the token file: the directory is made 0700, the file is
// created 0600 beside the target and renamed over it, so it is never
// readable by others, not even for a moment.
func writeLogin(file string, l *savedLogin) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".token-*.json") // mode 0600
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name)
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(name, file)
}

// Login runs the OAuth installed-app flow for a person's Google account:
// it listens on a random 127.0.0.1 port, has openBrowser show Google's
// consent page (with PKCE, S256), exchanges the code it is sent back, and
// saves the token with the OAuth client in tokenFile ("" for
// DefaultTokenFile), created 0600. scopes default to SyncScopes.
func Login(ctx context.Context, clientFile, tokenFile string, openBrowser func(url string), scopes ...string) error {
	if len(scopes) == 0 {
		scopes = SyncScopes
	}
	if openBrowser == nil {
		return errors.New("sheets: Login needs a way to show the sign-in page")
	}
	data, err := os.ReadFile(clientFile)
	if err != nil {
		return credError(clientFile, "cannot read it: %v", errors.Unwrap(err))
	}
	var f credFile
	if err := json.Unmarshal(data, &f); err != nil {
		return credError(clientFile, "%s", jsonProblem(err))
	}
	if len(f.Installed) == 0 && len(f.Web) == 0 {
		if f.Type == "service_account" {
			return credError(clientFile, "this is a service-account key, which needs no login: pass it with --credentials")
		}
		return credError(clientFile, "it is not an OAuth client JSON; create one in the Google Cloud console (APIs & Services → Credentials → OAuth client ID → Desktop app) and download it")
	}
	red := &redactor{}
	red.addFile(f)
	conf, err := goauth.ConfigFromJSON(data, scopes...)
	if err != nil {
		return credError(clientFile, "it is not a usable OAuth client: %v", red.clean(err))
	}
	if tokenFile == "" {
		if tokenFile, err = DefaultTokenFile(); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return &sheets.OpError{Op: "login", Err: fmt.Errorf("cannot listen for Google's answer on 127.0.0.1: %v", err)}
	}
	defer ln.Close()
	conf.RedirectURL = fmt.Sprintf("http://%s/", ln.Addr().String())
	state := randomString(24)
	verifier := oauth2.GenerateVerifier()

	type result struct {
		code string
		err  error
	}
	done := make(chan result, 1)
	var once sync.Once
	finish := func(r result) { once.Do(func() { done <- r }) }
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || (q.Get("code") == "" && q.Get("error") == "") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if q.Get("state") != state {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, "<p>This sign-in link is not the one podsync started. Run <code>podsync login</code> again.</p>")
			finish(result{err: errors.New("the sign-in answer did not match the request (state mismatch); run podsync login again")})
			return
		}
		if e := q.Get("error"); e != "" {
			fmt.Fprintf(w, "<p>Sign-in was not completed (%s). You can close this window.</p>", html.EscapeString(e))
			finish(result{err: fmt.Errorf("Google sign-in was not completed: %s", e)})
			return
		}
		fmt.Fprint(w, "<p>podsync is signed in. You can close this window.</p>")
		finish(result{code: q.Get("code")})
	})}
	go srv.Serve(ln)
	defer srv.Close()

	openBrowser(conf.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("prompt", "consent")))
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		return &sheets.OpError{Op: "login", Err: fmt.Errorf("gave up waiting for the browser sign-in: %w", ctx.Err())}
	}
	if res.err != nil {
		return &sheets.OpError{Op: "login", Err: res.err}
	}
	tok, err := conf.Exchange(ctx, res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return &sheets.OpError{Op: "login", Err: fmt.Errorf("Google did not give a token: %s", describeTokenErr(err, red))}
	}
	granted := scopes
	if s, ok := tok.Extra("scope").(string); ok && s != "" {
		granted = strings.Fields(s)
	}
	l := &savedLogin{ClientID: conf.ClientID, ClientSecret: conf.ClientSecret, AuthURL: conf.Endpoint.AuthURL,
		TokenURL: conf.Endpoint.TokenURL, Scopes: granted, Token: tok}
	if err := writeLogin(tokenFile, l); err != nil {
		return &sheets.OpError{Op: "save login token", Err: err}
	}
	return nil
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenError is a failure to get an access token.
type tokenError struct {
	msg       string
	transient bool // the token endpoint failed with 5xx or the network did
}

func (e *tokenError) Error() string { return e.msg }

// safeSource turns token errors into tokenErrors whose text holds no secret.
type safeSource struct {
	src oauth2.TokenSource
	red *redactor
}

func (s *safeSource) Token() (*oauth2.Token, error) {
	t, err := s.src.Token()
	if err == nil {
		// A refreshed token is a secret too: keep it out of any error
		// text that might echo a request.
		s.red.add(t.AccessToken, t.RefreshToken)
		return t, nil
	}
	te := &tokenError{msg: "could not get an access token from Google: " + describeTokenErr(err, s.red)}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		te.transient = re.Response != nil && re.Response.StatusCode >= 500
	} else {
		te.transient = transientNetErr(err)
	}
	return nil, te
}

// describeTokenErr says why a token request failed, quoting only Google's
// error code and description.
func describeTokenErr(err error, red *redactor) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code, desc := re.ErrorCode, re.ErrorDescription
		if code == "" {
			// The JWT flow leaves the body unparsed.
			var body struct {
				Error       string `json:"error"`
				Description string `json:"error_description"`
			}
			if json.Unmarshal(re.Body, &body) == nil {
				code, desc = body.Error, body.Description
			}
		}
		s := code
		if desc != "" {
			s += ": " + desc
		}
		if s == "" && re.Response != nil {
			s = re.Response.Status
		}
		if code == "invalid_grant" {
			s += " (the credentials were revoked or have expired)"
		}
		return red.cleanString(s)
	}
	return red.cleanString(err.Error())
}

// redactor removes secrets from error texts.
type redactor struct {
	mu      sync.Mutex
	secrets []string
}

func (r *redactor) add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) >= 8 && !slices.Contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
		}
	}
}

func (r *redactor) addFile(f credFile) {
	r.add(f.PrivateKey, f.PrivateKeyID, f.ClientSecret, f.RefreshToken)
	// A key may be quoted a line at a time.
	for _, line := range strings.Split(f.PrivateKey, "\n") {
		if line = strings.TrimSpace(line); len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			r.add(line)
		}
	}
	var inner struct {
		ClientSecret string `json:"client_secret"`
	}
	for _, raw := range []json.RawMessage{f.Installed, f.Web} {
		if len(raw) > 0 && json.Unmarshal(raw, &inner) == nil {
			r.add(inner.ClientSecret)
		}
	}
}

func (r *redactor) cleanString(s string) string {
	if r == nil {
		return s
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}

// clean returns err, or an error with its text redacted when it holds a
// secret.
func (r *redactor) clean(err error) error {
	if err == nil || r == nil {
		return err
	}
	if s := r.cleanString(err.Error()); s != err.Error() {
		return errors.New(s)
	}
	return err
}
