package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Interaction callback types.
const (
	cbPong                  = 1
	cbMessage               = 4
	cbDeferredMessage       = 5
	cbDeferredUpdate        = 6
	cbUpdateMessage         = 7
	cbAutocompleteResult    = 8
	cbModal                 = 9
	flagEphemeral           = discordgo.MessageFlagsEphemeral
	flagLoading             = discordgo.MessageFlags(1 << 7)
	messageTypeChatInput    = discordgo.MessageType(20)
	messageTypeContextMenu  = discordgo.MessageType(23)
	maxModalTitle           = 45
	maxModalRows            = 5
	maxAutocompleteChoices  = 25
	maxAutocompleteNameSize = 100
)

// callbackBody is the body of POST /interactions/{id}/{token}/callback.
type callbackBody struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
}

// callbackData holds the fields of every callback data variant.
type callbackData struct {
	messageBody
	Choices    []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	Title      string                                      `json:"title"`
	CustomID   string                                      `json:"custom_id"`
	Components json.RawMessage                             `json:"components"`
}

// interactionCallback answers POST /interactions/{interaction}/{token}/callback: 404 10062
// for an unknown or expired (3 s) interaction, 400 40060 for a second callback; otherwise
// applies the response and answers 204.
func (s *Server) interactionCallback(c *call) {
	payload, files := c.messagePayload()
	var body callbackBody
	if err := json.Unmarshal(payload, &body); err != nil {
		c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	var data callbackData
	present := map[string]json.RawMessage{}
	if len(body.Data) > 0 && string(body.Data) != "null" {
		if json.Unmarshal(body.Data, &data) != nil || json.Unmarshal(body.Data, &present) != nil {
			c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
			return
		}
	}
	data.messageBody.Components = data.Components
	var created *discordgo.Message
	s.locked(c, func() answer {
		ix := s.interactionLocked(c.param("interaction"))
		if ix == nil || ix.token != c.param("token") {
			return unknownInteraction()
		}
		resp := Response{Kind: KindCallback, Type: discordgo.InteractionResponseType(body.Type), Raw: c.body}
		resp.fill(&data)
		a, m := s.callbackLocked(ix, body.Type, &data, present, files)
		created = m
		resp.Status = statusOf(a)
		if m != nil {
			resp.MessageID = m.ID
		}
		ix.events = append(ix.events, resp)
		s.changedLocked()
		if a != nil {
			return a
		}
		return noContent()
	})
	if created != nil && created.Flags&flagEphemeral == 0 {
		s.publish(created)
	}
}

// callbackLocked checks the deadline and the type, then applies a callback.
func (s *Server) callbackLocked(ix *interaction, typ int, data *callbackData, present map[string]json.RawMessage, files []*discordgo.MessageAttachment) (answer, *discordgo.Message) {
	if ix.acked {
		return apiErr(http.StatusBadRequest, 40060, "Interaction has already been acknowledged."), nil
	}
	if s.w.channels[ix.channelID] == nil {
		return unknownChannel(), nil
	}
	if s.appLocked().now().Sub(ix.created) > InteractionCallbackDeadline {
		return unknownInteraction(), nil
	}
	if fail := checkCallbackType(ix.kind, typ); fail != nil {
		return fail, nil
	}
	if fail := checkCallbackData(typ, data); fail != nil {
		return fail, nil
	}
	m, fail := s.applyCallbackLocked(ix, typ, data, present, files)
	if fail != nil {
		return fail, nil
	}
	ix.acked, ix.ackType = true, typ
	return nil, m
}

// applyCallbackLocked performs a valid callback's effect on the world.
func (s *Server) applyCallbackLocked(ix *interaction, typ int, data *callbackData, present map[string]json.RawMessage, files []*discordgo.MessageAttachment) (*discordgo.Message, answer) {
	switch typ {
	case cbMessage:
		in, fail := data.messageBody.toInput(files)
		if fail != nil {
			return nil, fail
		}
		m := s.ixCreateLocked(ix, in)
		ix.originalID = m.ID
		return m, nil
	case cbDeferredMessage:
		ix.pendingDefer = true
		m := s.ixCreateLocked(ix, msgInput{flags: data.Flags&flagEphemeral | flagLoading})
		ix.originalID = m.ID
		return m, nil
	case cbDeferredUpdate:
		ix.originalID = ix.sourceID
	case cbUpdateMessage:
		ix.originalID = ix.sourceID
		if _, fail := s.ixEditLocked(ix, ix.sourceID, present, &data.messageBody); fail != nil {
			return nil, fail
		}
	}
	return nil, nil
}

// checkCallbackType checks that a callback type fits the interaction type.
func checkCallbackType(kind, typ int) answer {
	allowed := map[int][]int{
		ixPing:               {cbPong},
		ixApplicationCommand: {cbMessage, cbDeferredMessage, cbModal},
		ixMessageComponent:   {cbMessage, cbDeferredMessage, cbDeferredUpdate, cbUpdateMessage, cbModal},
		ixAutocomplete:       {cbAutocompleteResult},
		ixModalSubmit:        {cbMessage, cbDeferredMessage, cbDeferredUpdate, cbUpdateMessage},
	}
	for _, t := range allowed[kind] {
		if t == typ {
			return nil
		}
	}
	if typ < cbPong || typ > cbModal || typ == 2 || typ == 3 {
		return nestedFormErr([]string{"type"}, "BASE_TYPE_CHOICES", "Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.")
	}
	return apiErr(http.StatusBadRequest, 50035, fmt.Sprintf("Interaction callback type %d is not valid for interaction type %d", typ, kind))
}

// checkCallbackData checks the autocomplete choices and the modal fields.
func checkCallbackData(typ int, data *callbackData) answer {
	switch typ {
	case cbAutocompleteResult:
		if len(data.Choices) > maxAutocompleteChoices {
			return nestedFormErr([]string{"data", "choices"}, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		for i, ch := range data.Choices {
			if ch == nil || utf8.RuneCountInString(ch.Name) < 1 || utf8.RuneCountInString(ch.Name) > maxAutocompleteNameSize {
				return nestedFormErr([]string{"data", "choices", strconv.Itoa(i), "name"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
			}
		}
	case cbModal:
		if data.CustomID == "" || utf8.RuneCountInString(data.CustomID) > 100 {
			return nestedFormErr([]string{"data", "custom_id"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if n := utf8.RuneCountInString(data.Title); n < 1 || n > maxModalTitle {
			return nestedFormErr([]string{"data", "title"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
		}
		if rows := decodeComponents(data.Components); len(rows) < 1 || len(rows) > maxModalRows {
			return nestedFormErr([]string{"data", "components"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
		}
	}
	return nil
}

// unknownInteraction is Discord's answer for an unknown or expired interaction.
func unknownInteraction() answer { return apiErr(http.StatusNotFound, 10062, "Unknown interaction") }

// statusOf runs an answer against a recorder to learn its status (0 for nil = 204).
func statusOf(a answer) int {
	if a == nil {
		return http.StatusNoContent
	}
	rec := newResponseBuffer()
	a(&call{w: rec})
	return rec.status
}

// ixCreateLocked creates a message of the interaction's response: stored in the channel
// with MESSAGE_CREATE, or, with flag 64, kept only in the interaction's recording.
func (s *Server) ixCreateLocked(ix *interaction, in msgInput) *discordgo.Message {
	c := s.w.channels[ix.channelID]
	now := time.Now()
	m := &discordgo.Message{
		ID: strconv.FormatInt(s.ids.nextInt(now), 10), ChannelID: c.ID, GuildID: c.guildID,
		Content: in.content, Timestamp: now, Author: s.userOfLocked(s.opts.BotID), TTS: in.tts,
		Embeds: in.embeds, Components: in.components, Attachments: in.attachments, Flags: in.flags,
		Type: ixMessageType(ix), WebhookID: s.opts.BotID,
	}
	if g := s.w.guilds[c.guildID]; g != nil && g.members[s.opts.BotID] != nil {
		m.Member = discordMember(g.ID, g.members[s.opts.BotID])
	}
	s.resolveMentionsLocked(c, m, in.allowed)
	ix.msgIDs[m.ID] = true
	if in.flags&flagEphemeral != 0 {
		s.appLocked().private[m.ID] = m
		s.changedLocked()
		return m
	}
	c.appendMessage(m)
	if in.allowed != nil {
		if c.allowed == nil {
			c.allowed = map[string]*discordgo.MessageAllowedMentions{}
		}
		c.allowed[m.ID] = in.allowed
	}
	s.messageEventLocked("MESSAGE_CREATE", c, m)
	s.changedLocked()
	return m
}

// ixMessageType is the message type of a response to the interaction.
func ixMessageType(ix *interaction) discordgo.MessageType {
	switch {
	case ix.kind == ixApplicationCommand && ix.cmdType == cmdChatInput:
		return messageTypeChatInput
	case ix.kind == ixApplicationCommand:
		return messageTypeContextMenu
	}
	return discordgo.MessageTypeDefault
}

// ixMessageLocked returns a message the interaction may edit: ephemeral or in its channel.
func (s *Server) ixMessageLocked(ix *interaction, id string) (*discordgo.Message, *channel, int) {
	if m := s.appLocked().private[id]; m != nil {
		return m, nil, -1
	}
	c := s.w.channels[ix.channelID]
	if c == nil {
		return nil, nil, -1
	}
	if i := c.findMessage(id); i >= 0 {
		return c.msgs[i], c, i
	}
	return nil, nil, -1
}

// ixEditLocked edits message id with the fields present; a world message gets
// MESSAGE_UPDATE, an ephemeral one is only recorded. The loading flag is cleared.
func (s *Server) ixEditLocked(ix *interaction, id string, present map[string]json.RawMessage, body *messageBody) (*discordgo.Message, answer) {
	old, c, i := s.ixMessageLocked(ix, id)
	if old == nil {
		return nil, unknownMessage()
	}
	ephemeral := old.Flags & flagEphemeral
	m, fail := editedMessage(old, present, body)
	if fail != nil {
		return nil, fail
	}
	m.Flags = (m.Flags &^ (flagLoading | flagEphemeral)) | ephemeral
	if c == nil {
		s.appLocked().private[id] = m
		s.changedLocked()
		return m, nil
	}
	m.Mentions, m.MentionRoles = nil, nil
	s.resolveMentionsLocked(c, m, body.AllowedMentions)
	c.msgs[i] = m
	s.messageEventLocked("MESSAGE_UPDATE", c, m)
	s.changedLocked()
	return m, nil
}

// ixDeleteLocked deletes message id (MESSAGE_DELETE for world messages).
func (s *Server) ixDeleteLocked(ix *interaction, id string) answer {
	old, c, _ := s.ixMessageLocked(ix, id)
	if old == nil {
		return unknownMessage()
	}
	if c == nil {
		delete(s.appLocked().private, id)
	} else {
		s.deleteMessagesLocked(c, []string{id}, false)
	}
	s.changedLocked()
	return nil
}
