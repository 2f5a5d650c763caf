package command

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{90 * time.Second, "1m30s"}, {9 * 24 * time.Hour, "1w2d"}, {time.Hour + 500*time.Millisecond, "1h"}, {0, "0s"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q; want %q", tt.d, got, tt.want)
		}
		if tt.d >= time.Second {
			if back, _ := ParseDuration(FormatDuration(tt.d)); back != tt.d.Truncate(time.Second) {
				t.Errorf("round trip %v → %v", tt.d, back)
			}
		}
	}
}

func TestConvertScalars(t *testing.T) {
	ctx := context.Background()
	for _, in := range []string{"yes", "Y", "on", "TRUE", "1", "enable", "Enabled"} {
		if v, err := convertBool(ctx, nil, in); err != nil || !v {
			t.Errorf("bool %q = %v, %v", in, v, err)
		}
	}
	for _, in := range []string{"no", "off", "false", "0", "disable", "N"} {
		if v, err := convertBool(ctx, nil, in); err != nil || v {
			t.Errorf("bool %q = %v, %v", in, v, err)
		}
	}
	if _, err := convertBool(ctx, nil, "maybe"); !skippable(err) {
		t.Errorf("bool maybe: %v", err)
	}
	ints := map[string]bool{"42": true, "-7": true, "+3": true, "1_000": false, "0x10": false, "1e3": false, "": false}
	for in, ok := range ints {
		if _, err := convertInt(ctx, nil, in); (err == nil) != ok {
			t.Errorf("int %q: %v", in, err)
		}
	}
	if _, err := convertInt(ctx, nil, "99999999999999999999"); skippable(err) || !isConversion(err) {
		t.Errorf("int overflow should be a final conversion error: %v", err)
	}
	floats := map[string]bool{"2.5": true, "-1e3": true, "NaN": false, "inf": false, "1,5": false}
	for in, ok := range floats {
		if _, err := convertFloat(ctx, nil, in); (err == nil) != ok {
			t.Errorf("float %q: %v", in, err)
		}
	}
}

// convertWith converts arg with parameter p in a context on f.
func convertWith[T any](t *testing.T, f *fakeDiscord, p *Arg[T], arg string) (T, error) {
	t.Helper()
	c := newContext(f, &Command{Name: "x"}, testUser(aliceID, "alice"), arg)
	return p.one(context.Background(), c, arg)
}

func TestMemberConverter(t *testing.T) {
	f := peopleFake()
	f.addMember(&discordgo.Member{User: &discordgo.User{ID: "410000000000000004", Username: "Zed", Discriminator: "1234"}})
	f.setUncached(&discordgo.Member{User: &discordgo.User{ID: "410000000000000005", Username: "uncached"}})
	tests := []struct{ in, want, err string }{
		{in: "<@410000000000000001>", want: "alice"},
		{in: "<@!410000000000000003>", want: "bob"},
		{in: "410000000000000002", want: "alan"},
		{in: "ALICE", want: "alice"},
		{in: "alice a", want: "alice"},
		{in: "bobby", want: "bob"},
		{in: "bo", want: "bob"},
		{in: "ala", want: "alan"},
		{in: "zed#1234", want: "Zed"},
		{in: "uncached", want: "uncached"},
		{in: "a", err: "matches 2 members"},
		{in: "nobody", err: "is not a member"},
		{in: "", err: "is not a member"},
		{in: "12345", err: "is not a member"},
		{in: "<@410000000000000099>", err: "is not a member"},
	}
	for _, tt := range tests {
		m, err := convertWith(t, f, Member("m", ""), tt.in)
		got := ""
		if m != nil {
			got = m.User.Username
		}
		if got != tt.want || (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("member %q = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestMemberConverterAmbiguityListsFive(t *testing.T) {
	f := newFake()
	f.addMembers(12)
	_, err := convertWith(t, f, Member("m", ""), "user")
	var ce *ConversionError
	if !errors.As(err, &ce) || len(ce.Candidates) != 5 || ce.Reason != "matches 12 members, including" {
		t.Fatalf("err = %#v", err)
	}
	if f.searches != 0 {
		t.Error("REST search used although the cache holds every member")
	}
}

func TestMemberConverterPartialCacheAsksDiscord(t *testing.T) {
	f := newFake()
	f.addMember(&discordgo.Member{User: &discordgo.User{ID: "410000000000000001", Username: "bobby"}})
	f.setUncached(&discordgo.Member{User: &discordgo.User{ID: "410000000000000002", Username: "bobcat"}})
	_, err := convertWith(t, f, Member("m", ""), "bob")
	var ce *ConversionError
	if !errors.As(err, &ce) || len(ce.Candidates) != 2 {
		t.Fatalf("a partial cache must not hide an ambiguity: err = %v", err)
	}
	if f.searches != 1 {
		t.Errorf("searches = %d, want 1", f.searches)
	}
}

func TestUserConverter(t *testing.T) {
	f := peopleFake()
	f.users["420000000000000001"] = &discordgo.User{ID: "420000000000000001", Username: "outsider"}
	tests := []struct{ in, want string }{
		{"<@420000000000000001>", "outsider"}, {"420000000000000001", "outsider"}, {"bobby", "bob"}, {"ghost", ""},
	}
	for _, tt := range tests {
		u, err := convertWith(t, f, User("u", ""), tt.in)
		got := ""
		if u != nil {
			got = u.Username
		}
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("user %q = %q, %v", tt.in, got, err)
		}
	}
}

func TestRoleAndChannelConverters(t *testing.T) {
	f := peopleFake()
	f.addRole(&discordgo.Role{ID: "600000000000000001", Name: "Moderators"})
	f.addRole(&discordgo.Role{ID: "600000000000000002", Name: "Members"})
	f.addChannel(&discordgo.Channel{ID: "200000000000000005", GuildID: testGuild, Name: "voice", Type: discordgo.ChannelTypeGuildVoice})
	f.channels["200000000000000006"] = &discordgo.Channel{ID: "200000000000000006", GuildID: "other", Name: "elsewhere"}
	roles := []struct{ in, want string }{
		{"<@&600000000000000001>", "Moderators"}, {"600000000000000002", "Members"}, {"@moderators", "Moderators"},
		{"memb", "Members"}, {"m", ""}, {"everyone", "@everyone"}, {"<@&600000000000000009>", ""},
	}
	for _, tt := range roles {
		r, err := convertWith(t, f, Role("r", ""), tt.in)
		got := ""
		if r != nil {
			got = r.Name
		}
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("role %q = %q, %v", tt.in, got, err)
		}
	}
	channels := []struct{ in, want string }{
		{"<#200000000000000001>", "general"}, {"#general", "general"}, {"GEN", "general"}, {"voice", ""},
		{"<#200000000000000005>", ""}, {"<#200000000000000006>", ""}, {"<#200000000000000007>", ""},
	}
	for _, tt := range channels {
		ch, err := convertWith(t, f, TextChannel("c", ""), tt.in)
		got := ""
		if ch != nil {
			got = ch.Name
		}
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("channel %q = %q, %v", tt.in, got, err)
		}
	}
}

func TestDiscordConvertersOutsideGuild(t *testing.T) {
	f := peopleFake()
	c := newContext(f, &Command{Name: "x"}, testUser(aliceID, "alice"), "")
	c.Origin.GuildID = ""
	if _, err := Member("m", "").one(context.Background(), c, "alice"); !isConversion(err) || skippable(err) {
		t.Errorf("member in DM: %v", err)
	}
	if u, err := User("u", "").one(context.Background(), c, "<@410000000000000002>"); err != nil || u.Username != "alan" {
		t.Errorf("user mention in DM: %v", err)
	}
}

func TestConverterPropagatesDiscordFailure(t *testing.T) {
	f := peopleFake()
	delete(f.guilds, testGuild)
	_, err := convertWith(t, f, Member("m", ""), "alice")
	if err == nil || isConversion(err) || !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v; want the wrapped Discord error", err)
	}
}

// isConversion reports whether err is a *ConversionError.
func isConversion(err error) bool {
	var ce *ConversionError
	return errors.As(err, &ce)
}
