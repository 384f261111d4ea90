package pod

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/podsync/podsync/sheets"
)

// SchemaVersion is the layout version recorded in the _podsync tab. A
// podsync that finds a higher one refuses to write the pod.
//
//   - 1: the first layout.
//   - 2: Response IDs of exports are ingest.Fingerprint of the answers, and
//     rows on the tab are recognised by it. A pod laid out by layout 1 needs
//     no change (its rows are recognised by their answers, whatever their
//     IDs), but a podsync of layout 1 would add every response again under
//     its own IDs, so it must not write a layout 2 pod.
const SchemaVersion = "2"

// questionKey prefixes a _podsync key that records a Forms question's
// Responses column: "question <question ID>".
const questionKey = "question "

// questionColumns reads the question columns recorded in the _podsync tab.
func questionColumns(state map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range state {
		if id, ok := strings.CutPrefix(k, questionKey); ok && strings.TrimSpace(id) != "" && strings.TrimSpace(v) != "" {
			out[strings.TrimSpace(id)] = v
		}
	}
	return out
}

func schemaVersion() int {
	v, _ := strconv.Atoi(SchemaVersion)
	return v
}

// readState reads podsync's own tab: the response cursor, the schema
// version, the Forms question columns and the forgotten members
// (readForgotten). A pod laid out by a newer
// podsync is refused: writing it with the old layout could undo what the
// newer one keeps.
func readState(t *sheets.Table) (map[string]string, error) {
	out := map[string]string{}
	if t == nil {
		return out, nil
	}
	h := sheets.NewHeaderIndex(t.Name, t.Header)
	k, _ := h.Find(sheets.ColKey)
	v, _ := h.Find("Value")
	for _, r := range t.Rows {
		if key := sheets.CellAt(r, k); key != "" {
			out[key] = sheets.CellAt(r, v)
		}
	}
	if v, err := strconv.Atoi(out["schema"]); err == nil && v > schemaVersion() {
		return nil, &sheets.TabError{Tab: sheets.TabState, Column: "Value", Err: fmt.Errorf("the pod was written by a newer podsync (layout %d; this one knows %s)", v, SchemaVersion),
			Fix: "upgrade podsync on this machine to the version the pod's other syncs use"}
	}
	return out, nil
}

// stateRecords are the _podsync tab's rows: the schema version, the
// response cursor and each Forms question's column.
func stateRecords(cursor string, questions map[string]string) []sheets.Record {
	recs := []sheets.Record{{sheets.ColKey: "schema", "Value": SchemaVersion}}
	if cursor != "" {
		recs = append(recs, sheets.Record{sheets.ColKey: "cursor", "Value": cursor})
	}
	for _, id := range slices.Sorted(maps.Keys(questions)) {
		recs = append(recs, sheets.Record{sheets.ColKey: questionKey + id, "Value": questions[id]})
	}
	return recs
}

// forgottenKey prefixes a _podsync key that records one forgotten member:
// "forgotten <hash>". Its Value is when, then one-way fingerprints of what
// identified them: "at=<RFC 3339> email:<h> phone:<h> id:<h> …".
const forgottenKey = "forgotten "

// forgotten is one forgotten member as the _podsync tab keeps them: never
// who they were, only SHA-256 fingerprints that recognise their answers.
type forgotten struct {
	key    string // the Key's hash part
	at     time.Time
	prints map[string]bool // "kind:hash"
}

// oneWay is a one-way fingerprint of one thing that identified a member:
// kind is email (folded), phone (matching.NormalizePhone), name (folded;
// kept only for a member who gave neither) or id (a Response ID, or the
// ID "R-<ingest.Fingerprint>" an export gives a response).
func oneWay(kind, v string) string {
	sum := sha256.Sum256([]byte("podsync forget\x00" + kind + "\x00" + v))
	return kind + ":" + hex.EncodeToString(sum[:16])
}

func (f *forgotten) value() string {
	ps := slices.Sorted(maps.Keys(f.prints))
	return "at=" + f.at.UTC().Format(time.RFC3339) + " " + strings.Join(ps, " ")
}

// readForgotten reads the forgotten members the _podsync tab records. A
// value podsync cannot read is skipped: it forgets nobody, and never fails
// a sync.
func readForgotten(state map[string]string) []forgotten {
	var out []forgotten
	for _, k := range slices.Sorted(maps.Keys(state)) {
		h, ok := strings.CutPrefix(k, forgottenKey)
		if !ok {
			continue
		}
		f := forgotten{key: strings.TrimSpace(h), prints: map[string]bool{}}
		for _, tok := range strings.Fields(state[k]) {
			if at, ok := strings.CutPrefix(tok, "at="); ok {
				f.at, _ = time.Parse(time.RFC3339, at)
			} else if strings.Contains(tok, ":") {
				f.prints[tok] = true
			}
		}
		if len(f.prints) > 0 {
			out = append(out, f)
		}
	}
	return out
}
