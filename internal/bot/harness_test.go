package bot_test

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/owner"
	"cogd/cogs/utility"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
)

// harness is a bot serving the utility cog (and more) in the demo world.
type harness struct {
	*bottest.Harness
	t     *testing.T
	emu   *discordtest.Server
	world discordtest.Demo
	bot   *bot.Bot
	logs  *bottest.LogBuffer
	done  chan error
}

type syncBuffer = bottest.LogBuffer

// newOptions serves the utility cog (its upstreams pointed at the
// emulator, which answers 404: no test reaches a real host) plus cogs.
func newOptions(emu *discordtest.Server, cogs ...bot.CogInfo) bot.Options {
	local := emu.APIURL() + "/no-upstream"
	u := utility.New(utility.Options{GeocodingURL: local, WeatherURL: local, CurrencyURL: local})
	return bottest.Options(emu, append([]bot.CogInfo{bottest.Fixed("utility", u)}, cogs...)...)
}

// start runs a bot with the utility cog plus cogs against a new emulator.
func start(t *testing.T, emuOpts discordtest.Options, cogs ...bot.CogInfo) *harness {
	t.Helper()
	emu := discordtest.NewTB(t, emuOpts)
	w := emu.SeedDemo()
	return startWith(t, emu, w, func(o *bot.Options) {}, cogs...)
}

// startWith is start on a prepared emulator, with a chance to edit the
// options.
func startWith(t *testing.T, emu *discordtest.Server, w discordtest.Demo, edit func(*bot.Options), cogs ...bot.CogInfo) *harness {
	t.Helper()
	opts := newOptions(emu, cogs...)
	edit(&opts)
	bh := bottest.Start(t, emu, opts)
	return &harness{Harness: bh, t: t, emu: emu, world: w, bot: bh.Bot, logs: bh.Logs, done: bh.Done()}
}

func (h *harness) say(author, content string) []*discordgo.Message {
	h.t.Helper()
	return h.Say(h.world.General, author, content)
}

func (h *harness) sayIn(channel, author, content string) []*discordgo.Message {
	h.t.Helper()
	return h.Say(channel, author, content)
}

func (h *harness) one(author, content string) string {
	h.t.Helper()
	return h.One(h.world.General, author, content)
}

func (h *harness) reply(author, content string) string {
	h.t.Helper()
	return h.Reply(h.world.General, author, content)
}

func text(m *discordgo.Message) string { return bottest.Text(m) }

func texts(ms []*discordgo.Message) []string { return bottest.Texts(ms) }

// ownerInfo is the owner cog, for tests that reload or unload.
func ownerInfo() bot.CogInfo { return owner.Info }
