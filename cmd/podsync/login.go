package main

import (
	"fmt"
	"os/exec"
	"runtime"

	"github.com/podsync/podsync/sheets/google"
	"github.com/urfave/cli/v2"
)

func loginCommand() *cli.Command {
	return &cli.Command{
		Name:  "login",
		Usage: "sign in with a personal Google account (OAuth installed-app flow) and keep the token",
		Description: "Needs an OAuth client of type Desktop app (--credentials client.json). Opens Google's\n" +
			"sign-in page, listens on 127.0.0.1 for the answer, and saves the token (0600) under your\n" +
			"config directory or in --token FILE.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "credentials", Usage: "OAuth client JSON `FILE` (Desktop app)", EnvVars: env("CREDENTIALS"), Required: true},
			&cli.StringFlag{Name: "token", Usage: "where to keep the token (`FILE`)", EnvVars: env("TOKEN")},
			&cli.BoolFlag{Name: "create-form", Usage: "also allow init --create-form to make forms", EnvVars: env("CREATE_FORM")},
			&cli.BoolFlag{Name: "no-browser", Usage: "print the sign-in link instead of opening a browser", EnvVars: env("NO_BROWSER")},
		},
		Action: func(c *cli.Context) error {
			open := func(url string) {
				fmt.Fprintf(c.App.ErrWriter, "Open this link to sign in:\n  %s\n", url)
				if !c.Bool("no-browser") {
					openBrowser(url)
				}
			}
			err := google.Login(c.Context, c.String("credentials"), c.String("token"), open, google.LoginScopes(c.Bool("create-form"))...)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.App.Writer, "signed in; the token is saved")
			return nil
		},
	}
}

// openBrowser tries the desktop's opener; failing that, the printed link
// is enough.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	_ = cmd.Start()
}
