package bot

import (
	"reflect"

	"github.com/bwmarrin/discordgo"
)

// deliveredEvents are the event types the bot hands to listeners: every
// gateway event discordgo v0.29.0 decodes (its eventhandlers.go; a test
// checks the list against that file), plus its connection events.
var deliveredEvents = eventTypes(
	(*discordgo.Connect)(nil),
	(*discordgo.Disconnect)(nil),
	(*discordgo.RateLimit)(nil),
	(*discordgo.ApplicationCommandPermissionsUpdate)(nil),
	(*discordgo.AutoModerationActionExecution)(nil),
	(*discordgo.AutoModerationRuleCreate)(nil),
	(*discordgo.AutoModerationRuleDelete)(nil),
	(*discordgo.AutoModerationRuleUpdate)(nil),
	(*discordgo.ChannelCreate)(nil),
	(*discordgo.ChannelDelete)(nil),
	(*discordgo.ChannelPinsUpdate)(nil),
	(*discordgo.ChannelUpdate)(nil),
	(*discordgo.EntitlementCreate)(nil),
	(*discordgo.EntitlementDelete)(nil),
	(*discordgo.EntitlementUpdate)(nil),
	(*discordgo.GuildAuditLogEntryCreate)(nil),
	(*discordgo.GuildBanAdd)(nil),
	(*discordgo.GuildBanRemove)(nil),
	(*discordgo.GuildCreate)(nil),
	(*discordgo.GuildDelete)(nil),
	(*discordgo.GuildEmojisUpdate)(nil),
	(*discordgo.GuildIntegrationsUpdate)(nil),
	(*discordgo.GuildMemberAdd)(nil),
	(*discordgo.GuildMemberRemove)(nil),
	(*discordgo.GuildMemberUpdate)(nil),
	(*discordgo.GuildMembersChunk)(nil),
	(*discordgo.GuildRoleCreate)(nil),
	(*discordgo.GuildRoleDelete)(nil),
	(*discordgo.GuildRoleUpdate)(nil),
	(*discordgo.GuildScheduledEventCreate)(nil),
	(*discordgo.GuildScheduledEventDelete)(nil),
	(*discordgo.GuildScheduledEventUpdate)(nil),
	(*discordgo.GuildScheduledEventUserAdd)(nil),
	(*discordgo.GuildScheduledEventUserRemove)(nil),
	(*discordgo.GuildStickersUpdate)(nil),
	(*discordgo.GuildUpdate)(nil),
	(*discordgo.IntegrationCreate)(nil),
	(*discordgo.IntegrationDelete)(nil),
	(*discordgo.IntegrationUpdate)(nil),
	(*discordgo.InteractionCreate)(nil),
	(*discordgo.InviteCreate)(nil),
	(*discordgo.InviteDelete)(nil),
	(*discordgo.MessageCreate)(nil),
	(*discordgo.MessageDelete)(nil),
	(*discordgo.MessageDeleteBulk)(nil),
	(*discordgo.MessagePollVoteAdd)(nil),
	(*discordgo.MessagePollVoteRemove)(nil),
	(*discordgo.MessageReactionAdd)(nil),
	(*discordgo.MessageReactionRemove)(nil),
	(*discordgo.MessageReactionRemoveAll)(nil),
	(*discordgo.MessageUpdate)(nil),
	(*discordgo.PresenceUpdate)(nil),
	(*discordgo.PresencesReplace)(nil),
	(*discordgo.Ready)(nil),
	(*discordgo.Resumed)(nil),
	(*discordgo.StageInstanceEventCreate)(nil),
	(*discordgo.StageInstanceEventDelete)(nil),
	(*discordgo.StageInstanceEventUpdate)(nil),
	(*discordgo.SubscriptionCreate)(nil),
	(*discordgo.SubscriptionDelete)(nil),
	(*discordgo.SubscriptionUpdate)(nil),
	(*discordgo.ThreadCreate)(nil),
	(*discordgo.ThreadDelete)(nil),
	(*discordgo.ThreadListSync)(nil),
	(*discordgo.ThreadMemberUpdate)(nil),
	(*discordgo.ThreadMembersUpdate)(nil),
	(*discordgo.ThreadUpdate)(nil),
	(*discordgo.TypingStart)(nil),
	(*discordgo.UserUpdate)(nil),
	(*discordgo.VoiceServerUpdate)(nil),
	(*discordgo.VoiceStateUpdate)(nil),
	(*discordgo.WebhooksUpdate)(nil),
)

func eventTypes(evs ...any) map[reflect.Type]bool {
	out := make(map[reflect.Type]bool, len(evs))
	for _, ev := range evs {
		out[reflect.TypeOf(ev)] = true
	}
	return out
}
