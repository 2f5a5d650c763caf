package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// identifyData is the IDENTIFY payload.
type identifyData struct {
	Token   string  `json:"token"`
	Intents *int64  `json:"intents"`
	Shard   *[2]int `json:"shard"`
}

// resumeData is the RESUME payload.
type resumeData struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

// readyUser is the user object in READY.
type readyUser struct {
	wireUser
	Verified   bool    `json:"verified"`
	MFAEnabled bool    `json:"mfa_enabled"`
	Email      *string `json:"email"`
	Flags      int     `json:"flags"`
}

// readyApplication is the partial application in READY.
type readyApplication struct {
	ID    string `json:"id"`
	Flags int    `json:"flags"`
}

// readyData is the READY payload.
type readyData struct {
	V                int                     `json:"v"`
	User             readyUser               `json:"user"`
	Guilds           []*wireUnavailableGuild `json:"guilds"`
	SessionID        string                  `json:"session_id"`
	ResumeGatewayURL string                  `json:"resume_gateway_url,omitempty"`
	SessionType      string                  `json:"session_type"`
	Shard            *[2]int                 `json:"shard,omitempty"`
	Application      readyApplication        `json:"application"`
	PrivateChannels  []struct{}              `json:"private_channels"`
	Trace            []string                `json:"_trace"`
}

// tokenOK reports whether a gateway token (with or without "Bot ") is the bot's token.
func (s *Server) tokenOK(token string) bool {
	return strings.TrimPrefix(token, "Bot ") == s.opts.Token
}

// identifyLocked validates an IDENTIFY and starts a session: READY, then GUILD_CREATE for
// every guild of the shard.
func (s *Server) identifyLocked(c *gwConn, raw json.RawMessage) {
	s.identifies++
	var d identifyData
	if err := json.Unmarshal(raw, &d); err != nil {
		s.closeLocked(c, 4002)
		return
	}
	if code := s.identifyErrorLocked(c, &d); code != 0 {
		s.closeLocked(c, code)
		return
	}
	ss := &session{id: newSessionID(), intents: discordgo.Intent(*d.Intents), conn: c}
	if d.Shard != nil {
		ss.shard, ss.sharded = *d.Shard, true
	} else {
		ss.shard = [2]int{0, 1}
	}
	if s.tooManyGuildsLocked(ss) {
		s.closeLocked(c, 4011)
		return
	}
	if !s.identifyAllowedLocked(ss.shard[0]) {
		s.paceRefusals++
		s.sendOpLocked(c, 9, "false")
		return
	}
	s.sessions[ss.id] = ss
	c.sess = ss
	s.deliverLocked(ss, ss.push("READY", mustJSON(s.readyLocked(ss))))
	s.guildCreatesLocked(ss)
	s.logf("discordtest: conn %d identified: session %s intents %d shard %v", c.id, ss.id, ss.intents, ss.shard)
}

// tooManyGuildsLocked reports whether ss's shard holds more guilds than
// MaxGuildsPerShard allows.
func (s *Server) tooManyGuildsLocked(ss *session) bool {
	if s.opts.MaxGuildsPerShard <= 0 {
		return false
	}
	n := 0
	for _, id := range s.w.guildIDs {
		if ss.handles(id) {
			n++
		}
	}
	return n > s.opts.MaxGuildsPerShard
}

// identifyAllowedLocked applies IdentifyWindow to the rate-limit key of
// shard and records the identify when it is allowed.
func (s *Server) identifyAllowedLocked(shard int) bool {
	if s.opts.IdentifyWindow <= 0 {
		return true
	}
	key, now := shard%max(s.opts.MaxConcurrency, 1), time.Now()
	if last, ok := s.lastIdentify[key]; ok && now.Sub(last) < s.opts.IdentifyWindow {
		return false
	}
	if s.lastIdentify == nil {
		s.lastIdentify = map[int]time.Time{}
	}
	s.lastIdentify[key] = now
	return true
}

// PaceRefusals counts IDENTIFYs refused for breaking IdentifyWindow.
func (s *Server) PaceRefusals() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paceRefusals
}

// identifyErrorLocked returns the close code an IDENTIFY earns, or 0.
func (s *Server) identifyErrorLocked(c *gwConn, d *identifyData) int {
	switch {
	case s.failIdent != 0:
		code := s.failIdent
		s.failIdent = 0
		return code
	case c.sess != nil:
		return 4005
	case !s.tokenOK(d.Token):
		return 4004
	case d.Shard != nil && (d.Shard[1] <= 0 || d.Shard[0] < 0 || d.Shard[0] >= d.Shard[1]):
		return 4010
	case d.Intents == nil || *d.Intents < 0 || *d.Intents >= 1<<26:
		return 4013
	case discordgo.Intent(*d.Intents)&^s.opts.allowedIntents() != 0:
		return 4014
	}
	return 0
}

// readyLocked builds the READY payload for ss.
func (s *Server) readyLocked(ss *session) *readyData {
	r := &readyData{
		V:                9,
		User:             readyUser{wireUser: *s.userLocked(s.opts.BotID), Verified: true},
		Guilds:           []*wireUnavailableGuild{},
		SessionID:        ss.id,
		ResumeGatewayURL: s.resumeURLLocked(),
		SessionType:      "normal",
		Application:      readyApplication{ID: s.opts.BotID, Flags: s.opts.ApplicationFlags},
		PrivateChannels:  []struct{}{},
		Trace:            []string{"discordtest"},
	}
	if ss.sharded {
		shard := ss.shard
		r.Shard = &shard
	}
	for _, id := range s.w.guildIDs {
		if ss.handles(id) && s.w.guilds[id].members[s.opts.BotID] != nil {
			r.Guilds = append(r.Guilds, &wireUnavailableGuild{ID: id, Unavailable: true})
		}
	}
	return r
}

// resumeURLLocked is READY's resume_gateway_url: ResumeGatewayURL, or ""
// (left out of READY) after SetResumeGatewayURL(false).
func (s *Server) resumeURLLocked() string {
	if s.noResumeURL {
		return ""
	}
	return s.ResumeGatewayURL()
}

// guildCreatesLocked sends GUILD_CREATE for every guild of ss's shard the bot is in.
func (s *Server) guildCreatesLocked(ss *session) {
	for _, id := range s.w.guildIDs {
		g := s.w.guilds[id]
		if !ss.handles(id) || g.members[s.opts.BotID] == nil {
			continue
		}
		s.deliverLocked(ss, ss.push("GUILD_CREATE", mustJSON(s.guildCreateLocked(g))))
	}
}

// resumeLocked reattaches c to a session and replays what the client missed. RESUMED is
// sent first, carrying the client's own sequence, because discordgo expects READY or
// RESUMED as the first frame after RESUME; the replayed dispatches follow.
func (s *Server) resumeLocked(c *gwConn, raw json.RawMessage) {
	s.resumes++
	var d resumeData
	if err := json.Unmarshal(raw, &d); err != nil {
		s.closeLocked(c, 4002)
		return
	}
	if !s.tokenOK(d.Token) {
		s.closeLocked(c, 4004)
		return
	}
	ss := s.sessions[d.SessionID]
	if ss == nil || !ss.canReplayFrom(d.Seq) {
		if ss != nil {
			s.detachLocked(ss, false)
		}
		s.sendOpLocked(c, opInvalidSession, "false")
		return
	}
	s.reattachLocked(c, ss)
	s.replayLocked(ss, d.Seq)
	s.logf("discordtest: conn %d resumed session %s from seq %d to %d", c.id, ss.id, d.Seq, ss.seq)
}

// reattachLocked moves ss to connection c, dropping a connection it may still hold.
func (s *Server) reattachLocked(c *gwConn, ss *session) {
	if old := ss.conn; old != nil && old != c {
		old.sess = nil
		old.drop()
	}
	if c.sess != nil && c.sess != ss {
		s.detachLocked(c.sess, true)
	}
	ss.conn, c.sess = c, ss
}

// replayLocked sends RESUMED and then every buffered dispatch after seq.
func (s *Server) replayLocked(ss *session, seq int64) {
	resumed := dispatchFrame("RESUMED", seq, []byte(`{"_trace":["discordtest"]}`))
	s.deliverLocked(ss, bufFrame{seq: seq, typ: "RESUMED", raw: resumed})
	for _, f := range ss.buf {
		if f.seq > seq {
			s.deliverLocked(ss, f)
		}
	}
}

// mustJSON encodes v, which must be encodable (the emulator's own payload types).
func mustJSON(v any) []byte {
	b, err := encodeJSON(v)
	if err != nil {
		panic("discordtest: encode payload: " + err.Error())
	}
	return b
}

// encodeJSON encodes v like Discord: without escaping <, > and & (mentions stay readable).
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Identifies returns how many IDENTIFY frames the server has received.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies
}

// Resumes returns how many RESUME frames the server has received.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Heartbeats returns how many heartbeats (op 1) the server has received. discordgo sends
// its first heartbeat right after Open returns; inject gateway faults after it (see the
// package documentation) to avoid a race inside discordgo.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// Connections returns the number of open gateway connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}
