package utility

import (
	"context"

	"cogd/internal/command"
)

// Menus are the utility cog's context-menu commands: "User info".
func (c *Cog) Menus() []command.ContextMenu {
	return []command.ContextMenu{{Name: "User info", Type: command.UserMenu, Run: c.runUserInfoMenu}}
}

// completePlace is the CompleteFunc of /weather's place.
func (c *Cog) completePlace(ctx context.Context, cx *command.Context, typed string) ([]command.Choice, error) {
	return c.places.complete(ctx, cx, typed)
}

// runUserInfoMenu answers "User info" with userinfo's embed of the target:
// the member in a server, the account when they are not a member (or in
// a DM).
func (c *Cog) runUserInfoMenu(ctx context.Context, cx *command.Context) error {
	if m := command.TargetMember(cx); m != nil && cx.GuildID() != "" {
		if m.User == nil {
			m.User = command.TargetUser(cx)
		}
		return c.replyMember(ctx, cx, m)
	}
	u := command.TargetUser(cx)
	if u == nil {
		return command.Errorf("I couldn't tell whose info to show.")
	}
	return cx.ReplyEmbed(ctx, userEmbed(u))
}
