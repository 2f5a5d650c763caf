package discordtest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"cogd/internal/fakeclock"

	"github.com/bwmarrin/discordgo"
)

// ixFixture is a demo world with guild commands and a bot session that collects interactions.
type ixFixture struct {
	srv   *Server
	demo  Demo
	dg    *discordgo.Session
	got   <-chan *discordgo.InteractionCreate
	clock *fakeclock.Clock
}

// testCommands are the guild commands of the interaction tests.
func testCommands() []*discordgo.ApplicationCommand {
	ban := int64(discordgo.PermissionBanMembers)
	one := 1.0
	return []*discordgo.ApplicationCommand{
		{Name: "ping", Description: "Pong"},
		{Name: "warn", Description: "Warn a member", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "who", Required: true},
			{Type: discordgo.ApplicationCommandOptionString, Name: "reason", Description: "why"},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "points", Description: "how many", MinValue: &one, Autocomplete: true},
			{Type: discordgo.ApplicationCommandOptionRole, Name: "role", Description: "role"},
			{Type: discordgo.ApplicationCommandOptionChannel, Name: "where", Description: "channel"},
		}},
		{Name: "config", Description: "Settings", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: "set", Description: "set a value", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "prefix", Description: "prefix", Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: "value", Description: "the prefix", Required: true},
				}},
			}},
		}},
		{Name: "ban", Description: "Ban", DefaultMemberPermissions: &ban, Contexts: &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}},
		{Type: discordgo.UserApplicationCommand, Name: "User info"},
		{Type: discordgo.MessageApplicationCommand, Name: "Report"},
	}
}

// newIxFixture registers testCommands in the demo guild (and /ping globally) and opens a
// bot session; the server's interaction clock is a fake clock.
func newIxFixture(t *testing.T) *ixFixture {
	t.Helper()
	srv := NewTB(t, Options{})
	f := &ixFixture{srv: srv, demo: srv.SeedDemo(), clock: fakeclock.New(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC))}
	srv.SetClock(f.clock.Now)
	f.dg = openSession(t, srv, allIntents, func(dg *discordgo.Session) { f.got = collect[*discordgo.InteractionCreate](dg) })
	if _, err := f.dg.ApplicationCommandBulkOverwrite(srv.BotID(), f.demo.Guild, testCommands()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.dg.ApplicationCommandBulkOverwrite(srv.BotID(), "", testCommands()[:1]); err != nil {
		t.Fatal(err)
	}
	return f
}

// slash invokes a command and returns the handle and the interaction the bot received.
func (f *ixFixture) slash(t *testing.T, in Slash) (*Interaction, *discordgo.Interaction) {
	t.Helper()
	ix, err := f.srv.InvokeSlash(testCtx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	return ix, f.next(t, ix)
}

// next returns the bot's copy of ix.
func (f *ixFixture) next(t *testing.T, ix *Interaction) *discordgo.Interaction {
	t.Helper()
	got := recv(t, f.got)
	if got.ID != ix.ID {
		t.Fatalf("received interaction %s, want %s", got.ID, ix.ID)
	}
	return got.Interaction
}

// respond sends a callback through discordgo.
func (f *ixFixture) respond(bi *discordgo.Interaction, typ discordgo.InteractionResponseType, data *discordgo.InteractionResponseData) error {
	return f.dg.InteractionRespond(bi, &discordgo.InteractionResponse{Type: typ, Data: data})
}

// framesOf returns the IDs in the recorded outgoing dispatches of type typ.
func framesOf(srv *Server, typ string) []string {
	var ids []string
	for _, fr := range srv.Frames() {
		if fr.Out && fr.Type == typ {
			var p struct {
				D struct {
					ID string `json:"id"`
				} `json:"d"`
			}
			_ = json.Unmarshal(fr.Raw, &p)
			ids = append(ids, p.D.ID)
		}
	}
	return ids
}

func TestSlashPayload(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	quiet := f.srv.AddChannel(d.Guild, Channel{Name: "quiet", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: d.MemberRole, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionEmbedLinks},
	}})
	ix, bi := f.slash(t, Slash{Channel: quiet, User: d.Alice, Name: "warn", Locale: "fr", Options: []Option{
		{Name: "member", Value: d.Bob}, {Name: "reason", Value: "spam"}, {Name: "points", Value: 2},
		{Name: "role", Value: d.ModRole}, {Name: "where", Value: d.General},
	}})
	data := bi.ApplicationCommandData()
	switch {
	case bi.Type != discordgo.InteractionApplicationCommand || data.Name != "warn" || data.CommandType != discordgo.ChatApplicationCommand:
		t.Fatalf("interaction = %+v", bi)
	case bi.Token != ix.Token || bi.AppID != f.srv.BotID() || bi.Version != 1 || bi.GuildID != d.Guild || bi.ChannelID != quiet:
		t.Fatalf("ids = %+v", bi)
	case bi.Locale != "fr" || bi.GuildLocale == nil || *bi.GuildLocale != "en-US" || bi.Context != discordgo.InteractionContextGuild:
		t.Fatalf("locale/context = %q %v %d", bi.Locale, bi.GuildLocale, bi.Context)
	case bi.Member == nil || bi.Member.User.ID != d.Alice || bi.User != nil:
		t.Fatalf("member = %+v user = %+v", bi.Member, bi.User)
	}
	if want := f.srv.Permissions(quiet, d.Alice); bi.Member.Permissions != want || want&discordgo.PermissionEmbedLinks != 0 {
		t.Errorf("member.permissions = %d, want %d without EMBED_LINKS", bi.Member.Permissions, want)
	}
	if general := f.srv.Permissions(d.General, d.Alice); general&discordgo.PermissionEmbedLinks == 0 {
		t.Errorf("EMBED_LINKS missing in #general too; the overwrite test proves nothing")
	}
	if want := f.srv.Permissions(quiet, f.srv.BotID()); bi.AppPermissions != want {
		t.Errorf("app_permissions = %d, want %d", bi.AppPermissions, want)
	}
	opts := data.Options
	if len(opts) != 5 || opts[0].UserValue(nil).ID != d.Bob || opts[1].StringValue() != "spam" || opts[2].IntValue() != 2 ||
		opts[3].RoleValue(nil, "").ID != d.ModRole || opts[4].ChannelValue(nil).ID != d.General {
		t.Fatalf("options = %+v", opts)
	}
	r := data.Resolved
	if r == nil || r.Users[d.Bob] == nil || r.Members[d.Bob] == nil || r.Roles[d.ModRole] == nil || r.Channels[d.General] == nil {
		t.Fatalf("resolved = %+v", r)
	}
	if r.Members[d.Bob].Permissions != f.srv.Permissions(quiet, d.Bob) || r.Channels[d.General].Name != "general" {
		t.Errorf("resolved member perms %d, channel %+v", r.Members[d.Bob].Permissions, r.Channels[d.General])
	}
}

func TestSlashSubcommandsAndErrors(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	_, bi := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "config", Options: []Option{
		{Name: "set", Options: []Option{{Name: "prefix", Options: []Option{{Name: "value", Value: "?"}}}}},
	}})
	o := bi.ApplicationCommandData().Options
	if len(o) != 1 || o[0].Type != discordgo.ApplicationCommandOptionSubCommandGroup || o[0].Options[0].Name != "prefix" ||
		o[0].Options[0].Options[0].StringValue() != "?" {
		t.Fatalf("options = %+v", o)
	}
	tests := []struct {
		name string
		in   Slash
		want error
	}{
		{"unknown command", Slash{Channel: d.General, User: d.Alice, Name: "nope"}, ErrUnknownCommand},
		{"missing required", Slash{Channel: d.General, User: d.Alice, Name: "warn"}, ErrBadOption},
		{"wrong type", Slash{Channel: d.General, User: d.Alice, Name: "warn", Options: []Option{{Name: "member", Value: d.Bob}, {Name: "points", Value: "two"}}}, ErrBadOption},
		{"below min_value", Slash{Channel: d.General, User: d.Alice, Name: "warn", Options: []Option{{Name: "member", Value: d.Bob}, {Name: "points", Value: 0}}}, ErrBadOption},
		{"hidden by default_member_permissions", Slash{Channel: d.General, User: d.Alice, Name: "ban"}, ErrCommandHidden},
		{"guild-only command in a DM", Slash{Channel: f.srv.DMChannel(d.Moderator), User: d.Moderator, Name: "ban"}, ErrUnknownCommand},
	}
	for _, tt := range tests {
		if _, err := f.srv.InvokeSlash(testCtx(t), tt.in); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	for _, in := range []Slash{
		{Channel: d.General, User: d.Moderator, Name: "ban"},
		{Channel: d.General, User: d.Alice, Name: "ban", Override: true},
	} {
		if _, err := f.srv.InvokeSlash(testCtx(t), in); err != nil {
			t.Errorf("%+v: %v", in, err)
		}
		recv(t, f.got)
	}
}

func TestDMInteractionCarriesUser(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	_, bi := f.slash(t, Slash{Channel: f.srv.DMChannel(f.demo.Bob), User: f.demo.Bob, Name: "ping"})
	if bi.Member != nil || bi.User == nil || bi.User.ID != f.demo.Bob || bi.GuildID != "" || bi.Context != discordgo.InteractionContextBotDM {
		t.Fatalf("DM interaction = %+v", bi)
	}
}

func TestCallbackRules(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	ix, bi := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "ping"})
	if err := f.respond(bi, discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{Content: "pong"}); err != nil {
		t.Fatal(err)
	}
	if err := f.respond(bi, discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{Content: "again"}); restCode(err) != 40060 || restStatus(err) != 400 {
		t.Fatalf("second callback: %v, want 400 40060", err)
	}
	resp, err := ix.Await(testCtx(t))
	if err != nil || resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Content != "pong" || !resp.OK() {
		t.Fatalf("Await = %+v, %v", resp, err)
	}
	if cbs := ix.Callbacks(); len(cbs) != 2 || cbs[1].Status != 400 {
		t.Fatalf("callbacks = %+v", cbs)
	}
	orig, ok := ix.Original()
	if !ok || orig.Content != "pong" || orig.Type != messageTypeChatInput {
		t.Fatalf("original = %+v", orig)
	}
	if m, ok := f.srv.Message(d.General, orig.ID); !ok || m.Content != "pong" {
		t.Fatal("response message not stored in the channel")
	}
	waitFor(t, f.srv, "MESSAGE_CREATE of the response", func() bool { return strings.Contains(strings.Join(framesOf(f.srv, "MESSAGE_CREATE"), ","), orig.ID) })

	late, lbi := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "ping"})
	f.clock.Advance(InteractionCallbackDeadline + time.Millisecond)
	if err := f.respond(lbi, discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{Content: "late"}); restCode(err) != 10062 || restStatus(err) != 404 {
		t.Fatalf("late callback: %v, want 404 10062", err)
	}
	if _, ok := late.Original(); ok {
		t.Fatal("late callback created a message")
	}
	if _, err := f.dg.FollowupMessageCreate(lbi, true, &discordgo.WebhookParams{Content: "x"}); restCode(err) != 10015 {
		t.Fatalf("followup of an unanswered interaction: %v, want 10015", err)
	}
}

func TestFollowupsAndEditsExpireAfter15Minutes(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	ix, bi := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "ping"})
	if err := f.respond(bi, discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{Content: "pong"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(14 * time.Minute)
	fu, err := f.dg.FollowupMessageCreate(bi, true, &discordgo.WebhookParams{Content: "more"})
	if err != nil || fu.Content != "more" {
		t.Fatalf("followup = %+v, %v", fu, err)
	}
	content := "pong!"
	if m, err := f.dg.InteractionResponseEdit(bi, &discordgo.WebhookEdit{Content: &content}); err != nil || m.Content != content {
		t.Fatalf("edit @original = %+v, %v", m, err)
	}
	edited := "more!"
	if _, err := f.dg.FollowupMessageEdit(bi, fu.ID, &discordgo.WebhookEdit{Content: &edited}); err != nil {
		t.Fatal(err)
	}
	if m, _ := f.srv.Message(d.General, fu.ID); m.Content != "more!" {
		t.Fatalf("followup after edit = %q", m.Content)
	}
	waitFor(t, f.srv, "MESSAGE_UPDATE of both", func() bool { return len(framesOf(f.srv, "MESSAGE_UPDATE")) == 2 })
	if got := do(t, f.srv, "GET", "/webhooks/"+f.srv.BotID()+"/"+bi.Token+"/messages/@original", ""); got.status != 200 || got.body["content"] != "pong!" {
		t.Fatalf("GET @original = %d %s", got.status, got.raw)
	}
	f.clock.Advance(time.Minute + time.Millisecond)
	if _, err := f.dg.FollowupMessageCreate(bi, true, &discordgo.WebhookParams{Content: "too late"}); restCode(err) != 50027 || restStatus(err) != 401 {
		t.Fatalf("followup after 15 min: %v, want 401 50027", err)
	}
	if err := f.dg.InteractionResponseDelete(bi); restCode(err) != 50027 {
		t.Fatalf("delete after 15 min: %v, want 50027", err)
	}
	kinds := []ResponseKind{}
	for _, r := range ix.Responses() {
		kinds = append(kinds, r.Kind)
	}
	if strings.Join(strSlice(kinds), ",") != "callback,followup,edit,edit" {
		t.Fatalf("responses = %v", kinds)
	}
}

// strSlice converts kinds to strings.
func strSlice(ks []ResponseKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func TestEphemeralResponsesAreNotEmitted(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	ix, bi := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "ping"})
	before := len(framesOf(f.srv, "MESSAGE_CREATE"))
	if err := f.respond(bi, discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{Content: "only you", Flags: discordgo.MessageFlagsEphemeral}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.dg.FollowupMessageCreate(bi, true, &discordgo.WebhookParams{Content: "also only you", Flags: discordgo.MessageFlagsEphemeral}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.dg.FollowupMessageCreate(bi, true, &discordgo.WebhookParams{Content: "everyone"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, f.srv, "the public followup", func() bool { return len(framesOf(f.srv, "MESSAGE_CREATE")) == before+1 })
	for _, m := range f.srv.Messages(d.General) {
		if strings.Contains(m.Content, "only you") {
			t.Fatalf("ephemeral message stored in the channel: %+v", m)
		}
	}
	resp, _ := ix.Await(testCtx(t))
	orig, ok := ix.Original()
	if !resp.Ephemeral() || !ok || orig.Content != "only you" || orig.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("response %+v original %+v", resp, orig)
	}
	if n := len(ix.Messages()); n != 3 {
		t.Fatalf("interaction messages = %d, want 3", n)
	}
}

func TestDeferredResponse(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	ix, bi := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "ping"})
	if err := f.respond(bi, discordgo.InteractionResponseDeferredChannelMessageWithSource, nil); err != nil {
		t.Fatal(err)
	}
	orig, ok := ix.Original()
	if !ok || orig.Flags&flagLoading == 0 {
		t.Fatalf("deferred original = %+v", orig)
	}
	f.clock.Advance(10 * time.Minute)
	content := "done"
	if _, err := f.dg.InteractionResponseEdit(bi, &discordgo.WebhookEdit{Content: &content, AllowedMentions: &discordgo.MessageAllowedMentions{}}); err != nil {
		t.Fatal(err)
	}
	reply, err := ix.AwaitReply(testCtx(t))
	if err != nil || reply.Kind != KindEdit || reply.Content != "done" || reply.AllowedMentions == nil {
		t.Fatalf("AwaitReply = %+v, %v", reply, err)
	}
	m, _ := f.srv.Message(d.General, orig.ID)
	if m.Content != "done" || m.Flags&flagLoading != 0 {
		t.Fatalf("message after edit = %+v", m)
	}
	waitFor(t, f.srv, "MESSAGE_UPDATE", func() bool { return len(framesOf(f.srv, "MESSAGE_UPDATE")) == 1 })

	ix2, bi2 := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "ping"})
	if err := f.respond(bi2, discordgo.InteractionResponseDeferredChannelMessageWithSource, &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}); err != nil {
		t.Fatal(err)
	}
	fu, err := f.dg.FollowupMessageCreate(bi2, true, &discordgo.WebhookParams{Content: "first followup"})
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := ix2.Original(); o.ID != fu.ID || o.Content != "first followup" || o.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("the first followup after a deferral must edit the (ephemeral) loading message: original %+v, followup %s", o, fu.ID)
	}
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	ix, err := f.srv.Autocomplete(testCtx(t), Slash{Channel: d.General, User: d.Alice, Name: "warn", Options: []Option{
		{Name: "member", Value: d.Bob}, {Name: "points", Value: 12, Focused: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	bi := f.next(t, ix)
	o := bi.ApplicationCommandData().Options
	if bi.Type != discordgo.InteractionApplicationCommandAutocomplete || len(o) != 2 || !o[1].Focused {
		t.Fatalf("autocomplete = %+v", bi)
	}
	if v, ok := o[1].Value.(string); !ok || v != "12" {
		t.Fatalf("focused INTEGER value = %#v, want the string \"12\"", o[1].Value)
	}
	choices := make([]*discordgo.ApplicationCommandOptionChoice, 26)
	for i := range choices {
		choices[i] = &discordgo.ApplicationCommandOptionChoice{Name: "c", Value: i}
	}
	if err := f.respond(bi, discordgo.InteractionApplicationCommandAutocompleteResult, &discordgo.InteractionResponseData{Choices: choices}); restCode(err) != 50035 {
		t.Fatalf("26 choices: %v, want 50035", err)
	}
	if err := f.respond(bi, discordgo.InteractionApplicationCommandAutocompleteResult, &discordgo.InteractionResponseData{Choices: choices[:3]}); err != nil {
		t.Fatal(err)
	}
	resp, err := ix.AwaitReply(testCtx(t))
	if err != nil || len(resp.Choices) != 3 {
		t.Fatalf("AwaitReply = %+v, %v", resp, err)
	}
}

func TestContextMenuCommands(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	ix, err := f.srv.InvokeUserCommand(testCtx(t), ContextMenu{Channel: d.General, User: d.Moderator, Name: "User info", Target: d.Bob})
	if err != nil {
		t.Fatal(err)
	}
	data := f.next(t, ix).ApplicationCommandData()
	if data.CommandType != discordgo.UserApplicationCommand || data.TargetID != d.Bob || data.Resolved.Users[d.Bob] == nil || data.Resolved.Members[d.Bob] == nil {
		t.Fatalf("user command data = %+v", data)
	}
	sent, err := f.srv.SendMessage(d.General, d.Bob, "rude words")
	if err != nil {
		t.Fatal(err)
	}
	ix, err = f.srv.InvokeMessageCommand(testCtx(t), ContextMenu{Channel: d.General, User: d.Alice, Name: "Report", Target: sent.ID})
	if err != nil {
		t.Fatal(err)
	}
	data = f.next(t, ix).ApplicationCommandData()
	if data.CommandType != discordgo.MessageApplicationCommand || data.TargetID != sent.ID || data.Resolved.Messages[sent.ID].Content != "rude words" {
		t.Fatalf("message command data = %+v", data)
	}
}

func TestButtonClickUpdatesMessage(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	msg, err := f.dg.ChannelMessageSendComplex(d.General, &discordgo.MessageSend{Content: "Ban 3 members?", Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Confirm", Style: discordgo.DangerButton, CustomID: "confirm:1"},
			discordgo.Button{Label: "Off", Style: discordgo.SecondaryButton, CustomID: "off", Disabled: true},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.srv.ClickButton(testCtx(t), Click{Channel: d.General, Message: msg.ID, User: d.Moderator, CustomID: "off"}); !errors.Is(err, ErrUnknownComponent) {
		t.Fatalf("click on a disabled button: %v", err)
	}
	ix, err := f.srv.ClickButton(testCtx(t), Click{Channel: d.General, Message: msg.ID, User: d.Moderator, CustomID: "confirm:1"})
	if err != nil {
		t.Fatal(err)
	}
	bi := f.next(t, ix)
	if bi.Type != discordgo.InteractionMessageComponent || bi.MessageComponentData().CustomID != "confirm:1" || bi.Message == nil || bi.Message.ID != msg.ID {
		t.Fatalf("component interaction = %+v", bi)
	}
	if err := f.respond(bi, discordgo.InteractionResponseUpdateMessage, &discordgo.InteractionResponseData{Content: "Banned 3 members.", Components: []discordgo.MessageComponent{}}); err != nil {
		t.Fatal(err)
	}
	m, _ := f.srv.Message(d.General, msg.ID)
	if m.Content != "Banned 3 members." || len(m.Components) != 0 {
		t.Fatalf("message after update = %+v", m)
	}
	waitFor(t, f.srv, "MESSAGE_UPDATE", func() bool { return len(framesOf(f.srv, "MESSAGE_UPDATE")) == 1 })
	if _, err := f.srv.ClickButton(testCtx(t), Click{Channel: d.General, Message: msg.ID, User: d.Moderator, CustomID: "confirm:1"}); !errors.Is(err, ErrUnknownComponent) {
		t.Fatalf("the button was removed: %v", err)
	}
}

func TestModalRoundTrip(t *testing.T) {
	t.Parallel()
	f := newIxFixture(t)
	d := f.demo
	_, bi := f.slash(t, Slash{Channel: d.General, User: d.Alice, Name: "ping"})
	modal := &discordgo.InteractionResponseData{CustomID: "report", Title: "Report", Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: "why", Label: "Why", Style: discordgo.TextInputShort}}},
	}}
	if err := f.respond(bi, discordgo.InteractionResponseModal, modal); err != nil {
		t.Fatal(err)
	}
	ix, err := f.srv.SubmitModal(testCtx(t), Modal{Channel: d.General, User: d.Alice, CustomID: "report", Values: map[string]string{"why": "spam"}})
	if err != nil {
		t.Fatal(err)
	}
	data := f.next(t, ix).ModalSubmitData()
	row, _ := data.Components[0].(*discordgo.ActionsRow)
	if data.CustomID != "report" || row == nil || row.Components[0].(*discordgo.TextInput).Value != "spam" {
		t.Fatalf("modal data = %+v", data)
	}
}
