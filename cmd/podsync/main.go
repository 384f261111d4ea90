// Command podsync keeps a mutual-aid pod's spreadsheet current: it pulls
// form responses into a roster, matches needs to offers, plans rotating
// 1-on-1 pairing rounds, and exports a print-ready handout. It works on a
// local .xlsx workbook (offline, the default) or a Google Sheet.
//
// Exit status: 0 done, 1 failed, 2 bad usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Settings' Time zone works on machines without zoneinfo

	"github.com/urfave/cli/v2"
)

// usageError marks a bad command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func init() {
	// --version only: -v would read as --verbose.
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print podsync's version"}
}

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is main without the exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, args)
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || isFlagError(err) {
		fmt.Fprintf(stderr, "podsync: %v\nRun 'podsync help' for usage.\n", err)
		return 2
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintf(stderr, "podsync: %s\n", msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintf(stderr, "podsync: %v\n", err)
	return 1
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "podsync",
		Usage: "sync a mutual-aid pod's form responses, matches and pairing rounds",
		Description: "podsync works on a local .xlsx pod (--workbook) or a Google Sheet (--spreadsheet).\n" +
			"Every flag can also be set with an environment variable PODSYNC_<FLAG>.",
		Writer:                 stdout,
		ErrWriter:              stderr,
		HideHelpCommand:        false,
		UseShortOptionHandling: false,
		Suggest:                true,
		ExitErrHandler:         func(*cli.Context, error) {}, // run() decides the exit status
		OnUsageError: func(c *cli.Context, err error, isSub bool) error {
			return usageError{err.Error()}
		},
		Version: version(),
		Commands: []*cli.Command{
			demoCommand(),
			syncCommand(),
			runCommand(),
			exportCommand(),
			initCommand(),
			doctorCommand(),
			loginCommand(),
			forgetCommand(),
		},
		// No command, or one podsync does not have, is bad usage: exit 2
		// through Action, with the help or the nearest command's name.
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				name := c.Args().First()
				if near := nearestCommand(c.App.Commands, name); near != "" {
					return usagef("no command %q: did you mean %s?", name, near)
				}
				return usagef("no command %q", name)
			}
			c.App.Writer = c.App.ErrWriter // the help, as bad usage, goes with the errors
			if err := cli.ShowAppHelp(c); err != nil {
				return err
			}
			return cli.Exit("", 2)
		},
	}
	for _, cmd := range app.Commands {
		if cmd.Before == nil {
			cmd.Before = checkCommonFlags
		}
	}
	return app
}

// checkCommonFlags rejects values of the flags every command shares that
// would otherwise be taken silently.
func checkCommonFlags(c *cli.Context) error {
	if f := c.String("log-format"); f != "" && f != "text" && f != "json" {
		return usagef("--log-format %q: use text or json", f)
	}
	return nil
}

func isFlagError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"flag provided but not defined", "flag needs an argument", "invalid value", "invalid boolean",
		"Required flag", "Required flags", "could not parse", "for flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// nearestCommand is the command a mistyped name most likely meant: one
// at most two edits away ("synk" → sync, "exprot" → export), or that the
// name begins ("doc" → doctor); "" when none is that near.
func nearestCommand(cmds []*cli.Command, name string) string {
	name = strings.ToLower(name)
	best, bestD := "", 3
	for _, cmd := range cmds {
		if cmd.Hidden {
			continue
		}
		for _, n := range cmd.Names() {
			d := editDistance(name, n)
			if len(name) >= 3 && strings.HasPrefix(n, name) {
				d = min(d, 1)
			}
			if d < bestD {
				best, bestD = n, d
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// version is what --version prints: the module version a `go install
// …@version` recorded, or for a build from a checkout "devel" with the
// commit it was built from.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" || strings.Contains(v, rev[:min(12, len(rev))]) {
		// A release, or a pseudo-version that already names its commit.
		return v
	}
	detail := []string{rev[:min(12, len(rev))]}
	if t, err := time.Parse(time.RFC3339, when); err == nil {
		detail = append(detail, t.UTC().Format("2006-01-02"))
	}
	if modified {
		detail = append(detail, "with local changes")
	}
	return v + " (" + strings.Join(detail, ", ") + ")"
}

// logger returns the daemon's logger: text to stderr, or JSON with
// --log-format json; INFO and up, DEBUG too with --verbose. Logs carry
// counts, never personal data.
func logger(c *cli.Context) *slog.Logger { return newLogger(c, slog.LevelInfo) }

// cmdLogger is the logger of a command that runs once (sync, export,
// doctor, demo, forget): its summary is what the person at the terminal
// reads, so only warnings and errors are logged above it, and with
// --verbose the INFO and DEBUG lines too.
func cmdLogger(c *cli.Context) *slog.Logger { return newLogger(c, slog.LevelWarn) }

func newLogger(c *cli.Context, level slog.Level) *slog.Logger {
	var h slog.Handler
	opts := &slog.HandlerOptions{Level: level}
	if c.Bool("verbose") {
		opts.Level = slog.LevelDebug
	}
	if c.String("log-format") == "json" {
		h = slog.NewJSONHandler(c.App.ErrWriter, opts)
	} else {
		h = slog.NewTextHandler(c.App.ErrWriter, opts)
	}
	return slog.New(h)
}

// nowFlag parses --now (YYYY-MM-DD): the run behaves as if it were noon of
// that day in UTC, so runs are reproducible; without it, the clock.
func nowFlag(c *cli.Context) (time.Time, error) {
	s := c.String("now")
	if s == "" {
		return time.Now(), nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usagef("--now %q: want a date like 2026-11-30", s)
	}
	return d.Add(12 * time.Hour), nil
}

// env is the environment variable that sets a flag: PODSYNC_<NAME>.
func env(name string) []string { return []string{"PODSYNC_" + name} }

// Flags shared by the commands that open a pod.
func sourceFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "workbook", Usage: "local pod `FILE` (.xlsx; created when missing)", EnvVars: env("WORKBOOK")},
		&cli.StringFlag{Name: "spreadsheet", Usage: "Google spreadsheet `ID` of the pod", EnvVars: env("SPREADSHEET")},
		&cli.StringFlag{Name: "form", Usage: "Google Form `ID` to read responses from (default: the linked \"Form Responses 1\" tab)", EnvVars: env("FORM")},
		&cli.StringFlag{Name: "credentials", Usage: "service account or OAuth client JSON `FILE` (default: Application Default Credentials)", EnvVars: env("CREDENTIALS")},
		&cli.StringFlag{Name: "token", Usage: "OAuth token cache `FILE` (default: under your config directory)", EnvVars: env("TOKEN")},
		&cli.StringFlag{Name: "endpoint", Usage: "base `URL` of an emulator serving the Sheets v4 and Forms v1 REST paths", EnvVars: env("ENDPOINT")},
		&cli.BoolFlag{Name: "no-auth", Usage: "send no credentials (for --endpoint emulators)", EnvVars: env("NO_AUTH")},
		&cli.StringFlag{Name: "now", Usage: "behave as if today were `YYYY-MM-DD` (reproducible runs)", EnvVars: env("NOW")},
		&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format: text or json", EnvVars: env("LOG_FORMAT")},
		&cli.BoolFlag{Name: "verbose", Usage: "also log the INFO and DEBUG lines (counts, never names) to stderr; the daemon logs INFO always", EnvVars: env("VERBOSE")},
	}
}

// syncFlags are sync's flags, which run shares.
func syncFlags() []cli.Flag {
	return append(sourceFlags(),
		&cli.StringFlag{Name: "responses", Usage: "Google Forms response export `FILE` (.csv, or the linked sheet as .xlsx)", EnvVars: env("RESPONSES")},
		&cli.BoolFlag{Name: "dry-run", Usage: "print what would change and write nothing", EnvVars: env("DRY_RUN")},
	)
}
