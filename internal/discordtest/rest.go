package discordtest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// apiError is Discord's JSON error body.
type apiError struct {
	Message string         `json:"message"`
	Code    int            `json:"code"`
	Errors  map[string]any `json:"errors,omitempty"`
}

// call is one REST request being answered.
type call struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	path   string // path after /api/vN
	body   []byte
	params map[string]string
	status int
	bucket string
}

// routes returns the server's HTTP handler: the gateway websocket and the REST API.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	mux.HandleFunc("/", s.serveREST)
	return mux
}

// apiPath strips the /api/v9 or /api/v10 prefix; ok is false for other paths.
func apiPath(p string) (rest string, ok bool) {
	for _, prefix := range []string{"/api/v9/", "/api/v10/"} {
		if strings.HasPrefix(p, prefix) {
			return p[len(prefix)-1:], true
		}
	}
	return "", false
}

// serveREST answers one REST request and records it.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err != nil {
		return
	}
	// The answer is held back until the request is recorded, so a bot
	// that has its answer (and a test waiting on the bot) always finds
	// the request in Requests.
	out := newResponseBuffer()
	c := &call{s: s, w: out, r: r, body: body}
	unknown := s.route(c)
	s.recordRequest(Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: c.status,
		Header: r.Header.Clone(), Body: body, Unknown: unknown, Time: time.Now(),
	})
	out.writeTo(w)
}

// responseBuffer is an http.ResponseWriter that keeps an answer until
// writeTo sends it on.
type responseBuffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newResponseBuffer() *responseBuffer { return &responseBuffer{header: http.Header{}} }

// Header implements http.ResponseWriter.
func (b *responseBuffer) Header() http.Header { return b.header }

// Write implements http.ResponseWriter.
func (b *responseBuffer) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// WriteHeader implements http.ResponseWriter; the first status counts.
func (b *responseBuffer) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// writeTo sends the kept answer to w (200 with no body if nothing was
// written, as net/http does).
func (b *responseBuffer) writeTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(cmp.Or(b.status, http.StatusOK))
	_, _ = w.Write(b.body.Bytes())
}

// route dispatches c to its handler after the fault and authorization checks; it reports
// whether the route is unknown.
func (s *Server) route(c *call) (unknown bool) {
	p, ok := apiPath(c.r.URL.Path)
	h, params, pattern := s.lookupRoute(c.r.Method, p)
	if !ok || h == nil {
		c.fail(http.StatusNotFound, 0, "404: Not Found")
		return true
	}
	c.path, c.params, c.bucket = p, params, bucketOf(c.r.Method, pattern)
	if s.injectFault(c) {
		return false
	}
	if pattern != "/gateway" && !tokenAuthenticated(pattern) && !s.authorized(c.r) {
		c.fail(http.StatusUnauthorized, 0, "401: Unauthorized")
		return false
	}
	h(s, c)
	return false
}

// authorized checks the "Authorization: Bot <token>" header.
func (s *Server) authorized(r *http.Request) bool {
	return r.Header.Get("Authorization") == "Bot "+s.opts.Token
}

// bucketOf returns a stable rate-limit bucket hash for a route.
func bucketOf(method, pattern string) string {
	h := fnv.New64a()
	_, _ = io.WriteString(h, method+" "+pattern)
	return strconv.FormatUint(h.Sum64(), 16)
}

// param returns a path parameter.
func (c *call) param(name string) string { return c.params[name] }

// header writes the common response headers.
func (c *call) header(status int) {
	h := c.w.Header()
	h.Set("Content-Type", "application/json")
	if h.Get("X-RateLimit-Bucket") == "" && c.bucket != "" {
		h.Set("X-RateLimit-Bucket", c.bucket)
		h.Set("X-RateLimit-Limit", "10000")
		h.Set("X-RateLimit-Remaining", "9999")
		h.Set("X-RateLimit-Reset", resetAt(time.Second))
		h.Set("X-RateLimit-Reset-After", "1.000")
	}
	c.status = status
	c.w.WriteHeader(status)
}

// resetAt formats the epoch time d from now with millisecond precision.
func resetAt(d time.Duration) string {
	return fmt.Sprintf("%.3f", float64(time.Now().Add(d).UnixMilli())/1000)
}

// json writes v as the response body.
func (c *call) json(status int, v any) {
	b, err := encodeJSON(v)
	if err != nil {
		c.fail(http.StatusInternalServerError, 0, "500: Internal Server Error")
		return
	}
	c.raw(status, b)
}

// raw writes an encoded JSON body.
func (c *call) raw(status int, b []byte) {
	c.header(status)
	_, _ = c.w.Write(b)
}

// noContent answers 204.
func (c *call) noContent() {
	c.header(http.StatusNoContent)
}

// fail writes Discord's error JSON.
func (c *call) fail(status, code int, message string) {
	c.json(status, apiError{Message: message, Code: code})
}

// invalidForm writes a 400 50035 "Invalid Form Body" error for field.
func (c *call) invalidForm(field, code, message string) {
	errs := map[string]any{field: map[string]any{"_errors": []map[string]string{{"code": code, "message": message}}}}
	c.json(http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: 50035, Errors: errs})
}

// decode parses the JSON body into v; on failure it answers 400 50109 and returns false.
func (c *call) decode(v any) bool {
	if len(c.body) == 0 {
		return true
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return false
	}
	return true
}

// queryInt returns the integer query parameter name, or def when absent or invalid.
func (c *call) queryInt(name string, def int) int {
	n, err := strconv.Atoi(c.r.URL.Query().Get(name))
	if err != nil {
		return def
	}
	return n
}

// answer writes a response; handlers build it under Server.mu and run it after unlocking.
type answer func(c *call)

// locked runs f with s.mu held and writes its answer after unlocking.
func (s *Server) locked(c *call, f func() answer) {
	s.mu.Lock()
	a := f()
	s.mu.Unlock()
	a(c)
}

// ok answers 200 with v, which must not share memory with the world.
func ok(v any) answer { return func(c *call) { c.json(http.StatusOK, v) } }

// noContent answers 204.
func noContent() answer { return (*call).noContent }

// apiErr answers with Discord's error JSON.
func apiErr(status, code int, message string) answer {
	return func(c *call) { c.fail(status, code, message) }
}

// formErr answers 400 50035 "Invalid Form Body" for field.
func formErr(field, code, message string) answer {
	return func(c *call) { c.invalidForm(field, code, message) }
}

// Discord's common error answers.
func missingPermissions() answer { return apiErr(http.StatusForbidden, 50013, "Missing Permissions") }
func missingAccess() answer      { return apiErr(http.StatusForbidden, 50001, "Missing Access") }
func unknownChannel() answer     { return apiErr(http.StatusNotFound, 10003, "Unknown Channel") }
func unknownGuild() answer       { return apiErr(http.StatusNotFound, 10004, "Unknown Guild") }
func unknownMessage() answer     { return apiErr(http.StatusNotFound, 10008, "Unknown Message") }
func unknownMember() answer      { return apiErr(http.StatusNotFound, 10007, "Unknown Member") }
func unknownUser() answer        { return apiErr(http.StatusNotFound, 10013, "Unknown User") }
func unknownRole() answer        { return apiErr(http.StatusNotFound, 10011, "Unknown Role") }
func unknownBan() answer         { return apiErr(http.StatusNotFound, 10026, "Unknown Ban") }
