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
	limit      RateLimitKind // for 429s
}

// RateLimitKind is the shape of an injected 429.
type RateLimitKind int

// The 429s Discord (and what stands in front of it) sends.
const (
	// RateLimitRoute is a per-route limit: Discord's JSON, X-RateLimit-Scope
	// user, the bucket headers with Reset-After (FailREST's 429).
	RateLimitRoute RateLimitKind = iota
	// RateLimitGlobal is the global limit as Discord sends it in practice:
	// X-RateLimit-Global: true, scope global, Retry-After and the JSON body,
	// but no X-RateLimit-Reset-After (which discordgo needs to notice it).
	RateLimitGlobal
	// RateLimitShared is a shared-resource limit (scope shared): not
	// counted against the bot's invalid requests.
	RateLimitShared
	// RateLimitHTML is Cloudflare's 429: an HTML page with Retry-After and
	// none of Discord's headers or JSON (also what a proxy may send).
	RateLimitHTML
)

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
	s.addFault(method, pathPrefix, restFault{n: n, status: status, retryAfter: retryAfter})
}

// FailRESTRateLimit answers the next n matching requests (as FailREST
// matches them) with a 429 of kind, asking to retry after retryAfter.
func (s *Server) FailRESTRateLimit(method, pathPrefix string, n int, kind RateLimitKind, retryAfter time.Duration) {
	s.addFault(method, pathPrefix, restFault{n: n, status: http.StatusTooManyRequests, retryAfter: retryAfter, limit: kind})
}

// addFault queues f for the requests of method whose path after /api/vN
// starts with pathPrefix (a full API path is cut to that part); f.n <= 0
// queues nothing.
func (s *Server) addFault(method, pathPrefix string, f restFault) {
	if f.n <= 0 {
		return
	}
	if p, ok := apiPath(pathPrefix); ok {
		pathPrefix = p
	}
	f.method, f.prefix = method, pathPrefix
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
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
		writeLimit(c, f.limit, f.retryAfter)
		return true
	}
	c.fail(f.status, 0, fmt.Sprintf("%d: %s", f.status, http.StatusText(f.status)))
	return true
}

// writeLimit answers 429 in the shape of kind.
func writeLimit(c *call, kind RateLimitKind, after time.Duration) {
	switch kind {
	case RateLimitGlobal:
		writeGlobalLimited(c, after)
	case RateLimitShared:
		writeRateLimited(c, after, "shared")
	case RateLimitHTML:
		writeCloudflare429(c, after)
	default:
		writeRateLimited(c, after, "user")
	}
}

// retryAfterHeader formats Retry-After as Discord does: whole seconds,
// rounded up.
func retryAfterHeader(after time.Duration) string {
	return strconv.Itoa(int(math.Ceil(after.Seconds())))
}

// writeGlobalLimited answers 429 like Discord's global limit, without
// X-RateLimit-Reset-After.
func writeGlobalLimited(c *call, after time.Duration) {
	h := c.w.Header()
	h.Set("Retry-After", retryAfterHeader(after))
	h.Set("X-RateLimit-Global", "true")
	h.Set("X-RateLimit-Scope", "global")
	h.Set("Content-Type", "application/json")
	c.status = http.StatusTooManyRequests
	c.w.WriteHeader(http.StatusTooManyRequests)
	_, _ = c.w.Write(mustJSON(rateLimited{Message: "You are being rate limited.", RetryAfter: after.Seconds(), Global: true}))
}

// cloudflarePage is the body of Cloudflare's 429.
const cloudflarePage = "<!DOCTYPE html>\n<html><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head>" +
	"<body><h1>Error 1015</h1><p>You are being rate limited</p></body></html>\n"

// writeCloudflare429 answers 429 with an HTML page and Retry-After only.
func writeCloudflare429(c *call, after time.Duration) {
	h := c.w.Header()
	h.Set("Content-Type", "text/html; charset=UTF-8")
	h.Set("Retry-After", retryAfterHeader(after))
	c.status = http.StatusTooManyRequests
	c.w.WriteHeader(http.StatusTooManyRequests)
	_, _ = c.w.Write([]byte(cloudflarePage))
}

// writeRateLimited answers 429 like Discord's per-route limit, with scope
// "user" or "shared".
func writeRateLimited(c *call, after time.Duration, scope string) {
	secs := after.Seconds()
	h := c.w.Header()
	h.Set("Retry-After", retryAfterHeader(after))
	h.Set("X-RateLimit-Bucket", c.bucket)
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", resetAt(after))
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", secs))
	h.Set("X-RateLimit-Scope", scope)
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

// SetResumeGatewayURL makes READY carry resume_gateway_url (on, the
// default: ResumeGatewayURL) or leave it out (off), for clients' fallback
// to the main gateway URL.
func (s *Server) SetResumeGatewayURL(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noResumeURL = !on
}

// FailIdentify makes the next IDENTIFY fail by closing the connection with code
// (e.g. 4004, 4014); 0 clears it.
func (s *Server) FailIdentify(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failIdent = code
}
