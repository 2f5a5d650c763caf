package utility

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// serverinfo declares serverinfo.
func (c *Cog) serverinfo() *command.Command {
	return &command.Command{
		Name:        "serverinfo",
		Aliases:     []string{"guildinfo", "si"},
		Description: "Shows the server's owner, members, channels, roles and age.",
		Examples:    []string{"serverinfo"},
		GuildOnly:   true,
		Run:         c.runServerinfo,
	}
}

// runServerinfo describes the server the command was used in.
func (c *Cog) runServerinfo(ctx context.Context, cx *command.Context) error {
	g, err := c.discord.Guild(ctx, cx.GuildID())
	if err != nil {
		return fmt.Errorf("serverinfo: %w", err)
	}
	return cx.ReplyEmbed(ctx, serverEmbed(g))
}

// serverEmbed describes g.
func serverEmbed(g *discordgo.Guild) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title: command.Escape(g.Name),
		Fields: []*discordgo.MessageEmbedField{
			inline("Owner", ownerMention(g.OwnerID)),
			inline("Members", memberCount(g)),
			inline("Channels", channelCounts(g.Channels)),
			inline("Roles", strconv.Itoa(roleCount(g))),
			inline("Boosts", fmt.Sprintf("Level %d · %d boosts", g.PremiumTier, g.PremiumSubscriptionCount)),
			inline("Created", snowflakeTime(g.ID)),
			inline("ID", g.ID),
		},
	}
	if g.Icon != "" {
		e.Thumbnail = &discordgo.MessageEmbedThumbnail{URL: g.IconURL("256")}
	}
	return command.FitEmbed(e)
}

// ownerMention mentions the owner (mentions in embeds never ping).
func ownerMention(id string) string {
	if id == "" {
		return "Unknown"
	}
	return "<@" + id + ">"
}

// memberCount is the member count Discord reported, exact or approximate.
func memberCount(g *discordgo.Guild) string {
	switch {
	case g.MemberCount > 0:
		return group(strconv.Itoa(g.MemberCount))
	case g.ApproximateMemberCount > 0:
		return "about " + group(strconv.Itoa(g.ApproximateMemberCount))
	}
	return "Unknown"
}

// roleCount counts the roles other than @everyone (whose ID is the guild's).
func roleCount(g *discordgo.Guild) int {
	n := 0
	for _, r := range g.Roles {
		if r.ID != g.ID {
			n++
		}
	}
	return n
}

// channelCounts counts channels by kind: "3 text · 1 voice · 2 categories".
func channelCounts(chs []*discordgo.Channel) string {
	counts := map[string]int{}
	for _, ch := range chs {
		counts[channelKind(ch.Type)]++
	}
	var parts []string
	for _, kind := range []string{"text", "voice", "category", "other"} {
		if n := counts[kind]; n > 0 {
			parts = append(parts, countOf(n, kind))
		}
	}
	if len(parts) == 0 {
		return "None"
	}
	return strings.Join(parts, " · ")
}

// channelKind sorts channel types into text, voice, category and other.
func channelKind(t discordgo.ChannelType) string {
	switch t {
	case discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews, discordgo.ChannelTypeGuildForum, discordgo.ChannelTypeGuildMedia:
		return "text"
	case discordgo.ChannelTypeGuildVoice, discordgo.ChannelTypeGuildStageVoice:
		return "voice"
	case discordgo.ChannelTypeGuildCategory:
		return "category"
	}
	return "other"
}

// countOf renders "1 category", "2 categories", "3 text".
func countOf(n int, kind string) string {
	if n > 1 && kind == "category" {
		kind = "categories"
	}
	return fmt.Sprintf("%d %s", n, kind)
}
