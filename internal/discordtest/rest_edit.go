package discordtest

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// editMessage answers PATCH /channels/{channel}/messages/{message} for the bot's own
// messages; fields absent from the body are kept. Emits MESSAGE_UPDATE.
func (s *Server) editMessage(c *call) {
	var present map[string]json.RawMessage
	var body messageBody
	if !c.decode(&present) || !c.decode(&body) {
		return
	}
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel)
		if fail != nil {
			return fail
		}
		i := ch.findMessage(c.param("message"))
		if i < 0 {
			return unknownMessage()
		}
		if ch.msgs[i].Author.ID != s.opts.BotID {
			return apiErr(http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
		}
		m, fail := editedMessage(ch.msgs[i], present, &body)
		if fail != nil {
			return fail
		}
		m.Mentions, m.MentionRoles = nil, nil
		s.resolveMentionsLocked(ch, m, body.AllowedMentions)
		ch.msgs[i] = m
		s.messageEventLocked("MESSAGE_UPDATE", ch, m)
		return ok(s.wireMessageLocked(m, false))
	})
}

// editedMessage returns a copy of old with the fields present in the body replaced.
func editedMessage(old *discordgo.Message, present map[string]json.RawMessage, body *messageBody) (*discordgo.Message, answer) {
	m := *old
	if _, ok := present["content"]; ok {
		m.Content = body.Content
	}
	if _, ok := present["embeds"]; ok {
		m.Embeds = body.Embeds
	}
	if raw, ok := present["components"]; ok {
		m.Components = decodeComponents(raw)
	}
	if _, ok := present["flags"]; ok {
		m.Flags = body.Flags
	}
	check := messageBody{Content: m.Content, Embeds: m.Embeds, Components: present["components"]}
	if _, fail := check.toInput(m.Attachments); fail != nil {
		return nil, fail
	}
	now := time.Now()
	m.EditedTimestamp = &now
	return &m, nil
}

// pinsEvent is the CHANNEL_PINS_UPDATE payload.
type pinsEvent struct {
	GuildID          string  `json:"guild_id,omitempty"`
	ChannelID        string  `json:"channel_id"`
	LastPinTimestamp *string `json:"last_pin_timestamp"`
}

// pin answers PUT /channels/{channel}/pins/{message}.
func (s *Server) pin(c *call) { s.setPinned(c, true) }

// unpin answers DELETE /channels/{channel}/pins/{message}.
func (s *Server) unpin(c *call) { s.setPinned(c, false) }

// setPinned pins or unpins a message (MANAGE_MESSAGES in guilds). Emits CHANNEL_PINS_UPDATE.
func (s *Server) setPinned(c *call, pinned bool) {
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel|discordgo.PermissionManageMessages)
		if fail != nil {
			return fail
		}
		i := ch.findMessage(c.param("message"))
		if i < 0 {
			return unknownMessage()
		}
		m := *ch.msgs[i]
		m.Pinned = pinned
		ch.msgs[i] = &m
		ev := event{typ: "CHANNEL_PINS_UPDATE", guildID: ch.guildID, intent: discordgo.IntentGuilds}
		if ch.guildID == "" {
			ev.intent = discordgo.IntentDirectMessages
		}
		ev.data = mustJSON(pinsEvent{GuildID: ch.guildID, ChannelID: ch.ID, LastPinTimestamp: timePtr(time.Now())})
		s.dispatchLocked(ev)
		return noContent()
	})
}

// listPins answers GET /channels/{channel}/pins, newest first.
func (s *Server) listPins(c *call) {
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel)
		if fail != nil {
			return fail
		}
		out := []*wireMessage{}
		for i := len(ch.msgs) - 1; i >= 0; i-- {
			if ch.msgs[i].Pinned {
				out = append(out, s.wireMessageLocked(ch.msgs[i], false))
			}
		}
		return ok(out)
	})
}
