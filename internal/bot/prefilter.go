package bot

import (
	"reflect"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/gateway"
)

// messageCreateType is the listener key of MESSAGE_CREATE.
var messageCreateType = reflect.TypeFor[*discordgo.MessageCreate]()

// messageFilter lets the shards' frame watchers drop the MESSAGE_CREATEs
// the dispatcher would ignore (see gateway.MessageFilter), with the
// dispatcher's own prefix lookup and bot ID. It switches itself off while
// a cog listens to MESSAGE_CREATE (the routes of the moment: reloads
// change them) or an observer (Options.Observe) wants every message.
// Dropped messages are still counted as MESSAGE_CREATE gateway events.
func (b *Bot) messageFilter() *gateway.MessageFilter {
	return &gateway.MessageFilter{
		Prefix:  b.opts.GuildPrefix,
		BotID:   b.filterBotID,
		WantAll: b.wantsEveryMessage,
		OnDrop:  func() { b.opts.Metrics.GatewayEvent("MESSAGE_CREATE") },
	}
}

// filterBotID is the dispatcher's bot ID ("" before it exists).
func (b *Bot) filterBotID() string {
	if b.disp == nil {
		return ""
	}
	return b.disp.botID
}

// wantsEveryMessage reports whether something must see every message: an
// observer, a MESSAGE_CREATE listener, or no dispatcher yet.
func (b *Bot) wantsEveryMessage() bool {
	if b.opts.Observe != nil || b.disp == nil {
		return true
	}
	return len(b.disp.routes.Load().listeners[messageCreateType]) > 0
}
