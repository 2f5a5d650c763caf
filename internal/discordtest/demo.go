package discordtest

import "github.com/bwmarrin/discordgo"

// Demo holds the IDs of the world SeedDemo builds.
type Demo struct {
	Guild, General, Welcome, Modlog string
	Owner, Moderator, Alice, Bob    string
	ModRole, MemberRole, BotRole    string
}

// ModeratorPermissions are the permissions of the demo "Moderator" role.
const ModeratorPermissions int64 = discordgo.PermissionKickMembers | discordgo.PermissionBanMembers |
	discordgo.PermissionModerateMembers | discordgo.PermissionManageMessages | discordgo.PermissionViewAuditLogs

// SeedDemo builds the demo world: guild "Demo Server" owned by user "you" (the application
// owner), "mod" with the Moderator role (kick, ban, moderate members, manage messages),
// "alice" and "bob" with the Member role, channels #general, #welcome and #modlog (hidden
// from @everyone, visible to moderators and the bot), and the bot's role above Moderator.
func (s *Server) SeedDemo() Demo {
	var d Demo
	d.Owner = s.AddUser(User{ID: s.opts.OwnerID, Username: "you", GlobalName: "You"})
	d.Moderator = s.AddUser(User{Username: "mod", GlobalName: "Moderator Mo"})
	d.Alice = s.AddUser(User{Username: "alice", GlobalName: "Alice"})
	d.Bob = s.AddUser(User{Username: "bob", GlobalName: "Bob"})
	d.Guild = s.AddGuild(Guild{Name: "Demo Server", OwnerID: d.Owner})
	d.MemberRole = s.AddRole(d.Guild, Role{Name: "Member", Position: 1, Color: 0x3498db})
	d.ModRole = s.AddRole(d.Guild, Role{Name: "Moderator", Position: 2, Color: 0xe67e22, Hoist: true, Permissions: ModeratorPermissions})
	d.BotRole = s.BotRole(d.Guild)
	s.AddRole(d.Guild, Role{ID: d.BotRole, Name: s.opts.BotName, Position: 3, Permissions: DefaultBotPermissions})
	s.AddMember(d.Guild, d.Moderator, []string{d.ModRole, d.MemberRole}, "")
	s.AddMember(d.Guild, d.Alice, []string{d.MemberRole}, "")
	s.AddMember(d.Guild, d.Bob, []string{d.MemberRole}, "")
	d.General = s.AddChannel(d.Guild, Channel{Name: "general", Topic: "Say hi! Try !help"})
	d.Welcome = s.AddChannel(d.Guild, Channel{Name: "welcome", Topic: "New members are greeted here"})
	d.Modlog = s.AddChannel(d.Guild, Channel{Name: "modlog", Topic: "Moderation cases", Overwrites: modlogOverwrites(d)})
	return d
}

// modlogOverwrites hides #modlog from @everyone and shows it to moderators and the bot.
func modlogOverwrites(d Demo) []*discordgo.PermissionOverwrite {
	role := discordgo.PermissionOverwriteTypeRole
	return []*discordgo.PermissionOverwrite{
		{ID: d.Guild, Type: role, Deny: discordgo.PermissionViewChannel},
		{ID: d.ModRole, Type: role, Allow: discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory},
		{ID: d.BotRole, Type: role, Allow: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks},
	}
}
