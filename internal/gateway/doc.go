// Package gateway connects cogd to Discord: one Shard per gateway
// connection, each a discordgo Session whose REST calls go to
// DISCORD_API_URL through a per-session transport (Rewriter) and whose
// websocket is watched frame by frame (Watch) for what discordgo keeps to
// itself: close codes, the heartbeat interval and ACK timing.
//
// The Shard's supervisor replaces discordgo's reconnect loop. It resumes
// after zombie connections (two heartbeat intervals without an ACK) by
// closing with 4000, which keeps the session resumable; it RESUMEs after
// INVALID_SESSION with d: true (discordgo would IDENTIFY) and waits the
// 1–5 s Discord asks for before the IDENTIFY after d: false; it reconnects
// on READY's resume_gateway_url (main URL when READY has none), which
// discordgo v0.29.0 ignores; it turns RECONNECT before READY into a failed
// attempt instead of discordgo's deadlock; and it stops on the close codes
// that no retry can fix (4004, 4010–4014), at start-up and on reconnects,
// with an error that names the fix. Preflight checks the token and
// privileged intents over REST before the first connection.
//
// With Options.Messages set, the watcher also drops MESSAGE_CREATE frames
// whose bytes prove that no command wants them (no prefix or mention of
// the bot at the start, or a bot author) before discordgo decodes them,
// storing their sequence number where discordgo keeps it so heartbeats
// and RESUME are unchanged; it is off while something wants every message.
//
// REST requests go through NewRESTClient's client: restpolicy's limits
// and retries over the rewriting transport.
package gateway
