package exporter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/podsync/podsync/matching"
	"github.com/xuri/excelize/v2"
)

// Font sizes, in points. Body text is a size up from the spreadsheet
// default so that the printed page is easy to read.
const (
	bodySize  = 12
	titleSize = 14
)

// builder holds what every tab needs while the workbook is written.
type builder struct {
	ctx      context.Context
	f        *excelize.File
	pod      *matching.Pod
	opt      Options
	tag      string // the handout's language
	podName  string
	today    time.Time // the handout's date, as a UTC midnight
	dateText string    // the handout's date as printed
	byID     map[matching.MemberID]*matching.Member

	head, body, bold, title int // style IDs, in the handout language's font

	size map[int]float64 // font size by style ID
	// fonts are the style sets by font family of the tabs whose language's
	// font differs from the handout's, made when the first such tab is.
	fonts map[string]*styleSet
	font  string // the handout language's font family; "" is the default

	said map[said]string // messages without placeholders, by language

	tabs        int      // tabs created so far
	printTitles []string // tabs whose row 1 repeats on every printed page
}

func newBuilder(ctx context.Context, f *excelize.File, pod *matching.Pod, opt Options) (*builder, error) {
	b := &builder{ctx: ctx, f: f, pod: pod, opt: opt, tag: strings.TrimSpace(opt.Language)}
	if b.tag == "" {
		b.tag = "en"
	}
	b.podName = strings.TrimSpace(pod.Settings.PodName)
	if b.podName == "" {
		b.podName = b.say(b.tag, "handout.pod")
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	loc := pod.Settings.TimeZone
	if loc == nil {
		loc = time.UTC
	}
	b.today = dateOf(now.In(loc))
	b.dateText = b.longDate(b.tag, b.today)
	b.byID = make(map[matching.MemberID]*matching.Member, len(pod.Members))
	for i := range pod.Members {
		b.byID[pod.Members[i].ID] = &pod.Members[i]
	}

	b.font = fontFor(b.tag)
	b.size = map[int]float64{}
	set, err := b.newStyleSet(b.font)
	if err != nil {
		return nil, err
	}
	b.head, b.body, b.bold, b.title = set.head, set.body, set.bold, set.title
	_ = f.SetDocProps(&excelize.DocProperties{
		Title:   b.say(b.tag, "handout.doc-title", "Pod", b.podName),
		Creator: "podsync",
	})
	return b, nil
}

// styleSet is the handout's four cell styles in one font family.
type styleSet struct{ head, body, bold, title int }

// newStyleSet adds the handout's cell styles in font family font ("": the
// workbook's default font) to the workbook.
func (b *builder) newStyleSet(font string) (*styleSet, error) {
	f := b.f
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1},
		{Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1},
		{Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	var set styleSet
	var err error
	if set.head, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: bodySize, Family: font},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Border:    border,
		Alignment: wrap,
	}); err != nil {
		return nil, err
	}
	if set.body, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Size: bodySize, Family: font},
		Border:    border,
		Alignment: wrap,
	}); err != nil {
		return nil, err
	}
	if set.bold, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: bodySize, Family: font},
		Border:    border,
		Alignment: wrap,
	}); err != nil {
		return nil, err
	}
	if set.title, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: titleSize, Family: font},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Border:    border,
		Alignment: wrap,
	}); err != nil {
		return nil, err
	}
	b.size[set.head], b.size[set.body], b.size[set.bold], b.size[set.title] = bodySize, bodySize, bodySize, titleSize
	return &set, nil
}

// restyle maps the handout's style IDs to those of the same styles in font
// family font, for a tab whose language is set in another font than the
// handout's; nil when font is the handout's.
func (b *builder) restyle(font string) (map[int]int, error) {
	if font == b.font {
		return nil, nil
	}
	set := b.fonts[font]
	if set == nil {
		var err error
		if set, err = b.newStyleSet(font); err != nil {
			return nil, err
		}
		if b.fonts == nil {
			b.fonts = map[string]*styleSet{}
		}
		b.fonts[font] = set
	}
	return map[int]int{b.head: set.head, b.body: set.body, b.bold: set.bold, b.title: set.title}, nil
}

// dateOf is t's calendar date as a UTC midnight.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// column is one column of a tab: its header and width in characters.
type column struct {
	head  string
	width float64
}

// tab is a worksheet being streamed.
type tab struct {
	b    *builder
	name string
	tag  string // the tab's language
	sw   *excelize.StreamWriter
	// style maps the handout's style IDs to the tab's when the tab's
	// language is set in another font; nil when it is not.
	style map[int]int
	row   int
	n     int       // columns
	w     []float64 // column widths
}

// newTab creates a worksheet with the handout's page setup, its columns and
// the bold, frozen header row that repeats on every printed page. footer is
// printed at the bottom left of every page; tag is the tab's language.
func (b *builder) newTab(name, tag, footer string, cols []column, headStyle int) (*tab, error) {
	t, err := b.newSheet(name, tag, footer, cols)
	if err != nil {
		return nil, err
	}
	if err := t.sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, err
	}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	if err := t.styled(headStyle, heads...); err != nil {
		return nil, err
	}
	b.printTitles = append(b.printTitles, name)
	return t, nil
}

// newSheet creates a worksheet with the handout's page setup (portrait, one
// page wide, the pod name and date at the top of every page, footer and the
// page number at the bottom) and its column widths, and opens its stream.
// cols' headers are not written.
func (b *builder) newSheet(name, tag, footer string, cols []column) (*tab, error) {
	f := b.f
	if b.tabs == 0 {
		if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
			return nil, err
		}
	} else if idx, err := f.NewSheet(name); err != nil {
		return nil, err
	} else if idx != b.tabs {
		// NewSheet hands back an existing tab whose name matches without
		// case instead of failing; never write two tabs into one.
		return nil, fmt.Errorf("tab name %q clashes with another tab", name)
	}
	b.tabs++

	size, portrait := b.opt.Paper.excelizeSize(), "portrait"
	one, zero := 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size:        &size,
		Orientation: &portrait,
		FitToWidth:  &one,
		FitToHeight: &zero,
	}); err != nil {
		return nil, err
	}
	yes := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return nil, err
	}
	side, edge, hf := 0.5, 0.75, 0.3
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &hf, Footer: &hf,
	}); err != nil {
		return nil, err
	}
	font := fontFor(tag)
	restyle, err := b.restyle(font)
	if err != nil {
		return nil, err
	}
	// The page header and footer are in the tab's font too; "-" is the
	// default font.
	bold, regular := `&"-,Bold"`, ""
	if font != "" {
		bold, regular = `&"`+font+`,Bold"`, `&"`+font+`,Regular"`
	}
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + bold + hfText(b.podName, 80) + "&R" + regular + hfText(b.longDate(tag, b.today), 40),
		OddFooter: "&L" + regular + hfText(footer, 100) + "&R" + regular + b.say(tag, "handout.page", "Page", "&P", "Pages", "&N"),
	}); err != nil {
		return nil, err
	}

	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	t := &tab{b: b, name: name, tag: tag, sw: sw, style: restyle, n: len(cols), w: make([]float64, len(cols))}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
		t.w[i] = c.width
	}
	return t, nil
}

// add writes a row of body cells.
func (t *tab) add(vals ...string) error { return t.styled(t.b.body, vals...) }

// styled writes a row of string cells in one style. Every value becomes an
// inline string cell: excelize's stream writer only writes a formula for a
// Cell whose Formula field is set, which this package never does.
func (t *tab) styled(style int, vals ...string) error {
	cells := make([]interface{}, t.n)
	for i := range cells {
		c := excelize.Cell{StyleID: style}
		if i < len(vals) && vals[i] != "" {
			c.Value = vals[i]
		}
		cells[i] = c
	}
	return t.put(cells)
}

// put writes one row of prepared cells, tall enough for its wrapped text.
func (t *tab) put(cells []interface{}) error { return t.putWidths(cells, t.w) }

// wide writes a row of a bold label and a text that spans every other
// column (merged), for sentences too long for one column.
func (t *tab) wide(label, text string) error {
	cells := make([]interface{}, t.n)
	cells[0] = cellOf(t.b.bold, label)
	cells[1] = cellOf(t.b.body, text)
	for i := 2; i < t.n; i++ {
		cells[i] = cellOf(t.b.body, "")
	}
	w := make([]float64, t.n)
	w[0] = t.w[0]
	for _, x := range t.w[1:] {
		w[1] += x
	}
	if err := t.putWidths(cells, w); err != nil {
		return err
	}
	from, err := excelize.CoordinatesToCellName(2, t.row)
	if err != nil {
		return err
	}
	to, err := excelize.CoordinatesToCellName(t.n, t.row)
	if err != nil {
		return err
	}
	return t.sw.MergeCell(from, to)
}

// putWidths is put with the row's height worked out for columns w wide.
func (t *tab) putWidths(cells []interface{}, w []float64) error {
	t.row++
	if t.row%256 == 0 {
		if err := t.b.ctx.Err(); err != nil {
			return err
		}
	}
	if t.style != nil {
		for i, v := range cells {
			if c, ok := v.(excelize.Cell); ok {
				if id, ok := t.style[c.StyleID]; ok {
					c.StyleID = id
					cells[i] = c
				}
			}
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, t.row)
	if err != nil {
		return err
	}
	return t.sw.SetRow(cell, cells, excelize.RowOpts{Height: t.height(cells, w)})
}

// height estimates the row height, in points, that shows every line of the
// row's wrapped text. Spreadsheet programs do not reliably grow rows to fit
// wrapped text when they open a file (LibreOffice keeps the default height),
// so the handout sets each row's height itself, erring on the tall side.
func (t *tab) height(cells []interface{}, w []float64) float64 {
	h := 0.0
	for i, v := range cells {
		c, ok := v.(excelize.Cell)
		if !ok || i >= len(w) || w[i] == 0 {
			continue
		}
		s, ok := c.Value.(string)
		if !ok {
			s = "0"
		}
		size := t.b.size[c.StyleID]
		if size == 0 {
			size = bodySize
		}
		// A column's width is counted in digits of the 11pt default font;
		// text at size points takes size/11 as much room per character, and
		// most letters are a little narrower than a digit.
		perLine := int(w[i] * 11 / size * 1.05)
		if lh := float64(wrappedLines(s, perLine)) * size * 1.32; lh > h {
			h = lh
		}
	}
	h += 4
	if h > excelize.MaxRowHeight {
		h = excelize.MaxRowHeight
	}
	return h
}

// wrappedLines counts the lines s takes when wrapped at word boundaries to at
// most perLine character slots (a wide CJK rune takes two: textWidth),
// breaking words that are longer than a line.
func wrappedLines(s string, perLine int) int {
	if perLine < 1 {
		perLine = 1
	}
	n := 0
	for _, para := range strings.Split(s, "\n") {
		n++
		col := 0
		for _, word := range strings.Fields(para) {
			w := textWidth(word)
			switch {
			case col == 0:
			case col+1+w <= perLine:
				col += 1 + w
				continue
			default:
				n++
				col = 0
			}
			for w > perLine {
				n++
				w -= perLine
			}
			col = w
		}
	}
	return n
}

// close ends the tab's stream.
func (t *tab) close() error { return t.sw.Flush() }

// finish adds the print titles: row 1 of every tab made by newTab repeats on
// each printed page (member pages have a header row of their own on each
// page, so they have none). "Read me", the first tab, stays the one the
// workbook opens on.
//
// File.SetDefinedName compares each new name with every existing one by
// looking up sheet names, which costs O(names × tabs) per call. So the first
// title goes through
// SetDefinedName, which creates and validates the list, and the others are
// copies of it appended directly, each scoped to its tab's index.
func (b *builder) finish() error {
	if len(b.printTitles) == 0 {
		return nil
	}
	title := func(name string) string { return quoteSheet(name) + "!$1:$1" }
	if err := b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: title(b.printTitles[0]), Scope: b.printTitles[0],
	}); err != nil {
		return err
	}
	wb := b.f.WorkBook
	if wb == nil || wb.DefinedNames == nil || len(wb.DefinedNames.DefinedName) != 1 {
		return errors.New("print titles: unexpected workbook state")
	}
	list := &wb.DefinedNames.DefinedName
	proto := (*list)[0]
	if proto.LocalSheetID == nil || *proto.LocalSheetID != 0 {
		return errors.New("print titles: unexpected scope of the first tab")
	}
	for i, name := range b.printTitles[1:] {
		d := proto
		d.Data = title(name)
		idx := i + 1 // tabs are created in printTitles order
		d.LocalSheetID = &idx
		*list = append(*list, d)
	}
	return nil
}

// quoteSheet quotes a sheet name for a reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// hfText escapes text for a page header or footer, where & starts a code,
// and shortens it to at most max characters.
func hfText(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}
