package discordtest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// messageBody is the JSON body of POST /channels/{channel}/messages.
type messageBody struct {
	Content          string                            `json:"content"`
	Embeds           []*discordgo.MessageEmbed         `json:"embeds"`
	Embed            *discordgo.MessageEmbed           `json:"embed"`
	TTS              bool                              `json:"tts"`
	Components       json.RawMessage                   `json:"components"`
	AllowedMentions  *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	MessageReference *discordgo.MessageReference       `json:"message_reference"`
	StickerIDs       []string                          `json:"sticker_ids"`
	Flags            discordgo.MessageFlags            `json:"flags"`
}

// decodeComponents decodes message components through discordgo's own decoder.
func decodeComponents(raw json.RawMessage) []discordgo.MessageComponent {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "[]" {
		return nil
	}
	var m discordgo.Message
	if json.Unmarshal([]byte(`{"components":`+string(raw)+`}`), &m) != nil {
		return nil
	}
	return m.Components
}

// messagePayload returns the JSON part of a message request (payload_json for multipart)
// and the uploaded files as attachments.
func (c *call) messagePayload() ([]byte, []*discordgo.MessageAttachment) {
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		return c.body, nil
	}
	var payload []byte
	var files []*discordgo.MessageAttachment
	mr := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return payload, files
		}
		data, _ := io.ReadAll(p)
		if p.FormName() == "payload_json" {
			payload = data
		} else if p.FileName() != "" {
			files = append(files, &discordgo.MessageAttachment{Filename: p.FileName(), Size: len(data), ContentType: p.Header.Get("Content-Type")})
		}
	}
}

// toInput validates the body like Discord and converts it; the answer is non-nil on error.
func (b *messageBody) toInput(files []*discordgo.MessageAttachment) (msgInput, answer) {
	if b.Embed != nil {
		b.Embeds = append(b.Embeds, b.Embed)
	}
	in := msgInput{content: b.Content, embeds: b.Embeds, components: decodeComponents(b.Components),
		attachments: files, tts: b.TTS, flags: b.Flags, ref: b.MessageReference, allowed: b.AllowedMentions}
	switch {
	case utf8.RuneCountInString(b.Content) > 2000:
		return in, formErr("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
	case len(b.Embeds) > 10:
		return in, formErr("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	case strings.TrimSpace(b.Content) == "" && len(b.Embeds) == 0 && len(in.components) == 0 && len(files) == 0 && len(b.StickerIDs) == 0:
		return in, apiErr(http.StatusBadRequest, 50006, "Cannot send an empty message")
	}
	return in, validateEmbeds(b.Embeds)
}

// postMessage answers POST /channels/{channel}/messages: checks, stores, dispatches
// MESSAGE_CREATE and hands the message to subscribers.
func (s *Server) postMessage(c *call) {
	payload, files := c.messagePayload()
	var body messageBody
	if len(payload) > 0 {
		if err := json.Unmarshal(payload, &body); err != nil {
			c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
			return
		}
	}
	in, fail := body.toInput(files)
	if fail != nil {
		fail(c)
		return
	}
	var created *discordgo.Message
	s.locked(c, func() answer {
		m, wm, fail := s.botPostLocked(c.param("channel"), in)
		created = m
		if fail != nil {
			return fail
		}
		return ok(wm)
	})
	if created != nil {
		s.publish(created)
	}
}

// botPostLocked checks the bot's right to post in channelID and creates the message.
func (s *Server) botPostLocked(channelID string, in msgInput) (*discordgo.Message, *wireMessage, answer) {
	need := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages)
	if in.ref != nil {
		need |= discordgo.PermissionReadMessageHistory
	}
	ch, fail := s.botChannelLocked(channelID, need)
	if fail != nil {
		return nil, nil, fail
	}
	if u := s.w.users[ch.recipientID]; ch.recipientID != "" && (u == nil || u.DMsClosed || u.Bot) {
		return nil, nil, apiErr(http.StatusForbidden, 50007, "Cannot send messages to this user")
	}
	if in.ref != nil && ch.findMessage(in.ref.MessageID) < 0 && (in.ref.FailIfNotExists == nil || *in.ref.FailIfNotExists) {
		return nil, nil, formErr("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
	}
	for i, a := range in.attachments {
		a.ID = s.ids.next()
		a.URL = "https://cdn.discordapp.com/attachments/" + ch.ID + "/" + a.ID + "/" + a.Filename
		a.ProxyURL = a.URL
		in.attachments[i] = a
	}
	m := s.createMessageLocked(ch, s.opts.BotID, in)
	if in.allowed != nil {
		if ch.allowed == nil {
			ch.allowed = map[string]*discordgo.MessageAllowedMentions{}
		}
		ch.allowed[m.ID] = in.allowed
	}
	return m, s.wireMessageLocked(m, false), nil
}

// AllowedMentions returns the allowed_mentions the bot sent with message messageID in
// channelID (nil when it sent none).
func (s *Server) AllowedMentions(channelID, messageID string) *discordgo.MessageAllowedMentions {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.w.channels[channelID]; c != nil {
		return c.allowed[messageID]
	}
	return nil
}
