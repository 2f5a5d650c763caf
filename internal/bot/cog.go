package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
	"log/slog"
	"time"

	"cogd/internal/command"
	"cogd/internal/metrics"
	"cogd/internal/store"
)

// Cog is a feature module: a name, a description and its commands. The
// optional hooks Loader, Unloader and ListenerProvider are found by type
// assertion.
type Cog interface {
	Name() string
	Description() string
	Commands() []*command.Command
}

// Loader is implemented by cogs that need set-up before they serve.
// A failed Load leaves the cog unloaded (at start-up, the other cogs still
// load; on reload, the previous instance stays).
type Loader interface {
	Load(ctx context.Context, deps Deps) error
}

// Unloader is implemented by cogs that hold resources to release.
type Unloader interface {
	Unload(ctx context.Context) error
}

// ListenerProvider is implemented by cogs that react to gateway events.
type ListenerProvider interface {
	Listeners() []Listener
}

// Deps is what the bot hands a cog at Load: small interfaces, so a cog can
// be tested with fakes or with the emulator.
type Deps struct {
	Discord  command.Discord
	Logger   *slog.Logger
	Now      func() time.Time
	Commands Commands
	Gateway  Gateway
	Prefix   func(guildID string) string
	Control  Controller
	// Store is the database, nil when the bot runs without one.
	Store *store.Store
	// Prefixes must be told when a guild's prefix changes.
	Prefixes PrefixCache
	// REST is a session for REST calls beyond command.Discord (bans,
	// kicks, timeouts, bulk deletes). Its requests go to DISCORD_API_URL.
	// Messages must still be sent through Discord.Send (safety defaults).
	REST *discordgo.Session
	// Metrics holds the bot's numbers (the owner's metrics command).
	Metrics *metrics.Metrics
}

// Commands gives read access to the commands currently registered.
type Commands interface {
	Table() *command.Table
}

// Gateway reports connection health for commands such as ping.
type Gateway interface {
	// Latency is the heartbeat round trip of the shard serving guildID.
	Latency(guildID string) time.Duration
	// RESTLatency times one REST round trip.
	RESTLatency(ctx context.Context) (time.Duration, error)
}
