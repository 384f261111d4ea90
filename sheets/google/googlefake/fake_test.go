package googlefake

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	formsapi "google.golang.org/api/forms/v1"
)

func get(t *testing.T, s *Server, path string) (int, map[string]any) {
	t.Helper()
	resp, err := s.Client().Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	body, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("%s: not JSON: %s", path, body)
	}
	return resp.StatusCode, out
}

func post(t *testing.T, s *Server, path, body string) (int, map[string]any) {
	t.Helper()
	resp, err := s.Client().Post(s.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s: not JSON: %s", path, data)
	}
	return resp.StatusCode, out
}

func TestValuesLikeGoogle(t *testing.T) {
	s := New(t)
	s.SetCells("Do Not Pair", [][]string{{"Person A", "Person B", ""}, {}, {"x", "", "z", ""}, {"", ""}})
	code, out := get(t, s, "/v4/spreadsheets/"+SpreadsheetID+"/values:batchGet?ranges=%27Do%20Not%20Pair%27&ranges=%27Do%20Not%20Pair%27!A1:B2&valueRenderOption=FORMATTED_VALUE")
	if code != 200 {
		t.Fatalf("%d %v", code, out)
	}
	vrs := out["valueRanges"].([]any)
	first := vrs[0].(map[string]any)
	// Trailing empty cells and rows are left out; an empty row inside is [].
	want := []any{[]any{"Person A", "Person B"}, []any{}, []any{"x", "", "z"}}
	if !reflect.DeepEqual(first["values"], want) {
		t.Errorf("values %v", first["values"])
	}
	if first["range"] != "'Do Not Pair'!A1:Z1000" {
		t.Errorf("range %v", first["range"])
	}
	if got := vrs[1].(map[string]any)["values"]; !reflect.DeepEqual(got, []any{[]any{"Person A", "Person B"}}) {
		t.Errorf("A1:B2 %v", got)
	}
	code, out = get(t, s, "/v4/spreadsheets/"+SpreadsheetID+"/values/%27Do%20Not%20Pair%27!A3:C3")
	if code != 200 || !reflect.DeepEqual(out["values"], []any{[]any{"x", "", "z"}}) {
		t.Errorf("values.get %d %v", code, out)
	}
}

func TestErrorsLikeGoogle(t *testing.T) {
	s := New(t)
	code, out := get(t, s, "/v4/spreadsheets/"+SpreadsheetID+"/values:batchGet?ranges=Nope")
	e := out["error"].(map[string]any)
	if code != 400 || e["code"] != 400.0 || e["status"] != "INVALID_ARGUMENT" || !strings.Contains(e["message"].(string), "Unable to parse range: Nope") {
		t.Errorf("%d %v", code, out)
	}
	code, out = get(t, s, "/v4/spreadsheets/missing")
	if e := out["error"].(map[string]any); code != 404 || e["status"] != "NOT_FOUND" {
		t.Errorf("%d %v", code, out)
	}
	code, _ = get(t, s, "/v4/spreadsheets/"+SpreadsheetID+"/values/A1:append")
	if code != 400 || len(s.Unexpected()) != 1 {
		t.Errorf("append: %d, unexpected %q", code, s.Unexpected())
	}
	code, _ = post(t, s, "/v4/spreadsheets/"+SpreadsheetID+":batchUpdate", `{"requests":[{"sortRange":{}}]}`)
	if code != 400 || len(s.Unexpected()) != 2 {
		t.Errorf("sortRange: %d, unexpected %q", code, s.Unexpected())
	}
	code, out = post(t, s, "/v4/spreadsheets/"+SpreadsheetID+"/values:batchUpdate", `{"data":[{"range":"Sheet1!A1","values":[["x"]]}]}`)
	if code != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "valueInputOption") {
		t.Errorf("no valueInputOption: %d %v", code, out)
	}
	code, out = post(t, s, "/v4/spreadsheets/"+SpreadsheetID+"/values:batchUpdate", `{"valueInputOption":"RAW","data":[{"range":"Sheet1!A1001","values":[["x"]]}]}`)
	if code != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "exceeds grid limits") {
		t.Errorf("past the grid: %d %v", code, out)
	}
	if got := s.Counts(); got["values.batchUpdate"] != 2 || got["unknown"] != 1 || got["total"] != 6 {
		t.Errorf("counts %v", got)
	}
}

func TestBatchUpdateIsAtomic(t *testing.T) {
	s := New(t)
	code, _ := post(t, s, "/v4/spreadsheets/"+SpreadsheetID+":batchUpdate",
		`{"requests":[{"addSheet":{"properties":{"title":"New"}}},{"addSheet":{"properties":{"title":"new"}}}]}`)
	if code != 400 {
		t.Fatalf("duplicate (case-blind) title accepted: %d", code)
	}
	if tabs := s.Tabs(); !reflect.DeepEqual(tabs, []string{"Sheet1"}) {
		t.Errorf("half-applied: %q", tabs)
	}
}

func TestFaults(t *testing.T) {
	s := New(t)
	s.Inject(Fault{Code: 429, RetryAfter: 3 * time.Second, Kind: "spreadsheets.get"})
	resp, err := s.Client().Get(s.URL + "/v4/spreadsheets/" + SpreadsheetID)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("%d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	s.Fail(1, Drop)
	if _, err := s.Client().Post(s.URL+"/v4/spreadsheets/"+SpreadsheetID+":batchUpdate", "application/json", strings.NewReader(`{}`)); err == nil {
		t.Error("dropped connection answered")
	}
	s.Fail(1, DropAfter)
	body := `{"valueInputOption":"RAW","data":[{"range":"Sheet1!A1","values":[["x"]]}]}`
	if _, err := s.Client().Post(s.URL+"/v4/spreadsheets/"+SpreadsheetID+"/values:batchUpdate", "application/json", strings.NewReader(body)); err == nil {
		t.Error("dropped connection answered")
	}
	if got := s.Cells("Sheet1"); !reflect.DeepEqual(got, [][]string{{"x"}}) {
		t.Errorf("DropAfter did not apply: %q", got)
	}
	if s.Count("fault") != 3 {
		t.Errorf("counts %v", s.Counts())
	}
}

func TestResponsesFilterAndPaging(t *testing.T) {
	s := New(t)
	s.SetForm(simpleForm())
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		s.AddResponse(FormID, Response{Submitted: t0.Add(time.Duration(i) * time.Hour), Answers: map[string][]string{"Name": {"n"}}})
	}
	s.SetPageSize(2)
	var ids []any
	token := ""
	pages := 0
	for {
		path := "/v1/forms/" + FormID + "/responses?filter=timestamp+%3E%3D+2026-01-01T01:00:00Z"
		if token != "" {
			path += "&pageToken=" + token
		}
		code, out := get(t, s, path)
		if code != 200 {
			t.Fatalf("%d %v", code, out)
		}
		pages++
		for _, r := range out["responses"].([]any) {
			ids = append(ids, r.(map[string]any)["responseId"])
		}
		tok, _ := out["nextPageToken"].(string)
		if tok == "" {
			break
		}
		token = tok
	}
	if len(ids) != 4 || pages != 2 {
		t.Errorf("%d responses in %d pages", len(ids), pages)
	}
	code, _ := get(t, s, "/v1/forms/"+FormID+"/responses?filter=since+yesterday")
	if code != 400 {
		t.Errorf("bad filter: %d", code)
	}
}

func simpleForm() *formsapi.Form {
	return &formsapi.Form{Items: []*formsapi.Item{TextItem("Name", false)}}
}
