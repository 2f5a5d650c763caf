package bot

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"cogd/internal/cache"
)

// prefixes answers "which prefix does this guild use" on every message: a
// warm cache hit costs no allocation and no database access; a miss reads
// the guild's settings once (single-flight) and caches the answer. Cogs
// that change a guild's prefix call Invalidate.
type prefixes struct {
	def   *atomic.Pointer[string]
	cache *cache.Cache[string, string]
	load  func(ctx context.Context, guildID string) (string, error)
	log   *slog.Logger
}

// newPrefixes caches the guild prefixes that load reads (nil: every guild
// uses the default).
func newPrefixes(def *atomic.Pointer[string], load func(ctx context.Context, guildID string) (string, error), now func() time.Time, log *slog.Logger, onLookup func(bool)) *prefixes {
	return &prefixes{def: def, load: load, log: log, cache: cache.New[string, string](cache.Options{
		Name: "prefix", Capacity: 100_000, TTL: 10 * time.Minute, Now: now, OnLookup: onLookup})}
}

// For returns guildID's prefix (the default in DMs and when unset).
func (p *prefixes) For(guildID string) string {
	if guildID == "" || p.load == nil {
		return *p.def.Load()
	}
	v, ok := p.cache.Get(guildID)
	if !ok {
		v = p.read(guildID)
	}
	if v == "" {
		return *p.def.Load()
	}
	return v
}

// read reads the guild's prefix; on a database error the default serves and
// nothing is cached.
func (p *prefixes) read(guildID string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	v, err := p.cache.GetOrLoad(ctx, guildID, func(ctx context.Context) (string, error) {
		return p.load(ctx, guildID)
	})
	if err != nil {
		p.log.Warn("guild prefix lookup failed; using the default", "guild", guildID, "err", err)
		return ""
	}
	return v
}

// Invalidate forgets guildID's cached prefix after a change.
func (p *prefixes) Invalidate(guildID string) { p.cache.Delete(guildID) }

// Clear forgets every cached prefix (another process may have changed any).
func (p *prefixes) Clear() { p.cache.Clear() }

// Stats reports the cache's hits and misses.
func (p *prefixes) Stats() (hits, misses uint64) {
	h, m, _ := p.cache.Stats()
	return h, m
}
