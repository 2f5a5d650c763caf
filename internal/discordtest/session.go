package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// session is a gateway session: it outlives its connection so that RESUME can replay the
// dispatches that were sent, or queued while detached, after the client's last sequence.
type session struct {
	id         string
	intents    discordgo.Intent
	shard      [2]int
	sharded    bool
	seq        int64
	buf        []bufFrame
	conn       *gwConn
	detachedAt time.Time
	heartbeats int
}

// bufFrame is a dispatch kept for replay.
type bufFrame struct {
	seq int64
	typ string
	raw []byte
}

// event is a dispatch to deliver to every interested session.
type event struct {
	typ      string
	guildID  string           // "" for DMs and session-wide events (shard 0)
	intent   discordgo.Intent // 0 when no intent is needed
	data     []byte           // the encoded "d" payload
	redacted []byte           // "d" for sessions without MESSAGE_CONTENT; nil when the same
}

// newSessionID returns a random 32-character hex session ID.
func newSessionID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// handles reports whether the session's shard receives events of guildID.
func (ss *session) handles(guildID string) bool {
	if guildID == "" {
		return ss.shard[0] == 0
	}
	if !ss.sharded || ss.shard[1] <= 1 {
		return true
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return false
	}
	return int((id>>22)%uint64(ss.shard[1])) == ss.shard[0]
}

// wants reports whether the session receives ev at all.
func (ss *session) wants(ev *event) bool {
	return (ev.intent == 0 || ss.intents&ev.intent != 0) && ss.handles(ev.guildID)
}

// push assigns the next sequence number to a dispatch, buffers it and returns its frame.
func (ss *session) push(typ string, d []byte) bufFrame {
	ss.seq++
	f := bufFrame{seq: ss.seq, typ: typ, raw: dispatchFrame(typ, ss.seq, d)}
	ss.buf = append(ss.buf, f)
	if len(ss.buf) > sessionBufferCap+sessionBufferCap/4 {
		ss.buf = append([]bufFrame(nil), ss.buf[len(ss.buf)-sessionBufferCap:]...)
	}
	return f
}

// canReplayFrom reports whether every dispatch after seq is still buffered.
func (ss *session) canReplayFrom(seq int64) bool {
	if seq > ss.seq || seq < 0 {
		return false
	}
	return len(ss.buf) == 0 || ss.buf[0].seq <= seq+1
}

// dispatchFrame encodes an op 0 frame.
func dispatchFrame(typ string, seq int64, d []byte) []byte {
	b := make([]byte, 0, len(d)+len(typ)+40)
	b = append(b, `{"t":"`...)
	b = append(b, typ...)
	b = append(b, `","s":`...)
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, `,"op":0,"d":`...)
	b = append(b, d...)
	return append(b, '}')
}

// opFrame encodes a non-dispatch frame with op and raw JSON d.
func opFrame(op int, d string) []byte {
	return []byte(`{"t":null,"s":null,"op":` + strconv.Itoa(op) + `,"d":` + d + `}`)
}

// dispatchLocked delivers ev to every session that wants it, attached or not.
func (s *Server) dispatchLocked(ev event) {
	for _, ss := range s.sessions {
		if !ss.wants(&ev) {
			continue
		}
		d := ev.data
		if ev.redacted != nil && ss.intents&discordgo.IntentMessageContent == 0 {
			d = ev.redacted
		}
		s.deliverLocked(ss, ss.push(ev.typ, d))
	}
}

// deliverLocked sends a buffered frame to the session's connection, if any.
func (s *Server) deliverLocked(ss *session, f bufFrame) {
	if ss.conn == nil {
		return
	}
	ss.conn.send(f.raw)
	s.recordFrameLocked(Frame{Out: true, Type: f.typ, Seq: f.seq, Raw: f.raw, Conn: ss.conn.id})
}

// detachLocked disconnects ss from its connection; resumable=false forgets the session.
func (s *Server) detachLocked(ss *session, resumable bool) {
	if ss.conn != nil {
		ss.conn.sess = nil
		ss.conn = nil
	}
	if !resumable {
		delete(s.sessions, ss.id)
		return
	}
	ss.detachedAt = time.Now()
	s.pruneSessionsLocked()
}

// pruneSessionsLocked forgets the oldest detached sessions beyond maxDetachedSessions.
func (s *Server) pruneSessionsLocked() {
	var oldest *session
	n := 0
	for _, ss := range s.sessions {
		if ss.conn != nil {
			continue
		}
		n++
		if oldest == nil || ss.detachedAt.Before(oldest.detachedAt) {
			oldest = ss
		}
	}
	if n > maxDetachedSessions {
		delete(s.sessions, oldest.id)
	}
}

// Sessions returns the number of gateway sessions the server remembers (attached or resumable).
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
