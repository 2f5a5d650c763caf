package moderation

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// parties are who takes part in an action: the guild, the moderator, the
// bot and the target (Member nil when the target is not in the guild).
type parties struct {
	guild     *discordgo.Guild
	moderator *discordgo.Member
	bot       *discordgo.Member
	target    *discordgo.User
	member    *discordgo.Member
}

// checkParties refuses an action the safety rules forbid, with a sentence
// for the moderator; nil allows it. The rules, in order: not against
// oneself, the bot or the guild owner; for a target in the guild, the
// moderator's highest role above the target's (the owner is exempt) and
// the bot's too.
func checkParties(p parties) error {
	switch name := command.Escape(p.target.Username); {
	case p.target.ID == p.moderator.User.ID:
		return &command.UserError{Msg: "You can't do that to yourself."}
	case p.target.ID == p.bot.User.ID:
		return &command.UserError{Msg: "I won't do that to myself."}
	case p.target.ID == p.guild.OwnerID:
		return &command.UserError{Msg: "The server owner can't be moderated."}
	case p.member == nil:
		return nil
	case !outranks(p.guild, p.moderator, p.member):
		return &command.UserError{Msg: fmt.Sprintf("You can't moderate %s: their highest role is not below yours.", name)}
	case !outranks(p.guild, p.bot, p.member):
		return &command.UserError{Msg: fmt.Sprintf("I can't moderate %s: their highest role is not below mine. Move my role above theirs.", name)}
	}
	return nil
}

// outranks reports whether a may act on b: a owns the guild, or a's
// highest role is strictly above b's.
func outranks(g *discordgo.Guild, a, b *discordgo.Member) bool {
	return a.User.ID == g.OwnerID || highestPosition(g, a) > highestPosition(g, b)
}

// highestPosition is the position of m's highest role in g (0 when m has
// only @everyone).
func highestPosition(g *discordgo.Guild, m *discordgo.Member) int {
	top := 0
	for _, r := range g.Roles {
		if r.Position > top && hasRole(m, r.ID) {
			top = r.Position
		}
	}
	return top
}

// hasRole reports whether m has the role.
func hasRole(m *discordgo.Member, roleID string) bool {
	for _, id := range m.Roles {
		if id == roleID {
			return true
		}
	}
	return false
}

// isAdmin reports whether m has Administrator (or owns the guild).
func isAdmin(g *discordgo.Guild, m *discordgo.Member) bool {
	return command.ComputePermissions(g, nil, m, time.Time{})&discordgo.PermissionAdministrator != 0
}

// resolve gathers the parties of an action against user; member is the
// target's membership when the caller already has it, nil to look it up.
func (s *service) resolve(ctx context.Context, cx *command.Context, user *discordgo.User, member *discordgo.Member) (parties, error) {
	p := parties{target: user, member: member}
	var err error
	if p.guild, err = s.guild(ctx, cx.GuildID()); err != nil {
		return p, err
	}
	if p.moderator, err = cx.AuthorMember(ctx); err != nil {
		return p, err
	}
	if p.bot, err = s.botMember(ctx, cx.GuildID()); err != nil {
		return p, err
	}
	if p.member == nil {
		p.member, err = s.memberOrNil(ctx, cx.GuildID(), user.ID)
	}
	return p, err
}

// authorize resolves the parties and applies the safety rules.
func (s *service) authorize(ctx context.Context, cx *command.Context, user *discordgo.User, member *discordgo.Member) (parties, error) {
	p, err := s.resolve(ctx, cx, user, member)
	if err != nil {
		return p, err
	}
	return p, checkParties(p)
}

// botMember is the bot's own membership in the guild.
func (s *service) botMember(ctx context.Context, guildID string) (*discordgo.Member, error) {
	m, err := s.member(ctx, guildID, s.me().ID)
	if err != nil {
		return nil, fmt.Errorf("bot member: %w", err)
	}
	return m, nil
}

// actorIsTarget refuses an action on case c by the user actorID when they
// are its target: nobody revokes, edits the reason of, or otherwise acts on
// a case about themselves. It returns nil when actorID may act.
func actorIsTarget(c modstore.Case, actorID string) error {
	if c.TargetID == "" || c.TargetID != actorID {
		return nil
	}
	return &command.UserError{Msg: fmt.Sprintf("Case #%d is about you: you can't act on your own cases.", c.Number)}
}
