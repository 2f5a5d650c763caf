package discordtest

import (
	"net/url"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestModerationRoutes(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	var removed <-chan *discordgo.GuildMemberRemove
	var bans <-chan *discordgo.GuildBanAdd
	var updates <-chan *discordgo.GuildMemberUpdate
	dg := openSession(t, srv, allIntents, func(dg *discordgo.Session) {
		removed, bans = collect[*discordgo.GuildMemberRemove](dg), collect[*discordgo.GuildBanAdd](dg)
		updates = collect[*discordgo.GuildMemberUpdate](dg)
	})

	until := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	if err := dg.GuildMemberTimeout(demo.Guild, demo.Alice, &until); err != nil {
		t.Fatal(err)
	}
	if u := recv(t, updates); u.User.ID != demo.Alice || u.CommunicationDisabledUntil == nil || !u.CommunicationDisabledUntil.Equal(until) {
		t.Fatalf("GUILD_MEMBER_UPDATE = %+v", u.Member)
	}

	if err := dg.GuildMemberDelete(demo.Guild, demo.Alice, discordgo.WithAuditLogReason(url.PathEscape("spam links"))); err != nil {
		t.Fatal(err)
	}
	if r := recv(t, removed); r.User.ID != demo.Alice {
		t.Fatalf("GUILD_MEMBER_REMOVE = %+v", r.Member)
	}
	if got := lastRequest(srv).Header.Get("X-Audit-Log-Reason"); got != "spam%20links" {
		t.Fatalf("audit reason = %q", got)
	}

	if err := dg.GuildBanCreateWithReason(demo.Guild, demo.Bob, "raid", 1); err != nil {
		t.Fatal(err)
	}
	if b := recv(t, bans); b.User.ID != demo.Bob {
		t.Fatalf("GUILD_BAN_ADD = %+v", b)
	}
	if reason, ok := srv.Ban(demo.Guild, demo.Bob); !ok || reason != "raid" {
		t.Fatalf("Ban = %q %v", reason, ok)
	}
	if err := dg.GuildBanCreate(demo.Guild, demo.Alice, 0); err != nil {
		t.Fatalf("ban a user who left: %v", err)
	}
	list, err := dg.GuildBans(demo.Guild, 0, "", "")
	if err != nil || len(list) != 2 {
		t.Fatalf("GuildBans = %d, %v", len(list), err)
	}
	if err := dg.GuildBanDelete(demo.Guild, demo.Bob); err != nil {
		t.Fatal(err)
	}
	if err := dg.GuildMemberDelete(demo.Guild, demo.Moderator); err != nil {
		t.Fatalf("kick the moderator (below the bot role): %v", err)
	}
}

// lastRequest returns the most recent recorded request.
func lastRequest(srv *Server) Request {
	rs := srv.Requests()
	return rs[len(rs)-1]
}

func TestMessagesRoutes(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	var bulk <-chan *discordgo.MessageDeleteBulk
	var edits <-chan *discordgo.MessageUpdate
	dg := openSession(t, srv, allIntents, func(dg *discordgo.Session) {
		bulk, edits = collect[*discordgo.MessageDeleteBulk](dg), collect[*discordgo.MessageUpdate](dg)
	})
	a, _ := srv.SendMessage(demo.General, demo.Alice, "one")
	b, _ := srv.SendMessage(demo.General, demo.Bob, "two")
	mine, err := dg.ChannelMessageSendComplex(demo.General, &discordgo.MessageSend{
		Content: "hi <@" + demo.Alice + ">", AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
	})
	if err != nil || len(mine.Mentions) != 0 {
		t.Fatalf("send with empty allowed_mentions = %+v, %v", mine, err)
	}
	if am := srv.AllowedMentions(demo.General, mine.ID); am == nil || len(am.Parse) != 0 {
		t.Fatalf("stored allowed_mentions = %+v", am)
	}
	if _, err := dg.ChannelMessageEdit(demo.General, mine.ID, "edited"); err != nil {
		t.Fatal(err)
	}
	if e := recv(t, edits); e.Content != "edited" || e.EditedTimestamp == nil {
		t.Fatalf("MESSAGE_UPDATE = %+v", e.Message)
	}
	if err := dg.MessageReactionAdd(demo.General, a.ID, "👍"); err != nil {
		t.Fatal(err)
	}
	if err := dg.ChannelMessagePin(demo.General, a.ID); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.Message(demo.General, a.ID); !m.Pinned || len(m.Reactions) != 1 || m.Reactions[0].Emoji.Name != "👍" {
		t.Fatalf("after react+pin = %+v", m)
	}
	got, err := dg.ChannelMessages(demo.General, 2, "", "", "")
	if err != nil || len(got) != 2 || got[0].ID != mine.ID || got[1].ID != b.ID {
		t.Fatalf("ChannelMessages = %v, %v", got, err)
	}
	if err := dg.ChannelMessagesBulkDelete(demo.General, []string{a.ID, b.ID}); err != nil {
		t.Fatal(err)
	}
	if d := recv(t, bulk); len(d.Messages) != 2 {
		t.Fatalf("MESSAGE_DELETE_BULK = %+v", d)
	}
	if n := len(srv.Messages(demo.General)); n != 1 {
		t.Fatalf("messages left = %d", n)
	}
}

func TestMembersRoutes(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	srv.AddRole(demo.Guild, Role{ID: demo.BotRole, Name: "cogd", Position: 3,
		Permissions: DefaultBotPermissions | discordgo.PermissionManageNicknames | discordgo.PermissionManageRoles})
	dg := restSession(t, srv, allIntents)
	found, err := dg.GuildMembersSearch(demo.Guild, "AL", 10)
	if err != nil || len(found) != 1 || found[0].User.ID != demo.Alice {
		t.Fatalf("search = %v, %v", found, err)
	}
	all, err := dg.GuildMembers(demo.Guild, "", 1000)
	if err != nil || len(all) != 5 {
		t.Fatalf("members = %d, %v", len(all), err)
	}
	page, err := dg.GuildMembers(demo.Guild, all[0].User.ID, 2)
	if err != nil || len(page) != 2 || page[0].User.ID != all[1].User.ID {
		t.Fatalf("members after = %v, %v", page, err)
	}
	m, err := dg.GuildMemberEdit(demo.Guild, demo.Bob, &discordgo.GuildMemberParams{Nick: "bobby", Roles: &[]string{demo.MemberRole}})
	if err != nil || m.Nick != "bobby" {
		t.Fatalf("edit = %+v, %v", m, err)
	}
	roles, err := dg.GuildRoles(demo.Guild)
	if err != nil || len(roles) != 4 || roles[0].ID != demo.Guild {
		t.Fatalf("roles = %v, %v", roles, err)
	}
	if _, err := dg.GuildMember(demo.Guild, "1"); restCode(err) != 10007 {
		t.Fatalf("unknown member error = %v", err)
	}
	app, err := dg.Application("@me")
	if err != nil || app.Owner.ID != demo.Owner || app.Flags != defaultApplicationFlags {
		t.Fatalf("application = %+v, %v", app, err)
	}
}
