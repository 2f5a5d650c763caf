package command

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/help")

// golden compares v rendered as indented JSON with testdata/help/name.golden.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", "help", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the rendering (go test -update rewrites it):\n%s", path, got)
	}
}

func helpTable(t *testing.T) *Table {
	groups := sampleGroups()
	warn := groups[0].Commands[0]
	warn.Description = "Warn a member; three warnings mean a timeout."
	warn.Aliases = []string{"w", "strike"}
	warn.Examples = []string{"warn @alice 2 spamming", "warn bob"}
	warn.Permissions = discordgo.PermissionModerateMembers | discordgo.PermissionManageMessages
	warn.BotPermissions = discordgo.PermissionModerateMembers
	warn.Cooldown = &Cooldown{Rate: 2, Per: 10 * time.Second, Bucket: BucketMember, MaxConcurrency: 1}
	warn.GuildOnly = true
	warn.Params[0] = Member("member", "who to warn")
	warn.Params[1] = Int("points", "how many points").Optional(1).Min(1).Max(10)
	warn.Params[2] = String("reason", "why, shown in the modlog").Optional("").MaxLen(400).Rest()
	groups[0].Commands[1].Description = "Ban a user."
	groups[0].Commands[2].Description = "Read and clear warnings."
	groups[0].Commands[2].Subcommands[0].Description = "List a member's warnings."
	groups[1].Commands[0].Description = "Check the bot's latency."
	return mustTable(t, groups...)
}

func TestHelpGolden(t *testing.T) {
	tbl := helpTable(t)
	golden(t, "index", HelpIndex(tbl, "!", nil))
	golden(t, "index_filtered", HelpIndex(tbl, "?", allow(func(c *Command) bool { return c.Cog() == "Utility" })))
	golden(t, "index_empty", HelpIndex(tbl, "!", allow(func(*Command) bool { return false })))
	golden(t, "index_owner", HelpIndex(tbl, "!", ownerSees("ban", "list")))
	golden(t, "command_warn", HelpCommand(tbl.Find("warn"), "!", nil))
	golden(t, "command_warnings", HelpCommand(tbl.Find("warnings"), "!", nil))
	golden(t, "command_warnings_owner", HelpCommand(tbl.Find("warnings"), "!", ownerSees("list")))
	golden(t, "command_ping", HelpCommand(tbl.Find("ping"), "<@300000000000000001> ", nil))
	golden(t, "command_warn_refused", HelpCommand(tbl.Find("warn"), "!", refuse("Needs: Moderate Members")))
	golden(t, "command_ban_owner_only", HelpCommand(tbl.Find("ban"), "!", refuse("Owner only")))
	golden(t, "command_ban_owner", HelpCommand(tbl.Find("ban"), "!", ownerSees("ban")))
	g, _ := tbl.Group("moderation")
	golden(t, "group_moderation", HelpGroup(g, "!", nil))
	golden(t, "group_moderation_member", HelpGroup(g, "!", refuse("Needs: Ban Members")))
	golden(t, "group_moderation_partial", HelpGroup(g, "!", allow(func(c *Command) bool { return c.Name == "warnings" })))
}

// allow is a Viewer allowing the commands ok accepts.
func allow(ok func(*Command) bool) Viewer {
	return func(c *Command) Access {
		if ok(c) {
			return Access{Allowed: true}
		}
		return Access{Reason: "Not for you"}
	}
}

// refuse is a Viewer refusing everything with reason.
func refuse(reason string) Viewer {
	return func(*Command) Access { return Access{Reason: reason, OwnerOnly: reason == "Owner only"} }
}

// ownerSees is an owner's Viewer: everything allowed, the named commands
// owner only.
func ownerSees(ownerOnly ...string) Viewer {
	return func(c *Command) Access { return Access{Allowed: true, OwnerOnly: slices.Contains(ownerOnly, c.Name)} }
}

// bigTable has 30 groups of 12 commands with long descriptions.
func bigTable(t *testing.T) *Table {
	var groups []Group
	for g := 0; g < 30; g++ {
		grp := Group{Name: fmt.Sprintf("Cog%02d", g)}
		for c := 0; c < 12; c++ {
			grp.Commands = append(grp.Commands, &Command{Name: fmt.Sprintf("c%02d_%02d", g, c),
				Description: strings.Repeat("long words ", 12), Run: nop})
		}
		groups = append(groups, grp)
	}
	return mustTable(t, groups...)
}

func TestHelpIndexPagesWithinLimits(t *testing.T) {
	pages := HelpIndex(bigTable(t), "!", nil)
	if len(pages) < 2 {
		t.Fatalf("%d pages; want several", len(pages))
	}
	seen := 0
	for i, e := range pages {
		checkEmbedLimits(t, e)
		if want := fmt.Sprintf("Page %d/%d", i+1, len(pages)); e.Footer == nil || e.Footer.Text != want {
			t.Errorf("page %d footer = %+v", i, e.Footer)
		}
		for _, f := range e.Fields {
			seen += strings.Count(f.Value, "\n") + 1
		}
	}
	if seen != 360 {
		t.Errorf("index lists %d commands; want 360", seen)
	}
}

func TestHelpCommandWithinLimits(t *testing.T) {
	cmd := &Command{Name: strings.Repeat("n", 300), Description: strings.Repeat("d", 5000), Run: nop,
		Aliases: []string{strings.Repeat("a", 900), strings.Repeat("b", 900)}}
	for i := 0; i < 200; i++ {
		cmd.Examples = append(cmd.Examples, strings.Repeat("e", 40))
		cmd.Params = append(cmd.Params, String(fmt.Sprintf("p%d", i), strings.Repeat("x", 50)))
	}
	e := HelpCommand(cmd, "!", nil)
	checkEmbedLimits(t, e)
	for _, g := range HelpGroup(Group{Name: "G", Description: strings.Repeat("g", 5000), Commands: []*Command{cmd, cmd, cmd, cmd, cmd}}, "!", nil) {
		checkEmbedLimits(t, g)
	}
}

func TestFitEmbed(t *testing.T) {
	e := &discordgo.MessageEmbed{Title: strings.Repeat("t", 300), Description: strings.Repeat("é", 4096),
		Footer: &discordgo.MessageEmbedFooter{Text: "f"}}
	for i := 0; i < 30; i++ {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "n", Value: strings.Repeat("v", 2000)})
	}
	checkEmbedLimits(t, FitEmbed(e))
	if len(e.Fields) == 0 || utf8.RuneCountInString(e.Description) != 4096 {
		t.Errorf("FitEmbed dropped too much: %d fields, description %d", len(e.Fields), utf8.RuneCountInString(e.Description))
	}
}

func checkEmbedLimits(t *testing.T, e *discordgo.MessageEmbed) {
	t.Helper()
	n := utf8.RuneCountInString
	if n(e.Title) > EmbedTitleLimit || n(e.Description) > EmbedDescriptionLimit || len(e.Fields) > EmbedFieldLimit || EmbedLength(e) > EmbedTotalLimit {
		t.Errorf("embed over limits: title %d, description %d, fields %d, total %d", n(e.Title), n(e.Description), len(e.Fields), EmbedLength(e))
	}
	for _, f := range e.Fields {
		if n(f.Name) > EmbedFieldNameLimit || n(f.Value) > EmbedFieldValueLimit || f.Value == "" {
			t.Errorf("field %q: name %d, value %d", Truncate(f.Name, 20), n(f.Name), n(f.Value))
		}
	}
}
