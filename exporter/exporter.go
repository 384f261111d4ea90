// Package exporter writes the pod's offline handout: a print-ready xlsx for
// neighbors without internet.
//
// The handout has four tabs — "Read me", "Directory", "Pairings" and
// "Resources" — and, with Options.PerMember, one private page per active
// member for organizers to print and deliver: all of them in a "Member
// pages" tab (up to 1,000 a tab: "Member pages 1", "Member pages 2"…), each
// member's page starting a new printed page at a manual page break.
//
// Consent rules (the contract's "a field a member did not tick never leaves
// the private tabs"):
//
//   - Directory prints what each member shares with the whole pod, as
//     matching.Shares says: the one consent rule, which the pod's Directory
//     tab follows too. Only ticked fields, trimmed; "What I can offer" is
//     the ticked categories and the member's own words, never the offer or
//     need details paragraphs; members who have Left, and members whose
//     shared fields are all blank (including everyone who ticked nothing),
//     are not listed. A member who shared something but not their name
//     appears as "A neighbor".
//   - Pairings lists the rounds still ahead — the round in progress on the
//     handout's date (Week of within Round length days) and every later one;
//     Skipped groups are left out — and names a member only if they shared
//     their name; anyone else is "a neighbor". Members who no longer take
//     part in 1-on-1s (Pairing No, Paused or Left) are left out of the
//     groups planned before they changed.
//   - Resources prints counts only.
//   - Member pages are private letters for one member. They show the
//     member's coming 1-on-1 partners only while both still agree to 1-on-1
//     conversations and are Active, and of each partner only what the
//     partner shares with the pod (matching.Shares): the name, else "Your
//     partner"; the preferred of the shared phone and email, else "Ask an
//     organizer"; the interests, as a conversation starter, with the words
//     the two members' interests have in common. Every need the member
//     asked for is there — each ticked category and their own words — as
//     matched, being arranged, helped or still looking; a helper's name and
//     contact only once the match is Accepted (the helper agreed to help
//     that member), and, on the helper's page, the member they help.
//     Workbooks written with PerMember are for organizers.
//
// The handout is in Options.Language, with words from Options.Words (nil:
// English): titles, headers, labels, dates and category names; the tab
// names stay English, as the contract's tabs do. A member's private page is
// in the first language they listed when Words has words for it.
//
// Every respondent or organizer string is written as an inline string cell,
// never as a formula, whatever its first character. Tables are streamed with
// excelize's StreamWriter so a pod of thousands keeps memory flat.
package exporter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/xuri/excelize/v2"
)

// Paper is the paper size the handout is laid out for.
type Paper int

const (
	// Letter is US Letter, 8.5 by 11 inches.
	Letter Paper = iota
	// A4 is 210 by 297 mm.
	A4
)

func (p Paper) String() string {
	if p == A4 {
		return "A4"
	}
	return "Letter"
}

// excelizeSize is the paper's SpreadsheetML paperSize code.
func (p Paper) excelizeSize() int {
	if p == A4 {
		return 9
	}
	return 1
}

// Options control what the handout holds and how it prints.
type Options struct {
	// Now is the handout's date; rounds before it are left out. Zero means
	// time.Now().
	Now time.Time
	// PerMember adds one private page per active member.
	PerMember bool
	// Paper is Letter (the default) or A4.
	Paper Paper
	// Language is the BCP 47 tag of the handout's language (the pod's
	// Settings Language); "" means "en". A member's private page is in the
	// first language they listed when Words has words for it.
	Language string
	// Words are the handout's messages by language; nil writes English.
	Words Words
}

// WriteFile writes the handout to path atomically: it writes a temporary file
// in the same directory and renames it over path, so a failure leaves either
// the old file or nothing, never half a workbook. A handout with per-member
// tabs (contact details) is created readable by its owner only.
func WriteFile(ctx context.Context, path string, pod *matching.Pod, opt Options) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("handout: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = Write(ctx, tmp, pod, opt); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("handout: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("handout: %w", err)
	}
	mode := os.FileMode(0o644)
	if opt.PerMember {
		mode = 0o600
	}
	if err = os.Chmod(tmp.Name(), mode); err != nil {
		return fmt.Errorf("handout: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("handout: %w", err)
	}
	return nil
}

// Write writes the handout as an xlsx workbook to w.
func Write(ctx context.Context, w io.Writer, pod *matching.Pod, opt Options) error {
	if pod == nil {
		return errors.New("handout: no pod")
	}
	f := excelize.NewFile()
	defer f.Close()
	b, err := newBuilder(ctx, f, pod, opt)
	if err != nil {
		return err
	}
	steps := []func() error{b.readMe, b.directory, b.pairings, b.resources}
	if opt.PerMember {
		steps = append(steps, b.perMember)
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(); err != nil {
			return fmt.Errorf("handout: %w", err)
		}
	}
	if err := b.finish(); err != nil {
		return fmt.Errorf("handout: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("handout: %w", err)
	}
	return nil
}
