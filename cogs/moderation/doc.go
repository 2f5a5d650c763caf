// Package moderation is the cog moderators run a server with: numbered
// cases, warnings that escalate and decay, kicks, bans and temporary bans,
// timeouts, purges, a modlog channel, per-guild configuration and a
// welcome message for new members.
//
// # Commands
//
//	warn <member> [points=1] [reason…]        warnings [member] [page]
//	unwarn <case> [reason…]  (delwarn)        case <n>
//	kick <member> [reason…]                   reason <case> <text…>
//	ban <user> [duration] [delete_days] [reason…]
//	unban <user> [reason…]                    modlog [#channel] | modlog off
//	timeout <member> <duration> [reason…] (mute)
//	untimeout <member> [reason…]              purge <1-1000> [member]
//	config show
//	config prefix <p> | config prefix reset
//	config welcome #channel [message…] | config welcome off
//	config escalation <points> <timeout DURATION|kick|ban [DURATION]|off> | config escalation clear
//	config decay <days>
//
// Every command is guild-only and guarded by the Discord permissions the
// invoker and the bot need, so the framework refuses before anything runs.
// A guild's settings are read through a cache the cog refreshes when it
// writes them (changes made by another process show within a minute).
//
// # Safety
//
// Before any REST call that changes something, an action against a member
// is refused when the target is the invoker, the bot or the guild owner,
// when the invoker's highest role is not above the target's (the owner is
// exempt) and when the bot's is not. Reasons reach Discord's audit log in
// X-Audit-Log-Reason, URL-encoded (so a newline cannot break the request)
// and at most 512 characters. Every message leaves through
// the bot's Discord.Send, which forbids pings; names and reasons echoed in
// replies and embeds are escaped and bounded as well. Guilds, members and
// channels from the gateway state are copied under the state's lock before
// they are read (see snapshot.go).
//
// # Side effects
//
// The target of a warn, timeout, kick or ban is told by DM (before a kick or
// ban, while a DM is still possible; closed DMs are not an error), every
// case is posted to the modlog channel when one is set, and the command
// answers "Case #N: …".
//
// # Scheduler
//
// A temporary ban stores a scheduled unban. A background task registered
// in Setup polls the due actions (first when the cog starts, so actions that fell due while the
// bot was down run at start, then every Options.SchedulerEvery, sooner when
// an action falls due before the next poll) and runs them: a transient
// failure is retried with Options.Backoff, a permanent one (403) is
// recorded, and an unban Discord no longer knows (404 Unknown Ban) counts
// as done. Unloading the cog cancels the task and waits for it.
package moderation
