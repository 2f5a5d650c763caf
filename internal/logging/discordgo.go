package logging

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DiscordgoLogger returns a function to assign to discordgo.Logger that
// sends discordgo's messages to l with the attribute component=discordgo,
// at Error, Warn, Info or Debug for discordgo's LogError, LogWarning,
// LogInformational and LogDebug. The record's source is discordgo's call
// site. Bad format arguments are printed as fmt prints them (%!d(string=…))
// and never panic. l should come from New, so that the token is redacted;
// a nil l discards everything.
func DiscordgoLogger(l *slog.Logger) func(msgL, caller int, format string, a ...interface{}) {
	if l == nil {
		l = slog.New(slog.DiscardHandler)
	}
	l = l.With("component", "discordgo")
	return func(msgL, caller int, format string, a ...interface{}) {
		ctx := context.Background()
		level := slogLevel(msgL)
		if !l.Enabled(ctx, level) {
			return
		}
		var pcs [1]uintptr
		// Skip runtime.Callers and this function; caller counts from
		// discordgo's msglog, which called us.
		runtime.Callers(caller+2, pcs[:])
		msg := strings.TrimSpace(fmt.Sprintf(format, a...))
		_ = l.Handler().Handle(ctx, slog.NewRecord(time.Now(), level, msg, pcs[0]))
	}
}

// slogLevel maps a discordgo message level to a slog level.
func slogLevel(msgL int) slog.Level {
	switch {
	case msgL <= discordgo.LogError:
		return slog.LevelError
	case msgL == discordgo.LogWarning:
		return slog.LevelWarn
	case msgL == discordgo.LogInformational:
		return slog.LevelInfo
	}
	return slog.LevelDebug
}

// DiscordgoLevel returns the discordgo Session.LogLevel to use with our
// level l: LogInformational for debug, LogWarning for info and warn, and
// LogError for error.
//
// It never returns LogDebug: at that level discordgo logs the gateway
// identify payload, token included, and every raw gateway event. The
// redacting handler would catch the token, but it is better never to
// format it. Info maps to LogWarning because discordgo's informational
// messages are per-call tracing ("called"), which is debug detail for us.
func DiscordgoLevel(l slog.Level) int {
	switch {
	case l < slog.LevelInfo:
		return discordgo.LogInformational
	case l < slog.LevelError:
		return discordgo.LogWarning
	}
	return discordgo.LogError
}
