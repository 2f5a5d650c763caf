package bot

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestPlanShards(t *testing.T) {
	limit := func(remaining, mc int) discordgo.SessionInformation {
		return discordgo.SessionInformation{Total: 1000, Remaining: remaining, ResetAfter: 3_600_000, MaxConcurrency: mc}
	}
	tests := []struct {
		name  string
		count int
		ids   []int
		gb    discordgo.GatewayBotResponse
		total int
		waves [][]int
		err   string
	}{
		{"auto, one shard", 0, nil, discordgo.GatewayBotResponse{Shards: 1, SessionStartLimit: limit(1000, 1)}, 1, [][]int{{0}}, ""},
		{"auto, 4 shards, concurrency 1", 0, nil, discordgo.GatewayBotResponse{Shards: 4, SessionStartLimit: limit(1000, 1)}, 4, [][]int{{0}, {1}, {2}, {3}}, ""},
		{"auto, 4 shards, concurrency 2", 0, nil, discordgo.GatewayBotResponse{Shards: 4, SessionStartLimit: limit(1000, 2)}, 4, [][]int{{0, 1}, {2, 3}}, ""},
		{"16 shards, concurrency 16", 16, nil, discordgo.GatewayBotResponse{Shards: 1, SessionStartLimit: limit(1000, 16)}, 16,
			[][]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}, ""},
		{"explicit ids share a key", 8, []int{0, 2, 4}, discordgo.GatewayBotResponse{SessionStartLimit: limit(1000, 2)}, 8, [][]int{{0}, {2}, {4}}, ""},
		{"range of a larger bot", 4, []int{0, 1}, discordgo.GatewayBotResponse{SessionStartLimit: limit(1000, 1)}, 4, [][]int{{0}, {1}}, ""},
		{"id out of range", 4, []int{4}, discordgo.GatewayBotResponse{SessionStartLimit: limit(1000, 1)}, 4, nil, "shard 4 does not exist"},
		{"start limit", 0, nil, discordgo.GatewayBotResponse{Shards: 8, SessionStartLimit: limit(3, 1)}, 8, nil, "allows 3 more gateway sessions today and this process needs 8; the limit resets in 1h0m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := planShards(tt.count, tt.ids, &tt.gb)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || p.total != tt.total || !reflect.DeepEqual(p.waves, tt.waves) {
				t.Fatalf("plan = %+v, %v; want total %d waves %v", p, err, tt.total, tt.waves)
			}
		})
	}
}

func TestShardFor(t *testing.T) {
	tests := []struct {
		guild string
		total int
		want  int
	}{
		{"", 4, 0},
		{"41771983423143937", 1, 0},
		{"41771983423143937", 16, int((41771983423143937 >> 22) % 16)},
		{"not-a-number", 4, 0},
	}
	for _, tt := range tests {
		if got := ShardFor(tt.guild, tt.total); got != tt.want {
			t.Errorf("ShardFor(%q, %d) = %d, want %d", tt.guild, tt.total, got, tt.want)
		}
	}
}

// recordingGate is an IdentifyGate that records its calls and refuses.
type recordingGate struct {
	mu    sync.Mutex
	calls []string
}

func (g *recordingGate) Wait(_ context.Context, shardID, maxConcurrency int) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls = append(g.calls, fmt.Sprintf("%d/%d", shardID, maxConcurrency))
	return errGateClosed
}

var errGateClosed = errors.New("gate closed")

// TestOpenShardsThroughAsksTheGateForEveryShard: with a gate, each shard
// of the plan waits on it with the plan's max_concurrency before
// connecting; a refusal stops start-up naming the shard.
func TestOpenShardsThroughAsksTheGateForEveryShard(t *testing.T) {
	p, err := planShards(4, []int{1, 3}, &discordgo.GatewayBotResponse{SessionStartLimit: discordgo.SessionInformation{MaxConcurrency: 2}})
	if err != nil {
		t.Fatal(err)
	}
	g := &recordingGate{}
	err = (&Bot{plan: p}).openShardsThrough(context.Background(), g)
	if !errors.Is(err, errGateClosed) || !strings.Contains(err.Error(), "start shard 3") {
		t.Errorf("openShardsThrough = %v, want the gate's refusal naming shard 3", err)
	}
	slices.Sort(g.calls)
	if want := []string{"1/2", "3/2"}; !slices.Equal(g.calls, want) {
		t.Errorf("gate calls %v, want %v", g.calls, want)
	}
}
