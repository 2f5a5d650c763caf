package moderation

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// Limits of the context-menu answers.
const (
	// menuRecentCases is how many of the target's cases "Warnings" lists.
	menuRecentCases = 5
	// reportContentLimit bounds the reported message's text in the modlog.
	reportContentLimit = 1500
	// reportColor is the colour of report embeds.
	reportColor = 0xe91e63
)

// Menus are the moderation cog's context-menu commands: "Warnings" on a
// user (moderators) and "Report to moderators" on a message (everyone).
func (c *Cog) Menus() []command.ContextMenu {
	return []command.ContextMenu{
		{Name: "Warnings", Type: command.UserMenu, GuildOnly: true, Permissions: permModerate, Run: c.run(warningsMenu)},
		{Name: "Report to moderators", Type: command.MessageMenu, GuildOnly: true, Run: c.run(reportMessage)},
	}
}

// warningsMenu answers "Warnings" on a user, privately: their active
// warnings and points, and their most recent cases of any kind.
func warningsMenu(ctx context.Context, s *service, cx *command.Context) error {
	u := command.TargetUser(cx)
	if u == nil {
		return command.Errorf("I couldn't tell whose warnings to show.")
	}
	all, err := s.warnListOf(ctx, cx.GuildID(), u)
	if err != nil {
		return err
	}
	recent, _, err := s.store.CasesForTarget(ctx, cx.GuildID(), u.ID, 1, menuRecentCases)
	if err != nil {
		return fmt.Errorf("recent cases: %w", err)
	}
	l := all
	l.warns = nil
	for _, w := range all.warns {
		if l.state(w) == "active" {
			l.warns = append(l.warns, w)
		}
	}
	e := l.embed()
	e.Title = "Active warnings of " + bounded(u.Username, nameLimit)
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Recent cases", Value: recentCasesText(recent)})
	_, err = cx.Responder.Respond(ctx, &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{command.FitEmbed(e)}}, true)
	return err
}

// recentCasesText lists cases one a line: "#12 · Ban · <date> — reason".
func recentCasesText(cases []modstore.Case) string {
	if len(cases) == 0 {
		return "No cases."
	}
	lines := make([]string, len(cases))
	for i, k := range cases {
		line := fmt.Sprintf("#%d · %s · <t:%s:d>", k.Number, describeAction(k.Action).label, strconv.FormatInt(k.CreatedAt.Unix(), 10))
		if k.Revoked() {
			line += " · revoked"
		}
		if k.Reason != "" {
			line += " — " + bounded(k.Reason, 120)
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// reportMessage answers "Report to moderators" on a message: it posts the
// message's link, author and content to the modlog and tells the reporter
// privately that it did.
func reportMessage(ctx context.Context, s *service, cx *command.Context) error {
	m := command.TargetMessage(cx)
	if m == nil {
		return command.Errorf("I couldn't tell which message to report.")
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	if set.ModlogChannelID == "" {
		return command.Errorf("This server has no modlog channel, so I have nowhere to send reports. A moderator can set one with `/modlog`.")
	}
	if _, err := s.discord.Send(ctx, set.ModlogChannelID, &discordgo.MessageSend{
		Embeds: []*discordgo.MessageEmbed{reportEmbed(cx.GuildID(), cx.ChannelID(), m, cx.Author())},
	}); err != nil {
		s.log.Warn("could not post a report to the modlog", "guild", cx.GuildID(), "channel", set.ModlogChannelID, "err", err)
		return command.Errorf("I couldn't post the report to the modlog. Please tell a moderator directly.")
	}
	return cx.ReplyPrivate(ctx, "Reported to the moderators.")
}

// reportEmbed shows a reported message in the modlog: its link, author,
// channel and content, and who reported it.
func reportEmbed(guildID, channelID string, m *discordgo.Message, reporter *discordgo.User) *discordgo.MessageEmbed {
	if m.ChannelID != "" {
		channelID = m.ChannelID
	}
	link := "https://discord.com/channels/" + guildID + "/" + channelID + "/" + m.ID
	content := "*(no text)*"
	if strings.TrimSpace(m.Content) != "" {
		content = bounded(m.Content, reportContentLimit)
	}
	var authorID string
	if m.Author != nil {
		authorID = m.Author.ID
	}
	return command.FitEmbed(&discordgo.MessageEmbed{
		Title: "Message reported", Color: reportColor, URL: link,
		Description: content,
		Fields: []*discordgo.MessageEmbedField{
			inline("Author", userLabel(m.Author, authorID)),
			inline("Channel", channelMention(channelID)),
			inline("Reported by", userLabel(reporter, reporter.ID)),
			{Name: "Link", Value: "[Jump to the message](" + link + ")"},
		},
	})
}
