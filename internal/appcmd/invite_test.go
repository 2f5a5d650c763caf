package appcmd_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/command"
)

func TestInviteURL(t *testing.T) {
	cmds := []*command.Command{
		{Name: "ban", BotPermissions: discordgo.PermissionBanMembers, Run: run},
		{Name: "config", Subcommands: []*command.Command{{Name: "show", BotPermissions: discordgo.PermissionEmbedLinks, Run: run}}},
	}
	menus := []command.ContextMenu{{Name: "Warnings", Type: command.UserMenu, BotPermissions: discordgo.PermissionReadMessageHistory, Run: run}}
	u, err := url.Parse(appcmd.InviteURL(appID, cmds, menus))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	want := int64(appcmd.BasePermissions | discordgo.PermissionBanMembers | discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory)
	if u.Host != "discord.com" || u.Path != "/oauth2/authorize" || q.Get("client_id") != appID ||
		q.Get("scope") != "bot applications.commands" || q.Get("permissions") != strconv.FormatInt(want, 10) {
		t.Errorf("invite URL %s", u)
	}
}
