package discordtest

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// wireMessage is Discord's message object.
type wireMessage struct {
	ID                string                         `json:"id"`
	Type              discordgo.MessageType          `json:"type"`
	ChannelID         string                         `json:"channel_id"`
	GuildID           string                         `json:"guild_id,omitempty"`
	Author            *wireUser                      `json:"author"`
	Member            *wireMember                    `json:"member,omitempty"`
	Content           string                         `json:"content"`
	Timestamp         string                         `json:"timestamp"`
	EditedTimestamp   *string                        `json:"edited_timestamp"`
	TTS               bool                           `json:"tts"`
	MentionEveryone   bool                           `json:"mention_everyone"`
	Mentions          []*wireMention                 `json:"mentions"`
	MentionRoles      []string                       `json:"mention_roles"`
	Attachments       []*discordgo.MessageAttachment `json:"attachments"`
	Embeds            []*discordgo.MessageEmbed      `json:"embeds"`
	Reactions         []*discordgo.MessageReactions  `json:"reactions,omitempty"`
	Pinned            bool                           `json:"pinned"`
	Flags             discordgo.MessageFlags         `json:"flags"`
	Components        []discordgo.MessageComponent   `json:"components"`
	MessageReference  *discordgo.MessageReference    `json:"message_reference,omitempty"`
	ReferencedMessage *wireMessage                   `json:"referenced_message,omitempty"`
}

// wireMention is a mentioned user, with a partial member in guild messages.
type wireMention struct {
	wireUser
	Member *wireMember `json:"member,omitempty"`
}

// userOfLocked returns a discordgo copy of user id.
func (s *Server) userOfLocked(id string) *discordgo.User {
	u := s.userLocked(id)
	du := &discordgo.User{ID: u.ID, Username: u.Username, Discriminator: "0", Bot: u.Bot}
	if u.GlobalName != nil {
		du.GlobalName = *u.GlobalName
	}
	return du
}

// discordMember converts m to discordgo's member (without the user, as in messages).
func discordMember(guildID string, m *member) *discordgo.Member {
	dm := &discordgo.Member{GuildID: guildID, JoinedAt: m.joinedAt, Nick: m.nick, Roles: append([]string{}, m.roles...)}
	if m.timeout.After(time.Now()) {
		t := m.timeout
		dm.CommunicationDisabledUntil = &t
	}
	return dm
}

// wireUserOfDiscord converts a discordgo user.
func wireUserOfDiscord(u *discordgo.User) *wireUser {
	return &wireUser{ID: u.ID, Username: u.Username, Discriminator: "0", GlobalName: strPtr(u.GlobalName), Bot: u.Bot}
}

// wireMemberOfDiscord converts a discordgo member (without user).
func wireMemberOfDiscord(m *discordgo.Member) *wireMember {
	wm := &wireMember{Nick: strPtr(m.Nick), Roles: append([]string{}, m.Roles...), JoinedAt: m.JoinedAt.UTC().Format(timeLayout)}
	if m.CommunicationDisabledUntil != nil {
		wm.CommunicationDisabledUntil = timePtr(*m.CommunicationDisabledUntil)
	}
	return wm
}

// wireMessageLocked converts a stored message; redact empties the content fields for
// sessions without the MESSAGE_CONTENT intent.
func (s *Server) wireMessageLocked(m *discordgo.Message, redact bool) *wireMessage {
	wm := &wireMessage{
		ID: m.ID, Type: m.Type, ChannelID: m.ChannelID, GuildID: m.GuildID,
		Author: wireUserOfDiscord(m.Author), Content: m.Content,
		Timestamp: m.Timestamp.UTC().Format(timeLayout), EditedTimestamp: nil,
		TTS: m.TTS, MentionEveryone: m.MentionEveryone, MentionRoles: append([]string{}, m.MentionRoles...),
		Attachments: m.Attachments, Embeds: m.Embeds, Reactions: m.Reactions, Pinned: m.Pinned, Flags: m.Flags,
		Components: m.Components, MessageReference: m.MessageReference,
	}
	if m.EditedTimestamp != nil {
		wm.EditedTimestamp = timePtr(*m.EditedTimestamp)
	}
	if m.Member != nil {
		wm.Member = wireMemberOfDiscord(m.Member)
	}
	wm.Mentions = s.wireMentionsLocked(m)
	if m.ReferencedMessage != nil {
		wm.ReferencedMessage = s.wireMessageLocked(m.ReferencedMessage, redact)
		wm.ReferencedMessage.ReferencedMessage = nil
	}
	if redact {
		wm.Content, wm.Embeds, wm.Attachments, wm.Components = "", nil, nil, nil
	}
	wm.fillEmpty()
	return wm
}

// fillEmpty turns nil arrays into [] as Discord sends them.
func (wm *wireMessage) fillEmpty() {
	if wm.Embeds == nil {
		wm.Embeds = []*discordgo.MessageEmbed{}
	}
	if wm.Attachments == nil {
		wm.Attachments = []*discordgo.MessageAttachment{}
	}
	if wm.Components == nil {
		wm.Components = []discordgo.MessageComponent{}
	}
}

// wireMentionsLocked converts the mentioned users, with their members in guild channels.
func (s *Server) wireMentionsLocked(m *discordgo.Message) []*wireMention {
	out := make([]*wireMention, 0, len(m.Mentions))
	g := s.w.guilds[m.GuildID]
	for _, u := range m.Mentions {
		wm := &wireMention{wireUser: *wireUserOfDiscord(u)}
		if g != nil && g.members[u.ID] != nil {
			wm.Member = s.memberLocked(g.members[u.ID], false)
		}
		out = append(out, wm)
	}
	return out
}

// mentions reports whether m mentions userID.
func mentions(m *discordgo.Message, userID string) bool {
	for _, u := range m.Mentions {
		if u.ID == userID {
			return true
		}
	}
	return false
}
