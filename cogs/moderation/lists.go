package moderation

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/command"
)

// warnColor is the colour of warning embeds.
const warnColor = 0xf1c40f

// listReasonLimit bounds a reason in the warnings list.
const listReasonLimit = 300

// embed renders the page (clamped to the last one).
func (l warnList) embed() *discordgo.MessageEmbed {
	pages := max(1, (len(l.warns)+warningsPerPage-1)/warningsPerPage)
	page := min(max(l.page, 1), pages)
	e := &discordgo.MessageEmbed{Title: "Warnings of " + bounded(l.user.Username, nameLimit), Color: warnColor,
		Description: l.summary()}
	for _, c := range l.warns[(page-1)*warningsPerPage : min(page*warningsPerPage, len(l.warns))] {
		e.Fields = append(e.Fields, l.field(c))
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · %s", page, pages, plural(len(l.warns), "warning"))}
	return command.FitEmbed(e)
}

// summary is the active total and the decay rule.
func (l warnList) summary() string {
	if len(l.warns) == 0 {
		return "No warnings."
	}
	text := "**" + plural(l.active, "active point") + "**. "
	if l.decayDays > 0 {
		return text + "Warnings count for " + plural(l.decayDays, "day") + "."
	}
	return text + "Warnings never expire."
}

// field renders one warning: number, points and state, then date,
// moderator and reason.
func (l warnList) field(c modstore.Case) *discordgo.MessageEmbedField {
	name := fmt.Sprintf("#%d · %s · %s", c.Number, plural(c.Points, "point"), l.state(c))
	value := "<t:" + strconv.FormatInt(c.CreatedAt.Unix(), 10) + ":d> by " + mention(c.ModeratorID) + "\n" +
		reasonText(command.Truncate(c.Reason, listReasonLimit))
	return &discordgo.MessageEmbedField{Name: name, Value: value}
}

// state is "revoked", "expired" (older than the decay) or "active".
func (l warnList) state(c modstore.Case) string {
	switch {
	case c.Revoked():
		return "revoked"
	case l.decayDays > 0 && !c.CreatedAt.After(l.now.AddDate(0, 0, -l.decayDays)):
		return "expired"
	}
	return "active"
}

// settingsColor is the colour of the settings embed.
const settingsColor = 0x5865f2

// settingsEmbed renders `config show`; prefix is the prefix in effect.
func settingsEmbed(set modstore.Settings, prefix string) *discordgo.MessageEmbed {
	return command.FitEmbed(&discordgo.MessageEmbed{Title: "Moderation settings", Color: settingsColor, Fields: []*discordgo.MessageEmbedField{
		inline("Prefix", "`"+prefix+"`"+orDefault(set.Prefix == "", " (default)")),
		inline("Modlog", channelOr(set.ModlogChannelID, "off")),
		inline("Warnings count for", decayText(set.WarnDecayDays)),
		inline("Welcome channel", welcomeChannelText(set.WelcomeChannelID)),
		inline("Unknown commands", unknownPolicyText(set.UnknownCommands)),
		{Name: "Welcome message", Value: welcomeTemplateText(set.WelcomeMessage)},
		{Name: "Escalation", Value: policyText(set.Escalation)},
	}})
}

// unknownPolicyText names the stored unknown-command policy.
func unknownPolicyText(stored string) string {
	p, _ := bot.ParseUnknownPolicy(stored)
	return string(p) + orDefault(stored == "", " (default)")
}

// orDefault returns s when cond holds, else "".
func orDefault(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

// channelOr is a channel mention, or fallback without a channel.
func channelOr(id, fallback string) string {
	if id == "" {
		return fallback
	}
	return channelMention(id)
}

// welcomeChannelText describes the welcome channel setting.
func welcomeChannelText(id string) string {
	if id == welcomeDisabled {
		return "off"
	}
	return channelOr(id, "#"+welcomeChannelName+" if there is one")
}

// welcomeTemplateText shows the template as typed, in a code block.
func welcomeTemplateText(t string) string {
	if t == "" {
		t = DefaultWelcome + " (default)"
	}
	return "```\n" + strings.ReplaceAll(command.Truncate(t, maxWelcomeLen), "```", "`\u200b``") + "\n```"
}

// decayText describes the warning decay.
func decayText(days int) string {
	if days == 0 {
		return "forever"
	}
	return plural(days, "day")
}

// policyText lists the escalation steps, lowest threshold first.
func policyText(p modstore.EscalationPolicy) string {
	if len(p) == 0 {
		return "Warnings never escalate."
	}
	steps := slices.SortedFunc(slices.Values(p), func(a, b modstore.EscalationStep) int { return a.Points - b.Points })
	lines := make([]string, len(steps))
	for i, st := range steps {
		lines[i] = plural(st.Points, "point") + " → " + stepText(st)
	}
	return strings.Join(lines, "\n")
}
