// Package ingest reads form responses, whatever carries them: a downloaded
// CSV, the linked "Form Responses 1" tab, its CSV or xlsx download, or the
// Forms API (google.FormsSource). Each is a Source; a cycle reads them all
// the same way.
//
//   - source.go: Response, Source, Batch, and the File and Linked sources
//   - export.go: reading an export file or tab into responses (*ParseError
//     names the file, line and column)
//   - questions.go: the form podsync ships (Questions, category and share
//     labels)
//   - headers.go: finding each question's column by title (HeaderMap)
//   - google_titles.go: the titles Google gives its own columns (Timestamp,
//     the collected email) in each language, and where each was seen
//   - choices.go: splitting checkbox answers into known labels and the
//     member's own words
//   - timestamp.go: every timestamp shape Google writes, in every locale
//     seen, and time zones
//   - identity.go: the Response ID of a response that carries none
package ingest
