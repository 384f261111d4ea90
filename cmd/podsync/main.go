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
		Commands: []*cli.Command{
			demoCommand(),
			syncCommand(),
			runCommand(),
			exportCommand(),
			initCommand(),
			doctorCommand(),
			loginCommand(),
		},
		// An unknown command is bad usage: exit 2 through Action.
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("no command %q", c.Args().First())
			}
			return cli.ShowAppHelp(c)
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

// logger returns the command's logger: text to stderr, or JSON with
// --log-format json. Logs carry counts, never personal data.
func logger(c *cli.Context) *slog.Logger {
	var h slog.Handler
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
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
		&cli.BoolFlag{Name: "verbose", Usage: "log more", EnvVars: env("VERBOSE")},
	}
}

// syncFlags are sync's flags, which run shares.
func syncFlags() []cli.Flag {
	return append(sourceFlags(),
		&cli.StringFlag{Name: "responses", Usage: "Google Forms response export `FILE` (.csv, or the linked sheet as .xlsx)", EnvVars: env("RESPONSES")},
		&cli.BoolFlag{Name: "dry-run", Usage: "print what would change and write nothing", EnvVars: env("DRY_RUN")},
	)
}
