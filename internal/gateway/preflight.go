package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Application flags that say a privileged intent is enabled (the "limited"
// variant is what bots in fewer than 100 guilds get).
const (
	flagPresence            = 1 << 12
	flagPresenceLimited     = 1 << 13
	flagGuildMembers        = 1 << 14
	flagGuildMembersLimited = 1 << 15
	flagMessageContent      = 1 << 18
	flagMessageContentLimit = 1 << 19
)

// Identity is who the token belongs to.
type Identity struct {
	User *discordgo.User
	App  *discordgo.Application
}

// Owners returns the application owner, or the team's members.
func (id Identity) Owners() []string {
	if id.App == nil {
		return nil
	}
	if id.App.Team != nil {
		var ids []string
		for _, m := range id.App.Team.Members {
			if m != nil && m.User != nil {
				ids = append(ids, m.User.ID)
			}
		}
		return ids
	}
	if id.App.Owner != nil {
		return []string{id.App.Owner.ID}
	}
	return nil
}

// ErrBadToken means Discord rejected DISCORD_TOKEN.
var ErrBadToken = errors.New("DISCORD_TOKEN was rejected by Discord (401 Unauthorized): copy it again from Developer Portal → your application → Bot → Reset Token")

// Preflight checks the token (GET /users/@me) and that every privileged
// intent in intents is switched on for the application
// (GET /oauth2/applications/@me), before any gateway connection is tried:
// Discord would otherwise answer with close codes discordgo retries forever.
func Preflight(ctx context.Context, s *discordgo.Session, intents discordgo.Intent) (Identity, error) {
	u, err := s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return Identity{}, restFailure("GET /users/@me", err)
	}
	raw, err := s.RequestWithBucketID(http.MethodGet, discordgo.EndpointOAuth2Applications+"/@me", nil,
		discordgo.EndpointOAuth2Applications+"/@me", discordgo.WithContext(ctx))
	if err != nil {
		return Identity{}, restFailure("GET /oauth2/applications/@me", err)
	}
	var app discordgo.Application
	if err := json.Unmarshal(raw, &app); err != nil {
		return Identity{}, fmt.Errorf("GET /oauth2/applications/@me: %w", err)
	}
	if missing := MissingIntents(intents, app.Flags); len(missing) > 0 {
		return Identity{}, fmt.Errorf("privileged intents not enabled for %s: %s — switch them on in Developer Portal → your application → Bot → Privileged Gateway Intents",
			u.Username, strings.Join(missing, ", "))
	}
	return Identity{User: u, App: &app}, nil
}

func restFailure(what string, err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return ErrBadToken
	}
	return fmt.Errorf("%s: %w", what, err)
}

// PrivilegedIntent is a privileged gateway intent: its bit and its name in
// the Developer Portal.
type PrivilegedIntent struct {
	Intent discordgo.Intent
	Name   string
}

// Grantable returns the intents of wanted that the application's flags
// allow, and the privileged ones it had to drop.
func Grantable(wanted discordgo.Intent, flags int) (discordgo.Intent, []PrivilegedIntent) {
	var dropped []PrivilegedIntent
	for _, c := range privilegedChecks() {
		if wanted&c.intent != 0 && flags&c.flags == 0 {
			wanted &^= c.intent
			dropped = append(dropped, PrivilegedIntent{Intent: c.intent, Name: c.name})
		}
	}
	return wanted, dropped
}

type privilegedCheck struct {
	intent discordgo.Intent
	flags  int
	name   string
}

func privilegedChecks() []privilegedCheck {
	return []privilegedCheck{
		{discordgo.IntentGuildPresences, flagPresence | flagPresenceLimited, "Presence Intent"},
		{discordgo.IntentGuildMembers, flagGuildMembers | flagGuildMembersLimited, "Server Members Intent"},
		{discordgo.IntentMessageContent, flagMessageContent | flagMessageContentLimit, "Message Content Intent"},
	}
}

// MissingIntents lists the privileged intents requested but not enabled in
// the application's flags, by their Developer Portal names.
func MissingIntents(intents discordgo.Intent, flags int) []string {
	var missing []string
	for _, c := range privilegedChecks() {
		if intents&c.intent != 0 && flags&c.flags == 0 {
			missing = append(missing, c.name)
		}
	}
	return missing
}
