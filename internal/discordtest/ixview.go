package discordtest

import (
	"context"
	"fmt"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// ResponseKind tells what the bot did with an interaction's token.
type ResponseKind string

// The kinds of Response.
const (
	// KindCallback is POST /interactions/{id}/{token}/callback (every attempt, also rejected ones).
	KindCallback ResponseKind = "callback"
	// KindFollowup is POST /webhooks/{app}/{token}.
	KindFollowup ResponseKind = "followup"
	// KindEdit is PATCH /webhooks/{app}/{token}/messages/{@original|id}.
	KindEdit ResponseKind = "edit"
	// KindDelete is DELETE /webhooks/{app}/{token}/messages/{@original|id}.
	KindDelete ResponseKind = "delete"
)

// Response is one answer the bot gave to an interaction, decoded from its request.
type Response struct {
	// Kind is what the request was; Status the HTTP status the emulator answered.
	Kind   ResponseKind
	Status int
	// Type is the callback type (KindCallback only): 4 message, 5 deferred, 6 deferred
	// update, 7 update, 8 autocomplete result, 9 modal.
	Type discordgo.InteractionResponseType
	// MessageID is the message created, edited or deleted, when there is one.
	MessageID string
	// Content, Embeds, Flags, Components and AllowedMentions are the message fields sent.
	Content         string
	Embeds          []*discordgo.MessageEmbed
	Flags           discordgo.MessageFlags
	Components      []discordgo.MessageComponent
	AllowedMentions *discordgo.MessageAllowedMentions
	// Choices are the autocomplete choices (type 8).
	Choices []*discordgo.ApplicationCommandOptionChoice
	// Title and CustomID are the modal's (type 9).
	Title, CustomID string
	// Raw is the request body as sent.
	Raw []byte
}

// Ephemeral reports whether the response carries flag 64.
func (r Response) Ephemeral() bool { return r.Flags&discordgo.MessageFlagsEphemeral != 0 }

// OK reports whether the emulator accepted the request (2xx).
func (r Response) OK() bool { return r.Status >= 200 && r.Status < 300 }

// fill copies a callback's data.
func (r *Response) fill(d *callbackData) {
	r.fillMessage(&d.messageBody)
	r.Choices, r.Title, r.CustomID = d.Choices, d.Title, d.CustomID
}

// fillMessage copies a message body's fields.
func (r *Response) fillMessage(b *messageBody) {
	r.Content, r.Embeds, r.Flags, r.AllowedMentions = b.Content, b.Embeds, b.Flags, b.AllowedMentions
	if b.Embed != nil {
		r.Embeds = append(slices.Clone(r.Embeds), b.Embed)
	}
	r.Components = decodeComponents(b.Components)
}

// Responses returns everything the bot sent for the interaction so far, in order.
func (i *Interaction) Responses() []Response {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	if ix := i.s.interactionLocked(i.ID); ix != nil {
		return slices.Clone(ix.events)
	}
	return nil
}

// Callbacks returns the callback attempts (accepted or rejected); a correct bot makes one.
func (i *Interaction) Callbacks() []Response {
	var out []Response
	for _, r := range i.Responses() {
		if r.Kind == KindCallback {
			out = append(out, r)
		}
	}
	return out
}

// Await waits for the bot's first callback attempt and returns it (check Status or OK).
func (i *Interaction) Await(ctx context.Context) (Response, error) {
	return i.AwaitMatch(ctx, func(r Response) bool { return r.Kind == KindCallback })
}

// AwaitMatch waits until a response matching pred has been recorded and returns the first.
func (i *Interaction) AwaitMatch(ctx context.Context, pred func(Response) bool) (Response, error) {
	var found Response
	err := i.s.WaitFor(ctx, func() bool {
		for _, r := range i.Responses() {
			if pred(r) {
				found = r
				return true
			}
		}
		return false
	})
	if err != nil {
		return Response{}, fmt.Errorf("discordtest: await interaction %s: %w", i.ID, err)
	}
	return found, nil
}

// AwaitReply waits for what the user finally sees: the accepted type 4, 7, 8 or 9 callback,
// or, after a deferral (5 or 6), the first accepted followup or edit.
func (i *Interaction) AwaitReply(ctx context.Context) (Response, error) {
	deferred := false
	return i.AwaitMatch(ctx, func(r Response) bool {
		if !r.OK() {
			return false
		}
		if r.Kind == KindCallback {
			deferred = r.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource ||
				r.Type == discordgo.InteractionResponseDeferredMessageUpdate
			return !deferred
		}
		return deferred && (r.Kind == KindFollowup || r.Kind == KindEdit)
	})
}

// Original returns the current state of the @original message (ephemeral ones too).
func (i *Interaction) Original() (*discordgo.Message, bool) {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	ix := i.s.interactionLocked(i.ID)
	if ix == nil || ix.originalID == "" {
		return nil, false
	}
	m, _, _ := i.s.ixMessageLocked(ix, ix.originalID)
	return m, m != nil
}

// Messages returns the current state of every message the interaction created
// (response, followups; ephemeral ones too), oldest first; deleted ones are left out.
func (i *Interaction) Messages() []*discordgo.Message {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	ix := i.s.interactionLocked(i.ID)
	if ix == nil {
		return nil
	}
	var out []*discordgo.Message
	for id := range ix.msgIDs {
		if m, _, _ := i.s.ixMessageLocked(ix, id); m != nil {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b *discordgo.Message) int {
		if idLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	return out
}
