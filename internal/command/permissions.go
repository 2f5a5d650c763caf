package command

import (
	"math"
	"math/bits"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// AllPermissions is what ComputePermissions returns for the guild owner and
// administrators: every bit, including ones Discord adds later.
const AllPermissions int64 = math.MaxInt64

// permissionNames are Discord's user-facing permission names by bit.
func permissionName(bit int) string {
	switch bit {
	case 0:
		return "Create Invite"
	case 1:
		return "Kick Members"
	case 2:
		return "Ban Members"
	case 3:
		return "Administrator"
	case 4:
		return "Manage Channels"
	case 5:
		return "Manage Server"
	case 6:
		return "Add Reactions"
	case 7:
		return "View Audit Log"
	case 8:
		return "Priority Speaker"
	case 9:
		return "Video"
	case 10:
		return "View Channels"
	case 11:
		return "Send Messages"
	case 12:
		return "Send Text-to-Speech Messages"
	case 13:
		return "Manage Messages"
	case 14:
		return "Embed Links"
	case 15:
		return "Attach Files"
	case 16:
		return "Read Message History"
	case 17:
		return "Mention Everyone"
	case 18:
		return "Use External Emojis"
	case 19:
		return "View Server Insights"
	}
	return permissionName2(bit)
}

func permissionName2(bit int) string {
	switch bit {
	case 20:
		return "Connect"
	case 21:
		return "Speak"
	case 22:
		return "Mute Members"
	case 23:
		return "Deafen Members"
	case 24:
		return "Move Members"
	case 25:
		return "Use Voice Activity"
	case 26:
		return "Change Nickname"
	case 27:
		return "Manage Nicknames"
	case 28:
		return "Manage Roles"
	case 29:
		return "Manage Webhooks"
	case 30:
		return "Manage Expressions"
	case 31:
		return "Use Application Commands"
	case 32:
		return "Request to Speak"
	case 33:
		return "Manage Events"
	case 34:
		return "Manage Threads"
	case 35:
		return "Create Public Threads"
	case 36:
		return "Create Private Threads"
	case 37:
		return "Use External Stickers"
	case 38:
		return "Send Messages in Threads"
	case 39:
		return "Use Activities"
	}
	return permissionName3(bit)
}

func permissionName3(bit int) string {
	switch bit {
	case 40:
		return "Timeout Members"
	case 41:
		return "View Creator Monetization Analytics"
	case 42:
		return "Use Soundboard"
	case 43:
		return "Create Expressions"
	case 44:
		return "Create Events"
	case 45:
		return "Use External Sounds"
	case 46:
		return "Send Voice Messages"
	case 49:
		return "Create Polls"
	case 50:
		return "Use External Apps"
	}
	return "Permission " + strconv.Itoa(bit)
}

// PermissionNames lists the permissions in perms in words, lowest bit
// first, e.g. ["Ban Members", "Manage Messages"]. AllPermissions is
// ["All Permissions"].
func PermissionNames(perms int64) []string {
	if perms == AllPermissions {
		return []string{"All Permissions"}
	}
	names := make([]string, 0, bits.OnesCount64(uint64(perms)))
	for p := uint64(perms); p != 0; p &= p - 1 {
		names = append(names, permissionName(bits.TrailingZeros64(p)))
	}
	return names
}

// timedOutPermissions are what a member under an active timeout keeps.
const timedOutPermissions = discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory

// ComputePermissions returns m's permissions in channel ch of guild g as
// Discord computes them. The guild owner and members with Administrator get
// AllPermissions. Otherwise the base is @everyone's permissions OR'd with
// each of m's roles'; in a channel the overwrites apply in order: @everyone's
// deny then allow, the member's roles' denies then allows (combined), the
// member's own deny then allow. Without View Channels in ch nothing is left.
// A member timed out beyond now keeps only View Channels and Read Message
// History. ch may be nil for guild-wide permissions; for a thread, pass its
// parent channel.
func ComputePermissions(g *discordgo.Guild, ch *discordgo.Channel, m *discordgo.Member, now time.Time) int64 {
	if g == nil || m == nil || m.User == nil {
		return 0
	}
	if g.OwnerID == m.User.ID {
		return AllPermissions
	}
	perms := basePermissions(g, m)
	if perms&discordgo.PermissionAdministrator != 0 {
		return AllPermissions
	}
	if ch != nil {
		perms = applyOverwrites(perms, g.ID, ch.PermissionOverwrites, m)
		if perms&discordgo.PermissionViewChannel == 0 {
			return 0
		}
	}
	if m.CommunicationDisabledUntil != nil && m.CommunicationDisabledUntil.After(now) {
		perms &= timedOutPermissions
	}
	return perms
}

func basePermissions(g *discordgo.Guild, m *discordgo.Member) int64 {
	var perms int64
	for _, r := range g.Roles {
		if r.ID == g.ID || hasRole(m, r.ID) {
			perms |= r.Permissions
		}
	}
	return perms
}

func hasRole(m *discordgo.Member, roleID string) bool {
	for _, id := range m.Roles {
		if id == roleID {
			return true
		}
	}
	return false
}

func applyOverwrites(perms int64, guildID string, ows []*discordgo.PermissionOverwrite, m *discordgo.Member) int64 {
	var everyone, member *discordgo.PermissionOverwrite
	var roleAllow, roleDeny int64
	for _, o := range ows {
		switch {
		case o.Type == discordgo.PermissionOverwriteTypeRole && o.ID == guildID:
			everyone = o
		case o.Type == discordgo.PermissionOverwriteTypeRole && hasRole(m, o.ID):
			roleAllow |= o.Allow
			roleDeny |= o.Deny
		case o.Type == discordgo.PermissionOverwriteTypeMember && o.ID == m.User.ID:
			member = o
		}
	}
	if everyone != nil {
		perms = perms&^everyone.Deny | everyone.Allow
	}
	perms = perms&^roleDeny | roleAllow
	if member != nil {
		perms = perms&^member.Deny | member.Allow
	}
	return perms
}
