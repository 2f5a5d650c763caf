package moderation

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// Lengths the embeds bound user text to, in characters after escaping.
const (
	nameLimit   = 100
	reasonLimit = command.EmbedFieldValueLimit
)

// caseView is a case with the users it names, when known (nil: the embed
// shows a mention and the ID only).
type caseView struct {
	modstore.Case
	Target, Moderator *discordgo.User
	// now, when set, is the time the case is shown at: a timeout or
	// tempban that ended by then says "Ended" rather than "Expires".
	now time.Time
}

// actionInfo is how an action reads: the embed label, the reply's verb
// and the embed colour.
type actionInfo struct {
	label, verb string
	color       int
}

// describeAction returns the wording of an action.
func describeAction(a modstore.Action) actionInfo {
	switch a {
	case modstore.ActionWarn:
		return actionInfo{"Warn", "warned", 0xf1c40f}
	case modstore.ActionUnwarn:
		return actionInfo{"Warning revoked", "revoked a warning of", 0x95a5a6}
	case modstore.ActionKick:
		return actionInfo{"Kick", "kicked", 0xe67e22}
	case modstore.ActionBan:
		return actionInfo{"Ban", "banned", 0xe74c3c}
	case modstore.ActionTempban:
		return actionInfo{"Temporary ban", "temporarily banned", 0xe74c3c}
	case modstore.ActionUnban:
		return actionInfo{"Unban", "unbanned", 0x2ecc71}
	case modstore.ActionTimeout:
		return actionInfo{"Timeout", "timed out", 0xe67e22}
	case modstore.ActionUntimeout:
		return actionInfo{"Timeout removed", "removed the timeout of", 0x2ecc71}
	case modstore.ActionPurge:
		return actionInfo{"Purge", "purged messages", 0x3498db}
	}
	return actionInfo{string(a), string(a), 0x95a5a6}
}

// bounded escapes s for a message and keeps the result within n
// characters, shortening the text before escaping so that no escape is cut.
func bounded(s string, n int) string {
	for k := n; k > 0; k = k * 3 / 4 {
		if e := command.Escape(command.Truncate(s, k)); utf8.RuneCountInString(e) <= n {
			return e
		}
	}
	return ""
}

// mention is a user mention (it renders as a name and, in embeds and with
// cogd's allowed_mentions, never pings).
func mention(id string) string { return "<@" + id + ">" }

// userLabel names a user for an embed: "alice (<@id>)", or the mention
// and ID when only the ID is known.
func userLabel(u *discordgo.User, id string) string {
	switch {
	case id == "":
		return "—"
	case u == nil || u.Username == "":
		return mention(id) + " (" + id + ")"
	}
	return bounded(u.Username, nameLimit) + " (" + mention(id) + ")"
}

// timestamp renders t as a Discord timestamp in the reader's time zone,
// with its relative form: "<t:1700000000:f> (<t:1700000000:R>)".
func timestamp(t time.Time) string {
	u := strconv.FormatInt(t.Unix(), 10)
	return "<t:" + u + ":f> (<t:" + u + ":R>)"
}

// reasonText is the escaped, bounded reason, or a placeholder.
func reasonText(reason string) string {
	if reason == "" {
		return "No reason given."
	}
	return bounded(reason, reasonLimit)
}

// caseEmbed renders a case for the modlog and the case command.
func caseEmbed(v caseView) *discordgo.MessageEmbed {
	info := describeAction(v.Action)
	e := &discordgo.MessageEmbed{
		Title: fmt.Sprintf("Case #%d · %s", v.Number, info.label), Color: info.color,
		Timestamp: v.CreatedAt.UTC().Format(time.RFC3339),
	}
	if v.TargetID != "" {
		e.Fields = append(e.Fields, inline("Member", userLabel(v.Target, v.TargetID)))
	}
	e.Fields = append(e.Fields, inline("Moderator", userLabel(v.Moderator, v.ModeratorID)))
	e.Fields = append(e.Fields, caseDetails(v)...)
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Reason", Value: reasonText(v.Reason)})
	return command.FitEmbed(e)
}

// caseDetails are the optional fields of a case: points, duration,
// expiry (or end), revocation and edit.
func caseDetails(v caseView) []*discordgo.MessageEmbedField {
	c := v.Case
	var out []*discordgo.MessageEmbedField
	if c.Action == modstore.ActionWarn {
		out = append(out, inline("Points", strconv.Itoa(c.Points)))
	}
	if c.Duration > 0 {
		out = append(out, inline("Duration", command.FormatDuration(c.Duration)))
	}
	out = append(out, effectFields(c)...)
	if !c.ExpiresAt.IsZero() {
		label := "Expires"
		if !v.now.IsZero() && !v.now.Before(c.ExpiresAt) {
			label = "Ended"
		}
		out = append(out, inline(label, timestamp(c.ExpiresAt)))
	}
	if c.Revoked() {
		out = append(out, inline("Revoked", "by "+mention(c.RevokedBy)+" "+timestamp(c.RevokedAt)))
	}
	if !c.EditedAt.IsZero() {
		out = append(out, inline("Reason edited", "by "+mention(c.EditedBy)+" "+timestamp(c.EditedAt)))
	}
	return out
}

// inline is an inline embed field.
func inline(name, value string) *discordgo.MessageEmbedField {
	return &discordgo.MessageEmbedField{Name: name, Value: value, Inline: true}
}

// caseReply is the answer to an action: "Case #N: warned alice." plus an
// optional detail in parentheses.
func caseReply(c modstore.Case, target *discordgo.User, detail string) string {
	text := fmt.Sprintf("Case #%d: %s", c.Number, describeAction(c.Action).verb)
	if target != nil {
		text += " **" + bounded(target.Username, nameLimit) + "**"
	}
	if detail != "" {
		text += " (" + detail + ")"
	}
	return text + "."
}
