package moderation

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/command"
)

// welcomeDisabled is the WelcomeChannelID `config welcome off` stores:
// not a channel ID, so nothing is welcomed, not even in #welcome.
const welcomeDisabled = "off"

// welcomeChannelName is the channel welcomes go to when none is set.
const welcomeChannelName = "welcome"

// DefaultWelcome is the welcome template of a guild that has not set one.
const DefaultWelcome = "Welcome to {server}, {user}! You are member #{count}."

// welcomeColor is the colour of welcome embeds.
const welcomeColor = 0x2ecc71

// listeners are the cog's gateway listeners: the welcome on member join.
func (c *Cog) listeners() []bot.Listener {
	return []bot.Listener{bot.On(func(ctx context.Context, e *discordgo.GuildMemberAdd) error {
		s := c.svc.Load()
		if s == nil || e.Member == nil || e.Member.User == nil {
			return nil
		}
		return s.welcome(ctx, e.Member)
	})}
}

// welcome posts the welcome embed for m in the configured channel, else
// in #welcome, else nowhere.
func (s *service) welcome(ctx context.Context, m *discordgo.Member) error {
	set, err := s.settings(ctx, m.GuildID)
	if err != nil {
		return err
	}
	g, err := s.guild(ctx, m.GuildID)
	if err != nil {
		return fmt.Errorf("welcome: %w", err)
	}
	channelID := welcomeChannel(g, set)
	if channelID == "" {
		return nil
	}
	if strings.Contains(orDefaultWelcome(set.WelcomeMessage), "{count}") {
		g.MemberCount = s.memberCount(ctx, g.ID)
	}
	e := welcomeEmbed(set.WelcomeMessage, g, m.User)
	if _, err := s.discord.Send(ctx, channelID, &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{e}}); err != nil {
		return fmt.Errorf("welcome %s in %s: %w", m.User.ID, channelID, err)
	}
	return nil
}

// memberCount asks Discord for the guild's (approximate) member count; 0
// when it does not answer. The gateway state's count is no use: discordgo
// updates it without holding its lock.
func (s *service) memberCount(ctx context.Context, guildID string) int {
	g, err := s.rest.GuildWithCounts(guildID, discordgo.WithContext(ctx))
	if err != nil {
		s.log.Debug("welcome: no member count", "guild", guildID, "err", err)
		return 0
	}
	return g.ApproximateMemberCount
}

// orDefaultWelcome is the template, or DefaultWelcome when none is set.
func orDefaultWelcome(template string) string {
	if template == "" {
		return DefaultWelcome
	}
	return template
}

// welcomeChannel is where to welcome: the set channel, else the text
// channel named "welcome", else "" (also when welcomes are off).
func welcomeChannel(g *discordgo.Guild, set modstore.Settings) string {
	switch set.WelcomeChannelID {
	case welcomeDisabled:
		return ""
	case "":
		for _, ch := range g.Channels {
			if ch.Type == discordgo.ChannelTypeGuildText && strings.EqualFold(ch.Name, welcomeChannelName) {
				return ch.ID
			}
		}
		return ""
	}
	return set.WelcomeChannelID
}

// welcomeEmbed renders the welcome template for u joining g.
func welcomeEmbed(template string, g *discordgo.Guild, u *discordgo.User) *discordgo.MessageEmbed {
	return command.FitEmbed(&discordgo.MessageEmbed{
		Title:       "Welcome to " + bounded(g.Name, nameLimit) + "!",
		Description: renderWelcome(template, g, u),
		Color:       welcomeColor,
	})
}

// renderWelcome fills the template's placeholders: {user} is a mention
// (which shows the name and, in an embed, never pings), {name} the escaped
// username, {server} the escaped guild name and {count} the member count.
// The template's own text is the admin's and keeps its formatting.
func renderWelcome(template string, g *discordgo.Guild, u *discordgo.User) string {
	template = orDefaultWelcome(template)
	count := "?"
	if g.MemberCount > 0 {
		count = strconv.Itoa(g.MemberCount)
	}
	return strings.NewReplacer(
		"{user}", mention(u.ID), "{name}", bounded(u.Username, nameLimit),
		"{server}", bounded(g.Name, nameLimit), "{count}", count,
	).Replace(template)
}
