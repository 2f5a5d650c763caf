package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/command"
	"cogd/internal/gateway"
	"cogd/internal/logging"
	"cogd/internal/metrics"
	"cogd/internal/restpolicy"
)

// Intents cogd asks for: guilds, members, guild messages, message content,
// direct messages and guild moderation (bans). The privileged ones the
// application does not have are left out (see Options.RequireIntents).
const Intents = discordgo.IntentGuilds | discordgo.IntentGuildMembers | discordgo.IntentGuildMessages |
	discordgo.IntentMessageContent | discordgo.IntentDirectMessages | discordgo.IntentGuildModeration

// Options configure a Bot. Dependencies are passed in; nothing is read
// from the environment here.
type Options struct {
	Token          string // with or without the "Bot " prefix
	APIURL         string // REST base including the version
	Prefix         string // default command prefix
	GuildPrefix    func(guildID string) string
	OwnerIDs       []string  // empty: the application owner or team
	Cogs           []CogInfo // every cog cogd knows, in one explicit list
	EnabledCogs    []string  // nil: all of Cogs
	CommandTimeout time.Duration
	StartupTimeout time.Duration
	DrainTimeout   time.Duration // how long shutdown waits for running commands
	Logger         *slog.Logger
	DiscordLog     int // discordgo log level for the sessions
	Now            func() time.Time
	RefID          func() string
	Shard          gateway.Options // tuning for tests (Backoff, CheckEvery, …)
	// ShardCount is the bot's total shard count; 0 asks Discord
	// (GET /gateway/bot). ShardIDs are the shards of this process (nil: all).
	ShardCount int
	ShardIDs   []int
	// IdentifyInterval is the pause between identify waves (Discord: 5 s).
	IdentifyInterval time.Duration
	// Settled, when set, is told the ID of each MESSAGE_CREATE once the
	// bot is done receiving it: after the dispatcher has taken it, or when
	// a shard's frame filter dropped it unread (the demo console and the
	// test harness use it to know a line was handled). It does not switch
	// the filter off; it is called on the shard's gateway goroutine, so it
	// must be quick.
	Settled func(messageID string)
	// Settings re-reads the reloadable settings for `reload all`.
	Settings func() (Settings, error)
	// LogLevel, when set, is updated by reloads.
	LogLevel *slog.LevelVar
	// Metrics receives the bot's numbers; nil makes a private one.
	Metrics *metrics.Metrics
	// GuildPrefix reads a guild's own prefix ("" when unset) from the
	// database, behind a TTL cache; nil: every guild uses Prefix.
	LoadPrefix func(ctx context.Context, guildID string) (string, error)
	// LoadUnknownPolicy reads a guild's unknown-command policy as stored
	// ("" when unset; see ParseUnknownPolicy), behind a TTL cache; nil:
	// every guild has the default (UnknownSuggest).
	LoadUnknownPolicy func(ctx context.Context, guildID string) (string, error)
	// Ping checks the database for /readyz; nil: no database.
	Ping func(ctx context.Context) error
	// Setting reads a configuration value by its environment key, for cogs
	// (Registrar.Setting).
	Setting func(key string) string
	// Resources are application resources cogs may ask for by type
	// (Resource[T]), such as the database.
	Resources []any
	// RequireIntents are privileged intents the application must have
	// (REQUIRE_INTENTS): start-up fails without them. The others are used
	// when the application has them and switched off otherwise.
	RequireIntents discordgo.Intent
	// CommandSync says when application commands are registered
	// (COMMAND_SYNC; "" is auto). CommandGuildIDs registers them in these
	// guilds instead of globally (COMMAND_GUILD_IDS). CommandHashes keeps
	// what was registered per scope; nil keeps it in memory only.
	CommandSync     appcmd.Mode
	CommandGuildIDs []string
	CommandHashes   appcmd.HashStore
	// DeferAfter is how long a slash command may run before cogd defers
	// its response (Discord allows 3 s); 0 means 2 s.
	DeferAfter time.Duration
	// TokenClock is the clock of interaction tokens (15 min); nil: Now.
	// Tests move it to expire a token.
	TokenClock func() time.Time
	// IdentifyGate, when set, paces every IDENTIFY (first start and
	// re-identifies) with the bot's other processes; nil: this process
	// paces its own shards in waves of IdentifyInterval.
	IdentifyGate IdentifyGate
	// WatchSettings, when set, runs from the shard plan to the end of Run and calls
	// onChange with each guild whose settings another process changed
	// ("": any guild); the guild prefix cache forgets them.
	WatchSettings func(ctx context.Context, onChange func(guildID string)) error
}

// Settings are what `reload all` re-reads without a restart.
type Settings struct {
	Prefix      string
	OwnerIDs    []string // empty: the application owner or team
	EnabledCogs []string // nil: all
	LogLevel    slog.Level
}

// Bot is the daemon: shards, cogs, dispatcher and error handler.
type Bot struct {
	opts      Options
	log       *slog.Logger
	shards    []*gateway.Shard
	plan      shardPlan
	rest      *discordgo.Session
	inter     *discordgo.Session // answers interactions: its own rate limiter
	intents   discordgo.Intent   // what the shards identify with
	appID     string             // the application, known after preflight
	memHashes memoryHashes       // registered command hashes without a database
	api       *discordAPI
	disp      *Dispatcher
	cogs      []CogInfo // enabled at start
	mgr       *cogManager
	prefix    atomic.Pointer[string]
	prefixes  *prefixes
	unknown   *unknownPolicies
	owners    atomic.Pointer[map[string]bool]
	appOwns   []string // the application's owner or team
	stop      context.CancelFunc
	ready     chan struct{}
	readyMu   sync.Once
	stopRun   context.CancelFunc // cancels commands still running after the drain
	client    *http.Client
}

// New checks the options and builds the shard sessions (nothing connects
// before Run).
func New(o Options) (*Bot, error) {
	o = botDefaults(o)
	cogs, err := selectCogs(o.Cogs, o.EnabledCogs)
	if err != nil {
		return nil, err
	}
	client, policy, err := gateway.NewRESTClient(o.APIURL, 20*time.Second, restpolicy.Options{Observer: o.Metrics, Logger: o.Logger})
	if err != nil {
		return nil, fmt.Errorf("DISCORD_API_URL: %w", err)
	}
	b := &Bot{opts: o, log: o.Logger, cogs: cogs, ready: make(chan struct{}), client: client, mgr: newCogManager(o.Cogs)}
	b.prefix.Store(&o.Prefix)
	b.prefixes = newPrefixes(&b.prefix, countingLoad(o.LoadPrefix, o.Metrics.ErrorOccurred), o.Now, o.Logger, o.Metrics.CacheHook("prefix"))
	b.unknown = newUnknownPolicies(countingLoad(o.LoadUnknownPolicy, o.Metrics.ErrorOccurred), o.Now, o.Logger, o.Metrics.CacheHook("unknown_policy"))
	if b.opts.GuildPrefix == nil {
		b.opts.GuildPrefix = b.prefixes.For
	}
	b.mgr.host, b.mgr.swap, b.mgr.log, b.mgr.drain = b.host, b.swapRoutes, b.log, o.DrainTimeout
	rest, err := newRESTSession(o.Token, client, o.DiscordLog)
	if err != nil {
		return nil, err
	}
	b.rest = rest
	if b.inter, err = newRESTSession(o.Token, client, o.DiscordLog); err != nil {
		return nil, err
	}
	b.api = &discordAPI{rest: rest, state: b.stateFor, all: b.states, count: newMemberCounts(), members: newMemberCache(), latency: policy}
	return b, nil
}

// newRESTSession is the session every REST call goes through; the shards
// share its rate limiter. It never opens a gateway connection.
func newRESTSession(token string, client *http.Client, logLevel int) (*discordgo.Session, error) {
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	s.Client, s.ShouldRetryOnRateLimit, s.LogLevel = client, false, logLevel
	return s, nil
}

func botDefaults(o Options) Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Prefix == "" {
		o.Prefix = "!"
	}
	if o.CommandTimeout <= 0 {
		o.CommandTimeout = 30 * time.Second
	}
	if o.StartupTimeout <= 0 {
		o.StartupTimeout = time.Minute
	}
	if o.IdentifyInterval <= 0 {
		o.IdentifyInterval = 5 * time.Second
	}
	if o.DrainTimeout <= 0 {
		o.DrainTimeout = 20 * time.Second
	}
	if o.Metrics == nil {
		o.Metrics = metrics.New(metrics.Options{Now: o.Now})
	}
	if o.RefID == nil {
		o.RefID = logging.NewRefID
	}
	if len(o.Token) < 4 || o.Token[:4] != "Bot " {
		o.Token = "Bot " + o.Token
	}
	return o
}

// newShards builds a session per shard of the plan (nothing dials yet).
func (b *Bot) newShards(ctx context.Context) error {
	gb, err := b.rest.GatewayBot(discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("GET /gateway/bot: %w", err)
	}
	if b.plan, err = planShards(b.opts.ShardCount, b.opts.ShardIDs, gb); err != nil {
		return err
	}
	b.logShardRange()
	for _, id := range b.plan.run {
		sh, err := gateway.New(b.shardOptions(id))
		if err != nil {
			return err
		}
		sh.Session.Ratelimiter = b.rest.Ratelimiter // one REST limiter for the process
		sh.Session.State.TrackMembers = false       // members live in the member cache
		b.shards = append(b.shards, sh)
	}
	b.log.Info("shards planned", "total", b.plan.total, "run", b.plan.run, "waves", len(b.plan.waves))
	return nil
}

func (b *Bot) shardOptions(id int) gateway.Options {
	so := b.opts.Shard
	so.Token, so.HTTP, so.Intents, so.Logger, so.Now = b.opts.Token, b.client, b.intents, b.log, b.opts.Now
	so.ShardID, so.ShardCount, so.LogLevel = id, b.plan.total, b.opts.DiscordLog
	so.StartupTimeout = b.opts.StartupTimeout
	so.BeforeIdentify = b.identifyHook(id, so.BeforeIdentify)
	so.Messages = b.messageFilter()
	so.OnStatus = func(id int, ready bool, latency time.Duration) {
		b.opts.Metrics.ShardReady(id, ready)
		b.opts.Metrics.ShardLatency(id, latency)
	}
	so.OnError = b.countGatewayError(so.OnError)
	return so
}

// shardOf is the shard of this process serving guildID (the first one
// when another process owns the guild).
func (b *Bot) shardOf(guildID string) *gateway.Shard {
	want := ShardFor(guildID, b.plan.total)
	for _, sh := range b.shards {
		if sh.ID == want {
			return sh
		}
	}
	return b.shards[0]
}

// states lists every shard's gateway state.
func (b *Bot) states() []*discordgo.State {
	out := make([]*discordgo.State, 0, len(b.shards))
	for _, sh := range b.shards {
		out = append(out, sh.Session.State)
	}
	return out
}

// stateFor is the gateway state of the shard that owns guildID.
func (b *Bot) stateFor(guildID string) *discordgo.State {
	if len(b.shards) == 0 {
		return b.rest.State
	}
	return b.shardOf(guildID).Session.State
}

// Ready is closed once every shard is connected and the cogs are loaded.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

// Dispatcher is the bot's dispatcher (nil before Run).
func (b *Bot) Dispatcher() *Dispatcher { return b.disp }

// Run starts the bot and serves until ctx ends (returns nil) or a shard
// fails for good (returns the error). Shutdown stops new commands, lets
// running ones finish within DrainTimeout, unloads cogs and closes shards.
func (b *Bot) Run(ctx context.Context) error {
	ctx, b.stop = context.WithCancel(ctx)
	defer b.stop()
	start, cancel := gateway.StartupContext(ctx, b.opts.StartupTimeout)
	defer cancel()
	id, err := gateway.Preflight(start, b.rest, b.opts.RequireIntents)
	if err != nil {
		return err
	}
	b.chooseIntents(id)
	if err := b.newShards(start); err != nil {
		return err
	}
	defer b.watchSettings(ctx)()
	b.appOwns = id.Owners()
	b.setOwners(b.opts.OwnerIDs)
	if err := b.serve(ctx, id); err != nil {
		return err
	}
	defer b.shutdown()
	if err := b.openShardsThrough(start, b.opts.IdentifyGate); err != nil {
		return err
	}
	b.log.Info("bot ready", "user", id.User.Username, "id", id.User.ID, "cogs", b.mgr.activeNames())
	b.readyMu.Do(func() { close(b.ready) })
	return b.supervise(ctx)
}

// setOwners installs the owner IDs (the application's when ids is empty).
func (b *Bot) setOwners(ids []string) {
	if len(ids) == 0 {
		ids = b.appOwns
	}
	owners := map[string]bool{}
	for _, o := range ids {
		owners[o] = true
	}
	b.owners.Store(&owners)
}

// serve loads the cogs, builds the routes and hooks the dispatcher to the
// shards' events.
func (b *Bot) serve(ctx context.Context, id gateway.Identity) error {
	// Commands outlive the signal that stops the bot: they get the drain
	// time to finish, then are cancelled.
	base, stop := context.WithCancel(context.WithoutCancel(ctx))
	b.stopRun = stop
	b.disp = NewDispatcher(DispatcherOptions{BotID: id.User.ID, Prefix: b.opts.GuildPrefix, Discord: b.api, Out: b.api,
		IsOwner: b.isOwner, Errors: &ErrorHandler{Log: b.log, RefID: b.opts.RefID, Count: b.opts.Metrics.ErrorOccurred},
		Timeout: b.opts.CommandTimeout, Base: base, Interactions: b.inter, TokenNow: b.opts.TokenClock,
		DeferAfter: b.opts.DeferAfter, Log: b.log, Unknown: b.unknown.For})
	b.mgr.base = base
	b.mgr.core = b.coreRegistration()
	if err := b.mgr.loadInitial(ctx, b.cogs); err != nil {
		stop()
		return err
	}
	for _, sh := range b.shards {
		sh.Session.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			b.disp.OnMessage(m.Message, sh.ID)
			if b.opts.Settled != nil {
				b.opts.Settled(m.ID)
			}
		})
		sh.Session.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { b.disp.OnInteraction(ic, sh.ID) })
		sh.Session.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) { b.opts.Metrics.GatewayEvent(e.Type) })
		sh.Session.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			b.log.Info("shard ready", "shard", sh.ID, "guilds", len(r.Guilds), "session", r.SessionID != "")
		})
		sh.Session.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { b.log.Info("shard resumed", "shard", sh.ID) })
		// READY and RESUMED are counted as gateway events; disconnects too,
		// under a type of their own.
		sh.Session.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { b.opts.Metrics.GatewayEvent("SHARD_DISCONNECT") })
		sh.Session.AddHandler(func(_ *discordgo.Session, ev any) {
			b.api.count.observe(sh.Session, ev)
			b.api.members.observe(sh.Session.State, ev)
			b.disp.OnEvent(ev, sh.ID) // MESSAGE_CREATE too: listeners see every message
		})
	}
	return nil
}

// swapRoutes builds the routes for regs and their application commands
// (a definition Discord would reject is an error naming the command),
// swaps them in and registers the commands when they changed, returning
// the previous snapshot.
func (b *Bot) swapRoutes(regs []*registration) (*routes, error) {
	rt, err := buildRoutes(regs, b.wrap)
	if err != nil {
		return nil, err
	}
	cmds, err := appcmd.Build(rt.table.Commands(), rt.menuList)
	if err != nil {
		return nil, fmt.Errorf("application commands: %w", err)
	}
	old := b.disp.routes.Swap(rt)
	b.syncCommands(cmds)
	return old, nil
}

// wrap puts the bot's middleware around a prepared command.
func (b *Bot) wrap(run command.RunFunc) command.RunFunc {
	return command.Chain(run, Recover, Instrument(b.log, b.opts.Metrics))
}

// host is what a cog's Registrar lends it during a set-up bounded by ctx.
func (b *Bot) host(ctx context.Context) *host {
	return &host{ctx: ctx, discord: b.api, log: b.log, now: b.opts.Now, metrics: b.opts.Metrics, gateway: b,
		prefixes: b.guildCaches(), setting: b.opts.Setting, rest: b.rest, control: b, resources: b.opts.Resources}
}

// CheckReady is the /readyz check: every shard of this process connected
// and the database reachable.
func (b *Bot) CheckReady(ctx context.Context) error {
	select {
	case <-b.ready:
	default:
		return errors.New("starting: not connected to Discord yet")
	}
	for _, sh := range b.shards {
		if !sh.Watch().Ready() {
			return fmt.Errorf("shard %d is not connected", sh.ID)
		}
	}
	if b.opts.Ping != nil {
		if err := b.opts.Ping(ctx); err != nil {
			return fmt.Errorf("database: %w", err)
		}
	}
	return nil
}

// Table is the command table being served.
func (b *Bot) Table() *command.Table { return b.disp.Table() }

// Latency is the heartbeat round trip of the shard that serves guildID.
func (b *Bot) Latency(guildID string) time.Duration { return b.shardOf(guildID).Latency() }

// RESTLatency is the rolling REST round trip of the requests the bot has
// made (0 before the first one).
func (b *Bot) RESTLatency(ctx context.Context) (time.Duration, error) { return b.api.RESTLatency(ctx) }

func (b *Bot) isOwner(userID string) bool { return (*b.owners.Load())[userID] }

// supervise runs every shard's supervisor until ctx ends or one fails.
func (b *Bot) supervise(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(b.shards))
	for _, sh := range b.shards {
		go func() { errs <- sh.Run(ctx) }()
	}
	var first error
	for range b.shards {
		if err := <-errs; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
}

// shutdown drains commands, unloads cogs and closes the shards.
func (b *Bot) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), b.opts.DrainTimeout)
	defer cancel()
	if err := b.disp.Drain(ctx); err != nil {
		b.log.Warn("shutdown: commands still running after the drain timeout", "timeout", b.opts.DrainTimeout)
	}
	b.stopRun()
	b.mgr.unloadAll(ctx)
	var wg sync.WaitGroup
	for _, sh := range b.shards {
		wg.Add(1)
		go func() { defer wg.Done(); _ = sh.Close() }()
	}
	wg.Wait()
	b.client.CloseIdleConnections()
	b.log.Info("bot stopped")
}
