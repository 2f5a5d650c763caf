// Package cache is a bounded, generic, in-memory TTL cache.
//
// A [Cache] holds at most Options.Capacity entries; when it is full, Set
// evicts the least recently used entry. Entries expire after a time to live
// and are removed lazily: a Get that finds an expired entry drops it, and
// every Set sweeps a few of the least recently used entries for expired ones.
// No background goroutine runs, so a Cache needs no Close.
//
// The clock is injectable (Options.Now), so tests move time with a fake
// clock instead of sleeping. Get does not allocate on a hit or a miss: it
// runs on every message, for the guild-prefix lookup.
//
// The cache is split into shards, each an exact LRU list behind its own
// mutex, so parallel readers on different keys rarely contend. Small caches
// use one shard, and so keep an exact global LRU order; Options.Shards
// overrides the choice.
//
// [Cache.GetOrLoad] fills a missing entry through a loader with
// single-flight: concurrent misses for one key call the loader once and all
// receive its answer. Errors are not cached.
//
// Lookups are counted ([Cache.Stats]) and may be reported to a hook
// (Options.OnLookup), which is how the metrics package learns hit rates
// without this package importing it.
package cache
