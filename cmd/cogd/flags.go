package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// flagSet is the flag set of one subcommand. The flag package prints
// nothing itself: -h prints the usage once, to stdout, and a bad flag is
// one usage-error line on stderr.
type flagSet struct {
	*flag.FlagSet
	stdout io.Writer
}

// help prints the usage to stdout.
func (fs *flagSet) help() {
	fs.SetOutput(fs.stdout)
	defer fs.SetOutput(io.Discard)
	fs.Usage()
}

// sub is the subcommand's name ("migrate"), for error lines that
// already start with "cogd: ".
func (fs *flagSet) sub() string { return strings.TrimPrefix(fs.Name(), "cogd ") }

// newFlagSet is the flag set of subcommand name, summary its description.
func newFlagSet(name, summary string, env Env) *flagSet {
	return newFlagSetArgs(name, "", summary, env)
}

// newFlagSetArgs is newFlagSet for a subcommand that takes arguments after
// its flags, described by operands (e.g. "[up|status]").
func newFlagSetArgs(name, operands, summary string, env Env) *flagSet {
	if operands != "" {
		operands = " " + operands
	}
	fs := flag.NewFlagSet("cogd "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: cogd %s [flags]%s\n\n%s\n\nConfiguration is read from the environment and .env; see .env.example.\n", name, operands, summary)
		if hasFlags(fs) {
			fmt.Fprintln(w, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return &flagSet{FlagSet: fs, stdout: env.Stdout}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args; stray arguments are refused.
func parseFlags(fs *flagSet, args []string) error {
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Errorf("%s: unexpected argument %q (%s -h for help)", fs.sub(), rest[0], fs.Name())}
	}
	return nil
}

// parseArgs parses flags anywhere among args (`migrate status -h` as well
// as `migrate -h status`) and returns the other arguments in order. -h
// prints the usage and returns errHelp; a bad flag, or an -env file that
// does not exist, is a usage error.
func parseArgs(fs *flagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.help()
				return nil, errHelp
			}
			return nil, usageError{fmt.Errorf("%s: %w (%s -h for help)", fs.sub(), err, fs.Name())}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, checkEnvFile(fs.FlagSet)
		}
		rest, args = append(rest, args[0]), args[1:]
	}
}

// checkEnvFile refuses a dotenv file named with -env that does not exist:
// a typo is an error, while the default .env may be absent.
func checkEnvFile(fs *flag.FlagSet) error {
	path, set := "", false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "env" {
			path, set = f.Value.String(), true
		}
	})
	if !set {
		return nil
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return usageError{fmt.Errorf("-env %s: no such file", path)}
		}
		return usageError{fmt.Errorf("-env %s: %w", path, err)}
	}
	return nil
}
