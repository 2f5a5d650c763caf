package moderation

import (
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// Limits of the command parameters.
const (
	maxPoints     = 100
	maxReason     = 1000
	maxPurge      = 1000
	maxDeleteDays = 7
	maxTimeout    = 28 * 24 * time.Hour
)

// Permission sets of the commands.
const (
	permModerate = discordgo.PermissionModerateMembers
	permKick     = discordgo.PermissionKickMembers
	permBan      = discordgo.PermissionBanMembers
	permMessages = discordgo.PermissionManageMessages
	permGuild    = discordgo.PermissionManageServer
	permEmbed    = discordgo.PermissionEmbedLinks
	permHistory  = discordgo.PermissionReadMessageHistory
)

// reasonParam is the optional free-text reason every action takes.
func reasonParam() command.Param {
	return command.String("reason", "why (shown in the modlog and the audit log)").Rest().MaxLen(maxReason).Optional("")
}

// Commands are the moderation commands.
func (c *Cog) Commands() []*command.Command {
	return slices.Concat(c.caseCommands(), c.actionCommands(), c.bulkCommands(), []*command.Command{c.configCommand()})
}

// caseCommands are the commands about warnings and cases.
func (c *Cog) caseCommands() []*command.Command {
	return []*command.Command{
		{Name: "warn", Description: "Warns a member, adding warning points; enough points escalate.",
			Examples: []string{"warn @alice spamming", "warn @alice 3 slurs"}, GuildOnly: true, Permissions: permModerate,
			Params: []command.Param{command.Member("member", "who to warn"),
				command.Int("points", "warning points").Optional(1).Min(1).Max(maxPoints), reasonParam()},
			Run: c.run(warn)},
		{Name: "warnings", Description: "Lists a member's warnings and active points (your own without a member).",
			Examples: []string{"warnings", "warnings @alice 2"}, GuildOnly: true, BotPermissions: permEmbed,
			Params: []command.Param{command.User("member", "whose warnings").Optional(nil),
				command.Int("page", "page number").Optional(1).Min(1)},
			Run: c.run(warnings)},
		{Name: "unwarn", Aliases: []string{"delwarn"}, Description: "Revokes a warning, given its case number.",
			Examples: []string{"unwarn 12"}, GuildOnly: true, Permissions: permModerate,
			Params: []command.Param{command.Int("case", "the warning's case number").Min(1).Complete(c.completeWarning), reasonParam()},
			Run:    c.run(unwarn)},
		{Name: "case", Description: "Shows a moderation case.", Examples: []string{"case 12", "case #12"},
			GuildOnly: true, Permissions: permModerate, BotPermissions: permEmbed,
			Params: []command.Param{caseNumberParam("number", "case number (12 or #12)").Complete(c.completeCase)}, Run: c.run(showCase)},
		{Name: "reason", Description: "Changes the reason of a case (yours, or any with Manage Server).",
			Examples: []string{"reason 12 spamming invite links"}, GuildOnly: true, Permissions: permModerate,
			Params: []command.Param{caseNumberParam("case", "case number (12 or #12)").Complete(c.completeCase),
				command.String("text", "the new reason").Rest().MaxLen(maxReason)},
			Run: c.run(editReason)},
		{Name: "modlog", Description: "Shows or sets the channel cases are posted to.",
			Examples: []string{"modlog", "modlog #modlog", "modlog off"}, GuildOnly: true, Permissions: permGuild,
			Params: []command.Param{command.TextChannel("channel", "the modlog channel").Optional(nil)},
			Run:    c.run(setModlog),
			Subcommands: []*command.Command{{Name: "off", Description: "Stops posting cases.", GuildOnly: true,
				Permissions: permGuild, Run: c.run(modlogOff)}}},
	}
}

// actionCommands are the sanctions and purge.
func (c *Cog) actionCommands() []*command.Command {
	return []*command.Command{
		{Name: "kick", Description: "Kicks a member.", Examples: []string{"kick @alice raiding"},
			GuildOnly: true, Permissions: permKick, BotPermissions: permKick,
			Params: []command.Param{command.Member("member", "who to kick"), reasonParam()}, Run: c.run(kick)},
		{Name: "ban", Description: "Bans a user, also by ID when not in the server; a duration makes it temporary.",
			Examples:  []string{"ban @alice spam bot", "ban @alice 1h30m cool off", "ban 123456789012345678 7d days:1 raid"},
			GuildOnly: true, Permissions: permBan, BotPermissions: permBan,
			Params: []command.Param{command.User("user", "who to ban"), banDurationParam(), deleteDaysParam(), reasonParam()},
			Run:    c.run(ban)},
		{Name: "tempban", Description: "Bans a user for a while; the ban is lifted when the duration ends.",
			Examples:  []string{"tempban @alice 1d spam", "tempban @alice 2h days:1 raid"},
			GuildOnly: true, Permissions: permBan, BotPermissions: permBan,
			Params: []command.Param{command.User("user", "who to ban"), tempbanDurationParam(), deleteDaysParam(), reasonParam()},
			Run:    c.run(tempban)},
		{Name: "unban", Description: "Lifts a ban (found by ID or name in the ban list) and cancels its scheduled end.",
			Examples:  []string{"unban 123456789012345678", "unban bob appeal accepted"},
			GuildOnly: true, Permissions: permBan, BotPermissions: permBan,
			Params: []command.Param{unbanUserParam(), reasonParam()}, Run: c.run(unban)},
		{Name: "timeout", Aliases: []string{"mute"}, Description: "Times a member out (up to 28 days).",
			Examples: []string{"timeout @alice 1h cool down"}, GuildOnly: true, Permissions: permModerate, BotPermissions: permModerate,
			Params: []command.Param{command.Member("member", "who to time out"),
				timeoutDurationParam(), reasonParam()},
			Run: c.run(timeout)},
		{Name: "untimeout", Description: "Ends a member's timeout.", Examples: []string{"untimeout @alice"},
			GuildOnly: true, Permissions: permModerate, BotPermissions: permModerate,
			Params: []command.Param{command.Member("member", "whose timeout to end"), reasonParam()}, Run: c.run(untimeout)},
		{Name: "purge", Description: "Deletes recent messages here (of one member if given), after a preview you confirm.",
			Examples: []string{"purge 50", "purge 20 @alice"}, GuildOnly: true, Permissions: permMessages,
			BotPermissions: permMessages | permHistory, Timeout: 2 * time.Minute,
			Params: []command.Param{command.Int("count", "how many messages to look at").Min(1).Max(maxPurge),
				command.Member("member", "only this member's messages").Optional(nil)},
			Run: c.run(purge)},
	}
}
