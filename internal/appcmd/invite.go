package appcmd

import (
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// BasePermissions are what the bot needs to answer any prefix command at
// all: see the channel and send its reply.
const BasePermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages

// authorizeURL is Discord's OAuth2 authorization page.
const authorizeURL = "https://discord.com/oauth2/authorize"

// BotPermissions is the union of BasePermissions and the BotPermissions of
// every command (subcommands included) and context menu.
func BotPermissions(cmds []*command.Command, menus []command.ContextMenu) int64 {
	perms := int64(BasePermissions)
	var walk func(c *command.Command)
	walk = func(c *command.Command) {
		if c == nil {
			return
		}
		perms |= c.BotPermissions
		for _, s := range c.Subcommands {
			walk(s)
		}
	}
	for _, c := range cmds {
		walk(c)
	}
	for _, m := range menus {
		perms |= m.BotPermissions
	}
	return perms
}

// InviteURL is the OAuth2 URL that adds application appID to a server with
// the scopes bot and applications.commands and the permissions the loaded
// commands need (BotPermissions).
func InviteURL(appID string, cmds []*command.Command, menus []command.ContextMenu) string {
	q := url.Values{}
	q.Set("client_id", appID)
	q.Set("permissions", strconv.FormatInt(BotPermissions(cmds, menus), 10))
	q.Set("scope", "bot applications.commands")
	return authorizeURL + "?" + q.Encode()
}
