package gateway

import (
	"bytes"
	"errors"
	"reflect"
	"unicode/utf8"
	"unsafe"

	"github.com/bwmarrin/discordgo"
)

// maxFiltered is the largest MESSAGE_CREATE payload the watcher holds back
// to recognise; larger frames stream through to discordgo untouched.
const maxFiltered = 16 << 10

// MessageFilter lets the frame watcher drop MESSAGE_CREATE dispatches that
// no command and no listener wants before discordgo decodes them (twice:
// the envelope, then the message). A dropped frame never reaches discordgo;
// the watcher stores its sequence number where discordgo keeps it, so
// heartbeats and RESUME carry the same "s" as without the filter.
//
// A message is dropped only when its bytes prove that the dispatcher
// would ignore it: its author is a bot or the bot itself, or its content
// starts with neither the guild's prefix nor a mention of the bot. Any
// doubt (escapes where the prefix would be, keys in an unexpected case,
// a frame that is not plainly one JSON object) delivers the message.
type MessageFilter struct {
	// Prefix is the guild's command prefix (guildID "" in DMs), the same
	// function the dispatcher asks; "" means no prefix command.
	Prefix func(guildID string) string
	// BotID is the bot's user ID ("" until known: mentions then never
	// count, as in the dispatcher).
	BotID func() string
	// WantAll reports whether something wants every message (a listener
	// of MESSAGE_CREATE, an observer); the filter is off while it does.
	// It is asked for every held frame, so it must be cheap.
	WantAll func() bool
	// OnDrop, when set, is called for every dropped message with the
	// message's ID (empty unless the frame writes it as plain digits); the
	// slice is valid only during the call.
	OnDrop func(messageID []byte)
}

// verdict is what the recogniser knows about one frame.
type verdict int

const (
	deliver verdict = iota // discordgo must see it
	drop                   // a MESSAGE_CREATE nobody wants
)

// classify decides whether payload p (one complete text frame) may be
// dropped, and returns its sequence number and message ID when it may.
func (f *MessageFilter) classify(p []byte) (int64, []byte, verdict) {
	m, ok := parseMessageFrame(p)
	if !ok {
		return 0, nil, deliver
	}
	if m.wanted(f.Prefix, f.BotID()) {
		return 0, nil, deliver
	}
	return m.seq, m.id, drop
}

// msgFrame is what the recogniser reads from a MESSAGE_CREATE dispatch;
// the byte slices point into the frame.
type msgFrame struct {
	seq      int64
	id       []byte // the message's "id" (nil unless it is plain digits)
	content  []byte // raw JSON string contents, escapes undecoded
	guildID  string // only when it has no escapes
	authorID []byte
	author   bool // an author object was present
	bot      bool
}

// wanted reports whether the dispatcher could treat m as a command, with
// the same rules as Dispatcher.OnMessage: an author who is not a bot and
// not the bot itself, and content starting with the guild's prefix or a
// mention of the bot. Unknown counts as wanted.
func (m *msgFrame) wanted(prefix func(string) string, botID string) bool {
	if !m.author || m.bot || (botID != "" && string(m.authorID) == botID) {
		return false
	}
	p := prefix(m.guildID)
	known, complete := m.lead(max(len(p), len(botID)+4))
	if p != "" && startsWith(known, complete, p) != no {
		return true
	}
	if botID == "" {
		return false
	}
	return startsWith(known, complete, "<@", botID, ">") != no ||
		startsWith(known, complete, "<@!", botID, ">") != no
}

// lead returns the start of the content as decoded JSON would give it: at
// most need bytes, ending before the first escape or invalid UTF-8 byte
// (which decoding changes). complete is true when that is all of it.
func (m *msgFrame) lead(need int) (known []byte, complete bool) {
	raw := m.content
	limit := len(raw)
	if i := bytes.IndexByte(raw, '\\'); i >= 0 {
		limit = i
	}
	pos := 0
	for pos < need && pos < limit {
		c := raw[pos]
		if c < utf8.RuneSelf {
			if c < 0x20 { // raw control characters are invalid JSON
				break
			}
			pos++
			continue
		}
		r, size := utf8.DecodeRune(raw[pos:limit])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		pos += size
	}
	return raw[:pos], pos == len(raw)
}

// tri is a three-valued answer.
type tri int

const (
	no tri = iota
	yes
	unknown
)

// startsWith reports whether content whose known start is known (all of
// it when complete) begins with the concatenation of parts.
func startsWith(known []byte, complete bool, parts ...string) tri {
	i := 0
	for _, part := range parts {
		for j := 0; j < len(part); j++ {
			if i == len(known) {
				if complete {
					return no
				}
				return unknown
			}
			if known[i] != part[j] {
				return no
			}
			i++
		}
	}
	return yes
}

// parseMessageFrame reads a gateway payload that is exactly one JSON
// object {"t":"MESSAGE_CREATE","s":N,"op":0,"d":{...}} (keys in any
// order). ok is false for anything else, and for anything it cannot read
// with certainty: escaped or non-ASCII keys, a key that matches a wanted
// one only case-insensitively (encoding/json would take it), duplicate
// keys, values of unexpected types.
func parseMessageFrame(p []byte) (m msgFrame, ok bool) {
	s := scanner{p: p}
	var seen struct{ t, s, op, d bool }
	ok = s.object(func(key []byte) bool {
		switch string(key) {
		case "t":
			v, esc, ok := s.str()
			if !ok || esc || seen.t || string(v) != "MESSAGE_CREATE" {
				return false
			}
			seen.t = true
		case "s":
			n, ok := s.uint()
			if !ok || seen.s {
				return false
			}
			m.seq, seen.s = n, true
		case "op":
			n, ok := s.uint()
			if !ok || n != 0 || seen.op {
				return false
			}
			seen.op = true
		case "d":
			if seen.d || !s.message(&m) {
				return false
			}
			seen.d = true
		default:
			return !foldsTo(key, "t", "s", "op", "d") && s.skip()
		}
		return true
	})
	s.ws()
	return m, ok && seen.t && seen.s && seen.op && seen.d && s.i == len(p)
}

// message reads the dispatch's "d": the message object.
func (s *scanner) message(m *msgFrame) bool {
	var seen struct{ id, content, guild, author bool }
	return s.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			v, esc, ok := s.str()
			if !ok || seen.id {
				return false
			}
			if !esc && isSnowflake(v) {
				m.id = v
			}
			seen.id = true
		case "content":
			if s.null() {
				m.content = nil
			} else {
				v, _, ok := s.str()
				if !ok {
					return false
				}
				m.content = v
			}
			if seen.content {
				return false
			}
			seen.content = true
		case "guild_id":
			if !s.null() {
				v, esc, ok := s.str()
				if !ok || esc {
					return false
				}
				m.guildID = string(v)
			}
			if seen.guild {
				return false
			}
			seen.guild = true
		case "author":
			if seen.author {
				return false
			}
			seen.author = true
			if s.null() {
				return true
			}
			m.author = true
			return s.user(m)
		default:
			return !foldsTo(key, "id", "content", "guild_id", "author") && s.skip()
		}
		return true
	})
}

// isSnowflake reports whether v is written as a Discord ID: 1 to 20
// decimal digits.
func isSnowflake(v []byte) bool {
	if len(v) == 0 || len(v) > 20 {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// user reads the message's author: its "id" and "bot".
func (s *scanner) user(m *msgFrame) bool {
	var seen struct{ id, bot bool }
	return s.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			v, esc, ok := s.str()
			if !ok || esc || seen.id {
				return false
			}
			m.authorID, seen.id = v, true
		case "bot":
			if seen.bot {
				return false
			}
			seen.bot = true
			switch {
			case s.null():
			case s.literal("true"):
				m.bot = true
			case s.literal("false"):
			default:
				return false
			}
		default:
			return !foldsTo(key, "id", "bot") && s.skip()
		}
		return true
	})
}

// foldsTo reports whether key is one encoding/json could match to one of
// names without being it: a case variant, or a key it cannot judge
// (escapes, non-ASCII: encoding/json folds ſ to s and K to k).
func foldsTo(key []byte, names ...string) bool {
	upper := false
	for _, c := range key {
		if c == '\\' || c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return false
	}
	for _, n := range names {
		if len(n) == len(key) && bytes.EqualFold(key, []byte(n)) {
			return true
		}
	}
	return false
}

// scanner walks JSON bytes without allocating. It checks structure as far
// as the recogniser needs (strings, nesting) and leaves the rest lenient:
// a frame it cannot read is delivered, and one it reads is decoded the
// same way by encoding/json or rejected by it.
type scanner struct {
	p []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.p) {
		switch s.p[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.p) {
		return 0
	}
	return s.p[s.i]
}

// object reads {"key": value, ...}, calling field after each key's colon;
// field reads the value.
func (s *scanner) object(field func(key []byte) bool) bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		key, _, ok := s.str()
		if !ok || s.peek() != ':' {
			return false
		}
		s.i++
		if !field(key) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// str reads a string and returns its raw contents and whether they hold
// an escape.
func (s *scanner) str() (raw []byte, esc, ok bool) {
	if s.peek() != '"' {
		return nil, false, false
	}
	start := s.i + 1
	j := start
	for {
		k := bytes.IndexByte(s.p[j:], '"')
		if k < 0 {
			return nil, false, false
		}
		j += k
		if !escaped(s.p[start:j]) {
			break
		}
		j++
	}
	raw = s.p[start:j]
	s.i = j + 1
	return raw, bytes.IndexByte(raw, '\\') >= 0, true
}

// escaped reports whether a quote after b is escaped (an odd run of
// backslashes ends b).
func escaped(b []byte) bool {
	n := 0
	for i := len(b) - 1; i >= 0 && b[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// uint reads a plain non-negative integer (what "s" and "op" are).
func (s *scanner) uint() (int64, bool) {
	s.ws()
	start := s.i
	var n int64
	for s.i < len(s.p) && '0' <= s.p[s.i] && s.p[s.i] <= '9' && s.i-start < 18 {
		n = n*10 + int64(s.p[s.i]-'0')
		s.i++
	}
	digits := s.i - start
	if digits == 0 || (digits > 1 && s.p[start] == '0') || s.i >= len(s.p) {
		return 0, false
	}
	switch s.p[s.i] { // the number must end here (no fraction, exponent)
	case ',', '}', ' ', '\t', '\n', '\r':
		return n, true
	}
	return 0, false
}

// literal consumes word when it comes next as a whole token.
func (s *scanner) literal(word string) bool {
	s.ws()
	if !bytes.HasPrefix(s.p[s.i:], []byte(word)) {
		return false
	}
	end := s.i + len(word)
	if end < len(s.p) {
		switch s.p[end] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	s.i = end
	return true
}

func (s *scanner) null() bool { return s.literal("null") }

// skip passes over one value of any type.
func (s *scanner) skip() bool {
	switch s.peek() {
	case '"':
		_, _, ok := s.str()
		return ok
	case '{', '[':
		return s.nested()
	case 0, ',', '}', ']', ':':
		return false
	}
	start := s.i // number or literal
	for s.i < len(s.p) {
		switch s.p[s.i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return s.i > start
		case '"', '{', '[', ':':
			return false
		}
		s.i++
	}
	return false
}

// nested passes over an object or array, brackets matched.
func (s *scanner) nested() bool {
	var stack [64]byte
	depth := 0
	for s.i < len(s.p) {
		c := s.p[s.i]
		switch c {
		case '"':
			if _, _, ok := s.str(); !ok {
				return false
			}
			continue
		case '{', '[':
			if depth == len(stack) {
				return false
			}
			stack[depth] = c + 2 // '}' is '{'+2, ']' is '['+2
			depth++
		case '}', ']':
			if depth == 0 || stack[depth-1] != c {
				return false
			}
			depth--
			if depth == 0 {
				s.i++
				return true
			}
		}
		s.i++
	}
	return false
}

// errNoSequenceField means discordgo no longer keeps its sequence number
// where v0.29.0 does; the filter is then off.
var errNoSequenceField = errors.New("discordgo.Session has no *int64 field \"sequence\"")

// sequenceOf returns discordgo's unexported Session.sequence: the pointer
// its read loop stores every dispatch's "s" in (atomically) and that its
// heartbeats and RESUME read. discordgo allocates it once, in New.
func sequenceOf(s *discordgo.Session) (*int64, error) {
	f := reflect.ValueOf(s).Elem().FieldByName("sequence")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*int64]() {
		return nil, errNoSequenceField
	}
	p := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(*int64)
	if p == nil {
		return nil, errNoSequenceField
	}
	return p, nil
}
