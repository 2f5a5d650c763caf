// Package moderation is the cog moderators run a server with: numbered
// cases, warnings that escalate and decay, kicks, bans and temporary bans,
// timeouts, purges, a modlog channel, per-guild configuration and a
// welcome message for new members.
//
// # Commands
//
//	warn <member> [points=1] [reason…]        warnings [member] [page]
//	unwarn <case> [reason…]  (delwarn)        case <n|#n>
//	kick <member> [reason…]                   reason <n|#n> <text…>
//	ban <user> [duration] [days:N] [reason…]  tempban <user> <duration> [days:N] [reason…]
//	unban <banned user> [reason…]             modlog [#channel] | modlog off
//	timeout <member> <duration> [reason…] (mute)
//	untimeout <member> [reason…]              purge <1-1000> [member]
//	massban <users…> [reason…]                confirm <code>   undo <code>
//	cases [member] [actions…] [since] [page:N]   (words in any order)
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
// # Arguments that could be misread
//
// On the prefix form an optional typed parameter normally leaves a word
// that is not of its kind to the next one. For the sanctions a word that
// looks like a mistyped value (“1h30”, “10mins”, “0s”, “3x”) is refused with
// the usage instead of becoming the reason, and a bare number after a
// ban's user is refused as ambiguous (7d is a 7-day ban, days:7 deletes 7
// days of messages; 0 to 7). The reply states the effect completely:
// "permanently" or "until <t:…:f> (1h30m)", messages deleted, points and
// total. A ban of a user banned for good is refused naming the case;
// unban finds the user in the guild's ban list (ID, mention or name).
// Nobody acts on a case about themselves (actorIsTarget).
//
// # Recorded before it acts
//
// Every action that changes Discord is recorded first, as a pending case
// (with a tempban's scheduled unban, in one transaction), then carried
// out, then marked done, or failed with Discord's reason (the moderator
// is told which: "I recorded case #5 but Discord refused the ban: …").
// When the record fails nothing is done on Discord. When Discord's answer
// is lost, Discord is asked (is the ban there?); when that fails too the
// case stays pending. Before each scheduler poll, the first one at
// start-up included, reconciliation resolves the cases pending for longer
// than two minutes against Discord. Case numbers stay gapless: a failed
// case keeps its number and shows as failed.
//
// # Side effects
//
// The target of a warn, timeout, kick or ban is told by DM (before a kick or
// ban, while a DM is still possible, and after its case is recorded;
// closed DMs are not an error), every
// case is posted to the modlog channel when one is set, and the command
// answers "Case #N: …".
//
// # Modlog
//
// Each case remembers its modlog entry: the message it was posted as and
// the names it showed (mod_case_entries). `reason`, `unwarn` and the end of
// a tempban edit that message in place through Discord.Edit (the output
// safety of Send); when it was deleted, a new entry is posted and
// remembered instead. `case` shows the names the entry showed. Nobody
// edits the reason of a case about themselves.
//
// `cases` searches: a member (mention, ID, member name, or the name a past
// case showed, for users who left), actions (plural too; mute is timeout),
// a duration for how far back (30d, since:2w) and a page (page:2 or a bare
// number up to 9999), in any order; words are read as a page, an action or
// a duration first, anything else names the member. Ten cases a page; the
// reply names the command for the next page. casesPage renders one page
// for a caseQuery, for page buttons.
//
// # Bulk actions
//
// `purge` and `massban` answer with a preview (what would be deleted or
// banned, counts, who is skipped and why: bots, higher roles, oneself, the
// bot, the owner, unknown users, existing bans) and a six-character code;
// nothing happens until the same moderator, in the same guild, runs
// `confirm <code>` within 60 seconds (the permission is checked again
// then). A massban bans through the normal case flow (one case each) and
// can be undone for 10 minutes with `undo <code>` (unban cases). A purge
// cannot be undone: its case is posted to the modlog with a transcript
// (author, time and content of every deleted message) attached. Codes
// live in memory (bounded, on the cog's clock); a restart forgets them.
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
