package command

import (
	"sort"
	"unicode/utf8"
)

// maxSuggestions is how many names Suggest returns at most.
const maxSuggestions = 3

// Suggest returns up to 3 visible command names or aliases closest to name
// by Damerau–Levenshtein distance (optimal string alignment), closest
// first. Only close ones count: distance 1 for names of up to 4
// characters, 2 up to 8, 3 beyond. One entry per command: its best key,
// the command's name on a tie.
func (t *Table) Suggest(name string) []string {
	return suggest(t.keys, name)
}

func suggestSubcommands(cmd *Command, name string) []string {
	var keys []suggestKey
	for _, sub := range cmd.Subcommands {
		if !sub.Hidden {
			for _, k := range append([]string{sub.Name}, sub.Aliases...) {
				keys = append(keys, suggestKey{key: foldKey(k), cmd: sub})
			}
		}
	}
	return suggest(keys, name)
}

type candidate struct {
	key  string
	cmd  *Command
	dist int
}

func suggest(keys []suggestKey, name string) []string {
	query := foldKey(name)
	limit := closeEnough(utf8.RuneCountInString(query))
	best := make(map[*Command]candidate)
	for _, k := range keys {
		d := editDistance(query, k.key, limit)
		if d > limit || d == 0 {
			continue
		}
		if old, ok := best[k.cmd]; !ok || d < old.dist || (d == old.dist && k.key == foldKey(k.cmd.Name)) {
			best[k.cmd] = candidate{key: k.key, cmd: k.cmd, dist: d}
		}
	}
	return rankCandidates(best)
}

func rankCandidates(best map[*Command]candidate) []string {
	list := make([]candidate, 0, len(best))
	for _, c := range best {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].dist != list[j].dist {
			return list[i].dist < list[j].dist
		}
		return list[i].key < list[j].key
	})
	out := make([]string, 0, maxSuggestions)
	for i := 0; i < len(list) && i < maxSuggestions; i++ {
		out = append(out, list[i].key)
	}
	return out
}

func closeEnough(n int) int {
	switch {
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions, adjacent transpositions), in runes.
// It returns early with a value > limit when the distance exceeds limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cur[j] = osaCell(ra, rb, i, j, prev2, prev, cur)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func osaCell(ra, rb []rune, i, j int, prev2, prev, cur []int) int {
	cost := 1
	if ra[i-1] == rb[j-1] {
		cost = 0
	}
	d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
	if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
		d = min(d, prev2[j-2]+1)
	}
	return d
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
