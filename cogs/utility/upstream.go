package utility

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/sony/gobreaker/v2"

	"cogd/cogs/utility/internal/httpjson"
	"cogd/internal/command"
)

// Circuit breaker settings shared by the upstreams.
const (
	// breakerTrips is how many failures in a row open the breaker.
	breakerTrips = 5
	// breakerOpen is how long an open breaker refuses calls before it lets
	// one through to test the upstream ("try again in a minute").
	breakerOpen = time.Minute
)

// errAbandoned marks a call whose caller went away (command timeout,
// shutdown): it says nothing about the upstream, so the breaker ignores it.
var errAbandoned = errors.New("caller gave up")

// upstream is one external service as the commands see it: a circuit
// breaker, and the translation of its failures into sentences for users
// and log lines for the operator.
type upstream struct {
	// label names the service for users: "weather service".
	label   string
	log     *slog.Logger
	breaker *gobreaker.CircuitBreaker[struct{}]
}

// newUpstream returns an upstream whose breaker opens after breakerTrips
// failures in a row and logs its state changes.
func newUpstream(name, label string, log *slog.Logger) *upstream {
	u := &upstream{label: label, log: log.With("upstream", name)}
	u.breaker = gobreaker.NewCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        name,
		Timeout:     breakerOpen,
		ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= breakerTrips },
		IsExcluded:  func(err error) bool { return errors.Is(err, errAbandoned) },
		OnStateChange: func(name string, from, to gobreaker.State) {
			u.log.Warn("circuit breaker state changed", "from", from.String(), "to", to.String())
		},
	})
	return u
}

// call runs fn through the breaker. A failure comes back as a
// *command.UpstreamError that is safe to show (and is logged, unless it is
// the open breaker answering), or wrapping ctx's error when the caller
// itself gave up.
func (u *upstream) call(ctx context.Context, what string, fn func(context.Context) error) error {
	_, err := u.breaker.Execute(func() (struct{}, error) {
		err := fn(ctx)
		if err != nil && ctx.Err() != nil {
			return struct{}{}, fmt.Errorf("%w: %w", errAbandoned, ctx.Err())
		}
		return struct{}{}, err
	})
	if err == nil {
		return nil
	}
	if errors.Is(err, errAbandoned) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return u.userError(what, err)
}

// userError logs err and returns the sentence users see for it.
func (u *upstream) userError(what string, err error) *command.UpstreamError {
	if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
		u.log.Debug("circuit breaker refused a call", "call", what)
		return &command.UpstreamError{Msg: fmt.Sprintf("The %s is unavailable right now, try again in a minute.", u.label)}
	}
	kind, msg := u.classify(err)
	u.log.Warn("upstream call failed", "call", what, "kind", kind, "err", err)
	return &command.UpstreamError{Msg: msg}
}

// classify names the kind of failure for logs and words it for users,
// without upstream details.
func (u *upstream) classify(err error) (kind, msg string) {
	var se *httpjson.StatusError
	switch {
	case httpjson.IsTimeout(err):
		return "timeout", fmt.Sprintf("The %s took too long to answer, try again in a minute.", u.label)
	case errors.As(err, &se) && se.Temporary():
		return "status", fmt.Sprintf("The %s is having trouble right now, try again later.", u.label)
	case errors.As(err, &se):
		return "status", fmt.Sprintf("The %s turned the request down. The bot owner can find out why in the logs.", u.label)
	case errors.Is(err, httpjson.ErrMalformed):
		return "malformed", fmt.Sprintf("The %s sent an answer I couldn't read, try again later.", u.label)
	}
	return "transport", fmt.Sprintf("I couldn't reach the %s, try again later.", u.label)
}
