package utility

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// maxListedRoles bounds the roles userinfo lists.
const maxListedRoles = 10

// avatarSize is the image size avatar links ask for.
const avatarSize = "1024"

// userinfo declares userinfo.
func (c *Cog) userinfo() *command.Command {
	return &command.Command{
		Name:        "userinfo",
		Aliases:     []string{"ui", "memberinfo"},
		Description: "Shows a member's names, account age, join date, top roles and boost status.",
		Examples:    []string{"userinfo", "userinfo @alice"},
		Params:      []command.Param{command.Member("member", "who to describe (default: you)").Optional(nil)},
		Run:         c.runUserinfo,
	}
}

// runUserinfo describes the member given, or the caller. In a DM there is
// no member, only the caller's account.
func (c *Cog) runUserinfo(ctx context.Context, cx *command.Context) error {
	if cx.GuildID() == "" {
		return cx.ReplyEmbed(ctx, userEmbed(cx.Author()))
	}
	m := cx.Member("member")
	if m == nil {
		var err error
		if m, err = c.discord.Member(ctx, cx.GuildID(), cx.Author().ID); err != nil {
			return fmt.Errorf("userinfo: %w", err)
		}
	}
	return c.replyMember(ctx, cx, m)
}

// replyMember answers with memberEmbed of m.
func (c *Cog) replyMember(ctx context.Context, cx *command.Context, m *discordgo.Member) error {
	if m.User == nil {
		return fmt.Errorf("userinfo: member without user")
	}
	g, err := c.discord.Guild(ctx, cx.GuildID())
	if err != nil {
		return fmt.Errorf("userinfo: %w", err)
	}
	return cx.ReplyEmbed(ctx, memberEmbed(m, g.Roles))
}

// userEmbed describes an account without a server.
func userEmbed(u *discordgo.User) *discordgo.MessageEmbed {
	fields := []*discordgo.MessageEmbedField{
		inline("Username", command.Escape(u.Username)),
		inline("Global name", orDash(u.GlobalName)),
		inline("ID", u.ID),
		inline("Account created", snowflakeTime(u.ID)),
	}
	return command.FitEmbed(&discordgo.MessageEmbed{
		Title:     command.Escape(u.Username),
		Thumbnail: &discordgo.MessageEmbedThumbnail{URL: u.AvatarURL(avatarSize)},
		Fields:    append(fields, botField(u)...),
	})
}

// memberEmbed describes a member: the account, then the membership. roles
// are the guild's roles, to rank and colour the member's.
func memberEmbed(m *discordgo.Member, roles []*discordgo.Role) *discordgo.MessageEmbed {
	held := memberRoles(m, roles)
	fields := []*discordgo.MessageEmbedField{
		inline("Username", command.Escape(m.User.Username)),
		inline("Global name", orDash(m.User.GlobalName)),
		inline("Nickname", orDash(m.Nick)),
		inline("ID", m.User.ID),
		inline("Account created", snowflakeTime(m.User.ID)),
		inline("Joined server", timestamp(m.JoinedAt)),
		inline("Boosting", boosting(m.PremiumSince)),
	}
	fields = append(fields, botField(m.User)...)
	fields = append(fields, &discordgo.MessageEmbedField{Name: fmt.Sprintf("Roles (%d)", len(held)), Value: roleList(held)})
	return command.FitEmbed(&discordgo.MessageEmbed{
		Title:     command.Escape(m.User.Username),
		Color:     roleColour(held),
		Thumbnail: &discordgo.MessageEmbedThumbnail{URL: m.User.AvatarURL(avatarSize)},
		Fields:    fields,
	})
}

// botField marks bot accounts.
func botField(u *discordgo.User) []*discordgo.MessageEmbedField {
	if !u.Bot {
		return nil
	}
	return []*discordgo.MessageEmbedField{inline("Bot", "Yes")}
}

// memberRoles returns the guild roles m holds, highest first.
func memberRoles(m *discordgo.Member, roles []*discordgo.Role) []*discordgo.Role {
	var held []*discordgo.Role
	for _, r := range roles {
		if slices.Contains(m.Roles, r.ID) {
			held = append(held, r)
		}
	}
	slices.SortFunc(held, func(a, b *discordgo.Role) int {
		if c := cmp.Compare(b.Position, a.Position); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return held
}

// roleList mentions up to maxListedRoles roles (mentions in embeds never
// ping) and counts the rest.
func roleList(roles []*discordgo.Role) string {
	if len(roles) == 0 {
		return "None"
	}
	shown := roles[:min(len(roles), maxListedRoles)]
	parts := make([]string, len(shown))
	for i, r := range shown {
		parts[i] = "<@&" + r.ID + ">"
	}
	s := strings.Join(parts, " ")
	if more := len(roles) - len(shown); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// roleColour is the colour of the highest coloured role, as Discord shows names.
func roleColour(roles []*discordgo.Role) int {
	for _, r := range roles {
		if r.Color != 0 {
			return r.Color
		}
	}
	return 0
}

// boosting says since when a member boosts the server.
func boosting(since *time.Time) string {
	if since == nil || since.IsZero() {
		return "No"
	}
	return "Since " + timestamp(*since)
}

// orDash escapes s, or returns "—" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return command.Escape(s)
}

// timestamp renders t as a Discord timestamp, shown in each reader's own
// zone: the date, then how long ago.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return "Unknown"
	}
	unix := strconv.FormatInt(t.Unix(), 10)
	return "<t:" + unix + ":D> (<t:" + unix + ":R>)"
}

// snowflakeTime renders the creation time encoded in a Discord ID.
func snowflakeTime(id string) string {
	t, err := discordgo.SnowflakeTimestamp(id)
	if err != nil {
		return "Unknown"
	}
	return timestamp(t)
}

// avatar declares avatar.
func (c *Cog) avatar() *command.Command {
	return &command.Command{
		Name:        "avatar",
		Aliases:     []string{"av", "pfp"},
		Description: "Shows a user's avatar in full size.",
		Examples:    []string{"avatar", "avatar @alice"},
		Params:      []command.Param{command.User("user", "whose avatar (default: yours)").Optional(nil)},
		Run:         runAvatar,
	}
}

// runAvatar shows the avatar of the user given, or the caller's.
func runAvatar(ctx context.Context, cx *command.Context) error {
	u := cx.User("user")
	if u == nil {
		u = cx.Author()
	}
	return cx.ReplyEmbed(ctx, avatarEmbed(u))
}

// avatarEmbed shows u's avatar, or the default one Discord gives accounts
// without an avatar.
func avatarEmbed(u *discordgo.User) *discordgo.MessageEmbed {
	url := u.AvatarURL(avatarSize)
	return command.FitEmbed(&discordgo.MessageEmbed{
		Title:       "Avatar of " + command.Escape(u.Username),
		Description: "[Open the image](" + url + ")",
		Image:       &discordgo.MessageEmbedImage{URL: url},
	})
}
