package command

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// IsOwner returns the is_owner check: only users Context.IsOwner accepts.
func IsOwner() Check {
	return func(_ context.Context, c *Context) error {
		if c.AuthorIsOwner() {
			return nil
		}
		return NotOwnerError()
	}
}

// GuildOnly returns the guild_only check (what Command.GuildOnly does).
func GuildOnly() Check {
	return func(_ context.Context, c *Context) error {
		if c.Origin.GuildID == "" {
			return GuildOnlyError()
		}
		return nil
	}
}

// HasPermissions returns the has_permissions check: the invoker needs perms
// in the channel. It is refused in DMs. (Command.Permissions does the same.)
func HasPermissions(perms int64) Check { return hasPermissions(perms, nil) }

// BotHasPermissions returns the bot_has_permissions check: the bot needs
// perms in the channel. It is refused in DMs. (Command.BotPermissions does
// the same.)
func BotHasPermissions(perms int64) Check { return botHasPermissions(perms, nil) }

func hasPermissions(perms int64, now func() time.Time) Check {
	return func(ctx context.Context, c *Context) error {
		if c.Origin.GuildID == "" {
			return GuildOnlyError()
		}
		have, err := c.AuthorPermissions(ctx, clock(now)())
		if err != nil {
			return err
		}
		if missing := perms &^ have; missing != 0 {
			return &MissingPermissionsError{Missing: missing}
		}
		return nil
	}
}

func botHasPermissions(perms int64, now func() time.Time) Check {
	return func(ctx context.Context, c *Context) error {
		if c.Origin.GuildID == "" {
			return GuildOnlyError()
		}
		have, err := c.BotPermissions(ctx, clock(now)())
		if err != nil {
			return err
		}
		if missing := perms &^ have; missing != 0 {
			return &BotMissingPermissionsError{Missing: missing}
		}
		return nil
	}
}

// Predicate returns a custom check named name: it passes when ok returns
// true and otherwise fails with a CheckError carrying reason.
func Predicate(name, reason string, ok func(ctx context.Context, c *Context) bool) Check {
	return func(ctx context.Context, c *Context) error {
		if ok(ctx, c) {
			return nil
		}
		return &CheckError{Check: name, Reason: reason}
	}
}

// Any returns a check that passes when one of checks passes (check_any);
// otherwise it returns the first check's error.
func Any(checks ...Check) Check {
	return func(ctx context.Context, c *Context) error {
		var first error
		for _, check := range checks {
			err := check(ctx, c)
			if err == nil {
				return nil
			}
			if first == nil {
				first = err
			}
		}
		return first
	}
}

func clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

// AuthorMember returns the invoker as a guild member, from the message when
// the gateway sent it, else from Discord.
func (c *Context) AuthorMember(ctx context.Context) (*discordgo.Member, error) {
	if m := c.Origin.Member; m != nil {
		cp := *m
		cp.User = c.Origin.Author
		cp.GuildID = c.Origin.GuildID
		return &cp, nil
	}
	if c.Origin.Author == nil {
		return nil, fmt.Errorf("author member: invocation has no author")
	}
	m, err := c.Discord.Member(ctx, c.Origin.GuildID, c.Origin.Author.ID)
	if err != nil {
		return nil, fmt.Errorf("author member: %w", err)
	}
	return m, nil
}

// AuthorPermissions returns the invoker's permissions in the channel: the
// ones Discord computed when the invocation carries them (interactions),
// else computed from the guild, channel and member.
func (c *Context) AuthorPermissions(ctx context.Context, now time.Time) (int64, error) {
	if p := c.Origin.AuthorPermissions; p != nil {
		return *p, nil
	}
	m, err := c.AuthorMember(ctx)
	if err != nil {
		return 0, err
	}
	return c.Permissions(ctx, m, now)
}

// BotPermissions returns the bot's permissions in the channel (Discord's
// app_permissions when the invocation carries them).
func (c *Context) BotPermissions(ctx context.Context, now time.Time) (int64, error) {
	if p := c.Origin.BotPermissions; p != nil {
		return *p, nil
	}
	m, err := c.Discord.Member(ctx, c.Origin.GuildID, c.Discord.BotUser().ID)
	if err != nil {
		return 0, fmt.Errorf("bot member: %w", err)
	}
	return c.Permissions(ctx, m, now)
}

// Permissions returns m's permissions in the invoking channel (for a
// thread, its parent's overwrites apply).
func (c *Context) Permissions(ctx context.Context, m *discordgo.Member, now time.Time) (int64, error) {
	g, err := c.Discord.Guild(ctx, c.Origin.GuildID)
	if err != nil {
		return 0, fmt.Errorf("permissions: guild: %w", err)
	}
	ch, err := c.permissionChannel(ctx)
	if err != nil {
		return 0, err
	}
	return ComputePermissions(g, ch, m, now), nil
}

func (c *Context) permissionChannel(ctx context.Context) (*discordgo.Channel, error) {
	ch, err := c.Discord.Channel(ctx, c.Origin.ChannelID)
	if err != nil {
		return nil, fmt.Errorf("permissions: channel: %w", err)
	}
	if ch.IsThread() && ch.ParentID != "" {
		parent, err := c.Discord.Channel(ctx, ch.ParentID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("permissions: thread parent: %w", err)
		}
		if parent != nil {
			return parent, nil
		}
	}
	return ch, nil
}
