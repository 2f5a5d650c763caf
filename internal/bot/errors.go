package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// ErrorHandler is the one place where errors become replies. An error
// that is command.UserFacing says itself what to answer and is not a
// failure; anything else is logged with a reference ID that the user sees,
// so the owner can find it.
type ErrorHandler struct {
	Log   *slog.Logger
	RefID func() string
	// Count, when set, counts failures by source ("listener"); failed
	// commands are counted by the Instrument middleware.
	Count func(source string)
}

// Handle answers the invoker of c for err, privately where the transport
// allows it.
func (h *ErrorHandler) Handle(ctx context.Context, c *command.Context, err error) {
	text := h.text(ctx, c, err)
	if text == "" {
		return
	}
	reply, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := c.ReplyPrivate(reply, text); rerr != nil {
		h.Log.Warn("could not send error reply", "channel", c.ChannelID(), "err", rerr)
	}
}

// text is the reply for err ("" for none); failures are logged here.
func (h *ErrorHandler) text(ctx context.Context, c *command.Context, err error) string {
	if uf, ok := userFacing(err); ok {
		return command.UserMessage(c, uf)
	}
	ref := h.RefID()
	h.logFailure(ctx, c, err, ref)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("That took too long and was stopped (reference `%s`).", ref)
	}
	return fmt.Sprintf("Something went wrong on my side (reference `%s`). The bot owner can look it up in the logs.", ref)
}

// userFacing finds the user-facing error in err's chain. Discord refusing
// an action for lack of permission (a 403 from discordgo, whose error type
// cannot say so itself) is one too.
func userFacing(err error) (command.UserFacing, bool) {
	if uf, ok := command.AsUserFacing(err); ok {
		return uf, true
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusForbidden {
		return discordRefused{err}, true
	}
	return nil, false
}

// discordRefused is Discord's 403 as a user-facing error.
type discordRefused struct{ err error }

func (e discordRefused) Error() string { return e.err.Error() }
func (e discordRefused) Unwrap() error { return e.err }

// UserMessage tells the user what to fix.
func (discordRefused) UserMessage() string {
	return "Discord refused: I don't have the permission for that here. Check my role's permissions and position."
}

// Kind is a user error: the server's configuration, not the bot's fault.
func (discordRefused) Kind() string { return command.KindUser }

func (h *ErrorHandler) logFailure(ctx context.Context, c *command.Context, err error, ref string) {
	attrs := []any{"ref", ref, "err", err, "guild", c.GuildID(), "channel", c.ChannelID()}
	if a := c.Author(); a != nil {
		attrs = append(attrs, "user", a.ID)
	}
	if c.Command != nil {
		attrs = append(attrs, "command", c.Command.QualifiedName())
	}
	var pe *PanicError
	if errors.As(err, &pe) {
		attrs = append(attrs, "stack", string(pe.Stack))
	}
	h.Log.ErrorContext(ctx, "command failed", attrs...)
}

// Listener logs a listener's error: there is nobody to answer.
func (h *ErrorHandler) Listener(ctx context.Context, cog, event string, err error) {
	attrs := []any{"cog", cog, "event", event, "err", err}
	var pe *PanicError
	if errors.As(err, &pe) {
		attrs = append(attrs, "stack", string(pe.Stack))
	}
	if outcome := Outcome(err); outcome == command.KindUser || outcome == command.KindUpstream {
		h.Log.WarnContext(ctx, "listener refused", attrs...)
		return
	}
	if h.Count != nil {
		h.Count("listener")
	}
	h.Log.ErrorContext(ctx, "listener failed", append(attrs, "ref", h.RefID())...)
}

// Outcome classifies err for logs and metrics: ok, user_error or
// upstream_error (answered, not a failure), timeout, panic or error.
func Outcome(err error) string {
	var pe *PanicError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &pe):
		return "panic"
	}
	if uf, ok := userFacing(err); ok {
		return uf.Kind()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "error"
}
