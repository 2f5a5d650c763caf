package restpolicy

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxWait bounds any wait a header can ask for, so a garbled value cannot
// stop the process for longer. It is above a day because Discord's daily
// limits (200 command creates per guild) answer with retry_after up to 24 h,
// which must be reported as it is; no request waits that long anyway —
// every request has a deadline (the REST client's timeout at the most), and
// a wait past it is not slept but returned as a RateLimitedError.
const maxWait = 48 * time.Hour

// Rate-limit scopes as Discord names them in X-RateLimit-Scope.
const (
	ScopeUser   = "user"
	ScopeGlobal = "global"
	ScopeShared = "shared"
	// ScopeInvalid is the scope of a refusal by the policy itself (too
	// many invalid requests in the window).
	ScopeInvalid = "invalid"
)

// limit is what a 429 says.
type limit struct {
	retryAfter time.Duration
	scope      string // ScopeUser, ScopeGlobal or ScopeShared
}

// parseSeconds parses a non-negative decimal number of seconds ("1",
// "0.250"); ok is false for anything else. The result is capped at maxWait.
func parseSeconds(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 {
		return 0, false
	}
	if f >= maxWait.Seconds() {
		return maxWait, true
	}
	return time.Duration(f * float64(time.Second)), true
}

// parseRetryAfter parses Retry-After: seconds (Discord sends whole or
// fractional seconds) or an HTTP date (RFC 9110), relative to now.
func parseRetryAfter(s string, now time.Time) (time.Duration, bool) {
	if d, ok := parseSeconds(s); ok {
		return d, true
	}
	t, err := http.ParseTime(strings.TrimSpace(s))
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), maxWait), true
}

// parseRemaining parses X-RateLimit-Remaining; ok is false when absent or
// not a non-negative integer.
func parseRemaining(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// parseBucket returns X-RateLimit-Bucket when it looks like Discord's
// opaque hash (printable ASCII without spaces, at most 64 bytes), else "".
func parseBucket(s string) string {
	if len(s) == 0 || len(s) > 64 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return ""
		}
	}
	return s
}

// rateLimitBody is the part of Discord's 429 JSON the policy reads.
type rateLimitBody struct {
	RetryAfter *float64 `json:"retry_after"`
	Global     bool     `json:"global"`
}

// fromDiscord reports whether a response carries Discord's rate-limit
// headers (a proxy passing Discord's answer through keeps them).
func fromDiscord(h http.Header) bool {
	return h.Get("X-RateLimit-Scope") != "" || h.Get("X-RateLimit-Bucket") != "" || h.Get("X-RateLimit-Global") != ""
}

// bodyRetryAfter is the body's retry_after, when it has a valid one.
func bodyRetryAfter(b rateLimitBody, jsonOK bool) (time.Duration, bool) {
	if !jsonOK || b.RetryAfter == nil {
		return 0, false
	}
	return parseSeconds(strconv.FormatFloat(*b.RetryAfter, 'f', -1, 64))
}

// parse429 reads a 429: the wait from the JSON body's retry_after, else
// X-RateLimit-Reset-After (both precise), else Retry-After (whole seconds,
// rounded up: waiting on it would turn a 0.3 s limit into 1 s, too long
// for an interaction's 3 s), else one second; the scope from the
// headers and body. A 429 without Discord's headers and JSON (an HTML page
// from Cloudflare, a proxy's own refusal) limits the whole IP and is
// treated as global.
func parse429(h http.Header, body []byte, now time.Time) limit {
	var b rateLimitBody
	jsonOK := json.Unmarshal(body, &b) == nil
	l := limit{retryAfter: time.Second, scope: ScopeUser}
	if d, ok := bodyRetryAfter(b, jsonOK); ok {
		l.retryAfter = d
	} else if d, ok := parseSeconds(h.Get("X-RateLimit-Reset-After")); ok {
		l.retryAfter = d
	} else if d, ok := parseRetryAfter(h.Get("Retry-After"), now); ok {
		l.retryAfter = d
	}
	switch scope := strings.ToLower(strings.TrimSpace(h.Get("X-RateLimit-Scope"))); {
	case strings.EqualFold(strings.TrimSpace(h.Get("X-RateLimit-Global")), "true") || scope == ScopeGlobal || (jsonOK && b.Global):
		l.scope = ScopeGlobal
	case scope == ScopeShared:
		l.scope = ScopeShared
	case !fromDiscord(h) && !jsonOK:
		l.scope = ScopeGlobal
	}
	return l
}
