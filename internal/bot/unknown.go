package bot

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cogd/internal/cache"
	"cogd/internal/command"
	"cogd/internal/metrics"
)

// UnknownPolicy is what the bot does with a prefixed word that names no
// command. Whatever the policy, a word that does not look like a command
// (see LooksLikeCommand) is ignored unless the bot was mentioned, and a
// mention of the bot is always answered: `!` is shared by many bots, and
// chat such as “anyone here?” starts with many a prefix.
type UnknownPolicy string

// The unknown-command policies (config unknown reply|suggest|silent).
const (
	// UnknownSuggest answers only when a command is close to the word
	// (a typo: `!wran` → “did you mean `!warn`?”). The default.
	UnknownSuggest UnknownPolicy = "suggest"
	// UnknownReply answers every word that looks like a command, with a
	// suggestion when there is one.
	UnknownReply UnknownPolicy = "reply"
	// UnknownSilent answers only when the bot was mentioned.
	UnknownSilent UnknownPolicy = "silent"
)

// UnknownPolicies lists the policies, the default first.
func UnknownPolicies() []UnknownPolicy {
	return []UnknownPolicy{UnknownSuggest, UnknownReply, UnknownSilent}
}

// ParseUnknownPolicy reads a stored or typed policy, case-insensitively;
// "" is the default (UnknownSuggest). ok is false for anything else.
func ParseUnknownPolicy(s string) (p UnknownPolicy, ok bool) {
	if s == "" {
		return UnknownSuggest, true
	}
	for _, p := range UnknownPolicies() {
		if strings.EqualFold(s, string(p)) {
			return p, true
		}
	}
	return UnknownSuggest, false
}

// LooksLikeCommand reports whether word could be meant as a command name:
// at least two characters, all letters. `!!`, `!1`, `!?` and `!x` are
// not.
func LooksLikeCommand(word string) bool {
	if utf8.RuneCountInString(word) < 2 {
		return false
	}
	for _, r := range word {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// AnswersUnknown reports whether an unknown command word is answered under
// policy: always when the bot was mentioned; otherwise only a word that
// looks like a command, and under UnknownSuggest only when there are
// suggestions.
func AnswersUnknown(policy UnknownPolicy, word string, mentioned bool, suggestions []string) bool {
	switch {
	case mentioned:
		return true
	case !LooksLikeCommand(word):
		return false
	case policy == UnknownReply:
		return true
	case policy == UnknownSilent:
		return false
	}
	return len(suggestions) > 0
}

// notFound is lookup's answer to an unknown command name: a NotFoundError
// to reply with, or nil to stay silent, as the guild's policy says.
func (d *Dispatcher) notFound(rt *routes, guildID, name, content string) error {
	suggestions := rt.table.Suggest(name)
	policy := UnknownSuggest
	if d.unknown != nil {
		policy = d.unknown(guildID)
	}
	if !AnswersUnknown(policy, name, mentionLen(content, d.botID) > 0, suggestions) {
		return nil
	}
	return &command.NotFoundError{Name: name, Suggestions: suggestions}
}

// unknownPolicies caches the guilds' unknown-command policies like
// prefixes caches their prefixes: a miss reads the guild's settings once
// (single-flight); a database error serves the default, uncached. Cogs
// that change the policy invalidate it through Registrar.Prefixes.
type unknownPolicies struct {
	cache *cache.Cache[string, UnknownPolicy]
	load  func(ctx context.Context, guildID string) (string, error)
	log   *slog.Logger
}

// newUnknownPolicies caches the policies load reads (nil: every guild
// has the default).
func newUnknownPolicies(load func(ctx context.Context, guildID string) (string, error), now func() time.Time, log *slog.Logger, onLookup func(bool)) *unknownPolicies {
	return &unknownPolicies{load: load, log: log, cache: cache.New[string, UnknownPolicy](cache.Options{
		Name: "unknown_policy", Capacity: 100_000, TTL: 10 * time.Minute, Now: now, OnLookup: onLookup})}
}

// For returns guildID's policy (the default in DMs and when unset).
func (u *unknownPolicies) For(guildID string) UnknownPolicy {
	if guildID == "" || u.load == nil {
		return UnknownSuggest
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	p, err := u.cache.GetOrLoad(ctx, guildID, func(ctx context.Context) (UnknownPolicy, error) {
		return u.read(ctx, guildID)
	})
	if err != nil {
		u.log.Warn("unknown-command policy lookup failed; using the default", "guild", guildID, "err", err)
		return UnknownSuggest
	}
	return p
}

// read loads and parses the stored policy; a value the bot does not know
// (written by a newer release, say) is the default.
func (u *unknownPolicies) read(ctx context.Context, guildID string) (UnknownPolicy, error) {
	s, err := u.load(ctx, guildID)
	if err != nil {
		return "", err
	}
	p, _ := ParseUnknownPolicy(s)
	return p, nil
}

// Invalidate forgets guildID's cached policy after a change.
func (u *unknownPolicies) Invalidate(guildID string) { u.cache.Delete(guildID) }

// Clear forgets every cached policy.
func (u *unknownPolicies) Clear() { u.cache.Clear() }

// guildCaches are the bot's caches of guild settings, invalidated
// together: a cog that changes a guild's settings forgets them all
// (Registrar.Prefixes), as does the settings watch.
type guildCaches []interface {
	Invalidate(guildID string)
	Clear()
}

// Invalidate forgets guildID's cached settings.
func (g guildCaches) Invalidate(guildID string) {
	for _, c := range g {
		c.Invalidate(guildID)
	}
}

// Clear forgets every guild's cached settings.
func (g guildCaches) Clear() {
	for _, c := range g {
		c.Clear()
	}
}

// countingLoad wraps a guild-settings loader so that each of its errors
// counts as a database error (source "store"); nil stays nil.
func countingLoad[T any](load func(ctx context.Context, guildID string) (T, error), count func(source string)) func(ctx context.Context, guildID string) (T, error) {
	if load == nil {
		return nil
	}
	return func(ctx context.Context, guildID string) (T, error) {
		v, err := load(ctx, guildID)
		if err != nil {
			count(metrics.ErrorSourceStore)
		}
		return v, err
	}
}

// guildCaches are the bot's caches of guild settings, for cogs that change
// them (Registrar.Prefixes) and for the settings watch.
func (b *Bot) guildCaches() guildCaches { return guildCaches{b.prefixes, b.unknown} }

// countGatewayError counts each error a shard's supervisor meets (source
// "gateway") and passes it on to next, the tests' own hook (or nil).
func (b *Bot) countGatewayError(next func(int, error)) func(int, error) {
	return func(shard int, err error) {
		b.opts.Metrics.ErrorOccurred(metrics.ErrorSourceGateway)
		if next != nil {
			next(shard, err)
		}
	}
}
