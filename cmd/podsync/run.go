package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/podsync/podsync/sheets/daemon"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/urfave/cli/v2"
)

// exitNow ends the process on a second signal (tests replace it).
var exitNow = os.Exit

func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "the daemon: a sync cycle at start, then one per --interval, until SIGINT or SIGTERM",
		Description: "Keeps one pod (--workbook or --spreadsheet) or many (--config FILE) in sync: a cycle at\n" +
			"start, then one per --interval with ±10% jitter, under a rate limiter that keeps the process\n" +
			"inside Google's Sheets and Forms quotas. A pod whose access fails is retried with a growing\n" +
			"wait while the others go on. On SIGINT or SIGTERM the cycle in flight gets 2 seconds to\n" +
			"finish, then is abandoned (cycles are safe to redo), and podsync exits 0; a second signal\n" +
			"exits at once. --listen serves /healthz and Prometheus /metrics.\n\n" +
			"The --config file is JSON:\n" +
			"  {\"interval\": \"1m\", \"credentials\": \"/etc/podsync/sa.json\",\n" +
			"   \"pods\": [{\"name\": \"elm-street\", \"spreadsheet\": \"ID\", \"form\": \"ID\"},\n" +
			"            {\"name\": \"tower-b\", \"spreadsheet\": \"ID\", \"credentials\": \"/etc/podsync/b.json\", \"interval\": \"5m\"}]}\n" +
			"Top keys: interval, credentials, token, endpoint, no_auth, project, concurrency, stale_after, pods.\n" +
			"Pod keys: name, spreadsheet, form, credentials, token, project, interval.",
		Flags: append(syncFlags(),
			&cli.DurationFlag{Name: "interval", Value: time.Minute, Usage: "time between a pod's cycles (±10% jitter)", EnvVars: env("INTERVAL")},
			&cli.StringFlag{Name: "config", Usage: "JSON `FILE` listing the pods to run in one process", EnvVars: env("CONFIG")},
			&cli.StringFlag{Name: "listen", Usage: "`ADDR` to serve /healthz and /metrics on, e.g. 127.0.0.1:9090", EnvVars: env("LISTEN")},
		),
		Action: runDaemon,
	}
}

func runDaemon(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("run takes no arguments, got %q", c.Args().First())
	}
	every := c.Duration("interval")
	if every < time.Second {
		return usagef("--interval %v: use at least 1s", every)
	}
	if f := c.String("log-format"); f != "text" && f != "json" {
		return usagef("--log-format %q: use text or json", f)
	}
	var fixedNow time.Time
	if c.String("now") != "" {
		n, err := nowFlag(c)
		if err != nil {
			return err
		}
		fixedNow = n
	}
	setup := func(cy *pod.Cycle) {
		cy.Now = fixedNow
		cy.DryRun = c.Bool("dry-run")
	}
	log := logger(c)
	opts := daemon.Options{Interval: every, Log: log}

	var pods []daemon.Pod
	if path := c.String("config"); path != "" {
		for _, f := range []string{"workbook", "spreadsheet", "form", "responses"} {
			if c.String(f) != "" {
				return usagef("--config lists the pods: give --%s in the file, not on the command line", f)
			}
		}
		cfg, err := daemon.LoadConfig(path)
		if err != nil {
			var ce *daemon.ConfigError
			if errors.As(err, &ce) && ce.Line > 0 {
				return usagef("%v", err)
			}
			return err
		}
		// Mistakes that would only show once the daemon runs (a pod
		// reported stale while on time, a credentials file that is not
		// there) are the config's too: reported now, with their line.
		if err := cfg.CheckStaleAfter(every); err != nil {
			return usagef("%v", err)
		}
		if err := cfg.CheckFiles(); err != nil {
			return usagef("%v", err)
		}
		for i := range cfg.Pods {
			applyFlagDefaults(c, &cfg.Pods[i])
			pc := cfg.Pods[i]
			if pc.NoAuth && pc.Endpoint == "" {
				return usagef("%s:%d: pod %q: no_auth works only with an endpoint (an emulator)", path, pc.Line, pc.Name)
			}
		}
		pods = cfg.DaemonPods(setup)
		opts.Concurrency = cfg.Concurrency
		opts.StaleAfter = cfg.StaleAfter
	} else {
		p, err := singlePod(c, setup)
		if err != nil {
			return err
		}
		pods = []daemon.Pod{p}
	}

	d, err := daemon.New(pods, opts)
	if err != nil {
		return err
	}
	// The daemon stops when the goroutine below cancels ctx, after it has
	// logged why, so that "stopped" is always the last line.
	ctx, cancel := context.WithCancel(context.WithoutCancel(c.Context))
	defer cancel()

	if addr := c.String("listen"); addr != "" {
		if err := checkListen(addr); err != nil {
			return err
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			if errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, syscall.EACCES) {
				return fmt.Errorf("--listen %s: %w", addr, err)
			}
			return usagef("--listen %s: %v; give a HOST:PORT such as 127.0.0.1:9090", addr, err)
		}
		hs := &http.Server{Handler: d.Handler(), ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = hs.Serve(ln) }()
		defer func() {
			sctx, scancel := context.WithTimeout(context.Background(), time.Second)
			defer scancel()
			_ = hs.Shutdown(sctx)
		}()
		log.Info("serving /healthz and /metrics", "addr", ln.Addr().String())
	}

	// The first signal stops the daemon (main's context is canceled by it
	// too); a second one exits at once.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case s := <-sigs:
			log.Info("signal: finishing the cycles in flight", "signal", s.String())
		case <-c.Context.Done():
			// main's context is canceled by the same signal that reaches
			// sigs; say which, when it is one.
			select {
			case s := <-sigs:
				log.Info("signal: finishing the cycles in flight", "signal", s.String())
			case <-time.After(50 * time.Millisecond):
			}
		case <-finished:
			return
		}
		cancel()
		select {
		case s := <-sigs:
			log.Warn("second signal: exiting now; the cycle in flight is redone at the next start", "signal", s.String())
			exitNow(1)
		case <-finished:
		}
	}()

	if c.String("config") != "" {
		log.Info("podsync run", "config", c.String("config"), "pods", len(pods))
	} else {
		log.Info("podsync run", "pod", pods[0].Name, "interval", every)
	}
	if err := d.Run(ctx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// checkListen reports a --listen value that is not HOST:PORT as bad usage.
func checkListen(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--listen %q: %v; give a HOST:PORT such as 127.0.0.1:9090", addr, err)
	}
	if _, err := net.LookupPort("tcp", port); err != nil || port == "" {
		return usagef("--listen %q: %q is not a port; give a HOST:PORT such as 127.0.0.1:9090", addr, port)
	}
	return nil
}

// applyFlagDefaults fills what a config pod leaves out from the command
// line's --credentials, --token, --endpoint and --no-auth.
func applyFlagDefaults(c *cli.Context, pc *daemon.PodConfig) {
	if pc.Endpoint == "" {
		pc.Endpoint = c.String("endpoint")
		if c.Bool("no-auth") && pc.Credentials == "" {
			pc.NoAuth = true
		}
	}
	if pc.Credentials == "" && !pc.NoAuth {
		pc.Credentials = c.String("credentials")
	}
	if pc.Token == "" {
		pc.Token = c.String("token")
	}
}

// singlePod is the pod the flags name, --workbook or --spreadsheet, as
// the daemon runs it: opened for its first cycle, and again after an
// access failure. What only a cycle would find wrong with a Google pod's
// IDs is bad usage now.
func singlePod(c *cli.Context, setup func(*pod.Cycle)) (daemon.Pod, error) {
	if c.String("workbook") == "" && c.String("spreadsheet") == "" {
		return daemon.Pod{}, usagef("give --workbook FILE (a local pod), --spreadsheet ID (a Google Sheet) or --config FILE (many pods)")
	}
	p, err := podFlags(c)
	if err != nil {
		return daemon.Pod{}, err
	}
	name, identity := filepath.Base(p.workbook), ""
	if p.workbook == "" {
		cfg := p.google
		if name, err = google.ParseSpreadsheetID(cfg.SpreadsheetID); err != nil {
			return daemon.Pod{}, usagef("--spreadsheet: %v", err)
		}
		if cfg.FormID != "" {
			if _, err := google.ParseFormID(cfg.FormID); err != nil {
				return daemon.Pod{}, usagef("--form: %v", err)
			}
		}
		identity = daemon.PodConfig{Credentials: cfg.CredentialsFile, Token: cfg.TokenFile, NoAuth: cfg.NoAuth}.Identity()
	}
	return daemon.Pod{Name: name, Identity: identity, Open: func(ctx context.Context, env daemon.Env) (*pod.Cycle, error) {
		cy, err := p.open(ctx, env)
		if err != nil {
			return nil, err
		}
		setup(cy)
		return cy, nil
	}}, nil
}
