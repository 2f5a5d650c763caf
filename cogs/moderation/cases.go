package moderation

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// postPermissions are what the bot needs in a channel to post case or
// welcome embeds there.
const postPermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks

// caseNumberParam is a case number as the bot writes it ("#12") or as a
// bare number ("12").
func caseNumberParam(name, description string) *command.Arg[int64] {
	return command.Custom(name, description, parseCaseNumber).Kind("case number")
}

// parseCaseNumber reads "12" or "#12".
func parseCaseNumber(_ context.Context, _ *command.Context, arg string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || n < 1 || strings.HasPrefix(arg, "#+") || strings.HasPrefix(arg, "+") {
		return 0, command.BadArgument("is not a case number (like 12 or #12)")
	}
	return n, nil
}

// caseNumber is the value of a caseNumberParam.
func caseNumber(cx *command.Context, name string) int64 {
	n, _ := command.Value[int64](cx, name)
	return n
}

// showCase answers `case <n>`, showing the names the case's modlog entry
// showed.
func showCase(ctx context.Context, s *service, cx *command.Context) error {
	n := caseNumber(cx, "number")
	c, err := s.store.Case(ctx, cx.GuildID(), n)
	if err != nil {
		return caseError(err, n)
	}
	v, _, err := s.caseView(ctx, c)
	if err != nil {
		return err
	}
	return cx.ReplyEmbed(ctx, caseEmbed(v))
}

// editReason answers `reason <case> <text…>`: the case's moderator may
// edit it, and anyone with Manage Server; automatic cases are open to
// every moderator; nobody edits a case about themselves. The case's
// modlog entry is edited in place.
func editReason(ctx context.Context, s *service, cx *command.Context) error {
	n := caseNumber(cx, "case")
	c, err := s.store.Case(ctx, cx.GuildID(), n)
	if err != nil {
		return caseError(err, n)
	}
	if err := s.mayEdit(ctx, cx, c); err != nil {
		return err
	}
	if c, err = s.store.UpdateReason(ctx, cx.GuildID(), n, cx.String("text"), cx.Author().ID); err != nil {
		return caseError(err, n)
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	s.modlogUpdate(ctx, set, c)
	return cx.Reply(ctx, fmt.Sprintf("Case #%d: reason updated.", c.Number))
}

// mayEdit refuses the case's target, then allows the case's moderator,
// anyone for the bot's cases, and members with Manage Server.
func (s *service) mayEdit(ctx context.Context, cx *command.Context, c modstore.Case) error {
	if err := actorIsTarget(c, cx.Author().ID); err != nil {
		return err
	}
	if c.ModeratorID == cx.Author().ID || c.ModeratorID == s.me().ID {
		return nil
	}
	perms, err := cx.AuthorPermissions(ctx, s.now())
	if err != nil {
		return err
	}
	if perms&permGuild == 0 {
		return command.Errorf("Case #%d is another moderator's; editing it needs Manage Server.", c.Number)
	}
	return nil
}

// setModlog answers `modlog [#channel]`: shows or sets the modlog channel.
func setModlog(ctx context.Context, s *service, cx *command.Context) error {
	if ch := cx.Channel("channel"); ch != nil {
		if err := s.canPost(ctx, cx.GuildID(), ch); err != nil {
			return err
		}
		return s.saveModlog(ctx, cx, ch.ID, "Cases will be posted to "+channelMention(ch.ID)+".")
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	if set.ModlogChannelID == "" {
		return cx.Reply(ctx, "The modlog is off. Set it with `"+cx.Prefix+"modlog #channel`.")
	}
	return cx.Reply(ctx, "Cases are posted to "+channelMention(set.ModlogChannelID)+".")
}

// modlogOff answers `modlog off`.
func modlogOff(ctx context.Context, s *service, cx *command.Context) error {
	return s.saveModlog(ctx, cx, "", "The modlog is off.")
}

// saveModlog stores the modlog channel and answers.
func (s *service) saveModlog(ctx context.Context, cx *command.Context, channelID, answer string) error {
	return s.configure(ctx, cx, answer, func(set *modstore.Settings) error {
		set.ModlogChannelID = channelID
		return nil
	})
}

// canPost refuses a channel the bot cannot post embeds in.
func (s *service) canPost(ctx context.Context, guildID string, ch *discordgo.Channel) error {
	g, err := s.guild(ctx, guildID)
	if err != nil {
		return err
	}
	me, err := s.botMember(ctx, guildID)
	if err != nil {
		return err
	}
	if missing := postPermissions &^ command.ComputePermissions(g, ch, me, s.now()); missing != 0 {
		return &command.UserError{Msg: fmt.Sprintf("I can't post in %s: I need %s there.", channelMention(ch.ID), strings.Join(command.PermissionNames(missing), ", "))}
	}
	return nil
}

// channelMention is a channel mention.
func channelMention(id string) string { return "<#" + id + ">" }
