package command

import (
	"context"
	"time"
)

// Options tunes Prepare; the zero value is the production setting.
type Options struct {
	// Now is the clock for cooldowns and timeouts (nil = time.Now).
	Now func() time.Time
}

// Prepare builds, once per command, the RunFunc the dispatcher calls:
// checks (GuildOnly, Permissions, BotPermissions, cog checks, Checks) ►
// Parse ► cooldown ► Run, so a cooldown is used up by runs only, never by a
// refused check or a typo. The cooldown state lives in the returned func.
// A command without Run answers a missing or unknown subcommand. Prepare
// does not apply cmd.Timeout; the dispatcher does.
func Prepare(cmd *Command) RunFunc {
	return PrepareWith(cmd, Options{})
}

// PrepareWith is Prepare with options.
func PrepareWith(cmd *Command, o Options) RunFunc {
	mws := []Middleware{checksMiddleware(cmd, o.Now)}
	if cmd.Run != nil {
		mws = append(mws, parseMiddleware(cmd))
	}
	if cmd.Cooldown != nil {
		mws = append(mws, NewCooldownManager(*cmd.Cooldown, o.Now).Middleware())
	}
	if cmd.Run == nil {
		return Chain(groupRun(cmd), mws...)
	}
	return Chain(cmd.Run, mws...)
}

// Checks returns every check of cmd in the order Prepare runs them; now is
// the clock for timeouts (nil = time.Now).
func Checks(cmd *Command, now func() time.Time) []Check {
	var checks []Check
	if cmd.GuildOnly {
		checks = append(checks, GuildOnly())
	}
	if cmd.Permissions != 0 {
		checks = append(checks, hasPermissions(cmd.Permissions, now))
	}
	if cmd.BotPermissions != 0 {
		checks = append(checks, botHasPermissions(cmd.BotPermissions, now))
	}
	checks = append(checks, cmd.groupChecks...)
	return append(checks, cmd.Checks...)
}

// CanRun runs cmd's checks (not the cooldown) for c; help uses it to hide
// commands the user cannot run.
func CanRun(ctx context.Context, c *Context, cmd *Command) error {
	for _, check := range Checks(cmd, nil) {
		if err := check(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

func checksMiddleware(cmd *Command, now func() time.Time) Middleware {
	checks := Checks(cmd, now)
	return func(next RunFunc) RunFunc {
		return func(ctx context.Context, c *Context) error {
			for _, check := range checks {
				if err := check(ctx, c); err != nil {
					return err
				}
			}
			return next(ctx, c)
		}
	}
}

func parseMiddleware(cmd *Command) Middleware {
	return func(next RunFunc) RunFunc {
		return func(ctx context.Context, c *Context) error {
			c.Command = cmd
			bind := Parse
			if c.Bind != nil {
				bind = c.Bind
			}
			if err := bind(ctx, c); err != nil {
				return err
			}
			return next(ctx, c)
		}
	}
}

// groupRun answers a group command called without a known subcommand.
func groupRun(cmd *Command) RunFunc {
	return func(_ context.Context, c *Context) error {
		sc := scanner{text: c.RawArgs}
		tok, ok, _ := sc.next()
		if !ok {
			return &UsageError{Problem: MissingSubcommand}
		}
		return &NotFoundError{Name: cmd.QualifiedName() + " " + tok.Text, Suggestions: suggestSubcommands(cmd, tok.Text)}
	}
}
