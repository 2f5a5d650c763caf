package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/command"
	"cogd/internal/gateway"
)

// Definitions are the application commands the bot registers, built from
// the enabled cogs exactly as Run builds them, for the operator's
// `cogd commands` and `cogd invite`.
type Definitions struct {
	// AppID is the application the token belongs to.
	AppID string
	// Commands are the command table's top-level commands (prefix-only
	// ones included) and Menus the context menus, as the cogs registered
	// them.
	Commands []*command.Command
	Menus    []command.ContextMenu
	// Payload is what one bulk overwrite sends (appcmd.Build's output).
	Payload []*discordgo.ApplicationCommand
}

// InviteURL is the OAuth2 link that adds the bot with the scopes bot and
// applications.commands and the permissions the commands need.
func (d Definitions) InviteURL() string { return appcmd.InviteURL(d.AppID, d.Commands, d.Menus) }

// ApplicationID checks the token and returns the application's ID
// (GET /users/@me and /oauth2/applications/@me), without connecting to
// the gateway. Privileged intents are not checked: registering commands
// needs none.
func (b *Bot) ApplicationID(ctx context.Context) (string, error) {
	if b.appID != "" {
		return b.appID, nil
	}
	id, err := gateway.Preflight(ctx, b.rest, 0)
	if err != nil {
		return "", err
	}
	if id.App == nil || id.App.ID == "" {
		return "", errors.New("GET /oauth2/applications/@me: no application ID in the answer")
	}
	b.appID = id.App.ID
	return b.appID, nil
}

// ApplicationCommands builds the application commands of the enabled
// cogs without connecting to the gateway: it runs the preflight, sets up
// every enabled cog, builds the command table and the payload as Run does,
// then tears the cogs down (their background tasks never start). Unlike
// Run, a cog whose set-up fails is an error: registering without it would
// remove its commands from Discord.
func (b *Bot) ApplicationCommands(ctx context.Context) (Definitions, error) {
	appID, err := b.ApplicationID(ctx)
	if err != nil {
		return Definitions{}, err
	}
	regs, err := b.setupAll(ctx)
	defer func() {
		for i := len(regs) - 1; i >= 1; i-- { // regs[0] is the bot's own group
			regs[i].teardown(context.WithoutCancel(ctx))
		}
	}()
	if err != nil {
		return Definitions{}, err
	}
	rt, err := buildRoutes(regs, b.wrap)
	if err != nil {
		return Definitions{}, err
	}
	payload, err := appcmd.Build(rt.table.Commands(), rt.menuList)
	if err != nil {
		return Definitions{}, fmt.Errorf("application commands: %w", err)
	}
	return Definitions{AppID: appID, Commands: rt.table.Commands(), Menus: rt.menuList, Payload: payload}, nil
}

// setupAll sets up the bot's own commands and every enabled cog, in list
// order; it stops at the first cog that fails and returns what was set up
// so far for tearing down.
func (b *Bot) setupAll(ctx context.Context) ([]*registration, error) {
	regs := []*registration{b.coreRegistration()}
	for _, c := range b.cogs {
		reg, err := setupCog(c, b.host(ctx))
		if err != nil {
			return regs, fmt.Errorf("cog %s failed to set up: %w", c.Name, err)
		}
		regs = append(regs, reg)
	}
	return regs, nil
}

// CommandSyncer is the syncer Run registers commands with: this bot's REST
// session, its application (call ApplicationID or ApplicationCommands
// first) and Options.CommandHashes.
func (b *Bot) CommandSyncer() *appcmd.Syncer { return b.syncer() }
