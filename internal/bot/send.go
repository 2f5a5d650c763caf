package bot

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// maxEmbeds is how many embeds one message may carry.
const maxEmbeds = command.MessageEmbedLimit

// safeMessage applies cogd's output safety to a message before it leaves:
// an explicit empty allowed_mentions parse list unless the command opted in
// (discordgo serialises a nil slice as null, so the slice is made empty,
// not nil), and Discord's per-message limits. Nothing is dropped: content
// over 2000 characters is split over several messages, and embeds are
// grouped so that no message carries more than 10 of them or more than
// 6000 characters of them in total (Discord counts the 6000 across all the
// embeds of a message); each further group is a message of its own. Each
// embed is first fitted to the per-embed limits (command.FitEmbed).
func safeMessage(m *discordgo.MessageSend) []*discordgo.MessageSend {
	if m.AllowedMentions == nil {
		m.AllowedMentions = &discordgo.MessageAllowedMentions{}
	}
	if m.AllowedMentions.Parse == nil {
		m.AllowedMentions.Parse = []discordgo.AllowedMentionType{}
	}
	for _, e := range m.Embeds {
		command.FitEmbed(e)
	}
	chunks := splitContent(m.Content)
	groups := embedGroups(m.Embeds)
	if len(chunks) == 1 && len(groups) <= 1 {
		return []*discordgo.MessageSend{m}
	}
	return chunkMessages(m, chunks, groups)
}

// embedGroups splits fitted embeds, in order, into groups of at most
// maxEmbeds whose total length stays within Discord's 6000 per message.
func embedGroups(embeds []*discordgo.MessageEmbed) [][]*discordgo.MessageEmbed {
	var groups [][]*discordgo.MessageEmbed
	var cur []*discordgo.MessageEmbed
	total := 0
	for _, e := range embeds {
		n := command.EmbedLength(e)
		if len(cur) > 0 && (len(cur) == maxEmbeds || total+n > command.EmbedTotalLimit) {
			groups = append(groups, cur)
			cur, total = nil, 0
		}
		cur = append(cur, e)
		total += n
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups
}

// clampEmbeds fits embeds into one message, for an edit (which cannot be
// split): at most maxEmbeds, and a 6000 total across them; the embed that
// crosses the total loses its last fields, then the end of its
// description, and the embeds after it are dropped.
func clampEmbeds(embeds []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if len(embeds) > maxEmbeds {
		embeds = embeds[:maxEmbeds]
	}
	budget := command.EmbedTotalLimit
	for i, e := range embeds {
		command.FitEmbed(e)
		if !trimEmbed(e, budget) {
			return embeds[:i]
		}
		budget -= command.EmbedLength(e)
	}
	return embeds
}

// trimEmbed shortens e to at most budget characters by dropping its last
// fields and then cutting its description; it reports false when e cannot
// fit (its title, footer and author alone are over the budget).
func trimEmbed(e *discordgo.MessageEmbed, budget int) bool {
	for command.EmbedLength(e) > budget && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
	}
	if over := command.EmbedLength(e) - budget; over > 0 {
		keep := utf8.RuneCountInString(e.Description) - over
		if keep < 0 {
			return false
		}
		e.Description = command.Truncate(e.Description, keep)
	}
	return command.EmbedLength(e) <= budget
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
	if e.Embeds != nil {
		clamped := clampEmbeds(*e.Embeds)
		e.Embeds = &clamped
	}
}

// chunkMessages spreads long content and embed groups over several
// messages: the content chunks first, the first embed group on the last
// chunk, each further group a message of its own; the reply reference goes
// on the first message, components and files on the last.
func chunkMessages(m *discordgo.MessageSend, chunks []string, groups [][]*discordgo.MessageEmbed) []*discordgo.MessageSend {
	out := make([]*discordgo.MessageSend, 0, len(chunks)+len(groups))
	for _, c := range chunks {
		out = append(out, &discordgo.MessageSend{Content: c, AllowedMentions: m.AllowedMentions})
	}
	for i, g := range groups {
		if i > 0 {
			out = append(out, &discordgo.MessageSend{AllowedMentions: m.AllowedMentions})
		}
		out[len(out)-1].Embeds = g
	}
	out[0].Reference = m.Reference
	last := out[len(out)-1]
	last.Components, last.Files = m.Components, m.Files
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
