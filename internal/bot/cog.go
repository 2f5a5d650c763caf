package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
	"cogd/internal/metrics"
)

// CogInfo describes a cog: the one value a cog package exports, and the
// only place its name is written. cmd/cogd lists these values once; COGS,
// reload, load, unload and help derive from that list.
type CogInfo struct {
	// Name is what COGS, reload, load and unload call the cog (lower case).
	Name string
	// Description is one sentence shown by help and `cogs`.
	Description string
	// New returns a fresh instance; reload calls it again.
	New func() Cog
	// Grants are the privileged dependencies the cog may ask its Registrar
	// for (GrantREST, GrantControl); everything else is open to every cog.
	Grants Grant
	// Permanent cogs cannot be unloaded (the owner cog: unloading it would
	// lock the owner out).
	Permanent bool
	// OptIn cogs are loaded only when COGS names them (the example cog).
	OptIn bool
}

// Grant is a set of privileged dependencies a cog may use.
type Grant uint8

// The privileged dependencies.
const (
	// GrantREST is the raw REST session (bans, kicks, timeouts, bulk
	// deletes). Messages still go through Discord's Send (safety defaults).
	GrantREST Grant = 1 << iota
	// GrantControl is the bot's Controller: reload, load, unload, shutdown.
	GrantControl
)

// Cog is a feature module. Setup registers everything the cog brings on r
// and fetches the dependencies it uses from r; a failed Setup (an error, a
// panic or a rejected registration) runs the cleanups registered so far
// and leaves the cog unloaded.
type Cog interface {
	Setup(r *Registrar) error
}

// Gateway reports connection health for commands such as ping.
type Gateway interface {
	// Latency is the heartbeat round trip of the shard serving guildID.
	Latency(guildID string) time.Duration
	// RESTLatency is a recent REST round trip.
	RESTLatency(ctx context.Context) (time.Duration, error)
}

// PrefixCache is what a cog that edits a guild's prefix or unknown-command
// policy needs: Invalidate forgets every guild setting the bot caches.
type PrefixCache interface {
	Invalidate(guildID string)
}

// host is what the bot lends a Registrar: every dependency a cog may ask
// for.
type host struct {
	ctx       context.Context // the set-up's context: bounded by the start-up or reload
	discord   command.Discord
	log       *slog.Logger
	now       func() time.Time
	metrics   *metrics.Metrics
	gateway   Gateway
	prefixes  PrefixCache
	setting   func(key string) string
	rest      *discordgo.Session
	control   Controller
	resources []any
}

// Registrar is what a cog registers on in Setup: commands, listeners,
// checks for all its commands, cleanups and background tasks. Mistakes
// (a listener for an event the bot never delivers, a non-pointer event
// type) are recorded and fail the set-up with an error naming the cog.
type Registrar struct {
	info CogInfo
	host *host
	reg  *registration
}

// Context is the set-up's context: it ends when the start-up or reload
// gives up. Background work belongs in Go, not here.
func (r *Registrar) Context() context.Context { return r.host.ctx }

// Name is the cog's name.
func (r *Registrar) Name() string { return r.info.Name }

// Command registers top-level commands (with their subcommands). Names and
// aliases must be unique across every loaded cog.
func (r *Registrar) Command(cmds ...*command.Command) {
	r.reg.commands = append(r.reg.commands, cmds...)
}

// ContextMenu registers user or message context-menu commands ("Apps" ►
// name in Discord's menus). They exist on the interaction transport only.
func (r *Registrar) ContextMenu(menus ...command.ContextMenu) {
	for _, m := range menus {
		if m.Run == nil || m.Name == "" {
			r.fail(fmt.Errorf("context menu %q has no name or no Run", m.Name))
			continue
		}
		r.reg.menus = append(r.reg.menus, m)
	}
}

// Listen registers listeners made with On. A listener whose event type is
// not a pointer, or not an event the bot delivers, fails the set-up.
func (r *Registrar) Listen(ls ...Listener) {
	for _, l := range ls {
		if err := checkListener(l); err != nil {
			r.fail(err)
			continue
		}
		r.reg.listeners = append(r.reg.listeners, l)
	}
}

// Check adds checks that every command of the cog runs before its own.
func (r *Registrar) Check(checks ...command.Check) {
	r.reg.checks = append(r.reg.checks, checks...)
}

// Cleanup registers fn to run when the cog is torn down (unload, reload,
// shutdown, or a failed set-up), in reverse order of registration.
func (r *Registrar) Cleanup(fn func(ctx context.Context) error) {
	r.reg.cleanups = append(r.reg.cleanups, fn)
}

// Go registers a background task. It starts once the cog serves, gets a
// context that is cancelled when the cog is torn down, and is awaited
// before the cog's cleanups run. An error or panic is logged.
func (r *Registrar) Go(name string, fn func(ctx context.Context) error) {
	r.reg.tasks = append(r.reg.tasks, task{name: name, run: fn})
}

// Discord is the bot's view of Discord (state first, then REST); every
// message sent through it passes the output safety.
func (r *Registrar) Discord() command.Discord { return r.host.discord }

// Logger is the bot's logger with the cog's name attached.
func (r *Registrar) Logger() *slog.Logger { return r.host.log.With("cog", r.info.Name) }

// Clock is the bot's clock.
func (r *Registrar) Clock() func() time.Time { return r.host.now }

// Metrics holds the bot's numbers (cache hooks, the owner's metrics).
func (r *Registrar) Metrics() *metrics.Metrics { return r.host.metrics }

// Gateway reports shard and REST latency.
func (r *Registrar) Gateway() Gateway { return r.host.gateway }

// Prefixes must be told when a guild's prefix changes.
func (r *Registrar) Prefixes() PrefixCache { return r.host.prefixes }

// Setting returns a configuration value by its environment key (already
// validated at start-up), "" when unset.
func (r *Registrar) Setting(key string) string {
	if r.host.setting == nil {
		return ""
	}
	return r.host.setting(key)
}

// REST is the raw REST session; it needs GrantREST.
func (r *Registrar) REST() (*discordgo.Session, error) {
	if r.info.Grants&GrantREST == 0 {
		return nil, fmt.Errorf("cog %s: REST is not granted (CogInfo.Grants lacks GrantREST)", r.info.Name)
	}
	return r.host.rest, nil
}

// Control is the bot's Controller; it needs GrantControl.
func (r *Registrar) Control() (Controller, error) {
	if r.info.Grants&GrantControl == 0 {
		return nil, fmt.Errorf("cog %s: bot control is not granted (CogInfo.Grants lacks GrantControl)", r.info.Name)
	}
	return r.host.control, nil
}

// Resource returns the application resource of type T that the bot was
// given (Options.Resources), such as the database; an error names what is
// missing.
func Resource[T any](r *Registrar) (T, error) {
	for _, res := range r.host.resources {
		if v, ok := res.(T); ok {
			return v, nil
		}
	}
	var zero T
	return zero, fmt.Errorf("cog %s needs a %T, and the bot was given none", r.info.Name, zero)
}

// fail records a registration mistake.
func (r *Registrar) fail(err error) {
	r.reg.errs = append(r.reg.errs, err)
}
