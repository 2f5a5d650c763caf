package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Outbox is where every message cogd sends or edits leaves, whatever the
// transport: it applies the output safety (allowed_mentions with an empty
// parse list unless a command opted in, Discord's limits, splitting).
type Outbox interface {
	Send(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error)
	Edit(ctx context.Context, channelID, messageID string, e *discordgo.MessageEdit) (*discordgo.Message, error)
	Typing(ctx context.Context, channelID string) error
}

// messageResponder answers a prefix command: replies reference the
// invoking message, and a "private" answer is a reply too (a channel
// message cannot be private).
type messageResponder struct {
	out       Outbox
	guildID   string
	channelID string
	messageID string
}

// Respond replies to the invoking message.
func (r *messageResponder) Respond(ctx context.Context, m *discordgo.MessageSend, _ bool) (*discordgo.Message, error) {
	if m.Reference == nil && r.messageID != "" {
		// A soft reference: the reply still goes out if the message was deleted.
		m.Reference = (&discordgo.Message{ID: r.messageID, ChannelID: r.channelID, GuildID: r.guildID}).SoftReference()
	}
	return r.out.Send(ctx, r.channelID, m)
}

// Send posts a new message in the channel.
func (r *messageResponder) Send(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error) {
	return r.out.Send(ctx, r.channelID, m)
}

// Edit edits a message in the channel.
func (r *messageResponder) Edit(ctx context.Context, messageID string, e *discordgo.MessageEdit) (*discordgo.Message, error) {
	return r.out.Edit(ctx, r.channelID, messageID, e)
}

// Defer shows the typing indicator.
func (r *messageResponder) Defer(ctx context.Context, _ bool) error {
	if err := r.out.Typing(ctx, r.channelID); err != nil {
		return fmt.Errorf("typing: %w", err)
	}
	return nil
}
