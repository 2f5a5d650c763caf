package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
	"cogd/internal/metrics"
)

// StandaloneDeps are what Standalone lends a cog; nil fields stay nil,
// except Logger (discards) and Now (time.Now).
type StandaloneDeps struct {
	Discord   command.Discord
	Logger    *slog.Logger
	Now       func() time.Time
	Metrics   *metrics.Metrics
	Gateway   Gateway
	Prefixes  PrefixCache
	Setting   func(key string) string
	REST      *discordgo.Session
	Control   Controller
	Resources []any
}

// Registered is what a cog set up by Standalone registered.
type Registered struct{ reg *registration }

// Standalone runs info's Setup outside a running bot, for a cog's unit
// tests, with the same checks as the bot (grants, listener types). Its
// background tasks start; Close tears the cog down.
func Standalone(ctx context.Context, info CogInfo, d StandaloneDeps) (*Registered, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	h := &host{ctx: ctx, discord: d.Discord, log: d.Logger, now: d.Now, metrics: d.Metrics, gateway: d.Gateway,
		prefixes: d.Prefixes, setting: d.Setting, rest: d.REST, control: d.Control, resources: d.Resources}
	reg, err := setupCog(info, h)
	if err != nil {
		return nil, err
	}
	reg.start(context.WithoutCancel(ctx))
	return &Registered{reg: reg}, nil
}

// Commands are the registered top-level commands.
func (r *Registered) Commands() []*command.Command { return r.reg.commands }

// Checks are the registered cog-wide checks.
func (r *Registered) Checks() []command.Check { return r.reg.checks }

// Listeners are the registered listeners.
func (r *Registered) Listeners() []Listener { return r.reg.listeners }

// Close cancels and awaits the background tasks, then runs the cleanups.
func (r *Registered) Close(ctx context.Context) { r.reg.teardown(ctx) }
