// Package httpjson fetches JSON from the keyless web APIs the utility cog
// uses and sorts what can go wrong into typed errors: a non-2xx status
// (*StatusError), an answer that is not the expected JSON (ErrMalformed),
// and transport failures, of which timeouts are told apart by IsTimeout.
package httpjson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"
)

// MaxBody bounds how many bytes of an answer are read.
const MaxBody = 1 << 20

// reasonLimit bounds the upstream error text kept in a StatusError.
const reasonLimit = 200

// ErrMalformed is wrapped by errors for answers that are empty, too large,
// not JSON (an HTML error page, say) or JSON of the wrong shape.
var ErrMalformed = errors.New("malformed answer")

// StatusError is an answer with a status other than 2xx. Reason is the
// upstream's own explanation when its body had one ("reason" or "message"),
// shortened; it is meant for logs, not for users.
type StatusError struct {
	Code   int
	Reason string
}

// Error names the status and the reason.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("status %d %s", e.Code, http.StatusText(e.Code))
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Temporary reports whether the status is a server-side or rate-limit
// failure (5xx or 429) rather than a rejected request.
func (e *StatusError) Temporary() bool {
	return e.Code >= 500 || e.Code == http.StatusTooManyRequests
}

// Get fetches url with client and decodes the JSON answer into v. The
// request carries ctx; the client's Timeout bounds the whole exchange.
func Get(ctx context.Context, client *http.Client, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "cogd")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return fmt.Errorf("read answer (status %d): %w", resp.StatusCode, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Code: resp.StatusCode, Reason: reason(body)}
	}
	return Decode(body, v)
}

// Decode unmarshals body into v, wrapping every failure in ErrMalformed
// with a short description of what arrived instead.
func Decode(body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(body) > MaxBody:
		return fmt.Errorf("%w: larger than %d bytes", ErrMalformed, MaxBody)
	case len(trimmed) == 0:
		return fmt.Errorf("%w: empty body", ErrMalformed)
	case trimmed[0] == '<':
		return fmt.Errorf("%w: HTML or XML instead of JSON: %q", ErrMalformed, snippet(trimmed))
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return nil
}

// IsTimeout reports whether err is a timeout: the client's Timeout, a
// dial or read deadline, or an expired context.
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded)
}

// reason extracts an upstream's explanation from an error body: Open-Meteo
// answers {"error":true,"reason":"…"}, Frankfurter {"message":"…"}.
func reason(body []byte) string {
	var e struct {
		Reason  string `json:"reason"`
		Message string `json:"message"`
	}
	if json.Unmarshal(bytes.TrimSpace(body), &e) != nil {
		return ""
	}
	if e.Reason != "" {
		return shorten(e.Reason)
	}
	return shorten(e.Message)
}

// snippet returns the start of body for a log line.
func snippet(body []byte) string {
	return shorten(string(body[:min(len(body), 4*reasonLimit)]))
}

// shorten makes s a single valid UTF-8 line of at most reasonLimit runes.
func shorten(s string) string {
	s = strings.ToValidUTF8(strings.Join(strings.Fields(s), " "), "")
	if utf8.RuneCountInString(s) <= reasonLimit {
		return s
	}
	return string([]rune(s)[:reasonLimit-1]) + "…"
}
