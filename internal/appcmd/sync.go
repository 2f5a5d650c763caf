package appcmd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/restpolicy"
)

// Mode is COMMAND_SYNC: when Sync registers.
type Mode string

// The sync modes.
const (
	// ModeAuto registers a scope only when its hash changed.
	ModeAuto Mode = "auto"
	// ModeAlways registers every time.
	ModeAlways Mode = "always"
	// ModeOff never registers.
	ModeOff Mode = "off"
)

// ParseMode reads a COMMAND_SYNC value ("" is auto).
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case "":
		return ModeAuto, nil
	case ModeAuto, ModeAlways, ModeOff:
		return m, nil
	}
	return "", fmt.Errorf("COMMAND_SYNC %q is not auto, always or off", s)
}

// API is the part of *discordgo.Session Sync and List use.
type API interface {
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
	ApplicationCommands(appID, guildID string, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
}

var _ API = (*discordgo.Session)(nil)

// Syncer registers application commands for one application.
type Syncer struct {
	// API is the Discord session.
	API API
	// AppID is the application's ID.
	AppID string
	// Hashes stores the hash last registered per scope.
	Hashes HashStore
}

// Action says what Sync did.
type Action string

// The sync actions.
const (
	// Registered: one bulk overwrite was sent and accepted.
	Registered Action = "registered"
	// Unchanged: the stored hash matched; nothing was sent.
	Unchanged Action = "unchanged"
	// Skipped: the mode is off; nothing was sent.
	Skipped Action = "skipped"
)

// Result is the outcome of Sync for one scope.
type Result struct {
	Scope  Scope
	Action Action
	// Hash is the hash of cmds.
	Hash string
	// Commands is how many commands Discord now has in the scope (Registered only).
	Commands int
}

// Sync registers cmds (Build's output) in scope with one bulk overwrite,
// depending on mode: auto skips it when the stored hash equals cmds' hash,
// always sends it, off sends nothing. It never retries: a 429 is a
// *RateLimitedError with Discord's retry time, any other failure is
// returned wrapped, and the hash is saved only after Discord accepted the
// payload.
func (s *Syncer) Sync(ctx context.Context, scope Scope, cmds []*discordgo.ApplicationCommand, mode Mode) (Result, error) {
	res := Result{Scope: scope}
	if mode == ModeOff {
		res.Action = Skipped
		return res, nil
	}
	hash, err := Hash(s.AppID, cmds)
	if err != nil {
		return res, err
	}
	res.Hash = hash
	if mode != ModeAlways {
		last, err := s.Hashes.LastHash(ctx, scope)
		if err != nil {
			return res, fmt.Errorf("command sync %s: read stored hash: %w", scope, err)
		}
		if last == hash {
			res.Action = Unchanged
			return res, nil
		}
	}
	got, err := s.put(ctx, scope, cmds)
	if err != nil {
		return res, err
	}
	res.Action, res.Commands = Registered, len(got)
	if err := s.Hashes.SaveHash(ctx, scope, hash); err != nil {
		return res, fmt.Errorf("command sync %s: registered, but saving the hash failed: %w", scope, err)
	}
	return res, nil
}

// put sends the bulk overwrite once.
func (s *Syncer) put(ctx context.Context, scope Scope, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	if cmds == nil {
		cmds = []*discordgo.ApplicationCommand{}
	}
	got, err := s.API.ApplicationCommandBulkOverwrite(s.AppID, scope.GuildID, cmds, once(ctx)...)
	if err != nil {
		return nil, requestError("command sync", scope, err)
	}
	return got, nil
}

// List returns the commands Discord has registered in scope (one GET).
func (s *Syncer) List(ctx context.Context, scope Scope) ([]*discordgo.ApplicationCommand, error) {
	got, err := s.API.ApplicationCommands(s.AppID, scope.GuildID, once(ctx)...)
	if err != nil {
		return nil, requestError("command list", scope, err)
	}
	return got, nil
}

// DryRun reports what Sync would change in scope: it lists what Discord
// has (one GET) and compares it with cmds; it sends no PUT.
func (s *Syncer) DryRun(ctx context.Context, scope Scope, cmds []*discordgo.ApplicationCommand) (Diff, error) {
	current, err := s.List(ctx, scope)
	if err != nil {
		return Diff{}, err
	}
	return Compare(current, cmds), nil
}

// once are the request options of every call: the caller's context, no
// retry on 429 and no retry on 5xx (the daily create quota is not to be
// spent in a loop).
func once(ctx context.Context) []discordgo.RequestOption {
	return []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(0)}
}

// requestError turns a 429 (the REST policy's, or discordgo's when no
// policy is beneath the session) into a *RateLimitedError and wraps
// anything else.
func requestError(step string, scope Scope, err error) error {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.TooManyRequests != nil {
		return &RateLimitedError{Scope: scope, RetryAfter: rl.RetryAfter, Message: rl.Message, err: err}
	}
	var prl *restpolicy.RateLimitedError
	if errors.As(err, &prl) {
		return &RateLimitedError{Scope: scope, RetryAfter: prl.RetryAfter, Message: prl.Scope + " limit", err: err}
	}
	return fmt.Errorf("%s %s: %w", step, scope, err)
}

// RateLimitedError is a 429 from Discord on a command request. Sync does
// not retry; RetryAfter says when the operator may.
type RateLimitedError struct {
	Scope      Scope
	RetryAfter time.Duration
	// Message is Discord's message, when it sent one.
	Message string
	err     error
}

// Error names the scope and the retry time.
func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("command sync %s: rate limited by Discord (%s); retry after %s", e.Scope, e.Message, e.RetryAfter)
}

// Unwrap returns discordgo's error.
func (e *RateLimitedError) Unwrap() error { return e.err }

// UserMessage is the sentence shown to an operator.
func (e *RateLimitedError) UserMessage() string {
	return "Discord is rate-limiting command registration; try again in " + e.RetryAfter.Round(time.Second).String() + "."
}

// Kind classifies the error as Discord's.
func (e *RateLimitedError) Kind() string { return "upstream_error" }
