package bot

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/gateway"
)

// intentLimit says what cogd does without a privileged intent.
func intentLimit(i discordgo.Intent) string {
	switch i {
	case discordgo.IntentMessageContent:
		return "prefix commands work only when they mention the bot (@bot ping); slash commands work fully"
	case discordgo.IntentGuildMembers:
		return "member events are off: no welcome messages; members are fetched by REST when needed"
	}
	return "not used by cogd"
}

// chooseIntents requests the intents the application has (the required
// ones were checked by the preflight) and logs one line saying what is
// limited without the others.
func (b *Bot) chooseIntents(id gateway.Identity) {
	flags := 0
	if id.App != nil {
		flags = id.App.Flags
		b.appID = id.App.ID
	}
	granted, dropped := gateway.Grantable(Intents, flags)
	b.intents = granted
	if len(dropped) == 0 {
		return
	}
	var parts []string
	for _, d := range dropped {
		parts = append(parts, d.Name+": "+intentLimit(d.Intent))
	}
	b.log.Warn("running without privileged intents (switch them on in Developer Portal → Bot → Privileged Gateway Intents, or set REQUIRE_INTENTS to insist): " +
		strings.Join(parts, "; "))
}

// Intents are the gateway intents the bot identifies with (known once Run
// has passed the preflight).
func (b *Bot) Intents() discordgo.Intent { return b.intents }
