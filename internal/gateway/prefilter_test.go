package gateway

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bwmarrin/discordgo"
)

const testBotID = "42"

// testPrefix is the prefix table of the recogniser tests.
func testPrefix(guildID string) string {
	switch guildID {
	case "":
		return "!!"
	case "100":
		return "!"
	case "200":
		return "é>"
	}
	return "?"
}

func testFilter() *MessageFilter {
	return &MessageFilter{Prefix: testPrefix, BotID: func() string { return testBotID }, WantAll: func() bool { return false }}
}

// msgPayload is a MESSAGE_CREATE as Discord (and the emulator) order it.
func msgPayload(seq, guild, content string, bot bool) string {
	d := `{"id":"9","channel_id":"7","guild_id":"` + guild + `","content":` + content +
		`,"author":{"id":"5","username":"a","bot":` + map[bool]string{true: "true", false: "false"}[bot] +
		`},"member":{"user":{"id":"5","bot":false},"roles":[]},"mentions":[{"id":"42"}],"referenced_message":{"content":"!ping","author":{"id":"6"}}}`
	return `{"t":"MESSAGE_CREATE","s":` + seq + `,"op":0,"d":` + d + `}`
}

// wantedByDispatcher is Dispatcher.OnMessage's rule on a fully decoded
// message: the reference the recogniser must never contradict.
func wantedByDispatcher(m *discordgo.Message, prefix func(string) string, botID string) bool {
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == botID {
		return false
	}
	if p := prefix(m.GuildID); p != "" && strings.HasPrefix(m.Content, p) {
		return true
	}
	for _, lead := range []string{"<@" + botID + ">", "<@!" + botID + ">"} {
		if botID != "" && strings.HasPrefix(m.Content, lead) {
			return true
		}
	}
	return false
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    verdict
		seq     int64
	}{
		{"chat", msgPayload("17", "100", `"hello there"`, false), drop, 17},
		{"command", msgPayload("17", "100", `"!ping"`, false), deliver, 0},
		{"other guild's prefix is chat", msgPayload("3", "300", `"!ping"`, false), drop, 3},
		{"other guild's prefix", msgPayload("3", "300", `"?ping"`, false), deliver, 0},
		{"DM prefix", strings.Replace(msgPayload("4", "", `"!!help"`, false), `"guild_id":"",`, ``, 1), deliver, 0},
		{"DM chat with the guild prefix", strings.Replace(msgPayload("4", "", `"!help"`, false), `"guild_id":"",`, ``, 1), drop, 4},
		{"bot author", msgPayload("5", "100", `"!ping"`, true), drop, 5},
		{"mention", msgPayload("6", "100", `"<@42> ping"`, false), deliver, 0},
		{"nick mention", msgPayload("6", "100", `"<@!42>ping"`, false), deliver, 0},
		{"other mention", msgPayload("6", "100", `"<@43> ping"`, false), drop, 6},
		{"short content", msgPayload("6", "100", `"<@4"`, false), drop, 6},
		{"escape where the prefix is", msgPayload("8", "100", `"\u0021ping"`, false), deliver, 0},
		{"escape after the prefix", msgPayload("8", "100", `"hi \"there\""`, false), drop, 8},
		{"escaped quote first", msgPayload("8", "100", `"\"quoted\""`, false), deliver, 0},
		{"non-ASCII prefix", msgPayload("9", "200", `"é>ping"`, false), deliver, 0},
		{"non-ASCII chat", msgPayload("9", "200", `"éa ping"`, false), drop, 9},
		{"invalid UTF-8 where the prefix is", msgPayload("9", "100", "\"\xffping\"", false), deliver, 0},
		{"empty content", msgPayload("10", "100", `""`, false), drop, 10},
		{"null content", msgPayload("10", "100", `null`, false), drop, 10},
		{"no author", `{"t":"MESSAGE_CREATE","s":11,"op":0,"d":{"content":"!ping","guild_id":"100"}}`, drop, 11},
		{"own message", `{"t":"MESSAGE_CREATE","s":12,"op":0,"d":{"content":"!ping","guild_id":"100","author":{"id":"42"}}}`, drop, 12},
		{"keys in another order", `{"d":{"author":{"bot":false,"id":"5"},"content":"hi","guild_id":"100"},"op":0,"s":13,"t":"MESSAGE_CREATE"}`, drop, 13},
		{"spaces", "{ \"t\" : \"MESSAGE_CREATE\" , \"s\" : 14 ,\n\"op\":0, \"d\" : { \"content\" : \"hi\" , \"author\" : { \"id\" : \"5\" } } }\n", drop, 14},
		{"other event", `{"t":"MESSAGE_UPDATE","s":15,"op":0,"d":{"content":"hi","author":{"id":"5"}}}`, deliver, 0},
		{"heartbeat ACK", `{"t":null,"s":null,"op":11,"d":null}`, deliver, 0},
		{"op not 0", `{"t":"MESSAGE_CREATE","s":15,"op":1,"d":{"content":"hi","author":{"id":"5"}}}`, deliver, 0},
		{"no s", `{"t":"MESSAGE_CREATE","op":0,"d":{"content":"hi","author":{"id":"5"}}}`, deliver, 0},
		{"duplicate content", `{"t":"MESSAGE_CREATE","s":1,"op":0,"d":{"content":"hi","content":"!ping","author":{"id":"5"}}}`, deliver, 0},
		{"upper-case key", `{"t":"MESSAGE_CREATE","s":1,"op":0,"d":{"content":"hi","Content":"!ping","author":{"id":"5"}}}`, deliver, 0},
		{"escaped key", `{"t":"MESSAGE_CREATE","s":1,"op":0,"d":{"content":"hi","con\u0074ent":"!ping","author":{"id":"5"}}}`, deliver, 0},
		{"fraction seq", `{"t":"MESSAGE_CREATE","s":1.5,"op":0,"d":{"content":"hi","author":{"id":"5"}}}`, deliver, 0},
		{"trailing bytes", msgPayload("1", "100", `"hi"`, false) + "x", deliver, 0},
		{"truncated", msgPayload("1", "100", `"hi"`, false)[:60], deliver, 0},
		{"escaped message ID", `{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"id":"\u0039","content":"hi","author":{"id":"5"}}}`, drop, 2},
		{"duplicate message ID", `{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"id":"9","id":"8","content":"hi","author":{"id":"5"}}}`, deliver, 0},
		{"upper-case message ID", `{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"id":"9","ID":"8","content":"hi","author":{"id":"5"}}}`, deliver, 0},
		{"unbalanced nesting", `{"t":"MESSAGE_CREATE","s":1,"op":0,"d":{"content":"hi","author":{"id":"5"},"x":[}]}}`, deliver, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq, id, v := testFilter().classify([]byte(tt.payload))
			wantID := ""
			if tt.want == drop && strings.Contains(tt.payload, `"d":{"id":"9"`) {
				wantID = "9" // msgPayload's message ID
			}
			if v != tt.want || seq != tt.seq || string(id) != wantID {
				t.Fatalf("classify = %d, %q, %v; want %d, %q, %v", seq, id, v, tt.seq, wantID, tt.want)
			}
		})
	}
}

func TestSequenceOf(t *testing.T) {
	s, err := discordgo.New("Bot x")
	if err != nil {
		t.Fatal(err)
	}
	p, err := sequenceOf(s)
	if err != nil {
		t.Fatal(err)
	}
	if p2, _ := sequenceOf(s); p2 != p || p == nil {
		t.Fatal("sequenceOf did not return discordgo's one sequence pointer")
	}
	// The e2e tests (prefilter_e2e_test.go) check that heartbeats and
	// RESUME carry what is stored here.
	atomic.StoreInt64(p, 77)
}

// streamOf is a byte stream of server frames.
func streamOf(payloads ...string) []byte {
	var b []byte
	for _, p := range payloads {
		b = append(b, frame(wsText, []byte(p))...)
	}
	return b
}

func TestWatchConnDropsUnwantedMessages(t *testing.T) {
	long := `"` + strings.Repeat("chat ", 1000) + `"`
	tooLong := `"` + strings.Repeat("chat ", 4000) + `"`
	in := []string{
		msgPayload("2", "100", `"hi"`, false), // dropped once the connection is ready
		msgPayload("3", "100", `"!ping"`, false),
		`{"t":null,"s":null,"op":11,"d":null}`,
		msgPayload("4", "100", long, false),    // held and dropped
		msgPayload("5", "100", tooLong, false), // streams through
		msgPayload("6", "100", `"bye"`, false),
	}
	tests := []struct {
		name    string
		wantAll bool
		ready   bool
		kept    []int // indexes of in that reach discordgo
		seq     int64
	}{
		{"filtering", false, true, []int{1, 2, 4}, 6},
		{"a listener wants every message", true, true, []int{0, 1, 2, 3, 4, 5}, 0},
		{"the first dispatch (READY, RESUMED) always passes", false, false, []int{0, 1, 2, 4}, 6},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1, 7, 63} {
			t.Run(tt.name+"/chunk "+itoa(chunk), func(t *testing.T) {
				w := NewWatch(nil)
				wc := newWatchConn(&chunkConn{r: bytes.NewReader(streamOf(in...)), chunk: chunk}, w, 0, nil)
				wc.upgraded = true
				w.ready.Store(tt.ready)
				var seq int64
				f := testFilter()
				f.WantAll = func() bool { return tt.wantAll }
				dropped := 0
				f.OnDrop = func(id []byte) {
					if string(id) != "9" {
						t.Errorf("dropped message reported as %q, want msgPayload's ID 9", id)
					}
					dropped++
				}
				wc.filter, wc.seq = f, &seq
				got := readAll(t, wc)
				var want []string
				for _, i := range tt.kept {
					want = append(want, in[i])
				}
				if !bytes.Equal(got, streamOf(want...)) {
					t.Fatalf("stream out has %d bytes, want %d (frames %v)", len(got), len(streamOf(want...)), tt.kept)
				}
				if seq != tt.seq || int64(dropped) != w.Filtered() || dropped != len(in)-len(tt.kept) {
					t.Fatalf("seq %d, dropped %d, Filtered %d; want seq %d, %d dropped", seq, dropped, w.Filtered(), tt.seq, len(in)-len(tt.kept))
				}
				if w.Dispatches() != 5 {
					t.Fatalf("Dispatches = %d, want 5 (every dispatch, dropped or not)", w.Dispatches())
				}
			})
		}
	}
}

// readAll reads wc to the end in small reads.
func readAll(t *testing.T, wc *watchConn) []byte {
	t.Helper()
	var out []byte
	buf := make([]byte, 333)
	for {
		n, err := wc.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			return out
		}
	}
}

func FuzzClassify(f *testing.F) {
	for _, c := range []string{`"hello"`, `"!ping"`, `"<@42> x"`, `"\u0021x"`, `"é>x"`, `null`} {
		for _, g := range []string{"100", "200", "300", ""} {
			f.Add([]byte(msgPayload("12", g, c, false)))
		}
	}
	f.Add([]byte(msgPayload("12", "100", `"!x"`, true)))
	f.Add([]byte(`{"d":{"author":{"bot":false,"id":"5"},"content":"hi","guild_id":"100"},"op":0,"s":13,"t":"MESSAGE_CREATE"}`))
	f.Fuzz(func(t *testing.T, p []byte) {
		seq, id, v := testFilter().classify(p)
		if v != drop {
			return
		}
		var e discordgo.Event
		if err := json.Unmarshal(p, &e); err != nil {
			// Not valid JSON: discordgo would not deliver it either.
			return
		}
		if e.Operation != 0 || e.Type != "MESSAGE_CREATE" || e.Sequence != seq {
			t.Fatalf("dropped op %d %q s %d as s %d", e.Operation, e.Type, e.Sequence, seq)
		}
		var mc discordgo.MessageCreate
		decodeErr := json.Unmarshal(e.RawData, &mc) // discordgo hands on a partial struct too
		if decodeErr == nil && len(id) > 0 && string(id) != mc.ID {
			t.Fatalf("dropped message %q reported as %q", mc.ID, id)
		}
		if wantedByDispatcher(mc.Message, testPrefix, testBotID) {
			t.Fatalf("dropped a command: guild %q content %q author %+v", mc.GuildID, mc.Content, mc.Author)
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	cases := []struct {
		name    string
		payload string
	}{
		{"chat", msgPayload("17", "100", `"just chatting about the weather today, nothing to see"`, false)},
		{"command", msgPayload("17", "100", `"!ping"`, false)},
		{"other event", `{"t":"PRESENCE_UPDATE","s":1,"op":0,"d":{"user":{"id":"5"},"status":"online"}}`},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			f, p := testFilter(), []byte(c.payload)
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				f.classify(p)
			}
		})
	}
}

// BenchmarkWatchConnChat is the watcher's cost per chat frame it drops,
// from the wire bytes to the next frame (ns/frame).
func BenchmarkWatchConnChat(b *testing.B) {
	const batch = 64
	chat := msgPayload("17", "100", `"just chatting about the weather today, nothing to see"`, false)
	stream := streamOf(append(slicesRepeat(chat, batch), msgPayload("18", "100", `"!ping"`, false))...)
	src := &chunkConn{r: bytes.NewReader(stream)}
	w := NewWatch(nil)
	wc := newWatchConn(src, w, 0, nil)
	var seq int64
	wc.upgraded, wc.filter, wc.seq = true, testFilter(), &seq
	w.ready.Store(true)
	buf := make([]byte, 4096)
	b.ReportAllocs()
	for b.Loop() {
		src.r.Reset(stream)
		wc.release, wc.pending = nil, nil
		if n, err := wc.Read(buf); err != nil || n == 0 {
			b.Fatalf("Read = %d, %v", n, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/frame")
}

func slicesRepeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// FuzzWatchConnFiltered checks the watcher with the filter on: what comes
// out is what went in with whole frames removed, each of them a
// MESSAGE_CREATE the recogniser drops, and the last one's "s" stored.
func FuzzWatchConnFiltered(f *testing.F) {
	f.Add(streamOf(msgPayload("1", "100", `"!ping"`, false), msgPayload("2", "100", `"hi"`, false)), 5)
	f.Add(streamOf(`{"op":11}`, msgPayload("3", "100", `"`+strings.Repeat("x", 2000)+`"`, false), msgPayload("4", "1", `"?x"`, false)), 0)
	f.Fuzz(func(t *testing.T, stream []byte, chunk int) {
		w := NewWatch(nil)
		wc := newWatchConn(&chunkConn{r: bytes.NewReader(stream), chunk: max(chunk%64, 0)}, w, 0, nil)
		var seq int64
		wc.upgraded, wc.filter, wc.seq = true, testFilter(), &seq
		w.ready.Store(true)
		out := readAll(t, wc)
		in, lastDropped := stream, int64(0)
		for len(in) > 0 {
			h, ok := parseHeader(in)
			total := h.hdrLen + int(min(h.payload, int64(len(in))))
			if !ok || total > len(in) || h.payload > int64(len(in)) {
				break // an incomplete frame at the end
			}
			if bytes.HasPrefix(out, in[:total]) {
				out, in = out[total:], in[total:]
				continue
			}
			s, _, v := testFilter().classify(in[h.hdrLen:total])
			if v != drop {
				t.Fatalf("a frame the recogniser delivers is missing from the output")
			}
			lastDropped, in = s, in[total:]
		}
		if !bytes.HasPrefix(in, out) {
			t.Fatalf("output has %d bytes that are not the input's", len(out))
		}
		if w.Filtered() > 0 && seq != lastDropped {
			t.Fatalf("stored s %d, the last dropped frame had %d", seq, lastDropped)
		}
	})
}
