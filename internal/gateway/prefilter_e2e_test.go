package gateway

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
)

// filterWorld is a guild with one channel, a person and a bot.
type filterWorld struct {
	guild, channel, person, bot string
}

// outcome is what a shard observably did in the filter scenario.
type outcome struct {
	delivered    []string // contents of the MESSAGE_CREATEs discordgo delivered, in order
	commands     []string // those a dispatcher takes (prefix "!" or a mention, not a bot)
	filtered     int64
	heartbeatSeq int64 // "d" of the last heartbeat before the drop
	lastSeq      int64 // the last dispatch the server sent before the drop
	resumeSeq    int64 // "seq" of the RESUME after the drop
	replayedOld  int   // dispatches with s <= resumeSeq sent again after RESUME
	identifies   int
}

// runFilterScenario runs chat, commands, a dropped connection and a
// RESUME through a shard with the message filter on or off (wantAll: a
// listener wants every message).
func runFilterScenario(t *testing.T, filter, wantAll bool) outcome {
	t.Helper()
	var w filterWorld
	tune := func(s *discordtest.Server) {
		w.guild = s.AddGuild(discordtest.Guild{Name: "filter"})
		w.channel = s.AddChannel(w.guild, discordtest.Channel{Name: "general"})
		w.person = s.AddUser(discordtest.User{Username: "person"})
		w.bot = s.AddUser(discordtest.User{Username: "otherbot", Bot: true})
		s.AddMember(w.guild, w.person, nil, "")
		s.AddMember(w.guild, w.bot, nil, "")
	}
	emu := discordtest.Options{HeartbeatInterval: 40 * time.Millisecond, BotID: "900000000000000001"}
	botID := emu.BotID
	edit := func(o *Options) {
		if filter {
			o.Messages = &MessageFilter{Prefix: func(string) string { return "!" }, BotID: func() string { return botID },
				WantAll: func() bool { return wantAll }}
		}
	}
	r := runShardWith(t, emu, tune, edit)
	var mu sync.Mutex
	var out outcome
	r.sh.Session.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		mu.Lock()
		defer mu.Unlock()
		out.delivered = append(out.delivered, m.Content)
		if !m.Author.Bot && (strings.HasPrefix(m.Content, "!") || strings.HasPrefix(m.Content, "<@"+botID+">")) {
			out.commands = append(out.commands, m.Content)
		}
	})
	handled := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(out.delivered) + int(r.sh.Watch().Filtered())
	}
	sent := 0
	say := func(author, content string) {
		t.Helper()
		if _, err := r.srv.SendMessage(w.channel, author, content); err != nil {
			t.Fatal(err)
		}
		sent++
	}
	say(w.person, "!a")
	say(w.person, "hello")
	say(w.bot, "!b")
	say(w.person, "<@"+botID+"> c")
	say(w.person, strings.Repeat("a long chat line ", 150)) // over one read buffer
	say(w.person, "chat, last before the drop")
	r.waitFor(t, "every message handled", func() bool { return handled() == sent })

	beats := r.srv.Heartbeats()
	r.waitFor(t, "two more heartbeats", func() bool { return r.srv.Heartbeats() >= beats+2 })
	out.heartbeatSeq, out.lastSeq = lastClientSeq(t, r.srv, 1, "d"), lastServerSeq(r.srv)

	r.srv.DropConnections()
	say(w.person, "!d")
	say(w.person, "chat after the drop")
	r.waitFor(t, "RESUMED", func() bool { return resumed(r.srv) })
	say(w.person, "!end")
	r.waitFor(t, "every message handled after the RESUME", func() bool { return handled() == sent })

	out.resumeSeq = lastClientSeq(t, r.srv, 6, "seq")
	out.replayedOld = replayedAfterResume(r.srv, out.resumeSeq)
	out.filtered, out.identifies = r.sh.Watch().Filtered(), r.srv.Identifies()
	mu.Lock()
	defer mu.Unlock()
	return out
}

// lastClientSeq is the sequence number in the last frame with op the
// client sent: d itself (heartbeat) or d[field] (RESUME).
func lastClientSeq(t *testing.T, srv *discordtest.Server, op int, field string) int64 {
	t.Helper()
	var last json.RawMessage
	for _, f := range srv.Frames() {
		if !f.Out && f.Op == op {
			last = f.Raw
		}
	}
	var p struct {
		D json.RawMessage `json:"d"`
	}
	if err := json.Unmarshal(last, &p); err != nil {
		t.Fatalf("client op %d frame %q: %v", op, last, err)
	}
	if field == "d" {
		var n int64
		if err := json.Unmarshal(p.D, &n); err != nil {
			t.Fatalf("heartbeat d %q: %v", p.D, err)
		}
		return n
	}
	var d map[string]json.RawMessage
	var n int64
	if err := json.Unmarshal(p.D, &d); err != nil || json.Unmarshal(d[field], &n) != nil {
		t.Fatalf("op %d d %q: no %s", op, p.D, field)
	}
	return n
}

// lastServerSeq is the highest dispatch sequence number sent so far.
func lastServerSeq(srv *discordtest.Server) int64 {
	var n int64
	for _, f := range srv.Frames() {
		if f.Out && f.Op == 0 {
			n = max(n, f.Seq)
		}
	}
	return n
}

// replayedAfterResume counts dispatches at or below seq sent after the
// RESUMED frame (RESUMED itself carries the client's sequence).
func replayedAfterResume(srv *discordtest.Server, seq int64) int {
	n, after := 0, false
	for _, f := range srv.Frames() {
		switch {
		case f.Out && f.Type == "RESUMED":
			after = true
		case after && f.Out && f.Op == 0 && f.Seq <= seq:
			n++
		}
	}
	return n
}

func TestMessageFilterChangesNothingObservable(t *testing.T) {
	t.Parallel()
	off := runFilterScenario(t, false, false)
	on := runFilterScenario(t, true, false)
	all := runFilterScenario(t, true, true)
	if len(off.commands) != 4 || !slices.Equal(on.commands, off.commands) || !slices.Equal(all.commands, off.commands) {
		t.Errorf("commands: off %q, on %q, wanting all %q; want the same 4", off.commands, on.commands, all.commands)
	}
	if !slices.Equal(all.delivered, off.delivered) || all.filtered != 0 {
		t.Errorf("a listener of every message saw %q (filtered %d), want %q", all.delivered, all.filtered, off.delivered)
	}
	if on.filtered != 5 || len(on.delivered) != 4 {
		t.Errorf("filter on: delivered %q, filtered %d; want the 4 commands delivered and 5 dropped", on.delivered, on.filtered)
	}
	for name, o := range map[string]outcome{"off": off, "on": on, "wanting all": all} {
		if o.heartbeatSeq != o.lastSeq {
			t.Errorf("%s: heartbeat acknowledged s %d, the last dispatch was %d", name, o.heartbeatSeq, o.lastSeq)
		}
		if o.resumeSeq != o.lastSeq {
			t.Errorf("%s: RESUME from s %d, the last dispatch before the drop was %d", name, o.resumeSeq, o.lastSeq)
		}
		if o.replayedOld != 0 || o.identifies != 1 {
			t.Errorf("%s: %d dispatches replayed twice, %d IDENTIFYs", name, o.replayedOld, o.identifies)
		}
	}
}
