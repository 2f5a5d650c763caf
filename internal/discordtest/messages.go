package discordtest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Errors returned by SendMessage.
var (
	// ErrUnknownChannel means the channel does not exist.
	ErrUnknownChannel = errors.New("unknown channel")
	// ErrUnknownUser means the author does not exist.
	ErrUnknownUser = errors.New("unknown user")
	// ErrNotMember means the author is not a member of the channel's guild.
	ErrNotMember = errors.New("author is not a member of the guild")
)

// msgInput is what a new message is made of.
type msgInput struct {
	content     string
	embeds      []*discordgo.MessageEmbed
	components  []discordgo.MessageComponent
	attachments []*discordgo.MessageAttachment
	tts         bool
	flags       discordgo.MessageFlags
	ref         *discordgo.MessageReference
	allowed     *discordgo.MessageAllowedMentions
}

// SendMessage posts content in channelID as authorID (a user typing in Discord): the message
// is stored and MESSAGE_CREATE is dispatched with author, member, mentions and guild_id. For
// a DM with the bot use DMChannel(userID) as channelID.
func (s *Server) SendMessage(channelID, authorID, content string) (*discordgo.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.channels[channelID]
	switch {
	case c == nil:
		return nil, fmt.Errorf("discordtest: send message to %s: %w", channelID, ErrUnknownChannel)
	case s.w.users[authorID] == nil:
		return nil, fmt.Errorf("discordtest: send message as %s: %w", authorID, ErrUnknownUser)
	case c.guildID != "" && s.w.guilds[c.guildID].members[authorID] == nil:
		return nil, fmt.Errorf("discordtest: send message as %s: %w", authorID, ErrNotMember)
	}
	return s.createMessageLocked(c, authorID, msgInput{content: content}), nil
}

// createMessageLocked stores a new message and dispatches MESSAGE_CREATE.
func (s *Server) createMessageLocked(c *channel, authorID string, in msgInput) *discordgo.Message {
	now := time.Now()
	m := &discordgo.Message{
		ID: strconv.FormatInt(s.ids.nextInt(now), 10), ChannelID: c.ID, GuildID: c.guildID,
		Content: in.content, Timestamp: now, Author: s.userOfLocked(authorID), TTS: in.tts,
		Embeds: in.embeds, Components: in.components, Attachments: in.attachments, Flags: in.flags,
	}
	if g := s.w.guilds[c.guildID]; g != nil && g.members[authorID] != nil {
		m.Member = discordMember(g.ID, g.members[authorID])
	}
	s.resolveReferenceLocked(c, m, in.ref)
	s.resolveMentionsLocked(c, m, in.allowed)
	c.appendMessage(m)
	s.messageEventLocked("MESSAGE_CREATE", c, m)
	s.changedLocked()
	return m
}

// resolveReferenceLocked attaches a reply's reference and referenced message.
func (s *Server) resolveReferenceLocked(c *channel, m *discordgo.Message, ref *discordgo.MessageReference) {
	if ref == nil || ref.MessageID == "" {
		return
	}
	r := *ref
	r.ChannelID, r.GuildID = c.ID, c.guildID
	m.MessageReference, m.Type = &r, discordgo.MessageTypeReply
	if i := c.findMessage(ref.MessageID); i >= 0 {
		m.ReferencedMessage = c.msgs[i]
	}
}

// resolveMentionsLocked fills mentions, mention_roles and mention_everyone from the content,
// filtered by allowed_mentions (nil allows everything, like Discord's default).
func (s *Server) resolveMentionsLocked(c *channel, m *discordgo.Message, allowed *discordgo.MessageAllowedMentions) {
	users, roles := parseMentions(m.Content)
	g := s.w.guilds[c.guildID]
	for _, id := range users {
		if s.w.users[id] != nil && allowsUser(allowed, id) && !mentions(m, id) {
			m.Mentions = append(m.Mentions, s.userOfLocked(id))
		}
	}
	for _, id := range roles {
		if g != nil && g.roles[id] != nil && allowsRole(allowed, id) {
			m.MentionRoles = append(m.MentionRoles, id)
		}
	}
	if ref := m.ReferencedMessage; ref != nil && (allowed == nil || allowed.RepliedUser) && !mentions(m, ref.Author.ID) {
		m.Mentions = append(m.Mentions, ref.Author)
	}
	m.MentionEveryone = g != nil && allowsParse(allowed, discordgo.AllowedMentionTypeEveryone) &&
		(strings.Contains(m.Content, "@everyone") || strings.Contains(m.Content, "@here")) &&
		s.canMentionEveryoneLocked(g, c, m.Author.ID)
}

// canMentionEveryoneLocked reports whether userID has MENTION_EVERYONE in c.
func (s *Server) canMentionEveryoneLocked(g *guild, c *channel, userID string) bool {
	mem := g.members[userID]
	return mem != nil && s.channelPermissionsLocked(g, c, mem)&discordgo.PermissionMentionEveryone != 0
}

// allowsParse reports whether allowed_mentions parses typ.
func allowsParse(allowed *discordgo.MessageAllowedMentions, typ discordgo.AllowedMentionType) bool {
	return allowed == nil || slices.Contains(allowed.Parse, typ)
}

// allowsUser reports whether allowed_mentions lets user id be mentioned.
func allowsUser(allowed *discordgo.MessageAllowedMentions, id string) bool {
	return allowsParse(allowed, discordgo.AllowedMentionTypeUsers) || slices.Contains(allowed.Users, id)
}

// allowsRole reports whether allowed_mentions lets role id be mentioned.
func allowsRole(allowed *discordgo.MessageAllowedMentions, id string) bool {
	return allowsParse(allowed, discordgo.AllowedMentionTypeRoles) || slices.Contains(allowed.Roles, id)
}

// parseMentions extracts the IDs of <@id>, <@!id> and <@&id> mentions, in order.
func parseMentions(content string) (users, roles []string) {
	for rest := content; ; {
		i := strings.Index(rest, "<@")
		if i < 0 {
			return users, roles
		}
		rest = rest[i+2:]
		role := strings.HasPrefix(rest, "&")
		body := strings.TrimPrefix(strings.TrimPrefix(rest, "&"), "!")
		end := strings.IndexByte(body, '>')
		if end <= 0 || !isDigits(body[:end]) {
			continue
		}
		if role {
			roles = append(roles, body[:end])
		} else {
			users = append(users, body[:end])
		}
	}
}

// isDigits reports whether s is made of ASCII digits only.
func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// messageEventLocked dispatches MESSAGE_CREATE or MESSAGE_UPDATE for m, redacting the
// content for sessions without MESSAGE_CONTENT unless the bot may always see it.
func (s *Server) messageEventLocked(typ string, c *channel, m *discordgo.Message) {
	ev := event{typ: typ, guildID: c.guildID, intent: discordgo.IntentGuildMessages}
	if c.guildID == "" {
		ev.intent = discordgo.IntentDirectMessages
	}
	ev.data = mustJSON(s.wireMessageLocked(m, false))
	if c.guildID != "" && m.Author.ID != s.opts.BotID && !mentions(m, s.opts.BotID) && s.anyWithoutContentLocked() {
		ev.redacted = mustJSON(s.wireMessageLocked(m, true))
	}
	s.dispatchLocked(ev)
}

// anyWithoutContentLocked reports whether a session lacks the MESSAGE_CONTENT intent.
func (s *Server) anyWithoutContentLocked() bool {
	for _, ss := range s.sessions {
		if ss.intents&discordgo.IntentMessageContent == 0 {
			return true
		}
	}
	return false
}

// Messages returns the messages stored in channelID, oldest first (the last 10,000 at most).
// The returned messages must not be modified.
func (s *Server) Messages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.w.channels[channelID]; c != nil {
		return slices.Clone(c.msgs)
	}
	return nil
}

// Message returns one stored message.
func (s *Server) Message(channelID, messageID string) (*discordgo.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.channels[channelID]
	if c == nil {
		return nil, false
	}
	if i := c.findMessage(messageID); i >= 0 {
		return c.msgs[i], true
	}
	return nil, false
}
