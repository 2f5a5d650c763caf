package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// ErrorHandler is the one place where errors become replies. Typed errors
// from the command package are answered with a specific message and are
// not failures; anything else is logged with a reference ID that the user
// sees, so the owner can find it.
type ErrorHandler struct {
	Log   *slog.Logger
	RefID func() string
}

// Handle answers the invoker of c for err.
func (h *ErrorHandler) Handle(ctx context.Context, c *command.Context, err error) {
	if errors.Is(err, command.ErrSilent) {
		return
	}
	text, failure := h.message(c, err)
	if failure {
		ref := h.RefID()
		h.logFailure(ctx, c, err, ref)
		text = fmt.Sprintf("Something went wrong on my side (reference `%s`). The bot owner can look it up in the logs.", ref)
		if errors.Is(err, context.DeadlineExceeded) {
			text = fmt.Sprintf("That took too long and was stopped (reference `%s`).", ref)
		}
	}
	reply := context.WithoutCancel(ctx)
	reply, cancel := context.WithTimeout(reply, 10*time.Second)
	defer cancel()
	if rerr := c.Reply(reply, text); rerr != nil {
		h.Log.Warn("could not send error reply", "channel", c.Message.ChannelID, "err", rerr)
	}
}

// message maps err to the user's reply; failure is true for errors that
// are the bot's fault rather than the user's.
func (h *ErrorHandler) message(c *command.Context, err error) (string, bool) {
	if text, ok := usageMessage(c, err); ok {
		return text, false
	}
	if text, ok := checkMessage(c, err); ok {
		return text, false
	}
	if text, ok := discordMessage(err); ok {
		return text, false
	}
	return "", true
}

// usageMessage covers unknown commands and bad input.
func usageMessage(c *command.Context, err error) (string, bool) {
	var nf *command.NotFoundError
	var ue *command.UsageError
	var ce *command.ConversionError
	switch {
	case errors.As(err, &nf):
		return notFoundText(c.Prefix, nf), true
	case errors.As(err, &ue):
		return withUsage(c, ue.Error()), true
	case errors.As(err, &ce):
		return withUsage(c, ce.Error()), true
	}
	return "", false
}

func notFoundText(prefix string, nf *command.NotFoundError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "I don't know the command “%s”.", command.Escape(command.Truncate(nf.Name, 40)))
	if len(nf.Suggestions) > 0 {
		fmt.Fprintf(&b, " Did you mean `%s%s`?", prefix, nf.Suggestions[0])
	}
	fmt.Fprintf(&b, " Type `%shelp` for the list of commands.", prefix)
	return b.String()
}

func withUsage(c *command.Context, text string) string {
	if c.Command == nil {
		return text
	}
	return fmt.Sprintf("%s\nUsage: `%s` — see `%shelp %s`.", text, c.Command.Usage(c.Prefix), c.Prefix, c.Command.QualifiedName())
}

// checkMessage covers failed checks: permissions, owner, guild only,
// cooldowns and errors written for the user.
func checkMessage(c *command.Context, err error) (string, bool) {
	var mp *command.MissingPermissionsError
	var bp *command.BotMissingPermissionsError
	var ck *command.CheckError
	var cd *command.CooldownError
	var ue *command.UserError
	switch {
	case errors.As(err, &mp), errors.As(err, &bp), errors.As(err, &ck), errors.As(err, &ue):
		return err.Error(), true
	case errors.As(err, &cd):
		return fmt.Sprintf("Slow down: you can use `%s%s` again in %s.", c.Prefix, c.Command.QualifiedName(), command.FormatRetry(cd.RetryAfter)), true
	}
	return "", false
}

// discordMessage covers Discord refusing an action for lack of permission.
func discordMessage(err error) (string, bool) {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return "", false
	}
	if re.Response.StatusCode == http.StatusForbidden {
		return "Discord refused: I don't have the permission for that here. Check my role's permissions and position.", true
	}
	return "", false
}

func (h *ErrorHandler) logFailure(ctx context.Context, c *command.Context, err error, ref string) {
	attrs := []any{"ref", ref, "err", err, "guild", c.Message.GuildID, "channel", c.Message.ChannelID,
		"user", c.Message.Author.ID}
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
	if Outcome(err) == "user_error" {
		h.Log.WarnContext(ctx, "listener refused", attrs...)
		return
	}
	h.Log.ErrorContext(ctx, "listener failed", append(attrs, "ref", h.RefID())...)
}

// Outcome classifies err for logs and metrics: ok, user_error (answered,
// not a failure), timeout, panic or error.
func Outcome(err error) string {
	var pe *PanicError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &pe):
		return "panic"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case isUserError(err):
		return "user_error"
	}
	return "error"
}

// isUserError reports whether err is one of the command package's typed
// errors, which are answered rather than logged as failures.
func isUserError(err error) bool {
	var (
		nf *command.NotFoundError
		ue *command.UsageError
		ce *command.ConversionError
		mp *command.MissingPermissionsError
		bp *command.BotMissingPermissionsError
		ck *command.CheckError
		cd *command.CooldownError
		us *command.UserError
	)
	return errors.Is(err, command.ErrSilent) || errors.As(err, &nf) || errors.As(err, &ue) ||
		errors.As(err, &ce) || errors.As(err, &mp) || errors.As(err, &bp) || errors.As(err, &ck) ||
		errors.As(err, &cd) || errors.As(err, &us)
}
