package discordtest

import (
	"net/http"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// botChannelLocked returns channel id if the bot may use it with the permissions need
// (checked in guild channels only), or the error answer.
func (s *Server) botChannelLocked(id string, need int64) (*channel, answer) {
	ch := s.w.channels[id]
	if ch == nil {
		return nil, unknownChannel()
	}
	if ch.guildID == "" {
		return ch, nil
	}
	perms := s.botChannelPermsLocked(ch)
	if perms&discordgo.PermissionViewChannel == 0 {
		return nil, missingAccess()
	}
	if perms&need != need {
		return nil, missingPermissions()
	}
	return ch, nil
}

// getChannel answers GET /channels/{channel}.
func (s *Server) getChannel(c *call) {
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel)
		if fail != nil {
			return fail
		}
		return ok(s.channelLocked(ch))
	})
}

// listMessages answers GET /channels/{channel}/messages?limit&before&after&around, newest first.
func (s *Server) listMessages(c *call) {
	limit := c.queryInt("limit", 50)
	if limit < 1 || limit > 100 {
		c.invalidForm("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 100.")
		return
	}
	q := c.r.URL.Query()
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel)
		if fail != nil {
			return fail
		}
		out := []*wireMessage{}
		if ch.guildID != "" && s.botChannelPermsLocked(ch)&discordgo.PermissionReadMessageHistory == 0 {
			return ok(out)
		}
		for _, m := range selectMessages(ch.msgs, limit, q.Get("before"), q.Get("after"), q.Get("around")) {
			out = append(out, s.wireMessageLocked(m, false))
		}
		return ok(out)
	})
}

// selectMessages picks up to limit messages (oldest-first input) and returns them newest first.
func selectMessages(msgs []*discordgo.Message, limit int, before, after, around string) []*discordgo.Message {
	var sel []*discordgo.Message
	switch {
	case after != "":
		i := firstAfter(msgs, after)
		sel = msgs[i:min(i+limit, len(msgs))]
	case around != "":
		i := firstAfter(msgs, around) - 1
		lo := max(i-limit/2, 0)
		sel = msgs[lo:min(lo+limit, len(msgs))]
	default:
		end := len(msgs)
		if before != "" {
			end = firstAfter(msgs, before)
			if end > 0 && msgs[end-1].ID == before {
				end--
			}
		}
		sel = msgs[max(end-limit, 0):end]
	}
	out := slices.Clone(sel)
	slices.Reverse(out)
	return out
}

// firstAfter returns the index of the first message with an ID greater than id.
func firstAfter(msgs []*discordgo.Message, id string) int {
	i, _ := slices.BinarySearchFunc(msgs, id, func(m *discordgo.Message, id string) int {
		if idLess(id, m.ID) {
			return 1
		}
		return -1
	})
	return i
}

// getMessage answers GET /channels/{channel}/messages/{message}.
func (s *Server) getMessage(c *call) {
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel|discordgo.PermissionReadMessageHistory)
		if fail != nil {
			return fail
		}
		i := ch.findMessage(c.param("message"))
		if i < 0 {
			return unknownMessage()
		}
		return ok(s.wireMessageLocked(ch.msgs[i], false))
	})
}

// deleteMessage answers DELETE /channels/{channel}/messages/{message}: the bot's own
// messages, or anyone's with MANAGE_MESSAGES. Emits MESSAGE_DELETE.
func (s *Server) deleteMessage(c *call) {
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel)
		if fail != nil {
			return fail
		}
		i := ch.findMessage(c.param("message"))
		if i < 0 {
			return unknownMessage()
		}
		if ch.msgs[i].Author.ID != s.opts.BotID && ch.guildID != "" && s.botChannelPermsLocked(ch)&discordgo.PermissionManageMessages == 0 {
			return missingPermissions()
		}
		if ch.guildID == "" && ch.msgs[i].Author.ID != s.opts.BotID {
			return apiErr(http.StatusForbidden, 50003, "Cannot execute action on a DM channel")
		}
		s.deleteMessagesLocked(ch, []string{ch.msgs[i].ID}, false)
		return noContent()
	})
}

// deleteEvent is the MESSAGE_DELETE payload.
type deleteEvent struct {
	ID        string `json:"id"`
	ChannelID string `json:"channel_id"`
	GuildID   string `json:"guild_id,omitempty"`
}

// bulkDeleteEvent is the MESSAGE_DELETE_BULK payload.
type bulkDeleteEvent struct {
	IDs       []string `json:"ids"`
	ChannelID string   `json:"channel_id"`
	GuildID   string   `json:"guild_id,omitempty"`
}

// deleteMessagesLocked removes ids from ch and dispatches MESSAGE_DELETE_BULK (bulk) or
// MESSAGE_DELETE for one ID.
func (s *Server) deleteMessagesLocked(ch *channel, ids []string, bulk bool) {
	ch.msgs = slices.DeleteFunc(ch.msgs, func(m *discordgo.Message) bool { return slices.Contains(ids, m.ID) })
	ev := event{typ: "MESSAGE_DELETE", guildID: ch.guildID, intent: discordgo.IntentGuildMessages}
	if ch.guildID == "" {
		ev.intent = discordgo.IntentDirectMessages
	}
	if !bulk {
		ev.data = mustJSON(deleteEvent{ID: ids[0], ChannelID: ch.ID, GuildID: ch.guildID})
	} else {
		ev.typ, ev.data = "MESSAGE_DELETE_BULK", mustJSON(bulkDeleteEvent{IDs: ids, ChannelID: ch.ID, GuildID: ch.guildID})
	}
	s.dispatchLocked(ev)
	s.changedLocked()
}

// bulkDelete answers POST /channels/{channel}/messages/bulk-delete {messages: [2..100 ids]}.
func (s *Server) bulkDelete(c *call) {
	var in struct {
		Messages []string `json:"messages"`
	}
	if !c.decode(&in) {
		return
	}
	if fail := validateBulk(in.Messages); fail != nil {
		fail(c)
		return
	}
	s.locked(c, func() answer {
		ch, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionViewChannel|discordgo.PermissionManageMessages)
		if fail != nil {
			return fail
		}
		var ids []string
		for _, id := range in.Messages {
			if ch.findMessage(id) >= 0 && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			s.deleteMessagesLocked(ch, ids, true)
		}
		return noContent()
	})
}

// validateBulk checks the bulk-delete IDs like Discord: 2..100, none older than 14 days.
func validateBulk(ids []string) answer {
	switch {
	case len(ids) < 2:
		return formErr("messages", "BASE_TYPE_MIN_LENGTH", "Must be 2 or more in length.")
	case len(ids) > 100:
		return formErr("messages", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	limit := time.Now().Add(-14 * 24 * time.Hour)
	for _, id := range ids {
		if SnowflakeTime(id).Before(limit) {
			return apiErr(http.StatusBadRequest, 50034, "You can only bulk delete messages that are under 14 days old.")
		}
	}
	return nil
}

// typing answers POST /channels/{channel}/typing.
func (s *Server) typing(c *call) {
	s.locked(c, func() answer {
		if _, fail := s.botChannelLocked(c.param("channel"), discordgo.PermissionSendMessages); fail != nil {
			return fail
		}
		return noContent()
	})
}
