package moderation_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
	"cogd/internal/discordtest/openapicheck"
)

// ixCtx bounds one interaction test step.
func ixCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// slash invokes a chat-input command as user in #general and returns
// what the user finally sees.
func (h *harness) slash(in discordtest.Slash) (*discordtest.Interaction, discordtest.Response) {
	h.t.Helper()
	ctx := ixCtx(h.t)
	in.Channel = h.w.General
	ix, err := h.emu.InvokeSlash(ctx, in)
	if err != nil {
		h.t.Fatalf("/%s: %v", in.Name, err)
	}
	r, err := ix.AwaitReply(ctx)
	if err != nil {
		h.t.Fatalf("/%s: no reply: %v\n%s", in.Name, err, h.logs.String())
	}
	return ix, r
}

// menu invokes a context-menu command and returns what the user sees.
func (h *harness) menu(in discordtest.ContextMenu, message bool) discordtest.Response {
	h.t.Helper()
	ctx := ixCtx(h.t)
	in.Channel = h.w.General
	invoke := h.emu.InvokeUserCommand
	if message {
		invoke = h.emu.InvokeMessageCommand
	}
	ix, err := invoke(ctx, in)
	if err != nil {
		h.t.Fatalf("%q: %v", in.Name, err)
	}
	r, err := ix.AwaitReply(ctx)
	if err != nil {
		h.t.Fatalf("%q: no reply: %v\n%s", in.Name, err, h.logs.String())
	}
	if n := len(ix.Callbacks()); n != 1 {
		h.t.Errorf("%q: %d callbacks, want 1", in.Name, n)
	}
	return r
}

// completeCases autocompletes the case number of /name as user and
// returns the choices.
func (h *harness) completeCases(name, option, user, typed string) []*discordgo.ApplicationCommandOptionChoice {
	h.t.Helper()
	ctx := ixCtx(h.t)
	ix, err := h.emu.Autocomplete(ctx, discordtest.Slash{Channel: h.w.General, User: user, Name: name, Override: true,
		Options: []discordtest.Option{{Name: option, Value: typed, Focused: true}}})
	if err != nil {
		h.t.Fatal(err)
	}
	r, err := ix.Await(ctx)
	if err != nil || !r.OK() || r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		h.t.Fatalf("autocomplete /%s %q: %+v, %v", name, typed, r, err)
	}
	if len(r.Choices) > 25 {
		h.t.Errorf("%d choices, Discord shows at most 25", len(r.Choices))
	}
	return r.Choices
}

// dms returns the messages in user's DM channel.
func (h *harness) dms(user string) []*discordgo.Message { return h.emu.Messages(h.emu.DMChannel(user)) }

func TestSlashWarnByModerator(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	_, r := h.slash(discordtest.Slash{User: h.w.Moderator, Name: "warn",
		Options: []discordtest.Option{{Name: "member", Value: h.w.Alice}, {Name: "reason", Value: "spamming @everyone"}}})
	if r.Content != "Case #1: warned **alice** (1 point, 1 active)." || r.Ephemeral() {
		t.Fatalf("/warn answered %+v", r)
	}
	c := h.lastCase()
	if c.Action != modstore.ActionWarn || c.TargetID != h.w.Alice || c.ModeratorID != h.w.Moderator || c.Reason != "spamming @everyone" {
		t.Fatalf("case = %+v", c)
	}
	h.eventually("the DM", func() bool {
		dm := h.dms(h.w.Alice)
		return len(dm) == 1 && strings.Contains(dm[0].Content, "You were warned in **Demo Server** (case #1, 1 point)")
	})
	h.eventually("the modlog entry", func() bool {
		log := h.emu.Messages(h.w.Modlog)
		return len(log) == 1 && log[0].Embeds[0].Title == "Case #1 · Warn"
	})
	openapicheck.CheckRecording(t, h.emu.Requests())
}

// TestSlashWarnByMember: Discord hides /warn from members; a server admin
// may override that, and then cogd's own check refuses, privately, with
// no case and no DM.
func TestSlashWarnByMember(t *testing.T) {
	t.Parallel()
	h := start(t)
	in := discordtest.Slash{Channel: h.w.General, User: h.w.Alice, Name: "warn",
		Options: []discordtest.Option{{Name: "member", Value: h.w.Bob}, {Name: "reason", Value: "no reason"}}}
	if _, err := h.emu.InvokeSlash(ixCtx(t), in); !errors.Is(err, discordtest.ErrCommandHidden) {
		t.Fatalf("a member invoked /warn without an override: %v, want ErrCommandHidden", err)
	}
	in.Override = true
	_, r := h.slash(in)
	if !r.Ephemeral() || !strings.Contains(r.Content, "Timeout Members") {
		t.Fatalf("/warn by a member answered %+v; want a private refusal naming the permission", r)
	}
	if cs := h.cases(); len(cs) != 0 {
		t.Fatalf("a refused /warn recorded cases: %+v", cs)
	}
	if dm := h.dms(h.w.Bob); len(dm) != 0 {
		t.Fatalf("a refused /warn sent a DM: %q", texts(dm))
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

// TestWarningsUserCommand: "Warnings" shows a moderator, privately, the
// target's active warnings and recent cases; members do not get it.
func TestWarningsUserCommand(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Moderator, "!warn bob 2 spam links")
	h.reply(h.w.Moderator, "!warn bob flooding")
	h.reply(h.w.Moderator, "!unwarn 2 mistake")
	r := h.menu(discordtest.ContextMenu{User: h.w.Moderator, Name: "Warnings", Target: h.w.Bob}, false)
	if !r.Ephemeral() || len(r.Embeds) != 1 {
		t.Fatalf("Warnings answered %+v; want one private embed", r)
	}
	e := r.Embeds[0]
	body := text(&discordgo.Message{Embeds: r.Embeds})
	if e.Title != "Active warnings of bob" || !strings.Contains(e.Description, "2 active points") {
		t.Fatalf("Warnings embed:\n%s", body)
	}
	for _, want := range []string{"#1 · 2 points · active", "Recent cases", "#3 · Warning revoked", "#2 · Warn", "revoked"} {
		if !strings.Contains(body, want) {
			t.Errorf("Warnings embed lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "#2 · 1 point · revoked") {
		t.Errorf("a revoked warning is listed as a warning:\n%s", body)
	}
	in := discordtest.ContextMenu{Channel: h.w.General, User: h.w.Alice, Name: "Warnings", Target: h.w.Bob}
	if _, err := h.emu.InvokeUserCommand(ixCtx(t), in); !errors.Is(err, discordtest.ErrCommandHidden) {
		t.Fatalf("a member got Warnings: %v, want ErrCommandHidden", err)
	}
	in.Override = true
	if r := h.menu(in, false); !r.Ephemeral() || len(r.Embeds) != 0 || !strings.Contains(r.Content, "Timeout Members") {
		t.Fatalf("Warnings by a member (override) answered %+v", r)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

// TestCaseNumberAutocomplete: /case and /reason suggest the guild's newest
// cases matching the digits typed, to moderators only.
func TestCaseNumberAutocomplete(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Moderator, "!warn alice spam")
	h.reply(h.w.Moderator, "!warn bob")
	for range 10 {
		h.reply(h.w.Moderator, "!warn bob again")
	}
	got := h.completeCases("case", "number", h.w.Moderator, "")
	if len(got) != 12 || got[0].Value != "12" || got[11].Value != "1" || got[11].Name != "#1 warn alice — spam" || got[10].Name != "#2 warn bob" {
		t.Fatalf("choices for nothing typed: %+v", got)
	}
	got = h.completeCases("reason", "case", h.w.Moderator, "#1")
	var values []string
	for _, c := range got {
		values = append(values, c.Value.(string))
	}
	if strings.Join(values, ",") != "12,11,10,1" {
		t.Fatalf("choices for \"#1\": %v", values)
	}
	if got := h.completeCases("case", "number", h.w.Moderator, "x"); len(got) != 0 {
		t.Fatalf("choices for \"x\": %+v", got)
	}
	if got := h.completeCases("case", "number", h.w.Alice, ""); len(got) != 0 {
		t.Fatalf("a member was offered cases: %+v", got)
	}
	if got := h.completeCases("unwarn", "case", h.w.Moderator, "2"); len(got) != 1 || got[0].Value != 2.0 {
		t.Fatalf("/unwarn choices for \"2\": %+v; want warning 2, as a number", got)
	}
	h.reply(h.w.Moderator, "!unwarn 2")
	if got := h.completeCases("unwarn", "case", h.w.Moderator, "2"); len(got) != 0 {
		t.Fatalf("/unwarn offers a revoked warning: %+v", got)
	}
	if got := h.completeCases("unwarn", "case", h.w.Moderator, "1"); len(got) != 4 || got[0].Value != 12.0 {
		t.Fatalf("/unwarn choices for \"1\": %+v; want 12, 11, 10, 1 (not the unwarn case 13)", got)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

// TestReportToModerators: the message command posts the message's link,
// author and content to the modlog and answers the reporter privately.
func TestReportToModerators(t *testing.T) {
	t.Parallel()
	h := start(t)
	m, err := h.emu.SendMessage(h.w.General, h.w.Bob, "buy cheap followers @everyone")
	if err != nil {
		t.Fatal(err)
	}
	in := discordtest.ContextMenu{User: h.w.Alice, Name: "Report to moderators", Target: m.ID}
	if r := h.menu(in, true); !r.Ephemeral() || !strings.Contains(r.Content, "no modlog channel") {
		t.Fatalf("report without a modlog answered %+v", r)
	}
	h.reply(h.w.Owner, "!modlog <#"+h.w.Modlog+">")
	if r := h.menu(in, true); !r.Ephemeral() || r.Content != "Reported to the moderators." {
		t.Fatalf("report answered %+v", r)
	}
	var report *discordgo.MessageEmbed
	h.eventually("the report in the modlog", func() bool {
		for _, lm := range h.emu.Messages(h.w.Modlog) {
			if len(lm.Embeds) == 1 && lm.Embeds[0].Title == "Message reported" {
				report = lm.Embeds[0]
				return true
			}
		}
		return false
	})
	body := text(&discordgo.Message{Embeds: []*discordgo.MessageEmbed{report}})
	link := "https://discord.com/channels/" + h.w.Guild + "/" + h.w.General + "/" + m.ID
	for _, want := range []string{"buy cheap followers @\u200beveryone", "bob (" + mention(h.w.Bob) + ")", link,
		"alice (" + mention(h.w.Alice) + ")"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q:\n%s", want, body)
		}
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}
