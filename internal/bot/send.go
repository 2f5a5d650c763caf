package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// maxEmbeds is how many embeds one message may carry.
const maxEmbeds = 10

// safeMessage applies cogd's output safety to a message before it leaves:
// an explicit empty allowed_mentions parse list unless the command opted in
// (discordgo serialises a nil slice as null, so the slice is made empty,
// not nil), embeds within Discord's limits. It returns one message per
// content chunk when the content exceeds 2000 characters.
func safeMessage(m *discordgo.MessageSend) []*discordgo.MessageSend {
	if m.AllowedMentions == nil {
		m.AllowedMentions = &discordgo.MessageAllowedMentions{}
	}
	if m.AllowedMentions.Parse == nil {
		m.AllowedMentions.Parse = []discordgo.AllowedMentionType{}
	}
	if len(m.Embeds) > maxEmbeds {
		m.Embeds = m.Embeds[:maxEmbeds]
	}
	for _, e := range m.Embeds {
		command.FitEmbed(e)
	}
	chunks := splitContent(m.Content)
	if len(chunks) == 1 {
		return []*discordgo.MessageSend{m}
	}
	return chunkMessages(m, chunks)
}

// safeEdit applies the output safety to an edit: an empty allowed_mentions
// parse list unless set, content cut to Discord's limit, embeds clamped.
func safeEdit(e *discordgo.MessageEdit) {
	if e.AllowedMentions == nil {
		e.AllowedMentions = &discordgo.MessageAllowedMentions{}
	}
	if e.AllowedMentions.Parse == nil {
		e.AllowedMentions.Parse = []discordgo.AllowedMentionType{}
	}
	if e.Content != nil {
		if parts := splitContent(*e.Content); len(parts) > 1 {
			first := parts[0]
			e.Content = &first
		}
	}
	if e.Embeds != nil && len(*e.Embeds) > maxEmbeds {
		clamped := (*e.Embeds)[:maxEmbeds]
		e.Embeds = &clamped
	}
	if e.Embeds != nil {
		for _, em := range *e.Embeds {
			command.FitEmbed(em)
		}
	}
}

// chunkMessages spreads long content over several messages; the reply
// reference goes on the first, embeds and components on the last.
func chunkMessages(m *discordgo.MessageSend, chunks []string) []*discordgo.MessageSend {
	out := make([]*discordgo.MessageSend, len(chunks))
	for i, c := range chunks {
		out[i] = &discordgo.MessageSend{Content: c, AllowedMentions: m.AllowedMentions}
	}
	out[0].Reference = m.Reference
	last := out[len(out)-1]
	last.Embeds, last.Components, last.Files = m.Embeds, m.Components, m.Files
	return out
}

// sendOne posts one message. Rate limits and 5xx are the REST policy's
// (internal/restpolicy, beneath the session): one place retries.
func sendOne(ctx context.Context, s *discordgo.Session, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	msg, err := s.ChannelMessageSendComplex(channelID, m, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("send message to %s: %w", channelID, err)
	}
	return msg, nil
}
