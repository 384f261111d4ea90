package xlsx

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
)

// TabTitles lists the workbook's tabs in their order, as it titles them
// (pod.TabLister); none when the file does not exist yet. It reads only
// the workbook's list of sheets, not their cells.
func (s *Store) TabTitles(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	zr, err := zip.OpenReader(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil {
		defer zr.Close()
		if names, ok := sheetList(&zr.Reader); ok {
			return names, nil
		}
	}
	// Not the usual layout: let excelize find the sheets.
	f, _, err := s.open(ctx, nil)
	if err != nil || f == nil {
		return nil, err
	}
	defer f.Close()
	return f.GetSheetList(), nil
}

// sheetList reads the sheet names from xl/workbook.xml.
func sheetList(zr *zip.Reader) ([]string, bool) {
	for _, zf := range zr.File {
		if zf.Name != "xl/workbook.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, false
		}
		defer rc.Close()
		var wb struct {
			Sheets []struct {
				Name string `xml:"name,attr"`
			} `xml:"sheets>sheet"`
		}
		if err := xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(&wb); err != nil {
			return nil, false
		}
		names := make([]string, len(wb.Sheets))
		for i, sh := range wb.Sheets {
			names[i] = sh.Name
		}
		return names, true
	}
	return nil, false
}
