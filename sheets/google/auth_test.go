package google_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// tokenServer is a fake OAuth token endpoint for service-account JWTs,
// authorization codes (with PKCE) and refresh tokens.
type tokenServer struct {
	*httptest.Server
	mu        sync.Mutex
	reject    string // an OAuth error code to answer with
	challenge string // the PKCE challenge of the sign-in in progress
	refreshes int
	grants    []string
}

func newTokenServer(t *testing.T) *tokenServer {
	ts := &tokenServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		grant := r.PostForm.Get("grant_type")
		ts.grants = append(ts.grants, grant)
		w.Header().Set("Content-Type", "application/json")
		if ts.reject != "" {
			w.WriteHeader(400)
			fmt.Fprintf(w, `{"error":%q,"error_description":"Invalid JWT Signature."}`, ts.reject)
			return
		}
		switch grant {
		case "urn:ietf:params:oauth:grant-type:jwt-bearer":
			fmt.Fprint(w, `{"access_token":"sa-token","token_type":"Bearer","expires_in":3600}`)
		case "authorization_code":
			sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
			if r.PostForm.Get("code") != "the-code" || base64.RawURLEncoding.EncodeToString(sum[:]) != ts.challenge {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"invalid_grant","error_description":"bad code or verifier"}`)
				return
			}
			fmt.Fprintf(w, `{"access_token":"user-at-1","refresh_token":"user-rt-secret-value","token_type":"Bearer","expires_in":3600,"scope":%q}`,
				strings.Join(google.SyncScopes, " "))
		case "refresh_token":
			ts.refreshes++
			fmt.Fprintf(w, `{"access_token":"user-at-%d","token_type":"Bearer","expires_in":3600}`, ts.refreshes+1)
		default:
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"unsupported_grant_type"}`)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

const saEmail = "podsync@neighbors-123.iam.gserviceaccount.com"

// writeServiceAccount writes a service-account key file whose token_uri is
// the fake token server; key overrides the private key when not "".
func writeServiceAccount(t *testing.T, tokenURL, key string) string {
	t.Helper()
	if key == "" {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		key = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
	data, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "neighbors-123", "private_key_id": "0123456789abcdef0123",
		"private_key": key, "client_email": saEmail, "client_id": "1234567890",
		"token_uri": tokenURL,
	})
	file := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// authConfig is fakeConfig with credentials instead of --no-auth.
func authConfig(srv *googlefake.Server, credFile string) google.Config {
	cfg := fakeConfig(srv, nil)
	cfg.NoAuth = false
	cfg.CredentialsFile = credFile
	return cfg
}

// isolate keeps the test away from the user's real credentials.
func isolate(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	return dir
}

func TestServiceAccount(t *testing.T) {
	isolate(t)
	ctx := context.Background()
	ts := newTokenServer(t)
	srv := googlefake.New(t)
	key := writeServiceAccount(t, ts.URL+"/token", "")
	s, err := google.Open(ctx, authConfig(srv, key))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Identity(), saEmail) {
		t.Errorf("identity %q", s.Identity())
	}
	if _, err := s.Read(ctx, "Sheet1"); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if got := r.Header.Get("Authorization"); got != "Bearer sa-token" {
			t.Errorf("%s sent Authorization %q", r.Kind, got)
		}
	}

	// No access: say whom to share with.
	srv.Deny(403)
	s.Invalidate()
	_, err = s.Read(ctx, "Sheet1")
	if !errors.Is(err, google.ErrAccessDenied) || !strings.Contains(err.Error(), "share the spreadsheet with "+saEmail+" as Editor") {
		t.Fatalf("err = %v", err)
	}
	f, err := google.OpenForms(ctx, authConfig(srv, key))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err = f.Responses(ctx, time.Time{}); err == nil || !strings.Contains(err.Error(), "add "+saEmail+" as an editor of the form") {
		t.Fatalf("forms err = %v", err)
	}
}

func TestCredentialErrorsKeepSecrets(t *testing.T) {
	isolate(t)
	ctx := context.Background()
	srv := googlefake.New(t)
	const material = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDSECRETKEYMATERIALdoNotLeakThis"
	badKey := "-----BEGIN PRIVATE KEY-----\n" + material + "\n-----END PRIVATE KEY-----\n"
	check := func(t *testing.T, err error, want string, secrets ...string) {
		t.Helper()
		if err == nil {
			t.Fatal("no error")
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
		for _, s := range secrets {
			if strings.Contains(err.Error(), s) || strings.Contains(err.Error(), s[:24]) {
				t.Errorf("error quotes secret material: %v", err)
			}
		}
	}

	t.Run("damaged key", func(t *testing.T) {
		file := writeServiceAccount(t, "http://127.0.0.1:1/token", badKey)
		_, err := google.Open(ctx, authConfig(srv, file))
		check(t, err, "private_key", material)
		if !strings.Contains(err.Error(), "key.json") {
			t.Errorf("error does not name the file: %v", err)
		}
	})
	t.Run("not JSON", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "key.json")
		os.WriteFile(file, []byte(`{"type": "service_account", "private_key": "`+badKey+`, "client_email": oops}`), 0o600)
		_, err := google.Open(ctx, authConfig(srv, file))
		check(t, err, "not valid JSON", material)
	})
	t.Run("truncated JSON", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "key.json")
		os.WriteFile(file, []byte(`{"type": "service_account", "private_key": "`+material), 0o600)
		_, err := google.Open(ctx, authConfig(srv, file))
		check(t, err, "not valid JSON", material)
	})
	t.Run("key rejected by Google", func(t *testing.T) {
		ts := newTokenServer(t)
		ts.reject = "invalid_grant"
		file := writeServiceAccount(t, ts.URL+"/token", "")
		data, _ := os.ReadFile(file)
		var f struct {
			PrivateKey string `json:"private_key"`
		}
		json.Unmarshal(data, &f)
		line := strings.Split(f.PrivateKey, "\n")[1]
		s, err := google.Open(ctx, authConfig(srv, file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Read(ctx, "Sheet1")
		check(t, err, "invalid_grant", line)
		if !strings.Contains(err.Error(), "create a new key") {
			t.Errorf("no advice: %v", err)
		}
		if n := srv.Count("total"); n != 0 {
			t.Errorf("%d requests reached the spreadsheet without a token", n)
		}
		ts.mu.Lock()
		defer ts.mu.Unlock()
		if len(ts.grants) != 1 {
			t.Errorf("a rejected key was retried: %d token requests", len(ts.grants))
		}
	})
	t.Run("OAuth client without login", func(t *testing.T) {
		file := writeClient(t, "http://127.0.0.1:1")
		_, err := google.Open(ctx, authConfig(srv, file))
		check(t, err, "podsync login", "GOCSPX-client-secret-value")
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := google.Open(ctx, authConfig(srv, filepath.Join(t.TempDir(), "nope.json")))
		check(t, err, "does not exist")
	})
	t.Run("not credentials", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "x.json")
		os.WriteFile(file, []byte(`{"hello": "world"}`), 0o600)
		_, err := google.Open(ctx, authConfig(srv, file))
		check(t, err, "neither a service-account key nor an OAuth client")
	})
}

func writeClient(t *testing.T, oauthURL string) string {
	t.Helper()
	data, _ := json.Marshal(map[string]any{"installed": map[string]any{
		"client_id": "cid.apps.googleusercontent.com", "client_secret": "GOCSPX-client-secret-value",
		"auth_uri": oauthURL + "/auth", "token_uri": oauthURL + "/token", "redirect_uris": []string{"http://localhost"},
	}})
	file := filepath.Join(t.TempDir(), "client.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestLogin(t *testing.T) {
	home := isolate(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ts := newTokenServer(t)
	client := writeClient(t, ts.URL)

	browser := func(u string) {
		q, err := url.Parse(u)
		if err != nil {
			t.Error(err)
			return
		}
		v := q.Query()
		if q.Path != "/auth" || v.Get("code_challenge_method") != "S256" || v.Get("code_challenge") == "" ||
			v.Get("access_type") != "offline" || v.Get("client_id") != "cid.apps.googleusercontent.com" {
			t.Errorf("consent URL %s", u)
		}
		if scope := v.Get("scope"); scope != strings.Join(google.SyncScopes, " ") {
			t.Errorf("scope %q", scope)
		}
		redirect := v.Get("redirect_uri")
		if !strings.HasPrefix(redirect, "http://127.0.0.1:") {
			t.Errorf("redirect %q is not a loopback address", redirect)
		}
		ts.mu.Lock()
		ts.challenge = v.Get("code_challenge")
		ts.mu.Unlock()
		// A forged answer with another state is refused…
		if resp, err := http.Get(redirect + "?code=the-code&state=forged"); err == nil {
			resp.Body.Close()
			if resp.StatusCode != 400 {
				t.Errorf("forged state answered %d", resp.StatusCode)
			}
		}
	}
	err := google.Login(ctx, client, "", browser)
	if err == nil || !strings.Contains(err.Error(), "state") {
		t.Fatalf("a forged state must fail the login: %v", err)
	}

	// …the real one is taken.
	browser2 := func(u string) {
		q, _ := url.Parse(u)
		v := q.Query()
		ts.mu.Lock()
		ts.challenge = v.Get("code_challenge")
		ts.mu.Unlock()
		go func() {
			resp, err := http.Get(v.Get("redirect_uri") + "?code=the-code&state=" + url.QueryEscape(v.Get("state")))
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	if err := google.Login(ctx, client, "", browser2); err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(home, "podsync", "token.json")
	if def, _ := google.DefaultTokenFile(); def != tokenFile {
		t.Errorf("DefaultTokenFile = %q", def)
	}
	st, err := os.Stat(tokenFile)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, want 0600", st.Mode().Perm())
	}
	if dst, _ := os.Stat(filepath.Dir(tokenFile)); dst.Mode().Perm() != 0o700 {
		t.Errorf("token directory mode %v, want 0700", dst.Mode().Perm())
	}

	// Later commands use the saved login with no --credentials.
	srv := googlefake.New(t)
	s, err := google.Open(ctx, authConfig(srv, ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(ctx, "Sheet1"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "Bearer user-at-1" {
		t.Errorf("Authorization %q", got)
	}

	// An expired token is refreshed and the new one saved, still 0600.
	data, _ := os.ReadFile(tokenFile)
	var saved map[string]any
	json.Unmarshal(data, &saved)
	saved["token"].(map[string]any)["expiry"] = time.Now().Add(-time.Hour).Format(time.RFC3339)
	data, _ = json.Marshal(saved)
	os.WriteFile(tokenFile, data, 0o600)
	srv.ResetCounts()
	s, err = google.Open(ctx, authConfig(srv, client)) // with --credentials too
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(ctx, "Sheet1"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "Bearer user-at-2" {
		t.Errorf("after refresh: Authorization %q", got)
	}
	data, _ = os.ReadFile(tokenFile)
	if !strings.Contains(string(data), "user-at-2") || !strings.Contains(string(data), "user-rt-secret-value") {
		t.Errorf("refreshed token not saved: %s", data)
	}
	if st, _ := os.Stat(tokenFile); st.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v after refresh", st.Mode().Perm())
	}

	// The login did not grant forms.body: creating a form says to sign in again.
	_, _, err = google.CreateForm(ctx, authConfig(srv, ""), "x")
	if err == nil || !strings.Contains(err.Error(), "forms.body") || !strings.Contains(err.Error(), "podsync login") {
		t.Errorf("CreateForm with a sync-only login: %v", err)
	}
	if strings.Contains(fmt.Sprint(err), "user-rt-secret-value") {
		t.Errorf("error holds the refresh token")
	}
}

func TestLoginRefusesServiceAccount(t *testing.T) {
	isolate(t)
	file := writeServiceAccount(t, "http://127.0.0.1:1/token", "")
	err := google.Login(context.Background(), file, filepath.Join(t.TempDir(), "t.json"), func(string) {})
	if err == nil || !strings.Contains(err.Error(), "needs no login") {
		t.Fatalf("err = %v", err)
	}
}

func TestNoCredentials(t *testing.T) {
	isolate(t)
	srv := googlefake.New(t)
	_, err := google.Open(context.Background(), authConfig(srv, ""))
	if err == nil {
		t.Skip("this machine has Application Default Credentials (metadata server?)")
	}
	if !strings.Contains(err.Error(), "--credentials") {
		t.Errorf("err = %v", err)
	}
}
