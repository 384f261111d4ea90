package main

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/urfave/cli/v2"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "the daemon: a sync cycle at start, then one per --interval, until SIGINT or SIGTERM",
		Flags: append(syncFlags(),
			&cli.DurationFlag{Name: "interval", Value: time.Minute, Usage: "time between cycles (a little jitter is added)", EnvVars: env("INTERVAL")},
		),
		Action: func(c *cli.Context) error {
			every := c.Duration("interval")
			if every < time.Second {
				return usagef("--interval %v: use at least 1s", every)
			}
			log := logger(c)
			for {
				if _, err := syncOnce(c); err != nil {
					if c.Context.Err() != nil {
						break
					}
					log.Error("cycle failed", "err", err)
				}
				wait := every + time.Duration(rand.Int64N(int64(every)/10+1))
				select {
				case <-c.Context.Done():
				case <-time.After(wait):
					continue
				}
				break
			}
			log.Info("stopped")
			if c.Context.Err() == context.Canceled {
				return nil
			}
			return nil
		},
	}
}
