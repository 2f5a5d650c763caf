package discordtest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestChannelPermissions(t *testing.T) {
	t.Parallel()
	const (
		view = discordgo.PermissionViewChannel
		send = discordgo.PermissionSendMessages
	)
	role := discordgo.PermissionOverwriteTypeRole
	tests := []struct {
		name       string
		user       string
		roles      []string
		overwrites []*discordgo.PermissionOverwrite
		want       int64
		mask       int64
	}{
		{name: "everyone defaults", user: "u", want: view | send, mask: view | send},
		{name: "everyone deny send", user: "u", overwrites: []*discordgo.PermissionOverwrite{{ID: "g", Type: role, Deny: send}}, want: view, mask: view | send},
		{name: "role allow beats everyone deny", user: "u", roles: []string{"r"}, overwrites: []*discordgo.PermissionOverwrite{{ID: "g", Type: role, Deny: send}, {ID: "r", Type: role, Allow: send}}, want: view | send, mask: view | send},
		{name: "role deny and allow combine to allow", user: "u", roles: []string{"r", "r2"}, overwrites: []*discordgo.PermissionOverwrite{{ID: "r", Type: role, Deny: send}, {ID: "r2", Type: role, Allow: send}}, want: view | send, mask: view | send},
		{name: "member deny beats role allow", user: "u", roles: []string{"r"}, overwrites: []*discordgo.PermissionOverwrite{{ID: "r", Type: role, Allow: send}, {ID: "u", Type: discordgo.PermissionOverwriteTypeMember, Deny: send}}, want: view, mask: view | send},
		{name: "no view means nothing", user: "u", overwrites: []*discordgo.PermissionOverwrite{{ID: "g", Type: role, Deny: view}}, want: 0, mask: allPermissions},
		{name: "owner has everything", user: "owner", overwrites: []*discordgo.PermissionOverwrite{{ID: "g", Type: role, Deny: view}}, want: allPermissions, mask: allPermissions},
		{name: "administrator has everything", user: "u", roles: []string{"admin"}, overwrites: []*discordgo.PermissionOverwrite{{ID: "g", Type: role, Deny: view}}, want: allPermissions, mask: allPermissions},
	}
	srv := &Server{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := &guild{Guild: Guild{ID: "g", OwnerID: "owner"}, roles: map[string]*Role{
				"g":     {ID: "g", Permissions: DefaultEveryonePermissions},
				"r":     {ID: "r", Position: 1},
				"r2":    {ID: "r2", Position: 2},
				"admin": {ID: "admin", Position: 3, Permissions: discordgo.PermissionAdministrator},
			}}
			c := &channel{Channel: Channel{ID: "c", Overwrites: tt.overwrites}, guildID: "g"}
			got := srv.channelPermissionsLocked(g, c, &member{userID: tt.user, roles: tt.roles})
			if got&tt.mask != tt.want {
				t.Fatalf("perms = %b, want %b (mask %b)", got&tt.mask, tt.want, tt.mask)
			}
		})
	}
}

func TestParseMentions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		content      string
		users, roles []string
	}{
		{"hi <@1> and <@!2>", []string{"1", "2"}, nil},
		{"<@&3> <@4", nil, []string{"3"}},
		{"<@abc> <@> <@&> plain", nil, nil},
		{"<<@5>>", []string{"5"}, nil},
	}
	for _, tt := range tests {
		users, roles := parseMentions(tt.content)
		if !slices.Equal(users, tt.users) || !slices.Equal(roles, tt.roles) {
			t.Errorf("parseMentions(%q) = %v %v, want %v %v", tt.content, users, roles, tt.users, tt.roles)
		}
	}
}

func FuzzParseMentions(f *testing.F) {
	f.Add("<@1> <@!2> <@&3>")
	f.Fuzz(func(t *testing.T, s string) {
		users, roles := parseMentions(s)
		for _, id := range append(users, roles...) {
			if !isDigits(id) {
				t.Fatalf("non-numeric ID %q from %q", id, s)
			}
		}
	})
}

func TestSnowflakes(t *testing.T) {
	t.Parallel()
	var g snowflakes
	now := time.Now()
	a, b := g.nextInt(now), g.nextInt(now)
	if b <= a {
		t.Fatalf("not increasing: %d %d", a, b)
	}
	if got := SnowflakeTime(Snowflake(now)); got.UnixMilli() != now.UnixMilli() {
		t.Fatalf("SnowflakeTime = %v, want %v", got, now)
	}
	if !idLess("99", "100") || idLess("100", "99") {
		t.Fatal("idLess is not numeric")
	}
}

func TestWireShapes(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	var msgs <-chan *discordgo.MessageCreate
	openSession(t, srv, allIntents, echoSetup(&msgs))
	sent, _ := srv.SendMessage(demo.General, demo.Alice, "hey <@"+demo.Bob+">")
	recv(t, msgs)
	frames, raws := map[string]map[string]any{}, map[string]string{}
	for _, f := range srv.Frames() {
		raws[f.Type] = string(f.Raw)
		var p struct {
			D map[string]any `json:"d"`
		}
		if f.Out && f.Type != "" && json.Unmarshal(f.Raw, &p) == nil {
			frames[f.Type] = p.D
		}
	}
	ready, guild, msg := frames["READY"], frames["GUILD_CREATE"], frames["MESSAGE_CREATE"]
	checks := []struct {
		name string
		ok   bool
	}{
		{"READY resume_gateway_url", ready["resume_gateway_url"] == srv.ResumeGatewayURL() && srv.ResumeGatewayURL() != srv.GatewayURL()},
		{"READY v", ready["v"] == 9.0},
		{"role permissions are strings", isString(guild["roles"].([]any)[0].(map[string]any)["permissions"])},
		{"overwrite allow is a string", isString(channelNamed(guild, "modlog")["permission_overwrites"].([]any)[1].(map[string]any)["allow"])},
		{"message guild_id", msg["guild_id"] == demo.Guild && msg["id"] == sent.ID},
		{"message member has no user", msg["member"].(map[string]any)["user"] == nil},
		{"mention carries member", msg["mentions"].([]any)[0].(map[string]any)["member"] != nil},
		{"global_name", msg["author"].(map[string]any)["global_name"] == "Alice"},
		{"mentions are not HTML-escaped", strings.Contains(raws["MESSAGE_CREATE"], `"hey <@`)},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: failed", c.name)
		}
	}
}

// isString reports whether v is a JSON string.
func isString(v any) bool { _, ok := v.(string); return ok }

// channelNamed returns the channel called name in a GUILD_CREATE payload.
func channelNamed(guild map[string]any, name string) map[string]any {
	for _, c := range guild["channels"].([]any) {
		if ch := c.(map[string]any); ch["name"] == name {
			return ch
		}
	}
	return map[string]any{}
}
