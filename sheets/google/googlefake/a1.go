package googlefake

import (
	"fmt"
	"strconv"
	"strings"
)

// a1 is a parsed A1 range: rows [r0, r1) and columns [c0, c1), 0-based;
// r1 or c1 is -1 when the range is open on that side ("A2:Z", "A:C").
type a1 struct {
	tab            string
	r0, c0, r1, c1 int
}

// splitA1 splits "'Do Not Pair'!A1:C3" into the tab name and the cells
// part ("" when the range is a whole tab). A name in single quotes may
// contain a doubled quote for a quote.
func splitA1(s string) (tab, cells string, quoted bool, err error) {
	if strings.HasPrefix(s, "'") {
		var b strings.Builder
		i := 1
		for {
			if i >= len(s) {
				return "", "", false, fmt.Errorf("Unable to parse range: %s", s)
			}
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i += 2
					continue
				}
				i++
				break
			}
			b.WriteByte(s[i])
			i++
		}
		rest := s[i:]
		if rest == "" {
			return b.String(), "", true, nil
		}
		if rest[0] != '!' {
			return "", "", false, fmt.Errorf("Unable to parse range: %s", s)
		}
		return b.String(), rest[1:], true, nil
	}
	if i := strings.LastIndex(s, "!"); i >= 0 {
		return s[:i], s[i+1:], false, nil
	}
	return s, "", false, nil
}

// parseCells parses "A1", "A1:C3", "A:C", "2:5" or "A2:Z" into r.
func parseCells(cells string, r *a1) error {
	r.r0, r.c0, r.r1, r.c1 = 0, 0, -1, -1
	if cells == "" {
		return nil
	}
	start, end, isRange := strings.Cut(cells, ":")
	c, row, ok := parseRef(start)
	if !ok {
		return fmt.Errorf("Unable to parse range: %s", cells)
	}
	if c >= 0 {
		r.c0 = c
	}
	if row >= 0 {
		r.r0 = row
	}
	if !isRange {
		if c < 0 || row < 0 {
			return fmt.Errorf("Unable to parse range: %s", cells)
		}
		r.r1, r.c1 = row+1, c+1
		return nil
	}
	c2, row2, ok := parseRef(end)
	if !ok {
		return fmt.Errorf("Unable to parse range: %s", cells)
	}
	if c2 >= 0 {
		r.c1 = c2 + 1
	}
	if row2 >= 0 {
		r.r1 = row2 + 1
	}
	if (r.r1 >= 0 && r.r1 <= r.r0) || (r.c1 >= 0 && r.c1 <= r.c0) {
		return fmt.Errorf("Unable to parse range: %s", cells)
	}
	return nil
}

// parseRef parses "C12" → (2, 11), "C" → (2, -1), "12" → (-1, 11).
func parseRef(s string) (col, row int, ok bool) {
	i := 0
	col, row = -1, -1
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		i++
	}
	if i > 0 {
		if i > 3 {
			return 0, 0, false
		}
		col = colIndex(strings.ToUpper(s[:i]))
	}
	if i < len(s) {
		n, err := strconv.Atoi(s[i:])
		if err != nil || n < 1 {
			return 0, 0, false
		}
		row = n - 1
	}
	return col, row, col >= 0 || row >= 0
}

func colIndex(letters string) int {
	n := 0
	for _, ch := range letters {
		n = n*26 + int(ch-'A'+1)
	}
	return n - 1
}

// colName returns the letters of a 0-based column.
func colName(c int) string {
	var b []byte
	for c >= 0 {
		b = append([]byte{byte('A' + c%26)}, b...)
		c = c/26 - 1
	}
	return string(b)
}

// quoteTab quotes a tab name for an A1 range.
func quoteTab(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// format renders the range as Google echoes it: 'Tab'!A1:C3.
func (r a1) format() string {
	s := quoteTab(r.tab) + "!" + colName(r.c0) + strconv.Itoa(r.r0+1)
	if r.r1 == r.r0+1 && r.c1 == r.c0+1 {
		return s
	}
	return s + ":" + colName(r.c1-1) + strconv.Itoa(r.r1)
}
