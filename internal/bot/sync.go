package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
)

// syncTimeout bounds one registration of application commands.
const syncTimeout = 30 * time.Second

// scopes are where application commands are registered: the guilds of
// CommandGuildIDs (instant, for development), else globally.
func (b *Bot) scopes() []appcmd.Scope { return appcmd.Scopes(b.opts.CommandGuildIDs) }

// syncer registers this application's commands through the REST session.
func (b *Bot) syncer() *appcmd.Syncer {
	hashes := b.opts.CommandHashes
	if hashes == nil {
		hashes = &b.memHashes
	}
	return &appcmd.Syncer{API: b.rest, AppID: b.appID, Hashes: hashes}
}

// syncCommands registers cmds in every scope with one bulk overwrite each,
// only when they differ from what was registered last (COMMAND_SYNC=auto).
// A failure is logged, never retried in a loop: prefix commands keep
// working, and the next start or reload tries again.
func (b *Bot) syncCommands(cmds []*discordgo.ApplicationCommand) {
	if b.appID == "" {
		return // not connected yet (tests building routes)
	}
	mode := b.opts.CommandSync
	if mode == "" {
		mode = appcmd.ModeAuto
	}
	ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
	defer cancel()
	for _, scope := range b.scopes() {
		res, err := b.syncer().Sync(ctx, scope, cmds, mode)
		var rl *appcmd.RateLimitedError
		switch {
		case errors.As(err, &rl):
			b.log.Error("application commands not registered: Discord is rate-limiting command registration",
				"scope", scope.String(), "retry_after", rl.RetryAfter.Round(time.Second))
		case err != nil:
			b.log.Error("application commands not registered", "scope", scope.String(), "err", err)
		default:
			b.log.Info("application commands", "scope", scope.String(), "action", string(res.Action), "commands", len(cmds))
		}
	}
}

// memoryHashes is the HashStore of a bot without a database: it keeps the
// hashes for the life of the process.
type memoryHashes struct {
	mu sync.Mutex
	m  map[string]string
}

// LastHash returns the hash last saved for scope.
func (h *memoryHashes) LastHash(_ context.Context, scope appcmd.Scope) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.m[scope.Key()], nil
}

// SaveHash remembers hash for scope.
func (h *memoryHashes) SaveHash(_ context.Context, scope appcmd.Scope, hash string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[string]string{}
	}
	h.m[scope.Key()] = hash
	return nil
}
