package openapicheck

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cogd/internal/discordtest"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// spec loads the repository's spec or fails the test.
func spec(t *testing.T) *Spec {
	t.Helper()
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// botTraffic drives a discordgo bot through the REST calls of the brief: a message with
// embeds and allowed_mentions, a ban, a bulk command overwrite, an interaction callback,
// a followup and an edit of @original. It returns the recorded requests.
func botTraffic(t *testing.T) []discordtest.Request {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	srv := discordtest.NewTB(t, discordtest.Options{})
	demo := srv.SeedDemo()
	dg, err := srv.NewSession(discordgo.IntentsGuilds | discordgo.IntentsGuildMessages)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *discordgo.InteractionCreate, 1)
	dg.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { got <- ic })
	if err := srv.Open(ctx, dg); err != nil {
		t.Fatal(err)
	}
	defer func() {
		dg.Lock()
		dg.ShouldReconnectOnError = false
		dg.Unlock()
		_ = dg.Close()
		dg.Client.Transport.(*discordtest.Transport).CloseIdleConnections()
	}()
	none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	_, err = dg.ChannelMessageSendComplex(demo.General, &discordgo.MessageSend{
		Content: "hello <@" + demo.Alice + ">", AllowedMentions: none,
		Embeds: []*discordgo.MessageEmbed{{Title: "Case #1", Description: "warned", Color: 0xe67e22,
			Fields: []*discordgo.MessageEmbedField{{Name: "Reason", Value: "spam", Inline: true}},
			Footer: &discordgo.MessageEmbedFooter{Text: "cogd"}, Timestamp: time.Now().UTC().Format(time.RFC3339)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := dg.GuildBanCreateWithReason(demo.Guild, demo.Bob, "spam", 1); err != nil {
		t.Fatal(err)
	}
	perms := int64(discordgo.PermissionBanMembers)
	min1 := 1.0
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ping", Description: "Pong"},
		{Name: "warn", Description: "Warn a member", DefaultMemberPermissions: &perms,
			Contexts: &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild},
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "who", Required: true},
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "points", Description: "how many", MinValue: &min1},
			}},
		{Type: discordgo.UserApplicationCommand, Name: "User info"},
	}
	if _, err := dg.ApplicationCommandBulkOverwrite(srv.BotID(), demo.Guild, cmds); err != nil {
		t.Fatal(err)
	}
	ix, err := srv.InvokeSlash(ctx, discordtest.Slash{Channel: demo.General, User: demo.Alice, Name: "ping"})
	if err != nil {
		t.Fatal(err)
	}
	var bi *discordgo.InteractionCreate
	select {
	case bi = <-got:
	case <-ctx.Done():
		t.Fatal("no interaction")
	}
	err = dg.InteractionRespond(bi.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}})
	if err != nil {
		t.Fatal(err)
	}
	content := "Pong!"
	if _, err := dg.InteractionResponseEdit(bi.Interaction, &discordgo.WebhookEdit{Content: &content, AllowedMentions: none}); err != nil {
		t.Fatal(err)
	}
	if _, err := dg.FollowupMessageCreate(bi.Interaction, true, &discordgo.WebhookParams{Content: "and more", AllowedMentions: none,
		Flags: discordgo.MessageFlagsEphemeral}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.AwaitMatch(ctx, func(r discordtest.Response) bool { return r.Kind == discordtest.KindFollowup }); err != nil {
		t.Fatal(err)
	}
	componentTraffic(ctx, t, srv, dg, got, demo)
	return srv.Requests()
}

func TestEmulatorTrafficMatchesSpec(t *testing.T) {
	t.Parallel()
	reqs := botTraffic(t)
	routes := map[string]bool{}
	for _, r := range reqs {
		routes[r.Method+" "+r.Path] = true
	}
	if len(reqs) < 6 {
		t.Fatalf("only %d requests recorded: %v", len(reqs), routes)
	}
	CheckRecording(t, reqs)
}

// recorder is a testing.TB that keeps the errors it is given.
type recorder struct {
	testing.TB
	errs []string
}

// Helper implements testing.TB.
func (r *recorder) Helper() {}

// Errorf implements testing.TB.
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheckRecordingReportsEveryMismatch(t *testing.T) {
	t.Parallel()
	reqs := []discordtest.Request{
		{Method: "POST", Path: "/api/v9/channels/1/messages", Body: []byte(`{"embeds":[{"title":"` + strings.Repeat("t", 300) + `"}]}`)},
		{Method: "GET", Path: "/api/v9/nowhere"},
		{Method: "POST", Path: "/api/v9/channels/1/messages", Body: []byte(`{"content":"ok"}`)},
	}
	rec := &recorder{TB: t}
	CheckRecording(rec, reqs)
	if len(rec.errs) != 2 || !strings.Contains(rec.errs[0], "/embeds/0/title") || !strings.Contains(rec.errs[1], "no such route") {
		t.Fatalf("errors = %q", rec.errs)
	}
}

func TestSpecRejects(t *testing.T) {
	t.Parallel()
	s := spec(t)
	tests := []struct {
		name, method, path, body string
		field, reason            string // substrings expected in one mismatch
	}{
		{"embed title of 300", "POST", "/api/v9/channels/1/messages", `{"embeds":[{"title":"` + strings.Repeat("t", 300) + `"}]}`, "/embeds/0/title", "maxLength"},
		{"bogus allowed_mentions.parse", "POST", "/api/v9/channels/1/messages", `{"content":"x","allowed_mentions":{"parse":["everyone","bogus"]}}`, "/allowed_mentions/parse/1", ""},
		{"snowflake too long", "POST", "/api/v9/channels/1/messages", `{"content":"x","allowed_mentions":{"users":["123456789012345678901"]}}`, "/allowed_mentions/users/0", ""},
		{"content not a string", "PATCH", "/api/v9/webhooks/1/tok/messages/@original", `{"content":5}`, "/content", "string"},
		{"command name too long", "PUT", "/api/v9/applications/1/commands", `[{"name":"` + strings.Repeat("a", 40) + `","description":"d"}]`, "/0/name", "maxLength"},
		{"callback of unknown type", "POST", "/api/v9/interactions/1/tok/callback", `{"type":42}`, "/type", ""},
		{"autocomplete with 26 choices", "POST", "/api/v9/interactions/1/tok/callback", `{"type":8,"data":{"choices":[` + choices(26) + `]}}`, "/data/choices", ""},
		{"bulk delete without body", "POST", "/api/v9/channels/1/messages/bulk-delete", ``, "/", "missing property"},
		{"permissions not digits", "PUT", "/api/v9/applications/1/commands", `[{"name":"a","description":"d","default_member_permissions":"admin"}]`, "/0/default_member_permissions", ""},
		{"unknown route", "GET", "/api/v9/applications/1/nowhere", ``, "", "no such route"},
		{"wrong method", "PATCH", "/api/v9/gateway", `{}`, "", "method not allowed"},
		{"body where none is taken", "GET", "/api/v9/users/@me", `{"x":1}`, "", "no JSON body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := s.Check(tt.method, tt.path, "application/json", []byte(tt.body))
			for _, m := range ms {
				if strings.HasPrefix(m.Field, tt.field) && (tt.field != "" || m.Field == "") && strings.Contains(m.Reason, tt.reason) {
					return
				}
			}
			t.Fatalf("mismatches %v, want one at %q mentioning %q", ms, tt.field, tt.reason)
		})
	}
}

// choices returns n autocomplete choices.
func choices(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"name":"c%d","value":"v%d"}`, i, i)
	}
	return strings.Join(parts, ",")
}

func TestSpecAccepts(t *testing.T) {
	t.Parallel()
	s := spec(t)
	tests := []struct{ name, method, path, contentType, body string }{
		{"message", "POST", "/api/v9/channels/1/messages", "application/json", `{"content":"hi","allowed_mentions":{"parse":[]}}`},
		{"callback type 4", "POST", "/api/v10/interactions/1/tok/callback", "application/json", `{"type":4,"data":{"content":"hi","flags":64,"allowed_mentions":{"parse":[]}}}`},
		{"multipart payload_json", "POST", "/api/v9/webhooks/1/tok", "multipart/form-data; boundary=XX",
			"--XX\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{\"content\":\"hi\"}\r\n--XX--\r\n"},
		{"GET without body", "GET", "/api/v9/webhooks/1/tok/messages/@original", "", ``},
		{"ban without body", "PUT", "/api/v9/guilds/1/bans/2", "", ``},
		{"permissions as string", "PUT", "/api/v9/applications/1/commands", "application/json", `[{"name":"a","description":"d","default_member_permissions":"8"}]`},
		{"permissions as integer", "PUT", "/api/v9/applications/1/commands", "application/json", `[{"name":"a","description":"d","default_member_permissions":8}]`},
	}
	for _, tt := range tests {
		if ms := s.Check(tt.method, tt.path, tt.contentType, []byte(tt.body)); len(ms) != 0 {
			t.Errorf("%s: %v", tt.name, ms)
		}
	}
}

func TestAdditionalPropertiesAndNullable(t *testing.T) {
	t.Parallel()
	doc := `{"openapi":"3.1.0","paths":{"/things/{id}":{"post":{"requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}},
	"components":{"schemas":{"Thing":{"type":"object","additionalProperties":false,"required":["id"],
	"properties":{"id":{"$ref":"#/components/schemas/SnowflakeType"},"note":{"type":["string","null"],"minLength":2},
	"n":{"type":"integer","minimum":1,"maximum":3},"tags":{"type":"array","items":{"enum":["a","b"]},"maxItems":2},
	"kind":{"anyOf":[{"type":"null"},{"allOf":[{"type":"integer"},{"enum":[1,2]}]}]}}},
	"SnowflakeType":{"type":"string","pattern":"^(0|[1-9][0-9]*)$","format":"snowflake"}}}}`
	s, err := Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		body, field string // field "" means valid
	}{
		{`{"id":"1","note":null,"n":2,"tags":["a"],"kind":null}`, ""},
		{`{"id":"1","kind":2}`, ""},
		{`{"id":"1","extra":true}`, "/"},
		{`{"note":"xx"}`, "/"},
		{`{"id":"01"}`, "/id"},
		{`{"id":"1","note":"x"}`, "/note"},
		{`{"id":"1","n":4}`, "/n"},
		{`{"id":"1","tags":["a","b","a"]}`, "/tags"},
		{`{"id":"1","tags":["c"]}`, "/tags/0"},
		{`{"id":"1","kind":3}`, "/kind"},
	}
	for _, tt := range tests {
		ms := s.Check("POST", "/things/5", "application/json", []byte(tt.body))
		switch {
		case tt.field == "" && len(ms) != 0:
			t.Errorf("%s: unexpected %v", tt.body, ms)
		case tt.field != "" && (len(ms) == 0 || ms[0].Field != tt.field):
			t.Errorf("%s: mismatches %v, want one at %s", tt.body, ms, tt.field)
		}
	}
}

func FuzzCheck(f *testing.F) {
	s, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("POST", "/api/v9/channels/1/messages", `{"content":"hi","embeds":[{"title":"t"}]}`)
	f.Add("POST", "/api/v10/interactions/1/t/callback", `{"type":4,"data":{"content":"x"}}`)
	f.Add("PUT", "/api/v9/applications/1/commands", `[{"name":"a","description":"b"}]`)
	f.Fuzz(func(t *testing.T, method, path, body string) {
		for _, m := range s.Check(method, path, "application/json", []byte(body)) {
			if m.Reason == "" {
				t.Fatalf("mismatch without a reason: %+v", m)
			}
		}
	})
}

// componentTraffic adds autocomplete, a message with a button, its click and a type-7 update.
func componentTraffic(ctx context.Context, t *testing.T, srv *discordtest.Server, dg *discordgo.Session, got <-chan *discordgo.InteractionCreate, demo discordtest.Demo) {
	t.Helper()
	next := func() *discordgo.Interaction {
		select {
		case ic := <-got:
			return ic.Interaction
		case <-ctx.Done():
			t.Fatal("no interaction")
			return nil
		}
	}
	if _, err := srv.Autocomplete(ctx, discordtest.Slash{Channel: demo.General, User: demo.Moderator, Name: "warn",
		Options: []discordtest.Option{{Name: "points", Value: "1", Focused: true}}}); err != nil {
		t.Fatal(err)
	}
	err := dg.InteractionRespond(next(), &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "one", Value: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := dg.ChannelMessageSendComplex(demo.General, &discordgo.MessageSend{Content: "Confirm?", Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Yes", Style: discordgo.DangerButton, CustomID: "yes"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.ClickButton(ctx, discordtest.Click{Channel: demo.General, Message: msg.ID, User: demo.Moderator, CustomID: "yes"}); err != nil {
		t.Fatal(err)
	}
	err = dg.InteractionRespond(next(), &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "Done.", Components: []discordgo.MessageComponent{},
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}})
	if err != nil {
		t.Fatal(err)
	}
}
