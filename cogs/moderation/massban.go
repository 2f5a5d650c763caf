package moderation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// Massban limits.
const (
	// maxMassban is the most users one massban takes.
	maxMassban = 100
	// previewUsers is how many users a preview list shows.
	previewUsers = 20
)

// massbanColor is the colour of massban previews.
const massbanColor = 0xe74c3c

// skippedUser is a user a massban leaves alone, and why.
type skippedUser struct {
	label, why string
}

// massbanPlan is a previewed massban.
type massbanPlan struct {
	guildID   string
	moderator *discordgo.User
	reason    string
	// prefix is the prefix the preview was asked with, for the undo line.
	prefix  string
	ban     []*discordgo.User
	skipped []skippedUser
}

var _ bulkAction = (*massbanPlan)(nil)

// permission is Ban Members.
func (p *massbanPlan) permission() int64 { return permBan }

// massbanTargetsParam is the users of a massban: mentions, IDs (of users
// in the server or not) and exact member names; the first word that is
// none of these starts the reason.
func massbanTargetsParam() command.Param {
	return command.Custom("users", "who to ban: mentions, IDs or member names", convertBanTarget).Kind("user").Greedy()
}

// convertBanTarget reads a mention or an ID as is (checked in the
// preview), and a name as the one member with exactly that username,
// global name or nickname.
func convertBanTarget(ctx context.Context, cx *command.Context, arg string) (string, error) {
	if id, ok := userMentionID(arg); ok {
		return id, nil
	}
	if len(arg) < 2 {
		return "", command.BadArgument("is not a user")
	}
	found, err := cx.Discord.SearchMembers(ctx, cx.GuildID(), arg, 10)
	if err != nil {
		return "", fmt.Errorf("search members: %w", err)
	}
	match := namedExactly(found, arg)
	if len(match) != 1 {
		return "", command.BadArgument("is not one member's name")
	}
	return match[0], nil
}

// userMentionID is the ID of "<@id>", "<@!id>" or a bare ID.
func userMentionID(arg string) (string, bool) {
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(arg, "<@"), "!"), ">")
	if id != arg && !(strings.HasPrefix(arg, "<@") && strings.HasSuffix(arg, ">")) {
		return "", false
	}
	if len(id) < 15 || len(id) > 21 {
		return "", false
	}
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return "", false
	}
	return id, true
}

// massban answers `massban <users…> [reason…]` with a preview: who would
// be banned, who is skipped and why, and the code that confirms it.
func massban(ctx context.Context, s *service, cx *command.Context) error {
	ids := dedupe(command.Values[string](cx, "users"))
	if len(ids) > maxMassban {
		return command.Errorf("A massban takes at most %d users; you gave %d.", maxMassban, len(ids))
	}
	p, err := s.planMassban(ctx, cx, ids)
	if err != nil {
		return err
	}
	if len(p.ban) == 0 {
		return cx.ReplyEmbed(ctx, p.preview())
	}
	code, _ := s.bulk.confirms.add(p.guildID, p.moderator.ID, p)
	_, err = cx.Respond(ctx, &discordgo.MessageSend{Content: confirmLine(cx, code), Components: previewButtons(cx, code),
		Embeds: []*discordgo.MessageEmbed{p.preview()}})
	return err
}

// dedupe keeps the first of each ID.
func dedupe(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// planMassban sorts the users into those to ban and those skipped.
func (s *service) planMassban(ctx context.Context, cx *command.Context, ids []string) (*massbanPlan, error) {
	p := &massbanPlan{guildID: cx.GuildID(), moderator: cx.Author(), reason: cx.String("reason"), prefix: cx.Prefix}
	base, err := s.resolve(ctx, cx, cx.Author(), cx.Origin.Member)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		u, why, err := s.banCheck(ctx, base, id)
		if err != nil {
			return nil, err
		}
		if why != "" {
			p.skipped = append(p.skipped, skippedUser{label: userLabel(u, id), why: why})
			continue
		}
		p.ban = append(p.ban, u)
	}
	return p, nil
}

// banCheck says why the user may not be massbanned ("" when they may);
// base holds the guild, the moderator and the bot.
func (s *service) banCheck(ctx context.Context, base parties, id string) (*discordgo.User, string, error) {
	u, err := s.discord.User(ctx, id)
	if errors.Is(err, command.ErrNotFound) {
		return nil, "unknown user", nil
	}
	if err != nil {
		return nil, "", err
	}
	switch {
	case id == base.moderator.User.ID:
		return u, "that's you", nil
	case id == base.bot.User.ID:
		return u, "that's me", nil
	case id == base.guild.OwnerID:
		return u, "server owner", nil
	case u.Bot:
		return u, "a bot", nil
	}
	m, err := s.memberOrNil(ctx, base.guild.ID, id)
	if err != nil {
		return nil, "", err
	}
	switch {
	case m != nil && !outranks(base.guild, base.moderator, m):
		return u, "highest role not below yours", nil
	case m != nil && !outranks(base.guild, base.bot, m):
		return u, "highest role not below mine", nil
	}
	banned, err := s.isBanned(ctx, base.guild.ID, id)
	if banned {
		return u, "already banned", err
	}
	return u, "", err
}

// isBanned reports whether Discord has a ban of the user.
func (s *service) isBanned(ctx context.Context, guildID, userID string) (bool, error) {
	_, err := s.rest.GuildBan(guildID, userID, discordgo.WithContext(ctx))
	if status, _ := restError(err); status == http.StatusNotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("ban of %s: %w", userID, err)
	}
	return true, nil
}

// preview renders the massban preview.
func (p *massbanPlan) preview() *discordgo.MessageEmbed {
	desc := fmt.Sprintf("Would ban **%s** permanently (no messages deleted).\nReason: %s", plural(len(p.ban), "user"), reasonText(p.reason))
	if len(p.ban) == 0 {
		desc = "Nobody to ban: every user given is skipped."
	} else {
		desc += "\nThe bans can be undone for 10 minutes after you confirm."
	}
	e := &discordgo.MessageEmbed{Title: "Massban preview", Color: massbanColor, Description: desc}
	if len(p.ban) > 0 {
		labels := make([]string, len(p.ban))
		for i, u := range p.ban {
			labels[i] = userLabel(u, u.ID)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: fmt.Sprintf("To ban (%d)", len(p.ban)), Value: listLines(labels)})
	}
	if len(p.skipped) > 0 {
		lines := make([]string, len(p.skipped))
		for i, sk := range p.skipped {
			lines[i] = sk.label + " — " + sk.why
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: fmt.Sprintf("Skipped (%d)", len(p.skipped)), Value: listLines(lines)})
	}
	return command.FitEmbed(e)
}

// listLines joins at most previewUsers lines, as many as fit in an embed
// field, and counts the rest.
func listLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		more := fmt.Sprintf("\n… and %d more", len(lines)-i)
		if i == previewUsers || utf8.RuneCountInString(b.String())+1+utf8.RuneCountInString(l)+len(more) > command.EmbedFieldValueLimit {
			return strings.TrimPrefix(b.String()+more, "\n")
		}
		b.WriteString("\n" + l)
	}
	return strings.TrimPrefix(b.String(), "\n")
}

// run bans the previewed users, one case each, and keeps what it banned
// for undo.
func (p *massbanPlan) run(ctx context.Context, s *service) (string, error) {
	set, err := s.settings(ctx, p.guildID)
	if err != nil {
		return "", err
	}
	done := &massbanDone{guildID: p.guildID, moderator: p.moderator}
	var failed []string
	for _, u := range p.ban {
		res, err := s.apply(ctx, set, sanction{action: modstore.ActionBan, target: u, moderator: p.moderator, reason: p.reason})
		if err != nil {
			s.log.Warn("massban: ban failed", "guild", p.guildID, "user", u.ID, "err", err)
			failed = append(failed, bounded(u.Username, nameLimit))
			continue
		}
		done.users, done.cases = append(done.users, u), append(done.cases, res.Number)
	}
	return done.answer(s, p.prefix, failed), nil
}

// massbanDone is what a massban banned: it can be undone.
type massbanDone struct {
	guildID   string
	moderator *discordgo.User
	users     []*discordgo.User
	cases     []int64
}

var _ undoable = (*massbanDone)(nil)

// permission is Ban Members.
func (d *massbanDone) permission() int64 { return permBan }

// answer reports the massban and, when it banned anyone, the undo code.
func (d *massbanDone) answer(s *service, prefix string, failed []string) string {
	text := fmt.Sprintf("Banned %s", plural(len(d.users), "user"))
	if len(d.cases) > 0 {
		text += " (" + caseList(d.cases) + ")"
	}
	text += "."
	if len(failed) > 0 {
		text += fmt.Sprintf(" Discord refused %d: %s.", len(failed), strings.Join(failed, ", "))
	}
	if len(d.users) > 0 {
		code, _ := s.bulk.undos.add(d.guildID, d.moderator.ID, d)
		text += " To lift these bans within 10 minutes: `" + prefix + "undo " + code + "`."
	}
	return text
}

// undo lifts the massban's bans, one unban case each; a ban lifted
// meanwhile is left out.
func (d *massbanDone) undo(ctx context.Context, s *service) (string, error) {
	set, err := s.settings(ctx, d.guildID)
	if err != nil {
		return "", err
	}
	var cases []int64
	var gone, failed int
	for _, u := range d.users {
		res, err := s.apply(ctx, set, sanction{action: modstore.ActionUnban, target: u, moderator: d.moderator,
			reason: "Undo of massban " + caseList(d.cases) + "."})
		if status, code := restError(err); status == http.StatusNotFound && code == discordgo.ErrCodeUnknownBan {
			gone++
			continue
		}
		if err != nil {
			s.log.Warn("massban undo: unban failed", "guild", d.guildID, "user", u.ID, "err", err)
			failed++
			continue
		}
		cases = append(cases, res.Number)
	}
	return undoAnswer(cases, gone, failed), nil
}

// undoAnswer reports an undo.
func undoAnswer(cases []int64, gone, failed int) string {
	text := "Unbanned " + plural(len(cases), "user")
	if len(cases) > 0 {
		text += " (" + caseList(cases) + ")"
	}
	text += "."
	if gone > 0 {
		text += fmt.Sprintf(" %d no longer banned.", gone)
	}
	if failed > 0 {
		text += fmt.Sprintf(" Discord refused %d; unban them by hand.", failed)
	}
	return text
}

// caseList is "case #5", "cases #5–#7" for consecutive numbers, else
// "cases #5, #7, #9".
func caseList(ns []int64) string {
	if len(ns) == 1 {
		return fmt.Sprintf("case #%d", ns[0])
	}
	consecutive := true
	for i := 1; i < len(ns); i++ {
		consecutive = consecutive && ns[i] == ns[i-1]+1
	}
	if consecutive {
		return fmt.Sprintf("cases #%d–#%d", ns[0], ns[len(ns)-1])
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = "#" + strconv.FormatInt(n, 10)
	}
	return "cases " + strings.Join(parts, ", ")
}
