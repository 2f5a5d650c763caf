package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// rawResponse is a decoded REST answer.
type rawResponse struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

// do sends a raw REST request as the bot (or with auth when non-empty).
func do(t *testing.T, srv *Server, method, path, body string, header ...string) rawResponse {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.APIURL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+srv.Token())
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	tr := srv.Transport()
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := rawResponse{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &out.body)
	return out
}

// code returns the Discord error code of a decoded body.
func (r rawResponse) code() int {
	if c, ok := r.body["code"].(float64); ok {
		return int(c)
	}
	return -1
}

func TestRESTErrors(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	muted := srv.AddChannel(demo.Guild, Channel{Name: "muted", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: demo.BotRole, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionSendMessages},
	}})
	hidden := srv.AddChannel(demo.Guild, Channel{Name: "hidden", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: srv.BotID(), Type: discordgo.PermissionOverwriteTypeMember, Deny: discordgo.PermissionViewChannel},
	}})
	closed := srv.AddUser(User{Username: "shy", DMsClosed: true})
	old := Snowflake(time.Now().Add(-15 * 24 * time.Hour))
	tests := []struct {
		name, method, path, body string
		header                   []string
		status, code             int
	}{
		{"send without SEND_MESSAGES", "POST", "/channels/" + muted + "/messages", `{"content":"hi"}`, nil, 403, 50013},
		{"send without VIEW_CHANNEL", "POST", "/channels/" + hidden + "/messages", `{"content":"hi"}`, nil, 403, 50001},
		{"content too long", "POST", "/channels/" + demo.General + "/messages", `{"content":"` + strings.Repeat("x", 2001) + `"}`, nil, 400, 50035},
		{"empty message", "POST", "/channels/" + demo.General + "/messages", `{"content":""}`, nil, 400, 50006},
		{"embed title too long", "POST", "/channels/" + demo.General + "/messages", `{"embeds":[{"title":"` + strings.Repeat("t", 257) + `"}]}`, nil, 400, 50035},
		{"unknown channel", "POST", "/channels/1/messages", `{"content":"hi"}`, nil, 404, 10003},
		{"bad JSON", "POST", "/channels/" + demo.General + "/messages", `{`, nil, 400, 50109},
		{"DMs closed", "POST", "/channels/" + srv.DMChannel(closed) + "/messages", `{"content":"hi"}`, nil, 403, 50007},
		{"bulk delete too old", "POST", "/channels/" + demo.General + "/messages/bulk-delete", `{"messages":["` + old + `","` + Snowflake(time.Now()) + `"]}`, nil, 400, 50034},
		{"bulk delete one", "POST", "/channels/" + demo.General + "/messages/bulk-delete", `{"messages":["1"]}`, nil, 400, 50035},
		{"unknown member", "GET", "/guilds/" + demo.Guild + "/members/1", "", nil, 404, 10007},
		{"unknown user", "GET", "/users/1", "", nil, 404, 10013},
		{"unknown guild", "GET", "/guilds/1", "", nil, 404, 10004},
		{"unknown ban", "DELETE", "/guilds/" + demo.Guild + "/bans/" + demo.Bob, "", nil, 404, 10026},
		{"kick the owner", "DELETE", "/guilds/" + demo.Guild + "/members/" + demo.Owner, "", nil, 403, 50013},
		{"ban the owner", "PUT", "/guilds/" + demo.Guild + "/bans/" + demo.Owner, "{}", nil, 403, 50013},
		{"timeout too long", "PATCH", "/guilds/" + demo.Guild + "/members/" + demo.Alice, `{"communication_disabled_until":"` + time.Now().Add(29*24*time.Hour).Format(time.RFC3339) + `"}`, nil, 400, 50035},
		{"timeout the owner", "PATCH", "/guilds/" + demo.Guild + "/members/" + demo.Owner, `{"communication_disabled_until":"` + time.Now().Add(time.Hour).Format(time.RFC3339) + `"}`, nil, 403, 50013},
		{"assign the bot role", "PATCH", "/guilds/" + demo.Guild + "/members/" + demo.Alice, `{"roles":["` + demo.BotRole + `"]}`, nil, 403, 50013},
		{"ban window too long", "PUT", "/guilds/" + demo.Guild + "/bans/" + demo.Bob, `{"delete_message_seconds":604801}`, nil, 400, 50035},
		{"bad token", "GET", "/users/@me", "", []string{"Authorization", "Bot wrong"}, 401, 0},
		{"unknown route", "GET", "/voice/regions", "", nil, 404, 0},
		{"unknown method", "PUT", "/users/@me", "", nil, 404, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := do(t, srv, tt.method, tt.path, tt.body, tt.header...)
			if got.status != tt.status || got.code() != tt.code {
				t.Fatalf("%s %s = %d %s, want %d code %d", tt.method, tt.path, got.status, got.raw, tt.status, tt.code)
			}
		})
	}
}

func TestUnknownRoutesAreRecorded(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	do(t, srv, "GET", "/applications/1/entitlements", "")
	do(t, srv, "GET", "/gateway", "")
	unknown := srv.UnknownRoutes()
	if len(unknown) != 1 || unknown[0].Path != "/api/v9/applications/1/entitlements" || unknown[0].Status != 404 || !unknown[0].Unknown {
		t.Fatalf("UnknownRoutes = %+v", unknown)
	}
	if got := len(srv.Requests()); got != 2 {
		t.Fatalf("Requests = %d, want 2", got)
	}
}

func TestRateLimitFault(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	srv.FailREST("POST", "/channels/", 1, http.StatusTooManyRequests, 100*time.Millisecond)
	got := do(t, srv, "POST", "/channels/"+demo.General+"/messages", `{"content":"hi"}`)
	if got.status != 429 || got.body["retry_after"] != 0.1 || got.body["global"] != false || got.header.Get("Retry-After") != "1" || got.header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("429 = %d %s %v", got.status, got.raw, got.header)
	}
	srv.FailREST("POST", "/api/v9/channels/", 1, http.StatusTooManyRequests, 50*time.Millisecond)
	dg := restSession(t, srv, allIntents)
	m, err := dg.ChannelMessageSend(demo.General, "after the limit")
	if err != nil || m.Content != "after the limit" {
		t.Fatalf("send after 429 = %v, %v", m, err)
	}
	var statuses []int
	for _, r := range srv.Requests() {
		statuses = append(statuses, r.Status)
	}
	if want := []int{429, 429, 200}; !slices.Equal(statuses, want) {
		t.Fatalf("statuses = %v, want %v", statuses, want)
	}
}

func TestServerErrorFault(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	srv.FailREST("", "/guilds/", 1, http.StatusInternalServerError, 0)
	dg := restSession(t, srv, allIntents)
	if _, err := dg.GuildMember(demo.Guild, demo.Alice); restStatus(err) != 500 {
		t.Fatalf("GuildMember under fault = %v", err)
	}
	if _, err := dg.GuildMember(demo.Guild, demo.Alice); err != nil {
		t.Fatalf("GuildMember after fault = %v", err)
	}
}
