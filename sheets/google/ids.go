package google

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

var (
	sheetURLRE = regexp.MustCompile(`/spreadsheets/d/([a-zA-Z0-9_-]+)`)
	formURLRE  = regexp.MustCompile(`/forms/d/(e/)?([a-zA-Z0-9_-]+)`)
	idRE       = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
)

// ParseSpreadsheetID accepts a spreadsheet ID or any link to the
// spreadsheet and returns the ID.
func ParseSpreadsheetID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if m := sheetURLRE.FindStringSubmatch(s); m != nil {
		return m[1], nil
	}
	if s == "" {
		return "", errors.New("no spreadsheet given: pass --spreadsheet ID (the long part of the spreadsheet's link between /d/ and /edit)")
	}
	if !idRE.MatchString(s) {
		return "", fmt.Errorf("%q is not a spreadsheet ID or link: the ID is the long part of the spreadsheet's link between /d/ and /edit", s)
	}
	return s, nil
}

// ParseFormID accepts a form ID or its edit link and returns the ID. The
// link sent to responders (/forms/d/e/…) is refused: the API cannot use it.
func ParseFormID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if m := formURLRE.FindStringSubmatch(s); m != nil {
		if m[1] != "" {
			return "", fmt.Errorf("%q is the link sent to responders; podsync needs the form's edit link (open the form in Google Forms and copy the address, …/forms/d/ID/edit)", s)
		}
		return m[2], nil
	}
	if s == "" {
		return "", errors.New("no form given: pass --form ID (the part of the form's edit link between /forms/d/ and /edit)")
	}
	if !idRE.MatchString(s) {
		return "", fmt.Errorf("%q is not a form ID or edit link", s)
	}
	return s, nil
}
