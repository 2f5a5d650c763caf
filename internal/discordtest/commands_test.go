package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"cogd/internal/fakeclock"

	"github.com/bwmarrin/discordgo"
)

// fieldErrors returns the _errors code at a dotted path of a 50035 body, or "".
func fieldError(body map[string]any, path string) string {
	var cur any = body["errors"]
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[p]
	}
	m, _ := cur.(map[string]any)
	errs, _ := m["_errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	e, _ := errs[0].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// chat returns a valid CHAT_INPUT command JSON object with extra fields merged in.
func chat(name string, extra string) string {
	return `{"name":"` + name + `","description":"does things"` + extra + `}`
}

// manyOptions returns n optional STRING options.
func manyOptions(n int, required bool) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"type":3,"name":"o%d","description":"d","required":%v}`, i, required)
	}
	return b.String()
}

// manyChoices returns n STRING choices.
func manyChoices(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name":"c%d","value":"v%d"}`, i, i)
	}
	return b.String()
}

// manyCommands returns n commands of type typ as a JSON array body.
func manyCommands(n, typ int) string {
	parts := make([]string, n)
	for i := range parts {
		if typ == cmdChatInput {
			parts[i] = chat(fmt.Sprintf("c%d", i), "")
		} else {
			parts[i] = fmt.Sprintf(`{"type":%d,"name":"Menu %d"}`, typ, i)
		}
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestCommandValidation(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	path := "/applications/" + srv.BotID() + "/commands"
	tests := []struct {
		name, body string
		status     int
		field      string // dotted path of the field error, "" for a 30032 cap error
		code       string
	}{
		{"valid", "[" + chat("ping", "") + "]", 200, "", ""},
		{"upper-case name", "[" + chat("Ping", "") + "]", 400, "0.name", "APPLICATION_COMMAND_INVALID_NAME"},
		{"space in name", "[" + chat("two words", "") + "]", 400, "0.name", "APPLICATION_COMMAND_INVALID_NAME"},
		{"name too long", "[" + chat(strings.Repeat("a", 33), "") + "]", 400, "0.name", "BASE_TYPE_BAD_LENGTH"},
		{"unicode letters ok", "[" + chat("météo", "") + "]", 200, "", ""},
		{"empty description", `[{"name":"ping","description":""}]`, 400, "0.description", "BASE_TYPE_BAD_LENGTH"},
		{"description too long", `[{"name":"ping","description":"` + strings.Repeat("d", 101) + `"}]`, 400, "0.description", "BASE_TYPE_BAD_LENGTH"},
		{"user command any case", `[{"type":2,"name":"User Info"}]`, 200, "", ""},
		{"user command with description", `[{"type":2,"name":"User Info","description":"x"}]`, 400, "0.description", "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_NOT_EMPTY"},
		{"message command name too long", `[{"type":3,"name":"` + strings.Repeat("m", 33) + `"}]`, 400, "0.name", "BASE_TYPE_BAD_LENGTH"},
		{"bad command type", `[{"type":7,"name":"x","description":"y"}]`, 400, "0.type", "BASE_TYPE_CHOICES"},
		{"26 options", "[" + chat("ping", `,"options":[`+manyOptions(26, false)+`]`) + "]", 400, "0.options", "BASE_TYPE_MAX_LENGTH"},
		{"25 options", "[" + chat("ping", `,"options":[`+manyOptions(25, false)+`]`) + "]", 200, "", ""},
		{"required after optional", "[" + chat("ping", `,"options":[{"type":3,"name":"a","description":"d"},{"type":3,"name":"b","description":"d","required":true}]`) + "]", 400, "0.options.1", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID"},
		{"option upper-case name", "[" + chat("ping", `,"options":[{"type":3,"name":"Who","description":"d"}]`) + "]", 400, "0.options.0.name", "APPLICATION_COMMAND_INVALID_NAME"},
		{"option empty description", "[" + chat("ping", `,"options":[{"type":3,"name":"who","description":""}]`) + "]", 400, "0.options.0.description", "BASE_TYPE_BAD_LENGTH"},
		{"bad option type", "[" + chat("ping", `,"options":[{"type":12,"name":"who","description":"d"}]`) + "]", 400, "0.options.0.type", "BASE_TYPE_CHOICES"},
		{"26 choices", "[" + chat("ping", `,"options":[{"type":3,"name":"c","description":"d","choices":[`+manyChoices(26)+`]}]`) + "]", 400, "0.options.0.choices", "BASE_TYPE_MAX_LENGTH"},
		{"choices on boolean", "[" + chat("ping", `,"options":[{"type":5,"name":"c","description":"d","choices":[{"name":"a","value":"a"}]}]`) + "]", 400, "0.options.0.choices", "APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED"},
		{"integer choice not int", "[" + chat("ping", `,"options":[{"type":4,"name":"c","description":"d","choices":[{"name":"a","value":1.5}]}]`) + "]", 400, "0.options.0.choices.0.value", "NUMBER_TYPE_COERCE"},
		{"subcommand mixed with option", "[" + chat("config", `,"options":[{"type":1,"name":"show","description":"d"},{"type":3,"name":"x","description":"d"}]`) + "]", 400, "0.options", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID"},
		{"group in subcommand", "[" + chat("config", `,"options":[{"type":1,"name":"show","description":"d","options":[{"type":2,"name":"g","description":"d"}]}]`) + "]", 400, "0.options.0.options.0.type", "APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING"},
		{"group holding a string", "[" + chat("config", `,"options":[{"type":2,"name":"g","description":"d","options":[{"type":3,"name":"x","description":"d"}]}]`) + "]", 400, "0.options.0.options.0.type", "APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING"},
		{"group with subcommand ok", "[" + chat("config", `,"options":[{"type":2,"name":"g","description":"d","options":[{"type":1,"name":"s","description":"d","options":[{"type":3,"name":"x","description":"d","required":true}]}]}]`) + "]", 200, "", ""},
		{"required subcommand", "[" + chat("config", `,"options":[{"type":1,"name":"show","description":"d","required":true}]`) + "]", 400, "0.options.0.required", "APPLICATION_COMMAND_SUBCOMMAND_REQUIRED"},
		{"options on a string", "[" + chat("ping", `,"options":[{"type":3,"name":"x","description":"d","options":[{"type":3,"name":"y","description":"d"}]}]`) + "]", 400, "0.options.0.options", "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED"},
		{"duplicate option", "[" + chat("ping", `,"options":[{"type":3,"name":"x","description":"d"},{"type":3,"name":"x","description":"d"}]`) + "]", 400, "0.options.1.name", "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS"},
		{"duplicate command", "[" + chat("ping", "") + "," + chat("ping", "") + "]", 400, "1.name", "APPLICATION_COMMANDS_DUPLICATE_NAME"},
		{"min_length on integer", "[" + chat("ping", `,"options":[{"type":4,"name":"x","description":"d","min_length":1}]`) + "]", 400, "0.options.0.min_length", "APPLICATION_COMMAND_OPTION_LENGTH_NOT_ALLOWED"},
		{"max_length too big", "[" + chat("ping", `,"options":[{"type":3,"name":"x","description":"d","max_length":6001}]`) + "]", 400, "0.options.0.max_length", "NUMBER_TYPE_MAX"},
		{"autocomplete with choices", "[" + chat("ping", `,"options":[{"type":3,"name":"x","description":"d","autocomplete":true,"choices":[{"name":"a","value":"a"}]}]`) + "]", 400, "0.options.0.autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES"},
		{"permissions as number", "[" + chat("ping", `,"default_member_permissions":8`) + "]", 400, "0.default_member_permissions", "NUMBER_TYPE_COERCE"},
		{"permissions not digits", "[" + chat("ping", `,"default_member_permissions":"admin"`) + "]", 400, "0.default_member_permissions", "NUMBER_TYPE_COERCE"},
		{"permissions string ok", "[" + chat("ping", `,"default_member_permissions":"8","contexts":[0]`) + "]", 200, "", ""},
		{"bad context", "[" + chat("ping", `,"contexts":[3]`) + "]", 400, "0.contexts.0", "BASE_TYPE_CHOICES"},
		{"101 chat commands", manyCommands(101, cmdChatInput), 400, "", ""},
		{"100 chat commands", manyCommands(100, cmdChatInput), 200, "", ""},
		{"16 user commands", manyCommands(16, cmdUser), 400, "", ""},
		{"16 message commands", manyCommands(16, cmdMessage), 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := do(t, srv, "PUT", path, tt.body)
			if got.status != tt.status {
				t.Fatalf("status %d, want %d: %s", got.status, tt.status, got.raw)
			}
			switch {
			case tt.status == 200:
			case tt.field == "":
				if got.code() != 30032 {
					t.Fatalf("code %d, want 30032: %s", got.code(), got.raw)
				}
			default:
				if got.code() != 50035 || got.body["message"] != "Invalid Form Body" || fieldError(got.body, tt.field) != tt.code {
					t.Fatalf("body %s, want 50035 with %s at %s", got.raw, tt.code, tt.field)
				}
			}
		})
	}
}

func TestValidateCommands(t *testing.T) {
	t.Parallel()
	perms := int64(discordgo.PermissionBanMembers)
	good := []*discordgo.ApplicationCommand{{Name: "ban", Description: "Ban a member", DefaultMemberPermissions: &perms,
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "who", Required: true}}}}
	if err := ValidateCommands(good); err != nil {
		t.Fatalf("valid commands rejected: %v", err)
	}
	bad := []*discordgo.ApplicationCommand{{Name: "Ban", Description: "Ban"}}
	var ce *CommandError
	if err := ValidateCommands(bad); !errors.As(err, &ce) || ce.Path != "0.name" {
		t.Fatalf("ValidateCommands(upper-case) = %v, want a CommandError at 0.name", err)
	}
}

func TestCommandRegistration(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	dg := restSession(t, srv, 0)
	global := []*discordgo.ApplicationCommand{{Name: "ping", Description: "Pong"}, {Type: discordgo.UserApplicationCommand, Name: "User info"}}
	got, err := dg.ApplicationCommandBulkOverwrite(srv.BotID(), "", global)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID == "" || got[0].ApplicationID != srv.BotID() || got[0].Type != discordgo.ChatApplicationCommand {
		t.Fatalf("bulk overwrite answered %+v", got)
	}
	if _, err := dg.ApplicationCommandBulkOverwrite(srv.BotID(), demo.Guild, global[:1]); err != nil {
		t.Fatal(err)
	}
	again, err := dg.ApplicationCommandBulkOverwrite(srv.BotID(), "", global[:1])
	if err != nil {
		t.Fatal(err)
	}
	if again[0].ID != got[0].ID {
		t.Errorf("re-registered command changed ID %s → %s", got[0].ID, again[0].ID)
	}
	if n := len(srv.Commands("")); n != 1 {
		t.Errorf("global commands = %d, want 1 after the overwrite dropped one", n)
	}
	if n := len(srv.Commands(demo.Guild)); n != 1 {
		t.Errorf("guild commands = %d, want 1", n)
	}
	if st := srv.CommandStats(""); st.Puts != 2 || st.Creates != 2 {
		t.Errorf("global stats = %+v, want 2 puts and 2 creates", st)
	}
	if st := srv.CommandStats(demo.Guild); st.Puts != 1 || st.Creates != 1 {
		t.Errorf("guild stats = %+v", st)
	}
	listed, err := dg.ApplicationCommands(srv.BotID(), demo.Guild)
	if err != nil || len(listed) != 1 || listed[0].GuildID != demo.Guild {
		t.Fatalf("list guild commands = %+v, %v", listed, err)
	}
	if _, err := dg.ApplicationCommandBulkOverwrite(srv.BotID(), "999", global); restCode(err) != 50001 {
		t.Errorf("PUT to a guild the bot is not in: %v, want 50001", err)
	}
}

func TestSingleCommandRoutes(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	dg := restSession(t, srv, 0)
	c, err := dg.ApplicationCommandCreate(srv.BotID(), demo.Guild, &discordgo.ApplicationCommand{Name: "ping", Description: "Pong"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ApplicationCommand(srv.BotID(), demo.Guild, c.ID); err != nil {
		t.Fatal(err)
	}
	edited, err := dg.ApplicationCommandEdit(srv.BotID(), demo.Guild, c.ID, &discordgo.ApplicationCommand{Name: "ping", Description: "Pong!"})
	if err != nil || edited.Description != "Pong!" || edited.ID != c.ID {
		t.Fatalf("edit = %+v, %v", edited, err)
	}
	if _, err := dg.ApplicationCommandEdit(srv.BotID(), demo.Guild, c.ID, &discordgo.ApplicationCommand{Name: "PING", Description: "x"}); restCode(err) != 50035 {
		t.Errorf("edit to an invalid name: %v, want 50035", err)
	}
	if err := dg.ApplicationCommandDelete(srv.BotID(), demo.Guild, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ApplicationCommand(srv.BotID(), demo.Guild, c.ID); restCode(err) != 10063 {
		t.Errorf("get deleted command: %v, want 10063", err)
	}
	st := srv.CommandStats(demo.Guild)
	if st.Posts != 1 || st.Patches != 1 || st.Deletes != 1 || st.Puts != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestCommandCreateQuota(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	clock := fakeclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv.SetClock(clock.Now)
	srv.SetCommandCreateQuota(3)
	path := "/applications/" + srv.BotID() + "/guilds/" + demo.Guild + "/commands"
	if got := do(t, srv, "PUT", path, manyCommands(3, cmdChatInput)); got.status != 200 {
		t.Fatalf("first PUT: %d %s", got.status, got.raw)
	}
	clock.Advance(time.Hour)
	if got := do(t, srv, "PUT", path, manyCommands(3, cmdChatInput)); got.status != 200 {
		t.Fatalf("unchanged PUT must not count as creates: %d %s", got.status, got.raw)
	}
	got := do(t, srv, "PUT", path, manyCommands(4, cmdChatInput))
	retry, _ := got.body["retry_after"].(float64)
	if got.status != 429 || got.code() != 30034 || retry != (23*time.Hour).Seconds() {
		t.Fatalf("over quota: %d %s, want 429 30034 retry_after 82800", got.status, got.raw)
	}
	if other := do(t, srv, "PUT", "/applications/"+srv.BotID()+"/commands", manyCommands(3, cmdChatInput)); other.status != 200 {
		t.Fatalf("the global scope has its own quota: %d %s", other.status, other.raw)
	}
	clock.Advance(23 * time.Hour)
	if got := do(t, srv, "PUT", path, manyCommands(4, cmdChatInput)); got.status != 200 {
		t.Fatalf("after a day: %d %s", got.status, got.raw)
	}
	var cmds []map[string]any
	_ = json.Unmarshal(do(t, srv, "GET", path, "").raw, &cmds)
	if len(cmds) != 4 {
		t.Fatalf("GET = %d commands, want 4", len(cmds))
	}
}

func FuzzValidateCommandList(f *testing.F) {
	f.Add([]byte("[" + chat("ping", `,"options":[{"type":1,"name":"a","description":"d","options":[{"type":4,"name":"n","description":"d","min_value":1,"max_value":0}]}]`) + "]"))
	f.Add([]byte(`[{"type":2,"name":"User info"},{"name":"x","description":"y","default_member_permissions":"8","contexts":[0,1]}]`))
	f.Add([]byte(`[{"name":"x","description":"y","options":[{"type":3,"name":"s","description":"d","choices":[{"name":"a","value":1}]}]}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var cmds []*wireCommand
		if json.Unmarshal(body, &cmds) != nil {
			return
		}
		if validateCommandList(cmds) != nil {
			return
		}
		var again []*wireCommand
		if err := json.Unmarshal(mustJSON(cmds), &again); err != nil {
			t.Fatalf("re-decode of accepted commands: %v", err)
		}
		if ce := validateCommandList(again); ce != nil {
			t.Fatalf("accepted commands rejected after a round trip: %v", ce)
		}
	})
}
