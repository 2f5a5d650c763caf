package restpolicy

import (
	"fmt"
	"math"
	"time"
)

// KindUpstream is the error kind of both error types: Discord failed, not
// the user.
const KindUpstream = "upstream_error"

// RateLimitedError is a request Discord (or the policy, to stay clear of
// a limit) refused because of a rate limit, after the retries the
// caller's deadline allowed.
type RateLimitedError struct {
	// RetryAfter is how long until the request may succeed.
	RetryAfter time.Duration
	// Scope is Discord's X-RateLimit-Scope ("user", "global", "shared"),
	// "invalid" when the policy refused the request itself because too
	// many invalid requests were made recently.
	Scope string
	// Route is the route template of the request.
	Route string
}

// Error describes the limit.
func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("restpolicy: %s rate-limited (scope %s), retry after %v", e.Route, e.Scope, e.RetryAfter)
}

// UserMessage is the sentence shown to the user.
func (e *RateLimitedError) UserMessage() string {
	return fmt.Sprintf("Discord is rate-limiting me, try again in %d s.", seconds(e.RetryAfter))
}

// Kind is KindUpstream.
func (e *RateLimitedError) Kind() string { return KindUpstream }

// seconds rounds d up to whole seconds, at least 1.
func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// UnavailableError is a request Discord answered with a server error (5xx)
// on every attempt.
type UnavailableError struct {
	// Status is the last HTTP status.
	Status int
	// Route is the route template of the request.
	Route string
	// Attempts is how many times the request was sent.
	Attempts int
}

// Error names the route and the status.
func (e *UnavailableError) Error() string {
	return fmt.Sprintf("restpolicy: %s: Discord answered %d on %d attempts", e.Route, e.Status, e.Attempts)
}

// UserMessage is the sentence shown to the user.
func (e *UnavailableError) UserMessage() string {
	return "Discord is having trouble right now, try again in a moment."
}

// Kind is KindUpstream.
func (e *UnavailableError) Kind() string { return KindUpstream }
