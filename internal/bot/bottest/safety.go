package bottest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
)

// CheckAllowedMentions fails tb for every message the bot sent, edited or
// answered an interaction with whose body lacks allowed_mentions with an
// empty parse list (DESIGN: nothing may ping unless a command opts in; no
// command of cogd's does).
func CheckAllowedMentions(tb testing.TB, reqs []discordtest.Request) {
	tb.Helper()
	for _, r := range reqs {
		body, ok := messageBody(r)
		if !ok {
			continue
		}
		var m struct {
			AllowedMentions *struct {
				Parse []string `json:"parse"`
			} `json:"allowed_mentions"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			tb.Errorf("%s %s: body is not JSON: %v", r.Method, r.Path, err)
			continue
		}
		if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
			tb.Errorf("%s %s: allowed_mentions is not an empty parse list: %s", r.Method, r.Path, body)
		}
	}
}

// messageBody returns the message part of a request that sends or edits a
// message: the body of a channel message or webhook request, the data of
// an interaction callback that carries a message (types 4 and 7).
func messageBody(r discordtest.Request) ([]byte, bool) {
	path := r.Path
	if i := strings.Index(path, "/api/v"); i >= 0 {
		if j := strings.IndexByte(path[i+len("/api/v"):], '/'); j >= 0 {
			path = path[i+len("/api/v")+j:]
		}
	}
	switch {
	case len(r.Body) == 0 || !strings.HasPrefix(strings.TrimSpace(string(r.Body)), "{"):
		return nil, false // multipart uploads and bodiless requests
	case strings.HasPrefix(path, "/interactions/") && strings.HasSuffix(path, "/callback"):
		var cb struct {
			Type discordgo.InteractionResponseType `json:"type"`
			Data json.RawMessage                   `json:"data"`
		}
		if json.Unmarshal(r.Body, &cb) != nil {
			return r.Body, true
		}
		ok := cb.Type == discordgo.InteractionResponseChannelMessageWithSource || cb.Type == discordgo.InteractionResponseUpdateMessage
		return cb.Data, ok
	case strings.HasPrefix(path, "/webhooks/") && (r.Method == http.MethodPost || r.Method == http.MethodPatch):
		return r.Body, true
	case strings.HasPrefix(path, "/channels/") && strings.Contains(path, "/messages") &&
		(r.Method == http.MethodPost && strings.HasSuffix(path, "/messages") || r.Method == http.MethodPatch):
		return r.Body, !strings.HasSuffix(path, "/bulk-delete")
	}
	return nil, false
}
