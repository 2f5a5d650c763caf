package discordtest

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// allPermissions is every permission bit Discord defines.
const allPermissions int64 = 1<<51 - 1

// DefaultEveryonePermissions are the @everyone permissions of a new guild: view, send,
// read history, embed, attach, react, external emojis/stickers, threads, invites, nickname,
// application commands and voice basics (no @everyone mentions, no moderation).
const DefaultEveryonePermissions int64 = discordgo.PermissionCreateInstantInvite |
	discordgo.PermissionChangeNickname | discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages | discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionCreatePublicThreads | discordgo.PermissionCreatePrivateThreads |
	discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles |
	discordgo.PermissionAddReactions | discordgo.PermissionUseExternalEmojis |
	discordgo.PermissionUseExternalStickers | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionUseApplicationCommands | discordgo.PermissionVoiceConnect |
	discordgo.PermissionVoiceSpeak | discordgo.PermissionVoiceUseVAD | discordgo.PermissionVoiceStreamVideo

// DefaultBotPermissions are the permissions of the bot's managed role in every guild.
const DefaultBotPermissions int64 = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionKickMembers | discordgo.PermissionBanMembers |
	discordgo.PermissionModerateMembers | discordgo.PermissionManageMessages |
	discordgo.PermissionAddReactions | discordgo.PermissionAttachFiles

// timedOutPermissions are what a timed-out member keeps.
const timedOutPermissions int64 = discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory

// basePermissionsLocked computes a member's guild-level permissions the way Discord does.
func (s *Server) basePermissionsLocked(g *guild, m *member) int64 {
	if m.userID == g.OwnerID {
		return allPermissions
	}
	perms := g.roles[g.ID].Permissions
	for _, id := range m.roles {
		if r, ok := g.roles[id]; ok {
			perms |= r.Permissions
		}
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return allPermissions
	}
	if m.timeout.After(time.Now()) {
		perms &= timedOutPermissions
	}
	return perms
}

// channelPermissionsLocked applies c's overwrites to the member's base permissions:
// @everyone, then the member's roles combined, then the member.
func (s *Server) channelPermissionsLocked(g *guild, c *channel, m *member) int64 {
	perms := s.basePermissionsLocked(g, m)
	if perms == allPermissions {
		return perms
	}
	var roleAllow, roleDeny int64
	var member *discordgo.PermissionOverwrite
	for _, o := range c.Overwrites {
		switch {
		case o.ID == g.ID:
			perms = perms&^o.Deny | o.Allow
		case o.Type == discordgo.PermissionOverwriteTypeMember && o.ID == m.userID:
			member = o
		case o.Type == discordgo.PermissionOverwriteTypeRole && hasRole(m, o.ID):
			roleAllow, roleDeny = roleAllow|o.Allow, roleDeny|o.Deny
		}
	}
	perms = perms&^roleDeny | roleAllow
	if member != nil {
		perms = perms&^member.Deny | member.Allow
	}
	if perms&discordgo.PermissionViewChannel == 0 {
		return 0
	}
	return perms
}

// hasRole reports whether m has role id.
func hasRole(m *member, id string) bool {
	for _, r := range m.roles {
		if r == id {
			return true
		}
	}
	return false
}

// botChannelPermsLocked returns the bot's permissions in a guild channel.
func (s *Server) botChannelPermsLocked(c *channel) int64 {
	g := s.w.guilds[c.guildID]
	if g == nil {
		return 0
	}
	m := g.members[s.opts.BotID]
	if m == nil {
		return 0
	}
	return s.channelPermissionsLocked(g, c, m)
}

// botGuildPermsLocked returns the bot's guild-level permissions.
func (s *Server) botGuildPermsLocked(g *guild) int64 {
	m := g.members[s.opts.BotID]
	if m == nil {
		return 0
	}
	return s.basePermissionsLocked(g, m)
}

// botOutranksLocked reports whether the bot may act on target under Discord's role
// hierarchy: never on the owner, only on members whose highest role is below its own.
func (s *Server) botOutranksLocked(g *guild, target *member) bool {
	if g.OwnerID == s.opts.BotID {
		return true
	}
	if target.userID == g.OwnerID {
		return false
	}
	bot := g.members[s.opts.BotID]
	return bot != nil && g.highestPosition(bot) > g.highestPosition(target)
}

// Permissions returns userID's effective permissions in channelID (guild channels only),
// computed like Discord; 0 when the user or channel is unknown.
func (s *Server) Permissions(channelID, userID string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.channels[channelID]
	if c == nil || c.guildID == "" {
		return 0
	}
	g := s.w.guilds[c.guildID]
	m := g.members[userID]
	if m == nil {
		return 0
	}
	return s.channelPermissionsLocked(g, c, m)
}
