package owner

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
	"cogd/internal/metrics"
)

func (c *Cog) metricsCommand() *command.Command {
	return &command.Command{Name: "metrics", Aliases: []string{"stats"},
		Description: "Shows uptime, commands, errors, events, latency, caches, memory and shards.",
		Run: func(ctx context.Context, cx *command.Context) error {
			if c.metrics == nil {
				return command.Errorf("Metrics are not collected in this process.")
			}
			return cx.ReplyEmbed(ctx, MetricsEmbed(c.metrics.Snapshot()))
		}}
}

// MetricsEmbed renders a snapshot for the owner.
func MetricsEmbed(s metrics.Snapshot) *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{Title: "cogd metrics", Fields: []*discordgo.MessageEmbedField{
		{Name: "Uptime", Value: s.Uptime.Truncate(time.Second).String(), Inline: true},
		{Name: "Commands run", Value: fmt.Sprint(s.CommandsTotal), Inline: true},
		{Name: "Errors", Value: fmt.Sprint(s.Errors), Inline: true},
		{Name: "Command latency", Value: fmt.Sprintf("p50 %s · p99 %s", ms(s.LatencyP50), ms(s.LatencyP99)), Inline: true},
		{Name: "Goroutines", Value: fmt.Sprint(s.Goroutines), Inline: true},
		{Name: "Memory", Value: fmt.Sprintf("heap %s · total %s", mib(s.HeapBytes), mib(s.MemoryBytes)), Inline: true},
		{Name: "Outcomes", Value: counts(s.Outcomes)},
		{Name: "Gateway events", Value: counts(s.Events)},
		{Name: "Cache hit rate", Value: caches(s.Caches)},
		{Name: "Shards", Value: shards(s)},
	}}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// counts lists non-zero counters, largest first, at most ten.
func counts(m map[string]uint64) string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v > 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || (m[keys[i]] == m[keys[j]] && keys[i] < keys[j]) })
	var b strings.Builder
	for i, k := range keys {
		if i == 10 {
			fmt.Fprintf(&b, "… and %d more", len(keys)-10)
			break
		}
		fmt.Fprintf(&b, "%s: %d\n", k, m[k])
	}
	return orNone(b.String())
}

func caches(m map[string]metrics.CacheSnapshot) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		c := m[n]
		fmt.Fprintf(&b, "%s: %.0f%% of %d\n", n, 100*c.HitRate(), c.Hits+c.Misses)
	}
	return orNone(b.String())
}

func shards(s metrics.Snapshot) string {
	ids := make([]int, 0, len(s.ShardLatency))
	for id := range s.ShardLatency {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "%d ready\n", s.ShardsReady)
	for _, id := range ids {
		fmt.Fprintf(&b, "shard %d: %s\n", id, ms(s.ShardLatency[id]))
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none yet"
	}
	return s
}
