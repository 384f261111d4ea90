package google

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/podsync/podsync/sheets"
	"golang.org/x/oauth2"
	"google.golang.org/api/option"
)

// Config says which spreadsheet and form to use and how to sign in.
// It is what the command line's Google flags fill in.
type Config struct {
	// SpreadsheetID is the spreadsheet's ID or its whole link.
	SpreadsheetID string
	// FormID is the form's ID or its edit link (not the /d/e/ link).
	FormID string
	// CredentialsFile is a service-account key or an OAuth client JSON
	// (then `podsync login` must have run); empty: the saved login, else
	// Application Default Credentials.
	CredentialsFile string
	// TokenFile is where the OAuth login is kept; empty: DefaultTokenFile.
	TokenFile string
	// Endpoint is the base URL of an emulator serving the Sheets v4 and
	// Forms v1 REST paths (v4/spreadsheets/…, v1/forms/…).
	Endpoint string
	// NoAuth sends requests without credentials (with Endpoint).
	NoAuth bool
	// HTTPClient supplies the transport (tests); podsync wraps it with
	// authentication and retries.
	HTTPClient *http.Client
	// Scopes overrides the scopes requested (default: the least each
	// function needs; see SyncScopes).
	Scopes []string
	// Retry tunes retries (nil: the default RetryPolicy).
	Retry *RetryPolicy
}

// client is an authenticated, retrying HTTP client and the options
// that point the API libraries at it.
type client struct {
	http  *http.Client
	opts  []option.ClientOption
	creds *credentials
}

func newClient(ctx context.Context, cfg Config, scopes []string) (*client, error) {
	if len(cfg.Scopes) > 0 {
		scopes = cfg.Scopes
	}
	creds, err := loadCredentials(ctx, cfg, scopes)
	if err != nil {
		return nil, err
	}
	base := http.DefaultTransport
	if cfg.HTTPClient != nil && cfg.HTTPClient.Transport != nil {
		base = cfg.HTTPClient.Transport
	}
	if creds.ts != nil {
		base = &oauth2.Transport{Source: creds.ts, Base: base}
	}
	hc := &http.Client{Transport: newRetryTransport(base, cfg.Retry)}
	if cfg.HTTPClient != nil {
		hc.Timeout = cfg.HTTPClient.Timeout
	}
	opts := []option.ClientOption{option.WithHTTPClient(hc)}
	if cfg.Endpoint != "" {
		ep, err := normalizeEndpoint(cfg.Endpoint)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithEndpoint(ep))
	}
	if cfg.NoAuth {
		opts = append(opts, option.WithoutAuthentication())
	}
	return &client{http: hc, opts: opts, creds: creds}, nil
}

// normalizeEndpoint makes the emulator URL end in "/", so both libraries
// resolve their relative paths (v4/spreadsheets/…, v1/forms/…) under it.
func normalizeEndpoint(ep string) (string, error) {
	u, err := url.Parse(ep)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", &sheets.OpError{Op: "open", Err: fmt.Errorf("--endpoint %q is not a URL like http://localhost:8080/", ep)}
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}
