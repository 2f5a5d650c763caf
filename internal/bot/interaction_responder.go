package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interactionTokenLife is how long an interaction's token serves followups
// and edits; cogd stops using it a little before Discord does.
const interactionTokenLife = 15*time.Minute - 30*time.Second

// originalID is the message ID Respond returns for an interaction's own
// response: Edit with it edits the response (@original).
const originalID = "@original"

// InteractionAPI is the part of a discordgo session that answers
// interactions. cogd gives it a session with a rate limiter of its own:
// interaction endpoints are not subject to the global REST limit, so a
// global 429 elsewhere must not stall them.
type InteractionAPI interface {
	InteractionRespond(i *discordgo.Interaction, r *discordgo.InteractionResponse, options ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	InteractionResponseDelete(i *discordgo.Interaction, options ...discordgo.RequestOption) error
	FollowupMessageCreate(i *discordgo.Interaction, wait bool, p *discordgo.WebhookParams, options ...discordgo.RequestOption) (*discordgo.Message, error)
	FollowupMessageEdit(i *discordgo.Interaction, id string, e *discordgo.WebhookEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	RequestWithBucketID(method, url string, data any, bucket string, options ...discordgo.RequestOption) ([]byte, error)
}

// responseState is how far an interaction has been answered.
type responseState int

const (
	unanswered responseState = iota
	deferred                 // type 5 sent; the response is still "thinking"
	answered                 // a message response exists
)

// interactionResponder answers an application command: the first answer
// is the interaction's response (callback type 4, or an edit of the
// deferred one), later ones are followups; private answers are ephemeral.
// After the token's 15 minutes it falls back to channel messages. Every
// message passes the same output safety as channel messages.
type interactionResponder struct {
	api  InteractionAPI
	out  Outbox // the fallback after the token expired
	i    *discordgo.Interaction
	now  func() time.Time
	born time.Time
	log  *slog.Logger

	// update makes the first public answer update the message the
	// interaction came from (a component click: callback type 7; its
	// deferral is type 6).
	update bool

	mu           sync.Mutex
	state        responseState
	deferPrivate bool
}

func newInteractionResponder(api InteractionAPI, out Outbox, i *discordgo.Interaction, now func() time.Time, log *slog.Logger) *interactionResponder {
	return &interactionResponder{api: api, out: out, i: i, now: now, born: now(), log: log}
}

// expired reports whether the token can no longer be used.
func (r *interactionResponder) expired() bool { return r.now().Sub(r.born) >= interactionTokenLife }

// Respond answers the interaction (see interactionResponder).
func (r *interactionResponder) Respond(ctx context.Context, m *discordgo.MessageSend, private bool) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.expired() {
		return r.fallback(ctx, m)
	}
	parts := safeMessage(m)
	first, err := r.respondFirst(ctx, parts[0], private)
	if err != nil {
		return nil, err
	}
	last := first
	for _, p := range parts[1:] {
		if last, err = r.followup(ctx, p, private); err != nil {
			return nil, err
		}
	}
	return last, nil
}

// respondFirst sends m as the response, the edit of a deferred response,
// or a followup once the interaction is answered.
func (r *interactionResponder) respondFirst(ctx context.Context, m *discordgo.MessageSend, private bool) (*discordgo.Message, error) {
	switch {
	case r.state == unanswered:
		typ := discordgo.InteractionResponseChannelMessageWithSource
		if r.update && !private {
			typ = discordgo.InteractionResponseUpdateMessage
		}
		err := r.api.InteractionRespond(r.i, &discordgo.InteractionResponse{Type: typ, Data: responseData(m, private)},
			discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("interaction response: %w", err)
		}
		r.state = answered
		return &discordgo.Message{ID: originalID, ChannelID: r.i.ChannelID}, nil
	case r.state == deferred && private == r.deferPrivate:
		msg, err := r.api.InteractionResponseEdit(r.i, webhookEdit(m), discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("edit deferred response: %w", err)
		}
		r.state = answered
		return msg, nil
	case r.state == deferred:
		// The deferred response's visibility is fixed: answer with a
		// followup of the wanted kind and drop the "thinking" message.
		msg, err := r.followup(ctx, m, private)
		if err == nil && !r.update { // a deferred update's original is the clicked message: keep it
			_ = r.api.InteractionResponseDelete(r.i, discordgo.WithContext(ctx))
		}
		if err == nil {
			r.state = answered
		}
		return msg, err
	}
	return r.followup(ctx, m, private)
}

// followup sends m as a followup message.
func (r *interactionResponder) followup(ctx context.Context, m *discordgo.MessageSend, private bool) (*discordgo.Message, error) {
	p := &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: m.AllowedMentions, Files: m.Files}
	if private {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	msg, err := r.api.FollowupMessageCreate(r.i, true, p, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("interaction followup: %w", err)
	}
	return msg, nil
}

// fallback posts m in the channel once the token has expired.
func (r *interactionResponder) fallback(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error) {
	r.log.Warn("interaction token expired; answering with a channel message instead",
		"interaction", r.i.ID, "channel", r.i.ChannelID, "age", r.now().Sub(r.born).Round(time.Second))
	return r.out.Send(ctx, r.i.ChannelID, m)
}

// Send answers like Respond: an interaction has no other way to post that
// the user would see as the command's answer.
func (r *interactionResponder) Send(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error) {
	return r.Respond(ctx, m, false)
}

// Edit edits the response (messageID "@original") or a followup.
func (r *interactionResponder) Edit(ctx context.Context, messageID string, e *discordgo.MessageEdit) (*discordgo.Message, error) {
	safeEdit(e)
	we := &discordgo.WebhookEdit{Content: e.Content, Components: e.Components, Embeds: e.Embeds, AllowedMentions: e.AllowedMentions}
	if r.expired() {
		return r.out.Edit(ctx, r.i.ChannelID, messageID, e)
	}
	var msg *discordgo.Message
	var err error
	if messageID == originalID {
		msg, err = r.api.InteractionResponseEdit(r.i, we, discordgo.WithContext(ctx))
	} else {
		msg, err = r.api.FollowupMessageEdit(r.i, messageID, we, discordgo.WithContext(ctx))
	}
	if err != nil {
		return nil, fmt.Errorf("edit interaction message %s: %w", messageID, err)
	}
	return msg, nil
}

// Defer sends a deferred response (type 5) unless the interaction is
// already answered; private makes the eventual answer ephemeral.
func (r *interactionResponder) Defer(ctx context.Context, private bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != unanswered || r.expired() {
		return nil
	}
	data := &discordgo.InteractionResponseData{}
	if private {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	typ := discordgo.InteractionResponseDeferredChannelMessageWithSource
	if r.update && !private {
		typ, data = discordgo.InteractionResponseDeferredMessageUpdate, nil
	}
	err := r.api.InteractionRespond(r.i, &discordgo.InteractionResponse{Type: typ, Data: data}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("defer interaction: %w", err)
	}
	r.state, r.deferPrivate = deferred, private
	return nil
}

// answeredYet reports whether the interaction has had any response.
func (r *interactionResponder) answeredYet() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state != unanswered
}

// responseData is a safe message as an interaction response.
func responseData(m *discordgo.MessageSend, private bool) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: m.AllowedMentions, Files: m.Files}
	if private {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

// webhookEdit is a safe message as an edit of the response.
func webhookEdit(m *discordgo.MessageSend) *discordgo.WebhookEdit {
	content, embeds := m.Content, m.Embeds
	e := &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, AllowedMentions: m.AllowedMentions}
	if m.Components != nil {
		e.Components = &m.Components
	}
	return e
}
