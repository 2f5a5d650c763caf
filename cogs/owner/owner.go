// Package owner is the cog the bot's owners operate it with from Discord:
// reload, cogs, load, unload, metrics and shutdown. Every command is owner-only
// (a cog-level check), and the cog cannot be unloaded.
package owner

import (
	"context"
	"fmt"
	"strings"

	"cogd/internal/bot"
	"cogd/internal/command"
	"cogd/internal/metrics"
)

// Info describes the owner cog: the only cog granted control of the bot,
// and one that cannot be unloaded (that would lock the owner out).
var Info = bot.CogInfo{
	Name:        "owner",
	Description: "Operating the bot: reload, cogs, load, unload, metrics, shutdown.",
	New:         func() bot.Cog { return New() },
	Grants:      bot.GrantControl,
	Permanent:   true,
}

// Cog is the owner cog.
type Cog struct {
	control bot.Controller
	metrics *metrics.Metrics
}

var _ bot.Cog = (*Cog)(nil)

// New returns the owner cog.
func New() *Cog { return &Cog{} }

// Setup takes the bot's controller and metrics and registers the owner's
// commands, every one owner-only (a cog-wide check).
func (c *Cog) Setup(r *bot.Registrar) error {
	control, err := r.Control()
	if err != nil {
		return err
	}
	c.control, c.metrics = control, r.Metrics()
	r.Check(command.IsOwner())
	r.Command(c.commands()...)
	return nil
}

// commands are the owner's commands.
func (c *Cog) commands() []*command.Command {
	cogs := command.String("cogs", "cog names, or all").Greedy()
	one := command.String("cog", "a cog name")
	return prefixOnly([]*command.Command{
		{Name: "reload", Description: "Reloads cogs (all, re-reading the settings, when none are named).",
			Examples: []string{"reload", "reload utility"}, Params: []command.Param{cogs.Optional("all")}, Run: c.reload(cogs)},
		{Name: "cogs", Description: "Lists the cogs and their state.", Run: c.list},
		{Name: "load", Description: "Loads a cog.", Params: []command.Param{one}, Run: c.load(one)},
		{Name: "unload", Description: "Unloads a cog.", Params: []command.Param{one}, Run: c.unload(one)},
		c.metricsCommand(),
		{Name: "shutdown", Description: "Stops the bot gracefully.", Run: c.shutdown},
	})
}

// prefixOnly keeps the owner's commands out of the slash-command picker of
// every server: they are for the bot's owners, who use the prefix.
func prefixOnly(cmds []*command.Command) []*command.Command {
	for _, c := range cmds {
		c.Slash = command.SlashOff
	}
	return cmds
}

func (c *Cog) reload(p *command.StringParam) command.RunFunc {
	return func(ctx context.Context, cx *command.Context) error {
		names := p.GetAll(cx)
		res, err := c.control.Reload(ctx, names...)
		if err != nil {
			return command.Errorf("Nothing was reloaded: %s", err)
		}
		report := reloadReport(res)
		if len(names) == 0 || (len(names) == 1 && strings.EqualFold(names[0], "all")) {
			report += "\n" + thisProcessOnly
		}
		return cx.Reply(ctx, report)
	}
}

// thisProcessOnly ends the report of `reload all`: with several cogd
// processes (shards split between them) a reload acts on the one that
// received the command.
const thisProcessOnly = "Reloaded in this process only (the one serving this server's shard); " +
	"other cogd processes of this bot need their own reload or a restart."

// reloadReport lists each cog as reloaded or failed with the reason.
func reloadReport(res []bot.ReloadResult) string {
	if len(res) == 0 {
		return "No cogs are loaded."
	}
	var b strings.Builder
	for _, r := range res {
		switch {
		case r.Err != nil && r.Action == "reloaded":
			fmt.Fprintf(&b, "✗ %s: failed — %s (the previous version keeps serving)\n", r.Cog, command.Escape(r.Err.Error()))
		case r.Err != nil:
			fmt.Fprintf(&b, "✗ %s: not %s — %s\n", r.Cog, r.Action, command.Escape(r.Err.Error()))
		case r.Action == "reloaded":
			fmt.Fprintf(&b, "✓ %s: reloaded\n", r.Cog)
		default:
			fmt.Fprintf(&b, "✓ %s: %s (COGS changed)\n", r.Cog, r.Action)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func (c *Cog) list(ctx context.Context, cx *command.Context) error {
	var b strings.Builder
	for _, s := range c.control.Cogs() {
		state := "loaded"
		if !s.Loaded {
			state = "not loaded"
		}
		fmt.Fprintf(&b, "**%s** — %s", s.Name, state)
		if s.Err != "" {
			fmt.Fprintf(&b, " (last load failed: %s)", command.Escape(command.Truncate(s.Err, 200)))
		}
		b.WriteByte('\n')
	}
	return cx.Reply(ctx, strings.TrimRight(b.String(), "\n"))
}

func (c *Cog) load(p *command.StringParam) command.RunFunc {
	return func(ctx context.Context, cx *command.Context) error {
		if err := c.control.LoadCog(ctx, p.Get(cx)); err != nil {
			return command.Errorf("Could not load: %s", err)
		}
		return cx.Reply(ctx, "Loaded "+command.Escape(p.Get(cx))+".")
	}
}

func (c *Cog) unload(p *command.StringParam) command.RunFunc {
	return func(ctx context.Context, cx *command.Context) error {
		if err := c.control.UnloadCog(ctx, p.Get(cx)); err != nil {
			return command.Errorf("Could not unload: %s", err)
		}
		return cx.Reply(ctx, "Unloaded "+command.Escape(p.Get(cx))+".")
	}
}

func (c *Cog) shutdown(ctx context.Context, cx *command.Context) error {
	if err := cx.Reply(ctx, "Shutting down this process: finishing running commands, then closing. "+
		"Other cogd processes of this bot (other shards) keep running."); err != nil {
		return err
	}
	c.control.Shutdown()
	return nil
}
