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

// untilNote is "for 1h, until <t:…:f>" for a case that expires.
func untilNote(c modstore.Case) string {
	if c.ExpiresAt.IsZero() {
		return ""
	}
	return "for " + command.FormatDuration(c.Duration) + ", until <t:" + strconv.FormatInt(c.ExpiresAt.Unix(), 10) + ":f>"
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
