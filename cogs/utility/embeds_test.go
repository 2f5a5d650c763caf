package utility

import (
	"fmt"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/utility/openmeteo"
	"cogd/internal/command"
)

func ptr[T any](v T) *T { return &v }

func TestWeatherEmbedGolden(t *testing.T) {
	t.Parallel()
	observed := time.Date(2026, 11, 26, 14, 45, 0, 0, time.FixedZone("GMT+1", 3600))
	tests := []struct {
		name  string
		place openmeteo.Place
		now   openmeteo.Conditions
	}{
		{"weather_full", openmeteo.Place{Name: "Berlin", Admin1: "Land Berlin", Country: "Germany", CountryCode: "DE", Latitude: 52.52437, Longitude: 13.41053},
			openmeteo.Conditions{Time: observed, Temperature: 4.3, Apparent: ptr(0.6), WeatherCode: ptr(3), WindSpeed: ptr(13.4), WindDirection: ptr(250.0)}},
		{"weather_minimal", openmeteo.Place{Name: "Singapore", Country: "Singapore", Latitude: 1.28967, Longitude: 103.85007},
			openmeteo.Conditions{Temperature: -0.04}},
		{"weather_south_west_calm", openmeteo.Place{Name: "Ushuaia", Admin1: "Tierra del Fuego", Country: "Argentina", Latitude: -54.8, Longitude: -68.3},
			openmeteo.Conditions{Temperature: -3.25, WeatherCode: ptr(42), WindSpeed: ptr(0.0), WindDirection: ptr(10.0)}},
		{"weather_escaped", openmeteo.Place{Name: "@everyone *bold* `code`", Admin1: "<@123> _x_", Country: "# Heading", Latitude: 0, Longitude: 0},
			openmeteo.Conditions{Temperature: 20, WeatherCode: ptr(95)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertGolden(t, tt.name+".json", indentJSON(t, weatherEmbed(tt.place, tt.now)))
		})
	}
}

// fixedGuildID is the test guild's ID, also its @everyone role's.
const fixedGuildID = "312345678901234567"

// member fixtures with fixed snowflakes, so the timestamps are stable.
var (
	fixedJoined = time.Date(2024, 2, 29, 18, 30, 0, 0, time.UTC)
	fixedBoost  = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
)

func fixedRoles(n int) []*discordgo.Role {
	roles := []*discordgo.Role{{ID: fixedGuildID, Name: "@everyone"}}
	for i := 1; i <= n; i++ {
		roles = append(roles, &discordgo.Role{ID: fmt.Sprintf("9000000000000000%02d", i), Name: fmt.Sprintf("role %d", i),
			Position: i, Color: 0x100 * i * (i % 2)})
	}
	return roles
}

func roleIDs(roles []*discordgo.Role) []string {
	var ids []string
	for _, r := range roles[1:] {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestMemberEmbedsGolden(t *testing.T) {
	t.Parallel()
	alice := &discordgo.User{ID: "412345678901234567", Username: "alice", GlobalName: "Alice *A*", Discriminator: "0",
		Avatar: "a1b2c3d4e5f60718293a4b5c6d7e8f90"}
	robot := &discordgo.User{ID: "812345678901234567", Username: "robo_t", Discriminator: "0", Bot: true}
	roles := fixedRoles(13)
	tests := []struct {
		name  string
		embed *discordgo.MessageEmbed
	}{
		{"userinfo_member", memberEmbed(&discordgo.Member{User: alice, Nick: "Ally @here", JoinedAt: fixedJoined,
			PremiumSince: &fixedBoost, Roles: []string{roles[2].ID, roles[3].ID}}, roles)},
		{"userinfo_many_roles", memberEmbed(&discordgo.Member{User: robot, JoinedAt: fixedJoined, Roles: roleIDs(roles)}, roles)},
		{"userinfo_no_roles", memberEmbed(&discordgo.Member{User: robot}, roles)},
		{"userinfo_dm", userEmbed(alice)},
		{"avatar_custom", avatarEmbed(alice)},
		{"avatar_default", avatarEmbed(robot)},
		{"serverinfo", serverEmbed(&discordgo.Guild{ID: fixedGuildID, Name: "Test _Server_", OwnerID: alice.ID,
			MemberCount: 1234, Roles: roles, PremiumTier: 2, PremiumSubscriptionCount: 9, Icon: "0123456789abcdef",
			Channels: []*discordgo.Channel{{Type: discordgo.ChannelTypeGuildText}, {Type: discordgo.ChannelTypeGuildNews},
				{Type: discordgo.ChannelTypeGuildVoice}, {Type: discordgo.ChannelTypeGuildCategory}, {Type: discordgo.ChannelTypeGuildCategory},
				{Type: discordgo.ChannelTypeGuildDirectory}}})},
		{"serverinfo_sparse", serverEmbed(&discordgo.Guild{ID: fixedGuildID, Name: "Sparse", ApproximateMemberCount: 40})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if n := command.EmbedLength(tt.embed); n > command.EmbedTotalLimit {
				t.Errorf("embed has %d characters", n)
			}
			assertGolden(t, tt.name+".json", indentJSON(t, tt.embed))
		})
	}
}

func TestEmbedsFitLimits(t *testing.T) {
	t.Parallel()
	huge := ""
	for range 400 {
		huge += "Llanfair_"
	}
	u := &discordgo.User{ID: "412345678901234567", Username: huge, GlobalName: huge}
	embeds := []*discordgo.MessageEmbed{
		weatherEmbed(openmeteo.Place{Name: huge, Admin1: huge, Country: huge}, openmeteo.Conditions{}),
		memberEmbed(&discordgo.Member{User: u, Nick: huge}, nil),
		userEmbed(u),
		avatarEmbed(u),
		serverEmbed(&discordgo.Guild{ID: "1", Name: huge}),
	}
	for i, e := range embeds {
		if n := command.EmbedLength(e); n > command.EmbedTotalLimit || len([]rune(e.Title)) > command.EmbedTitleLimit {
			t.Errorf("embed %d: %d characters, title %d", i, n, len([]rune(e.Title)))
		}
		for _, f := range e.Fields {
			if len([]rune(f.Value)) > command.EmbedFieldValueLimit {
				t.Errorf("embed %d: field %s has %d characters", i, f.Name, len([]rune(f.Value)))
			}
		}
	}
}

func TestWeatherCondition(t *testing.T) {
	t.Parallel()
	tests := map[int]string{
		0: "Clear sky", 1: "Mainly clear", 2: "Partly cloudy", 3: "Overcast", 45: "Fog", 48: "Depositing rime fog",
		51: "Light drizzle", 57: "Dense freezing drizzle", 63: "Moderate rain", 67: "Heavy freezing rain",
		75: "Heavy snowfall", 77: "Snow grains", 82: "Violent rain showers", 86: "Heavy snow showers",
		95: "Thunderstorm", 96: "Thunderstorm with slight hail", 99: "Thunderstorm with heavy hail",
		4: "Unknown conditions (code 4)", 50: "Unknown conditions (code 50)",
	}
	for code, want := range tests {
		if got := weatherCondition(code); got != want {
			t.Errorf("weatherCondition(%d) = %q, want %q", code, got, want)
		}
	}
}

func TestCompass(t *testing.T) {
	t.Parallel()
	tests := map[float64]string{0: "N", 11.24: "N", 11.25: "NNE", 45: "NE", 90: "E", 180: "S", 250: "WSW", 270: "W", 348.74: "NNW", 348.75: "N", 360: "N"}
	for deg, want := range tests {
		if got := compass(deg); got != want {
			t.Errorf("compass(%v) = %q, want %q", deg, got, want)
		}
	}
}
