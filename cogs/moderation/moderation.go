package moderation

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/cache"
	"cogd/internal/command"
	"cogd/internal/store"
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
	// scheduler; default the bot's clock (Registrar.Clock), else time.Now.
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

// withDefaults fills the empty fields of o; botClock is the bot's clock.
func (o Options) withDefaults(botClock func() time.Time) Options {
	if o.Now == nil {
		o.Now = botClock
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

// Info describes the moderation cog; it needs the database and the raw
// REST session (bans, kicks, timeouts, bulk deletes).
var Info = bot.CogInfo{
	Name:        "moderation",
	Description: "Moderation: cases, warnings with escalation and decay, kicks, bans, timeouts, purges, modlog, welcome.",
	New:         func() bot.Cog { return New(Options{}) },
	Grants:      bot.GrantREST,
}

// Cog is the moderation cog. Create it with New; it serves from Setup
// until it is torn down.
type Cog struct {
	opts Options
	// svc is what the commands use while the cog serves; nil before Setup
	// and after the teardown.
	svc atomic.Pointer[service]
}

var _ bot.Cog = (*Cog)(nil)

// New returns the moderation cog configured by opts.
func New(opts Options) *Cog { return &Cog{opts: opts} }

// Setup checks the dependencies, registers the commands and the welcome
// listener, and starts the scheduler as a background task, which runs the
// actions that are due at once.
func (c *Cog) Setup(r *bot.Registrar) error {
	st, err := bot.Resource[*store.Store](r)
	if err != nil {
		return fmt.Errorf("moderation needs a database (set DATABASE_URL): %w", err)
	}
	rest, err := r.REST()
	if err != nil {
		return err
	}
	svc := newService(c.opts.withDefaults(r.Clock()), r, st, rest)
	c.svc.Store(svc)
	r.Cleanup(func(context.Context) error { c.svc.Store(nil); return nil })
	r.Command(c.Commands()...)
	r.ContextMenu(c.Menus()...)
	r.Listen(c.listeners()...)
	c.registerButtons(r)
	r.Go("scheduler", func(ctx context.Context) error {
		newScheduler(svc).run(ctx)
		return nil
	})
	r.Go("settings watch", func(ctx context.Context) error {
		svc.watchSettings(ctx)
		return nil
	})
	return nil
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
	// countError counts an error by source (metrics.ErrorSourceStore, …).
	countError func(source string)
	// dms maps user IDs to their DM channel IDs.
	dms *cache.Cache[string, string]
	// guildSettings caches the guilds' settings.
	guildSettings *cache.Cache[string, modstore.Settings]
	// wake makes the scheduler poll at once (buffered, one pending).
	wake chan struct{}
	// bulk holds the previews waiting for confirmation and the undoable bulk actions.
	bulk bulkState
}

// newService builds the service from the bot's dependencies.
func newService(opts Options, r *bot.Registrar, st *store.Store, rest *discordgo.Session) *service {
	return &service{
		opts: opts, discord: r.Discord(), store: modstore.New(st), rest: rest,
		log: r.Logger(), prefixes: r.Prefixes(), countError: r.Metrics().ErrorOccurred,
		dms:  cache.New[string, string](cache.Options{Name: "moderation_dm", Capacity: dmCacheSize, TTL: time.Hour}),
		wake: make(chan struct{}, 1), bulk: newBulkState(opts.Now),
		guildSettings: cache.New[string, modstore.Settings](cache.Options{Name: "moderation_settings",
			Capacity: settingsCacheSize, TTL: settingsTTL, Now: opts.Now}),
	}
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
