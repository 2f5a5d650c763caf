package config

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func FuzzShardIDs(f *testing.F) {
	for _, s := range []string{"0-7", "0,2,4", "0-3,8", "7-0", "0,0", "all", "", "0-x", " 1 - 2 "} {
		f.Add("16", s)
	}
	f.Fuzz(func(t *testing.T, count, ids string) {
		c, err := Load(getenvMap(map[string]string{KeyShardCount: count, KeyShardIDs: ids}))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		for i, id := range c.ShardIDs {
			if i > 0 && id <= c.ShardIDs[i-1] {
				t.Fatalf("ids %v not strictly increasing", c.ShardIDs)
			}
			if id < 0 || (c.ShardCount > 0 && id >= c.ShardCount) {
				t.Fatalf("id %d out of range for count %d", id, c.ShardCount)
			}
		}
	})
}

func FuzzToken(f *testing.F) {
	for _, s := range []string{testToken, "Bot " + testToken, "short", "a b c d e f g h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		// Token errors are fixed texts, so they cannot quote the token.
		fixed := []string{
			`config: DISCORD_TOKEN: contains whitespace (want the token, optionally prefixed "Bot ")`,
			"config: DISCORD_TOKEN: is too short to be a bot token",
		}
		_, err := Load(getenvMap(map[string]string{KeyToken: token}))
		if err != nil && !slices.Contains(fixed, err.Error()) {
			t.Fatalf("unexpected token error %q", err)
		}
	})
}

func FuzzRequireIntents(f *testing.F) {
	for _, s := range []string{"message_content", "guild_members, message_content", "GUILD_PRESENCES", "", ",", "members", "message_content,message_content"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		c, err := Load(getenvMap(map[string]string{KeyRequireIntents: v}))
		if err != nil {
			if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "config: REQUIRE_INTENTS: ") {
				t.Fatalf("error %q is not one line naming the key", err)
			}
			return
		}
		again, err := Load(getenvMap(map[string]string{KeyRequireIntents: formatIntents(c.RequireIntents)}))
		if err != nil || again.RequireIntents != c.RequireIntents {
			t.Fatalf("%q: formatted %q does not load back (%v, %v)", v, formatIntents(c.RequireIntents), again.RequireIntents, err)
		}
	})
}

// TestShardIDsRepeatingLargeRanges: a list that repeats a large range is
// refused at the first repeat, not expanded (found by FuzzShardIDs: a long
// list of 0-65534 ranges took the fuzzer's whole time budget).
func TestShardIDsRepeatingLargeRanges(t *testing.T) {
	items := make([]string, 2000)
	for i := range items {
		items[i] = strconv.Itoa(i) + "-65534" // overlapping ranges, all distinct as text
	}
	_, err := Load(getenvMap(map[string]string{KeyShardIDs: strings.Join(items, ",")}))
	if err == nil || !strings.Contains(err.Error(), "lists shard 1 twice") {
		t.Fatalf("Load = %.200v", err)
	}
}
