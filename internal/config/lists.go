package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// splitList splits a comma list into trimmed, distinct, non-empty entries;
// an empty list is nil.
func splitList(v string) ([]string, error) {
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("%s has an empty entry", quoted(v))
		}
		if slices.Contains(parts[:i], p) {
			return nil, fmt.Errorf("%s lists %q twice", quoted(v), p)
		}
		parts[i] = p
	}
	return parts, nil
}

// parseShardCount accepts auto (0) or 1..65535.
func parseShardCount(c *Config, v string) error {
	if strings.EqualFold(v, "auto") {
		c.ShardCount = 0
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxShardCount {
		return fmt.Errorf("%s is not a shard count (want auto or 1..%d)", quoted(v), maxShardCount)
	}
	c.ShardCount = n
	return nil
}

// parseShardIDs accepts "all", or ranges and single IDs such as 0-3,8, each
// below SHARD_COUNT when that is a number. The result is sorted.
func parseShardIDs(c *Config, v string) error {
	if strings.EqualFold(v, "all") {
		return nil
	}
	items, err := splitList(v)
	if err != nil || items == nil {
		return err
	}
	// A shard is marked once as it is read, so a list repeating large
	// ranges is refused at its first repeat instead of being expanded.
	seen := make([]bool, shardLimit(c.ShardCount))
	for _, item := range items {
		lo, hi, err := parseShardRange(v, item)
		if err != nil {
			return err
		}
		if err := checkShardLimit(hi, c.ShardCount); err != nil {
			return err
		}
		for id := lo; id <= hi; id++ {
			if seen[id] {
				return fmt.Errorf("%s lists shard %d twice", quoted(v), id)
			}
			seen[id] = true
		}
	}
	var ids []int
	for id, ok := range seen {
		if ok {
			ids = append(ids, id)
		}
	}
	c.ShardIDs = ids
	return nil
}

// parseShardRange parses "N" or "N-M" from the list v.
func parseShardRange(v, item string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(item, "-")
	lo, errA := parseShardID(a)
	hi, errB := lo, error(nil)
	if isRange {
		hi, errB = parseShardID(b)
	}
	if errA != nil || errB != nil {
		return 0, 0, fmt.Errorf("%s is not a shard list (want e.g. 0-7 or 0,2,4)", quoted(v))
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("%s has a reversed range %d-%d", quoted(v), lo, hi)
	}
	return lo, hi, nil
}

// parseShardID parses one non-negative decimal shard ID.
func parseShardID(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(s)
}

// checkShardLimit rejects an ID at or above count, or above the largest
// possible ID when count is 0 (auto).
func checkShardLimit(id, count int) error {
	limit := shardLimit(count)
	if id >= limit {
		return fmt.Errorf("shard %d is out of range for SHARD_COUNT %s (want 0..%d)", id, countText(count), limit-1)
	}
	return nil
}

// shardLimit is the number of shard IDs count allows (auto: the most
// Discord allows).
func shardLimit(count int) int {
	if count == 0 {
		return maxShardCount
	}
	return count
}

// countText formats a shard count as written in SHARD_COUNT.
func countText(n int) string {
	if n == 0 {
		return "auto"
	}
	return strconv.Itoa(n)
}

// parseCogs accepts "all" or a comma list of cog names, lowercased.
func parseCogs(c *Config, v string) error {
	if strings.EqualFold(v, "all") {
		return nil
	}
	names, err := splitList(strings.ToLower(v))
	if err != nil {
		return err
	}
	for _, n := range names {
		if strings.Trim(n, "abcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
			return fmt.Errorf("%q is not a cog name (want letters, digits, - or _)", n)
		}
	}
	c.Cogs = names
	return nil
}

// formatShardIDs writes ids (sorted) as a compact list such as 0-3,8.
func formatShardIDs(ids []int) string {
	var b strings.Builder
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(ids[i]))
		if j > i {
			b.WriteString("-" + strconv.Itoa(ids[j]))
		}
		i = j + 1
	}
	return b.String()
}
