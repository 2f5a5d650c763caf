package command

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	gid     = "1"
	ownerID = "10"
	userID  = "11"
	modRole = "20"
	vipRole = "21"
	admRole = "22"
	view    = discordgo.PermissionViewChannel
	send    = discordgo.PermissionSendMessages
	history = discordgo.PermissionReadMessageHistory
	manage  = discordgo.PermissionManageMessages
	ban     = discordgo.PermissionBanMembers
	react   = discordgo.PermissionAddReactions
)

func permGuild() *discordgo.Guild {
	return &discordgo.Guild{ID: gid, OwnerID: ownerID, Roles: []*discordgo.Role{
		{ID: gid, Name: "@everyone", Permissions: view | send | history | react},
		{ID: modRole, Name: "mod", Permissions: manage | ban},
		{ID: vipRole, Name: "vip", Permissions: 0},
		{ID: admRole, Name: "admin", Permissions: discordgo.PermissionAdministrator},
	}}
}

func roleOW(id string, allow, deny int64) *discordgo.PermissionOverwrite {
	return &discordgo.PermissionOverwrite{ID: id, Type: discordgo.PermissionOverwriteTypeRole, Allow: allow, Deny: deny}
}

func memberOW(id string, allow, deny int64) *discordgo.PermissionOverwrite {
	return &discordgo.PermissionOverwrite{ID: id, Type: discordgo.PermissionOverwriteTypeMember, Allow: allow, Deny: deny}
}

func TestComputePermissions(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	future, past := now.Add(time.Hour), now.Add(-time.Hour)
	base := int64(view | send | history | react)
	tests := []struct {
		name    string
		user    string
		roles   []string
		timeout *time.Time
		ows     []*discordgo.PermissionOverwrite
		noChan  bool
		want    int64
	}{
		{name: "everyone base", user: userID, want: base},
		{name: "roles add", user: userID, roles: []string{modRole}, want: base | manage | ban},
		{name: "guild-wide", user: userID, roles: []string{modRole}, noChan: true, want: base | manage | ban},
		{name: "ownerID gets all", user: ownerID, ows: []*discordgo.PermissionOverwrite{roleOW(gid, 0, view)}, want: AllPermissions},
		{name: "administrator gets all", user: userID, roles: []string{admRole}, ows: []*discordgo.PermissionOverwrite{memberOW(userID, 0, view)}, want: AllPermissions},
		{name: "everyone deny", user: userID, ows: []*discordgo.PermissionOverwrite{roleOW(gid, 0, send)}, want: view | history | react},
		{name: "role allow beats everyone deny", user: userID, roles: []string{vipRole},
			ows: []*discordgo.PermissionOverwrite{roleOW(gid, 0, send), roleOW(vipRole, send, 0)}, want: base},
		{name: "role allow beats other role deny", user: userID, roles: []string{vipRole, modRole},
			ows: []*discordgo.PermissionOverwrite{roleOW(modRole, 0, send), roleOW(vipRole, send, 0)}, want: base | manage | ban},
		{name: "role deny applies", user: userID, roles: []string{modRole},
			ows: []*discordgo.PermissionOverwrite{roleOW(modRole, 0, manage)}, want: base | ban},
		{name: "overwrite of a role not held is ignored", user: userID,
			ows: []*discordgo.PermissionOverwrite{roleOW(modRole, manage, 0)}, want: base},
		{name: "member deny beats role allow", user: userID, roles: []string{vipRole},
			ows: []*discordgo.PermissionOverwrite{roleOW(vipRole, manage, 0), memberOW(userID, 0, manage)}, want: base},
		{name: "member allow beats everyone deny", user: userID,
			ows: []*discordgo.PermissionOverwrite{roleOW(gid, 0, send), memberOW(userID, send, 0)}, want: base},
		{name: "other member overwrite ignored", user: userID,
			ows: []*discordgo.PermissionOverwrite{memberOW(ownerID, 0, send)}, want: base},
		{name: "no view means nothing", user: userID, roles: []string{modRole},
			ows: []*discordgo.PermissionOverwrite{roleOW(gid, 0, view)}, want: 0},
		{name: "timed out keeps view and history", user: userID, roles: []string{modRole}, timeout: &future, want: view | history},
		{name: "expired timeout", user: userID, timeout: &past, want: base},
		{name: "timed-out admin keeps all", user: userID, roles: []string{admRole}, timeout: &future, want: AllPermissions},
		{name: "timed-out ownerID keeps all", user: ownerID, timeout: &future, want: AllPermissions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &discordgo.Member{User: &discordgo.User{ID: tt.user}, Roles: tt.roles, CommunicationDisabledUntil: tt.timeout}
			var ch *discordgo.Channel
			if !tt.noChan {
				ch = &discordgo.Channel{ID: "30", GuildID: gid, PermissionOverwrites: tt.ows}
			}
			if got := ComputePermissions(permGuild(), ch, m, now); got != tt.want {
				t.Errorf("got %v; want %v", PermissionNames(got), PermissionNames(tt.want))
			}
		})
	}
}

func TestComputePermissionsNil(t *testing.T) {
	if got := ComputePermissions(nil, nil, nil, time.Now()); got != 0 {
		t.Errorf("nil guild: %d", got)
	}
	if got := ComputePermissions(permGuild(), nil, &discordgo.Member{}, time.Now()); got != 0 {
		t.Errorf("member without user: %d", got)
	}
}
