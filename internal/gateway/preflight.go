package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Application flags that say a privileged intent is enabled (the "limited"
// variant is what bots in fewer than 100 guilds get).
const (
	flagPresence            = 1 << 12
	flagPresenceLimited     = 1 << 13
	flagGuildMembers        = 1 << 14
	flagGuildMembersLimited = 1 << 15
	flagMessageContent      = 1 << 18
	flagMessageContentLimit = 1 << 19
)

// Identity is who the token belongs to.
type Identity struct {
	User *discordgo.User
	App  *discordgo.Application
}

// Owners returns the application owner, or the team's members.
func (id Identity) Owners() []string {
	if id.App == nil {
		return nil
	}
	if id.App.Team != nil {
		var ids []string
		for _, m := range id.App.Team.Members {
			if m != nil && m.User != nil {
				ids = append(ids, m.User.ID)
			}
		}
		return ids
	}
	if id.App.Owner != nil {
		return []string{id.App.Owner.ID}
	}
	return nil
}

// ErrBadToken means Discord rejected DISCORD_TOKEN.
var ErrBadToken = errors.New("DISCORD_TOKEN was rejected by Discord (401 Unauthorized): copy it again from Developer Portal → your application → Bot → Reset Token")

// Preflight checks the token (GET /users/@me) and that every privileged
// intent in intents is switched on for the application
// (GET /oauth2/applications/@me), before any gateway connection is tried:
// Discord would otherwise answer with close codes discordgo retries forever.
// Its errors name the host the requests really went to (DISCORD_API_URL),
// STARTUP_TIMEOUT when ctx's deadline passes, and what came back when it
// was not JSON.
func Preflight(ctx context.Context, s *discordgo.Session, intents discordgo.Intent) (Identity, error) {
	p := newProbe(ctx, s.Client)
	via := []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithClient(p.client())}
	u, err := s.User("@me", via...)
	if err != nil {
		return Identity{}, p.failure(ctx, "GET /users/@me", err)
	}
	raw, err := s.RequestWithBucketID(http.MethodGet, discordgo.EndpointOAuth2Applications+"/@me", nil,
		discordgo.EndpointOAuth2Applications+"/@me", via...)
	if err != nil {
		return Identity{}, p.failure(ctx, "GET /oauth2/applications/@me", err)
	}
	var app discordgo.Application
	if err := json.Unmarshal(raw, &app); err != nil {
		return Identity{}, p.failure(ctx, "GET /oauth2/applications/@me", fmt.Errorf("%w: %w", discordgo.ErrJSONUnmarshal, err))
	}
	if missing := MissingIntents(intents, app.Flags); len(missing) > 0 {
		return Identity{}, fmt.Errorf("privileged intents not enabled for %s: %s — switch them on in Developer Portal → your application → Bot → Privileged Gateway Intents",
			u.Username, strings.Join(missing, ", "))
	}
	return Identity{User: u, App: &app}, nil
}

// probe watches the preflight's requests: discordgo's errors name its own
// https://discord.com URLs (the Rewriter sends them to DISCORD_API_URL)
// and drop the response's Content-Type, so the probe remembers where each
// request really went and what came back.
type probe struct {
	base   *http.Client
	next   http.RoundTripper
	budget time.Duration // the start-up timeout, read from ctx's deadline; 0 without one

	mu     sync.Mutex
	host   string // host:port of the last request
	ctype  string // Content-Type of the last response
	status string // status line of the last response
}

func newProbe(ctx context.Context, c *http.Client) *probe {
	if c == nil {
		c = http.DefaultClient
	}
	p := &probe{base: c, next: c.Transport}
	if p.next == nil {
		p.next = http.DefaultTransport
	}
	if d, ok := ctx.Value(budgetKey{}).(time.Duration); ok {
		p.budget = d
	} else if dl, ok := ctx.Deadline(); ok {
		p.budget = roundBudget(time.Until(dl))
	}
	return p
}

// budgetKey is the context key of the start-up timeout StartupContext sets.
type budgetKey struct{}

// StartupContext returns a context that ends after the start-up timeout
// d and that carries d itself, so that Preflight's "within
// STARTUP_TIMEOUT=…" names the configured value, not what is left of it
// by the time the probe reads the deadline (a busy machine made that 987ms
// for 1s).
func StartupContext(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithValue(parent, budgetKey{}, d), d)
}

// roundBudget undoes the few microseconds between setting the deadline and
// reading it, so STARTUP_TIMEOUT=10s is reported as 10s.
func roundBudget(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// client is the session's HTTP client with the probe in front of its
// transport.
func (p *probe) client() *http.Client {
	c := *p.base
	c.Transport = p
	return &c
}

// RoundTrip records the real host (the connection asked for, or the
// request the response answers) and the response's type.
func (p *probe) RoundTrip(req *http.Request) (*http.Response, error) {
	trace := &httptrace.ClientTrace{GetConn: func(hostPort string) { p.record(hostPort, nil) }}
	resp, err := p.next.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	if resp != nil {
		host := ""
		if resp.Request != nil && resp.Request.URL != nil {
			host = resp.Request.URL.Host
		}
		p.record(host, resp)
	}
	return resp, err
}

func (p *probe) record(host string, resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if host != "" {
		p.host = host
	}
	if resp != nil {
		p.ctype, p.status = resp.Header.Get("Content-Type"), resp.Status
	}
}

// seen returns the host, Content-Type and status recorded last; the host
// falls back to the one err names.
func (p *probe) seen(err error) (host, ctype, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	host = p.host
	var ue *url.Error
	if host == "" && errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Host
		}
	}
	return host, p.ctype, p.status
}

// startupError is a preflight failure in words naming what the operator
// configured; Unwrap keeps the cause for errors.Is.
type startupError struct {
	msg string
	err error
}

func (e *startupError) Error() string { return e.msg }
func (e *startupError) Unwrap() error { return e.err }

// failure turns the error of request what into one that names the real
// host, the setting that ran out, or the wrong content type.
func (p *probe) failure(ctx context.Context, what string, err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return ErrBadToken
	}
	host, ctype, status := p.seen(err)
	var ue *url.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil && p.budget > 0:
		return &startupError{fmt.Sprintf("no answer from %s within STARTUP_TIMEOUT=%s (%s); is DISCORD_API_URL right?", host, p.budget, what), err}
	case errors.As(err, &ue) && ue.Timeout():
		return &startupError{fmt.Sprintf("no answer from %s within the REST timeout of %s (%s); is DISCORD_API_URL right?", host, p.base.Timeout, what), err}
	case errors.As(err, &ue):
		return &startupError{fmt.Sprintf("cannot reach %s (DISCORD_API_URL): %s: %v", host, what, ue.Err), err}
	case notJSON(err, re, ctype):
		return &startupError{fmt.Sprintf("expected JSON from %s, got %s (%s answered %s); DISCORD_API_URL must be the API's base URL, like https://discord.com/api/v9",
			host, mediaType(ctype), what, status), err}
	}
	return &startupError{fmt.Sprintf("%s on %s: %v", what, host, err), err}
}

// notJSON reports whether the answer was not JSON: discordgo could not
// decode it, or an error status came with another content type.
func notJSON(err error, re *discordgo.RESTError, ctype string) bool {
	if mediaType(ctype) == "application/json" {
		return false
	}
	return errors.Is(err, discordgo.ErrJSONUnmarshal) || re != nil
}

// mediaType is ctype without parameters ("text/html; charset=utf-8" →
// "text/html"), or "no Content-Type".
func mediaType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil || mt == "" {
		if ctype == "" {
			return "no Content-Type"
		}
		return ctype
	}
	return mt
}

// PrivilegedIntent is a privileged gateway intent: its bit and its name in
// the Developer Portal.
type PrivilegedIntent struct {
	Intent discordgo.Intent
	Name   string
}

// Grantable returns the intents of wanted that the application's flags
// allow, and the privileged ones it had to drop.
func Grantable(wanted discordgo.Intent, flags int) (discordgo.Intent, []PrivilegedIntent) {
	var dropped []PrivilegedIntent
	for _, c := range privilegedChecks() {
		if wanted&c.intent != 0 && flags&c.flags == 0 {
			wanted &^= c.intent
			dropped = append(dropped, PrivilegedIntent{Intent: c.intent, Name: c.name})
		}
	}
	return wanted, dropped
}

type privilegedCheck struct {
	intent discordgo.Intent
	flags  int
	name   string
}

func privilegedChecks() []privilegedCheck {
	return []privilegedCheck{
		{discordgo.IntentGuildPresences, flagPresence | flagPresenceLimited, "Presence Intent"},
		{discordgo.IntentGuildMembers, flagGuildMembers | flagGuildMembersLimited, "Server Members Intent"},
		{discordgo.IntentMessageContent, flagMessageContent | flagMessageContentLimit, "Message Content Intent"},
	}
}

// MissingIntents lists the privileged intents requested but not enabled in
// the application's flags, by their Developer Portal names.
func MissingIntents(intents discordgo.Intent, flags int) []string {
	var missing []string
	for _, c := range privilegedChecks() {
		if intents&c.intent != 0 && flags&c.flags == 0 {
			missing = append(missing, c.name)
		}
	}
	return missing
}
