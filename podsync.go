// Package podsync bundles the sample pod that `podsync demo` builds: a
// fictional 28-person neighborhood pod's form responses, in the exact shape
// Google Forms downloads them (every field quoted, LF line ends, no final
// newline, 12-hour timestamps with a zone, checkbox answers joined by ";").
// The code lives in cmd/podsync, matching, sheets and exporter.
package podsync

import _ "embed"

// SampleResponses is testdata/podsync/sample_responses.csv.
//
//go:embed testdata/podsync/sample_responses.csv
var SampleResponses []byte
