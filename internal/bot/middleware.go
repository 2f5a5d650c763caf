package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"cogd/internal/command"
)

// PanicError is a panic recovered from a command or listener.
type PanicError struct {
	Value any
	Stack []byte
}

// Error describes the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// recovered runs fn and turns a panic into a *PanicError.
func recovered(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return fn()
}

// Recover is the outermost command middleware: a panic becomes an error
// for the ErrorHandler and the bot keeps serving.
func Recover(next command.RunFunc) command.RunFunc {
	return func(ctx context.Context, c *command.Context) error {
		return recovered(func() error { return next(ctx, c) })
	}
}

// CommandObserver records finished commands (the metrics).
type CommandObserver interface {
	CommandDone(name, outcome string, d time.Duration)
}

// Instrument returns a middleware that logs every command run once, with
// where, who, what, how long and how it ended, and records it in m.
func Instrument(log *slog.Logger, m CommandObserver) command.Middleware {
	return func(next command.RunFunc) command.RunFunc {
		return func(ctx context.Context, c *command.Context) error {
			start := time.Now()
			err := next(ctx, c)
			d, outcome := time.Since(start), Outcome(err)
			m.CommandDone(c.Command.QualifiedName(), outcome, d)
			log.LogAttrs(ctx, slog.LevelInfo, "command",
				slog.String("guild", c.GuildID()),
				slog.Int("shard", c.Shard),
				slog.String("channel", c.ChannelID()),
				slog.String("user", authorID(c)),
				slog.String("command", c.Command.QualifiedName()),
				slog.Duration("duration", d),
				slog.String("outcome", outcome))
			return err
		}
	}
}

func authorID(c *command.Context) string {
	if a := c.Author(); a != nil {
		return a.ID
	}
	return ""
}
