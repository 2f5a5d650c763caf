package discordtest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"
)

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresence       = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatAck   = 11
)

// Gateway close codes and their Discord reasons.
var closeReasons = map[int]string{
	4000: "Unknown error.",
	4001: "Unknown opcode.",
	4002: "Decode error.",
	4003: "Not authenticated.",
	4004: "Authentication failed.",
	4005: "Already authenticated.",
	4007: "Invalid seq.",
	4008: "Rate limited.",
	4009: "Session timed out.",
	4010: "Invalid shard.",
	4011: "Sharding required.",
	4012: "Invalid API version.",
	4013: "Invalid intent(s).",
	4014: "Disallowed intent(s).",
}

// closeReason returns Discord's reason text for a gateway close code.
func closeReason(code int) string { return closeReasons[code] }

// resumableClose reports whether a session survives a server close with code.
func resumableClose(code int) bool {
	switch code {
	case 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014, websocket.CloseNormalClosure, websocket.CloseGoingAway:
		return false
	}
	return true
}

// payload is an incoming gateway frame.
type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

// serveGateway upgrades the request and runs the connection until it ends.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.logf("discordtest: upgrade: %v", err)
		return
	}
	c, ok := s.attach(ws)
	if !ok {
		_ = ws.Close()
		return
	}
	s.mu.Lock()
	s.recordFrameLocked(Frame{Op: -1, Type: "CONNECT " + r.URL.Path, Conn: c.id})
	s.mu.Unlock()
	s.wg.Add(1)
	go func() { defer s.wg.Done(); c.writeLoop() }()
	s.sendOp(c, opHello, `{"heartbeat_interval":`+strconv.FormatInt(s.opts.HeartbeatInterval.Milliseconds(), 10)+`,"_trace":["discordtest"]}`)
	s.finish(c, s.readLoop(c))
}

// attach registers a new connection.
func (s *Server) attach(ws *websocket.Conn) (*gwConn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	s.nextConn++
	c := newGWConn(s.nextConn, ws)
	s.conns[c.id] = c
	s.changedLocked()
	return c, true
}

// readLoop handles incoming frames until the connection fails or closes.
func (s *Server) readLoop(c *gwConn) error {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return err
		}
		s.handleFrame(c, data)
	}
}

// finish unregisters c and detaches its session, which stays resumable unless the client
// closed with 1000/1001 or the server closed with a non-resumable code.
func (s *Server) finish(c *gwConn, err error) {
	s.mu.Lock()
	code := c.closeCode
	var ce *websocket.CloseError
	if code == 0 && errors.As(err, &ce) {
		code = ce.Code
	}
	if c.sess != nil {
		s.detachLocked(c.sess, resumableClose(code))
	}
	s.recordFrameLocked(Frame{Op: -1, Type: clientEnd(err), Conn: c.id})
	delete(s.conns, c.id)
	s.changedLocked()
	s.mu.Unlock()
	c.drop() // first, so that a writer blocked on a client that stopped reading fails
	c.stop()
	s.logf("discordtest: gateway conn %d ended (code %d): %v", c.id, code, err)
}

// clientEnd names how a connection ended from the client's side for the
// frame record: "CLOSE <code>" when the client sent a close frame (or
// answered the server's), "DROP" when the TCP connection just ended.
func clientEnd(err error) string {
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		return "CLOSE " + strconv.Itoa(ce.Code)
	}
	return "DROP"
}

// ResumeGatewayURL returns the resume_gateway_url READY carries,
// "ws://127.0.0.1:PORT/gateway/resume": the same gateway on a distinct path,
// so tests can tell which URL a client resumed on (ConnectionPaths).
func (s *Server) ResumeGatewayURL() string { return "ws://" + s.base + "/gateway/resume" }

// ConnectionPaths returns the URL path each gateway connection was opened
// on, in order of connection ("/gateway/" as discordgo dials it,
// "/gateway/resume").
func (s *Server) ConnectionPaths() []string {
	var out []string
	for _, f := range s.Frames() {
		if p, ok := strings.CutPrefix(f.Type, "CONNECT "); ok && f.Op == -1 && !f.Out {
			out = append(out, p)
		}
	}
	return out
}

// handleFrame decodes and answers one client frame.
func (s *Server) handleFrame(c *gwConn, data []byte) {
	var p payload
	err := json.Unmarshal(data, &p)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordFrameLocked(Frame{Op: p.Op, Raw: data, Conn: c.id})
	if err != nil {
		s.closeLocked(c, 4002)
		return
	}
	s.handleOpLocked(c, p)
}

// handleOpLocked routes a decoded client frame by opcode.
func (s *Server) handleOpLocked(c *gwConn, p payload) {
	switch p.Op {
	case opHeartbeat:
		s.heartbeats++
		if c.sess != nil {
			c.sess.heartbeats++
		}
		if !s.noAcks {
			s.sendOpLocked(c, opHeartbeatAck, "null")
		}
	case opIdentify:
		s.identifyLocked(c, p.D)
	case opResume:
		s.resumeLocked(c, p.D)
	case opRequestMembers:
		s.requestMembersLocked(c, p.D)
	case opPresence, opVoiceState:
		if c.sess == nil {
			s.closeLocked(c, 4003)
		}
	default:
		s.closeLocked(c, 4001)
	}
}

// sendOp queues a non-dispatch frame.
func (s *Server) sendOp(c *gwConn, op int, d string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sendOpLocked(c, op, d)
}

// sendOpLocked queues and records a non-dispatch frame.
func (s *Server) sendOpLocked(c *gwConn, op int, d string) {
	raw := opFrame(op, d)
	c.send(raw)
	s.recordFrameLocked(Frame{Out: true, Op: op, Raw: raw, Conn: c.id})
}

// closeLocked closes c with a gateway close code; a non-resumable code forgets its session.
func (s *Server) closeLocked(c *gwConn, code int) {
	s.closeWithLocked(c, code, closeReason(code))
}

// closeWithLocked closes c with code and reason.
func (s *Server) closeWithLocked(c *gwConn, code int, reason string) {
	if c.closeCode != 0 {
		return
	}
	c.closeCode = code
	if c.sess != nil && !resumableClose(code) {
		s.detachLocked(c.sess, false)
	}
	c.sendClose(code, reason)
	s.recordFrameLocked(Frame{Out: true, Op: -1, Type: "CLOSE " + strconv.Itoa(code), Conn: c.id})
}
