package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/podsync/podsync/sheets"
)

// Mem is an in-memory sheets.Store. It applies plans exactly as the real
// backends do (cells written as text, rows deleted after cells), and counts
// calls so tests can check that a no-op cycle writes nothing.
type Mem struct {
	mu     sync.Mutex
	tabs   map[string]*sheets.Table
	order  []string
	Reads  int
	Writes int
	// Fail, when set, is returned by the next Apply (then cleared), with
	// nothing applied.
	Fail error
}

var _ sheets.Store = (*Mem)(nil)

// NewMem returns an empty store.
func NewMem() *Mem { return &Mem{tabs: map[string]*sheets.Table{}} }

// Read implements sheets.Store.
func (m *Mem) Read(ctx context.Context, tabs ...string) (map[string]*sheets.Table, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Reads++
	out := map[string]*sheets.Table{}
	for _, n := range tabs {
		if t, ok := m.tabs[n]; ok {
			out[n] = clone(t)
		}
	}
	return out, nil
}

// Apply implements sheets.Store.
func (m *Mem) Apply(ctx context.Context, p *sheets.Plan) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		err := m.Fail
		m.Fail = nil
		return err
	}
	if p.Empty() {
		return nil
	}
	m.Writes++
	for _, e := range p.Tabs {
		if e.Remove {
			delete(m.tabs, e.Tab)
			m.order = slices.DeleteFunc(m.order, func(n string) bool { return n == e.Tab })
			continue
		}
		t, ok := m.tabs[e.Tab]
		if !ok {
			if !e.Create {
				return fmt.Errorf("storetest: write tab %q: no such tab", e.Tab)
			}
			t = &sheets.Table{Name: e.Tab}
			m.tabs[e.Tab] = t
			m.order = append(m.order, e.Tab)
		}
		for _, c := range e.Cells {
			row := &t.Header
			if c.Row > 0 {
				for len(t.Rows) < c.Row {
					t.Rows = append(t.Rows, nil)
				}
				row = &t.Rows[c.Row-1]
			}
			for len(*row) <= c.Col {
				*row = append(*row, "")
			}
			(*row)[c.Col] = c.Value
		}
		for i := len(e.DeleteRows) - 1; i >= 0; i-- {
			r := e.DeleteRows[i] - 1
			if r < len(t.Rows) {
				t.Rows = append(t.Rows[:r], t.Rows[r+1:]...)
			}
		}
	}
	return nil
}

// Tabs lists the tabs in creation order.
func (m *Mem) Tabs() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.order...)
}

func clone(t *sheets.Table) *sheets.Table {
	c := &sheets.Table{Name: t.Name, Header: append([]string(nil), t.Header...)}
	for _, r := range t.Rows {
		c.Rows = append(c.Rows, append([]string(nil), r...))
	}
	return c
}
