package bot

import (
	"context"
	"log/slog"
	"time"

	"cogd/internal/command"
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
