package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/xlsx"
)

// sample is the demo's responses (demo.go embeds them), for the tests that
// sync them from a file.
const sample = "sample_responses.csv"

// runCLI runs the command line in-process and returns its exit status and
// output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"podsync"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// fakeFlags point a command at the in-repo fake of the Sheets and Forms
// APIs, as an organizer would point it at an emulator.
func fakeFlags(srv *googlefake.Server) []string {
	return []string{"--endpoint", srv.URL, "--no-auth"}
}

func fakeResponse(name, email, offers, needs string, at time.Time) googlefake.Response {
	return googlefake.Response{ID: "r-" + strings.ToLower(name), Submitted: at, Answers: map[string][]string{
		"Your name": {name}, "Email address": {email},
		"Your zone (building, floor or block)":                  {"Building A"},
		"What can you help others with?":                        {offers},
		"What do you need help with?":                           {needs},
		"Would you like 1-on-1 conversations with pod members?": {"Yes"},
		"What may we share with the whole pod?":                 {"My name"},
	}}
}

// handoutTab reads one tab of a handout the exporter wrote; nil when it has
// no such tab.
func handoutTab(t *testing.T, path, tab string) *sheets.Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, err := xlsx.ReadDownload(f)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	got, err := h.Read(tab)
	if err != nil {
		t.Fatal(err)
	}
	return got[tab]
}
