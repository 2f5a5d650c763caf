package bottest

import (
	"fmt"
	"testing"

	"cogd/internal/discordtest"
)

// recordTB records Errorf calls instead of failing.
type recordTB struct {
	testing.TB
	errs []string
}

func (r *recordTB) Helper() {}
func (r *recordTB) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}

func TestCheckAllowedMentions(t *testing.T) {
	tests := []struct {
		method, path, body string
		bad                bool
	}{
		{"POST", "/api/v9/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":[]}}`, false},
		{"POST", "/api/v9/channels/1/messages", `{"content":"hi"}`, true},
		{"POST", "/api/v9/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":["everyone"]}}`, true},
		{"PATCH", "/api/v9/channels/1/messages/2", `{"content":"hi","allowed_mentions":{"parse":null}}`, true},
		{"POST", "/api/v9/interactions/1/tok/callback", `{"type":4,"data":{"content":"x"}}`, true},
		{"POST", "/api/v9/interactions/1/tok/callback", `{"type":4,"data":{"content":"x","allowed_mentions":{"parse":[]}}}`, false},
		{"POST", "/api/v9/interactions/1/tok/callback", `{"type":5,"data":{}}`, false},
		{"POST", "/api/v9/interactions/1/tok/callback", `{"type":8,"data":{"choices":[]}}`, false},
		{"POST", "/api/v9/webhooks/1/tok", `{"content":"x"}`, true},
		{"PATCH", "/api/v9/webhooks/1/tok/messages/@original", `{"content":"x","allowed_mentions":{"parse":[]}}`, false},
		{"POST", "/api/v9/channels/1/messages/bulk-delete", `{"messages":["1","2"]}`, false},
		{"PUT", "/api/v9/guilds/1/bans/2", `{}`, false},
	}
	for _, tt := range tests {
		rec := &recordTB{TB: t}
		CheckAllowedMentions(rec, []discordtest.Request{{Method: tt.method, Path: tt.path, Body: []byte(tt.body)}})
		if got := len(rec.errs) > 0; got != tt.bad {
			t.Errorf("%s %s %s: reported %v, want %v (%v)", tt.method, tt.path, tt.body, got, tt.bad, rec.errs)
		}
	}
}
