package discordtest

import (
	"encoding/json"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// webhookInteractionLocked finds the interaction of a /webhooks/{app}/{token} route:
// 404 10015 when unknown or not yet acknowledged, 401 50027 once the token is 15 minutes old.
func (s *Server) webhookInteractionLocked(c *call) (*interaction, answer) {
	ix := s.appLocked().byToken[c.param("token")]
	if ix == nil || c.param("app") != s.opts.BotID || !ix.acked {
		return nil, apiErr(http.StatusNotFound, 10015, "Unknown Webhook")
	}
	if s.appLocked().now().Sub(ix.created) > InteractionTokenLifetime {
		return nil, apiErr(http.StatusUnauthorized, 50027, "Invalid Webhook Token")
	}
	if s.w.channels[ix.channelID] == nil {
		return nil, unknownChannel()
	}
	return ix, nil
}

// webhookMessageID maps {message} (@original or an ID) to a message of the interaction.
func webhookMessageID(ix *interaction, param string) (string, answer) {
	id := param
	if param == "@original" {
		id = ix.originalID
	}
	if id == "" || (!ix.msgIDs[id] && id != ix.sourceID) {
		return "", unknownMessage()
	}
	return id, nil
}

// executeWebhook answers POST /webhooks/{app}/{token}: a followup message (ephemeral with
// flag 64). After a deferral (type 5) the first followup edits the loading message, as
// Discord does. 200 with the message when ?wait=true, else 204.
func (s *Server) executeWebhook(c *call) {
	body, present, files, valid := c.webhookMessageRequest()
	if !valid {
		return
	}
	in, fail := body.toInput(files)
	if fail != nil {
		fail(c)
		return
	}
	var created *discordgo.Message
	s.locked(c, func() answer {
		ix, fail := s.webhookInteractionLocked(c)
		if fail != nil {
			return fail
		}
		resp := Response{Kind: KindFollowup, Raw: c.body}
		resp.fillMessage(&body)
		var m *discordgo.Message
		if ix.pendingDefer {
			m, fail = s.ixEditLocked(ix, ix.originalID, present, &body)
			ix.pendingDefer = false
		} else {
			m = s.ixCreateLocked(ix, in)
			created = m
		}
		if fail != nil {
			return fail
		}
		resp.MessageID, resp.Status = m.ID, http.StatusOK
		ix.events = append(ix.events, resp)
		if c.r.URL.Query().Get("wait") != "true" {
			return noContent()
		}
		return ok(s.wireMessageLocked(m, false))
	})
	if created != nil && created.Flags&flagEphemeral == 0 {
		s.publish(created)
	}
}

// webhookMessageLocked resolves the interaction of the webhook route and
// the message it names (@original or a followup's ID).
func (s *Server) webhookMessageLocked(c *call) (*interaction, string, answer) {
	ix, fail := s.webhookInteractionLocked(c)
	if fail != nil {
		return nil, "", fail
	}
	id, fail := webhookMessageID(ix, c.param("message"))
	if fail != nil {
		return nil, "", fail
	}
	return ix, id, nil
}

// getWebhookMessage answers GET /webhooks/{app}/{token}/messages/{message}.
func (s *Server) getWebhookMessage(c *call) {
	s.locked(c, func() answer {
		ix, id, fail := s.webhookMessageLocked(c)
		if fail != nil {
			return fail
		}
		m, _, _ := s.ixMessageLocked(ix, id)
		if m == nil {
			return unknownMessage()
		}
		return ok(s.wireMessageLocked(m, false))
	})
}

// editWebhookMessage answers PATCH /webhooks/{app}/{token}/messages/{message}
// (@original or a followup's ID): MESSAGE_UPDATE unless ephemeral.
func (s *Server) editWebhookMessage(c *call) {
	body, present, _, valid := c.webhookMessageRequest()
	if !valid {
		return
	}
	s.locked(c, func() answer {
		ix, id, fail := s.webhookMessageLocked(c)
		if fail != nil {
			return fail
		}
		m, fail := s.ixEditLocked(ix, id, present, &body)
		if fail != nil {
			return fail
		}
		if id == ix.originalID {
			ix.pendingDefer = false
		}
		resp := Response{Kind: KindEdit, MessageID: id, Status: http.StatusOK, Raw: c.body}
		resp.fillMessage(&body)
		ix.events = append(ix.events, resp)
		return ok(s.wireMessageLocked(m, false))
	})
}

// deleteWebhookMessage answers DELETE /webhooks/{app}/{token}/messages/{message}.
func (s *Server) deleteWebhookMessage(c *call) {
	s.locked(c, func() answer {
		ix, id, fail := s.webhookMessageLocked(c)
		if fail != nil {
			return fail
		}
		if fail := s.ixDeleteLocked(ix, id); fail != nil {
			return fail
		}
		ix.events = append(ix.events, Response{Kind: KindDelete, MessageID: id, Status: http.StatusNoContent})
		return noContent()
	})
}

// webhookMessageRequest decodes the body of a webhook message request (see
// messagePayload): the message, the top-level keys it holds (an edit
// changes only those) and its uploads. Bad JSON is answered 400 and
// reported with valid false.
func (c *call) webhookMessageRequest() (body messageBody, present map[string]json.RawMessage, files []*discordgo.MessageAttachment, valid bool) {
	payload, files := c.messagePayload()
	present = map[string]json.RawMessage{}
	if len(payload) > 0 && (json.Unmarshal(payload, &body) != nil || json.Unmarshal(payload, &present) != nil) {
		c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return body, nil, nil, false
	}
	return body, present, files, true
}
