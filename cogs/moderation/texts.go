package moderation

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// dmReasonLimit bounds the reason quoted in a DM.
const dmReasonLimit = 1500

// sanctionDM is the DM telling a member about a kick, ban or timeout.
func sanctionDM(g *discordgo.Guild, action modstore.Action, d time.Duration, reason string) *discordgo.MessageSend {
	server := "**" + bounded(g.Name, nameLimit) + "**"
	var text string
	switch action {
	case modstore.ActionKick:
		text = "You were kicked from " + server + "."
	case modstore.ActionTimeout:
		text = "You were timed out in " + server + " for " + command.FormatDuration(d) + "."
	case modstore.ActionTempban:
		text = "You were banned from " + server + " for " + command.FormatDuration(d) + "."
	default:
		text = "You were banned from " + server + "."
	}
	return &discordgo.MessageSend{Content: text + dmReason(reason)}
}

// warnDM is the DM telling a member about a warning and, when it reached
// a threshold, about the escalation that follows.
func warnDM(g *discordgo.Guild, w warnResult, step modstore.EscalationStep, escalates bool) *discordgo.MessageSend {
	text := fmt.Sprintf("You were warned in **%s** (case #%d, %s). You now have %s.",
		bounded(g.Name, nameLimit), w.Number, plural(w.Points, "point"), plural(w.after, "active warning point"))
	if escalates {
		text += fmt.Sprintf(" Reaching %s means %s.", plural(step.Points, "point"), stepText(step))
	}
	return &discordgo.MessageSend{Content: text + dmReason(w.Reason)}
}

// dmReason is the reason line of a DM, or nothing.
func dmReason(reason string) string {
	if reason == "" {
		return ""
	}
	return "\nReason: " + bounded(reason, dmReasonLimit)
}

// stepText describes an escalation step: "a 1h timeout", "a kick", "a ban",
// "a 7d ban".
func stepText(st modstore.EscalationStep) string {
	switch {
	case st.Action == modstore.ActionKick:
		return "a kick"
	case st.Duration > 0 && st.Action == modstore.ActionTimeout:
		return "a " + command.FormatDuration(st.Duration) + " timeout"
	case st.Duration > 0:
		return "a " + command.FormatDuration(st.Duration) + " ban"
	}
	return "a ban"
}

// plural renders "1 point", "3 points".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// dmNote is the reply's note when the target could not be told.
func dmNote(delivered bool) string {
	if delivered {
		return ""
	}
	return "I couldn't DM them"
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(notes ...string) string {
	var kept []string
	for _, n := range notes {
		if n != "" {
			kept = append(kept, n)
		}
	}
	return strings.Join(kept, "; ")
}

// actionNoun names what an action does on Discord, for "Discord refused
// the ban": "the ban", "the kick", …
func actionNoun(a modstore.Action) string {
	switch a {
	case modstore.ActionKick:
		return "the kick"
	case modstore.ActionBan, modstore.ActionTempban:
		return "the ban"
	case modstore.ActionUnban:
		return "the unban"
	case modstore.ActionTimeout:
		return "the timeout"
	case modstore.ActionUntimeout:
		return "the removal of the timeout"
	}
	return "the " + string(a)
}

// effect is how long an action's case lasts, as the reply states it:
// "permanently", "until <t:…:f>" or "".
func effect(c modstore.Case) string {
	switch {
	case c.Action == modstore.ActionBan:
		return "permanently"
	case !c.ExpiresAt.IsZero():
		return "until <t:" + strconv.FormatInt(c.ExpiresAt.Unix(), 10) + ":f>"
	}
	return ""
}

// deletedNote is "messages from the last 3 days deleted", or "".
func deletedNote(days int) string {
	switch days {
	case 0:
		return ""
	case 1:
		return "messages from the last day deleted"
	}
	return "messages from the last " + strconv.Itoa(days) + " days deleted"
}

// actionReply is the answer to a sanction, stating its effect completely:
// "Case #5: banned **bob** permanently.", "Case #6: temporarily banned
// **bob** until <t:…:f> (1h30m; messages from the last day deleted)."
// notes are added in the parentheses.
func actionReply(c modstore.Case, target *discordgo.User, notes ...string) string {
	text := fmt.Sprintf("Case #%d: %s", c.Number, describeAction(c.Action).verb)
	if target != nil {
		text += " **" + bounded(target.Username, nameLimit) + "**"
	}
	if e := effect(c); e != "" {
		text += " " + e
	}
	var lead []string
	if c.Duration > 0 {
		lead = append(lead, command.FormatDuration(c.Duration))
	}
	lead = append(lead, deletedNote(c.DeleteDays))
	if detail := joinNotes(append(lead, notes...)...); detail != "" {
		text += " (" + detail + ")"
	}
	return text + "."
}

// effectFields are the embed fields that complete a case's effect and
// state: a permanent ban says so, a ban that deleted messages says how
// many days, a failed case why it failed, a pending one that it is not
// confirmed yet.
func effectFields(c modstore.Case) []*discordgo.MessageEmbedField {
	var out []*discordgo.MessageEmbedField
	if c.Action == modstore.ActionBan {
		out = append(out, inline("Duration", "permanent"))
	}
	if c.DeleteDays > 0 {
		out = append(out, inline("Messages deleted", "last "+plural(c.DeleteDays, "day")))
	}
	switch c.State {
	case modstore.StateFailed:
		out = append(out, &discordgo.MessageEmbedField{Name: "Failed", Value: "Not carried out on Discord: " + bounded(c.Failure, nameLimit*3)})
	case modstore.StatePending:
		out = append(out, inline("State", "pending (not confirmed on Discord yet)"))
	}
	return out
}
