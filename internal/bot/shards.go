package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/gateway"
)

// shardPlan is which shards this process runs and how fast it may start
// them.
type shardPlan struct {
	total int   // shards of the whole bot
	run   []int // shards of this process, ascending
	waves [][]int
	// maxConcurrency is Discord's session_start_limit.max_concurrency.
	maxConcurrency int
}

// IdentifyGate decides when this process may IDENTIFY a shard, so that
// all processes of one bot share Discord's identify buckets
// (shard_id % max_concurrency, one IDENTIFY per bucket per 5 s). Wait
// blocks until the shard may identify, or ctx ends. With PostgreSQL,
// *store.IdentifyGate claims buckets through the database; without a gate
// the bot paces its own shards in waves (openShards).
type IdentifyGate interface {
	Wait(ctx context.Context, shardID, maxConcurrency int) error
}

// planShards resolves SHARD_COUNT (0 = Discord's recommendation) and
// SHARD_IDS (nil = all) against GET /gateway/bot, refusing to start when
// the day's session starts cannot cover this process.
func planShards(count int, ids []int, gb *discordgo.GatewayBotResponse) (shardPlan, error) {
	p := shardPlan{total: count}
	if p.total <= 0 {
		p.total = max(gb.Shards, 1)
	}
	p.run = ids
	if p.run == nil {
		for id := range p.total {
			p.run = append(p.run, id)
		}
	}
	for _, id := range p.run {
		if id < 0 || id >= p.total {
			return p, fmt.Errorf("SHARD_IDS: shard %d does not exist: the bot has %d shards (0-%d)", id, p.total, p.total-1)
		}
	}
	if err := checkStartLimit(gb.SessionStartLimit, len(p.run)); err != nil {
		return p, err
	}
	p.waves = identifyWaves(p.run, gb.SessionStartLimit.MaxConcurrency)
	p.maxConcurrency = max(gb.SessionStartLimit.MaxConcurrency, 1)
	return p, nil
}

// checkStartLimit refuses to start when Discord would refuse the IDENTIFYs.
func checkStartLimit(l discordgo.SessionInformation, need int) error {
	if l.Total == 0 || l.Remaining >= need {
		return nil
	}
	reset := time.Duration(l.ResetAfter) * time.Millisecond
	return fmt.Errorf("session start limit: Discord allows %d more gateway sessions today and this process needs %d; the limit resets in %s",
		l.Remaining, need, reset.Round(time.Second))
}

// identifyWaves groups shards so that no two in a wave share a rate-limit
// key (shard_id % max_concurrency): each wave may IDENTIFY at once, one
// wave every five seconds.
func identifyWaves(run []int, maxConcurrency int) [][]int {
	mc := max(maxConcurrency, 1)
	buckets := map[int][]int{}
	for _, id := range run {
		buckets[id%mc] = append(buckets[id%mc], id)
	}
	var waves [][]int
	for i := 0; ; i++ {
		var wave []int
		for _, ids := range buckets {
			if i < len(ids) {
				wave = append(wave, ids[i])
			}
		}
		if len(wave) == 0 {
			return waves
		}
		sort.Ints(wave)
		waves = append(waves, wave)
	}
}

// ShardFor is the shard that receives guildID's events:
// (guild_id >> 22) % shard_count; DMs go to shard 0.
func ShardFor(guildID string, total int) int {
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil || total <= 1 {
		return 0
	}
	return int((id >> 22) % uint64(total))
}

// openShards connects the shards wave by wave, interval apart; the shards
// of a wave connect concurrently.
func (b *Bot) openShards(ctx context.Context) error {
	byID := map[int]*gateway.Shard{}
	for _, sh := range b.shards {
		byID[sh.ID] = sh
	}
	for i, wave := range b.plan.waves {
		if i > 0 && !gateway.Sleep(ctx, b.opts.IdentifyInterval) {
			return fmt.Errorf("start shards: %w", ctx.Err())
		}
		if err := openWave(ctx, wave, byID); err != nil {
			return err
		}
	}
	return nil
}

// openShardsThrough connects the plan's shards as gate allows: every shard
// waits for its bucket through gate, then connects; shards of different
// buckets proceed concurrently. A nil gate is openShards' in-process waves.
func (b *Bot) openShardsThrough(ctx context.Context, gate IdentifyGate) error {
	if gate == nil {
		return b.openShards(ctx)
	}
	byID := map[int]*gateway.Shard{}
	for _, sh := range b.shards {
		byID[sh.ID] = sh
	}
	errs := make([]error, len(b.plan.run))
	var wg sync.WaitGroup
	for i, id := range b.plan.run {
		wg.Go(func() {
			if err := gate.Wait(ctx, id, b.plan.maxConcurrency); err != nil {
				errs[i] = fmt.Errorf("start shard %d: identify gate: %w", id, err)
				return
			}
			errs[i] = byID[id].Open(ctx)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func openWave(ctx context.Context, wave []int, byID map[int]*gateway.Shard) error {
	errs := make([]error, len(wave))
	var wg sync.WaitGroup
	for i, id := range wave {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = byID[id].Open(ctx)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// identifyHook is the shard's BeforeIdentify: the identify gate for shard
// id when there is one, else next (the tests' own, or nil).
func (b *Bot) identifyHook(id int, next func(context.Context) error) func(context.Context) error {
	gate := b.opts.IdentifyGate
	if gate == nil {
		return next
	}
	return func(ctx context.Context) error { return gate.Wait(ctx, id, b.plan.maxConcurrency) }
}

// logShardRange makes every later log line and the metrics of the bot
// carry the shards this process runs ("0-1/4": shards 0 and 1 of 4), so
// the logs and metrics of several processes can be told apart.
func (b *Bot) logShardRange() {
	span := shardRange(b.plan.run) + "/" + strconv.Itoa(b.plan.total)
	b.log = b.log.With("shards", span)
	b.mgr.log = b.log
	b.opts.Metrics.SetShardRange(span)
}

// shardRange writes ascending shard IDs compactly: [0 1 2 5] is "0-2,5".
func shardRange(ids []int) string {
	var out []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j == i {
			out = append(out, strconv.Itoa(ids[i]))
		} else {
			out = append(out, strconv.Itoa(ids[i])+"-"+strconv.Itoa(ids[j]))
		}
		i = j + 1
	}
	return strings.Join(out, ",")
}
