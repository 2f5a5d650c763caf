package discordtest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// restFault answers the next n matching requests with status.
type restFault struct {
	method     string
	prefix     string
	n          int
	status     int
	retryAfter time.Duration
}

// rateLimited is Discord's 429 body.
type rateLimited struct {
	Message    string  `json:"message"`
	RetryAfter float64 `json:"retry_after"`
	Global     bool    `json:"global"`
}

// FailREST answers the next n requests whose method matches (empty = any) and whose path
// after /api/vN starts with pathPrefix (e.g. "/channels/") with status. 429 gets Discord's
// rate-limit body and Retry-After/X-RateLimit-* headers for retryAfter; other statuses get
// Discord's "<status>: <text>" error body. n <= 0 does nothing.
func (s *Server) FailREST(method, pathPrefix string, n, status int, retryAfter time.Duration) {
	if n <= 0 {
		return
	}
	if p, ok := apiPath(pathPrefix); ok {
		pathPrefix = p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &restFault{method: method, prefix: pathPrefix, n: n, status: status, retryAfter: retryAfter})
}

// takeFault consumes one use of the first fault matching c.
func (s *Server) takeFault(c *call) *restFault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.method == "" || f.method == c.r.Method) && strings.HasPrefix(c.path, f.prefix) {
			f.n--
			if f.n <= 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
			return f
		}
	}
	return nil
}

// injectFault answers c with a pending fault; it reports whether it did.
func (s *Server) injectFault(c *call) bool {
	f := s.takeFault(c)
	if f == nil {
		return false
	}
	if f.status == http.StatusTooManyRequests {
		writeRateLimited(c, f.retryAfter)
		return true
	}
	c.fail(f.status, 0, fmt.Sprintf("%d: %s", f.status, http.StatusText(f.status)))
	return true
}

// writeRateLimited answers 429 like Discord's per-route limit.
func writeRateLimited(c *call, after time.Duration) {
	secs := after.Seconds()
	h := c.w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Bucket", c.bucket)
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", resetAt(after))
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", secs))
	h.Set("X-RateLimit-Scope", "user")
	c.json(http.StatusTooManyRequests, rateLimited{Message: "You are being rate limited.", RetryAfter: secs})
}

// connList returns the open connections; s.mu must be held.
func (s *Server) connList() []*gwConn {
	out := make([]*gwConn, 0, len(s.conns))
	for _, c := range s.conns {
		out = append(out, c)
	}
	return out
}

// DropConnections closes every gateway TCP connection abruptly, without a close frame.
// Sessions stay resumable.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
}

// SendReconnect sends op 7 RECONNECT on every connection.
func (s *Server) SendReconnect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		s.sendOpLocked(c, opReconnect, "null")
	}
}

// SendInvalidSession sends op 9 INVALID_SESSION on every connection. When resumable is
// false the sessions are forgotten; either way the connection must IDENTIFY or RESUME again.
func (s *Server) SendInvalidSession(resumable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		if c.sess != nil {
			s.detachLocked(c.sess, resumable)
		}
		s.sendOpLocked(c, opInvalidSession, strconv.FormatBool(resumable))
	}
}

// CloseConnections sends a close frame with code and reason on every connection, then
// closes it once the client answers (or after a few seconds). Codes Discord treats as
// non-resumable (4004, 4007, 4009-4014, 1000, 1001) forget the sessions.
func (s *Server) CloseConnections(code int, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		s.closeWithLocked(c, code, reason)
	}
}

// SetHeartbeatAcks turns heartbeat ACKs on (the default) or off, which makes the
// connections look like zombies to the client.
func (s *Server) SetHeartbeatAcks(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noAcks = !on
}

// FailIdentify makes the next IDENTIFY fail by closing the connection with code
// (e.g. 4004, 4014); 0 clears it.
func (s *Server) FailIdentify(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failIdent = code
}
