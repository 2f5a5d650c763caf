// Package utility is the cog of everyday commands for every member: ping
// and help (weather, convert, userinfo, serverinfo and avatar join it in
// later work).
package utility

import (
	"context"

	"cogd/internal/bot"
	"cogd/internal/command"
)

// Cog is the utility cog.
type Cog struct {
	deps bot.Deps
}

var (
	_ bot.Cog    = (*Cog)(nil)
	_ bot.Loader = (*Cog)(nil)
)

// New returns the utility cog.
func New() *Cog { return &Cog{} }

// Name is "utility".
func (*Cog) Name() string { return "utility" }

// Description is shown by help.
func (*Cog) Description() string { return "Everyday commands: latency and help." }

// Load keeps the bot's dependencies.
func (c *Cog) Load(_ context.Context, deps bot.Deps) error {
	c.deps = deps
	return nil
}

// Commands are ping and help.
func (c *Cog) Commands() []*command.Command {
	return []*command.Command{c.ping(), c.help()}
}
