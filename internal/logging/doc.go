// Package logging builds cogd's slog logger and keeps secrets out of it.
//
// New returns a text or JSON logger writing to stderr or an append-only log
// file, wrapped in a RedactHandler. The RedactHandler replaces configured
// secrets (the bot token, with and without its "Bot " prefix, and the
// database password), anything shaped like a Discord bot token and the
// values of Authorization headers with "[REDACTED]", wherever they appear:
// in the message, in string attributes, in groups, in errors' texts and in
// fmt.Stringer and other values.
//
// DiscordgoLogger bridges discordgo's logging into slog, and DiscordgoLevel
// picks the discordgo log level that never prints the identify payload.
// NewRefID makes the short reference IDs shown to users next to an error
// and logged with it.
package logging
