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
// change them). Dropped messages are still counted as MESSAGE_CREATE
// gateway events and reported to Options.Settled.
func (b *Bot) messageFilter() *gateway.MessageFilter {
	return &gateway.MessageFilter{
		Prefix:  b.opts.GuildPrefix,
		BotID:   b.filterBotID,
		WantAll: b.wantsEveryMessage,
		OnDrop:  b.droppedMessage,
	}
}

// droppedMessage counts a message the filter dropped and reports it settled.
func (b *Bot) droppedMessage(id []byte) {
	b.opts.Metrics.GatewayEvent("MESSAGE_CREATE")
	if b.opts.Settled != nil {
		b.opts.Settled(string(id))
	}
}

// filterBotID is the dispatcher's bot ID ("" before it exists).
func (b *Bot) filterBotID() string {
	if b.disp == nil {
		return ""
	}
	return b.disp.botID
}

// wantsEveryMessage reports whether something must see every message: a
// MESSAGE_CREATE listener, or no dispatcher yet.
func (b *Bot) wantsEveryMessage() bool {
	if b.disp == nil {
		return true
	}
	return len(b.disp.routes.Load().listeners[messageCreateType]) > 0
}
