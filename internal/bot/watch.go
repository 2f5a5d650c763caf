package bot

import (
	"context"
	"sync"
)

// watchSettings runs Options.WatchSettings in the background, forgetting
// the cached prefixes of the guilds it reports, and returns the function
// that stops it and waits for it to return.
func (b *Bot) watchSettings(ctx context.Context) (stop func()) {
	if b.opts.WatchSettings == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	log := b.log
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := b.opts.WatchSettings(ctx, b.forgetSettings); err != nil && ctx.Err() == nil {
			log.Warn("settings watch stopped; guild prefixes follow other processes only after the cache TTL", "err", err)
		}
	})
	return func() { cancel(); wg.Wait() }
}

// forgetSettings drops guildID's cached settings (prefix, unknown-command
// policy), or every guild's for "".
func (b *Bot) forgetSettings(guildID string) {
	if guildID == "" {
		b.guildCaches().Clear()
		return
	}
	b.guildCaches().Invalidate(guildID)
}
