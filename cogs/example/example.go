// Package example is the cog of README "Writing a cog": one command with a
// typed parameter, a MESSAGE_CREATE listener and a background task. It
// answers `!lastseen <member>` with when that member last wrote in a
// channel the bot can see.
//
// It is not loaded unless COGS names it (COGS=moderation,utility,owner,example).
package example

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/command"
)

// Info describes the example cog.
var Info = bot.CogInfo{
	Name:        "example",
	Description: "An example: when did a member last write?",
	New:         func() bot.Cog { return New(Options{}) },
	OptIn:       true,
}

// Options tune the cog; the zero value is the production setting.
type Options struct {
	// Forget is how long a member's last message is remembered (default 24 h).
	Forget time.Duration
	// PruneEvery is how often forgotten entries are dropped (default 1 min).
	PruneEvery time.Duration
	// Now is the cog's clock (default the bot's).
	Now func() time.Time
}

// Cog remembers, per guild and member, the last message it saw.
type Cog struct {
	opts Options
	now  func() time.Time

	mu   sync.Mutex
	seen map[seenKey]sighting
}

type seenKey struct{ guild, user string }

type sighting struct {
	at      time.Time
	channel string
}

var _ bot.Cog = (*Cog)(nil)

// New returns the cog.
func New(opts Options) *Cog {
	if opts.Forget <= 0 {
		opts.Forget = 24 * time.Hour
	}
	if opts.PruneEvery <= 0 {
		opts.PruneEvery = time.Minute
	}
	return &Cog{opts: opts, seen: map[seenKey]sighting{}}
}

// Setup registers the command, the listener and the pruning task.
func (c *Cog) Setup(r *bot.Registrar) error {
	c.now = c.opts.Now
	if c.now == nil {
		c.now = r.Clock()
	}
	member := command.Member("member", "whose last message to look up")
	r.Command(&command.Command{
		Name:        "lastseen",
		Description: "Says when a member last wrote in this server.",
		Examples:    []string{"lastseen @alice"},
		GuildOnly:   true,
		Params:      []command.Param{member},
		Run: func(ctx context.Context, cx *command.Context) error {
			return cx.Reply(ctx, c.answer(cx.GuildID(), member.Get(cx)))
		},
	})
	r.Listen(bot.On(func(_ context.Context, e *discordgo.MessageCreate) error {
		c.record(e.Message)
		return nil
	}))
	r.Go("prune", func(ctx context.Context) error {
		t := time.NewTicker(c.opts.PruneEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
				c.prune()
			}
		}
	})
	return nil
}

// record remembers m's author as seen now (bots and DMs are skipped).
func (c *Cog) record(m *discordgo.Message) {
	if m.GuildID == "" || m.Author == nil || m.Author.Bot {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[seenKey{m.GuildID, m.Author.ID}] = sighting{at: c.now(), channel: m.ChannelID}
}

// prune forgets sightings older than Options.Forget.
func (c *Cog) prune() {
	c.mu.Lock()
	defer c.mu.Unlock()
	cutoff := c.now().Add(-c.opts.Forget)
	for k, s := range c.seen {
		if s.at.Before(cutoff) {
			delete(c.seen, k)
		}
	}
}

// answer is the reply for member m in guild.
func (c *Cog) answer(guild string, m *discordgo.Member) string {
	name := command.Escape(m.User.Username)
	c.mu.Lock()
	s, ok := c.seen[seenKey{guild, m.User.ID}]
	c.mu.Unlock()
	if !ok || c.now().Sub(s.at) > c.opts.Forget {
		return fmt.Sprintf("I haven't seen **%s** write anything lately.", name)
	}
	ago := c.now().Sub(s.at).Round(time.Second)
	return fmt.Sprintf("**%s** last wrote in <#%s> %s ago.", name, s.channel, command.FormatRetry(ago))
}
