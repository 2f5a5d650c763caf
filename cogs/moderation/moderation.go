package moderation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/cache"
	"cogd/internal/command"
)

// DefaultSchedulerEvery is how often the scheduler polls for due actions
// when Options.SchedulerEvery is not set.
const DefaultSchedulerEvery = 30 * time.Second

// dmCacheSize bounds the remembered DM channel IDs.
const dmCacheSize = 10_000

// Options configures the moderation cog. The zero value is usable: every
// empty field takes the default documented on it.
type Options struct {
	// Now is the clock for cases, decay, timeouts, purges and the
	// scheduler; default the bot's clock (bot.Deps.Now), else time.Now.
	Now func() time.Time
	// SchedulerEvery is the longest wait between two polls for due
	// scheduled actions; default DefaultSchedulerEvery.
	SchedulerEvery time.Duration
	// Backoff is the wait before retrying a scheduled action whose
	// attempt-th run failed transiently (attempt counts from 1); default
	// DefaultBackoff.
	Backoff func(attempt int) time.Duration
}

// DefaultBackoff waits one minute after the first failed attempt and
// doubles the wait after each further one, up to one hour.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// withDefaults fills the empty fields of o; deps supplies the bot's clock.
func (o Options) withDefaults(deps bot.Deps) Options {
	if o.Now == nil {
		o.Now = deps.Now
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SchedulerEvery <= 0 {
		o.SchedulerEvery = DefaultSchedulerEvery
	}
	if o.Backoff == nil {
		o.Backoff = DefaultBackoff
	}
	return o
}

// Cog is the moderation cog. Create it with New; it serves between Load
// and Unload.
type Cog struct {
	opts Options
	// mu serialises Load and Unload.
	mu sync.Mutex
	// svc is what the commands use while the cog is loaded; nil otherwise.
	svc atomic.Pointer[service]
	// stop ends the scheduler started by Load; nil when none runs.
	stop func()
}

var (
	_ bot.Cog              = (*Cog)(nil)
	_ bot.Loader           = (*Cog)(nil)
	_ bot.Unloader         = (*Cog)(nil)
	_ bot.ListenerProvider = (*Cog)(nil)
)

// New returns the moderation cog configured by opts.
func New(opts Options) *Cog { return &Cog{opts: opts} }

// Name is "moderation".
func (*Cog) Name() string { return "moderation" }

// Description is shown by help.
func (*Cog) Description() string {
	return "Moderation: cases, warnings with escalation and decay, kicks, bans, timeouts, purges, modlog, welcome."
}

// errNoStore is Load's error without a database.
var errNoStore = errors.New("moderation needs a database: bot.Deps.Store is nil (set DATABASE_URL)")

// Load checks the dependencies and starts the scheduler, which runs the
// actions that are due at once.
func (c *Cog) Load(ctx context.Context, deps bot.Deps) error {
	svc, err := newService(c.opts.withDefaults(deps), deps)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopLocked()
	c.svc.Store(svc)
	c.stop = startScheduler(context.WithoutCancel(ctx), newScheduler(svc))
	return nil
}

// Unload stops the scheduler and waits for it; commands still running
// finish on the service they started with.
func (c *Cog) Unload(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopLocked()
	c.svc.Store(nil)
	return nil
}

// stopLocked stops a running scheduler; c.mu is held.
func (c *Cog) stopLocked() {
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
}

// service is the loaded cog: its dependencies and the state shared by the
// commands.
type service struct {
	opts    Options
	discord command.Discord
	store   *modstore.Store
	rest    *discordgo.Session
	log     *slog.Logger
	// prefixes is told about prefix changes; it may be nil.
	prefixes bot.PrefixCache
	// dms maps user IDs to their DM channel IDs.
	dms *cache.Cache[string, string]
	// guildSettings caches the guilds' settings.
	guildSettings *cache.Cache[string, modstore.Settings]
	// wake makes the scheduler poll at once (buffered, one pending).
	wake chan struct{}
}

// newService checks deps and builds the service.
func newService(opts Options, deps bot.Deps) (*service, error) {
	switch {
	case deps.Store == nil:
		return nil, errNoStore
	case deps.Discord == nil || deps.REST == nil:
		return nil, fmt.Errorf("moderation needs bot.Deps.Discord and bot.Deps.REST")
	}
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &service{
		opts: opts, discord: deps.Discord, store: modstore.New(deps.Store), rest: deps.REST,
		log: log.With("cog", "moderation"), prefixes: deps.Prefixes,
		dms:  cache.New[string, string](cache.Options{Name: "moderation_dm", Capacity: dmCacheSize, TTL: time.Hour}),
		wake: make(chan struct{}, 1),
		guildSettings: cache.New[string, modstore.Settings](cache.Options{Name: "moderation_settings",
			Capacity: settingsCacheSize, TTL: settingsTTL, Now: opts.Now}),
	}, nil
}

// now reads the cog's clock.
func (s *service) now() time.Time { return s.opts.Now() }

// errNotLoaded answers a command that arrives after Unload.
var errNotLoaded = &command.UserError{Msg: "Moderation is not loaded right now. Try again in a moment."}

// handler is a command body with the loaded service.
type handler func(ctx context.Context, s *service, cx *command.Context) error

// run adapts a handler to a RunFunc that finds the loaded service.
func (c *Cog) run(h handler) command.RunFunc {
	return func(ctx context.Context, cx *command.Context) error {
		s := c.svc.Load()
		if s == nil {
			return errNotLoaded
		}
		return h(ctx, s, cx)
	}
}
