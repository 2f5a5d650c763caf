package utility_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/utility"
)

// assertEmbedGolden compares an embed with testdata/golden/e2e_name.json.
// Discord timestamps within a day of now (join times the emulator sets
// from its own clock) are replaced by <t:NOW…> first.
func assertEmbedGolden(t *testing.T, name string, e *discordgo.MessageEmbed) {
	t.Helper()
	utility.AssertGolden(t, "e2e_"+name+".json", normaliseTimes(utility.IndentJSON(t, e)))
}

var discordTimestamp = regexp.MustCompile(`<t:(\d+):`)

func normaliseTimes(b []byte) []byte {
	now := time.Now().Unix()
	return discordTimestamp.ReplaceAllFunc(b, func(m []byte) []byte {
		unix, err := strconv.ParseInt(string(discordTimestamp.FindSubmatch(m)[1]), 10, 64)
		if err == nil && unix > now-86400 && unix < now+86400 {
			return []byte("<t:NOW:")
		}
		return m
	})
}

// fieldValue returns the value of the embed field called name.
func fieldValue(t *testing.T, e *discordgo.MessageEmbed, name string) string {
	t.Helper()
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	t.Fatalf("embed %q has no field %q", e.Title, name)
	return ""
}

func TestWeatherEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	e := h.embed(h.world.Alice, "!weather Berlin")
	if e.Title != "Weather in Berlin" || e.Description != "Land Berlin, Germany" {
		t.Errorf("title %q, description %q", e.Title, e.Description)
	}
	for name, want := range map[string]string{
		"Temperature": "4.3 °C (39.7 °F)", "Feels like": "0.6 °C (33.1 °F)", "Conditions": "Overcast",
		"Wind": "13.4 km/h from the WSW (250°)", "Observed": "Thu 26 Nov, 14:45 local time (GMT+1)",
	} {
		if got := fieldValue(t, e, name); got != want {
			t.Errorf("field %s = %q, want %q", name, got, want)
		}
	}
	assertEmbedGolden(t, "weather_berlin", e)

	if again := h.embed(h.world.Bob, "!weather   BERLIN "); again.Title != e.Title {
		t.Errorf("second answer %q", again.Title)
	}
	if s, f := h.api.Count("/v1/search"), h.api.Count("/v1/forecast"); s != 1 || f != 1 {
		t.Errorf("upstream calls: %d searches, %d forecasts; want 1 each (the second answer is cached)", s, f)
	}
}

func TestWeatherEndToEndErrors(t *testing.T) {
	t.Parallel()
	h := start(t)
	if got, want := h.text(h.world.Alice, "!weather Nowhereville"), "I couldn't find a place called “Nowhereville”."; got != want {
		t.Errorf("unknown place: %q, want %q", got, want)
	}
	if got, want := h.text(h.world.Alice, "!weather @everyone *x*"), "I couldn't find a place called “@\u200beveryone \\*x\\*”."; got != want {
		t.Errorf("unknown place echoed unescaped: %q, want %q", got, want)
	}
	if got := h.text(h.world.Alice, "!weather"); !strings.HasPrefix(got, "Missing argument: place.") {
		t.Errorf("no place: %q", got)
	}
	h.api.FailWith("/v1/forecast", 500, `{"error":true,"reason":"database at 10.1.2.3 is down"}`)
	got := h.text(h.world.Bob, "!weather Berlin")
	if got != "The weather service is having trouble right now, try again later." {
		t.Errorf("upstream 500: %q", got)
	}
	logs := h.Logs.String()
	if !strings.Contains(logs, "upstream call failed") || !strings.Contains(logs, "database at 10.1.2.3 is down") {
		t.Errorf("the upstream failure is not in the logs:\n%s", logs)
	}
	if strings.Contains(logs, "command failed") {
		t.Errorf("an upstream failure was logged as a command failure:\n%s", logs)
	}
}

func TestConvertEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	w := h.world
	tests := []struct {
		author, in, want string
		prefix           bool // want is a prefix of the reply
	}{
		{w.Alice, "!convert 100 eur usd", "100 EUR = 108.23 USD (rate 1.0823, ECB, 2026-11-26)", false},
		{w.Alice, "!currency 1,000.50 EUR USD", "1,000.50 EUR = 1,082.84 USD (rate 1.0823, ECB, 2026-11-26)", false},
		{w.Alice, "!convert 0 eur usd", "Bad value for amount: “0” is not more than 0.\nUsage: `!convert <amount> <from> <to>`", true},
		{w.Bob, "!convert 5 eur eur", "Pick two different currencies: 1 EUR is always 1 EUR.", false},
		{w.Bob, "!convert 5 eur xyz", "I don't know the currency “XYZ”. I know AUD, BGN, BRL, CAD, CHF,", true},
		{w.Bob, "!convert lots eur usd", "Bad value for amount: “lots” is not an amount (write it like 100, 1000.50 or 1,000.50).", true},
		{w.Owner, "!convert 5 euro usd", "Bad value for from: “euro” is not a currency code (three letters, like EUR or USD).", true},
	}
	for _, tt := range tests {
		got := h.text(tt.author, tt.in)
		if got != tt.want && !(tt.prefix && strings.HasPrefix(got, tt.want)) {
			t.Errorf("%s\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	if n := h.api.Count("/v1/latest"); n != 1 {
		t.Errorf("%d rate requests, want 1 (cached until the next update)", n)
	}
	if n := h.api.Count("/v1/currencies"); n != 1 {
		t.Errorf("%d currency-list requests, want 1 (cached for a day)", n)
	}
}

func TestMemberInfoEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	w := h.world
	tests := []struct {
		golden, author, in string
		check              func(t *testing.T, e *discordgo.MessageEmbed)
	}{
		{"userinfo_self", w.Bob, "!userinfo", func(t *testing.T, e *discordgo.MessageEmbed) {
			if e.Title != "bob" || fieldValue(t, e, "Roles (1)") != "<@&"+w.MemberRole+">" || fieldValue(t, e, "Global name") != "—" {
				t.Errorf("userinfo of bob: %+v", e)
			}
		}},
		{"userinfo_alice", w.Bob, "!userinfo <@" + w.Alice + ">", func(t *testing.T, e *discordgo.MessageEmbed) {
			if fieldValue(t, e, "Nickname") != "Ally" || fieldValue(t, e, "Roles (2)") != "<@&"+w.ModRole+"> <@&"+w.MemberRole+">" ||
				e.Color != 0xe67e22 || fieldValue(t, e, "Boosting") != "No" {
				t.Errorf("userinfo of alice: %+v", e)
			}
		}},
		{"userinfo_alice", w.Owner, "!ui Ally", nil},
		{"serverinfo", w.Alice, "!serverinfo", func(t *testing.T, e *discordgo.MessageEmbed) {
			if e.Title != "Utility Test" || fieldValue(t, e, "Members") != "4" || fieldValue(t, e, "Owner") != "<@"+w.Owner+">" ||
				fieldValue(t, e, "Channels") != "1 text · 1 voice · 1 category" {
				t.Errorf("serverinfo: %+v", e)
			}
		}},
		{"avatar_self", w.Alice, "!avatar", func(t *testing.T, e *discordgo.MessageEmbed) {
			if e.Image == nil || !strings.HasPrefix(e.Image.URL, "https://cdn.discordapp.com/embed/avatars/") {
				t.Errorf("avatar: %+v", e.Image)
			}
		}},
		{"avatar_bob", w.Alice, "!avatar <@" + w.Bob + ">", nil},
	}
	for _, tt := range tests {
		e := h.embed(tt.author, tt.in)
		if tt.check != nil {
			tt.check(t, e)
		}
		assertEmbedGolden(t, tt.golden, e)
	}
	if got := h.text(w.Alice, "!userinfo nobody"); !strings.HasPrefix(got, "Bad value for member: “nobody”") {
		t.Errorf("unknown member: %q", got)
	}
}
